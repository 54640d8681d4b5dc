"""SQLite plumbing: the one transaction helper, corruption checks, moving a damaged file aside."""

from __future__ import annotations

import logging
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

from kbdesk.core.errors import KbdeskError
from kbdesk.core.fsutil import fsync_dir

log = logging.getLogger(__name__)

BUSY_TIMEOUT_S = 5.0
_SQLITE_CORRUPT = 11
_SQLITE_NOTADB = 26


class AnalyticsError(KbdeskError):
    """The analytics database could not be opened, read or cleared."""


class AnalyticsReadOnlyError(AnalyticsError):
    """The analytics database was written by a newer kbdesk and is opened read-only."""


class AnalyticsCorruptError(AnalyticsError):
    """An analytics database given for reading is damaged (the store's own file is moved aside instead)."""


class CorruptDatabase(Exception):
    """The file is damaged (raised inside the store, which moves the file aside or reports it)."""


@contextmanager
def transaction(conn: sqlite3.Connection) -> Iterator[sqlite3.Connection]:
    """``BEGIN IMMEDIATE`` ... ``COMMIT``, or ``ROLLBACK`` on any exception (which is re-raised).

    IMMEDIATE takes the write lock at the start, so two processes never both read
    and then both write (a migration runs exactly once; the busy timeout waits).
    The connection must be in autocommit mode (``isolation_level=None``).
    """
    conn.execute("BEGIN IMMEDIATE")
    try:
        yield conn
        conn.execute("COMMIT")
    except BaseException:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        raise


def is_corruption(exc: sqlite3.DatabaseError) -> bool:
    code = getattr(exc, "sqlite_errorcode", None)
    if code is not None:
        return (code & 0xFF) in (_SQLITE_CORRUPT, _SQLITE_NOTADB)
    text = str(exc).lower()
    return "not a database" in text or "malformed" in text


def health_check(conn: sqlite3.Connection) -> int:
    """Return ``user_version``; raise :class:`CorruptDatabase` if the file is damaged."""
    try:
        conn.execute("PRAGMA schema_version").fetchone()
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        verdict = conn.execute("PRAGMA quick_check").fetchone()[0]
    except sqlite3.DatabaseError as exc:
        if is_corruption(exc):
            raise CorruptDatabase(str(exc)) from exc
        raise
    if verdict != "ok":
        raise CorruptDatabase(str(verdict))
    return int(version)


def move_aside(path: Path, now: datetime) -> Path:
    stamp = now.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")
    target = path.with_name(f"{path.name}.corrupt-{stamp}")
    counter = 1
    while target.exists():
        target = path.with_name(f"{path.name}.corrupt-{stamp}-{counter}")
        counter += 1
    path.replace(target)
    for suffix in ("-wal", "-shm", "-journal"):
        side = path.with_name(path.name + suffix)
        if side.exists():
            side.replace(target.with_name(target.name + suffix))
    fsync_dir(path.parent)
    return target


def readonly_uri(path: Path) -> str:
    return f"{path.resolve().as_uri()}?mode=ro"
