"""The rule engine: what a rule is, how it finds the lines worth looking at, how it hands values to a sink.

Rules live in ``rules/`` (one module per family); their order is in
``rules/__init__.py``. This module knows nothing about any particular value.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

import ahocorasick_rs

from kbdesk.core.redaction.categories import PLACEHOLDER_RE


class Sink:
    """Where rules hand each sensitive value; decides what replaces it."""

    #: where the current match starts in the whole text; set by the rules, read by the detector
    pos: int = 0
    #: where the text a rule is looking at starts in the whole text
    offset: int = 0

    def sub(self, category: str, value: str, norm: str | None = None) -> str:
        """Return what replaces ``value``; ``norm`` is the form that decides "the same value"."""
        raise NotImplementedError


Anchor = str | re.Pattern[str] | re.Pattern[bytes]


@dataclass(frozen=True)
class Rule:
    """One pattern and what replaces its matches.

    ``anchors`` keep rules fast: a rule looks only at the lines where one of
    its anchors occurs. An anchor is a literal (found with ``str.find``), a
    pattern that starts with a literal (so ``re`` can skip ahead quickly), or a
    bytes pattern run over the digit-folded text (see :class:`Views`). With
    ``lower`` the str anchors apply to the lower-cased text. No anchors means
    every line. ``whole_text`` rules (multi-line matches) see the whole text
    once any anchor occurs.
    """

    name: str
    categories: frozenset[str]
    pattern: re.Pattern[str]
    replace: Callable[[re.Match[str], Sink], str]
    anchors: tuple[Anchor, ...] = ()
    lower: bool = False
    whole_text: bool = False
    #: a hand-written scan loop, for rules whose value may end past what the pattern matched
    scan: Callable[[str, Sink], str] | None = None

    def run(self, text: str, sink: Sink) -> str:
        if self.scan is not None:
            return self.scan(text, sink)

        def replace(m: re.Match[str]) -> str:
            sink.pos = sink.offset + m.start()
            return self.replace(m, sink)

        return self.pattern.sub(replace, text)


_DIGIT_FOLD = bytes.maketrans(b"123456789", b"000000000")
_ASCII_LOWER = {c: c + 32 for c in range(ord("A"), ord("Z") + 1)}


def lower_same_length(text: str) -> str:
    """``text.lower()``, unless that changes the length (as "İ" does); then only ASCII letters are lowered.

    Anchors and the key=value scan search the lowered text and use the positions in the original.
    """
    low = text.lower()
    return low if len(low) == len(text) else text.translate(_ASCII_LOWER)


class Views:
    """Cheap derived forms of one text, made on first use.

    ``present`` (from :func:`with_present_anchors`): the literal anchors that occur in the
    text the redaction started from, as (lower-cased ones, case-sensitive ones). A rule
    skips a literal anchor that is not there: replacing values only ever adds
    placeholders, and an anchor that appears only inside a placeholder ("secret" in
    ``<SECRET-1>``) marks nothing to redact.
    """

    def __init__(self, text: str, present: tuple[frozenset[str], frozenset[str]] | None = None) -> None:
        self.text = text
        self.present = present
        self._lower: str | None = None
        self._digits: bytes | None = None

    def lowered(self) -> str:
        if self._lower is None:
            self._lower = lower_same_length(self.text)
        return self._lower

    def digits(self) -> bytes:
        """ASCII bytes of the text with every digit turned into "0", one byte per character."""
        if self._digits is None:
            self._digits = self.text.encode("ascii", "replace").translate(_DIGIT_FOLD)
        return self._digits


_LONG_LINE = 8192
_WINDOW = 1024
_DELIMITER = re.compile(r"[\s,;]")


def _cut_before(text: str, pos: int, floor: int) -> int:
    """A delimiter position at or before ``pos`` (not before ``floor``) to start a window at."""
    lo = max(floor, pos - 256)
    for i in range(pos, lo - 1, -1):
        if text[i] in " \t\r\n,;":
            return i + 1
    return max(floor, pos)


def _cut_after(text: str, pos: int, ceiling: int) -> int:
    m = _DELIMITER.search(text, pos, min(ceiling, pos + 256))
    return m.start() if m else min(ceiling, pos)


def _line_spans(rule: Rule, views: Views) -> list[tuple[int, int]]:
    """The merged (start, end) spans of the lines that hold one of the rule's anchors."""
    text = views.text
    n = len(text)
    if not rule.anchors or not text:
        return [(0, n)] if text else []
    hits: list[tuple[int, int]] = []

    def add(start: int, end: int) -> int:
        # A huge line (minified JSON, a one-line dump) would make every rule scan all of
        # it; look at a window around the hit instead, cut at a delimiter. The newline
        # searches are bounded so that many hits on one huge line stay linear.
        lo = max(0, start - _LONG_LINE)
        s = text.rfind("\n", lo, start) + 1
        if s == 0 and lo > 0:
            s = _cut_before(text, start - _WINDOW, lo)
        hi = min(n, end + _LONG_LINE)
        e = text.find("\n", max(end - 1, start), hi)
        if e == -1:
            e = n if hi == n else _cut_after(text, end + _WINDOW, hi)
        else:
            e += 1
        hits.append((s, e))
        return e

    present = views.present
    for anchor in rule.anchors:
        if isinstance(anchor, str):
            if present is not None and anchor not in present[0 if rule.lower else 1]:
                continue
            hay = views.lowered() if rule.lower else text
            i = hay.find(anchor)
            while i != -1:
                i = hay.find(anchor, add(i, i + len(anchor)))
        else:
            if isinstance(anchor.pattern, bytes):
                bhay = views.digits()
                found_b = anchor.search(bhay)
                while found_b is not None:
                    found_b = anchor.search(bhay, add(found_b.start(), found_b.end()))
            else:
                shay = views.lowered() if rule.lower else text
                found_s = anchor.search(shay)
                while found_s is not None:
                    found_s = anchor.search(shay, add(found_s.start(), found_s.end()))
        if hits and rule.whole_text:
            return [(0, n)]
    if not hits:
        return []
    hits.sort()
    merged = [hits[0]]
    for s, e in hits[1:]:
        ms, me = merged[-1]
        if s <= me:
            if e > me:
                merged[-1] = (ms, e)
        else:
            merged.append((s, e))
    return merged


