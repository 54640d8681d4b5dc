"""The condition language of checks: a hand-written tokenizer and parser, typed against the fact catalogue.

Grammar::

    condition = or
    or        = and { "or" and }
    and       = unary { "and" unary }
    unary     = "not" unary | primary
    primary   = "(" condition ")"
              | ("all" | "any") "(" condition { "," condition } ")"
              | operand [ comparison operand ]
    operand   = FACT | NUMBER [ UNIT ] | STRING | "true" | "false"
    comparison = "==" | "!=" | "<" | "<=" | ">" | ">="

``disk.home.percent_used >= 95``, ``network.default_route == false``,
``clock.offset_seconds > 5 min``, ``all(network.connected, not network.default_route)``.
A true/false fact may stand alone (``network.connected``). Keywords are
case-insensitive; fact names are not. Strings are ``"..."`` or ``'...'`` without
escapes and compare ignoring case. A number may carry a unit that must fit
the fact's (``2 GB`` for bytes, ``5 min`` for seconds, ``95 %`` for percent);
a bare number is in the fact's own unit (bytes, seconds, percent, pixels).

Nothing is ever evaluated as code: the text becomes a tree of frozen nodes
(:func:`parse_condition`), and :func:`compile_condition` turns the tree into
nested closures over a dict of fact values, once, at load time. Parsing is
one pass over the characters and one over the tokens (no backtracking), with
limits on the length (:data:`MAX_CHARS`), the nesting (:data:`MAX_DEPTH`) and
the number of operands (:data:`MAX_TERMS`), so any text costs microseconds.

Truth has three values: a comparison with a missing fact is *unknown*;
``and`` is false when any part is false, else unknown when any part is
unknown; ``or`` the mirror; ``not`` unknown stays unknown. A check fires only
when its condition is true.
"""

from __future__ import annotations

import difflib
import operator
from collections.abc import Callable, Mapping
from dataclasses import dataclass

from kbdesk.core.checks.catalogue import BY_NAME, Fact, FactType, Value

MAX_CHARS = 500
MAX_DEPTH = 10
MAX_TERMS = 32
#: digits in a number (a fact is never larger than 1e18)
MAX_NUMBER_CHARS = 24

#: unit word -> (the fact unit it measures, factor to that unit)
UNITS: dict[str, tuple[str, float]] = {
    "B": ("bytes", 1.0),
    "KB": ("bytes", 1e3),
    "MB": ("bytes", 1e6),
    "GB": ("bytes", 1e9),
    "TB": ("bytes", 1e12),
    "KiB": ("bytes", 1024.0),
    "MiB": ("bytes", 1024.0**2),
    "GiB": ("bytes", 1024.0**3),
    "TiB": ("bytes", 1024.0**4),
    "ms": ("seconds", 0.001),
    "s": ("seconds", 1.0),
    "min": ("seconds", 60.0),
    "h": ("seconds", 3600.0),
    "d": ("seconds", 86400.0),
    "%": ("percent", 1.0),
    "px": ("pixels", 1.0),
}
_UNITS_FOLDED = {u.casefold(): u for u in UNITS}
_UNIT_MEANING = {"bytes": "a size", "seconds": "a time", "percent": "a percentage", "pixels": "a number of pixels"}
KEYWORDS = frozenset({"and", "or", "not", "true", "false", "all", "any"})
COMPARISONS = ("==", "!=", "<", "<=", ">", ">=")
_OPS: dict[str, Callable[[Value, Value], bool]] = {
    "==": operator.eq,
    "!=": operator.ne,
    "<": operator.lt,
    "<=": operator.le,
    ">": operator.gt,
    ">=": operator.ge,
}
_FLIPPED = {"==": "==", "!=": "!=", "<": ">", "<=": ">=", ">": "<", ">=": "<="}

#: problem codes (lint rules of the same names)
SYNTAX = "check-syntax"
UNKNOWN_FACT = "check-unknown-fact"
WRONG_TYPE = "check-type"
BAD_OPERATOR = "check-operator"


