"""What the analytics say to the people who write articles.

Pure functions over an :class:`~kbdesk.core.analytics.AnalyticsStore` or a
database file (read through an in-memory snapshot, so the file is never
changed). Each returns a frozen report with ``to_csv_rows()`` (header first)
for export; :func:`write_csv` writes one.

Definitions
-----------
*Query*: normalised with :func:`~kbdesk.core.analytics.normalize_query`
(case-folded, whitespace collapsed). Empty queries are ignored.

*Date ranges*: ``since`` / ``until`` are half-open (``since <= t < until``) on
the time of the thing counted: the search for query reports, the view or the
feedback for article reports, the session's start for deflection. A plain
``date`` as ``until`` includes that whole UTC day.

*Zero-result query*: a search that returned no article.

*No-click query*: a search that returned at least one article, after which no
article was opened in the same session within ``window_minutes`` (a view linked
to that search by ``search_id`` also counts as a click, however late).

*Content gap*: a query for which search found no article that matches well
(``match_strength`` weak or none, recorded since analytics schema 2), or
searched in a session whose outcome is ``not_solved`` (the person answered
"No" and never "Yes") or ``escalated``. Ranked by the number of such
sessions; a query repeated within one session counts once. Each session is
counted under one reason, the strongest: escalated, then not solved, then "no
good match" (so the three add up to the sessions).

*Helpfulness*: ``yes / (yes + no)`` over "Did this help?" answers; empty when
nobody answered.

*Deflection*: among sessions with at least one search, the share that were
solved by self-service. A session is deflected when it got a "Yes" and was not
escalated (outcome ``solved``). Sessions without any answer count in the
denominator but not as deflected, so the rate is a lower bound. Sessions are
bucketed by their start (UTC), per day or per ISO week (starting Monday);
periods without searched sessions are left out.

*Checks*: per check of an article (``article-id#check-id``), how often it fired
and was shown (a banner above the results, or the escalation wizard's first
page), in how many sessions, and in how many of those sessions the suggested
article was then opened, answered "Yes" to (*solved*: a helpful answer on that
article at or after the first time it fired in the session) or the session was
escalated. A check that fires often but rarely solves anything is a check (or
an article) to look at.

*Trails* (from escalation bundles): each trail is one escalated case. Its
queries count once per trail in ``sessions`` and once per search in
``searches``.
"""

from __future__ import annotations

import csv
import io
import logging
import os
import sqlite3
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any, ClassVar, Literal

from kbdesk.core.analytics import (
    FEEDBACK_REASONS,
    AnalyticsError,
    AnalyticsStore,
    TimeBound,
    Trail,
    format_ts,
    normalize_query,
    parse_ts,
    to_utc_bound,
)
from kbdesk.core.fsutil import atomic_write_bytes

log = logging.getLogger(__name__)

__all__ = [
    "ArticleStat",
    "ArticleStats",
    "CheckStat",
    "CheckStats",
    "ContentGap",
    "ContentGaps",
    "DeflectionPeriod",
    "DeflectionReport",
    "NoClickQueries",
    "NoClickQuery",
    "QueryCount",
    "TopQueries",
    "TrailInsights",
    "ZeroResultQueries",
    "aggregate_trails",
    "article_stats",
    "check_stats",
    "content_gaps",
    "deflection",
    "no_click_queries",
    "top_queries",
    "write_csv",
    "zero_result_queries",
]

Source = AnalyticsStore | str | os.PathLike[str]
CsvCell = str | int | float
#: a value SQLite hands back (no BLOBs in the analytics tables)
SQLValue = str | int | float | None
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _csv_cell(value: object) -> CsvCell:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float):
        return round(value, 4)
    if isinstance(value, datetime):
        return format_ts(value)
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, str):
        # a typed query like "=HYPERLINK(...)" must not become a live formula in a spreadsheet
        return "'" + value if value.startswith(_FORMULA_STARTS) else value
    if isinstance(value, int | float):
        return value
    return str(value)


