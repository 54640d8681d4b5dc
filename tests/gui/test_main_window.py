"""The main window end to end: real engine on a small folder, real analytics, real worker threads."""

from __future__ import annotations

import threading

import pytest
from gui_helpers import db_rows, deliver_posted_events, gui_settings, type_query, wait_results, write_article
from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QGuiApplication

from kbdesk.core import language
from kbdesk.core.errors import ModelUnavailableError
from kbdesk.core.paths import state_paths
from kbdesk.core.search.semantic import Embedder
from kbdesk.gui import article_view


def test_search_field_has_focus_and_placeholder(make_window):
    window = make_window()
    assert window.search_edit.placeholderText() == "Describe your problem or paste an error message"
    # offscreen the window is the focus window as on a desktop, so this fails when anything else takes the focus
    assert QGuiApplication.focusWindow() is window.windowHandle()
    assert window.search_edit.hasFocus()
    assert window.search_edit.isEnabled()


def test_typing_a_query_shows_results(qtbot, make_window):
    window = make_window()
    type_query(qtbot, window, "printer offline")
    response = wait_results(qtbot, window, "printer offline")
    ids = [h.id for h in window.results.results_model.hits]
    assert ids[0] == "printer-offline"
    assert response.mode == "keyword"
    # the snippet marks matched words
    assert window.results.results_model.hits[0].snippet_spans


def test_enter_opens_the_top_result(qtbot, make_window):
    window = make_window()
    type_query(qtbot, window, "printer offline")
    wait_results(qtbot, window, "printer offline")
    with qtbot.waitSignal(window.article_shown, timeout=10_000) as blocker:
        qtbot.keyClick(window.search_edit, Qt.Key.Key_Return)
    assert blocker.args == ["printer-offline"]
    text = window.article.toPlainText()
    assert "Printer shows as offline" in text
    assert "id: printer-offline" not in text  # front matter is a header, not text
    assert "Last reviewed" in text


def test_enter_before_results_arrive_opens_the_top_result(qtbot, make_window):
    window = make_window()
    window.search_edit.setFocus()
    with qtbot.waitSignal(window.article_shown, timeout=10_000) as blocker:
        qtbot.keyClicks(window.search_edit, "print queue spooler")
        qtbot.keyClick(window.search_edit, Qt.Key.Key_Return)
    assert blocker.args == ["print-spooler"]


def test_up_down_in_search_field_move_the_selection(qtbot, make_window):
    window = make_window()
    type_query(qtbot, window, "printer")
    wait_results(qtbot, window, "printer")
    assert window.results.current_rank() == 1
    qtbot.keyClick(window.search_edit, Qt.Key.Key_Down)
    assert window.results.current_rank() == 2
    qtbot.keyClick(window.search_edit, Qt.Key.Key_Up)
    assert window.results.current_rank() == 1
    second = window.results.results_model.hits[1].id
    qtbot.keyClick(window.search_edit, Qt.Key.Key_Down)
    with qtbot.waitSignal(window.article_shown, timeout=10_000) as blocker:
        qtbot.keyClick(window.search_edit, Qt.Key.Key_Return)
    assert blocker.args == [second]


def test_escape_clears_and_ctrl_k_focuses_search(qtbot, make_window):
    window = make_window()
    type_query(qtbot, window, "printer")
    wait_results(qtbot, window, "printer")
    window.action("clear-search").trigger()
    assert window.search_edit.text() == ""
    window.article.setFocus()
    assert window.article.hasFocus() and not window.search_edit.hasFocus()
    window.action("focus-search").trigger()
    assert window.search_edit.hasFocus()


def test_other_platform_articles_hidden_unless_all_systems(qtbot, make_window):
    window = make_window()
    type_query(qtbot, window, "keychain password")
    wait_results(qtbot, window, "keychain password")
    assert "mac-keychain" not in [h.id for h in window.results.results_model.hits]
    window.search_view.all_platforms_check.setChecked(True)
    qtbot.waitUntil(lambda: "mac-keychain" in [h.id for h in window.results.results_model.hits], timeout=10_000)


