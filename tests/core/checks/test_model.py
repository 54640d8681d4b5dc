"""Checks in front matter (with their lines), the found: sentence, CheckSet and checks.json."""

from __future__ import annotations

import json
import textwrap
from pathlib import Path

import pytest

from kbdesk.core.articles import load_file, load_folder
from kbdesk.core.checks import (
    BY_NAME,
    CHECKS_FORMAT,
    Check,
    CheckSet,
    CheckSyntaxError,
    checks_document,
    format_value,
    parse_template,
)
from kbdesk.core.checks.model import MAX_CHECKS
from kbdesk.core.checks.template import format_seconds, format_size
from kbdesk.core.jsontypes import JSONObject
from kbdesk.core.search.manifest import ArticleRecord

FACTS = {
    "disk.home.percent_used": 97.4,
    "disk.home.free_bytes": 12_561_702_707,
    "network.connected": True,
    "network.default_route": False,
    "system.platform": "linux",
    "clock.offset_seconds": 1260.5,
}


def write(folder: Path, name: str, front: str, body: str = "Body text.") -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(f"---\n{textwrap.dedent(front).strip()}\n---\n\n{body}\n", "utf-8")
    return path


def test_checks_parse_from_front_matter(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "disk.md",
        """
        title: Disk full
        checks:
          - id: home-full
            when: disk.home.percent_used >= 95
            found: Your home disk is {disk.home.percent_used} % full
          - any:
              - network.default_route == false
              - network.connected == false
            found: "No way out: default route {network.default_route}"
        """,
    )
    article, issues = load_file(path)
    assert article is not None and not issues
    first, second = article.checks
    assert (first.id, first.form, first.conditions, first.line) == (
        "home-full",
        "when",
        ("disk.home.percent_used >= 95",),
        4,
    )
    assert (second.id, second.form, second.line) == ("check-2", "any", 7)
    assert second.when == "any((network.default_route == false), (network.connected == false))"
    assert second.facts == ("network.default_route", "network.connected")
    assert first.template.render(FACTS) == "Your home disk is 97 % full"


@pytest.mark.parametrize(
    ("checks", "line", "code", "words"),
    [
        ("checks: disk.home.percent_used > 90", 2, "check-form", "should be a list of checks"),
        ("checks:\n  - disk.home.percent_used > 90", 3, "check-form", "should be a mapping"),
        ("checks:\n  - found: x", 3, "check-form", "exactly one of when:, all: or any:"),
        (
            "checks:\n  - when: network.connected\n    any: [network.connected]\n    found: x",
            3,
            "check-form",
            "(it has when, any)",
        ),
        ("checks:\n  - when: network.connected", 3, "check-form", "needs found:"),
        ("checks:\n  - when: network.connected\n    found: ''", 4, "check-form", "needs found:"),
        ("checks:\n  - when: [network.connected]\n    found: x", 3, "check-form", "one condition as text, not a list"),
        ("checks:\n  - all: network.connected\n    found: x", 3, "check-form", "should be a list of conditions"),
        ("checks:\n  - all:\n      - network.connected\n      - {a: 1}\n    found: x", 5, "check-form", "item 2"),
        ("checks:\n  - id: 'a b'\n    when: network.connected\n    found: x", 3, "check-form", "check id"),
        (
            "checks:\n  - id: a\n    when: network.connected\n    found: x\n  - id: a\n    when: clock.sane\n    found: y",
            6,
            "check-form",
            "also used on line 4",
        ),
        ("checks:\n  - when: disk.home.percent_used = 95\n    found: x", 3, "check-syntax", "column 24"),
        ("checks:\n  - when: disk.pct >= 95\n    found: x", 3, "check-unknown-fact", "unknown fact 'disk.pct'"),
        ("checks:\n  - when: disk.home.free_bytes < 5 min\n    found: x", 3, "check-type", "'5 min' is a time"),
        ("checks:\n  - when: network.connected >= true\n    found: x", 3, "check-operator", "use == or !="),
        (
            "checks:\n  - all:\n      - network.connected\n      - clock.sane > 1\n    found: x",
            5,
            "check-type",
            "clock.sane",
        ),
        ("checks:\n  - when: network.connected\n    found: 'Disk {disk.pct}'", 4, "check-unknown-fact", "found:"),
        ("checks:\n  - when: network.connected\n    found: 'Disk {oops'", 4, "check-syntax", "never closed"),
        ("checks:\n  - when: network.connected\n    found: x\n    colour: red", 5, "check-unknown-key", "colour"),
    ],
)
def test_each_wrong_check_is_a_problem_on_its_line(
    tmp_path: Path, checks: str, line: int, code: str, words: str
) -> None:
    path = tmp_path / "a.md"
    path.write_text(f"---\ntitle: T\n{checks}\n---\nBody.\n", "utf-8")
    article, issues = load_file(path)
    assert article is not None, "a wrong check never costs the article"
    found = [i for i in issues if i.code == code]
    assert found, issues
    assert found[0].line == line + 1, found  # line 1 is the opening ---
    assert words in found[0].message
    assert (found[0].severity == "warning") == (code == "check-unknown-key")


