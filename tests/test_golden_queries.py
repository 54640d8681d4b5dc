"""Regression test of search quality on the starter knowledge base.

tests/golden_queries.jsonl holds queries phrased as users type them, each
with the article that answers it. The floors sit a little under today's
numbers (hybrid MRR@10 0.986, Hit@1 0.974; keyword 0.936 / 0.901), so a
change that makes search worse for users fails here, while a small
reordering between near-equal articles does not.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from kbdesk.core.evaluation import evaluate, load_queries
from kbdesk.core.paths import bundled_articles_dir
from kbdesk.core.search.engine import SearchEngine, SearchFilters

GOLDEN = Path(__file__).with_name("golden_queries.jsonl")


@pytest.fixture(scope="module")
def starter_engine(embedder, tmp_path_factory):
    engine = SearchEngine(bundled_articles_dir(), index_root=tmp_path_factory.mktemp("golden-index"), embedder=embedder)
    engine.sync(embed=True)
    yield engine
    engine.close()


def ranked(engine, mode):
    return lambda q: [h.id for h in engine.search(q, mode=mode, limit=10, filters=SearchFilters()).hits]


@pytest.mark.model
def test_hybrid_search_on_the_golden_queries(starter_engine):
    metrics = evaluate("hybrid", load_queries(GOLDEN), ranked(starter_engine, "hybrid"))
    assert metrics.queries >= 100
    assert metrics.mrr_at_10 >= 0.95, metrics
    assert metrics.hit_at_1 >= 0.93, metrics
    assert metrics.hit_at_5 >= 0.98, metrics


@pytest.mark.model
def test_hybrid_beats_each_single_mode(starter_engine):
    queries = load_queries(GOLDEN)
    scores = {
        mode: evaluate(mode, queries, ranked(starter_engine, mode)).mrr_at_10
        for mode in ("keyword", "semantic", "hybrid")
    }
    assert scores["hybrid"] >= max(scores["keyword"], scores["semantic"]), scores
    assert scores["keyword"] >= 0.88, scores


@pytest.mark.model
def test_every_pasted_error_code_finds_its_article_first(starter_engine):
    codes = [
        q for q in load_queries(GOLDEN) if " " not in q.query.strip() and any(c.isdigit() or c == "_" for c in q.query)
    ]
    assert len(codes) >= 5
    missed = [
        (q.query, ranked(starter_engine, "hybrid")(q.query)[:1])
        for q in codes
        if ranked(starter_engine, "hybrid")(q.query)[:1][0] not in q.relevant
    ]
    assert missed == []
