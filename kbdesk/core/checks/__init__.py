"""Checks: articles that say, in their front matter, what machine state they fix.

An article declares ``checks:``, each a condition over named facts about the
machine and a sentence of what was found::

    checks:
      - id: home-disk-full
        when: disk.home.percent_used >= 95
        found: Your home disk is {disk.home.percent_used} % full

The facts come from the diagnostics collectors (:mod:`.catalogue`, versioned,
listed in docs/writing-articles.md). Conditions are a small typed language
(:mod:`.expr`), parsed by hand and checked against the catalogue when the
article is read, so lint reports an unknown fact, a wrong type or a bad
operator with its line; nothing in an article is ever run as code. The
sentence (:mod:`.template`) interpolates fact values without ``str.format``.

Where checks run: when kbdesk starts and comes back after a while (the cheap
collectors, on a worker), before the escalation wizard's first page, and in
``kbdesk suggest``. A :class:`CheckSet` is compiled once per index and
evaluated in milliseconds; what fired travels in escalation bundles as
``diagnostics/checks.json`` (:func:`checks_document`).

Where things are::

    catalogue.py  the facts: name, type, unit, collector, cheap; reading them from a report
    readers.py    how each fact is read from its collector's data (every type checked)
    expr.py       tokenizer, parser, typed tree, compiled closures
    template.py   the found: sentence and how values read
    model.py      front matter -> Check; CheckSet, Evaluation, CheckHit; checks.json
    facts.py      FactSnapshot from a live or saved report; the start-up options
"""

from __future__ import annotations

from kbdesk.core.checks.catalogue import (
    BY_NAME,
    CATALOGUE_VERSION,
    CHEAP_COLLECTORS,
    FACTS,
    Fact,
    markdown_table,
    read_facts,
)
from kbdesk.core.checks.expr import (
    BAD_OPERATOR,
    SYNTAX,
    UNKNOWN_FACT,
    WRONG_TYPE,
    CheckSyntaxError,
    compile_condition,
    parse_condition,
)
from kbdesk.core.checks.facts import (
    FactSnapshot,
    collect_facts,
    facts_from_report,
    read_diagnostics_file,
    start_options,
)
from kbdesk.core.checks.model import (
    CHECKS_FORMAT,
    CHECKS_FORMAT_VERSION,
    FORM,
    UNKNOWN_KEY,
    ArticleChecks,
    Check,
    CheckHit,
    CheckSet,
    Evaluation,
    Evidence,
    checks_document,
    read_checks,
)
from kbdesk.core.checks.template import format_value, parse_template

#: every problem code a check can have, for lint
PROBLEM_CODES = (SYNTAX, UNKNOWN_FACT, WRONG_TYPE, BAD_OPERATOR, FORM, UNKNOWN_KEY)

__all__ = [
    "BAD_OPERATOR",
    "BY_NAME",
    "CATALOGUE_VERSION",
    "CHEAP_COLLECTORS",
    "CHECKS_FORMAT",
    "CHECKS_FORMAT_VERSION",
    "FACTS",
    "FORM",
    "PROBLEM_CODES",
    "SYNTAX",
    "UNKNOWN_FACT",
    "UNKNOWN_KEY",
    "WRONG_TYPE",
    "ArticleChecks",
    "Check",
    "CheckHit",
    "CheckSet",
    "CheckSyntaxError",
    "Evaluation",
    "Evidence",
    "Fact",
    "FactSnapshot",
    "checks_document",
    "collect_facts",
    "compile_condition",
    "facts_from_report",
    "format_value",
    "markdown_table",
    "parse_condition",
    "parse_template",
    "read_checks",
    "read_diagnostics_file",
    "read_facts",
    "start_options",
]
