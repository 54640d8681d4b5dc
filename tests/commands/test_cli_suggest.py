"""`kbdesk suggest`: the articles whose checks fire, from this computer or a saved report; bad reports refused cleanly."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from checks_cases import cases, healthy_report, report_with, write_report
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kbdesk.cli import main
from kbdesk.core.paths import bundled_articles_dir

CASES = {case.check: case for case in cases()}


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def disk_and_printer(tmp_path: Path) -> Path:
    changes = {**CASES["disk-space-full#home-disk-full"].fires, **CASES["printer-offline#printer-stopped"].fires}
    return write_report(tmp_path / "report.json", report_with(changes))


def test_text_names_each_article_with_what_was_found(capsys, disk_and_printer: Path) -> None:
    code, out, err = run(capsys, "suggest", "--diagnostics", str(disk_and_printer))
    assert code == 0, err
    assert (
        f"On {disk_and_printer} (2026-11-20T09:15:00+00:00), 2 check(s) fired (16 check(s) of 11 article(s) ran):"
        in out
    )
    assert "  Your home disk is 97 % full: only 12.6 GB is free.\n" in out
    assert "    fixed by: Low disk space or disk is full  [disk-space-full]\n" in out
    assert "evidence: disk.home.percent_used = 97 %, disk.home.free_bytes = 12.6 GB" in out
    assert "fixed by: Printer shows as offline  [printer-offline]" in out
    assert out.index("disk-space-full") < out.index("printer-offline")


def test_json_is_the_checks_document(capsys, disk_and_printer: Path) -> None:
    code, out, _ = run(capsys, "suggest", "--diagnostics", str(disk_and_printer), "--json")
    doc = json.loads(out)
    assert code == 0 and doc["format"] == "kbdesk-checks" and doc["version"] == 1
    assert doc["source"] == str(disk_and_printer) and doc["created"] == "2026-11-20T09:15:00+00:00"
    assert [(h["article_id"], h["check_id"]) for h in doc["fired"]] == [
        ("disk-space-full", "home-disk-full"),
        ("printer-offline", "printer-stopped"),
    ]
    assert doc["fired"][0]["evidence"][0] == {
        "fact": "disk.home.percent_used",
        "value": 97.4,
        "unit": "percent",
        "shown": "97",
    }
    assert doc["facts"]["system.platform"] == {"value": "linux", "unit": ""}
    assert (doc["evaluated"], doc["articles"]) == (16, 11)


def test_nothing_fires_on_a_healthy_report(capsys, tmp_path: Path) -> None:
    path = write_report(tmp_path / "ok.json", healthy_report())
    code, out, _ = run(capsys, "suggest", "--diagnostics", str(path))
    assert code == 0
    assert out.startswith(f"No check fired on {path}: 16 check(s) of 11 article(s) ran")


def test_the_report_platform_decides_which_articles_apply(capsys, tmp_path: Path) -> None:
    articles = tmp_path / "articles"
    articles.mkdir()
    (articles / "mac-disk.md").write_text(
        "---\ntitle: Mac disk full\nplatforms: [macos]\nchecks:\n  - when: disk.home.percent_used > 90\n"
        "    found: full\n---\nA body long enough to be an article body for this test of platforms and checks.\n",
        "utf-8",
    )
    path = write_report(tmp_path / "r.json", report_with(CASES["disk-space-full#home-disk-full"].fires))
    _, out, _ = run(capsys, "suggest", "--diagnostics", str(path), "--articles", str(articles))
    assert out.startswith("No check fired")  # a Linux report
    _, out, _ = run(capsys, "suggest", "--diagnostics", str(path), "--articles", str(articles), "--platform", "macos")
    assert "fixed by: Mac disk full  [mac-disk]" in out
    _, out, _ = run(capsys, "suggest", "--diagnostics", str(path), "--articles", str(articles), "--platform", "any")
    assert "[mac-disk]" in out


def test_this_computer_and_a_saved_report_of_it_agree(capsys, tmp_path: Path) -> None:
    """`kbdesk diagnostics --json` is exactly what `suggest --diagnostics` reads."""
    code, saved, _ = run(capsys, "diagnostics", "--json")
    path = tmp_path / "here.json"
    path.write_text(saved, "utf-8")
    code, from_file, _ = run(capsys, "suggest", "--diagnostics", str(path), "--json")
    assert code == 0
    live_code, live, _ = run(capsys, "suggest", "--json")
    assert live_code == 0
    saved_facts, live_facts = json.loads(from_file)["facts"], json.loads(live)["facts"]
    assert saved_facts.keys() == live_facts.keys()
    # numbers (free space, uptime, memory) move between the two runs; everything else is the same
    steady = [name for name, fact in saved_facts.items() if isinstance(fact["value"], (bool, str))]
    assert steady and all(saved_facts[name] == live_facts[name] for name in steady)
    assert [h["article_id"] for h in json.loads(from_file)["fired"]] == [
        h["article_id"] for h in json.loads(live)["fired"]
    ]


@pytest.mark.parametrize(
    ("content", "words"),
    [
        (b"not json", "is not valid JSON"),
        (b'{"format": "kbdesk-diagnostics", "version": 7, "results": []}', "this kbdesk reads format 1"),
        (b"[" * 10_000 + b"]" * 10_000, "nests more than 64 levels"),
    ],
)
def test_bad_reports_are_one_line_and_exit_1(capsys, tmp_path: Path, content: bytes, words: str) -> None:
    path = tmp_path / "bad.json"
    path.write_bytes(content)
    code, out, err = run(capsys, "suggest", "--diagnostics", str(path))
    assert code == 1 and out == ""
    assert err.startswith("kbdesk: error: bad.json") and words in err and err.count("\n") == 1


def test_a_missing_report_in_a_real_process(tmp_path: Path) -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "kbdesk", "suggest", "--diagnostics", str(tmp_path / "nope.json")],
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode == 1 and "no such file" in proc.stderr and "Traceback" not in proc.stderr


JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=5),
    lambda children: st.lists(children, max_size=3) | st.dictionaries(st.text(max_size=5), children, max_size=3),
    max_leaves=12,
)
COLLECTOR_NAMES = [r["name"] for r in healthy_report()["results"]]


def _healthy_with_data(name: str, data: object) -> bytes:
    report = healthy_report()
    for result in report["results"]:
        if result["name"] == name:
            result["data"] = data
    return json.dumps(report).encode()


@settings(
    max_examples=60,
    deadline=5000,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(
    st.one_of(
        st.binary(max_size=500),
        st.builds(_healthy_with_data, st.sampled_from(COLLECTOR_NAMES), JSON),
        JSON.map(lambda v: json.dumps({"format": "kbdesk-diagnostics", "version": 1, "results": v}).encode()),
    )
)
def test_hostile_reports_never_crash_suggest(capsys, tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "hostile.json"
    path.write_bytes(content)
    code, out, err = run(capsys, "suggest", "--diagnostics", str(path), "--articles", str(bundled_articles_dir()))
    assert code in (0, 1)
    assert "Traceback" not in err
    if code == 1:
        assert out == "" and err.startswith("kbdesk: error:")
