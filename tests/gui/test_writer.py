"""Writer mode end to end: real window, real engine and lint on the fixture folder, real files."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest
from gui_helpers import write_article
from PySide6.QtCore import Qt

from kbdesk.core.articles import load_file
from kbdesk.core.authoring import set_front_matter_fields
from kbdesk.gui.writer import HEALTH_COLUMN, ROW_ROLE, show_writer
from kbdesk.gui.writer_editor import ArticleEditor


@pytest.fixture(autouse=True)
def no_modal_questions(monkeypatch):
    """Unsaved edits at teardown would open a modal "discard?" question; tests answer it."""
    monkeypatch.setattr(ArticleEditor, "_ask_discard", lambda self: True)


def open_writer(qtbot, window):
    page = show_writer(window)
    qtbot.waitUntil(lambda: page.overview is not None, timeout=20_000)
    return page


def open_article(qtbot, page, name: str):
    path = page.folder() / name
    assert page.select_path(path)
    qtbot.waitUntil(lambda: page.editor.path == path, timeout=5_000)
    return path


def bump_mtime(path: Path) -> None:
    # some file systems keep whole-second mtimes; make an outside write visibly newer
    stamp = time.time() + 2
    os.utime(path, (stamp, stamp))


def test_writer_lists_every_article_with_health(qtbot, make_window):
    window = make_window()
    page = open_writer(qtbot, window)
    ids = {row.id for row in page.model.rows}
    assert {"printer-offline", "print-spooler", "wifi-no-internet", "mac-keychain", "risky-links"} <= ids
    page.filter_edit.setText("spooler")
    assert page.proxy.rowCount() == 1
    page.filter_edit.clear()
    page.table.sortByColumn(HEALTH_COLUMN, Qt.SortOrder.DescendingOrder)
    top = page.proxy.index(0, 0).data(ROW_ROLE)
    assert top is not None and (top.errors or top.warnings)  # the least healthy article sorts first


def test_save_and_reload_round_trip(qtbot, make_window):
    window = make_window()
    page = open_writer(qtbot, window)
    path = open_article(qtbot, page, "print-spooler.md")
    editor = page.editor
    assert editor.text() == path.read_text("utf-8")
    editor.text_edit.appendPlainText("\nRestart the spooler service from Services.")
    assert editor.has_local_edits()
    assert editor.save()
    assert path.read_text("utf-8") == editor.text()
    assert not editor.has_local_edits()
    # no temporary files left next to the article
    assert not [p.name for p in path.parent.iterdir() if p.name.startswith(".") or p.suffix == ".tmp"]
    # the saved text reads back as the same article
    article, issues = load_file(path)
    assert article is not None and "Services" in article.body
    assert not [i for i in issues if i.severity == "error"]


def test_external_change_without_local_edits_reloads(qtbot, make_window):
    window = make_window()
    page = open_writer(qtbot, window)
    path = open_article(qtbot, page, "print-spooler.md")
    theirs = path.read_text("utf-8").replace("usually need", "nearly always need")
    path.write_text(theirs, "utf-8")
    bump_mtime(path)
    qtbot.waitUntil(lambda: page.editor.text() == theirs, timeout=5_000)
    assert not page.editor.has_local_edits()
    assert not page.editor.banner.isVisible()


def test_external_change_with_local_edits_is_not_overwritten(qtbot, make_window):
    window = make_window()
    page = open_writer(qtbot, window)
    path = open_article(qtbot, page, "print-spooler.md")
    editor = page.editor
    editor.text_edit.appendPlainText("\nMy local edit.")
    mine = editor.text()
    theirs = path.read_text("utf-8") + "\nTheir edit from another program.\n"
    path.write_text(theirs, "utf-8")
    bump_mtime(path)
    qtbot.waitUntil(lambda: editor.banner.isVisible(), timeout=5_000)
    assert editor.text() == mine  # the edit survives the outside change

    asked = []
    editor.resolve_conflict = lambda info: asked.append(info) or "cancel"
    assert not editor.save()
    assert path.read_text("utf-8") == theirs  # their version survives
    assert len(asked) == 1 and asked[0].theirs == theirs and asked[0].mine == mine
    assert "Their edit" in asked[0].diff and "My local edit" in asked[0].diff

    # keep mine as a copy: the original stays theirs, the copy gets a new id
    editor.resolve_conflict = lambda info: "copy"
    assert editor.save()
    copy = path.with_name("print-spooler-my-version.md")
    assert path.read_text("utf-8") == theirs
    assert editor.path == copy
    article, _ = load_file(copy)
    assert article is not None and article.id == "print-spooler-my-version" and "My local edit" in article.body

    # and overwriting happens only when chosen
    editor.text_edit.appendPlainText("\nMore.")
    copy.write_text("changed again\n", "utf-8")
    bump_mtime(copy)
    editor.resolve_conflict = lambda info: "overwrite"
    assert editor.save()
    assert copy.read_text("utf-8") == editor.text()


def test_reload_theirs_choice_drops_local_edits(qtbot, make_window):
    window = make_window()
    page = open_writer(qtbot, window)
    path = open_article(qtbot, page, "wifi-no-internet.md")
    editor = page.editor
    editor.text_edit.appendPlainText("\nmine")
    theirs = path.read_text("utf-8") + "\ntheirs\n"
    path.write_text(theirs, "utf-8")
    editor.resolve_conflict = lambda info: "reload"
    assert not editor.save()
    assert editor.text() == theirs and not editor.has_local_edits()


def test_new_article_template_validates_and_ids_are_unique(qtbot, make_window):
    window = make_window()
    page = open_writer(qtbot, window)
    first = page.create_article("Printer jams: paper stuck!")
    second = page.create_article("Printer jams: paper stuck!")
    assert first is not None and second is not None
    assert first.name == "printer-jams-paper-stuck.md"
    assert second.name == "printer-jams-paper-stuck-2.md"
    for path in (first, second):
        article, issues = load_file(path, root=path.parent)
        assert article is not None
        assert [i for i in issues if i.severity == "error"] == [], issues
        assert article.id == path.stem and article.status == "draft" and article.title == "Printer jams: paper stuck!"
        assert article.review_by is not None and article.reviewed is not None
    assert page.editor.path == second


def test_form_edits_update_the_text(qtbot, make_window):
    window = make_window()
    page = open_writer(qtbot, window)
    open_article(qtbot, page, "print-spooler.md")
    editor = page.editor
    editor.edit_tabs.setCurrentIndex(1)
    form = editor.form
    assert form.title_edit.text() == "Print jobs stuck in the queue"
    form.title_edit.clear()
    qtbot.keyClicks(form.title_edit, "Print jobs stuck: restart the spooler")
    form.platform_checks["macos"].click()
    form.status_combo.setCurrentText("review")
    form.status_combo.activated.emit(form.status_combo.currentIndex())
    form.symptoms_edit.setPlainText("jobs stay in the queue\nnothing prints")
    text = editor.text()
    assert 'title: "Print jobs stuck: restart the spooler"' in text
    assert "platforms: [windows, macos, linux]" in text
    assert "status: review" in text
    assert "symptoms:\n  - jobs stay in the queue\n  - nothing prints\n" in text
    # the body and the other keys are untouched
    assert "summary: Restart the print spooler when jobs do not print." in text
    assert text.endswith("The printer itself is fine.\n")
    assert editor.save()
    article, issues = load_file(editor.path)
    assert article.title == "Print jobs stuck: restart the spooler"
    assert article.platforms == ("windows", "macos", "linux") and article.status == "review"
    assert article.symptoms == ("jobs stay in the queue", "nothing prints")
    assert not issues


def test_set_front_matter_fields_keeps_comments_and_unknown_keys():
    text = "---\nid: a  # stable\ntitle: Old\nx-custom: 1\ntags:\n  - one\n  - two\n---\nBody\n"
    new = set_front_matter_fields(text, {"title": "New", "tags": ["three"], "owner": "desk", "summary": ""})
    assert new == "---\nid: a  # stable\ntitle: New\nx-custom: 1\ntags: [three]\nowner: desk\n---\nBody\n"


def test_lint_findings_for_a_broken_link_are_shown_inline(qtbot, make_window, articles_dir):
    write_article(
        articles_dir,
        "broken.md",
        """\
        ---
        id: broken-link-article
        title: Article with a broken link
        summary: Points at an article that does not exist.
        ---
        Restart the router and try again; if that does not help, read the other guide which explains
        every step in detail and also says what to do when the lights on the front keep blinking.

        See [the missing article](no-such-article.md) for more.
        """,
    )
    window = make_window()
    page = open_writer(qtbot, window)
    path = open_article(qtbot, page, "broken.md")
    editor = page.editor
    qtbot.waitUntil(lambda: any(f.code == "broken-link" for f in editor.findings), timeout=10_000)
    finding = next(f for f in editor.findings if f.code == "broken-link")
    assert (
        finding.line
        == path.read_text("utf-8").split("\n").index("See [the missing article](no-such-article.md) for more.") + 1
    )
    assert editor.findings_panel.findings_list.count() >= 1
    row = next(r for r in page.model.rows if r.path == path)
    assert row.errors >= 1
    item = next(
        editor.findings_panel.findings_list.item(i)
        for i in range(editor.findings_panel.findings_list.count())
        if "broken-link" in editor.findings_panel.findings_list.item(i).text()
    )
    editor.findings_panel.findings_list.itemClicked.emit(item)
    assert editor.text_edit.textCursor().blockNumber() + 1 == finding.line
    assert editor.text_edit.extraSelections()  # the line is marked in the editor


def test_preview_uses_the_reader_renderer(qtbot, make_window):
    window = make_window()
    page = open_writer(qtbot, window)
    open_article(qtbot, page, "printer-offline.md")
    editor = page.editor
    qtbot.waitUntil(lambda: "Printer shows as offline" in editor.preview.toPlainText(), timeout=5_000)
    editor.text_edit.appendPlainText("\n## A brand new section\n")
    qtbot.waitUntil(lambda: "A brand new section" in editor.preview.toPlainText(), timeout=5_000)
    text = editor.preview.toPlainText()
    assert "Printer shows as offline" in text and "A brand new section" in text
    assert "id: printer-offline" not in text  # front matter is a header, as readers see it
    assert "Copy" in text  # the code block's copy link, as readers see it


def test_test_this_article_reports_rank_and_matched_terms(qtbot, make_window):
    window = make_window()
    page = open_writer(qtbot, window)
    open_article(qtbot, page, "print-spooler.md")
    editor = page.editor
    with qtbot.waitSignal(editor.test_panel.test_finished, timeout=10_000) as blocker:
        editor.run_test("spooler queue")
    result = blocker.args[0]
    assert result.mode == "keyword"
    assert result.rank == 1 and result.keyword_rank == 1 and result.keyword_score > 0
    assert result.similarity is None  # no model loaded in these tests
    matched = {m.term: m.fields for m in result.matched}
    assert "spooler" in matched and "summary" in matched["spooler"]
    assert "Rank 1" in editor.test_panel.test_result.toPlainText()

    # a printer query ranks the printer article first and this one lower (or not at all)
    with qtbot.waitSignal(editor.test_panel.test_finished, timeout=10_000) as blocker:
        editor.run_test("printer offline")
    result = blocker.args[0]
    assert result.top[0].id == "printer-offline"
    assert result.rank != 1


def test_tools_menu_opens_writer_and_insights(qtbot, make_window):
    window = make_window()
    titles = [a.text() for a in window.menu("&Tools").actions()]
    assert "&Writer mode" in titles and "&Insights" in titles
    window.action("writer").trigger()
    assert window.pages.currentWidget() is window.page("writer")
    qtbot.waitUntil(lambda: window.page("writer").overview is not None, timeout=20_000)
    window.action("insights").trigger()
    assert window.pages.currentWidget() is window.page("insights")
    qtbot.waitUntil(lambda: window.page("insights").data is not None, timeout=10_000)
    window.show_search_page()
    assert window.pages.currentWidget() is window.search_page


def test_articles_that_need_fixing_are_listed_named_and_open(qtbot, make_window, articles_dir):
    """An impossible date and a broken front matter: writer mode lists both, names them with the line
    and what is wrong, and opens each so it can be fixed (it showed an empty list before)."""
    spooler = articles_dir / "print-spooler.md"
    text = spooler.read_text("utf-8").replace(
        "platforms: [windows, linux]", "platforms: [windows, linux]\nreview_by: 2027-02-30"
    )
    spooler.write_text(text, "utf-8")
    broken = articles_dir / "broken.md"
    broken.write_text("---\ntitle: [unclosed\n---\nBody\n", "utf-8")
    window = make_window()
    page = open_writer(qtbot, window)
    rows = {row.rel_path: row for row in page.model.rows}
    assert rows["print-spooler.md"].readable and rows["print-spooler.md"].errors == 1
    assert not rows["broken.md"].readable and rows["broken.md"].errors == 1
    qtbot.waitUntil(lambda: page.problems_panel.isVisible(), timeout=10_000)
    problems = page.problems_text()
    assert "Left out of search" in problems and "broken.md" in problems
    assert "In search with errors" in problems and "print-spooler.md" in problems and "line 7" in problems
    # each file is a link of its own (a button a keyboard and a screen reader reach), named by the file
    (link,) = [b for b in page.problem_links if b.link_text() == "print-spooler.md"]
    link.click()
    qtbot.waitUntil(lambda: page.editor.path == spooler, timeout=5_000)
    qtbot.waitUntil(lambda: any(f.code == "bad-date" for f in page.editor.findings), timeout=5_000)
    (finding,) = [f for f in page.editor.findings if f.code == "bad-date"]
    assert finding.line == 7 and "February 2027 has 28 days" in finding.message
    open_article(qtbot, page, "broken.md")
    assert page.editor.text().startswith("---\ntitle: [unclosed")
