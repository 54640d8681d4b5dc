"""Escalation composition: what the preview shows is what the file holds, and nothing else."""

from __future__ import annotations

import json
import zipfile
from datetime import UTC, datetime
from pathlib import Path

import pytest

from kbdesk.core import escalation
from kbdesk.core.analytics import AnalyticsStore, Trail
from kbdesk.core.bundle import verify_bundle
from kbdesk.core.diagnostics import collect_all
from kbdesk.core.errors import RedactionError
from kbdesk.core.escalation import Source, build_preview, build_ticket, write_escalation
from kbdesk.core.paths import state_paths

GH_TOKEN = "ghp_" + "Z" * 36
AWS_KEY = "AKIAIOSFODNN7EXAMPLE"


def _sources() -> list[Source]:
    return [
        Source(
            "diagnostics/network.json",
            "diagnostics/network.json",
            "Network",
            escalation.KIND_DIAGNOSTIC,
            text=json.dumps({"gateway": "192.168.7.1", "dns": ["10.20.30.40"], "note": "Contoso VPN profile"}),
        ),
        Source(
            "diagnostics/secretive.json",
            "diagnostics/secretive.json",
            "Secretive",
            escalation.KIND_DIAGNOSTIC,
            text=json.dumps({"marker": "ONLY-IN-EXCLUDED-ITEM", "owner": "carol@example.org"}),
        ),
        Source(
            escalation.LOG_ITEM,
            escalation.LOG_ITEM,
            "kbdesk log",
            escalation.KIND_LOG,
            text="2026-05-01 10:00:01 ERROR connect to 192.168.7.1 failed for dave@example.net\n",
        ),
    ]


TRAIL = {
    "format": "kbdesk-trail",
    "events": [
        {"kind": "search", "ts": "2026-05-01T09:59:00.000Z", "query": "vpn fails for erin@example.com at Contoso"},
        {
            "kind": "feedback",
            "ts": "2026-05-01T09:59:30.000Z",
            "article_id": "vpn",
            "helpful": False,
            "reason": "didnt_work",
            "comment": f"tried token {GH_TOKEN}",
        },
    ],
}


def _ticket(**changes) -> object:
    fields = dict(
        summary="VPN drops for frank@example.com",
        description=f"Contoso gateway 192.168.7.1, key {AWS_KEY}",
        impact="high",
        urgency="medium",
        contact="frank@example.com",
        platform="linux",
    )
    fields.update(changes)
    return build_ticket(**fields)


def _all_text(path: Path) -> dict[str, str]:
    with zipfile.ZipFile(path) as archive:
        return {name: archive.read(name).decode("utf-8", errors="replace") for name in archive.namelist()}


def test_excluded_items_are_absent_from_the_written_zip(tmp_path):
    preview = build_preview(_ticket(), _sources(), trail=Trail.from_dict(TRAIL), hostname="", username="")
    preview = preview.with_included("diagnostics/secretive.json", False).with_included("trail.json", False)
    info = write_escalation(tmp_path / "case.kbbundle", preview)
    members = _all_text(info.path)
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


def test_ticket_and_trail_are_redacted_and_placeholders_are_consistent(tmp_path):
    preview = build_preview(
        _ticket(), _sources(), trail=Trail.from_dict(TRAIL), custom_terms=["Contoso"], hostname="", username=""
    )
    info = write_escalation(tmp_path / "case.kbbundle", preview)
    members = _all_text(info.path)
    ticket = json.loads(members["ticket.json"])
    assert "frank@example.com" not in ticket["summary"] and "<EMAIL-1>" in ticket["summary"]
    assert AWS_KEY not in ticket["description"] and "Contoso" not in ticket["description"]
    assert ticket["contact"] == "frank@example.com"  # the person's own contact stays, on purpose
    trail = json.loads(members["trail.json"])
    assert "erin@example.com" not in json.dumps(trail) and GH_TOKEN not in json.dumps(trail)
    assert "<CUSTOM-1>" in trail["events"][0]["query"]
    # the same gateway address is the same placeholder in the ticket, a diagnostic and the log
    assert "<IPV4-1>" in ticket["description"]
    assert '"<IPV4-1>"' in members["diagnostics/network.json"]
    assert "<IPV4-1>" in members[escalation.LOG_ITEM]
    everything = "\n".join(v for k, v in members.items() if k != "ticket.json")
    for value in ("192.168.7.1", "Contoso", "dave@example.net", AWS_KEY, GH_TOKEN):
        assert value not in everything
    for text in members.values():
        escalation.redaction.verify_clean(text, "member")


