"""Keyword search: the only module that imports whoosh.

BM25F over six fields. Each field's weight is a query-time boost, so tuning
never needs a re-index:

=============  ======  ==================================================
field          weight  why
=============  ======  ==================================================
error_codes    4.0     a pasted code is the most specific thing a user has
symptoms       2.5     the problem in users' own words
title          2.0     writers put the problem itself in the title
tags           1.5     short, curated topic words
body           1.25    where the answer's own words are
summary        1.0     one sentence; mostly repeats the title
=============  ======  ==================================================

Title, summary and body weights were chosen on a small grid (title 1.5-2.5,
summary 0.75-1.0, body 1.0-1.5) over both evaluation sets; every point of it
is within 0.01 MRR@10 of the others, so the table is a sensible setting,
not a fitted one (docs/search.md).

Queries are natural language, so terms are OR-ed (whoosh's parser defaults to
AND, which finds almost nothing for a sentence). We never hand the user's text
to whoosh's query parser: pasted error messages are full of its syntax
(colons, quotes, brackets, AND/OR/NOT). Instead the text is analysed with the
same analyser as the index and looked up as index terms directly.

Identifiers survive analysis whole: the tokenizer keeps ``_`` and ``.`` inside
a word, so ``DNS_PROBE_FINISHED_NXDOMAIN``, ``0x80070005`` and
``ERR_CERT_DATE_INVALID`` are single terms that match exactly.

whoosh stores the index; the scoring is ours. whoosh's matchers walk a
posting list one Python call per posting, which at 10,000 articles made a
six-field query cost 47 ms (and whoosh's top-N pruning silently drops some
documents that belong in the top 100). Instead each query word's posting
list in each field is read a block at a time into numpy arrays and BM25F is
computed for every matching document at once: whoosh's own formula, IDF,
average field lengths and one-byte field lengths, so the scores equal an
exhaustive whoosh query (tests/core/test_keyword_scoring.py checks that).
At 10,000 articles this takes about 2.5 ms.

Typo tolerance is a fallback, not always on: only a query word that occurs
nowhere in the collection is looked up among the collection's words within
edit distance 1 (2 for long words), and the correction is added to the
query and offered as "did you mean". Fuzzy terms on every query cost
accuracy and about 50 ms. Pasted text (more than 25 words) is never
corrected: an error dialog or a log is full of words no article uses, and
"correcting" them added noise terms, a rewritten log as the suggestion, and
40 ms at 10,000 articles. Nor is a word inside quotes or brackets, an
identifier or an acronym (:func:`correctable_words`: ``<module>`` in a short
pasted traceback became ``<model>``), nor a real English word that no
article happens to use (the engine passes the English word list as
``real_word``: "upside" became "uptime"), nor any word of a query in another
language (the engine turns ``correct`` off: "mein" became "mean").
"""

from __future__ import annotations

import functools
import logging
import math
import re
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from whoosh import index as whoosh_index
from whoosh import scoring
from whoosh.analysis import StandardAnalyzer, StemmingAnalyzer
from whoosh.analysis.tokenizers import default_pattern
from whoosh.codec.whoosh3 import W3LeafMatcher
from whoosh.fields import ID, TEXT, Schema
from whoosh.matching import Matcher
from whoosh.matching.wrappers import FilterMatcher
from whoosh.reading import IndexReader
from whoosh.searching import Searcher

from ..articles import Article
from ..errors import IndexCorruptError, IndexingCancelled

log = logging.getLogger(__name__)

FIELD_WEIGHTS: dict[str, float] = {
    "error_codes": 4.0,
    "symptoms": 2.5,
    "title": 2.0,
    "tags": 1.5,
    "body": 1.25,
    "summary": 1.0,
}
SEARCH_FIELDS = tuple(FIELD_WEIGHTS)
#: BM25 parameters (whoosh defaults are B=0.75, K1=1.2); documented in docs/search.md
BM25_B = 0.75
BM25_K1 = 1.2

