"""The last check before anything is written: does a text still hold a secret shape or a card number?"""

from __future__ import annotations

import bisect
from collections.abc import Mapping

import ahocorasick_rs

from kbdesk.core.errors import RedactionError
from kbdesk.core.redaction.categories import BY_NAME, PROTECTED_CATEGORIES
from kbdesk.core.redaction.engine import Sink, Views, run_rule, with_present_anchors
from kbdesk.core.redaction.report import SecretFinding
from kbdesk.core.redaction.rules import SECRET_SCAN_RULES


class _Detector(Sink):
    """Records where a protected category matched; replaces nothing that matters (the text is thrown away)."""

    def __init__(self) -> None:
        self.hits: list[tuple[str, int]] = []

    def sub(self, category: str, value: str, norm: str | None = None) -> str:
        if category in PROTECTED_CATEGORIES:
            self.hits.append((category, self.pos))
        return "<X-0>"


def find_secret_shapes(text: str) -> list[SecretFinding]:
    """Every place in ``text`` that still looks like a secret or a card number.

    Placeholders never count, so redacted output gives an empty list; raw text
    with any secret the redactor knows gives at least one finding. The result
    says which category and which line (1-based), never the value.
    """
    detector = _Detector()
    views = with_present_anchors(Views(text), SECRET_SCAN_RULES)
    for rule in SECRET_SCAN_RULES:
        run_rule(rule, views, detector)
    if not detector.hits:
        return []
    newlines = [i for i, ch in enumerate(text) if ch == "\n"] if len(detector.hits) > 50 else None
    found: set[SecretFinding] = set()
    for category, pos in detector.hits:
        line = (bisect.bisect_left(newlines, pos) if newlines is not None else text.count("\n", 0, pos)) + 1
        found.add(SecretFinding(category, line))
    return sorted(found, key=lambda f: (f.line, f.category))


def find_known_values(text: str, known: Mapping[str, str]) -> list[SecretFinding]:
    """Every place in ``text`` where one of the ``known`` values (value -> category) occurs as a whole token."""
    if not known or not text:
        return []
    values = list(known)
    automaton = ahocorasick_rs.AhoCorasick(values, matchkind=ahocorasick_rs.MatchKind.LeftmostLongest)
    found: set[SecretFinding] = set()
    for index, start, end in automaton.find_matches_as_indexes(text):
        value = values[index]
        if (value[0].isalnum() and start > 0 and text[start - 1].isalnum()) or (
            value[-1].isalnum() and end < len(text) and text[end].isalnum()
        ):
            continue
        found.add(SecretFinding(known[value], text.count("\n", 0, start) + 1))
    return sorted(found, key=lambda f: (f.line, f.category))


def verify_clean(text: str, source: str, *, known: Mapping[str, str] | None = None) -> None:
    """Raise :class:`RedactionError` if ``text`` still holds a secret shape, or one of the ``known`` secrets.

    ``known`` (value -> category) are the secrets a redactor replaced elsewhere in the
    same bundle. The message names the source and the line, never the value.
    ``source`` appears as given, so pass the name the file has inside the bundle.
    """
    findings = find_secret_shapes(text)
    elsewhere = find_known_values(text, known) if known else []
    if not findings and not elsewhere:
        return
    first = (findings or elsewhere)[0]
    total = len(findings) + len(elsewhere)
    more = f" (and {total - 1} more)" if total > 1 else ""
    if findings:
        what = BY_NAME[first.category].description.split(" (")[0].lower() + " still present"
    else:
        what = "a secret redacted elsewhere in this bundle is present here"
    raise RedactionError(
        f"{source}: line {first.line}: {what} ({first.category}){more}",
        hint="Nothing was written. Redact this file again, or leave it out of the bundle.",
    )
