"""Learned phrasings in search: a real whoosh index, the real model, the fixture knowledge base."""

from __future__ import annotations

import numpy as np
import pytest
from fixture_articles import article_text

from kbdesk.core.search.embedding_cache import EmbeddingCache
from kbdesk.core.search.engine import SearchEngine, SearchFilters
from kbdesk.core.search.keyword import analyse
from kbdesk.core.search.learned import LearnedIndex, LearnedPhrasing, Weights, vector_key
from kbdesk.core.search.semantic import Embedder

EVERY_STATUS = SearchFilters(statuses=())


@pytest.fixture
def engine(fixture_kb, embedder):
    (fixture_kb / "old-printer-guide.md").write_text(
        article_text(
            "old-printer-guide",
            title="Legacy print server guide",
            summary="The print server we retired.",
            status="retired",
            body="Connect to the old print server.\n",
        ),
        "utf-8",
    )
    engine = SearchEngine(fixture_kb, embedder=embedder)
    engine.sync(embed=True)
    yield engine
    engine.close()


def top(engine: SearchEngine, query: str, mode: str = "hybrid") -> list[str]:
    return [h.id for h in engine.search(query, mode=mode, filters=EVERY_STATUS).hits]


def learn(engine: SearchEngine, *phrasings: tuple[str, str], embedder=None, weight: float = 1.0) -> LearnedIndex:
    index = LearnedIndex()
    index.replace_all([LearnedPhrasing(aid, text, weight) for aid, text in phrasings], embedder)
    engine.learned = index
    return index


@pytest.mark.model
def test_a_learned_phrasing_finds_an_article_its_own_words_do_not(engine: SearchEngine, embedder) -> None:
    query = "the zebra label maker balks"
    assert "printer-offline" not in top(engine, query, "keyword")
    before = top(engine, query, "semantic")
    learn(engine, ("printer-offline", "zebra label maker balks again"), embedder=embedder)
    assert top(engine, query, "keyword")[0] == "printer-offline"
    assert top(engine, query, "semantic")[0] == "printer-offline" != before[0]
    assert top(engine, query)[0] == "printer-offline"
    engine.learned = None
    assert top(engine, query, "semantic") == before


@pytest.mark.model
@pytest.mark.parametrize("mode", ["keyword", "semantic", "hybrid"])
def test_an_articles_own_text_counts_more_than_a_learned_phrasing(engine: SearchEngine, embedder, mode) -> None:
    # the exact words of the Wi-Fi article's symptom, learned (wrongly) for the disk-full article
    learn(engine, ("disk-full", "cannot join the wifi"), embedder=embedder)
    ranked = top(engine, "cannot join the wifi", mode)
    assert ranked[0] == "wifi-wont-connect"
    assert "disk-full" in ranked  # it does count, below the article that says it itself


def test_learned_weights_stay_below_the_articles_own_text(tmp_path) -> None:
    with pytest.raises(ValueError, match="own"):
        Weights(keyword=1.0)
    with pytest.raises(ValueError, match="own text counts more"):
        Weights(semantic=1.0)
    vector = np.zeros(384, np.float32)
    vector[0] = 1.0
    cache = EmbeddingCache(tmp_path / "vectors.sqlite3")
    cache.put_many(Embedder.name, [vector_key("the same words")], vector[None, :])
    index = LearnedIndex(Weights(keyword=0.5, semantic=0.5), cache=cache)
    index.replace_all([LearnedPhrasing("a", "the same words"), LearnedPhrasing("b", "the same words", 0.5)])
    assert index.state.rows == 2 and not index.state.pending
    # own text at 0.5, a phrasing at cosine 1.0: half way up, never to the phrasing's own score;
    # a long read (weight 0.5) half as far again
    raised = index.semantic_scores(vector, lambda _a: 0.5, {}, -1.0, lambda _a: True)
    assert raised == {"a": 0.75, "b": 0.625}
    # an article whose own text is closer than its phrasings keeps its own score
    assert index.semantic_scores(vector, lambda _a: 1.0, {}, -1.0, lambda _a: True) == {}


@pytest.mark.model
def test_retired_articles_are_never_lifted(engine: SearchEngine, embedder) -> None:
    query = "where is the old print server"
    learn(engine, ("old-printer-guide", query), embedder=embedder)
    with_learning = top(engine, query)
    engine.learned = None
    assert with_learning == top(engine, query)


