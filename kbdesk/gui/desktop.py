"""The one door to the desktop's programs (browser, mail program, file manager).

What kbdesk knows about the machine itself (the platform name articles use) is Qt-free and
lives in :mod:`kbdesk.core.machine`, where the CLI needs it too.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QUrl
from PySide6.QtGui import QDesktopServices

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


def is_web_address(url: str) -> bool:
    """Whether ``url`` is a web page (http or https): the only links from a desk or a state file that
    go to the browser (a ``file:`` or ``javascript:`` link from a desk's answer never does)."""
    return bool(url) and QUrl(url).scheme().lower() in ("http", "https")