class _Report:
    header: ClassVar[tuple[str, ...]]
    rows: tuple[object, ...]

    def _cells(self, row: object) -> tuple[object, ...]:
        return tuple(getattr(row, name) for name in self.header)

    def to_csv_rows(self) -> list[tuple[CsvCell, ...]]:
        """The header, then one row per item; text that a spreadsheet would run as a formula gets a leading '."""
        return [self.header] + [tuple(_csv_cell(c) for c in self._cells(row)) for row in self.rows]


#: any of the reports below (each has ``rows`` and ``to_csv_rows()``)
Report = _Report


def write_csv(report: _Report, path: str | os.PathLike[str]) -> None:
    """Write a report as UTF-8 CSV with a byte-order mark (so spreadsheets detect the encoding)."""
    buffer = io.StringIO()
    csv.writer(buffer).writerows(report.to_csv_rows())
    atomic_write_bytes(Path(path), buffer.getvalue().encode("utf-8-sig"))


# --------------------------------------------------------------------------- reports


@dataclass(frozen=True)
class QueryCount:
    query: str
    searches: int
    sessions: int
    last_seen: datetime | None


@dataclass(frozen=True)
class TopQueries(_Report):
    rows: tuple[QueryCount, ...]
    since: datetime | None = None
    until: datetime | None = None
    header: ClassVar[tuple[str, ...]] = ("query", "searches", "sessions", "last_seen")


@dataclass(frozen=True)
class ZeroResultQueries(_Report):
    rows: tuple[QueryCount, ...]
    since: datetime | None = None
    until: datetime | None = None
    header: ClassVar[tuple[str, ...]] = ("query", "searches", "sessions", "last_seen")


@dataclass(frozen=True)
class NoClickQuery:
    query: str
    searches_with_results: int
    searches_without_click: int

    @property
    def no_click_rate(self) -> float:
        return self.searches_without_click / self.searches_with_results if self.searches_with_results else 0.0


@dataclass(frozen=True)
class NoClickQueries(_Report):
    rows: tuple[NoClickQuery, ...]
    window_minutes: float
    since: datetime | None = None
    until: datetime | None = None
    header: ClassVar[tuple[str, ...]] = ("query", "searches_with_results", "searches_without_click", "no_click_rate")


@dataclass(frozen=True)
class ContentGap:
    query: str
    sessions: int
    not_solved: int
    escalated: int
    #: sessions where search found nothing that matched well, and that were neither escalated nor not solved
    no_good_match: int = 0


@dataclass(frozen=True)
class ContentGaps(_Report):
    rows: tuple[ContentGap, ...]
    since: datetime | None = None
    until: datetime | None = None
    header: ClassVar[tuple[str, ...]] = ("query", "sessions", "not_solved", "escalated", "no_good_match")


@dataclass(frozen=True)
class ArticleStat:
    article_id: str
    views: int
    helpful_yes: int
    helpful_no: int
    avg_seconds: float | None
    not_related: int = 0
    didnt_work: int = 0
    hard_to_follow: int = 0
    other: int = 0

    @property
    def helpfulness(self) -> float | None:
        answers = self.helpful_yes + self.helpful_no
        return self.helpful_yes / answers if answers else None


@dataclass(frozen=True)
class ArticleStats(_Report):
    rows: tuple[ArticleStat, ...]
    since: datetime | None = None
    until: datetime | None = None
    header: ClassVar[tuple[str, ...]] = (
        "article_id",
        "views",
        "helpful_yes",
        "helpful_no",
        "helpfulness",
        "avg_seconds",
        *FEEDBACK_REASONS,
    )


@dataclass(frozen=True)
class CheckStat:
    article_id: str
    check_id: str
    #: times it was shown, and the sessions it was shown in
    fired: int
    sessions: int
    #: sessions where the suggested article was opened / answered "Yes" / the session was escalated, after it fired
    opened: int
    solved: int
    escalated: int

    @property
    def check(self) -> str:
        return f"{self.article_id}#{self.check_id}"

    @property
    def solve_rate(self) -> float | None:
        return self.solved / self.sessions if self.sessions else None