@pytest.mark.model
def test_phrasings_are_applied_without_a_new_index_generation(engine: SearchEngine, embedder, tmp_path) -> None:
    generation = engine.stats().generation
    index = LearnedIndex(cache=EmbeddingCache(tmp_path / "vectors.sqlite3"))
    engine.learned = index
    query = "quill pen scratches no ink"
    assert index.add([LearnedPhrasing("printer-offline", "quill pen scratches but no ink")], embedder) == 1
    assert top(engine, query, "keyword")[0] == "printer-offline"
    assert index.add([LearnedPhrasing("printer-offline", "Quill pen  scratches but no INK", 0.5)], embedder) == 0
    assert len(index) == 1 and index.state.rows == 1
    index.set_article("printer-offline", [LearnedPhrasing("printer-offline", "inkwell empty")], embedder)
    assert [p.text for p in index.phrasings("printer-offline")] == ["inkwell empty"]
    assert index.state.rows == 1 and "quill" not in index.state.keyword.postings
    assert "printer-offline" not in top(engine, query, "keyword")[:1]
    assert index.remove_articles(["printer-offline"]) == 1 and len(index) == 0 and index.state.rows == 0
    assert engine.stats().generation == generation
    # the vector came from the model once; a new index of the same phrasing takes it from the cache
    again = LearnedIndex(cache=index.cache)
    again.replace_all([LearnedPhrasing("printer-offline", "inkwell empty")])
    assert again.state.rows == 1 and not again.state.pending


@pytest.mark.model
def test_phrasings_learned_before_the_model_get_their_vectors_later(engine: SearchEngine, embedder) -> None:
    index = learn(engine, ("printer-offline", "zebra label maker balks"))
    assert index.state.rows == 0 and len(index.state.pending) == 1
    assert top(engine, "zebra label maker balks", "keyword")[0] == "printer-offline"  # keyword at once
    assert index.embed_pending(embedder) == 1
    assert index.state.rows == 1 and not index.state.pending
    assert top(engine, "zebra label maker balks", "semantic")[0] == "printer-offline"


def test_a_reader_keeps_its_state_while_phrasings_change() -> None:
    index = LearnedIndex()
    index.replace_all([LearnedPhrasing("a", "printer jams")])
    seen = index.state
    index.add([LearnedPhrasing("b", "paper jams")])
    index.remove("a", "printer jams")
    jam = analyse("jams")[0]
    assert dict(seen.keyword.postings[jam]) == {"a": 1} and seen.keyword.lengths == {"a": 2}
    assert dict(index.state.keyword.postings[jam]) == {"b": 1} and index.state.keyword.lengths == {"b": 2}


def test_a_search_keeps_its_vectors_while_phrasings_are_added_and_removed(tmp_path) -> None:
    cache = EmbeddingCache(tmp_path / "vectors.sqlite3")
    texts = ["printer went to sleep", "wifi keeps dropping", "disk is full again"]
    axes = np.eye(384, dtype=np.float32)[:3]
    cache.put_many(Embedder.name, [vector_key(t) for t in texts], axes)
    index = LearnedIndex(cache=cache)
    index.replace_all([LearnedPhrasing("printer", texts[0])])
    seen = index.state
    index.add([LearnedPhrasing("wifi", texts[1])])  # appended into the same arrays
    index.add([LearnedPhrasing("disk", texts[2])])
    assert index.state.rows == 3 and seen.rows == 1

    def scores(state, axis: int) -> dict[str, float]:
        return state.semantic_scores(axes[axis], lambda _a: 0.0, {}, -1.0, lambda _a: True, 0.5)

    # ``seen`` is what a search that started before the additions holds
    assert scores(seen, 1) == {} and scores(seen, 0) == {"printer": 0.5}
    assert scores(index.state, 1) == {"wifi": 0.5}
    index.remove("printer", texts[0])  # a copy: the older state's rows stay as they were
    assert scores(seen, 0) == {"printer": 0.5}
    assert scores(index.state, 0) == {} and index.state.rows == 2
    index.add([LearnedPhrasing("wifi", texts[1], 0.5)])  # a lower weight changes nothing
    index.set_article("disk", [LearnedPhrasing("disk", texts[2], 0.5)])  # a new weight: same row, half the pull
    assert scores(index.state, 2) == {"disk": 0.25}
