"""What the store keeps, as frozen records, and the trail that goes into an escalation bundle.

Each record declares its fields once (:class:`Field`: attribute, trail.json key,
SQLite column, codec); :func:`to_dict`, :func:`from_dict`, :func:`from_row` and
:func:`insert` all follow that one declaration. A new column is one ``Field`` in
one tuple (and a migration in ``schema.py``).

Reading trail.json (a dict from a bundle, possibly from a newer kbdesk): unknown
keys and event kinds are skipped; a record without one of its ``required``
keys, or with a value of the wrong type, makes :meth:`Trail.from_dict` raise
``ValueError``.
"""

from __future__ import annotations

import dataclasses
import json
import sqlite3
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import ClassVar, Literal, Self, TypeVar

from kbdesk.core.analytics.timestamps import format_ts, parse_ts

#: why an article did not help; ``None`` is also allowed
FEEDBACK_REASONS: tuple[str, ...] = ("not_related", "didnt_work", "hard_to_follow", "other")
#: session outcomes, weakest first; an outcome only ever moves to a stronger one
OUTCOMES: tuple[str, ...] = ("not_solved", "solved", "escalated")
#: how well a search's best result matched (kbdesk/core/search/strength.py); "none": nothing found
MATCH_STRENGTHS: tuple[str, ...] = ("strong", "weak", "none")
#: where a check that fired was shown: the banner above the results, or the escalation wizard's first page
CHECK_PLACES: tuple[str, ...] = ("banner", "wizard")
TRAIL_FORMAT_VERSION = 1

Outcome = Literal["solved", "not_solved", "escalated"]

#: what a SQLite column or a JSON value holds before a codec reads it
Raw = object


@dataclass(frozen=True)
class Codec:
    """How one kind of value is written to trail.json and read back from it and from SQLite."""

    to_json: Callable[[object], object]
    from_json: Callable[[Raw], object]
    from_sql: Callable[[Raw], object]
    to_sql: Callable[[object], object]


def _same(value: object) -> object:
    return value


# Values read from trail.json are whatever a stranger's JSON holds: int() and float() of the
# wrong type raise TypeError or ValueError, which Trail.from_dict reports as a malformed trail.
def _int(raw: Raw) -> int:
    return int(raw)  # type: ignore[call-overload,no-any-return]


def _int_or_zero(raw: Raw) -> int:
    return _int(raw or 0)


def _opt_int(raw: Raw) -> int | None:
    return _int(raw) if raw is not None else None


def _opt_float(raw: Raw) -> float | None:
    return float(raw) if raw is not None else None  # type: ignore[arg-type]


def _text_or_empty(raw: Raw) -> str:
    return str(raw or "")


def _sql_text_or_empty(raw: Raw) -> object:
    return raw or ""


def _opt_text(raw: Raw) -> str | None:
    return str(raw) if raw is not None else None


def _one_or_zero(value: object) -> int:
    return 1 if value else 0


def _ts_json(value: object) -> object:
    if not isinstance(value, datetime):
        raise TypeError(f"expected a datetime, not {type(value).__name__}")
    return format_ts(value)


def _opt_ts_json(value: object) -> object:
    return _ts_json(value) if value is not None else None


def _parse(raw: Raw) -> datetime:
    if not isinstance(raw, str):
        raise TypeError(f"a time must be text, not {type(raw).__name__}")
    return parse_ts(raw)


def _opt_parse(raw: Raw) -> datetime | None:
    return _parse(raw) if raw else None


def _ids(raw: Raw) -> tuple[str, ...]:
    if not raw:
        return ()
    return tuple(str(i) for i in raw)  # type: ignore[attr-defined]  # not iterable: TypeError, a malformed trail


def _ids_to_json(value: object) -> object:
    return list(_ids(value))


def _ids_to_sql(value: object) -> object:
    return json.dumps(list(_ids(value)))