@dataclass(frozen=True)
class CheckStats(_Report):
    rows: tuple[CheckStat, ...]
    since: datetime | None = None
    until: datetime | None = None
    header: ClassVar[tuple[str, ...]] = (
        "check",
        "fired",
        "sessions",
        "opened",
        "solved",
        "escalated",
        "solve_rate",
    )


@dataclass(frozen=True)
class DeflectionPeriod:
    period_start: date
    searched_sessions: int
    deflected: int
    escalated: int
    not_solved: int
    no_answer: int

    @property
    def rate(self) -> float | None:
        return self.deflected / self.searched_sessions if self.searched_sessions else None


@dataclass(frozen=True)
class DeflectionReport(_Report):
    period: Literal["day", "week"]
    rows: tuple[DeflectionPeriod, ...]
    since: datetime | None = None
    until: datetime | None = None
    header: ClassVar[tuple[str, ...]] = (
        "period_start",
        "searched_sessions",
        "deflected",
        "escalated",
        "not_solved",
        "no_answer",
        "rate",
    )

    @property
    def total(self) -> DeflectionPeriod:
        """All periods together (``period_start`` is the first period's, or ``date.min`` when empty)."""
        start = self.rows[0].period_start if self.rows else date.min
        return DeflectionPeriod(
            period_start=start,
            searched_sessions=sum(r.searched_sessions for r in self.rows),
            deflected=sum(r.deflected for r in self.rows),
            escalated=sum(r.escalated for r in self.rows),
            not_solved=sum(r.not_solved for r in self.rows),
            no_answer=sum(r.no_answer for r in self.rows),
        )


@dataclass(frozen=True)
class TrailInsights:
    """Query views over trails from escalation bundles; every trail is one escalated case."""

    trails_read: int
    trails_skipped: int
    top_queries: TopQueries
    zero_result_queries: ZeroResultQueries
    content_gaps: ContentGaps


# --------------------------------------------------------------------------- plumbing


@contextmanager
def _connection(source: Source) -> Iterator[sqlite3.Connection]:
    if isinstance(source, AnalyticsStore):
        with source.reading() as conn:
            yield conn
        return
    store = AnalyticsStore.snapshot(Path(source))
    try:
        with store.reading() as conn:
            yield conn
    finally:
        store.close()


def _query(source: Source, sql: str, params: Iterable[object]) -> list[tuple[SQLValue, ...]]:
    try:
        with _connection(source) as conn:
            rows: list[tuple[SQLValue, ...]] = conn.execute(sql, tuple(params)).fetchall()
            return rows
    except sqlite3.Error as exc:
        raise AnalyticsError(f"Could not read the analytics database: {exc}") from exc


def _text(value: SQLValue) -> str:
    """A text column of a row ("" for NULL)."""
    return "" if value is None else str(value)


def _count(value: SQLValue) -> int:
    """A COUNT(...) or other whole-number column of a row (0 for NULL)."""
    return int(value) if isinstance(value, int | float) else 0


def _range(column: str, since: TimeBound, until: TimeBound) -> tuple[str, list[str]]:
    clauses: list[str] = []
    params: list[str] = []
    low = to_utc_bound(since)
    high = to_utc_bound(until, end=True)
    if low is not None:
        clauses.append(f"{column} >= ?")
        params.append(low)
    if high is not None:
        clauses.append(f"{column} < ?")
        params.append(high)
    return "".join(f" AND {c}" for c in clauses), params


def _bounds(since: TimeBound, until: TimeBound) -> dict[str, datetime | None]:
    low = to_utc_bound(since)
    high = to_utc_bound(until, end=True)
    return {"since": parse_ts(low) if low else None, "until": parse_ts(high) if high else None}


def _limit(limit: int | None) -> int:
    return -1 if limit is None else max(0, int(limit))


# --------------------------------------------------------------------------- from the database


def _query_counts(
    source: Source, extra_where: str, since: TimeBound, until: TimeBound, limit: int | None
) -> tuple[QueryCount, ...]:
    where, params = _range("ts", since, until)
    rows = _query(
        source,
        "SELECT query_norm, COUNT(*), COUNT(DISTINCT session_id), MAX(ts) FROM searches"
        f" WHERE query_norm != ''{extra_where}{where}"
        " GROUP BY query_norm ORDER BY 2 DESC, 3 DESC, 1 LIMIT ?",
        [*params, _limit(limit)],
    )
    return tuple(
        QueryCount(query=_text(q), searches=_count(n), sessions=_count(s), last_seen=parse_ts(_text(last)))
        for q, n, s, last in rows
    )


