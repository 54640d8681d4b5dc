"""Lint's look at one file: the article as parsed, and what the folder-wide rules need from its text
(links with their lines, the body's word count, where each related id is written), cached between
runs over successive revisions of a folder (:class:`ScanCache`)."""

from __future__ import annotations

import os
import re
from bisect import bisect_right
from collections.abc import Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, replace
from pathlib import Path

from kbdesk.core.articles import Article, ArticleIssue, decode_article, load_file, read_article_bytes
from kbdesk.core.rendering import plain_text_reason_for

#: below this many files, parsing in worker processes costs more than it saves.
#: Parsing is serial unless ``jobs`` > 1 is asked for: on our 2-core box (shared,
#: load 5-10) two workers took 34 s for 10,000 files against 20 s serial.
PARALLEL_MIN_FILES = 400


@dataclass(frozen=True)
class Link:
    line: int
    target: str
    image: bool


@dataclass(frozen=True)
class FileScan:
    """What one file contributes; built in a worker process when there are many files."""

    path: Path
    rel: str
    article: Article | None
    issues: tuple[ArticleIssue, ...]
    links: tuple[Link, ...] = ()
    #: (related id, line)
    related_lines: tuple[tuple[str, int], ...] = ()
    body_words: int = 0
    #: first non-blank line of the body (where a body finding points)
    body_first_line: int = 0
    #: why the app would show the body as plain text, not formatted ("" when it formats it)
    plain_reason: str = ""

    @property
    def parsed(self) -> Article:
        """The article, for a scan of a file that is one (the folder rules look at no other)."""
        if self.article is None:
            raise ValueError(f"{self.rel} is not an article")
        return self.article


# These run over every line of every article, so each is linear in the line's length
# (benchmarks/bench_pathological.py): a class that scans for a closing character also stops at
# the character every match starts with ("[" or "<"), so no start rescans the text after the
# next start ("![![![" was quadratic: 6 s for a 16 KB line), and no two quantifiers over the same
# characters touch. A link whose target holds a "[" is not checked (it is not a valid URL anyway).
_FENCE_RE = re.compile(r"^\s*(```|~~~)")
_HEADING_RE = re.compile(r"^\s{0,3}#{1,6}(\s|$)")
_BACKTICKS_RE = re.compile(r"`+")
_LINK_TAIL = r"\]\([ \t]*+(<[^<>\[]*>|[^)\s\[]++)(?:[ \t]++(?:\"[^\"\[]*\"|'[^'\[]*'|\([^()\[]*\)))?[ \t]*+\)"
_IMAGE_RE = re.compile(r"!\[[^\[\]]*" + _LINK_TAIL)
_LINK_RE = re.compile(r"\[[^\[\]]*" + _LINK_TAIL)
_REF_DEF_RE = re.compile(r"^\s{0,3}\[[^\]]+\]:\s*(<[^>]*>|\S+)")
_HTML_ATTR_RE = re.compile(r"<(img|a)\b[^<>]*?\b(src|href)[ \t]*+=[ \t]*+[\"']([^\"'<]+)[\"']", re.IGNORECASE)
_WORD_RE = re.compile(r"\w+")
_MARKUP_LINK_RE = re.compile(r"!?\[([^\[\]]*)\]\([^)\[]*\)")


def _without_code_spans(line: str) -> str:
    """``line`` with each inline code span (a run of backticks up to the next run of the same
    length) replaced by a space.

    Pairs the runs through a table of run positions by length: the backreference pattern
    this replaces, ``(`+)(?:(?!\\1).)+?\\1``, was cubic in a long run of backticks after text
    (over 10 s for a 16 KB line).
    """
    if "`" not in line:
        return line
    runs = [(m.start(), m.end()) for m in _BACKTICKS_RE.finditer(line)]
    by_length: dict[int, list[int]] = {}
    for i, (start, end) in enumerate(runs):
        by_length.setdefault(end - start, []).append(i)
    out: list[str] = []
    pos = i = 0
    while i < len(runs):
        start, end = runs[i]
        same = by_length[end - start]
        k = bisect_right(same, i)
        if k < len(same):
            close = same[k]
            out.append(line[pos:start])
            out.append(" ")
            pos = runs[close][1]
            i = close + 1
        else:
            i += 1
    out.append(line[pos:])
    return "".join(out)


def _scan_body(lines: Sequence[str], first_line: int) -> tuple[list[Link], int]:
    """Links (with file line numbers) and the word count of a body, skipping code for links."""
    links: list[Link] = []
    words = 0
    in_fence = False
    for offset, raw in enumerate(lines):
        if not raw or raw.isspace():
            continue  # most lines of a long file; no words, no links
        number = first_line + offset
        if _FENCE_RE.match(raw):
            in_fence = not in_fence
            continue
        if in_fence:
            words += len(_WORD_RE.findall(raw))
            continue
        if _HEADING_RE.match(raw):
            continue
        line = _without_code_spans(raw)
        words += len(_WORD_RE.findall(_MARKUP_LINK_RE.sub(r"\1", raw)))
        m = _REF_DEF_RE.match(line)
        if m:
            links.append(Link(number, m.group(1), False))
            continue
        for m in _IMAGE_RE.finditer(line):
            links.append(Link(number, m.group(1), True))
        for m in _LINK_RE.finditer(_IMAGE_RE.sub("image", line)):
            links.append(Link(number, m.group(1), False))
        for m in _HTML_ATTR_RE.finditer(line):
            links.append(Link(number, m.group(3), m.group(1).lower() == "img"))
    return links, words


