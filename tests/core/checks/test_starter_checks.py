"""Every check of the starter articles, against a saved report where it fires and one where it does not."""

from __future__ import annotations

from pathlib import Path

import pytest
from checks_cases import Case, cases, healthy_report, report_with, write_report

from kbdesk.core.articles import load_folder
from kbdesk.core.checks import CheckSet, facts_from_report, read_diagnostics_file
from kbdesk.core.paths import bundled_articles_dir

CASES = cases()


@pytest.fixture(scope="module")
def starter() -> CheckSet:
    loaded = load_folder(bundled_articles_dir())
    assert not [i for i in loaded.issues if i.code.startswith("check-")], "the starter checks lint clean"
    return CheckSet.from_articles(loaded.articles)


def _fired(checks: CheckSet, report: dict[str, object], tmp_path: Path) -> dict[str, str]:
    """The checks that fire on ``report``, read back from a saved file as `kbdesk suggest --diagnostics` reads it."""
    saved = read_diagnostics_file(write_report(tmp_path / "report.json", report))
    facts = facts_from_report(saved, source="report.json")
    return {hit.key: hit.sentence for hit in checks.evaluate(facts.values, platform=facts.platform).hits}


def test_every_starter_check_has_a_case_and_there_are_at_least_ten() -> None:
    loaded = load_folder(bundled_articles_dir())
    declared = {f"{a.id}#{c.id}" for a in loaded.articles for c in a.checks}
    assert declared == {case.check for case in CASES}
    assert len(declared) >= 10
    assert len({case.article_id for case in CASES}) >= 10


def test_nothing_fires_on_the_healthy_laptop(starter: CheckSet, tmp_path: Path) -> None:
    assert _fired(starter, healthy_report(), tmp_path) == {}


@pytest.mark.parametrize("case", CASES, ids=[c.check for c in CASES])
def test_the_check_fires_where_its_state_is_present(starter: CheckSet, case: Case, tmp_path: Path) -> None:
    fired = _fired(starter, report_with(case.fires), tmp_path)
    assert case.check in fired, fired
    if case.sentence is not None:
        assert fired[case.check] == case.sentence
    assert "unknown" not in fired[case.check]


@pytest.mark.parametrize("case", CASES, ids=[c.check for c in CASES])
def test_the_check_stays_quiet_where_it_is_not(starter: CheckSet, case: Case, tmp_path: Path) -> None:
    fired = _fired(starter, report_with(case.quiet), tmp_path)
    assert case.check not in fired, fired
