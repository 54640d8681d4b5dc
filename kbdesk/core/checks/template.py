"""The sentence of a check ("Your home disk is {disk.home.percent_used} % full") and how fact values read.

``{fact.name}`` is replaced by the fact's value, written for people; ``{{`` and
``}}`` are literal braces. Nothing else is special: there are no format
specifications, attributes or indexes (this is not ``str.format``, which would
let an article reach into Python objects), and the text around the braces is
kept as written.

How values read (:func:`format_value`): percentages and plain numbers as
numbers (``97``, ``5.5``, ``1.25``; percentages whole from 10 up), sizes in decimal units (``3.2 GB``), times
in words (``45 s``, ``12 min``, ``3 h 5 min``, ``16 days``), true/false as
``yes``/``no``, text as written (at most 60 characters); a missing fact as
``unknown``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from kbdesk.core.checks.catalogue import BY_NAME, Fact, Value
from kbdesk.core.checks.expr import SYNTAX, CheckSyntaxError, FactRef, unknown_fact

MAX_SENTENCE_CHARS = 300
#: a text value is cut to this many characters in a sentence
TEXT_CHARS = 60


@dataclass(frozen=True)
class Template:
    source: str
    parts: tuple[str | FactRef, ...]

    @property
    def facts(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(p.name for p in self.parts if isinstance(p, FactRef)))

    def render(self, facts: Mapping[str, Value]) -> str:
        return "".join(
            part if isinstance(part, str) else format_value(part.fact, facts.get(part.name)) for part in self.parts
        )


def parse_template(text: str) -> Template:
    """The parts of a sentence; :class:`CheckSyntaxError` for an unknown fact or an unmatched brace."""
    if len(text) > MAX_SENTENCE_CHARS:
        raise CheckSyntaxError(
            SYNTAX, f"the sentence is {len(text)} characters long; at most {MAX_SENTENCE_CHARS} are allowed"
        )
    if not text.strip():
        raise CheckSyntaxError(SYNTAX, "the sentence is empty")
    parts: list[str | FactRef] = []
    literal: list[str] = []
    i, n = 0, len(text)
    while i < n:
        c = text[i]
        if c == "{" and text.startswith("{{", i):
            literal.append("{")
            i += 2
        elif c == "}" and text.startswith("}}", i):
            literal.append("}")
            i += 2
        elif c == "{":
            end = text.find("}", i + 1)
            if end < 0:
                raise CheckSyntaxError(SYNTAX, "a '{' in the sentence is never closed (write {{ for a brace)", i + 1)
            name = text[i + 1 : end].strip()
            if name not in BY_NAME:
                if not name or "{" in name:
                    raise CheckSyntaxError(
                        SYNTAX, "'{' in the sentence must hold a fact name, as in {disk.home.percent_used}", i + 1
                    )
                raise unknown_fact(name, i + 2)
            if literal:
                parts.append("".join(literal))
                literal = []
            parts.append(FactRef(name, i + 2))
            i = end + 1
        elif c == "}":
            raise CheckSyntaxError(SYNTAX, "a '}' in the sentence has no '{' (write }} for a brace)", i + 1)
        else:
            literal.append(c)
            i += 1
    if literal:
        parts.append("".join(literal))
    return Template(text, tuple(parts))


def format_value(fact: Fact, value: Value | None) -> str:
    """A fact's value in words a person reads (see the module doc)."""
    if value is None:
        return "unknown"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, str):
        return value if len(value) <= TEXT_CHARS else value[:TEXT_CHARS] + "…"
    if fact.unit == "bytes":
        return format_size(value)
    if fact.unit == "seconds":
        return format_seconds(value)
    if fact.unit == "percent":
        return format_percent(value)
    return format_number(value)


def format_percent(value: float | int) -> str:
    """Whole percentages (``97``); one decimal below 10, where it matters (``5.5``)."""
    if abs(value) >= 10:
        return str(round(value))
    text = f"{value:.1f}"
    return text[:-2] if text.endswith(".0") else text


def format_number(value: float | int) -> str:
    """``97``, ``5.5``, ``1.25``: whole numbers without decimals, small ones with up to two."""
    if float(value).is_integer():
        return str(int(value))
    digits = 0 if abs(value) >= 100 else (1 if abs(value) >= 10 else 2)
    text = f"{value:.{digits}f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def format_size(value: float | int) -> str:
    """Decimal units, as file managers on macOS and Linux show them: ``3.2 GB``."""
    amount = float(value)
    for unit in ("B", "KB", "MB", "GB", "TB"):
        if abs(amount) < 1000 or unit == "TB":
            return f"{format_number(round(amount, 1) if unit != 'B' else round(amount))} {unit}"
        amount /= 1000
    raise AssertionError("unreachable")  # pragma: no cover


def format_seconds(value: float | int) -> str:
    """``45 s``, ``12 min``, ``3 h 5 min``, ``16 days``."""
    seconds = abs(float(value))
    if seconds < 90:
        return f"{format_number(round(seconds))} s"
    if seconds < 90 * 60:
        return f"{round(seconds / 60)} min"
    if seconds < 48 * 3600:
        hours, rest = divmod(round(seconds / 60), 60)
        return f"{hours} h {rest} min" if rest else f"{hours} h"
    return f"{round(seconds / 86400)} days"


__all__ = [
    "Template",
    "format_number",
    "format_percent",
    "format_seconds",
    "format_size",
    "format_value",
    "parse_template",
]
