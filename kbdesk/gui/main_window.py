"""The main window: search, results, the article, feedback.

Layout: a toolbar (Back, Forward, the search field, the search mode and the
"All systems" toggle), under it a splitter with the results on the left and
the article (with its feedback bar) on the right. Below 720 px the splitter
shows one side at a time: the results, or the open article (Esc or Back
returns to the results).

The window is the :class:`~kbdesk.gui.host.WindowHost` of the pages that plug
into it (writer mode, insights, the agent view, the escalation wizard): each
page module's ``install(host)`` registers its actions in the window's action
registry (:meth:`MainWindow.add_action`, by name) and builds its page on first
use. The window's own actions are declared the same way (:data:`WINDOW_ACTIONS`).
A new page: a module with ``install(host: WindowHost)``, listed in :data:`PAGES`.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QByteArray, QEvent, QObject, QSize, Qt, QTimer, QUrl, Signal
from PySide6.QtGui import (
    QAction,
    QCloseEvent,
    QDragEnterEvent,
    QDragMoveEvent,
    QDropEvent,
    QFont,
    QGuiApplication,
    QIcon,
    QKeyEvent,
    QKeySequence,
)
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QLabel,
    QLineEdit,
    QMainWindow,
    QMenu,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QSizePolicy,
    QSplitter,
    QStackedWidget,
    QStyle,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from .. import __version__
from ..core.analytics.session import SessionRecorder
from ..core.articles import ArticleIssue, summarize_issues
from ..core.errors import KbdeskError
from ..core.machine import detect_platform
from ..core.paths import bundled_articles_dir, state_paths
from ..core.rendering import RenderedArticle
from ..core.search.engine import SearchFilters, SearchHit, SearchResponse
from ..core.search.semantic import Embedder
from ..core.settings import Settings, save_settings
from . import bundle_view, insights_view, writer
from .article_view import ArticleBrowser
from .desktop import open_with_system
from .errors import show_error
from .feedback import FeedbackBar
from .host import ActionSpec
from .knowledge import IndexState, KnowledgeBase
from .results import ResultsView
from .search_notes import LanguageNote, SuggestionLabel, WeakMatchBanner
from .settings_dialog import MODE_LABELS, SettingsDialog
from .tasks import TaskRunner
from .theme import apply_theme, article_css
from .window_state import WindowState, load_window_state, save_window_state

if TYPE_CHECKING:
    from .escalation_wizard import EscalationWizard

log = logging.getLogger(__name__)


def _layout_not_saved(exc: BaseException) -> None:
    log.warning("window layout not saved: %s", exc)


SEARCH_DEBOUNCE_MS = 150
#: a query counts as a search for the history once it has been still this long
SEARCH_SETTLE_MS = 1500
NARROW_WIDTH = 720
PLACEHOLDER = "Describe your problem or paste an error message"
MODEL_LOAD_DELAY_MS = 300
#: the model load waits for this much quiet in the search field
MODEL_LOAD_IDLE_S = 1.5
#: the article pane follows the selected result once the selection rests this long (arrowing
#: through the list opens, renders and records only the result the person stops on)
FOLLOW_SELECTION_MS = 250
#: keys in the search field that move the selection in the results, and by how many rows
SELECTION_STEPS = {
    Qt.Key.Key_Down.value: 1,
    Qt.Key.Key_Up.value: -1,
    Qt.Key.Key_PageDown.value: 5,
    Qt.Key.Key_PageUp.value: -5,
}
TOOLBAR_MODE_LABELS = {"hybrid": "Best match", "keyword": "Exact words", "semantic": "Meaning"}
#: results shown (dimmed) when nothing matches well: enough to recognise a near miss, few enough not to
#: send anyone down a list of wrong articles
WEAK_NEAREST = 3

Key = QKeySequence.StandardKey
#: the window's own actions, in menu order (pages add theirs in their install(): Tools, File > Open bundle…)
WINDOW_ACTIONS = (
    ActionSpec("refresh", "&Refresh articles", "&File", (Key.Refresh,), "Look for new or changed articles now"),
    ActionSpec("settings", "&Settings…", "&File", (Key.Preferences,), role=QAction.MenuRole.PreferencesRole),
    ActionSpec("quit", "&Quit", "&File", (Key.Quit,), role=QAction.MenuRole.QuitRole, separator_before=True),
    ActionSpec("focus-search", "&Search", "&Go", ("Ctrl+K", Key.Find)),
    ActionSpec(
        "back",
        "&Back",
        "&Go",
        ("Alt+Left", Key.Back),
        "Back to the previous article (Alt+Left)",
        icon=QStyle.StandardPixmap.SP_ArrowBack,
    ),
    ActionSpec(
        "forward",
        "&Forward",
        "&Go",
        ("Alt+Right", Key.Forward),
        "Forward (Alt+Right)",
        icon=QStyle.StandardPixmap.SP_ArrowForward,
    ),
    ActionSpec("clear-search", "Clear search", None, ("Esc",)),
    ActionSpec("all-platforms", "Show articles for &all systems", "&View", checkable=True),
    ActionSpec("clear-history", "&Clear history…", "&History"),
    ActionSpec("contact-support", "&Contact support…", "&Help"),
    ActionSpec("log-folder", "Open &log folder", "&Help", separator_before=True),
    ActionSpec("about", "&About kbdesk", "&Help", role=QAction.MenuRole.AboutRole),
)
#: the page modules, each with install(host); menus they name are created before Help
PAGES = (writer, insights_view, bundle_view)

WELCOME_HTML = """
<h1 class="title">How can we help?</h1>
<p class="summary">Type what is going wrong in the box above, in your own words, or paste the exact error message.
Matching articles appear as you type.</p>
<h2>Tips</h2>
<ul>
<li>Describe what you see: <i>"printer says offline"</i>, <i>"VPN keeps disconnecting"</i>.</li>
<li>Error codes work too: <code>0x80070005</code>, <code>DNS_PROBE_FINISHED_NXDOMAIN</code>.</li>
<li>Press <b>&#8595;</b>/<b>&#8593;</b> to pick a result and <b>Enter</b> to open it; <b>Ctrl+K</b> comes back to the search box.</li>
</ul>
<p class="meta">Nothing you type leaves this computer.</p>
"""


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
    ) -> None:
        super().__init__()
        self.settings = settings
        self.platform = platform or detect_platform()
        self.runner = runner or TaskRunner(self)
        self._load_model = load_model
        self._settings_path = settings_path
        self.kb = KnowledgeBase(self.runner, self, watch=watch, embedder=embedder)
        self.recorder = SessionRecorder(self.platform, __version__, analytics_db)
        self._closed = False
        self._last_keystroke = 0.0
        self._mode = settings.search_mode
        self._response: SearchResponse | None = None
        self._open_on_result = False
        self._recorded_query: str | None = None
        self._history: list[str] = []
        self._history_pos = -1
        self._article_id: str | None = None
        self._view_started: float | None = None
        self._pending_view: tuple[str, int | None, bool] | None = None
        self._article_focus = False
        self._pages: dict[str, QWidget] = {}
        self._menus: dict[str, QMenu] = {}
        self._actions: dict[str, QAction] = {}
        self._close_guards: list[Callable[[], bool]] = []
        self._drop_handlers: list[tuple[str, Callable[[Path], object]]] = []
        self._escalation_wizard: EscalationWizard | None = None
        self._issues: list[ArticleIssue] = []
        self._window_state_path = window_state_path
        # read once before the first paint, like the settings (a few hundred bytes); written off the GUI thread
        self._layout = load_window_state(window_state_path)
        self._writer_known = self._layout.writer
        self._splitters: dict[str, QSplitter] = {}

        self.setWindowTitle("kbdesk — self-service help")
        self.setObjectName("MainWindow")
        self.resize(1100, 720)
        self._build_actions()
        self._build_toolbar()
        self._build_central()
        self._install_pages()
        self._build_status_bar()
        self._connect()
        self._refresh_css()
        self.article.show_message(WELCOME_HTML)
        self._update_nav_actions()
        self._restore_layout()
        self.search_edit.setFocus(Qt.FocusReason.OtherFocusReason)

    # ================================================================ building
    def _build_actions(self) -> None:
        """The window's own actions, through the same registry the pages use (see WINDOW_ACTIONS)."""
        slots: dict[str, Callable[..., object]] = {
            "refresh": self.kb.request_sync,
            "settings": self.edit_settings,
            "quit": self.close,
            "focus-search": self.focus_search,
            "back": self.go_back,
            "forward": self.go_forward,
            "clear-search": self._escape,
            "all-platforms": self._all_platforms_toggled,
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

    def _build_toolbar(self) -> None:
        bar = QToolBar("Navigation", self)
        bar.setObjectName("NavigationToolBar")
        bar.setMovable(False)
        bar.setIconSize(QSize(20, 20))
        bar.addAction(self.action("back"))
        bar.addAction(self.action("forward"))
        self.search_edit = QLineEdit(bar)
        self.search_edit.setPlaceholderText(PLACEHOLDER)
        self.search_edit.setClearButtonEnabled(True)
        self.search_edit.setAccessibleName("Search")
        self.search_edit.setAccessibleDescription(
            "Describe your problem or paste an error message; results update as you type. "
            "Up and Down choose a result, Enter opens it, Escape clears."
        )
        font = QFont(self.search_edit.font())
        font.setPointSizeF(font.pointSizeF() * 1.2)
        self.search_edit.setFont(font)
        self.search_edit.setMinimumWidth(160)
        self.search_edit.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.search_edit.installEventFilter(self)
        bar.addWidget(self.search_edit)
        self.mode_combo = QComboBox(bar)
        for mode in ("hybrid", "keyword", "semantic"):
            self.mode_combo.addItem(TOOLBAR_MODE_LABELS[mode], mode)
            self.mode_combo.setItemData(self.mode_combo.count() - 1, MODE_LABELS[mode], Qt.ItemDataRole.ToolTipRole)
        self.mode_combo.setCurrentIndex(max(0, self.mode_combo.findData(self._mode)))
        self.mode_combo.setAccessibleName("Search mode")
        self.mode_combo.setToolTip("How to match: by words and meaning, exact words only, or meaning only")
        self.mode_combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        bar.addWidget(self.mode_combo)
        self.all_platforms_check = QCheckBox("All systems", bar)
        self.all_platforms_check.setChecked(bool(self.settings.show_all_platforms))
        self.all_platforms_check.setToolTip(
            f"Also show articles written for other systems than this one ({self.platform})"
        )
        self.all_platforms_check.setAccessibleName("Show articles for all operating systems")
        bar.addWidget(self.all_platforms_check)
        self.addToolBar(Qt.ToolBarArea.TopToolBarArea, bar)
        self.toolbar = bar

    def _build_central(self) -> None:
        self.suggestion_label = SuggestionLabel(self)
        self.language_note = LanguageNote(self)
        self.weak_banner = WeakMatchBanner(self)

        self.results = ResultsView(self)
        self.results.delegate.this_platform = self.platform
        self.results_empty = QLabel(self)
        self.results_empty.setWordWrap(True)
        self.results_empty.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignHCenter)
        self.results_empty.setContentsMargins(16, 24, 16, 16)
        self.results_empty.setAccessibleName("Search results")
        self.results_empty.setText("Start typing to see matching articles.")
        self.results_stack = QStackedWidget(self)
        self.results_stack.addWidget(self.results_empty)
        self.results_stack.addWidget(self.results)
        self.results_pane = QWidget(self)
        results_layout = QVBoxLayout(self.results_pane)
        results_layout.setContentsMargins(0, 0, 0, 0)
        results_layout.setSpacing(6)
        results_layout.addWidget(self.weak_banner)
        results_layout.addWidget(self.results_stack, 1)
        self.results_pane.setMinimumWidth(240)

        self.article = ArticleBrowser(self, resolve_article_path=self._resolve_article_link)
        self.feedback = FeedbackBar(self)
        self.feedback.hide()
        article_panel = QWidget(self)
        article_layout = QVBoxLayout(article_panel)
        article_layout.setContentsMargins(0, 0, 0, 0)
        article_layout.setSpacing(0)
        article_layout.addWidget(self.article, 1)
        article_layout.addWidget(self.feedback)
        article_panel.setMinimumWidth(300)
        self.article_panel = article_panel

        self.splitter = QSplitter(Qt.Orientation.Horizontal, self)
        self.splitter.setObjectName("ResultsArticleSplitter")
        self.splitter.addWidget(self.results_pane)
        self.splitter.addWidget(article_panel)
        self.splitter.setStretchFactor(0, 2)
        self.splitter.setStretchFactor(1, 3)
        self.splitter.setSizes([420, 680])
        self.splitter.setChildrenCollapsible(False)

        search_page = QWidget(self)
        layout = QVBoxLayout(search_page)
        layout.setContentsMargins(4, 2, 4, 0)
        layout.setSpacing(2)
        layout.addWidget(self.suggestion_label)
        layout.addWidget(self.language_note)
        layout.addWidget(self.splitter, 1)
        self.pages = QStackedWidget(self)
        self.pages.addWidget(search_page)
        self.search_page = search_page
        self.setCentralWidget(self.pages)

    def _install_pages(self) -> None:
        for page in PAGES:
            page.install(self)

    def _build_status_bar(self) -> None:
        bar = self.statusBar()
        self.issues_button = QPushButton(self)
        self.issues_button.setFlat(True)
        self.issues_button.setCursor(Qt.CursorShape.PointingHandCursor)
        self.issues_button.setAccessibleName("Articles that need fixing")
        self.issues_button.clicked.connect(self.fix_articles)
        self.issues_button.hide()
        self.progress = QProgressBar(self)
        self.progress.setMaximumWidth(160)
        self.progress.setMaximumHeight(16)
        self.progress.setTextVisible(False)
        self.progress.setAccessibleName("Indexing progress")
        self.progress.hide()
        self.search_status = QLabel(self)
        self.search_status.setAccessibleName("Search status")
        bar.addPermanentWidget(self.issues_button)
        bar.addPermanentWidget(self.progress)
        bar.addPermanentWidget(self.search_status)

    def _connect(self) -> None:
        self._debounce = QTimer(self)
        self._debounce.setSingleShot(True)
        self._debounce.setInterval(SEARCH_DEBOUNCE_MS)
        self._debounce.timeout.connect(self.run_search)
        self._settle = QTimer(self)
        self._settle.setSingleShot(True)
        self._settle.setInterval(SEARCH_SETTLE_MS)
        self._settle.timeout.connect(self._record_settled_search)
        self.search_edit.textChanged.connect(self._query_edited)
        self.search_edit.returnPressed.connect(self.open_selected)
        self.suggestion_label.suggestion_chosen.connect(self._use_suggestion)
        self.weak_banner.contact_support.connect(self.start_escalation)
        self.mode_combo.currentIndexChanged.connect(self._mode_changed)
        self.all_platforms_check.toggled.connect(self.action("all-platforms").setChecked)
        self.results.clicked.connect(lambda index: self.open_selected())
        self.results.activated.connect(lambda index: self.open_selected())
        self._follow = QTimer(self)
        self._follow.setSingleShot(True)
        self._follow.setInterval(FOLLOW_SELECTION_MS)
        self._follow.timeout.connect(self._follow_selection)
        self.results.hit_selected.connect(lambda _hit: self._follow.start())
        self.article.article_requested.connect(lambda aid: self.open_article(aid, from_search=False))
        self.article.code_copied.connect(lambda n: self.statusBar().showMessage("Code copied to the clipboard", 3000))
        self.article.link_blocked.connect(lambda text: self.statusBar().showMessage(text, 5000))
        self.feedback.answered.connect(self._feedback_given)
        self.feedback.next_article_requested.connect(lambda aid: self.open_article(aid, from_search=True))
        self.feedback.contact_support_requested.connect(self.start_escalation)
        self.kb.index_ready.connect(self._index_ready)
        self.kb.index_progress.connect(self._index_progress)
        self.kb.state_changed.connect(self._state_changed)
        self.kb.model_ready.connect(self._model_ready)
        self.kb.failure.connect(self._background_failure)
        self.kb.issues_changed.connect(self._issues_changed)
        self.kb.sync_finished.connect(self._sync_finished)

    # ================================================================ the WindowHost contract (host.py)
    def add_action(self, spec: ActionSpec, slot: Callable[..., object]) -> QAction:
        if spec.name in self._actions:
            raise ValueError(f"an action named {spec.name!r} is registered already")
        icon = self.style().standardIcon(spec.icon) if spec.icon is not None else QIcon()
        action = QAction(icon, spec.text, self)
        if spec.shortcuts:
            action.setShortcuts([QKeySequence(shortcut) for shortcut in spec.shortcuts])
        if spec.tip:
            action.setToolTip(spec.tip)
        action.setMenuRole(spec.role)
        if spec.checkable:
            action.setCheckable(True)
            action.toggled.connect(slot)
        else:
            action.triggered.connect(lambda _checked=False: slot())
        if spec.menu is None:
            self.addAction(action)  # a window-wide shortcut (Esc)
        else:
            menu = self.menu(spec.menu)
            existing = menu.actions()
            if spec.first and existing:
                menu.insertAction(existing[0], action)
                menu.insertSeparator(existing[0])
            else:
                if spec.separator_before and existing:
                    menu.addSeparator()
                menu.addAction(action)
        self._actions[spec.name] = action
        return action

    def action(self, name: str) -> QAction:
        return self._actions[name]

    def menu(self, title: str) -> QMenu:
        """The menu called ``title`` ("&Tools"), created (before Help) when missing."""
        key = title.replace("&", "").lower()
        existing = self._menus.get(key)
        if existing is not None:
            return existing
        bar = self.menuBar()
        created = QMenu(title, self)
        help_menu = self._menus.get("help")
        if help_menu is not None:
            bar.insertMenu(help_menu.menuAction(), created)
        else:
            bar.addMenu(created)
        self._menus[key] = created
        return created

    def add_page(self, name: str, widget: QWidget) -> None:
        """Register a full-window page (writer mode, the agent view); show it with :meth:`show_page`."""
        self._pages[name] = widget
        self.pages.addWidget(widget)

    def page(self, name: str) -> QWidget | None:
        return self._pages.get(name)

    def show_page(self, name: str) -> None:
        self.pages.setCurrentWidget(self._pages[name])

    def show_search_page(self) -> None:
        self.pages.setCurrentWidget(self.search_page)
        self.focus_search()

    def show_status(self, text: str, timeout_ms: int = 6000) -> None:
        self.statusBar().showMessage(text, timeout_ms)

    def current_query(self) -> str:
        return self.search_edit.text().strip()

    def add_close_guard(self, guard: Callable[[], bool]) -> None:
        self._close_guards.append(guard)

    def add_drop_handler(self, suffix: str, handler: Callable[[Path], object]) -> None:
        self._drop_handlers.append((suffix.lower(), handler))
        self.setAcceptDrops(True)

    def dialog_parent(self) -> QWidget:
        return self

    # ================================================================ bundles and escalation
    def open_bundle(self, path: Path) -> None:
        """Open an escalation bundle in the agent view (menu, command line, drag and drop)."""
        bundle_view.show_bundle(self, Path(path))

    def start_escalation(self) -> None:
        """ "Contact support": the escalation wizard, summary prefilled from the last search (one at a time)."""
        self._finish_view()
        self._record_settled_search()
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
        self.kb.open_folder(self.articles_folder())
        self._show_search_status()
        if self._load_model:
            QTimer.singleShot(MODEL_LOAD_DELAY_MS, self._load_model_when_idle)
        if self.settings.problems:
            first = self.settings.problems[0]
            more = (
                f" (and {len(self.settings.problems) - 1} more; see the log)" if len(self.settings.problems) > 1 else ""
            )
            for problem in self.settings.problems:
                log.warning("settings: %s", problem)
            self.statusBar().showMessage(f"Settings problem: {first}{more}", 20000)

    def _load_model_when_idle(self) -> None:
        """Start the model load once typing pauses: importing torch holds the GIL in long C calls
        (a GUI freeze of up to about a second), so it should not land in the middle of a word."""
        if self._closed:
            return
        idle = time.monotonic() - self._last_keystroke
        if idle < MODEL_LOAD_IDLE_S:
            QTimer.singleShot(int((MODEL_LOAD_IDLE_S - idle) * 1000) + 50, self._load_model_when_idle)
            return
        self.kb.load_model()

    def articles_folder(self) -> Path:
        configured = (self.settings.articles_dir or "").strip()
        return Path(configured).expanduser() if configured else bundled_articles_dir()

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
        layout = self.window_state()  # before hiding: the geometry of the window as it was
        self.hide()
        self.runner.run(save_window_state, layout, self._window_state_path, lane="settings", on_error=_layout_not_saved)
        self._debounce.stop()
        self._settle.stop()
        self._follow.stop()
        self._record_settled_search()
        seconds = self._view_seconds()
        self.runner.run(self.recorder.close, seconds, lane="analytics")
        self.kb.close()
        self.runner.shutdown()
        self.kb.close_engine()

    # ================================================================ searching
    def focus_search(self) -> None:
        self.show_results_pane()
        self.search_edit.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search_edit.selectAll()

    def filters(self) -> SearchFilters:
        return SearchFilters(platform=self.platform, all_platforms=self.action("all-platforms").isChecked())

    def _query_edited(self, _text: str) -> None:
        self._last_keystroke = time.monotonic()
        self._settle.stop()
        self._open_on_result = False
        self._debounce.start()
        if self._narrow():
            self.show_results_pane()

    def run_search(self) -> None:
        """Search for the current text now (the debounce timer calls this)."""
        self._debounce.stop()
        query = self.search_edit.text().strip()
        if not query:
            self.kb.cancel_search()
            self._response = None
            self.results.set_hits(())
            self.results_empty.setText("Start typing to see matching articles.")
            self.results_stack.setCurrentWidget(self.results_empty)
            self.suggestion_label.set_suggestion(None)
            self.language_note.show_for(None)
            self.weak_banner.hide()
            return
        self._search_started = time.perf_counter()
        self.kb.search(query, self._mode, self.filters(), on_result=self._show_response, on_error=self._search_failed)

    @property
    def response(self) -> SearchResponse | None:
        """The search response on screen (None before the first search and after the field is cleared)."""
        return self._response

    def rerun_search(self) -> None:
        if self.search_edit.text().strip():
            self.run_search()

    def _show_response(self, response: SearchResponse) -> None:
        if response.query != self.search_edit.text().strip():
            return  # typed on since; a newer search is on its way
        keep = None
        if self._response is not None and self._response.query == response.query:
            hit = self.results.current_hit()
            keep = hit.id if hit else None
        self._response = response
        # Nothing matches well: say so, show the nearest few dimmed, and put "Contact support" first.
        weak = response.match != "strong"
        shown = response.hits[:WEAK_NEAREST] if weak else response.hits
        self.results.set_hits(shown, keep_id=keep, dimmed=weak)
        self.weak_banner.show_for(response.match, len(shown))
        if shown:
            self.results_stack.setCurrentWidget(self.results)
        else:
            self.results_empty.setText(
                "Tick “All systems” to also look in articles written for other systems."
                if not self.action("all-platforms").isChecked()
                else ""
            )
            self.results_stack.setCurrentWidget(self.results_empty)
        if response.suggestion and response.suggestion.strip().lower() != response.query.lower():
            self.suggestion_label.set_suggestion(response.suggestion)
        else:
            self.suggestion_label.set_suggestion(None)
        self.language_note.show_for(response.language)
        self._show_search_status()
        self.results_shown.emit(response)
        if self._open_on_result:
            self._open_on_result = False
            self.open_selected()
        else:
            self._settle.start()

    def _search_failed(self, exc: BaseException) -> None:
        if isinstance(exc, KbdeskError) and not self.kb.state.index_open:
            self.results_empty.setText("Getting the articles ready… results appear in a moment.")
            self.results_stack.setCurrentWidget(self.results_empty)
            return
        show_error(self, exc, "Search failed", show=lambda text: self.show_status(text, 8000))

    def _use_suggestion(self, suggestion: str) -> None:
        if suggestion:
            self.search_edit.setText(suggestion)
            self.run_search()
            self.search_edit.setFocus()

    def _mode_changed(self, _index: int) -> None:
        self._mode = self.mode_combo.currentData()
        self._show_search_status()
        self.rerun_search()

    def _all_platforms_toggled(self, checked: bool) -> None:
        if self.all_platforms_check.isChecked() != checked:
            self.all_platforms_check.setChecked(checked)
        self.rerun_search()

    def _record_settled_search(self) -> None:
        response = self._response
        if response is None or not response.query:
            return
        normalized = " ".join(response.query.casefold().split())
        if normalized == self._recorded_query:
            return
        self._recorded_query = normalized
        self._settle.stop()
        shown = self.results.results_model.hits  # what the person saw: the nearest few when nothing matched well
        self.runner.run(
            self.recorder.record_search,
            response.query,
            response.mode,
            [h.id for h in shown],
            len(shown),
            response.elapsed_ms,
            response.semantic_ready,
            response.match,
            lane="analytics",
        )

    def _escape(self) -> None:
        if self.search_edit.hasFocus() and self.search_edit.text():
            self.search_edit.clear()
            return
        if self._narrow() and self._article_focus:
            self.show_results_pane()
        self.focus_search()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        if watched is self.search_edit and event.type() == QEvent.Type.KeyPress:
            assert isinstance(event, QKeyEvent)
            step = SELECTION_STEPS.get(event.key())
            if step is not None and not event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier:
                self.results.move_selection(step)
                return True
        return super().eventFilter(watched, event)

    # ================================================================ articles
    def open_selected(self) -> None:
        """Enter: open the selected result (the top one when none is selected)."""
        query = self.search_edit.text().strip()
        current = self._response is not None and self._response.query == query
        if not current or self._debounce.isActive():
            if query:
                self._open_on_result = True
                self.run_search()
            return
        hit = self.results.current_hit()
        rank = self.results.current_rank()
        if hit is None and self._response and self._response.hits:
            hit, rank = self._response.hits[0], 1
        if hit is None:
            return
        self._record_settled_search()
        self.open_article(hit.id, rank=rank, from_search=True)

    def open_article(
        self, article_id: str, *, rank: int | None = None, from_search: bool = False, push_history: bool = True
    ) -> None:
        if rank is None and from_search and self._response is not None:
            rank = next((i + 1 for i, h in enumerate(self._response.hits) if h.id == article_id), None)
        self._finish_view()
        self._pending_view = (article_id, rank, from_search)
        if push_history:
            if self._history_pos < len(self._history) - 1:
                del self._history[self._history_pos + 1 :]
            if not self._history or self._history[-1] != article_id:
                self._history.append(article_id)
            self._history_pos = len(self._history) - 1
        self._update_nav_actions()
        self.kb.load_article(
            article_id, on_result=self._article_loaded, on_error=lambda exc: self._article_failed(article_id, exc)
        )

    @property
    def open_article_id(self) -> str | None:
        """The article in the article pane, or None (the welcome text)."""
        return self._article_id

    @property
    def history(self) -> tuple[str, ...]:
        """The articles opened, in order, for Back and Forward."""
        return tuple(self._history)

    def _article_loaded(self, rendered: RenderedArticle) -> None:
        article_id = rendered.article.id
        self.article.show_article(rendered, self.kb.articles_dir)
        self._article_id = article_id
        self.feedback.reset(article_id)
        self.feedback.show()
        self.setWindowTitle(f"{rendered.article.title} — kbdesk")
        pending = self._pending_view
        rank, from_search = (pending[1], pending[2]) if pending and pending[0] == article_id else (None, False)
        self._pending_view = None
        self._view_started = time.monotonic()
        self.runner.run(self.recorder.record_view, article_id, rank, from_search, lane="analytics")
        self._article_focus = True
        self._apply_narrow_layout()
        self.article_shown.emit(article_id)

    def _resolve_article_link(self, target: str) -> str | None:
        rendered = self.article.rendered
        return self.kb.resolve_link(target, rendered.article if rendered else None)

    def _article_failed(self, article_id: str, exc: BaseException) -> None:
        self._pending_view = None
        show_error(self, exc, f"Could not open the article {article_id}", show=lambda t: self.show_status(t, 10000))

    def _finish_view(self) -> None:
        seconds = self._view_seconds()
        if seconds is not None:
            self._view_started = None
            self.runner.run(self.recorder.finish_view, seconds, lane="analytics")

    def _view_seconds(self) -> float | None:
        return None if self._view_started is None else time.monotonic() - self._view_started

    def _follow_selection(self) -> None:
        """Show the result the selection rests on (arrow keys in the field or the list)."""
        if self._closed or self._narrow() or self.pages.currentWidget() is not self.search_page:
            return  # narrow: the list has the whole window, so opening would hide it
        hit = self.results.current_hit()
        if hit is None or hit.id == self._article_id:
            return
        if self._pending_view is not None and self._pending_view[0] == hit.id:
            return  # a click is opening it already
        self.open_article(hit.id, rank=self.results.current_rank(), from_search=True)

    def go_back(self) -> None:
        if self._history_pos > 0:
            self._history_pos -= 1
            self.open_article(self._history[self._history_pos], push_history=False)
        elif self._narrow() and self._article_focus:
            self.show_results_pane()

    def go_forward(self) -> None:
        if self._history_pos < len(self._history) - 1:
            self._history_pos += 1
            self.open_article(self._history[self._history_pos], push_history=False)

    def _update_nav_actions(self) -> None:
        self.action("back").setEnabled(self._history_pos > 0 or (self._narrow() and self._article_focus))
        self.action("forward").setEnabled(self._history_pos < len(self._history) - 1)

    # ================================================================ feedback
    def _feedback_given(self, helpful: bool, reason: object, comment: str) -> None:
        article_id = self.feedback.article_id
        if article_id is None:
            return
        self.runner.run(
            self.recorder.record_feedback,
            article_id,
            helpful,
            reason,
            comment,
            lane="analytics",
            on_error=lambda exc: log.warning("feedback not recorded: %s", exc),
        )
        if helpful:
            self.statusBar().showMessage("Glad it helped. Thanks for letting us know!", 6000)
        else:
            self.feedback.show_next_best(self.next_best(article_id))

    def next_best(self, article_id: str) -> list[SearchHit]:
        """The next results of the current search, without the article that did not help."""
        hits = self._response.hits if self._response is not None else ()
        return [h for h in hits if h.id != article_id]

    # ================================================================ index and model
    def _index_ready(self) -> None:
        self._show_search_status()
        self.rerun_search()

    def _sync_finished(self, report: object) -> None:
        self._show_search_status()

    def _index_progress(self, stage: str, done: int, total: int) -> None:
        if not stage:
            self.progress.hide()
            self._show_search_status()
            return
        labels = {"scan": "Checking articles…", "keyword": "Indexing articles…", "embed": "Preparing semantic search…"}
        self.progress.show()
        if total > 0:
            self.progress.setRange(0, total)
            self.progress.setValue(done)
        else:
            self.progress.setRange(0, 0)
        self.search_status.setText(labels.get(stage, "Indexing…"))

    def _state_changed(self, state: IndexState) -> None:
        self._show_search_status()

    def _model_ready(self) -> None:
        self._show_search_status()
        self.rerun_search()

    def _show_search_status(self) -> None:
        if self.progress.isVisible():
            return
        state = self.kb.state
        if not state.index_open and state.open_error:
            # say it for good, not only in a message that times out: "getting ready" would be a promise never kept
            reason = state.open_error if len(state.open_error) <= 90 else state.open_error[:90] + "…"
            self.search_status.setText(f"Articles unavailable: {reason}")
            self.search_status.setToolTip(f"{state.open_error}\n\nDetails: Help > Open log folder")
            return
        if not state.index_open:
            text = "Getting the articles ready…"
        elif self._mode == "keyword":
            text = "Ready"
        elif state.model == "loading" or (state.model == "not loaded" and self._load_model):
            text = "Semantic search loading… keyword results shown"
        elif state.model == "preparing":
            text = "Preparing semantic search for this computer (once, about a minute)… keyword results shown"
        elif state.model == "failed":
            text = "Semantic search unavailable; keyword results shown"
        elif state.model == "not loaded":
            text = "Keyword search"
        else:
            text = "Ready"
        self.search_status.setText(text)
        self.search_status.setToolTip(f"{state.article_count} articles" if state.index_open else "")

    def _issues_changed(self, issues: list[ArticleIssue]) -> None:
        self._issues = issues
        self._show_article_problems()

    def _show_article_problems(self) -> None:
        """Articles with errors, in the status bar of whoever can fix them: someone who uses writer
        mode on this computer. Readers never see it (they cannot act on it; the log has it)."""
        summary = summarize_issues(self._issues)
        files = summary.needs_fixing
        if not files or not self._writer_known:
            self.issues_button.hide()
            return
        if len(files) == 1:
            issue = summary.first[files[0]]
            where = f" (line {issue.line})" if issue.line else ""
            text = f"{files[0].name}{where} needs fixing — open in writer mode"
        else:
            text = f"{len(files)} articles need fixing — open writer mode"
        metrics = self.issues_button.fontMetrics()
        self.issues_button.setText(metrics.elidedText(text, Qt.TextElideMode.ElideMiddle, 420))
        self.issues_button.setToolTip(
            summary.describe(limit=10)
            + "\n\nShown because writer mode is used on this computer; readers do not see it."
        )
        self.issues_button.show()

    @property
    def article_issues(self) -> list[ArticleIssue]:
        """The index's problems with the current articles (writer mode lists them)."""
        return list(self._issues)

    def note_writer(self) -> None:
        """Writer mode was opened: from now on (and in later runs) article problems show in the status bar."""
        if not self._writer_known:
            self._writer_known = True
            self._show_article_problems()

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
            self.statusBar().showMessage(
                f"No file manager could be opened; the logs are in {folder} (path copied to the clipboard)", 15000
            )

    def _background_failure(self, text: str) -> None:
        self.statusBar().showMessage(text, 15000)
        self._show_search_status()

    def _analytics_problem(self, problem: object) -> None:
        if problem:
            self.statusBar().showMessage(str(problem), 10000)

    # ================================================================ settings and history
    def edit_settings(self) -> None:
        dialog = SettingsDialog(self.settings, self)
        if dialog.exec() and dialog.result_settings is not None:
            self.apply_settings(dialog.result_settings)

    def apply_settings(self, new: Settings, *, save: bool = True) -> None:
        old, self.settings = self.settings, new
        if save:
            self.runner.run(
                save_settings,
                new,
                self._settings_path,
                lane="settings",
                on_error=lambda exc: show_error(self, exc, "Settings not saved", show=self._background_failure),
            )
        if new.theme != old.theme:
            apply_theme(new.theme)
        if new.search_mode != old.search_mode:
            self.mode_combo.setCurrentIndex(max(0, self.mode_combo.findData(new.search_mode)))
        if new.analytics_enabled != old.analytics_enabled:
            self.runner.run(
                self.recorder.set_enabled,
                bool(new.analytics_enabled),
                lane="analytics",
                on_success=self._analytics_problem,
            )
        if bool(new.show_all_platforms) != self.action("all-platforms").isChecked():
            self.action("all-platforms").setChecked(bool(new.show_all_platforms))
        if (new.articles_dir or "").strip() != (old.articles_dir or "").strip():
            self._switch_folder()

    def _switch_folder(self) -> None:
        self._finish_view()
        self._history.clear()
        self._history_pos = -1
        self._article_id = None
        self._response = None
        self.results.set_hits(())
        self.weak_banner.hide()
        self.feedback.hide()
        self.article.show_message(WELCOME_HTML)
        self.setWindowTitle("kbdesk — self-service help")
        self._update_nav_actions()
        self.kb.open_folder(self.articles_folder())
        self.statusBar().showMessage(f"Opening articles in {self.articles_folder()}…", 5000)

    def clear_history(self) -> None:
        answer = QMessageBox.question(
            self,
            "Clear history",
            "Delete the history of searches, articles read and feedback kept on this computer?\n\n"
            "This cannot be undone.",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel,
            QMessageBox.StandardButton.Cancel,
        )
        if answer != QMessageBox.StandardButton.Yes:
            return
        self.clear_history_now()

    def clear_history_now(self, done: Callable[[], None] | None = None) -> None:
        self._recorded_query = None

        def cleared(_result: object) -> None:
            self.statusBar().showMessage("History cleared", 5000)
            if done:
                done()

        def failed(exc: BaseException) -> None:
            show_error(self, exc, "Could not clear the history")

        self.runner.run(self.recorder.clear_history, lane="analytics", on_success=cleared, on_error=failed)

    def _about(self) -> None:
        QMessageBox.about(
            self,
            "About kbdesk",
            f"<b>kbdesk {__version__}</b><br>Offline self-service help.<br><br>"
            f"Articles: {self.articles_folder()}<br>Log: {state_paths().log_file}",
        )

    # ================================================================ theme and layout
    def _restore_layout(self) -> None:
        if self._layout.geometry:
            self.restoreGeometry(QByteArray(self._layout.geometry))
        self.remember_splitter("results", self.splitter)

    def remember_splitter(self, name: str, splitter: QSplitter) -> None:
        """Give ``splitter`` its saved sizes now and save them when the window closes (pages call this too)."""
        self._splitters[name] = splitter
        sizes = self._layout.splitters.get(name)
        if sizes and len(sizes) == splitter.count():
            splitter.setSizes(list(sizes))

    def window_state(self) -> WindowState:
        """Geometry, splitter sizes and the writer flag, as they are now."""
        splitters = dict(self._layout.splitters)
        for name, splitter in self._splitters.items():
            sizes = splitter.sizes()
            if sizes and all(size > 0 for size in sizes):  # a pane hidden by the narrow layout: keep the old sizes
                splitters[name] = tuple(sizes)
        return WindowState(bytes(self.saveGeometry().data()), splitters, self._writer_known)

    def _refresh_css(self) -> None:
        self.article.set_style_sheet_css(article_css(point_size=self.font().pointSizeF() * 1.05))
        self.results.refresh_colors()
        self.weak_banner.refresh_colors()
        self.language_note.refresh_colors()

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt's name
        if event.type() in (QEvent.Type.PaletteChange, QEvent.Type.ApplicationPaletteChange):
            self._refresh_css()
        super().changeEvent(event)

    def resizeEvent(self, event: object) -> None:  # noqa: N802 - Qt's name
        super().resizeEvent(event)  # type: ignore[arg-type]
        self._apply_narrow_layout()

    def _narrow(self) -> bool:
        return self.width() < NARROW_WIDTH

    def _apply_narrow_layout(self) -> None:
        if not hasattr(self, "splitter"):
            return
        if not self._narrow():
            self.results_pane.show()
            self.article_panel.show()
        elif self._article_focus:
            self.results_pane.hide()
            self.article_panel.show()
        else:
            self.article_panel.hide()
            self.results_pane.show()
        self._update_nav_actions()

    def show_results_pane(self) -> None:
        self._article_focus = False
        self._apply_narrow_layout()
