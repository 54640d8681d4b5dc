"""kbdesk on a real X display, driven screen by screen for the accessibility test.

``tests/gui/test_accessibility.py`` runs this with the project's Python, on the Xvfb display and
session bus its fixture started, with ``QT_LINUX_ACCESSIBILITY_ALWAYS_ON=1`` so Qt publishes its
accessibility tree on AT-SPI. It talks JSON lines on stdin/stdout:

* it prints ``{"ready": true}`` once the window shows and the index is open;
* ``{"screen": NAME}`` puts the app into that screen (see :data:`SCREENS`), gives the keyboard focus
  to where a person starts on it, and answers with what Qt knows and AT-SPI is checked against:
  the window's title (to find it in the AT-SPI tree), where the Tab walk starts, every visible
  label's text, every link inside rich text, and the mnemonics of each menu bar, menu and window;
* ``{"act": NAME, ...}`` does one of :data:`ACTIONS` (what the announcement test needs);
* ``{"quit": true}`` closes the app.

A new screen (a page, a dialog, a wizard page another change adds): one function here, decorated
with ``@screen("name")``, that shows it and returns the top-level widget and the widget the walk
starts from. The test runs every name in :data:`SCREENS` in order.
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


def screen(name: str):
    def register(function):
        SCREENS[name] = function
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
        settings = Settings().with_value("articles_dir", str(articles))
        self.window = MainWindow(settings, load_model=False, watch=False, platform="linux")
        self.window.resize(1100, 760)
        self.window.show()
        self.window.start()
        self.wait(lambda: self.window.kb.state.index_open and not self.window.kb.state.syncing, "the index")
        self.dialogs: list[QWidget] = []
        self.bundle: Path | None = None

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

    def wizard_page(self, page):
        """Walk the wizard to ``page`` with Next and Back (filling in what the save page needs)."""
        wizard = self.wizard()
        ids = wizard.pageIds()
        target = ids.index(next(i for i in ids if wizard.page(i) is page))
        while wizard.currentPage() is not page:
            if ids.index(wizard.currentId()) > target:
                wizard.back()
            else:
                if wizard.currentPage() is wizard.save_page:
                    wizard.save_page.path_edit.setText(str(self.work / "case.kbbundle"))
                    wizard.save_page.consent_check.setChecked(True)
                before = wizard.currentPage()
                wizard.next()
                self.wait(lambda b=before: wizard.currentPage() is not b and not wizard.busy, "the next wizard page")
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
    from kbdesk.gui.settings_dialog import SettingsDialog

    app.main_page()
    dialog = SettingsDialog(app.window.settings, app.window)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, True)
    dialog.show()
    app.dialogs.append(dialog)
    app.wait(dialog.isVisible, "the settings dialog")
    return dialog, dialog.folder_edit


def wizard_screen(app: App, page: str, start: str) -> tuple[QWidget, QWidget]:
    """The "Contact support" wizard on its page ``page`` (an attribute of the wizard), the walk from ``start``."""
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
    # show_writer checks the folder again each time; the status line says when it is done
    app.wait(lambda: page.overview is not None and not page.status_label.text().startswith("Checking"), "the checks")
    path = app.window.articles_folder() / f"{ARTICLE}.md"
    page.select_path(path)
    app.wait(lambda: page.editor.path == path, "the article in the editor")
    page.editor.edit_tabs.setCurrentIndex(edit_tab)
    page.editor.side_tabs.setCurrentIndex(side_tab)
    return app.window, page.filter_edit


# writer mode: markdown and preview; the "Test this article" tab; the Details form
WRITER_TABS = {"writer": (0, 0), "writer-test": (0, 1), "writer-details": (1, 0)}
for _name, (_edit, _side) in WRITER_TABS.items():
    screen(_name)(lambda app, edit=_edit, side=_side: writer_screen(app, edit, side))


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
    view = show_bundle(app.window, app.bundle)
    app.wait(lambda: view.matches_list.count() > 0 and "searching" not in view.matches_label.text(), "the bundle")
    view.tabs.setCurrentIndex(tab)
    return app.window, view.tabs.tabBar()


# the bundle view: one screen per tab (ticket, what the user tried, diagnostics, attachments, redaction)
for _tab, _name in enumerate(
    ("bundle", "bundle-tried", "bundle-diagnostics", "bundle-attachments", "bundle-redaction")
):
    screen(_name)(lambda app, tab=_tab: bundle_tab(app, tab))


# ---------------------------------------------------------------------------- actions
def act_search(app: App, request: dict) -> None:
    app.main_page()
    app.window.activateWindow()
    app.search(request["query"])


def act_copy_code(app: App, request: dict) -> None:
    article_screen(app)
    links = app.window.search_view.article_pane.links.buttons
    next(button for button in links if button.text().startswith("Copy")).click()


ACTIONS: dict[str, Callable[[App, dict], None]] = {"search": act_search, "copy-code": act_copy_code}


# ---------------------------------------------------------------------------- what Qt knows
def plain_text(text: str, rich: bool) -> str:
    if rich:
        document = QTextDocument()
        document.setHtml(text)
        text = document.toPlainText()
    return " ".join(text.replace("\u2028", " ").split())


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
    work = Path(os.environ["KBDESK_A11Y_WORK"])
    qt_app = QApplication([sys.argv[0]])
    qt_app.setApplicationName("kbdesk")
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
