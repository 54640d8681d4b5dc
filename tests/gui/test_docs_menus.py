"""Every menu path the documentation names (*File > Settings… > Articles folder*) exists in the app."""

from __future__ import annotations

import re
from pathlib import Path

from PySide6.QtWidgets import QLabel

from kbdesk.gui.settings_dialog import SettingsDialog

ROOT = Path(__file__).resolve().parents[2]
DOCS = (ROOT / "README.md", ROOT / "docs" / "writing-articles.md", ROOT / "docs" / "desks.md")
#: an italic run (single asterisks, not bold) holding " > "
MENU_PATH = re.compile(r"(?<!\*)\*(?!\*)([A-Z][^*]*? > [^*]+?)(?<!\*)\*(?!\*)")


def _plain(text: str) -> str:
    return text.replace("&", "").rstrip(":").replace("…", "").strip()


def menu_paths() -> list[tuple[str, list[str]]]:
    found = []
    for doc in DOCS:
        text = " ".join(doc.read_text("utf-8").split())  # paths may wrap across lines
        for m in MENU_PATH.finditer(text):
            found.append((doc.name, [part.strip() for part in m.group(1).split(" > ")]))
    return found


def test_the_docs_name_menu_paths_at_all():
    names = {" > ".join(path) for _, path in menu_paths()}
    assert "File > Settings… > Articles folder" in names and "Tools > Writer mode" in names


def test_every_documented_menu_path_exists(make_window):
    window = make_window()
    menus = {_plain(a.menu().title()): a.menu() for a in window.menuBar().actions() if a.menu() is not None}
    dialog = SettingsDialog(window.settings, window, desks=window.desks)
    dialog_labels = {_plain(label.text()) for label in dialog.findChildren(QLabel)}
    dialog_labels |= {_plain(dialog.tabs.tabText(n)) for n in range(dialog.tabs.count())}  # "Service desk"
    wrong = []
    for doc, path in menu_paths():
        menu = menus.get(_plain(path[0]))
        actions = {_plain(a.text()): a for a in menu.actions()} if menu is not None else {}
        if menu is None or _plain(path[1]) not in actions:
            wrong.append(f"{doc}: {' > '.join(path)}")
            continue
        rest = path[2:]
        if rest and not (_plain(path[1]) == "Settings" and all(_plain(p) in dialog_labels for p in rest)):
            wrong.append(f"{doc}: {' > '.join(path)}")
    assert wrong == []
