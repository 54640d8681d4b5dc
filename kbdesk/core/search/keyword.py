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
same analyser as the index and turned into term queries directly.

Identifiers survive analysis whole: the tokenizer keeps ``_`` and ``.`` inside
a word, so ``DNS_PROBE_FINISHED_NXDOMAIN``, ``0x80070005`` and
``ERR_CERT_DATE_INVALID`` are single terms that match exactly.

A search runs in two stages. The first asks whoosh for the best 100
documents on one combined field (all six fields' text): one posting list per
query word instead of six, which at 10,000 articles is the difference
between 11 ms and 47 ms. The second computes the weighted BM25F above
exactly, with whoosh's own scorer, for those candidates only; the final
ranking of the top of the list is the same as a full six-field query (both
evaluation sets score identically).

Typo tolerance is a fallback, not always on: only a query word that occurs
nowhere in the collection is looked up among the collection's words within
edit distance 1 (2 for long words), and the correction is added to the
query and offered as "did you mean". Fuzzy terms on every query cost
accuracy and about 50 ms.
"""

from __future__ import annotations

import logging
import math
import re
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Sequence

from whoosh import index as whoosh_index
from whoosh import scoring
from whoosh.analysis import StandardAnalyzer, StemmingAnalyzer
from whoosh.fields import ID, TEXT, Schema
from whoosh.query import Or, Term

from ..articles import Article
from ..errors import IndexCorruptError

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


#: documents added between explicit GIL hand-overs while indexing (see update_index)
YIELD_EVERY = 10
#: bump when the fields change; the indexer then rebuilds the keyword index (vectors are kept)
SCHEMA_VERSION = 2
#: documents scored with full BM25F per query (first stage: one combined field)
FIRST_STAGE = 100


def _schema() -> Schema:
    return Schema(
        id=ID(stored=True, unique=True),
        # every searchable field in one, for the cheap first stage of a search
        all=TEXT(analyzer=_STEM, phrase=False),
        title=TEXT(analyzer=_STEM),
        summary=TEXT(analyzer=_STEM),
        symptoms=TEXT(analyzer=_STEM),
        tags=TEXT(analyzer=_STEM),
        error_codes=TEXT(analyzer=_STEM),
        body=TEXT(analyzer=_STEM),
        vocab=TEXT(analyzer=_PLAIN, phrase=False),
    )


def analyse(text: str) -> list[str]:
    """Stemmed search terms of ``text``, in order, duplicates removed."""
    seen: dict[str, None] = {}
    for token in _STEM(text):
        seen.setdefault(token.text, None)
    return list(seen)


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
        "all": "\n".join((article.title, article.summary, symptoms, " ".join(article.tags),
                          " ".join(article.error_codes), article.body)),
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


def create_index(folder: Path) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    whoosh_index.create_in(str(folder), _schema())


def update_index(folder: Path, add: Sequence[Article], delete_ids: Iterable[str]) -> None:
    """Add or replace ``add`` and remove ``delete_ids`` in the whoosh index at ``folder``.

    Called only by the indexer, on a private copy of the index (see indexer.py
    for why that makes a crash harmless).
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
        except Exception as exc:  # whoosh raises assorted errors for a damaged index
            failure = f"keyword index at {self.folder} cannot be opened: {type(exc).__name__}: {exc}"
        if failure is not None:
            # outside the except block, so the traceback no longer pins whoosh's open file
            _collect_leaked_handles()
            raise IndexCorruptError(failure)
        self._reader = self._searcher.reader()

    def close(self) -> None:
        self._searcher.close()
        self._ix.close()

    def __enter__(self) -> "KeywordIndex":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @property
    def doc_count(self) -> int:
        return self._reader.doc_count()

    def _known(self, term: str) -> bool:
        # the combined field holds every searchable field's terms
        return self._reader.doc_frequency("all", term) > 0

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

    def search(self, text: str, limit: int = 50) -> KeywordResult:
        terms = analyse(text)
        suggestion = None
        corrections: dict[str, str] = {}
        for token in _PLAIN(text):
            word = token.text
            if _WORD_RE.match(word) and self._reader.doc_frequency("vocab", word) == 0:
                stem = analyse(word)
                if stem and self._known(stem[0]):
                    continue  # an inflection we index under its stem
                fixed = self._correct(word)
                if fixed:
                    corrections[word] = fixed
        replaced: set[str] = set()
        if corrections:
            suggestion = _apply_corrections(text, corrections)
            for wrong, fixed in corrections.items():
                replaced.update(analyse(wrong))
                for term in analyse(fixed):
                    if term not in terms:
                        terms.append(term)
        if not terms:
            return KeywordResult(hits=(), terms=())
        idf = self._idf(terms)
        # a misspelt word counts through its correction, not as a miss
        mass = sum(v for t, v in idf.items() if t not in replaced) or 1.0
        scored = self._bm25f(terms, self._first_stage(terms, max(limit, FIRST_STAGE)))
        hits = [KeywordHit(id=aid, score=score, coverage=min(1.0, sum(idf.get(t, 0.0) for t in matched) / mass))
                for aid, score, matched in scored[:limit]]
        return KeywordResult(hits=tuple(hits), terms=tuple(terms), suggestion=suggestion)

    def _first_stage(self, terms: Sequence[str], limit: int) -> list[int]:
        """Document numbers of the best ``limit`` matches on the combined field.

        Six weighted fields cost whoosh six posting lists per word (47 ms at
        10,000 articles); one field costs one (11 ms). BM25F is then computed
        exactly, but only for these candidates.
        """
        results = self._searcher.search(Or([Term("all", t) for t in terms]), limit=limit)
        return sorted(hit.docnum for hit in results)

    def _bm25f(self, terms: Sequence[str], docnums: list[int]) -> list[tuple[str, float, set[str]]]:
        """Weighted BM25F of each candidate (the sum over fields and terms of the field
        weight times whoosh's BM25F term score) and the terms it matched, best first."""
        scores = dict.fromkeys(docnums, 0.0)
        matched: dict[int, set[str]] = {d: set() for d in docnums}
        for field, weight in FIELD_WEIGHTS.items():
            for term in terms:
                if not self._reader.doc_frequency(field, term):
                    continue
                postings = self._searcher.postings(field, term)
                for doc in docnums:
                    if not postings.is_active():
                        break
                    if postings.id() < doc:
                        postings.skip_to(doc)
                        if not postings.is_active():
                            break
                    if postings.id() == doc:
                        scores[doc] += weight * postings.score()
                        matched[doc].add(term)
        ranked = sorted(docnums, key=lambda d: -scores[d])
        stored = self._reader.stored_fields
        return [(stored(d)["id"], scores[d], matched[d]) for d in ranked if scores[d] > 0]

    def _idf(self, terms: Sequence[str]) -> dict[str, float]:
        """Inverse document frequency of each term, taking the field where it is most common."""
        n = max(1, self._reader.doc_count())
        out = {}
        for term in terms:
            df = max(self._reader.doc_frequency(f, term) for f in SEARCH_FIELDS)
            out[term] = math.log(1.0 + (n - df + 0.5) / (df + 0.5))
        return out


def _collect_leaked_handles() -> None:
    """whoosh leaves the file it was reading open when a damaged index fails to load;
    close it now rather than at some later garbage collection."""
    import gc
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ResourceWarning)
        gc.collect()


def _apply_corrections(text: str, corrections: dict[str, str]) -> str:
    def repl(match: re.Match[str]) -> str:
        word = match.group(0)
        fixed = corrections.get(word.lower())
        if fixed is None:
            return word
        return fixed.capitalize() if word[:1].isupper() else fixed

    return re.sub(r"[A-Za-z]+", repl, text)


def _edit_distance(a: str, b: str) -> int:
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i]
        for j, cb in enumerate(b, 1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ca != cb)))
        previous = current
    return previous[-1]


def matched_spans(text: str, terms: Iterable[str]) -> list[tuple[int, int]]:
    """Character spans in ``text`` of tokens whose stem is one of ``terms``."""
    wanted = set(terms)
    if not wanted:
        return []
    return [(t.startchar, t.endchar) for t in _STEM(text, chars=True) if t.text in wanted]