_STEM = StemmingAnalyzer()
#: unstemmed, for the "did you mean" vocabulary; stems make poor suggestions
_PLAIN = StandardAnalyzer()
_WORD_RE = re.compile(r"^[a-z]{4,}$")


#: a query of more words than this (stop words not counted) is pasted text, not typing: no
#: typo fallback. The longest typed question in the shared evaluation queries has 24; an error
#: dialog or a few log lines have 30 and more.
TYPO_MAX_QUERY_WORDS = 25
#: misspelt words looked up per query at most (each lookup costs about 1 ms)
TYPO_MAX_CORRECTIONS = 3
#: documents added between explicit GIL hand-overs while indexing (see update_index)
YIELD_EVERY = 10
#: bump when the fields change; the indexer then rebuilds the keyword index (vectors are kept)
SCHEMA_VERSION = 3


def _schema() -> Schema:
    # No positions (phrase=False): nothing searches phrases, and positions
    # made the body's posting lists several times larger to read.
    return Schema(
        id=ID(stored=True, unique=True),
        title=TEXT(analyzer=_STEM, phrase=False),
        summary=TEXT(analyzer=_STEM, phrase=False),
        symptoms=TEXT(analyzer=_STEM, phrase=False),
        tags=TEXT(analyzer=_STEM, phrase=False),
        error_codes=TEXT(analyzer=_STEM, phrase=False),
        body=TEXT(analyzer=_STEM, phrase=False),
        vocab=TEXT(analyzer=_PLAIN, phrase=False),
    )


def analyse(text: str) -> list[str]:
    """Stemmed search terms of ``text``, in order, duplicates removed."""
    seen: dict[str, None] = {}
    for token in _STEM(text):
        seen.setdefault(token.text, None)
    return list(seen)


def analyse_tokens(text: str) -> list[str]:
    """Stemmed search terms of ``text``, in order, repeats kept (for term frequencies)."""
    return [str(token.text) for token in _STEM(text)]


@dataclass(frozen=True)
class ExtraField:
    """A BM25F field kept outside whoosh and scored with the others: the learned phrasings
    (:mod:`.learned`). Per term, which articles hold it how often; each article's length in terms.

    Scored like a whoosh field (same BM25 formula, B and K1) with ``weight``, except its IDF:
    the collection's for the term (its highest document frequency in any field, this one
    included), so a word common in the articles is not made rare by a small field.
    """

    weight: float
    postings: Mapping[str, Mapping[str, int]]
    lengths: Mapping[str, int]
    average_length: float


def _document(article: Article) -> dict[str, str]:
    symptoms = "\n".join(article.symptoms)
    return {
        "id": article.id,
        "title": article.title,
        "summary": article.summary,
        "symptoms": symptoms,
        "tags": " ".join(article.tags),
        "error_codes": " ".join(article.error_codes),
        "body": article.body,
        "vocab": "\n".join((article.title, article.summary, symptoms, article.body)),
    }


@dataclass(frozen=True)
class KeywordHit:
    id: str
    score: float
    #: share of the query's IDF mass this article matches (0..1), in any field
    coverage: float = 0.0


@dataclass(frozen=True)
class KeywordResult:
    hits: tuple[KeywordHit, ...]
    #: stemmed terms the query was run with (after any typo correction)
    terms: tuple[str, ...]
    #: the query with misspelt words replaced, when a correction was made
    suggestion: str | None = None
    #: the IDF mass of the query's terms (BM25's IDF, summed): how much a query says at all;
    #: ``coverage`` is a share of it
    idf_mass: float = 0.0
    #: live documents in the index (the N of those IDFs)
    doc_count: int = 0


def create_index(folder: Path) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    whoosh_index.create_in(str(folder), _schema())


