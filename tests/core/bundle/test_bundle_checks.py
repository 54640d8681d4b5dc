"""diagnostics/checks.json: written into escalation bundles, read back through its schema, refused when malformed."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from checks_cases import cases, report_with

from kbdesk.commands.bundle import format_inspect_text, inspect_bundle
from kbdesk.core import escalation
from kbdesk.core.articles import load_folder
from kbdesk.core.bundle import CHECKS_JSON, BundleItem, Ticket, open_bundle, verify_bundle, write_bundle
from kbdesk.core.checks import CheckSet
from kbdesk.core.paths import bundled_articles_dir

CASES = {case.check: case for case in cases()}


@pytest.fixture(scope="module")
def starter() -> CheckSet:
    return CheckSet.from_articles(load_folder(bundled_articles_dir()).articles)


def _bundle(tmp_path: Path, report: dict[str, object], checks: CheckSet | None) -> Path:
    findings = escalation.check_findings(report, checks)
    ticket = escalation.build_ticket("Cannot save files", "Word says the disk is full", platform="linux")
    sources = [findings.source()]
    preview = escalation.build_preview(ticket, sources)
    return escalation.write_escalation(tmp_path / "case.kbbundle", preview).path


def test_the_bundle_carries_what_fired_and_the_reader_checks_it(tmp_path: Path, starter: CheckSet) -> None:
    report = report_with({**CASES["disk-space-full#home-disk-full"].fires, **CASES["slow-computer#low-memory"].fires})
    path = _bundle(tmp_path, report, starter)
    assert verify_bundle(path).ok
    with open_bundle(path) as opened:
        assert opened.problems == ()
        checks = opened.checks
        assert checks is not None and checks["format"] == "kbdesk-checks"
        fired = checks["fired"]
        assert [(h["article_id"], h["check_id"]) for h in fired] == [
            ("disk-space-full", "home-disk-full"),
            ("slow-computer", "low-memory"),
        ]
        assert fired[0]["found"] == "Your home disk is 97 % full: only 12.6 GB is free."
        assert fired[0]["article_title"] == "Low disk space or disk is full"
        assert checks["facts"]["disk.home.percent_used"] == {"value": 97.4, "unit": "percent"}
        assert "checks.json" in opened.diagnostics  # also listed with the other diagnostics
    info = inspect_bundle(path)
    assert [h["article_id"] for h in info["checks_fired"]] == ["disk-space-full", "slow-computer"]
    assert "What kbdesk found (checks of the articles)" in format_inspect_text(info)
    assert "Your home disk is 97 % full" in format_inspect_text(info)


def test_without_articles_the_bundle_still_carries_the_facts(tmp_path: Path) -> None:
    path = _bundle(tmp_path, report_with({}), None)
    with open_bundle(path) as opened:
        assert opened.checks is not None
        assert opened.checks["fired"] == [] and opened.checks["evaluated"] == 0
        assert opened.checks["facts"]["system.platform"]["value"] == "linux"


def test_checks_json_is_redacted_like_every_diagnostic(tmp_path: Path, starter: CheckSet) -> None:
    report = report_with({"os": {"system": "Linux", "name": "alice@example.com's workstation"}})
    path = _bundle(tmp_path, report, starter)
    with open_bundle(path) as opened:
        assert opened.checks is not None
        assert "alice@example.com" not in json.dumps(opened.checks)
        per_source = {e["source"]: e["counts"] for e in opened.manifest["redaction"]["per_source"]}
        assert per_source[CHECKS_JSON]


@pytest.mark.parametrize(
    ("doc", "words"),
    [
        ({"format": "kbdesk-checks", "fired": [{"article_id": "a", "check_id": "c"}]}, "fired[0].found' is missing"),
        ({"format": "kbdesk-checks", "fired": "everything"}, "field 'fired' must be a list"),
        ({"format": "kbdesk-checks", "facts": {"x": {"unit": 3}}}, "field 'facts.x.unit' must be text"),
        (
            {
                "format": "kbdesk-checks",
                "fired": [{"article_id": "a", "check_id": "c", "found": "f", "evidence": [{}]}],
            },
            "evidence[0].fact' is missing",
        ),
    ],
)
def test_a_malformed_checks_json_is_not_shown_and_says_why(tmp_path: Path, doc: dict[str, object], words: str) -> None:
    ticket = Ticket(summary="s", description="d")
    items = [BundleItem(CHECKS_JSON, json.dumps(doc).encode())]
    consent = {"agreed_at": "2026-11-20T09:20:00Z", "shown": "redacted preview of every item"}
    path = write_bundle(tmp_path / "b.kbbundle", ticket, {}, items, {}, consent).path
    with open_bundle(path) as opened:
        assert opened.checks is None
        problem = next(p for p in opened.problems if p.startswith(CHECKS_JSON))
        assert words in problem and problem.endswith("the checks are not shown")
