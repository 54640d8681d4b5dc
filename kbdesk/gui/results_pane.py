"""The left side of the search view: the results of the current search, or why there are none.

A "nothing matches well" banner (with Contact support) over a stack of two: the list of
results (:class:`~kbdesk.gui.results.ResultsView`) or a line of text (start typing; tick
"All systems"; getting ready). When nothing matches well only the nearest few are shown,
dimmed, so no wrong article looks like the answer.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QStackedWidget, QVBoxLayout, QWidget

from ..core.search.engine import SearchHit, SearchResponse
from .accessibility import describe_label
from .i18n import QT_TRANSLATE_NOOP, TranslationContext
from .results import ResultsView
from .search_notes import WeakMatchBanner

results_pane = TranslationContext("results_pane")

#: results shown (dimmed) when nothing matches well: enough to recognise a near miss, few enough not to
#: send anyone down a list of wrong articles
WEAK_NEAREST = 3
#: the lines shown instead of the list (English, marked: ``show_text`` translates them)
START_TEXT = QT_TRANSLATE_NOOP("results_pane", "Start typing to see matching articles.")
WAITING_TEXT = QT_TRANSLATE_NOOP("results_pane", "Getting the articles ready… results appear in a moment.")
ALL_SYSTEMS_TEXT = QT_TRANSLATE_NOOP(
    "results_pane", "Tick “All systems” to also look in articles written for other systems."
)


class ResultsPane(QWidget):
    def __init__(self, this_platform: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.weak_banner = WeakMatchBanner(self)
        self.results = ResultsView(self)
        self.results.delegate.this_platform = this_platform
        self.results_empty = QLabel(self)
        self.results_empty.setWordWrap(True)
        self.results_empty.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignHCenter)
        self.results_empty.setContentsMargins(16, 24, 16, 16)
        describe_label(self.results_empty, results_pane.tr("Search results"))
        self.results_empty.setText(results_pane.tr(START_TEXT))
        self.results_stack = QStackedWidget(self)
        self.results_stack.addWidget(self.results_empty)
        self.results_stack.addWidget(self.results)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(6)
        layout.addWidget(self.weak_banner)
        layout.addWidget(self.results_stack, 1)
        self.setMinimumWidth(240)

    @property
    def shown_hits(self) -> tuple[SearchHit, ...]:
        """What the person sees: every hit, or the nearest few when nothing matched well."""
        return self.results.results_model.hits

    def show_response(self, response: SearchResponse, *, keep_id: str | None, all_platforms: bool) -> None:
        """The hits of ``response`` (the selection stays on ``keep_id`` when it is still there)."""
        weak = response.match != "strong"
        shown = response.hits[:WEAK_NEAREST] if weak else response.hits
        self.results.set_hits(shown, keep_id=keep_id, dimmed=weak)
        self.weak_banner.show_for(response.match, len(shown))
        if shown:
            self.results_stack.setCurrentWidget(self.results)
        else:
            self.show_text("" if all_platforms else ALL_SYSTEMS_TEXT)

    def show_text(self, text: str) -> None:
        """A line instead of the list (the list keeps its hits until the next response replaces them); ``text``
        is one of this module's lines, in English, or empty."""
        self.results_empty.setText(results_pane.tr(text) if text else "")
        self.results_stack.setCurrentWidget(self.results_empty)

    def clear(self, text: str = START_TEXT) -> None:
        """No search: no hits, no banner, ``text``."""
        self.results.set_hits(())
        self.weak_banner.hide()
        self.show_text(text)

    def refresh_colors(self) -> None:
        self.results.refresh_colors()
        self.weak_banner.refresh_colors()
