"""The window contract: what a page may ask of the main window, and nothing more.

A *page* is anything that plugs into the main window from its own module: writer mode
(:mod:`.writer`), insights (:mod:`.insights_view`), the agent's bundle view
(:mod:`.bundle_view`), "My requests" (:mod:`.requests_view`), File > Open ticket…
(:mod:`.open_ticket`) and the escalation wizard (:mod:`.escalation_wizard`). Each receives a
:class:`WindowHost`, never the :class:`~kbdesk.gui.main_window.MainWindow` itself, and
each has an ``install(host)`` that registers its actions (:class:`ActionSpec`, by name, in
the window's one action registry: Picard's ``ui/mainwindow/actions.py`` was the model) and
builds its page on first use.

So nobody sets attributes on the window from outside, and nobody reads the window's private
state: what a page needs is a method here. A new need is a new method here (and in
MainWindow), named for what the page wants, not for how the window does it.

What the host offers:

* shared services: :attr:`runner` (background work, :mod:`.tasks`), :attr:`kb` (the index,
  the model, searches, the sources and their syncs), :attr:`recorder` (this session's history),
  :attr:`desks` (the service desks: sending, the outbox's retry timer, :mod:`.desk_service`),
  :attr:`settings` (the settings in effect: the user's overlaid by the organisation's policy),
  :attr:`effective` (the same with the policy's locks and its policy-only keys), :attr:`platform`;
* actions and menus: :meth:`add_action` / :meth:`action`, :meth:`menu`; keys a page handles
  itself (:class:`KeyHelp`, :meth:`add_key_help`) and every shortcut of the window
  (:meth:`key_help`, what Help > Keyboard shortcuts lists);
* pages: :meth:`add_page`, :meth:`page`, :meth:`show_page`, :meth:`show_search_page`;
* telling the person: :meth:`show_status` (errors go through :func:`kbdesk.gui.errors.show_error`);
* the rest of the window: :meth:`open_article`, :meth:`current_query`,
  :meth:`articles_folder`, :attr:`article_issues`, :meth:`note_writer`,
  :meth:`remember_splitter`, :meth:`add_close_guard`, :meth:`add_drop_handler`,
  :meth:`dialog_parent`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMenu, QSplitter, QStyle, QWidget

from ..core.analytics.session import SessionRecorder
from ..core.articles import ArticleIssue
from ..core.settings import Settings
from ..core.sources.policy import Effective
from .tasks import TaskRunner

if TYPE_CHECKING:
    from .desk_service import DeskService
    from .knowledge import KnowledgeBase

#: a shortcut as text ("Ctrl+Shift+W") or one of Qt's platform-dependent standard keys
Shortcut = str | QKeySequence.StandardKey


@dataclass(frozen=True)
class ActionSpec:
    """One entry of the window's action registry: what a menu item or shortcut is, declared once."""

    #: the registry key, unique in the window ("writer", "open-bundle"); tests and pages look actions up by it
    name: str
    #: the menu text, with its mnemonic ("&Writer mode"); text, menu and tip are English, marked
    #: ``QT_TRANSLATE_NOOP("menus", ...)`` and translated by the registry (window_actions.py)
    text: str
    #: the menu it goes into ("&Tools", created before Help when missing); None: a window-wide shortcut only
    menu: str | None = None
    shortcuts: tuple[Shortcut, ...] = ()
    tip: str = ""
    #: where macOS moves it (About, Preferences, Quit); NoRole elsewhere
    role: QAction.MenuRole = QAction.MenuRole.NoRole
    icon: QStyle.StandardPixmap | None = None
    #: checkable actions call their slot with the new state (``toggled``), the others with nothing
    checkable: bool = False
    #: put it at the top of its menu, with a separator after it
    first: bool = False
    #: a separator before it in its menu
    separator_before: bool = False
    #: put it right after this registered action of the same menu ("contact-support"), not at the end
    after: str = ""


