"""Local analytics: what people searched, opened, found helpful, and escalated.

Everything stays on this machine, in one SQLite file
(``state_paths().analytics_db``). Nothing is sent anywhere; the escalation
bundle may include a :class:`Trail` of the current session, and the person sees
it before the bundle is written.

Design decisions
----------------
*Schema versions.*  ``PRAGMA user_version`` holds the schema version.
:data:`MIGRATIONS` is an ordered list; migration *n* takes a version *n-1*
database to version *n*, each in its own ``BEGIN IMMEDIATE`` transaction (so two
processes opening an old file at once migrate it exactly once). To change the
schema, append a :class:`Migration`; never edit a released one. Prefer additive
changes (new tables, new nullable columns) so that an older kbdesk can still
read a newer file.

*A file from a newer kbdesk* (the person downgraded) is opened **read-only**:
nothing in it is changed or lost, reads (trail, insights) work as far as the old
columns allow, every ``record_*`` call is a no-op returning ``0``, and
``clear_history`` raises :class:`AnalyticsReadOnlyError`. ``read_only`` tells the
GUI to say so.

*A corrupt file* (SQLite reports "not a database"/"malformed", or
``PRAGMA quick_check`` is not ``ok``) is renamed to
``analytics.sqlite3.corrupt-<UTC timestamp>`` (with its ``-wal``/``-shm``
files), not deleted, a warning is logged, and a fresh database is created.
``recovered_from`` holds the moved file's path. Only "Clear history"
(:meth:`AnalyticsStore.clear_history`) deletes such copies, since they hold
history too. A *locked* file is not corrupt:
it raises :class:`AnalyticsError` instead.

*Analytics never breaks the support flow.*  ``record_*`` methods raise
``ValueError`` only for invalid arguments (a caller bug, checked even when
analytics is off). A database problem while recording (disk full, locked, an id
that no longer exists because history was cleared) is logged and the call
returns ``0``. ``open``, ``clear_history`` and ``trail`` raise
:class:`AnalyticsError` because there a person asked for something.

*Ids.*  Every record method returns the new row id (> 0), or ``0`` when nothing
was recorded (analytics off, read-only, or a database error). Passing ``0`` as a
session/view id is accepted and does nothing, so the GUI never needs to branch
on the setting. Ids use AUTOINCREMENT so they are never reused after
``clear_history``: a session still open across a clear cannot attach its events
to someone else's later session.

*Threads.*  One connection per store, opened with ``check_same_thread=False``
and guarded by a re-entrant lock: every public method may be called from any
thread, calls are serialized. Other processes (the CLI) share the file safely
through WAL mode and a 5 s busy timeout.

*Time.*  Timestamps are stored as fixed-width UTC text,
``YYYY-MM-DDTHH:MM:SS.mmmZ`` (the format of SQLite's
``strftime('%Y-%m-%dT%H:%M:%fZ')``), so text order is time order and SQLite date
arithmetic works on them. Records carry timezone-aware ``datetime`` values.
"""

from __future__ import annotations

import json
import logging
import sqlite3
import threading
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, date, datetime, time
from pathlib import Path
from typing import Any, Literal

from kbdesk.core.errors import KbdeskError
from kbdesk.core.fsutil import fsync_dir
from kbdesk.core.paths import state_paths

log = logging.getLogger(__name__)

__all__ = [
    "FEEDBACK_REASONS",
    "MIGRATIONS",
    "OUTCOMES",
    "SCHEMA_VERSION",
    "TRAIL_FORMAT_VERSION",
    "AnalyticsCorruptError",
    "AnalyticsError",
    "AnalyticsReadOnlyError",
    "AnalyticsStore",
    "EscalationRecord",
    "FeedbackRecord",
    "Migration",
    "SearchRecord",
    "SessionRecord",
    "Trail",
    "TrailEvent",
    "ViewRecord",
    "format_ts",
    "normalize_query",
    "parse_ts",
    "to_utc_bound",
]

#: why an article did not help; ``None`` is also allowed
FEEDBACK_REASONS: tuple[str, ...] = ("not_related", "didnt_work", "hard_to_follow", "other")
#: session outcomes, weakest first; an outcome only ever moves to a stronger one
OUTCOMES: tuple[str, ...] = ("not_solved", "solved", "escalated")
TRAIL_FORMAT_VERSION = 1
BUSY_TIMEOUT_S = 5.0

Outcome = Literal["solved", "not_solved", "escalated"]


class AnalyticsError(KbdeskError):
    """The analytics database could not be opened, read or cleared."""


class AnalyticsReadOnlyError(AnalyticsError):
    """The analytics database was written by a newer kbdesk and is opened read-only."""


class AnalyticsCorruptError(AnalyticsError):
    """An analytics database given for reading is damaged (the store's own file is moved aside instead)."""


