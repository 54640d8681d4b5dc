"""What a knowledge-base source is, how it is written in settings, and how sources are merged.

A source is either a local folder (served as it is, live) or a git remote
(https, http, ssh, git://, file:// or scp-like ``user@host:path``) of which
kbdesk serves one checked-out revision of one branch. The starter articles
shipped with kbdesk are a source too (named ``starter``, lowest priority) and
can be switched off with the ``starter_articles`` setting.

In settings and in the policy file a source is a TOML table::

    [[sources]]
    name = "it-kb"                      # lower-case letters, digits, '-' and '_'; also the cache folder's name
    url = "https://git.example.org/it/kb.git"
    branch = "published"                # empty: the remote's default branch
    path = "articles"                   # sub folder of the repository holding the articles; empty: all of it
    priority = 100                      # higher wins when two sources carry the same article id

Ties in priority are broken by origin (policy, then the user's own, then the
starter) and then by name, so the winner never depends on the order of a file.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Generic, Protocol, TypeVar
from urllib.parse import urlsplit, urlunsplit

from ..errors import SourceError

#: the built-in source of the starter articles
STARTER_NAME = "starter"
STARTER_PRIORITY = -1000
#: the user's folder from settings version 2 (``articles_dir``), served as a folder source
LEGACY_FOLDER_NAME = "local"
MAX_SOURCES = 64
PRIORITY_RANGE = (-999, 999)
_NAME_RE = re.compile(r"^[a-z0-9][a-z0-9_-]{0,39}$")
# git's rules for branch names, the parts that matter for a refspec (check-ref-format)
_BRANCH_BAD_RE = re.compile(r"(^[-/.])|(\.\.)|([\x00-\x20~^:?*\[\\\x7f])|(@\{)|(/\.)|(\.lock$)|([/.]$)|(//)")
_SCHEMES = ("https", "http", "ssh", "git", "file")
_SCP_RE = re.compile(r"^(?:[A-Za-z0-9._~-]+@)?[A-Za-z0-9.-]+:(?!//)[^\\]+$")
_TABLE_KEYS = {"name": str, "url": str, "branch": str, "path": str, "priority": int}
#: origin order for ties in priority: a policy source beats the user's, which beats the starter
_ORIGIN_RANK = {"policy": 2, "user": 1, "starter": 0}


@dataclass(frozen=True)
class Source:
    name: str
    url: str
    branch: str = ""
    path: str = ""
    priority: int = 0
    #: "user" (settings), "policy" (the managed policy file) or "starter" (the bundled articles)
    origin: str = "user"

    @property
    def kind(self) -> str:
        """ "git" or "folder"."""
        return "git" if is_git_url(self.url) else "folder"

    @property
    def display_url(self) -> str:
        """The URL without any user name or password in it, for lists, logs and errors."""
        return redact_url(self.url)

    def rank(self) -> tuple[int, int, str]:
        """Sort key: the greatest wins a shared article id."""
        return (self.priority, _ORIGIN_RANK.get(self.origin, 0), _invert(self.name))

    def to_table(self) -> dict[str, object]:
        table: dict[str, object] = {"name": self.name, "url": self.url}
        if self.branch:
            table["branch"] = self.branch
        if self.path:
            table["path"] = self.path
        if self.priority:
            table["priority"] = self.priority
        return table


@dataclass(frozen=True)
class ArticleOrigin:
    """Where one article comes from: its source and, for a git source, the revision served.

    What the article view shows under the title, ``kbdesk search --json`` prints
    per hit, and what an agent needs to find the text the user read.
    """

    source: str
    #: "git" or "folder"
    kind: str = "folder"
    #: the served commit (git sources; "" for folders)
    commit: str = ""
    #: the committer's time of that commit, ISO 8601 UTC ("" for folders)
    commit_time: str = ""
    #: "starter" for the bundled articles, "policy" or "user"
    origin: str = "user"

    @property
    def revision(self) -> str:
        """The short commit id ("" for a folder): what people compare."""
        return self.commit[:12]

    def label(self) -> str:
        """``it-kb, revision 3f9c2a81d0b4 of 2026-11-30`` / ``the starter articles`` / ``team``."""
        name = "the starter articles" if self.origin == "starter" else self.source
        if not self.commit:
            return name
        day = f" of {self.commit_time[:10]}" if self.commit_time else ""
        return f"{name}, revision {self.revision}{day}"


def _invert(name: str) -> str:
    # among equals the name that sorts first wins, so invert it for a "greatest wins" key
    return "".join(chr(0x10FFFF - ord(c)) for c in name)


def is_git_url(url: str) -> bool:
    lowered = url.strip().lower()
    if any(lowered.startswith(f"{s}://") for s in _SCHEMES):
        return True
    if re.match(r"^[A-Za-z]:[\\/]", url):  # a Windows drive, not scp-like host:path
        return False
    return bool(_SCP_RE.match(url.strip())) and "/" not in url.split(":", 1)[0]


def redact_url(url: str) -> str:
    """``https://user:token@host/x`` -> ``https://host/x``: credentials never reach a screen or a log."""
    if "://" not in url:
        return url
    try:
        parts = urlsplit(url)
    except ValueError:
        return "<unparseable url>"
    if parts.username is None and parts.password is None:
        return url
    host = parts.hostname or ""
    if parts.port:
        host += f":{parts.port}"
    return urlunsplit((parts.scheme, host, parts.path, parts.query, parts.fragment))