def test_a_wrong_check_leaves_the_others(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "a.md",
        """
        title: T
        checks:
          - when: nope.nope
            found: x
          - when: network.connected
            found: y
        """,
    )
    article, issues = load_file(path)
    assert [c.id for c in article.checks] == ["check-2"]
    assert [i.code for i in issues] == ["check-unknown-fact"]


def test_at_most_max_checks_are_read(tmp_path: Path) -> None:
    items = "\n".join(f"  - when: network.connected\n    found: c{i}" for i in range(MAX_CHECKS + 5))
    path = tmp_path / "a.md"
    path.write_text(f"---\ntitle: T\nchecks:\n{items}\n---\nBody.\n", "utf-8")
    article, issues = load_file(path)
    assert len(article.checks) == MAX_CHECKS
    assert any("at most 20" in i.message for i in issues)


def test_records_round_trip_and_recompile() -> None:
    from kbdesk.core.articles import Article  # noqa: F401 - the record is what the index keeps

    original = Check.from_record(
        {"id": "x", "all": ["network.connected", "disk.home.percent_used > 5 %"], "found": "{disk.home.free_bytes}"}
    )
    again = Check.from_record(json.loads(json.dumps(original.to_record())))
    assert again == original and again.condition == original.condition
    with pytest.raises(CheckSyntaxError):
        Check.from_record({"id": "x", "when": "nope > 1", "found": "f"})
    for bad in (
        {"id": 1, "when": "clock.sane", "found": "f"},
        {"id": "x", "found": "f"},
        {"id": "x", "all": [1], "found": "f"},
    ):
        with pytest.raises(ValueError):
            Check.from_record(bad)


# ---------------------------------------------------------------- sentences


def test_sentences_interpolate_values_as_people_read_them() -> None:
    template = parse_template(
        "{disk.home.percent_used} % full, {disk.home.free_bytes} free; off by {clock.offset_seconds}; "
        "route {network.default_route}; {{literal}} on {system.platform}; battery {battery.health_percent}"
    )
    assert template.render(FACTS) == (
        "97 % full, 12.6 GB free; off by 21 min; route no; {literal} on linux; battery unknown"
    )
    assert template.facts[:2] == ("disk.home.percent_used", "disk.home.free_bytes")


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("{disk.home.percent_used.__class__}", "unknown fact"),
        ("{0}", "unknown fact"),
        ("{disk.home.percent_used!r}", "unknown fact"),
        ("{disk.home.percent_used:>10}", "unknown fact"),
        ("{}", "must hold a fact name"),
        ("open { and never closed", "never closed"),
        ("a } alone", "has no '{'"),
        ("", "empty"),
        ("x" * 301, "at most 300"),
    ],
)
def test_sentences_are_not_format_strings(text: str, words: str) -> None:
    with pytest.raises(CheckSyntaxError) as caught:
        parse_template(text)
    assert words in caught.value.message


@pytest.mark.parametrize(
    ("name", "value", "shown"),
    [
        ("disk.home.percent_used", 97.4, "97"),
        ("disk.home.percent_used", 5.55, "5.5"),
        ("memory.available_percent", 0.0, "0"),
        ("display.scale", 1.25, "1.25"),
        ("disk.home.free_bytes", 999, "999 B"),
        ("disk.home.free_bytes", 12_561_702_707, "12.6 GB"),
        ("disk.home.free_bytes", 2 * 10**15, "2000 TB"),
        ("system.uptime_seconds", 45, "45 s"),
        ("system.uptime_seconds", 720, "12 min"),
        ("system.uptime_seconds", 3 * 3600 + 300, "3 h 5 min"),
        ("system.uptime_seconds", 4_331_569, "50 days"),
        ("network.connected", True, "yes"),
        ("system.os_name", "x" * 100, "x" * 60 + "…"),
        ("battery.health_percent", None, "unknown"),
    ],
)
def test_values_read_naturally(name: str, value: object, shown: str) -> None:
    assert format_value(BY_NAME[name], value) == shown  # type: ignore[arg-type]
    assert format_size(1000) == "1 KB" and format_seconds(-90) == "2 min"