# --------------------------------------------------------------------------- schema


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
MIGRATIONS: tuple[Migration, ...] = (Migration(1, "initial schema", _V1_STATEMENTS),)
SCHEMA_VERSION = MIGRATIONS[-1].version

_TABLES_CHILD_FIRST = ("feedback", "views", "escalations", "searches", "sessions")
_SQLITE_CORRUPT = 11
_SQLITE_NOTADB = 26


def _target_version() -> int:
    # read at call time so tests (and future code) can extend MIGRATIONS
    return MIGRATIONS[-1].version if MIGRATIONS else 0


def _check_migrations(migrations: Sequence[Migration]) -> None:
    for expected, migration in enumerate(migrations, start=1):
        if migration.version != expected:
            raise AssertionError(
                f"analytics migrations must be numbered 1..n in order; got {migration.version} at {expected}"
            )


def _migrate(conn: sqlite3.Connection) -> int:
    """Apply every pending migration; returns the final version."""
    migrations = MIGRATIONS
    _check_migrations(migrations)
    for migration in migrations:
        conn.execute("BEGIN IMMEDIATE")
        try:
            current = conn.execute("PRAGMA user_version").fetchone()[0]
            if current >= migration.version:
                conn.execute("COMMIT")
                continue
            log.info("analytics: migrating schema %d -> %d (%s)", current, migration.version, migration.description)
            for statement in migration.statements:
                conn.execute(statement)
            conn.execute(f"PRAGMA user_version = {int(migration.version)}")
            conn.execute("COMMIT")
        except BaseException:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            raise
    return conn.execute("PRAGMA user_version").fetchone()[0]


# --------------------------------------------------------------------------- time and text


