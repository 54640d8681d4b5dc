"""The condition language: what parses, what each mistake is called, how conditions evaluate, and that no text stalls it."""

from __future__ import annotations

import string

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kbdesk.core.checks import BY_NAME, FACTS
from kbdesk.core.checks.expr import (
    BAD_OPERATOR,
    MAX_CHARS,
    MAX_DEPTH,
    MAX_TERMS,
    SYNTAX,
    UNITS,
    UNKNOWN_FACT,
    WRONG_TYPE,
    CheckSyntaxError,
    compile_condition,
    fact_names,
    parse_condition,
    tokenize,
)

FACTS_NOW = {
    "disk.home.percent_used": 97.4,
    "disk.home.free_bytes": 1_500_000_000,
    "network.connected": True,
    "network.default_route": False,
    "clock.offset_seconds": 1260.5,
    "system.platform": "linux",
    "system.uptime_seconds": 86_400 * 20,
    "memory.available_percent": 5.0,
    "display.primary_width": 1920,
    "display.primary_height": 1200,
}


def evaluate(text: str, facts: dict[str, object] = FACTS_NOW) -> bool | None:
    return compile_condition(parse_condition(text))(facts)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("disk.home.percent_used >= 95", True),
        ("disk.home.percent_used >= 97.5", False),
        ("95 <= disk.home.percent_used", True),
        ("disk.home.percent_used >= 95 %", True),
        ("disk.home.percent_used>=95%", True),
        ("network.default_route == false", True),
        ("network.default_route != false", False),
        ("network.connected", True),
        ("not network.default_route", True),
        ("NOT network.connected", False),
        ("network.connected and not network.default_route", True),
        ("network.connected AND network.default_route OR disk.home.percent_used > 90", True),
        ("all(network.connected, disk.home.percent_used > 90)", True),
        ("any(network.default_route, disk.home.percent_used < 10)", False),
        ("all(network.connected, any(network.default_route, not network.default_route))", True),
        ("clock.offset_seconds > 300", True),
        ("clock.offset_seconds > 5 min", True),
        ("clock.offset_seconds > 1 h", False),
        ("clock.offset_seconds < 2000000 ms", True),
        ("system.uptime_seconds > 14 d", True),
        ("disk.home.free_bytes < 2 GB", True),
        ("disk.home.free_bytes < 1 GiB", False),
        ("disk.home.free_bytes < 1500 MB", False),
        ("disk.home.free_bytes <= 1500 MB", True),
        ("display.primary_width >= 1920 px", True),
        ('system.platform == "Linux"', True),
        ("system.platform == 'windows'", False),
        ("system.platform != 'windows'", True),
        ("display.primary_width > display.primary_height", True),
        ("memory.available_percent < -1", False),
        ("((((network.connected))))", True),
    ],
)
def test_valid_conditions_evaluate(text: str, expected: bool) -> None:
    assert evaluate(text) is expected


def test_three_valued_logic_with_missing_facts() -> None:
    # battery.* and dns.resolves are not in FACTS_NOW: unknown, never true
    assert evaluate("battery.health_percent < 60") is None
    assert evaluate("not battery.present") is None
    assert evaluate("battery.health_percent < 60 and network.default_route") is False  # false wins
    assert evaluate("battery.health_percent < 60 and network.connected") is None
    assert evaluate("battery.health_percent < 60 or network.connected") is True  # true wins
    assert evaluate("battery.health_percent < 60 or network.default_route") is None
    assert evaluate("dns.resolves == false", {}) is None
    assert evaluate("network.interfaces_up > battery.cycle_count") is None


def test_fact_names_in_order_once() -> None:
    node = parse_condition("all(network.connected, not network.default_route, network.connected == true)")
    assert fact_names(node) == ("network.connected", "network.default_route")


def test_every_unit_word_is_accepted_by_a_fact_of_its_unit() -> None:
    by_unit = {f.unit: f.name for f in FACTS if f.type == "number" and f.unit}
    for word, (unit, _factor) in UNITS.items():
        assert evaluate(f"{by_unit[unit]} > 1 {word}", {}) is None


