"""The analytics store: one SQLite file, opened, migrated, recorded into and read back; see the package doc."""

from __future__ import annotations

import contextlib
import logging
import sqlite3
import threading
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path

from kbdesk.core.analytics.db import (
    BUSY_TIMEOUT_S,
    AnalyticsCorruptError,
    AnalyticsError,
    AnalyticsReadOnlyError,
    CorruptDatabase,
    health_check,
    move_aside,
    readonly_uri,
    transaction,
)
from kbdesk.core.analytics.phrasings import (
    KINDS,
    LONG_READ_S,
    ORIGINS,
    ImportedPhrasing,
    PhrasingRecord,
    Redact,
    delete_for_articles,
    import_phrasings,
    install_id,
    learn_from_escalation,
    learn_from_view,
    read_phrasings,
    redact_phrasing,
    vectors_path,
)
from kbdesk.core.analytics.records import (
    CHECK_PLACES,
    EVENT_TYPES,
    FEEDBACK_REASONS,
    MATCH_STRENGTHS,
    OUTCOMES,
    CheckHitRecord,
    EscalationRecord,
    FeedbackRecord,
    SearchRecord,
    SessionRecord,
    Trail,
    TrailEvent,
    ViewRecord,
    event_sort_key,
    from_row,
    insert,
)
from kbdesk.core.analytics.salvage import SalvageResult, salvage_into
from kbdesk.core.analytics.schema import TABLES_CHILD_FIRST, migrate, target_version
from kbdesk.core.analytics.timestamps import TimeBound, format_ts, normalize_query, parse_ts, to_utc_bound, utc_now
from kbdesk.core.paths import state_paths

log = logging.getLogger(__name__)


def empty_memory_db() -> sqlite3.Connection:
    conn = sqlite3.connect(":memory:", isolation_level=None, check_same_thread=False)
    try:
        migrate(conn)
    except BaseException:
        conn.close()
        raise
    return conn


