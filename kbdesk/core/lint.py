"""Lint an articles folder: the checks a docs CI runs before articles ship.

Every problem becomes a :class:`LintFinding` ``(path, line, severity, code,
message)``. ``path`` is relative to the folder (``/`` separators); ``line`` is
1-based, and ``0`` means the finding is about the whole file (it could not be
read, or the problem has no single line). Findings are sorted by path, then
line, then code.

Rules (``RULES`` below is the authoritative table):

* Front matter: the parser's own issues (:mod:`kbdesk.core.articles`) are
  reused with their codes, a few renamed to say more (``yaml`` ->
  ``bad-yaml``, ``front-matter`` -> ``bad-front-matter``, ``broken-link`` ->
  ``broken-symlink``, the last so it cannot be confused with a broken markdown
  link). Unknown keys are warnings; wrong types and a missing ``title`` are
  errors; a file with no front matter at all has no title, so it is an error
  here although the app still loads it.
* Files that cannot be articles at all (binary, not UTF-8, malformed YAML,
  too large, unreadable, symlink loops) are errors, and no other rule looks
  at them.
* ``duplicate-id``: every file sharing an id gets an error naming the others.
* Links in the body: inline ``[x](target)``, images ``![x](target)``,
  reference definitions ``[x]: target`` and HTML ``href``/``src``, outside
  fenced code and inline code. ``http(s):``, ``mailto:`` and any other URL
  scheme are not checked. ``kbdesk:article/<id>`` must name an existing id.
  A relative ``*.md`` target (``#anchor`` and ``?query`` dropped) must be an
  article file relative to the linking article; a bare ``other-id.md`` also
  passes when ``other-id`` is an article id anywhere in the folder, because
  the app resolves such links by id. A leading ``/`` means "from the articles
  folder". Other local targets must exist as files (``missing-image`` for
  images, ``missing-file`` otherwise). Anchors are not checked: heading slug
  rules differ between renderers and a false alarm in CI costs more than a
  dead anchor, which still opens the right article.
* ``unknown-related``: an id in ``related:`` that no article has.
* ``links-retired``: a published article linking (body or ``related:``) to a
  retired one; reported on the published article's line.
* Body length: no words outside headings is ``empty-body`` (error); fewer than
  ``MIN_BODY_WORDS`` (40) words is ``short-body`` (warning) except for retired
  articles, which are often a pointer to their replacement. 40 words is about
  three sentences: less cannot hold a problem, a cause and a step.
* ``stale``: ``review_by`` before today (``today`` is a parameter so CI runs
  and tests are reproducible); not for retired articles.
* ``duplicate-title``: the same title (ignoring case and spacing) on two
  articles; a results list cannot tell them apart.
* ``near-duplicate``: the cosine similarity of two articles' head texts
  (title, summary, symptoms, error codes: :func:`search.text.head_text`)
  is at least ``NEAR_DUPLICATE_THRESHOLD``. Retired articles are left out
  (they usually resemble their replacement on purpose). One vector per
  article, then the upper triangle of the similarity matrix in row blocks,
  so memory stays at ``block x n`` floats. Skipped with a note when the model
  cannot be loaded; never run unless asked (``semantic=True``).

Why 0.92: measured with all-MiniLM-L6-v2 on head texts. On the 60 starter
articles the most similar pair of different articles scores 0.726
(account-locked-out / agent-find-lockout-source). On the 420-article
stackfaq-kb set, different tasks reach 0.893 ("Override the default
registered application" vs "Add a custom MIME type") and 0.871 (booklet on a
double- vs single-sided printer); the "for all users" / "for individual users"
twins that repeat each other almost word for word score 0.98. Pages that share
an identical title score about 0.90 and are caught by ``duplicate-title``
instead. 0.92 leaves a margin above the highest genuinely different pair.
Loosely reworded duplicates written from scratch scored 0.58-0.82 in our
trial, inside the range of related-but-different articles, so this check
finds copied-and-edited articles, not every article on the same problem.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import re
import time
from bisect import bisect_right
from collections.abc import Iterable, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any
from urllib.parse import unquote

from .articles import (
    Article,
    ArticleIssue,
    decode_article,
    iter_article_files,
    load_file,
    read_article_bytes,
)
from .errors import ArticlesFolderError, KbdeskError, ModelUnavailableError

log = logging.getLogger(__name__)

#: fewer words than this (outside headings) is a short body
MIN_BODY_WORDS = 40
#: cosine similarity of head texts at or above which two articles are near-duplicates
NEAR_DUPLICATE_THRESHOLD = 0.92
#: rows of the similarity matrix computed at once (block x n float32)
SIMILARITY_BLOCK_ROWS = 1024
#: other articles named in one duplicate finding before "and N more"
MAX_NAMED = 5
#: below this many files, parsing in worker processes costs more than it saves.
#: Parsing is serial unless ``jobs`` > 1 is asked for: on our 2-core box (shared,
#: load 5-10) two workers took 34 s for 10,000 files against 20 s serial.
PARALLEL_MIN_FILES = 400


@dataclass(frozen=True)
class Rule:
    code: str
    severity: str
    description: str


RULES: tuple[Rule, ...] = (
    # files that cannot be articles (from the parser)
    Rule("binary", "error", "file contains NUL bytes; not a markdown article"),
    Rule("not-utf8", "error", "file is not valid UTF-8"),
    Rule("bad-yaml", "error", "front matter is not valid YAML"),
    Rule("bad-front-matter", "error", "front matter never closed, or not a mapping"),
    Rule("too-large", "error", "file is larger than an article can be"),
    Rule("unreadable", "error", "file cannot be read"),
    Rule("symlink-loop", "error", "symbolic link loop"),
    Rule("broken-symlink", "error", "symbolic link points nowhere"),
    Rule("parse-failed", "error", "kbdesk failed to read the file (a bug in kbdesk; the log has the details)"),
    # front-matter schema (from the parser)
    Rule("no-front-matter", "error", "no YAML front matter, so no title"),
    Rule("missing-title", "error", "required field 'title' missing or empty"),
    Rule("wrong-type", "error", "a front-matter field has the wrong type"),
    Rule("bad-date", "error", "a date field is not a real date written as YYYY-MM-DD"),
    Rule("yaml-alias", "error", "a front-matter field uses a YAML alias (*name); aliases are refused"),
    Rule("bad-key", "error", "a front-matter key is a list or mapping, not text"),
    Rule("duplicate-key", "warning", "the same front-matter key is given twice; the last one is used"),
    Rule("unknown-key", "warning", "front-matter key that kbdesk does not know"),
    Rule("bad-status", "error", "status is not draft, review, published or retired"),
    Rule("bad-audience", "warning", "audience is not end-user or agent"),
    Rule("unknown-platform", "warning", "platform kbdesk does not know"),
    Rule("bad-id", "warning", "id uses characters other than letters, digits, '.', '_', '-'"),
    # across articles
    Rule("duplicate-id", "error", "two or more files use the same id"),
    Rule("duplicate-title", "warning", "two or more articles have the same title"),
    Rule("broken-link", "error", "link to an article that does not exist"),
    Rule("missing-image", "error", "image file that does not exist"),
    Rule("missing-file", "error", "link to a local file that does not exist"),
    Rule("bad-link", "warning", "kbdesk: link in a form other than kbdesk:article/<id>"),
    Rule("unknown-related", "error", "related: names an id no article has"),
    Rule("links-retired", "warning", "published article links to a retired one"),
    Rule("empty-body", "error", "article has no text"),
    Rule("short-body", "warning", f"article body has fewer than {MIN_BODY_WORDS} words"),
    Rule("stale", "warning", "review_by date has passed"),
    Rule("near-duplicate", "warning", "articles whose head texts are semantically near-identical"),
)
CODES = frozenset(r.code for r in RULES)
_SEVERITY = {r.code: r.severity for r in RULES}
_PARSER_CODE_NAMES = {"yaml": "bad-yaml", "front-matter": "bad-front-matter", "broken-link": "broken-symlink"}


@dataclass(frozen=True)
class LintFinding:
    path: str  # relative to the linted folder, '/' separators
    line: int  # 1-based; 0 when the finding is about the whole file
    severity: str  # "error" | "warning"
    code: str
    message: str

    def sort_key(self) -> tuple:
        return (self.path, self.line, self.code, self.message)

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.severity} {self.code} {self.message}"

    def to_dict(self) -> dict[str, Any]:
        return {
            "path": self.path,
            "line": self.line,
            "severity": self.severity,
            "code": self.code,
            "message": self.message,
        }


@dataclass(frozen=True)
class LintReport:
    folder: Path
    findings: tuple[LintFinding, ...]
    files_checked: int
    articles_checked: int
    #: things a person should know that are not findings (e.g. a skipped check)
    notes: tuple[str, ...] = ()
    #: (stage, seconds) for benchmarks and -v
    timings: tuple[tuple[str, float], ...] = ()

    @property
    def errors(self) -> int:
        return sum(1 for f in self.findings if f.severity == "error")

    @property
    def warnings(self) -> int:
        return sum(1 for f in self.findings if f.severity == "warning")

    @property
    def ok(self) -> bool:
        return self.errors == 0


class UnknownRuleError(KbdeskError):
    """--select/--ignore named a code lint does not have."""


def parse_codes(values: Iterable[str] | None) -> frozenset[str] | None:
    """Comma- or space-separated codes (repeatable) -> a set; raises on an unknown code."""
    if not values:
        return None
    codes = {c.strip() for v in values for c in re.split(r"[,\s]+", v) if c.strip()}
    unknown = sorted(codes - CODES)
    if unknown:
        raise UnknownRuleError(
            f"unknown lint code(s): {', '.join(unknown)}", hint=f"known codes: {', '.join(sorted(CODES))}"
        )
    return frozenset(codes)


# ---------------------------------------------------------------- one file


@dataclass(frozen=True)
class _Link:
    line: int
    target: str
    image: bool


@dataclass(frozen=True)
class _FileScan:
    """What one file contributes; built in a worker process when there are many files."""

    path: Path
    rel: str
    article: Article | None
    issues: tuple[ArticleIssue, ...]
    links: tuple[_Link, ...] = ()
    #: (related id, line)
    related_lines: tuple[tuple[str, int], ...] = ()
    body_words: int = 0
    #: first non-blank line of the body (where a body finding points)
    body_first_line: int = 0


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


def _scan_body(lines: Sequence[str], first_line: int) -> tuple[list[_Link], int]:
    """Links (with file line numbers) and the word count of a body, skipping code for links."""
    links: list[_Link] = []
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
            links.append(_Link(number, m.group(1), False))
            continue
        for m in _IMAGE_RE.finditer(line):
            links.append(_Link(number, m.group(1), True))
        for m in _LINK_RE.finditer(_IMAGE_RE.sub("image", line)):
            links.append(_Link(number, m.group(1), False))
        for m in _HTML_ATTR_RE.finditer(line):
            links.append(_Link(number, m.group(3), m.group(1).lower() == "img"))
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


def scan_file(path: Path, root: Path) -> _FileScan:
    """Parse one file and collect everything the folder-wide rules need."""
    path = Path(path)
    rel = path.relative_to(root).as_posix()
    article, issues = load_file(path, root=root)
    if article is None:
        return _FileScan(path, rel, None, tuple(issues))
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
    return _FileScan(path, rel, article, tuple(fixed), tuple(links), related, words, first)


class ScanCache:
    """Per-file scans kept between lint runs over successive revisions of one folder.

    A file whose relative path, size, mtime and inode are unchanged is not parsed
    again (parsing is 19 of the 20 s that linting 10,000 articles takes). Made
    for :mod:`kbdesk.core.sources`, whose revisions are immutable checkouts that
    share unchanged files by hard link, so all four stay the same; a folder
    edited in place by hand needs no cache.
    """

    def __init__(self) -> None:
        self._entries: dict[str, tuple[tuple[int, int, int], _FileScan]] = {}

    def scan(self, paths: Sequence[Path], root: Path, jobs: int) -> list[_FileScan]:
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
        fresh = {s.rel: s for s in _scan_many(missing, root, jobs)}
        scans: list[_FileScan] = []
        entries: dict[str, tuple[tuple[int, int, int], _FileScan]] = {}
        for path, (rel, key) in zip(paths, keys, strict=True):
            scan = fresh.get(rel)
            if scan is None:
                scan = replace(self._entries[rel][1], path=path)  # the same file, maybe in another folder
            if key is not None:
                entries[rel] = (key, scan)
            scans.append(scan)
        self._entries = entries
        return scans


def _scan_many(paths: Sequence[Path], root: Path, jobs: int) -> list[_FileScan]:
    if jobs <= 1 or len(paths) < PARALLEL_MIN_FILES:
        return [scan_file(p, root) for p in paths]
    chunk = max(16, len(paths) // (jobs * 8))
    with ProcessPoolExecutor(max_workers=jobs) as pool:
        return list(pool.map(scan_file, paths, [root] * len(paths), chunksize=chunk))


# ---------------------------------------------------------------- the folder


class _Collector:
    def __init__(self, select: frozenset[str] | None, ignore: frozenset[str] | None) -> None:
        self.findings: list[LintFinding] = []
        self.select = select
        self.ignore = ignore or frozenset()

    def wants(self, code: str) -> bool:
        return (self.select is None or code in self.select) and code not in self.ignore

    def add(self, rel: str, line: int | None, code: str, message: str, severity: str | None = None) -> None:
        if self.wants(code):
            self.findings.append(
                LintFinding(rel, int(line or 0), severity or _SEVERITY.get(code, "error"), code, message)
            )


def _from_parser(out: _Collector, scan: _FileScan) -> None:
    for issue in scan.issues:
        code = _PARSER_CODE_NAMES.get(issue.code, issue.code)
        severity = _SEVERITY.get(code, issue.severity)
        message = issue.message
        if code == "no-front-matter":
            message = "no YAML front matter; add one with at least 'title:' (the app falls back to the first heading)"
        out.add(scan.rel, issue.line, code, message, severity)


def _name_others(others: Sequence[str]) -> str:
    shown = ", ".join(others[:MAX_NAMED])
    return shown + (f" and {len(others) - MAX_NAMED} more" if len(others) > MAX_NAMED else "")


_SCHEME_RE = re.compile(r"^([A-Za-z][A-Za-z0-9+.-]+):")
_KBDESK_ARTICLE_RE = re.compile(r"^kbdesk:(?://)?article/([^/?#]+)/?(?:[?#].*)?$", re.IGNORECASE)


def lint_folder(
    folder: Path,
    *,
    today: dt.date | None = None,
    semantic: bool = True,
    embedder: Any = None,
    select: frozenset[str] | None = None,
    ignore: frozenset[str] | None = None,
    near_duplicate_threshold: float = NEAR_DUPLICATE_THRESHOLD,
    min_body_words: int = MIN_BODY_WORDS,
    jobs: int | None = None,
    scan_cache: ScanCache | None = None,
) -> LintReport:
    """Lint every article under ``folder``. Raises :class:`ArticlesFolderError` if it cannot be listed.

    ``embedder`` is an object with ``load()`` and ``encode(texts)`` (a
    :class:`search.semantic.Embedder`); one is created when the near-duplicate
    check runs and none is given.
    """
    folder = Path(folder).expanduser()
    if not folder.exists():
        raise ArticlesFolderError(f"articles folder not found: {folder}", hint="check the path")
    if not folder.is_dir():
        raise ArticlesFolderError(f"not a folder: {folder}")
    today = today or dt.date.today()
    out = _Collector(select, ignore)
    notes: list[str] = []
    timings: list[tuple[str, float]] = []

    started = time.perf_counter()
    try:
        paths = list(iter_article_files(folder))
    except OSError as exc:
        raise ArticlesFolderError(f"cannot list articles folder {folder}: {exc.strerror}") from exc
    if jobs is None:
        jobs = 1  # see PARALLEL_MIN_FILES: worker processes measured slower here
    scans = scan_cache.scan(paths, folder, jobs) if scan_cache is not None else _scan_many(paths, folder, jobs)
    timings.append(("parse", time.perf_counter() - started))

    started = time.perf_counter()
    docs = [s for s in scans if s.article is not None]
    for scan in scans:
        _from_parser(out, scan)

    # ids: the first path in sort order owns an id, as in load_folder
    by_id: dict[str, list[_FileScan]] = {}
    for scan in docs:
        by_id.setdefault(scan.article.id, []).append(scan)
    for aid, group in by_id.items():
        if len(group) > 1:
            for scan in group:
                others = [o.rel for o in group if o is not scan]
                out.add(
                    scan.rel,
                    scan.article.key_line("id") or 1,
                    "duplicate-id",
                    f"id '{aid}' is also used by {_name_others(others)}; ids must be unique "
                    f"(the app keeps {group[0].rel}, the path that sorts first)",
                )
    owner = {aid: group[0].article for aid, group in by_id.items()}
    by_path = {os.path.normcase(os.path.normpath(str(s.path))): s.article for s in docs}

    by_title: dict[str, list[_FileScan]] = {}
    for scan in docs:
        by_title.setdefault(" ".join(scan.article.title.casefold().split()), []).append(scan)
    for group in by_title.values():
        if len(group) > 1:
            for scan in group:
                others = [o.rel for o in group if o is not scan]
                out.add(
                    scan.rel,
                    scan.article.key_line("title") or 1,
                    "duplicate-title",
                    f"title '{scan.article.title}' is also used by {_name_others(others)}; "
                    "say what is different in the title",
                )

    for scan in docs:
        article = scan.article
        published = article.status == "published"
        for link in scan.links:
            _check_link(out, scan, link, folder, owner, by_path, published)
        for rid, line in scan.related_lines:
            target = owner.get(rid)
            if target is None:
                out.add(scan.rel, line, "unknown-related", f"related id '{rid}' is not the id of any article")
            elif published and target.status == "retired":
                out.add(
                    scan.rel,
                    line,
                    "links-retired",
                    f"related article '{rid}' is retired; point to its replacement or drop it",
                )
        if scan.body_words == 0:
            out.add(scan.rel, scan.body_first_line, "empty-body", "article has no text below the front matter")
        elif scan.body_words < min_body_words and article.status != "retired":
            out.add(
                scan.rel,
                scan.body_first_line,
                "short-body",
                f"body has only {scan.body_words} words (fewer than {min_body_words}); "
                "say what the problem is, why it happens and what to do",
            )
        if article.review_by is not None and article.review_by < today and article.status != "retired":
            days = (today - article.review_by).days
            out.add(
                scan.rel,
                article.key_line("review_by") or 1,
                "stale",
                f"review_by {article.review_by.isoformat()} passed {days} day{'s' if days != 1 else ''} ago; "
                "review the article and move review_by forward",
            )
    timings.append(("rules", time.perf_counter() - started))

    if semantic and out.wants("near-duplicate"):
        started = time.perf_counter()
        candidates = [s for s in docs if s.article.status != "retired"]
        note = _near_duplicates(out, candidates, embedder, near_duplicate_threshold, folder)
        if note:
            notes.append(note)
        timings.append(("near-duplicates", time.perf_counter() - started))

    findings = tuple(sorted(out.findings, key=LintFinding.sort_key))
    return LintReport(folder, findings, len(paths), len(docs), tuple(notes), tuple(timings))


def _check_link(
    out: _Collector,
    scan: _FileScan,
    link: _Link,
    folder: Path,
    owner: dict[str, Article],
    by_path: dict[str, Article],
    published: bool,
) -> None:
    target = link.target.strip()
    if target.startswith("<") and target.endswith(">"):
        target = target[1:-1].strip()
    if not target or target.startswith(("#", "//")):
        return
    linked: Article | None = None
    if target.lower().startswith("kbdesk:"):
        m = _KBDESK_ARTICLE_RE.match(target)
        if not m:
            out.add(scan.rel, link.line, "bad-link", f"'{target}' is not a kbdesk:article/<id> link")
            return
        aid = unquote(m.group(1))
        linked = owner.get(aid)
        if linked is None:
            out.add(scan.rel, link.line, "broken-link", f"link to article id '{aid}', which does not exist")
            return
    elif _SCHEME_RE.match(target):
        return  # http, https, mailto and other URLs: not ours to check offline
    else:
        local = unquote(re.split(r"[?#]", target, maxsplit=1)[0])
        if not local:
            return
        if local.startswith("/"):
            resolved = os.path.normpath(os.path.join(folder, local.lstrip("/")))
        else:
            resolved = os.path.normpath(os.path.join(scan.path.parent, local))
        if local.lower().endswith(".md"):
            linked = by_path.get(os.path.normcase(resolved))
            if linked is None and "/" not in local and "\\" not in local:
                linked = owner.get(local[:-3])
            if linked is None:
                if os.path.isfile(resolved):
                    return  # a file that exists but is not an article: reported on that file itself
                out.add(
                    scan.rel, link.line, "broken-link", f"link to '{local}', which is not an article in this folder"
                )
                return
        else:
            if not os.path.exists(resolved):
                code = "missing-image" if link.image else "missing-file"
                what = "image" if link.image else "file"
                out.add(
                    scan.rel, link.line, code, f"{what} '{local}' does not exist (paths are relative to the article)"
                )
            return
    if published and linked is not None and linked.status == "retired":
        out.add(
            scan.rel,
            link.line,
            "links-retired",
            f"links to retired article '{linked.id}' ({linked.rel_path}); link to its replacement",
        )


def _near_duplicates(
    out: _Collector, docs: Sequence[_FileScan], embedder: Any, threshold: float, folder: Path
) -> str | None:
    """Add near-duplicate findings; return a note when the check could not run."""
    if len(docs) < 2:
        return None
    import numpy as np

    from .paths import state_paths
    from .search.indexer import head_vectors
    from .search.semantic import DIMENSION, Embedder
    from .search.text import head_text

    if embedder is None:
        embedder = Embedder()
    # the search index already holds each article's head vector: reuse it for
    # every article unchanged since the last `kbdesk index`, embed only the rest
    cached = head_vectors(state_paths().index_root(folder))
    missing = [i for i, s in enumerate(docs) if s.article.content_hash not in cached]
    try:
        vectors = np.zeros((len(docs), DIMENSION), dtype=np.float32)
        for i, s in enumerate(docs):
            if s.article.content_hash in cached:
                vectors[i] = cached[s.article.content_hash]
        if missing:
            embedder.load()
            vectors[missing] = np.asarray(
                embedder.encode([head_text(docs[i].article) for i in missing]), dtype=np.float32
            )
    except ModelUnavailableError as exc:
        log.info("near-duplicate check skipped: %s", exc)
        return f"near-duplicate check skipped: {exc}" + (f" ({exc.hint})" if exc.hint else "")

    n = len(docs)
    neighbours: dict[int, list[tuple[float, int]]] = {}
    for start in range(0, n, SIMILARITY_BLOCK_ROWS):
        stop = min(n, start + SIMILARITY_BLOCK_ROWS)
        # only columns after each row: every pair once
        block = vectors[start:stop] @ vectors[start:].T
        rows, cols = np.nonzero(block >= threshold)
        for r, c in zip(rows.tolist(), cols.tolist(), strict=True):
            i, j = start + r, start + c
            if j <= i:
                continue
            score = float(block[r, c])
            neighbours.setdefault(i, []).append((score, j))
            neighbours.setdefault(j, []).append((score, i))
    for i, pairs in neighbours.items():
        pairs.sort(key=lambda p: (-p[0], docs[p[1]].rel))
        scan = docs[i]
        named = [f"{docs[j].rel} ({score:.2f})" for score, j in pairs]
        out.add(
            scan.rel,
            scan.article.key_line("title") or 1,
            "near-duplicate",
            f"reads like a near-duplicate of {_name_others(named)} (similarity of title, summary and "
            f"symptoms >= {threshold:.2f}); merge them or make the difference clear",
        )
    return None
