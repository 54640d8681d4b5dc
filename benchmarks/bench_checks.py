"""Checks: compiling and evaluating every check of 10,000 articles against one snapshot, and the start-up collectors.

The articles are synthetic index records (what the engine compiles when it opens an
index): each has one to three checks made from the starter articles' conditions with
varied thresholds, a few with all:/any: lists, a sixth of them for one platform only,
so that 10,000 articles hold about 20,000 checks. The snapshot is a saved laptop report
(tests/data/checks/laptop-healthy.json) with a full disk, so some checks fire and
their sentences are rendered. Then the collectors kbdesk runs at start (cheap, offline)
are timed on this machine, cold and warm, and the app's start-up worker job end to end
(``gui.checks_view.evaluate_here`` on the starter articles' index).

    .venv/bin/python benchmarks/bench_checks.py [--articles 10000] [--runs 20] [--json]
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from kbdesk.core.search.manifest import ArticleRecord

ROOT = Path(__file__).resolve().parent.parent

CONDITIONS = [
    ("disk.home.percent_used >= {n}", (80, 99)),
    ("disk.system.free_bytes < {n} GB", (1, 20)),
    ("network.default_route == false", None),
    ("not network.connected", None),
    ("dns.resolves == false", None),
    ("clock.offset_seconds > {n} min", (1, 30)),
    ("memory.available_percent < {n}", (3, 15)),
    ("battery.health_percent < {n}", (40, 80)),
    ("display.primary_width < {n} px", (800, 1400)),
    ("printing.oldest_job_seconds >= {n} min", (5, 60)),
    ("system.uptime_seconds > {n} d", (7, 60)),
    ("proxy.configured and proxy.reachable == false", None),
    ('system.platform == "linux" and disk.fullest.percent_used > {n}', (85, 99)),
]
SENTENCES = [
    "Your home disk is {disk.home.percent_used} % full.",
    "Only {memory.available_bytes} of memory is free.",
    "The clock is {clock.offset_seconds} off.",
    "Something is wrong here.",
]


def condition(rng: random.Random) -> str:
    text, bounds = rng.choice(CONDITIONS)
    return text.format(n=rng.randint(*bounds)) if bounds else text


def records(count: int, seed: int = 15) -> dict[str, ArticleRecord]:
    from kbdesk.core.jsontypes import JSONObject
    from kbdesk.core.search.manifest import ArticleRecord

    rng = random.Random(seed)
    out: dict[str, ArticleRecord] = {}
    for i in range(count):
        checks: list[JSONObject] = []
        for n in range(rng.choice((1, 2, 2, 3))):
            check: JSONObject = {"id": f"c{n}", "found": rng.choice(SENTENCES), "line": 10 + n * 3}
            if rng.random() < 0.15:
                check[rng.choice(("all", "any"))] = [condition(rng) for _ in range(rng.randint(2, 3))]
            else:
                check["when"] = condition(rng)
            checks.append(check)
        platforms = (rng.choice(("windows", "macos", "linux")),) if i % 6 == 0 else ()
        article_id = f"article-{i:05d}"
        out[article_id] = ArticleRecord(
            id=article_id,
            title=f"Article {i}",
            summary="",
            rel_path=f"{article_id}.md",
            content_hash="",
            tags=(),
            platforms=platforms,
            symptoms=(),
            error_codes=(),
            related=(),
            audience="end-user",
            status="published",
            owner="",
            reviewed=None,
            review_by=None,
            body_line=10,
            checks=tuple(checks),
        )
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=20, help="timed evaluations (and start-up collector runs / 4)")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()

    home = tempfile.TemporaryDirectory(prefix="kbdesk-bench-")
    os.environ["KBDESK_HOME"] = home.name
    sys.path.insert(0, str(ROOT / "tests"))
    from checks_cases import report_with

    from kbdesk.core.checks import CheckSet, collect_facts, facts_from_report, start_options

    table = records(args.articles)
    checks_total = sum(len(r.checks) for r in table.values())
    t0 = time.perf_counter()
    check_set, notes = CheckSet.from_records(table)
    compile_seconds = time.perf_counter() - t0
    assert not notes and len(check_set) == checks_total, notes[:3]

    full_disk = {
        "disks": {
            "volumes": [
                {
                    "mountpoint": "/",
                    "device": "/dev/nvme0n1p2",
                    "fstype": "ext4",
                    "read_only": False,
                    "total": 502468108288,
                    "used": 477344702874,
                    "free": 12561702707,
                    "percent": 97.4,
                    "nearly_full": True,
                    "error": None,
                }
            ]
        }
    }
    facts = facts_from_report(report_with(full_disk))
    evaluations = []
    times = []
    for _ in range(args.runs + 1):
        gc.collect()  # each run starts clean: a collection inside one is the machine's, not the checks'
        t0 = time.perf_counter()
        evaluations.append(check_set.evaluate(facts.values, platform=facts.platform))
        times.append(time.perf_counter() - t0)
    cold_eval, warm = times[0], times[1:]
    last = evaluations[-1]

    start_runs = []
    per_collector: dict[str, list[float]] = {}
    for _ in range(max(2, args.runs // 4) + 1):
        t0 = time.perf_counter()
        _, report = collect_facts(start_options())
        start_runs.append(time.perf_counter() - t0)
        for result in report.results:
            per_collector.setdefault(result.name, []).append(result.seconds)
    start_cold, start_warm = start_runs[0], start_runs[1:]

    # the app's worker job at start, end to end on the starter articles' index: the cheap collectors,
    # compiling the index's checks (first call per index generation) and evaluating them
    from kbdesk.core.paths import bundled_articles_dir
    from kbdesk.core.search.engine import SearchEngine
    from kbdesk.gui.checks_view import evaluate_here

    engine = SearchEngine(bundled_articles_dir())
    engine.sync(embed=False)
    job_runs = []
    for _ in range(max(2, args.runs // 4) + 1):
        t0 = time.perf_counter()
        evaluate_here(engine, start_options(), None)
        job_runs.append(time.perf_counter() - t0)
    engine.close()

    numbers = {
        "articles": args.articles,
        "checks": checks_total,
        "distinct_conditions": check_set.condition_count,
        "compile_seconds": round(compile_seconds, 3),
        "evaluate_ms_cold": round(cold_eval * 1000, 2),
        "evaluate_ms_median": round(statistics.median(warm) * 1000, 2),
        "evaluate_ms_max": round(max(warm) * 1000, 2),
        "evaluated": last.evaluated,
        "undecided": last.undecided,
        "fired": len(last.hits),
        "start_collectors_seconds_cold": round(start_cold, 3),
        "start_collectors_seconds_median": round(statistics.median(start_warm), 3),
        "start_collectors_seconds_max": round(max(start_warm), 3),
        "start_job_seconds_cold": round(job_runs[0], 3),
        "start_job_seconds_median": round(statistics.median(job_runs[1:]), 3),
        "start_collector_median_seconds": {
            name: round(statistics.median(values), 4) for name, values in sorted(per_collector.items())
        },
        "load_average": [round(x, 2) for x in os.getloadavg()],
    }
    if args.json:
        print(json.dumps(numbers, indent=2))
        return 0
    print(
        f"{numbers['articles']:,} articles, {numbers['checks']:,} checks, "
        f"{numbers['distinct_conditions']:,} distinct conditions"
    )
    print(f"compile (CheckSet.from_records, once per index):  {numbers['compile_seconds']:.3f} s")
    print(
        f"evaluate all against one snapshot: cold {numbers['evaluate_ms_cold']:.2f} ms, "
        f"median {numbers['evaluate_ms_median']:.2f} ms, max {numbers['evaluate_ms_max']:.2f} ms "
        f"({numbers['evaluated']:,} evaluated, {numbers['undecided']:,} undecided, {numbers['fired']:,} fired)"
    )
    print(
        f"start-up collectors (cheap, offline, on this machine): cold {numbers['start_collectors_seconds_cold']:.3f} s, "
        f"median {numbers['start_collectors_seconds_median']:.3f} s, max {numbers['start_collectors_seconds_max']:.3f} s"
    )
    print(
        f"the app's start-up job (collectors + compile + evaluate, starter articles): "
        f"cold {numbers['start_job_seconds_cold']:.3f} s, median {numbers['start_job_seconds_median']:.3f} s"
    )
    slowest = sorted(numbers["start_collector_median_seconds"].items(), key=lambda kv: -kv[1])[:5]
    print("  slowest collectors (median s): " + ", ".join(f"{n} {s:.4f}" for n, s in slowest))
    print(f"load average: {numbers['load_average']}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