def update_index(
    folder: Path, add: Sequence[Article], delete_ids: Iterable[str], *, cancel: Callable[[], bool] | None = None
) -> None:
    """Add or replace ``add`` and remove ``delete_ids`` in the whoosh index at ``folder``.

    Called only by the indexer, on a private copy of the index (see indexer.py
    for why that makes a crash harmless). ``cancel`` is asked every
    ``YIELD_EVERY`` articles; when it says so, nothing is committed and
    IndexingCancelled is raised.
    """
    ix = whoosh_index.open_dir(str(folder))
    try:
        # one writer, one segment per commit; merging is left to whoosh's policy,
        # which keeps small updates small
        writer = ix.writer(limitmb=128)
        try:
            for article_id in delete_ids:
                writer.delete_by_term("id", article_id)
            for n, article in enumerate(add, 1):
                writer.update_document(**_document(article))
                if n % YIELD_EVERY == 0:
                    if cancel is not None and cancel():
                        raise IndexingCancelled("keyword indexing stopped on request")
                    # Pure-Python indexing in a worker thread can keep the GIL
                    # from the GUI thread for over a second (measured: 1.5 s
                    # stalls while adding 1,000 articles); a short sleep hands
                    # it over for certain.
                    time.sleep(0.001)
        except BaseException:
            writer.cancel()
            raise
        writer.commit()
    finally:
        ix.close()


