"""What run_gui adds around the main window: the first-start status line, the hand-over, the icon."""

from __future__ import annotations

from pathlib import Path

from gui_helpers import gui_settings

from kbdesk.gui import app as app_module
from kbdesk.gui.main_window import MainWindow


def _window(qtbot, articles_dir: Path) -> MainWindow:
    window = MainWindow(gui_settings(articles_dir), load_model=False, watch=False, platform="linux")
    qtbot.addWidget(window)
    window.show()
    return window


def test_first_start_says_what_it_is_doing_until_the_index_is_ready(qtbot, kb_home, articles_dir):
    window = _window(qtbot, articles_dir)
    try:
        app_module.announce_first_index(window)
        count = len(list(articles_dir.rglob("*.md")))
        message = window.statusBar().currentMessage()
        assert f"indexing {count} articles in {articles_dir.name}" in message
        assert "search works as soon as keyword indexing finishes" in message
        window.start()
        qtbot.waitUntil(lambda: window.kb.state.index_open, timeout=20_000)
        qtbot.waitUntil(lambda: window.statusBar().currentMessage() == "", timeout=5_000)
    finally:
        window.shutdown()


def test_no_first_start_line_once_an_index_exists(qtbot, kb_home, articles_dir):
    window = _window(qtbot, articles_dir)
    try:
        window.start()
        qtbot.waitUntil(lambda: window.kb.state.index_open, timeout=20_000)
        window.statusBar().clearMessage()
        app_module.announce_first_index(window)
        assert window.statusBar().currentMessage() == ""
    finally:
        window.shutdown()


def test_handed_over_bundle_reaches_open_bundle(qtbot, kb_home, articles_dir, tmp_path, monkeypatch):
    window = _window(qtbot, articles_dir)
    opened: list[Path] = []
    monkeypatch.setattr(window, "open_bundle", opened.append)
    try:
        window.showMinimized()
        app_module.handed_over(window, [str(tmp_path / "a.kbbundle"), "--ignored-flag"])
        assert opened == [tmp_path / "a.kbbundle"]
        assert not window.isMinimized()
    finally:
        window.shutdown()
