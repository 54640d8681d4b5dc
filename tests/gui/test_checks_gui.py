"""Checks in the app: the banner above the results, the wizard's "Before you send" page, the agent view's
section and the insights card, on a real window with real collectors, index and analytics (offscreen)."""

from __future__ import annotations

from pathlib import Path

import pytest
from checks_cases import cases, report_with
from fixture_articles import CHECK_EVERYWHERE, CHECK_NEVER
from gui_helpers import db_rows
from PySide6.QtCore import Qt

from kbdesk.core import escalation
from kbdesk.core.analytics import AnalyticsStore
from kbdesk.core.articles import load_folder
from kbdesk.core.checks import CheckSet
from kbdesk.core.paths import bundled_articles_dir
from kbdesk.gui.checks_view import RECHECK_AFTER_S, CheckBanner, FindingsList, StartupChecks
from kbdesk.gui.insights_view import InsightsView
from kbdesk.gui.tasks import TaskRunner


@pytest.fixture
def checked_articles(articles_dir: Path) -> Path:
    (articles_dir / "home-disk-inventory.md").write_text(CHECK_EVERYWHERE, "utf-8")
    (articles_dir / "impossible-disk.md").write_text(CHECK_NEVER, "utf-8")
    return articles_dir


def _banner_up(qtbot, window) -> None:
    qtbot.waitUntil(lambda: window.search_view.check_banner.isVisible(), timeout=20_000)


def test_the_banner_says_what_was_found_opens_the_article_and_can_be_dismissed(qtbot, make_window, checked_articles):
    window = make_window()
    _banner_up(qtbot, window)
    banner = window.search_view.check_banner
    assert [f["article_id"] for f in banner.findings] == ["home-disk-inventory"]
    text = banner.plain_text()
    assert (text.startswith("kbdesk noticed: Your home disk holds ") and " GB." in text) or " TB." in text
    assert "Read “Home disk inventory”" in text and "impossible" not in text
    # above the results, inside the window: a strip of the search page, not a dialog
    assert banner.window() is window and banner.parent() is window.search_page
    assert banner.geometry().bottom() <= window.search_view.splitter.geometry().top()

    with qtbot.waitSignal(window.article_shown, timeout=10_000) as shown:
        banner.links[0].click()  # "Read “Home disk inventory”", a link button
    assert shown.args == ["home-disk-inventory"]

    with qtbot.waitSignal(window.search_view.startup_checks.findings_changed, timeout=5_000) as changed:
        banner.dismiss_button.click()
    assert changed.args == [[]] and not banner.isVisible()
    # a sync (the index changed) runs the checks again, and the dismissed one stays away
    with qtbot.waitSignal(window.search_view.startup_checks.evaluated, timeout=20_000) as again:
        window.search_view.startup_checks.index_changed()
    assert [h.article_id for h in again.args[0].hits] == ["home-disk-inventory"]
    assert not banner.isVisible() and window.search_view.startup_checks.findings == []

    window.shutdown()
    assert db_rows("SELECT article_id, check_id, place FROM check_hits") == [
        ("home-disk-inventory", "home-disk-known", "banner")
    ]


def test_nothing_shows_when_no_check_fires(qtbot, make_window, articles_dir):
    window = make_window()
    with qtbot.waitSignal(window.search_view.startup_checks.evaluated, timeout=20_000) as done:
        window.search_view.startup_checks.index_changed()
    assert done.args[0].hits == ()
    assert not window.search_view.check_banner.isVisible()
    assert (
        window.search_view.startup_checks.facts is not None
        and "disk.home.percent_used" in window.search_view.startup_checks.facts.values
    )


class FakeClock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_coming_back_after_a_while_checks_again(qtbot, make_window, checked_articles):
    window = make_window()
    _banner_up(qtbot, window)
    clock = FakeClock()
    checks = StartupChecks(window.runner, lambda: window.kb.engine, clock=clock, parent=window)
    with qtbot.waitSignal(checks.evaluated, timeout=20_000):
        assert checks.run()
    first = checks.facts
    clock.now += RECHECK_AFTER_S - 1
    assert not checks.application_state_changed(Qt.ApplicationState.ApplicationActive)
    clock.now += 1
    assert not checks.application_state_changed(Qt.ApplicationState.ApplicationInactive)
    with qtbot.waitSignal(checks.evaluated, timeout=20_000):
        assert checks.application_state_changed(Qt.ApplicationState.ApplicationActive)
    assert checks.facts is not first  # the facts were read again
    # a sync soon after reuses them
    with qtbot.waitSignal(checks.evaluated, timeout=20_000):
        checks.index_changed()
    assert checks.facts is not first and checks.findings


