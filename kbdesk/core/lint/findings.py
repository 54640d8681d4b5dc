"""What lint reports: the rule table (code, severity, what it means), findings and the report."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from kbdesk.core.errors import KbdeskError
from kbdesk.core.jsontypes import JSONObject

#: fewer words than this (outside headings) is a short body
MIN_BODY_WORDS = 40
#: cosine similarity of head texts at or above which two articles are near-duplicates
NEAR_DUPLICATE_THRESHOLD = 0.92
#: rows of the similarity matrix computed at once (block x n float32)
SIMILARITY_BLOCK_ROWS = 1024
#: other articles named in one duplicate finding before "and N more"
MAX_NAMED = 5


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
    # checks: (kbdesk.core.checks; the message names the column inside the condition)
    Rule("check-syntax", "error", "a check's condition or sentence is not written in the check language"),
    Rule("check-unknown-fact", "error", "a check names a fact the catalogue does not have"),
    Rule("check-type", "error", "a check compares a fact with a value of another type or unit"),
    Rule("check-operator", "error", "a check orders true/false or text (use == or !=)"),
    Rule("check-form", "error", "a check is not a mapping with when:/all:/any: and found:, or repeats an id"),
    Rule("check-unknown-key", "warning", "a check has a key kbdesk does not know"),
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
    Rule("plain-text", "warning", "the app shows the article as plain text: too long or too dense to format quickly"),
    Rule("stale", "warning", "review_by date has passed"),
    Rule("near-duplicate", "warning", "articles whose head texts are semantically near-identical"),
)
CODES = frozenset(r.code for r in RULES)
#: each code's severity (a finding may not change it)
SEVERITY = {r.code: r.severity for r in RULES}
#: the parser's issue codes lint reports under another name, to say more
PARSER_CODE_NAMES = {"yaml": "bad-yaml", "front-matter": "bad-front-matter", "broken-link": "broken-symlink"}


@dataclass(frozen=True)
class LintFinding:
    path: str  # relative to the linted folder, '/' separators
    line: int  # 1-based; 0 when the finding is about the whole file
    severity: str  # "error" | "warning"
    code: str
    message: str

    def sort_key(self) -> tuple[str, int, str, str]:
        return (self.path, self.line, self.code, self.message)

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.severity} {self.code} {self.message}"

    def to_dict(self) -> JSONObject:
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
