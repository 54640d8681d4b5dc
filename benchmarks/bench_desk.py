"""Sending a 2 MB bundle to the local Request Tracker, and fetching it back (target: send <= 2 s).

Needs the RT that ``scripts/servers/rt.sh start`` runs (it reads the connection file that
writes). All kbdesk state goes to a scratch KBDESK_HOME. Each run sends fresh bundles
(random 2 MiB attachment: incompressible, so the bundle is ~2 MB on the wire before base64)
and prints, per phase, the median and the slowest of ``--runs``:

    verify     read and verify the bundle (open_bundle), once per send
    outbox     copy it into the outbox (copy + sha256 + two atomic writes)
    lookup     ask RT whether a ticket for the bundle id exists (one TicketSQL search)
    create     POST /ticket with the bundle as a base64 attachment
    send       the whole send_bundle() call, which does all of the above
    cli        ``kbdesk bundle send`` as a process (Python start and imports included)
    fetch      ``ticket open``'s download of the same bundle (attachment list + base64 JSON)

    .venv/bin/python benchmarks/bench_desk.py --runs 5
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--size", type=int, default=2 * 1024 * 1024, help="attachment bytes (default 2 MiB)")
    parser.add_argument("--connection", default=os.environ.get("KBDESK_TEST_RT", "/var/tmp/kbdesk-rt/connection.json"))
    args = parser.parse_args()

    conn = json.loads(Path(args.connection).read_text())
    scratch = Path(tempfile.mkdtemp(prefix="kbdesk-bench-desk-"))
    os.environ["KBDESK_HOME"] = str(scratch / "home")
    os.environ["KBDESK_BENCH_RT_TOKEN"] = conn["token"]

    from kbtest_helpers import write_test_bundle

    from kbdesk.core.desks import (
        Outbox,
        desk_from_mapping,
        fetch_ticket_bundle,
        open_desk,
        read_submission,
        send_bundle,
        with_desk,
    )
    from kbdesk.core.desks.outbox import OutboxEntry, utc_iso
    from kbdesk.core.settings import Settings, save_settings

    desk = desk_from_mapping(
        "rt", {"kind": "rt", "url": conn["url"], "queue": conn["queue"], "token_env": "KBDESK_BENCH_RT_TOKEN"}
    )
    settings = with_desk(Settings(), desk)
    save_settings(settings)
    times: dict[str, list[float]] = {k: [] for k in ("verify", "outbox", "lookup", "create", "send", "cli", "fetch")}

    def timed(key, fn, *a, **kw):
        started = time.perf_counter()
        value = fn(*a, **kw)
        times[key].append(time.perf_counter() - started)
        return value

    size = 0
    for run in range(args.runs):
        # the phases one by one, on one bundle
        info = write_test_bundle(scratch / f"phases-{run}.kbbundle", attachment_bytes=args.size, seed=run)
        size = info.size
        submission = timed("verify", read_submission, info.path)
        outbox = Outbox(scratch / f"ob-{run}", scratch / f"req-{run}.json")
        entry = OutboxEntry(info.bundle_id, "rt", info.path.name, info.sha256, info.size, "s", utc_iso(time.time()))
        timed("outbox", outbox.add, info.path, entry)
        adapter = open_desk(desk)
        adapter.queue_info()  # read once per process; a send from the CLI pays it inside "send"
        timed("lookup", adapter.find_ticket, info.bundle_id)
        ref = timed("create", adapter.create_ticket, submission)
        timed("fetch", fetch_ticket_bundle, ref.ticket, "rt", dest_dir=scratch / "received", settings=settings)
        # the whole call, on a fresh bundle and a fresh adapter (what the GUI's worker does)
        info = write_test_bundle(scratch / f"send-{run}.kbbundle", attachment_bytes=args.size, seed=1000 + run)
        result = timed("send", send_bundle, info.path, settings=settings)
        assert result.status == "sent", result
        # and as a command
        info = write_test_bundle(scratch / f"cli-{run}.kbbundle", attachment_bytes=args.size, seed=2000 + run)
        started = time.perf_counter()
        done = subprocess.run(
            [sys.executable, "-m", "kbdesk", "bundle", "send", str(info.path), "--json"],
            capture_output=True,
            text=True,
            env=os.environ,
        )
        times["cli"].append(time.perf_counter() - started)
        assert json.loads(done.stdout)["status"] == "sent", done.stderr

    print(f"bundle {size:,} bytes, {args.runs} runs, RT {conn['url']}, load average {os.getloadavg()[0]:.2f}")
    print(f"{'phase':8} {'median':>9} {'max':>9}")
    for key, values in times.items():
        print(f"{key:8} {statistics.median(values) * 1000:>7.0f}ms {max(values) * 1000:>7.0f}ms")


if __name__ == "__main__":
    main()
