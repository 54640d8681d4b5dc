"""Grid-search the global hybrid fusion weights on a queries file.

Runs each query once per engine, keeps the candidate lists, then scores every
fusion setting offline. Prints a table; change nothing in the code by itself.

    KBDESK_HOME=/tmp/kbtune python benchmarks/tune_fusion.py \
        --articles ../shared/eval/stackfaq-kb/articles --queries ../shared/eval/stackfaq-kb/queries-dev.jsonl
"""

from __future__ import annotations

import argparse
import itertools

from kbdesk.core.evaluation import load_queries, reciprocal_rank
from kbdesk.core.search import hybrid
from kbdesk.core.search.engine import CANDIDATES, SearchEngine


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--articles", required=True)
    parser.add_argument("--queries", required=True)
    args = parser.parse_args()
    queries = load_queries(args.queries)
    engine = SearchEngine(args.articles)
    engine.load_model()
    engine.sync(embed=True, wait=60)
    snap = engine._snap()
    runs = []
    for q in queries:
        kw = [(h.id, h.score, h.coverage) for h in snap.keyword.search(q.query, limit=CANDIDATES).hits]
        sem, _ = engine._semantic(snap, q.query, CANDIDATES)
        runs.append((q, kw, sem))

    def score(fuse) -> tuple[float, float]:
        mrr = h1 = 0.0
        for q, kw, sem in runs:
            ranked = [f.id for f in fuse(kw, sem)][:10]
            mrr += reciprocal_rank(ranked, q.relevant)
            h1 += 1.0 if ranked[:1] and ranked[0] in q.relevant else 0.0
        return mrr / len(runs), h1 / len(runs)

    mrr, hit1 = score(lambda k, s: hybrid.single(keyword_hits=k))
    print(f"keyword only  MRR@10 {mrr:.4f} Hit@1 {hit1:.4f}")
    mrr, hit1 = score(lambda k, s: hybrid.single(semantic_hits=s))
    print(f"semantic only MRR@10 {mrr:.4f} Hit@1 {hit1:.4f}")
    mrr, hit1 = score(lambda k, s: hybrid.reciprocal_rank_fusion(k, s))
    print(f"RRF k=60      MRR@10 {mrr:.4f} Hit@1 {hit1:.4f}")
    print("lead  coverage  MRR@10  Hit@1")
    for lead, cov in itertools.product((0.0, 0.2, 0.3, 0.4, 0.5, 0.6, 0.8), (0.0, 0.02, 0.05, 0.1)):
        mrr, hit1 = score(lambda k, s, lead=lead, cov=cov: hybrid.fuse(k, s, lead_weight=lead, coverage_weight=cov))
        print(f"{lead:4.2f}  {cov:8.2f}  {mrr:.4f}  {hit1:.4f}")
    engine.close()


if __name__ == "__main__":
    main()
