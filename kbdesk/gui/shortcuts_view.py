"""Help > Keyboard shortcuts: every shortcut of the window, on a page of its own.

Nothing here is typed twice: the list is made each time the page is shown from the window's
action registry (each registered action with a shortcut, and the menu it is in) and the keys the
pages declared with :meth:`~kbdesk.gui.host.WindowHost.add_key_help` (the search field's arrows,
writer mode's Ctrl+S), plus the keys Qt gives every window (:data:`GENERAL_KEYS`). A test finds
every shortcut the window really has (actions, QShortcuts, buttons) and fails when one is not here.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QTreeWidget, QTreeWidgetItem, QVBoxLayout, QWidget

from .host import ActionSpec, KeyHelp, WindowHost
from .i18n import QT_TRANSLATE_NOOP, TranslationContext

shortcuts_view = TranslationContext("shortcuts_view")
#: the words of every KeyHelp, the pages' and these (what a key does, where it works), marked
#: QT_TRANSLATE_NOOP("keys", ...) where they are declared and translated here when listed; the
#: entries made from the window's actions arrive in the app's language already (their menu texts)
keys = TranslationContext("keys")

PAGE_NAME = "shortcuts"
#: what the keyboard does everywhere (Qt's own keys), first on the page
GENERAL_KEYS = (
    KeyHelp(
        ("Tab", "Shift+Tab"),
        QT_TRANSLATE_NOOP("keys", "Move to the next or the previous control"),
        QT_TRANSLATE_NOOP("keys", "Everywhere"),
    ),
    KeyHelp(
        ("Alt",),
        QT_TRANSLATE_NOOP("keys", "With the underlined letter of a menu, button or field: open or use it"),
        QT_TRANSLATE_NOOP("keys", "Everywhere"),
    ),
    KeyHelp(
        ("Space", "Return"),
        QT_TRANSLATE_NOOP("keys", "Press the button, tick the box or follow the link that has the focus"),
        QT_TRANSLATE_NOOP("keys", "Everywhere"),
    ),
    KeyHelp(
        ("Ctrl+Tab", "Ctrl+Shift+Tab"),
        QT_TRANSLATE_NOOP("keys", "Show the next or the previous tab"),
        QT_TRANSLATE_NOOP("keys", "Tabbed panes"),
    ),
    KeyHelp(
        ("Down", "Up"),
        QT_TRANSLATE_NOOP("keys", "Move within a list, a table or a set of options"),
        QT_TRANSLATE_NOOP("keys", "Lists and options"),
    ),
)
SHORTCUTS_ACTION = ActionSpec(
    "shortcuts",
    QT_TRANSLATE_NOOP("menus", "&Keyboard shortcuts"),
    QT_TRANSLATE_NOOP("menus", "&Help"),
    (QKeySequence.StandardKey.HelpContents,),
    QT_TRANSLATE_NOOP("menus", "Every keyboard shortcut of kbdesk"),
    first=True,
)


def native(keys: tuple[str, ...]) -> str:
    """The keys as this platform writes them ("Ctrl+S"; "⌘S" on a Mac); Qt's "Return" is the Enter key."""
    texts = []
    for key in keys:
        sequence = QKeySequence(key, QKeySequence.SequenceFormat.PortableText)
        text = sequence.toString(QKeySequence.SequenceFormat.NativeText) or key
        # Qt calls the Enter key "Return" (translated by Qt's own catalogue, "Eingabe" in German)
        return_key = QKeySequence("Return").toString(QKeySequence.SequenceFormat.NativeText)
        texts.append(shortcuts_view.tr("Enter", "the key") if text == return_key else text)
    return ", ".join(texts)


class ShortcutsView(QWidget):
    """The shortcuts, grouped by where they work, with a way back to the search."""

    def __init__(self, host: WindowHost, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.host = host
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 6, 8, 6)
        bar = QHBoxLayout()
        bar.addWidget(QLabel(shortcuts_view.tr("<b>Keyboard shortcuts</b>"), self))
        bar.addStretch(1)
        back = QPushButton(shortcuts_view.tr("Back to search"), self)
        back.setToolTip(shortcuts_view.tr("Back to the search page (Ctrl+K)"))
        back.clicked.connect(host.show_search_page)
        bar.addWidget(back)
        layout.addLayout(bar)
        intro = QLabel(
            shortcuts_view.tr(
                "Everything in kbdesk works with the keyboard alone. Menus open with Alt and their underlined letter."
            ),
            self,
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)
        self.tree = QTreeWidget(self)
        self.tree.setAccessibleName(shortcuts_view.tr("Keyboard shortcuts"))
        self.tree.setHeaderLabels([shortcuts_view.tr("Keys"), shortcuts_view.tr("What they do")])
        self.tree.setRootIsDecorated(False)
        self.tree.setUniformRowHeights(True)
        self.tree.setColumnWidth(0, 220)
        layout.addWidget(self.tree, 1)

    def entries(self) -> list[KeyHelp]:
        """What the page lists: the general keys, then the window's (registered actions, the pages' keys)."""
        return [*GENERAL_KEYS, *self.host.key_help()]

    def refresh(self) -> None:
        self.tree.clear()
        groups: dict[str, QTreeWidgetItem] = {}
        bold = self.tree.font()
        bold.setBold(True)
        for entry in self.entries():
            where, what = keys.tr(entry.where), keys.tr(entry.what)
            group = groups.get(where)
            if group is None:
                group = QTreeWidgetItem([where, ""])
                group.setFont(0, bold)
                group.setFlags(Qt.ItemFlag.ItemIsEnabled)
                self.tree.addTopLevelItem(group)
                group.setFirstColumnSpanned(True)
                groups[where] = group
            item = QTreeWidgetItem([native(entry.keys), what])
            # heard as "Ctrl+S: Save the article", not as two cells without context
            item.setData(0, Qt.ItemDataRole.AccessibleTextRole, f"{native(entry.keys)}: {what}")
            group.addChild(item)
        self.tree.expandAll()
        first = self.tree.topLevelItem(0)
        if first is not None:
            self.tree.setCurrentItem(first)

    def listed_keys(self) -> set[str]:
        """Every key sequence on the page, in Qt's portable form (what the completeness test compares)."""
        return {key for entry in self.entries() for key in entry.keys}


def show_shortcuts(host: WindowHost) -> ShortcutsView:
    """Build (once) and show the shortcuts page, listing what the window has now."""
    page = host.page(PAGE_NAME)
    if not isinstance(page, ShortcutsView):  # None before the first use
        page = ShortcutsView(host)
        host.add_page(PAGE_NAME, page)
    page.refresh()
    host.show_page(PAGE_NAME)
    page.tree.setFocus()
    return page


def install(host: WindowHost) -> None:
    """Help > Keyboard shortcuts (F1)."""
    host.add_action(SHORTCUTS_ACTION, lambda: show_shortcuts(host))


__all__ = ["GENERAL_KEYS", "PAGE_NAME", "SHORTCUTS_ACTION", "ShortcutsView", "install", "native", "show_shortcuts"]