def test_no_with_a_reason_is_recorded_in_sqlite(qtbot, make_window):
    window = make_window()
    type_query(qtbot, window, "printer offline")
    wait_results(qtbot, window, "printer offline")
    with qtbot.waitSignal(window.article_shown, timeout=10_000):
        window.search_view.open_selected()
    window.feedback.no_button.click()
    assert window.feedback.page == "reasons"
    window.feedback.reason_buttons["didnt_work"].setChecked(True)
    window.feedback.comment_edit.setText("still offline")
    window.feedback.send_button.click()
    assert window.feedback.page == "next"
    # the next best articles: the rest of this search, without the one that did not help
    offered = window.feedback.next_article_ids()
    assert "printer-offline" not in offered and "print-spooler" in offered
    qtbot.waitUntil(
        lambda: (
            db_rows("SELECT article_id, helpful, reason, comment FROM feedback")
            == [("printer-offline", 0, "didnt_work", "still offline")]
        ),
        timeout=10_000,
    )
    # opening the result recorded the settled search and the view it came from
    searches = db_rows("SELECT id, query FROM searches")
    assert [q for _, q in searches] == ["printer offline"]
    views = db_rows("SELECT article_id, search_id, rank FROM views")
    assert views == [("printer-offline", searches[0][0], 1)]
    outcome = db_rows("SELECT outcome FROM sessions")
    assert outcome == [("not_solved",)]


def test_yes_thanks_and_records(qtbot, make_window):
    window = make_window()
    window.open_article("wifi-no-internet")
    qtbot.waitUntil(lambda: window.feedback.isVisible(), timeout=10_000)
    window.feedback.yes_button.click()
    assert window.feedback.page == "thanks"
    qtbot.waitUntil(
        lambda: db_rows("SELECT article_id, helpful FROM feedback") == [("wifi-no-internet", 1)], timeout=10_000
    )


def test_view_time_is_recorded_when_switching_articles(qtbot, make_window):
    window = make_window()
    with qtbot.waitSignal(window.article_shown, timeout=10_000):
        window.open_article("printer-offline")
    with qtbot.waitSignal(window.article_shown, timeout=10_000):
        window.open_article("print-spooler")
    qtbot.waitUntil(
        lambda: db_rows("SELECT seconds_spent FROM views WHERE article_id='printer-offline'") not in ([], [(None,)]),
        timeout=10_000,
    )


class _BlockedModelLoad(Embedder):
    """Stands in for a model that is still loading: ``load`` waits until the test lets it fail.

    The real model takes seconds to load; this makes "still loading" last exactly as long as the test needs.
    """

    def __init__(self) -> None:
        super().__init__()
        self.release = threading.Event()

    def load(self, status=None):
        self.release.wait(30)
        raise ModelUnavailableError("model load stopped by the test")


def test_keyword_results_while_the_model_is_loading(qtbot, make_window):
    embedder = _BlockedModelLoad()
    window = make_window(load_model=True, embedder=embedder)
    try:
        qtbot.waitUntil(lambda: window.kb.state.model == "loading", timeout=5_000)
        type_query(qtbot, window, "wifi no internet")
        response = wait_results(qtbot, window, "wifi no internet")
        assert response.mode == "keyword"
        assert window.results.results_model.hits[0].id == "wifi-no-internet"
        assert window.status_area.search_status.text() == "Semantic search loading… keyword results shown"
    finally:
        embedder.release.set()
    qtbot.waitUntil(lambda: window.kb.state.model == "failed", timeout=10_000)
    assert "unavailable" in window.status_area.search_status.text()