def _ids_from_sql(raw: Raw) -> tuple[str, ...]:
    try:
        return _ids(json.loads(raw or "[]"))  # type: ignore[arg-type]
    except (ValueError, TypeError):
        return ()


def _choice(values: tuple[str, ...]) -> Callable[[Raw], object]:
    return lambda raw: raw if raw in values else None


ID = Codec(_same, _int_or_zero, _same, _same)
INT = Codec(_same, _int, _same, _same)
OPT_INT = Codec(_same, _opt_int, _same, _same)
OPT_FLOAT = Codec(_same, _opt_float, _same, _same)
TEXT = Codec(_same, str, _same, _same)
TEXT_OR_EMPTY = Codec(_same, _text_or_empty, _sql_text_or_empty, _same)
OPT_TEXT = Codec(_same, _opt_text, _same, _same)
BOOL = Codec(_same, bool, bool, _one_or_zero)
TS = Codec(_ts_json, _parse, _parse, _ts_json)
OPT_TS = Codec(_opt_ts_json, _opt_parse, _opt_parse, _opt_ts_json)
IDS = Codec(_ids_to_json, _ids, _ids_from_sql, _ids_to_sql)
REASON = Codec(_same, _choice(FEEDBACK_REASONS), _same, _same)
OUTCOME = Codec(_same, _choice(OUTCOMES), _same, _same)
MATCH = Codec(_same, _choice(MATCH_STRENGTHS), _same, _same)
PLACE = Codec(_same, _choice(CHECK_PLACES), _same, _same)


@dataclass(frozen=True)
class Field:
    """One attribute of a record: its trail.json key, its SQLite column and how values convert."""

    attr: str
    key: str
    column: str
    codec: Codec
    #: trail.json must have the key (reading raises without it); otherwise a missing key reads as None
    required: bool = False


class Record:
    """Base of the stored records: the table they live in and their fields, in trail.json key order."""

    TABLE: ClassVar[str]
    FIELDS: ClassVar[tuple[Field, ...]]
    #: the event kind in trail.json ("" for sessions, which are not events)
    kind: ClassVar[str] = ""

    @classmethod
    def columns(cls) -> str:
        return ", ".join(f.column for f in cls.FIELDS)

    def to_dict(self) -> dict[str, object]:
        return to_dict(self)

    @classmethod
    def from_dict(cls, data: Mapping[str, object]) -> Self:
        return from_dict(cls, data)


R = TypeVar("R", bound=Record)


def to_dict(record: Record) -> dict[str, object]:
    """The record as trail.json has it (events carry their ``kind`` first)."""
    out: dict[str, object] = {"kind": record.kind} if record.kind else {}
    for f in record.FIELDS:
        out[f.key] = f.codec.to_json(getattr(record, f.attr))
    return out


def from_dict(cls: type[R], data: Mapping[str, object]) -> R:
    values = {f.attr: f.codec.from_json(data[f.key] if f.required else data.get(f.key)) for f in cls.FIELDS}
    return cls(**values)


def from_row(cls: type[R], row: Sequence[object]) -> R:
    """A record from a ``SELECT {cls.columns()}`` row."""
    return cls(**{f.attr: f.codec.from_sql(value) for f, value in zip(cls.FIELDS, row, strict=True)})


def insert(conn: sqlite3.Connection, record: Record, **extra: object) -> int:
    """INSERT the record (its id is left to AUTOINCREMENT) plus ``extra`` columns; returns the new id."""
    fields = [f for f in record.FIELDS if f.column != "id"]
    columns = [f.column for f in fields] + list(extra)
    values = [f.codec.to_sql(getattr(record, f.attr)) for f in fields] + list(extra.values())
    placeholders = ", ".join("?" for _ in columns)
    cur = conn.execute(f"INSERT INTO {record.TABLE} ({', '.join(columns)}) VALUES ({placeholders})", values)
    return int(cur.lastrowid or 0)