def search_counts(source: Source, *, since: TimeBound = None, until: TimeBound = None) -> tuple[int, int]:
    """(searches, sessions with a search) recorded in the period."""
    where, params = _range("ts", since, until)
    rows = _query(source, f"SELECT COUNT(*), COUNT(DISTINCT session_id) FROM searches WHERE 1 = 1{where}", params)
    searches, sessions = rows[0] if rows else (0, 0)
    return _count(searches), _count(sessions)


def top_queries(
    source: Source, *, since: TimeBound = None, until: TimeBound = None, limit: int | None = 20
) -> TopQueries:
    """The most searched queries, most first."""
    return TopQueries(rows=_query_counts(source, "", since, until, limit), **_bounds(since, until))


def zero_result_queries(
    source: Source, *, since: TimeBound = None, until: TimeBound = None, limit: int | None = 20
) -> ZeroResultQueries:
    """Queries that found nothing: the plainest content gaps."""
    return ZeroResultQueries(
        rows=_query_counts(source, " AND result_count = 0", since, until, limit), **_bounds(since, until)
    )


def no_click_queries(
    source: Source,
    *,
    window_minutes: float = 10,
    since: TimeBound = None,
    until: TimeBound = None,
    limit: int | None = 20,
) -> NoClickQueries:
    """Queries whose results nobody opened (see the module doc), most unclicked searches first."""
    if window_minutes <= 0:
        raise ValueError("window_minutes must be positive")
    where, params = _range("s.ts", since, until)
    rows = _query(
        source,
        "SELECT query_norm, COUNT(*) AS with_results, SUM(clicked = 0) AS no_click FROM ("
        "  SELECT s.query_norm AS query_norm, EXISTS ("
        "    SELECT 1 FROM views v WHERE v.session_id = s.session_id AND ("
        "      v.search_id = s.id OR (v.opened_at >= s.ts"
        "        AND v.opened_at <= strftime('%Y-%m-%dT%H:%M:%fZ', s.ts, ?)))"
        "  ) AS clicked"
        f"  FROM searches s WHERE s.result_count > 0 AND s.query_norm != ''{where}"
        ") GROUP BY query_norm HAVING no_click > 0 ORDER BY no_click DESC, with_results DESC, query_norm LIMIT ?",
        [f"+{float(window_minutes)} minutes", *params, _limit(limit)],
    )
    return NoClickQueries(
        rows=tuple(
            NoClickQuery(query=_text(q), searches_with_results=_count(n), searches_without_click=_count(nc))
            for q, n, nc in rows
        ),
        window_minutes=float(window_minutes),
        **_bounds(since, until),
    )


def content_gaps(
    source: Source, *, since: TimeBound = None, until: TimeBound = None, limit: int | None = 20
) -> ContentGaps:
    """Queries that found no good match, or from sessions that ended "not solved" or escalated,
    by number of such sessions (see the module doc)."""
    where, params = _range("s.ts", since, until)
    rows = _query(
        source,
        "SELECT s.query_norm, COUNT(DISTINCT s.session_id),"
        " COUNT(DISTINCT CASE WHEN ss.outcome = 'not_solved' THEN s.session_id END),"
        " COUNT(DISTINCT CASE WHEN ss.outcome = 'escalated' THEN s.session_id END),"
        " COUNT(DISTINCT CASE WHEN ss.outcome IS NULL OR ss.outcome = 'solved' THEN s.session_id END)"
        " FROM searches s JOIN sessions ss ON ss.id = s.session_id"
        " WHERE (ss.outcome IN ('not_solved', 'escalated') OR s.match_strength IN ('weak', 'none'))"
        f" AND s.query_norm != ''{where}"
        " GROUP BY s.query_norm ORDER BY 2 DESC, 4 DESC, 1 LIMIT ?",
        [*params, _limit(limit)],
    )
    return ContentGaps(
        rows=tuple(
            ContentGap(
                query=_text(q),
                sessions=_count(n),
                not_solved=_count(ns),
                escalated=_count(e),
                no_good_match=_count(weak),
            )
            for q, n, ns, e, weak in rows
        ),
        **_bounds(since, until),
    )


