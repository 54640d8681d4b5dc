"""Search behaviour on a small real knowledge base with the real model."""

from __future__ import annotations

import pytest

from kbdesk.core.search import hybrid
from kbdesk.core.search.engine import SearchEngine, SearchFilters
from kbdesk.core.search.text import Snippet, best_window, chunk_texts, sections


@pytest.fixture
def engine(fixture_kb, embedder):
    engine = SearchEngine(fixture_kb, embedder=embedder)
    engine.sync(embed=True)
    yield engine
    engine.close()


def top(engine, query, mode="hybrid", **filters):
    return [h.id for h in engine.search(query, mode=mode, filters=SearchFilters(**filters)).hits]


@pytest.mark.model
def test_paraphrase_finds_the_article_without_shared_words(engine):
    # none of "stuck", "sheets", "come out" appear in the printer article
    assert top(engine, "my sheets never come out of the machine", mode="semantic")[0] == "printer-offline"
    assert top(engine, "my sheets never come out of the machine")[0] == "printer-offline"


@pytest.mark.model
@pytest.mark.parametrize(
    "query, expected",
    [
        ("0x80070005", "windows-update-access-denied"),
        ("DNS_PROBE_FINISHED_NXDOMAIN", "dns-site-cant-be-reached"),
        ("ERR_CERT_DATE_INVALID", "clock-wrong-certificate-error"),
        ("Chrome says NET::ERR_CERT_DATE_INVALID on every site", "clock-wrong-certificate-error"),
    ],
)
def test_exact_error_codes_rank_first(engine, query, expected):
    assert top(engine, query, mode="keyword")[0] == expected
    assert top(engine, query)[0] == expected


def test_error_code_is_matched_exactly_not_by_prefix(engine):
    assert top(engine, "0x80070006", mode="keyword") == []


@pytest.mark.model
def test_typo_falls_back_to_correction_with_suggestion(engine):
    response = engine.search("wirless printr", mode="keyword", filters=SearchFilters())
    ids = [h.id for h in response.hits]
    assert "printer-offline" in ids[:3] and "wifi-wont-connect" in ids[:3]
    assert response.suggestion == "wireless printer"
    hybrid_ids = top(engine, "wirless printr")
    assert {"printer-offline", "wifi-wont-connect"} <= set(hybrid_ids[:3])


def test_pasted_error_text_is_not_spell_corrected(engine):
    """A paste is full of words no article uses; "correcting" them adds noise terms and a silly suggestion."""
    paste = (
        "Windows Update\nThere were some problems installing updates, but we'll try again later. If you keep "
        "seeing this and want to search the web or contact support for information, this may help: "
        "(0x80070005)\nFeature update to Windows 11, version 24H2 - Error 0x80070005"
    )
    response = engine.search(paste, mode="keyword")
    assert response.suggestion is None
    assert "connect" not in response.terms  # "contact" is not a typo of "connect" here
    assert response.hits[0].id == "windows-update-access-denied"
    typed = engine.search("flsh the dns cache", mode="keyword")  # typing still gets the fallback
    assert typed.suggestion == "flush the dns cache"


@pytest.mark.parametrize(
    "query",
    [
        "Ich habe mein Passwort vergessen",  # German: "mein" is no typo of "mean"
        "screen is upside down",  # English words that no article uses are not typos
        'File "<stdin>", line 1, in <modle>',  # pasted, bracketed
        "the 'printr' and \"wirless\" and `flsh`",  # quoted
        "OneDrive HDMI msvcp140.dll ERR_CERT_DATE_INVALIDD",  # names and identifiers
    ],
)
def test_no_correction_where_it_would_not_help(engine, query):
    response = engine.search(query, mode="keyword")
    assert response.suggestion is None, response.suggestion


def test_a_typo_next_to_quoted_text_is_still_corrected_in_place(engine):
    response = engine.search('printr says "offlne"', mode="keyword")
    assert response.suggestion == 'printer says "offlne"'


def test_query_language_is_reported(engine):
    assert engine.search("Der Drucker druckt nicht mehr", mode="keyword").language.code == "de"
    assert engine.search("printer does not print", mode="keyword").language is None


