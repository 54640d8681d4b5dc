"""kbdesk on a real X display, driven screen by screen for the accessibility test.

``tests/gui/test_accessibility.py`` runs this with the project's Python, on the Xvfb display and
session bus its fixture started, with ``QT_LINUX_ACCESSIBILITY_ALWAYS_ON=1`` so Qt publishes its
accessibility tree on AT-SPI. It talks JSON lines on stdin/stdout:

* it prints ``{"ready": true}`` once the window shows and the index is open;
* ``{"screen": NAME}`` (with ``"rt": {url, queue, token}``, the test Request Tracker, for a screen of
  :data:`RT_SCREENS`) puts the app into that screen (see :data:`SCREENS`), gives the keyboard focus
  to where a person starts on it, and answers with what Qt knows and AT-SPI is checked against:
  the window's title (to find it in the AT-SPI tree), where the Tab walk starts, every visible
  label's text, every link inside rich text, and the mnemonics of each menu bar, menu and window;
* ``{"act": NAME, ...}`` does one of :data:`ACTIONS` (what the announcement test needs);
* ``{"quit": true}`` closes the app.

A new screen (a page, a dialog, a wizard page another change adds): one function here, decorated
with ``@screen("name")`` (``@screen("name", rt=True)`` when it sends to a service desk: see
:meth:`App.use_desk`), that shows it and returns the top-level widget and the widget the walk
starts from. A screen brings about what it needs itself (a sent request, a saved bundle), so it
can run alone (``-k``). The test runs every name in :data:`SCREENS` in order, in each language
(``$KBDESK_A11Y_LANGUAGE``: ``en``, ``de``).

The app is set up as a person who uses every part would have it: the GUI fixture articles, a git
source beside them (the settings' knowledge base lists it, with "Sync now"), and a fleet's
phrasings of the printer article (writer mode's "Users' words").
"""

from __future__ import annotations

import json
import os
import re
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QObject, QPoint, Qt, Signal
from PySide6.QtGui import QColor, QImage, QTextDocument
from PySide6.QtGui import Qt as QtGui
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QGroupBox,
    QLabel,
    QMenu,
    QMenuBar,
    QPlainTextEdit,
    QTabBar,
    QTextEdit,
    QWidget,
)

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))  # fixture_articles, as pytest's pythonpath gives it

QUERY = "printer offline"
ARTICLE = "printer-offline"

#: name -> (function that shows the screen and returns (top-level widget, where the Tab walk starts))
SCREENS: dict[str, Callable[[App], tuple[QWidget, QWidget]]] = {}
#: the screens that send to (or read from) the test Request Tracker: the test hands the app its address and token
RT_SCREENS: set[str] = set()


def screen(name: str, *, rt: bool = False):
    def register(function):
        SCREENS[name] = function
        if rt:
            RT_SCREENS.add(name)
        return function

    return register


