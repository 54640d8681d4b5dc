"""One article's text -> :class:`~.model.Article` and the problems found in it (:func:`parse_article`).

A problem that does not stop an article from being useful (an unknown key, a field of the wrong
type) is a warning or an error on that field, and the article is read with the field left out;
one that does (no usable front matter) raises :class:`~.model.NotAnArticle`. Every pattern run
over article text is linear in the text's length (a 1 MB pathological line parses in well under
a second; see ``benchmarks/bench_pathological.py``).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import re
from pathlib import Path

import yaml

from kbdesk.core.articles.frontmatter import (
    FrontMatterField,
    FrontMatterProblem,
    kind_of,
    named,
    normalise_platform,
    parse_date,
    quote_value,
    read_front_matter,
    split_front_matter,
    text_items,
)
from kbdesk.core.articles.model import AUDIENCES, FIELD_KINDS, PLATFORMS, STATUSES, Article, ArticleIssue, NotAnArticle
from kbdesk.core.checks.model import Check, read_checks

_ID_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*$")


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


def parse_article(
    path: Path, text: str, *, root: Path | None = None, content_hash: str = ""
) -> tuple[Article, list[ArticleIssue]]:
    """Parse one article's text. Raises :class:`NotAnArticle` when the file cannot be an article."""
    path = Path(path)
    issues: list[ArticleIssue] = []

    def warn(line: int | None, code: str, message: str, severity: str = "warning") -> None:
        issues.append(ArticleIssue(path, line, severity, code, message))

    try:
        front, body, body_line = split_front_matter(text)
    except ValueError as exc:
        raise NotAnArticle(ArticleIssue(path, 1, "error", "front-matter", f"{exc}; skipped")) from exc

    entries: list[FrontMatterField] = []
    if front is None:
        warn(1, "no-front-matter", "no YAML front matter; title taken from the first heading or the file name")
    else:
        try:
            entries, problems = read_front_matter(front)
        except yaml.YAMLError as exc:
            mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
            line = mark.line + 2 if mark is not None else 1
            problem = getattr(exc, "problem", None) or str(exc).split("\n")[0]
            raise NotAnArticle(
                ArticleIssue(
                    path,
                    line,
                    "error",
                    "yaml",
                    f"malformed YAML front matter: {quote_value(problem, 200)[1:-1]}; skipped",
                )
            ) from exc
        except FrontMatterProblem as exc:
            raise NotAnArticle(ArticleIssue(path, exc.line, "error", "front-matter", f"{exc}; skipped")) from exc
        except (ValueError, UnicodeError) as exc:  # text the parser cannot take (a lone surrogate)
            raise NotAnArticle(
                ArticleIssue(path, 2, "error", "yaml", f"front matter cannot be read as YAML ({exc}); skipped")
            ) from exc
        for line, severity, code, message in problems:
            warn(line, code, message, severity)
    key_lines = {entry.key: entry.line for entry in entries}

    texts: dict[str, str] = {}
    lists: dict[str, tuple[str, ...]] = {}
    dates: dict[str, dt.date] = {}
    checks: tuple[Check, ...] = ()
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
        if kind == "checks":
            checks, check_problems = read_checks(value, line)
            for problem_line, severity, code, message in check_problems:
                warn(problem_line, code, message, severity)
        elif kind == "str":
            if isinstance(value, str):
                texts[key] = value.strip()
            else:
                warn(line, "wrong-type", f"'{key}' should be text, not {kind_of(value)}; ignored", "error")
        elif kind == "list":
            items = text_items(value)
            if isinstance(items, str):
                warn(line, "wrong-type", f"'{key}' {items}; ignored", "error")
            else:
                lists[key] = items
        elif kind == "date":
            if not isinstance(value, str):
                warn(
                    line,
                    "wrong-type",
                    f"'{key}' should be a date like 2026-04-01, not {kind_of(value)}; ignored",
                    "error",
                )
                continue
            date, why = parse_date(value)
            if date is not None:
                dates[key] = date
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

    article_id = texts.get("id") or path.stem
    if not _ID_RE.match(article_id):
        warn(
            key_lines.get("id"),
            "bad-id",
            f"id {quote_value(article_id)} should use only letters, digits, '.', '_' and '-'",
        )

    title = texts.get("title", "")
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
    for p in lists.get("platforms", ()):
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
            f"unknown platform{'s' if len(unknown) > 1 else ''} {named(unknown)} (known: {', '.join(PLATFORMS)})",
        )

    status = texts.get("status", "published").lower()
    if status not in STATUSES:
        warn(
            key_lines.get("status"),
            "bad-status",
            f"status {quote_value(status)} is not one of {', '.join(STATUSES)}; treated as draft",
            "error",
        )
        status = "draft"
    audience = texts.get("audience", "end-user").lower()
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
        summary=texts.get("summary", ""),
        body=body.strip("\n"),
        path=path,
        rel_path=rel.replace(os.sep, "/"),
        content_hash=content_hash or hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest(),
        tags=tuple(t.lower() for t in lists.get("tags", ())),
        platforms=tuple(platforms),
        symptoms=lists.get("symptoms", ()),
        error_codes=lists.get("error_codes", ()),
        related=lists.get("related", ()),
        audience=audience,
        status=status,
        owner=texts.get("owner", ""),
        reviewed=dates.get("reviewed"),
        review_by=dates.get("review_by"),
        checks=checks,
        body_line=body_line,
        key_lines=tuple(sorted(key_lines.items(), key=lambda kv: kv[1])),
    )
    return article, issues