def test_exact_error_code_of_another_platform_is_shown(engine):
    linux = SearchFilters(platform="linux")
    hits = engine.search("0x80070005", mode="keyword", filters=linux).hits
    assert hits[0].id == "windows-update-access-denied" and hits[0].exact_match == "0x80070005"
    assert hits[0].match == "strong"
    # with "All systems" it is not ranked at half score either
    both = engine.search("0x80070005", mode="keyword", filters=SearchFilters(platform="linux", all_platforms=True))
    plain = engine.search("0x80070005", mode="keyword", filters=SearchFilters())
    assert both.hits[0].score == pytest.approx(plain.hits[0].score)
    # the same article without its error text follows the platform policy: hidden on Linux
    assert "windows-update-access-denied" not in top(engine, "updates keep failing", mode="keyword", platform="linux")
    # a longer code that merely starts with it is no exact match
    assert top(engine, "0x800700051", mode="keyword", platform="linux") == []


def test_exact_error_message_inside_a_sentence(fixture_kb, embedder):
    (fixture_kb / "file-locked.md").write_text(
        "---\nid: file-locked\ntitle: File is locked for editing\nsummary: Open a document another user has open.\n"
        'platforms: [windows, macos]\nerror_codes: ["is locked for editing by another user"]\n---\n'
        "Ask the named person to close the file, or wait for the lock to time out.\n",
        encoding="utf-8",
    )
    engine = SearchEngine(fixture_kb, embedder=embedder)
    engine.sync(embed=False)
    try:
        typed = "excel says file is locked for editing by another user"
        hit = engine.search(typed, mode="keyword", filters=SearchFilters(platform="linux")).hits[0]
        assert (hit.id, hit.exact_match) == ("file-locked", "is locked for editing by another user")
        pasted = "Excel\n\n'budget.xlsx' Is Locked For Editing\nby another user.\n"  # case, quotes, line breaks
        assert top(engine, pasted, mode="keyword", platform="linux")[0] == "file-locked"
        assert "file-locked" not in top(engine, "excel file locked", mode="keyword", platform="linux")
    finally:
        engine.close()


@pytest.mark.model
@pytest.mark.parametrize("mode", ["hybrid", "semantic"])
def test_match_strength_tells_answers_from_nonsense_and_off_topic(engine, mode):
    for query in ("printer says offline", "my printer does not print anymore", "forgot my password"):
        response = engine.search(query, mode=mode)
        assert response.match == "strong" and response.hits[0].match == "strong", (query, response.hits[0])
    for query in ("asdfghjkl qwertz", "recipe for banana bread", "who won the world cup in 2014", "help"):
        response = engine.search(query, mode=mode)
        assert response.hits, query  # still the nearest few, for the app to show dimmed
        assert response.match == "weak" and all(h.match == "weak" for h in response.hits), query
        assert response.hits[0].to_dict()["match"] == "weak"


def test_keyword_match_strength(engine):
    assert engine.search("printer offline", mode="keyword").match == "strong"
    assert engine.search("Flush the DNS cache", mode="keyword").match == "strong"
    assert engine.search("???!!!", mode="keyword").match == "none"
    assert engine.search("asdfghjkl qwertz", mode="keyword").match == "none"
    # it finds only "my" or "keeps": a sixth of what the query says
    weak = engine.search("my cat keeps scratching the sofa", mode="keyword")
    assert weak.hits and weak.match == "weak" and all(h.match == "weak" for h in weak.hits)


def test_no_suggestion_for_correct_words(engine):
    response = engine.search("printer offline", mode="keyword")
    assert response.suggestion is None


def test_natural_language_sentence_uses_or_semantics(engine):
    # AND semantics would find nothing for a sentence with words no single article has
    assert (
        top(engine, "why does my printer say it is offline when I try this morning", mode="keyword")[0]
        == "printer-offline"
    )


def test_drafts_and_retired_are_excluded_by_default(engine):
    assert "draft-article" not in top(engine, "toner cartridge printer", mode="keyword")
    assert "draft-article" in top(engine, "toner cartridge printer", mode="keyword", statuses=("draft",))