class App:
    """The window and what the screens share (a wizard kept open across its pages, a saved bundle)."""

    def __init__(self, work: Path) -> None:
        from fixture_articles import CHECK_EVERYWHERE, write_gui_kb

        from kbdesk.core.settings import Settings
        from kbdesk.gui.main_window import MainWindow

        self.work = work
        articles = write_gui_kb(work / "articles")
        image = QImage(4, 4, QImage.Format.Format_RGB32)
        image.fill(QColor("red"))
        image.save(str(articles / "pic.png"))
        # a file the index leaves out, so writer mode lists it (a link to open it) and the status bar says so
        (articles / "broken.md").write_text("---\ntitle: [unclosed\n---\nBody\n", "utf-8")
        # an article whose check fires on any computer: the banner above the results, "Before you send"
        (articles / "home-disk-inventory.md").write_text(CHECK_EVERYWHERE, "utf-8")
        seed_phrasings()
        # a git source (a repository on this disk, file://) beside the folder: the settings' knowledge base lists
        # both, with "Sync now"
        settings = (
            Settings()
            .with_value("articles_dir", str(articles))
            .with_value("sources", [{"name": "it-kb", "url": team_repository(work / "it-kb"), "priority": 100}])
        )
        #: the settings without a desk (the wizard then saves a file); see use_desk
        self.plain_settings = settings
        self.desk = ""
        #: the test Request Tracker's connection (url, queue, token), handed over by the test with an RT screen
        self.rt: dict | None = None
        self.bundles = 0
        self.window = MainWindow(settings, load_model=False, watch=False, platform="linux")
        self.window.resize(1100, 760)
        self.window.show()
        self.window.start()
        self.wait(lambda: self.window.kb.state.index_open and not self.window.kb.state.syncing, "the index")
        self.wait(self.serving_team_source, "the git source's articles")
        self.dialogs: list[QWidget] = []
        self.bundle: Path | None = None

    def serving_team_source(self) -> bool:
        """The git source synced and indexed (else its arrival would redo the search under a screen)."""
        kb = self.window.kb
        engine = kb.engine
        searched = {s.source.name for s in engine.searched} if engine is not None else set()
        return "it-kb" in searched and not kb.sources_state.syncing and not kb.state.syncing

    # ------------------------------------------------------------ helpers of the screens
    def wait(self, condition: Callable[[], bool], what: str, timeout: float = 60) -> None:
        deadline = time.monotonic() + timeout
        while not condition():
            if time.monotonic() > deadline:
                raise TimeoutError(f"timed out waiting for {what}")
            QApplication.processEvents()
            time.sleep(0.01)
        for _ in range(10):  # layouts and paints
            QApplication.processEvents()

    def search(self, query: str) -> None:
        window = self.window
        window.show_search_page()
        window.search_edit.setText(query)
        self.wait(lambda: window.response is not None and window.response.query == query, f"results for {query!r}")

    def open_article(self, article_id: str) -> None:
        window = self.window
        if window.search_view.article_pane.article_id != article_id:
            window.open_article(article_id)
        self.wait(lambda: window.search_view.article_pane.article_id == article_id, f"the article {article_id}")

    def close_dialogs(self, keep: QWidget | None = None) -> None:
        for dialog in list(self.dialogs):
            if dialog is not keep:
                dialog.close()
                self.dialogs.remove(dialog)
        self.wait(lambda: all(not d.isVisible() for d in self.dialogs if d is not keep), "dialogs closed")

    def wizard(self):
        window = self.window
        wizard = window.escalation_wizard
        if wizard is None:
            self.close_dialogs()
            self.search(QUERY)
            window.start_escalation()
            wizard = window.escalation_wizard
            self.dialogs.append(wizard)
        else:
            self.close_dialogs(keep=wizard)
        self.wait(lambda: wizard.preview is not None and not wizard.busy, "the escalation preview")
        return wizard

    def use_desk(self, desk: str) -> None:
        """The desk "Contact support" sends to: "" none (a file is saved), "rt" the test Request Tracker,
        "rt-down" the same desk at an address nobody listens on (queued requests, no live status)."""
        if desk == self.desk:
            return
        from desk_servers import RT_TOKEN_ENV, free_port

        from kbdesk.core.desks import desk_from_mapping, with_desk

        self.close_dialogs()
        settings = self.plain_settings
        if desk:
            assert self.rt is not None, "an RT screen without the test RT's connection"
            os.environ[RT_TOKEN_ENV] = self.rt["token"]
            url = self.rt["url"] if desk == "rt" else f"http://127.0.0.1:{free_port()}"
            table = {"kind": "rt", "url": url, "queue": self.rt["queue"], "token_env": RT_TOKEN_ENV}
            settings = with_desk(settings, desk_from_mapping("rt", table))
        self.window.apply_settings(settings, save=False)
        self.desk = desk

    def wizard_page(self, page):
        """Walk the wizard to ``page`` with Next and Back (filling in what the save page needs)."""
        wizard = self.wizard()
        if wizard.currentPage() is wizard.done_page and page is not wizard.done_page:
            self.close_dialogs()  # a wizard that has saved (or sent) does not go back: a new one
            wizard = self.wizard()
        ids = wizard.pageIds()
        target = ids.index(next(i for i in ids if wizard.page(i) is page))
        while wizard.currentPage() is not page:
            if ids.index(wizard.currentId()) > target:
                wizard.back()
            else:
                if wizard.currentPage() is wizard.save_page:
                    self.bundles += 1
                    wizard.save_page.path_edit.setText(str(self.work / f"case-{self.bundles}.kbbundle"))
                    wizard.save_page.consent_check.setChecked(True)
                before = wizard.currentPage()
                wizard.next()
                try:
                    self.wait(lambda b=before: wizard.currentPage() is not b and not wizard.busy, "the next page")
                except TimeoutError as exc:  # say where it stopped, and what the save page says
                    status = wizard.save_page.status_label.text()
                    raise TimeoutError(f"{exc}, from {before.title()!r} (the save page says {status!r})") from None
        self.wait(lambda: not wizard.busy, "the wizard")
        if page is wizard.done_page:
            self.bundle = wizard.saved.path
        return wizard

    def main_page(self) -> None:
        self.close_dialogs()
        self.window.show_search_page()


