"""Pathological article text: does any stage of kbdesk slow down more than linearly?

Builds one article per *family* (a unit of markdown or YAML punctuation
repeated into one long line: ``[[[[``, ``![``, ``# x`` followed by spaces,
runs of backticks, unclosed fences, ...) and times every stage that reads
article text: parsing (``load_file``), lint's scan of one file, the search
text preparation (sections, plain text, chunks), the keyword analyser, the
markdown renderer of the article view, the writer's syntax highlighter
patterns and the snippet tidier. Each family runs at two sizes; a stage whose
time grows more than ``--ratio`` times when the size doubles (and takes more
than a few milliseconds) is flagged as super-linear.

    .venv/bin/python benchmarks/bench_pathological.py                 # 64 KB and 128 KB lines, every family
    .venv/bin/python benchmarks/bench_pathological.py --size 520000   # the larger line just under 1 MB
    .venv/bin/python benchmarks/bench_pathological.py --families 'h1-spaces,brackets'

Prints one row per family and stage; the slowest at the end. Nothing here is
a test: run it on purpose, note the load average (printed) beside the numbers.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from kbdesk.core.articles import load_file
from kbdesk.core.lint import scan_file
from kbdesk.core.search.keyword import analyse
from kbdesk.core.search.text import chunk_texts, plain_text, sections

#: name -> (prefix, unit repeated to fill the line, suffix)
FAMILIES: dict[str, tuple[str, str, str]] = {
    "h1-spaces": ("# x", " ", "y"),
    "h1-hashes": ("# x ", "#", "y"),
    "h2-spaces": ("## x", " ", "y"),
    "spaces": ("", " ", "x"),
    "tabs": ("", "\t", "x"),
    "blank-lines": ("", "\n", "x"),
    "space-lines": ("", " \n", "x"),
    "hash-lines": ("", "#\n", "x"),
    "brackets": ("", "[", "x"),
    "close-brackets": ("", "]", "x"),
    "image-starts": ("", "![", "x"),
    "link-text": ("", "[a](", "x"),
    "link-url": ("", "[a](x", "y"),
    "link-angle": ("", "[a](<", "x"),
    "link-title": ("[a](x ", '"', "x"),
    "link-title-paren": ("", "[a](x (", "x"),
    "parens": ("", "(", "x"),
    "lt": ("", "<", "x"),
    "html-a": ("", "<a ", "x"),
    "html-href": ("", '<a href="', "x"),
    "backticks": ("", "`", "x"),
    "backtick-a": ("", "`a", "x"),
    "double-backticks": ("", "``a", "x"),
    "backtick-runs": ("", "``` ", "x"),
    "fence-lines": ("", "```a\n", "x"),
    "tilde-fence-lines": ("", "~~~a\n", "x"),
    "stars": ("", "*", "x"),
    "star-a": ("", "*a", "x"),
    "double-stars": ("", "**a", "x"),
    "underscores": ("", "_", "x"),
    "underscore-a": ("", "_a ", "x"),
    "dashes": ("", "-", "x"),
    "table-rule": ("", "|---", "x"),
    "table-spaces": ("---", " ", "x"),
    "pipes": ("", "|", "x"),
    "colons": ("", ":", "x"),
    "list-digits": ("", "1", "x"),
    "quote": ("", "> ", "x"),
    "admonition": ("", "!!! ", "x"),
    "ref-def": ("[a]: ", "<", "x"),
    "escapes": ("", "\\", "x"),
    "ampersands": ("", "&", "x"),
    "urls": ("", "http://a", " "),
    "autolinks": ("", "<http://a", "x"),
    "emphasis-mix": ("", "*_", "x"),
    "word": ("", "a", ""),
    "words": ("", "ab ", ""),
    "unicode": ("", "é\u200b", "x"),
}

FRONT = "---\ntitle: Pathological\nsummary: A long line.\n---\n"


def article_text(family: str, size: int) -> str:
    prefix, unit, suffix = FAMILIES[family]
    line = prefix + unit * max(1, (size - len(prefix) - len(suffix)) // len(unit)) + suffix
    return FRONT + line + "\n"


def _highlight(text: str) -> None:
    from kbdesk.gui import markdown_highlighter as mh

    for line in text.split("\n"):
        mh.line_formats(line)


def _render(text: str) -> None:
    """What the article view does: markdown, unless the body is over the renderer's limits."""
    from kbdesk.core.rendering import markdown_to_html, plain_text_reason

    body = text.split("---\n", 2)[2]
    if not plain_text_reason(body):
        markdown_to_html(body)