class KeywordIndex:
    """A read-only view of one whoosh index for searching."""

    def __init__(self, folder: Path) -> None:
        self.folder = Path(folder)
        failure = None
        try:
            self._ix = whoosh_index.open_dir(str(self.folder))
            self._searcher = self._ix.searcher(weighting=scoring.BM25F(B=BM25_B, K1=BM25_K1))
        except Exception as exc:  # noqa: BLE001 - whoosh raises assorted errors for a damaged index
            failure = f"keyword index at {self.folder} cannot be opened: {type(exc).__name__}: {exc}"
        if failure is None:
            self._reader = self._searcher.reader()
            try:
                self._load_document_data()
            except Exception as exc:  # noqa: BLE001 - damaged stored fields or lengths
                self._searcher.close()
                self._ix.close()
                failure = f"keyword index at {self.folder} cannot be read: {type(exc).__name__}: {exc}"
        if failure is not None:
            # outside the except block, so the traceback no longer pins whoosh's open file
            _collect_leaked_handles()
            raise IndexCorruptError(failure)

    def _load_document_data(self) -> None:
        """What every search needs per document: the article id, whether it is
        deleted, and each field's length. Segments are immutable and shared
        by successive index generations (hard links), so their data is read
        once per process and reused: after a one-article change only the new
        small segment is read."""
        self._leaves = list(self._reader.leaf_readers())
        self._doc_count_all = self._reader.doc_count_all()
        data = [_segment_data(leaf) for leaf, _ in self._leaves]
        self._ids: list[str] = [aid for part in data for aid in part.ids]
        self._field_lengths = {
            field: np.concatenate([part.lengths[field] for part in data]) if data else _NO_FREQS
            for field in SEARCH_FIELDS
        }
        if len(self._ids) != self._doc_count_all:
            raise ValueError(f"segments hold {len(self._ids)} documents, the index says {self._doc_count_all}")
        dead = [base + docnum for leaf, base in self._leaves for docnum in leaf.segment().deleted_docs()]
        self._dead = np.array(sorted(dead), dtype=np.int64) if dead else None
        self._avg_length = {field: self._searcher.avg_field_length(field) or 1.0 for field in SEARCH_FIELDS}
        self._live: dict[str, int] | None = None

    def close(self) -> None:
        self._searcher.close()
        self._ix.close()

    def __enter__(self) -> KeywordIndex:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @property
    def doc_count(self) -> int:
        return int(self._reader.doc_count())

    @property
    def whoosh_searcher(self) -> Searcher:
        """The open whoosh searcher (BM25F with our parameters), for checking the fast scoring path
        against whoosh's own (tests/core/search/test_keyword_scoring.py); kbdesk itself searches
        through :meth:`search` only. Its reader is ``whoosh_searcher.reader()``."""
        return self._searcher

    def _known(self, term: str) -> bool:
        return any(self._reader.doc_frequency(field, term) for field in SEARCH_FIELDS)

    def _correct(self, word: str) -> str | None:
        """The most common collection word within a small edit distance of ``word``."""
        maxdist = 1 if len(word) <= 5 else 2
        best: tuple[int, int, str] | None = None
        for candidate in self._reader.terms_within("vocab", word, maxdist, prefix=1):
            if candidate == word:
                return None
            freq = self._reader.doc_frequency("vocab", candidate)
            dist = _edit_distance(word, candidate)
            key = (-dist, freq, candidate)
            if best is None or key > best:
                best = key
        return best[2] if best else None

    def search(
        self,
        text: str,
        limit: int = 50,
        *,
        correct: bool = True,
        real_word: Callable[[str], bool] | None = None,
        extra: ExtraField | None = None,
        exclude: frozenset[str] = frozenset(),
    ) -> KeywordResult:
        """BM25F over the six fields, best first.

        ``correct`` False turns the typo fallback off (a query in another
        language); ``real_word`` tells which words are real words of the
        query's language, never to be corrected (the engine passes the English
        lexicon; without it only the collection's own words count as real).
        ``extra`` is a field kept outside whoosh (the learned phrasings), scored
        with the others except for the articles in ``exclude``.
        """
        terms = analyse(text)
        suggestion = None
        corrections = self._corrections(text, real_word) if correct else []
        replaced: set[str] = set()
        if corrections:
            suggestion = _apply_corrections(text, corrections)
            for _start, _end, wrong, fixed in corrections:
                replaced.update(analyse(wrong))
                for term in analyse(fixed):
                    if term not in terms:
                        terms.append(term)
        if not terms:
            return KeywordResult(hits=(), terms=())
        scores, coverage, idf = self._score(terms, extra, exclude)
        # a misspelt word counts through its correction, not as a miss
        mass = sum(v for t, v in idf.items() if t not in replaced)
        top = _top(scores, limit)
        hits = tuple(
            KeywordHit(id=self._ids[d], score=float(scores[d]), coverage=min(1.0, float(coverage[d]) / (mass or 1.0)))
            for d in top
        )
        return KeywordResult(
            hits=hits, terms=tuple(terms), suggestion=suggestion, idf_mass=mass, doc_count=self.doc_count
        )

    def _corrections(
        self, text: str, real_word: Callable[[str], bool] | None = None
    ) -> list[tuple[int, int, str, str]]:
        """Misspelt words of a typed query, as (start, end, word, correction), in text order.

        Only a plain word typed as prose is a candidate (see
        :func:`correctable_words`): nothing inside quotes or brackets, no
        identifier, no acronym. Pasted text is left alone altogether: a log or
        an error dialog is full of words no article uses (module names, host
        names), and "correcting" them adds noise terms and a silly suggestion,
        at ~1 ms per word. A real word (``real_word``) is not a typo just
        because no article uses it.
        """
        if sum(1 for _token in _PLAIN(text)) > TYPO_MAX_QUERY_WORDS:
            return []
        corrections: list[tuple[int, int, str, str]] = []
        fixes: dict[str, str | None] = {}
        for start, end, word in correctable_words(text):
            if word not in fixes:
                if len([f for f in fixes.values() if f]) >= TYPO_MAX_CORRECTIONS:
                    break
                fixes[word] = self._correction_of(word, real_word)
            fixed = fixes[word]
            if fixed:
                corrections.append((start, end, word, fixed))
        return corrections

    def _correction_of(self, word: str, real_word: Callable[[str], bool] | None) -> str | None:
        if not _WORD_RE.match(word) or self._reader.doc_frequency("vocab", word):
            return None
        stem = analyse(word)
        if not stem or self._known(stem[0]):
            return None  # a stop word, or an inflection we index under its stem
        if real_word is not None and real_word(word):
            return None
        return self._correct(word)

    def _score(
        self, terms: Sequence[str], extra: ExtraField | None = None, exclude: frozenset[str] = frozenset()
    ) -> tuple[np.ndarray, np.ndarray, dict[str, float]]:
        """Weighted BM25F of every document, the IDF mass of the query terms each
        matches, and the IDF of each term used for that mass.

        BM25F is the sum over fields and terms of the field weight times BM25
        of the term in that field, as whoosh computes it (its IDF
        ``log(N / (df + 1)) + 1`` per field, its average field lengths, its
        one-byte field lengths), vectorised over each posting list instead of
        walked one posting at a time in Python. Document frequencies come from
        the posting lists themselves (deleted documents included, as in
        whoosh), not from one lookup per segment per field per word.
        """
        n_all = self._doc_count_all
        n_live = max(1, self._reader.doc_count())
        scores = np.zeros(n_all)
        coverage = np.zeros(n_all)
        idf: dict[str, float] = {}
        k1, b = BM25_K1, BM25_B
        for term in terms:
            present = np.zeros(n_all, dtype=bool)
            df_max = 0
            for field, weight in FIELD_WEIGHTS.items():
                docs, tf = self._postings(field, term)
                if not len(docs):
                    continue
                df_max = max(df_max, len(docs))
                field_idf = math.log(n_all / (len(docs) + 1)) + 1
                norm = k1 * ((1 - b) + b * self._field_lengths[field][docs] / self._avg_length[field])
                scores[docs] += weight * field_idf * (tf * (k1 + 1)) / (tf + norm)
                present[docs] = True
            if extra is not None and extra.weight > 0:
                df_max = max(df_max, self._score_extra(extra, term, df_max, exclude, scores, present))
            # for coverage: the field where the term is most common, BM25's IDF
            idf[term] = math.log(1.0 + (n_live - df_max + 0.5) / (df_max + 0.5))
            coverage[present] += idf[term]
        if self._dead is not None:
            scores[self._dead] = 0.0
        return scores, coverage, idf

    def _score_extra(
        self,
        extra: ExtraField,
        term: str,
        df_own: int,
        exclude: frozenset[str],
        scores: np.ndarray,
        present: np.ndarray,
    ) -> int:
        """Add ``extra``'s BM25 for ``term`` to ``scores``; returns the term's document frequency there."""
        posting = extra.postings.get(term)
        if not posting:
            return 0
        live = self._live_docnums()
        pairs = [(live[aid], tf) for aid, tf in posting.items() if aid in live and aid not in exclude]
        if not pairs:
            return len(posting)
        docs = np.fromiter((d for d, _ in pairs), dtype=np.int64, count=len(pairs))
        tf = np.fromiter((t for _, t in pairs), dtype=np.float64, count=len(pairs))
        lengths = np.fromiter((extra.lengths.get(self._ids[d], 0) for d in docs), dtype=np.float64, count=len(docs))
        k1, b = BM25_K1, BM25_B
        idf = math.log(self._doc_count_all / (max(df_own, len(posting)) + 1)) + 1
        norm = k1 * ((1 - b) + b * lengths / (extra.average_length or 1.0))
        scores[docs] += extra.weight * idf * (tf * (k1 + 1)) / (tf + norm)
        present[docs] = True
        return len(posting)

    def _live_docnums(self) -> dict[str, int]:
        """Article id -> its live document number (built on first use: only the learned field needs it)."""
        live = self._live
        if live is None:
            dead = set(self._dead.tolist()) if self._dead is not None else set()
            live = {aid: d for d, aid in enumerate(self._ids) if d not in dead}
            self._live = live
        return live

    def _postings(self, field: str, term: str) -> tuple[np.ndarray, np.ndarray]:
        """Document numbers (in the whole index) and frequencies of ``term`` in ``field``."""
        docs, freqs = [], []
        for leaf, base in self._leaves:
            if (field, term) not in leaf:
                continue
            ids, tf = _read_postings(leaf.postings(field, term))
            docs.append(ids + base)
            freqs.append(tf)
        if not docs:
            return _NO_DOCS, _NO_FREQS
        return (docs[0], freqs[0]) if len(docs) == 1 else (np.concatenate(docs), np.concatenate(freqs))


