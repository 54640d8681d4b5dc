"""The analytics schema and its migrations: append a Migration to change it, never edit a released one."""

from __future__ import annotations

import logging
import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass

from kbdesk.core.analytics.db import transaction

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Migration:
    """Takes a database from ``version - 1`` to ``version``."""

    version: int
    description: str
    statements: tuple[str, ...]


_V1_STATEMENTS: tuple[str, ...] = (
    """
    CREATE TABLE sessions (
        id          INTEGER PRIMARY KEY AUTOINCREMENT,
        started_at  TEXT NOT NULL,
        ended_at    TEXT,
        platform    TEXT NOT NULL DEFAULT '',
        app_version TEXT NOT NULL DEFAULT '',
        outcome     TEXT CHECK (outcome IS NULL OR outcome IN ('solved', 'not_solved', 'escalated'))
    )
    """,
    """
    CREATE TABLE searches (
        id             INTEGER PRIMARY KEY AUTOINCREMENT,
        session_id     INTEGER NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
        ts             TEXT NOT NULL,
        query          TEXT NOT NULL,
        query_norm     TEXT NOT NULL,
        mode           TEXT NOT NULL,
        result_ids     TEXT NOT NULL DEFAULT '[]',
        result_count   INTEGER NOT NULL,
        latency_ms     REAL,
        semantic_ready INTEGER NOT NULL CHECK (semantic_ready IN (0, 1))
    )
    """,
    """
    CREATE TABLE views (
        id            INTEGER PRIMARY KEY AUTOINCREMENT,
        session_id    INTEGER NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
        search_id     INTEGER REFERENCES searches(id) ON DELETE SET NULL,
        article_id    TEXT NOT NULL,
        opened_at     TEXT NOT NULL,
        seconds_spent REAL,
        rank          INTEGER
    )
    """,
    """
    CREATE TABLE feedback (
        id         INTEGER PRIMARY KEY AUTOINCREMENT,
        session_id INTEGER NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
        view_id    INTEGER REFERENCES views(id) ON DELETE SET NULL,
        article_id TEXT NOT NULL,
        ts         TEXT NOT NULL,
        helpful    INTEGER NOT NULL CHECK (helpful IN (0, 1)),
        reason     TEXT CHECK (reason IS NULL OR reason IN ('not_related', 'didnt_work', 'hard_to_follow', 'other')),
        comment    TEXT
    )
    """,
    """
    CREATE TABLE escalations (
        id         INTEGER PRIMARY KEY AUTOINCREMENT,
        session_id INTEGER NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
        ts         TEXT NOT NULL,
        bundle_id  TEXT NOT NULL,
        summary    TEXT NOT NULL DEFAULT ''
    )
    """,
    # insights: date filters, per-query grouping, "a view soon after this search", per-article counts
    "CREATE INDEX idx_sessions_started ON sessions(started_at)",
    "CREATE INDEX idx_searches_ts ON searches(ts)",
    "CREATE INDEX idx_searches_session_ts ON searches(session_id, ts)",
    "CREATE INDEX idx_searches_query_norm ON searches(query_norm)",
    "CREATE INDEX idx_views_session_opened ON views(session_id, opened_at)",
    "CREATE INDEX idx_views_search ON views(search_id)",
    "CREATE INDEX idx_views_article ON views(article_id)",
    "CREATE INDEX idx_feedback_session ON feedback(session_id)",
    "CREATE INDEX idx_feedback_article ON feedback(article_id)",
    "CREATE INDEX idx_escalations_session ON escalations(session_id)",
)

#: applied in order; the schema version of a database is the last one applied
_V2_STATEMENTS: tuple[str, ...] = (
    # how well the best result matched ("strong", "weak", "none"); additive and nullable, so a kbdesk
    # of schema 1 still reads the file, and searches recorded before it stay NULL
    "ALTER TABLE searches ADD COLUMN match_strength TEXT"
    " CHECK (match_strength IS NULL OR match_strength IN ('strong', 'weak', 'none'))",
)

