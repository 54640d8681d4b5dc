"""ONNX Runtime against torch, in one run: the numbers of the move of semantic search off torch.

    git archive b1b8319 | tar -x -C /tmp/torch-tree        # kbdesk as it was on torch
    .venv/bin/python benchmarks/bench_semantic.py --torch-tree /tmp/torch-tree --articles 10000 --busy 2
    .venv/bin/python benchmarks/bench_semantic.py --engines onnx --articles 10000 --skip cold,encode
    .venv/bin/python benchmarks/bench_semantic.py --engines onnx --skip cold,encode,index,copy \
        --workdir WORK --reuse-home      # the app's memory again, on WORK's articles, index and cache

Each measurement runs in fresh processes, once with this checkout's kbdesk (ONNX Runtime) and once
with the source tree given by ``--torch-tree`` (the commit before the switch, on torch), both on this
venv's Python, each with a scratch KBDESK_HOME of its own. Sections (``--skip`` leaves some out):

cold      ``python -m kbdesk search --mode hybrid QUERY`` on the starter KB, index already built:
          wall time of the whole process, 7 runs (the first run builds the index and is excluded)
encode    encoding one query (15 queries x 8, first excluded), p50/p95, quiet and beside
          ``--busy N`` spinning processes
index     the first semantic index of ``--articles`` synthetic articles (bench_search.py's generator):
          keyword sync first, then the timed sync that embeds, as the app does (wall clock and the
          process's CPU time: on a loaded machine the CPU time says what two idle cores would take)
copy      the same folder copied elsewhere and indexed: seconds, and texts given to the model
memory    the desktop app (offscreen) on that folder: a first start builds the app's own index of it
          (a folder source has an index of its own, under its source name: its vectors come from the
          embedding cache) and is measured for its peak; then the app is started again, index built,
          and its resident memory read once the model is loaded and the sync that follows has ended
          (plus 5 s), with where it goes (/proc/PID/smaps, by mapping)

Written down in docs/benchmarks.md.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import psutil

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_search import make_kb, spinning

ROOT = Path(__file__).resolve().parent.parent
QUERY = "wifi says connected but nothing loads"

ENCODE = """
import json, statistics, sys, time
sys.path.insert(0, sys.argv[1])
from bench_search import QUERIES, percentile
from kbdesk.core.search.semantic import Embedder
embedder = Embedder()
embedder.load()
embedder.encode_query("warm up")
samples = []
for _ in range(8):
    for q in QUERIES:
        t = time.perf_counter()
        embedder.encode_query(q)
        samples.append((time.perf_counter() - t) * 1000)
print("RESULT " + json.dumps({"p50": statistics.median(samples), "p95": percentile(samples, 0.95)}))
"""

INDEX = """
import json, resource, sys, time
from pathlib import Path
from kbdesk.core.search.engine import SearchEngine
engine = SearchEngine(Path(sys.argv[1]))
engine.sync(embed=False)
started = time.perf_counter()
engine.load_model()
loaded = time.perf_counter()
calls = {"texts": 0}
encode = engine.embedder.encode
def counting(texts, **kwargs):
    calls["texts"] += len(texts)
    return encode(texts, **kwargs)
engine.embedder.encode = counting
cpu = time.process_time()
report = engine.sync(embed=True)
done = time.perf_counter()
print("RESULT " + json.dumps({
    "model_load_s": loaded - started, "embed_s": done - loaded, "embed_cpu_s": time.process_time() - cpu,
    "embedded": report.embedded,
    "texts_to_model": calls["texts"], "chunks": engine.stats().chunks,
    "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
}))
"""


def run(tree: Path, home: Path, args: list[str], timeout: float = 7200) -> subprocess.CompletedProcess:
    """Run Python with ``tree``'s kbdesk first on the path (from outside any checkout: '' would win)."""
    env = {**os.environ, "KBDESK_HOME": str(home), "PYTHONPATH": str(tree), "HF_HUB_OFFLINE": "1"}
    env["QT_QPA_PLATFORM"] = "offscreen"
    done = subprocess.run(
        [sys.executable, *args], env=env, cwd=tempfile.gettempdir(), capture_output=True, text=True, timeout=timeout
    )
    if done.returncode != 0:
        raise SystemExit(f"failed in {tree}: {' '.join(args[:3])}\n{done.stderr[-3000:]}")
    return done


