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

Nothing in a file can make the parser raise or stall: it returns an Article or
an ArticleIssue naming the file, the line and the field. The front matter is
read from PyYAML's parser events, not through its constructor, which raises
ValueError, IndexError, AttributeError, KeyError... on values such as
``review_by: 2027-02-30`` or ``!!timestamp x``. Every value is text (a list or
a mapping where those are written); dates are checked here with a message
that says what is wrong. YAML aliases are refused when the parser meets them,
so an alias bomb is never expanded (it took over 120 s and 1.8 GB at depth 9
through the constructor). Values quoted in messages are cut to
``QUOTE_CHARS``. Every pattern run over article text is linear in the text's
length (a 1 MB pathological line parses in well under a second; see
``benchmarks/bench_pathological.py``).
"""

from __future__ import annotations

import calendar
import datetime as dt
import errno
import hashlib
import logging
import os
import re
import stat
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

log = logging.getLogger(__name__)

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


#: Limits on the front matter, far above any real article's (starter articles: at most 13 keys,
#: 60 parser events, nesting 2) and low enough that a hostile file costs milliseconds.
MAX_FRONT_MATTER_VALUES = 10_000
MAX_FRONT_MATTER_DEPTH = 20
#: a value quoted in a message is cut to this many characters
QUOTE_CHARS = 60
#: at most this many items are named in one message ("and N more")
MAX_NAMED_ITEMS = 5

#: the C parser when PyYAML was built with libyaml (about 10x faster), else the pure-Python one
_YamlParser = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

_ID_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*$")
_FRONT_MATTER_FENCE = re.compile(r"^---[ \t]*$")
_NULLS = frozenset({"", "~", "null", "Null", "NULL"})
_DATE_RE = re.compile(r"([0-9]{4})-([0-9]{1,2})-([0-9]{1,2})")
#: the time part YAML allows after a date (``2026-04-01 10:30:00+02:00``); it is ignored
_TIME_RE = re.compile(
    r"(?:[Tt]|[ \t]+)[0-9]{1,2}:[0-9]{2}(?::[0-9]{2}(?:\.[0-9]*)?)?[ \t]*(?:Z|[-+][0-9]{1,2}(?::?[0-9]{2})?)?"
)


def quote_value(value: Any, limit: int = QUOTE_CHARS) -> str:
    """``value`` quoted for a message, cut to ``limit`` characters: a 1 MB title never floods a report."""
    if isinstance(value, str):
        text = value if len(value) <= limit else value[:limit] + "…"
        return "'" + text.replace("\n", "\\n") + "'"
    return _kind(value)


def _kind(value: Any) -> str:
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    if value is None:
        return "empty"
    return f"a {type(value).__name__}"


def heading_text(line: str) -> tuple[int, str] | None:
    """(level, text) of an ATX heading line such as ``## Printer offline ##``, else None.

    Plain string operations, linear in the line's length: the regex this replaces
    (``^#\\s+(.+?)\\s*#*\\s*$``) was cubic in a run of spaces, and a 3 KB first line of
    ``# x``, 3,000 spaces and a character stalled lint and indexing for minutes. A
    closing run of ``#`` is dropped only after a space, so ``# Learn C#`` keeps its ``#``.
    """
    level = len(line) - len(line.lstrip("#"))
    if not 1 <= level <= 6 or len(line) == level or line[level] not in " \t\f\v\r":
        return None
    text = line[level:].strip()
    trimmed = text.rstrip("#")
    if trimmed != text and (not trimmed or trimmed[-1] in " \t"):
        text = trimmed.rstrip()
    return level, text


def first_h1(body: str) -> str | None:
    """The text of the first non-empty level-1 heading of a markdown body."""
    for line in body.split("\n"):
        if line.startswith("#"):
            heading = heading_text(line)
            if heading is not None and heading[0] == 1 and heading[1]:
                return heading[1]
    return None


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


#: issue codes that mean the file is not an article at all: it is left out of search
SKIP_CODES = frozenset(
    {
        "binary",
        "not-utf8",
        "too-large",
        "unreadable",
        "symlink-loop",
        "broken-link",
        "not-a-file",
        "front-matter",
        "yaml",
        "parse-failed",
        "duplicate-id",
    }
)


@dataclass(frozen=True)
class IssueSummary:
    """Article problems as whoever can fix them needs them: which files, and how bad.

    "Skipped" files are not in search at all; articles "with errors" are in
    search with the faulty fields left out (a bad date, a list where text
    belongs): they were indexed with problems, not skipped.
    """

    skipped: tuple[Path, ...] = ()
    with_errors: tuple[Path, ...] = ()
    with_warnings: tuple[Path, ...] = ()
    #: the first error (else warning) of each file, for "line N: what"
    first: dict[Path, ArticleIssue] = field(default_factory=dict)

    @property
    def needs_fixing(self) -> tuple[Path, ...]:
        """Files with an error, skipped ones first."""
        return self.skipped + self.with_errors

    def describe(self, limit: int = 3) -> str:
        """One line: ``2 files skipped (a.md, b.md); 1 article indexed with errors (c.md)``."""
        parts = []
        for paths, singular, plural in (
            (self.skipped, "file skipped (not an article as written)", "files skipped (not articles as written)"),
            (self.with_errors, "article indexed with errors", "articles indexed with errors"),
        ):
            if paths:
                names = ", ".join(p.name for p in paths[:limit]) + (
                    f" and {len(paths) - limit} more" if len(paths) > limit else ""
                )
                parts.append(f"{len(paths)} {singular if len(paths) == 1 else plural}: {names}")
        return "; ".join(parts)


def summarize_issues(issues: Iterable[ArticleIssue]) -> IssueSummary:
    skipped: dict[Path, None] = {}
    errors: dict[Path, None] = {}
    warnings: dict[Path, None] = {}
    first: dict[Path, ArticleIssue] = {}
    for issue in issues:
        path = Path(issue.path)
        if issue.severity == "error":
            (skipped if issue.code in SKIP_CODES else errors)[path] = None
            if path not in first or first[path].severity != "error":
                first[path] = issue
        else:
            warnings[path] = None
            first.setdefault(path, issue)
    with_errors = tuple(p for p in errors if p not in skipped)
    with_warnings = tuple(p for p in warnings if p not in skipped and p not in errors)
    return IssueSummary(tuple(skipped), with_errors, with_warnings, first)


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


class _FrontMatterProblem(Exception):
    """The front matter as a whole cannot be used; the file is skipped."""

    def __init__(self, message: str, line: int) -> None:
        super().__init__(message)
        self.line = line


@dataclass(frozen=True)
class _Field:
    """One top-level front-matter entry as the YAML parser saw it."""

    key: str
    value: Any  # str | None | list | dict | _Alias
    line: int
    #: the first alias met in the entry (name, line): such a value is refused, never expanded
    alias: tuple[str, int] | None = None


class _Alias:
    """Stands in for a YAML alias."""


_NO_KEY = object()


def _key_text(key: Any) -> Any:
    """A nested mapping key as something hashable (nested values are only ever reported, never used)."""
    if isinstance(key, (list, dict, _Alias)):
        return _kind(key)
    return key


def read_front_matter(front: str, first_line: int = 2) -> tuple[list[_Field], list[tuple[int, str, str, str]]]:
    """The top-level entries of a front matter, built from PyYAML's parser events.

    Scalars are text (``None`` for a plain empty value, ``~`` or ``null``),
    sequences are lists, mappings are dicts; tags are ignored and no alias is
    expanded, so nothing here can raise on a value or grow beyond the text.
    ``first_line`` is the file line of the front matter's first line. Returns
    the entries in file order and the problems that concern keys rather than
    one value, as ``(line, severity, code, message)``. Raises
    :class:`_FrontMatterProblem` when the front matter as a whole cannot be
    used, and ``yaml.YAMLError`` when it is not YAML.
    """
    parser = _YamlParser(front)
    fields: dict[str, _Field] = {}
    problems: list[tuple[int, str, str, str]] = []
    stack: list[list | dict] = []  # containers being filled, outermost first
    pending: list[Any] = []  # per mapping on the stack: (key, line) waiting for its value, or _NO_KEY
    starts: list[int] = []  # the line each container on the stack starts on
    root: list[Any] = []
    alias: tuple[str, int] | None = None  # the first alias inside the current top-level entry
    documents = 0
    count = 0

    def add(value: Any, line: int) -> None:
        nonlocal alias
        if not stack:
            root.append(value)
            return
        container = stack[-1]
        if isinstance(container, list):
            container.append(value)
            return
        if pending[-1] is _NO_KEY:
            pending[-1] = (value, line)
            return
        (key, key_line), pending[-1] = pending[-1], _NO_KEY
        if len(stack) > 1:
            container[_key_text(key)] = value
            return
        # a top-level entry is complete
        seen, alias = alias, None
        if not isinstance(key, str):
            problems.append(
                (key_line, "error", "bad-key", f"a front-matter key must be text, not {_kind(key)}; entry ignored")
            )
            return
        earlier = fields.pop(key, None)
        if earlier is not None:
            problems.append(
                (
                    key_line,
                    "warning",
                    "duplicate-key",
                    f"key {quote_value(key)} is given twice (also on line {earlier.line}); the last one is used",
                )
            )
        fields[key] = _Field(key, value, key_line, seen)

    try:
        while parser.check_event():
            event = parser.get_event()
            line = event.start_mark.line + first_line
            count += 1
            if count > MAX_FRONT_MATTER_VALUES:
                raise _FrontMatterProblem(
                    f"front matter has more than {MAX_FRONT_MATTER_VALUES:,} values (an article's has a few dozen)",
                    line,
                )
            if isinstance(event, yaml.ScalarEvent):
                plain = bool(event.implicit[0]) and not event.style
                add(None if plain and event.value in _NULLS else event.value, line)
            elif isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
                if len(stack) >= MAX_FRONT_MATTER_DEPTH:
                    raise _FrontMatterProblem(
                        f"front matter is nested more than {MAX_FRONT_MATTER_DEPTH} levels deep", line
                    )
                stack.append({} if isinstance(event, yaml.MappingStartEvent) else [])
                pending.append(_NO_KEY)
                starts.append(line)
            elif isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
                done = stack.pop()
                pending.pop()
                add(done, starts.pop())
            elif isinstance(event, yaml.AliasEvent):
                if alias is None:
                    alias = (str(event.anchor), line)
                add(_Alias(), line)
            elif isinstance(event, yaml.DocumentStartEvent):
                documents += 1
                if documents > 1:
                    raise _FrontMatterProblem(
                        "front matter holds a second YAML document (a line starting with '---' inside it)", line
                    )
    finally:
        parser.dispose()
    if not root or root[0] is None:
        return [], problems
    if not isinstance(root[0], dict):
        raise _FrontMatterProblem(f"front matter must be a mapping of keys to values, not {_kind(root[0])}", first_line)
    return list(fields.values()), problems


def normalise_platform(value: str) -> str:
    v = value.strip().lower().replace(" ", "")
    return _PLATFORM_ALIASES.get(v, v)


def parse_date(text: str) -> tuple[dt.date | None, str]:
    """``(date, "")`` for ``2026-04-01`` (a YAML time part after it is allowed and ignored),
    else ``(None, why)``: ``""`` when the text is not written as a date at all, else
    what is impossible about it, in words a writer understands."""
    text = text.strip()
    m = _DATE_RE.match(text)
    if m is None or (m.end() < len(text) and _TIME_RE.fullmatch(text, m.end()) is None):
        return None, ""
    year, month, day = (int(g) for g in m.groups())
    if year < dt.MINYEAR:
        return None, f"there is no year {year}"
    if not 1 <= month <= 12:
        return None, f"there is no month {month}"
    days = calendar.monthrange(year, month)[1]
    if not 1 <= day <= days:
        return None, f"{calendar.month_name[month]} {year} has {days} days"
    return dt.date(year, month, day), ""


def _text_items(value: Any) -> tuple[str, ...] | str:
    """A list field's items as text, or why it is not a list of text (empty items are dropped)."""
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list):
        return f"should be a list of text items, not {_kind(value)}"
    items = []
    for n, item in enumerate(value, 1):
        if item is None:
            continue
        if not isinstance(item, str):
            return f"should be a list of text items, but item {n} is {_kind(item)}"
        item = item.strip()
        if item:
            items.append(item)
    return tuple(items)


