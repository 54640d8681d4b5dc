"""Facts about this machine that the GUI needs."""

from __future__ import annotations

import sys


def detect_platform(name: str | None = None) -> str:
    """This OS in the article vocabulary: windows, macos or linux."""
    name = name or sys.platform
    if name.startswith(("win", "cygwin", "msys")):
        return "windows"
    if name == "darwin":
        return "macos"
    return "linux"
