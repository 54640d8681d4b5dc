"""The escalation bundle: one ``.kbbundle`` file a user hands to a support agent.

A bundle is a zip archive (deflate) with a fixed layout::

    manifest.json            format, version, id, time, kbdesk version, the file list
                             (name, size, sha256 of every other member), the redaction
                             summary and the consent record
    ticket.json              the ticket, with the priority derived from impact x urgency
    ticket.md                the same ticket and a trail summary, for a person to read
    trail.json               the self-service trail (what the user searched and read)
    diagnostics/<name>.json  collector output (or .txt)
    attachments/<name>       files the user chose to attach, with sanitised names

Integrity means *consistency*: every member's size and sha256 match what the
manifest lists, and nothing is missing or added. The manifest cannot hash
itself, so it proves nothing against someone who rewrites both a member and the
manifest; for that, the sha256 of the whole file (:func:`file_sha256`) is what a
user can read out to the agent, who compares it with the file that arrived.

This module takes content that is already redacted. It never imports the
redaction, diagnostics or analytics modules; the composition layer passes a
``final_scan(member_name, text)`` hook that raises to refuse a member (the
secret scanner), and whatever it raises reaches the caller unchanged.

Reading is built for files from strangers: :func:`open_bundle` extracts into a
private temporary folder and refuses (``UnsafeBundleError``) any archive that
could write outside it or exhaust the disk or memory, before a byte is written.
"""

from __future__ import annotations

import contextlib
import enum
import hashlib
import io
import json
import logging
import os
import re
import shutil
import stat
import tempfile
import unicodedata
import uuid
import weakref
import zipfile
import zlib
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from kbdesk import __version__
from kbdesk.core.errors import BundleError, UnsafeBundleError
from kbdesk.core.fsutil import fsync_dir

log = logging.getLogger(__name__)

FORMAT_NAME = "kbdesk-bundle"
FORMAT_VERSION = 1
BUNDLE_SUFFIX = ".kbbundle"

MANIFEST_NAME = "manifest.json"
TICKET_JSON = "ticket.json"
TICKET_MD = "ticket.md"
TRAIL_JSON = "trail.json"
DIAGNOSTICS_PREFIX = "diagnostics/"
ATTACHMENTS_PREFIX = "attachments/"
#: the members every bundle written by this version has, besides diagnostics and attachments
CORE_MEMBERS = (TICKET_JSON, TICKET_MD, TRAIL_JSON)

FinalScan = Callable[[str, str], None]

_MB = 1024 * 1024

_UNSAFE_HINT = "Do not unpack this file by hand; ask the sender to save the bundle again with kbdesk."


def _unsafe(message: str) -> UnsafeBundleError:
    return UnsafeBundleError(message, hint=_UNSAFE_HINT)


@dataclass(frozen=True)
class BundleLimits:
    """What a bundle may hold; the same limits apply to writing and to reading.

    Writing enforces them too, so kbdesk never produces a bundle it would refuse to open.
    """

    max_member_bytes: int = 200 * _MB
    max_total_bytes: int = 500 * _MB
    max_members: int = 1000
    #: uncompressed : compressed, checked only for members bigger than ``ratio_min_bytes``
    max_ratio: int = 100
    ratio_min_bytes: int = 1 * _MB
    #: manifest.json, ticket.json, trail.json and diagnostics JSON are parsed in memory
    max_json_bytes: int = 32 * _MB


DEFAULT_LIMITS = BundleLimits()


# --------------------------------------------------------------------------- ticket


class Priority(enum.Enum):
    """ITIL priority for a 3 x 3 impact x urgency matrix."""

    P1 = (1, "Critical")
    P2 = (2, "High")
    P3 = (3, "Medium")
    P4 = (4, "Low")
    P5 = (5, "Planning")

    @property
    def code(self) -> str:
        return self.name

    @property
    def rank(self) -> int:
        return self.value[0]

    @property
    def title(self) -> str:
        return self.value[1]

    @property
    def label(self) -> str:
        return f"{self.name} {self.value[1]}"

    def __str__(self) -> str:
        return self.label


#: the canonical levels, most severe first; ITIL numbers them 1 (high) to 3 (low)
LEVELS = ("high", "medium", "low")
_LEVEL_ALIASES = {
    "high": "high",
    "h": "high",
    "1": "high",
    "medium": "medium",
    "med": "medium",
    "m": "medium",
    "2": "medium",
    "low": "low",
    "l": "low",
    "3": "low",
}


def normalize_level(value: object, *, what: str = "level") -> str:
    """``high``/``medium``/``low`` from any accepted spelling (also ITIL's 1/2/3, 1 = high)."""
    if isinstance(value, bool):
        raise BundleError(f"{what} must be high, medium or low (or 1-3), not {value!r}")
    key = str(value).strip().lower() if isinstance(value, (str, int)) else None
    level = _LEVEL_ALIASES.get(key) if key is not None else None
    if level is None:
        raise BundleError(f"{what} must be high, medium or low (or 1-3), not {value!r}")
    return level


