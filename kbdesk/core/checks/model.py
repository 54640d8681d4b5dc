"""Checks as articles declare them, compiled once, evaluated against one set of facts.

In front matter::

    checks:
      - id: home-disk-full                      # optional; default check-1, check-2, ...
        when: disk.home.percent_used >= 95      # a condition (expr.py), or:
        # all: [cond, cond]  /  any: [cond, cond]
        found: Your home disk is {disk.home.percent_used} % full

:func:`read_checks` turns that value (as :mod:`kbdesk.core.articles` reads it from
the YAML parser's events: text, lists and mappings that carry their lines)
into :class:`Check` objects and problems with their lines. A broken check is
left out with an error; the article and its other checks still load.

:class:`CheckSet` compiles the checks of many articles once (at index load)
and :meth:`CheckSet.evaluate` runs them over a dict of facts: one closure call
per check, so 10,000 articles take milliseconds (``benchmarks/bench_checks.py``).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Protocol

from kbdesk.core.checks.catalogue import BY_NAME, CATALOGUE_VERSION, Value
from kbdesk.core.checks.expr import (
    AllOf,
    AnyOf,
    CheckSyntaxError,
    Evaluator,
    Node,
    compile_condition,
    fact_names,
    parse_condition,
)
from kbdesk.core.checks.template import Template, format_value, parse_template
from kbdesk.core.jsontypes import JSONObject, JSONValue

if TYPE_CHECKING:  # both import this module (an article holds its checks)
    from kbdesk.core.articles import Article
    from kbdesk.core.search.manifest import ArticleRecord

#: checks one article may declare (the starter articles use one to three)
MAX_CHECKS = 20
#: conditions in one all:/any: list
MAX_ITEMS = 16
CHECK_KEYS = ("id", "when", "all", "any", "found")
#: the problem code for a check written in the wrong shape (not a mapping, no found:, ...)
FORM = "check-form"
#: a key a check does not have (a warning: the check still works)
UNKNOWN_KEY = "check-unknown-key"
_ID_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$")
#: statuses whose checks fire (the ones search shows)
LIVE_STATUSES = ("published", "review")

Problem = tuple[int, str, str, str]  # (line, severity, code, message), as articles.read_front_matter reports


@dataclass(frozen=True)
class Check:
    """One compiled check of one article, with its source: ``form`` is ``when`` (one condition in
    ``conditions``), ``all`` or ``any`` (a list). The source is what the index keeps."""

    id: str
    form: str
    conditions: tuple[str, ...]
    found: str
    line: int
    condition: Node = field(compare=False, repr=False)
    template: Template = field(compare=False, repr=False)

    @property
    def when(self) -> str:
        """The whole condition as one text (``all((a), (b))`` for a list), for people and evidence."""
        if self.form == "when":
            return self.conditions[0]
        return f"{self.form}(" + ", ".join(f"({c})" for c in self.conditions) + ")"

    @property
    def facts(self) -> tuple[str, ...]:
        """The facts the condition reads (the evidence of a hit)."""
        return fact_names(self.condition)

    def to_record(self) -> JSONObject:
        """The check's source as the index keeps it (:attr:`ArticleRecord.checks`)."""
        value: JSONValue = self.conditions[0] if self.form == "when" else list(self.conditions)
        return {"id": self.id, self.form: value, "found": self.found, "line": self.line}

    @classmethod
    def from_record(cls, record: Mapping[str, JSONValue], cache: _ParseCache | None = None) -> Check:
        """A check from an index record; raises CheckSyntaxError (or ValueError for a bad record)."""
        check_id, found, line = record.get("id"), record.get("found"), record.get("line")
        if not (isinstance(check_id, str) and isinstance(found, str)):
            raise ValueError("a check record needs id and found as text")
        form = next((k for k in ("when", "all", "any") if k in record), None)
        raw = record.get(form) if form is not None else None
        texts = [raw] if form == "when" else raw
        if form is None or not isinstance(texts, list) or not texts or len(texts) > MAX_ITEMS:
            raise ValueError("a check record needs when, all or any")
        if not all(isinstance(t, str) for t in texts):
            raise ValueError("a check record's conditions must be text")
        conditions = tuple(str(t) for t in texts)
        cache = cache or _ParseCache()
        return cls(
            check_id,
            form,
            conditions,
            found,
            line if isinstance(line, int) and not isinstance(line, bool) else 0,
            _combine(form, [cache.condition(t) for t in conditions]),
            cache.template(found),
        )


