"""Local analytics: what people searched, opened, found helpful, and escalated.

Everything stays on this machine, in one SQLite file
(``state_paths().analytics_db``). Nothing is sent anywhere; the escalation
bundle may include a :class:`Trail` of the current session, and the person sees
it before the bundle is written.

Where things are::

    schema.py      MIGRATIONS and how they are applied (PRAGMA user_version)
    records.py     SessionRecord, SearchRecord, ViewRecord, FeedbackRecord, EscalationRecord, CheckHitRecord, Trail:
                   each declares its fields once; dict, row and INSERT all follow that declaration
    store.py       AnalyticsStore: opening, recording, clearing, reading the trail
    session.py     SessionRecorder: one app session's recording, in order (the GUI's analytics lane)
    salvage.py     copying what a damaged database still holds into a fresh one
    db.py          the one transaction helper, corruption checks, the errors
    timestamps.py  the stored time format, date-range bounds, normalised queries

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
files), not deleted, and history is never thrown away: every row SQLite can still
read is copied into a fresh database at the original path (``salvage.py``: row by
row, one damaged page costs only its rows). A warning is logged; ``recovered_from``
holds the moved file's path and ``salvaged`` what was copied (the GUI tells the person
once, on the start that found the damage). Only "Clear history"
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

from kbdesk.core.analytics.db import AnalyticsCorruptError, AnalyticsError, AnalyticsReadOnlyError
from kbdesk.core.analytics.records import (
    CHECK_PLACES,
    FEEDBACK_REASONS,
    MATCH_STRENGTHS,
    OUTCOMES,
    TRAIL_FORMAT_VERSION,
    CheckHitRecord,
    EscalationRecord,
    FeedbackRecord,
    Outcome,
    SearchRecord,
    SessionRecord,
    Trail,
    TrailEvent,
    ViewRecord,
)
from kbdesk.core.analytics.schema import MIGRATIONS, SCHEMA_VERSION, Migration
from kbdesk.core.analytics.store import AnalyticsStore
from kbdesk.core.analytics.timestamps import TimeBound, format_ts, normalize_query, parse_ts, to_utc_bound

__all__ = [
    "CHECK_PLACES",
    "FEEDBACK_REASONS",
    "MATCH_STRENGTHS",
    "MIGRATIONS",
    "OUTCOMES",
    "SCHEMA_VERSION",
    "TRAIL_FORMAT_VERSION",
    "AnalyticsCorruptError",
    "AnalyticsError",
    "AnalyticsReadOnlyError",
    "AnalyticsStore",
    "CheckHitRecord",
    "EscalationRecord",
    "FeedbackRecord",
    "Migration",
    "Outcome",
    "SearchRecord",
    "SessionRecord",
    "TimeBound",
    "Trail",
    "TrailEvent",
    "ViewRecord",
    "format_ts",
    "normalize_query",
    "parse_ts",
    "to_utc_bound",
]
