"""Which queries count as another language, and which words as English (kbdesk/core/language.py)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kbdesk.core import language

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize(
    "query, code",
    [
        ("Ich habe mein Passwort vergessen", "de"),
        ("Der Drucker druckt nicht mehr", "de"),
        ("Le wifi est connecté mais pas d'internet", "fr"),
        ("El archivo está bloqueado por otro usuario", "es"),
        ("Ik kan niet inloggen", "nl"),
        ("Nie mogę się zalogować", "pl"),
        ("Принтер не печатает", "ru"),
        ("パスワードを忘れました", "ja"),
    ],
)
def test_support_queries_in_other_languages_are_recognised(query, code):
    guess = language.detect(query)
    assert guess is not None and guess.code == code
    assert guess.name  # a name to show


def test_no_golden_or_typed_english_query_counts_as_another_language():
    queries = []
    for path in (ROOT / "tests" / "golden_queries.jsonl", ROOT / "benchmarks/data/english_short_queries.jsonl"):
        queries += [json.loads(line)["query"] for line in path.read_text("utf-8").splitlines() if line.strip()]
    flagged = [q for q in queries if language.detect(q) is not None]
    assert flagged == []
    # py3langid alone calls some of these Frisian or Dutch; that is why the English word test exists
    identifier = language._TOOLS.identifier()
    assert identifier.classify("laptop freezing and fan loud")[0] != "en"


@pytest.mark.parametrize("query", ["Passwort", "help", "0x80070005", "???!!!", "", "DNS_PROBE_FINISHED_NXDOMAIN"])
def test_too_little_text_is_never_called_another_language(query):
    assert language.detect(query) is None


def test_english_words():
    assert language.is_english_word("upside") and language.is_english_word("Module")
    assert not language.is_english_word("mein")
    # the word list leaves common misspellings out, so they can still be corrected
    assert not any(language.is_english_word(w) for w in ("wirless", "printr", "pasword", "recieve"))


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=3000))
def test_any_text_is_answered_without_error(text):
    guess = language.detect(text)
    assert guess is None or (guess.code and 0.0 <= guess.probability <= 1.0)


# ------------------------------------------------------------ the converted forms in the cache folder


def _texts() -> list[str]:
    texts = []
    for path in (
        ROOT / "tests" / "golden_queries.jsonl",
        ROOT / "benchmarks/data/english_short_queries.jsonl",
        ROOT / "benchmarks/data/non_english_queries.jsonl",
    ):
        texts += [json.loads(line)["query"] for line in path.read_text("utf-8").splitlines() if line.strip()]
    return [*texts, "", "???", "0x80070005", "x" * 5000, "Ünïcödé ẞ 😀 \x00 text"]


def test_converted_model_answers_exactly_as_the_library_loads_it(tmp_path):
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    library = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
    converting = language.load_identifier(tmp_path)  # converts into tmp_path
    assert list((tmp_path).glob("py3langid-*/ptc.npy"))
    converted = language.load_identifier(tmp_path)  # opens the memory-mapped arrays
    for text in _texts():
        expected = library.rank(text)
        assert converting.rank(text) == expected
        assert converted.rank(text) == expected, text


def test_converted_transitions_are_stored_narrow_and_read_back_exactly(tmp_path):
    import numpy as np
    from py3langid.langid import MODEL_DIR, MODEL_FILE
    from py3langid.modelio import load_model

    converting = language.load_identifier(tmp_path)
    # the start that converts also uses the mapped files, not the library's 64 MB of arrays in memory
    assert isinstance(converting.tk_nextmove, language.NarrowTransitions)
    (folder,) = tmp_path.glob("py3langid-*")
    wide = np.frombuffer(load_model(MODEL_DIR / MODEL_FILE)[3], dtype=np.uint32)
    low = np.load(folder / "nextmove.npy")
    assert low.dtype == np.uint16 and wide.max() >= 1 << 16  # the model has more states than 16 bits hold
    high = np.unpackbits(np.load(folder / "nextmove_high.npy"), bitorder="little")[: len(wide)]
    assert np.array_equal(low.astype(np.uint32) | high.astype(np.uint32) << 16, wide)
    # the library's own walk reads them through the narrow form, item by item
    transitions = language.NarrowTransitions(low.data, np.load(folder / "nextmove_high.npy").data)
    picks = np.random.default_rng(7).integers(0, len(wide), 2000)
    assert [transitions[int(i)] for i in picks] == wide[picks].tolist()
    assert (folder / "nextmove.npy").stat().st_size < wide.nbytes * 0.55


def test_older_conversions_are_removed_when_converting(tmp_path):
    older = tmp_path / "py3langid-0.4.0-v1"
    older.mkdir()
    (older / "nextmove.npy").write_bytes(b"an older format's transitions")
    unrelated = tmp_path / "something-else"
    unrelated.mkdir()
    language.load_identifier(tmp_path)
    assert not older.exists() and unrelated.is_dir()
    assert [p.name for p in tmp_path.glob("py3langid-*")] == [f"py3langid-{_py3langid_version()}-v2"]


def _py3langid_version() -> str:
    from py3langid import __version__

    return __version__


def test_cached_word_list_is_the_library_word_list(tmp_path):
    from spellchecker import SpellChecker

    counts = SpellChecker(language="en", distance=1).word_frequency.dictionary
    expected = frozenset(w for w, n in counts.items() if n >= language.LEXICON_MIN_COUNT)
    assert language.load_lexicon(tmp_path) == expected  # made from the library
    assert list(tmp_path.glob("english-words-*.txt"))
    assert language.load_lexicon(tmp_path) == expected  # read from the file


def _damage(path, how):
    data = bytearray(path.read_bytes())
    if how == "truncate":
        path.write_bytes(bytes(data[: len(data) // 2]))
    elif how == "flip":
        middle = len(data) // 2
        data[middle] ^= 0xFF
        path.write_bytes(bytes(data))
    elif how == "ones":  # every transition points past the last state
        path.write_bytes(bytes(data[:128]) + b"\xff" * (len(data) - 128))
    else:
        path.write_bytes(b"not what it should be")


@pytest.mark.parametrize(
    "name, how",
    [
        ("nextmove.npy", "truncate"),
        ("nextmove.npy", "ones"),
        ("nextmove_high.npy", "ones"),
        ("nextmove_high.npy", "truncate"),
        ("ptc.npy", "garbage"),
        ("out_feat.npy", "truncate"),
        ("manifest.json", "garbage"),
        ("manifest.json", "truncate"),
    ],
)
def test_damaged_converted_model_is_ignored_and_converted_again(tmp_path, caplog, name, how):
    language.load_identifier(tmp_path)
    (folder,) = tmp_path.glob("py3langid-*")
    _damage(folder / name, how)
    identifier = language.load_identifier(tmp_path)
    assert identifier.classify("Ich habe mein Passwort vergessen")[0] == "de"
    assert "damaged, converting again" in caplog.text
    caplog.clear()
    language.load_identifier(tmp_path)  # the new conversion is sound
    assert "damaged" not in caplog.text


@pytest.mark.parametrize("how", ["truncate", "flip", "garbage"])
def test_damaged_word_list_is_ignored_and_made_again(tmp_path, caplog, how):
    expected = language.load_lexicon(tmp_path)
    (path,) = tmp_path.glob("english-words-*.txt")
    _damage(path, how)
    assert language.load_lexicon(tmp_path) == expected
    assert "damaged, making it again" in caplog.text
    caplog.clear()
    assert language.load_lexicon(tmp_path) == expected
    assert "damaged" not in caplog.text


def test_an_unwritable_cache_folder_only_costs_time(tmp_path, caplog):
    blocked = tmp_path / "cache-is-a-file"
    blocked.write_text("a file where the folder should be")
    assert language.load_identifier(blocked).classify("Ich habe mein Passwort vergessen")[0] == "de"
    assert "upside" in language.load_lexicon(blocked)
    assert "loads slowly next time" in caplog.text