def test_a_kept_category_stays_and_others_are_still_redacted(tmp_path):
    preview = build_preview(
        _ticket(), _sources(), trail=Trail.from_dict(TRAIL), disabled_categories=["ipv4"], hostname="", username=""
    )
    assert preview.disabled_categories == ("ipv4",)
    info = write_escalation(tmp_path / "case.kbbundle", preview)
    members = _all_text(info.path)
    assert "192.168.7.1" in members["diagnostics/network.json"]
    assert "dave@example.net" not in members[escalation.LOG_ITEM]
    manifest = json.loads(members["manifest.json"])
    assert manifest["consent"]["categories"]["ipv4"] == "kept"
    assert manifest["consent"]["categories"]["email"] == "redacted"
    assert manifest["redaction"]["disabled_categories"] == ["ipv4"]


def test_secrets_cannot_be_kept():
    with pytest.raises(RedactionError):
        build_preview(_ticket(), [], trail=None, disabled_categories=["password"])


def test_custom_term_from_the_settings_is_redacted_everywhere(tmp_path):
    preview = build_preview(
        _ticket(), _sources(), trail=Trail.from_dict(TRAIL), custom_terms=["contoso"], hostname="", username=""
    )
    network = preview.item("diagnostics/network.json")
    assert dict(network.counts)["custom"] == 1 and "Contoso" not in network.redacted_text
    info = write_escalation(tmp_path / "case.kbbundle", preview)
    assert "contoso" not in "\n".join(_all_text(info.path).values()).lower()


def test_a_secret_in_an_attachment_never_reaches_the_file(tmp_path):
    notes = tmp_path / "alice.txt"
    notes.write_text(
        f"aws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY\ntoken {GH_TOKEN}\n"
        "-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQ\n"
        "-----END OPENSSH PRIVATE KEY-----\n"
    )
    source = escalation.read_attachment(notes)
    preview = build_preview(_ticket(), [source], trail=None, username="alice", hostname="")
    item = preview.item(source.key)
    assert "alice" not in item.name and item.name.startswith("attachments/")
    assert dict(item.counts)
    info = write_escalation(tmp_path / "case.kbbundle", preview)
    members = _all_text(info.path)
    for text in members.values():
        escalation.redaction.verify_clean(text, "member")
        assert GH_TOKEN not in text and "wJalrXUtnFEMI" not in text and "b3BlbnNzaC1rZXkt" not in text
    assert not any("alice" in name for name in members)


def test_binary_attachment_is_sent_as_is_and_marked(tmp_path):
    picture = tmp_path / "screen.png"
    picture.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))
    preview = build_preview(_ticket(), [escalation.read_attachment(picture)], trail=None, hostname="", username="")
    item = preview.item(escalation.read_attachment(picture).key)
    assert not item.redactable and "cannot be redacted" in item.redacted_text
    info = write_escalation(tmp_path / "case.kbbundle", preview)
    with zipfile.ZipFile(info.path) as archive:
        assert archive.read("attachments/screen.png") == picture.read_bytes()
        manifest = json.loads(archive.read("manifest.json"))
    assert manifest["redaction"]["not_redactable"] == ["attachments/screen.png"]


def test_attachment_size_limit(tmp_path):
    big = tmp_path / "big.log"
    big.write_bytes(b"x" * 2048)
    with pytest.raises(escalation.EscalationError, match="limited"):
        escalation.read_attachment(big, max_bytes=1024)
    with pytest.raises(escalation.EscalationError, match="does not exist"):
        escalation.read_attachment(tmp_path / "nope.txt")


def test_real_diagnostics_become_valid_json_items(tmp_path):
    from kbdesk.core.diagnostics import DiagnosticsOptions

    report = collect_all(DiagnosticsOptions(display={"screens": [{"name": "X", "width": 800, "height": 600}]}))
    sources = escalation.diagnostics_sources(report)
    names = [s.name for s in sources]
    assert "diagnostics/os.json" in names and names[-1] == escalation.LOG_ITEM
    assert "diagnostics/log.json" not in names
    preview = build_preview(_ticket(), sources, trail=None)
    for item in preview.items:
        if item.name.startswith("diagnostics/") and item.name.endswith(".json"):
            json.loads(item.redacted_text)
    info = write_escalation(tmp_path / "case.kbbundle", preview)
    assert verify_bundle(info.path).ok


