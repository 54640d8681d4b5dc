"""What the search page says about a search: no good match, another system's article, another language,
and a "did you mean" that never widens the window. Real window, engine, analytics and worker threads."""

from __future__ import annotations

from fixture_articles import write_article
from gui_helpers import db_rows, deliver_posted_events, type_query, wait_results
from PySide6.QtGui import QGuiApplication

from kbdesk.core import language
from kbdesk.core.analytics.session import trail_summary
from kbdesk.gui.results import platform_badge

WINDOWS_ONLY = """\
    ---
    id: windows-update-access-denied
    title: Windows Update fails with an access error
    summary: Updates stop installing with error 0x80070005.
    tags: [updates]
    platforms: [windows]
    symptoms: [updates keep failing]
    error_codes: ["0x80070005", "is locked for editing by another user"]
    ---
    Run the Windows Update troubleshooter, then reset the update components.
    """


def wait_language(qtbot) -> None:
    """The window loads the language tools in the background; until then it searches without them."""
    qtbot.waitUntil(language.ready, timeout=60_000)


def test_nothing_found_says_so_and_offers_support(qtbot, make_window):
    window = make_window()
    type_query(qtbot, window, "???!!!")
    response = wait_results(qtbot, window, "???!!!")
    assert response.hits == () and response.match == "none"
    assert window.search_view.results_pane.weak_banner.isVisible()
    assert window.search_view.results_pane.weak_banner.title.text() == "No article matches this"
    assert window.search_view.results_pane.weak_banner.support_button.isVisible()
    window.search_view.results_pane.weak_banner.support_button.click()
    wizard = window.escalation_wizard
    assert wizard is not None and wizard.isVisible()
    wizard.reject()
    # a search that finds something takes the banner away
    type_query(qtbot, window, "printer offline")
    wait_results(qtbot, window, "printer offline")
    assert window.response.match == "strong"
    assert not window.search_view.results_pane.weak_banner.isVisible()


def test_exact_error_code_of_another_system_is_shown_with_a_badge(qtbot, make_window, articles_dir):
    write_article(articles_dir, "windows-update.md", WINDOWS_ONLY)
    window = make_window()  # platform="linux", "All systems" unticked
    assert not window.action("all-platforms").isChecked()
    type_query(qtbot, window, "0x80070005")
    wait_results(qtbot, window, "0x80070005")
    hits = window.results.results_model.hits
    assert hits[0].id == "windows-update-access-denied" and hits[0].exact_match == "0x80070005"
    assert platform_badge(hits[0], "linux") == "For Windows"
    tooltip = window.results.results_model.index(0, 0).data(0x03)  # Qt.ToolTipRole
    assert "not for this computer (Linux)" in tooltip and "exact error" in tooltip
    # the message typed in a sentence counts too; the same article without its error text stays hidden
    type_query(qtbot, window, "excel says file is locked for editing by another user")
    wait_results(qtbot, window, "excel says file is locked for editing by another user")
    assert window.results.results_model.hits[0].id == "windows-update-access-denied"
    type_query(qtbot, window, "updates keep failing")
    wait_results(qtbot, window, "updates keep failing")
    assert "windows-update-access-denied" not in [h.id for h in window.results.results_model.hits]


def test_query_in_another_language_gets_a_note_and_no_correction(qtbot, make_window):
    window = make_window()
    wait_language(qtbot)
    query = "Ich habe mein Passwort vergessen"
    type_query(qtbot, window, query)
    response = wait_results(qtbot, window, query)
    assert response.language is not None and response.language.code == "de"
    assert response.suggestion is None and not window.search_view.suggestion_label.isVisible()
    assert window.search_view.language_note.isVisible()
    assert (
        "looks like German" in window.search_view.language_note.text()
        and "in English" in window.search_view.language_note.text()
    )
    type_query(qtbot, window, "printer offline")
    wait_results(qtbot, window, "printer offline")
    assert not window.search_view.language_note.isVisible()


TRACEBACK_LINE = (
    'File "/usr/lib/python3/dist-packages/some_module/handlers/printing.py", line {n}, in <module>\n'
    "    result = spooler.submit(job, timeout=30)\n"
)


