"""``kbdesk bundle inspect``: the summary (--json) and the text it prints, on real bundles."""

from __future__ import annotations

import json
import zipfile

from kbtest_helpers import tampered_copy, write_test_bundle

from kbdesk.commands.bundle import format_inspect_text, inspect_bundle


def test_inspect_summary_and_text(tmp_path):
    path = tmp_path / "case.kbbundle"
    info = write_test_bundle(path, impact="high", urgency="medium", attachment_bytes=100)
    summary = inspect_bundle(path)
    assert summary["bundle_sha256"] == info.sha256
    assert summary["bundle_id"] == info.bundle_id
    assert summary["verify"]["ok"] is True
    assert summary["ticket"]["priority"] == "P2"
    assert summary["diagnostics"] == ["os.json"]
    assert summary["attachments"] == ["capture.bin"]
    json.dumps(summary)  # JSON-ready for --json output
    text = format_inspect_text(summary)
    assert info.sha256 in text
    assert "P2 High" in text
    assert "OK" in text and "NOT OK" not in text
    assert "2026-12-01T10:00:00Z" in text  # when the person agreed


def test_inspect_shows_tampering(tmp_path):
    good = tmp_path / "good.kbbundle"
    write_test_bundle(good)
    bad = tampered_copy(good, tmp_path / "bad.kbbundle", "trail.json", b"{}")
    with zipfile.ZipFile(bad, "a") as archive:  # a member the manifest does not list
        archive.writestr("attachments/new.txt", b"x")
    text = format_inspect_text(inspect_bundle(bad))
    assert "NOT OK" in text
    assert "changed: trail.json" in text
    assert "extra: attachments/new.txt" in text