def result(done: subprocess.CompletedProcess) -> dict:
    line = next(x for x in done.stdout.splitlines() if x.startswith("RESULT "))
    return json.loads(line.split(" ", 1)[1])


def bench_cold(tree: Path, home: Path, runs: int = 7) -> dict:
    search = ["-m", "kbdesk", "search", "--mode", "hybrid", QUERY, "--json"]
    run(tree, home, search)  # builds the starter index and its vectors
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        done = run(tree, home, search)
        times.append(time.perf_counter() - started)
        hits = json.loads(done.stdout)
        assert hits and hits[0]["semantic_rank"] is not None, "no semantic result"
    return {"median_s": statistics.median(times), "min_s": min(times), "max_s": max(times)}


def bench_encode(tree: Path, home: Path, busy: int) -> dict:
    out = {"quiet": result(run(tree, home, ["-c", ENCODE, str(Path(__file__).parent)]))}
    if busy:
        with spinning(busy):
            out[f"busy{busy}"] = result(run(tree, home, ["-c", ENCODE, str(Path(__file__).parent)]))
    return out


def smaps_breakdown(pid: int, top: int = 12) -> dict:
    """Resident memory of ``pid`` by mapping (anonymous, the heap, each file), in MB, largest first."""
    by_name: dict[str, float] = {}
    name = "[anon]"
    with open(f"/proc/{pid}/smaps", encoding="utf-8", errors="replace") as handle:
        for line in handle:
            fields = line.split()
            if not fields:
                continue
            if not fields[0].endswith(":"):  # a mapping's header: address perms offset dev inode [path]
                name = fields[5] if len(fields) > 5 else "[anon]"
            elif fields[0] == "Rss:":
                by_name[name] = by_name.get(name, 0.0) + int(fields[1]) / 1024
    files = sum(v for k, v in by_name.items() if k.startswith("/"))
    ranked = sorted(by_name.items(), key=lambda kv: -kv[1])[:top]
    return {
        "total_mb": round(sum(by_name.values()), 1),
        "files_mb": round(files, 1),
        "not_files_mb": round(sum(by_name.values()) - files, 1),
        "largest": [[k, round(v, 1)] for k, v in ranked],
    }


