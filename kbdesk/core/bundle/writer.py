"""Writing a bundle atomically, within the same limits a reader enforces."""

from __future__ import annotations

import contextlib
import logging
import os
import stat
import tempfile
import uuid
import zipfile
import zlib
from collections.abc import Mapping, Sequence
from datetime import UTC, datetime
from pathlib import Path

from kbdesk import __version__
from kbdesk.core.bundle.format import (
    ATTACHMENTS_PREFIX,
    CORE_MEMBERS,
    DEFAULT_LIMITS,
    DIAGNOSTICS_PREFIX,
    FORMAT_NAME,
    FORMAT_VERSION,
    MANIFEST_NAME,
    TICKET_JSON,
    TICKET_MD,
    TRAIL_JSON,
    BundleInfo,
    BundleItem,
    BundleLimits,
    FinalScan,
    SourceRevision,
    file_sha256,
    json_bytes,
    sha256_hex,
)
from kbdesk.core.bundle.names import DIAGNOSTIC_NAME, dedupe_name, name_key, name_problem, safe_attachment_name
from kbdesk.core.bundle.schema import json_depth
from kbdesk.core.bundle.ticket import Ticket, render_ticket_markdown
from kbdesk.core.errors import BundleError
from kbdesk.core.fsutil import fsync_dir

log = logging.getLogger(__name__)


# --------------------------------------------------------------------------- writing


def _utc_timestamp(moment: datetime | None) -> tuple[str, tuple[int, int, int, int, int, int]]:
    moment = (moment or datetime.now(UTC)).astimezone(UTC)
    stamp = moment.strftime("%Y-%m-%dT%H:%M:%SZ")
    # zip timestamps cannot be before 1980
    year = max(moment.year, 1980)
    return stamp, (year, moment.month, moment.day, moment.hour, moment.minute, moment.second)


def _plan_items(
    items: Sequence[BundleItem], limits: BundleLimits
) -> tuple[list[tuple[str, bytes]], list[tuple[str, str]]]:
    planned: list[tuple[str, bytes]] = []
    renamed: list[tuple[str, str]] = []
    seen_requested: set[str] = set()
    taken: set[str] = {name_key(n) for n in (MANIFEST_NAME, *CORE_MEMBERS)}
    for item in items:
        if not isinstance(item, BundleItem):
            raise BundleError(f"bundle items must be BundleItem, not {type(item).__name__}")
        name = item.name
        problem = name_problem(name)
        if problem:
            raise BundleError(f"bundle item {name!r} {problem}")
        if name in seen_requested:
            raise BundleError(f"bundle item {name!r} is listed twice")
        seen_requested.add(name)
        if name.startswith(DIAGNOSTICS_PREFIX):
            rest = name[len(DIAGNOSTICS_PREFIX) :]
            if not DIAGNOSTIC_NAME.match(rest):
                raise BundleError(
                    f"bundle item {name!r}: diagnostics must be named diagnostics/<name>.json or .txt "
                    "(letters, digits, '.', '_' and '-')"
                )
            if name_key(name) in taken:
                raise BundleError(f"bundle item {name!r} is listed twice")
            final = name
        elif name.startswith(ATTACHMENTS_PREFIX):
            rest = name[len(ATTACHMENTS_PREFIX) :]
            if "/" in rest:
                raise BundleError(f"bundle item {name!r}: attachments cannot be in sub-folders")
            final = ATTACHMENTS_PREFIX + dedupe_name(
                safe_attachment_name(rest),
                {k[len(ATTACHMENTS_PREFIX) :] for k in taken if k.startswith(ATTACHMENTS_PREFIX)},
            )
            if final != name:
                renamed.append((name, final))
        else:
            raise BundleError(f"bundle item {name!r} must be under diagnostics/ or attachments/")
        if len(item.data) > limits.max_member_bytes:
            raise BundleError(
                f"bundle item {name!r} is {len(item.data)} bytes; the limit is {limits.max_member_bytes}",
                hint="Leave this file out or attach a smaller copy.",
            )
        taken.add(name_key(final))
        planned.append((final, item.data))
    return planned, renamed


def _deflate_ratio_too_high(data: bytes, limits: BundleLimits) -> bool:
    if len(data) <= limits.ratio_min_bytes:
        return False
    compressor = zlib.compressobj(6, zlib.DEFLATED, -15)
    size = len(compressor.compress(data)) + len(compressor.flush())
    return len(data) > limits.max_ratio * max(size, 1)