# ---------------------------------------------------------------------------- the screens
@screen("search")
def search_screen(app: App) -> tuple[QWidget, QWidget]:
    app.main_page()
    app.search(QUERY)
    return app.window, app.window.search_edit


@screen("did-you-mean")
def did_you_mean_screen(app: App) -> tuple[QWidget, QWidget]:
    from kbdesk.core import language

    app.main_page()
    app.wait(language.ready, "the language tools (the word list did-you-mean uses)")
    app.search("printr ofline")
    app.wait(lambda: app.window.search_view.suggestion_label.isVisible(), "the spelling suggestion")
    return app.window, app.window.search_edit


@screen("no-match")
def no_match_screen(app: App) -> tuple[QWidget, QWidget]:
    app.main_page()
    app.search("quarterly expense report approval")
    app.wait(lambda: app.window.search_view.results_pane.weak_banner.isVisible(), "the no-match banner")
    return app.window, app.window.search_edit


@screen("language-note")
def language_note_screen(app: App) -> tuple[QWidget, QWidget]:
    """A query in another language: the note that the articles are in English."""
    from kbdesk.core import language

    app.main_page()
    app.wait(language.ready, "the language tools")
    app.search("Ich habe mein Passwort vergessen")
    app.wait(app.window.search_view.language_note.isVisible, "the language note")
    return app.window, app.window.search_edit


@screen("article")
def article_screen(app: App) -> tuple[QWidget, QWidget]:
    app.main_page()
    app.search(QUERY)
    app.open_article(ARTICLE)
    app.window.feedback.reset(ARTICLE)
    return app.window, app.window.search_edit


@screen("feedback")
def feedback_screen(app: App) -> tuple[QWidget, QWidget]:
    article_screen(app)
    feedback = app.window.feedback
    feedback.no_button.click()
    app.wait(lambda: feedback.page == "reasons", "the reasons")
    return app.window, app.window.search_edit


@screen("feedback-next")
def feedback_next_screen(app: App) -> tuple[QWidget, QWidget]:
    feedback_screen(app)
    feedback = app.window.feedback
    feedback.reason_buttons["not_related"].setChecked(True)
    feedback.send_button.click()
    app.wait(lambda: feedback.page == "next", "the articles that might help")
    return app.window, app.window.search_edit


@screen("settings")
def settings_screen(app: App) -> tuple[QWidget, QWidget]:
    """File > Settings…: the General tab, with the knowledge base's sources."""
    dialog, _panel = settings_dialog(app, 0)
    return dialog, dialog.folder_edit


