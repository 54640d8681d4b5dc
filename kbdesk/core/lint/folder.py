"""The folder-wide rules: ids, titles, links, related articles, body length, review dates and
near-duplicates, over the scans of every file (:func:`lint_folder`)."""

from __future__ import annotations

import datetime as dt
import logging
import os
import re
import time
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import unquote

from kbdesk.core.articles import Article, iter_article_files
from kbdesk.core.errors import ArticlesFolderError, ModelUnavailableError
from kbdesk.core.lint.findings import (
    MAX_NAMED,
    MIN_BODY_WORDS,
    NEAR_DUPLICATE_THRESHOLD,
    PARSER_CODE_NAMES,
    SEVERITY,
    SIMILARITY_BLOCK_ROWS,
    LintFinding,
    LintReport,
)
from kbdesk.core.lint.scan import FileScan, Link, ScanCache, scan_many

if TYPE_CHECKING:
    from kbdesk.core.search.semantic import Embedder

log = logging.getLogger(__name__)


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
                LintFinding(rel, int(line or 0), severity or SEVERITY.get(code, "error"), code, message)
            )


def _from_parser(out: _Collector, scan: FileScan) -> None:
    for issue in scan.issues:
        code = PARSER_CODE_NAMES.get(issue.code, issue.code)
        severity = SEVERITY.get(code, issue.severity)
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
    embedder: Embedder | None = None,
    select: frozenset[str] | None = None,
    ignore: frozenset[str] | None = None,
    near_duplicate_threshold: float = NEAR_DUPLICATE_THRESHOLD,
    min_body_words: int = MIN_BODY_WORDS,
    jobs: int | None = None,
    scan_cache: ScanCache | None = None,
) -> LintReport:
    """Lint every article under ``folder``. Raises :class:`ArticlesFolderError` if it cannot be listed.

    ``embedder``: the one the near-duplicate check uses (the app's shared one); one is created
    when that check runs and none is given.
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
    scans = scan_cache.scan(paths, folder, jobs) if scan_cache is not None else scan_many(paths, folder, jobs)
    timings.append(("parse", time.perf_counter() - started))

    started = time.perf_counter()
    docs = [s for s in scans if s.article is not None]
    for scan in scans:
        _from_parser(out, scan)

    # ids: the first path in sort order owns an id, as in load_folder
    by_id: dict[str, list[FileScan]] = {}
    for scan in docs:
        by_id.setdefault(scan.parsed.id, []).append(scan)
    for aid, group in by_id.items():
        if len(group) > 1:
            for scan in group:
                others = [o.rel for o in group if o is not scan]
                out.add(
                    scan.rel,
                    scan.parsed.key_line("id") or 1,
                    "duplicate-id",
                    f"id '{aid}' is also used by {_name_others(others)}; ids must be unique "
                    f"(the app keeps {group[0].rel}, the path that sorts first)",
                )
    owner = {aid: group[0].parsed for aid, group in by_id.items()}
    by_path = {os.path.normcase(os.path.normpath(str(s.path))): s.parsed for s in docs}

    by_title: dict[str, list[FileScan]] = {}
    for scan in docs:
        by_title.setdefault(" ".join(scan.parsed.title.casefold().split()), []).append(scan)
    for group in by_title.values():
        if len(group) > 1:
            for scan in group:
                others = [o.rel for o in group if o is not scan]
                out.add(
                    scan.rel,
                    scan.parsed.key_line("title") or 1,
                    "duplicate-title",
                    f"title '{scan.parsed.title}' is also used by {_name_others(others)}; "
                    "say what is different in the title",
                )

    for scan in docs:
        article = scan.parsed
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
        if scan.plain_reason:
            out.add(
                scan.rel,
                scan.body_first_line,
                "plain-text",
                f"the app shows this article as plain text, not formatted, because {scan.plain_reason}; "
                "split it into shorter articles or simplify its markdown",
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
        candidates = [s for s in docs if s.parsed.status != "retired"]
        note = _near_duplicates(out, candidates, embedder, near_duplicate_threshold, folder)
        if note:
            notes.append(note)
        timings.append(("near-duplicates", time.perf_counter() - started))

    findings = tuple(sorted(out.findings, key=LintFinding.sort_key))
    return LintReport(folder, findings, len(paths), len(docs), tuple(notes), tuple(timings))


def _check_link(
    out: _Collector,
    scan: FileScan,
    link: Link,
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
    out: _Collector, docs: Sequence[FileScan], embedder: Embedder | None, threshold: float, folder: Path
) -> str | None:
    """Add near-duplicate findings; return a note when the check could not run."""
    if len(docs) < 2:
        return None
    import numpy as np

    from kbdesk.core.paths import state_paths
    from kbdesk.core.search.indexer import head_vectors
    from kbdesk.core.search.semantic import DIMENSION, Embedder
    from kbdesk.core.search.text import head_text

    if embedder is None:
        embedder = Embedder()
    # the search index already holds each article's head vector: reuse it for
    # every article unchanged since the last `kbdesk index`, embed only the rest
    cached = head_vectors(state_paths().index_root(folder))
    missing = [i for i, s in enumerate(docs) if s.parsed.content_hash not in cached]
    try:
        vectors = np.zeros((len(docs), DIMENSION), dtype=np.float32)
        for i, s in enumerate(docs):
            if s.parsed.content_hash in cached:
                vectors[i] = cached[s.parsed.content_hash]
        if missing:
            embedder.load()
            vectors[missing] = np.asarray(
                embedder.encode([head_text(docs[i].parsed) for i in missing]), dtype=np.float32
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
            scan.parsed.key_line("title") or 1,
            "near-duplicate",
            f"reads like a near-duplicate of {_name_others(named)} (similarity of title, summary and "
            f"symptoms >= {threshold:.2f}); merge them or make the difference clear",
        )
    return None
