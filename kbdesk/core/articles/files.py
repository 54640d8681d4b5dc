"""Article files on disk: read within limits, decoded, found in a folder, loaded one by one or all.

A file that cannot be used (binary, not UTF-8, too large, unreadable, a symlink loop, a FIFO) is
skipped with an :class:`~.model.ArticleIssue` naming the file and, where it applies, the line;
everything else still loads. :func:`load_file` never raises.
"""

from __future__ import annotations

import errno
import hashlib
import logging
import os
import stat
from collections.abc import Iterable
from pathlib import Path

from kbdesk.core.articles.model import MAX_ARTICLE_BYTES, Article, ArticleIssue, LoadResult, NotAnArticle
from kbdesk.core.articles.parse import parse_article
from kbdesk.core.errors import ArticlesFolderError

log = logging.getLogger(__name__)


def _line_of_offset(data: bytes, offset: int) -> int:
    return data.count(b"\n", 0, offset) + 1


def read_article_bytes(path: Path, max_bytes: int = MAX_ARTICLE_BYTES) -> bytes:
    """Read a candidate file, raising :class:`NotAnArticle` with a clear message for each bad kind."""
    path = Path(path)
    try:
        st = path.stat()  # follows symlinks: a loop raises ELOOP here
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            raise NotAnArticle(
                ArticleIssue(path, None, "error", "symlink-loop", "symbolic link loop; file skipped")
            ) from exc
        if exc.errno == errno.ENOENT and path.is_symlink():
            raise NotAnArticle(
                ArticleIssue(path, None, "error", "broken-link", "symbolic link points nowhere; file skipped")
            ) from exc
        raise NotAnArticle(
            ArticleIssue(path, None, "error", "unreadable", f"cannot read file ({exc.strerror}); skipped")
        ) from exc
    if not stat.S_ISREG(st.st_mode):
        # a FIFO or device would block or never end when read
        raise NotAnArticle(ArticleIssue(path, None, "error", "not-a-file", "not a regular file; skipped"))
    if st.st_size > max_bytes:
        raise NotAnArticle(
            ArticleIssue(
                path,
                None,
                "error",
                "too-large",
                f"file is {st.st_size:,} bytes, over the {max_bytes:,}-byte limit for an article; skipped",
            )
        )
    try:
        with open(path, "rb") as handle:
            data = handle.read(max_bytes + 1)
    except OSError as exc:
        raise NotAnArticle(
            ArticleIssue(path, None, "error", "unreadable", f"cannot read file ({exc.strerror}); skipped")
        ) from exc
    if len(data) > max_bytes:
        raise NotAnArticle(
            ArticleIssue(path, None, "error", "too-large", f"file is over the {max_bytes:,}-byte limit; skipped")
        )
    nul = data.find(b"\x00", 0, 8192)
    if nul >= 0:
        raise NotAnArticle(
            ArticleIssue(
                path,
                _line_of_offset(data, nul),
                "error",
                "binary",
                "file looks binary (contains NUL bytes), not a markdown article; skipped",
            )
        )
    return data


def decode_article(path: Path, data: bytes) -> str:
    """UTF-8 text with ``\n`` line ends and no byte-order mark (NotAnArticle when it is not UTF-8)."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = _line_of_offset(data, exc.start)
        raise NotAnArticle(
            ArticleIssue(
                path,
                line,
                "error",
                "not-utf8",
                f"not valid UTF-8 (byte 0x{data[exc.start]:02x} at offset {exc.start}); "
                "save the file as UTF-8; skipped",
            )
        ) from exc
    if text.startswith("\ufeff"):
        text = text[1:]
    return text.replace("\r\n", "\n").replace("\r", "\n")


def load_file(
    path: Path, *, root: Path | None = None, max_bytes: int = MAX_ARTICLE_BYTES
) -> tuple[Article | None, list[ArticleIssue]]:
    """Load one file; on a fatal problem return ``(None, [issue])`` instead of raising.

    Never raises: a failure the parser does not foresee (a bug of ours) becomes
    a ``parse-failed`` issue for this one file, logged with its traceback, so
    one file can never stop lint, indexing or the app.
    """
    try:
        data = read_article_bytes(path, max_bytes)
        text = decode_article(path, data)
        return parse_article(path, text, root=root, content_hash=hashlib.sha256(data).hexdigest())
    except NotAnArticle as skip:
        return None, [skip.issue]
    except Exception as exc:  # the one place that keeps a parser bug to one file
        log.error("could not parse %s", path, exc_info=exc)
        return None, [
            ArticleIssue(
                Path(path),
                None,
                "error",
                "parse-failed",
                f"kbdesk could not read this file ({type(exc).__name__}); skipped. "
                "This is a bug in kbdesk: please report it with the log",
            )
        ]


def article_entries(folder: Path) -> list[tuple[str, str]]:
    """(path relative to ``folder`` with ``/`` separators, full path as a string) of
    every ``*.md`` file under ``folder``, skipping hidden folders, sorted by the
    relative path.

    Folders reached through symbolic links are not followed (that is how loops
    start); symbolic links to files are, and a looping one is reported by the loader.
    Paths stay strings: at 10,000 files ``Path.relative_to`` alone cost a third
    of a second, and making a ``Path`` per file another tenth, on every sync.
    """
    root = str(folder)
    found: list[tuple[str, str]] = []
    for dirpath, dirnames, filenames in os.walk(root, followlinks=False):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        rel_dir = os.path.relpath(dirpath, root)
        prefix = "" if rel_dir == "." else rel_dir.replace(os.sep, "/") + "/"
        for name in filenames:
            if name.lower().endswith(".md") and not name.startswith("."):
                found.append((prefix + name, os.path.join(dirpath, name)))
    found.sort(key=lambda entry: entry[0])
    return found


def iter_article_files(folder: Path) -> Iterable[Path]:
    """Every ``*.md`` file under ``folder`` in a stable order (see :func:`article_entries`)."""
    return [Path(path) for _, path in article_entries(folder)]


def load_folder(folder: Path, *, max_bytes: int = MAX_ARTICLE_BYTES) -> LoadResult:
    """Load every article under ``folder``. Raises ArticlesFolderError if the folder is unusable."""
    folder = Path(folder).expanduser()
    if not folder.exists():
        raise ArticlesFolderError(
            f"articles folder not found: {folder}", hint="check the path or choose another folder in Settings"
        )
    if not folder.is_dir():
        raise ArticlesFolderError(f"not a folder: {folder}")
    try:
        files = list(iter_article_files(folder))
    except OSError as exc:
        raise ArticlesFolderError(f"cannot list articles folder {folder}: {exc.strerror}") from exc

    articles: dict[str, Article] = {}
    issues: list[ArticleIssue] = []
    for path in files:  # sorted by relative path, so the first seen of an id is the one kept
        article, file_issues = load_file(path, root=folder, max_bytes=max_bytes)
        issues.extend(file_issues)
        if article is None:
            continue
        kept = articles.get(article.id)
        if kept is not None:
            issues.append(
                ArticleIssue(
                    path,
                    article.key_line("id"),
                    "error",
                    "duplicate-id",
                    f"id '{article.id}' is also used by {kept.rel_path}; keeping {kept.rel_path} "
                    "(the path that sorts first) and skipping this file",
                )
            )
            continue
        articles[article.id] = article
    return LoadResult(articles=tuple(articles.values()), issues=tuple(issues), files_seen=len(files))