def run_rule(rule: Rule, views: Views, sink: Sink) -> str:
    """Apply one rule to the lines its anchors select; returns the same object if nothing changed."""
    text = views.text
    spans = _line_spans(rule, views)
    out: list[str] = []
    last = 0
    for s, e in spans:
        segment = text if (s == 0 and e == len(text)) else text[s:e]
        sink.offset = s
        new = rule.run(segment, sink)
        if new is not segment and new != segment:
            out.append(text[last:s])
            out.append(new)
            last = e
    sink.offset = 0
    if not out:
        return text
    out.append(text[last:])
    return "".join(out)


def is_placeholder(value: str) -> bool:
    return PLACEHOLDER_RE.fullmatch(value) is not None


#: texts shorter than this look for each anchor directly (the presence pass would cost more)
_PRESENCE_MIN = 64 * 1024
_PRESENCE_CHUNK = 1 << 20


def present_literals(text: str, literals: Iterable[str]) -> frozenset[str]:
    """Which of ``literals`` occur in ``text``: one Aho-Corasick pass instead of one search per literal.

    On the 10 MB benchmark log about 90 literal anchors cost 1 s as separate
    ``str.find`` passes (one per rule run, over a text that changes between rules) and
    0.15 s as this pass. The text is read in 1 MB chunks and a literal, once found, is
    no longer looked for, so even a text made of one anchor repeated keeps the list of
    matches small.
    """
    remaining = sorted({lit for lit in literals if lit})
    if not remaining:
        return frozenset()
    overlap = max(map(len, remaining)) - 1
    found: set[str] = set()
    automaton = ahocorasick_rs.AhoCorasick(remaining)
    for start in range(0, len(text), _PRESENCE_CHUNK):
        chunk = text[start : start + _PRESENCE_CHUNK + overlap]
        hits = {remaining[i] for i, _, _ in automaton.find_matches_as_indexes(chunk, overlapping=True)}
        if hits:
            found |= hits
            remaining = [lit for lit in remaining if lit not in hits]
            if not remaining:
                break
            automaton = ahocorasick_rs.AhoCorasick(remaining)
    return frozenset(found)


def with_present_anchors(views: Views, rules: Sequence[Rule]) -> Views:
    """``views`` knowing which literal anchors of ``rules`` its text holds (long texts only; see :class:`Views`)."""
    if len(views.text) < _PRESENCE_MIN:
        return views
    lowered = present_literals(views.lowered(), (a for r in rules if r.lower for a in r.anchors if isinstance(a, str)))
    raw = present_literals(views.text, (a for r in rules if not r.lower for a in r.anchors if isinstance(a, str)))
    views.present = (lowered, raw)
    return views


def apply_rules(rules: Sequence[Rule], text: str, sink: Sink, skip: frozenset[str]) -> str:
    active = [rule for rule in rules if not rule.categories <= skip]
    views = with_present_anchors(Views(text), active)
    for rule in active:
        new = run_rule(rule, views, sink)
        if new is not views.text:
            views = Views(new, views.present)
    return views.text