# ---------------------------------------------------------------- a set of articles' checks


def test_check_set_evaluates_articles_for_this_platform_and_status(tmp_path: Path) -> None:
    common = "checks:\n  - when: network.connected\n    found: up on {system.platform}"
    write(tmp_path, "a.md", f"title: Everywhere\n{common}")
    write(tmp_path, "b.md", f"title: Windows only\nplatforms: [windows]\n{common}")
    write(tmp_path, "c.md", f"title: Draft\nstatus: draft\n{common}")
    write(tmp_path, "d.md", "title: No checks")
    write(tmp_path, "e.md", "title: Undecided\nchecks:\n  - when: battery.health_percent < 60\n    found: worn")
    loaded = load_folder(tmp_path)
    checks = CheckSet.from_articles(loaded.articles)
    assert len(checks) == 4 and checks.article_count == 4
    linux = checks.evaluate(FACTS, platform="linux")
    assert [(h.article_id, h.check_id, h.sentence) for h in linux.hits] == [("a", "check-1", "up on linux")]
    assert (linux.evaluated, linux.undecided, linux.articles) == (2, 1, 2)
    windows = checks.evaluate(FACTS, platform="windows")
    assert [h.article_id for h in windows.hits] == ["a", "b"]
    assert [h.article_id for h in checks.evaluate(FACTS, platform=None, statuses=()).hits] == ["a", "b", "c"]
    hit = linux.hits[0]
    assert hit.key == "a#check-1"
    assert [(e.fact, e.value, e.shown) for e in hit.evidence] == [
        ("network.connected", True, "yes"),
        ("system.platform", "linux", "linux"),
    ]


def test_check_set_from_index_records_leaves_out_what_no_longer_compiles() -> None:
    def record(article_id: str, *checks: JSONObject) -> ArticleRecord:
        return ArticleRecord.from_json(
            {
                **dict.fromkeys(("title", "summary", "content_hash", "audience", "owner"), ""),
                **{key: [] for key in ("tags", "platforms", "symptoms", "error_codes", "related")},
                "id": article_id,
                "rel_path": f"{article_id}.md",
                "status": "published",
                "reviewed": None,
                "review_by": None,
                "body_line": 3,
                "checks": list(checks),
            }
        )

    records = {
        "a": record(
            "a",
            {"id": "ok", "when": "network.connected", "found": "up", "line": 5},
            {"id": "gone", "when": "renamed.fact == 1", "found": "x", "line": 8},
        ),
        "b": record("b", {"id": "bad", "when": 3, "found": "x"}),
        "c": record("c"),
    }
    checks, notes = CheckSet.from_records(records)
    assert len(checks) == 1
    assert len(notes) == 2 and "gone" in notes[0] and "unknown fact" in notes[0]
    assert "'bad' left out: a check record's conditions must be text" in notes[1]


def test_checks_document_is_json_with_the_facts_and_what_fired(tmp_path: Path) -> None:
    write(tmp_path, "a.md", "title: Disk\nchecks:\n  - when: disk.home.percent_used >= 95\n    found: full")
    checks = CheckSet.from_articles(load_folder(tmp_path).articles)
    evaluation = checks.evaluate(FACTS, platform="linux")
    doc = checks_document(evaluation, FACTS, created="2026-11-20T09:15:00+00:00", source="this computer")
    text = json.dumps(doc, allow_nan=False)
    back = json.loads(text)
    assert back["format"] == CHECKS_FORMAT and back["version"] == 1 and back["catalogue_version"] == 1
    assert back["facts"]["disk.home.percent_used"] == {"value": 97.4, "unit": "percent"}
    assert back["fired"] == [
        {
            "article_id": "a",
            "article_title": "Disk",
            "check_id": "check-1",
            "found": "full",
            "when": "disk.home.percent_used >= 95",
            "evidence": [{"fact": "disk.home.percent_used", "value": 97.4, "unit": "percent", "shown": "97"}],
        }
    ]
    assert (back["evaluated"], back["undecided"], back["articles"]) == (1, 0, 1)