def _snippet(text: str) -> None:
    from kbdesk.core.rendering import tidy_snippet

    tidy_snippet(text, ())


def stages(path: Path, root: Path) -> dict[str, Callable[[], object]]:
    state: dict[str, object] = {}

    def parse() -> object:
        article, _ = load_file(path, root=root)
        state["article"] = article
        return article

    def loaded() -> object:
        if "article" not in state:  # --only without parse: parse untimed
            state["article"] = load_file(path, root=root)[0]
        return state["article"]

    def text_prep() -> object:
        article = loaded()
        if article is None:  # over the article size limit: nothing to prepare
            return None
        sections(article.body)  # type: ignore[attr-defined]
        plain_text(article.body)  # type: ignore[attr-defined]
        return chunk_texts(article)  # type: ignore[arg-type]

    def keyword() -> object:
        article = loaded()
        return analyse(article.body) if article is not None else None  # type: ignore[attr-defined]

    raw = path.read_text("utf-8")
    return {
        "parse": parse,
        "lint": lambda: scan_file(path, root),
        "text": text_prep,
        "keyword": keyword,
        "render": lambda: _render(raw),
        "highlight": lambda: _highlight(raw),
        "snippet": lambda: _snippet(raw),
    }


def run(size: int, families: list[str], only: set[str], ratio: float, timeout_note: float) -> int:
    worst: list[tuple[float, str, str]] = []
    flagged = 0
    with tempfile.TemporaryDirectory(prefix="kbdesk-patho-") as tmp:
        root = Path(tmp)
        print(f"{'family':20} {'stage':10} {size // 1024:>7} KB {2 * size // 1024:>7} KB  growth")
        for family in families:
            times: dict[str, list[float]] = {}
            for n in (size, 2 * size):
                path = root / f"{family}.md"
                path.write_text(article_text(family, n), encoding="utf-8")
                for stage, fn in stages(path, root).items():
                    if only and stage not in only:
                        continue
                    started = time.perf_counter()
                    fn()
                    times.setdefault(stage, []).append(time.perf_counter() - started)
            for stage, (small, large) in times.items():
                growth = large / small if small > 0 else 0.0
                bad = large > timeout_note and growth > ratio
                flagged += bad
                worst.append((large, family, stage))
                print(
                    f"{family:20} {stage:10} {small * 1000:8.1f} ms {large * 1000:8.1f} ms  "
                    f"x{growth:4.1f}{'  SUPER-LINEAR' if bad else ''}",
                    flush=True,
                )
    worst.sort(reverse=True)
    print("\nslowest at", f"{2 * size:,} characters:")
    for seconds, family, stage in worst[:8]:
        print(f"  {seconds:8.3f} s  {family} / {stage}")
    print(f"\n{flagged} stage(s) flagged super-linear (growth > x{ratio} and over {timeout_note * 1000:.0f} ms)")
    return 1 if flagged else 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=64 * 1024, help="characters of the smaller line (default 64 KB)")
    parser.add_argument("--families", default="", help="comma-separated families (default: all)")
    parser.add_argument("--only", default="", help="comma-separated stages: parse,lint,text,keyword,render,highlight")
    parser.add_argument("--ratio", type=float, default=3.0, help="growth per doubling that counts as super-linear")
    args = parser.parse_args()
    families = [f for f in args.families.split(",") if f] or list(FAMILIES)
    unknown = sorted(set(families) - set(FAMILIES))
    if unknown:
        parser.error(f"unknown families: {', '.join(unknown)}")
    print(f"load average {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    return run(args.size, families, set(filter(None, args.only.split(","))), args.ratio, 0.02)


if __name__ == "__main__":
    raise SystemExit(main())
