"""What redaction produced: the redacted text of one source, and the report of a whole redactor (counts only)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import NamedTuple

from kbdesk.core.redaction.categories import Counts

#: version of :meth:`RedactionReport.to_dict`'s layout
REPORT_VERSION = 1


class SecretFinding(NamedTuple):
    """A secret shape found by :func:`find_secret_shapes`: which kind and on which 1-based line."""

    category: str
    line: int


@dataclass(frozen=True)
class RedactionResult:
    """The redacted text of one source and how many values of each category were replaced."""

    text: str
    source: str
    counts: Counts = ()

    @property
    def total(self) -> int:
        return sum(n for _, n in self.counts)


@dataclass(frozen=True)
class SourceCounts:
    source: str
    counts: Counts


@dataclass(frozen=True)
class RedactionReport:
    """What a redactor replaced, per source and in total. Holds counts, never values."""

    per_source: tuple[SourceCounts, ...]
    totals: Counts
    distinct: Counts
    disabled_categories: tuple[str, ...]
    version: int = REPORT_VERSION

    @property
    def total(self) -> int:
        return sum(n for _, n in self.totals)

    def to_dict(self) -> dict[str, object]:
        return {
            "version": self.version,
            "totals": dict(self.totals),
            "distinct": dict(self.distinct),
            "disabled_categories": list(self.disabled_categories),
            "per_source": [{"source": s.source, "counts": dict(s.counts)} for s in self.per_source],
        }