def test_the_banner_shows_two_findings_and_counts_the_rest(qtbot) -> None:
    banner = CheckBanner()
    qtbot.addWidget(banner)
    findings = [
        {"article_id": f"a{n}", "article_title": f"<Title {n}>", "check_id": "c", "found": f"Found <{n}> & more"}
        for n in range(4)
    ]
    banner.show_findings(findings)
    text = banner.plain_text()
    assert "Found <0> && more" not in text and "Found <0> & more" in text and "Read “<Title 1>”" in text
    assert "Title 2" not in text and "and 2 more" in text
    banner.links[-1].click()  # "… and 2 more: show all"
    assert "Title 3" in banner.plain_text()
    with qtbot.waitSignal(banner.dismissed) as dismissed:
        banner.dismiss_button.click()
    assert dismissed.args == [["a0#c", "a1#c", "a2#c", "a3#c"]]
    banner.show_findings([])
    assert banner.isHidden()


# ---------------------------------------------------------------- the wizard's first page


def test_before_you_send_names_the_finding_and_its_article(qtbot, make_window, checked_articles):
    window = make_window()
    _banner_up(qtbot, window)
    window.start_escalation()
    wizard = window.escalation_wizard
    page = wizard.before_page
    assert wizard.currentPage() is page
    qtbot.waitUntil(lambda: wizard.findings is not None, timeout=30_000)
    assert wizard.currentPage() is page  # something fired: the page stays
    status = page.status_label.text()
    assert status.startswith("Before you send: kbdesk found that your home disk holds ")
    assert "“<b>Home disk inventory</b>” fixes that." in status  # the quotes are the sentence's (German: „…“)
    assert page.findings.article_ids() == ["home-disk-inventory"]
    assert page.open_button.isVisibleTo(page) and page.after_label.isVisibleTo(page)
    # what fired goes into the bundle as diagnostics/checks.json
    wizard.describe_page.summary_edit.setText("Cannot save files")
    wizard.rebuild_preview()
    qtbot.waitUntil(lambda: wizard.preview is not None and not wizard.busy, timeout=30_000)
    item = wizard.preview.item("diagnostics/checks.json")
    assert "Your home disk holds" in item.redacted_text and item.included

    with (
        qtbot.waitSignal(wizard.finished, timeout=10_000),
        qtbot.waitSignal(window.article_shown, timeout=10_000) as shown,
    ):
        page.open_button.click()  # reading the article closes the wizard: support is one click away after
    assert shown.args == ["home-disk-inventory"]
    window.shutdown()
    places = {row[0] for row in db_rows("SELECT place FROM check_hits")}
    assert places == {"banner", "wizard"}


def test_the_wizard_goes_straight_to_describing_when_nothing_fired(qtbot, make_window, articles_dir):
    window = make_window()
    window.start_escalation()
    wizard = window.escalation_wizard
    qtbot.waitUntil(lambda: wizard.findings is not None, timeout=30_000)
    assert wizard.findings.evaluation.hits == ()
    qtbot.waitUntil(lambda: wizard.currentPage() is wizard.describe_page, timeout=5_000)
    assert "found nothing" in wizard.before_page.status_label.text()
    wizard.back()
    assert wizard.currentPage() is wizard.before_page  # the result is still there to read
    wizard.reject()


# ---------------------------------------------------------------- the agent view


def _bundle_with_findings(tmp_path: Path) -> Path:
    by_check = {case.check: case for case in cases()}
    report = report_with(
        {**by_check["disk-space-full#home-disk-full"].fires, **by_check["slow-computer#low-memory"].fires}
    )
    starter = CheckSet.from_articles(load_folder(bundled_articles_dir()).articles)
    findings = escalation.check_findings(report, starter)
    ticket = escalation.build_ticket("Cannot save anything", "Word says the disk is full", platform="linux")
    preview = escalation.build_preview(ticket, [findings.source()])
    return escalation.write_escalation(tmp_path / "disk.kbbundle", preview).path


