"""What kbdesk knows about this machine."""

from __future__ import annotations

import pytest

from kbdesk.core.machine import detect_platform


@pytest.mark.parametrize(
    "name,expected",
    [("win32", "windows"), ("cygwin", "windows"), ("darwin", "macos"), ("linux", "linux"), ("freebsd14", "linux")],
)
def test_platform_detection(name: str, expected: str) -> None:
    assert detect_platform(name) == expected