def _combine(form: str, parts: Sequence[Node]) -> Node:
    if form == "when":
        return parts[0]
    return AllOf(tuple(parts)) if form == "all" else AnyOf(tuple(parts))


def _line_of(container: object, key: str | int, default: int) -> int:
    """The line of a mapping key or list item, from the ``key_lines``/``item_lines`` the front-matter reader adds."""
    if isinstance(key, str):
        lines = getattr(container, "key_lines", None)
        value = lines.get(key) if isinstance(lines, dict) else None
    else:
        lines = getattr(container, "item_lines", None)
        value = lines[key] if isinstance(lines, list) and key < len(lines) else None
    return value if isinstance(value, int) else default


def _kind(value: object) -> str:
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    return "empty" if value is None else "text"


def read_checks(value: object, line: int) -> tuple[tuple[Check, ...], list[Problem]]:
    """The checks of a ``checks:`` front-matter value and the problems found, each with its line."""
    problems: list[Problem] = []

    def problem(at: int, code: str, message: str, severity: str = "error") -> None:
        problems.append((at, severity, code, message))

    if value is None:
        return (), problems
    if not isinstance(value, list):
        problem(line, FORM, f"'checks' should be a list of checks (each with when: and found:), not {_kind(value)}")
        return (), problems
    if len(value) > MAX_CHECKS:
        problem(line, FORM, f"'checks' has {len(value)} checks; at most {MAX_CHECKS} are read")
    checks: list[Check] = []
    seen: dict[str, int] = {}
    for index, item in enumerate(value[:MAX_CHECKS]):
        at = _line_of(value, index, line)
        if not isinstance(item, dict):
            problem(at, FORM, f"check {index + 1} should be a mapping with when: and found:, not {_kind(item)}")
            continue
        check = _read_one(item, index, at, problem)
        if check is None:
            continue
        if check.id in seen:
            problem(at, FORM, f"check id '{check.id}' is also used on line {seen[check.id]}; ids must differ")
            continue
        seen[check.id] = at
        checks.append(check)
    return tuple(checks), problems


class _Report(Protocol):
    """How the readers below report a problem: its line, code, message and severity."""

    def __call__(self, at: int, code: str, message: str, severity: str = "error") -> None: ...


def _read_one(item: Mapping[object, object], index: int, at: int, problem: _Report) -> Check | None:
    for key in item:
        if key not in CHECK_KEYS:
            shown = key if isinstance(key, str) else _kind(key)
            problem(
                _line_of(item, key, at) if isinstance(key, str) else at,
                UNKNOWN_KEY,
                f"unknown key '{str(shown)[:40]}' in a check (known: {', '.join(CHECK_KEYS)}); ignored",
                "warning",
            )
    check_id = item.get("id")
    if check_id is None:
        check_id = f"check-{index + 1}"
    elif not isinstance(check_id, str) or not _ID_RE.match(check_id.strip()):
        problem(_line_of(item, "id", at), FORM, "a check id uses letters, digits, '.', '_' and '-' (at most 64)")
        return None
    check_id = check_id.strip()
    forms = [k for k in ("when", "all", "any") if k in item]
    if len(forms) != 1:
        problem(
            at,
            FORM,
            "a check needs exactly one of when:, all: or any:" + (f" (it has {', '.join(forms)})" if forms else ""),
        )
        return None
    form = forms[0]
    form_line = _line_of(item, form, at)
    raw = item[form]
    if form == "when":
        if not isinstance(raw, str):
            problem(form_line, FORM, f"when: should be one condition as text, not {_kind(raw)}")
            return None
        texts = [raw]
    elif not isinstance(raw, list) or not raw:
        problem(form_line, FORM, f"{form}: should be a list of conditions, not {_kind(raw)}")
        return None
    elif len(raw) > MAX_ITEMS:
        problem(form_line, FORM, f"{form}: has {len(raw)} conditions; at most {MAX_ITEMS} are allowed")
        return None
    else:
        texts = raw
    parts: list[Node] = []
    for n, text in enumerate(texts):
        item_line = form_line if form == "when" else _line_of(raw, n, form_line)
        if not isinstance(text, str):
            problem(item_line, FORM, f"{form}: item {n + 1} should be a condition as text, not {_kind(text)}")
            return None
        part = _condition(text, item_line, problem)
        if part is None:
            return None
        parts.append(part)
    found = item.get("found")
    found_line = _line_of(item, "found", at)
    if not isinstance(found, str) or not found.strip():
        problem(
            found_line if "found" in item else at,
            FORM,
            "a check needs found: a short sentence saying what was found, such as "
            "'Your home disk is {disk.home.percent_used} % full'",
        )
        return None
    try:
        template = parse_template(found.strip())
    except CheckSyntaxError as exc:
        problem(found_line, exc.code, f"found: {exc.describe()}")
        return None
    conditions = tuple(str(t).strip() for t in texts)
    return Check(check_id, form, conditions, found.strip(), at, _combine(form, parts), template)