def _named(items: list[str]) -> str:
    shown = ", ".join(quote_value(i) for i in items[:MAX_NAMED_ITEMS])
    return shown + (f" and {len(items) - MAX_NAMED_ITEMS} more" if len(items) > MAX_NAMED_ITEMS else "")


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

    entries: list[_Field] = []
    if front is None:
        warn(1, "no-front-matter", "no YAML front matter; title taken from the first heading or the file name")
    else:
        try:
            entries, problems = read_front_matter(front)
        except yaml.YAMLError as exc:
            mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
            line = mark.line + 2 if mark is not None else 1
            problem = getattr(exc, "problem", None) or str(exc).split("\n")[0]
            raise _Skip(
                ArticleIssue(
                    path,
                    line,
                    "error",
                    "yaml",
                    f"malformed YAML front matter: {quote_value(problem, 200)[1:-1]}; skipped",
                )
            ) from exc
        except _FrontMatterProblem as exc:
            raise _Skip(ArticleIssue(path, exc.line, "error", "front-matter", f"{exc}; skipped")) from exc
        except (ValueError, UnicodeError) as exc:  # text the parser cannot take (a lone surrogate)
            raise _Skip(
                ArticleIssue(path, 2, "error", "yaml", f"front matter cannot be read as YAML ({exc}); skipped")
            ) from exc
        for line, severity, code, message in problems:
            warn(line, code, message, severity)
    key_lines = {entry.key: entry.line for entry in entries}

    values: dict[str, Any] = {}
    for entry in entries:
        key, value, line = entry.key, entry.value, entry.line
        kind = FIELD_KINDS.get(key)
        if kind is None:
            warn(line, "unknown-key", f"unknown front-matter key {quote_value(key)} is ignored")
            continue
        if entry.alias is not None:
            name, alias_line = entry.alias
            warn(
                alias_line,
                "yaml-alias",
                f"'{key}' uses the YAML alias *{quote_value(name)[1:-1]}; aliases are not allowed in front matter, "
                "write the value out; ignored",
                "error",
            )
            continue
        if value is None:
            continue
        if kind == "str":
            if isinstance(value, str):
                values[key] = value.strip()
            else:
                warn(line, "wrong-type", f"'{key}' should be text, not {_kind(value)}; ignored", "error")
        elif kind == "list":
            items = _text_items(value)
            if isinstance(items, str):
                warn(line, "wrong-type", f"'{key}' {items}; ignored", "error")
            else:
                values[key] = items
        elif kind == "date":
            if not isinstance(value, str):
                warn(
                    line,
                    "wrong-type",
                    f"'{key}' should be a date like 2026-04-01, not {_kind(value)}; ignored",
                    "error",
                )
                continue
            date, why = parse_date(value)
            if date is not None:
                values[key] = date
            elif why:
                warn(
                    line,
                    "bad-date",
                    f"'{key}' {quote_value(value.strip())} is not a real date ({why}); ignored",
                    "error",
                )
            else:
                warn(
                    line,
                    "bad-date",
                    f"'{key}' should be a date written YYYY-MM-DD, like 2026-04-01, not {quote_value(value)}; ignored",
                    "error",
                )

    article_id = values.get("id") or path.stem
    if not _ID_RE.match(article_id):
        warn(
            key_lines.get("id"),
            "bad-id",
            f"id {quote_value(article_id)} should use only letters, digits, '.', '_' and '-'",
        )

    title = values.get("title", "")
    if not title:
        title = first_h1(body) or path.stem.replace("-", " ").replace("_", " ").capitalize()
        if front is not None:
            warn(
                key_lines.get("title", 1),
                "missing-title",
                "required field 'title' is missing; using the first heading or file name",
                "error",
            )

    platforms: dict[str, None] = {}  # ordered and de-duplicated in linear time
    unknown: list[str] = []
    for p in values.get("platforms", ()):
        norm = normalise_platform(p)
        if norm in ("all", "any"):
            platforms, unknown = {}, []
            break
        if norm not in PLATFORMS:
            unknown.append(p)
        platforms[norm] = None
    if unknown:
        warn(
            key_lines.get("platforms"),
            "unknown-platform",
            f"unknown platform{'s' if len(unknown) > 1 else ''} {_named(unknown)} (known: {', '.join(PLATFORMS)})",
        )

    status = values.get("status", "published").lower()
    if status not in STATUSES:
        warn(
            key_lines.get("status"),
            "bad-status",
            f"status {quote_value(status)} is not one of {', '.join(STATUSES)}; treated as draft",
            "error",
        )
        status = "draft"
    audience = values.get("audience", "end-user").lower()
    if audience not in AUDIENCES:
        warn(
            key_lines.get("audience"),
            "bad-audience",
            f"audience {quote_value(audience)} is not one of {', '.join(AUDIENCES)}",
        )

    rel = str(path.relative_to(root)) if root is not None else path.name
    article = Article(
        id=article_id,
        title=title,
        summary=values.get("summary", ""),
        body=body.strip("\n"),
        path=path,
        rel_path=rel.replace(os.sep, "/"),
        content_hash=content_hash or hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest(),
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
    """Load one file; on a fatal problem return ``(None, [issue])`` instead of raising.

    Never raises: a failure the parser does not foresee (a bug of ours) becomes
    a ``parse-failed`` issue for this one file, logged with its traceback, so
    one file can never stop lint, indexing or the app.
    """
    try:
        data = read_article_bytes(path, max_bytes)
        text = decode_article(path, data)
        return parse_article(path, text, root=root, content_hash=hashlib.sha256(data).hexdigest())
    except _Skip as skip:
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