def wizard_screen(app: App, page: str, start: str, desk: str = "") -> tuple[QWidget, QWidget]:
    """The "Contact support" wizard on its page ``page`` (an attribute of the wizard), the walk from ``start``;
    ``desk``: where it sends (App.use_desk; none: it saves a file)."""
    app.use_desk(desk)
    wizard = app.wizard()
    shown = getattr(wizard, page)
    app.wizard_page(shown)
    return wizard, getattr(shown, start)


# the wizard: one screen per page, with the control the walk starts from (a new page: one more line)
WIZARD_PAGES = {
    "wizard-before": ("before_page", "findings"),
    "wizard-describe": ("describe_page", "summary_edit"),
    "wizard-review": ("review_page", "item_list"),
    "wizard-save": ("save_page", "path_edit"),
    "wizard-done": ("done_page", "show_folder_button"),
}
for _name, (_page, _start) in WIZARD_PAGES.items():
    screen(_name)(lambda app, page=_page, start=_start: wizard_screen(app, page, start))


def writer_screen(app: App, edit_tab: int = 0, side_tab: int = 0) -> tuple[QWidget, QWidget]:
    """Writer mode on the fixture's printer article, with the editor's and the side's tabs as given."""
    from kbdesk.gui.writer import show_writer

    app.close_dialogs()
    page = show_writer(app.window)
    # show_writer checks the folder again each time; the status line says when it is done ("Checking articles…"
    # while it runs, in any language with the ellipsis)
    app.wait(lambda: page.overview is not None and not page.status_label.text().endswith("…"), "the checks")
    if page.editor.has_local_edits():  # left by a conflict screen: drop them, or switching would ask
        page.editor.reload()
    path = app.window.articles_folder() / f"{ARTICLE}.md"
    page.select_path(path)
    app.wait(lambda: page.editor.path == path, "the article in the editor")
    page.editor.edit_tabs.setCurrentIndex(edit_tab)
    page.editor.side_tabs.setCurrentIndex(side_tab)
    if page.editor.side_tabs.currentWidget() is page.editor.phrasings_panel:
        panel = page.editor.phrasings_panel
        app.wait(lambda: panel.review is not None and panel.review.article_id == ARTICLE, "the users' words")
    return app.window, page.filter_edit


# writer mode: markdown and preview; the "Test this article" tab; the Details form; "Users' words"
WRITER_TABS = {"writer": (0, 0), "writer-test": (0, 1), "writer-details": (1, 0), "writer-words": (0, 2)}
for _name, (_edit, _side) in WRITER_TABS.items():
    screen(_name)(lambda app, edit=_edit, side=_side: writer_screen(app, edit, side))


def changed_on_disk(app: App):
    """Writer mode with local edits in the spooler article while another program changed its file."""
    from kbdesk.gui.writer import show_writer

    writer_screen(app)
    page = show_writer(app.window)
    path = app.window.articles_folder() / "print-spooler.md"
    page.select_path(path)
    app.wait(lambda: page.editor.path == path, "the spooler article in the editor")
    editor = page.editor
    editor.text_edit.appendPlainText("\nA line of mine.")
    path.write_text(path.read_text("utf-8") + "\nA line of theirs.\n", "utf-8")
    editor.check_disk()
    app.wait(editor.banner.isVisible, "the changed-on-disk banner")
    return page, path


@screen("writer-changed")
def writer_changed_screen(app: App) -> tuple[QWidget, QWidget]:
    page, _path = changed_on_disk(app)
    return app.window, page.filter_edit


@screen("writer-conflict")
def writer_conflict_screen(app: App) -> tuple[QWidget, QWidget]:
    """What Save asks then (shown here without exec, which would block), with the differences shown."""
    from kbdesk.gui.writer_conflict import ConflictDialog, ConflictInfo

    page, path = changed_on_disk(app)
    dialog = ConflictDialog(ConflictInfo(path, path.read_text("utf-8"), page.editor.text()), app.window)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, True)
    dialog.show()
    app.dialogs.append(dialog)
    dialog.diff_button.click()
    app.wait(dialog.diff_view.isVisible, "the differences")
    return dialog, dialog.reload_button


