"""Solution articles: markdown files with YAML front matter.

``load_folder`` reads a whole articles folder. A file that cannot be used
(binary, not UTF-8, too large, malformed front matter, unreadable, a symlink
loop) is skipped with an :class:`ArticleIssue` naming the file and, where it
applies, the line; everything else still loads. Problems that do not stop an
article from being useful (an unknown key, a field of the wrong type) are
reported as warnings and the article loads with the field left out; lint
(``kbdesk lint``) is where those become errors.

Duplicate ids: both paths are reported; the file whose path relative to the
folder sorts first (plain string order) is kept, so the choice never depends
on the order the file system lists files in.
"""

from __future__ import annotations

import datetime as dt
import errno
import hashlib
import os
import re
import stat
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

#: a file larger than this is not an article (a log or a dump dropped in the folder by mistake)
MAX_ARTICLE_BYTES = 1024 * 1024

STATUSES = ("draft", "review", "published", "retired")
AUDIENCES = ("end-user", "agent")
PLATFORMS = ("windows", "macos", "linux", "android", "ios", "web")
_PLATFORM_ALIASES = {
    "win": "windows",
    "win10": "windows",
    "win11": "windows",
    "windows10": "windows",
    "windows11": "windows",
    "mac": "macos",
    "osx": "macos",
    "macosx": "macos",
    "darwin": "macos",
    "ubuntu": "linux",
    "debian": "linux",
    "fedora": "linux",
    "gnome": "linux",
    "iphone": "ios",
    "ipad": "ios",
    "ipados": "ios",
    "browser": "web",
}

#: front-matter keys and the kind of value each takes
FIELD_KINDS: dict[str, str] = {
    "id": "str",
    "title": "str",
    "summary": "str",
    "tags": "list",
    "platforms": "list",
    "symptoms": "list",
    "error_codes": "list",
    "audience": "str",
    "status": "str",
    "owner": "str",
    "reviewed": "date",
    "review_by": "date",
    "related": "list",
}
REQUIRED_FIELDS = ("title",)


class _FrontMatterLoader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # type: ignore[misc]
    """Safe YAML that keeps numbers and yes/no words as the text the writer typed.

    No front-matter field is a number or a boolean, and plain YAML would turn
    the error code ``0x00000709`` into the integer 1801 and a title of ``No``
    into False.
    """


_FrontMatterLoader.yaml_implicit_resolvers = {
    first: [
        (tag, regexp)
        for tag, regexp in resolvers
        if tag not in ("tag:yaml.org,2002:int", "tag:yaml.org,2002:float", "tag:yaml.org,2002:bool")
    ]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}

_ID_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*$")
_FRONT_MATTER_FENCE = re.compile(r"^---[ \t]*$")
_H1_RE = re.compile(r"^#\s+(.+?)\s*#*\s*$", re.MULTILINE)


@dataclass(frozen=True)
class ArticleIssue:
    """One problem found in one file."""

    path: Path
    line: int | None
    severity: str  # "error" | "warning"
    code: str
    message: str

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else str(self.path)
        return f"{where}: {self.severity} {self.code} {self.message}"


@dataclass(frozen=True)
class Article:
    id: str
    title: str
    summary: str
    body: str
    path: Path
    rel_path: str
    content_hash: str
    tags: tuple[str, ...] = ()
    platforms: tuple[str, ...] = ()
    symptoms: tuple[str, ...] = ()
    error_codes: tuple[str, ...] = ()
    related: tuple[str, ...] = ()
    audience: str = "end-user"
    status: str = "published"
    owner: str = ""
    reviewed: dt.date | None = None
    review_by: dt.date | None = None
    #: 1-based line of the file where the markdown body starts
    body_line: int = 1
    #: 1-based line of each front-matter key, for lint and the editor
    key_lines: tuple[tuple[str, int], ...] = field(default=(), compare=False)

    def applies_to(self, platform: str) -> bool:
        """True when the article is for ``platform`` or for every platform."""
        return not self.platforms or platform in self.platforms

    def key_line(self, key: str) -> int | None:
        return dict(self.key_lines).get(key)


@dataclass(frozen=True)
class LoadResult:
    articles: tuple[Article, ...]
    issues: tuple[ArticleIssue, ...]
    #: number of candidate files looked at (articles + skipped)
    files_seen: int

    def by_id(self) -> dict[str, Article]:
        return {a.id: a for a in self.articles}


