"""Whole-word user and host names, and custom terms matched anywhere, ignoring case."""

from __future__ import annotations

import re
from collections.abc import Iterable

from kbdesk.core.errors import RedactionError
from kbdesk.core.redaction.categories import GENERIC_ACCOUNTS, PLACEHOLDER_SRC
from kbdesk.core.redaction.engine import Rule, Sink


def identity_rules(hostname: str, usernames: Iterable[str], custom_terms: Iterable[str]) -> tuple[Rule, ...]:
    """Rules for this machine's host name, the user names and the organisation's custom terms.

    Built per :class:`~kbdesk.core.redaction.Redactor`, since the terms differ; they run after
    the static rules and before the addresses (see ``rules/__init__.py``).
    """
    identity: dict[str, tuple[str, str]] = {}  # lower-cased term -> (category, normalised value)
    host = (hostname or "").strip()
    if host and host.lower() not in {"localhost", "localhost.localdomain"}:
        short = host.split(".", 1)[0]
        for term in {host, short}:
            if len(term) >= 3:
                identity[term.lower()] = ("hostname", short.lower())
    for name in usernames:
        name = (name or "").strip()
        if len(name) >= 3 and name.lower() not in GENERIC_ACCOUNTS:
            identity.setdefault(name.lower(), ("user", name.casefold()))
    rules: list[Rule] = []
    if identity:
        alternatives = "|".join(re.escape(t) for t in sorted(identity, key=len, reverse=True))
        pattern = re.compile(
            r"(?i)(?P<ph>" + PLACEHOLDER_SRC + r")|(?<![A-Za-z0-9_.-])(?P<t>" + alternatives + r")(?![A-Za-z0-9_-])"
        )

        def replace_identity(m: re.Match[str], sink: Sink) -> str:
            term = m.group("t")
            if term is None:
                return m.group(0)
            category, norm = identity[term.lower()]
            return sink.sub(category, term, norm)

        rules.append(
            Rule("identity", frozenset({"user", "hostname"}), pattern, replace_identity, tuple(identity), lower=True)
        )

    terms: dict[str, str] = {}
    for term in custom_terms:
        term = (term or "").strip()
        if not term:
            continue
        if len(term) < 2:
            raise RedactionError(
                f"custom redaction term is too short ({len(term)} character)",
                hint="Use terms of at least two characters; shorter ones would erase ordinary text.",
            )
        terms[term.lower()] = term.casefold()
    if terms:
        alternatives = "|".join(re.escape(t) for t in sorted(terms, key=len, reverse=True))
        pattern = re.compile(r"(?i)(?P<ph>" + PLACEHOLDER_SRC + r")|(?P<t>" + alternatives + r")")

        def replace_custom(m: re.Match[str], sink: Sink) -> str:
            term = m.group("t")
            if term is None:
                return m.group(0)
            return sink.sub("custom", term, terms[term.lower()])

        rules.append(Rule("custom", frozenset({"custom"}), pattern, replace_custom, tuple(terms), lower=True))
    return tuple(rules)
