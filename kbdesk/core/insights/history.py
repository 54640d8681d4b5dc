"""The insights from this computer's analytics database (or a copy of one): one function per report.

Each reads through :meth:`~kbdesk.core.analytics.AnalyticsStore.reading` (or an in-memory
snapshot of a file, so the file is never changed) and answers a report of :mod:`.reports`.
"""

from __future__ import annotations

import logging
import os
import sqlite3
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any, Literal

from kbdesk.core.analytics import (
    FEEDBACK_REASONS,
    AnalyticsError,
    AnalyticsStore,
    TimeBound,
    parse_ts,
    to_utc_bound,
)
from kbdesk.core.insights.reports import (
    ArticleStat,
    ArticleStats,
    CheckStat,
    CheckStats,
    ContentGap,
    ContentGaps,
    DeflectionPeriod,
    DeflectionReport,
    NoClickQueries,
    NoClickQuery,
    QueryCount,
    TopQueries,
    ZeroResultQueries,
)

log = logging.getLogger(__name__)

#: an open store, or the path of a database file (read through a snapshot)
Source = AnalyticsStore | str | os.PathLike[str]
#: a value SQLite hands back (no BLOBs in the analytics tables)
SQLValue = str | int | float | None


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