def priority_for(impact: object, urgency: object) -> Priority:
    """The ITIL matrix: the sum of the two ranks (1 = high .. 3 = low) picks P1 .. P5."""
    i = LEVELS.index(normalize_level(impact, what="impact")) + 1
    u = LEVELS.index(normalize_level(urgency, what="urgency")) + 1
    return list(Priority)[i + u - 2]


@dataclass(frozen=True)
class Ticket:
    """What the user asks for help with. ``impact`` and ``urgency`` are stored as high/medium/low."""

    summary: str
    description: str = ""
    category: str = ""
    impact: str = "medium"
    urgency: str = "medium"
    contact: str = ""
    platform: str = ""

    def __post_init__(self) -> None:
        for name in ("summary", "description", "category", "contact", "platform"):
            if not isinstance(getattr(self, name), str):
                raise BundleError(f"ticket {name} must be text, not {type(getattr(self, name)).__name__}")
        object.__setattr__(self, "impact", normalize_level(self.impact, what="impact"))
        object.__setattr__(self, "urgency", normalize_level(self.urgency, what="urgency"))

    @property
    def priority(self) -> Priority:
        return priority_for(self.impact, self.urgency)

    def to_dict(self) -> dict[str, Any]:
        return {
            "summary": self.summary,
            "description": self.description,
            "category": self.category,
            "impact": self.impact,
            "urgency": self.urgency,
            "priority": self.priority.code,
            "priority_label": self.priority.label,
            "contact": self.contact,
            "platform": self.platform,
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Ticket:
        if not isinstance(data, Mapping):
            raise BundleError("ticket.json does not hold an object")
        try:
            return cls(
                summary=data.get("summary", ""),
                description=data.get("description", ""),
                category=data.get("category", ""),
                impact=data.get("impact", "medium"),
                urgency=data.get("urgency", "medium"),
                contact=data.get("contact", ""),
                platform=data.get("platform", ""),
            )
        except BundleError as exc:
            raise BundleError(f"ticket.json: {exc}") from None


# --------------------------------------------------------------------------- results


@dataclass(frozen=True)
class BundleItem:
    """One diagnostics or attachments member: ``name`` is its path inside the bundle."""

    name: str
    data: bytes

    def __post_init__(self) -> None:
        if not isinstance(self.name, str):
            raise BundleError(f"bundle item name must be text, not {type(self.name).__name__}")
        if not isinstance(self.data, (bytes, bytearray, memoryview)):
            raise BundleError(f"bundle item {self.name!r}: data must be bytes")
        object.__setattr__(self, "data", bytes(self.data))


@dataclass(frozen=True)
class BundleInfo:
    """What :func:`write_bundle` produced."""

    path: Path
    bundle_id: str
    created_at: str
    sha256: str
    size: int
    #: every member, manifest first, in archive order
    members: tuple[str, ...]
    #: (requested name, name used) for attachments whose names were sanitised
    renamed: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class VerifyResult:
    """Consistency of the members with the manifest; ``ok`` only when every list is empty."""

    ok: bool
    changed: tuple[str, ...] = ()
    missing: tuple[str, ...] = ()
    extra: tuple[str, ...] = ()
    errors: tuple[str, ...] = ()
    checked: int = 0


# --------------------------------------------------------------------------- names

_DRIVE = re.compile(r"^[A-Za-z]:")
_WINDOWS_DEVICES = {"con", "prn", "aux", "nul", *(f"com{i}" for i in range(1, 10)), *(f"lpt{i}" for i in range(1, 10))}
_WINDOWS_BAD_CHARS = set('<>:"|?*')
_DIAGNOSTIC_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,99}\.(json|txt)$")
_MAX_NAME_CHARS = 255


def _name_problem(name: str) -> str | None:
    """Why ``name`` is not a safe relative member path, or None when it is.

    Strict on purpose: a name that is fine on Linux but means something else on
    Windows or macOS (drive letters, backslashes, device names, trailing dots)
    is refused too, because an agent may open the bundle on any of them.
    """
    if not name:
        return "has an empty name"
    if len(name) > _MAX_NAME_CHARS:
        return "has a name longer than 255 characters"
    if any(ord(c) < 32 or ord(c) == 127 for c in name):
        return "has control characters in its name"
    if name.startswith("/"):
        return "is an absolute path"
    if _DRIVE.match(name):
        return "is an absolute path (Windows drive letter)"
    if "\\" in name:
        return "has a backslash in its name (a Windows path)"
    for part in name.split("/"):
        if part == "..":
            return "points outside the bundle ('..')"
        if part in ("", "."):
            return "has an empty or '.' path component"
        if part[-1] in " .":
            return "has a path component ending in a dot or space"
        if _WINDOWS_BAD_CHARS.intersection(part):
            return 'has a character that is not allowed in file names (<>:"|?*)'
        if part.split(".")[0].lower() in _WINDOWS_DEVICES:
            return "uses a reserved device name"
    return None


