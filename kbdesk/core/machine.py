"""Facts about this machine that search and the CLI need (the GUI uses them too)."""

from __future__ import annotations

import sys

#: the platform names articles use in their ``platforms`` list
PLATFORMS = ("windows", "macos", "linux", "android", "ios", "web")


def detect_platform(name: str | None = None) -> str:
    """This OS in the article vocabulary: windows, macos or linux."""
    name = name or sys.platform
    if name.startswith(("win", "cygwin", "msys")):
        return "windows"
    if name == "darwin":
        return "macos"
    return "linux"