def article_stats(
    source: Source, *, since: TimeBound = None, until: TimeBound = None, limit: int | None = None
) -> ArticleStats:
    """Per article: views, average time spent, "Did this help?" answers and reasons; most viewed first."""
    view_where, view_params = _range("opened_at", since, until)
    feedback_where, feedback_params = _range("ts", since, until)
    reason_sums = ", ".join(f"SUM(reason = '{r}')" for r in FEEDBACK_REASONS)
    try:
        with _connection(source) as conn:
            views = conn.execute(
                f"SELECT article_id, COUNT(*), AVG(seconds_spent) FROM views WHERE 1{view_where} GROUP BY article_id",
                view_params,
            ).fetchall()
            answers = conn.execute(
                f"SELECT article_id, SUM(helpful = 1), SUM(helpful = 0), {reason_sums}"
                f" FROM feedback WHERE 1{feedback_where} GROUP BY article_id",
                feedback_params,
            ).fetchall()
    except sqlite3.Error as exc:
        raise AnalyticsError(f"Could not read the analytics database: {exc}") from exc
    by_article: dict[str, dict[str, Any]] = defaultdict(dict)
    for article_id, count, avg_seconds in views:
        by_article[article_id].update(views=count, avg_seconds=avg_seconds)
    for article_id, yes, no, *reasons in answers:
        entry = by_article[article_id]
        entry.update(helpful_yes=yes or 0, helpful_no=no or 0)
        entry.update({name: n or 0 for name, n in zip(FEEDBACK_REASONS, reasons, strict=True)})
    stats = [
        ArticleStat(
            article_id=article_id,
            views=entry.get("views", 0),
            helpful_yes=entry.get("helpful_yes", 0),
            helpful_no=entry.get("helpful_no", 0),
            avg_seconds=entry.get("avg_seconds"),
            **{name: entry.get(name, 0) for name in FEEDBACK_REASONS},
        )
        for article_id, entry in by_article.items()
    ]
    stats.sort(key=lambda s: (-s.views, -(s.helpful_yes + s.helpful_no), s.article_id))
    if limit is not None:
        stats = stats[: max(0, int(limit))]
    return ArticleStats(rows=tuple(stats), **_bounds(since, until))


def check_stats(
    source: Source, *, since: TimeBound = None, until: TimeBound = None, limit: int | None = None
) -> CheckStats:
    """Per check: how often it fired and whether the article it suggested then solved the problem (module doc)."""
    where, params = _range("h.ts", since, until)
    rows = _query(
        source,
        # the first time each check fired in each session, then what followed it in that session
        "WITH first AS ("
        "  SELECT h.article_id, h.check_id, h.session_id, MIN(h.ts) AS ts, COUNT(*) AS shown"
        f"  FROM check_hits h WHERE 1{where} GROUP BY h.article_id, h.check_id, h.session_id"
        ") SELECT f.article_id, f.check_id, SUM(f.shown), COUNT(*),"
        " SUM(EXISTS (SELECT 1 FROM views v WHERE v.session_id = f.session_id"
        "   AND v.article_id = f.article_id AND v.opened_at >= f.ts)),"
        " SUM(EXISTS (SELECT 1 FROM feedback b WHERE b.session_id = f.session_id"
        "   AND b.article_id = f.article_id AND b.helpful = 1 AND b.ts >= f.ts)),"
        " SUM(ss.outcome = 'escalated')"
        " FROM first f JOIN sessions ss ON ss.id = f.session_id"
        " GROUP BY f.article_id, f.check_id ORDER BY 3 DESC, 4 DESC, 1, 2 LIMIT ?",
        [*params, _limit(limit)],
    )
    return CheckStats(
        rows=tuple(
            CheckStat(
                article_id=_text(a),
                check_id=_text(c),
                fired=_count(n),
                sessions=_count(s),
                opened=_count(o),
                solved=_count(y),
                escalated=_count(e),
            )
            for a, c, n, s, o, y, e in rows
        ),
        **_bounds(since, until),
    )