class AnalyticsStore:
    """The local analytics event log. Create with :meth:`open` (or :meth:`snapshot` to read a copied file)."""

    def __init__(
        self, path: Path, *, enabled: bool, clock: Callable[[], datetime], redact: Redact | None = None
    ) -> None:
        self._path = Path(path)
        self._enabled = enabled
        self._clock = clock
        self._redact = redact or redact_phrasing
        self._lock = threading.RLock()
        self._conn: sqlite3.Connection | None = None
        self._read_only = False
        self._file_version: int | None = None
        self.recovered_from: Path | None = None
        """Where a corrupt database was moved by the last open, if one was."""
        self.salvaged: SalvageResult | None = None
        """What the last open copied out of that corrupt database into the fresh one."""

    # ----------------------------------------------------------------- opening

    @classmethod
    def open(
        cls,
        path: str | Path | None = None,
        enabled: bool = True,
        *,
        clock: Callable[[], datetime] | None = None,
        redact: Redact | None = None,
    ) -> AnalyticsStore:
        """Open (creating or migrating) the analytics database.

        ``enabled=False`` (the "analytics off" setting) touches nothing on disk;
        every ``record_*`` call is then a no-op returning ``0``. ``clock``
        returns the current aware time (for tests); ``redact`` turns a search text
        into a storable phrasing (default :func:`~kbdesk.core.analytics.phrasings.redact_phrasing`).
        Raises :class:`AnalyticsError` when the file cannot be opened (locked, no
        permission, not ours).
        """
        store = cls(
            Path(path) if path is not None else state_paths().analytics_db,
            enabled=enabled,
            clock=clock or utc_now,
            redact=redact,
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
        store = cls(path, enabled=True, clock=utc_now)
        memory: sqlite3.Connection | None = None
        try:
            source = sqlite3.connect(readonly_uri(path), uri=True, timeout=BUSY_TIMEOUT_S)
            try:
                store._file_version = health_check(source)
                memory = sqlite3.connect(":memory:", isolation_level=None, check_same_thread=False)
                source.backup(memory)
            finally:
                source.close()
            if store._file_version < target_version():
                migrate(memory)
        except CorruptDatabase as exc:
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
                except CorruptDatabase as exc:
                    moved = move_aside(self._path, self._clock())
                    self.recovered_from = moved
                    self.salvaged = self._salvage(moved)
                    log.warning(
                        "analytics database was damaged (%s); moved it to %s and copied what could be read "
                        "into a fresh one: %s",
                        exc,
                        moved,
                        self.salvaged.describe() if self.salvaged else "nothing",
                    )
                    self._conn = self._open_file()
            except CorruptDatabase as exc:
                raise AnalyticsError(f"A fresh analytics database at {self._path} is damaged too: {exc}") from None
            except (sqlite3.Error, OSError) as exc:
                raise AnalyticsError(
                    f"Could not open the analytics database {self._path}: {exc}",
                    hint="Another program may be holding it; close it and try again, or turn analytics off.",
                ) from exc

    def _salvage(self, moved: Path) -> SalvageResult | None:
        """Copy what ``moved`` still holds into a fresh file at our path; None (and a fresh start) if it cannot."""
        try:
            return salvage_into(moved, self._path)
        except (sqlite3.Error, OSError) as exc:
            log.warning("analytics: nothing could be copied out of the damaged database (%s)", exc)
            for suffix in ("", "-journal", "-wal", "-shm"):
                with contextlib.suppress(FileNotFoundError):
                    self._path.with_name(self._path.name + suffix).unlink()
            return None

    def _open_file(self) -> sqlite3.Connection:
        conn = sqlite3.connect(self._path, timeout=BUSY_TIMEOUT_S, isolation_level=None, check_same_thread=False)
        try:
            version = health_check(conn)
            self._file_version = version
            target = target_version()
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
                    readonly_uri(self._path),
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
                migrate(conn)
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
                with transaction(conn):
                    return work(conn)
            except sqlite3.IntegrityError as exc:
                # typically an id from before "Clear history"
                log.info("analytics: %s not recorded, it refers to a row that no longer exists (%s)", what, exc)
            except sqlite3.Error as exc:
                log.warning("analytics: could not record %s: %s", what, exc)
            return 0

    def start_session(self, platform: str, app_version: str) -> int:
        """A new support session (one app run or one "new question"); returns its id or 0."""

        def work(conn: sqlite3.Connection) -> int:
            return insert(conn, SessionRecord(0, self._clock(), None, str(platform), str(app_version), None))

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
        match: str | None = None,
    ) -> int:
        """One search as the person saw it. Record it when the query settles, not on every keystroke.

        ``result_count`` defaults to ``len(result_ids)``; pass it when only the
        top ids are kept. ``match`` is how well the best result matched, one of
        :data:`MATCH_STRENGTHS` (None: not known).
        """
        if match is not None and match not in MATCH_STRENGTHS:
            raise ValueError(f"unknown match strength {match!r}; expected one of {', '.join(MATCH_STRENGTHS)}")
        if isinstance(result_ids, str):
            raise ValueError("result_ids must be a sequence of article ids, not a string")
        ids = [str(i) for i in result_ids]
        count = len(ids) if result_count is None else int(result_count)
        if count < 0:
            raise ValueError("result_count cannot be negative")
        if not session_id:
            return 0

        def work(conn: sqlite3.Connection) -> int:
            record = SearchRecord(
                id=0,
                session_id=int(session_id),
                ts=self._clock(),
                query=query,
                mode=str(mode),
                result_ids=tuple(ids),
                result_count=count,
                latency_ms=float(latency_ms) if latency_ms is not None else None,
                semantic_ready=bool(semantic_ready),
                match=match,
            )
            return insert(conn, record, query_norm=normalize_query(query))

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
            record = ViewRecord(
                id=0,
                session_id=int(session_id),
                search_id=int(search_id) if search_id else None,
                article_id=str(article_id),
                opened_at=self._clock(),
                seconds_spent=None,
                rank=int(rank) if rank is not None else None,
            )
            return insert(conn, record)

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
            if seconds >= LONG_READ_S:
                learn_from_view(conn, int(view_id), "read", self._clock(), self._safe_redact)
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
            record = FeedbackRecord(
                id=0,
                session_id=int(session_id),
                view_id=int(view_id) if view_id else None,
                article_id=str(article_id),
                ts=self._clock(),
                helpful=bool(helpful),
                reason=reason,
                comment=comment if comment else None,
            )
            row_id = insert(conn, record)
            _raise_outcome(conn, int(session_id), "solved" if helpful else "not_solved")
            if view_id:
                learn_from_view(conn, int(view_id), "solved" if helpful else "not_helped", record.ts, self._safe_redact)
            return row_id

        return self._write("feedback", work)

    def record_escalation(self, session_id: int, bundle_id: str, summary: str) -> int:
        """The person made an escalation bundle; the session's outcome becomes 'escalated'."""
        if not session_id:
            return 0

        def work(conn: sqlite3.Connection) -> int:
            record = EscalationRecord(0, int(session_id), self._clock(), str(bundle_id), str(summary or ""))
            row_id = insert(conn, record)
            _raise_outcome(conn, int(session_id), "escalated")
            learn_from_escalation(conn, int(session_id), record.ts, self._safe_redact)
            return row_id

        return self._write("escalation", work)

    def record_check_hit(self, session_id: int, article_id: str, check_id: str, place: str) -> int:
        """A check of ``article_id`` fired and was shown at ``place`` (:data:`CHECK_PLACES`). Record it once
        per session and place; insights read whether the article then solved the problem."""
        if place not in CHECK_PLACES:
            raise ValueError(f"unknown place {place!r}; expected one of {', '.join(CHECK_PLACES)}")
        if not session_id:
            return 0

        def work(conn: sqlite3.Connection) -> int:
            record = CheckHitRecord(0, int(session_id), self._clock(), str(article_id), str(check_id), place)
            return insert(conn, record)

        return self._write("check hit", work)

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

    def _safe_redact(self, text: str) -> str | None:
        """The redactor, never raising into the support flow: a text it fails on is not learned."""
        try:
            return self._redact(text)
        except Exception:
            log.warning("analytics: a search text could not be redacted, so it was not learned", exc_info=True)
            return None

    # ----------------------------------------------------------------- learned phrasings

    def import_phrasings(self, phrasings: Sequence[ImportedPhrasing], origin: str) -> tuple[int, int]:
        """Add imported phrasings (``origin`` "history" or "fleet") in one transaction: (new, updated).

        Raises :class:`AnalyticsError` when nothing can be written (history off, read-only, a
        database error): here a person asked for it.
        """
        with self._lock:
            conn = self._writable("import phrasings")
            try:
                with transaction(conn):
                    return import_phrasings(conn, phrasings, origin, self._clock())
            except sqlite3.Error as exc:
                raise AnalyticsError(f"Could not import the phrasings: {exc}") from exc

    def forget_articles(self, article_ids: Sequence[str]) -> int:
        """Delete every phrasing of these articles (deleted or retired); returns how many rows went (0: off)."""
        ids = [str(a) for a in article_ids]
        if not ids:
            return 0
        return self._write("forgetting phrasings", lambda conn: delete_for_articles(conn, ids))

    def phrasings(
        self,
        *,
        kinds: Sequence[str] = KINDS,
        origins: Sequence[str] = ORIGINS,
        article_ids: Sequence[str] | None = None,
    ) -> list[PhrasingRecord]:
        """Learned phrasings (all of them, or of these kinds, origins and articles), oldest first."""
        try:
            with self.reading() as conn:
                return read_phrasings(conn, kinds=kinds, origins=origins, article_ids=article_ids)
        except sqlite3.Error as exc:
            raise AnalyticsError(f"Could not read the learned phrasings: {exc}") from exc

    def install_id(self) -> str:
        """This installation's random id (see :func:`~kbdesk.core.analytics.phrasings.install_id`)."""
        with self._lock:
            conn = self._writable("the installation id")
            try:
                with transaction(conn):
                    return install_id(conn)
            except sqlite3.Error as exc:
                raise AnalyticsError(f"Could not read the installation id: {exc}") from exc

    def _writable(self, what: str) -> sqlite3.Connection:
        if self._read_only:
            raise AnalyticsReadOnlyError(
                f"The history was written by a newer kbdesk; {what} needs to write to it.",
                hint="Update kbdesk.",
            )
        if not self._enabled or self._conn is None:
            raise AnalyticsError(
                f"History is off in the settings, so there is nowhere to keep {what}.",
                hint="Turn history on in File > Settings (or analytics_enabled = true in settings.toml).",
            )
        return self._conn

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
            # copies moved aside as damaged hold history too: "Clear history" means all of it;
            # so do the vectors of learned phrasings
            self._remove_moved_aside_copies()
            self._remove_phrasing_vectors()
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
                with transaction(conn):
                    for table in TABLES_CHILD_FIRST:
                        conn.execute(f"DELETE FROM {table}")
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

    def _remove_phrasing_vectors(self) -> None:
        path = vectors_path(self._path)
        for suffix in ("", "-wal", "-shm", "-journal"):
            try:
                path.with_name(path.name + suffix).unlink()
            except FileNotFoundError:
                pass
            except OSError as exc:
                log.warning("could not delete %s: %s", path.name + suffix, exc)

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
        empty = empty_memory_db()
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
        params: list[object] = []
        if session_id is not None:
            where.append("session_id = ?")
            params.append(int(session_id))
        try:
            with self.reading() as conn:
                sessions_sql = f"SELECT {SessionRecord.columns()} FROM sessions"
                session_where = ["id = ?"] if session_id is not None else []
                session_params: list[object] = [int(session_id)] if session_id is not None else []
                if since_text is not None:
                    session_where.append("(ended_at IS NULL OR ended_at >= ?)")
                    session_params.append(since_text)
                if session_where:
                    sessions_sql += " WHERE " + " AND ".join(session_where)
                sessions = [
                    from_row(SessionRecord, r) for r in conn.execute(sessions_sql + " ORDER BY id", session_params)
                ]

                def select(event_type: type[TrailEvent]) -> list[TrailEvent]:
                    clauses = list(where)
                    values = list(params)
                    if since_text is not None:
                        # the time column: "ts", except a view's "opened_at"
                        ts_column = next(f.column for f in event_type.FIELDS if f.key == "ts")
                        clauses.append(f"{ts_column} >= ?")
                        values.append(since_text)
                    sql = f"SELECT {event_type.columns()} FROM {event_type.TABLE}"
                    if clauses:
                        sql += " WHERE " + " AND ".join(clauses)
                    return [from_row(event_type, r) for r in conn.execute(sql, values).fetchall()]

                events: list[TrailEvent] = []
                for event_type in EVENT_TYPES:
                    events += select(event_type)
        except sqlite3.Error as exc:
            raise AnalyticsError(f"Could not read the analytics history: {exc}") from exc
        events.sort(key=event_sort_key)
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