_USERINFO_RE = re.compile(r"([A-Za-z][A-Za-z0-9+.-]*://)[^/@\s]+@")


def scrub_credentials(text: str) -> str:
    """Any ``scheme://user:secret@`` in a message (libgit2's errors quote URLs) loses its user part."""
    return _USERINFO_RE.sub(r"\1", text)


def check_name(name: object) -> str | None:
    if not isinstance(name, str) or not _NAME_RE.match(name):
        return "name must be 1-40 lower-case letters, digits, '-' or '_', starting with a letter or digit"
    if name in (STARTER_NAME, LEGACY_FOLDER_NAME):
        return f"the name '{name}' is reserved"
    return None


def check_branch(branch: str) -> str | None:
    if branch and (len(branch) > 200 or _BRANCH_BAD_RE.search(branch)):
        return f"'{branch}' is not a valid branch name"
    return None


def check_subdir(path: str) -> str | None:
    if not path:
        return None
    parts = path.replace("\\", "/").strip("/").split("/")
    if len(path) > 400 or path.startswith(("/", "\\")) or any(p in ("", ".", "..") for p in parts):
        return f"path '{path}' must be a relative folder inside the repository (no '..')"
    return None


def check_url(url: object) -> str | None:
    if not isinstance(url, str) or not url.strip():
        return "url must be a folder or a git URL"
    if len(url) > 2000 or any(ord(c) < 0x20 for c in url):
        return "url is too long or has control characters"
    lowered = url.lower()
    if "://" in url and not any(lowered.startswith(f"{s}://") for s in _SCHEMES):
        return f"url scheme must be one of {', '.join(_SCHEMES)}"
    return None


def source_from_table(table: object, *, origin: str = "user", check_name_rules: bool = True) -> Source:
    """A :class:`Source` from a settings or policy table; :class:`SourceError` names what is wrong."""
    if not isinstance(table, dict):
        raise SourceError("a source must be a table with at least name and url")
    unknown = sorted(set(table) - set(_TABLE_KEYS))
    if unknown:
        raise SourceError(f"source has unknown key(s): {', '.join(map(str, unknown))}")
    for key, kind in _TABLE_KEYS.items():
        if key in table and (not isinstance(table[key], kind) or isinstance(table[key], bool)):
            raise SourceError(f"source key '{key}' must be {'a whole number' if kind is int else 'text'}")
    name = table.get("name")
    problem = check_name(name) if check_name_rules else None
    problem = problem or check_url(table.get("url"))
    branch = table.get("branch", "").strip()
    path = table.get("path", "").strip().replace("\\", "/").strip("/")
    problem = problem or check_branch(branch) or check_subdir(path)
    priority = table.get("priority", 0)
    if not problem and not PRIORITY_RANGE[0] <= priority <= PRIORITY_RANGE[1]:
        problem = f"priority must be between {PRIORITY_RANGE[0]} and {PRIORITY_RANGE[1]}"
    if problem:
        label = f"source '{name}'" if isinstance(name, str) and len(name) < 60 else "source"
        raise SourceError(f"{label}: {problem}")
    assert isinstance(name, str)  # check_name passed
    source = Source(name, table["url"].strip(), branch, path, priority, origin)
    if source.kind == "folder" and (branch or path):
        raise SourceError(f"source '{name}': --branch and --path apply to git remotes, not to a folder")
    return source


