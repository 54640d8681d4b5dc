"""Redaction recall on issue 17's corpus: per-category recall, every miss, false redactions.

Runs each record of tests/data/redaction/secrets.jsonl and keep.jsonl through the
bundle's own redaction (``escalation.build_preview``, one fresh bundle per record)
and its final scan (``redaction.find_secret_shapes``), and prints the table. The
scoring rule is in tests/redaction_corpus.py (shared with the test that holds the
targets, tests/core/test_redaction_corpus.py): a value counts as redacted only if
no run of 8 or more of its characters survives.

    .venv/bin/python benchmarks/redaction_recall.py            # table and misses
    .venv/bin/python benchmarks/redaction_recall.py --summary  # table only
    .venv/bin/python benchmarks/redaction_recall.py --json     # numbers, no values

Exits 0 whatever the numbers; the test is where the targets are enforced.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

import redaction_corpus as rc  # noqa: E402 - importable once tests/ is on the path


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--summary", action="store_true", help="the table only, without the list of misses")
    parser.add_argument("--json", action="store_true", help="print the numbers as JSON (ids, never values)")
    args = parser.parse_args(argv)

    scratch = None
    if "KBDESK_HOME" not in os.environ:  # nothing should be written, but never into a real profile
        scratch = tempfile.mkdtemp(prefix="kbdesk-recall-")
        os.environ["KBDESK_HOME"] = scratch
    try:
        started = time.perf_counter()
        report = rc.measure(rc.load_secrets(), rc.load_keep())
        elapsed = time.perf_counter() - started
    finally:
        if scratch:
            shutil.rmtree(scratch, ignore_errors=True)

    if args.json:
        print(json.dumps({**rc.to_dict(report), "seconds": round(elapsed, 2)}, indent=2))
        return 0
    print(rc.format_report(report, misses=not args.summary))
    missed = report.targets_missed()
    print()
    print("issue 17 targets: " + ("met" if not missed else f"not met ({len(missed)}): " + "; ".join(missed)))
    print(f"measured in {elapsed:.2f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