def test_the_agent_view_shows_which_checks_fired_with_their_articles(qtbot, make_window, tmp_path):
    window = make_window()
    window.open_bundle(_bundle_with_findings(tmp_path))
    view = window.page("bundle")
    with qtbot.waitSignal(view.loaded, timeout=20_000):
        pass
    assert view.found_label.isVisibleTo(view) and view.found_list.isVisibleTo(view)
    assert view.found_label.text() == "What kbdesk found (2 checks fired of 16)"
    rows = [view.found_list.item(n).text() for n in range(view.found_list.count())]
    assert rows == [
        "Your home disk is 97 % full: only 12.6 GB is free.\n→ Low disk space or disk is full\n"
        "found: disk.home.percent_used = 97 %, disk.home.free_bytes = 12.6 GB",
        "Memory is nearly full: only 412 MB (5 %) is free.\n→ Computer is slow or freezes\n"
        "found: memory.available_percent = 5 %, memory.available_bytes = 412 MB",
    ]
    tip = view.found_list.item(0).toolTip()
    assert "disk-space-full · check home-disk-full: disk.home.percent_used >= 95" in tip
    assert "disk.home.percent_used = 97 %, disk.home.free_bytes = 12.6 GB" in tip
    # the articles are the agent's own (the fixture folder): a missing one fails quietly, an existing one opens
    with qtbot.waitSignal(window.article_shown, timeout=10_000, raising=False):
        view.found_list.itemActivated.emit(view.found_list.item(0))
    assert window.pages.currentWidget() is window.search_page


def test_a_bundle_without_checks_shows_no_such_section(qtbot, make_window, tmp_path):
    window = make_window()
    ticket = escalation.build_ticket("Printer offline", "It says offline", platform="linux")
    preview = escalation.build_preview(ticket, [])
    path = escalation.write_escalation(tmp_path / "old.kbbundle", preview).path
    window.open_bundle(path)
    with qtbot.waitSignal(window.page("bundle").loaded, timeout=20_000):
        pass
    assert not window.page("bundle").found_label.isVisibleTo(window.page("bundle"))


def test_findings_list_shows_an_empty_text_that_cannot_be_opened(qtbot) -> None:
    findings = FindingsList()
    qtbot.addWidget(findings)
    findings.set_findings([], empty_text="Nothing fired.")
    assert findings.count() == 1 and findings.item(0).text() == "Nothing fired."
    assert findings.article_ids() == [] and not findings.item(0).flags() & Qt.ItemFlag.ItemIsEnabled


# ---------------------------------------------------------------- insights


def test_insights_card_counts_checks_and_what_they_solved(qtbot, tmp_path) -> None:
    path = tmp_path / "analytics.sqlite3"
    with AnalyticsStore.open(path) as store:
        first = store.start_session("linux", "0.1.0")
        store.record_check_hit(first, "disk-space-full", "home-disk-full", "banner")
        store.record_view(first, "disk-space-full")
        store.record_feedback(first, "disk-space-full", True)
        second = store.start_session("linux", "0.1.0")
        store.record_check_hit(second, "disk-space-full", "home-disk-full", "banner")
        store.record_check_hit(second, "disk-space-full", "home-disk-full", "wizard")
        store.record_search(second, "disk full", "keyword", ["disk-space-full"], 3.0, False)
    view = InsightsView(TaskRunner(synchronous=True), path, titles=lambda: {"disk-space-full": "Disk full"})
    qtbot.addWidget(view)
    view.show()
    bars = view.checks_chart.bars
    assert [(b.label, b.values, b.value_text) for b in bars] == [
        ("Disk full · home-disk-full", (1.0, 0.0, 1.0), "2 · 1 solved")
    ]
    assert view.checks_chart.series_names == ("solved", "opened, not solved", "not opened")
    assert "shown 3 times in 2 sessions" in bars[0].tooltip
    assert view.cards["check_stats"].export_button.isEnabled()
