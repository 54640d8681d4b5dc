"""Serving sources: a git source and the starter articles searched as one, as the app does. Prints numbers.

A repository of N synthetic articles (bench_search.py's generator, so its queries
find things) is served over git:// by a real `git daemon` on 127.0.0.1; the
configured sources are that git source (priority 100) and the starter articles.
Through the app's own path (``SourceSet.sync`` -> ``MultiSourceEngine.update`` ->
``search``) it measures:

* the first sync and the first index of both sources;
* **sync to searchable**: one article changed upstream (a new, unique word in it),
  then fetched, checked out, linted, re-indexed (only that source) and swapped in,
  until a search for the new word finds it; wall and CPU seconds, the stages;
* **search latency**, p50/p95 per mode, over the same folder: ``SearchEngine`` on the
  served folder alone (what kbdesk did before sources), ``MultiSourceEngine`` with
  that one source, and with the starter articles beside it.

    .venv/bin/python benchmarks/bench_serve.py --articles 1000 --model      # latency in every mode
    .venv/bin/python benchmarks/bench_serve.py --articles 10000 --changes 5  # sync to searchable at scale

Without ``--model`` only keyword search is measured and nothing is embedded (the app
while the model loads); with it, the changed article is embedded too, as in the app.
Needs the git binary (to build the repository and run the daemon); kbdesk does not.
Results in docs/sources.md.
"""

from __future__ import annotations

import argparse
import os
import shutil
import signal
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))

from bench_search import QUERIES, make_kb, percentile
from gitserver import GitDaemon, git