def test_a_changed_article_shows_up_in_search(qtbot, make_window, articles_dir):
    window = make_window(watch=True)
    type_query(qtbot, window, "zanzibarquux")
    response = wait_results(qtbot, window, "zanzibarquux")
    assert response.hits == ()
    write_article(
        articles_dir,
        "wifi-no-internet.md",
        """\
        ---
        id: wifi-no-internet
        title: Wi-Fi connected but no internet
        summary: Renew the address.
        tags: [network]
        ---
        The zanzibarquux adapter needs a restart.
        """,
    )
    qtbot.waitUntil(lambda: [h.id for h in window.results.results_model.hits] == ["wifi-no-internet"], timeout=15_000)
    write_article(
        articles_dir,
        "sub-new.md",
        """\
        ---
        title: Brand new zanzibarquux article
        ---
        Another zanzibarquux mention.
        """,
    )
    qtbot.waitUntil(lambda: "sub-new" in [h.id for h in window.results.results_model.hits], timeout=15_000)


def test_a_malformed_article_does_not_break_the_window(qtbot, make_window, articles_dir, caplog):
    (articles_dir / "broken.md").write_text("---\ntitle: [unclosed\n---\nBody\n", "utf-8")
    (articles_dir / "binary.md").write_bytes(b"\x00\x01\x02 not text")
    window = make_window()
    qtbot.waitUntil(lambda: len(window.article_issues) == 2, timeout=10_000)
    # a reader cannot fix articles: no status-bar noise for them, the log has it for whoever looks
    assert not window.status_area.issues_button.isVisible()
    assert "binary.md" in caplog.text and "broken.md" in caplog.text
    type_query(qtbot, window, "printer offline")
    wait_results(qtbot, window, "printer offline")
    assert window.results.results_model.hits[0].id == "printer-offline"


def test_a_writer_is_told_which_articles_need_fixing_and_taken_there(qtbot, make_window, articles_dir):
    (articles_dir / "broken.md").write_text("---\ntitle: [unclosed\n---\nBody\n", "utf-8")
    (articles_dir / "binary.md").write_bytes(b"\x00\x01\x02 not text")
    window = make_window()
    qtbot.waitUntil(lambda: len(window.article_issues) == 2, timeout=10_000)
    window.note_writer()  # what opening writer mode does, once, for good
    assert window.status_area.issues_button.isVisible()
    assert window.status_area.issues_button.text() == "2 articles need fixing — open writer mode"
    assert "2 files skipped" in window.status_area.issues_button.toolTip()
    window.status_area.issues_button.click()
    page = window.page("writer")
    assert window.pages.currentWidget() is page
    qtbot.waitUntil(lambda: page.editor.path == articles_dir / "binary.md", timeout=10_000)


def test_an_impossible_date_costs_one_finding_not_the_app(qtbot, make_window, articles_dir, kb_home):
    """A fresh install on a folder with ``review_by: 2027-02-30``: the app gets ready, search serves
    every article (that one too), and a writer is told which file and line."""
    path = articles_dir / "printer-offline.md"
    text = path.read_text("utf-8").replace("reviewed: 2026-03-01", "reviewed: 2026-03-01\nreview_by: 2027-02-30")
    path.write_text(text, "utf-8")
    window = make_window()  # waits for the index to open
    # the check of the folder's files may still be running (its status line says so), then the app is ready
    qtbot.waitUntil(lambda: window.status_area.search_status.text() in ("Keyword search", "Ready"), timeout=20_000)
    type_query(qtbot, window, "printer offline")
    response = wait_results(qtbot, window, "printer offline")
    assert response.hits[0].id == "printer-offline"
    qtbot.waitUntil(lambda: bool(window.article_issues), timeout=10_000)
    (issue,) = window.article_issues
    assert (issue.path.name, issue.line, issue.code) == ("printer-offline.md", 8, "bad-date")
    assert not window.status_area.issues_button.isVisible()
    window.note_writer()
    assert window.status_area.issues_button.text() == "printer-offline.md (line 8) needs fixing — open in writer mode"


