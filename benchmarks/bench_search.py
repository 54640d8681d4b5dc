"""Search-core benchmark on synthetic knowledge bases. Prints a table; run on purpose.

    .venv/bin/python benchmarks/bench_search.py --sizes 1000 10000
    .venv/bin/python benchmarks/bench_search.py --sizes 1000 --busy 2   # two CPU-bound processes beside it

For each size: a folder of articles of ~300 words is generated in a temporary
folder (KBDESK_HOME points there too), then measured:

* full index time, keyword and semantic separately (a keyword-only sync, then
  the sync that embeds);
* re-index after one article changes (keyword + its embedding);
* query latency p50/p95 per mode with the model loaded, first query excluded;
* encoding one query alone (the model's share of a semantic search), p50/p95;
* peak RSS of this process;
* embedding throughput of our indexer divided by one bare ``Embedder.encode``
  call on the same texts (the ceiling for this model on this CPU).

``--busy N`` starts N processes that spin on the CPU for the whole run (a
busy machine); they are stopped by PID at the end.

Results are written down in docs/benchmarks.md.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import random
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

TOPICS = {
    "printer": [
        "printer",
        "print",
        "queue",
        "spooler",
        "driver",
        "toner",
        "paper",
        "jam",
        "offline",
        "network",
        "tray",
    ],
    "wifi": ["wifi", "wireless", "network", "adapter", "router", "signal", "password", "airplane", "connect", "ssid"],
    "vpn": [
        "vpn",
        "tunnel",
        "client",
        "gateway",
        "certificate",
        "disconnect",
        "split",
        "timeout",
        "credentials",
        "profile",
    ],
    "mail": ["mail", "outlook", "inbox", "sync", "calendar", "mailbox", "attachment", "profile", "server", "folder"],
    "disk": ["disk", "storage", "space", "full", "cleanup", "temporary", "files", "downloads", "recycle", "partition"],
    "audio": ["audio", "sound", "microphone", "speaker", "headset", "volume", "mute", "driver", "call", "meeting"],
    "display": ["monitor", "display", "screen", "resolution", "scaling", "cable", "dock", "flicker", "refresh", "hdmi"],
    "account": ["password", "account", "locked", "reset", "sign", "mfa", "authenticator", "expired", "portal", "login"],
    "update": ["update", "patch", "install", "restart", "failed", "error", "rollback", "service", "component", "cache"],
    "browser": ["browser", "cache", "cookies", "extension", "page", "load", "certificate", "proxy", "chrome", "edge"],
}
FILLER = [
    "the",
    "a",
    "to",
    "and",
    "then",
    "if",
    "you",
    "your",
    "it",
    "is",
    "on",
    "with",
    "for",
    "this",
    "that",
    "check",
    "open",
    "select",
    "click",
    "try",
    "again",
    "after",
    "before",
    "restart",
    "settings",
    "menu",
    "option",
    "step",
]
QUERIES = [
    "printer says offline",
    "wifi keeps disconnecting",
    "vpn will not connect from home",
    "outlook not syncing mail",
    "disk is full",
    "no sound in meeting",
    "second monitor not detected",
    "account locked after password change",
    "windows update failed",
    "browser page will not load",
    "0x80070005",
    "ERR_CODE_4711",
    "my headset microphone is muted in calls",
    "how do I clear the browser cache",
    "cannot sign in mfa code rejected",
]


def make_kb(folder: Path, count: int, seed: int = 7) -> None:
    rng = random.Random(seed)
    names = list(TOPICS)
    folder.mkdir(parents=True)
    for i in range(count):
        topic = names[i % len(names)]
        words = TOPICS[topic]
        title = f"{topic.capitalize()} problem {i}: {' '.join(rng.sample(words, 3))}"
        paragraphs = []
        for section in ("Cause", "Windows", "macOS", "If this did not help"):
            text = " ".join(rng.choice(words) if rng.random() < 0.35 else rng.choice(FILLER) for _ in range(70))
            paragraphs.append(f"## {section}\n\n{text}.\n")
        code = f"ERR_CODE_{i}" if i % 50 == 0 else ""
        front = (
            f'---\nid: kb-{i:05d}\ntitle: "{title}"\nsummary: "How to fix {topic} trouble number {i}."\n'
            f"tags: [{topic}]\nplatforms: [windows, macos]\n"
            f'symptoms: ["{" ".join(rng.sample(words, 4))}"]\n' + (f"error_codes: [{code}]\n" if code else "") + "---\n"
        )
        (folder / f"kb-{i:05d}.md").write_text(front + "\n".join(paragraphs), encoding="utf-8")


@contextlib.contextmanager
def spinning(count: int):
    """Run ``count`` processes that keep one core each busy, for the length of the block."""
    procs = [subprocess.Popen([sys.executable, "-c", "while True: pass"]) for _ in range(count)]
    try:
        if procs:
            time.sleep(1.0)  # let the scheduler see them
        yield
    finally:
        for proc in procs:
            proc.kill()
            proc.wait()


def percentile(values, q):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def bench(count: int, repeats: int, workdir: Path | None = None) -> dict:
    from kbdesk.core.articles import load_folder
    from kbdesk.core.search.engine import SearchEngine
    from kbdesk.core.search.indexer import embed_texts
    from kbdesk.core.search.text import chunk_texts

    work = workdir / str(count) if workdir else Path(tempfile.mkdtemp(prefix=f"kbdesk-bench-{count}-"))
    os.environ["KBDESK_HOME"] = str(work / "home")
    try:
        kb = work / "articles"
        if not kb.is_dir():
            make_kb(kb, count)
        engine = SearchEngine(kb)
        t = time.perf_counter()
        engine.sync(embed=False)
        keyword_s = time.perf_counter() - t
        engine.load_model()
        t = time.perf_counter()
        report = engine.sync(embed=True)
        semantic_s = time.perf_counter() - t
        chunks = engine.stats().chunks

        # re-index after one changed article
        target = kb / "kb-00003.md"
        reindex = []
        for n in range(3):
            target.write_text(target.read_text(encoding="utf-8") + f"\nAn extra line {n}.\n", encoding="utf-8")
            t = time.perf_counter()
            r = engine.sync(embed=True)
            reindex.append(time.perf_counter() - t)
            assert r.updated == ("kb-00003",), r.describe()

        latencies = {}
        for mode in ("keyword", "semantic", "hybrid"):
            engine.search("warm up query", mode=mode)  # first query excluded
            samples = []
            for _ in range(repeats):
                for q in QUERIES:
                    t = time.perf_counter()
                    engine.search(q, mode=mode)
                    samples.append((time.perf_counter() - t) * 1000)
            latencies[mode] = (statistics.median(samples), percentile(samples, 0.95))
        samples = []
        for _ in range(repeats * 2):
            for q in QUERIES:
                t = time.perf_counter()
                engine.embedder.encode_query(q)
                samples.append((time.perf_counter() - t) * 1000)
        latencies["encode"] = (statistics.median(samples), percentile(samples, 0.95))

        # embedding throughput: our indexer's path (no cache) vs one bare encode call on the same texts
        texts = [c for a in load_folder(kb).articles[: min(count, 500)] for c in chunk_texts(a)]
        t = time.perf_counter()
        embed_texts(engine.embedder, texts)
        ours = len(texts) / (time.perf_counter() - t)
        t = time.perf_counter()
        engine.embedder.encode(texts)
        bare = len(texts) / (time.perf_counter() - t)
        engine.close()
        return {
            "articles": count,
            "chunks": chunks,
            "keyword_index_s": keyword_s,
            "semantic_index_s": semantic_s,
            "embedded": report.embedded,
            "reindex_one_s": statistics.median(reindex),
            "latency": latencies,
            "peak_rss_mb": peak_rss_mb(),
            "embed_ratio": ours / bare,
            "ours_per_s": ours,
            "bare_per_s": bare,
            "texts_for_ratio": len(texts),
        }
    finally:
        if workdir is None:
            shutil.rmtree(work, ignore_errors=True)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000])
    parser.add_argument("--repeats", type=int, default=4, help="passes over the query list per mode")
    parser.add_argument("--busy", type=int, default=0, metavar="N", help="spinning processes beside the benchmark")
    parser.add_argument(
        "--workdir",
        type=Path,
        help="keep the generated articles and index here and reuse them "
        "on the next run (index times then measure an up-to-date index)",
    )
    args = parser.parse_args()
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    print(f"# load average {os.getloadavg()[0]:.2f}, busy={args.busy}")
    with spinning(args.busy):
        rows = [bench(n, args.repeats, args.workdir) for n in args.sizes]
    print(
        f"{'articles':>8} {'chunks':>7} {'kw index s':>10} {'sem index s':>11} {'reindex 1 s':>11} "
        f"{'kw p50/p95 ms':>14} {'sem p50/p95 ms':>15} {'hyb p50/p95 ms':>15} {'encode p50/p95':>15} "
        f"{'peak RSS MB':>11} {'embed ratio':>11}"
    )
    for r in rows:
        lat = r["latency"]
        print(
            f"{r['articles']:>8} {r['chunks']:>7} {r['keyword_index_s']:>10.1f} {r['semantic_index_s']:>11.1f} "
            f"{r['reindex_one_s']:>11.2f} {lat['keyword'][0]:>6.1f}/{lat['keyword'][1]:<7.1f} "
            f"{lat['semantic'][0]:>6.1f}/{lat['semantic'][1]:<8.1f} {lat['hybrid'][0]:>6.1f}/{lat['hybrid'][1]:<8.1f} "
            f"{lat['encode'][0]:>6.2f}/{lat['encode'][1]:<8.2f} {r['peak_rss_mb']:>11.0f} {r['embed_ratio']:>11.2f}"
        )
    for r in rows:
        print(
            f"# {r['articles']}: embedding {r['ours_per_s']:.0f} chunks/s ours vs {r['bare_per_s']:.0f} bare "
            f"on {r['texts_for_ratio']} chunks"
        )


if __name__ == "__main__":
    main()
