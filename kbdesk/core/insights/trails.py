"""Insights from escalation bundles' trails: each trail is one escalated case (see :mod:`kbdesk.core.insights`)."""

from __future__ import annotations

import logging
from collections import Counter
from collections.abc import Iterable, Mapping
from datetime import datetime

from kbdesk.core.analytics import Trail, normalize_query
from kbdesk.core.insights.reports import (
    ContentGap,
    ContentGaps,
    QueryCount,
    TopQueries,
    TrailInsights,
    ZeroResultQueries,
)

log = logging.getLogger(__name__)


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