@screen("writer-diff")
def writer_diff_screen(app: App) -> tuple[QWidget, QWidget]:
    """The banner's "Show differences"."""
    from kbdesk.gui.writer_conflict import DiffDialog

    page, _path = changed_on_disk(app)
    before = set(app.window.findChildren(DiffDialog))
    page.editor.banner.diff_button.click()
    app.wait(lambda: bool(set(app.window.findChildren(DiffDialog)) - before), "the differences")
    (dialog,) = set(app.window.findChildren(DiffDialog)) - before
    app.dialogs.append(dialog)
    view = dialog.findChild(QPlainTextEdit)
    return dialog, view


@screen("insights")
def insights_screen(app: App) -> tuple[QWidget, QWidget]:
    from kbdesk.gui.insights_view import show_insights

    app.close_dialogs()
    page = show_insights(app.window)
    app.wait(lambda: page.data is not None, "the insights")
    return app.window, page.source_combo


@screen("shortcuts")
def shortcuts_screen(app: App) -> tuple[QWidget, QWidget]:
    app.close_dialogs()
    app.window.action("shortcuts").trigger()
    page = app.window.page("shortcuts")
    return app.window, page.tree


def bundle_tab(app: App, tab: int) -> tuple[QWidget, QWidget]:
    from kbdesk.gui.bundle_view import show_bundle

    if app.bundle is None:
        wizard_screen(app, "done_page", "show_folder_button")
    app.close_dialogs()
    assert app.bundle is not None
    view = show_bundle(app.window, app.bundle)
    app.wait(lambda: view.matches_list.count() > 0 and "searching" not in view.matches_label.text(), "the bundle")
    view.tabs.setCurrentIndex(tab)
    return app.window, view.tabs.tabBar()


# the bundle view: one screen per tab (ticket, what the user tried, diagnostics, attachments, redaction)
for _tab, _name in enumerate(
    ("bundle", "bundle-tried", "bundle-diagnostics", "bundle-attachments", "bundle-redaction")
):
    screen(_name)(lambda app, tab=_tab: bundle_tab(app, tab))


# ---------------------------------------------------------------------------- service desks (issue 12)
def settings_dialog(app: App, tab: int = 0):
    """The settings dialog as File > Settings… opens it (General, with the knowledge base; Service desk)."""
    app.main_page()
    dialog = app.window.settings_dialog()
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, True)
    dialog.show()
    app.dialogs.append(dialog)
    app.wait(dialog.isVisible, "the settings dialog")
    panel = dialog.desk_panel
    assert panel is not None
    app.wait(panel.isEnabled, "the IT policy read by the service desk section")
    dialog.tabs.setCurrentIndex(tab)
    return dialog, panel


@screen("settings-desk")
def settings_desk_screen(app: App) -> tuple[QWidget, QWidget]:
    """Settings > Service desk without a desk: the line that says so and Add…"""
    app.use_desk("")
    dialog, panel = settings_dialog(app, 1)
    return dialog, panel.add_button


@screen("settings-desk-rt", rt=True)
def settings_desk_rt_screen(app: App) -> tuple[QWidget, QWidget]:
    """Settings > Service desk with the Request Tracker desk, its connection tested."""
    app.use_desk("rt")
    dialog, panel = settings_dialog(app, 1)
    panel.test_connection()
    app.wait(lambda: panel.test_button.isEnabled() and bool(panel.test_label.text()), "the connection test")
    return dialog, panel.desk_combo