class CheckSyntaxError(Exception):
    """A condition or sentence that cannot be used: ``code`` says which kind, ``column`` where (1-based)."""

    def __init__(self, code: str, message: str, column: int | None = None) -> None:
        super().__init__(message)
        self.code = code
        self.message = message
        self.column = column

    def describe(self) -> str:
        return f"{self.message} (column {self.column})" if self.column else self.message


# --------------------------------------------------------------------------- tokens


@dataclass(frozen=True)
class Token:
    kind: str  # "name", "number", "string", "op", "(", ")", ",", "%", "end"
    text: str
    column: int


def _is_name_start(c: str) -> bool:
    return c.isascii() and (c.isalpha() or c == "_")


def _is_name_char(c: str) -> bool:
    return c.isascii() and (c.isalnum() or c in "_.")


def tokenize(text: str) -> list[Token]:
    """The tokens of ``text``: one pass, each character looked at a bounded number of times."""
    if len(text) > MAX_CHARS:
        raise CheckSyntaxError(SYNTAX, f"the condition is {len(text)} characters long; at most {MAX_CHARS} are allowed")
    tokens: list[Token] = []
    i, n = 0, len(text)
    while i < n:
        c = text[i]
        column = i + 1
        if c in " \t\r\n":
            i += 1
        elif _is_name_start(c):
            i += 1
            while i < n and _is_name_char(text[i]):
                i += 1
            name = text[column - 1 : i]
            if name.endswith(".") or ".." in name:
                raise CheckSyntaxError(SYNTAX, f"'{name}' is not a fact name", column)
            tokens.append(Token("name", name, column))
        elif (c.isascii() and c.isdigit()) or (
            c == "-" and i + 1 < n and text[i + 1].isascii() and text[i + 1].isdigit()
        ):
            i += 1
            while i < n and text[i].isascii() and text[i].isdigit():
                i += 1
            if i + 1 < n and text[i] == "." and text[i + 1].isascii() and text[i + 1].isdigit():
                i += 1
                while i < n and text[i].isascii() and text[i].isdigit():
                    i += 1
            if i - column + 1 > MAX_NUMBER_CHARS:
                raise CheckSyntaxError(SYNTAX, "the number is too long", column)
            tokens.append(Token("number", text[column - 1 : i], column))
        elif c in "\"'":
            end = text.find(c, i + 1)
            if end < 0:
                raise CheckSyntaxError(SYNTAX, f"the text starting with {c} is never closed", column)
            tokens.append(Token("string", text[i + 1 : end], column))
            i = end + 1
        elif c in "<>=!":
            two = text[i : i + 2]
            if two in ("==", "!=", "<=", ">="):
                tokens.append(Token("op", two, column))
                i += 2
            elif c in "<>":
                tokens.append(Token("op", c, column))
                i += 1
            elif two in ("=>", "=<"):
                raise CheckSyntaxError(SYNTAX, f"'{two}' is not a comparison; write '{two[::-1]}'", column)
            elif c == "=":
                raise CheckSyntaxError(SYNTAX, "a single '=' does not compare; write '=='", column)
            else:
                raise CheckSyntaxError(SYNTAX, "'!' on its own means nothing; write 'not' or '!='", column)
        elif c in "&|":
            word = "and" if c == "&" else "or"
            raise CheckSyntaxError(SYNTAX, f"'{c}' is not an operator here; write '{word}'", column)
        elif c in "(),%":
            tokens.append(Token(c, c, column))
            i += 1
        else:
            shown = c if c.isprintable() else f"U+{ord(c):04X}"
            raise CheckSyntaxError(SYNTAX, f"unexpected character '{shown}'", column)
    tokens.append(Token("end", "", n + 1))
    return tokens


# --------------------------------------------------------------------------- the tree


@dataclass(frozen=True)
class FactRef:
    name: str
    column: int = 0

    @property
    def fact(self) -> Fact:
        return BY_NAME[self.name]


@dataclass(frozen=True)
class Literal:
    value: Value
    type: FactType
    #: the fact unit the literal's unit word measures ("bytes"...), "" when written without one
    unit: str
    text: str
    column: int = 0


