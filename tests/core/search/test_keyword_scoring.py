"""Our vectorised BM25F against whoosh's own scorer, on a real on-disk whoosh index.

keyword.py reads whoosh's posting blocks directly and scores them with
numpy. These tests pin that to whoosh: the same documents, the same scores,
in the same order as an exhaustive six-field whoosh query, on an index with
long (multi-block) posting lists, several segments and deleted documents.
"""

from __future__ import annotations

import random

import pytest
from fixture_articles import article_text
from whoosh.query import Or, Term

from kbdesk.core.articles import load_folder
from kbdesk.core.search import keyword
from kbdesk.core.search.keyword import _STEM, FIELD_WEIGHTS, KeywordIndex, create_index, matched_spans, update_index

WORDS = [
    "printer",
    "spooler",
    "queue",
    "offline",
    "driver",
    "wifi",
    "wireless",
    "adapter",
    "router",
    "vpn",
    "tunnel",
    "certificate",
    "mailbox",
    "outlook",
    "calendar",
    "disk",
    "storage",
    "cleanup",
    "audio",
    "headset",
    "microphone",
    "monitor",
    "display",
]
FILLER = ["open", "check", "select", "restart", "settings", "again", "after", "before", "menu", "option", "step"]
QUERIES = [
    "printer offline",
    "wireless adapter keeps dropping",
    "vpn certificate expired",
    "outlook calendar not syncing",
    "restart the spooler",
    "ERR_TEST_42",
    "headset microphone muted",
]


def _write(folder, start, count, rng, prefix="kb"):
    for i in range(start, start + count):
        topic = rng.sample(WORDS, 4)
        body = " ".join(rng.choice(topic) if rng.random() < 0.4 else rng.choice(FILLER) for _ in range(120))
        fields = dict(
            title=" ".join(topic[:2]).capitalize(),
            summary=f"About {topic[2]} number {i}.",
            tags=topic[:2],
            symptoms=[" ".join(topic[1:4])],
            body=body + "\n",
        )
        if i % 40 == 0:
            fields["error_codes"] = [f"ERR_TEST_{i}"] if i else ["ERR_TEST_42"]
        (folder / f"{prefix}-{i:04d}.md").write_text(article_text(f"{prefix}-{i:04d}", **fields), encoding="utf-8")


@pytest.fixture(scope="module")
def index_dir(tmp_path_factory):
    """A whoosh index built in three commits: 300 articles, 200 more, then 60 replaced and 25 deleted."""
    rng = random.Random(11)
    root = tmp_path_factory.mktemp("kwscore")
    kb, folder = root / "kb", root / "index"
    kb.mkdir()
    create_index(folder)
    _write(kb, 0, 300, rng)
    update_index(folder, load_folder(kb).articles, ())
    _write(kb, 300, 200, rng)
    articles = {a.id: a for a in load_folder(kb).articles}
    update_index(folder, [articles[f"kb-{i:04d}"] for i in range(300, 500)], ())
    _write(kb, 100, 60, rng)  # new text for 60 existing articles
    articles = {a.id: a for a in load_folder(kb).articles}
    update_index(folder, [articles[f"kb-{i:04d}"] for i in range(100, 160)], [f"kb-{i:04d}" for i in range(200, 225)])
    return folder


def _whoosh_ranking(ix: KeywordIndex, terms):
    """Exhaustive whoosh scoring of the same weighted six-field OR query, best first, ties by docnum."""
    query = Or([Term(field, term, boost=weight) for field, weight in FIELD_WEIGHTS.items() for term in terms])
    searcher = ix.whoosh_searcher
    results = searcher.search(query, limit=None)
    ranked = sorted((-hit.score, hit.docnum) for hit in results)
    return [(searcher.reader().stored_fields(docnum)["id"], -negative) for negative, docnum in ranked]


def test_index_has_the_shapes_the_fast_path_must_handle(index_dir):
    with KeywordIndex(index_dir) as ix:
        reader = ix.whoosh_searcher.reader()
        leaves = reader.leaf_readers()
        assert len(leaves) > 1, "expected several segments"
        assert any(leaf.has_deletions() for leaf, _ in leaves), "expected deleted documents"
        assert ix.doc_count == 475
        # a filler word is in nearly every body: a posting list of several 128-posting blocks
        assert reader.doc_frequency("body", "restart") > 300


@pytest.mark.parametrize("query", QUERIES)
@pytest.mark.parametrize("block_reads", [True, False], ids=["blocks", "one-by-one"])
def test_scores_match_whoosh_exhaustive_bm25f(index_dir, monkeypatch, query, block_reads):
    monkeypatch.setattr(keyword, "_BLOCKS_READABLE", block_reads)
    with KeywordIndex(index_dir) as ix:
        result = ix.search(query, limit=500)
        expected = _whoosh_ranking(ix, result.terms)
        assert expected, "the query should match something"
        assert [h.id for h in result.hits] == [aid for aid, _ in expected]
        assert [h.score for h in result.hits] == pytest.approx([s for _, s in expected], rel=1e-9)
        deleted = {f"kb-{i:04d}" for i in range(200, 225)}
        assert not deleted & {h.id for h in result.hits}


def test_limit_keeps_the_best(index_dir):
    with KeywordIndex(index_dir) as ix:
        full = ix.search("printer spooler offline", limit=500).hits
        top = ix.search("printer spooler offline", limit=7).hits
        assert [h.id for h in top] == [h.id for h in full[:7]]
        assert all(h.score > 0 and 0 < h.coverage <= 1 for h in top)


def test_coverage_counts_each_query_word_once_across_fields(index_dir):
    with KeywordIndex(index_dir) as ix:
        hit = ix.search("ERR_TEST_42", limit=5).hits
        assert [h.id for h in hit] == ["kb-0000"]
        assert hit[0].coverage == pytest.approx(1.0)


def test_matched_spans_agree_with_the_index_analyser():
    text = (
        "Printers printing: the PRINTER's queue (0x80070005) and ERR_CERT_DATE_INVALID errors. "
        "Restarting the spooler.service fixes printed jobs; a/b/c - wi-fi Wi-Fi"
    )
    terms = {t.text for t in _STEM(text)}
    expected = [(t.startchar, t.endchar) for t in _STEM(text, chars=True) if t.text in terms]
    assert matched_spans(text, terms) == expected
    assert [text[a:b] for a, b in matched_spans(text, ["printer"])] == ["Printers", "PRINTER"]
    assert [text[a:b] for a, b in matched_spans(text, ["0x80070005", "err_cert_date_invalid"])] == [
        "0x80070005",
        "ERR_CERT_DATE_INVALID",
    ]