class _Skip(Exception):
    def __init__(self, issue: ArticleIssue) -> None:
        super().__init__(issue.message)
        self.issue = issue


def _line_of_offset(data: bytes, offset: int) -> int:
    return data.count(b"\n", 0, offset) + 1


def read_article_bytes(path: Path, max_bytes: int = MAX_ARTICLE_BYTES) -> bytes:
    """Read a candidate file, raising :class:`_Skip` with a clear message for each bad kind."""
    path = Path(path)
    try:
        st = path.stat()  # follows symlinks: a loop raises ELOOP here
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            raise _Skip(ArticleIssue(path, None, "error", "symlink-loop", "symbolic link loop; file skipped")) from exc
        if exc.errno == errno.ENOENT and path.is_symlink():
            raise _Skip(
                ArticleIssue(path, None, "error", "broken-link", "symbolic link points nowhere; file skipped")
            ) from exc
        raise _Skip(
            ArticleIssue(path, None, "error", "unreadable", f"cannot read file ({exc.strerror}); skipped")
        ) from exc
    if not stat.S_ISREG(st.st_mode):
        # a FIFO or device would block or never end when read
        raise _Skip(ArticleIssue(path, None, "error", "not-a-file", "not a regular file; skipped"))
    if st.st_size > max_bytes:
        raise _Skip(
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
        raise _Skip(
            ArticleIssue(path, None, "error", "unreadable", f"cannot read file ({exc.strerror}); skipped")
        ) from exc
    if len(data) > max_bytes:
        raise _Skip(
            ArticleIssue(path, None, "error", "too-large", f"file is over the {max_bytes:,}-byte limit; skipped")
        )
    nul = data.find(b"\x00", 0, 8192)
    if nul >= 0:
        raise _Skip(
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
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = _line_of_offset(data, exc.start)
        raise _Skip(
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


def split_front_matter(text: str) -> tuple[str | None, str, int]:
    """Return (front matter text or None, body, 1-based line where the body starts).

    Raises ValueError when an opening fence has no closing one.
    """
    lines = text.split("\n")
    if not lines or not _FRONT_MATTER_FENCE.match(lines[0]):
        return None, text, 1
    for i in range(1, len(lines)):
        if _FRONT_MATTER_FENCE.match(lines[i]) or lines[i].rstrip() == "...":
            return "\n".join(lines[1:i]), "\n".join(lines[i + 1 :]), i + 2
    raise ValueError("front matter starts with '---' on line 1 but is never closed by another '---'")


def _key_lines(front: str) -> dict[str, int]:
    out: dict[str, int] = {}
    for i, line in enumerate(front.split("\n")):
        m = re.match(r"^([A-Za-z_][A-Za-z0-9_-]*)\s*:", line)
        if m and m.group(1) not in out:
            out[m.group(1)] = i + 2  # the opening fence is line 1
    return out


def normalise_platform(value: str) -> str:
    v = value.strip().lower().replace(" ", "")
    return _PLATFORM_ALIASES.get(v, v)


def _as_date(value: Any) -> dt.date | None:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        return dt.date.fromisoformat(value.strip())
    raise TypeError


def parse_article(
    path: Path, text: str, *, root: Path | None = None, content_hash: str = ""
) -> tuple[Article, list[ArticleIssue]]:
    """Parse one article's text. Raises :class:`_Skip` when the file cannot be an article."""
    path = Path(path)
    issues: list[ArticleIssue] = []

    def warn(line: int | None, code: str, message: str, severity: str = "warning") -> None:
        issues.append(ArticleIssue(path, line, severity, code, message))

    try:
        front, body, body_line = split_front_matter(text)
    except ValueError as exc:
        raise _Skip(ArticleIssue(path, 1, "error", "front-matter", f"{exc}; skipped")) from exc

    meta: dict[str, Any] = {}
    key_lines: dict[str, int] = {}
    if front is None:
        warn(1, "no-front-matter", "no YAML front matter; title taken from the first heading or the file name")
    else:
        key_lines = _key_lines(front)
        try:
            loaded = yaml.load(front, Loader=_FrontMatterLoader) if front.strip() else {}
        except yaml.YAMLError as exc:
            mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
            line = mark.line + 2 if mark is not None else 1
            problem = getattr(exc, "problem", None) or str(exc).split("\n")[0]
            raise _Skip(
                ArticleIssue(path, line, "error", "yaml", f"malformed YAML front matter: {problem}; skipped")
            ) from exc
        if loaded is None:
            loaded = {}
        if not isinstance(loaded, dict):
            raise _Skip(
                ArticleIssue(
                    path,
                    2,
                    "error",
                    "front-matter",
                    f"front matter must be a mapping of keys to values, not a {type(loaded).__name__}; skipped",
                )
            )
        meta = {str(k): v for k, v in loaded.items()}

    values: dict[str, Any] = {}
    for key, value in meta.items():
        line = key_lines.get(key)
        kind = FIELD_KINDS.get(key)
        if kind is None:
            warn(line, "unknown-key", f"unknown front-matter key '{key}' is ignored")
            continue
        if value is None:
            continue
        if kind == "str":
            if isinstance(value, (str, int, float)) and not isinstance(value, bool):
                values[key] = str(value).strip()
            else:
                warn(line, "wrong-type", f"'{key}' should be text, not a {type(value).__name__}; ignored", "error")
        elif kind == "list":
            if isinstance(value, str):
                value = [value]
            if isinstance(value, (list, tuple)) and all(
                isinstance(v, (str, int, float)) and not isinstance(v, bool) for v in value
            ):
                values[key] = tuple(str(v).strip() for v in value if str(v).strip())
            else:
                warn(line, "wrong-type", f"'{key}' should be a list of text items; ignored", "error")
        elif kind == "date":
            try:
                values[key] = _as_date(value)
            except (TypeError, ValueError):
                warn(line, "wrong-type", f"'{key}' should be a date like 2026-04-01, not {value!r}; ignored", "error")

    article_id = values.get("id") or path.stem
    if not _ID_RE.match(article_id):
        warn(key_lines.get("id"), "bad-id", f"id '{article_id}' should use only letters, digits, '.', '_' and '-'")

    title = values.get("title", "")
    if not title:
        m = _H1_RE.search(body)
        title = m.group(1).strip() if m else path.stem.replace("-", " ").replace("_", " ").capitalize()
        if front is not None:
            warn(
                key_lines.get("title", 1),
                "missing-title",
                "required field 'title' is missing; using the first heading or file name",
                "error",
            )

    platforms = []
    for p in values.get("platforms", ()):
        norm = normalise_platform(p)
        if norm in ("all", "any"):
            platforms = []
            break
        if norm not in PLATFORMS:
            warn(
                key_lines.get("platforms"),
                "unknown-platform",
                f"unknown platform '{p}' (known: {', '.join(PLATFORMS)})",
            )
        if norm not in platforms:
            platforms.append(norm)

    status = values.get("status", "published").lower()
    if status not in STATUSES:
        warn(
            key_lines.get("status"),
            "bad-status",
            f"status '{status}' is not one of {', '.join(STATUSES)}; treated as draft",
            "error",
        )
        status = "draft"
    audience = values.get("audience", "end-user").lower()
    if audience not in AUDIENCES:
        warn(key_lines.get("audience"), "bad-audience", f"audience '{audience}' is not one of {', '.join(AUDIENCES)}")

    rel = str(path.relative_to(root)) if root is not None else path.name
    article = Article(
        id=article_id,
        title=title,
        summary=values.get("summary", ""),
        body=body.strip("\n"),
        path=path,
        rel_path=rel.replace(os.sep, "/"),
        content_hash=content_hash or hashlib.sha256(text.encode("utf-8")).hexdigest(),
        tags=tuple(t.lower() for t in values.get("tags", ())),
        platforms=tuple(platforms),
        symptoms=values.get("symptoms", ()),
        error_codes=values.get("error_codes", ()),
        related=values.get("related", ()),
        audience=audience,
        status=status,
        owner=values.get("owner", ""),
        reviewed=values.get("reviewed"),
        review_by=values.get("review_by"),
        body_line=body_line,
        key_lines=tuple(sorted(key_lines.items(), key=lambda kv: kv[1])),
    )
    return article, issues


def load_file(
    path: Path, *, root: Path | None = None, max_bytes: int = MAX_ARTICLE_BYTES
) -> tuple[Article | None, list[ArticleIssue]]:
    """Load one file; on a fatal problem return ``(None, [issue])`` instead of raising."""
    try:
        data = read_article_bytes(path, max_bytes)
        text = decode_article(path, data)
        return parse_article(path, text, root=root, content_hash=hashlib.sha256(data).hexdigest())
    except _Skip as skip:
        return None, [skip.issue]


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
    from .errors import ArticlesFolderError

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