def check_source_tables(value: Sequence[object]) -> str | None:
    """The ``validate`` hook of the ``sources`` setting: None when every table is a good source."""
    if len(value) > MAX_SOURCES:
        return f"at most {MAX_SOURCES} sources"
    seen: set[str] = set()
    for table in value:
        try:
            source = source_from_table(table)
        except SourceError as exc:
            return str(exc)
        if source.name in seen:
            return f"two sources are named '{source.name}'"
        seen.add(source.name)
    return None


def starter_source(folder: Path) -> Source:
    return Source(STARTER_NAME, str(folder), priority=STARTER_PRIORITY, origin="starter")


def configured_sources(
    user_tables: Sequence[Mapping[str, object]],
    *,
    starter: bool,
    starter_folder: Path,
    legacy_folder: str = "",
    policy_tables: Sequence[Mapping[str, object]] = (),
    user_sources_allowed: bool = True,
) -> tuple[tuple[Source, ...], tuple[str, ...]]:
    """Every source in effect, highest priority first, and the problems found on the way.

    Policy sources come first and cannot be shadowed by a user source of the
    same name; when ``user_sources_allowed`` is false (the policy locks
    ``sources``) the user's own are left out. ``legacy_folder`` is settings
    version 2's single articles folder, still honoured as the source ``local``.
    """
    found: dict[str, Source] = {}
    problems: list[str] = []
    for table in policy_tables:
        try:
            source = source_from_table(table, origin="policy")
        except SourceError as exc:
            problems.append(f"policy: {exc}")
            continue
        found.setdefault(source.name, source)
    if user_sources_allowed:
        for table in user_tables:
            try:
                source = source_from_table(table, origin="user")
            except SourceError as exc:
                problems.append(f"settings: {exc}")
                continue
            if source.name in found:
                problems.append(f"settings: source '{source.name}' is set by the policy; the policy's is used")
                continue
            found[source.name] = source
        if legacy_folder:
            found.setdefault(LEGACY_FOLDER_NAME, Source(LEGACY_FOLDER_NAME, legacy_folder, origin="user"))
    if starter:
        found[STARTER_NAME] = starter_source(starter_folder)
    ordered = sorted(found.values(), key=Source.rank, reverse=True)
    return tuple(ordered), tuple(problems)


# ---------------------------------------------------------------- merging


class _HasId(Protocol):
    """What merge_by_priority merges: anything with an id (an Article, an index record)."""

    @property
    def id(self) -> str: ...


T = TypeVar("T", bound=_HasId)


@dataclass(frozen=True)
class MergedItem(Generic[T]):
    id: str
    item: T
    source: str


@dataclass(frozen=True)
class ShadowedItem:
    """An article hidden because a higher-ranked source has the same id (for writers and the agent view)."""

    id: str
    source: str
    by: str


@dataclass(frozen=True)
class Merged(Generic[T]):
    #: the winning item per id, in source rank order, then the order each source listed them
    items: tuple[MergedItem[T], ...]
    shadowed: tuple[ShadowedItem, ...]

    def by_id(self) -> dict[str, MergedItem[T]]:
        return {m.id: m for m in self.items}


def _article_id(item: _HasId) -> str:
    return item.id


def merge_by_priority(
    per_source: Iterable[tuple[Source, Iterable[T]]], id_of: Callable[[T], str] = _article_id
) -> Merged[T]:
    """One list of articles out of several sources' lists: for an id carried by more than one
    source the highest-ranked source (:meth:`Source.rank`) wins and the others are reported as
    shadowed. Within one source the first item of an id wins (sources dedupe their own ids the
    same way: the path that sorts first). Works on anything with an id: :class:`Article`, index
    records, search hits."""
    ranked = sorted(per_source, key=lambda pair: pair[0].rank(), reverse=True)
    winners: dict[str, MergedItem[T]] = {}
    shadowed: list[ShadowedItem] = []
    for source, items in ranked:
        for item in items:
            aid = id_of(item)
            held = winners.get(aid)
            if held is None:
                winners[aid] = MergedItem(aid, item, source.name)
            elif held.source != source.name:
                shadowed.append(ShadowedItem(aid, source.name, held.source))
    return Merged(tuple(winners.values()), tuple(shadowed))
