"""What an article is once read: :class:`Article`, the problems found in files (:class:`ArticleIssue`)
and their summary for whoever can fix them, and the vocabulary of the front matter."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from kbdesk.core.checks.model import Check

#: a file larger than this is not an article (a log or a dump dropped in the folder by mistake)
MAX_ARTICLE_BYTES = 1024 * 1024

STATUSES = ("draft", "review", "published", "retired")
AUDIENCES = ("end-user", "agent")
PLATFORMS = ("windows", "macos", "linux", "android", "ios", "web")

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
    # declarative checks of the machine's state (kbdesk.core.checks): a list of mappings
    "checks": "checks",
}
REQUIRED_FIELDS = ("title",)


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
    #: what machine state the article fixes (``checks:``), compiled and checked against the fact catalogue
    checks: tuple[Check, ...] = ()
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


class NotAnArticle(Exception):
    """The file cannot be an article at all (binary, not UTF-8, unusable front matter...): it is skipped.

    ``issue`` says why, naming the file and, where it applies, the line."""

    def __init__(self, issue: ArticleIssue) -> None:
        super().__init__(issue.message)
        self.issue = issue
