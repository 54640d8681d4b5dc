"""Learned phrasings in the app: a "Yes" teaches search at once, writers see and promote what users typed."""

from __future__ import annotations

import pytest
from gui_helpers import db_rows, type_query, wait_results
from PySide6.QtCore import Qt

from kbdesk.core.analytics import AnalyticsStore
from kbdesk.core.analytics.phrasings import ImportedPhrasing, redact_phrasing
from kbdesk.core.authoring import with_symptom
from kbdesk.core.search.engine import SearchFilters
from kbdesk.gui.writer import show_writer
from kbdesk.gui.writer_editor import ArticleEditor

PHRASING = "the print queue is frozen solid"


@pytest.fixture(autouse=True)
def no_modal_questions(monkeypatch):
    monkeypatch.setattr(ArticleEditor, "_ask_discard", lambda self: True)


def _history() -> None:
    """Before the app starts: two phrasings found the spooler article, one search it did not answer."""
    with AnalyticsStore.open() as store:
        store.import_phrasings(
            [
                ImportedPhrasing("print-spooler", PHRASING, "solved", 3, 2),
                ImportedPhrasing("print-spooler", redact_phrasing("jobs pile up, mail dave@example.com") or "", "read"),
                ImportedPhrasing("print-spooler", "printer is out of toner", "not_helped", 2, 1),
            ],
            "fleet",
        )


def _open_spooler(qtbot, window):
    page = show_writer(window)
    qtbot.waitUntil(lambda: page.overview is not None, timeout=20_000)
    path = page.folder() / "print-spooler.md"
    panel = page.editor.phrasings_panel
    with qtbot.waitSignal(panel.review_shown, timeout=10_000, check_params_cb=lambda review: review is not None):
        assert page.select_path(path)
    return page, path, panel


def test_the_tab_lists_phrasings_and_one_click_makes_one_a_symptom(qtbot, make_window):
    _history()
    window = make_window()
    page, path, panel = _open_spooler(qtbot, window)
    review = panel.review
    assert [s.text for s in review.found_with] == [PHRASING, "jobs pile up, mail <EMAIL-1>"]
    assert [s.text for s in review.not_answered] == ["printer is out of toner"]
    shown = [(row.text_label.text(), row.detail) for row in panel.rows]
    assert shown == [
        (PHRASING, "3 × solved · 2 machines · imported"),
        ("jobs pile up, mail <EMAIL-1>", "1 × long read · imported"),
        ("printer is out of toner", '2 × "No" · imported'),
    ]
    assert set(panel.buttons) == {PHRASING, "jobs pile up, mail"}  # the placeholder stays out of a symptom

    before = path.read_bytes()
    with qtbot.waitSignal(panel.review_shown, timeout=10_000):
        qtbot.mouseClick(panel.buttons[PHRASING], Qt.MouseButton.LeftButton)
    after = path.read_bytes()
    assert after == with_symptom(before.decode("utf-8"), PHRASING).encode("utf-8")
    assert after.count(b"\n") == before.count(b"\n") + 2  # "symptoms:" and the item, nothing else
    assert page.editor.text() == after.decode("utf-8") and not page.editor.has_local_edits()
    assert panel.buttons.keys() == {"jobs pile up, mail"}
    assert panel.review.found_with[0].in_symptoms
    # the index picks up the saved file: the phrasing is now the article's own text
    qtbot.waitUntil(
        lambda: "the print queue is frozen solid" in window.kb.engine.article_records()["print-spooler"].symptoms,
        timeout=20_000,
    )


def test_with_unsaved_edits_the_symptom_goes_into_the_text(qtbot, make_window):
    _history()
    window = make_window()
    page, path, panel = _open_spooler(qtbot, window)
    before = path.read_bytes()
    page.editor.text_edit.appendPlainText("\nA local edit.")
    qtbot.mouseClick(panel.buttons[PHRASING], Qt.MouseButton.LeftButton)
    assert path.read_bytes() == before  # nothing written behind the writer's back
    assert f"  - {PHRASING}" in page.editor.text() and "A local edit." in page.editor.text()
    assert page.editor.has_local_edits()


def test_a_yes_teaches_search_at_once_and_clear_history_forgets_it(qtbot, make_window):
    window = make_window()
    query = "my printer queue has gremlins"
    type_query(qtbot, window, query)
    wait_results(qtbot, window, query)
    assert [h.id for h in window.results.results_model.hits] == ["printer-offline", "print-spooler"]
    window.search_view.record_settled_search()  # as opening a result does
    with qtbot.waitSignal(window.article_shown, timeout=10_000):
        window.open_article("print-spooler", from_search=True)
    window.feedback.yes_button.click()
    qtbot.waitUntil(lambda: window.learned.phrasings("print-spooler") != [], timeout=10_000)
    assert [p.text for p in window.learned.phrasings("print-spooler")] == [query]
    assert db_rows("SELECT article_id, text, kind FROM phrasings") == [("print-spooler", query, "solved")]
    linux = SearchFilters(platform="linux")
    assert window.kb.engine.search(query, mode="keyword", filters=linux).hits[0].id == "print-spooler"

    done = []
    window.clear_history_now(lambda: done.append(True))
    qtbot.waitUntil(lambda: done == [True], timeout=10_000)
    assert len(window.learned) == 0 and db_rows("SELECT COUNT(*) FROM phrasings") == [(0,)]