def test_platform_filter_hides_or_demotes(engine):
    assert "mac-only-bluetooth" not in top(engine, "bluetooth headphones pair", mode="keyword", platform="windows")
    shown = engine.search(
        "bluetooth headphones pair", mode="keyword", filters=SearchFilters(platform="windows", all_platforms=True)
    ).hits
    assert shown[0].id == "mac-only-bluetooth"
    plain = engine.search("bluetooth headphones pair", mode="keyword", filters=SearchFilters()).hits
    assert shown[0].score == pytest.approx(plain[0].score * 0.5)
    # articles with no platforms apply everywhere
    assert "forgot-password" in top(engine, "forgot password", mode="keyword", platform="linux")


def test_tag_filter(engine):
    assert set(top(engine, "network", mode="keyword", tags=("wifi",))) == {"wifi-wont-connect"}


def test_snippet_marks_matched_words(engine):
    hit = engine.search("flush dns", mode="keyword").hits[0]
    assert hit.id == "dns-site-cant-be-reached"
    marked = Snippet(hit.snippet, hit.snippet_spans).marked("[", "]")
    assert "[Flush]" in marked and "[DNS]" in marked


def test_hybrid_answers_with_keyword_while_model_is_not_loaded(fixture_kb):
    engine = SearchEngine(fixture_kb)  # a fresh embedder that never loads
    engine.sync(embed=False)
    response = engine.search("printer offline", mode="hybrid")
    assert response.mode == "keyword" and not response.semantic_ready
    assert response.hits[0].id == "printer-offline"
    engine.close()


def test_empty_query_returns_nothing(engine):
    assert engine.search("   ").hits == ()


def test_unknown_mode_is_rejected(engine):
    with pytest.raises(ValueError):
        engine.search("x", mode="fuzzy")


def test_fusion_trusts_a_confident_keyword_hit():
    semantic = [("a", 0.60), ("b", 0.55)]
    # the keyword engine has "b" far ahead and fully covering the query
    fused = hybrid.fuse([("b", 20.0, 1.0), ("a", 2.0, 0.2)], semantic)
    assert fused[0].id == "b"
    # bunched keyword scores (a paraphrase) leave the embedding in charge
    fused = hybrid.fuse([("b", 10.0, 0.4), ("a", 9.8, 0.4)], semantic)
    assert fused[0].id == "a"


def test_chunks_cover_head_and_sections():
    from pathlib import Path

    from kbdesk.core.articles import Article

    body = "Intro.\n\n## Windows\n\n" + "word " * 400 + "\n\n## macOS\n\n```\n# not a heading\n```\nDone.\n"
    article = Article(
        id="x",
        title="T",
        summary="S",
        body=body,
        path=Path("x.md"),
        rel_path="x.md",
        content_hash="h",
        symptoms=("it breaks",),
    )
    assert [s.heading for s in sections(body)] == ["", "Windows", "macOS"]
    chunks = chunk_texts(article)
    assert chunks[0] == "T. S it breaks."
    assert sum(c.startswith("T: Windows.") for c in chunks) >= 3  # long sections are windowed
    assert all(len(c.split()) <= 160 for c in chunks)


def test_best_window_prefers_the_densest_region():
    text = "alpha " * 60 + "printer offline printer spooler " + "beta " * 60
    spans = [(i, i + 7) for i in range(len(text)) if text.startswith("printer", i)]
    snip = best_window(text, spans, width=80)
    assert "printer offline printer" in snip.text
    assert all(snip.text[s:e] == "printer" for s, e in snip.spans)


def test_vector_scores_match_a_plain_product(embedder):
    """Scores of a read-only matrix (as from a memory-mapped file) equal the plain product."""
    import numpy as np

    from kbdesk.core.search.semantic import VectorMatrix

    rng = np.random.default_rng(3)
    rows = rng.normal(size=(500, 384)).astype(np.float32)
    rows /= np.linalg.norm(rows, axis=1, keepdims=True)
    query = embedder.encode_query("printer says offline")
    expected = rows.astype(np.float64) @ query.astype(np.float64)
    rows.flags.writeable = False
    got = VectorMatrix(rows).scores(query)
    assert got.dtype == np.float32 and got.shape == (500,)
    assert np.allclose(got, expected, atol=1e-5)
    assert int(np.argmax(got)) == int(np.argmax(expected))