def _name_key(name: str) -> str:
    """Names that would land on the same file on a case-insensitive file system share a key."""
    return unicodedata.normalize("NFC", name).casefold()


def safe_attachment_name(filename: str) -> str:
    """A portable file name for an attachment, from whatever the user picked.

    Keeps the last path component (either slash), ASCII letters, digits, ``.``,
    ``_`` and ``-``; everything else becomes ``_``. Never empty, never hidden,
    at most 100 characters with the extension kept.
    """
    base = re.split(r"[\\/]", str(filename))[-1]
    base = unicodedata.normalize("NFKD", base).encode("ascii", "ignore").decode("ascii")
    base = re.sub(r"[^A-Za-z0-9._-]", "_", base)
    base = base.strip(". ")
    base = re.sub(r"\.{2,}", ".", base)
    if not base or set(base) <= {"_"}:
        base = "attachment"
    stem, dot, ext = base.rpartition(".")
    if not dot:
        stem, ext = base, ""
    if stem.split(".")[0].lower() in _WINDOWS_DEVICES:
        stem = "_" + stem
    ext = ext[:16]
    stem = stem[: 100 - (len(ext) + 1 if ext else 0)] or "attachment"
    return f"{stem}.{ext}" if ext else stem


def _dedupe(name: str, taken: set[str]) -> str:
    if _name_key(name) not in taken:
        return name
    stem, dot, ext = name.rpartition(".")
    if not dot or not stem:
        stem, ext, dot = name, "", ""
    n = 2
    while True:
        candidate = f"{stem}-{n}{dot}{ext}"
        if _name_key(candidate) not in taken:
            return candidate
        n += 1


# --------------------------------------------------------------------------- writing


def _utc_timestamp(moment: datetime | None) -> tuple[str, tuple[int, int, int, int, int, int]]:
    moment = (moment or datetime.now(UTC)).astimezone(UTC)
    stamp = moment.strftime("%Y-%m-%dT%H:%M:%SZ")
    # zip timestamps cannot be before 1980
    year = max(moment.year, 1980)
    return stamp, (year, moment.month, moment.day, moment.hour, moment.minute, moment.second)


