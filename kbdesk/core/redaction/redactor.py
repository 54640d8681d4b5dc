"""The redactor: one per bundle, consistent placeholders across every text it is given."""

from __future__ import annotations

import getpass
import socket
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field

from kbdesk.core.errors import RedactionError
from kbdesk.core.redaction.categories import BY_NAME, CATEGORIES, DEFAULT_KEPT, PROTECTED_CATEGORIES, freeze_counts
from kbdesk.core.redaction.engine import Sink, apply_rules
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

    def sub(self, category: str, value: str, norm: str | None = None) -> str:
        if category in self.disabled:
            return value
        ident = (category, value if norm is None else norm)
        number = self.numbers.get(ident)
        if number is None:
            self.next_number[category] += 1
            number = self.next_number[category]
            self.numbers[ident] = number
        if self.counting:
            self.counts[category] += 1
        return f"<{BY_NAME[category].label}-{number}>"


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

    def redact_label(self, label: str) -> str:
        """Redact a short label (a file name, a title) without counting it in the report."""
        sink = self._sink
        saved, sink.counting = sink.counting, False
        try:
            return apply_rules(self._rules, label, sink, self.disabled_categories)
        finally:
            sink.counting = saved

    def verify_clean(self, text: str, source: str) -> None:
        """Like :func:`verify_clean`, with ``source`` redacted the same way as in the report."""
        verify_clean(text, self.redact_label(source))

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
