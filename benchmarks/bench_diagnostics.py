"""How long `collect_all` takes, per collector and in total.

Runs against this machine only: DNS for ``localhost`` and an ``.invalid``
name, TCP to a listening port and a closed port on 127.0.0.1. State lives in a
temporary KBDESK_HOME holding a 1 MB log, so the log tail is measured too.

    .venv/bin/python benchmarks/bench_diagnostics.py [--runs 5] [--json]
"""

from __future__ import annotations

import argparse
import json
import os
import socket
import statistics
import sys
import tempfile
import threading
import time


def _serve(server: socket.socket, stop: threading.Event) -> None:
    while not stop.is_set():
        try:
            conn, _ = server.accept()
        except OSError:
            continue
        conn.close()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5, help="timed runs after the first (cold) one")
    parser.add_argument("--json", action="store_true", help="print the numbers as JSON")
    args = parser.parse_args()

    home = tempfile.TemporaryDirectory(prefix="kbdesk-bench-")
    os.environ["KBDESK_HOME"] = home.name
    started_import = time.perf_counter()
    from kbdesk.core.diagnostics import COLLECTORS, DiagnosticsOptions, collect_all
    from kbdesk.core.paths import state_paths

    import_seconds = time.perf_counter() - started_import

    log_file = state_paths().log_file
    log_file.parent.mkdir(parents=True, exist_ok=True)
    with open(log_file, "w", encoding="utf-8") as handle:
        for i in range(12000):
            level = "ERROR" if i % 500 == 0 else "INFO"
            handle.write(f"2026-01-01 10:00:00,{i % 1000:03d} {level} kbdesk.core.search: message {i} {'x' * 50}\n")

    server = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    server.bind(("127.0.0.1", 0))
    server.listen(16)
    server.settimeout(0.2)
    stop = threading.Event()
    threading.Thread(target=_serve, args=(server, stop), daemon=True).start()
    closed = socket.socket()
    closed.bind(("127.0.0.1", 0))
    closed_port = closed.getsockname()[1]
    closed.close()

    options = DiagnosticsOptions(
        dns_hosts=("localhost", "no-such-host.invalid"),
        tcp_targets=(server.getsockname(), ("127.0.0.1", closed_port)),
        index_stats={"articles": 120, "chunks": 900},
        log_lines=200,
        timeout=1.0,
    )
    reports = []
    walls = []
    for _ in range(args.runs + 1):
        t0 = time.perf_counter()
        reports.append(collect_all(options))
        walls.append(time.perf_counter() - t0)
    stop.set()
    server.close()

    cold, warm = reports[0], reports[1:] or reports
    names = [c.name for c in COLLECTORS]
    per = {}
    for name in names:
        warm_times = [r.result(name).seconds for r in warm]
        per[name] = {
            "cold": cold.result(name).seconds,
            "median": statistics.median(warm_times),
            "max": max(warm_times),
            "ok": all(r.result(name).ok for r in reports),
        }
    summary = {
        "python": sys.version.split()[0],
        "runs": len(warm),
        "import_seconds": import_seconds,
        "total_cold": walls[0],
        "total_median": statistics.median(walls[1:] or walls),
        "total_max": max(walls[1:] or walls),
        "collectors": per,
        "report_json_bytes": len(json.dumps(warm[-1].to_dict())),
        "report_text_bytes": len(warm[-1].to_text()),
    }
    if args.json:
        print(json.dumps(summary, indent=2))
    else:
        print(f"import kbdesk.core.diagnostics: {import_seconds * 1000:.0f} ms")
        print(f"{'collector':<12} {'cold ms':>8} {'median ms':>10} {'max ms':>8}  ok")
        for name, row in per.items():
            print(
                f"{name:<12} {row['cold'] * 1000:8.1f} {row['median'] * 1000:10.1f} {row['max'] * 1000:8.1f}  {'yes' if row['ok'] else 'NO'}"
            )
        print(
            f"{'TOTAL wall':<12} {walls[0] * 1000:8.1f} {summary['total_median'] * 1000:10.1f} {summary['total_max'] * 1000:8.1f}"
            f"   ({len(warm)} warm runs; report {summary['report_json_bytes']} B JSON, {summary['report_text_bytes']} B text)"
        )
    home.cleanup()
    return 0


if __name__ == "__main__":
    sys.exit(main())
