"""Fusion of keyword and semantic results.

Plain reciprocal rank fusion throws away how *sure* each engine is, and on
paraphrased questions it lets a noisy keyword ranking pull the right article
down (the shared evaluation data: RRF k=60 scores 0.898 MRR@10 where
semantic search alone scores 0.976). We fuse scores instead:

    score(a) = cosine(a) + LEAD_WEIGHT * lead(a) + COVERAGE_WEIGHT * coverage(a)

* ``cosine(a)`` is the article's best-chunk cosine similarity to the query,
  already on a fixed, query-independent scale.
* ``coverage(a)`` is the share of the query's IDF mass that the article
  matches in any field (0..1): all of a pasted error code, or a third of a
  long sentence's rarer words.
* ``lead(a)`` is non-zero only for the keyword engine's top hit: its BM25F
  lead over the runner-up, as a share of its own score, times its coverage.
  It is large exactly when keyword search is sure: one article holds the
  rare identifier the user pasted, and no other comes close. When the top
  keyword hits are bunched together (the usual case for a paraphrased
  question) it is near zero and the embedding decides.

The two weights are global, chosen on a grid over the development queries of
the shared evaluation collection and our golden queries, inside a flat region
(any LEAD_WEIGHT in 0.3..0.6 with COVERAGE_WEIGHT 0.05 is within 0.003 MRR@10
of the best on both), and checked on held-out halves; docs/search.md has the
tables. An article found by only one engine gets 0 for the other's
terms.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

#: global fusion parameters (see module docstring and docs/search.md)
LEAD_WEIGHT = 0.4
COVERAGE_WEIGHT = 0.05

#: (article id, BM25F score, coverage) best first
KeywordList = Sequence[tuple[str, float, float]]
#: (article id, cosine) best first
SemanticList = Sequence[tuple[str, float]]


@dataclass(frozen=True)
class Fused:
    id: str
    score: float
    keyword_score: float | None
    semantic_score: float | None
    keyword_rank: int | None
    semantic_rank: int | None
    #: the keyword engine's coverage of the query by this article (0..1), None when it did not find it
    coverage: float | None = None


def keyword_lead(keyword_hits: KeywordList) -> float:
    """How far the keyword engine's top hit stands ahead of the rest (0..1)."""
    if not keyword_hits:
        return 0.0
    _top_id, top, coverage = keyword_hits[0]
    runner_up = keyword_hits[1][1] if len(keyword_hits) > 1 else 0.0
    return (top - runner_up) / top * coverage if top > 0 else 0.0


def fuse(
    keyword_hits: KeywordList,
    semantic_hits: SemanticList,
    *,
    lead_weight: float = LEAD_WEIGHT,
    coverage_weight: float = COVERAGE_WEIGHT,
) -> list[Fused]:
    """Fuse two ranked lists, best first (see the module docstring)."""
    kw = {aid: (rank, score, cov) for rank, (aid, score, cov) in enumerate(keyword_hits, 1)}
    sem = {aid: (rank, score) for rank, (aid, score) in enumerate(semantic_hits, 1)}
    lead_id = keyword_hits[0][0] if keyword_hits else None
    lead = keyword_lead(keyword_hits)
    fused = []
    for aid in dict.fromkeys([h[0] for h in keyword_hits] + [h[0] for h in semantic_hits]):
        k, s = kw.get(aid), sem.get(aid)
        score = s[1] if s else 0.0
        if k:
            score += coverage_weight * k[2]
        if aid == lead_id:
            score += lead_weight * lead
        fused.append(
            Fused(
                aid,
                score,
                k[1] if k else None,
                s[1] if s else None,
                k[0] if k else None,
                s[0] if s else None,
                k[2] if k else None,
            )
        )
    fused.sort(key=lambda f: (-f.score, f.id))
    return fused


def single(keyword_hits: KeywordList = (), semantic_hits: SemanticList = ()) -> list[Fused]:
    """One engine's ranking in the same shape, for keyword-only or semantic-only search."""
    if keyword_hits:
        return [
            Fused(aid, score, score, None, rank, None, coverage)
            for rank, (aid, score, coverage) in enumerate(keyword_hits, 1)
        ]
    return [Fused(aid, score, None, score, None, rank) for rank, (aid, score) in enumerate(semantic_hits, 1)]


def reciprocal_rank_fusion(keyword_hits: KeywordList, semantic_hits: SemanticList, k: int = 60) -> list[Fused]:
    """The RRF baseline (Cormack et al. 2009), kept for comparison in evaluation."""
    kw = {h[0]: rank for rank, h in enumerate(keyword_hits, 1)}
    sem = {h[0]: rank for rank, h in enumerate(semantic_hits, 1)}
    out = []
    for aid in dict.fromkeys([h[0] for h in keyword_hits] + [h[0] for h in semantic_hits]):
        score = sum(1.0 / (k + r) for r in (kw.get(aid), sem.get(aid)) if r is not None)
        out.append(Fused(aid, score, None, None, kw.get(aid), sem.get(aid)))
    out.sort(key=lambda f: (-f.score, f.id))
    return out
