"""The lines the search page shows about a search itself, above the results.

* :class:`SuggestionLabel`: "Did you mean: …", the suggestion a link button
  (a screen reader reaches it and hears all of it), elided to the width it is
  given. A label's minimum width is its text's width, so a long suggestion
  (a pasted paragraph with one word corrected) used to widen the main window
  past the screen, for good: a window never shrinks below its minimum size.
  This row asks for no width at all and elides its text instead; the full
  suggestion is in the tooltip and is what a click searches for.
* :class:`LanguageNote`: the query looks like another language; the articles
  are in English (the search still ran).
* :class:`WeakMatchBanner`: nothing matches well; the nearest articles below
  are dimmed and "Contact support" is the obvious next step.
"""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtGui import QFont, QFontMetrics, QResizeEvent
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QSizePolicy, QVBoxLayout, QWidget

from ..core.language import LanguageGuess
from .accessibility import LinkButton, describe_label
from .i18n import QT_TRANSLATE_NOOP, TranslationContext
from .theme import content_colors

search_notes = TranslationContext("search_notes")

#: the names kbdesk.core.language gives the languages it recognises, marked for translation here (the
#: command line keeps them English); tests/gui/test_i18n.py checks that every one of them is here
LANGUAGE_NAMES = frozenset(
    (
        QT_TRANSLATE_NOOP("search_notes", "Arabic"),
        QT_TRANSLATE_NOOP("search_notes", "Bulgarian"),
        QT_TRANSLATE_NOOP("search_notes", "Catalan"),
        QT_TRANSLATE_NOOP("search_notes", "Chinese"),
        QT_TRANSLATE_NOOP("search_notes", "Croatian"),
        QT_TRANSLATE_NOOP("search_notes", "Czech"),
        QT_TRANSLATE_NOOP("search_notes", "Danish"),
        QT_TRANSLATE_NOOP("search_notes", "Dutch"),
        QT_TRANSLATE_NOOP("search_notes", "Estonian"),
        QT_TRANSLATE_NOOP("search_notes", "Finnish"),
        QT_TRANSLATE_NOOP("search_notes", "French"),
        QT_TRANSLATE_NOOP("search_notes", "German"),
        QT_TRANSLATE_NOOP("search_notes", "Greek"),
        QT_TRANSLATE_NOOP("search_notes", "Hebrew"),
        QT_TRANSLATE_NOOP("search_notes", "Hindi"),
        QT_TRANSLATE_NOOP("search_notes", "Hungarian"),
        QT_TRANSLATE_NOOP("search_notes", "Indonesian"),
        QT_TRANSLATE_NOOP("search_notes", "Italian"),
        QT_TRANSLATE_NOOP("search_notes", "Japanese"),
        QT_TRANSLATE_NOOP("search_notes", "Korean"),
        QT_TRANSLATE_NOOP("search_notes", "Latvian"),
        QT_TRANSLATE_NOOP("search_notes", "Lithuanian"),
        QT_TRANSLATE_NOOP("search_notes", "Norwegian"),
        QT_TRANSLATE_NOOP("search_notes", "Persian"),
        QT_TRANSLATE_NOOP("search_notes", "Polish"),
        QT_TRANSLATE_NOOP("search_notes", "Portuguese"),
        QT_TRANSLATE_NOOP("search_notes", "Romanian"),
        QT_TRANSLATE_NOOP("search_notes", "Russian"),
        QT_TRANSLATE_NOOP("search_notes", "Serbian"),
        QT_TRANSLATE_NOOP("search_notes", "Slovak"),
        QT_TRANSLATE_NOOP("search_notes", "Slovenian"),
        QT_TRANSLATE_NOOP("search_notes", "Spanish"),
        QT_TRANSLATE_NOOP("search_notes", "Swedish"),
        QT_TRANSLATE_NOOP("search_notes", "Thai"),
        QT_TRANSLATE_NOOP("search_notes", "Turkish"),
        QT_TRANSLATE_NOOP("search_notes", "Ukrainian"),
        QT_TRANSLATE_NOOP("search_notes", "Vietnamese"),
    )
)


