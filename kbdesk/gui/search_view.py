"""The search view: the search field and its options, the results, the open article.

What a person uses most, as one page of the main window: the search field, the search mode and
"All systems" (the window puts these three in its toolbar), the "did you mean" and language
notes, what the articles' checks noticed on this computer (a banner above the results, never a
pop-up: :mod:`kbdesk.gui.checks_view`), and a splitter with the results (:class:`~kbdesk.gui.results_pane.ResultsPane`) on the
left and the article (:class:`~kbdesk.gui.article_pane.ArticlePane`) on the right.

Searching: every keystroke restarts a short debounce; the search runs on a worker through
the knowledge base (latest wins), and a response is shown only if the field still holds its
query. A query that stays on screen for a moment (or whose result is opened) is recorded once in
this session's history, with what was shown. Arrowing through the results opens the one the
selection rests on. Narrow (below the window's threshold) the view shows one side at a time.
"""

from __future__ import annotations

import time

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QFont, QKeyEvent
from PySide6.QtWidgets import QCheckBox, QComboBox, QLineEdit, QSizePolicy, QSplitter, QVBoxLayout, QWidget

from ..core.analytics.session import SessionRecorder
from ..core.errors import KbdeskError
from ..core.rendering import platform_label
from ..core.search.engine import SearchFilters, SearchHit, SearchResponse
from .accessibility import buddy_label, name_clear_button
from .article_pane import ArticlePane
from .checks_view import CheckBanner, StartupChecks, screens_for_diagnostics
from .errors import show_error
from .host import KeyHelp
from .i18n import QT_TRANSLATE_NOOP, TranslationContext
from .knowledge import KnowledgeBase
from .results_pane import WAITING_TEXT, ResultsPane
from .search_notes import LanguageNote, SuggestionLabel
from .settings_dialog import mode_label
from .tasks import TaskRunner
from .theme import article_css

SEARCH_DEBOUNCE_MS = 150
#: a query counts as a search for the history once it has been still this long
SEARCH_SETTLE_MS = 1500
#: the article pane follows the selected result once the selection rests this long (arrowing
#: through the list opens, renders and records only the result the person stops on)
FOLLOW_SELECTION_MS = 250
PLACEHOLDER = QT_TRANSLATE_NOOP("search_view", "Describe your problem or paste an error message")
#: keys in the search field that move the selection in the results, and by how many rows
SELECTION_STEPS = {
    Qt.Key.Key_Down.value: 1,
    Qt.Key.Key_Up.value: -1,
    Qt.Key.Key_PageDown.value: 5,
    Qt.Key.Key_PageUp.value: -5,
}
TOOLBAR_MODE_LABELS = {
    "hybrid": QT_TRANSLATE_NOOP("search_view", "Best match"),
    "keyword": QT_TRANSLATE_NOOP("search_view", "Exact words"),
    "semantic": QT_TRANSLATE_NOOP("search_view", "Meaning"),
}
#: the keys the search field handles itself (Help > Keyboard shortcuts lists them; words in the "keys" context)
SEARCH_KEYS = (
    KeyHelp(
        ("Down", "Up"),
        QT_TRANSLATE_NOOP("keys", "Choose the next or the previous result"),
        QT_TRANSLATE_NOOP("keys", "Search field"),
    ),
    KeyHelp(
        ("PgDown", "PgUp"),
        QT_TRANSLATE_NOOP("keys", "Move five results down or up"),
        QT_TRANSLATE_NOOP("keys", "Search field"),
    ),
    KeyHelp(
        ("Return",),
        QT_TRANSLATE_NOOP("keys", "Open the chosen result (the first when none is chosen)"),
        QT_TRANSLATE_NOOP("keys", "Search field"),
    ),
    KeyHelp(("Return",), QT_TRANSLATE_NOOP("keys", "Open the selected result"), QT_TRANSLATE_NOOP("keys", "Results")),
)

search_view = TranslationContext("search_view")


