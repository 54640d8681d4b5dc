"""Saving what can be read from a damaged analytics database.

A file that fails ``PRAGMA quick_check`` often still reads: a damaged index, a bad
page in the free list or at the end of one table leaves every other row intact. So
the store does not start from nothing; it moves the damaged file aside (it is kept:
only "Clear history" deletes it) and copies, table by table and row by row, whatever
SQLite can still read into a fresh database at the original path:

* tables in parent-first order (sessions before the searches that point at them),
  only the columns both schemas have (an older file's rows fit the current schema);
* a table is read in rowid order; when a damaged page stops the scan, the rows after
  it are looked up one id at a time (up to :data:`MAX_PROBES` lookups per table), so
  one bad page costs the rows on that page, not the rest of the table;
* a row the current schema refuses (a CHECK or NOT NULL it breaks) is counted as lost;
* events whose session could not be read get a stand-in session (no platform or
  version, started at its first event), so they stay in the history; a view whose
  search or a rating whose view was lost keeps its row with that link cleared.

The ids stay the same, so AUTOINCREMENT continues after the highest saved id.
"""

from __future__ import annotations

import logging
import sqlite3
from dataclasses import dataclass
from pathlib import Path

from kbdesk.core.analytics.db import readonly_uri, transaction
from kbdesk.core.analytics.schema import TABLES_CHILD_FIRST, migrate

log = logging.getLogger(__name__)

#: ids looked up one by one after a damaged page stops a table scan
MAX_PROBES = 200_000
_CHILD_LINKS = (("views", "search_id", "searches"), ("feedback", "view_id", "views"), ("phrasings", "view_id", "views"))


@dataclass(frozen=True)
class SalvageResult:
    """What was copied out of a damaged database (per table), and what could not be."""

    damaged: Path
    copied: tuple[tuple[str, int], ...]
    lost: tuple[tuple[str, int], ...]

    @property
    def total(self) -> int:
        return sum(n for _, n in self.copied)

    def describe(self) -> str:
        """ "50 searches, 50 views" (tables with rows), or "nothing"."""
        parts = [f"{n} {table}" for table, n in self.copied if n and table != "sessions"]
        return ", ".join(parts) or "nothing"


def _columns(conn: sqlite3.Connection, table: str) -> list[str]:
    return [str(row[1]) for row in conn.execute(f"PRAGMA table_info({table})")]


def _read_rows(source: sqlite3.Connection, table: str, columns: list[str]) -> tuple[list[tuple[object, ...]], int]:
    """The rows SQLite can still read, and how many lookups failed."""
    select = f"SELECT {', '.join(columns)} FROM {table}"
    rows: list[tuple[object, ...]] = []
    last_id = 0
    try:
        for row in source.execute(select + " ORDER BY id"):
            rows.append(tuple(row))
            last_id = int(row[0])
        return rows, 0
    except sqlite3.DatabaseError as exc:
        log.info("analytics salvage: %s stops at id %d (%s); looking up the rest one by one", table, last_id, exc)
    try:
        found = source.execute("SELECT seq FROM sqlite_sequence WHERE name = ?", (table,)).fetchone()
        highest = int(found[0]) if found else last_id + MAX_PROBES
    except sqlite3.DatabaseError:
        highest = last_id + MAX_PROBES
    failed = 0
    for row_id in range(last_id + 1, min(highest, last_id + MAX_PROBES) + 1):
        try:
            row = source.execute(select + " WHERE id = ?", (row_id,)).fetchone()
        except sqlite3.DatabaseError:
            failed += 1
            continue
        if row is not None:
            rows.append(tuple(row))
    return rows, failed


def salvage_into(damaged: Path, target: Path) -> SalvageResult:
    """Copy every readable row of ``damaged`` into a new database at ``target`` (which must not exist)."""
    source = sqlite3.connect(readonly_uri(damaged), uri=True, timeout=5.0)
    fresh = sqlite3.connect(target, isolation_level=None)
    copied: dict[str, int] = {}
    lost: dict[str, int] = {}
    try:
        migrate(fresh)
        for table in reversed(TABLES_CHILD_FIRST):
            try:
                have = set(_columns(source, table))
            except sqlite3.DatabaseError:
                have = set()
            if "id" not in _columns(fresh, table):
                continue  # a key-value table (meta): nothing in it is history
            columns = [c for c in _columns(fresh, table) if c in have]
            if "id" not in columns:
                copied[table] = 0
                continue
            rows, failed = _read_rows(source, table, columns)
            insert = f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({', '.join('?' for _ in columns)})"
            done = 0
            with transaction(fresh):
                for row in rows:
                    try:
                        fresh.execute(insert, row)
                        done += 1
                    except sqlite3.IntegrityError:
                        failed += 1
            copied[table] = done
            lost[table] = failed
        with transaction(fresh):
            _mend_links(fresh)
    finally:
        source.close()
        fresh.close()
    order = list(reversed(TABLES_CHILD_FIRST))
    return SalvageResult(
        damaged=damaged,
        copied=tuple((t, copied[t]) for t in order if t in copied),
        lost=tuple((t, lost[t]) for t in order if lost.get(t)),
    )


def _mend_links(conn: sqlite3.Connection) -> None:
    """Stand-in sessions for orphaned events; links to lost searches or views cleared."""
    for table in ("searches", "views", "feedback", "escalations", "check_hits"):
        when = "opened_at" if table == "views" else "ts"
        conn.execute(
            f"INSERT INTO sessions (id, started_at, platform, app_version) "
            f"SELECT session_id, MIN({when}), '', '' FROM {table} "
            f"WHERE session_id NOT IN (SELECT id FROM sessions) GROUP BY session_id"
        )
    for table, column, parent in _CHILD_LINKS:
        conn.execute(
            f"UPDATE {table} SET {column} = NULL WHERE {column} IS NOT NULL AND {column} NOT IN (SELECT id FROM {parent})"
        )