_V3_STATEMENTS: tuple[str, ...] = (
    # a check of an article fired and kbdesk showed it (kbdesk.core.checks): where, and which check. Whether the
    # suggested article then solved the problem is read from the session's views and feedback after it (insights)
    """
    CREATE TABLE check_hits (
        id         INTEGER PRIMARY KEY AUTOINCREMENT,
        session_id INTEGER NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
        ts         TEXT NOT NULL,
        article_id TEXT NOT NULL,
        check_id   TEXT NOT NULL,
        place      TEXT NOT NULL CHECK (place IN ('banner', 'wizard'))
    )
    """,
    "CREATE INDEX idx_check_hits_session ON check_hits(session_id, ts)",
    "CREATE INDEX idx_check_hits_check ON check_hits(article_id, check_id)",
)

_V4_STATEMENTS: tuple[str, ...] = (
    # learned phrasings (kbdesk/core/analytics/phrasings.py): what was typed before an article
    # helped (or did not), redacted. One row per view for what this machine saw (view_id), one
    # row per (article, phrasing, kind, origin) for imported history and fleet exports.
    """
    CREATE TABLE phrasings (
        id         INTEGER PRIMARY KEY AUTOINCREMENT,
        ts         TEXT NOT NULL,
        article_id TEXT NOT NULL,
        text       TEXT NOT NULL,
        text_norm  TEXT NOT NULL,
        kind       TEXT NOT NULL CHECK (kind IN ('solved', 'read', 'not_helped', 'escalated')),
        origin     TEXT NOT NULL DEFAULT 'local' CHECK (origin IN ('local', 'history', 'fleet')),
        view_id    INTEGER UNIQUE REFERENCES views(id) ON DELETE CASCADE,
        count      INTEGER NOT NULL DEFAULT 1 CHECK (count >= 1),
        machines   INTEGER NOT NULL DEFAULT 1 CHECK (machines >= 1)
    )
    """,
    "CREATE INDEX idx_phrasings_article ON phrasings(article_id)",
    # an imported phrasing is one row however often it is imported
    "CREATE UNIQUE INDEX idx_phrasings_imported ON phrasings(article_id, text_norm, kind, origin)"
    " WHERE view_id IS NULL",
    # small facts about this installation: the random id exports name it by (never a host name)
    "CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)",
)

MIGRATIONS: tuple[Migration, ...] = (
    Migration(1, "initial schema", _V1_STATEMENTS),
    Migration(2, "match strength of each search", _V2_STATEMENTS),
    Migration(3, "checks that fired and where they were shown", _V3_STATEMENTS),
    Migration(4, "learned phrasings and the installation id", _V4_STATEMENTS),
)
SCHEMA_VERSION = MIGRATIONS[-1].version

TABLES_CHILD_FIRST = ("phrasings", "check_hits", "feedback", "views", "escalations", "searches", "sessions", "meta")


def target_version() -> int:
    # read at call time so tests (and future code) can extend MIGRATIONS
    return MIGRATIONS[-1].version if MIGRATIONS else 0


def check_migrations(migrations: Sequence[Migration]) -> None:
    for expected, migration in enumerate(migrations, start=1):
        if migration.version != expected:
            raise AssertionError(
                f"analytics migrations must be numbered 1..n in order; got {migration.version} at {expected}"
            )


def migrate(conn: sqlite3.Connection) -> int:
    """Apply every pending migration; returns the final version."""
    migrations = MIGRATIONS
    check_migrations(migrations)
    for migration in migrations:
        with transaction(conn):
            current = conn.execute("PRAGMA user_version").fetchone()[0]
            if current >= migration.version:
                continue
            log.info("analytics: migrating schema %d -> %d (%s)", current, migration.version, migration.description)
            for statement in migration.statements:
                conn.execute(statement)
            conn.execute(f"PRAGMA user_version = {int(migration.version)}")
    return int(conn.execute("PRAGMA user_version").fetchone()[0])
