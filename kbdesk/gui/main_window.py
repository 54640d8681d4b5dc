"""The main window: the frame around the search view, and the host of every page.

Layout: a toolbar (Back, Forward, and the search view's field, mode and "All
systems" toggle), the pages (the search view, :mod:`kbdesk.gui.search_view`,
first; writer mode, insights and the agent view when opened), and a status bar
(:class:`~kbdesk.gui.status_area.StatusArea`). Below 720 px the search view
shows one side at a time: the results, or the open article (Esc or Back
returns to the results).

This module keeps what ties them together: the window's own actions (declared in
:mod:`kbdesk.gui.window_actions`), settings, start and shutdown, the saved
layout, and the :class:`~kbdesk.gui.host.WindowHost` contract the pages plug
into (writer mode, insights, the agent view, the escalation wizard). Each page
module's ``install(host)`` registers its actions in the window's action registry
and builds its page on first use. A new page: a module with
``install(host: WindowHost)``, listed in :data:`PAGES`.
"""

from __future__ import annotations

import dataclasses
import html
import logging
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QByteArray, QEvent, QSize, Qt, QTimer, QUrl, Signal
from PySide6.QtGui import (
    QAction,
    QCloseEvent,
    QDragEnterEvent,
    QDragMoveEvent,
    QDropEvent,
    QGuiApplication,
    QResizeEvent,
    QShowEvent,
)
from PySide6.QtWidgets import (
    QMainWindow,
    QMenu,
    QMessageBox,
    QSplitter,
    QStackedWidget,
    QToolBar,
    QWidget,
)

from .. import __version__
from ..core.analytics.session import SessionRecorder
from ..core.articles import ArticleIssue, summarize_issues
from ..core.errors import KbdeskError
from ..core.learning import live as learned_phrasings
from ..core.machine import detect_platform
from ..core.paths import state_paths
from ..core.search.engine import SearchResponse
from ..core.search.indexer import SyncReport
from ..core.search.semantic import Embedder
from ..core.settings import Settings, save_settings
from ..core.sources.policy import Policy, effective_settings
from ..core.sources.service import SourceSet
from . import bundle_view, insights_view, open_ticket, requests_view, shortcuts_view, writer
from .accessibility import announce
from .desk_service import DeskService
from .desktop import open_with_system
from .errors import show_error
from .host import ActionSpec, KeyHelp
from .i18n import QT_TRANSLATE_NOOP, TranslationContext
from .knowledge import KnowledgeBase, SourcesState
from .search_view import SEARCH_KEYS, SearchView
from .settings_dialog import SettingsDialog
from .status_area import StatusArea
from .tasks import TaskRunner
from .theme import apply_theme
from .window_actions import WINDOW_ACTIONS, ActionRegistry
from .window_state import WindowState, load_window_state, save_window_state

if TYPE_CHECKING:
    from .escalation_wizard import EscalationWizard

log = logging.getLogger(__name__)

NARROW_WIDTH = 720
MODEL_LOAD_DELAY_MS = 300
#: the model load waits for this much quiet in the search field
MODEL_LOAD_IDLE_S = 1.5
#: results are announced to a screen reader once they stop changing for this long (every keystroke
#: brings new results; saying each would talk over the typing)
ANNOUNCE_RESULTS_MS = 700
WINDOW_TITLE = QT_TRANSLATE_NOOP("main_window", "kbdesk — self-service help")
#: the page modules, each with install(host); menus they name are created before Help
PAGES = (writer, insights_view, bundle_view, open_ticket, requests_view, shortcuts_view)
#: settings whose change changes which articles are served
SOURCE_SETTINGS = ("sources", "starter_articles", "articles_dir", "allowed_signers")


main_window = TranslationContext("main_window")


def _layout_not_saved(exc: BaseException) -> None:
    log.warning("window layout not saved: %s", exc)


