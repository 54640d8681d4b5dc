"""What int8 quantisation of the embedding model would cost in search quality, and gain in speed.

    .venv/bin/python benchmarks/eval_int8.py --articles ../shared/eval/stackfaq-kb/articles \\
        --queries ../shared/eval/stackfaq-kb/queries-dev.jsonl
    .venv/bin/python benchmarks/eval_int8.py --articles articles --queries tests/golden_queries.jsonl

Exports the packaged weights once more with ``--int8`` (ONNX Runtime's dynamic quantisation of
the weights, needs the export extra) into a temporary folder, then indexes the articles and runs
the evaluation with the fp32 graph and with the int8 one, each in a scratch KBDESK_HOME (so
neither index nor embedding cache is shared), and prints MRR@10, Hit@1, Hit@5, nDCG@10, the
index time and the least and mean cosine between the two variants' vectors. kbdesk uses fp32:
the numbers are in docs/search.md.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--articles", type=Path, required=True)
    parser.add_argument("--queries", type=Path, required=True)
    args = parser.parse_args()
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    work = Path(tempfile.mkdtemp(prefix="kbdesk-int8-"))
    folder = work / "model"
    subprocess.run([sys.executable, "-m", "kbdesk.core.search.onnx_export", "--out", str(folder), "--int8"], check=True)

    import numpy as np

    from kbdesk.core.evaluation import evaluate, load_queries
    from kbdesk.core.search.engine import SearchEngine, SearchFilters
    from kbdesk.core.search.onnx_export import INT8_FILE
    from kbdesk.core.search.semantic import MODEL_NAME, Embedder

    class Int8Embedder(Embedder):
        name = MODEL_NAME + "#int8"  # a cache key of its own
        model_file = INT8_FILE

    queries = load_queries(args.queries)
    vectors = {}
    print(f"{'variant':8} {'mode':9} {'MRR@10':>7} {'Hit@1':>6} {'Hit@5':>6} {'nDCG@10':>7} {'index s':>8}")
    for label, cls in (("fp32", Embedder), ("int8", Int8Embedder)):
        os.environ["KBDESK_HOME"] = str(work / f"home-{label}")
        embedder = cls(folders=[folder]).load()
        engine = SearchEngine(args.articles, embedder=embedder)
        started = time.perf_counter()
        engine.sync(embed=True)
        seconds = time.perf_counter() - started
        vectors[label] = np.array(engine._snap().vectors.vectors)
        for mode in ("semantic", "hybrid"):
            engine.search("warm up", mode=mode)
            m = evaluate(
                mode,
                queries,
                lambda q, mode=mode, engine=engine: [
                    h.id for h in engine.search(q, mode=mode, limit=10, filters=SearchFilters(statuses=())).hits
                ],
            )
            print(
                f"{label:8} {mode:9} {m.mrr_at_10:>7.3f} {m.hit_at_1:>6.3f} {m.hit_at_5:>6.3f} {m.ndcg_at_10:>7.3f} "
                f"{seconds:>8.1f}"
            )
        engine.close()
    cosine = np.sum(vectors["fp32"] * vectors["int8"], axis=1)
    print(f"# cosine int8 to fp32 over {len(cosine)} chunks: least {cosine.min():.4f}, mean {cosine.mean():.4f}")
    print(f"# load average {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main()