def _json_bytes(value: Any, what: str) -> bytes:
    try:
        text = json.dumps(value, indent=2, sort_keys=True, ensure_ascii=False, allow_nan=False)
    except (TypeError, ValueError) as exc:
        raise BundleError(f"{what} cannot be saved as JSON: {exc}") from None
    return (text + "\n").encode("utf-8")


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _plan_items(
    items: Sequence[BundleItem], limits: BundleLimits
) -> tuple[list[tuple[str, bytes]], list[tuple[str, str]]]:
    planned: list[tuple[str, bytes]] = []
    renamed: list[tuple[str, str]] = []
    seen_requested: set[str] = set()
    taken: set[str] = {_name_key(n) for n in (MANIFEST_NAME, *CORE_MEMBERS)}
    for item in items:
        if not isinstance(item, BundleItem):
            raise BundleError(f"bundle items must be BundleItem, not {type(item).__name__}")
        name = item.name
        problem = _name_problem(name)
        if problem:
            raise BundleError(f"bundle item {name!r} {problem}")
        if name in seen_requested:
            raise BundleError(f"bundle item {name!r} is listed twice")
        seen_requested.add(name)
        if name.startswith(DIAGNOSTICS_PREFIX):
            rest = name[len(DIAGNOSTICS_PREFIX) :]
            if not _DIAGNOSTIC_NAME.match(rest):
                raise BundleError(
                    f"bundle item {name!r}: diagnostics must be named diagnostics/<name>.json or .txt "
                    "(letters, digits, '.', '_' and '-')"
                )
            if _name_key(name) in taken:
                raise BundleError(f"bundle item {name!r} is listed twice")
            final = name
        elif name.startswith(ATTACHMENTS_PREFIX):
            rest = name[len(ATTACHMENTS_PREFIX) :]
            if "/" in rest:
                raise BundleError(f"bundle item {name!r}: attachments cannot be in sub-folders")
            final = ATTACHMENTS_PREFIX + _dedupe(
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
        taken.add(_name_key(final))
        planned.append((final, item.data))
    return planned, renamed


def _render_scalar(value: Any) -> str:
    if isinstance(value, str):
        return " ".join(value.split())
    return json.dumps(value, ensure_ascii=False, sort_keys=True, default=str)


def _md_inline(text: str) -> str:
    """One line of user text that markdown shows as written (no HTML, links or tables)."""
    text = " ".join(str(text).split())
    return re.sub(r"([\\`*_{}\[\]<>()#+!|])", r"\\\1", text)


def _fenced(text: str) -> str:
    longest = max((len(m) for m in re.findall(r"`+", text)), default=0)
    fence = "`" * max(3, longest + 1)
    return f"{fence}text\n{text.rstrip()}\n{fence}"


def render_ticket_markdown(ticket: Ticket, trail: Mapping[str, Any], *, created_at: str, bundle_id: str) -> str:
    """``ticket.md``: the ticket and a summary of the self-service trail, for a person."""
    lines = [
        f"# {_md_inline(ticket.summary) or '(no summary)'}",
        "",
        f"- **Priority:** {ticket.priority.label} (impact {ticket.impact}, urgency {ticket.urgency})",
        f"- **Category:** {_md_inline(ticket.category) or '-'}",
        f"- **Contact:** {_md_inline(ticket.contact) or '-'}",
        f"- **Platform:** {_md_inline(ticket.platform) or '-'}",
        f"- **Created:** {created_at}",
        f"- **Bundle:** {bundle_id}",
        "",
        "## Description",
        "",
        _fenced(ticket.description) if ticket.description.strip() else "_No description given._",
        "",
        "## What the user already tried",
        "",
    ]
    if not trail:
        lines.append("_No self-service trail was included._")
    for key in sorted(trail, key=str):
        value = trail[key]
        if isinstance(value, (list, tuple)):
            lines.append(f"### {_md_inline(str(key))} ({len(value)})")
            lines.append("")
            if not value:
                lines.append("- (none)")
            for entry in value:
                if isinstance(entry, Mapping):
                    text = "; ".join(f"{k}: {_render_scalar(v)}" for k, v in entry.items())
                else:
                    text = _render_scalar(entry)
                lines.append(f"- {_md_inline(text)}")
            lines.append("")
        elif isinstance(value, Mapping):
            lines.append(f"### {_md_inline(str(key))}")
            lines.append("")
            for k, v in value.items():
                lines.append(f"- **{_md_inline(str(k))}:** {_md_inline(_render_scalar(v))}")
            lines.append("")
        else:
            lines.append(f"- **{_md_inline(str(key))}:** {_md_inline(_render_scalar(value))}")
    return "\n".join(lines).rstrip() + "\n"


def _deflate_ratio_too_high(data: bytes, limits: BundleLimits) -> bool:
    if len(data) <= limits.ratio_min_bytes:
        return False
    compressor = zlib.compressobj(6, zlib.DEFLATED, -15)
    size = len(compressor.compress(data)) + len(compressor.flush())
    return len(data) > limits.max_ratio * max(size, 1)


def write_bundle(
    path: Path | str,
    ticket: Ticket,
    trail: Mapping[str, Any],
    items: Sequence[BundleItem],
    redaction_summary: Mapping[str, Any],
    consent: Mapping[str, Any],
    final_scan: FinalScan | None = None,
    *,
    now: datetime | None = None,
    limits: BundleLimits = DEFAULT_LIMITS,
) -> BundleInfo:
    """Write a bundle atomically: readers see the old file at ``path`` or the complete new one.

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
    ticket_json = _json_bytes(ticket_doc, "the ticket")
    trail_json = _json_bytes(dict(trail), "the trail")
    ticket_md = render_ticket_markdown(ticket, trail, created_at=created_at, bundle_id=bundle_id).encode("utf-8")
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
        "files": [{"name": name, "size": len(data), "sha256": _sha256(data)} for name, data in members],
        "redaction": dict(redaction_summary),
        "consent": dict(consent),
    }
    members.insert(0, (MANIFEST_NAME, _json_bytes(manifest, "the manifest")))

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


def file_sha256(path: Path | str) -> str:
    """The sha256 of the whole bundle file: what a user reads out to the agent."""
    digest = hashlib.sha256()
    try:
        with open(path, "rb") as handle:
            for chunk in iter(lambda: handle.read(1 << 20), b""):
                digest.update(chunk)
    except OSError as exc:
        raise BundleError(f"could not read {path}: {exc.strerror or exc}") from exc
    return digest.hexdigest()


# --------------------------------------------------------------------------- reading


@dataclass(frozen=True)
class _Entry:
    info: zipfile.ZipInfo
    name: str
    parts: tuple[str, ...]


class _Budget:
    """Counts the bytes actually decompressed across the whole archive."""

    def __init__(self, limits: BundleLimits) -> None:
        self.limits = limits
        self.total = 0


def _open_archive(path: Path, limits: BundleLimits) -> tuple[zipfile.ZipFile, list[_Entry]]:
    """Open ``path`` and check every header before any member is read.

    The caller owns the returned ZipFile and must close it.
    """
    try:
        size = path.stat().st_size
    except FileNotFoundError:
        raise BundleError(f"{path}: no such bundle file") from None
    except OSError as exc:
        raise BundleError(f"{path}: cannot be read: {exc.strerror or exc}") from exc
    if not path.is_file():
        raise BundleError(f"{path} is not a file")
    if size > limits.max_total_bytes + _MB:
        raise _unsafe(f"{path} is {size} bytes, larger than any bundle may be ({limits.max_total_bytes})")
    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, ValueError, NotImplementedError) as exc:
        raise BundleError(f"{path} is not a kbdesk bundle (not a readable zip archive: {exc})") from None
    except OSError as exc:
        raise BundleError(f"{path}: cannot be read: {exc.strerror or exc}") from exc
    try:
        return archive, _check_headers(archive, limits)
    except BaseException:
        archive.close()
        raise


def _check_headers(archive: zipfile.ZipFile, limits: BundleLimits) -> list[_Entry]:
    infos = archive.infolist()
    if len(infos) > limits.max_members:
        raise _unsafe(f"the bundle has {len(infos)} members; at most {limits.max_members} are allowed")
    entries: list[_Entry] = []
    seen: dict[str, str] = {}
    files: set[str] = set()
    folders: set[str] = set()
    declared_total = 0
    for info in infos:
        raw = info.filename
        name = raw[:-1] if info.is_dir() else raw
        problem = _name_problem(name)
        if problem:
            raise _unsafe(f"bundle member {raw!r} {problem}; the bundle was not opened")
        mode = info.external_attr >> 16
        kind = stat.S_IFMT(mode)
        if kind == stat.S_IFLNK:
            raise _unsafe(f"bundle member {raw!r} is a symbolic link; the bundle was not opened")
        if kind not in (0, stat.S_IFREG, stat.S_IFDIR):
            raise _unsafe(f"bundle member {raw!r} is a special file; the bundle was not opened")
        key = _name_key(name)
        if key in seen:
            raise _unsafe(f"bundle member {raw!r} appears twice (also as {seen[key]!r}); the bundle was not opened")
        seen[key] = raw
        parts = tuple(name.split("/"))
        for i in range(1, len(parts)):
            folders.add(_name_key("/".join(parts[:i])))
        if info.is_dir() or kind == stat.S_IFDIR:
            folders.add(key)
            continue
        if info.flag_bits & 0x1:
            raise BundleError(f"bundle member {raw!r} is encrypted; kbdesk bundles never are")
        if info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
            raise BundleError(f"bundle member {raw!r} uses an unsupported compression method ({info.compress_type})")
        if info.file_size > limits.max_member_bytes:
            raise _unsafe(f"bundle member {raw!r} is {info.file_size} bytes; the limit is {limits.max_member_bytes}")
        declared_total += info.file_size
        if declared_total > limits.max_total_bytes:
            raise _unsafe(f"the bundle unpacks to more than {limits.max_total_bytes} bytes")
        if info.file_size > limits.ratio_min_bytes and info.file_size > limits.max_ratio * max(info.compress_size, 1):
            ratio = info.file_size // max(info.compress_size, 1)
            raise _unsafe(
                f"bundle member {raw!r} expands {ratio}:1 (over {limits.max_ratio}:1), like a zip bomb; "
                "the bundle was not opened"
            )
        files.add(key)
        entries.append(_Entry(info=info, name=name, parts=parts))
    clash = files & folders
    if clash:
        name = next(seen[k] for k in sorted(clash))
        raise _unsafe(f"bundle member {name!r} is both a file and a folder; the bundle was not opened")
    return entries


class _DamagedMember(BundleError):
    """A member's bytes cannot be read back (bad CRC, truncated stream)."""


def _stream(archive: zipfile.ZipFile, entry: _Entry, budget: _Budget) -> Iterator[bytes]:
    """The member's bytes, with every limit enforced on what is actually decompressed.

    Header sizes are checked up front, but they are claims; this counts the real
    output so a lying header cannot get more through.
    """
    limits = budget.limits
    info = entry.info
    produced = 0
    try:
        with archive.open(info) as handle:
            while True:
                chunk = handle.read(1 << 16)
                if not chunk:
                    break
                produced += len(chunk)
                budget.total += len(chunk)
                if produced > info.file_size:
                    raise _unsafe(f"bundle member {entry.name!r} holds more data than its header says")
                if produced > limits.max_member_bytes:
                    raise _unsafe(f"bundle member {entry.name!r} is over {limits.max_member_bytes} bytes")
                if budget.total > limits.max_total_bytes:
                    raise _unsafe(f"the bundle unpacks to more than {limits.max_total_bytes} bytes")
                if produced > limits.ratio_min_bytes and produced > limits.max_ratio * max(info.compress_size, 1):
                    raise _unsafe(f"bundle member {entry.name!r} expands over {limits.max_ratio}:1, like a zip bomb")
                yield chunk
    except (zipfile.BadZipFile, zlib.error, EOFError, ValueError, NotImplementedError) as exc:
        raise _DamagedMember(f"{entry.name}: damaged ({exc})") from None


def _read_small(archive: zipfile.ZipFile, entry: _Entry, budget: _Budget) -> bytes:
    if entry.info.file_size > budget.limits.max_json_bytes:
        raise _unsafe(f"bundle member {entry.name!r} is too large to parse ({entry.info.file_size} bytes)")
    return b"".join(_stream(archive, entry, budget))


def _parse_manifest(data: bytes) -> dict[str, Any]:
    try:
        manifest = json.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, ValueError) as exc:
        raise BundleError(
            f"the bundle manifest is not valid JSON ({exc})", hint="The file is damaged; ask for it again."
        ) from None
    if not isinstance(manifest, dict):
        raise BundleError("the bundle manifest is not a JSON object")
    if manifest.get("format") != FORMAT_NAME:
        raise BundleError(f"not a kbdesk bundle (manifest format is {manifest.get('format')!r})")
    version = manifest.get("format_version")
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        raise BundleError(f"the bundle manifest has an invalid format_version {version!r}")
    if version > FORMAT_VERSION:
        raise BundleError(
            f"this bundle uses format version {version}; this kbdesk reads version {FORMAT_VERSION}",
            hint="Open it with a newer kbdesk.",
        )
    files = manifest.get("files")
    if not isinstance(files, list):
        raise BundleError("the bundle manifest has no file list")
    names: set[str] = set()
    for entry in files:
        if not (
            isinstance(entry, dict)
            and isinstance(entry.get("name"), str)
            and isinstance(entry.get("size"), int)
            and isinstance(entry.get("sha256"), str)
            and re.fullmatch(r"[0-9a-f]{64}", entry["sha256"])
        ):
            raise BundleError(f"the bundle manifest has a malformed file entry: {entry!r:.200}")
        if entry["name"] == MANIFEST_NAME or entry["name"] in names:
            raise BundleError(f"the bundle manifest lists {entry['name']!r} more than once or lists itself")
        names.add(entry["name"])
    return manifest


