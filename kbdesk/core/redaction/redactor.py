"""The redactor: one per bundle, consistent placeholders across every text it is given."""

from __future__ import annotations

import getpass
import socket
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field

import ahocorasick_rs

from kbdesk.core.errors import RedactionError
from kbdesk.core.redaction.categories import (
    BY_NAME,
    CATEGORIES,
    DEFAULT_KEPT,
    PLACEHOLDER_RE,
    PROTECTED_CATEGORIES,
    freeze_counts,
)
from kbdesk.core.redaction.engine import Sink, apply_rules, lower_same_length
from kbdesk.core.redaction.report import RedactionReport, RedactionResult, SourceCounts
from kbdesk.core.redaction.rules import rules_for
from kbdesk.core.redaction.scan import verify_clean


@dataclass
class _Counting(Sink):
    disabled: frozenset[str]
    numbers: dict[tuple[str, str], int] = field(default_factory=dict)
    next_number: Counter[str] = field(default_factory=Counter)
    counts: Counter[str] = field(default_factory=Counter)
    counting: bool = True
    #: every value replaced so far (value -> category, normalised form), for propagate()
    learned: dict[str, tuple[str, str | None]] = field(default_factory=dict)

    def sub(self, category: str, value: str, norm: str | None = None) -> str:
        if category in self.disabled:
            return value
        if value not in self.learned and _worth_propagating(category, value):
            self.learned[value] = (category, norm)
        ident = (category, value if norm is None else norm)
        number = self.numbers.get(ident)
        if number is None:
            self.next_number[category] += 1
            number = self.next_number[category]
            self.numbers[ident] = number
        if self.counting:
            self.counts[category] += 1
        return f"<{BY_NAME[category].label}-{number}>"


def _worth_propagating(category: str, value: str) -> bool:
    """Long enough not to hit ordinary words and numbers when searched for everywhere else."""
    if len(value) < (3 if category in ("user", "hostname") else 4):
        return False
    if value.isdigit() and len(value) < 6:
        return False  # a 4-digit PIN would turn every "2024" into a placeholder
    return any(c.isalnum() for c in value)


#: categories compared without case when a found value is searched for elsewhere
_CASELESS = frozenset({"user", "hostname", "email", "custom"})