@pytest.mark.parametrize(
    ("text", "code", "column", "words"),
    [
        ("", SYNTAX, None, "empty"),
        ("disk.home.percent_used = 95", SYNTAX, 24, "=="),
        ("disk.home.percent_used => 95", SYNTAX, 24, ">="),
        ("disk.home.percent_used =< 95", SYNTAX, 24, "<="),
        ("network.connected && network.default_route", SYNTAX, 19, "and"),
        ("network.connected || network.default_route", SYNTAX, 19, "or"),
        ("!network.connected", SYNTAX, 1, "not"),
        ("disk.home.percent_used >= ", SYNTAX, 27, "end of the condition"),
        ("disk.home.percent_used >= 95 95", SYNTAX, 30, "unexpected"),
        ("(network.connected", SYNTAX, 19, "')'"),
        ("network.connected)", SYNTAX, 18, "unexpected"),
        ("all(network.connected network.default_route)", SYNTAX, 23, "to close all"),
        ("95", SYNTAX, 1, "alone"),
        ("disk.home.percent_used >= 95 >= 90", SYNTAX, 30, "one thing at a time"),
        ("system.platform == 'linux", SYNTAX, 20, "never closed"),
        ("disk..home >= 1", SYNTAX, 1, "not a fact name"),
        ("disk.home. >= 1", SYNTAX, 1, "not a fact name"),
        ("network.connected and", SYNTAX, 22, "end of the condition"),
        ("disk.home.percent_used >= 95 # comment", SYNTAX, 30, "unexpected character '#'"),
        ("disk.home.percent_used >= 9" + "9" * 30, SYNTAX, 27, "too long"),
        ("disk.home.percent_used ≥ 95", SYNTAX, 24, "unexpected character '≥'"),
        ("and >= 1", SYNTAX, 1, "expected a fact or a value"),
        ("disk.home.pct_used >= 95", UNKNOWN_FACT, 1, "did you mean 'disk.home.percent_used'"),
        ("dns.resolvez == false", UNKNOWN_FACT, 1, "did you mean 'dns.resolves'"),
        ("os.system == 'linux'", UNKNOWN_FACT, 1, "docs/writing-articles.md"),
        ("__import__ == 'os'", UNKNOWN_FACT, 1, "unknown fact"),
        ("disk.home.percent_used > true", WRONG_TYPE, 26, "is a percentage, but true is true or false"),
        ("network.default_route == 'false'", WRONG_TYPE, 26, "without quotes"),
        ("system.platform == 3", WRONG_TYPE, 20, "is text"),
        ("disk.home.free_bytes < 2 min", WRONG_TYPE, 24, "'2 min' is a time"),
        ("clock.offset_seconds > 5 GB", WRONG_TYPE, 24, "'5 GB' is a size"),
        ("network.interfaces_up > 2 GB", WRONG_TYPE, 25, "has no unit"),
        ("disk.home.free_bytes < 2 gb", WRONG_TYPE, 26, "did you mean 'GB'"),
        ("disk.home.free_bytes < 2 parsecs", WRONG_TYPE, 26, "unknown unit"),
        ("disk.home.free_bytes > clock.offset_seconds", WRONG_TYPE, 24, "different units"),
        ("1 < 2", WRONG_TYPE, 1, "two values"),
        ("disk.home.percent_used", WRONG_TYPE, 1, "not true or false"),
        ("network.connected < true", BAD_OPERATOR, 19, "use == or !="),
        ("system.platform >= 'linux'", BAD_OPERATOR, 17, "compares numbers"),
    ],
)
def test_each_invalid_form_has_its_code_and_column(text: str, code: str, column: int | None, words: str) -> None:
    with pytest.raises(CheckSyntaxError) as caught:
        parse_condition(text)
    assert caught.value.code == code
    assert caught.value.column == column
    assert words in caught.value.message