def settings_desk_kind(app: App, kind: str, source: int) -> tuple[QWidget, QWidget]:
    """The test RT's desk switched to another kind in the dialog (closed without saving), with the secret kept
    in the keyring (0: the token's field) or an environment variable (1)."""
    app.use_desk("rt")
    dialog, panel = settings_dialog(app, 1)
    panel.kind_combo.setCurrentIndex(panel.kind_combo.findData(kind))
    panel.source_combo.setCurrentIndex(source)
    return dialog, panel.desk_combo


# e-mail: the mail server's fields and a password; a folder
screen("settings-desk-email", rt=True)(lambda app: settings_desk_kind(app, "smtp", 0))
screen("settings-desk-folder", rt=True)(lambda app: settings_desk_kind(app, "file", 1))


# the wizard sending to the test RT: the Send page, and what became of the request
SEND_PAGES = {
    "wizard-send": ("save_page", "send_radio", "rt"),
    "wizard-sent": ("done_page", "ticket_button", "rt"),
    "wizard-queued": ("done_page", "requests_button", "rt-down"),
}
for _name, (_page, _start, _desk) in SEND_PAGES.items():
    screen(_name, rt=True)(lambda app, page=_page, start=_start, desk=_desk: wizard_screen(app, page, start, desk))


def requests_page(app: App, desk: str):
    """Help > My requests once the desks have been asked (a request sent to the test RT first, if none is)."""
    from kbdesk.core.desks import sent_requests
    from kbdesk.gui.requests_view import show_requests

    if not sent_requests():
        wizard_screen(app, "done_page", "ticket_button", "rt")
    app.use_desk(desk)
    app.main_page()
    page = show_requests(app.window)
    asked: list[bool] = []
    page.rows_shown.connect(lambda _rows, live: asked.append(live))
    page.refresh()
    app.wait(lambda: True in asked and bool(page.rows), "the requests' status from the desk")
    # a ticket at the desk selected: its line below the list and "Open at the desk"
    row = next((n for n, r in enumerate(page.rows) if r.url), 0)
    page.tree.setCurrentItem(page.tree.topLevelItem(row))
    return app.window, page.tree


screen("requests", rt=True)(lambda app: requests_page(app, "rt"))
# the desk does not answer: the last known status, and a line that says so
screen("requests-offline", rt=True)(lambda app: requests_page(app, "rt-down"))


@screen("open-ticket", rt=True)
def open_ticket_screen(app: App) -> tuple[QWidget, QWidget]:
    """File > Open ticket… with the test RT, a ticket number typed."""
    from kbdesk.core.desks import sent_requests
    from kbdesk.gui.open_ticket import open_ticket_dialog

    app.use_desk("rt")
    app.main_page()
    dialog = open_ticket_dialog(app.window)
    app.dialogs.append(dialog)
    app.wait(dialog.isVisible, "the Open ticket dialog")
    sent = [r.ticket for r in sent_requests() if r.ticket]
    dialog.ticket_edit.setText(sent[0] if sent else "1")
    return dialog, dialog.desk_combo


@screen("open-ticket-refused", rt=True)
def open_ticket_refused_screen(app: App) -> tuple[QWidget, QWidget]:
    """A ticket the desk does not have: why, in the dialog, which stays open."""
    dialog, start = open_ticket_screen(app)
    dialog.ticket_edit.setText("999999")
    dialog.open_button.click()
    app.wait(lambda: dialog.open_button.isEnabled() and "999999" in dialog.message_label.text(), "the refusal")
    return dialog, start


# ---------------------------------------------------------------------------- actions
def act_search(app: App, request: dict) -> None:
    app.main_page()
    app.window.activateWindow()
    app.search(request["query"])


def act_copy_code(app: App, request: dict) -> None:
    article_screen(app)
    from kbdesk.gui.article_view import article_view as words

    # a Copy button, found by its description in the app's language ("Copies code block 1 to the clipboard: …")
    copies = words.tr("Copies code block {number} to the clipboard: {code}").partition("{number}")[0]
    links = app.window.search_view.article_pane.links.buttons
    next(button for button in links if button.accessibleDescription().startswith(copies)).click()


