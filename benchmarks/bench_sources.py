"""Git sources at scale: a 10,000-article repository served over git:// by a real `git daemon` on 127.0.0.1.

Measures, for kbdesk's side (pygit2 fetch, checkout, lint, swap) and the server's:

* first sync (shallow clone, checkout, lint, swap),
* a sync with no change upstream,
* a sync after one article changed upstream, with lint's scan cache warm (the app keeps it)
  and cold (a fresh process, as `kbdesk sources sync` is),
* the keyword re-index of that one change with the existing indexer on a stable index root,
* per sync: bytes received, and the CPU the git server spent (git daemon's reaped children:
  git-upload-pack and pack-objects, from /proc/PID/stat cutime+cstime).

    .venv/bin/python benchmarks/bench_sources.py [--articles 10000] [--repeats 3]

Needs the git binary (to build the repository and run the daemon); kbdesk itself does not.
"""

from __future__ import annotations

import argparse
import os
import random
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_lint import make_article  # noqa: E402

GIT_ENV = {
    "GIT_AUTHOR_NAME": "Bench Writer",
    "GIT_AUTHOR_EMAIL": "writer@example.org",
    "GIT_COMMITTER_NAME": "Bench Writer",
    "GIT_COMMITTER_EMAIL": "writer@example.org",
    "GIT_CONFIG_NOSYSTEM": "1",
    "HOME": "/nonexistent",
}


def git(repo: Path, *args: str) -> str:
    env = {**os.environ, **GIT_ENV}
    return subprocess.run(["git", "-C", str(repo), *args], check=True, capture_output=True, text=True, env=env).stdout


def generate(folder: Path, n: int) -> None:
    rng = random.Random(20261126)
    for i in range(n):
        sub = folder / f"section-{i % 20:02}"
        sub.mkdir(parents=True, exist_ok=True)
        (sub / f"art-{i:05}.md").write_text(make_article(i, n, rng), encoding="utf-8")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def server_cpu(pid: int) -> float:
    """CPU seconds of the daemon's reaped children (the upload-packs it served)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    ticks = os.sysconf("SC_CLK_TCK")
    return (int(fields[13]) + int(fields[14])) / ticks  # cutime, cstime


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--articles", type=int, default=10_000)
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args()

    work = Path(tempfile.mkdtemp(prefix="kbdesk-bench-sources-"))
    os.environ["KBDESK_HOME"] = str(work / "home")
    from kbdesk.core.search.indexer import Indexer
    from kbdesk.core.sources.model import Source
    from kbdesk.core.sources.store import SourceArea

    upstream = work / "served" / "kb"
    t = time.perf_counter()
    generate(upstream, args.articles)
    git(upstream, "init", "-q", "-b", "main")
    git(upstream, "add", "-A")
    git(upstream, "commit", "-q", "-m", "import")
    print(f"repository: {args.articles} articles, built in {time.perf_counter() - t:.1f} s")

    port = free_port()
    pidfile = work / "daemon.pid"
    daemon = subprocess.Popen(
        ["git", "daemon", "--reuseaddr", "--export-all", f"--base-path={work / 'served'}", "--listen=127.0.0.1"]
        + [f"--port={port}", f"--pid-file={pidfile}", str(work / "served")],
        env={**os.environ, **GIT_ENV},
    )
    try:
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                break
            except OSError:
                time.sleep(0.05)
        url = f"git://127.0.0.1:{port}/kb"
        source = Source("bench", url)
        area = SourceArea(source)

        def timed_sync(area: SourceArea, label: str):
            before = server_cpu(daemon.pid)
            result = area.sync()
            time.sleep(0.3)  # let the daemon reap its child
            cpu = server_cpu(daemon.pid) - before
            stages = ", ".join(f"{k} {v:.2f}" for k, v in result.timings)
            print(
                f"{label:34} {result.seconds:6.2f} s  ({stages})  {result.outcome:9} "
                f"received {result.received_bytes:>9,} B / {result.received_objects} objects; server CPU {cpu:.2f} s"
            )
            return result, cpu

        print(f"load average before: {os.getloadavg()[0]:.2f}")
        first, _ = timed_sync(area, "first sync (clone+checkout+lint)")
        assert first.outcome == "updated", first.message
        index_root = work / "home" / "index-bench"
        t = time.perf_counter()
        Indexer(first.served.folder, index_root).sync(None)
        print(f"{'first keyword index':34} {time.perf_counter() - t:6.2f} s")

        nochange = [timed_sync(area, "no change upstream") for _ in range(args.repeats)]
        rng = random.Random(5)
        warm, cold, reindex, totals = [], [], [], []
        for r in range(args.repeats):
            i = rng.randrange(args.articles)
            path = upstream / f"section-{i % 20:02}" / f"art-{i:05}.md"
            path.write_text(path.read_text("utf-8").replace("# ", f"# Revised {r} ", 1), "utf-8")
            git(upstream, "commit", "-q", "-am", f"edit {i}")
            use_cold = r % 2 == 1
            target = SourceArea(source) if use_cold else area
            result, cpu = timed_sync(target, f"one article changed ({'cold' if use_cold else 'warm'} lint)")
            assert result.outcome == "updated" and result.changes.count == 1, result.message
            (cold if use_cold else warm).append((result, cpu))
            t = time.perf_counter()
            report = Indexer(result.served.folder, index_root).sync(None)
            seconds = time.perf_counter() - t
            reindex.append(seconds)
            if not use_cold:
                totals.append(result.seconds + seconds)
            print(f"{'  keyword re-index':34} {seconds:6.2f} s  ({report.describe()})")
        print()
        print("summary (median):")
        med = statistics.median
        print(f"  first sync: {first.seconds:.2f} s, {first.received_bytes:,} B received")
        print(
            f"  no-change sync: {med(r.seconds for r, _ in nochange):.3f} s, "
            f"{med(r.received_bytes for r, _ in nochange):,.0f} B, server CPU {med(c for _, c in nochange):.3f} s"
        )
        for label, rows in (("warm", warm), ("cold", cold)):
            if rows:
                print(
                    f"  one-article sync ({label} lint cache): {med(r.seconds for r, _ in rows):.2f} s, "
                    f"{med(r.received_bytes for r, _ in rows):,.0f} B, server CPU {med(c for _, c in rows):.3f} s"
                )
        if totals:
            print(f"  one article fetched + checked out + linted + keyword re-indexed (warm): {med(totals):.2f} s")
        print(f"load average after: {os.getloadavg()[0]:.2f}")
    finally:
        daemon.terminate()
        daemon.wait(10)
        subprocess.run(["rm", "-rf", str(work)], check=False)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