def _related_lines(
    front_lines: Sequence[str], related: Sequence[str], key_line: int | None
) -> tuple[tuple[str, int], ...]:
    """The line of each related id: its own list item when the list is written one per line.

    One pass over the list's lines (a regex per id over every line was quadratic in
    a long ``related:`` list)."""
    if not related:
        return ()
    start = key_line or 1
    item_lines: dict[str, int] = {}
    if key_line:
        for i in range(key_line, len(front_lines)):  # front_lines[i] is file line i + 1
            text = front_lines[i]
            if text[:1].isalpha() or text[:1] in "_\"'":
                break  # next key
            stripped = text.strip()
            if not stripped.startswith("-"):
                continue
            item = stripped[1:]
            for mark in (" #", "\t#"):  # a YAML comment starts after whitespace
                if mark in item:
                    item = item[: item.index(mark)]
            item = item.strip()
            if len(item) >= 2 and item[0] == item[-1] and item[0] in "\"'":
                item = item[1:-1]
            item_lines.setdefault(item, i + 1)
    return tuple((rid, item_lines.get(rid, start)) for rid in related)


def _find_key_line(lines: Sequence[str], message: str, end: int) -> int | None:
    """Line of a quoted key named in a parser message (the parser only finds bare keys)."""
    m = re.search(r"'([^']+)'", message)
    if not m:
        return None
    key = re.escape(m.group(1))
    pattern = re.compile(r"^\s*[\"']?" + key + r"[\"']?\s*:")
    for i in range(1, min(end, len(lines))):
        if pattern.match(lines[i]):
            return i + 1
    return None


def scan_file(path: Path, root: Path) -> FileScan:
    """Parse one file and collect everything the folder-wide rules need."""
    path = Path(path)
    rel = path.relative_to(root).as_posix()
    article, issues = load_file(path, root=root)
    if article is None:
        return FileScan(path, rel, None, tuple(issues))
    # load_file succeeded, so reading again cannot fail for a reason it did not;
    # the raw text is needed for line numbers of body links and list items.
    try:
        text = decode_article(path, read_article_bytes(path))
    except Exception:  # noqa: BLE001 - the file changed under us; lint what the parser saw
        text = "\n" * (article.body_line - 1) + article.body
    lines = text.split("\n")
    front_end = article.body_line - 1  # lines before the body (fences included)
    fixed: list[ArticleIssue] = []
    for issue in issues:
        if issue.line is None and front_end > 0:
            line = _find_key_line(lines, issue.message, front_end) or 1
            issue = ArticleIssue(issue.path, line, issue.severity, issue.code, issue.message)
        fixed.append(issue)
    links, words = _scan_body(lines[front_end:], article.body_line)
    related = _related_lines(lines[:front_end], article.related, article.key_line("related"))
    first = next((i + 1 for i in range(front_end, len(lines)) if lines[i].strip()), article.body_line)
    plain = plain_text_reason_for(article)
    return FileScan(path, rel, article, tuple(fixed), tuple(links), related, words, first, plain)


class ScanCache:
    """Per-file scans kept between lint runs over successive revisions of one folder.

    A file whose relative path, size, mtime and inode are unchanged is not parsed
    again (parsing is 19 of the 20 s that linting 10,000 articles takes). Made
    for :mod:`kbdesk.core.sources`, whose revisions are immutable checkouts that
    share unchanged files by hard link, so all four stay the same; a folder
    edited in place by hand needs no cache.
    """

    def __init__(self) -> None:
        self._entries: dict[str, tuple[tuple[int, int, int], FileScan]] = {}

    def scan(self, paths: Sequence[Path], root: Path, jobs: int) -> list[FileScan]:
        prefix = str(root).rstrip(os.sep) + os.sep
        keys: list[tuple[str, tuple[int, int, int] | None]] = []
        missing: list[Path] = []
        for path in paths:
            full = str(path)
            # slicing, not os.path.relpath: relpath was 0.9 of the 1.4 s this loop took on 10,000 files
            rel = full[len(prefix) :] if full.startswith(prefix) else os.path.relpath(full, prefix)
            rel = rel.replace(os.sep, "/")
            try:
                st = os.stat(full)
                key: tuple[int, int, int] | None = (st.st_size, st.st_mtime_ns, st.st_ino)
            except OSError:
                key = None
            hit = self._entries.get(rel)
            if key is None or hit is None or hit[0] != key:
                missing.append(path)
            keys.append((rel, key))
        fresh = {s.rel: s for s in scan_many(missing, root, jobs)}
        scans: list[FileScan] = []
        entries: dict[str, tuple[tuple[int, int, int], FileScan]] = {}
        for path, (rel, key) in zip(paths, keys, strict=True):
            scan = fresh.get(rel)
            if scan is None:
                scan = replace(self._entries[rel][1], path=path)  # the same file, maybe in another folder
            if key is not None:
                entries[rel] = (key, scan)
            scans.append(scan)
        self._entries = entries
        return scans


def scan_many(paths: Sequence[Path], root: Path, jobs: int) -> list[FileScan]:
    if jobs <= 1 or len(paths) < PARALLEL_MIN_FILES:
        return [scan_file(p, root) for p in paths]
    chunk = max(16, len(paths) // (jobs * 8))
    with ProcessPoolExecutor(max_workers=jobs) as pool:
        return list(pool.map(scan_file, paths, [root] * len(paths), chunksize=chunk))
