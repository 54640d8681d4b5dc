"""Several sources searched as one knowledge base (core/search/multi.py): real folders, real indexes."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest
from fixture_articles import article_text, write_fixture_kb

from kbdesk.core.errors import KbdeskError
from kbdesk.core.search.engine import SearchFilters
from kbdesk.core.search.manifest import read_current
from kbdesk.core.search.multi import MultiSourceEngine, NoSourcesError
from kbdesk.core.sources.model import Source, starter_source
from kbdesk.core.sources.service import ServedSource, source_index_root

ALL = SearchFilters(statuses=())


def folder_source(name: str, folder: Path, priority: int = 0, origin: str = "user") -> ServedSource:
    return ServedSource(Source(name, str(folder), priority=priority, origin=origin), folder, None)


def write(folder: Path, article_id: str, **fields) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{article_id}.md"
    path.write_text(article_text(article_id, **fields), encoding="utf-8")
    return path


@pytest.fixture
def starter(tmp_path) -> ServedSource:
    folder = write_fixture_kb(tmp_path / "starter")
    return ServedSource(starter_source(folder), folder, None)


@pytest.fixture
def org(tmp_path) -> ServedSource:
    folder = tmp_path / "org"
    # overrides the starter's printer article (same id), and adds one of its own
    write(
        folder,
        "printer-offline",
        title="Printer offline at Example Corp",
        summary="Our printers: reconnect to the print server.",
        body="Connect to print.example.org and reinstall the queue.\n",
    )
    write(folder, "badge-reader", title="Badge reader does not open the door", body="Hold the badge still.\n")
    return folder_source("org", folder, priority=100)


def test_a_higher_priority_source_overrides_the_starter_article_with_the_same_id(starter, org):
    engine = MultiSourceEngine([starter, org])
    engine.sync()
    hits = engine.search("printer offline", mode="keyword", filters=ALL).hits
    ids = [h.id for h in hits]
    assert len(ids) == len(set(ids))  # one article per id, never both versions
    top = next(h for h in hits if h.id == "printer-offline")
    assert (top.title, top.source) == ("Printer offline at Example Corp", "org")
    assert engine.article("printer-offline").title == "Printer offline at Example Corp"
    assert engine.origin("printer-offline").source == "org"
    assert engine.origin("dns-site-cant-be-reached").source == "starter" and engine.origin(
        "dns-site-cant-be-reached"
    ).label() == ("the starter articles")
    assert engine.folder_of("printer-offline") == org.folder.resolve()
    assert [(s.id, s.source, s.by) for s in engine.shadowed] == [("printer-offline", "starter", "org")]
    # the starter's own version is still in its index (links inside it resolve there)
    assert engine.source_records("starter")["printer-offline"].title == "Printer shows as offline"
    assert engine.article_records()["printer-offline"].title == "Printer offline at Example Corp"
    assert engine.article_count == len({*engine.source_records("starter"), *engine.source_records("org")})


def test_the_shadowed_article_never_takes_a_place_even_when_it_matches_best(starter, org):
    engine = MultiSourceEngine([starter, org])
    engine.sync()
    # words only the starter's version has: the overridden article must not come back through them
    response = engine.search("Bluetooth devices Printers spooler", mode="keyword", filters=ALL)
    assert all(not (h.id == "printer-offline" and h.source == "starter") for h in response.hits)
    assert engine.search("print.example.org reinstall queue", mode="keyword").hits[0].source == "org"


def test_results_of_both_sources_are_merged_by_score_within_the_limit(starter, org):
    engine = MultiSourceEngine([starter, org])
    engine.sync()
    response = engine.search("printer door badge", mode="keyword", limit=3, filters=ALL)
    assert len(response.hits) == 3
    assert {h.source for h in response.hits} == {"org", "starter"}
    scores = [h.score for h in response.hits]
    assert scores == sorted(scores, reverse=True)
    assert all(h.snippet for h in response.hits)  # snippets are made for the hits kept
    assert response.hits[0].to_dict()["source"] == response.hits[0].source


def test_one_source_answers_exactly_as_its_own_engine(starter):
    from kbdesk.core.search.engine import SearchEngine

    engine = MultiSourceEngine([starter])
    engine.sync()
    alone = SearchEngine(starter.folder, index_root=source_index_root("starter"))
    for query in ("printer offline", "dns", "update failed"):
        mine = engine.search(query, mode="keyword", filters=ALL)
        theirs = alone.search(query, mode="keyword", filters=ALL)
        assert [dataclasses.replace(h, source="") for h in mine.hits] == list(theirs.hits)
        assert {h.source for h in mine.hits} <= {"starter"}
    alone.close()
    engine.close()


def test_syncing_one_source_reindexes_only_that_source(starter, org):
    engine = MultiSourceEngine([starter, org])
    engine.sync()
    starter_generation = read_current(source_index_root("starter"))
    write(org.folder, "badge-reader", title="Badge reader blinks red", body="A red blink means the badge expired.\n")
    report = engine.sync(["org"])
    assert report.updated == ("badge-reader",)
    assert read_current(source_index_root("starter")) == starter_generation
    assert engine.search("badge expired", mode="keyword").hits[0].title == "Badge reader blinks red"


def test_update_swaps_a_new_revision_in_once_it_is_indexed(starter, org, tmp_path):
    engine = MultiSourceEngine([starter, org])
    engine.sync()
    starter_engine = engine.engine_of("starter")
    revision = tmp_path / "org-rev2"
    write(revision, "badge-reader", title="Badge reader, new revision", body="Wave the badge slowly.\n")
    engine.update([starter, dataclasses.replace(org, folder=revision)])
    assert engine.engine_of("starter") is starter_engine  # unchanged source: same engine, same index
    assert engine.engine_of("org").articles_dir == revision.resolve()
    assert engine.search("wave badge slowly", mode="keyword").hits[0].title == "Badge reader, new revision"
    # the revision no longer has the override: the starter's article wins its id again
    assert engine.origin("printer-offline").source == "starter" and not engine.shadowed
    # a source no longer listed is dropped
    engine.update([starter])
    assert [s.source.name for s in engine.searched] == ["starter"]
    with pytest.raises(KbdeskError, match="no article"):
        engine.article("badge-reader")
    engine.close()


def test_a_new_revision_that_cannot_be_indexed_keeps_the_one_before(starter, org, tmp_path):
    engine = MultiSourceEngine([starter, org])
    engine.sync()
    gone = tmp_path / "never-made"
    with pytest.raises(KbdeskError, match="not found"):
        engine.update([starter, dataclasses.replace(org, folder=gone)])
    assert engine.engine_of("org").articles_dir == org.folder.resolve()
    assert engine.search("badge door", mode="keyword").hits[0].source == "org"


def test_nothing_to_search_says_why(tmp_path):
    with pytest.raises(NoSourcesError, match="no knowledge-base sources"):
        MultiSourceEngine([]).search("printer")
    unsynced = ServedSource(Source("it", "git://127.0.0.1:9/kb"), None, None)
    engine = MultiSourceEngine([unsynced])
    assert engine.unserved == (unsynced,)
    with pytest.raises(NoSourcesError, match="nothing to serve yet") as raised:
        engine.search("printer")
    assert "kbdesk sources sync" in (raised.value.hint or "")


def test_a_source_that_fails_to_open_does_not_hide_the_others(starter, tmp_path):
    broken_folder = tmp_path / "broken"
    broken_folder.mkdir()
    broken = folder_source("broken", broken_folder, priority=5)
    engine = MultiSourceEngine([starter, broken])
    broken_folder.rmdir()  # gone between planning and indexing
    with pytest.raises(KbdeskError, match="not found"):
        engine.ensure_index()
    assert [s.source.name for s in engine.searched] == ["starter"]
    assert engine.search("printer", mode="keyword").hits


def test_combined_stats_and_issues_cover_every_source(starter, org):
    (org.folder / "broken.md").write_text("---\nid: [not, text]\n---\nbody\n", encoding="utf-8")
    engine = MultiSourceEngine([starter, org])
    engine.sync()
    stats = engine.stats()
    assert stats.articles == engine.article_count
    assert "org:" in stats.generation and "starter:" in stats.generation
    assert any(issue.path.name == "broken.md" for issue in engine.issues())


@pytest.mark.model
def test_hybrid_search_merges_sources_on_one_scale(starter, org, embedder):
    engine = MultiSourceEngine([starter, org], embedder=embedder)
    engine.sync(embed=True)
    response = engine.search("my door badge does not work", mode="hybrid")
    assert response.mode == "hybrid"
    assert response.hits[0].id == "badge-reader" and response.hits[0].source == "org"
    printer = engine.search("the printer is offline", mode="hybrid")
    assert printer.hits[0].id == "printer-offline" and printer.hits[0].source == "org"
