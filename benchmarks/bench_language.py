"""How well kbdesk tells non-English queries from English ones (kbdesk/core/language.py).

English: the golden queries (tests/golden_queries.jsonl), the shared stackfaq
development queries when the file is there, and benchmarks/data/english_short_queries.jsonl
(short, misspelt and pasted support queries written for this). Other languages:
benchmarks/data/non_english_queries.jsonl (support queries in ten languages,
written for this). Prints, per language, how many are called non-English, the
same for py3langid alone, and the per-query time; then the load times, each in a fresh
process with an empty cache folder of its own: the libraries' own loading, the first start
(which converts both into the cache folder) and a later start (which opens the converted forms).

    .venv/bin/python benchmarks/bench_language.py [--stackfaq ../shared/eval/stackfaq-kb/queries-dev.jsonl]
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
from collections import Counter
from pathlib import Path

from kbdesk.core import language

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "benchmarks" / "data"

# numpy is imported first: every kbdesk process that searches has it already
LIBRARY_LOAD = """
import time
import numpy
t = time.perf_counter()
from py3langid.langid import MODEL_FILE, LanguageIdentifier
LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
m = time.perf_counter()
from spellchecker import SpellChecker
counts = SpellChecker(language="en", distance=1).word_frequency.dictionary
frozenset(w for w, n in counts.items() if n >= 100)
print(m - t, time.perf_counter() - m)
"""

KBDESK_LOAD = """
import sys, time
from pathlib import Path
import numpy
t = time.perf_counter()
from kbdesk.core import language
language.load_identifier(Path(sys.argv[1]))
m = time.perf_counter()
language.load_lexicon(Path(sys.argv[1]))
print(m - t, time.perf_counter() - m)
"""


def load_times(runs: int) -> None:
    """Seconds to load the model and the word list (their imports included, numpy's not), median of ``runs``
    fresh processes."""

    def child(code: str, cache: str) -> tuple[float, float]:
        out = subprocess.run([sys.executable, "-c", code, cache], capture_output=True, text=True, check=True)
        model, words = out.stdout.split()
        return float(model), float(words)

    rows: dict[str, list[tuple[float, float]]] = {
        "libraries' own loading": [],
        "first start (converts)": [],
        "later start (converted)": [],
    }
    for _ in range(runs):
        with tempfile.TemporaryDirectory() as cache:
            rows["libraries' own loading"].append(child(LIBRARY_LOAD, cache))
            rows["first start (converts)"].append(child(KBDESK_LOAD, cache))
            rows["later start (converted)"].append(child(KBDESK_LOAD, cache))
    print(f"load, median of {runs} fresh processes (load average {os.getloadavg()[0]:.1f}):")
    print(f"{'':28} {'py3langid model':>16} {'English words':>14}")
    for name, times in rows.items():
        model = statistics.median(t[0] for t in times)
        words = statistics.median(t[1] for t in times)
        print(f"{name:28} {model * 1000:>13.0f} ms {words * 1000:>11.0f} ms")


def read(path: Path, key: str = "query") -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--stackfaq", type=Path, default=ROOT.parent / "shared/eval/stackfaq-kb/queries-dev.jsonl")
    parser.add_argument("--load-runs", type=int, default=5, metavar="N", help="fresh processes per load measurement")
    args = parser.parse_args()

    english: dict[str, list[str]] = {
        "golden": [q["query"] for q in read(ROOT / "tests" / "golden_queries.jsonl")],
        "short, typos, pastes": [q["query"] for q in read(DATA / "english_short_queries.jsonl")],
    }
    if args.stackfaq.is_file():
        english["stackfaq dev"] = [q["query"] for q in read(args.stackfaq)]
    others = read(DATA / "non_english_queries.jsonl")

    identifier = language._TOOLS.identifier()

    def langid_only(text: str) -> bool:
        return identifier.classify(text)[0] != "en"

    print(f"{'set':28} {'queries':>7} {'called non-English':>19} {'py3langid alone':>16}")
    started = time.perf_counter()
    calls = 0
    for name, queries in english.items():
        flagged = sum(language.detect(q) is not None for q in queries)
        alone = sum(langid_only(q) for q in queries)
        calls += len(queries)
        print(f"{'English: ' + name:28} {len(queries):>7} {flagged:>19} {alone:>16}")
    by_lang: dict[str, list[str]] = {}
    for row in others:
        by_lang.setdefault(row["lang"], []).append(row["query"])
    found_total = alone_total = 0
    wrong_name: Counter[str] = Counter()
    for code, queries in by_lang.items():
        guesses = [language.detect(q) for q in queries]
        found = sum(g is not None for g in guesses)
        wrong_name.update(code for g in guesses if g is not None and g.code != code)
        alone = sum(langid_only(q) for q in queries)
        found_total += found
        alone_total += alone
        calls += len(queries)
        label = language.LANGUAGE_NAMES.get(code, code)
        print(f"{label:28} {len(queries):>7} {found:>19} {alone:>16}")
    print(f"{'all other languages':28} {len(others):>7} {found_total:>19} {alone_total:>16}")
    per_query_ms = (time.perf_counter() - started) * 1000 / (2 * calls)
    print()
    print(f"per query: {per_query_ms:.2f} ms (both detectors, averaged)")
    if wrong_name:
        print("found but named another language:", dict(wrong_name))
    print()
    load_times(args.load_runs)


if __name__ == "__main__":
    main()
