"""Help > Keyboard shortcuts lists every shortcut the window really has (kbdesk/gui/shortcuts_view.py)."""

from __future__ import annotations

from gui_helpers import type_query, wait_results
from PySide6.QtGui import QAction, QKeySequence, QShortcut
from PySide6.QtWidgets import QAbstractButton, QPushButton

from kbdesk.gui.bundle_view import BundleView
from kbdesk.gui.insights_view import show_insights
from kbdesk.gui.settings_dialog import SettingsDialog
from kbdesk.gui.shortcuts_view import ShortcutsView, native, show_shortcuts
from kbdesk.gui.writer import show_writer

PORTABLE = QKeySequence.SequenceFormat.PortableText


def real_shortcuts(window) -> dict[str, str]:
    """Every shortcut found in the window's widgets, {key in portable form: what has it}: the actions'
    (menus and window-wide), the QShortcuts', and the buttons' own (their mnemonics left out)."""
    found: dict[str, str] = {}
    for action in window.findChildren(QAction):
        for key in action.shortcuts():
            if not key.isEmpty():
                found[key.toString(PORTABLE)] = f"action {action.text()!r}"
    for shortcut in window.findChildren(QShortcut):
        for key in shortcut.keys():  # noqa: SIM118 - QShortcut.keys(), not a dict
            if not key.isEmpty():
                found[key.toString(PORTABLE)] = f"shortcut {shortcut.objectName()!r}"
    for button in window.findChildren(QAbstractButton):
        key = button.shortcut()
        if not key.isEmpty() and key != QKeySequence.mnemonic(button.text()):
            found[key.toString(PORTABLE)] = f"button {button.text()!r}"
    return found


def unlisted(window, page: ShortcutsView) -> dict[str, str]:
    listed = page.listed_keys()
    return {key: what for key, what in real_shortcuts(window).items() if key not in listed}


def test_every_shortcut_of_every_page_is_listed(qtbot, make_window):
    window = make_window()
    # every page and dialog built, so their widgets' shortcuts exist
    show_writer(window)
    qtbot.waitUntil(lambda: window.page("writer").overview is not None, timeout=20_000)
    show_insights(window)
    BundleView(window).setParent(window.pages)
    dialog = SettingsDialog(window.settings, window)
    type_query(qtbot, window, "printer offline")
    wait_results(qtbot, window, "printer offline")
    window.start_escalation()
    wizard = window.escalation_wizard
    qtbot.waitUntil(lambda: wizard.preview is not None and not wizard.busy, timeout=20_000)

    window.action("shortcuts").trigger()
    page = window.page("shortcuts")
    assert isinstance(page, ShortcutsView) and window.pages.currentWidget() is page
    found = real_shortcuts(window)
    assert "Ctrl+S" in found and "Ctrl+K" in found and "Ctrl+Shift+W" in found  # the scan sees them
    assert unlisted(window, page) == {}
    # each is on the page as a person reads it, beside what it does
    rows = {
        (page.tree.topLevelItem(g).child(r).text(0), page.tree.topLevelItem(g).child(r).text(1))
        for g in range(page.tree.topLevelItemCount())
        for r in range(page.tree.topLevelItem(g).childCount())
    }
    assert (native(("Ctrl+S",)), "Save the article") in rows
    assert any(keys.startswith(native(("Ctrl+K",))) and what == "Search" for keys, what in rows)
    groups = [page.tree.topLevelItem(g).text(0) for g in range(page.tree.topLevelItemCount())]
    assert groups[0] == "Everywhere" and "Writer mode" in groups and "Search field" in groups

    # a shortcut nobody declared is caught: a new QShortcut, a button's own key
    QShortcut(QKeySequence("Ctrl+Alt+J"), window).setObjectName("stray")
    stray_button = QPushButton("Stray", window.page("writer"))
    stray_button.setShortcut("Ctrl+Alt+Y")
    assert unlisted(window, show_shortcuts(window)) == {
        "Ctrl+Alt+J": "shortcut 'stray'",
        "Ctrl+Alt+Y": "button 'Stray'",
    }
    wizard.reject()
    dialog.reject()


def test_f1_opens_the_page_with_the_focus_on_the_list_and_back_returns_to_the_search(qtbot, make_window):
    window = make_window()
    assert QKeySequence(QKeySequence.StandardKey.HelpContents) in window.action("shortcuts").shortcuts()
    assert window.menu("&Help").actions()[0] is window.action("shortcuts")
    window.action("shortcuts").trigger()
    page = window.page("shortcuts")
    qtbot.waitUntil(page.tree.hasFocus)
    assert page.tree.topLevelItemCount() > 3
    window.action("focus-search").trigger()  # Ctrl+K, from any page
    assert window.pages.currentWidget() is window.search_page and window.search_edit.hasFocus()
