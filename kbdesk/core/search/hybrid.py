"""Fusion of keyword and semantic results.

Plain reciprocal rank fusion throws away how *sure* each engine is: a pasted
error code that only one article contains gets the same credit as the tenth
vague keyword hit. We fuse scores instead, after putting both on a 0..1 scale:

* the semantic score is the article's cosine similarity (best chunk), which is
  already on a fixed, query-independent scale;
* the keyword score is BM25F divided by the best BM25F score of the query, so
  the top keyword hit gets 1 and the rest their share of it.

The fused score is ``SEMANTIC_WEIGHT * cosine + KEYWORD_WEIGHT * bm25_share``,
a convex-combination fusion (Bruch, Gai and Ingber, "An Analysis of Fusion
Functions for Hybrid Retrieval", ACM TOIS 2023, found convex combination of
normalised scores ahead of RRF across BEIR collections). An article found by
only one engine gets 0 from the other.

The two weights are global: tuned once on the development queries and checked
on collections never used for tuning (see docs/search.md for the numbers).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Sequence

#: global fusion parameters (see module docstring and docs/search.md)
SEMANTIC_WEIGHT = 1.0
KEYWORD_WEIGHT = 0.3


@dataclass(frozen=True)
class Fused:
    id: str
    score: float
    keyword_score: float | None
    semantic_score: float | None
    keyword_rank: int | None
    semantic_rank: int | None


def fuse(keyword_hits: Sequence[tuple[str, float]], semantic_hits: Sequence[tuple[str, float]], *,
         semantic_weight: float = SEMANTIC_WEIGHT, keyword_weight: float = KEYWORD_WEIGHT) -> list[Fused]:
    """Fuse two ranked lists of (article id, raw score), best first."""
    top_kw = keyword_hits[0][1] if keyword_hits else 0.0
    kw = {aid: (rank, score) for rank, (aid, score) in enumerate(keyword_hits, 1)}
    sem = {aid: (rank, score) for rank, (aid, score) in enumerate(semantic_hits, 1)}
    fused = []
    for aid in dict.fromkeys([a for a, _ in keyword_hits] + [a for a, _ in semantic_hits]):
        k = kw.get(aid)
        s = sem.get(aid)
        share = (k[1] / top_kw) if (k and top_kw > 0) else 0.0
        cosine = max(0.0, s[1]) if s else 0.0
        fused.append(Fused(
            id=aid,
            score=semantic_weight * cosine + keyword_weight * share,
            keyword_score=k[1] if k else None, semantic_score=s[1] if s else None,
            keyword_rank=k[0] if k else None, semantic_rank=s[0] if s else None,
        ))
    fused.sort(key=lambda f: (-f.score, f.id))
    return fused


def reciprocal_rank_fusion(keyword_hits: Sequence[tuple[str, float]], semantic_hits: Sequence[tuple[str, float]],
                           k: int = 60) -> list[Fused]:
    """The RRF baseline (Cormack et al. 2009), kept for comparison in evaluation."""
    kw = {aid: rank for rank, (aid, _) in enumerate(keyword_hits, 1)}
    sem = {aid: rank for rank, (aid, _) in enumerate(semantic_hits, 1)}
    out = []
    for aid in dict.fromkeys([a for a, _ in keyword_hits] + [a for a, _ in semantic_hits]):
        score = sum(1.0 / (k + r) for r in (kw.get(aid), sem.get(aid)) if r is not None)
        out.append(Fused(aid, score, None, None, kw.get(aid), sem.get(aid)))
    out.sort(key=lambda f: (-f.score, f.id))
    return out