def _manifest_entry(entries: list[_Entry]) -> _Entry:
    for entry in entries:
        if entry.name == MANIFEST_NAME:
            return entry
    raise BundleError("not a kbdesk bundle (it has no manifest.json)", hint="Check that this is the file kbdesk saved.")


class _Tally:
    """Builds a VerifyResult while members are read once."""

    def __init__(self, manifest: Mapping[str, Any]) -> None:
        self.expected = {f["name"]: f for f in manifest["files"]}
        self.seen: set[str] = set()
        self.changed: list[str] = []
        self.extra: list[str] = []
        self.errors: list[str] = []

    def record(self, name: str, size: int | None, digest: str | None, error: str | None = None) -> None:
        if name == MANIFEST_NAME:
            return
        self.seen.add(name)
        if error:
            self.errors.append(error)
        want = self.expected.get(name)
        if want is None:
            self.extra.append(name)
        elif error or want["size"] != size or want["sha256"] != digest:
            self.changed.append(name)

    def result(self) -> VerifyResult:
        missing = sorted(set(self.expected) - self.seen)
        changed, extra, errors = sorted(self.changed), sorted(self.extra), list(self.errors)
        return VerifyResult(
            ok=not (changed or missing or extra or errors),
            changed=tuple(changed),
            missing=tuple(missing),
            extra=tuple(extra),
            errors=tuple(errors),
            checked=len(self.seen),
        )