def format_ts(moment: datetime) -> str:
    """UTC, millisecond precision, fixed width: text order is time order."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    moment = moment.astimezone(UTC)
    return f"{moment:%Y-%m-%dT%H:%M:%S}.{moment.microsecond // 1000:03d}Z"


def parse_ts(text: str) -> datetime:
    """Parse a stored or trail timestamp into an aware UTC datetime (naive input means UTC)."""
    moment = datetime.fromisoformat(text)
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC)


TimeBound = datetime | date | str | None


def to_utc_bound(value: TimeBound, *, end: bool = False) -> str | None:
    """Turn a date-range bound into stored-timestamp text.

    A ``datetime`` (naive means UTC) or ISO string is used as is. A plain
    ``date`` means a whole UTC day: as a start bound its midnight, as an end
    bound (``end=True``) the *next* midnight, so ``until=date(2026, 3, 31)``
    includes all of March 31. Ranges are half-open: ``since <= ts < until``.
    """
    if value is None:
        return None
    if isinstance(value, str):
        value = parse_ts(value)
    if isinstance(value, datetime):
        return format_ts(value)
    if isinstance(value, date):
        day = datetime.combine(value, time(0), tzinfo=UTC)
        if end:
            day = datetime.fromordinal(value.toordinal() + 1).replace(tzinfo=UTC)
        return format_ts(day)
    raise TypeError(f"expected a datetime, date or ISO string, not {type(value).__name__}")


def normalize_query(query: str) -> str:
    """The form queries are counted under: lowercased, whitespace collapsed, trimmed."""
    return " ".join(query.casefold().split())


def _utc_now() -> datetime:
    return datetime.now(UTC)


# --------------------------------------------------------------------------- records


def _ts_or_none(value: datetime | None) -> str | None:
    return format_ts(value) if value is not None else None


@dataclass(frozen=True)
class SessionRecord:
    id: int
    started_at: datetime
    ended_at: datetime | None
    platform: str
    app_version: str
    outcome: Outcome | None

    def to_dict(self) -> dict[str, Any]:
        return {
            "session_id": self.id,
            "started_at": format_ts(self.started_at),
            "ended_at": _ts_or_none(self.ended_at),
            "platform": self.platform,
            "app_version": self.app_version,
            "outcome": self.outcome,
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> SessionRecord:
        ended = data.get("ended_at")
        return cls(
            id=int(data["session_id"]),
            started_at=parse_ts(data["started_at"]),
            ended_at=parse_ts(ended) if ended else None,
            platform=str(data.get("platform") or ""),
            app_version=str(data.get("app_version") or ""),
            outcome=data.get("outcome") if data.get("outcome") in OUTCOMES else None,
        )


@dataclass(frozen=True)
class SearchRecord:
    id: int
    session_id: int
    ts: datetime
    query: str
    mode: str
    result_ids: tuple[str, ...]
    result_count: int
    latency_ms: float | None
    semantic_ready: bool

    kind = "search"

    def to_dict(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "ts": format_ts(self.ts),
            "session_id": self.session_id,
            "search_id": self.id,
            "query": self.query,
            "mode": self.mode,
            "result_ids": list(self.result_ids),
            "result_count": self.result_count,
            "latency_ms": self.latency_ms,
            "semantic_ready": self.semantic_ready,
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> SearchRecord:
        ids = tuple(str(i) for i in data.get("result_ids") or ())
        latency = data.get("latency_ms")
        return cls(
            id=int(data.get("search_id") or 0),
            session_id=int(data.get("session_id") or 0),
            ts=parse_ts(data["ts"]),
            query=str(data["query"]),
            mode=str(data.get("mode") or ""),
            result_ids=ids,
            result_count=int(data.get("result_count", len(ids))),
            latency_ms=float(latency) if latency is not None else None,
            semantic_ready=bool(data.get("semantic_ready", False)),
        )


@dataclass(frozen=True)
class ViewRecord:
    id: int
    session_id: int
    search_id: int | None
    article_id: str
    opened_at: datetime
    seconds_spent: float | None
    rank: int | None

    kind = "view"

    @property
    def ts(self) -> datetime:
        return self.opened_at

    def to_dict(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "ts": format_ts(self.opened_at),
            "session_id": self.session_id,
            "view_id": self.id,
            "search_id": self.search_id,
            "article_id": self.article_id,
            "rank": self.rank,
            "seconds_spent": self.seconds_spent,
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> ViewRecord:
        seconds = data.get("seconds_spent")
        rank = data.get("rank")
        search_id = data.get("search_id")
        return cls(
            id=int(data.get("view_id") or 0),
            session_id=int(data.get("session_id") or 0),
            search_id=int(search_id) if search_id is not None else None,
            article_id=str(data["article_id"]),
            opened_at=parse_ts(data["ts"]),
            seconds_spent=float(seconds) if seconds is not None else None,
            rank=int(rank) if rank is not None else None,
        )


@dataclass(frozen=True)
class FeedbackRecord:
    id: int
    session_id: int
    view_id: int | None
    article_id: str
    ts: datetime
    helpful: bool
    reason: str | None
    comment: str | None

    kind = "feedback"

    def to_dict(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "ts": format_ts(self.ts),
            "session_id": self.session_id,
            "feedback_id": self.id,
            "view_id": self.view_id,
            "article_id": self.article_id,
            "helpful": self.helpful,
            "reason": self.reason,
            "comment": self.comment,
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> FeedbackRecord:
        view_id = data.get("view_id")
        reason = data.get("reason")
        return cls(
            id=int(data.get("feedback_id") or 0),
            session_id=int(data.get("session_id") or 0),
            view_id=int(view_id) if view_id is not None else None,
            article_id=str(data["article_id"]),
            ts=parse_ts(data["ts"]),
            helpful=bool(data["helpful"]),
            reason=reason if reason in FEEDBACK_REASONS else None,
            comment=str(data["comment"]) if data.get("comment") is not None else None,
        )


@dataclass(frozen=True)
class EscalationRecord:
    id: int
    session_id: int
    ts: datetime
    bundle_id: str
    summary: str

    kind = "escalation"

    def to_dict(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "ts": format_ts(self.ts),
            "session_id": self.session_id,
            "escalation_id": self.id,
            "bundle_id": self.bundle_id,
            "summary": self.summary,
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> EscalationRecord:
        return cls(
            id=int(data.get("escalation_id") or 0),
            session_id=int(data.get("session_id") or 0),
            ts=parse_ts(data["ts"]),
            bundle_id=str(data.get("bundle_id") or ""),
            summary=str(data.get("summary") or ""),
        )


TrailEvent = SearchRecord | ViewRecord | FeedbackRecord | EscalationRecord
_EVENT_TYPES: dict[str, Callable[[Mapping[str, Any]], TrailEvent]] = {
    "search": SearchRecord.from_dict,
    "view": ViewRecord.from_dict,
    "feedback": FeedbackRecord.from_dict,
    "escalation": EscalationRecord.from_dict,
}
_KIND_ORDER = {"search": 0, "view": 1, "feedback": 2, "escalation": 3}


def _event_sort_key(event: TrailEvent) -> tuple[datetime, int, int]:
    return (event.ts, _KIND_ORDER[event.kind], event.id)


@dataclass(frozen=True)
class Trail:
    """What one person did before asking for help, in time order (for the bundle's trail.json)."""

    sessions: tuple[SessionRecord, ...]
    events: tuple[TrailEvent, ...]
    since: datetime | None = None
    format_version: int = TRAIL_FORMAT_VERSION

    @property
    def searches(self) -> tuple[SearchRecord, ...]:
        return tuple(e for e in self.events if isinstance(e, SearchRecord))

    @property
    def views(self) -> tuple[ViewRecord, ...]:
        return tuple(e for e in self.events if isinstance(e, ViewRecord))

    @property
    def feedback(self) -> tuple[FeedbackRecord, ...]:
        return tuple(e for e in self.events if isinstance(e, FeedbackRecord))

    @property
    def escalations(self) -> tuple[EscalationRecord, ...]:
        return tuple(e for e in self.events if isinstance(e, EscalationRecord))

    def to_dict(self) -> dict[str, Any]:
        return {
            "format": "kbdesk-trail",
            "version": self.format_version,
            "since": _ts_or_none(self.since),
            "sessions": [s.to_dict() for s in self.sessions],
            "events": [e.to_dict() for e in self.events],
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Trail:
        """Read a trail.json dict; unknown keys and event kinds (from newer versions) are skipped.

        Raises ``ValueError`` when the dict is not a trail or an event is malformed.
        """
        if not isinstance(data, Mapping) or not isinstance(data.get("events"), list):
            raise ValueError("not a kbdesk trail: no 'events' list")
        try:
            sessions = tuple(SessionRecord.from_dict(s) for s in data.get("sessions") or ())
            events: list[TrailEvent] = []
            for raw in data["events"]:
                read_event = _EVENT_TYPES.get(str(raw.get("kind"))) if isinstance(raw, Mapping) else None
                if read_event is None:
                    continue
                events.append(read_event(raw))
            since = data.get("since")
            return cls(
                sessions=sessions,
                events=tuple(sorted(events, key=_event_sort_key)),
                since=parse_ts(since) if since else None,
                format_version=int(data.get("version") or TRAIL_FORMAT_VERSION),
            )
        except (KeyError, TypeError, ValueError, AttributeError) as exc:
            raise ValueError(f"malformed kbdesk trail: {exc!r}") from exc


# --------------------------------------------------------------------------- the store


class _Corrupt(Exception):
    pass


def _is_corruption(exc: sqlite3.DatabaseError) -> bool:
    code = getattr(exc, "sqlite_errorcode", None)
    if code is not None:
        return (code & 0xFF) in (_SQLITE_CORRUPT, _SQLITE_NOTADB)
    text = str(exc).lower()
    return "not a database" in text or "malformed" in text


def _health_check(conn: sqlite3.Connection) -> int:
    """Return ``user_version``; raise :class:`_Corrupt` if the file is damaged."""
    try:
        conn.execute("PRAGMA schema_version").fetchone()
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        verdict = conn.execute("PRAGMA quick_check").fetchone()[0]
    except sqlite3.DatabaseError as exc:
        if _is_corruption(exc):
            raise _Corrupt(str(exc)) from exc
        raise
    if verdict != "ok":
        raise _Corrupt(str(verdict))
    return int(version)


def _move_aside(path: Path, now: datetime) -> Path:
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


def _readonly_uri(path: Path) -> str:
    return f"{path.resolve().as_uri()}?mode=ro"


def _empty_memory_db() -> sqlite3.Connection:
    conn = sqlite3.connect(":memory:", isolation_level=None, check_same_thread=False)
    try:
        _migrate(conn)
    except BaseException:
        conn.close()
        raise
    return conn


class AnalyticsStore:
    """The local analytics event log. Create with :meth:`open` (or :meth:`snapshot` to read a copied file)."""

    def __init__(self, path: Path, *, enabled: bool, clock: Callable[[], datetime]) -> None:
        self._path = Path(path)
        self._enabled = enabled
        self._clock = clock
        self._lock = threading.RLock()
        self._conn: sqlite3.Connection | None = None
        self._read_only = False
        self._file_version: int | None = None
        self.recovered_from: Path | None = None
        """Where a corrupt database was moved by the last open, if one was."""

    # ----------------------------------------------------------------- opening

    @classmethod
    def open(
        cls,
        path: str | Path | None = None,
        enabled: bool = True,
        *,
        clock: Callable[[], datetime] | None = None,
    ) -> AnalyticsStore:
        """Open (creating or migrating) the analytics database.

        ``enabled=False`` (the "analytics off" setting) touches nothing on disk;
        every ``record_*`` call is then a no-op returning ``0``. ``clock``
        returns the current aware time (for tests). Raises
        :class:`AnalyticsError` when the file cannot be opened (locked, no
        permission, not ours).
        """
        store = cls(
            Path(path) if path is not None else state_paths().analytics_db, enabled=enabled, clock=clock or _utc_now
        )
        if enabled:
            store._connect()
        return store

    @classmethod
    def snapshot(cls, path: str | Path) -> AnalyticsStore:
        """A read-only in-memory copy of a database file, migrated to the current schema.

        For insights over a file copied from elsewhere: the file itself is never
        changed. Raises :class:`AnalyticsCorruptError` when it is damaged and
        :class:`AnalyticsError` when it cannot be read.
        """
        path = Path(path)
        if not path.is_file():
            raise AnalyticsError(f"No analytics database at {path}", hint="Check the path.")
        store = cls(path, enabled=True, clock=_utc_now)
        memory: sqlite3.Connection | None = None
        try:
            source = sqlite3.connect(_readonly_uri(path), uri=True, timeout=BUSY_TIMEOUT_S)
            try:
                store._file_version = _health_check(source)
                memory = sqlite3.connect(":memory:", isolation_level=None, check_same_thread=False)
                source.backup(memory)
            finally:
                source.close()
            if store._file_version < _target_version():
                _migrate(memory)
        except _Corrupt as exc:
            if memory is not None:
                memory.close()
            raise AnalyticsCorruptError(f"The analytics database {path} is damaged: {exc}") from None
        except sqlite3.Error as exc:
            if memory is not None:
                memory.close()
            raise AnalyticsError(f"Could not read the analytics database {path}: {exc}") from exc
        store._conn = memory
        store._read_only = True
        return store

    def _connect(self) -> None:
        with self._lock:
            if self._conn is not None:
                return
            try:
                self._path.parent.mkdir(parents=True, exist_ok=True)
            except OSError as exc:
                raise AnalyticsError(
                    f"Cannot create the folder for analytics ({self._path.parent}): {exc}",
                    hint="Check the folder's permissions, or turn analytics off in the settings.",
                ) from exc
            try:
                try:
                    self._conn = self._open_file()
                except _Corrupt as exc:
                    moved = _move_aside(self._path, self._clock())
                    self.recovered_from = moved
                    log.warning(
                        "analytics database was damaged (%s); moved it to %s and started a fresh one", exc, moved
                    )
                    self._conn = self._open_file()
            except _Corrupt as exc:
                raise AnalyticsError(f"A fresh analytics database at {self._path} is damaged too: {exc}") from None
            except (sqlite3.Error, OSError) as exc:
                raise AnalyticsError(
                    f"Could not open the analytics database {self._path}: {exc}",
                    hint="Another program may be holding it; close it and try again, or turn analytics off.",
                ) from exc

    def _open_file(self) -> sqlite3.Connection:
        conn = sqlite3.connect(self._path, timeout=BUSY_TIMEOUT_S, isolation_level=None, check_same_thread=False)
        try:
            version = _health_check(conn)
            self._file_version = version
            target = _target_version()
            if version > target:
                conn.close()
                log.warning(
                    "analytics database %s has schema version %d, newer than this kbdesk understands (%d); "
                    "opening it read-only, nothing will be recorded",
                    self._path,
                    version,
                    target,
                )
                conn = sqlite3.connect(
                    _readonly_uri(self._path),
                    uri=True,
                    timeout=BUSY_TIMEOUT_S,
                    isolation_level=None,
                    check_same_thread=False,
                )
                self._read_only = True
                return conn
            self._read_only = False
            mode = conn.execute("PRAGMA journal_mode=WAL").fetchone()[0]
            if str(mode).lower() != "wal":
                log.info("analytics: WAL mode unavailable here, using %s", mode)
            conn.execute("PRAGMA synchronous=NORMAL")
            if version < target:
                _migrate(conn)
            conn.execute("PRAGMA foreign_keys=ON")
            return conn
        except BaseException:
            conn.close()
            raise

    # ----------------------------------------------------------------- state

    @property
    def path(self) -> Path:
        return self._path

    @property
    def enabled(self) -> bool:
        return self._enabled

    @property
    def read_only(self) -> bool:
        """True when the file came from a newer kbdesk (or this is a :meth:`snapshot`)."""
        return self._read_only

    @property
    def recording(self) -> bool:
        """Whether ``record_*`` calls write anything."""
        return self._enabled and self._conn is not None and not self._read_only

    @property
    def file_version(self) -> int | None:
        """The schema version found in the file when it was opened (before migration)."""
        return self._file_version

    def set_enabled(self, enabled: bool) -> None:
        """Follow the "analytics" setting live: off closes the database, on opens it."""
        with self._lock:
            self._enabled = enabled
            if enabled:
                self._connect()
            else:
                self._close_connection()

    def close(self) -> None:
        with self._lock:
            self._close_connection()

    def _close_connection(self) -> None:
        if self._conn is not None:
            try:
                self._conn.close()
            finally:
                self._conn = None

    def __enter__(self) -> AnalyticsStore:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def __repr__(self) -> str:
        state = "recording" if self.recording else ("read-only" if self._read_only else "off")
        return f"<AnalyticsStore {self._path} {state}>"

    # ----------------------------------------------------------------- writing

    def _now(self) -> str:
        return format_ts(self._clock())

    def _write(self, what: str, work: Callable[[sqlite3.Connection], int]) -> int:
        """Run ``work`` in one transaction; never raises for database trouble (see module doc)."""
        with self._lock:
            conn = self._conn
            if conn is None or not self._enabled or self._read_only:
                return 0
            try:
                conn.execute("BEGIN IMMEDIATE")
                try:
                    result = work(conn)
                    conn.execute("COMMIT")
                except BaseException:
                    if conn.in_transaction:
                        conn.execute("ROLLBACK")
                    raise
                return result
            except sqlite3.IntegrityError as exc:
                # typically an id from before "Clear history"
                log.info("analytics: %s not recorded, it refers to a row that no longer exists (%s)", what, exc)
            except sqlite3.Error as exc:
                log.warning("analytics: could not record %s: %s", what, exc)
            return 0

    def start_session(self, platform: str, app_version: str) -> int:
        """A new support session (one app run or one "new question"); returns its id or 0."""

        def work(conn: sqlite3.Connection) -> int:
            cur = conn.execute(
                "INSERT INTO sessions (started_at, platform, app_version) VALUES (?, ?, ?)",
                (self._now(), str(platform), str(app_version)),
            )
            return int(cur.lastrowid or 0)

        return self._write("session start", work)

    def record_search(
        self,
        session_id: int,
        query: str,
        mode: str,
        result_ids: Sequence[str],
        latency_ms: float | None,
        semantic_ready: bool,
        *,
        result_count: int | None = None,
    ) -> int:
        """One search as the person saw it. Record it when the query settles, not on every keystroke.

        ``result_count`` defaults to ``len(result_ids)``; pass it when only the
        top ids are kept.
        """
        if isinstance(result_ids, str):
            raise ValueError("result_ids must be a sequence of article ids, not a string")
        ids = [str(i) for i in result_ids]
        count = len(ids) if result_count is None else int(result_count)
        if count < 0:
            raise ValueError("result_count cannot be negative")
        if not session_id:
            return 0

        def work(conn: sqlite3.Connection) -> int:
            cur = conn.execute(
                "INSERT INTO searches (session_id, ts, query, query_norm, mode, result_ids, result_count,"
                " latency_ms, semantic_ready) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    int(session_id),
                    self._now(),
                    query,
                    normalize_query(query),
                    str(mode),
                    json.dumps(ids),
                    count,
                    float(latency_ms) if latency_ms is not None else None,
                    1 if semantic_ready else 0,
                ),
            )
            return int(cur.lastrowid or 0)

        return self._write("search", work)

    def record_view(
        self, session_id: int, article_id: str, search_id: int | None = None, rank: int | None = None
    ) -> int:
        """An article was opened; ``rank`` is its 1-based position in the results it was opened from."""
        if rank is not None and int(rank) < 1:
            raise ValueError("rank is 1-based (1 = the top result)")
        if not session_id:
            return 0

        def work(conn: sqlite3.Connection) -> int:
            cur = conn.execute(
                "INSERT INTO views (session_id, search_id, article_id, opened_at, rank) VALUES (?, ?, ?, ?, ?)",
                (
                    int(session_id),
                    int(search_id) if search_id else None,
                    str(article_id),
                    self._now(),
                    int(rank) if rank is not None else None,
                ),
            )
            return int(cur.lastrowid or 0)

        return self._write("view", work)

    def finish_view(self, view_id: int, seconds_spent: float) -> None:
        """The article was closed or left; the last call for a view wins."""
        seconds = float(seconds_spent)
        if seconds < 0 or seconds != seconds:
            raise ValueError("seconds_spent must be a non-negative number")
        if not view_id:
            return

        def work(conn: sqlite3.Connection) -> int:
            conn.execute("UPDATE views SET seconds_spent = ? WHERE id = ?", (seconds, int(view_id)))
            return 0

        self._write("view time", work)

    def record_feedback(
        self,
        session_id: int,
        article_id: str,
        helpful: bool,
        reason: str | None = None,
        comment: str | None = None,
        *,
        view_id: int | None = None,
    ) -> int:
        """ "Did this help?" Yes marks the session solved, No marks it not solved (see ``_raise_outcome``).

        ``reason`` is one of :data:`FEEDBACK_REASONS` and only goes with
        ``helpful=False``; anything else raises ``ValueError``.
        """
        if reason is not None and reason not in FEEDBACK_REASONS:
            raise ValueError(
                f"unknown feedback reason {reason!r}; expected one of {', '.join(FEEDBACK_REASONS)} or None"
            )
        if reason is not None and helpful:
            raise ValueError("a feedback reason explains a 'No'; it cannot go with helpful=True")
        if not session_id:
            return 0

        def work(conn: sqlite3.Connection) -> int:
            cur = conn.execute(
                "INSERT INTO feedback (session_id, view_id, article_id, ts, helpful, reason, comment)"
                " VALUES (?, ?, ?, ?, ?, ?, ?)",
                (
                    int(session_id),
                    int(view_id) if view_id else None,
                    str(article_id),
                    self._now(),
                    1 if helpful else 0,
                    reason,
                    comment if comment else None,
                ),
            )
            _raise_outcome(conn, int(session_id), "solved" if helpful else "not_solved")
            return int(cur.lastrowid or 0)

        return self._write("feedback", work)

    def record_escalation(self, session_id: int, bundle_id: str, summary: str) -> int:
        """The person made an escalation bundle; the session's outcome becomes 'escalated'."""
        if not session_id:
            return 0

        def work(conn: sqlite3.Connection) -> int:
            cur = conn.execute(
                "INSERT INTO escalations (session_id, ts, bundle_id, summary) VALUES (?, ?, ?, ?)",
                (int(session_id), self._now(), str(bundle_id), str(summary or "")),
            )
            _raise_outcome(conn, int(session_id), "escalated")
            return int(cur.lastrowid or 0)

        return self._write("escalation", work)

    def end_session(self, session_id: int) -> None:
        """Stamp the end time (only the first call counts). The outcome is left as feedback made it."""
        if not session_id:
            return

        def work(conn: sqlite3.Connection) -> int:
            conn.execute(
                "UPDATE sessions SET ended_at = ? WHERE id = ? AND ended_at IS NULL", (self._now(), int(session_id))
            )
            return 0

        self._write("session end", work)

    def clear_history(self) -> None:
        """Delete every recorded row and VACUUM, so the old data is gone from the file too.

        Works with analytics off as well (the file, if any, is opened briefly).
        Raises :class:`AnalyticsReadOnlyError` for a file from a newer kbdesk
        and :class:`AnalyticsError` when the database cannot be written.
        """
        with self._lock:
            if self._read_only:
                raise AnalyticsReadOnlyError(
                    "The analytics history was written by a newer kbdesk and cannot be cleared by this version.",
                    hint=f"Update kbdesk, or delete {self._path} yourself.",
                )
            # copies moved aside as damaged hold history too: "Clear history" means all of it
            self._remove_moved_aside_copies()
            temporary = False
            if self._conn is None:
                if not self._path.exists():
                    return
                self._connect()
                temporary = True
                if self._read_only:
                    self._close_connection()
                    self._read_only = False
                    raise AnalyticsReadOnlyError(
                        "The analytics history was written by a newer kbdesk and cannot be cleared by this version.",
                        hint=f"Update kbdesk, or delete {self._path} yourself.",
                    )
            conn = self._conn
            assert conn is not None
            try:
                conn.execute("BEGIN IMMEDIATE")
                try:
                    for table in _TABLES_CHILD_FIRST:
                        conn.execute(f"DELETE FROM {table}")
                    conn.execute("COMMIT")
                except BaseException:
                    if conn.in_transaction:
                        conn.execute("ROLLBACK")
                    raise
                conn.execute("VACUUM")
                # the WAL file would otherwise still hold copies of the old pages
                conn.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchall()
                log.info("analytics history cleared")
            except sqlite3.Error as exc:
                raise AnalyticsError(
                    f"Could not clear the analytics history: {exc}",
                    hint="Close other kbdesk windows and try again.",
                ) from exc
            finally:
                if temporary:
                    self._close_connection()

    def _remove_moved_aside_copies(self) -> None:
        for leftover in self._path.parent.glob(f"{self._path.name}.corrupt-*"):
            try:
                leftover.unlink()
            except OSError as exc:
                log.warning("could not delete old analytics copy %s: %s", leftover, exc)

    # ----------------------------------------------------------------- reading

    @contextmanager
    def reading(self) -> Iterator[sqlite3.Connection]:
        """A connection for read-only queries (used by :mod:`kbdesk.core.insights`), holding the lock.

        With analytics off it is an empty in-memory database of the current schema,
        so readers need no special case.
        """
        with self._lock:
            if self._conn is not None:
                yield self._conn
                return
        empty = _empty_memory_db()
        try:
            yield empty
        finally:
            empty.close()

    def trail(self, session_id: int | None = None, since: TimeBound = None) -> Trail:
        """Searches, views (with time spent), feedback and escalations in time order.

        ``session_id`` limits it to one session; ``since`` to events at or after
        that time (a ``date`` means its UTC midnight). Both ``None``: everything.
        """
        since_text = to_utc_bound(since)
        where: list[str] = []
        params: list[Any] = []
        if session_id is not None:
            where.append("session_id = ?")
            params.append(int(session_id))
        try:
            with self.reading() as conn:
                sessions_sql = "SELECT id, started_at, ended_at, platform, app_version, outcome FROM sessions"
                session_where = ["id = ?"] if session_id is not None else []
                session_params: list[Any] = [int(session_id)] if session_id is not None else []
                if since_text is not None:
                    session_where.append("(ended_at IS NULL OR ended_at >= ?)")
                    session_params.append(since_text)
                if session_where:
                    sessions_sql += " WHERE " + " AND ".join(session_where)
                sessions = [_session_from_row(r) for r in conn.execute(sessions_sql + " ORDER BY id", session_params)]

                def select(columns: str, table: str, ts_column: str) -> list[tuple[Any, ...]]:
                    clauses = list(where)
                    values = list(params)
                    if since_text is not None:
                        clauses.append(f"{ts_column} >= ?")
                        values.append(since_text)
                    sql = f"SELECT {columns} FROM {table}"
                    if clauses:
                        sql += " WHERE " + " AND ".join(clauses)
                    return conn.execute(sql, values).fetchall()

                events: list[TrailEvent] = []
                events += [_search_from_row(r) for r in select(_SEARCH_COLUMNS, "searches", "ts")]
                events += [_view_from_row(r) for r in select(_VIEW_COLUMNS, "views", "opened_at")]
                events += [_feedback_from_row(r) for r in select(_FEEDBACK_COLUMNS, "feedback", "ts")]
                events += [_escalation_from_row(r) for r in select(_ESCALATION_COLUMNS, "escalations", "ts")]
        except sqlite3.Error as exc:
            raise AnalyticsError(f"Could not read the analytics history: {exc}") from exc
        events.sort(key=_event_sort_key)
        active = {e.session_id for e in events}
        if since_text is not None:
            sessions = [s for s in sessions if s.id in active or format_ts(s.started_at) >= since_text]
        return Trail(
            sessions=tuple(sessions),
            events=tuple(events),
            since=parse_ts(since_text) if since_text else None,
        )


_OUTCOME_RANK_SQL = "CASE {col} WHEN 'escalated' THEN 3 WHEN 'solved' THEN 2 WHEN 'not_solved' THEN 1 ELSE 0 END"


def _raise_outcome(conn: sqlite3.Connection, session_id: int, outcome: str) -> None:
    """Move a session's outcome up, never down: escalated > solved > not_solved > none.

    So a "Yes" after a "No" solves the session, a "No" after a "Yes" keeps it
    solved, and an escalation wins over everything (the person still needed
    help). A session that does not exist is an IntegrityError, like an insert.
    """
    rank = OUTCOMES.index(outcome) + 1
    cur = conn.execute(
        f"UPDATE sessions SET outcome = ? WHERE id = ? AND {_OUTCOME_RANK_SQL.format(col='outcome')} < ?",
        (outcome, session_id, rank),
    )
    if cur.rowcount == 0 and conn.execute("SELECT 1 FROM sessions WHERE id = ?", (session_id,)).fetchone() is None:
        raise sqlite3.IntegrityError(f"no session {session_id}")


_SEARCH_COLUMNS = "id, session_id, ts, query, mode, result_ids, result_count, latency_ms, semantic_ready"
_VIEW_COLUMNS = "id, session_id, search_id, article_id, opened_at, seconds_spent, rank"
_FEEDBACK_COLUMNS = "id, session_id, view_id, article_id, ts, helpful, reason, comment"
_ESCALATION_COLUMNS = "id, session_id, ts, bundle_id, summary"


def _session_from_row(row: Sequence[Any]) -> SessionRecord:
    return SessionRecord(
        id=row[0],
        started_at=parse_ts(row[1]),
        ended_at=parse_ts(row[2]) if row[2] else None,
        platform=row[3] or "",
        app_version=row[4] or "",
        outcome=row[5],
    )


def _search_from_row(row: Sequence[Any]) -> SearchRecord:
    try:
        ids = tuple(str(i) for i in json.loads(row[5] or "[]"))
    except (ValueError, TypeError):
        ids = ()
    return SearchRecord(
        id=row[0],
        session_id=row[1],
        ts=parse_ts(row[2]),
        query=row[3],
        mode=row[4],
        result_ids=ids,
        result_count=int(row[6]),
        latency_ms=row[7],
        semantic_ready=bool(row[8]),
    )


def _view_from_row(row: Sequence[Any]) -> ViewRecord:
    return ViewRecord(
        id=row[0],
        session_id=row[1],
        search_id=row[2],
        article_id=row[3],
        opened_at=parse_ts(row[4]),
        seconds_spent=row[5],
        rank=row[6],
    )


def _feedback_from_row(row: Sequence[Any]) -> FeedbackRecord:
    return FeedbackRecord(
        id=row[0],
        session_id=row[1],
        view_id=row[2],
        article_id=row[3],
        ts=parse_ts(row[4]),
        helpful=bool(row[5]),
        reason=row[6],
        comment=row[7],
    )


def _escalation_from_row(row: Sequence[Any]) -> EscalationRecord:
    return EscalationRecord(id=row[0], session_id=row[1], ts=parse_ts(row[2]), bundle_id=row[3], summary=row[4])
