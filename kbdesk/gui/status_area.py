"""The right end of the main window's status bar: what the search can do now, indexing progress,
the knowledge base's sync when there is something to say, and (for writers only) the articles that
need fixing.

Four permanent widgets, in this order: the "needs fixing" button, the sources' line, the progress
bar and the search status. :class:`StatusArea` decides their text from the knowledge base's state;
the window feeds it the state and the issues and asks for writer mode when the button is clicked.

The sources' line is quiet: empty while every source is up to date. Everyone sees the scheduler's
one line when a remote cannot be reached ("Offline: could not update it-kb; showing articles from
2026-11-30, retrying in 4 min"); only writers see that a newer revision is held back and why (end
users keep the last good articles and cannot act on lint errors). Its tool tip has each source's
revision and last sync.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import QLabel, QProgressBar, QPushButton, QStatusBar, QWidget

from ..core.articles import ArticleIssue, summarize_issues
from .accessibility import describe_label
from .i18n import QT_TRANSLATE_NOOP, TranslationContext
from .knowledge import IndexState, SourcesState
from .sources_words import more_text, source_summary

status_area = TranslationContext("status_area")

STAGE_LABELS = {
    "scan": QT_TRANSLATE_NOOP("status_area", "Checking articles…"),
    "keyword": QT_TRANSLATE_NOOP("status_area", "Indexing articles…"),
    "embed": QT_TRANSLATE_NOOP("status_area", "Preparing semantic search…"),
}
#: an error shown in the status label is cut here (the whole of it is in the tool tip)
REASON_CHARS = 90
#: the "needs fixing" button's text is elided to this width
PROBLEMS_WIDTH = 420
#: the sources' line is elided to this width (the whole of it is the first line of its tool tip)
SOURCES_WIDTH = 560


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
        self.issues_button.setAccessibleDescription(status_area.tr("Articles that need fixing; opens writer mode"))
        self.issues_button.clicked.connect(self.fix_requested)
        self.issues_button.hide()
        self.progress = QProgressBar(parent)
        self.progress.setMaximumWidth(160)
        self.progress.setMaximumHeight(16)
        self.progress.setTextVisible(False)
        self.progress.setAccessibleName(status_area.tr("Indexing progress"))
        self.progress.hide()
        self.search_status = describe_label(QLabel(parent), status_area.tr("Search status"))
        self.sources_status = describe_label(QLabel(parent), status_area.tr("Knowledge base status"))
        self.sources_status.hide()

    def install(self, bar: QStatusBar) -> None:
        for widget in (self.issues_button, self.sources_status, self.progress, self.search_status):
            bar.addPermanentWidget(widget)

    def show_sources(self, state: SourcesState, writer_known: bool) -> None:
        """The sources' sync, when there is something to say (see the module doc)."""
        text = state.line
        held = state.held_back if writer_known else ()
        if not text and held:
            name, why = held[0]
            text = f"{name}: {why}" + more_text(len(held) - 1)
        tip = ([state.line] if state.line else []) + [f"{e.source.name}: {source_summary(e)}" for e in state.states]
        for name, why in held:
            tip.append(f"{name}: {why}")
            entry = next(e for e in state.states if e.source.name == name)
            tip.extend(f"    {reason[:160]}" for reason in entry.status.held_back_reasons[:8])
        if held:
            tip.append(status_area.tr("Shown because writer mode is used on this computer; readers do not see it."))
        metrics = self.sources_status.fontMetrics()
        self.sources_status.setText(metrics.elidedText(text, Qt.TextElideMode.ElideRight, SOURCES_WIDTH))
        self.sources_status.setToolTip("\n".join(tip))
        self.sources_status.setVisible(bool(text))

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
        label = STAGE_LABELS.get(stage)
        self.search_status.setText(status_area.tr(label) if label else status_area.tr("Indexing…"))
        return True

    def show_state(self, state: IndexState, mode: str, model_coming: bool) -> None:
        """What search can do now; ``model_coming``: the model will be loaded (the app started it or will)."""
        if self.progress.isVisible():
            return  # the stage label says more while indexing runs
        if not state.index_open and state.open_error:
            # say it for good, not only in a message that times out: "getting ready" would be a promise never kept
            error = state.open_error
            reason = error if len(error) <= REASON_CHARS else error[:REASON_CHARS] + "…"
            self.search_status.setText(status_area.tr("Articles unavailable: {reason}").format(reason=reason))
            self.search_status.setToolTip(
                status_area.tr("{error}\n\nDetails: Help > Open log folder").format(error=error)
            )
            return
        if not state.index_open:
            text = status_area.tr("Getting the articles ready…")
        elif mode == "keyword":
            text = status_area.tr("Ready")
        elif state.model == "loading" or (state.model == "not loaded" and model_coming):
            text = status_area.tr("Semantic search loading… keyword results shown")
        elif state.model == "preparing":
            text = status_area.tr(
                "Preparing semantic search for this computer (once, about a minute)… keyword results shown"
            )
        elif state.model == "failed":
            text = status_area.tr("Semantic search unavailable; keyword results shown")
        elif state.model == "not loaded":
            text = status_area.tr("Keyword search")
        else:
            text = status_area.tr("Ready")
        self.search_status.setText(text)
        self.search_status.setToolTip(
            status_area.tr("%n articles", "", state.article_count) if state.index_open else ""
        )

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
            if issue.line:
                text = status_area.tr("{file} (line {line}) needs fixing — open in writer mode").format(
                    file=files[0].name, line=issue.line
                )
            else:
                text = status_area.tr("{file} needs fixing — open in writer mode").format(file=files[0].name)
        else:
            text = status_area.tr("%n articles need fixing — open writer mode", "", len(files))
        metrics = self.issues_button.fontMetrics()
        self.issues_button.setText(metrics.elidedText(text, Qt.TextElideMode.ElideMiddle, PROBLEMS_WIDTH))
        self.issues_button.setToolTip(
            summary.describe(limit=10)
            + "\n\n"
            + status_area.tr("Shown because writer mode is used on this computer; readers do not see it.")
        )
        self.issues_button.show()