def verify_bundle(path: Path | str, *, limits: BundleLimits = DEFAULT_LIMITS) -> VerifyResult:
    """Recompute each member's sha256 and compare with the manifest; nothing is written to disk.

    Raises ``BundleError`` when the file is not a bundle at all (no zip, no or a
    bad manifest) and ``UnsafeBundleError`` when it breaks the safety rules.
    """
    archive, entries = _open_archive(Path(path), limits)
    with archive:
        budget = _Budget(limits)
        manifest = _parse_manifest(_read_small(archive, _manifest_entry(entries), budget))
        tally = _Tally(manifest)
        for entry in entries:
            if entry.name == MANIFEST_NAME:
                continue
            digest = hashlib.sha256()
            size = 0
            try:
                for chunk in _stream(archive, entry, budget):
                    digest.update(chunk)
                    size += len(chunk)
            except _DamagedMember as exc:
                tally.record(entry.name, None, None, str(exc))
                continue
            tally.record(entry.name, size, digest.hexdigest())
    return tally.result()


class OpenedBundle:
    """A bundle unpacked into a private temporary folder; use it as a context manager.

    The folder (mode 0700) and everything in it are removed by :meth:`close`,
    on leaving the ``with`` block, or at the latest when the object is collected.
    """

    def __init__(self, path: Path, root: Path) -> None:
        self.path = path
        self.root = root
        self.manifest: dict[str, Any] = {}
        self.ticket: Ticket | None = None
        self.trail: dict[str, Any] = {}
        self.members: dict[str, Path] = {}
        self.diagnostics: dict[str, Any] = {}
        self.attachments: dict[str, Path] = {}
        self.verify: VerifyResult = VerifyResult(ok=False)
        #: things that could not be parsed (bad ticket.json, a diagnostics file that is not JSON, ...)
        self.problems: tuple[str, ...] = ()
        self._finalizer = weakref.finalize(self, shutil.rmtree, str(root), ignore_errors=True)

    @property
    def bundle_id(self) -> str:
        return str(self.manifest.get("bundle_id", ""))

    @property
    def created_at(self) -> str:
        return str(self.manifest.get("created_at", ""))

    @property
    def closed(self) -> bool:
        return not self._finalizer.alive

    def close(self) -> None:
        self._finalizer()

    def __enter__(self) -> OpenedBundle:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _extract_to(root: Path, entry: _Entry, chunks: Iterator[bytes]) -> tuple[Path, int, str]:
    target = root.joinpath(*entry.parts)
    # belt and braces: the name checks already rule this out
    if os.path.commonpath([os.path.abspath(target), os.path.abspath(root)]) != os.path.abspath(root):
        raise _unsafe(f"bundle member {entry.name!r} would be written outside the bundle folder")
    parent = root
    for part in entry.parts[:-1]:
        parent = parent / part
        if parent.is_symlink():
            raise _unsafe(f"bundle member {entry.name!r} would be written through a link")
        parent.mkdir(mode=0o700, exist_ok=True)
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_BINARY", 0)
    fd = os.open(target, flags, 0o600)
    digest = hashlib.sha256()
    size = 0
    with os.fdopen(fd, "wb") as handle:
        for chunk in chunks:
            handle.write(chunk)
            digest.update(chunk)
            size += len(chunk)
    return target, size, digest.hexdigest()