ACTIONS: dict[str, Callable[[App, dict], None]] = {"search": act_search, "copy-code": act_copy_code}


# ---------------------------------------------------------------------------- what Qt knows
def plain_text(text: str, rich: bool) -> str:
    if rich:
        document = QTextDocument()
        document.setHtml(text)
        text = document.toPlainText()
    return " ".join(text.replace("\u2028", " ").split())


def team_repository(folder: Path) -> str:
    """A git repository with one article, as a team's knowledge base would be; its file:// URL."""
    from fixture_articles import LINT_CLEAN_ARTICLE
    from gitserver import git

    folder.mkdir(parents=True)
    git(folder, "init", "-q", "-b", "main")
    # its words include the did-you-mean screen's: a correction is offered only when every source would make it
    text = LINT_CLEAN_ARTICLE.format(id="vpn-printer", title="The office printer is offline over the VPN")
    (folder / "vpn-printer.md").write_text(text, "utf-8")
    git(folder, "add", "-A")
    git(folder, "commit", "-q", "-m", "the team's first article")
    return folder.as_uri()


def seed_phrasings() -> None:
    """History before the app starts, as a fleet import brings it: how readers found the printer article."""
    from kbdesk.core.analytics import AnalyticsStore
    from kbdesk.core.analytics.phrasings import ImportedPhrasing

    with AnalyticsStore.open() as store:
        store.import_phrasings(
            [
                ImportedPhrasing(ARTICLE, "printer says offline but it is on", "solved", 3, 2),
                ImportedPhrasing(ARTICLE, "cannot print anything", "read"),
                ImportedPhrasing(ARTICLE, "printer prints blank pages", "not_helped", 2, 1),
            ],
            "fleet",
        )


def rect_of(widget: QWidget) -> list[int]:
    origin = widget.mapToGlobal(QPoint(0, 0))
    return [origin.x(), origin.y(), widget.width(), widget.height()]


def showing(widget: QWidget, top: QWidget) -> bool:
    return widget.isVisible() and widget.window() is top and not widget.visibleRegion().isEmpty()


def labels_of(top: QWidget) -> list[dict]:
    labels = []
    for label in top.findChildren(QLabel):
        if not showing(label, top):
            continue
        rich = label.textFormat() == Qt.TextFormat.RichText or (
            label.textFormat() == Qt.TextFormat.AutoText and QtGui.mightBeRichText(label.text())
        )
        text = plain_text(label.text(), rich)
        if text:
            labels.append({"rect": rect_of(label), "text": text, "object": label.objectName()})
    return labels


ANCHOR = re.compile(r"<a\s[^>]*href=", re.IGNORECASE)


def links_of(top: QWidget) -> list[dict]:
    """Links inside rich text: a label's <a href> and the anchors of a text browser's document."""
    links = []
    for label in top.findChildren(QLabel):
        if showing(label, top) and ANCHOR.search(label.text()):
            document = QTextDocument()
            document.setHtml(label.text())
            links += [{"in": rect_of(label), "text": text} for text in anchors(document)]
    for edit in top.findChildren(QTextEdit):
        if showing(edit, top):
            links += [{"in": rect_of(edit), "text": text} for text in anchors(edit.document())]
    return links


def anchors(document: QTextDocument) -> list[str]:
    found = []
    block = document.begin()
    while block.isValid():
        it = block.begin()
        current, text = None, ""
        while not it.atEnd():
            fragment = it.fragment()
            fmt = fragment.charFormat()
            href = fmt.anchorHref() if fmt.isAnchor() else None
            if href != current and current is not None and text.strip():
                found.append(" ".join(text.split()))
                text = ""
            current = href
            if href:
                text += fragment.text()
            it += 1
        if current and text.strip():
            found.append(" ".join(text.split()))
        block = block.next()
    return found