class MainWindow(QMainWindow):
    #: emitted after a response was shown (tests and benchmarks wait on it)
    results_shown = Signal(object)  # SearchResponse
    #: emitted when an article has been rendered into the view
    article_shown = Signal(str)

    def __init__(
        self,
        settings: Settings,
        *,
        runner: TaskRunner | None = None,
        load_model: bool = True,
        watch: bool = True,
        platform: str | None = None,
        settings_path: Path | None = None,
        analytics_db: Path | None = None,
        embedder: Embedder | None = None,
        window_state_path: Path | None = None,
        policy: Policy | None = None,
        sources_root: Path | None = None,
    ) -> None:
        """``settings``: the user's own (what the settings dialog saves); ``policy``: the organisation's
        (app.py reads it; none by default), which the window runs with on top of them."""
        super().__init__()
        self._user_settings = settings
        self._policy = policy or Policy()
        self.effective = effective_settings(settings, self._policy)
        #: what kbdesk runs with: the user's settings overlaid by the policy
        self.settings = dataclasses.replace(self.effective.settings(), problems=settings.problems)
        self.sources = SourceSet(self.effective, root=sources_root)
        self.platform = platform or detect_platform()
        self.runner = runner or TaskRunner(self)
        self._load_model = load_model
        self._settings_path = settings_path
        # what readers typed before an article helped: the recorder learns it, every search uses it
        self.learned = learned_phrasings.new_index(analytics_db or state_paths().analytics_db)
        self.kb = KnowledgeBase(self.runner, self, watch=watch, embedder=embedder, learned=self.learned)
        self.recorder = SessionRecorder(
            self.platform, __version__, analytics_db, learned=self.learned, embedder=lambda: self.kb.embedder
        )
        # the user's own settings: the desk service overlays the policy itself (and re-reads it)
        self.desks = DeskService(self.runner, lambda: self._user_settings, self.show_status, self)
        self._built = False  # resize events arrive while the window is being built
        self._shown = False
        self._closed = False
        self._actions = ActionRegistry(self)
        self._pages: dict[str, QWidget] = {}
        self._close_guards: list[Callable[[], bool]] = []
        self._key_help: list[KeyHelp] = []
        self._drop_handlers: list[tuple[str, Callable[[Path], object]]] = []
        self._escalation_wizard: EscalationWizard | None = None
        self._issues: list[ArticleIssue] = []
        self._window_state_path = window_state_path
        # read once before the first paint, like the settings (a few hundred bytes); written off the GUI thread
        self._layout = load_window_state(window_state_path)
        self._writer_known = self._layout.writer
        self._splitters: dict[str, QSplitter] = {}

        self.setWindowTitle(main_window.tr(WINDOW_TITLE))
        self.setObjectName("MainWindow")
        self.resize(1100, 720)
        self._build_actions()
        self._build_search_view()
        self._install_pages()
        self.status_area = StatusArea(self)
        self.status_area.install(self.statusBar())
        self._announce_timer = QTimer(self)
        self._announce_timer.setSingleShot(True)
        self._announce_timer.setInterval(ANNOUNCE_RESULTS_MS)
        self._announce_timer.timeout.connect(self._announce_results)
        self._connect()
        self.search_view.refresh_css()
        self._update_nav_actions()
        self._built = True
        self._restore_layout()

    # ================================================================ building
    def _build_actions(self) -> None:
        """The window's own actions, through the same registry the pages use (window_actions.py)."""
        slots: dict[str, Callable[..., object]] = {
            "refresh": self.kb.refresh,
            "settings": self.edit_settings,
            "quit": self.close,
            "focus-search": self.show_search_page,  # from any page: writer mode's has no other way back by key
            "back": lambda: self.search_view.go_back(),
            "forward": lambda: self.search_view.go_forward(),
            "clear-search": lambda: self.search_view.escape(),
            "all-platforms": lambda checked: self.search_view.set_all_platforms(checked),
            "clear-history": self.clear_history,
            "contact-support": self.start_escalation,
            "log-folder": self.open_log_folder,
            "about": self._about,
        }
        for spec in WINDOW_ACTIONS:
            action = self.add_action(spec, slots[spec.name])
            if spec.name == "all-platforms":  # its saved state, without a search on a window not built yet
                blocked = action.blockSignals(True)
                action.setChecked(bool(self.settings.show_all_platforms))
                action.blockSignals(blocked)

    def _build_search_view(self) -> None:
        view = SearchView(
            self.kb,
            self.runner,
            self.recorder,
            platform=self.platform,
            mode=self.settings.search_mode,
            all_platforms=bool(self.settings.show_all_platforms),
            parent=self,
        )
        self.search_view = view
        self.add_key_help(*SEARCH_KEYS)
        # the search view's widgets the window (and its tests) use most, by their own names
        self.search_edit = view.search_edit
        self.results = view.results
        self.article = view.article
        self.feedback = view.article_pane.feedback

        bar = QToolBar(main_window.tr("Navigation"), self)
        bar.setObjectName("NavigationToolBar")
        bar.setMovable(False)
        bar.setIconSize(QSize(20, 20))
        bar.addAction(self.action("back"))
        bar.addAction(self.action("forward"))
        for widget in view.toolbar_widgets():
            bar.addWidget(widget)
        self.addToolBar(Qt.ToolBarArea.TopToolBarArea, bar)
        self.toolbar = bar

        self.pages = QStackedWidget(self)
        self.pages.addWidget(view)
        self.search_page = view
        self.setCentralWidget(self.pages)

    def _install_pages(self) -> None:
        for page in PAGES:
            page.install(self)

    def _connect(self) -> None:
        view = self.search_view
        view.all_platforms_check.toggled.connect(self.action("all-platforms").setChecked)
        view.results_shown.connect(self._results_shown)
        view.article_shown.connect(self._article_shown)
        view.mode_changed.connect(lambda _mode: self._show_search_status())
        view.navigation_changed.connect(self._update_nav_actions)
        view.status_message.connect(self.show_status)
        view.contact_support_requested.connect(self.start_escalation)
        self.status_area.fix_requested.connect(self.fix_articles)
        self.kb.index_ready.connect(self._index_ready)
        self.kb.index_progress.connect(self._index_progress)
        self.kb.state_changed.connect(lambda _state: self._show_search_status())
        self.kb.model_ready.connect(self._index_ready)
        self.kb.failure.connect(self._background_failure)
        self.kb.issues_changed.connect(self._issues_changed)
        self.kb.sync_finished.connect(lambda _report: self._show_search_status())
        self.kb.sync_finished.connect(self._forget_dropped_articles)
        self.kb.sources_changed.connect(self._sources_changed)

    # ================================================================ the WindowHost contract (host.py)
    def add_action(self, spec: ActionSpec, slot: Callable[..., object]) -> QAction:
        return self._actions.add_action(spec, slot)

    def action(self, name: str) -> QAction:
        return self._actions.action(name)

    def menu(self, title: str) -> QMenu:
        return self._actions.menu(title)

    def add_key_help(self, *keys: KeyHelp) -> None:
        self._key_help.extend(keys)

    def key_help(self) -> list[KeyHelp]:
        return self._actions.key_help() + self._key_help

    def add_page(self, name: str, widget: QWidget) -> None:
        self._pages[name] = widget
        self.pages.addWidget(widget)
        # Tab: the toolbar, the page, the status bar. A page made now joins the focus chain at its end,
        # after the status bar's button: move the button back to the end
        area: StatusArea | None = getattr(self, "status_area", None)  # None while the window is being built
        last = self.previousInFocusChain()
        while last is not None and last is not self and not last.focusPolicy() & Qt.FocusPolicy.TabFocus:
            last = last.previousInFocusChain()  # the chain holds every widget; the last one Tab stops at
        if area is not None and last is not None and last is not self and last is not area.issues_button:
            QWidget.setTabOrder(last, area.issues_button)

    def page(self, name: str) -> QWidget | None:
        return self._pages.get(name)

    def show_page(self, name: str) -> None:
        self.pages.setCurrentWidget(self._pages[name])

    def show_search_page(self) -> None:
        self.pages.setCurrentWidget(self.search_view)
        self.search_view.focus_search()

    def show_status(self, text: str, timeout_ms: int = 6000) -> None:
        self.statusBar().showMessage(text, timeout_ms)
        announce(self.statusBar(), text)

    def open_article(
        self, article_id: str, *, rank: int | None = None, from_search: bool = False, push_history: bool = True
    ) -> None:
        self.search_view.article_pane.open_article(
            article_id, rank=rank, from_search=from_search, push_history=push_history
        )

    def current_query(self) -> str:
        return self.search_view.query()

    def articles_folder(self) -> Path:
        return self.settings.articles_folder()

    @property
    def article_issues(self) -> list[ArticleIssue]:
        """The index's problems with the current articles (writer mode lists them)."""
        return list(self._issues)

    def note_writer(self) -> None:
        """Writer mode was opened: from now on (and in later runs) article problems show in the status bar."""
        if not self._writer_known:
            self._writer_known = True
            self.status_area.show_problems(self._issues, self._writer_known)
            self.status_area.show_sources(self.kb.sources_state, self._writer_known)

    def remember_splitter(self, name: str, splitter: QSplitter) -> None:
        """Give ``splitter`` its saved sizes now and save them when the window closes (pages call this too)."""
        self._splitters[name] = splitter
        sizes = self._layout.splitters.get(name)
        if sizes and len(sizes) == splitter.count():
            splitter.setSizes(list(sizes))

    def add_close_guard(self, guard: Callable[[], bool]) -> None:
        self._close_guards.append(guard)

    def add_drop_handler(self, suffix: str, handler: Callable[[Path], object]) -> None:
        self._drop_handlers.append((suffix.lower(), handler))
        self.setAcceptDrops(True)

    def dialog_parent(self) -> QWidget:
        return self

    # ================================================================ bundles, escalation, drops
    def open_bundle(self, path: Path) -> None:
        """Open an escalation bundle in the agent view (menu, command line, drag and drop)."""
        bundle_view.show_bundle(self, Path(path))

    def start_escalation(self) -> None:
        """ "Contact support": the escalation wizard, summary prefilled from the last search (one at a time)."""
        self.search_view.article_pane.finish_view()
        self.search_view.record_settled_search()
        wizard = self._escalation_wizard
        if wizard is not None and wizard.isVisible():
            wizard.raise_()
            wizard.activateWindow()
            return
        from .escalation_wizard import open_escalation_wizard  # redaction and diagnostics: loaded when first needed

        wizard = open_escalation_wizard(self)
        self._escalation_wizard = wizard
        wizard.finished.connect(self._escalation_closed)

    def _escalation_closed(self, _result: int) -> None:
        self._escalation_wizard = None

    @property
    def escalation_wizard(self) -> EscalationWizard | None:
        """The open "Contact support" wizard, or None."""
        return self._escalation_wizard

    def _drop_target(self, event: QDropEvent | QDragMoveEvent) -> tuple[Path, Callable[[Path], object]] | None:
        """The first dropped local file a page handles (a bundle), with its handler."""
        mime = event.mimeData()
        if mime is None or not mime.hasUrls():
            return None
        for url in mime.urls():
            if not url.isLocalFile():
                continue
            name = url.toLocalFile()
            for suffix, handler in self._drop_handlers:
                if name.lower().endswith(suffix):
                    return Path(name), handler
        return None

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:  # noqa: N802 - Qt's name
        if self._drop_target(event) is not None:
            event.acceptProposedAction()
        else:
            super().dragEnterEvent(event)

    def dragMoveEvent(self, event: QDragMoveEvent) -> None:  # noqa: N802 - Qt's name
        if self._drop_target(event) is not None:
            event.acceptProposedAction()
        else:
            super().dragMoveEvent(event)

    def dropEvent(self, event: QDropEvent) -> None:  # noqa: N802 - Qt's name
        target = self._drop_target(event)
        if target is None:
            super().dropEvent(event)
            return
        event.acceptProposedAction()
        path, handler = target
        handler(path)

    # ================================================================ start and stop
    def start(self) -> None:
        """Start background work: analytics session, index, model (after the first paint)."""
        self.runner.run(
            self.recorder.open,
            bool(self.settings.analytics_enabled),
            lane="analytics",
            on_success=self._analytics_problem,
        )
        self.kb.open_sources(self.sources, sync_interval_minutes=int(self.settings.sync_interval_minutes))
        self._show_search_status()
        self.desks.start()
        if self._load_model:
            QTimer.singleShot(MODEL_LOAD_DELAY_MS, self._load_model_when_idle)
        if self.settings.problems:
            first, others = self.settings.problems[0], len(self.settings.problems) - 1
            for problem in self.settings.problems:
                log.warning("settings: %s", problem)
            if others:
                text = main_window.tr("Settings problem: {problem} (and %n more; see the log)", "", others)
            else:
                text = main_window.tr("Settings problem: {problem}")
            self.show_status(text.format(problem=first), 20000)

    def _load_model_when_idle(self) -> None:
        """Start the model load once typing pauses: importing the model's libraries holds the GIL in long
        C calls (a GUI freeze of up to about a second), so it should not land in the middle of a word."""
        if self._closed:
            return
        idle = time.monotonic() - self.search_view.last_keystroke
        if idle < MODEL_LOAD_IDLE_S:
            QTimer.singleShot(int((MODEL_LOAD_IDLE_S - idle) * 1000) + 50, self._load_model_when_idle)
            return
        self.kb.load_model()

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 - Qt's name
        # a page may keep the window open (unsaved edits in writer mode); once shut down, nothing is asked
        if not self._closed and not all(guard() for guard in self._close_guards):
            event.ignore()
            return
        self.shutdown()
        super().closeEvent(event)

    def shutdown(self) -> None:
        """Finish the session, stop the watcher and wait for background work. Safe to call twice."""
        if self._closed:
            return
        self._closed = True
        self._announce_timer.stop()
        layout = self.window_state()  # before hiding: the geometry of the window as it was
        self.hide()
        self.runner.run(save_window_state, layout, self._window_state_path, lane="settings", on_error=_layout_not_saved)
        self.search_view.stop()
        self.desks.stop()
        self.runner.run(self.recorder.close, self.search_view.article_pane.view_seconds(), lane="analytics")
        self.kb.close()
        self.runner.shutdown()
        self.kb.close_engine()

    # ================================================================ the search view
    @property
    def response(self) -> SearchResponse | None:
        """The search response on screen (None before the first search and after the field is cleared)."""
        return self.search_view.response

    def _results_shown(self, response: SearchResponse) -> None:
        self._show_search_status()
        self._announce_timer.start()
        self.results_shown.emit(response)

    def _announce_results(self) -> None:
        """Say what the search found, for a screen reader (the list changes without the focus moving)."""
        response = self.response
        if response is None or response.query != self.search_view.query():
            return
        shown = len(self.search_view.results_pane.shown_hits)
        if response.match == "strong":
            text = main_window.tr("%n articles found", "", shown)
        elif shown:
            text = main_window.tr("No article matches this well; the nearest %n are shown", "", shown)
        else:
            text = main_window.tr("No article matches this")
        announce(self.results, text)

    def _article_shown(self, article_id: str) -> None:
        rendered = self.article.rendered
        if rendered is not None:
            self.setWindowTitle(main_window.tr("{title} — kbdesk").format(title=rendered.article.title))
        self.article_shown.emit(article_id)

    def _update_nav_actions(self) -> None:
        self.action("back").setEnabled(self.search_view.can_go_back())
        self.action("forward").setEnabled(self.search_view.can_go_forward())

    # ================================================================ index, model, status bar
    def _index_ready(self) -> None:
        """The index (re)opened or the model arrived: say so, and search again with what is there now."""
        self._show_search_status()
        self.search_view.rerun_search()

    def _index_progress(self, stage: str, done: int, total: int) -> None:
        if not self.status_area.show_progress(stage, done, total):
            self._show_search_status()

    def _show_search_status(self) -> None:
        self.status_area.show_state(self.kb.state, self.search_view.mode, model_coming=self._load_model)

    def _forget_dropped_articles(self, report: SyncReport) -> None:
        """Articles a sync found deleted or retired take their learned phrasings with them."""
        engine = self.kb.engine
        if engine is None:
            return
        try:
            records = engine.article_records()
        except KbdeskError:
            return
        dropped = learned_phrasings.dropped_articles(report, records, engine.articles_dirs)
        if dropped:
            self.runner.run(
                self.recorder.forget_articles,
                sorted(dropped),
                lane="analytics",
                on_error=lambda exc: log.warning("learned phrasings not forgotten: %s", exc),
            )

    def _issues_changed(self, issues: list[ArticleIssue]) -> None:
        self._issues = issues
        self.status_area.show_problems(issues, self._writer_known)

    def _sources_changed(self, state: SourcesState) -> None:
        self.status_area.show_sources(state, self._writer_known)

    def fix_articles(self) -> None:
        """Writer mode, on the first article that needs fixing."""
        files = summarize_issues(self._issues).needs_fixing
        page = writer.show_writer(self)
        if files:
            page.select_path(files[0])

    def open_log_folder(self) -> None:
        folder = state_paths().logs
        if not open_with_system(QUrl.fromLocalFile(str(folder))):
            QGuiApplication.clipboard().setText(str(folder))
            self.show_status(
                main_window.tr(
                    "No file manager could be opened; the logs are in {folder} (path copied to the clipboard)"
                ).format(folder=folder),
                15000,
            )

    def _background_failure(self, text: str) -> None:
        self.show_status(text, 15000)
        self._show_search_status()

    def _analytics_problem(self, problem: object) -> None:
        if problem:
            self.show_status(str(problem), 10000)

    # ================================================================ settings and history
    def settings_dialog(self) -> SettingsDialog:
        """The settings dialog on the user's settings, with the policy's locks and the sources' state."""
        dialog = SettingsDialog(self._user_settings, self, desks=self.desks, effective=self.effective)
        dialog.show_sources(self.kb.sources_state)
        self.kb.sources_changed.connect(dialog.show_sources)
        dialog.sync_requested.connect(self.kb.sync_sources_now)
        return dialog

    def edit_settings(self) -> None:
        dialog = self.settings_dialog()
        if dialog.exec() and dialog.result_settings is not None:
            self.apply_settings(dialog.result_settings)
        dialog.deleteLater()

    @property
    def user_settings(self) -> Settings:
        """The user's own settings (the running ones are :attr:`settings`: these overlaid by the policy)."""
        return self._user_settings

    def apply_settings(self, new: Settings, *, save: bool = True) -> None:
        """``new``: the user's own settings. They are saved as they are; kbdesk runs with them overlaid
        by the policy (a locked setting keeps the policy's value whatever ``new`` says)."""
        self._user_settings = new
        self.effective = effective_settings(new, self._policy)
        old, self.settings = self.settings, dataclasses.replace(self.effective.settings(), problems=new.problems)
        running = self.settings
        if save:
            self.runner.run(
                save_settings,
                new,
                self._settings_path,
                lane="settings",
                on_error=lambda exc: show_error(
                    self, exc, main_window.tr("Settings not saved"), show=self._background_failure
                ),
            )
        if running.theme != old.theme:
            apply_theme(running.theme)
        if running.search_mode != old.search_mode:
            self.search_view.set_mode(running.search_mode)
        if running.analytics_enabled != old.analytics_enabled:
            self.runner.run(
                self.recorder.set_enabled,
                bool(running.analytics_enabled),
                lane="analytics",
                on_success=self._analytics_problem,
            )
        if bool(running.show_all_platforms) != self.action("all-platforms").isChecked():
            self.action("all-platforms").setChecked(bool(running.show_all_platforms))
        interval = int(running.sync_interval_minutes)
        if any(getattr(running, name) != getattr(old, name) for name in SOURCE_SETTINGS):
            self.sources = self.sources.refreshed(self.effective)
            self.kb.change_sources(self.sources, sync_interval_minutes=interval)
            self.show_status(main_window.tr("Updating the articles…"), 5000)
        elif interval != old.sync_interval_minutes and self.kb.scheduler is not None:
            self.kb.scheduler.set_interval(interval)
        if running.language != old.language:
            self.show_status(main_window.tr("The new language applies when kbdesk starts again."), 10000)

    def clear_history(self) -> None:
        answer = QMessageBox.question(
            self,
            main_window.tr("Clear history"),
            main_window.tr(
                "Delete the history of searches, articles read and feedback kept on this computer, and the "
                "phrasings search learned from it?\n\n"
                "This cannot be undone."
            ),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel,
            QMessageBox.StandardButton.Cancel,
        )
        if answer != QMessageBox.StandardButton.Yes:
            return
        self.clear_history_now()

    def clear_history_now(self, done: Callable[[], None] | None = None) -> None:
        self.search_view.forget_recorded_query()

        def cleared(_result: object) -> None:
            self.show_status(main_window.tr("History cleared"), 5000)
            if done:
                done()

        def failed(exc: BaseException) -> None:
            show_error(self, exc, main_window.tr("Could not clear the history"))

        self.runner.run(self.recorder.clear_history, lane="analytics", on_success=cleared, on_error=failed)

    def _about(self) -> None:
        QMessageBox.about(
            self,
            main_window.tr("About kbdesk"),
            main_window.tr(
                "<b>kbdesk {version}</b><br>Offline self-service help.<br><br>Articles: {articles}<br>Log: {log}"
            ).format(
                version=__version__,
                articles=html.escape(str(self.articles_folder())),
                log=html.escape(str(state_paths().log_file)),
            ),
        )

    # ================================================================ theme and layout
    def _restore_layout(self) -> None:
        if self._layout.geometry:
            self.restoreGeometry(QByteArray(self._layout.geometry))
        self.remember_splitter("results", self.search_view.splitter)

    def window_state(self) -> WindowState:
        """Geometry, splitter sizes and the writer flag, as they are now."""
        splitters = dict(self._layout.splitters)
        for name, splitter in self._splitters.items():
            sizes = splitter.sizes()
            if sizes and all(size > 0 for size in sizes):  # a pane hidden by the narrow layout: keep the old sizes
                splitters[name] = tuple(sizes)
        return WindowState(bytes(self.saveGeometry().data()), splitters, self._writer_known)

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt's name
        if event.type() in (QEvent.Type.PaletteChange, QEvent.Type.ApplicationPaletteChange):
            self.search_view.refresh_css()
        super().changeEvent(event)

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 - Qt's name
        super().showEvent(event)
        if not self._shown:
            # the search field moved into the toolbar after the panes were built, so it is not first in the
            # focus chain Qt uses when a window first shows: give it the focus, so typing starts a search
            self._shown = True
            self.search_edit.setFocus(Qt.FocusReason.OtherFocusReason)

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 - Qt's name
        super().resizeEvent(event)
        self._apply_narrow_layout()

    def _apply_narrow_layout(self) -> None:
        if self._built:  # resize events arrive while the window is being built
            self.search_view.set_narrow(self.width() < NARROW_WIDTH)

    def show_results_pane(self) -> None:
        """The results (when narrow, in place of the article)."""
        self.search_view.show_results_pane()