def _period_start(day: date, period: str) -> date:
    return day - timedelta(days=day.weekday()) if period == "week" else day


def deflection(
    source: Source,
    *,
    period: Literal["day", "week"] = "week",
    since: TimeBound = None,
    until: TimeBound = None,
) -> DeflectionReport:
    """Self-service deflection per day or ISO week (see the module doc for the definition)."""
    if period not in ("day", "week"):
        raise ValueError("period must be 'day' or 'week'")
    where, params = _range("ss.started_at", since, until)
    rows = _query(
        source,
        "SELECT ss.started_at, ss.outcome FROM sessions ss"
        f" WHERE EXISTS (SELECT 1 FROM searches s WHERE s.session_id = ss.id){where}",
        params,
    )
    buckets: dict[date, Counter[str]] = defaultdict(Counter)
    for started_at, outcome in rows:
        buckets[_period_start(parse_ts(_text(started_at)).date(), period)][_text(outcome) or "none"] += 1
    periods = tuple(
        DeflectionPeriod(
            period_start=start,
            searched_sessions=sum(counts.values()),
            deflected=counts["solved"],
            escalated=counts["escalated"],
            not_solved=counts["not_solved"],
            no_answer=counts["none"],
        )
        for start, counts in sorted(buckets.items())
    )
    return DeflectionReport(period=period, rows=periods, **_bounds(since, until))


# --------------------------------------------------------------------------- from escalation trails


def aggregate_trails(trails: Iterable[Mapping[str, object]], *, limit: int | None = 20) -> TrailInsights:
    """Top queries, zero-result queries and content gaps over trail.json dicts (``Trail.to_dict()`` shape).

    Malformed trails are skipped, logged and counted in ``trails_skipped``.
    """
    searches: Counter[str] = Counter()
    cases: Counter[str] = Counter()
    zero_searches: Counter[str] = Counter()
    zero_cases: Counter[str] = Counter()
    last_seen: dict[str, datetime] = {}
    zero_last_seen: dict[str, datetime] = {}
    read = skipped = 0
    for index, raw in enumerate(trails):
        try:
            trail = Trail.from_dict(raw)
        except ValueError as exc:
            skipped += 1
            log.warning("skipping trail #%d: %s", index, exc)
            continue
        read += 1
        seen: set[str] = set()
        zero_seen: set[str] = set()
        for search in trail.searches:
            query = normalize_query(search.query)
            if not query:
                continue
            searches[query] += 1
            seen.add(query)
            last_seen[query] = max(last_seen.get(query, search.ts), search.ts)
            if search.result_count == 0:
                zero_searches[query] += 1
                zero_seen.add(query)
                zero_last_seen[query] = max(zero_last_seen.get(query, search.ts), search.ts)
        cases.update(seen)
        zero_cases.update(zero_seen)

    def ranked(counts: Counter[str], per_case: Counter[str], latest: dict[str, datetime]) -> tuple[QueryCount, ...]:
        order = sorted(counts, key=lambda q: (-counts[q], -per_case[q], q))
        if limit is not None:
            order = order[: max(0, int(limit))]
        return tuple(QueryCount(query=q, searches=counts[q], sessions=per_case[q], last_seen=latest[q]) for q in order)

    gap_order = sorted(cases, key=lambda q: (-cases[q], q))
    if limit is not None:
        gap_order = gap_order[: max(0, int(limit))]
    return TrailInsights(
        trails_read=read,
        trails_skipped=skipped,
        top_queries=TopQueries(rows=ranked(searches, cases, last_seen)),
        zero_result_queries=ZeroResultQueries(rows=ranked(zero_searches, zero_cases, zero_last_seen)),
        content_gaps=ContentGaps(
            rows=tuple(ContentGap(query=q, sessions=cases[q], not_solved=0, escalated=cases[q]) for q in gap_order)
        ),
    )
