"""The escalation bundle: real zip files in tmp_path, hostile archives built by hand."""

from __future__ import annotations

import hashlib
import json
import os
import stat
import struct
import warnings
import zipfile
from pathlib import Path

import pytest

from kbdesk import __version__
from kbdesk.core.bundle import (
    BundleItem,
    BundleLimits,
    Priority,
    Ticket,
    file_sha256,
    open_bundle,
    priority_for,
    safe_attachment_name,
    verify_bundle,
    write_bundle,
)
from kbdesk.core.errors import BundleError, UnsafeBundleError

CONSENT = {
    "agreed_at": "2026-05-01T10:00:00Z",
    "items": [
        {"name": "diagnostics/system.json", "included": True},
        {"name": "diagnostics/network.txt", "included": False},
    ],
    "categories": {"email": True, "ip": True},
}
REDACTION = {"totals": {"email": 2, "ip": 1}, "files": {"diagnostics/system.json": {"email": 2, "ip": 1}}}
TRAIL = {
    "searches": [{"query": "wifi connected no internet", "results": 3}],
    "viewed": [{"article": "wifi-connected-no-internet", "helpful": False}],
    "session_minutes": 4,
}


def make_ticket(**changes) -> Ticket:
    fields = dict(
        summary="Wi-Fi connected but nothing loads",
        description="Since this morning.\n```\nping: unknown host\n```",
        category="network",
        impact="high",
        urgency="medium",
        contact="<EMAIL-1>",
        platform="linux",
    )
    fields.update(changes)
    return Ticket(**fields)


def make_items() -> list[BundleItem]:
    return [
        BundleItem("diagnostics/system.json", json.dumps({"os": "linux", "disk_free_gb": 12}).encode()),
        BundleItem("diagnostics/network.txt", b"default via host1\n"),
        BundleItem("attachments/screenshot.png", bytes(range(256)) * 10),
    ]


def write_good(path: Path, **kwargs):
    args = dict(ticket=make_ticket(), trail=TRAIL, items=make_items(), redaction_summary=REDACTION, consent=CONSENT)
    args.update(kwargs)
    return write_bundle(path, **args)


def rewrite_zip(src: Path, dst: Path, *, drop=(), replace=None, add=None) -> None:
    """Copy a bundle member by member, changing what the test asks; the manifest is kept as is."""
    replace = replace or {}
    with zipfile.ZipFile(src) as old, zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as new:
        for info in old.infolist():
            if info.filename in drop:
                continue
            data = replace.get(info.filename, old.read(info))
            new.writestr(info.filename, data)
        for name, data in (add or {}).items():
            new.writestr(name, data)