def _load_json_file(target: Path, name: str, problems: list[str], limits: BundleLimits) -> Any:
    if target.stat().st_size > limits.max_json_bytes:
        problems.append(f"{name}: too large to parse")
        return None
    try:
        return json.loads(target.read_text(encoding="utf-8"))
    except (UnicodeDecodeError, ValueError) as exc:
        problems.append(f"{name}: not valid JSON ({exc})")
        return None


def open_bundle(
    path: Path | str,
    *,
    limits: BundleLimits = DEFAULT_LIMITS,
    temp_dir: Path | str | None = None,
) -> OpenedBundle:
    """Check, unpack and parse a bundle into a private temporary folder.

    ``temp_dir`` is the folder in which the private folder is made (default: the
    system's temporary folder). Everything is checked before anything is written;
    on any error the temporary folder is removed before the error is raised.
    """
    path = Path(path)
    archive, entries = _open_archive(path, limits)
    with archive:
        budget = _Budget(limits)
        manifest = _parse_manifest(_read_small(archive, _manifest_entry(entries), budget))
        root = Path(tempfile.mkdtemp(prefix="kbdesk-bundle-", dir=temp_dir))
        os.chmod(root, 0o700)
        opened = OpenedBundle(path, root)
        try:
            opened.manifest = manifest
            tally = _Tally(manifest)
            for entry in entries:
                if entry.name == MANIFEST_NAME:
                    continue
                try:
                    target, size, digest = _extract_to(root, entry, _stream(archive, entry, budget))
                except _DamagedMember as exc:
                    tally.record(entry.name, None, None, str(exc))
                    continue
                except OSError as exc:
                    raise BundleError(f"could not unpack {entry.name!r}: {exc.strerror or exc}") from exc
                opened.members[entry.name] = target
                tally.record(entry.name, size, digest)
            opened.verify = tally.result()
            _parse_members(opened, limits)
        except BaseException:
            opened.close()
            raise
    return opened


def _parse_members(opened: OpenedBundle, limits: BundleLimits) -> None:
    problems: list[str] = []
    ticket_path = opened.members.get(TICKET_JSON)
    if ticket_path is None:
        problems.append("ticket.json is missing")
    else:
        data = _load_json_file(ticket_path, TICKET_JSON, problems, limits)
        if data is not None:
            try:
                opened.ticket = Ticket.from_dict(data)
            except BundleError as exc:
                problems.append(str(exc))
    trail_path = opened.members.get(TRAIL_JSON)
    if trail_path is None:
        problems.append("trail.json is missing")
    else:
        data = _load_json_file(trail_path, TRAIL_JSON, problems, limits)
        if isinstance(data, dict):
            opened.trail = data
        elif data is not None:
            problems.append("trail.json does not hold an object")
    for name, target in sorted(opened.members.items()):
        if name.startswith(DIAGNOSTICS_PREFIX):
            key = name[len(DIAGNOSTICS_PREFIX) :]
            if name.endswith(".json"):
                value = _load_json_file(target, name, problems, limits)
                opened.diagnostics[key] = value if value is not None else target.read_text("utf-8", errors="replace")
            else:
                opened.diagnostics[key] = target.read_text("utf-8", errors="replace")
        elif name.startswith(ATTACHMENTS_PREFIX):
            opened.attachments[name[len(ATTACHMENTS_PREFIX) :]] = target
    opened.problems = tuple(problems)


