"""Front matter: the YAML between ``---`` fences at the top of an article, read without surprises.

The entries are built from PyYAML's parser events, not through its constructor, which raises
ValueError, IndexError, AttributeError, KeyError... on values such as ``review_by: 2027-02-30`` or
``!!timestamp x``. Every value is text (a list or a mapping where those are written); dates are
checked by :func:`parse_date` with a message that says what is wrong. YAML aliases are refused
when the parser meets them, so an alias bomb is never expanded (it took over 120 s and 1.8 GB at
depth 9 through the constructor). Values quoted in messages are cut to ``QUOTE_CHARS``.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass
from typing import TypeAlias

import yaml

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

_FRONT_MATTER_FENCE = re.compile(r"^---[ \t]*$")
_NULLS = frozenset({"", "~", "null", "Null", "NULL"})
_DATE_RE = re.compile(r"([0-9]{4})-([0-9]{1,2})-([0-9]{1,2})")
#: the time part YAML allows after a date (``2026-04-01 10:30:00+02:00``); it is ignored
_TIME_RE = re.compile(
    r"(?:[Tt]|[ \t]+)[0-9]{1,2}:[0-9]{2}(?::[0-9]{2}(?:\.[0-9]*)?)?[ \t]*(?:Z|[-+][0-9]{1,2}(?::?[0-9]{2})?)?"
)

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


#: a front-matter value as read: text (None for an empty value), a list, a mapping, or a refused alias
FrontMatterValue: TypeAlias = "str | list[FrontMatterValue] | dict[str | None, FrontMatterValue] | Alias | None"


def quote_value(value: object, limit: int = QUOTE_CHARS) -> str:
    """``value`` quoted for a message, cut to ``limit`` characters: a 1 MB title never floods a report."""
    if isinstance(value, str):
        text = value if len(value) <= limit else value[:limit] + "…"
        return "'" + text.replace("\n", "\\n") + "'"
    return kind_of(value)


def kind_of(value: object) -> str:
    """What a value is, for a message ("a list", "a mapping", "empty")."""
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    if value is None:
        return "empty"
    return f"a {type(value).__name__}"


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


class FrontMatterProblem(Exception):
    """The front matter as a whole cannot be used; the file is skipped."""

    def __init__(self, message: str, line: int) -> None:
        super().__init__(message)
        self.line = line


@dataclass(frozen=True)
class FrontMatterField:
    """One top-level front-matter entry as the YAML parser saw it."""

    key: str
    value: FrontMatterValue
    line: int
    #: the first alias met in the entry (name, line): such a value is refused, never expanded
    alias: tuple[str, int] | None = None


class Alias:
    """Stands in for a YAML alias."""


class LocatedList(list[FrontMatterValue]):
    """A YAML sequence that knows the line of each item (for messages about nested values, such as checks)."""

    __slots__ = ("item_lines", "line")

    def __init__(self, line: int) -> None:
        super().__init__()
        self.line = line
        self.item_lines: list[int] = []


class LocatedDict(dict[str | None, FrontMatterValue]):
    """A YAML mapping that knows the line of each key."""

    __slots__ = ("key_lines", "line")

    def __init__(self, line: int) -> None:
        super().__init__()
        self.line = line
        self.key_lines: dict[str, int] = {}


def _key_text(key: FrontMatterValue) -> str | None:
    """A nested mapping key as something hashable (nested values are only ever reported, never used)."""
    if isinstance(key, list | dict | Alias):
        return kind_of(key)
    return key


def read_front_matter(
    front: str, first_line: int = 2
) -> tuple[list[FrontMatterField], list[tuple[int, str, str, str]]]:
    """The top-level entries of a front matter, built from PyYAML's parser events.

    Scalars are text (``None`` for a plain empty value, ``~`` or ``null``),
    sequences are lists, mappings are dicts; tags are ignored and no alias is
    expanded, so nothing here can raise on a value or grow beyond the text.
    ``first_line`` is the file line of the front matter's first line. Returns
    the entries in file order and the problems that concern keys rather than
    one value, as ``(line, severity, code, message)``. Raises
    :class:`FrontMatterProblem` when the front matter as a whole cannot be
    used, and ``yaml.YAMLError`` when it is not YAML.
    """
    parser = _YamlParser(front)
    fields: dict[str, FrontMatterField] = {}
    problems: list[tuple[int, str, str, str]] = []
    stack: list[LocatedList | LocatedDict] = []  # outermost first
    pending: list[tuple[FrontMatterValue, int] | None] = []  # per container: a key (and its line) waiting for its value
    starts: list[int] = []  # the line each container on the stack starts on
    root: list[FrontMatterValue] = []
    alias: tuple[str, int] | None = None  # the first alias inside the current top-level entry
    documents = 0
    count = 0

    def add(value: FrontMatterValue, line: int) -> None:
        nonlocal alias
        if not stack:
            root.append(value)
            return
        container = stack[-1]
        if isinstance(container, list):
            container.append(value)
            container.item_lines.append(line)
            return
        waiting = pending[-1]
        if waiting is None:
            pending[-1] = (value, line)
            return
        (key, key_line), pending[-1] = waiting, None
        if len(stack) > 1:
            name = _key_text(key)
            container[name] = value
            if name is not None:
                container.key_lines[name] = key_line
            return
        # a top-level entry is complete
        seen, alias = alias, None
        if not isinstance(key, str):
            problems.append(
                (key_line, "error", "bad-key", f"a front-matter key must be text, not {kind_of(key)}; entry ignored")
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
        fields[key] = FrontMatterField(key, value, key_line, seen)

    try:
        while parser.check_event():
            event = parser.get_event()
            line = event.start_mark.line + first_line
            count += 1
            if count > MAX_FRONT_MATTER_VALUES:
                raise FrontMatterProblem(
                    f"front matter has more than {MAX_FRONT_MATTER_VALUES:,} values (an article's has a few dozen)",
                    line,
                )
            if isinstance(event, yaml.ScalarEvent):
                plain = bool(event.implicit[0]) and not event.style
                add(None if plain and event.value in _NULLS else event.value, line)
            elif isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
                if len(stack) >= MAX_FRONT_MATTER_DEPTH:
                    raise FrontMatterProblem(
                        f"front matter is nested more than {MAX_FRONT_MATTER_DEPTH} levels deep", line
                    )
                container: LocatedList | LocatedDict = (
                    LocatedDict(line) if isinstance(event, yaml.MappingStartEvent) else LocatedList(line)
                )
                stack.append(container)
                pending.append(None)
                starts.append(line)
            elif isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
                done = stack.pop()
                pending.pop()
                add(done, starts.pop())
            elif isinstance(event, yaml.AliasEvent):
                if alias is None:
                    alias = (str(event.anchor), line)
                add(Alias(), line)
            elif isinstance(event, yaml.DocumentStartEvent):
                documents += 1
                if documents > 1:
                    raise FrontMatterProblem(
                        "front matter holds a second YAML document (a line starting with '---' inside it)", line
                    )
    finally:
        parser.dispose()
    if not root or root[0] is None:
        return [], problems
    if not isinstance(root[0], dict):
        raise FrontMatterProblem(
            f"front matter must be a mapping of keys to values, not {kind_of(root[0])}", first_line
        )
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


def text_items(value: FrontMatterValue) -> tuple[str, ...] | str:
    """A list field's items as text, or why it is not a list of text (empty items are dropped)."""
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list):
        return f"should be a list of text items, not {kind_of(value)}"
    items = []
    for n, item in enumerate(value, 1):
        if item is None:
            continue
        if not isinstance(item, str):
            return f"should be a list of text items, but item {n} is {kind_of(item)}"
        item = item.strip()
        if item:
            items.append(item)
    return tuple(items)


def named(items: list[str]) -> str:
    """Up to MAX_NAMED_ITEMS items quoted, then "and N more"."""
    shown = ", ".join(quote_value(i) for i in items[:MAX_NAMED_ITEMS])
    return shown + (f" and {len(items) - MAX_NAMED_ITEMS} more" if len(items) > MAX_NAMED_ITEMS else "")