@dataclass(frozen=True)
class _SegmentData:
    #: article id by document number, deleted documents included
    ids: tuple[str, ...]
    #: field -> length of that field by document number (whoosh's one-byte approximation, as its scorer uses)
    lengths: dict[str, np.ndarray]


_SEGMENT_CACHE: OrderedDict[tuple[str, int], _SegmentData] = OrderedDict()
_SEGMENT_CACHE_SIZE = 32
_SEGMENT_CACHE_LOCK = threading.Lock()


def _segment_data(leaf: IndexReader) -> _SegmentData:
    """Per-document data of one segment, from the cache when this segment was read before.

    The key is whoosh's segment id (the index name and a random 16-character
    id) and document count; a segment's documents and lengths never change,
    only which of them are deleted, which is not cached. About 0.1 s per
    10,000 documents to read.
    """
    count = leaf.doc_count_all()
    key = (leaf.segment().segment_id(), count)
    with _SEGMENT_CACHE_LOCK:
        cached = _SEGMENT_CACHE.get(key)
        if cached is not None:
            _SEGMENT_CACHE.move_to_end(key)
            return cached
    ids = tuple(leaf.stored_fields(docnum)["id"] for docnum in range(count))
    length = leaf.doc_field_length
    lengths = {
        field: np.array([length(docnum, field, 0) or 0 for docnum in range(count)], dtype=np.float64)
        for field in SEARCH_FIELDS
    }
    data = _SegmentData(ids, lengths)
    with _SEGMENT_CACHE_LOCK:
        _SEGMENT_CACHE[key] = data
        while len(_SEGMENT_CACHE) > _SEGMENT_CACHE_SIZE:
            _SEGMENT_CACHE.popitem(last=False)
    return data


