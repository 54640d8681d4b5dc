"""The main window's action registry and menus, and the window's own actions declared once.

Every action of the window, its own and the pages' (writer mode, insights, File > Open
bundle…), is created from an :class:`~kbdesk.gui.host.ActionSpec` by
:meth:`ActionRegistry.add_action` and kept under its name: one place where a menu item, its
shortcut, tool tip and macOS menu role are declared, and one way to find it again
(``window.action("writer")``). MusicBrainz Picard's ``ui/mainwindow/actions.py`` registry
was the model; ours registers at run time, so a page module brings its own entries.

Menus are created on first use, in order, with every menu a page adds placed before Help.

Words: every ActionSpec, the window's and the pages', marks its text, menu and tip with
``QT_TRANSLATE_NOOP("menus", ...)``; the registry translates them when it creates the action. One
context for every menu entry, so a translator sees a whole menu bar at once (a mnemonic must not
repeat in it). Menus are found by their English title ("&Tools"), whatever the language shows.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtGui import QAction, QIcon, QKeySequence
from PySide6.QtWidgets import QMainWindow, QMenu, QStyle

from .host import ActionSpec, KeyHelp
from .i18n import QT_TRANSLATE_NOOP, TranslationContext

menus = TranslationContext("menus")

Key = QKeySequence.StandardKey
#: the window's own actions, in menu order (pages add theirs in their install(): Tools, File > Open bundle…)
WINDOW_ACTIONS = (
    ActionSpec(
        "refresh",
        QT_TRANSLATE_NOOP("menus", "&Refresh articles"),
        QT_TRANSLATE_NOOP("menus", "&File"),
        (Key.Refresh,),
        QT_TRANSLATE_NOOP("menus", "Look for new or changed articles now"),
    ),
    ActionSpec(
        "settings",
        QT_TRANSLATE_NOOP("menus", "&Settings…"),
        QT_TRANSLATE_NOOP("menus", "&File"),
        (Key.Preferences,),
        role=QAction.MenuRole.PreferencesRole,
    ),
    ActionSpec(
        "quit",
        QT_TRANSLATE_NOOP("menus", "&Quit"),
        QT_TRANSLATE_NOOP("menus", "&File"),
        (Key.Quit,),
        role=QAction.MenuRole.QuitRole,
        separator_before=True,
    ),
    ActionSpec(
        "focus-search", QT_TRANSLATE_NOOP("menus", "&Search"), QT_TRANSLATE_NOOP("menus", "&Go"), ("Ctrl+K", Key.Find)
    ),
    ActionSpec(
        "back",
        QT_TRANSLATE_NOOP("menus", "&Back"),
        QT_TRANSLATE_NOOP("menus", "&Go"),
        ("Alt+Left", Key.Back),
        QT_TRANSLATE_NOOP("menus", "Back to the previous article (Alt+Left)"),
        icon=QStyle.StandardPixmap.SP_ArrowBack,
    ),
    ActionSpec(
        "forward",
        QT_TRANSLATE_NOOP("menus", "&Forward"),
        QT_TRANSLATE_NOOP("menus", "&Go"),
        ("Alt+Right", Key.Forward),
        QT_TRANSLATE_NOOP("menus", "Forward (Alt+Right)"),
        icon=QStyle.StandardPixmap.SP_ArrowForward,
    ),
    ActionSpec("clear-search", QT_TRANSLATE_NOOP("menus", "Clear search"), None, ("Esc",)),
    ActionSpec(
        "all-platforms",
        QT_TRANSLATE_NOOP("menus", "Show articles for &all systems"),
        QT_TRANSLATE_NOOP("menus", "&View"),
        checkable=True,
    ),
    # Hi&story, as in Firefox: Alt+H is Help's
    ActionSpec("clear-history", QT_TRANSLATE_NOOP("menus", "&Clear history…"), QT_TRANSLATE_NOOP("menus", "Hi&story")),
    ActionSpec("contact-support", QT_TRANSLATE_NOOP("menus", "&Contact support…"), QT_TRANSLATE_NOOP("menus", "&Help")),
    ActionSpec(
        "log-folder",
        QT_TRANSLATE_NOOP("menus", "Open &log folder"),
        QT_TRANSLATE_NOOP("menus", "&Help"),
        separator_before=True,
    ),
    ActionSpec(
        "about",
        QT_TRANSLATE_NOOP("menus", "&About kbdesk"),
        QT_TRANSLATE_NOOP("menus", "&Help"),
        role=QAction.MenuRole.AboutRole,
    ),
)


class ActionRegistry:
    """The actions of one window by name, and its menus by title."""

    def __init__(self, window: QMainWindow) -> None:
        self._window = window
        self._actions: dict[str, QAction] = {}
        self._menus: dict[str, QMenu] = {}

    def add_action(self, spec: ActionSpec, slot: Callable[..., object]) -> QAction:
        if spec.name in self._actions:
            raise ValueError(f"an action named {spec.name!r} is registered already")
        window = self._window
        icon = window.style().standardIcon(spec.icon) if spec.icon is not None else QIcon()
        action = QAction(icon, menus.tr(spec.text), window)
        if spec.shortcuts:
            action.setShortcuts([QKeySequence(shortcut) for shortcut in spec.shortcuts])
        if spec.tip:
            action.setToolTip(menus.tr(spec.tip))
        action.setMenuRole(spec.role)
        if spec.checkable:
            action.setCheckable(True)
            action.toggled.connect(slot)
        else:
            action.triggered.connect(lambda _checked=False: slot())
        if spec.menu is None:
            window.addAction(action)  # a window-wide shortcut (Esc)
        else:
            menu = self.menu(spec.menu)
            existing = menu.actions()
            anchor = self._actions.get(spec.after) if spec.after else None
            if anchor is not None and anchor in existing and existing[-1] is not anchor:
                menu.insertAction(existing[existing.index(anchor) + 1], action)
            elif spec.first and existing:
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

    def key_help(self) -> list[KeyHelp]:
        """Each action with a shortcut, in the order the actions were registered (menu by menu)."""
        found = []
        for action in self._actions.values():
            # each once: a standard key may repeat one given beside it (Key.Back is Alt+Left on Linux)
            keys = list(
                dict.fromkeys(
                    k.toString(QKeySequence.SequenceFormat.PortableText) for k in action.shortcuts() if not k.isEmpty()
                )
            )
            if not keys:
                continue
            what = action.text().replace("&&", "\0").replace("&", "").replace("\0", "&").rstrip("…")
            titles = [m.title() for m in self._menus.values() if action in m.actions()]
            if titles:
                where = menus.tr("{menu} menu").format(menu=titles[0].replace("&", ""))
            else:
                where = menus.tr("Anywhere in the window")
            found.append(KeyHelp(tuple(keys), what, where))
        return found

    def menu(self, title: str) -> QMenu:
        """The menu called ``title`` ("&Tools", in English), created (before Help) when missing."""
        key = title.replace("&", "").lower()
        existing = self._menus.get(key)
        if existing is not None:
            return existing
        bar = self._window.menuBar()
        created = QMenu(menus.tr(title), self._window)
        help_menu = self._menus.get("help")
        if help_menu is not None:
            bar.insertMenu(help_menu.menuAction(), created)
        else:
            bar.addMenu(created)
        self._menus[key] = created
        return created