class Redactor:
    """Redacts every text of one bundle with consistent placeholders.

    ``hostname`` and ``username`` default to this machine's; pass ``""`` to
    skip them. ``usernames`` adds more names to hide as whole words.
    ``custom_terms`` are hidden wherever they occur, ignoring case.
    ``disabled_categories`` keeps those categories as they are; secret
    categories and ``card`` cannot be disabled (:class:`RedactionError`).
    ``None`` (the default) keeps :data:`~kbdesk.core.redaction.categories.DEFAULT_KEPT`
    (UUIDs); an explicit collection is exactly what is kept.

    Not thread-safe: use one instance per bundle, from one thread.
    """

    def __init__(
        self,
        *,
        hostname: str | None = None,
        username: str | None = None,
        usernames: Iterable[str] = (),
        custom_terms: Iterable[str] = (),
        disabled_categories: Iterable[str] | None = None,
    ) -> None:
        disabled = DEFAULT_KEPT if disabled_categories is None else frozenset(disabled_categories)
        unknown = sorted(disabled - BY_NAME.keys())
        if unknown:
            raise RedactionError(
                f"unknown redaction categories: {', '.join(unknown)}",
                hint="Known categories: " + ", ".join(c.name for c in CATEGORIES if c.can_disable),
            )
        protected = sorted(disabled & PROTECTED_CATEGORIES)
        if protected:
            raise RedactionError(
                f"these categories cannot be turned off: {', '.join(protected)}",
                hint="Secrets and card numbers are always removed from a bundle.",
            )
        self.disabled_categories = disabled
        if hostname is None:
            hostname = _default_hostname()
        if username is None:
            username = _default_username()
        self._sink = _Counting(disabled)
        self._per_source: dict[str, Counter[str]] = {}
        self._rules = rules_for(hostname, [username, *usernames], custom_terms)
        self._ac: ahocorasick_rs.AhoCorasick | None = None
        self._patterns: list[list[str]] = []
        self._learned_size = 0

    def __repr__(self) -> str:  # never show the terms or the remembered values
        return f"<Redactor disabled={sorted(self.disabled_categories)} sources={len(self._per_source)}>"

    def redact(self, text: str, source: str = "-") -> RedactionResult:
        """Redact ``text`` (one file or stream) and record its counts under ``source``.

        ``source`` is itself redacted (without counting) before it is stored or
        returned, so a path such as ``/home/alice/app.log`` cannot leak a name.
        Redacting the same source twice adds to its counts.
        """
        label = self.redact_label(source)
        sink = self._sink
        sink.counts = Counter()
        redacted = apply_rules(self._rules, text, sink, self.disabled_categories)
        counts = sink.counts
        self._per_source.setdefault(label, Counter()).update(counts)
        return RedactionResult(redacted, label, freeze_counts(counts))

    def propagate(self, text: str, source: str = "-", *, count: bool = True) -> RedactionResult:
        """Replace what is left in ``text`` of any value this redactor replaced anywhere.

        The second pass over every text of a bundle: ``user=alice.w`` found in an
        attachment makes "alice.w" in the ticket's description ``<USER-1>`` too. A value
        counts only as a whole token (not glued to letters or digits), user, host and
        e-mail values without regard to case; values shorter than 4 characters (3 for
        names) and short numbers are not searched for (see ``_worth_propagating``).
        Placeholders are never touched. With ``count`` the replacements are added to
        ``source``'s counts; ``text`` should already have been through :meth:`redact`.
        """
        label = self.redact_label(source) if count else source
        sink = self._sink
        learned = sink.learned
        if not learned or not text:
            return RedactionResult(text, label, ())
        automaton = self._automaton()
        low = lower_same_length(text)
        counts: Counter[str] = Counter()
        out: list[str] = []
        last = 0
        for index, start, end in automaton.find_matches_as_indexes(low):
            found = text[start:end]
            # values that differ only in case share one pattern: take the one this is
            choices = self._patterns[index]
            value = next((v for v in choices if v == found or learned[v][0] in _CASELESS), None)
            if value is None:
                continue
            category, norm = learned[value]
            if (value[0].isalnum() and start > 0 and text[start - 1].isalnum()) or (
                value[-1].isalnum() and end < len(text) and text[end].isalnum()
            ):
                continue
            if _inside_placeholder(text, start, end):
                continue
            saved = sink.counting
            sink.counting = False
            try:
                replacement = sink.sub(category, found, norm)
            finally:
                sink.counting = saved
            out.append(text[last:start])
            out.append(replacement)
            last = end
            counts[category] += 1
        if not out:
            return RedactionResult(text, label, ())
        out.append(text[last:])
        if count:
            self._per_source.setdefault(label, Counter()).update(counts)
        return RedactionResult("".join(out), label, freeze_counts(counts))

    def _automaton(self) -> ahocorasick_rs.AhoCorasick:
        learned = self._sink.learned
        if self._ac is None or self._learned_size != len(learned):
            by_lower: dict[str, list[str]] = {}
            for value in learned:
                by_lower.setdefault(lower_same_length(value), []).append(value)
            self._patterns = list(by_lower.values())
            self._learned_size = len(learned)
            self._ac = ahocorasick_rs.AhoCorasick(list(by_lower), matchkind=ahocorasick_rs.MatchKind.LeftmostLongest)
        return self._ac

    def known_secrets(self) -> dict[str, str]:
        """The secret and card values replaced so far (value -> category): what the final scan looks for."""
        return {v: category for v, (category, _) in self._sink.learned.items() if category in PROTECTED_CATEGORIES}

    def redact_label(self, label: str) -> str:
        """Redact a short label (a file name, a title) without counting it in the report."""
        sink = self._sink
        saved, sink.counting = sink.counting, False
        try:
            return apply_rules(self._rules, label, sink, self.disabled_categories)
        finally:
            sink.counting = saved

    def verify_clean(self, text: str, source: str) -> None:
        """Like :func:`verify_clean` with this redactor's known secrets, ``source`` redacted as in the report."""
        verify_clean(text, self.redact_label(source), known=self.known_secrets())

    def report(self) -> RedactionReport:
        totals: Counter[str] = Counter()
        for counts in self._per_source.values():
            totals.update(counts)
        return RedactionReport(
            per_source=tuple(SourceCounts(src, freeze_counts(c)) for src, c in self._per_source.items()),
            totals=freeze_counts(totals),
            distinct=freeze_counts(self._sink.next_number),
            disabled_categories=tuple(c.name for c in CATEGORIES if c.name in self.disabled_categories),
        )


def _inside_placeholder(text: str, start: int, end: int) -> bool:
    lt = text.rfind("<", max(0, start - 40), start + 1)
    if lt == -1:
        return False
    m = PLACEHOLDER_RE.match(text, lt)
    return m is not None and m.end() > start


def redact_stream_text(text: str, redactor: Redactor | None = None, source: str = "-") -> tuple[str, RedactionReport]:
    """Redact one text (the CLI's file or stdin) and return it with the report.

    The result is checked with :func:`verify_clean` first, so a returned text
    is safe to print; a leftover secret raises :class:`RedactionError`.
    """
    redactor = redactor or Redactor()
    result = redactor.redact(text, source)
    verify_clean(result.text, result.source)
    return result.text, redactor.report()


def _default_hostname() -> str:
    try:
        return socket.gethostname()
    except OSError:
        return ""


def _default_username() -> str:
    try:
        return getpass.getuser()
    except (OSError, KeyError, ImportError):
        return ""
