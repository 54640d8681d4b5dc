"""The one error funnel: how a failure is worded, logged and shown."""

from __future__ import annotations

import errno
import logging

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMessageBox

from kbdesk.core.errors import ArticlesFolderError, UnsafeBundleError
from kbdesk.gui.errors import error_reason, show_error


def test_a_kbdesk_error_says_what_why_and_what_next_and_logs_no_traceback(caplog):
    shown: list[str] = []
    exc = ArticlesFolderError("Articles folder not found: /srv/kb", hint="Choose another folder in Settings.")
    with caplog.at_level(logging.WARNING, logger="kbdesk.gui.errors"):
        text = show_error(None, exc, "Could not open the articles folder", show=shown.append)
    assert text == (
        "Could not open the articles folder: Articles folder not found: /srv/kb. Choose another folder in Settings."
    )
    assert shown == [text]
    (record,) = caplog.records
    assert record.levelno == logging.WARNING and record.exc_info is None


def test_a_message_that_ends_a_sentence_is_not_given_a_second_full_stop():
    shown: list[str] = []
    show_error(None, UnsafeBundleError("the member ../x leaves the bundle."), "Refused", show=shown.append)
    assert shown == ["Refused: the member ../x leaves the bundle."]


def test_an_os_error_uses_the_systems_words_and_the_callers_next_step():
    exc = OSError(errno.ENOSPC, "No space left on device", "/home/a/kb/x.md")
    text = show_error(None, exc, "Could not save x.md", show=lambda _t: None, hint="Your edits are still here.")
    assert text == "Could not save x.md: No space left on device. Your edits are still here."


def test_a_bug_is_logged_with_its_traceback_and_its_text_is_not_shown(caplog):
    try:
        raise ZeroDivisionError("secret value 42 in a message")
    except ZeroDivisionError as exc:
        with caplog.at_level(logging.ERROR, logger="kbdesk.gui.errors"):
            text = show_error(None, exc, "Search failed", show=lambda _t: None)
    assert text == "Search failed: unexpected error (ZeroDivisionError); see the log."
    assert "secret" not in text
    (record,) = caplog.records
    assert record.levelno == logging.ERROR and record.exc_info is not None
    assert error_reason(ZeroDivisionError()) == "unexpected error (ZeroDivisionError); see the log"


def test_without_a_place_of_its_own_the_error_is_a_warning_box(qtbot):
    seen: list[tuple[str, str]] = []

    def read_and_close() -> None:
        box = QApplication.activeModalWidget()
        assert isinstance(box, QMessageBox)
        seen.append((box.windowTitle(), box.text()))
        box.close()

    QTimer.singleShot(0, read_and_close)
    text = show_error(None, ArticlesFolderError("it is gone"), "Could not clear the history")
    assert seen == [("Could not clear the history", text)]


@pytest.mark.parametrize("what", ["", "x" * 80])
def test_odd_what_still_makes_a_sentence(what):
    text = show_error(None, ArticlesFolderError("gone"), what, show=lambda _t: None)
    assert text.endswith("gone.")
