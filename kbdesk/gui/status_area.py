"""The right end of the main window's status bar: what the search can do now, indexing progress, and
(for writers only) the articles that need fixing.

Three permanent widgets, in this order: the "needs fixing" button, the progress bar and the
search status. :class:`StatusArea` decides their text from the knowledge base's state; the
window feeds it the state and the issues and asks for writer mode when the button is clicked.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import QLabel, QProgressBar, QPushButton, QStatusBar, QWidget

from ..core.articles import ArticleIssue, summarize_issues
from .accessibility import describe_label
from .knowledge import IndexState

STAGE_LABELS = {"scan": "Checking articles…", "keyword": "Indexing articles…", "embed": "Preparing semantic search…"}
#: an error shown in the status label is cut here (the whole of it is in the tool tip)
REASON_CHARS = 90
#: the "needs fixing" button's text is elided to this width
PROBLEMS_WIDTH = 420


class StatusArea(QObject):
    """The status bar's permanent widgets and what they say."""

    #: the "needs fixing" button was clicked
    fix_requested = Signal()

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.issues_button = QPushButton(parent)
        self.issues_button.setFlat(True)
        self.issues_button.setCursor(Qt.CursorShape.PointingHandCursor)
        # its text says which articles: a name would replace it; the description says what the button is
        self.issues_button.setAccessibleDescription("Articles that need fixing; opens writer mode")
        self.issues_button.clicked.connect(self.fix_requested)
        self.issues_button.hide()
        self.progress = QProgressBar(parent)
        self.progress.setMaximumWidth(160)
        self.progress.setMaximumHeight(16)
        self.progress.setTextVisible(False)
        self.progress.setAccessibleName("Indexing progress")
        self.progress.hide()
        self.search_status = describe_label(QLabel(parent), "Search status")

    def install(self, bar: QStatusBar) -> None:
        for widget in (self.issues_button, self.progress, self.search_status):
            bar.addPermanentWidget(widget)

    def show_progress(self, stage: str, done: int, total: int) -> bool:
        """Indexing progress (stage "" ends it). True while a stage is shown."""
        if not stage:
            self.progress.hide()
            return False
        self.progress.show()
        if total > 0:
            self.progress.setRange(0, total)
            self.progress.setValue(done)
        else:
            self.progress.setRange(0, 0)
        self.search_status.setText(STAGE_LABELS.get(stage, "Indexing…"))
        return True

    def show_state(self, state: IndexState, mode: str, model_coming: bool) -> None:
        """What search can do now; ``model_coming``: the model will be loaded (the app started it or will)."""
        if self.progress.isVisible():
            return  # the stage label says more while indexing runs
        if not state.index_open and state.open_error:
            # say it for good, not only in a message that times out: "getting ready" would be a promise never kept
            error = state.open_error
            reason = error if len(error) <= REASON_CHARS else error[:REASON_CHARS] + "…"
            self.search_status.setText(f"Articles unavailable: {reason}")
            self.search_status.setToolTip(f"{error}\n\nDetails: Help > Open log folder")
            return
        if not state.index_open:
            text = "Getting the articles ready…"
        elif mode == "keyword":
            text = "Ready"
        elif state.model == "loading" or (state.model == "not loaded" and model_coming):
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

    def show_problems(self, issues: list[ArticleIssue], writer_known: bool) -> None:
        """Articles with errors, for whoever can fix them: someone who uses writer mode on this computer.
        Readers never see it (they cannot act on it; the log has it)."""
        summary = summarize_issues(issues)
        files = summary.needs_fixing
        if not files or not writer_known:
            self.issues_button.hide()
            return
        if len(files) == 1:
            issue = summary.first[files[0]]
            where = f" (line {issue.line})" if issue.line else ""
            text = f"{files[0].name}{where} needs fixing — open in writer mode"
        else:
            text = f"{len(files)} articles need fixing — open writer mode"
        metrics = self.issues_button.fontMetrics()
        self.issues_button.setText(metrics.elidedText(text, Qt.TextElideMode.ElideMiddle, PROBLEMS_WIDTH))
        self.issues_button.setToolTip(
            summary.describe(limit=10)
            + "\n\nShown because writer mode is used on this computer; readers do not see it."
        )
        self.issues_button.show()