def test_limits_on_length_depth_and_operands() -> None:
    with pytest.raises(CheckSyntaxError, match="at most 500"):
        parse_condition("network.connected or " * 30)
    assert len("(" * MAX_DEPTH + "network.connected" + ")" * MAX_DEPTH) <= MAX_CHARS
    parse_condition("(" * MAX_DEPTH + "network.connected" + ")" * MAX_DEPTH)
    with pytest.raises(CheckSyntaxError, match="nests more than"):
        parse_condition("(" * (MAX_DEPTH + 1) + "network.connected" + ")" * (MAX_DEPTH + 1))
    with pytest.raises(CheckSyntaxError, match="nests more than"):
        parse_condition("not " * (MAX_DEPTH + 1) + "network.connected")
    many = " or ".join(["clock.sane"] * (MAX_TERMS + 1))
    assert len(many) <= MAX_CHARS
    with pytest.raises(CheckSyntaxError, match=f"more than {MAX_TERMS} values"):
        parse_condition(many)


def test_nothing_in_a_condition_runs_as_code() -> None:
    for text in (
        "__import__('os').system('true')",
        "disk.home.percent_used.__class__ == 1",
        "exec('x') == 1",
        "lambda: 1",
        "{disk.home.percent_used}",
        "[1] == 1",
    ):
        with pytest.raises(CheckSyntaxError):
            parse_condition(text)


def test_tokens_carry_their_columns() -> None:
    tokens = tokenize("all( x.y >= -2.5 GB,'t')")
    assert [(t.kind, t.text, t.column) for t in tokens] == [
        ("name", "all", 1),
        ("(", "(", 4),
        ("name", "x.y", 6),
        ("op", ">=", 10),
        ("number", "-2.5", 13),
        ("name", "GB", 18),
        (",", ",", 20),
        ("string", "t", 21),
        (")", ")", 24),
        ("end", "", 25),
    ]


# ---------------------------------------------------------------- random text: nothing raises but CheckSyntaxError

FACT_NAMES = sorted(BY_NAME)
WORDS = ("and", "or", "not", "true", "false", "all", "any", "AND", "Not")
PIECES = [
    *FACT_NAMES,
    *WORDS,
    *UNITS,
    "(",
    ")",
    ",",
    "==",
    "!=",
    "<",
    "<=",
    ">",
    ">=",
    "=",
    "!",
    "&&",
    "'",
    '"',
    "95",
    "-3.5",
    "0",
    "99999999999999999999",
    " ",
    "disk.",
    "..",
    "\u00a0",
    "{",
    "}",
]


def _problem(text: str) -> CheckSyntaxError | None:
    """The parser's error for ``text`` (None when it parses); anything else it raised fails the test."""
    try:
        parse_condition(text)
    except CheckSyntaxError as exc:
        return exc
    return None


COMMON = dict(
    deadline=2000,  # a parse costs microseconds; the deadline catches a stall, not a slow machine
    database=None,
    suppress_health_check=[HealthCheck.too_slow],
)


@settings(max_examples=1500, **COMMON)
@given(st.lists(st.sampled_from(PIECES), max_size=80).map(" ".join))
def test_random_token_soup_never_raises_anything_else(text: str) -> None:
    problem = _problem(text)
    if problem is not None:
        assert problem.code in {SYNTAX, UNKNOWN_FACT, WRONG_TYPE, BAD_OPERATOR}
        assert len(problem.message) < 400
        return
    node = parse_condition(text)
    # whatever parsed is typed: it evaluates over no facts and over these without raising
    evaluate_all = compile_condition(node)
    assert evaluate_all({}) in (True, False, None)
    assert evaluate_all(FACTS_NOW) in (True, False, None)  # type: ignore[arg-type]


@settings(max_examples=800, **COMMON)
@given(st.text(alphabet=st.characters(codec="utf-8"), max_size=700) | st.text(string.printable, max_size=700))
def test_random_text_never_raises_anything_else(text: str) -> None:
    problem = _problem(text)
    assert problem is None or problem.column is None or 1 <= problem.column <= len(text) + 1


@settings(max_examples=50, **COMMON)
@given(st.integers(min_value=1, max_value=5000), st.sampled_from(["(", "not ", "all(", "- ", "''", '"', "a."]))
def test_long_runs_of_one_piece_are_refused_in_linear_time(count: int, piece: str) -> None:
    with pytest.raises(CheckSyntaxError):
        parse_condition(piece * count)