@dataclass(frozen=True)
class Compare:
    op: str
    left: FactRef | Literal
    right: FactRef | Literal


@dataclass(frozen=True)
class Truth:
    """A true/false fact standing alone."""

    fact: FactRef


@dataclass(frozen=True)
class Not:
    operand: Node


@dataclass(frozen=True)
class AllOf:
    items: tuple[Node, ...]


@dataclass(frozen=True)
class AnyOf:
    items: tuple[Node, ...]


Node = Compare | Truth | Not | AllOf | AnyOf


def _type_words(kind: FactType, unit: str = "") -> str:
    if kind == "number":
        return _UNIT_MEANING.get(unit, "a number")
    return "true or false" if kind == "bool" else "text"


def unknown_fact(name: str, column: int | None) -> CheckSyntaxError:
    close = difflib.get_close_matches(name, list(BY_NAME), n=1, cutoff=0.6)
    hint = f"; did you mean '{close[0]}'?" if close else " (docs/writing-articles.md lists every fact)"
    return CheckSyntaxError(UNKNOWN_FACT, f"unknown fact '{name}'{hint}", column)


class _Parser:
    def __init__(self, text: str) -> None:
        self.tokens = tokenize(text)
        self.pos = 0
        self.terms = 0

    def peek(self) -> Token:
        return self.tokens[self.pos]

    def next(self) -> Token:
        token = self.tokens[self.pos]
        if token.kind != "end":
            self.pos += 1
        return token

    def keyword(self, token: Token) -> str | None:
        word = token.text.lower()
        return word if token.kind == "name" and word in KEYWORDS else None

    def expect(self, kind: str, what: str) -> Token:
        token = self.next()
        if token.kind != kind:
            raise CheckSyntaxError(SYNTAX, f"expected {what}, found {self.describe(token)}", token.column)
        return token

    @staticmethod
    def describe(token: Token) -> str:
        if token.kind == "end":
            return "the end of the condition"
        if token.kind == "string":
            return "text in quotes"
        return f"'{token.text}'"

    def parse(self) -> Node:
        node = self.condition(0)
        token = self.peek()
        if token.kind != "end":
            if token.kind == "op":
                raise CheckSyntaxError(
                    SYNTAX, "compare one thing at a time; join comparisons with 'and' or 'or'", token.column
                )
            raise CheckSyntaxError(SYNTAX, f"unexpected {self.describe(token)}", token.column)
        return node

    def condition(self, depth: int) -> Node:
        if depth > MAX_DEPTH:
            raise CheckSyntaxError(SYNTAX, f"the condition nests more than {MAX_DEPTH} levels", self.peek().column)
        items = [self.conjunction(depth)]
        while self.keyword(self.peek()) == "or":
            self.next()
            items.append(self.conjunction(depth))
        return items[0] if len(items) == 1 else AnyOf(tuple(items))

    def conjunction(self, depth: int) -> Node:
        items = [self.unary(depth)]
        while self.keyword(self.peek()) == "and":
            self.next()
            items.append(self.unary(depth))
        return items[0] if len(items) == 1 else AllOf(tuple(items))

    def unary(self, depth: int) -> Node:
        if self.keyword(self.peek()) == "not":
            token = self.next()
            if depth + 1 > MAX_DEPTH:
                raise CheckSyntaxError(SYNTAX, f"the condition nests more than {MAX_DEPTH} levels", token.column)
            return Not(self.unary(depth + 1))
        return self.primary(depth)

    def primary(self, depth: int) -> Node:
        token = self.peek()
        if token.kind == "(":
            self.next()
            node = self.condition(depth + 1)
            self.expect(")", "')'")
            return node
        word = self.keyword(token)
        if word in ("all", "any") and self.tokens[self.pos + 1].kind == "(":
            self.next()
            self.next()
            items = [self.condition(depth + 1)]
            while self.peek().kind == ",":
                self.next()
                items.append(self.condition(depth + 1))
            self.expect(")", f"',' or ')' to close {word}(…)")
            return AllOf(tuple(items)) if word == "all" else AnyOf(tuple(items))
        left = self.operand()
        op = self.peek()
        if op.kind != "op":
            if isinstance(left, FactRef) and left.fact.type == "bool":
                return Truth(left)
            if isinstance(left, FactRef):
                what = _type_words(left.fact.type, left.fact.unit)
                raise CheckSyntaxError(
                    WRONG_TYPE, f"'{left.name}' is {what}, not true or false: compare it (==, <, >=, ...)", left.column
                )
            raise CheckSyntaxError(SYNTAX, f"'{self.tokens[self.pos - 1].text}' alone is not a condition", token.column)
        self.next()
        right = self.operand()
        return typed_compare(op.text, left, right, op.column)

    def operand(self) -> FactRef | Literal:
        token = self.next()
        self.terms += 1
        if self.terms > MAX_TERMS:
            raise CheckSyntaxError(SYNTAX, f"the condition has more than {MAX_TERMS} values", token.column)
        if token.kind == "number":
            return self.number(token)
        if token.kind == "string":
            return Literal(token.text.casefold(), "text", "", f'"{token.text}"', token.column)
        if token.kind == "name":
            word = self.keyword(token)
            if word in ("true", "false"):
                return Literal(word == "true", "bool", "", word, token.column)
            if word is not None:
                raise CheckSyntaxError(SYNTAX, f"expected a fact or a value, found '{token.text}'", token.column)
            if token.text not in BY_NAME:
                raise unknown_fact(token.text, token.column)
            return FactRef(token.text, token.column)
        raise CheckSyntaxError(SYNTAX, f"expected a fact or a value, found {self.describe(token)}", token.column)

    def number(self, token: Token) -> Literal:
        value: float | int = float(token.text) if "." in token.text else int(token.text)
        unit_token = self.peek()
        if unit_token.kind == "%" or (unit_token.kind == "name" and self.keyword(unit_token) is None):
            self.next()
            word = unit_token.text
            if word not in UNITS:
                folded = _UNITS_FOLDED.get(word.casefold())
                hint = f"; did you mean '{folded}'?" if folded else f" (units: {', '.join(UNITS)})"
                raise CheckSyntaxError(WRONG_TYPE, f"unknown unit '{word}'{hint}", unit_token.column)
            unit, factor = UNITS[word]
            scaled = value * factor
            return Literal(scaled, "number", unit, f"{token.text} {word}", token.column)
        return Literal(value, "number", "", token.text, token.column)


