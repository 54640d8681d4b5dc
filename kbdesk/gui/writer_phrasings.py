"""Writer mode's "Users' words" tab: how people found the open article, and what it did not answer.

Per article: the searches that ended in "Yes, this solved it" or a long read on it (learned
phrasings, redacted, with counts and how many machines saw them), each with an *Add to
symptoms* button, and the searches that ended in "No" or in a request for help after
reading it. The data comes from this machine's history (plus imported history and fleet
exports, ``kbdesk feedback import``), read on the history's own lane
(:meth:`kbdesk.core.analytics.session.SessionRecorder.article_review`); adding a symptom is
the editor's (:meth:`kbdesk.gui.writer_editor.ArticleEditor.add_symptom`).
"""

from __future__ import annotations

import html
from collections.abc import Callable, Iterable

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from ..core.learning.review import NEGATIVE, POSITIVE, ArticleReview, PhrasingSummary
from .accessibility import describe_label
from .errors import show_error
from .i18n import QT_TRANSLATE_NOOP, TranslationContext, date_text
from .tasks import TaskRunner
from .theme import content_colors

writer_phrasings = TranslationContext("writer_phrasings")

#: (article id, its symptoms) -> the review; runs on the history's lane
ReviewLoader = Callable[[str, tuple[str, ...]], ArticleReview]

EMPTY_TEXT = QT_TRANSLATE_NOOP(
    "writer_phrasings",
    "No search has led to this article on this computer yet. Phrasings appear here after readers answer "
    "“Did this solve your problem?”; a fleet's can be imported with <code>kbdesk feedback import</code>.",
)
#: what became of a search (kbdesk.core.learning.review's kinds), as counted beside each phrasing
KIND_WORDS = {
    "solved": QT_TRANSLATE_NOOP("writer_phrasings", "solved"),
    "read": QT_TRANSLATE_NOOP("writer_phrasings", "long read"),
    "not_helped": QT_TRANSLATE_NOOP("writer_phrasings", '"No"'),
    "escalated": QT_TRANSLATE_NOOP("writer_phrasings", "then asked for help"),
}


def describe(summary: PhrasingSummary, kinds: tuple[str, ...]) -> str:
    """ "3 × solved, 1 × long read · 2 machines" in the app's language (what PhrasingSummary.describe
    says in English for the command line)."""
    words = {kind: writer_phrasings.tr(KIND_WORDS[kind]) if kind in KIND_WORDS else kind for kind in kinds}
    text = ", ".join(f"{summary.count(kind)} × {words[kind]}" for kind in kinds if summary.count(kind))
    if summary.machines > 1:
        text += " · " + writer_phrasings.tr("%n machines", "", summary.machines)
    if summary.imported:
        text += " · " + writer_phrasings.tr("imported")
    return text