def _condition(text: str, line: int, problem: _Report) -> Node | None:
    try:
        return parse_condition(text)
    except CheckSyntaxError as exc:
        problem(line, exc.code, f"condition {_quote(text)}: {exc.describe()}")
        return None


def _quote(text: str, limit: int = 60) -> str:
    text = " ".join(text.split())
    return "'" + (text if len(text) <= limit else text[:limit] + "…") + "'"


# --------------------------------------------------------------------------- evaluating many articles' checks


@dataclass(frozen=True)
class Evidence:
    fact: str
    value: Value | None
    unit: str
    #: the value as a person reads it ("97", "3.2 GB", "unknown")
    shown: str

    @property
    def with_unit(self) -> str:
        """``shown`` with the unit sentences leave to the writer: ``97 %``, ``1920 px``."""
        suffix = {"percent": " %", "pixels": " px"}.get(self.unit, "")
        return self.shown + suffix if self.value is not None else self.shown

    def to_dict(self) -> dict[str, object]:
        return {"fact": self.fact, "value": self.value, "unit": self.unit, "shown": self.shown}


@dataclass(frozen=True)
class CheckHit:
    """A check that fired: which article fixes it, what was found, and the facts behind it.

    The sentence and the evidence are written when first asked for: an evaluation decides
    thousands of checks, and only the few that are shown need their words.
    """

    article_id: str
    article_title: str
    check: Check = field(repr=False)
    facts: Mapping[str, Value] = field(repr=False, compare=False)

    @property
    def check_id(self) -> str:
        return self.check.id

    @property
    def when(self) -> str:
        return self.check.when

    @property
    def key(self) -> str:
        """``article-id#check-id``: how analytics and dismissals name a check."""
        return f"{self.article_id}#{self.check.id}"

    @functools.cached_property
    def sentence(self) -> str:
        return self.check.template.render(self.facts)

    @functools.cached_property
    def evidence(self) -> tuple[Evidence, ...]:
        names = tuple(dict.fromkeys(self.check.facts + self.check.template.facts))
        return tuple(
            Evidence(name, self.facts.get(name), BY_NAME[name].unit, format_value(BY_NAME[name], self.facts.get(name)))
            for name in names
        )

    def to_dict(self) -> dict[str, object]:
        return {
            "article_id": self.article_id,
            "article_title": self.article_title,
            "check_id": self.check_id,
            "found": self.sentence,
            "when": self.when,
            "evidence": [e.to_dict() for e in self.evidence],
        }


@dataclass(frozen=True)
class ArticleChecks:
    """The checks of one article with what deciding whether they apply needs."""

    article_id: str
    title: str
    checks: tuple[Check, ...]
    platforms: tuple[str, ...] = ()
    status: str = "published"


@dataclass(frozen=True)
class Evaluation:
    """The outcome of running a CheckSet over one set of facts."""

    hits: tuple[CheckHit, ...]
    #: checks run (those whose article applies), and how many could not decide for a missing fact
    evaluated: int = 0
    undecided: int = 0
    articles: int = 0

    def to_dict(self) -> dict[str, object]:
        return {
            "evaluated": self.evaluated,
            "undecided": self.undecided,
            "articles": self.articles,
            "fired": [hit.to_dict() for hit in self.hits],
        }