class SuggestionLabel(QWidget):
    """ "Did you mean: <suggestion>", the suggestion a link (a real button) elided to the width it is given."""

    suggestion_chosen = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._suggestion = ""
        self.prefix = QLabel(search_notes.tr("Did you mean:"), self)
        self.link = LinkButton("", self, description=search_notes.tr("Search for this instead"))
        bold = QFont(self.link.font())
        bold.setBold(True)
        self.link.setFont(bold)
        self.link.clicked.connect(lambda: self.suggestion_chosen.emit(self._suggestion))
        layout = QHBoxLayout(self)
        layout.setContentsMargins(8, 0, 8, 0)
        layout.setSpacing(2)
        layout.addWidget(self.prefix)
        layout.addWidget(self.link)
        layout.addStretch(1)
        # no say in the window's width: the text follows the width, not the other way round
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Fixed)
        self.hide()

    @property
    def suggestion(self) -> str:
        return self._suggestion

    def set_suggestion(self, suggestion: str | None) -> None:
        self._suggestion = suggestion or ""
        if not self._suggestion:
            self.hide()
            return
        self.link.setToolTip(self._suggestion if len(self._suggestion) <= 2000 else self._suggestion[:2000] + "…")
        # heard in full, whatever the width shows
        self.link.setAccessibleName(self._suggestion[:2000])
        self._relayout()
        self.show()

    def elided_suggestion(self) -> str:
        """The suggestion as shown: whole when it fits, else cut with an ellipsis."""
        margins = self.contentsMargins()
        room = (
            self.width()
            - margins.left()
            - margins.right()
            - 16  # the layout's margins and spacing
            - QFontMetrics(self.prefix.font()).horizontalAdvance(self.prefix.text())
            - 2 * QFontMetrics(self.link.font()).horizontalAdvance("  ")  # the link's padding and frame
        )
        # one line: line breaks in a paste would make a tall label
        flat = " ".join(self._suggestion.split())
        return QFontMetrics(self.link.font()).elidedText(flat, Qt.TextElideMode.ElideRight, max(room, 40))

    def _relayout(self) -> None:
        self.link.set_link_text(self.elided_suggestion())

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 - Qt's name
        super().resizeEvent(event)
        if self._suggestion:
            self._relayout()

    def minimumSizeHint(self) -> QSize:  # noqa: N802 - Qt's name
        return QSize(0, super().minimumSizeHint().height())

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt's name
        return QSize(0, super().sizeHint().height())


def language_note_text(guess: LanguageGuess) -> str:
    name = guess.name
    if name:
        looks = search_notes.tr("Your search looks like {language}.").format(language=search_notes.tr(name))
    else:
        looks = search_notes.tr("Your search does not look like English.")
    return (
        looks
        + " "
        + search_notes.tr(
            "The articles are in English, so English words may find a better match; the closest are below."
        )
    )


class LanguageNote(QLabel):
    """Says that the articles are in English when the query is not."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("LanguageNote")
        self.setWordWrap(True)  # wraps rather than widening the window
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.setContentsMargins(8, 4, 8, 4)
        describe_label(self, search_notes.tr("Language note"))
        self.refresh_colors()
        self.hide()

    def refresh_colors(self) -> None:
        """The blue of an information note (called on theme changes)."""
        colors = content_colors()
        self.setStyleSheet(
            f"QLabel#LanguageNote {{ background-color: {colors['note_bg']}; border: 1px solid {colors['border']};"
            " border-radius: 4px; }"
        )

    def show_for(self, guess: LanguageGuess | None) -> None:
        if guess is None:
            self.hide()
            return
        self.setText(language_note_text(guess))
        self.show()


class WeakMatchBanner(QFrame):
    """Above the results when nothing matches well: says so, and offers support first."""

    contact_support = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("WeakMatchBanner")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setAccessibleName(search_notes.tr("No good match"))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 10, 12, 10)
        layout.setSpacing(6)
        self.title = QLabel(self)
        font = QFont(self.title.font())
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 1.15)
        self.title.setFont(font)
        self.title.setWordWrap(True)
        self.title.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.text = QLabel(self)
        self.text.setWordWrap(True)
        self.text.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.support_button = QPushButton(search_notes.tr("Contact support…"), self)
        self.support_button.setObjectName("PrimaryButton")
        self.support_button.setAccessibleDescription(search_notes.tr("Ask the service desk for help with this problem"))
        self.support_button.setDefault(True)
        self.support_button.clicked.connect(self.contact_support)
        buttons = QHBoxLayout()
        buttons.addWidget(self.support_button)
        buttons.addStretch(1)
        layout.addWidget(self.title)
        layout.addWidget(self.text)
        layout.addLayout(buttons)
        self.refresh_colors()
        self.hide()

    def refresh_colors(self) -> None:
        """Amber panel, accent button: it must not look like one more result (called on theme changes)."""
        colors = content_colors()
        self.setStyleSheet(
            f"QFrame#WeakMatchBanner {{ background-color: {colors['warn_bg']}; border: 1px solid {colors['border']};"
            " border-radius: 6px; }"
            " QFrame#WeakMatchBanner QLabel { background: transparent; border: none; }"
            " QPushButton#PrimaryButton { background-color: palette(highlight); color: palette(highlighted-text);"
            " border: none; border-radius: 4px; padding: 6px 16px; font-weight: 600; }"
            " QPushButton#PrimaryButton:focus { outline: none; border: 2px solid palette(text); }"
        )

    def show_for(self, match: str, nearest: int) -> None:
        """``match`` "weak" (``nearest`` dimmed results below) or "none" (nothing found); hides on "strong"."""
        if match == "strong":
            self.hide()
            return
        if match == "none" or nearest == 0:
            self.title.setText(search_notes.tr("No article matches this"))
            self.text.setText(
                search_notes.tr(
                    "Try describing the problem in other words, or paste the exact error message. "
                    "If it still finds nothing, support can help."
                )
            )
        else:
            self.title.setText(search_notes.tr("No article matches this well"))
            self.text.setText(
                search_notes.tr(
                    "The %n nearest articles are below, but they are probably not about your problem. "
                    "Try other words, or ask support.",
                    "",
                    nearest,
                )
            )
        self.setAccessibleDescription(f"{self.title.text()}. {self.text.text()}")
        self.show()