@dataclass(frozen=True)
class KeyHelp:
    """A key a page handles itself, not through a registered action (a button's Ctrl+S, the arrows in
    the search field): declared once, listed in Help > Keyboard shortcuts."""

    #: each key (or chord) that does it, in Qt's portable form ("Ctrl+S", "Down", "Alt+Left")
    keys: tuple[str, ...]
    #: what it does ("Save the article")
    what: str
    #: where it works ("Writer mode", "Search field"); the menu's name for a menu action
    where: str


class WindowHost(Protocol):
    """What a page may use of the main window (see the module doc)."""

    @property
    def runner(self) -> TaskRunner: ...

    @property
    def kb(self) -> KnowledgeBase: ...

    @property
    def recorder(self) -> SessionRecorder: ...

    @property
    def desks(self) -> DeskService: ...

    @property
    def settings(self) -> Settings:
        """The settings kbdesk runs with (the user's, overlaid by the policy)."""
        ...

    @property
    def effective(self) -> Effective:
        """The settings in effect with what the policy locks and why (``effective.locked(key)``), and the
        keys only the policy sets (``diagnostics_allowed``, ``keep_categories``)."""
        ...

    @property
    def platform(self) -> str: ...

    # ------------------------------------------------------------ actions and menus
    def add_action(self, spec: ActionSpec, slot: Callable[..., object]) -> QAction:
        """Create the action ``spec`` declares, register it under ``spec.name`` and put it in its menu."""
        ...

    def action(self, name: str) -> QAction:
        """The registered action called ``name`` (KeyError when there is none)."""
        ...

    def menu(self, title: str) -> QMenu:
        """The menu called ``title`` ("&Tools": its English title), created before Help when missing."""
        ...

    def add_key_help(self, *keys: KeyHelp) -> None:
        """Keys a page handles itself (a registered action's shortcuts are known already)."""
        ...

    def key_help(self) -> list[KeyHelp]:
        """Every shortcut of the window: each registered action's, then the keys the pages declared."""
        ...

    # ------------------------------------------------------------ pages
    def add_page(self, name: str, widget: QWidget) -> None:
        """Register a full-window page, shown in place of the search view by :meth:`show_page`."""
        ...

    def page(self, name: str) -> QWidget | None:
        """The page registered as ``name``, or None before it was built."""
        ...

    def show_page(self, name: str) -> None: ...

    def show_search_page(self) -> None: ...

    # ------------------------------------------------------------ the rest of the window
    def show_status(self, text: str, timeout_ms: int = 6000) -> None:
        """A short message in the status bar (gone after ``timeout_ms``; 0 keeps it)."""
        ...

    def open_article(self, article_id: str) -> None:
        """Open an article in the search view's article pane (the caller shows the search page first)."""
        ...

    def current_query(self) -> str:
        """What is in the search field now, stripped."""
        ...

    def articles_folder(self) -> Path:
        """The configured articles folder (the bundled starter articles when none is set)."""
        ...

    @property
    def article_issues(self) -> list[ArticleIssue]:
        """The index's problems with the current articles."""
        ...

    def note_writer(self) -> None:
        """Someone uses writer mode on this computer: article problems show in the status bar from now on."""
        ...

    def remember_splitter(self, name: str, splitter: QSplitter) -> None:
        """Give ``splitter`` its saved sizes now, and save them when the window closes."""
        ...

    def add_close_guard(self, guard: Callable[[], bool]) -> None:
        """``guard()`` is asked before the window closes; False keeps it open (unsaved edits)."""
        ...

    def add_drop_handler(self, suffix: str, handler: Callable[[Path], object]) -> None:
        """A local file ending in ``suffix`` dropped anywhere on the window goes to ``handler``."""
        ...

    def dialog_parent(self) -> QWidget:
        """The widget dialogs and wizards opened for a page belong to (the window)."""
        ...
