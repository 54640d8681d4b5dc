"""What the pages share so a screen reader hears everything and a keyboard reaches everything.

The rules the pages follow (tests/gui/test_accessibility.py checks them through the real AT-SPI
tree, screen by screen):

* **A label keeps its text as its name.** An accessible name set on a QLabel *replaces* what it
  shows: "Search status" hid "Ready". A label says what it is with
  :func:`describe_label` (the accessible description) and is heard as what it shows.
* **A combo box has a label of its own** (a QLabel whose buddy it is, in the same parent): on
  Linux Qt names a combo box by its current value and drops ``setAccessibleName``, so the label,
  reported as "labelled by", is the only thing that says what the value is of.
* **A link a person may follow is an object**: :class:`LinkButton`, a flat button that looks like a
  link. Links inside rich text (a QLabel's ``<a>``, a QTextBrowser's anchors) are not in the
  accessibility tree; Tab stopped on the label, and a screen reader heard no link.
* **The clear button of a line edit has a name** (:func:`name_clear_button`).
* **Tab leaves every widget**: a multi-line field takes ``setTabChangesFocus(True)`` unless tab
  characters are what it is for, and a table ``setTabKeyNavigation(False)`` (the arrows move
  between its cells).
* **What changes on its own is said**: :func:`announce` tells a screen reader what appeared
  without moving the focus (search results, status-bar messages), as a live region does on a
  web page.
* **Tab follows the reading order**, top to bottom and left to right. Qt's Tab order is the order
  widgets were made in; where that differs from what is shown, :func:`set_tab_order` says it.
"""

from __future__ import annotations

import itertools

from PySide6.QtCore import QObject, QPoint, QRect, QSize, Qt
from PySide6.QtGui import QAccessible, QAccessibleAnnouncementEvent
from PySide6.QtWidgets import (
    QLabel,
    QLayout,
    QLayoutItem,
    QLineEdit,
    QPushButton,
    QSizePolicy,
    QToolButton,
    QWidget,
    QWidgetItem,
)

from .i18n import TranslationContext

#: a link's look: the palette's link colour, underlined, with a visible frame when it has the keyboard focus
LINK_STYLE = (
    "QPushButton { color: palette(link); text-decoration: underline; border: 1px solid transparent;"
    " border-radius: 3px; padding: 1px 3px; text-align: left; background: transparent; }"
    " QPushButton:focus { border: 1px solid palette(highlight); }"
    " QPushButton:hover { background: palette(alternate-base); }"
)


accessibility = TranslationContext("accessibility")


class LinkButton(QPushButton):
    """A link that is a real object: focusable with Tab, named by its text, activated with Space or Enter.

    ``text`` is shown as it is (an "&" is not a mnemonic: link texts come from articles);
    ``description`` is what following it does ("Opens https://… in your browser"), for a screen
    reader and as the tool tip."""

    def __init__(self, text: str = "", parent: QWidget | None = None, *, description: str = "") -> None:
        super().__init__(parent)
        self.set_link_text(text)
        self.setFlat(True)
        self.setAutoDefault(False)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.setStyleSheet(LINK_STYLE)
        self.setSizePolicy(QSizePolicy.Policy.Maximum, QSizePolicy.Policy.Fixed)
        self.set_description(description)

    def set_link_text(self, text: str) -> None:
        self.setText(text.replace("&", "&&"))

    def link_text(self) -> str:
        return self.text().replace("&&", "&")

    def set_description(self, description: str) -> None:
        self.setAccessibleDescription(description)
        self.setToolTip(description)


def announce(source: QObject, text: str) -> None:
    """Have a screen reader say ``text`` when it is free (a polite announcement; nothing without one)."""
    if text and QAccessible.isActive():
        QAccessible.updateAccessibility(QAccessibleAnnouncementEvent(source, text))


def describe_label(label: QLabel, what: str) -> QLabel:
    """Say what ``label`` is ("Search status") without hiding what it shows; returns the label."""
    label.setAccessibleDescription(what)
    return label


def buddy_label(text: str, buddy: QWidget, parent: QWidget | None = None) -> QLabel:
    """A label that names ``buddy`` (its mnemonic focuses it; a screen reader hears it as its label)."""
    label = QLabel(text, parent if parent is not None else buddy.parentWidget())
    label.setBuddy(buddy)
    return label


def name_clear_button(edit: QLineEdit, name: str = "") -> None:
    """Name the clear button ``setClearButtonEnabled`` adds to ``edit`` (Qt leaves it nameless); "Clear" by default."""
    for button in edit.findChildren(QToolButton):
        button.setAccessibleName(name or accessibility.tr("Clear"))


def set_tab_order(*controls: QWidget) -> None:
    """Tab visits ``controls`` in this order, each right after the one before.

    Each must be a control of its own: Qt ignores a container that takes no focus, and a compound
    widget (a tab widget and its tab bar) is moved as a block that can leave its owner behind."""
    for first, second in itertools.pairwise(controls):
        QWidget.setTabOrder(first, second)


class FlowLayout(QLayout):
    """Items left to right, wrapping to the next line: a row of links that fits any width."""

    def __init__(self, parent: QWidget | None = None, spacing: int = 4) -> None:
        super().__init__(parent)
        self._items: list[QLayoutItem] = []
        self.setSpacing(spacing)
        self.setContentsMargins(0, 0, 0, 0)

    def addItem(self, item: QLayoutItem) -> None:  # noqa: N802 - Qt's name
        self._items.append(item)

    def add_widget(self, widget: QWidget) -> None:
        self.addChildWidget(widget)
        self.addItem(QWidgetItem(widget))

    def count(self) -> int:
        return len(self._items)

    def itemAt(self, index: int) -> QLayoutItem | None:  # noqa: N802 - Qt's name
        return self._items[index] if 0 <= index < len(self._items) else None

    def takeAt(self, index: int) -> QLayoutItem | None:  # noqa: N802 - Qt's name
        return self._items.pop(index) if 0 <= index < len(self._items) else None

    def expandingDirections(self) -> Qt.Orientation:  # noqa: N802 - Qt's name
        return Qt.Orientation(0)

    def hasHeightForWidth(self) -> bool:  # noqa: N802 - Qt's name
        return True

    def heightForWidth(self, width: int) -> int:  # noqa: N802 - Qt's name
        return self._arrange(QRect(0, 0, width, 0), move=False)

    def setGeometry(self, rect: QRect) -> None:  # noqa: N802 - Qt's name
        super().setGeometry(rect)
        self._arrange(rect, move=True)

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt's name
        return self.minimumSize()

    def minimumSize(self) -> QSize:  # noqa: N802 - Qt's name
        size = QSize()
        for item in self._items:
            size = size.expandedTo(item.minimumSize())
        margins = self.contentsMargins()
        return size + QSize(margins.left() + margins.right(), margins.top() + margins.bottom())

    def _arrange(self, rect: QRect, *, move: bool) -> int:
        margins = self.contentsMargins()
        area = rect.adjusted(margins.left(), margins.top(), -margins.right(), -margins.bottom())
        x, y, line_height = area.x(), area.y(), 0
        spacing = self.spacing()
        for item in self._items:
            if item.isEmpty():
                continue
            hint = item.sizeHint()
            if x + hint.width() > area.right() + 1 and line_height > 0:
                x, y = area.x(), y + line_height + spacing
                line_height = 0
            if move:
                item.setGeometry(QRect(QPoint(x, y), hint))
            x += hint.width() + spacing
            line_height = max(line_height, hint.height())
        return y + line_height - rect.y() + margins.bottom()
