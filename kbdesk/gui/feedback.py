"""The bar under an article: "Did this solve your problem?" and "Still stuck?".

States: ask (Yes / No) -> thanks, or ask -> why not (a reason and optional
text) -> next best articles. The bar only collects the answer; the window
records it (through the analytics lane) and supplies the next best articles.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QSizePolicy,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from ..core.search.engine import SearchHit
from .accessibility import LinkButton, name_clear_button
from .i18n import QT_TRANSLATE_NOOP, TranslationContext

feedback = TranslationContext("feedback")

#: (analytics reason, what the person sees: English, translated when shown)
REASONS: tuple[tuple[str, str], ...] = (
    ("not_related", QT_TRANSLATE_NOOP("feedback", "It's not about my problem")),
    ("didnt_work", QT_TRANSLATE_NOOP("feedback", "I followed it but it didn't work")),
    ("hard_to_follow", QT_TRANSLATE_NOOP("feedback", "It was hard to follow")),
    ("other", QT_TRANSLATE_NOOP("feedback", "Something else")),
)
NEXT_BEST_COUNT = 3


class FeedbackBar(QFrame):
    #: (helpful, reason or None, comment)
    answered = Signal(bool, object, str)
    next_article_requested = Signal(str)
    contact_support_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("FeedbackBar")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setAccessibleName(feedback.tr("Feedback"))
        self.setAccessibleDescription(feedback.tr("Tell us whether this article solved your problem"))
        self.article_id: str | None = None

        self.stack = QStackedWidget(self)
        self.stack.addWidget(self._build_ask())
        self.stack.addWidget(self._build_reasons())
        self.stack.addWidget(self._build_thanks())
        self.stack.addWidget(self._build_next())

        self.support_button = QPushButton(feedback.tr("Still stuck? Contact support"), self)
        self.support_button.setAccessibleDescription(
            feedback.tr("Prepare a summary of what you searched and read for the service desk")
        )
        self.support_button.clicked.connect(self.contact_support_requested)

        layout = QHBoxLayout(self)
        layout.setContentsMargins(10, 6, 10, 6)
        layout.setSpacing(12)
        layout.addWidget(self.stack, 1)
        layout.addWidget(self.support_button, 0, Qt.AlignmentFlag.AlignBottom)
        self.reset(None)

    # ------------------------------------------------------------ pages
    def _build_ask(self) -> QWidget:
        page = QWidget(self)
        row = QHBoxLayout(page)
        row.setContentsMargins(0, 0, 0, 0)
        label = QLabel(feedback.tr("<b>Did this solve your problem?</b>"), page)
        self.yes_button = QPushButton(feedback.tr("Yes"), page)
        self.no_button = QPushButton(feedback.tr("No"), page)
        self.yes_button.setAccessibleName(feedback.tr("Yes, this solved my problem"))
        self.no_button.setAccessibleName(feedback.tr("No, this did not solve my problem"))
        self.yes_button.clicked.connect(self._yes)
        self.no_button.clicked.connect(self._no)
        row.addWidget(label)
        row.addStretch(1)
        row.addWidget(self.yes_button)
        row.addWidget(self.no_button)
        return page

    def _build_reasons(self) -> QWidget:
        page = QWidget(self)
        box = QVBoxLayout(page)
        box.setContentsMargins(0, 0, 0, 0)
        box.setSpacing(4)
        box.addWidget(QLabel(feedback.tr("<b>Sorry about that. What was wrong?</b>"), page))
        self.reason_group = QButtonGroup(page)
        self.reason_buttons: dict[str, QRadioButton] = {}
        grid = QHBoxLayout()
        grid.setSpacing(12)
        left, right = QVBoxLayout(), QVBoxLayout()
        for i, (code, text) in enumerate(REASONS):
            button = QRadioButton(feedback.tr(text), page)
            button.setProperty("reason", code)
            self.reason_group.addButton(button, i)
            self.reason_buttons[code] = button
            (left if i < 2 else right).addWidget(button)
        grid.addLayout(left)
        grid.addLayout(right)
        grid.addStretch(1)
        box.addLayout(grid)
        row = QHBoxLayout()
        self.comment_edit = QLineEdit(page)
        self.comment_edit.setPlaceholderText(feedback.tr("Anything else we should know? (optional)"))
        self.comment_edit.setAccessibleName(feedback.tr("Feedback comment"))
        self.comment_edit.setClearButtonEnabled(True)
        name_clear_button(self.comment_edit, feedback.tr("Clear the comment"))
        self.send_button = QPushButton(feedback.tr("Send"), page)
        self.send_button.setDefault(True)
        self.send_button.setEnabled(False)
        self.reason_group.buttonToggled.connect(lambda *_: self.send_button.setEnabled(True))
        self.send_button.clicked.connect(self._send_reason)
        self.comment_edit.returnPressed.connect(self._send_reason)
        row.addWidget(self.comment_edit, 1)
        row.addWidget(self.send_button)
        box.addLayout(row)
        return page

    def _build_thanks(self) -> QWidget:
        page = QWidget(self)
        row = QHBoxLayout(page)
        row.setContentsMargins(0, 0, 0, 0)
        self.thanks_label = QLabel(feedback.tr("<b>Great, glad it helped!</b> Thanks for letting us know."), page)
        self.thanks_label.setWordWrap(True)
        row.addWidget(self.thanks_label)
        row.addStretch(1)
        return page

    def _build_next(self) -> QWidget:
        page = QWidget(self)
        box = QVBoxLayout(page)
        box.setContentsMargins(0, 0, 0, 0)
        box.setSpacing(2)
        self.next_label = QLabel(feedback.tr("<b>Thanks. These might help instead:</b>"), page)
        box.addWidget(self.next_label)
        # links a keyboard and a screen reader reach (links inside a label's rich text are neither)
        self.next_buttons: list[LinkButton] = []
        for _ in range(NEXT_BEST_COUNT):
            button = LinkButton("", page)
            button.clicked.connect(lambda _checked=False, button=button: self._next_link(button.property("article_id")))
            button.hide()
            box.addWidget(button)
            self.next_buttons.append(button)
        return page

    # ------------------------------------------------------------ behaviour
    def reset(self, article_id: str | None) -> None:
        self.article_id = article_id
        self._set_page(0)
        self.reason_group.setExclusive(False)
        for button in self.reason_buttons.values():
            button.setChecked(False)
        self.reason_group.setExclusive(True)
        self.comment_edit.clear()
        self.send_button.setEnabled(False)
        self.yes_button.setEnabled(article_id is not None)
        self.no_button.setEnabled(article_id is not None)

    def _set_page(self, index: int) -> None:
        # a QStackedWidget is as tall as its tallest page; ignoring the hidden pages' height keeps the bar slim
        for i in range(self.stack.count()):
            policy = QSizePolicy.Policy.Preferred if i == index else QSizePolicy.Policy.Ignored
            page = self.stack.widget(i)
            if page is not None:
                page.setSizePolicy(QSizePolicy.Policy.Preferred, policy)
        self.stack.setCurrentIndex(index)
        self.stack.updateGeometry()

    @property
    def page(self) -> str:
        return ("ask", "reasons", "thanks", "next")[self.stack.currentIndex()]

    def _yes(self) -> None:
        self._set_page(2)
        self.answered.emit(True, None, "")

    def _no(self) -> None:
        self._set_page(1)
        first = self.reason_buttons[REASONS[0][0]]
        first.setFocus()

    def choose_reason(self, reason: str, comment: str = "") -> None:
        """Select a reason and send it (what a person does with the mouse; used by tests too)."""
        if self.page == "ask":
            self._no()
        self.reason_buttons[reason].setChecked(True)
        self.comment_edit.setText(comment)
        self._send_reason()

    def _send_reason(self) -> None:
        button = self.reason_group.checkedButton()
        if button is None:
            return
        reason = str(button.property("reason"))
        self.answered.emit(False, reason, self.comment_edit.text().strip())
        self._set_page(3)

    def show_next_best(self, hits: list[SearchHit]) -> None:
        if hits:
            self.next_label.setText(feedback.tr("<b>Thanks. These might help instead:</b>"))
        else:
            self.next_label.setText(
                feedback.tr(
                    "<b>Thanks for telling us.</b> Try describing the problem differently, or contact support below."
                )
            )
        for n, button in enumerate(self.next_buttons):
            hit = hits[n] if n < len(hits) else None
            button.setProperty("article_id", hit.id if hit else None)
            button.set_link_text(hit.title if hit else "")
            if hit and hit.summary:
                button.set_description(feedback.tr("Opens the article: {summary}").format(summary=hit.summary))
            else:
                button.set_description(feedback.tr("Opens the article"))
            button.setVisible(hit is not None)

    def next_article_ids(self) -> list[str]:
        """The articles offered after a "No", in order."""
        return [b.property("article_id") for b in self.next_buttons if b.property("article_id")]

    def _next_link(self, article_id: str) -> None:
        self.next_article_requested.emit(article_id)
