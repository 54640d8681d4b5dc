"""How much ranking quality merging several sources' results costs. Prints a table; run on purpose.

The starter articles are indexed twice: as one source (one index, what kbdesk did
before sources), and split into two sources of alternating articles (two indexes,
searched as one by ``MultiSourceEngine``). The golden queries
(tests/golden_queries.jsonl, written for the starter articles) are run against both
and scored with the evaluation module (MRR@10, Hit@1, Hit@5, nDCG@10).

Hybrid and semantic scores are on a fixed scale, so merging should cost nothing
there; keyword (BM25F) scores depend on each index's statistics (document counts
and frequencies), so the merged keyword order is approximate. This measures how
approximate.

    .venv/bin/python benchmarks/eval_split_sources.py [--modes keyword hybrid]

Results in docs/sources.md.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--modes", nargs="+", default=["keyword", "semantic", "hybrid"])
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="kbdesk-eval-split-"))
    os.environ["KBDESK_HOME"] = str(work / "home")
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    from kbdesk.core.evaluation import evaluate, load_queries
    from kbdesk.core.paths import bundled_articles_dir
    from kbdesk.core.search.engine import SearchEngine, SearchFilters
    from kbdesk.core.search.multi import MultiSourceEngine
    from kbdesk.core.search.semantic import Embedder
    from kbdesk.core.sources.model import Source
    from kbdesk.core.sources.service import ServedSource

    try:
        starter = bundled_articles_dir()
        halves = [work / "half-a", work / "half-b"]
        for half in halves:
            half.mkdir()
        for n, path in enumerate(sorted(starter.glob("*.md"))):
            shutil.copy2(path, halves[n % 2] / path.name)
        queries = load_queries(ROOT / "tests" / "golden_queries.jsonl")
        embedder = Embedder().load() if any(m != "keyword" for m in args.modes) else Embedder()
        one = SearchEngine(starter, index_root=work / "one", embedder=embedder)
        split = MultiSourceEngine(
            [ServedSource(Source(f"half-{i}", str(h)), h, None) for i, h in enumerate(halves)], embedder=embedder
        )
        embed = embedder.loaded
        one.sync(embed=embed)
        split.sync(embed=embed)
        every = SearchFilters(statuses=())  # ranking over the whole collection, as `kbdesk eval` does
        print(f"# {len(queries)} golden queries; starter articles: one index, and split in two sources")
        print(f"{'mode':9} {'indexes':>7} {'MRR@10':>7} {'Hit@1':>6} {'Hit@5':>6} {'nDCG@10':>7} {'p50 ms':>7}")
        for mode in args.modes:
            for label, engine in (("1", one), ("2", split)):
                engine.search("warm up", mode=mode)

                def ranked(query: str, engine=engine, mode=mode) -> list[str]:
                    return [h.id for h in engine.search(query, mode=mode, limit=10, filters=every).hits]

                m = evaluate(mode, queries, ranked)
                print(
                    f"{mode:9} {label:>7} {m.mrr_at_10:>7.3f} {m.hit_at_1:>6.3f} {m.hit_at_5:>6.3f} "
                    f"{m.ndcg_at_10:>7.3f} {m.latency_p50_ms:>7.1f}"
                )
        one.close()
        split.close()
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
