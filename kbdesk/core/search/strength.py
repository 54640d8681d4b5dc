"""Match strength: is a result likely to be about the query at all?

Search always ranks something first, even for ``asdfghjkl``, ``help`` or a
question no article answers. Each hit is therefore marked ``"strong"`` or
``"weak"`` by the engine that ranked it, so the app can say plainly that
nothing matches well and point to support instead of sending people down
wrong articles.

The signal per mode, and why (measured with ``benchmarks/calibrate_match.py``;
the tables are in docs/search.md):

* **hybrid**: the fused score (cosine + 0.4 lead + 0.05 coverage, see
  hybrid.py). Of the signals tried (the cosine alone, cosine plus coverage,
  the cosine margin to the runner-up) it leaves the fewest unanswerable
  queries marked strong at the same share of answerable ones marked weak:
  the lead lifts product names and codes that the embedding scores low.
* **semantic**: the cosine of the best chunk.
* **keyword** (what answers while the model loads, and the "Exact words"
  mode): BM25 scores vary from query to query and coverage alone cannot tell
  ``help`` (one common word, fully covered) from ``printer offline``. So a
  keyword hit is strong when it matches at least :data:`KEYWORD_MIN_COVERAGE`
  of the query's IDF mass *and* that matched mass amounts to at least
  :data:`KEYWORD_MIN_DISTINCT` of a word found in a single article (BM25's IDF
  for a document frequency of 1 in this index, so the measure does not grow
  with the size of the knowledge base). It is the weakest judge of the three:
  keyword evidence cannot tell a paraphrase of a missing article from one of
  a present one (see the table).

Thresholds are chosen so that at most 5 % of answerable queries have a weak
top hit, on the shared stackfaq collection (half its needs removed, see the
script), on the golden queries of the starter knowledge base and on one- and
two-word topic queries ("printer", "windows update") alike, and checked on
held-out halves. The topic queries cost the most: without them the keyword
threshold on distinct words would be 0.7, and "printer", "vpn" and "wifi"
were weak matches while the model loaded. A hit whose error code or message
the query contains exactly is always strong (engine.py).
"""

from __future__ import annotations

import math

from .hybrid import Fused

STRONG = "strong"
WEAK = "weak"
#: the response's match when nothing was found at all
NONE = "none"

#: fused score (cosine + lead + coverage) below which a hybrid hit is weak
HYBRID_MIN_SCORE = 0.505
#: best-chunk cosine below which a semantic hit is weak
SEMANTIC_MIN_COSINE = 0.375
#: share of the query's IDF mass a keyword hit must match ...
KEYWORD_MIN_COVERAGE = 0.3
#: ... and how many single-article words that mass must be worth
KEYWORD_MIN_DISTINCT = 0.3


def unique_word_idf(doc_count: int) -> float:
    """BM25's IDF (as keyword.py computes coverage) of a word found in exactly one of ``doc_count`` articles."""
    n = max(1, doc_count)
    return math.log(1.0 + (n - 0.5) / 1.5)


def keyword_evidence(hit: Fused, idf_mass: float, doc_count: int) -> tuple[float, float]:
    """(coverage, distinct words' worth) of a keyword hit; see the module doc."""
    coverage = hit.coverage or 0.0
    return coverage, coverage * idf_mass / unique_word_idf(doc_count)


def is_strong(
    mode: str,
    hit: Fused,
    *,
    idf_mass: float = 0.0,
    doc_count: int = 1,
    thresholds: dict[str, tuple[float, ...]] | None = None,
) -> bool:
    """Whether ``hit`` (ranked by ``mode``) is a strong match; ``thresholds`` overrides the shipped ones
    (for the calibration script): {"hybrid": (score,), "semantic": (cosine,), "keyword": (coverage, distinct)}."""
    limits = thresholds or THRESHOLDS
    if mode == "hybrid":
        return hit.score >= limits["hybrid"][0]
    if mode == "semantic":
        return (hit.semantic_score or 0.0) >= limits["semantic"][0]
    coverage, distinct = keyword_evidence(hit, idf_mass, doc_count)
    min_coverage, min_distinct = limits["keyword"]
    return coverage >= min_coverage and distinct >= min_distinct


def classify(mode: str, hit: Fused, *, idf_mass: float = 0.0, doc_count: int = 1) -> str:
    return STRONG if is_strong(mode, hit, idf_mass=idf_mass, doc_count=doc_count) else WEAK


THRESHOLDS: dict[str, tuple[float, ...]] = {
    "hybrid": (HYBRID_MIN_SCORE,),
    "semantic": (SEMANTIC_MIN_COSINE,),
    "keyword": (KEYWORD_MIN_COVERAGE, KEYWORD_MIN_DISTINCT),
}