def run_app(tree: Path, home: Path, timeout: float, settle: float = 5.0) -> dict:
    """Start the app; return its peak RSS and, once the model is loaded and the sync after it has ended
    (then ``settle`` seconds), its RSS and where it goes."""
    log_file = home / "logs" / "kbdesk.log"
    log_file.unlink(missing_ok=True)
    env = {**os.environ, "KBDESK_HOME": str(home), "PYTHONPATH": str(tree), "HF_HUB_OFFLINE": "1"}
    env["QT_QPA_PLATFORM"] = "offscreen"
    proc = subprocess.Popen(
        [sys.executable, "-m", "kbdesk"],
        env=env,
        cwd=tempfile.gettempdir(),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    started = time.monotonic()
    peak = 0.0
    settled_at = None
    try:
        process = psutil.Process(proc.pid)
        while time.monotonic() - started < timeout:
            peak = max(peak, process.memory_info().rss / 2**20)
            if settled_at is None and log_file.exists():
                text = log_file.read_text("utf-8")
                loaded = text.find("embedding model loaded")
                if loaded >= 0 and text.find("knowledge: sync: ", loaded) >= 0:
                    settled_at = time.monotonic()
            if settled_at is not None and time.monotonic() - settled_at > settle:
                break
            time.sleep(0.2)
        steady = process.memory_info().rss / 2**20
        where = smaps_breakdown(proc.pid)
    finally:
        proc.terminate()
        proc.wait(timeout=60)
    return {
        "peak_rss_mb": round(peak, 1),
        "rss_after_load_mb": round(steady, 1),
        "settled": settled_at is not None,
        "seconds": round(time.monotonic() - started, 1),
        "smaps": where,
    }


def bench_memory(tree: Path, home: Path, kb: Path, timeout: float = 3600) -> dict:
    from kbdesk.core.settings import Settings, save_settings

    save_settings(Settings().with_value("articles_dir", str(kb)), home / "config" / "settings.toml")
    first = run_app(tree, home, timeout)
    again = run_app(tree, home, timeout)
    return {"first_start": first, "index_built": again}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--torch-tree", type=Path, help="kbdesk source tree from before the switch")
    parser.add_argument("--onnx-tree", type=Path, default=ROOT, help="kbdesk source tree on ONNX (default: this one)")
    parser.add_argument("--articles", type=int, default=10000)
    parser.add_argument("--busy", type=int, default=2)
    parser.add_argument("--skip", default="", help="comma-separated: cold,encode,index,copy,memory")
    parser.add_argument("--workdir", type=Path, help="keep the generated articles here (reused when present)")
    parser.add_argument("--engines", default="onnx,torch", help="which trees to measure, in this order")
    parser.add_argument(
        "--reuse-home",
        action="store_true",
        help="keep the workdir's scratch homes (their indexes and embedding cache) instead of starting afresh",
    )
    args = parser.parse_args()
    engines = [e for e in args.engines.split(",") if e]
    if "torch" in engines and args.torch_tree is None:
        parser.error("--torch-tree is needed to measure torch (or --engines onnx)")
    skip = set(filter(None, args.skip.split(",")))
    work = args.workdir or Path(tempfile.mkdtemp(prefix="kbdesk-bench-semantic-"))
    kb = work / f"kb{args.articles}"
    if not kb.is_dir() and not {"index", "copy", "memory"} <= skip:
        make_kb(kb, args.articles)
    given = {"onnx": args.onnx_tree, "torch": args.torch_tree}
    trees = {name: given[name].resolve() for name in engines}
    results: dict[str, dict] = {name: {} for name in trees}
    for name, tree in trees.items():
        home = work / f"home-{name}"
        if not args.reuse_home:
            shutil.rmtree(home, ignore_errors=True)
        load = os.getloadavg()[0]
        print(f"# {name}: {tree}, load average {load:.2f}", flush=True)
        if "cold" not in skip:
            results[name]["cold"] = bench_cold(tree, home / "cold")
            print(f"  cold hybrid search: {results[name]['cold']}", flush=True)
        if "encode" not in skip:
            results[name]["encode"] = bench_encode(tree, home / "cold", args.busy)
            print(f"  query encode: {results[name]['encode']}", flush=True)
        if "index" not in skip:
            results[name]["index"] = result(run(tree, home / "big", ["-c", INDEX, str(kb)]))
            print(f"  first semantic index: {results[name]['index']}", flush=True)
        if "copy" not in skip:
            copy = work / f"copy-{name}"
            shutil.rmtree(copy, ignore_errors=True)
            shutil.copytree(kb, copy)
            results[name]["copy"] = result(run(tree, home / "big", ["-c", INDEX, str(copy)]))
            print(f"  copied folder: {results[name]['copy']}", flush=True)
            shutil.rmtree(copy, ignore_errors=True)
        if "memory" not in skip:
            results[name]["memory"] = bench_memory(tree, home / "big", kb)
            print(f"  app memory: {results[name]['memory']}", flush=True)
        results[name]["load_average"] = [load, os.getloadavg()[0]]
    print("RESULTS " + json.dumps(results))


if __name__ == "__main__":
    main()
