"""Hostile bundles for the fuzz tests (issue 17): a real bundle, then changed the way an attacker would.

Shared by tests/core/bundle/test_bundle_fuzz.py (verify, open, inspect) and
tests/gui/test_bundle_view_fuzz.py (the agent view's loading path). Each example is a
real zip file written to disk: a bundle kbdesk wrote, with some of

* a manifest field replaced by any JSON value (``"redaction": "x"``, a list where an
  object belongs, a number where a name belongs...), or the manifest nested thousands deep;
* trail.json, ticket.json or a diagnostics file replaced by any JSON, deep nesting or bytes;
* a member added under a name with control, bidi-override or invisible characters,
  ``..``, backslashes, drive letters or device names;
* the manifest's file list brought up to date afterwards, or not (tampered).
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import json
import zipfile
from collections import Counter
from pathlib import Path
from typing import Any

from hypothesis import strategies as st

from kbdesk.core.bundle import BundleItem, SourceRevision, Ticket, write_bundle

#: what the fuzz tests saw; printed at the end of each test (pytest -s) for the report
OUTCOMES: Counter[str] = Counter()


def base_bundle(folder: Path) -> dict[str, bytes]:
    """The members of a bundle kbdesk writes (manifest first), as bytes."""
    trail = {
        "format": "kbdesk-trail",
        "version": 1,
        "events": [
            {"kind": "search", "ts": "2026-05-01T09:59:00.000Z", "query": "printer offline", "result_count": 3},
            {"kind": "view", "ts": "2026-05-01T09:59:10.000Z", "article_id": "printer-offline", "seconds_spent": 4.5},
        ],
    }
    diagnostic = {
        "format": "kbdesk-diagnostic",
        "name": "os",
        "title": "Operating system",
        "ok": True,
        "error": None,
        "data": {"system": "Linux", "disks": [{"name": "sda", "free": 12}], "warnings": []},
        "text": "Linux",
    }
    info = write_bundle(
        folder / "base.kbbundle",
        Ticket(summary="Printer offline", description="It shows offline", contact="ext. 4711"),
        trail,
        [
            BundleItem("diagnostics/os.json", json.dumps(diagnostic).encode()),
            BundleItem("attachments/notes.txt", b"printer queue shows offline\n"),
        ],
        {"version": 1, "totals": [{"category": "email", "count": 1}], "per_source": [], "disabled_categories": []},
        {"agreed_at": "2026-05-01T10:00:00Z", "items": [{"name": "trail.json", "included": True}]},
        knowledge_base=(SourceRevision("it-kb", "git", "policy", "https://git.example.org/kb.git", "3f" * 20, "t"),),
    )
    with zipfile.ZipFile(info.path) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=True) | st.text(max_size=20),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=8), children, max_size=4),
    max_leaves=12,
)

#: where in the manifest a value is replaced ("" is the whole manifest)
MANIFEST_PATHS = (
    "",
    "format",
    "format_version",
    "bundle_id",
    "created_at",
    "kbdesk_version",
    "files",
    "files.0",
    "files.0.name",
    "files.0.size",
    "files.0.sha256",
    "redaction",
    "redaction.totals",
    "redaction.totals.0",
    "redaction.totals.0.count",
    "redaction.per_source",
    "redaction.disabled_categories",
    "redaction.not_redactable",
    "consent",
    "consent.agreed_at",
    "consent.items",
    "consent.items.0",
    "consent.items.0.included",
    "knowledge_base",
    "knowledge_base.0",
    "knowledge_base.0.source",
    "knowledge_base.0.commit",
)

MEMBERS = ("trail.json", "ticket.json", "diagnostics/os.json", "attachments/notes.txt")

# names an attacker would try: controls, bidi overrides, zero-width and odd spaces, paths
_HOSTILE_CHARS = "\u202e\u202d\u2066\u200b\u200f\ufeff\u00a0\u2028\x00\x1b\x7f\n\t/\\.:*?<>|"
member_names = st.one_of(
    st.text(alphabet=st.sampled_from("abcXYZ09_-." + _HOSTILE_CHARS), min_size=1, max_size=12).map(
        lambda s: "attachments/" + s
    ),
    st.sampled_from(
        [
            "attachments/KBEVIL_\u202egnp.exe",
            "attachments/invoice\u200b.pdf",
            "../escape.txt",
            "attachments/../../x",
            "C:/Windows/x.txt",
            "attachments\\x.txt",
            "attachments/CON.txt",
            "diagnostics/x.json ",
            "/etc/passwd",
        ]
    ),
)


def deep_json(depth: int, kind: str) -> bytes:
    if kind == "list":
        return b"[" * depth + b"]" * depth
    return b'{"a":' * depth + b"1" + b"}" * depth


member_payloads = st.one_of(
    json_values.map(lambda v: json.dumps(v).encode()),
    st.builds(deep_json, st.integers(min_value=60, max_value=200_000), st.sampled_from(["list", "object"])),
    st.binary(max_size=64),
)


def _sometimes(strategy: Any, one_in: int) -> Any:
    """``strategy``'s value in about one example of ``one_in``, else None (so most bundles stay readable)."""
    return st.integers(min_value=1, max_value=one_in).flatmap(lambda n: strategy if n == 1 else st.none())


@st.composite
def hostile_bundles(draw: Any) -> dict[str, Any]:
    """A plan: which manifest field, member and extra member to change, and whether to fix the hashes."""
    return {
        "manifest": draw(_sometimes(st.tuples(st.sampled_from(MANIFEST_PATHS), json_values), 3)),
        "manifest_deep": draw(_sometimes(st.integers(min_value=100, max_value=100_000), 10)),
        "member": draw(_sometimes(st.tuples(st.sampled_from(MEMBERS), member_payloads), 2)),
        "extra": draw(_sometimes(st.tuples(member_names, st.binary(max_size=32)), 4)),
        "rehash": draw(st.booleans()),
    }


def _set_path(doc: Any, path: str, value: Any) -> Any:
    if not path:
        return value
    parts = path.split(".")
    node = doc
    for part in parts[:-1]:
        key: Any = int(part) if isinstance(node, list) else part
        try:
            node = node[key]
        except (KeyError, IndexError, TypeError):
            return doc
    last: Any = int(parts[-1]) if isinstance(node, list) else parts[-1]
    with contextlib.suppress(IndexError, TypeError):
        node[last] = value
    return doc


def write_hostile(base: dict[str, bytes], plan: dict[str, Any], path: Path) -> Path:
    """Write the planned bundle as a real zip file at ``path``."""
    members = dict(base)
    if plan["member"] is not None:
        name, payload = plan["member"]
        members[name] = payload
    extra = plan["extra"]
    if extra is not None:
        members[extra[0]] = extra[1]
    manifest = json.loads(members["manifest.json"])
    if plan["rehash"]:
        manifest["files"] = [
            {"name": n, "size": len(d), "sha256": hashlib.sha256(d).hexdigest()}
            for n, d in members.items()
            if n != "manifest.json"
        ]
    if plan["manifest"] is not None:
        manifest = _set_path(manifest, *plan["manifest"])
    data = json.dumps(manifest).encode()
    if plan["manifest_deep"] is not None:
        data = data[:-1] + b', "deep": ' + deep_json(plan["manifest_deep"], "list") + b"}"
    members["manifest.json"] = data
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, payload in members.items():
            archive.writestr(zipfile.ZipInfo(name, date_time=(2026, 5, 1, 10, 0, 0)), payload)
    path.write_bytes(buffer.getvalue())
    return path