def latency(searches: list, modes: list[str], repeats: int) -> list[dict[str, tuple[float, float]]]:
    """p50/p95 ms per engine and mode. The engines take turns on each query, so a change in the
    machine's load (other sessions share it) falls on all of them alike."""
    samples: list[dict[str, list[float]]] = [{m: [] for m in modes} for _ in searches]
    for mode in modes:
        for search in searches:
            search("warm up query", mode=mode)  # the first query pays one-time costs
        for _ in range(repeats):
            for query in QUERIES:
                for i, search in enumerate(searches):
                    t = time.perf_counter()
                    search(query, mode=mode)
                    samples[i][mode].append((time.perf_counter() - t) * 1000)
    return [{m: (statistics.median(v), percentile(v, 0.95)) for m, v in each.items()} for each in samples]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--articles", type=int, default=1000)
    parser.add_argument("--changes", type=int, default=3, help="one-article changes to time")
    parser.add_argument("--repeats", type=int, default=3, help="passes over the query list per mode")
    parser.add_argument("--model", action="store_true", help="load the model: embed, and measure every mode")
    parser.add_argument(
        "--home",
        type=Path,
        help="KBDESK_HOME to keep between runs for its embedding cache (the sources and indexes in it are "
        "removed at start, so the first sync and index are measured again, without the model's time)",
    )
    args = parser.parse_args()

    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))  # a `kill` still stops the daemon and cleans up
    work = Path(tempfile.mkdtemp(prefix="kbdesk-bench-serve-"))
    home = args.home or work / "home"
    for old in (home / "data" / "sources", home / "cache" / "indexes", home / "alone"):
        shutil.rmtree(old, ignore_errors=True)
    os.environ["KBDESK_HOME"] = str(home)
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    from kbdesk.core import language
    from kbdesk.core.search.engine import SearchEngine
    from kbdesk.core.search.multi import MultiSourceEngine
    from kbdesk.core.search.semantic import Embedder
    from kbdesk.core.settings import Settings
    from kbdesk.core.sources.policy import Policy
    from kbdesk.core.sources.service import SourceSet, source_index_root

    upstream = work / "served" / "kb"
    make_kb(upstream, args.articles)
    git(upstream, "init", "-q", "-b", "main")
    git(upstream, "add", "-A")
    git(upstream, "commit", "-q", "-m", "import")
    git(upstream, "gc", "-q")
    daemon = GitDaemon(work / "served").start()
    try:
        print(f"# {args.articles} articles; load average {os.getloadavg()[0]:.2f}; model: {args.model}")
        language.warm_up()  # the app loads the language tools at start
        settings = Settings().with_value("sources", [{"name": "it-kb", "url": daemon.url("kb"), "priority": 100}])
        sources = SourceSet.from_config(settings, Policy())
        embedder = Embedder()
        if args.model:
            embedder.load()
        engine = MultiSourceEngine(embedder=embedder)

        t = time.perf_counter()
        results = sources.sync()
        first_sync = time.perf_counter() - t
        assert all(r.ok for r in results), [r.message for r in results]
        t = time.perf_counter()
        engine.update(sources.served(), embed=args.model)
        engine.sync(embed=args.model)
        first_index = time.perf_counter() - t
        print(f"first sync {first_sync:.2f} s; first index of both sources {first_index:.2f} s")

        rows = []
        for n in range(args.changes):
            word = f"zqxword{n}kb"
            path = upstream / f"kb-{(n * 37) % args.articles:05d}.md"
            path.write_text(path.read_text("utf-8") + f"\nA new step mentions {word}.\n", "utf-8")
            git(upstream, "commit", "-q", "-am", f"change {n}")
            load = os.getloadavg()[0]
            t, cpu = time.perf_counter(), time.process_time()
            (result,) = sources.sync(["it-kb"])
            synced = time.perf_counter() - t
            report = engine.update(sources.served(), embed=args.model)
            response = engine.search(word, mode="keyword")
            wall, cpu = time.perf_counter() - t, time.process_time() - cpu
            assert result.outcome == "updated" and [h.id for h in response.hits][:1] == [path.stem], response.hits
            stages = ", ".join(f"{k} {v:.2f}" for k, v in result.timings)
            rows.append((wall, cpu))
            print(
                f"change {n}: searchable after {wall:.2f} s (CPU {cpu:.2f} s; load {load:.1f}): sync {synced:.2f} s "
                f"({stages}), re-index {report.seconds:.2f} s ({report.describe()}), search found it"
            )
        print(
            f"sync to searchable, median of {len(rows)}: {statistics.median(w for w, _ in rows):.2f} s wall, "
            f"{statistics.median(c for _, c in rows):.2f} s CPU"
        )

        modes = ["keyword", "semantic", "hybrid"] if args.model else ["keyword"]
        served = {s.source.name: s for s in sources.served()}
        # each its own embedder: the engines take turns on every query, and an embedder keeps the last
        # query's vector (which a search over several sources uses once per source)
        alone = SearchEngine(served["it-kb"].folder, index_root=home / "alone", embedder=Embedder())
        one = MultiSourceEngine([served["it-kb"]], embedder=Embedder())
        # the same index as `one`'s, searched without the wrapper: what the wrapper itself costs
        bare = SearchEngine(served["it-kb"].folder, index_root=source_index_root("it-kb"), embedder=Embedder())
        if args.model:
            alone.load_model()
            one.load_model()
            bare.load_model()
        alone.sync(embed=args.model)
        bare.ensure_index(embed=args.model)
        one.ensure_index(embed=args.model)
        print(f"# latency p50/p95 ms, {args.repeats} x {len(QUERIES)} queries per mode; load {os.getloadavg()[0]:.2f}")
        labels = (
            "SearchEngine, the folder alone",
            "SearchEngine, it-kb's own index",
            "MultiSourceEngine, it-kb only",
            "MultiSourceEngine, it-kb + starter",
        )
        searches = [alone.search, bare.search, one.search, engine.search]
        for label, numbers in zip(labels, latency(searches, modes, args.repeats), strict=True):
            cells = "  ".join(f"{m} {p50:5.1f}/{p95:5.1f}" for m, (p50, p95) in numbers.items())
            print(f"{label:36} {cells}")
        print(f"# load average after: {os.getloadavg()[0]:.2f}")
        for each in (alone, bare, one, engine):
            each.close()
    finally:
        daemon.stop()
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