def mnemonic(text: str) -> str | None:
    match = re.search(r"&([^&\s])", text.replace("&&", ""))
    return match.group(1).lower() if match else None


def mnemonics_of(top: QWidget) -> list[dict]:
    """Groups of (mnemonic, text): the window with its menu bar's titles, and each menu of the bar."""
    window_group: list[list[str]] = []
    menus: list[dict] = []
    for bar in top.findChildren(QMenuBar):
        if not showing(bar, top):
            continue
        for action in bar.actions():
            key = mnemonic(action.text())
            if action.isVisible() and key:
                window_group.append([key, action.text()])
            menu = action.menu()
            if isinstance(menu, QMenu):
                items = [[mnemonic(a.text()), a.text()] for a in menu.actions() if a.isVisible() and mnemonic(a.text())]
                menus.append({"group": f"menu {action.text().replace('&', '')}", "items": items})
    for button in top.findChildren(QAbstractButton):
        key = mnemonic(button.text())
        if key and showing(button, top):
            window_group.append([key, button.text()])
    for label in top.findChildren(QLabel):
        key = mnemonic(label.text())
        if key and label.buddy() is not None and showing(label, top):
            window_group.append([key, label.text()])
    for box in top.findChildren(QGroupBox):
        key = mnemonic(box.title())
        if key and showing(box, top):
            window_group.append([key, box.title()])
    for bar in top.findChildren(QTabBar):
        if showing(bar, top):
            for i in range(bar.count()):
                key = mnemonic(bar.tabText(i))
                if key:
                    window_group.append([key, bar.tabText(i)])
    return [{"group": f"window {top.windowTitle()}", "items": window_group}, *menus]


def describe(top: QWidget, start: QWidget) -> dict:
    return {
        "window": top.windowTitle(),
        "start": rect_of(start),
        "labels": labels_of(top),
        "links": links_of(top),
        "mnemonics": mnemonics_of(top),
    }


# ---------------------------------------------------------------------------- the command loop
class Commands(QObject):
    received = Signal(str)


def main() -> int:
    from kbdesk.gui.i18n import install_translations

    work = Path(os.environ["KBDESK_A11Y_WORK"])
    qt_app = QApplication([sys.argv[0]])
    qt_app.setApplicationName("kbdesk")
    # the language the test asks for (its setting's values: en, de), installed as the app does at start
    install_translations(os.environ.get("KBDESK_A11Y_LANGUAGE", "en"))
    app = App(work)
    out = sys.stdout

    def answer(payload: dict) -> None:
        out.write(json.dumps(payload) + "\n")
        out.flush()

    def handle(line: str) -> None:
        request = json.loads(line)
        if request.get("quit"):
            app.close_dialogs()
            app.window.shutdown()
            qt_app.quit()
            return
        try:
            if "rt" in request:
                app.rt = request["rt"]
            if "act" in request:
                ACTIONS[request["act"]](app, request)
                answer({"ok": True})
                return
            top, start = SCREENS[request["screen"]](app)
            top.raise_()
            top.activateWindow()
            app.wait(top.isActiveWindow, "the window to be active")
            start.setFocus(Qt.FocusReason.TabFocusReason)
            app.wait(start.hasFocus, "the focus on the first control")
            answer(describe(top, start))
        except Exception as exc:  # noqa: BLE001 - the test reports it with the screen's name
            import traceback

            answer({"error": f"{type(exc).__name__}: {exc}", "traceback": traceback.format_exc()})

    commands = Commands()
    commands.received.connect(handle, Qt.ConnectionType.QueuedConnection)

    def read() -> None:
        for line in sys.stdin:
            if line.strip():
                commands.received.emit(line)

    threading.Thread(target=read, daemon=True).start()
    answer({"ready": True, "screens": list(SCREENS)})
    return qt_app.exec()


if __name__ == "__main__":
    sys.exit(main())
