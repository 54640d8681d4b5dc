"""How well kbdesk tells non-English queries from English ones (kbdesk/core/language.py).

English: the golden queries (tests/golden_queries.jsonl), the shared stackfaq
development queries when the file is there, and benchmarks/data/english_short_queries.jsonl
(short, misspelt and pasted support queries written for this). Other languages:
benchmarks/data/non_english_queries.jsonl (support queries in ten languages,
written for this). Prints, per language, how many are called non-English, the
same for py3langid alone, and the load and per-query time.

    .venv/bin/python benchmarks/bench_language.py [--stackfaq ../shared/eval/stackfaq-kb/queries-dev.jsonl]
"""

from __future__ import annotations

import argparse
import json
import time
from collections import Counter
from pathlib import Path

from kbdesk.core import language

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "benchmarks" / "data"


def read(path: Path, key: str = "query") -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--stackfaq", type=Path, default=ROOT.parent / "shared/eval/stackfaq-kb/queries-dev.jsonl")
    args = parser.parse_args()

    started = time.perf_counter()
    language._TOOLS.identifier()
    model_s = time.perf_counter() - started
    language._TOOLS.lexicon()
    lexicon_s = time.perf_counter() - started - model_s

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

    print(f"load: py3langid model {model_s:.2f} s, English word list {lexicon_s:.2f} s")
    print()
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


if __name__ == "__main__":
    main()