class PhrasingRow(QFrame):
    """One phrasing: its text, how often it was seen, and (for a phrasing it was found with) the button."""

    def __init__(self, summary: PhrasingSummary, *, found: bool, muted: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.summary = summary
        self.setFrameShape(QFrame.Shape.NoFrame)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(2, 3, 2, 3)
        texts = QVBoxLayout()
        texts.setSpacing(0)
        self.text_label = QLabel(summary.text, self)
        self.text_label.setWordWrap(True)
        self.text_label.setTextFormat(Qt.TextFormat.PlainText)
        self.text_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.detail = describe(summary, tuple(POSITIVE if found else NEGATIVE))
        self.detail_label = QLabel(f"<span style='color:{muted}'>{html.escape(self.detail)}</span>", self)
        self.detail_label.setWordWrap(True)
        if summary.last_seen is not None:
            seen = summary.last_seen.astimezone()
            self.detail_label.setToolTip(
                writer_phrasings.tr("last seen {date} {time}").format(date=date_text(seen.date()), time=f"{seen:%H:%M}")
            )
        texts.addWidget(self.text_label)
        texts.addWidget(self.detail_label)
        layout.addLayout(texts, 1)
        self.button: QPushButton | None = None
        self.setAccessibleName(f"{summary.text}: {self.detail}")
        if not found:
            return
        if summary.in_symptoms:
            done = QLabel(writer_phrasings.tr("✓ in symptoms"), self)
            done.setAccessibleName(
                writer_phrasings.tr("“{symptom}” is already a symptom").format(symptom=summary.symptom)
            )
            layout.addWidget(done, 0, Qt.AlignmentFlag.AlignTop)
        elif summary.symptom:
            self.button = QPushButton(writer_phrasings.tr("Add to symptoms"), self)
            self.button.setToolTip(
                writer_phrasings.tr("Add “{symptom}” to this article's symptoms").format(symptom=summary.symptom)
            )
            self.button.setAccessibleName(
                writer_phrasings.tr("Add “{symptom}” to symptoms").format(symptom=summary.symptom)
            )
            layout.addWidget(self.button, 0, Qt.AlignmentFlag.AlignTop)


class PhrasingsPanel(QWidget):
    """The phrasings of one article in two groups; one *Add to symptoms* button per phrasing found with."""

    #: the writer asked to add this text to the article's symptoms
    promote_requested = Signal(str)
    #: a review arrived and is shown (tests wait on it)
    review_shown = Signal(object)

    def __init__(
        self, runner: TaskRunner, loader: ReviewLoader | None, *, lane: str = "analytics", parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.runner = runner
        self._loader = loader
        self._lane = lane
        self.review: ArticleReview | None = None
        #: symptom text -> its button, for the phrasings that can still be added
        self.buttons: dict[str, QPushButton] = {}
        self.rows: list[PhrasingRow] = []
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        intro = QLabel(
            writer_phrasings.tr(
                "What readers typed before this article solved their problem, and searches it did not answer. "
                "A phrasing added to the symptoms becomes part of the article, for every reader."
            ),
            self,
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)
        self.status = QLabel(self)
        self.status.setWordWrap(True)
        self.status.setTextFormat(Qt.TextFormat.RichText)
        describe_label(self.status, writer_phrasings.tr("Users' words status"))
        layout.addWidget(self.status)
        self.scroll_area = QScrollArea(self)
        self.scroll_area.setWidgetResizable(True)
        self.scroll_area.setFrameShape(QFrame.Shape.StyledPanel)
        self.scroll_area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.scroll_area.setAccessibleName(writer_phrasings.tr("Phrasings readers used"))
        layout.addWidget(self.scroll_area, 1)
        self._article_id: str | None = None
        self._build_list()

    def _build_list(self) -> None:
        self.list_widget = QWidget(self.scroll_area)
        self.list_layout = QVBoxLayout(self.list_widget)
        self.list_layout.setContentsMargins(6, 4, 6, 4)
        self.list_layout.setSpacing(2)
        self.list_layout.addStretch(1)
        self.scroll_area.setWidget(self.list_widget)

    # ------------------------------------------------------------ loading
    def load(self, article_id: str | None, symptoms: Iterable[str] = ()) -> None:
        """Show ``article_id``'s phrasings (read in the background); None clears the tab."""
        self._article_id = article_id
        if article_id is None or self._loader is None:
            self._show(None)
            return
        self.status.setText(writer_phrasings.tr("Reading the history…"))
        self.runner.run(
            self._loader,
            article_id,
            tuple(symptoms),
            tag="writer-phrasings",
            lane=self._lane,
            on_success=self._loaded,
            on_error=self._failed,
        )

    def _loaded(self, review: ArticleReview) -> None:
        if review.article_id != self._article_id:
            return
        self._show(review)

    def _failed(self, exc: BaseException) -> None:
        show_error(self, exc, writer_phrasings.tr("Could not read what readers typed"), show=self.status.setText)

    # ------------------------------------------------------------ showing
    def _show(self, review: ArticleReview | None) -> None:
        self.review = review
        self.buttons = {}
        self.rows = []
        self._build_list()
        if review is None:
            self.status.setText("")
            self.review_shown.emit(review)
            return
        if review.empty:
            self.status.setText(writer_phrasings.tr(EMPTY_TEXT))
        else:
            self.status.setText(
                writer_phrasings.tr("Found with {phrasings}; {searches} it did not answer.").format(
                    phrasings=writer_phrasings.tr("%n phrasings", "", len(review.found_with)),
                    searches=writer_phrasings.tr("%n searches", "", len(review.not_answered)),
                )
            )
        muted = content_colors(self.palette())["muted"]
        for title, items, found_group in (
            (writer_phrasings.tr("Readers found it with"), review.found_with, True),
            (writer_phrasings.tr("It did not answer (“No”, or they asked for help)"), review.not_answered, False),
        ):
            if not items:
                continue
            heading = QLabel(f"<b>{html.escape(title)}</b>", self.list_widget)
            heading.setWordWrap(True)  # else its one line sets the list's width and hides the buttons
            heading.setContentsMargins(0, 6, 0, 2)
            self.list_layout.insertWidget(self.list_layout.count() - 1, heading)
            for summary in items:
                row = PhrasingRow(summary, found=found_group, muted=muted, parent=self.list_widget)
                if row.button is not None:
                    row.button.clicked.connect(lambda _c=False, text=summary.symptom: self.promote_requested.emit(text))
                    self.buttons[summary.symptom] = row.button
                self.rows.append(row)
                self.list_layout.insertWidget(self.list_layout.count() - 1, row)
        # buttons made now would come last in the window's Tab order (after the status bar): put them where
        # the list is
        previous: QWidget = self.scroll_area
        for button in self.buttons.values():
            QWidget.setTabOrder(previous, button)
            previous = button
        self.review_shown.emit(review)

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt's name
        if event.type() in (QEvent.Type.PaletteChange, QEvent.Type.ApplicationPaletteChange) and self.review:
            self._show(self.review)  # the muted colour of the counts follows the theme
        super().changeEvent(event)