class SearchView(QWidget):
    #: a response was shown (tests and benchmarks wait on it)
    results_shown = Signal(object)  # SearchResponse
    #: an article has been rendered into the article pane (its id)
    article_shown = Signal(str)
    #: the search mode changed ("hybrid", "keyword", "semantic")
    mode_changed = Signal(str)
    #: Back or Forward may have become possible or impossible
    navigation_changed = Signal()
    #: a short message for the status bar: (text, milliseconds)
    status_message = Signal(str, int)
    #: "Contact support" from the weak-match banner or the feedback bar
    contact_support_requested = Signal()

    def __init__(
        self,
        kb: KnowledgeBase,
        runner: TaskRunner,
        recorder: SessionRecorder,
        *,
        platform: str,
        mode: str,
        all_platforms: bool,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.kb = kb
        self.runner = runner
        self.recorder = recorder
        self.platform = platform
        self._mode = mode
        self._response: SearchResponse | None = None
        self._open_on_result = False
        self._recorded_query: str | None = None
        self._last_keystroke = 0.0
        self._narrow = False
        self._article_focus = False
        self._stopped = False
        self._build_search_fields(all_platforms)
        self._build_panes()
        self._connect()

    # ------------------------------------------------------------ building
    def _build_search_fields(self, all_platforms: bool) -> None:
        self.search_edit = QLineEdit(self)
        self.search_edit.setPlaceholderText(search_view.tr(PLACEHOLDER))
        self.search_edit.setClearButtonEnabled(True)
        name_clear_button(self.search_edit, search_view.tr("Clear the search"))
        self.search_edit.setAccessibleName(search_view.tr("Search"))
        self.search_edit.setAccessibleDescription(
            search_view.tr(
                "Describe your problem or paste an error message; results update as you type. "
                "Up and Down choose a result, Enter opens it, Escape clears."
            )
        )
        font = QFont(self.search_edit.font())
        font.setPointSizeF(font.pointSizeF() * 1.2)
        self.search_edit.setFont(font)
        self.search_edit.setMinimumWidth(160)
        self.search_edit.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.search_edit.installEventFilter(self)
        self.mode_combo = QComboBox(self)
        for mode in ("hybrid", "keyword", "semantic"):
            self.mode_combo.addItem(search_view.tr(TOOLBAR_MODE_LABELS[mode]), mode)
            self.mode_combo.setItemData(self.mode_combo.count() - 1, mode_label(mode), Qt.ItemDataRole.ToolTipRole)
        self.mode_combo.setCurrentIndex(max(0, self.mode_combo.findData(self._mode)))
        # on Linux a combo box is named by its value ("Best match"); its label says what the value is of
        self.mode_label = buddy_label(
            search_view.tr("Match:"), self.mode_combo, self
        )  # no mnemonic: writer mode uses M
        self.mode_label.setContentsMargins(6, 0, 2, 0)
        self.mode_combo.setToolTip(
            search_view.tr("How to match: by words and meaning, exact words only, or meaning only")
        )
        self.mode_combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.all_platforms_check = QCheckBox(search_view.tr("All systems"), self)
        self.all_platforms_check.setChecked(all_platforms)
        self.all_platforms_check.setToolTip(
            search_view.tr("Also show articles written for other systems than this one ({system})").format(
                system=platform_label(self.platform)
            )
        )
        self.all_platforms_check.setAccessibleName(search_view.tr("Show articles for all operating systems"))

    def _build_panes(self) -> None:
        self.check_banner = CheckBanner(self)
        # what the articles' checks find on this computer: at start, on coming back, when the index changes
        self.startup_checks = StartupChecks(
            self.runner,
            lambda: self.kb.engine,
            display=screens_for_diagnostics,
            record_hit=self.recorder.record_check_hit,
            parent=self,
        )
        self.suggestion_label = SuggestionLabel(self)
        self.language_note = LanguageNote(self)
        self.results_pane = ResultsPane(self.platform, self)
        self.article_pane = ArticlePane(self.kb, self.runner, self.recorder, search_hits=self._hits, parent=self)
        self.results = self.results_pane.results
        self.article = self.article_pane.article
        self.splitter = QSplitter(Qt.Orientation.Horizontal, self)
        self.splitter.setObjectName("ResultsArticleSplitter")
        self.splitter.addWidget(self.results_pane)
        self.splitter.addWidget(self.article_pane)
        self.splitter.setStretchFactor(0, 2)
        self.splitter.setStretchFactor(1, 3)
        self.splitter.setSizes([420, 680])
        self.splitter.setChildrenCollapsible(False)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 2, 4, 0)
        layout.setSpacing(2)
        layout.addWidget(self.check_banner)
        layout.addWidget(self.suggestion_label)
        layout.addWidget(self.language_note)
        layout.addWidget(self.splitter, 1)

    def _connect(self) -> None:
        self._debounce = QTimer(self)
        self._debounce.setSingleShot(True)
        self._debounce.setInterval(SEARCH_DEBOUNCE_MS)
        self._debounce.timeout.connect(self.run_search)
        self._settle = QTimer(self)
        self._settle.setSingleShot(True)
        self._settle.setInterval(SEARCH_SETTLE_MS)
        self._settle.timeout.connect(self.record_settled_search)
        self._follow = QTimer(self)
        self._follow.setSingleShot(True)
        self._follow.setInterval(FOLLOW_SELECTION_MS)
        self._follow.timeout.connect(self._follow_selection)
        self.search_edit.textChanged.connect(self._query_edited)
        self.search_edit.returnPressed.connect(self.open_selected)
        self.suggestion_label.suggestion_chosen.connect(self._use_suggestion)
        self.mode_combo.currentIndexChanged.connect(self._mode_chosen)
        self.results.clicked.connect(lambda _index: self.open_selected())
        self.results.activated.connect(lambda _index: self.open_selected())
        self.results.hit_selected.connect(lambda _hit: self._follow.start())
        self.results_pane.weak_banner.contact_support.connect(self.contact_support_requested)
        self.article_pane.article_shown.connect(self._article_shown)
        self.article_pane.history_changed.connect(self.navigation_changed)
        self.article_pane.status_message.connect(self.status_message)
        self.article_pane.contact_support_requested.connect(self.contact_support_requested)
        self.kb.index_ready.connect(self.startup_checks.index_changed)
        self.startup_checks.findings_changed.connect(self.check_banner.show_findings)
        self.check_banner.dismissed.connect(self.startup_checks.dismiss)
        self.check_banner.open_article.connect(lambda aid: self.article_pane.open_article(aid, from_search=False))

    def toolbar_widgets(self) -> tuple[QWidget, ...]:
        """The search field, the mode (with its label) and "All systems": the window shows them in its toolbar."""
        return self.search_edit, self.mode_label, self.mode_combo, self.all_platforms_check

    # ------------------------------------------------------------ state
    @property
    def mode(self) -> str:
        return self._mode

    @property
    def response(self) -> SearchResponse | None:
        """The search response on screen (None before the first search and after the field is cleared)."""
        return self._response

    @property
    def last_keystroke(self) -> float:
        """time.monotonic() of the last edit of the search field (0 before the first)."""
        return self._last_keystroke

    def query(self) -> str:
        return self.search_edit.text().strip()

    def filters(self) -> SearchFilters:
        return SearchFilters(platform=self.platform, all_platforms=self.all_platforms_check.isChecked())

    def _hits(self) -> tuple[SearchHit, ...]:
        return self._response.hits if self._response is not None else ()

    # ------------------------------------------------------------ searching
    def focus_search(self) -> None:
        self.show_results_pane()
        self.search_edit.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search_edit.selectAll()

    def _query_edited(self, _text: str) -> None:
        self._last_keystroke = time.monotonic()
        self._settle.stop()
        self._open_on_result = False
        self._debounce.start()
        if self._narrow:
            self.show_results_pane()

    def run_search(self) -> None:
        """Search for the current text now (the debounce timer calls this)."""
        self._debounce.stop()
        query = self.query()
        if not query:
            self.kb.cancel_search()
            self._response = None
            self.results_pane.clear()
            self.suggestion_label.set_suggestion(None)
            self.language_note.show_for(None)
            return
        self.kb.search(query, self._mode, self.filters(), on_result=self._show_response, on_error=self._search_failed)

    def rerun_search(self) -> None:
        if self.query():
            self.run_search()

    def _show_response(self, response: SearchResponse) -> None:
        if response.query != self.query():
            return  # typed on since; a newer search is on its way
        keep = None
        if self._response is not None and self._response.query == response.query:
            hit = self.results.current_hit()
            keep = hit.id if hit else None
        self._response = response
        self.results_pane.show_response(response, keep_id=keep, all_platforms=self.all_platforms_check.isChecked())
        if response.suggestion and response.suggestion.strip().lower() != response.query.lower():
            self.suggestion_label.set_suggestion(response.suggestion)
        else:
            self.suggestion_label.set_suggestion(None)
        self.language_note.show_for(response.language)
        self.results_shown.emit(response)
        if self._open_on_result:
            self._open_on_result = False
            self.open_selected()
        else:
            self._settle.start()

    def _search_failed(self, exc: BaseException) -> None:
        if isinstance(exc, KbdeskError) and not self.kb.state.index_open:
            self.results_pane.show_text(WAITING_TEXT)
            return
        show_error(self, exc, search_view.tr("Search failed"), show=lambda text: self.status_message.emit(text, 8000))

    def _use_suggestion(self, suggestion: str) -> None:
        if suggestion:
            self.search_edit.setText(suggestion)
            self.run_search()
            self.search_edit.setFocus()

    def _mode_chosen(self, _index: int) -> None:
        self._mode = str(self.mode_combo.currentData())
        self.mode_changed.emit(self._mode)
        self.rerun_search()

    def set_mode(self, mode: str) -> None:
        self.mode_combo.setCurrentIndex(max(0, self.mode_combo.findData(mode)))

    def set_all_platforms(self, checked: bool) -> None:
        """Also show articles for other systems (the View menu's action and the check box agree)."""
        if self.all_platforms_check.isChecked() != checked:
            self.all_platforms_check.setChecked(checked)
        self.rerun_search()

    def record_settled_search(self) -> None:
        """Record the search on screen in the history, once per query (it settled, or a result opens)."""
        response = self._response
        if response is None or not response.query:
            return
        normalized = " ".join(response.query.casefold().split())
        if normalized == self._recorded_query:
            return
        self._recorded_query = normalized
        self._settle.stop()
        shown = self.results_pane.shown_hits  # what the person saw: the nearest few when nothing matched well
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

    def forget_recorded_query(self) -> None:
        """The history was cleared: the query on screen may be recorded again."""
        self._recorded_query = None

    def escape(self) -> None:
        """Esc: clear the field, or come back to it (and to the results, when narrow)."""
        if self.search_edit.hasFocus() and self.search_edit.text():
            self.search_edit.clear()
            return
        self.focus_search()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        if watched is self.search_edit and event.type() == QEvent.Type.KeyPress:
            assert isinstance(event, QKeyEvent)
            step = SELECTION_STEPS.get(event.key())
            if step is not None and not event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier:
                self.results.move_selection(step)
                return True
        return super().eventFilter(watched, event)

    # ------------------------------------------------------------ opening results
    def open_selected(self) -> None:
        """Enter: open the selected result (the top one when none is selected)."""
        query = self.query()
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
        self.record_settled_search()
        self.article_pane.open_article(hit.id, rank=rank, from_search=True)

    def _follow_selection(self) -> None:
        """Show the result the selection rests on (arrow keys in the field or the list)."""
        if self._stopped or self._narrow or not self.isVisible():
            return  # narrow: the list has the whole window, so opening would hide it; hidden: another page
        hit = self.results.current_hit()
        if hit is None or hit.id in (self.article_pane.article_id, self.article_pane.loading_id):
            return  # shown already, or a click is opening it
        self.article_pane.open_article(hit.id, rank=self.results.current_rank(), from_search=True)

    def _article_shown(self, article_id: str) -> None:
        self._article_focus = True
        self._apply_layout()
        self.article_shown.emit(article_id)

    def go_back(self) -> None:
        if not self.article_pane.go_back() and self._narrow and self._article_focus:
            self.show_results_pane()

    def go_forward(self) -> None:
        self.article_pane.go_forward()

    def can_go_back(self) -> bool:
        """An earlier article, or (narrow, on an article) the results to go back to."""
        return self.article_pane.can_go_back() or (self._narrow and self._article_focus)

    def can_go_forward(self) -> bool:
        return self.article_pane.can_go_forward()

    # ------------------------------------------------------------ layout and lifetime
    def set_narrow(self, narrow: bool) -> None:
        """One side at a time (the window is narrower than its threshold) or both."""
        self._narrow = narrow
        self._apply_layout()

    def show_results_pane(self) -> None:
        self._article_focus = False
        self._apply_layout()

    def _apply_layout(self) -> None:
        if not self._narrow:
            self.results_pane.show()
            self.article_pane.show()
        elif self._article_focus:
            self.results_pane.hide()
            self.article_pane.show()
        else:
            self.article_pane.hide()
            self.results_pane.show()
        self.navigation_changed.emit()

    def refresh_css(self) -> None:
        self.article.set_style_sheet_css(article_css(point_size=self.font().pointSizeF() * 1.05))
        self.results_pane.refresh_colors()
        self.language_note.refresh_colors()
        self.check_banner.refresh_colors()

    def reset(self) -> None:
        """Another articles folder: no results, no article, no history (the query stays, to run again)."""
        self._response = None
        self.results.set_hits(())
        self.results_pane.weak_banner.hide()
        self.article_pane.reset()

    def stop(self) -> None:
        """The window closes: no more timers; the search on screen is recorded."""
        self._stopped = True
        self._debounce.stop()
        self._settle.stop()
        self._follow.stop()
        self.record_settled_search()
