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

Where things are::

    reports.py   the reports (frozen records, CSV export)
    history.py   the reports from the analytics database, one function each
    trails.py    top queries, zero-result queries and content gaps from escalation bundles
"""

from __future__ import annotations

from kbdesk.core.insights.history import (
    Source,
    article_stats,
    check_stats,
    content_gaps,
    deflection,
    no_click_queries,
    search_counts,
    top_queries,
    zero_result_queries,
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
    Report,
    TopQueries,
    TrailInsights,
    ZeroResultQueries,
    write_csv,
)
from kbdesk.core.insights.trails import aggregate_trails

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
    "Report",
    "Source",
    "TopQueries",
    "TrailInsights",
    "ZeroResultQueries",
    "aggregate_trails",
    "article_stats",
    "check_stats",
    "content_gaps",
    "deflection",
    "no_click_queries",
    "search_counts",
    "top_queries",
    "write_csv",
    "zero_result_queries",
]