@dataclass(frozen=True)
class SessionRecord(Record):
    id: int
    started_at: datetime
    ended_at: datetime | None
    platform: str
    app_version: str
    outcome: Outcome | None

    TABLE: ClassVar[str] = "sessions"
    FIELDS: ClassVar[tuple[Field, ...]] = (
        Field("id", "session_id", "id", INT, required=True),
        Field("started_at", "started_at", "started_at", TS, required=True),
        Field("ended_at", "ended_at", "ended_at", OPT_TS),
        Field("platform", "platform", "platform", TEXT_OR_EMPTY),
        Field("app_version", "app_version", "app_version", TEXT_OR_EMPTY),
        Field("outcome", "outcome", "outcome", OUTCOME),
    )


@dataclass(frozen=True)
class SearchRecord(Record):
    id: int
    session_id: int
    ts: datetime
    query: str
    mode: str
    result_ids: tuple[str, ...]
    result_count: int
    latency_ms: float | None
    semantic_ready: bool
    #: how well the best result matched (``MATCH_STRENGTHS``); None when not recorded (schema 1, older trails)
    match: str | None = None

    kind: ClassVar[str] = "search"
    TABLE: ClassVar[str] = "searches"
    FIELDS: ClassVar[tuple[Field, ...]] = (
        Field("ts", "ts", "ts", TS, required=True),
        Field("session_id", "session_id", "session_id", ID),
        Field("id", "search_id", "id", ID),
        Field("query", "query", "query", TEXT, required=True),
        Field("mode", "mode", "mode", TEXT_OR_EMPTY),
        Field("result_ids", "result_ids", "result_ids", IDS),
        Field("result_count", "result_count", "result_count", OPT_INT),
        Field("latency_ms", "latency_ms", "latency_ms", OPT_FLOAT),
        Field("semantic_ready", "semantic_ready", "semantic_ready", BOOL),
        Field("match", "match", "match_strength", MATCH),
    )

    @property
    def content_gap(self) -> bool:
        """Nothing matched well: the search itself says an article is missing."""
        return self.match in ("weak", "none")

    @classmethod
    def from_dict(cls, data: Mapping[str, object]) -> Self:
        record = from_dict(cls, data)
        if "result_count" not in data:  # older writers: the count is the ids'
            record = _replace(record, result_count=len(record.result_ids))
        elif data["result_count"] is None:
            raise TypeError("result_count is null")
        return record


@dataclass(frozen=True)
class ViewRecord(Record):
    id: int
    session_id: int
    search_id: int | None
    article_id: str
    opened_at: datetime
    seconds_spent: float | None
    rank: int | None

    kind: ClassVar[str] = "view"
    TABLE: ClassVar[str] = "views"
    FIELDS: ClassVar[tuple[Field, ...]] = (
        Field("opened_at", "ts", "opened_at", TS, required=True),
        Field("session_id", "session_id", "session_id", ID),
        Field("id", "view_id", "id", ID),
        Field("search_id", "search_id", "search_id", OPT_INT),
        Field("article_id", "article_id", "article_id", TEXT, required=True),
        Field("rank", "rank", "rank", OPT_INT),
        Field("seconds_spent", "seconds_spent", "seconds_spent", OPT_FLOAT),
    )

    @property
    def ts(self) -> datetime:
        return self.opened_at


@dataclass(frozen=True)
class FeedbackRecord(Record):
    id: int
    session_id: int
    view_id: int | None
    article_id: str
    ts: datetime
    helpful: bool
    reason: str | None
    comment: str | None

    kind: ClassVar[str] = "feedback"
    TABLE: ClassVar[str] = "feedback"
    FIELDS: ClassVar[tuple[Field, ...]] = (
        Field("ts", "ts", "ts", TS, required=True),
        Field("session_id", "session_id", "session_id", ID),
        Field("id", "feedback_id", "id", ID),
        Field("view_id", "view_id", "view_id", OPT_INT),
        Field("article_id", "article_id", "article_id", TEXT, required=True),
        Field("helpful", "helpful", "helpful", BOOL, required=True),
        Field("reason", "reason", "reason", REASON),
        Field("comment", "comment", "comment", OPT_TEXT),
    )