class CheckSet:
    """The checks of many articles, compiled once; evaluate as often as facts change.

    Articles share conditions (``network.default_route == false`` in several, the same
    threshold in many): each distinct condition is parsed and compiled once and, in
    :meth:`evaluate`, decided once; then every check reads its answer. A hit's sentence
    and evidence are written only when asked for (:class:`CheckHit`).
    """

    def __init__(self, articles: Iterable[ArticleChecks]) -> None:
        conditions: dict[str, int] = {}
        evaluators: list[Evaluator] = []
        self._entries: list[tuple[ArticleChecks, tuple[tuple[Check, int], ...]]] = []
        for article in articles:
            if not article.checks:
                continue
            compiled = []
            for check in article.checks:
                slot = conditions.get(check.when)
                if slot is None:
                    slot = conditions[check.when] = len(evaluators)
                    evaluators.append(compile_condition(check.condition))
                compiled.append((check, slot))
            self._entries.append((article, tuple(compiled)))
        self._evaluators = tuple(evaluators)

    @classmethod
    def from_articles(cls, articles: Iterable[Article]) -> CheckSet:
        """From :class:`~kbdesk.core.articles.Article` objects (their checks are already parsed)."""
        return cls(ArticleChecks(a.id, a.title, a.checks, tuple(a.platforms), a.status) for a in articles if a.checks)

    @classmethod
    def from_records(cls, records: Mapping[str, ArticleRecord]) -> tuple[CheckSet, list[str]]:
        """From the index's article records; a check the catalogue no longer accepts is left out, with a note."""
        entries: list[ArticleChecks] = []
        notes: list[str] = []
        cache = _ParseCache()
        for article_id, record in records.items():
            if not record.checks:
                continue
            checks = []
            for item in record.checks[:MAX_CHECKS]:
                try:
                    checks.append(Check.from_record(item, cache))
                except (CheckSyntaxError, ValueError) as exc:
                    notes.append(f"{article_id}: check {str(item.get('id'))[:64]!r} left out: {exc}")
            entries.append(ArticleChecks(article_id, record.title, tuple(checks), record.platforms, record.status))
        return cls(entries), notes

    def __len__(self) -> int:
        return sum(len(compiled) for _, compiled in self._entries)

    @property
    def article_count(self) -> int:
        return len(self._entries)

    @property
    def condition_count(self) -> int:
        """Distinct conditions (each decided once per evaluation)."""
        return len(self._evaluators)

    def evaluate(
        self,
        facts: Mapping[str, Value],
        *,
        platform: str | None = None,
        statuses: Sequence[str] = LIVE_STATUSES,
    ) -> Evaluation:
        """Every check of every article that applies here (``platform``; None: every platform) over ``facts``."""
        answers = [evaluate(facts) for evaluate in self._evaluators]
        hits: list[CheckHit] = []
        evaluated = undecided = articles = 0
        for article, compiled in self._entries:
            if statuses and article.status not in statuses:
                continue
            if platform is not None and article.platforms and platform not in article.platforms:
                continue
            articles += 1
            evaluated += len(compiled)
            for check, slot in compiled:
                answer = answers[slot]
                if answer:
                    hits.append(CheckHit(article.article_id, article.title, check, facts))
                elif answer is None:
                    undecided += 1
        return Evaluation(tuple(hits), evaluated, undecided, articles)


class _ParseCache:
    """Parsed conditions and sentences by their text, while one set of records is read."""

    def __init__(self) -> None:
        self.conditions: dict[str, Node] = {}
        self.templates: dict[str, Template] = {}

    def condition(self, text: str) -> Node:
        node = self.conditions.get(text)
        if node is None:
            node = self.conditions[text] = parse_condition(text)
        return node

    def template(self, text: str) -> Template:
        template = self.templates.get(text)
        if template is None:
            template = self.templates[text] = parse_template(text)
        return template


CHECKS_FORMAT = "kbdesk-checks"
CHECKS_FORMAT_VERSION = 1
#: hits written to checks.json at most (a knowledge base where hundreds fire says nothing more with all of them)
MAX_HITS_WRITTEN = 100


def checks_document(
    evaluation: Evaluation, facts: Mapping[str, Value], *, created: str, source: str
) -> dict[str, object]:
    """``diagnostics/checks.json``: the facts, what fired, with which article, on what evidence."""
    return {
        "format": CHECKS_FORMAT,
        "version": CHECKS_FORMAT_VERSION,
        "catalogue_version": CATALOGUE_VERSION,
        "created": created,
        "source": source,
        "facts": {name: {"value": value, "unit": BY_NAME[name].unit} for name, value in sorted(facts.items())},
        **{k: v for k, v in evaluation.to_dict().items() if k != "fired"},
        "fired": [hit.to_dict() for hit in evaluation.hits[:MAX_HITS_WRITTEN]],
    }


__all__ = [
    "CHECKS_FORMAT",
    "CHECKS_FORMAT_VERSION",
    "FORM",
    "LIVE_STATUSES",
    "MAX_CHECKS",
    "UNKNOWN_KEY",
    "ArticleChecks",
    "Check",
    "CheckHit",
    "CheckSet",
    "Evaluation",
    "Evidence",
    "checks_document",
    "read_checks",
]