def typed_compare(op: str, left: FactRef | Literal, right: FactRef | Literal, column: int) -> Compare:
    """A comparison whose two sides fit each other (types, units) and the operator; else CheckSyntaxError."""
    if isinstance(left, Literal) and isinstance(right, Literal):
        raise CheckSyntaxError(WRONG_TYPE, "this compares two values; one side must be a fact", left.column)
    fact, other = (left, right) if isinstance(left, FactRef) else (right, left)
    assert isinstance(fact, FactRef)
    kind, unit = fact.fact.type, fact.fact.unit
    other_kind, other_unit = _side(other)
    other_text = other.name if isinstance(other, FactRef) else other.text
    if other_kind != kind:
        hint = ""
        if isinstance(other, Literal) and other.type == "text" and other.value in ("true", "false"):
            hint = f"; write {other.value} without quotes"
        raise CheckSyntaxError(
            WRONG_TYPE,
            f"'{fact.name}' is {_type_words(kind, unit)}, but {other_text} is "
            f"{_type_words(other_kind, other_unit)}{hint}",
            other.column,
        )
    if kind != "number" and op not in ("==", "!="):
        raise CheckSyntaxError(
            BAD_OPERATOR, f"'{op}' compares numbers; '{fact.name}' is {_type_words(kind)}: use == or !=", column
        )
    if isinstance(other, FactRef):
        if other_unit != unit:
            raise CheckSyntaxError(
                WRONG_TYPE, f"'{fact.name}' and '{other.name}' are measured in different units", other.column
            )
    elif other_unit and other_unit != unit:
        word = other.text.split()[-1]
        if not unit:
            message = f"'{fact.name}' has no unit; write the number without '{word}'"
        else:
            message = f"'{other.text}' is {_UNIT_MEANING[other_unit]}, but '{fact.name}' is {_type_words(kind, unit)}"
        raise CheckSyntaxError(WRONG_TYPE, message, other.column)
    return Compare(op, left, right)