_NO_DOCS = np.zeros(0, dtype=np.int64)
_NO_FREQS = np.zeros(0, dtype=np.float64)
#: whoosh-reloaded 2.7's on-disk posting blocks can be read whole (see _read_blocks)
_BLOCKS_READABLE = all(hasattr(W3LeafMatcher, name) for name in ("_read_data", "_goto"))


def _read_postings(matcher: Matcher) -> tuple[np.ndarray, np.ndarray]:
    """All (document number, frequency) postings of a matcher as two arrays.

    Deleted documents are included; the caller masks them.
    """
    if isinstance(matcher, FilterMatcher):  # whoosh's filter for deleted documents
        matcher = matcher.child
    if _BLOCKS_READABLE and isinstance(matcher, W3LeafMatcher) and not matcher._byteids:
        return _read_blocks(matcher)
    ids, freqs = [], []
    while matcher.is_active():
        ids.append(matcher.id())
        freqs.append(matcher.weight())
        matcher.next()
    return np.array(ids, dtype=np.int64), np.array(freqs, dtype=np.float64)


def _read_blocks(matcher: W3LeafMatcher) -> tuple[np.ndarray, np.ndarray]:
    """Read a posting list a block (up to 128 postings) at a time.

    whoosh's public matcher interface yields one posting per Python call,
    which for a word found in most of 10,000 articles is most of a search's
    time. Its blocks hold the document numbers delta-encoded and the
    frequencies as a tuple (or None when all are 1, or one float when all are
    equal). This reads whoosh-reloaded 2.7's private block fields (the
    dependency is pinned below 2.8); tests/core/test_keyword_scoring.py checks the
    scores against whoosh's own scorer, so a change there fails the tests.
    """
    ids, freqs = [], []
    while True:
        matcher._read_data()
        deltas, weights = matcher._data[0], matcher._data[1]
        block_ids = np.cumsum(np.asarray(deltas, dtype=np.int64))
        if weights is None:
            block_freqs = np.ones(len(block_ids))
        elif isinstance(weights, float):
            block_freqs = np.full(len(block_ids), weights)
        else:
            block_freqs = np.asarray(weights, dtype=np.float64)
        ids.append(block_ids)
        freqs.append(block_freqs)
        if matcher._lastblock:
            break
        matcher._goto(matcher._nextoffset)
    if len(ids) == 1:
        return ids[0], freqs[0]
    return np.concatenate(ids), np.concatenate(freqs)