def write_bundle(
    path: Path | str,
    ticket: Ticket,
    trail: Mapping[str, object],
    items: Sequence[BundleItem],
    redaction_summary: Mapping[str, object],
    consent: Mapping[str, object],
    final_scan: FinalScan | None = None,
    *,
    now: datetime | None = None,
    limits: BundleLimits = DEFAULT_LIMITS,
    knowledge_base: Sequence[SourceRevision] = (),
) -> BundleInfo:
    """Write a bundle atomically: readers see the old file at ``path`` or the complete new one.

    ``knowledge_base``: the sources and revisions the user searched (the manifest's
    ``knowledge_base``, and a section of ticket.md), so the agent reads the same articles.

    ``final_scan(name, text)`` is called for every member (manifest included; binary
    members decoded as UTF-8 with replacement) just before it is written; whatever
    it raises is re-raised unchanged after the partial file is removed.
    """
    path = Path(path)
    if not isinstance(ticket, Ticket):
        raise BundleError("write_bundle needs a Ticket")
    if not ticket.summary.strip():
        raise BundleError("the ticket has no summary", hint="Say in one line what went wrong.")
    for what, value in (("trail", trail), ("redaction summary", redaction_summary), ("consent record", consent)):
        if not isinstance(value, Mapping):
            raise BundleError(f"the {what} must be a dict, not {type(value).__name__}")
    if not consent.get("agreed_at"):
        raise BundleError(
            "the consent record has no 'agreed_at' time; a bundle is only written after the user agreed",
        )

    planned, renamed = _plan_items(items, limits)
    created_at, zip_time = _utc_timestamp(now)
    bundle_id = str(uuid.uuid4())

    ticket_doc = {**ticket.to_dict(), "created_at": created_at}
    ticket_json = json_bytes(ticket_doc, "the ticket")
    trail_json = json_bytes(dict(trail), "the trail")
    ticket_md = render_ticket_markdown(
        ticket, trail, created_at=created_at, bundle_id=bundle_id, knowledge_base=knowledge_base
    ).encode("utf-8")
    members: list[tuple[str, bytes]] = [
        (TICKET_JSON, ticket_json),
        (TICKET_MD, ticket_md),
        (TRAIL_JSON, trail_json),
        *planned,
    ]
    manifest = {
        "format": FORMAT_NAME,
        "format_version": FORMAT_VERSION,
        "bundle_id": bundle_id,
        "created_at": created_at,
        "kbdesk_version": __version__,
        "files": [{"name": name, "size": len(data), "sha256": sha256_hex(data)} for name, data in members],
        "redaction": dict(redaction_summary),
        "consent": dict(consent),
    }
    if knowledge_base:
        manifest["knowledge_base"] = [revision.to_dict() for revision in knowledge_base]
    members.insert(0, (MANIFEST_NAME, json_bytes(manifest, "the manifest")))

    if len(members) > limits.max_members:
        raise BundleError(f"a bundle holds at most {limits.max_members} files; this one would have {len(members)}")
    total = sum(len(data) for _, data in members)
    if total > limits.max_total_bytes:
        raise BundleError(
            f"the bundle would hold {total} bytes; the limit is {limits.max_total_bytes}",
            hint="Leave out large attachments.",
        )
    for name, data in members:
        if name.endswith(".json") and len(data) > limits.max_json_bytes:
            raise BundleError(f"{name} would be {len(data)} bytes; JSON members are limited to {limits.max_json_bytes}")
        if name.endswith(".json") and json_depth(data) > limits.max_json_depth:
            raise BundleError(f"{name} would nest deeper than {limits.max_json_depth} levels, which no reader opens")

    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    tmp = Path(tmp_name)
    try:
        with os.fdopen(fd, "wb") as handle:
            with zipfile.ZipFile(handle, "w", compression=zipfile.ZIP_DEFLATED) as archive:
                for name, data in members:
                    if final_scan is not None:
                        final_scan(name, data.decode("utf-8", errors="replace"))
                    info = zipfile.ZipInfo(name, date_time=zip_time)
                    info.create_system = 3  # unix, so the mode bits below mean what they say
                    info.external_attr = (stat.S_IFREG | 0o644) << 16
                    # a member this compressible would trip the zip-bomb check on reading; store it
                    info.compress_type = (
                        zipfile.ZIP_STORED if _deflate_ratio_too_high(data, limits) else zipfile.ZIP_DEFLATED
                    )
                    archive.writestr(info, data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException as exc:
        with contextlib.suppress(FileNotFoundError):
            tmp.unlink()
        if isinstance(exc, OSError):
            raise BundleError(
                f"could not write the bundle {path}: {exc.strerror or exc}",
                hint="Choose another folder or free some disk space.",
            ) from exc
        raise
    fsync_dir(path.parent)
    written = BundleInfo(
        path=path,
        bundle_id=bundle_id,
        created_at=created_at,
        sha256=file_sha256(path),
        size=path.stat().st_size,
        members=tuple(name for name, _ in members),
        renamed=tuple(renamed),
    )
    log.info("wrote bundle %s (%d files, %d bytes)", bundle_id, len(members), written.size)
    return written
