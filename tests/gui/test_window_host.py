"""The window contract (kbdesk/gui/host.py): the action registry, pages, close guards, drops."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QMimeData, QPointF, Qt, QUrl
from PySide6.QtGui import QDropEvent
from PySide6.QtWidgets import QLabel

from kbdesk.gui.host import ActionSpec
from kbdesk.gui.main_window import WINDOW_ACTIONS
from kbdesk.gui.writer import show_writer


def _menu_titles(window) -> list[str]:
    return [a.text() for a in window.menuBar().actions()]


def test_every_action_is_registered_once_under_its_name_in_its_menu(make_window):
    window = make_window()
    for spec in WINDOW_ACTIONS:
        action = window.action(spec.name)
        assert action.text() == spec.text
        if spec.menu is not None:
            assert action in window.menu(spec.menu).actions()
    assert window.action("writer") in window.menu("&Tools").actions()
    assert window.menu("&File").actions()[0] is window.action("open-bundle")
    assert _menu_titles(window) == ["&File", "&Go", "&View", "Hi&story", "&Tools", "&Help"]
    with pytest.raises(ValueError, match="'writer'"):
        window.add_action(ActionSpec("writer", "Again", "&Tools"), lambda: None)
    with pytest.raises(KeyError):
        window.action("no-such-action")


def test_a_page_action_shows_its_page_and_a_new_menu_goes_before_help(qtbot, make_window):
    window = make_window()
    calls: list[bool] = []
    window.add_action(ActionSpec("try-it", "&Try it", "&Extras", ("Ctrl+Shift+Y",)), lambda: calls.append(True))
    assert _menu_titles(window)[-2:] == ["&Extras", "&Help"]
    window.action("try-it").trigger()
    assert calls == [True]
    label = QLabel("a page")
    window.add_page("extra", label)
    assert window.page("extra") is label and window.page("missing") is None
    window.show_page("extra")
    assert window.pages.currentWidget() is label
    window.show_search_page()
    assert window.pages.currentWidget() is window.search_page


def test_a_close_guard_keeps_the_window_open_until_it_agrees(qtbot, make_window):
    window = make_window()
    answers = [False, True]
    window.add_close_guard(lambda: answers.pop(0))
    window.close()
    assert window.isVisible() and answers == [True]  # refused: still open, nothing shut down
    assert window.runner.run(lambda: None) is not None  # the runner still takes work
    window.close()
    assert not window.isVisible() and answers == []


def test_unsaved_writer_edits_are_asked_about_before_the_window_closes(qtbot, make_window):
    window = make_window()
    page = show_writer(window)
    qtbot.waitUntil(lambda: page.overview is not None, timeout=20_000)
    path = page.folder() / "print-spooler.md"
    assert page.select_path(path)
    page.editor.text_edit.appendPlainText("\nA new line.")
    asked: list[bool] = []
    page.editor.confirm_discard = lambda: asked.append(True) or False  # the person keeps editing
    window.close()
    assert asked == [True] and window.isVisible()
    page.editor.confirm_discard = lambda: True
    window.close()
    assert not window.isVisible()


def test_a_dropped_file_goes_to_the_page_that_handles_its_suffix(qtbot, make_window, tmp_path):
    window = make_window()
    got = []
    window.add_drop_handler(".note", got.append)
    mime = QMimeData()
    mime.setUrls([QUrl("https://example.com/a.note"), QUrl.fromLocalFile(str(tmp_path / "b.NOTE"))])
    event = QDropEvent(
        QPointF(5, 5), Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier
    )
    window.dropEvent(event)  # Qt delivers drops only during a real drag, never offscreen
    assert event.isAccepted() and got == [tmp_path / "b.NOTE"]
    other = QMimeData()
    other.setUrls([QUrl.fromLocalFile(str(tmp_path / "c.txt"))])
    ignored = QDropEvent(
        QPointF(5, 5), Qt.DropAction.CopyAction, other, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier
    )
    window.dropEvent(ignored)
    assert not ignored.isAccepted() and got == [tmp_path / "b.NOTE"]
