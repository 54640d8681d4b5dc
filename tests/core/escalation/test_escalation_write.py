"""Escalation, step 3: what the preview shows is what the file holds, and nothing else."""

from __future__ import annotations

import json

import escalation_cases as cases
import pytest

from kbdesk.core import escalation, redaction
from kbdesk.core.analytics import Trail
from kbdesk.core.bundle import verify_bundle
from kbdesk.core.errors import RedactionError
from kbdesk.core.escalation import Source, build_preview, write_escalation


def test_excluded_items_are_absent_from_the_written_zip(tmp_path):
    preview = build_preview(
        cases.ticket(), cases.sources(), trail=Trail.from_dict(cases.TRAIL), hostname="", username=""
    )
    preview = preview.with_included("diagnostics/secretive.json", False).with_included("trail.json", False)
    info = write_escalation(tmp_path / "case.kbbundle", preview)
    members = cases.all_text(info.path)
    assert "diagnostics/secretive.json" not in members
    assert "diagnostics/network.json" in members and escalation.LOG_ITEM in members
    everything = "\n".join(members.values())
    assert "ONLY-IN-EXCLUDED-ITEM" not in everything
    assert "carol" not in everything
    # the trail was left out: trail.json is an empty object and its contents appear nowhere
    assert json.loads(members["trail.json"]) == {}
    assert "vpn fails for" not in everything
    manifest = json.loads(members["manifest.json"])
    consent_items = {i["name"]: i["included"] for i in manifest["consent"]["items"]}
    assert consent_items["diagnostics/secretive.json"] is False and consent_items["trail.json"] is False
    assert manifest["consent"]["agreed_at"].endswith("Z")
    sources = [s["source"] for s in manifest["redaction"]["per_source"]]
    assert "diagnostics/secretive.json" not in sources
    assert verify_bundle(info.path).ok


def test_a_secret_in_an_attachment_never_reaches_the_file(tmp_path):
    notes = tmp_path / "alice.txt"
    notes.write_text(
        f"aws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY\ntoken {cases.GH_TOKEN}\n"
        "-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQ\n"
        "-----END OPENSSH PRIVATE KEY-----\n"
    )
    source = escalation.read_attachment(notes)
    preview = build_preview(cases.ticket(), [source], trail=None, username="alice", hostname="")
    item = preview.item(source.key)
    assert "alice" not in item.name and item.name.startswith("attachments/")
    assert dict(item.counts)
    info = write_escalation(tmp_path / "case.kbbundle", preview)
    members = cases.all_text(info.path)
    for text in members.values():
        redaction.verify_clean(text, "member")
        assert cases.GH_TOKEN not in text and "wJalrXUtnFEMI" not in text and "b3BlbnNzaC1rZXkt" not in text
    assert not any("alice" in name for name in members)


def test_a_found_secret_inside_a_binary_attachment_refuses_the_bundle(tmp_path):
    log_text = "db: password=S3cretPassw0rd rejected\n"
    picture = tmp_path / "screen.png"
    picture.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00 typed: S3cretPassw0rd \x00\xff")
    sources = [
        Source(escalation.LOG_ITEM, escalation.LOG_ITEM, "log", escalation.KIND_LOG, text=log_text),
        escalation.read_attachment(picture),
    ]
    preview = build_preview(cases.ticket(), sources, trail=None, hostname="", username="")
    target = tmp_path / "case.kbbundle"
    with pytest.raises(RedactionError, match=r"attachments/screen\.png: line \d+: a secret redacted elsewhere") as info:
        write_escalation(target, preview)
    assert "S3cretPassw0rd" not in str(info.value) and "Nothing was written" in info.value.hint
    assert not target.exists() and not list(tmp_path.glob(".case.kbbundle.*"))