def build_zip(path: Path, members, *, compression=zipfile.ZIP_DEFLATED) -> Path:
    """Hand-built archive; members are (name or ZipInfo, bytes). Duplicate names are allowed on purpose."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # zipfile warns about duplicate names; that is the point
        with zipfile.ZipFile(path, "w", compression) as archive:
            for name, data in members:
                archive.writestr(name, data)
    return path


def good_manifest_bytes() -> bytes:
    return json.dumps({"format": "kbdesk-bundle", "format_version": 1, "bundle_id": "x", "files": []}).encode()


def tree(folder: Path) -> set[str]:
    return {str(p.relative_to(folder)) for p in folder.rglob("*")}


# --------------------------------------------------------------------------- ticket


@pytest.mark.parametrize(
    "impact, urgency, expected",
    [
        ("high", "high", Priority.P1),
        ("high", "medium", Priority.P2),
        ("medium", "high", Priority.P2),
        ("high", "low", Priority.P3),
        ("medium", "medium", Priority.P3),
        ("low", "high", Priority.P3),
        ("medium", "low", Priority.P4),
        ("low", "medium", Priority.P4),
        ("low", "low", Priority.P5),
    ],
)
def test_itil_matrix(impact, urgency, expected):
    assert Ticket("x", impact=impact, urgency=urgency).priority is expected
    assert priority_for(impact, urgency) is expected


def test_priority_labels_and_numeric_levels():
    assert Priority.P1.label == "P1 Critical"
    assert Priority.P5.label == "P5 Planning"
    ticket = Ticket("x", impact=1, urgency="3")  # ITIL numbering: 1 = high
    assert (ticket.impact, ticket.urgency) == ("high", "low")
    assert ticket.priority is Priority.P3
    assert Ticket("x", impact="MED").impact == "medium"


@pytest.mark.parametrize("bad", ["urgent", 0, 4, True, None, "critical"])
def test_invalid_level_is_refused(bad):
    with pytest.raises(BundleError):
        Ticket("x", impact=bad)


# --------------------------------------------------------------------------- writing


def test_round_trip(tmp_path):
    path = tmp_path / "case.kbbundle"
    info = write_good(path)
    assert info.path == path and path.is_file()
    assert info.sha256 == file_sha256(path) == hashlib.sha256(path.read_bytes()).hexdigest()
    assert info.members[0] == "manifest.json"
    assert set(info.members) == {
        "manifest.json",
        "ticket.json",
        "ticket.md",
        "trail.json",
        "diagnostics/system.json",
        "diagnostics/network.txt",
        "attachments/screenshot.png",
    }

    with open_bundle(path) as opened:
        assert opened.verify.ok, opened.verify
        assert opened.problems == ()
        assert opened.ticket == make_ticket()
        assert opened.ticket.priority is Priority.P2
        assert opened.trail == TRAIL
        assert opened.bundle_id == info.bundle_id
        assert opened.diagnostics == {
            "system.json": {"os": "linux", "disk_free_gb": 12},
            "network.txt": "default via host1\n",
        }
        assert opened.attachments["screenshot.png"].read_bytes() == bytes(range(256)) * 10
        manifest = opened.manifest
        assert manifest["format"] == "kbdesk-bundle"
        assert manifest["format_version"] == 1
        assert manifest["kbdesk_version"] == __version__
        assert manifest["created_at"].endswith("Z")
        assert manifest["redaction"] == REDACTION
        assert manifest["consent"] == CONSENT
        ticket_doc = json.loads(opened.members["ticket.json"].read_text())
        assert ticket_doc["priority"] == "P2" and ticket_doc["priority_label"] == "P2 High"
        assert ticket_doc["created_at"] == manifest["created_at"]
        markdown = opened.members["ticket.md"].read_text()
        assert "# Wi-Fi connected but nothing loads" in markdown
        assert "P2 High" in markdown
        assert "wifi connected no internet" in markdown
        # the description holds a ``` fence; it must not break out of its block
        assert "````text" in markdown
        root = opened.root
        assert stat.S_IMODE(root.stat().st_mode) == 0o700
    assert not root.exists()


def test_manifest_lists_every_member_with_its_sha256(tmp_path):
    path = tmp_path / "case.kbbundle"
    write_good(path)
    with zipfile.ZipFile(path) as archive:
        manifest = json.loads(archive.read("manifest.json"))
        names = set(archive.namelist()) - {"manifest.json"}
        listed = {f["name"]: f for f in manifest["files"]}
        assert set(listed) == names
        for name in names:
            data = archive.read(name)
            assert listed[name]["sha256"] == hashlib.sha256(data).hexdigest()
            assert listed[name]["size"] == len(data)
        assert all(i.compress_type == zipfile.ZIP_DEFLATED for i in archive.infolist())


def test_final_scan_sees_every_member_as_text(tmp_path):
    seen = {}
    write_good(tmp_path / "case.kbbundle", final_scan=lambda name, text: seen.setdefault(name, text))
    assert set(seen) >= {"manifest.json", "ticket.json", "ticket.md", "trail.json", "attachments/screenshot.png"}
    assert all(isinstance(text, str) for text in seen.values())
    assert "<EMAIL-1>" in seen["ticket.json"]


def test_attachment_names_are_sanitised_and_deduplicated(tmp_path):
    items = [
        BundleItem("attachments/my report (1).PDF", b"a"),
        BundleItem("attachments/my report [1].PDF", b"b"),
        BundleItem("attachments/.hidden", b"c"),
        BundleItem("attachments/Ärger.txt", b"d"),
    ]
    info = write_good(tmp_path / "case.kbbundle", items=items)
    names = [n for n in info.members if n.startswith("attachments/")]
    assert names == [
        "attachments/my_report__1_.PDF",
        "attachments/my_report__1_-2.PDF",
        "attachments/hidden",
        "attachments/Arger.txt",
    ]
    assert ("attachments/.hidden", "attachments/hidden") in info.renamed
    assert verify_bundle(info.path).ok


@pytest.mark.parametrize(
    "raw, expected",
    [
        ("C:\\Users\\me\\Desktop\\shot.png", "shot.png"),
        ("/home/me/notes.txt", "notes.txt"),
        ("", "attachment"),
        ("...", "attachment"),
        ("CON.txt", "_CON.txt"),
        ("a" * 300 + ".log", "a" * 96 + ".log"),
    ],
)
def test_safe_attachment_name(raw, expected):
    assert safe_attachment_name(raw) == expected


@pytest.mark.parametrize(
    "name",
    [
        "/etc/passwd",
        "C:/evil.txt",
        "diagnostics\\evil.json",
        "diagnostics/../../evil.json",
        "attachments/../manifest.json",
        "ticket.json",
        "manifest.json",
        "other/file.txt",
        "diagnostics/system.exe",
        "diagnostics/sub/x.json",
        "attachments/sub/x.png",
    ],
)
def test_bad_item_names_are_refused(tmp_path, name):
    with pytest.raises(BundleError):
        write_good(tmp_path / "case.kbbundle", items=[BundleItem(name, b"x")])
    assert list(tmp_path.iterdir()) == []


def test_duplicate_items_are_refused(tmp_path):
    items = [BundleItem("diagnostics/a.json", b"{}"), BundleItem("diagnostics/a.json", b"{}")]
    with pytest.raises(BundleError, match="twice"):
        write_good(tmp_path / "case.kbbundle", items=items)
    items = [BundleItem("diagnostics/a.json", b"{}"), BundleItem("diagnostics/A.json", b"{}")]
    with pytest.raises(BundleError, match="twice"):
        write_good(tmp_path / "case.kbbundle", items=items)


def test_consent_time_and_summary_are_required(tmp_path):
    with pytest.raises(BundleError, match="agreed_at"):
        write_good(tmp_path / "a.kbbundle", consent={"items": []})
    with pytest.raises(BundleError, match="summary"):
        write_good(tmp_path / "b.kbbundle", ticket=Ticket("  "))
    with pytest.raises(BundleError, match="JSON"):
        write_good(tmp_path / "c.kbbundle", trail={"when": object()})
    assert list(tmp_path.iterdir()) == []


def test_writer_respects_size_limits(tmp_path):
    limits = BundleLimits(max_member_bytes=1000)
    with pytest.raises(BundleError, match="limit"):
        write_good(
            tmp_path / "case.kbbundle", items=[BundleItem("attachments/big.bin", os.urandom(2000))], limits=limits
        )
    assert list(tmp_path.iterdir()) == []


def test_highly_compressible_member_is_stored_so_the_bundle_still_opens(tmp_path):
    path = tmp_path / "case.kbbundle"
    write_good(path, items=[BundleItem("diagnostics/repeat.txt", b"same line\n" * 300_000)])  # 3 MB
    with zipfile.ZipFile(path) as archive:
        assert archive.getinfo("diagnostics/repeat.txt").compress_type == zipfile.ZIP_STORED
    with open_bundle(path) as opened:
        assert opened.verify.ok
        assert opened.diagnostics["repeat.txt"].count("same line") == 300_000


# --------------------------------------------------------------------------- atomic write


class Refused(Exception):
    pass


def refuse_attachments(name, text):
    if name.startswith("attachments/"):
        raise Refused(f"secret found in {name}")


def test_failed_scan_leaves_no_file_and_no_temp_litter(tmp_path):
    target = tmp_path / "case.kbbundle"
    with pytest.raises(Refused):
        write_good(target, final_scan=refuse_attachments)
    assert list(tmp_path.iterdir()) == []


def test_failed_write_keeps_the_existing_bundle(tmp_path):
    target = tmp_path / "case.kbbundle"
    first = write_good(target)
    before = target.read_bytes()
    with pytest.raises(Refused):
        write_good(target, ticket=make_ticket(summary="another"), final_scan=refuse_attachments)
    assert target.read_bytes() == before
    assert file_sha256(target) == first.sha256
    assert verify_bundle(target).ok
    assert [p.name for p in tmp_path.iterdir()] == ["case.kbbundle"]


def test_failed_replace_leaves_no_temp_litter(tmp_path):
    target = tmp_path / "case.kbbundle"
    target.mkdir()  # os.replace cannot put a file over a folder
    with pytest.raises(BundleError):
        write_good(target)
    assert [p.name for p in tmp_path.iterdir()] == ["case.kbbundle"]
    assert list(target.iterdir()) == []


def test_overwrite_replaces_atomically(tmp_path):
    target = tmp_path / "case.kbbundle"
    write_good(target)
    second = write_good(target, ticket=make_ticket(summary="second"))
    with open_bundle(target) as opened:
        assert opened.ticket.summary == "second"
        assert opened.bundle_id == second.bundle_id


# --------------------------------------------------------------------------- tamper detection


def test_changed_member_is_named(tmp_path):
    good = tmp_path / "good.kbbundle"
    write_good(good)
    bad = tmp_path / "bad.kbbundle"
    rewrite_zip(good, bad, replace={"diagnostics/network.txt": b"default via 10.0.0.1\n"})
    result = verify_bundle(bad)
    assert not result.ok
    assert result.changed == ("diagnostics/network.txt",)
    assert result.missing == result.extra == ()


def test_one_flipped_byte_is_caught(tmp_path):
    good = tmp_path / "good.kbbundle"
    write_good(good)
    bad = tmp_path / "bad.kbbundle"
    with zipfile.ZipFile(good) as archive:
        ticket = bytearray(archive.read("ticket.json"))
    ticket[ticket.index(b"high")] = ord("H")
    rewrite_zip(good, bad, replace={"ticket.json": bytes(ticket)})
    assert verify_bundle(bad).changed == ("ticket.json",)


def test_removed_member_is_named(tmp_path):
    good = tmp_path / "good.kbbundle"
    write_good(good)
    bad = tmp_path / "bad.kbbundle"
    rewrite_zip(good, bad, drop={"attachments/screenshot.png"})
    result = verify_bundle(bad)
    assert not result.ok
    assert result.missing == ("attachments/screenshot.png",)
    assert result.changed == result.extra == ()
    with open_bundle(bad) as opened:
        assert opened.verify.missing == ("attachments/screenshot.png",)


def test_added_member_is_named(tmp_path):
    good = tmp_path / "good.kbbundle"
    write_good(good)
    bad = tmp_path / "bad.kbbundle"
    rewrite_zip(good, bad, add={"attachments/extra.txt": b"surprise"})
    result = verify_bundle(bad)
    assert not result.ok
    assert result.extra == ("attachments/extra.txt",)
    assert result.changed == result.missing == ()


def test_corrupt_compressed_data_is_reported_not_crashed(tmp_path):
    path = tmp_path / "case.kbbundle"
    write_good(path, items=[BundleItem("attachments/data.bin", os.urandom(5000))])
    with zipfile.ZipFile(path) as archive:
        info = archive.getinfo("attachments/data.bin")
        offset = info.header_offset + 30 + len(info.filename.encode()) + len(info.extra) + 100
    raw = bytearray(path.read_bytes())
    raw[offset] ^= 0xFF
    path.write_bytes(bytes(raw))
    result = verify_bundle(path)
    assert not result.ok
    assert "attachments/data.bin" in result.changed
    assert any("attachments/data.bin" in e for e in result.errors)


def test_missing_ticket_is_a_problem_not_a_crash(tmp_path):
    good = tmp_path / "good.kbbundle"
    write_good(good)
    bad = tmp_path / "bad.kbbundle"
    rewrite_zip(good, bad, drop={"ticket.json"})
    with open_bundle(bad) as opened:
        assert opened.ticket is None
        assert "ticket.json is missing" in opened.problems
        assert opened.verify.missing == ("ticket.json",)


# --------------------------------------------------------------------------- hostile archives


def symlink_info(name: str) -> zipfile.ZipInfo:
    info = zipfile.ZipInfo(name)
    info.create_system = 3
    info.external_attr = (stat.S_IFLNK | 0o777) << 16
    return info


def patch_declared_size(path: Path, member: str, size: int) -> None:
    """Make the central directory claim ``size`` uncompressed bytes for ``member``."""
    raw = bytearray(path.read_bytes())
    at = raw.index(b"PK\x01\x02")
    encoded = member.encode()
    while True:
        name_len = struct.unpack_from("<H", raw, at + 28)[0]
        if bytes(raw[at + 46 : at + 46 + name_len]) == encoded:
            struct.pack_into("<I", raw, at + 24, size)
            break
        at = raw.index(b"PK\x01\x02", at + 4)
    path.write_bytes(bytes(raw))


HOSTILE = {
    # case: (members, the member the refusal must name)
    "absolute path": (
        [("manifest.json", good_manifest_bytes()), ("/tmp/kbdesk-evil.txt", b"x")],
        "/tmp/kbdesk-evil.txt",
    ),
    "windows drive": ([("manifest.json", good_manifest_bytes()), ("C:/evil.txt", b"x")], "C:/evil.txt"),
    "backslash traversal": ([("manifest.json", good_manifest_bytes()), ("..\\..\\escaped.txt", b"x")], "escaped.txt"),
    "dot-dot traversal": (
        [("manifest.json", good_manifest_bytes()), ("attachments/../../../escaped.txt", b"x")],
        "attachments/../../../escaped.txt",
    ),
    "symlink": (
        [("manifest.json", good_manifest_bytes()), (symlink_info("attachments/link"), b"/etc/passwd")],
        "attachments/link",
    ),
    "duplicate names": (
        [("manifest.json", good_manifest_bytes()), ("ticket.json", b"{}"), ("ticket.json", b"{}")],
        "ticket.json",
    ),
    "case duplicate": ([("manifest.json", good_manifest_bytes()), ("a.txt", b"1"), ("A.txt", b"2")], "A.txt"),
    "file and folder": ([("manifest.json", good_manifest_bytes()), ("x", b"1"), ("x/y", b"2")], "'x'"),
    "device name": ([("manifest.json", good_manifest_bytes()), ("attachments/NUL.txt", b"1")], "attachments/NUL.txt"),
}


@pytest.mark.parametrize("case", sorted(HOSTILE))
def test_hostile_archive_is_refused_and_nothing_escapes(tmp_path, case):
    members, named = HOSTILE[case]
    path = build_zip(tmp_path / "hostile.kbbundle", members)
    work = tmp_path / "work" / "inner"
    work.mkdir(parents=True)
    before = tree(tmp_path)
    with pytest.raises(UnsafeBundleError) as caught:
        open_bundle(path, temp_dir=work)
    assert named in str(caught.value)
    assert caught.value.hint
    with pytest.raises(UnsafeBundleError):
        verify_bundle(path)
    assert tree(tmp_path) == before  # no temp folder left, nothing written next to it
    assert not Path("/tmp/kbdesk-evil.txt").exists()


def test_refusal_names_the_member(tmp_path):
    path = build_zip(tmp_path / "h.kbbundle", HOSTILE["dot-dot traversal"][0])
    with pytest.raises(UnsafeBundleError, match=r"attachments/\.\./\.\./\.\./escaped\.txt"):
        open_bundle(path)
    path = build_zip(tmp_path / "s.kbbundle", HOSTILE["symlink"][0])
    with pytest.raises(UnsafeBundleError, match=r"attachments/link.*symbolic link"):
        open_bundle(path)


def test_zip_bomb_is_refused(tmp_path):
    path = build_zip(
        tmp_path / "bomb.kbbundle",
        [("manifest.json", good_manifest_bytes()), ("diagnostics/zeros.txt", bytes(50 * 1024 * 1024))],
    )
    assert path.stat().st_size < 1024 * 1024
    work = tmp_path / "work"
    work.mkdir()
    with pytest.raises(UnsafeBundleError, match="zip bomb"):
        open_bundle(path, temp_dir=work)
    assert list(work.iterdir()) == []


def test_oversized_member_is_refused(tmp_path):
    path = build_zip(
        tmp_path / "big.kbbundle", [("manifest.json", good_manifest_bytes()), ("attachments/big.bin", os.urandom(4096))]
    )
    with pytest.raises(UnsafeBundleError, match=r"attachments/big\.bin.*limit"):
        open_bundle(path, limits=BundleLimits(max_member_bytes=1000))
    with pytest.raises(UnsafeBundleError, match="more than"):
        open_bundle(path, limits=BundleLimits(max_total_bytes=3000))


def test_header_claiming_a_huge_member_is_refused_before_reading(tmp_path):
    path = build_zip(
        tmp_path / "liar.kbbundle",
        [("manifest.json", good_manifest_bytes()), ("attachments/a.bin", os.urandom(100))],
        compression=zipfile.ZIP_STORED,
    )
    patch_declared_size(path, "attachments/a.bin", 300 * 1024 * 1024)
    with pytest.raises(UnsafeBundleError, match=r"attachments/a\.bin"):
        open_bundle(path)


def test_header_understating_the_size_cannot_smuggle_data(tmp_path):
    # 3 MB of zeros declared as 500 kB: below the ratio threshold on paper
    path = build_zip(
        tmp_path / "liar.kbbundle",
        [("manifest.json", good_manifest_bytes()), ("diagnostics/z.txt", bytes(3 * 1024 * 1024))],
    )
    patch_declared_size(path, "diagnostics/z.txt", 500 * 1024)
    with open_bundle(path) as opened:
        assert "diagnostics/z.txt" not in opened.members
        assert any("diagnostics/z.txt" in e for e in opened.verify.errors)
        assert sum(p.stat().st_size for p in opened.root.rglob("*") if p.is_file()) <= 500 * 1024


def test_too_many_members_is_refused(tmp_path):
    members = [("manifest.json", good_manifest_bytes())] + [(f"attachments/{i}.txt", b"x") for i in range(20)]
    path = build_zip(tmp_path / "many.kbbundle", members)
    with pytest.raises(UnsafeBundleError, match="members"):
        open_bundle(path, limits=BundleLimits(max_members=10))


@pytest.mark.parametrize(
    "members, message",
    [
        ([("ticket.json", b"{}")], "no manifest"),
        ([("manifest.json", b"{not json")], "not valid JSON"),
        ([("manifest.json", b"[]")], "not a JSON object"),
        ([("manifest.json", json.dumps({"format": "other", "format_version": 1, "files": []}).encode())], "format"),
        (
            [("manifest.json", json.dumps({"format": "kbdesk-bundle", "format_version": 2, "files": []}).encode())],
            "version 2",
        ),
        (
            [("manifest.json", json.dumps({"format": "kbdesk-bundle", "format_version": "1", "files": []}).encode())],
            "format_version",
        ),
        (
            [
                (
                    "manifest.json",
                    json.dumps({"format": "kbdesk-bundle", "format_version": 1, "files": [{"name": "a"}]}).encode(),
                )
            ],
            r"field .files\[0\]\.size. is missing",
        ),
    ],
)
def test_unusable_manifest_is_refused(tmp_path, members, message):
    path = build_zip(tmp_path / "m.kbbundle", members)
    work = tmp_path / "work"
    work.mkdir()
    with pytest.raises(BundleError, match=message):
        open_bundle(path, temp_dir=work)
    with pytest.raises(BundleError, match=message):
        verify_bundle(path)
    assert list(work.iterdir()) == []


@pytest.mark.parametrize("content", [b"", b"just some text, not a zip", b"PK\x03\x04broken"])
def test_not_a_zip_is_refused(tmp_path, content):
    path = tmp_path / "x.kbbundle"
    path.write_bytes(content)
    with pytest.raises(BundleError, match="not a kbdesk bundle"):
        open_bundle(path)
    with pytest.raises(BundleError, match="not a kbdesk bundle"):
        verify_bundle(path)


def test_missing_file_is_a_bundle_error(tmp_path):
    with pytest.raises(BundleError, match="no such bundle"):
        open_bundle(tmp_path / "nope.kbbundle")