@dataclass(frozen=True)
class EscalationRecord(Record):
    id: int
    session_id: int
    ts: datetime
    bundle_id: str
    summary: str

    kind: ClassVar[str] = "escalation"
    TABLE: ClassVar[str] = "escalations"
    FIELDS: ClassVar[tuple[Field, ...]] = (
        Field("ts", "ts", "ts", TS, required=True),
        Field("session_id", "session_id", "session_id", ID),
        Field("id", "escalation_id", "id", ID),
        Field("bundle_id", "bundle_id", "bundle_id", TEXT_OR_EMPTY),
        Field("summary", "summary", "summary", TEXT_OR_EMPTY),
    )


@dataclass(frozen=True)
class CheckHitRecord(Record):
    """A check of an article fired and was shown (``place``). Not a trail event: the bundle carries
    what fired in diagnostics/checks.json instead."""

    id: int
    session_id: int
    ts: datetime
    article_id: str
    check_id: str
    place: str

    kind: ClassVar[str] = "check"
    TABLE: ClassVar[str] = "check_hits"
    FIELDS: ClassVar[tuple[Field, ...]] = (
        Field("ts", "ts", "ts", TS, required=True),
        Field("session_id", "session_id", "session_id", ID),
        Field("id", "check_hit_id", "id", ID),
        Field("article_id", "article_id", "article_id", TEXT, required=True),
        Field("check_id", "check_id", "check_id", TEXT, required=True),
        Field("place", "place", "place", PLACE),
    )


def _replace(record: R, **changes: object) -> R:
    return dataclasses.replace(record, **changes)  # type: ignore[type-var]


TrailEvent = SearchRecord | ViewRecord | FeedbackRecord | EscalationRecord
#: every event kind, in the order events with the same time are listed
EVENT_TYPES: tuple[type[TrailEvent], ...] = (SearchRecord, ViewRecord, FeedbackRecord, EscalationRecord)
_BY_KIND: dict[str, type[TrailEvent]] = {t.kind: t for t in EVENT_TYPES}
_KIND_ORDER = {t.kind: i for i, t in enumerate(EVENT_TYPES)}


def event_sort_key(event: TrailEvent) -> tuple[datetime, int, int]:
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

    def to_dict(self) -> dict[str, object]:
        """trail.json: the JSON edge; everywhere else a Trail travels as itself."""
        return {
            "format": "kbdesk-trail",
            "version": self.format_version,
            "since": format_ts(self.since) if self.since is not None else None,
            "sessions": [to_dict(s) for s in self.sessions],
            "events": [to_dict(e) for e in self.events],
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, object]) -> Trail:
        """Read a trail.json dict; unknown keys and event kinds (from newer versions) are skipped.

        Raises ``ValueError`` when the dict is not a trail or an event is malformed.
        """
        if not isinstance(data, Mapping) or not isinstance(data.get("events"), list):
            raise ValueError("not a kbdesk trail: no 'events' list")
        try:
            sessions = tuple(SessionRecord.from_dict(s) for s in data.get("sessions") or ())  # type: ignore[attr-defined]
            events: list[TrailEvent] = []
            for raw in data["events"]:  # type: ignore[attr-defined]
                event_type = _BY_KIND.get(str(raw.get("kind"))) if isinstance(raw, Mapping) else None
                if event_type is None:
                    continue
                events.append(event_type.from_dict(raw))
            since = data.get("since")
            return cls(
                sessions=sessions,
                events=tuple(sorted(events, key=event_sort_key)),
                since=parse_ts(since) if since else None,  # type: ignore[arg-type]
                format_version=int(data.get("version") or TRAIL_FORMAT_VERSION),  # type: ignore[call-overload]
            )
        except (KeyError, TypeError, ValueError, AttributeError) as exc:
            raise ValueError(f"malformed kbdesk trail: {exc!r}") from exc
