"""Shared helpers and the fixture articles of the GUI tests."""

from __future__ import annotations

import sqlite3
import textwrap
from pathlib import Path

from kbdesk.core.paths import state_paths

ARTICLES: dict[str, str] = {
    "printer-offline.md": """\
        ---
        id: printer-offline
        title: Printer shows as offline
        summary: Bring a network printer back online.
        tags: [printing, printer]
        platforms: [windows, macos, linux]
        reviewed: 2026-03-01
        ---
        The printer is **offline** when the computer cannot reach it.

        ## Steps

        1. Turn the printer off and on.
        2. Clear the print queue:

        ```bash
        cancel -a
        ```

        See also [the spooler article](print-spooler.md) and [jobs](kbdesk:article/print-spooler).
        """,
    "print-spooler.md": """\
        ---
        id: print-spooler
        title: Print jobs stuck in the queue
        summary: Restart the print spooler when jobs do not print.
        tags: [printing, queue]
        platforms: [windows, linux]
        ---
        Jobs stuck in the print queue usually need the spooler restarted. The printer itself is fine.
        """,
    "wifi-no-internet.md": """\
        ---
        id: wifi-no-internet
        title: Wi-Fi connected but no internet
        summary: Renew the address and flush DNS when pages do not load.
        tags: [network, wifi]
        platforms: [windows, macos, linux]
        ---
        Connected to Wi-Fi but websites do not load. Renew the IP address and flush the DNS cache.
        """,
    "mac-only.md": """\
        ---
        id: mac-keychain
        title: Keychain keeps asking for the password
        summary: Repair the login keychain on a Mac.
        tags: [macos, password]
        platforms: [macos]
        ---
        The keychain password prompt appears again and again after a password change.
        """,
    "links.md": """\
        ---
        id: risky-links
        title: Article with risky links
        summary: Links and images the viewer must not follow on its own.
        tags: [testing]
        ---
        Click [run me](javascript:alert(1)) or [local file](file:///etc/passwd) or [site](https://example.com/help).

        ![remote picture](http://example.com/tracker.png)

        ![local picture](pic.png)
        """,
}


def write_article(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.write_text(textwrap.dedent(text), "utf-8")
    return path


def type_query(qtbot, window, text: str) -> None:
    window.search_edit.setFocus()
    window.search_edit.clear()
    qtbot.keyClicks(window.search_edit, text)


def wait_results(qtbot, window, query: str, timeout: int = 10_000):
    """Wait until the response for ``query`` is on screen; returns it."""

    def shown() -> bool:
        response = window._response
        return response is not None and response.query == query.strip()

    qtbot.waitUntil(shown, timeout=timeout)
    return window._response


def db_rows(sql: str) -> list[tuple]:
    path = state_paths().analytics_db
    if not path.exists():
        return []
    conn = sqlite3.connect(path)
    try:
        return conn.execute(sql).fetchall()
    finally:
        conn.close()
