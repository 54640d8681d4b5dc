"""What writer mode shows about one article: how people found it, and what it did not answer."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from ..analytics.phrasings import NEGATIVE_KINDS, POSITIVE_KINDS, PhrasingRecord
from ..analytics.timestamps import normalize_query
from .live import search_text

#: the counts a phrasing found with shows, and the ones a search it did not answer shows
POSITIVE = POSITIVE_KINDS
NEGATIVE = NEGATIVE_KINDS
_LABELS = {"solved": "solved", "read": "long read", "not_helped": '"No"', "escalated": "then asked for help"}


@dataclass(frozen=True)
class PhrasingSummary:
    """One phrasing of one article, over every row that holds it."""

    #: as stored (redacted: ``<EMAIL-1>`` where an address was)
    text: str
    #: what "Add to symptoms" writes: the text without placeholders
    symptom: str
    solved: int = 0
    read: int = 0
    not_helped: int = 0
    escalated: int = 0
    #: machines that saw it: this one, plus what a fleet export counted (a lower bound)
    machines: int = 1
    last_seen: datetime | None = None
    #: already one of the article's symptoms
    in_symptoms: bool = False
    #: only from imported history or a fleet export (not seen on this machine)
    imported: bool = False

    @property
    def found(self) -> int:
        return self.solved + self.read

    @property
    def missed(self) -> int:
        return self.not_helped + self.escalated

    def count(self, kind: str) -> int:
        return int(getattr(self, kind))

    def describe(self, kinds: Iterable[str] = (*POSITIVE_KINDS, *NEGATIVE_KINDS)) -> str:
        """ "3 × solved, 1 × long read · 2 machines" (the counts of ``kinds``)."""
        text = ", ".join(f"{self.count(k)} × {_LABELS[k]}" for k in kinds if self.count(k))
        if self.machines > 1:
            text += f" · {self.machines} machines"
        if self.imported:
            text += " · imported"
        return text


@dataclass(frozen=True)
class ArticleReview:
    article_id: str
    #: searches that ended in "Yes" or a long read on this article, most often first
    found_with: tuple[PhrasingSummary, ...] = ()
    #: searches that ended in "No" on it, or in a request for help after reading it
    not_answered: tuple[PhrasingSummary, ...] = ()

    @property
    def empty(self) -> bool:
        return not self.found_with and not self.not_answered


def article_review(article_id: str, records: Iterable[PhrasingRecord], symptoms: Iterable[str] = ()) -> ArticleReview:
    """Summarise one article's phrasing rows; ``symptoms`` marks the ones the article already has."""
    have = {normalize_query(s) for s in symptoms}
    groups: dict[str, list[PhrasingRecord]] = {}
    for r in records:
        if r.article_id == article_id:
            groups.setdefault(r.text_norm or normalize_query(r.text), []).append(r)
    found: list[PhrasingSummary] = []
    missed: list[PhrasingSummary] = []
    for norm, rows in groups.items():
        counts = dict.fromkeys((*POSITIVE_KINDS, *NEGATIVE_KINDS), 0)
        fleet_machines = 0
        local = False
        for r in rows:
            counts[r.evidence] = counts.get(r.evidence, 0) + r.count
            if r.origin == "fleet":
                fleet_machines = max(fleet_machines, r.machines)
            elif r.origin == "local":
                local = True
        text = rows[-1].text
        symptom = search_text(text)
        summary = PhrasingSummary(
            text=text,
            symptom=symptom,
            solved=counts["solved"],
            read=counts["read"],
            not_helped=counts["not_helped"],
            escalated=counts["escalated"],
            machines=max(1, fleet_machines + (1 if local else 0)),
            last_seen=max(r.ts for r in rows),
            in_symptoms=normalize_query(symptom) in have or norm in have,
            imported=not local,
        )
        if summary.found:
            found.append(summary)
        if summary.missed:
            missed.append(summary)
    found.sort(key=lambda s: (-s.solved, -s.found, -s.machines, s.symptom.casefold()))
    missed.sort(key=lambda s: (-s.missed, s.symptom.casefold()))
    return ArticleReview(article_id, tuple(found), tuple(missed))