def test_diagnostics_options_from_settings():
    from kbdesk.core.settings import Settings

    settings = Settings().with_value("diagnostic_hosts", ["intranet.example", "mail.example:993", "[::1]:8080", "::1"])
    options = escalation.diagnostics_options(settings)
    assert options.dns_hosts == ("intranet.example", "mail.example", "::1")
    assert options.tcp_targets == (("mail.example", 993), ("::1", 8080))


def test_escalation_is_recorded_in_the_session(tmp_path):
    with AnalyticsStore.open(state_paths().analytics_db) as store:
        session = store.start_session("linux", "test")
        store.record_search(session, "vpn drops", "keyword", ["vpn"], 3.0, False)
        trail = escalation.load_trail(session_id=session)
        assert trail is not None and trail.searches[0].query == "vpn drops"
        preview = build_preview(_ticket(), [], trail=trail, hostname="", username="")
        info = write_escalation(tmp_path / "case.kbbundle", preview, agreed_at=datetime(2026, 5, 1, 12, 0, tzinfo=UTC))
        # what the GUI's analytics lane does once the bundle is saved: the redacted summary goes in
        store.record_escalation(session, info.bundle_id, preview.ticket.summary)
        events = store.trail(session).escalations
    assert [e.bundle_id for e in events] == [info.bundle_id]
    assert "frank@example.com" not in events[0].summary


def test_recent_trail_without_a_session():
    with AnalyticsStore.open(state_paths().analytics_db) as store:
        session = store.start_session("linux", "test")
        store.record_search(session, "printer offline", "keyword", [], 1.0, False)
    trail = escalation.load_trail()
    assert trail is not None and [e.query for e in trail.searches] == ["printer offline"]
    assert escalation.load_trail(enabled=False) is None


# --------------------------------------------------------------------------- consistency across items (issue 17)


def test_a_value_found_in_an_attachment_is_replaced_in_the_ticket_too(tmp_path):
    # the newcomer's trial: user=alice.w in an attachment, "alice.w" in the description
    notes = tmp_path / "sso.log"
    notes.write_text("2026-05-02 09:12:44 INFO sso: login ok user=alice.w method=kerberos\n")
    ticket = build_ticket(
        "Portal says alice.w has no access",
        "I am alice.w. My temp password is Hunter2Secret! and the log says Hunter2Secret! expired.",
    )
    source = escalation.read_attachment(notes)
    preview = build_preview(ticket, [source], trail=Trail.from_dict(TRAIL), hostname="", username="")
    attachment = preview.item(source.key).redacted_text
    assert "alice.w" not in attachment and "user=<USER-1>" in attachment
    assert preview.ticket.summary == "Portal says <USER-1> has no access"
    assert "alice.w" not in preview.ticket.description and "Hunter2Secret" not in preview.ticket.description
    assert preview.ticket.description.count("<PASSWORD-1>") == 2
    ticket_item = preview.item("ticket.json")
    assert dict(ticket_item.counts)["user"] == 2  # the summary and the description, found only in the second pass
    info = write_escalation(tmp_path / "case.kbbundle", preview)
    for name, text in _all_text(info.path).items():
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


def test_a_found_secret_inside_a_binary_attachment_refuses_the_bundle(tmp_path):
    log_text = "db: password=S3cretPassw0rd rejected\n"
    picture = tmp_path / "screen.png"
    picture.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00 typed: S3cretPassw0rd \x00\xff")
    sources = [
        Source(escalation.LOG_ITEM, escalation.LOG_ITEM, "log", escalation.KIND_LOG, text=log_text),
        escalation.read_attachment(picture),
    ]
    preview = build_preview(_ticket(), sources, trail=None, hostname="", username="")
    target = tmp_path / "case.kbbundle"
    with pytest.raises(RedactionError, match=r"attachments/screen\.png: line \d+: a secret redacted elsewhere") as info:
        write_escalation(target, preview)
    assert "S3cretPassw0rd" not in str(info.value) and "Nothing was written" in info.value.hint
    assert not target.exists() and not list(tmp_path.glob(".case.kbbundle.*"))
