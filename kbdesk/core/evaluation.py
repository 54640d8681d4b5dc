"""Retrieval evaluation: queries with relevant article ids in, metrics out.

The contract follows sentence-transformers' InformationRetrievalEvaluator:
for each query, the ranked ids the engine returns are compared with the set
of relevant ids. Metrics per mode: MRR@10, Hit@1, Hit@5, nDCG@10 (binary
relevance) and latency percentiles.
"""

from __future__ import annotations

import json
import math
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from .errors import QueryFileError


@dataclass(frozen=True)
class EvalQuery:
    query: str
    relevant: frozenset[str]


@dataclass(frozen=True)
class ModeMetrics:
    mode: str
    queries: int
    mrr_at_10: float
    hit_at_1: float
    hit_at_5: float
    ndcg_at_10: float
    latency_p50_ms: float
    latency_p95_ms: float

    def to_dict(self) -> dict[str, object]:
        return {
            "queries": self.queries,
            "mrr@10": round(self.mrr_at_10, 4),
            "hit@1": round(self.hit_at_1, 4),
            "hit@5": round(self.hit_at_5, 4),
            "ndcg@10": round(self.ndcg_at_10, 4),
            "latency_ms": {"p50": round(self.latency_p50_ms, 2), "p95": round(self.latency_p95_ms, 2)},
        }


def load_queries(path: Path) -> list[EvalQuery]:
    """Read a JSON-lines queries file: ``{"query": "...", "relevant": ["id", ...]}`` per line."""
    path = Path(path)
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise QueryFileError(f"cannot read queries file {path}: {exc.strerror}") from exc
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise QueryFileError(f"{path}: not UTF-8 text") from exc
    queries = []
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as exc:
            raise QueryFileError(f"{path}:{number}: not valid JSON ({exc.msg})") from exc
        if (
            not isinstance(obj, dict)
            or not isinstance(obj.get("query"), str)
            or not isinstance(obj.get("relevant"), list)
            or not all(isinstance(r, str) for r in obj["relevant"])
        ):
            raise QueryFileError(f'{path}:{number}: expected {{"query": "...", "relevant": ["id", ...]}}')
        queries.append(EvalQuery(obj["query"], frozenset(obj["relevant"])))
    if not queries:
        raise QueryFileError(f"{path}: no queries in file")
    return queries


def reciprocal_rank(ranked: Sequence[str], relevant: frozenset[str], k: int = 10) -> float:
    for i, aid in enumerate(ranked[:k], 1):
        if aid in relevant:
            return 1.0 / i
    return 0.0


def ndcg(ranked: Sequence[str], relevant: frozenset[str], k: int = 10) -> float:
    dcg = sum(1.0 / math.log2(i + 1) for i, aid in enumerate(ranked[:k], 1) if aid in relevant)
    ideal = sum(1.0 / math.log2(i + 1) for i in range(1, min(k, len(relevant)) + 1))
    return dcg / ideal if ideal else 0.0


def percentile(values: Sequence[float], q: float) -> float:
    if not values:
        return 0.0
    ordered = sorted(values)
    pos = (len(ordered) - 1) * q
    lo, hi = math.floor(pos), math.ceil(pos)
    return ordered[lo] + (ordered[hi] - ordered[lo]) * (pos - lo)


def evaluate(mode: str, queries: Sequence[EvalQuery], search: Callable[[str], Sequence[str]]) -> ModeMetrics:
    """Run every query through ``search`` (query -> ranked ids) and score the rankings."""
    rr = h1 = h5 = nd = 0.0
    latencies = []
    for q in queries:
        t0 = time.perf_counter()
        ranked = list(search(q.query))
        latencies.append((time.perf_counter() - t0) * 1000)
        rr += reciprocal_rank(ranked, q.relevant)
        h1 += 1.0 if ranked[:1] and ranked[0] in q.relevant else 0.0
        h5 += 1.0 if any(a in q.relevant for a in ranked[:5]) else 0.0
        nd += ndcg(ranked, q.relevant)
    n = len(queries)
    return ModeMetrics(mode, n, rr / n, h1 / n, h5 / n, nd / n, percentile(latencies, 0.5), percentile(latencies, 0.95))
