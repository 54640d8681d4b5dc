"""How to run the embedding model: ONNX Runtime threads, spinning, batch sizes; torch beside it. Prints tables.

    .venv/bin/python benchmarks/tune_embedding.py [--busy 2] [--chunks 1000] [--torch]

Texts are the chunks of the benchmark knowledge base (benchmarks/bench_search.py's generator,
about 130 tokens each) and of the starter articles (up to 256 tokens), embedded in the indexer's
order (longest first). For each setting it prints chunks per second (wall clock) and the p50/p95
of encoding one query (15 queries x 8, first excluded). ``--busy N`` starts N processes that spin
on the CPU for the whole run, as other programs on a busy machine would.

Results are written down in docs/benchmarks.md.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_search import QUERIES, make_kb, percentile, spinning


def texts_for(count: int) -> list[str]:
    from kbdesk.core.articles import load_folder
    from kbdesk.core.paths import bundled_articles_dir
    from kbdesk.core.search.text import chunk_texts

    folder = Path(tempfile.mkdtemp(prefix="kbdesk-tune-")) / "kb"
    make_kb(folder, max(1, count // 5))
    synthetic = [c for a in load_folder(folder).articles for c in chunk_texts(a)]
    starter = [c for a in load_folder(bundled_articles_dir()).articles for c in chunk_texts(a)]
    texts = (synthetic + starter)[:count]
    return sorted(texts, key=len, reverse=True)


def query_latency(encode_query) -> tuple[float, float]:
    encode_query("warm up")
    samples = []
    for _ in range(8):
        for q in QUERIES:
            t = time.perf_counter()
            encode_query(q)
            samples.append((time.perf_counter() - t) * 1000)
    return statistics.median(samples), percentile(samples, 0.95)


def throughput(encode, texts: list[str], **kwargs) -> float:
    t = time.perf_counter()
    for start in range(0, len(texts), 512):  # the indexer's steps
        encode(texts[start : start + 512], **kwargs)
    return len(texts) / (time.perf_counter() - t)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--busy", type=int, default=0, help="spinning processes beside the measurement")
    parser.add_argument("--chunks", type=int, default=1000)
    parser.add_argument("--torch", action="store_true", help="also measure sentence-transformers on torch")
    parser.add_argument("--batches", default="8:1024,16:2048,32:4096,64:8192,32:99999", help="size:token budget,...")
    args = parser.parse_args()
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    from kbdesk.core.search import semantic
    from kbdesk.core.search.semantic import Embedder

    texts = texts_for(args.chunks)
    print(f"# {len(texts)} chunks, busy={args.busy}, load average before: {os.getloadavg()[0]:.2f}")
    with spinning(args.busy):
        print(f"{'engine':34} {'chunks/s':>9} {'query p50 ms':>13} {'p95 ms':>7}")
        for threads in (1, 2):
            for spin in (False, True):
                embedder = Embedder(threads=threads, spinning=spin).load()
                p50, p95 = query_latency(embedder.encode_query)
                rate = throughput(embedder.encode, texts)
                print(f"{f'onnx threads={threads} spinning={int(spin)}':34} {rate:>9.1f} {p50:>13.2f} {p95:>7.2f}")
        embedder = Embedder().load()
        for spec in args.batches.split(","):
            size, budget = (int(x) for x in spec.split(":"))
            semantic.BATCH_TOKENS = budget
            rate = throughput(embedder.encode, texts, batch_size=size)
            print(f"{f'onnx default, batch {size} / {budget} tokens':34} {rate:>9.1f}")
        if args.torch:
            from kbdesk.core.search.onnx_export import TorchEmbedder

            torch_embedder = TorchEmbedder().load()
            p50, p95 = query_latency(torch_embedder.encode_query)
            for size in (32, 64):
                rate = throughput(torch_embedder.encode, texts, batch_size=size)
                print(f"{f'torch batch {size}':34} {rate:>9.1f} {p50:>13.2f} {p95:>7.2f}")
    print(f"# load average after: {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main()
