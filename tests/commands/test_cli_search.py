"""`kbdesk search`: the app's platform policy and match strength, so writers see what users see."""

from __future__ import annotations

import json

import pytest

from kbdesk.cli import main
from kbdesk.core.machine import detect_platform


def search(capsys, fixture_kb, *args):
    code = main(["search", *args, "--articles", str(fixture_kb), "--mode", "keyword"])
    out, err = capsys.readouterr()
    assert code == 0, err
    return out


def ids(capsys, fixture_kb, *args):
    return [r["id"] for r in json.loads(search(capsys, fixture_kb, *args, "--json"))]


def test_exact_error_code_of_another_system_is_shown(capsys, fixture_kb):
    results = json.loads(search(capsys, fixture_kb, "0x80070005", "--platform", "linux", "--json"))
    first = results[0]
    assert first["id"] == "windows-update-access-denied" and first["platforms"] == ["windows"]
    assert first["exact_match"] == "0x80070005" and first["match"] == "strong"
    text = search(capsys, fixture_kb, "0x80070005", "--platform", "linux")
    assert "for windows only" in text and "exact match: 0x80070005" in text


def test_other_results_follow_the_platform_policy(capsys, fixture_kb):
    query = "updates keep failing"
    assert "windows-update-access-denied" not in ids(capsys, fixture_kb, query, "--platform", "linux")
    assert ids(capsys, fixture_kb, query, "--platform", "windows")[0] == "windows-update-access-denied"
    assert ids(capsys, fixture_kb, query, "--platform", "any")[0] == "windows-update-access-denied"
    # like the app's "All systems": shown, at half score
    shown = json.loads(search(capsys, fixture_kb, query, "--platform", "linux", "--all-systems", "--json"))
    anywhere = json.loads(search(capsys, fixture_kb, query, "--platform", "any", "--json"))
    score = {r["id"]: r["score"] for r in shown}["windows-update-access-denied"]
    assert score == pytest.approx(anywhere[0]["score"] * 0.5, abs=1e-5)


def test_the_default_platform_is_this_machines(capsys, fixture_kb):
    for query in ("updates keep failing", "bluetooth headphones pair", "printer offline"):
        assert ids(capsys, fixture_kb, query) == ids(capsys, fixture_kb, query, "--platform", detect_platform())


def test_each_result_has_a_match_strength_and_the_list_shape_is_unchanged(capsys, fixture_kb):
    results = json.loads(search(capsys, fixture_kb, "printer offline", "--platform", "any", "--json"))
    assert isinstance(results, list) and results
    assert all(r["match"] in ("strong", "weak") for r in results)
    assert results[0]["match"] == "strong" and results[0]["exact_match"] is None
    assert json.loads(search(capsys, fixture_kb, "asdfghjkl qwertz", "--json")) == []


def test_text_output_says_when_nothing_matches_and_which_language(capsys, fixture_kb):
    assert "No articles found." in search(capsys, fixture_kb, "asdfghjkl qwertz")
    text = search(capsys, fixture_kb, "Der Drucker ist offline und druckt nicht mehr", "--platform", "any")
    assert "This looks like German; the articles are in English" in text
    assert "Did you mean" not in text
