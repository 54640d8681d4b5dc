"""Escalation, step 2: the preview redacts the ticket, the trail and every item with one redactor,
consistently across items (issue 17)."""

from __future__ import annotations

import json
import zipfile

import escalation_cases as cases
import pytest

from kbdesk.core import escalation, redaction
from kbdesk.core.analytics import Trail
from kbdesk.core.errors import RedactionError
from kbdesk.core.escalation import Source, build_preview, build_ticket, write_escalation


def test_ticket_and_trail_are_redacted_and_placeholders_are_consistent(tmp_path):
    preview = build_preview(
        cases.ticket(),
        cases.sources(),
        trail=Trail.from_dict(cases.TRAIL),
        custom_terms=["Contoso"],
        hostname="",
        username="",
    )
    info = write_escalation(tmp_path / "case.kbbundle", preview)
    members = cases.all_text(info.path)
    ticket = json.loads(members["ticket.json"])
    assert "frank@example.com" not in ticket["summary"] and "<EMAIL-1>" in ticket["summary"]
    assert cases.AWS_KEY not in ticket["description"] and "Contoso" not in ticket["description"]
    assert ticket["contact"] == "frank@example.com"  # the person's own contact stays, on purpose
    trail = json.loads(members["trail.json"])
    assert "erin@example.com" not in json.dumps(trail) and cases.GH_TOKEN not in json.dumps(trail)
    assert "<CUSTOM-1>" in trail["events"][0]["query"]
    # the same gateway address is the same placeholder in the ticket, a diagnostic and the log
    assert "<IPV4-1>" in ticket["description"]
    assert '"<IPV4-1>"' in members["diagnostics/network.json"]
    assert "<IPV4-1>" in members[escalation.LOG_ITEM]
    everything = "\n".join(v for k, v in members.items() if k != "ticket.json")
    for value in ("192.168.7.1", "Contoso", "dave@example.net", cases.AWS_KEY, cases.GH_TOKEN):
        assert value not in everything
    for text in members.values():
        redaction.verify_clean(text, "member")


def test_a_kept_category_stays_and_others_are_still_redacted(tmp_path):
    preview = build_preview(
        cases.ticket(),
        cases.sources(),
        trail=Trail.from_dict(cases.TRAIL),
        disabled_categories=["ipv4"],
        hostname="",
        username="",
    )
    assert preview.disabled_categories == ("ipv4",)
    info = write_escalation(tmp_path / "case.kbbundle", preview)
    members = cases.all_text(info.path)
    assert "192.168.7.1" in members["diagnostics/network.json"]
    assert "dave@example.net" not in members[escalation.LOG_ITEM]
    manifest = json.loads(members["manifest.json"])
    assert manifest["consent"]["categories"]["ipv4"] == "kept"
    assert manifest["consent"]["categories"]["email"] == "redacted"
    assert manifest["redaction"]["disabled_categories"] == ["ipv4"]


def test_secrets_cannot_be_kept():
    with pytest.raises(RedactionError):
        build_preview(cases.ticket(), [], trail=None, disabled_categories=["password"])


def test_custom_term_from_the_settings_is_redacted_everywhere(tmp_path):
    preview = build_preview(
        cases.ticket(),
        cases.sources(),
        trail=Trail.from_dict(cases.TRAIL),
        custom_terms=["contoso"],
        hostname="",
        username="",
    )
    network = preview.item("diagnostics/network.json")
    assert dict(network.counts)["custom"] == 1 and "Contoso" not in network.redacted_text
    info = write_escalation(tmp_path / "case.kbbundle", preview)
    assert "contoso" not in "\n".join(cases.all_text(info.path).values()).lower()


def test_binary_attachment_is_sent_as_is_and_marked(tmp_path):
    picture = tmp_path / "screen.png"
    picture.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))
    preview = build_preview(cases.ticket(), [escalation.read_attachment(picture)], trail=None, hostname="", username="")
    item = preview.item(escalation.read_attachment(picture).key)
    assert not item.redactable and "cannot be redacted" in item.redacted_text
    info = write_escalation(tmp_path / "case.kbbundle", preview)
    with zipfile.ZipFile(info.path) as archive:
        assert archive.read("attachments/screen.png") == picture.read_bytes()
        manifest = json.loads(archive.read("manifest.json"))
    assert manifest["redaction"]["not_redactable"] == ["attachments/screen.png"]


def test_a_value_found_in_an_attachment_is_replaced_in_the_ticket_too(tmp_path):
    # the newcomer's trial: user=alice.w in an attachment, "alice.w" in the description
    notes = tmp_path / "sso.log"
    notes.write_text("2026-05-02 09:12:44 INFO sso: login ok user=alice.w method=kerberos\n")
    ticket = build_ticket(
        "Portal says alice.w has no access",
        "I am alice.w. My temp password is Hunter2Secret! and the log says Hunter2Secret! expired.",
    )
    source = escalation.read_attachment(notes)
    preview = build_preview(ticket, [source], trail=Trail.from_dict(cases.TRAIL), hostname="", username="")
    attachment = preview.item(source.key).redacted_text
    assert "alice.w" not in attachment and "user=<USER-1>" in attachment
    assert preview.ticket.summary == "Portal says <USER-1> has no access"
    assert "alice.w" not in preview.ticket.description and "Hunter2Secret" not in preview.ticket.description
    assert preview.ticket.description.count("<PASSWORD-1>") == 2
    ticket_item = preview.item("ticket.json")
    assert dict(ticket_item.counts)["user"] == 2  # the summary and the description, found only in the second pass
    info = write_escalation(tmp_path / "case.kbbundle", preview)
    for name, text in cases.all_text(info.path).items():
        assert "alice.w" not in text and "Hunter2Secret" not in text, name


def test_the_second_pass_reaches_the_trail_and_other_items_but_not_placeholders_or_longer_words():
    log_text = "connect failed: password=Winter#2025 user=bwayne\n"
    sources = [
        Source(escalation.LOG_ITEM, escalation.LOG_ITEM, "log", escalation.KIND_LOG, text=log_text),
        Source(
            "diagnostics/notes.json",
            "diagnostics/notes.json",
            "Notes",
            escalation.KIND_DIAGNOSTIC,
            text=json.dumps({"note": "bwayne tried Winter#2025 twice; bwaynes and xbwayne are other people"}),
        ),
    ]
    trail = Trail.from_dict(
        {
            "format": "kbdesk-trail",
            "events": [{"kind": "search", "ts": "2026-05-01T09:59:00.000Z", "query": "bwayne locked out"}],
        }
    )
    preview = build_preview(build_ticket("locked out"), sources, trail=trail, hostname="", username="")
    notes = json.loads(preview.item("diagnostics/notes.json").redacted_text)["note"]
    assert notes == "<USER-1> tried <PASSWORD-1> twice; bwaynes and xbwayne are other people"
    assert preview.trail["events"][0]["query"] == "<USER-1> locked out"