# --------------------------------------------------------------------------- inspect


def inspect_bundle(path: Path | str, *, limits: BundleLimits = DEFAULT_LIMITS) -> dict[str, Any]:
    """A JSON-ready summary of a bundle for ``kbdesk bundle inspect``."""
    path = Path(path)
    with open_bundle(path, limits=limits) as opened:
        manifest = opened.manifest
        result = opened.verify
        ticket = opened.ticket
        return {
            "path": str(path),
            "bundle_sha256": file_sha256(path),
            "size": path.stat().st_size,
            "format": manifest.get("format"),
            "format_version": manifest.get("format_version"),
            "bundle_id": manifest.get("bundle_id"),
            "created_at": manifest.get("created_at"),
            "kbdesk_version": manifest.get("kbdesk_version"),
            "ticket": ticket.to_dict() if ticket else None,
            "files": [{"name": f["name"], "size": f["size"], "sha256": f["sha256"]} for f in manifest.get("files", [])],
            "diagnostics": sorted(opened.diagnostics),
            "attachments": sorted(opened.attachments),
            "trail": {str(k): (len(v) if isinstance(v, (list, dict)) else v) for k, v in opened.trail.items()},
            "redaction": manifest.get("redaction", {}),
            "consent": manifest.get("consent", {}),
            "verify": {
                "ok": result.ok,
                "changed": list(result.changed),
                "missing": list(result.missing),
                "extra": list(result.extra),
                "errors": list(result.errors),
            },
            "problems": list(opened.problems),
        }


def format_inspect_text(info: Mapping[str, Any]) -> str:
    """Plain text for a terminal from :func:`inspect_bundle`'s summary."""
    out = io.StringIO()
    verify = info.get("verify", {})
    status = (
        "OK: every file matches the manifest" if verify.get("ok") else "NOT OK: the bundle does not match its manifest"
    )
    out.write(f"Bundle     {info.get('path')}\n")
    out.write(f"SHA-256    {info.get('bundle_sha256')}\n")
    out.write(f"ID         {info.get('bundle_id')}\n")
    out.write(
        f"Created    {info.get('created_at')} by kbdesk {info.get('kbdesk_version')} "
        f"(format {info.get('format_version')})\n"
    )
    out.write(f"Integrity  {status}\n")
    for label in ("changed", "missing", "extra"):
        for name in verify.get(label, []):
            out.write(f"  {label}: {name}\n")
    for error in verify.get("errors", []):
        out.write(f"  error: {error}\n")
    ticket = info.get("ticket")
    out.write("\nTicket\n")
    if ticket:
        out.write(f"  {ticket.get('priority_label')}  {ticket.get('summary')}\n")
        out.write(
            f"  impact {ticket.get('impact')}, urgency {ticket.get('urgency')}, "
            f"category {ticket.get('category') or '-'}\n"
        )
        out.write(f"  contact {ticket.get('contact') or '-'}, platform {ticket.get('platform') or '-'}\n")
    else:
        out.write("  (unreadable)\n")
    for problem in info.get("problems", []):
        out.write(f"  problem: {problem}\n")
    out.write("\nFiles\n")
    for entry in info.get("files", []):
        out.write(f"  {entry['size']:>10}  {entry['name']}\n")
    redaction = info.get("redaction") or {}
    out.write("\nRedaction\n")
    if redaction:
        for key, value in sorted(redaction.items(), key=lambda kv: str(kv[0])):
            out.write(f"  {key}: {json.dumps(value, sort_keys=True, ensure_ascii=False)}\n")
    else:
        out.write("  (no summary)\n")
    consent = info.get("consent") or {}
    out.write("\nConsent\n")
    out.write(f"  agreed at {consent.get('agreed_at', '-')}\n")
    trail = info.get("trail") or {}
    if trail:
        out.write("\nTrail\n")
        for key, value in sorted(trail.items()):
            out.write(f"  {key}: {value}\n")
    return out.getvalue()


__all__ = [
    "ATTACHMENTS_PREFIX",
    "BUNDLE_SUFFIX",
    "CORE_MEMBERS",
    "DEFAULT_LIMITS",
    "DIAGNOSTICS_PREFIX",
    "FORMAT_NAME",
    "FORMAT_VERSION",
    "LEVELS",
    "MANIFEST_NAME",
    "BundleInfo",
    "BundleItem",
    "BundleLimits",
    "OpenedBundle",
    "Priority",
    "Ticket",
    "VerifyResult",
    "file_sha256",
    "format_inspect_text",
    "inspect_bundle",
    "normalize_level",
    "open_bundle",
    "priority_for",
    "render_ticket_markdown",
    "safe_attachment_name",
    "verify_bundle",
    "write_bundle",
]
