"""Checks in the search index: records carry them, the engine compiles them once per generation, an older
index gains them without embedding anything again."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from kbdesk.core.errors import IndexCorruptError
from kbdesk.core.search.engine import SearchEngine
from kbdesk.core.search.manifest import RECORDS_VERSION, read_current, read_manifest

CHECKED = """---
title: Home disk nearly full
checks:
  - id: home-full
    when: disk.home.percent_used >= 95
    found: Your home disk is {disk.home.percent_used} % full
---

When the disk is full nothing can be saved. Delete what you do not need, empty the bin, and move
large files elsewhere. This is enough words for lint to be happy about the length of the body here.
"""


def test_index_records_carry_checks_and_the_engine_compiles_them_once(fixture_kb: Path) -> None:
    (fixture_kb / "home-full.md").write_text(CHECKED, "utf-8")
    engine = SearchEngine(fixture_kb)
    try:
        engine.sync(embed=False)
        record = engine.article_records()["home-full"]
        assert record.checks == (
            {
                "id": "home-full",
                "when": "disk.home.percent_used >= 95",
                "found": "Your home disk is {disk.home.percent_used} % full",
                "line": 4,
            },
        )
        checks = engine.checks()
        assert engine.checks() is checks  # compiled once for this generation
        hits = checks.evaluate({"disk.home.percent_used": 96.0}, platform="linux").hits
        assert [(h.article_id, h.sentence) for h in hits] == [("home-full", "Your home disk is 96 % full")]

        (fixture_kb / "home-full.md").write_text(CHECKED.replace(">= 95", ">= 99"), "utf-8")
        engine.sync(embed=False)
        again = engine.checks()
        assert again is not checks
        assert again.evaluate({"disk.home.percent_used": 96.0}).hits == ()
    finally:
        engine.close()


def test_an_index_written_before_checks_gains_them_without_embedding_again(fixture_kb: Path, embedder) -> None:
    (fixture_kb / "home-full.md").write_text(CHECKED, "utf-8")
    engine = SearchEngine(fixture_kb, embedder=embedder)
    try:
        engine.sync(embed=True)
        # make the current generation look like one written by the kbdesk before checks
        gen = read_current(engine.index_root)
        manifest_path = gen / "manifest.json"
        manifest = json.loads(manifest_path.read_text("utf-8"))
        del manifest["records_version"]
        for record in manifest["articles"].values():
            del record["checks"]
        manifest_path.write_text(json.dumps(manifest), "utf-8")
        engine.close()

        engine = SearchEngine(fixture_kb, embedder=embedder)
        report = engine.sync(embed=True)
        assert report.embedded == 0 and not report.added and not report.updated
        assert report.generation != gen.name
        assert engine.article_records()["home-full"].checks[0]["id"] == "home-full"
        manifest = json.loads((read_current(engine.index_root) / "manifest.json").read_text("utf-8"))
        assert manifest["records_version"] == RECORDS_VERSION
        assert len(engine.checks()) == 1
    finally:
        engine.close()


@pytest.mark.parametrize("bad", ["not a list", ["not an object"], {"id": "x"}])
def test_a_manifest_with_a_damaged_check_list_is_rebuilt(fixture_kb: Path, bad: object) -> None:
    (fixture_kb / "home-full.md").write_text(CHECKED, "utf-8")
    engine = SearchEngine(fixture_kb)
    try:
        engine.sync(embed=False)
        gen = read_current(engine.index_root)
        assert gen is not None
        manifest = json.loads((gen / "manifest.json").read_text("utf-8"))
        manifest["articles"]["home-full"]["checks"] = bad
        (gen / "manifest.json").write_text(json.dumps(manifest), "utf-8")
        with pytest.raises(IndexCorruptError, match="bad check list"):
            read_manifest(gen)
    finally:
        engine.close()