def traceback_text(size: int = 6000) -> str:
    lines = ["Traceback (most recent call last):\n"]
    n = 1
    while sum(map(len, lines)) < size:
        lines.append(TRACEBACK_LINE.format(n=n))
        n += 1
    lines.append("ModuleNotFoundError: No module named 'printr'\n")
    return "".join(lines)


def test_pasting_a_6kb_traceback_keeps_the_window_width(qtbot, make_window):
    window = make_window()
    wait_language(qtbot)
    window.resize(1100, 720)
    qtbot.waitUntil(lambda: window.width() == 1100)
    paste = traceback_text()
    assert len(paste) >= 6000
    QGuiApplication.clipboard().setText(paste)
    window.search_edit.setFocus()
    window.search_edit.clear()
    window.search_edit.paste()
    query = window.search_edit.text().strip()
    assert len(query) >= 5900
    response = wait_results(qtbot, window, query)
    assert response.suggestion is None  # pasted text is never "corrected"
    deliver_posted_events()  # the notes' layout requests: what could still widen the window
    assert window.width() == 1100
    assert window.minimumSizeHint().width() <= 1100


def test_a_long_suggestion_is_elided_not_widening_the_window(qtbot, make_window):
    window = make_window()
    wait_language(qtbot)
    window.resize(1100, 720)
    qtbot.waitUntil(lambda: window.width() == 1100)
    # few words (typed, so corrected), but a long identifier that is left alone
    query = "printr offline " + "_".join(["SPOOLER_FAILED_TO_COPY_THE_DRIVER_FILES"] * 40)
    type_query(qtbot, window, query)
    response = wait_results(qtbot, window, query)
    assert response.suggestion and response.suggestion.startswith("printer offline ")
    assert window.search_view.suggestion_label.isVisible()
    deliver_posted_events()  # the label's layout requests: what could still widen the window
    assert window.width() == 1100 and window.minimumSizeHint().width() <= 1100
    shown = window.search_view.suggestion_label.elided_suggestion()
    assert shown.endswith("…") and len(shown) < len(response.suggestion)
    assert window.search_view.suggestion_label.suggestion == response.suggestion  # a click searches for all of it
    window.search_view.suggestion_label.link.click()
    assert window.search_edit.text() == response.suggestion


def test_weak_match_shows_the_nearest_three_dimmed_and_records_a_content_gap(qtbot, make_window, articles_dir):
    for n in range(6):  # enough articles that share the weak word for more than three results
        write_article(
            articles_dir,
            f"extra-{n}.md",
            f"---\nid: extra-{n}\ntitle: Office setup step {n}\nsummary: Part {n} of setting up a desk.\n---\n"
            f"Step {n} of setting up the desk in the office: plug in the dock and sign in.\n",
        )
    window = make_window()
    query = "the heating in my office is too cold"
    type_query(qtbot, window, query)
    response = wait_results(qtbot, window, query)
    assert response.match == "weak" and len(response.hits) > 3
    shown = window.results.results_model.hits
    assert [h.id for h in shown] == [h.id for h in response.hits[:3]]
    assert window.results.delegate.dimmed
    assert window.results.current_hit() is None  # no row highlighted as if it were the answer
    banner = window.search_view.results_pane.weak_banner
    assert banner.isVisible() and banner.title.text() == "No article matches this well"
    assert "3 nearest articles" in banner.text.text() and banner.support_button.isVisible()
    # recorded as what it was once the query settles: a weak search showing three articles
    qtbot.waitUntil(lambda: bool(db_rows("SELECT match_strength FROM searches")), timeout=10_000)
    assert db_rows("SELECT query, result_count, match_strength FROM searches") == [(query, 3, "weak")]
    trail = window.recorder.trail()
    summary = trail_summary(trail, {}, app_version="test", platform="linux")
    assert f'"{query}" (no article matched well)' in summary
    # a good match brings the full list back, not dimmed
    type_query(qtbot, window, "printer offline")
    wait_results(qtbot, window, "printer offline")
    assert not window.results.delegate.dimmed and not banner.isVisible()
