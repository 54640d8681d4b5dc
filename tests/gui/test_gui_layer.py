"""What lives in kbdesk/gui: widgets and what drives them. Logic that needs no Qt lives in the core."""

from __future__ import annotations

import ast
from pathlib import Path

import kbdesk.gui

GUI = Path(kbdesk.gui.__file__).parent
#: Qt-free modules that stay in the GUI package, each with its reason at its top
QT_FREE_ALLOWED = {"__init__.py", "window_state.py"}


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text("utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
    return names


def test_every_gui_module_but_the_named_ones_uses_qt():
    qt_free = sorted(
        p.name
        for p in GUI.glob("*.py")
        # a module that words things through gui/i18n.py uses Qt's translator, which the core cannot
        if not any(name.startswith("PySide6") or name == "i18n" for name in _imports(p))
        and p.name not in QT_FREE_ALLOWED
    )
    assert qt_free == [], "Qt-free logic belongs in kbdesk/core (or in QT_FREE_ALLOWED with a reason)"


def test_pages_take_the_window_host_not_the_window():
    """No page module imports the main window; they are given a WindowHost (kbdesk/gui/host.py)."""
    importers = sorted(
        p.name for p in GUI.glob("*.py") if p.name != "app.py" and "main_window" in " ".join(_imports(p))
    )
    assert importers == []