def _side(side: FactRef | Literal) -> tuple[FactType, str]:
    if isinstance(side, FactRef):
        return side.fact.type, side.fact.unit
    return side.type, side.unit


def parse_condition(text: str) -> Node:
    """The typed tree of one condition; raises :class:`CheckSyntaxError` with a code, a message and a column."""
    if not text.strip():
        raise CheckSyntaxError(SYNTAX, "the condition is empty")
    return _Parser(text).parse()


def fact_names(node: Node) -> tuple[str, ...]:
    """The facts a condition reads, in the order written, each once."""
    names: dict[str, None] = {}
    stack: list[Node] = [node]
    while stack:
        current = stack.pop()
        if isinstance(current, Compare):
            for side in (current.left, current.right):
                if isinstance(side, FactRef):
                    names[side.name] = None
        elif isinstance(current, Truth):
            names[current.fact.name] = None
        elif isinstance(current, Not):
            stack.append(current.operand)
        else:
            stack.extend(reversed(current.items))
    return tuple(names)


# --------------------------------------------------------------------------- evaluation

Facts = Mapping[str, Value]
Evaluator = Callable[[Facts], bool | None]


def compile_condition(node: Node) -> Evaluator:
    """Closures that evaluate ``node`` over a dict of fact values (three-valued; see the module doc)."""
    if isinstance(node, Compare):
        return _compile_compare(node)
    if isinstance(node, Truth):
        name = node.fact.name

        def truth(facts: Facts) -> bool | None:
            value = facts.get(name)
            return value if isinstance(value, bool) else None

        return truth
    if isinstance(node, Not):
        inner = compile_condition(node.operand)

        def negate(facts: Facts) -> bool | None:
            value = inner(facts)
            return None if value is None else not value

        return negate
    parts = tuple(compile_condition(item) for item in node.items)
    # all(): one false part decides; any(): one true part decides; else unknown if a part is
    decisive = not isinstance(node, AllOf)

    def combined(facts: Facts) -> bool | None:
        unknown = False
        for part in parts:
            value = part(facts)
            if value is decisive:
                return decisive
            if value is None:
                unknown = True
        return None if unknown else not decisive

    return combined


def _compile_compare(node: Compare) -> Evaluator:
    op, left, right = node.op, node.left, node.right
    if isinstance(left, Literal):  # the fact on the left: "95 <= x" is "x >= 95"
        op, left, right = _FLIPPED[op], right, left
    assert isinstance(left, FactRef)
    compare = _OPS[op]
    name = left.name
    text = left.fact.type == "text"
    if isinstance(right, Literal):
        constant = right.value

        def with_value(facts: Facts) -> bool | None:
            value = facts.get(name)
            if value is None:
                return None
            return compare(value.casefold() if text and isinstance(value, str) else value, constant)

        return with_value
    other = right.name

    def with_fact(facts: Facts) -> bool | None:
        a, b = facts.get(name), facts.get(other)
        if a is None or b is None:
            return None
        if text and isinstance(a, str) and isinstance(b, str):
            return compare(a.casefold(), b.casefold())
        return compare(a, b)

    return with_fact


__all__ = [
    "BAD_OPERATOR",
    "MAX_CHARS",
    "MAX_DEPTH",
    "MAX_TERMS",
    "SYNTAX",
    "UNITS",
    "UNKNOWN_FACT",
    "WRONG_TYPE",
    "AllOf",
    "AnyOf",
    "CheckSyntaxError",
    "Compare",
    "FactRef",
    "Literal",
    "Node",
    "Not",
    "Truth",
    "compile_condition",
    "fact_names",
    "parse_condition",
    "tokenize",
    "unknown_fact",
]