def test_an_articles_folder_that_cannot_be_opened_is_said_not_getting_ready_for_ever(qtbot, make_window, tmp_path):
    missing = tmp_path / "gone"
    missing.mkdir()
    settings = gui_settings(missing)
    missing.rmdir()
    window = make_window(settings=settings, wait_index=False)
    qtbot.waitUntil(lambda: window.status_area.search_status.text().startswith("Articles unavailable"), timeout=20_000)
    assert "not found" in window.status_area.search_status.text()


def test_the_article_pane_follows_the_selected_result(qtbot, make_window):
    window = make_window()
    # new results select their top row, which is not the person's choice: hit_selected (what starts
    # following the selection) is not emitted, so no article opens by itself
    with qtbot.assertNotEmitted(window.results.hit_selected):
        type_query(qtbot, window, "printer")
        response = wait_results(qtbot, window, "printer")
    assert len(response.hits) >= 2
    assert window.results.current_hit() == response.hits[0]
    pane = window.search_view.article_pane
    assert pane.article_id is None and pane.loading_id is None
    second = response.hits[1].id
    with qtbot.waitSignal(window.article_shown, timeout=10_000) as shown:
        qtbot.keyClick(window.search_edit, Qt.Key.Key_Down)  # the arrow key in the search field
    assert shown.args == [second]
    assert window.search_edit.hasFocus()  # typing can go on
    with qtbot.waitSignal(window.article_shown, timeout=10_000) as shown:
        window.results.setFocus()
        qtbot.keyClick(window.results, Qt.Key.Key_Up)
    assert shown.args == [response.hits[0].id]


def test_window_size_and_splitter_positions_come_back(qtbot, make_window, kb_home):
    from kbdesk.gui.window_state import load_window_state

    first = make_window()
    first.resize(780, 560)  # inside the offscreen screen (800 x 600): restoreGeometry keeps windows on it
    first.search_view.splitter.setSizes([300, 700])
    deliver_posted_events()  # the resize's layout requests
    sizes = first.search_view.splitter.sizes()
    assert sizes[0] < 0.35 * sum(sizes)  # not the default 2:3
    first.shutdown()
    saved = load_window_state()
    assert saved.splitters["results"] == tuple(sizes)
    second = make_window(size=None)
    assert (second.width(), second.height()) == (780, 560)
    assert second.search_view.splitter.sizes() == sizes


# offscreen, nothing opens folders or links: Qt says so once per try, which is the case under test
@pytest.mark.qt_log_ignore(r"does not support QPlatformServices::open")
def test_open_log_folder_says_where_the_logs_are_when_nothing_opens_it(qtbot, make_window):
    window = make_window()
    window.action("log-folder").trigger()  # offscreen, no file manager takes it: openUrl returns False
    assert str(state_paths().logs) in window.statusBar().currentMessage()
    assert QGuiApplication.clipboard().text() == str(state_paths().logs)


def test_javascript_and_file_links_do_nothing(qtbot, make_window, monkeypatch):
    opened = []
    monkeypatch.setattr(article_view, "open_external_url", lambda url: opened.append(url.toString()) or True)
    window = make_window()
    with qtbot.waitSignal(window.article_shown, timeout=10_000):
        window.open_article("risky-links")
    before_html = window.article.toHtml()
    history = window.search_view.article_pane.history
    # a followed link would ask for an article (article_requested) or the desktop (opened), both at once
    with qtbot.assertNotEmitted(window.article.article_requested):
        for link in ("javascript:alert(1)", "file:///etc/passwd", "JavaScript:void(0)", "data:text/html,hi"):
            window.article.anchorClicked.emit(QUrl(link))
    assert opened == []
    assert window.article.toHtml() == before_html
    assert window.search_view.article_pane.history == history
    assert window.article.source().isEmpty()
    # an http link opens in the browser only when clicked
    window.article.anchorClicked.emit(QUrl("https://example.com/help"))
    assert opened == ["https://example.com/help"]


