"""Escalation, step 1: what is collected (diagnostics sections, the trail, attachments) before redaction."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import escalation_cases as cases
import pytest

from kbdesk.core import escalation
from kbdesk.core.analytics import AnalyticsStore
from kbdesk.core.bundle import verify_bundle
from kbdesk.core.diagnostics import collect_all
from kbdesk.core.escalation import build_preview, write_escalation
from kbdesk.core.paths import state_paths


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
    preview = build_preview(cases.ticket(), sources, trail=None)
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
        preview = build_preview(cases.ticket(), [], trail=trail, hostname="", username="")
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
