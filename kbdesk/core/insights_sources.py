"""Where the insights page reads from: this computer's history, or a folder of escalation bundles.

* :func:`load_history`: every report of :mod:`kbdesk.core.insights` from the local analytics
  database, read through a read-only in-memory snapshot (:meth:`AnalyticsStore.snapshot`), so
  the live store the app records into is never locked or changed;
* :func:`load_bundles`: every ``*.kbbundle`` in a folder is opened (checked and unpacked into a
  private temporary folder, then removed) and its ``trail.json`` collected;
  :func:`insights.aggregate_trails` adds them up. Bundles hold escalated cases only, so
  deflection, no-click and article views are not available from them.

Both run on a worker and answer an :class:`InsightsData` with the reports and, when there is
nothing to show, why, in words a writer can act on.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Literal

from kbdesk.core import insights
from kbdesk.core.analytics import AnalyticsStore, parse_ts
from kbdesk.core.bundle import BUNDLE_SUFFIX, open_bundle
from kbdesk.core.errors import KbdeskError

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class InsightsData:
    """What the insights page shows: the reports its source has (None: not available from it)."""

    source: Literal["history", "bundles"]
    deflection: insights.DeflectionReport | None = None
    top_queries: insights.TopQueries | None = None
    content_gaps: insights.ContentGaps | None = None
    zero_result_queries: insights.ZeroResultQueries | None = None
    no_click_queries: insights.NoClickQueries | None = None
    article_stats: insights.ArticleStats | None = None
    #: how often each article's check fired and whether the article then solved the problem
    check_stats: insights.CheckStats | None = None
    #: searches and sessions counted (history), or searches and escalated cases (bundles)
    searches: int = 0
    sessions: int = 0
    bundles_read: int = 0
    #: bundles that could not be opened: (file name, why)
    problems: tuple[tuple[str, str], ...] = ()
    #: why there is nothing to show, in words a writer can act on ("" when there is data)
    empty_reason: str = ""

    @property
    def reports(self) -> dict[str, insights.Report]:
        """The reports there are, by key (for exporting any of them the same way)."""
        found: dict[str, insights.Report | None] = {
            "deflection": self.deflection,
            "top_queries": self.top_queries,
            "content_gaps": self.content_gaps,
            "zero_result_queries": self.zero_result_queries,
            "no_click_queries": self.no_click_queries,
            "article_stats": self.article_stats,
            "check_stats": self.check_stats,
        }
        return {key: report for key, report in found.items() if report is not None}


def since_for(days: int | None, now: datetime | None = None) -> datetime | None:
    return None if days is None else (now or datetime.now(UTC)) - timedelta(days=days)


def load_history(
    db_path: Path, since: datetime | None, period: Literal["day", "week"], *, limit: int
) -> InsightsData:  # worker
    """Every report from the local analytics database (read through one in-memory snapshot), ``limit`` rows each."""
    db_path = Path(db_path)
    if not db_path.is_file():
        return InsightsData(
            "history",
            empty_reason="No searches recorded yet. Searches made in kbdesk on this "
            "computer appear here (History must be on in Settings).",
        )
    store = AnalyticsStore.snapshot(db_path)
    try:
        data = InsightsData(
            "history",
            deflection=insights.deflection(store, period=period, since=since),
            top_queries=insights.top_queries(store, since=since, limit=limit),
            content_gaps=insights.content_gaps(store, since=since, limit=limit),
            zero_result_queries=insights.zero_result_queries(store, since=since, limit=limit),
            no_click_queries=insights.no_click_queries(store, since=since, limit=limit),
            article_stats=insights.article_stats(store, since=since, limit=limit),
            check_stats=insights.check_stats(store, since=since, limit=limit),
        )
        searches, sessions = insights.search_counts(store, since=since)
    finally:
        store.close()
    empty = (
        ""
        if searches
        else (
            "No searches recorded in this period. Pick a longer range, or search in kbdesk to start the history."
            if since
            else "No searches recorded yet. Searches made in kbdesk on this computer appear here "
            "(History must be on in Settings)."
        )
    )
    return replace(data, searches=searches, sessions=sessions, empty_reason=empty)


def _trail_since(trail: Mapping[str, object], since: datetime | None) -> Mapping[str, object]:
    """The trail with events before ``since`` left out (events whose time cannot be read are kept)."""
    events = trail.get("events")
    if since is None or not isinstance(events, list):
        return trail
    kept = []
    for event in events:
        try:
            if isinstance(event, Mapping) and parse_ts(str(event.get("ts", ""))) < since:
                continue
        except ValueError:
            pass
        kept.append(event)
    return {**trail, "events": kept}


def load_bundles(folder: Path, since: datetime | None, *, limit: int) -> InsightsData:  # worker
    """Query reports over the trails of every escalation bundle in ``folder``, ``limit`` rows each."""
    folder = Path(folder)
    paths = sorted(p for p in folder.iterdir() if p.suffix.lower() == BUNDLE_SUFFIX and p.is_file())
    trails: list[Mapping[str, object]] = []
    problems: list[tuple[str, str]] = []
    for path in paths:
        try:
            with open_bundle(path) as opened:
                if opened.trail:
                    trails.append(_trail_since(opened.trail, since))
                else:
                    problems.append((path.name, "no trail in the bundle"))
        except (KbdeskError, OSError) as exc:
            log.warning("escalation bundle %s skipped: %s", path, exc)
            problems.append((path.name, str(exc)))
    result = insights.aggregate_trails(trails, limit=limit)
    searches = sum(r.searches for r in result.top_queries.rows)
    if not paths:
        empty = f"No escalation bundles ({BUNDLE_SUFFIX} files) in {folder}. Choose the folder where you keep them."
    elif not searches:
        empty = "The bundles in this folder hold no searches in this period."
    else:
        empty = ""
    return InsightsData(
        "bundles",
        top_queries=result.top_queries,
        content_gaps=result.content_gaps,
        zero_result_queries=result.zero_result_queries,
        searches=searches,
        sessions=result.trails_read,
        bundles_read=len(paths) - len(problems),
        problems=tuple(problems),
        empty_reason=empty,
    )