def test_remote_image_is_not_loaded(qtbot, make_window):
    window = make_window()
    with qtbot.waitSignal(window.article_shown, timeout=10_000):
        window.open_article("risky-links")
    window.article.grab()  # lay out and paint, which is when images are asked for
    assert "http://example.com/tracker.png" in window.article.blocked_resources
    from PySide6.QtGui import QTextDocument

    image = QTextDocument.ResourceType.ImageResource.value
    assert window.article.loadResource(image, QUrl("http://example.com/tracker.png")) is None
    assert window.article.loadResource(image, QUrl("file:///etc/hosts")) is None
    assert window.article.loadResource(image, QUrl("../../outside.png")) is None
    local = window.article.loadResource(image, QUrl("pic.png"))
    assert local is not None and not local.isNull()


def test_article_links_navigate_with_back_and_forward(qtbot, make_window):
    window = make_window()
    with qtbot.waitSignal(window.article_shown, timeout=10_000):
        window.open_article("printer-offline")
    with qtbot.waitSignal(window.article_shown, timeout=10_000) as blocker:
        window.article.anchorClicked.emit(QUrl("print-spooler.md"))
    assert blocker.args == ["print-spooler"]
    assert window.action("back").isEnabled()
    with qtbot.waitSignal(window.article_shown, timeout=10_000) as blocker:
        window.action("back").trigger()
    assert blocker.args == ["printer-offline"]
    with qtbot.waitSignal(window.article_shown, timeout=10_000) as blocker:
        window.action("forward").trigger()
    assert blocker.args == ["print-spooler"]
    with qtbot.waitSignal(window.article_shown, timeout=10_000) as blocker:
        window.article.anchorClicked.emit(QUrl("kbdesk:article/wifi-no-internet"))
    assert blocker.args == ["wifi-no-internet"]


def test_copy_link_copies_the_code_block(qtbot, make_window):
    window = make_window()
    with qtbot.waitSignal(window.article_shown, timeout=10_000):
        window.open_article("printer-offline")
    assert "Copy" in window.article.toPlainText()
    QGuiApplication.clipboard().clear()
    window.article.anchorClicked.emit(QUrl("kbdesk-copy:0"))
    assert QGuiApplication.clipboard().text() == "cancel -a"


def test_contact_support_opens_the_wizard_with_the_last_search(qtbot, make_window):
    window = make_window()
    type_query(qtbot, window, "printer offline")
    wait_results(qtbot, window, "printer offline")
    with qtbot.waitSignal(window.article_shown, timeout=10_000):
        window.search_view.open_selected()
    window.feedback.support_button.click()
    wizard = window.escalation_wizard
    assert wizard is not None and wizard.isVisible()
    assert wizard.describe_page.summary_edit.text() == "printer offline"
    with qtbot.waitSignal(wizard.preview_changed, timeout=20_000) as blocker:
        pass
    trail = blocker.args[0].trail
    assert any(e.get("query") == "printer offline" for e in trail["events"])
    wizard.reject()


def test_clear_history_empties_the_database(qtbot, make_window):
    window = make_window()
    type_query(qtbot, window, "printer offline")
    wait_results(qtbot, window, "printer offline")
    with qtbot.waitSignal(window.article_shown, timeout=10_000):
        window.search_view.open_selected()
    qtbot.waitUntil(lambda: len(db_rows("SELECT id FROM views")) == 1, timeout=10_000)
    done = []
    window.clear_history_now(lambda: done.append(True))
    qtbot.waitUntil(lambda: bool(done), timeout=10_000)
    assert db_rows("SELECT id FROM views") == []
    assert db_rows("SELECT id FROM searches") == []
    # a fresh session goes on recording
    assert len(db_rows("SELECT id FROM sessions")) == 1