def _top(scores: np.ndarray, limit: int) -> np.ndarray:
    """Document numbers of the best ``limit`` positive scores, best first, ties in document order."""
    candidates = np.flatnonzero(scores > 0)
    if len(candidates) > limit:
        cut = len(candidates) - limit
        kth = np.partition(scores[candidates], cut)[cut]
        candidates = candidates[scores[candidates] >= kth]
    order = np.lexsort((candidates, -scores[candidates]))
    return candidates[order][:limit]


def _collect_leaked_handles() -> None:
    """whoosh leaves the file it was reading open when a damaged index fails to load;
    close it now rather than at some later garbage collection."""
    import gc
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ResourceWarning)
        gc.collect()


#: a span of text a person quoted or bracketed, or an inline code span: copied text, not typing.
#: Each alternative stops at the next opening character, so the search stays linear.
_PROTECTED_RE = re.compile(
    r"\"[^\"\n]*\"|“[^”\n]*”|‘[^’\n]*’|`[^`\n]*`|<[^<>\n]*>|\[[^\[\]\n]*\]|\([^()\n]*\)|\{[^{}\n]*\}"
    r"|(?<![\w'])'[^'\n]*'(?![\w'])"
)
#: a whitespace-separated piece of prose: letters, then at most sentence punctuation
_PLAIN_WORD_RE = re.compile(r"[A-Za-z]+[.,;:!?]*")


def correctable_words(text: str) -> list[tuple[int, int, str]]:
    """(start, end, lower-cased word) of every word of ``text`` that may be a typing mistake.

    A candidate stands alone between spaces as plain letters (sentence
    punctuation after it allowed), lower case or capitalised, outside any
    quoted or bracketed span. So ``<module>`` in a pasted traceback,
    ``"Access is denied"``, ``ERR_CERT_DATE_INVALID``, ``msvcp140.dll``,
    ``OneDrive`` and ``HDMI`` are never "corrected": they were copied, not
    typed, or they name something.
    """
    protected = [m.span() for m in _PROTECTED_RE.finditer(text)]
    out = []
    index = 0
    for piece in re.finditer(r"\S+", text):
        match = _PLAIN_WORD_RE.fullmatch(piece.group())
        if match is None:
            continue
        start = piece.start()
        end = start + len(piece.group().rstrip(".,;:!?"))
        word = text[start:end]
        if any(c.isupper() for c in word[1:]):
            continue  # camelCase, CamelCase inside, or an acronym
        while index < len(protected) and protected[index][1] <= start:
            index += 1
        if index < len(protected) and protected[index][0] < end:
            continue
        out.append((start, end, word.lower()))
    return out


def _apply_corrections(text: str, corrections: list[tuple[int, int, str, str]]) -> str:
    """``text`` with each corrected word replaced where it stands (keeping a capital first letter)."""
    out, last = [], 0
    for start, end, _word, fixed in corrections:
        original = text[start:end]
        out.append(text[last:start])
        out.append(fixed.capitalize() if original[:1].isupper() else fixed)
        last = end
    out.append(text[last:])
    return "".join(out)


def _edit_distance(a: str, b: str) -> int:
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i]
        for j, cb in enumerate(b, 1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ca != cb)))
        previous = current
    return previous[-1]


def matched_spans(text: str, terms: Iterable[str]) -> list[tuple[int, int]]:
    """Character spans in ``text`` of tokens whose stem is one of ``terms``.

    Tokenises with the index analyser's own pattern and stems each distinct
    word once (cached), instead of running the whole analyser chain per
    token: the same spans, at a fifth of the cost, which matters because ten
    snippets are made for every keystroke.
    """
    wanted = set(terms)
    if not wanted:
        return []
    return [m.span() for m in _TOKEN_PATTERN.finditer(text) if _stem_of(m.group().lower()) in wanted]


#: the token pattern of the index analyser (a word may hold "." and "_": 0x80070005, ERR_CERT_DATE_INVALID)
_TOKEN_PATTERN = default_pattern


@functools.lru_cache(maxsize=50_000)
def _stem_of(word: str) -> str | None:
    """The index term of one lower-cased token; None for a stop word or a one-letter word."""
    for token in _STEM(word):
        return str(token.text)
    return None
