"""Git sources at scale: a 10,000-article repository served over git:// by a real `git daemon` on 127.0.0.1.

Measures, for kbdesk's side (pygit2 fetch, checkout, lint, swap) and the server's:

* first sync (shallow clone, checkout, lint, swap),
* a sync with no change upstream,
* a sync after one article changed upstream, with lint's scan cache warm (the app keeps it)
  and cold (a fresh process, as `kbdesk sources sync` is),
* the keyword re-index of that one change with the existing indexer on a stable index root,
* per sync: bytes on the wire both ways (a counting proxy in front of the daemon), kbdesk's CPU
  seconds, and the CPU the git server spent (git daemon's reaped children: git-upload-pack and
  pack-objects, from /proc/PID/stat cutime+cstime).

    .venv/bin/python benchmarks/bench_sources.py [--articles 10000] [--repeats 5]

Needs the git binary (to build the repository and run the daemon); kbdesk itself does not.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import random
import shutil
import signal
import socket
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))

from bench_lint import make_article
from gitserver import GitDaemon, git


def generate(folder: Path, n: int) -> None:
    rng = random.Random(20261126)
    for i in range(n):
        sub = folder / f"section-{i % 20:02}"
        sub.mkdir(parents=True, exist_ok=True)
        (sub / f"art-{i:05}.md").write_text(make_article(i, n, rng), encoding="utf-8")


class CountingProxy:
    """A TCP forwarder on 127.0.0.1 in front of the git daemon that counts the bytes on the wire both ways
    (libgit2's received_bytes counts pack data only, not the ref advertisement and negotiation)."""

    def __init__(self, target_port: int) -> None:
        self.target_port = target_port
        self.to_server = 0
        self.to_client = 0
        self._lock = threading.Lock()
        self._listener = socket.socket()
        self._listener.bind(("127.0.0.1", 0))
        self._listener.listen(64)
        self.port = self._listener.getsockname()[1]
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self) -> None:
        while True:
            try:
                client, _ = self._listener.accept()
            except OSError:
                return
            server = socket.create_connection(("127.0.0.1", self.target_port))
            threading.Thread(target=self._pump, args=(client, server, "to_server"), daemon=True).start()
            threading.Thread(target=self._pump, args=(server, client, "to_client"), daemon=True).start()

    def _pump(self, src: socket.socket, dst: socket.socket, counter: str) -> None:
        try:
            while chunk := src.recv(65536):
                dst.sendall(chunk)
                with self._lock:
                    setattr(self, counter, getattr(self, counter) + len(chunk))
        except OSError:
            pass
        finally:
            for sock in (src, dst):
                with contextlib.suppress(OSError):
                    sock.shutdown(socket.SHUT_RDWR)

    def take(self) -> tuple[int, int]:
        """Bytes (to the server, to the client) since the last call."""
        time.sleep(0.05)  # let the pumps finish the last chunk
        with self._lock:
            counts = (self.to_server, self.to_client)
            self.to_server = self.to_client = 0
        return counts

    def close(self) -> None:
        self._listener.close()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--articles", type=int, default=10_000)
    parser.add_argument("--repeats", type=int, default=5)
    args = parser.parse_args()

    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))  # a `kill` still stops the daemon and cleans up
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
    git(upstream, "gc", "-q")  # a git server keeps its repositories packed
    print(f"repository: {args.articles} articles, built in {time.perf_counter() - t:.1f} s")

    daemon = GitDaemon(work / "served").start()
    try:
        proxy = CountingProxy(daemon.port)
        url = f"git://127.0.0.1:{proxy.port}/kb"
        source = Source("bench", url)
        area = SourceArea(source)

        wire: list[tuple[str, int, int]] = []

        def timed_sync(area: SourceArea, label: str):
            proxy.take()
            before = daemon.children_cpu_seconds()
            cpu_before = time.process_time()
            result = area.sync()
            client_cpu = time.process_time() - cpu_before
            time.sleep(0.3)  # let the daemon reap its child
            cpu = daemon.children_cpu_seconds() - before
            up, down = proxy.take()
            stages = ", ".join(f"{k} {v:.2f}" for k, v in result.timings)
            print(
                f"{label:34} {result.seconds:6.2f} s  ({stages})  {result.outcome:9} "
                f"wire {down:>9,} B down / {up:,} B up, {result.received_objects} objects; "
                f"kbdesk CPU {client_cpu:.2f} s, server CPU {cpu:.2f} s"
            )
            wire.append((label, up, down))
            return result, cpu, client_cpu

        print(f"load average before: {os.getloadavg()[0]:.2f}")
        first, first_server_cpu, first_cpu = timed_sync(area, "first sync (clone+checkout+lint)")
        assert first.outcome == "updated", first.message
        index_root = work / "home" / "index-bench"
        t = time.perf_counter()
        Indexer(first.served.folder, index_root).sync(None)
        print(f"{'first keyword index':34} {time.perf_counter() - t:6.2f} s")

        nochange = [timed_sync(area, "no change upstream") for _ in range(args.repeats)]
        # the server's CPU per no-change fetch is below the 10 ms clock tick: measure a batch
        batch = 50
        proxy.take()
        before = daemon.children_cpu_seconds()
        t = time.perf_counter()
        for _ in range(batch):
            area.sync()
        elapsed = time.perf_counter() - t
        time.sleep(0.3)
        batch_cpu = (daemon.children_cpu_seconds() - before) / batch
        up, down = proxy.take()
        received = down
        print(
            f"{'no change, batch of ' + str(batch):34} {elapsed / batch:6.3f} s each, wire {received / batch:.0f} B down "
            f"/ {up / batch:.0f} B up each, "
            f"server CPU {batch_cpu * 1000:.1f} ms each"
        )
        rng = random.Random(5)
        warm, cold, reindex, totals = [], [], [], []
        for r in range(args.repeats):
            i = rng.randrange(args.articles)
            path = upstream / f"section-{i % 20:02}" / f"art-{i:05}.md"
            path.write_text(path.read_text("utf-8").replace("# ", f"# Revised {r} ", 1), "utf-8")
            git(upstream, "commit", "-q", "-am", f"edit {i}")
            use_cold = r % 2 == 1
            target = SourceArea(source) if use_cold else area
            result, cpu, client_cpu = timed_sync(target, f"one article changed ({'cold' if use_cold else 'warm'} lint)")
            assert result.outcome == "updated" and result.changes.count == 1, result.message
            (cold if use_cold else warm).append((result, cpu, client_cpu))
            t = time.perf_counter()
            cpu_before = time.process_time()
            report = Indexer(result.served.folder, index_root).sync(None)
            seconds = time.perf_counter() - t
            index_cpu = time.process_time() - cpu_before
            reindex.append(seconds)
            if not use_cold:
                totals.append((result.seconds + seconds, client_cpu + index_cpu))
            print(f"{'  keyword re-index':34} {seconds:6.2f} s  ({report.describe()}); CPU {index_cpu:.2f} s")
        print()
        print("summary (median):")
        med = statistics.median
        one = [(u, d) for label, u, d in wire if label.startswith("one article")]
        print(
            f"  first sync: {first.seconds:.2f} s (kbdesk CPU {first_cpu:.2f} s), wire {wire[0][2]:,} B down / "
            f"{wire[0][1]:,} B up, server CPU {first_server_cpu:.2f} s"
        )
        print(
            f"  no-change sync: {med(r.seconds for r, _, _ in nochange):.3f} s, wire {received / batch:,.0f} B down / "
            f"{up / batch:,.0f} B up, server CPU {batch_cpu * 1000:.1f} ms"
        )
        print(
            f"  one-article fetch on the wire: {med(d for _, d in one):,.0f} B down / {med(u for u, _ in one):,.0f} B up"
        )
        for label, rows in (("warm", warm), ("cold", cold)):
            if rows:
                print(
                    f"  one-article sync ({label} lint cache): {med(r.seconds for r, _, _ in rows):.2f} s "
                    f"(kbdesk CPU {med(c for _, _, c in rows):.2f} s), server CPU {med(c for _, c, _ in rows):.3f} s"
                )
        if totals:
            print(
                "  one article fetched + checked out + linted + keyword re-indexed (warm): "
                f"{med(t for t, _ in totals):.2f} s wall, {med(c for _, c in totals):.2f} s CPU"
            )
        print(f"load average after: {os.getloadavg()[0]:.2f}")
    finally:
        daemon.stop()
        if "proxy" in locals():
            proxy.close()
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