def test_analytics_off_records_nothing(qtbot, make_window, articles_dir):
    settings = gui_settings(articles_dir).with_value("analytics_enabled", False)
    window = make_window(settings=settings)
    type_query(qtbot, window, "printer offline")
    wait_results(qtbot, window, "printer offline")
    with qtbot.waitSignal(window.article_shown, timeout=10_000):
        window.search_view.open_selected()
    window.feedback.yes_button.click()
    window.runner.wait_idle()
    assert db_rows("SELECT id FROM feedback") == []


def test_narrow_window_shows_one_pane_at_a_time(qtbot, make_window):
    window = make_window()
    window.resize(600, 450)
    qtbot.waitUntil(lambda: window.width() < 720)
    type_query(qtbot, window, "printer")
    wait_results(qtbot, window, "printer")
    assert window.search_view.results_pane.results_stack.isVisible() and not window.search_view.article_pane.isVisible()
    with qtbot.waitSignal(window.article_shown, timeout=10_000):
        window.search_view.open_selected()
    assert window.search_view.article_pane.isVisible() and not window.search_view.results_pane.results_stack.isVisible()
    window.action("back").trigger()
    assert window.search_view.results_pane.results_stack.isVisible()


def test_did_you_mean_is_clickable(qtbot, make_window):
    window = make_window()
    # "did you mean" waits for the English word list, which the window loads in the background
    qtbot.waitUntil(language.ready, timeout=60_000)
    type_query(qtbot, window, "priner")
    response = wait_results(qtbot, window, "priner")
    if not response.suggestion:
        pytest.skip("the keyword engine offered no suggestion for this fixture")
    assert window.search_view.suggestion_label.isVisible()
    window.search_view.suggestion_label.link.click()
    assert window.search_edit.text() == response.suggestion
    wait_results(qtbot, window, response.suggestion)


def test_switching_the_articles_folder_reopens_the_engine(qtbot, make_window, tmp_path):
    window = make_window()
    other = tmp_path / "other"
    other.mkdir()
    write_article(other, "router.md", "---\ntitle: Router lights blink orange\n---\nThe router blinks orange.\n")
    window.apply_settings(window.settings.with_value("articles_dir", str(other)))
    qtbot.waitUntil(
        lambda: window.kb.state.index_open and window.kb.engine.engine_of("local").articles_dir == other.resolve(),
        timeout=15_000,
    )
    type_query(qtbot, window, "router blinks")
    wait_results(qtbot, window, "router blinks")
    assert [h.id for h in window.results.results_model.hits] == ["router"]
    from kbdesk.core.settings import load_settings

    qtbot.waitUntil(lambda: load_settings().articles_dir == str(other), timeout=5_000)


def test_menu_hook_adds_menus_before_help(make_window):
    window = make_window()
    tools = window.menu("&Tools")
    assert window.menu("Tools") is tools
    titles = [a.text() for a in window.menuBar().actions()]
    assert titles.index("&Tools") == titles.index("&Help") - 1


@pytest.mark.model
def test_semantic_search_after_the_real_model_loads(qtbot, make_window):
    window = make_window(load_model=True)
    qtbot.waitUntil(lambda: window.kb.state.model == "ready", timeout=120_000)
    qtbot.waitUntil(
        lambda: (
            not window.kb.state.syncing
            and window.kb.engine.stats().embedded_articles == window.kb.engine.stats().articles
        ),
        timeout=60_000,
    )
    type_query(qtbot, window, "web pages won't open although I'm on the wireless")
    qtbot.waitUntil(lambda: window.response is not None and window.response.mode == "hybrid", timeout=20_000)
    assert window.status_area.search_status.text() == "Ready"
    assert window.results.results_model.hits[0].id == "wifi-no-internet"


def test_the_welcome_page_follows_a_theme_change(qtbot, make_window):
    from kbdesk.gui.theme import apply_theme

    window = make_window()
    before = window.article.toHtml()
    apply_theme("dark")  # the settings dialog does this as soon as the theme is picked
    qtbot.waitUntil(lambda: window.article.toHtml() != before, timeout=2_000)
    assert "How can we help?" in window.article.toPlainText()
