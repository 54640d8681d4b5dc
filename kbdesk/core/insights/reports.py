"""The insights' reports: frozen records with ``rows`` and ``to_csv_rows()``, and :func:`write_csv`.

What each number means is defined in :mod:`kbdesk.core.insights`; :mod:`.history` computes the
reports from the analytics database, :mod:`.trails` some of them from escalation bundles.
"""

from __future__ import annotations

import csv
import io
import os
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import ClassVar, Literal

from kbdesk.core.analytics import FEEDBACK_REASONS, format_ts
from kbdesk.core.fsutil import atomic_write_bytes

CsvCell = str | int | float
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
