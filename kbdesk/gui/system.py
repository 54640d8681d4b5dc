"""Facts about this machine that the GUI needs (they live in the core, where the CLI needs them too),
and the one door to the desktop's programs."""

from __future__ import annotations

import logging

from PySide6.QtCore import QUrl
from PySide6.QtGui import QDesktopServices

from ..core.machine import detect_platform

__all__ = ["detect_platform", "open_with_system"]

log = logging.getLogger(__name__)


def open_with_system(url: QUrl) -> bool:
    """Hand ``url`` to the desktop (browser, mail program, file manager).

    False when nothing took it (no mail program set up, no file manager, a
    minimal or remote session): every caller then says so and offers the
    address or path another way, instead of a button that silently does nothing.
    """
    handled = QDesktopServices.openUrl(url)
    if not handled:
        log.info("no program on this system opened %.200s", url.toString())
    return handled
