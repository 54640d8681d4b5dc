"""Learned phrasings: what applying, loading and searching with them costs. Prints a table; run on purpose.

    KBDESK_HOME=/tmp/kb-bench-learn .venv/bin/python benchmarks/bench_learning.py \\
        --articles ../shared/eval/stackfaq-kb/articles --queries ../shared/eval/stackfaq-kb/queries-dev.jsonl

With N phrasings already learned (``--phrasings``, default 10,000: the development
queries, each with one or two extra words, attached to their articles, imported as
history), measured in this process:

* **one "Yes"**, end to end as the app does it on its history lane: the feedback
  recorded (the search text redacted, one SQLite transaction), then that article's
  phrasings read back and applied to search (one model run for the new phrasing);
  p50/p95 over ``--yes`` answers, each a new phrasing;
* the same update of the search side alone, for a phrasing whose vector is cached and
  for a new one (the model run is most of it);
* **loading** all N at start: reading the history and building the learned index with
  the vectors from their cache; and the first time ever (no cached vector: the model
  embeds them all), as throughput;
* **search latency** per mode without and with the N phrasings (200 queries, the first
  one excluded);
* for comparison, what a change costs that does need the index: one article edited,
  and a full rebuild of the index (vectors from the embedding cache).

The load average is printed beside the numbers (a shared 2-core machine).
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import statistics
import time
from pathlib import Path

from kbdesk.core.analytics import AnalyticsStore
from kbdesk.core.analytics.phrasings import ImportedPhrasing, redact_phrasing, vectors_path
from kbdesk.core.evaluation import load_queries, percentile
from kbdesk.core.learning import live
from kbdesk.core.paths import state_paths
from kbdesk.core.search.engine import SearchEngine, SearchFilters
from kbdesk.core.search.learned import LearnedPhrasing

EXTRA_WORDS = (
    "please help",
    "again",
    "today",
    "on my laptop",
    "at work",
    "since the update",
    "urgent",
    "on the phone",
    "every time",
    "still",
    "for my team",
    "after restart",
)


def row(label: str, values_ms: list[float]) -> None:
    print(f"| {label} | {statistics.median(values_ms):.2f} | {percentile(values_ms, 0.95):.2f} | {len(values_ms)} |")


def synthetic_phrasings(queries, count: int, seed: int = 0) -> list[ImportedPhrasing]:
    rng = random.Random(seed)
    seen: set[tuple[str, str]] = set()
    out: list[ImportedPhrasing] = []
    while len(out) < count:
        q = rng.choice(queries)
        words = " ".join(rng.sample(EXTRA_WORDS, rng.randint(1, 2)))
        text = f"{q.query.rstrip('?.!')} {words}"
        aid = min(q.relevant)
        if (aid, text) in seen:
            continue
        seen.add((aid, text))
        out.append(ImportedPhrasing(aid, redact_phrasing(text) or text))
    return out


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--articles", type=Path, required=True)
    parser.add_argument("--queries", type=Path, required=True)
    parser.add_argument("--phrasings", type=int, default=10_000)
    parser.add_argument("--yes", type=int, default=40, help="how many single answers to time")
    args = parser.parse_args()
    print(f"load average at start: {os.getloadavg()[0]:.1f}")
    queries = load_queries(args.queries)
    # a copy: the edit measured at the end must not touch the original folder
    folder = state_paths().cache / "bench-learning-articles"
    if not folder.is_dir():
        shutil.copytree(args.articles, folder)

    engine = SearchEngine(folder)
    engine.load_model()
    engine.sync(embed=True, wait=60)
    embedder = engine.embedder
    db = state_paths().analytics_db
    for path in (db, vectors_path(db)):  # a first start: no history, no phrasing vectors
        for suffix in ("", "-wal", "-shm"):
            Path(str(path) + suffix).unlink(missing_ok=True)
    nonce = f"{time.time_ns():x}"  # texts no earlier run has put in a cache
    started = time.perf_counter()
    phrasings = synthetic_phrasings(queries, args.phrasings)
    with AnalyticsStore.open(db) as store:
        store.import_phrasings(phrasings, "history")
    print(
        f"{len(phrasings)} phrasings of {len({p.article_id for p in phrasings})} articles written to the history "
        f"in {time.perf_counter() - started:.1f} s (redaction included)"
    )

    print("\n| step | seconds | phrasings/s |\n|---|---|---|")
    index = live.new_index(db)
    with AnalyticsStore.open(db) as store:
        t0 = time.perf_counter()
        records = store.phrasings(kinds=("solved", "read"))
        t1 = time.perf_counter()
        index.replace_all(live.to_learned(records), embedder)
        t2 = time.perf_counter()
    label = "first load ever: the model embeds them all"
    print(f"| read the history ({len(records)} rows) | {t1 - t0:.2f} | |")
    print(f"| {label} | {t2 - t1:.2f} | {len(records) / (t2 - t1):.0f} |")
    again = live.new_index(db)
    t3 = time.perf_counter()
    again.replace_all(live.to_learned(records), embedder)
    t4 = time.perf_counter()
    print(f"| load again, vectors from their cache | {t4 - t3:.2f} | {len(records) / (t4 - t3):.0f} |")
    engine.learned = index

    print(f"\n| with {len(index)} phrasings learned | p50 ms | p95 ms | n |\n|---|---|---|---|")
    # the search side alone: one phrasing added, cached (its second time) or new (a model run)
    rng = random.Random(1)
    new_ms, cached_ms = [], []
    for i in range(args.yes):
        q = rng.choice(queries)
        p = LearnedPhrasing(min(q.relevant), f"{q.query} bench {nonce} {i}")
        t = time.perf_counter()
        index.add([p], embedder)
        new_ms.append((time.perf_counter() - t) * 1000)
        index.remove(p.article_id, p.text)
        t = time.perf_counter()
        index.add([p], embedder)
        cached_ms.append((time.perf_counter() - t) * 1000)
        index.remove(p.article_id, p.text)
    row("search side: add one phrasing, vector cached", cached_ms)
    row("search side: add one new phrasing (one model run)", new_ms)
    encode_ms = []
    for i in range(args.yes):
        t = time.perf_counter()
        embedder.encode([f"{rng.choice(queries).query} encode {nonce} {i}"])
        encode_ms.append((time.perf_counter() - t) * 1000)
    row("of which: the model run alone", encode_ms)

    # one "Yes" end to end, as the recorder does it on the analytics lane
    yes_ms = []
    with AnalyticsStore.open(db) as store:
        session = store.start_session("linux", "bench")
        for i in range(args.yes):
            q = rng.choice(queries)
            aid = min(q.relevant)
            search = store.record_search(session, f"{q.query} yes {nonce} {i}", "hybrid", [aid], 3.0, True)
            view = store.record_view(session, aid, search, rank=1)
            t = time.perf_counter()
            store.record_feedback(session, aid, True, view_id=view)
            live.refresh_articles(store, index, [aid], embedder)
            yes_ms.append((time.perf_counter() - t) * 1000)
    row('one "Yes": recorded, redacted, applied to search', yes_ms)

    sample = [q.query for q in rng.sample(queries, min(200, len(queries)))]
    every = SearchFilters(statuses=())
    print("\n| mode | phrasings | p50 ms | p95 ms | n |\n|---|---|---|---|---|")
    # each query with and without the phrasings in turn (which goes first alternates), so a busy
    # moment of the machine or a cache warming up weighs on both alike
    for mode in ("keyword", "semantic", "hybrid"):
        for learned in (None, index):
            engine.learned = learned
            engine.search(sample[0], mode=mode, filters=every)
        times: dict[str, list[float]] = {"0": [], str(len(index)): []}
        for n, text in enumerate(sample[1:]):
            pair = [(None, "0"), (index, str(len(index)))]
            for learned, label in pair if n % 2 == 0 else pair[::-1]:
                engine.learned = learned
                t = time.perf_counter()
                engine.search(text, mode=mode, filters=every)
                times[label].append((time.perf_counter() - t) * 1000)
        for label, values in times.items():
            median, p95 = statistics.median(values), percentile(values, 0.95)
            print(f"| {mode} | {label} | {median:.2f} | {p95:.2f} | {len(values)} |")
    engine.learned = index

    print("\n| what changes the index instead | seconds |\n|---|---|")
    first = sorted(folder.glob("*.md"))[0]
    original = first.read_bytes()
    try:
        first.write_bytes(original + b"\nOne more line.\n")
        t = time.perf_counter()
        engine.sync(embed=True, wait=60)
        print(f"| one article edited: sync (keyword + its embedding) | {time.perf_counter() - t:.2f} |")
    finally:
        first.write_bytes(original)
    engine.sync(embed=True, wait=60)
    t = time.perf_counter()
    engine.sync(embed=True, wait=60, force_rebuild=True)
    print(f"| full rebuild, vectors from the embedding cache | {time.perf_counter() - t:.2f} |")
    engine.close()
    print(f"\nload average at end: {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()
