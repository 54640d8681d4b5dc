"""Helpers of the GUI tests (the fixture articles are in tests/fixture_articles.py)."""

from __future__ import annotations

import sqlite3

from fixture_articles import GUI_ARTICLES as ARTICLES
from fixture_articles import write_article

from kbdesk.core.paths import state_paths
from kbdesk.core.settings import Settings

__all__ = [
    "ARTICLES",
    "db_rows",
    "deliver_posted_events",
    "gui_settings",
    "type_query",
    "wait_results",
    "write_article",
]


def gui_settings(articles_dir) -> Settings:
    """Settings that serve the fixture folder alone (the starter articles off), as the GUI tests expect."""
    return Settings().with_value("articles_dir", str(articles_dir)).with_value("starter_articles", False)


def deliver_posted_events() -> None:
    """Deliver every event already posted: queued signals (a worker's result) and layout requests.

    For negative checks ("nothing was delivered", "the window did not grow"): what could still
    change the state is an event in the queue, so the check comes after the queue is empty, not
    after a guessed number of milliseconds."""
    from PySide6.QtCore import QCoreApplication

    QCoreApplication.sendPostedEvents()
    QCoreApplication.processEvents()


def type_query(qtbot, window, text: str) -> None:
    window.search_edit.setFocus()
    window.search_edit.clear()
    qtbot.keyClicks(window.search_edit, text)


def wait_results(qtbot, window, query: str, timeout: int = 10_000):
    """Wait until the response for ``query`` is on screen; returns it."""

    def shown() -> bool:
        response = window.response
        return response is not None and response.query == query.strip()

    qtbot.waitUntil(shown, timeout=timeout)
    return window.response


def db_rows(sql: str) -> list[tuple]:
    path = state_paths().analytics_db
    if not path.exists():
        return []
    conn = sqlite3.connect(path)
    try:
        return conn.execute(sql).fetchall()
    finally:
        conn.close()
