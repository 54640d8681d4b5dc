"""How long ``kbdesk lint`` takes on a large folder, with and without the near-duplicate check.

Generates N synthetic articles (default 10,000; ~300 words, a few links each,
a handful of planted problems) in a temporary folder, then times
``lint_folder`` twice. The model load is timed on its own so the
near-duplicate figure is the check itself.

    .venv/bin/python benchmarks/bench_lint.py [--articles 10000] [--jobs N] [--keep DIR]
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import shutil
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from kbdesk.core.lint import lint_folder

TOPICS = [
    "printer",
    "vpn",
    "wifi",
    "outlook",
    "password",
    "disk",
    "monitor",
    "bluetooth",
    "teams",
    "browser",
    "keyboard",
    "camera",
    "onedrive",
    "update",
    "laptop battery",
    "docking station",
    "calendar",
    "badge",
]
PROBLEMS = [
    "will not connect",
    "is slow",
    "shows an error",
    "stopped working after an update",
    "keeps asking for a password",
    "is missing",
    "crashes on start",
    "cannot be found",
]
DETAILS = [
    "home",
    "office",
    "hotel",
    "airport",
    "guest",
    "network",
    "shared",
    "drive",
    "new",
    "laptop",
    "old",
    "desktop",
    "docking",
    "monitor",
    "headset",
    "phone",
    "tablet",
    "finance",
    "team",
    "remote",
    "contractor",
    "manager",
    "kiosk",
    "lab",
    "classroom",
    "warehouse",
    "night",
    "shift",
    "weekend",
    "travel",
    "proxy",
    "firewall",
    "certificate",
    "token",
    "license",
    "quota",
    "backup",
    "archive",
]
WORDS = [
    "open",
    "settings",
    "select",
    "restart",
    "check",
    "the",
    "cable",
    "sign",
    "in",
    "again",
    "wait",
    "a",
    "minute",
    "then",
    "try",
    "once",
    "more",
    "if",
    "the",
    "light",
    "is",
    "amber",
    "unplug",
    "it",
    "clear",
    "the",
    "cache",
    "install",
    "the",
    "latest",
    "version",
    "confirm",
    "the",
    "account",
    "choose",
    "advanced",
    "options",
    "reset",
    "the",
    "connection",
    "note",
    "the",
    "message",
    "contact",
    "support",
    "with",
    "the",
    "time",
]


def make_article(i: int, n: int, rng: random.Random) -> str:
    topic = TOPICS[i % len(TOPICS)]
    problem = PROBLEMS[(i // len(TOPICS)) % len(PROBLEMS)]
    others = [rng.randrange(n) for _ in range(3)]
    paragraphs = []
    words_left = 300
    while words_left > 0:
        k = min(words_left, rng.randint(30, 60))
        paragraphs.append(" ".join(rng.choice(WORDS) for _ in range(k)).capitalize() + ".")
        words_left -= k
    paragraphs.insert(
        1, f"See [a related fix](art-{others[0]:05}.md) and [another one](kbdesk:article/art-{others[1]:05})."
    )
    paragraphs.insert(
        3, f"More in [this article](art-{others[2]:05}.md#steps) or on [the vendor site](https://example.com/help)."
    )
    review = dt.date(2026, 1, 1) + dt.timedelta(days=rng.randrange(800))
    # a few random words in the head so that most articles are not near-duplicates of each other
    detail = " ".join(rng.sample(DETAILS, 4))
    return (
        f"---\nid: art-{i:05}\ntitle: {topic.capitalize()} {problem} (case {i})\n"
        f"summary: What to do when the {topic} {problem} with {detail}.\n"
        f"tags: [{topic.split()[0]}, synthetic]\nplatforms: [windows, macos]\n"
        f"symptoms:\n  - my {topic} {problem}\n  - {rng.choice(DETAILS)} {rng.choice(DETAILS)} trouble\n"
        f"status: published\nowner: team-{i % 7}\nreview_by: {review.isoformat()}\n"
        f"related: [art-{others[0]:05}]\n---\n\n# {topic.capitalize()} {problem}\n\n" + "\n\n".join(paragraphs) + "\n"
    )


def generate(folder: Path, n: int) -> None:
    rng = random.Random(20261126)
    for i in range(n):
        sub = folder / f"section-{i % 20:02}"
        sub.mkdir(exist_ok=True)
        text = make_article(i, n, rng)
        if i % 1000 == 1:
            text = text.replace("](art-", "](gone-", 1)  # a planted broken link
        if i % 1000 == 2:
            text = text.replace("owner:", "colour: blue\nowner:")  # a planted unknown key
        (sub / f"art-{i:05}.md").write_text(text, encoding="utf-8")
    # links are written as bare "art-NNNNN.md" across sub folders: they resolve by id.


def summarise(label: str, report, seconds: float) -> None:
    counts = Counter(f.code for f in report.findings)
    stages = ", ".join(f"{name} {secs:.2f} s" for name, secs in report.timings)
    print(f"{label:28} {seconds:7.2f} s   ({stages})")
    print(
        f"{'':28} {report.files_checked} files, {report.errors} errors, {report.warnings} warnings: "
        + ", ".join(f"{c} {k}" for k, c in sorted(counts.items()))
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=10_000)
    parser.add_argument(
        "--jobs", type=int, default=None, help="parser processes (default: serial, then 2 for comparison)"
    )
    parser.add_argument("--keep", metavar="DIR", help="generate into DIR and keep it")
    args = parser.parse_args()

    folder = Path(args.keep) if args.keep else Path(tempfile.mkdtemp(prefix="kbdesk-bench-lint-"))
    folder.mkdir(parents=True, exist_ok=True)
    try:
        started = time.perf_counter()
        generate(folder, args.articles)
        print(f"generated {args.articles} articles in {time.perf_counter() - started:.1f} s ({folder})")
        today = dt.date(2027, 1, 1)

        started = time.perf_counter()
        report = lint_folder(folder, today=today, semantic=False, jobs=args.jobs)
        summarise("lint --no-semantic", report, time.perf_counter() - started)

        if args.jobs is None:
            started = time.perf_counter()
            report = lint_folder(folder, today=today, semantic=False, jobs=2)
            summarise("lint --no-semantic, 2 procs", report, time.perf_counter() - started)

        from kbdesk.core.search.semantic import Embedder

        started = time.perf_counter()
        embedder = Embedder().load()
        print(f"{'model load':28} {time.perf_counter() - started:7.2f} s")
        started = time.perf_counter()
        report = lint_folder(folder, today=today, semantic=True, embedder=embedder, jobs=args.jobs)
        summarise("lint (with near-duplicates)", report, time.perf_counter() - started)
        for note in report.notes:
            print(f"note: {note}")
    finally:
        if not args.keep:
            shutil.rmtree(folder, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
