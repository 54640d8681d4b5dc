"""Learned phrasings in search: the words people typed before an article solved their problem.

A phrasing is a past search text attached to the article that answered it (where they
come from, and how they are redacted and stored, is :mod:`kbdesk.core.learning`'s). Search
uses them in both engines, always below the article's own text:

* **keyword**: all phrasings of an article form one more BM25F field, kept here in memory
  and scored by :mod:`.keyword` beside the six whoosh fields, with weight
  :data:`KEYWORD_WEIGHT`, below every field of the article's own text (summary, the
  lowest, is 1.0). Its IDF is the collection's (how common the word is in the articles,
  or among phrasings when no article has it), not the field's own: with a few hundred
  phrasings every word would otherwise look rare.
* **semantic**: one vector per phrasing, an "extra chunk" of its article. It never
  replaces the article's own score; it pulls it up part of the way::

      semantic(a) = own(a) + SEMANTIC_SHARE · max over phrasings p of a: weight(p) · max(0, cos(q, p) − own(a))

  with ``own(a)`` the article's best own-chunk cosine. With SEMANTIC_SHARE < 1 an
  article whose own text is as close to the query as another article's phrasing ranks
  above it: the article's own text always counts more than what was learned.

Both weights were chosen on data (``benchmarks/eval_learning.py``; docs/search.md has the
grid, the held-out halves and the cost of 10 % wrong phrasings); :data:`READ_WEIGHT`, for a
long read without a "Yes", is a choice (no evaluation set has reading times).

Why not in the index generations: phrasings are the person's local data (cleared with
their history), they change one at a time (every "Yes"), and the index is a cache of
the articles folder shared by nobody else. So they live beside the index, in memory:
adding one is an analysis, at most one model run and a few dictionary updates
(``benchmarks/bench_learning.py``), and never a new generation or a re-index. Their
vectors are kept in a private embedding cache next to the history (cleared with it), so
a start does not run the model for phrasings it has seen.

Thread safety: searches read :attr:`LearnedIndex.state`, an immutable snapshot, without a
lock; the (rare) writers build the next snapshot under a lock, copying only what changed.
"""

from __future__ import annotations

import hashlib
import logging
import re
import threading
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from types import MappingProxyType
from typing import TYPE_CHECKING

import numpy as np
import numpy.typing as npt

from ..analytics.timestamps import normalize_query
from .keyword import ExtraField, analyse_tokens
from .semantic import DIMENSION, Embedder

if TYPE_CHECKING:
    from .embedding_cache import EmbeddingCache

log = logging.getLogger(__name__)

#: BM25F weight of the learned-phrasings field; the article's own fields weigh 1.0 (summary) to 4.0.
#: Chosen on data (docs/search.md): hybrid search is level from 0 to 0.75 (within 0.0002 MRR@10),
#: keyword-only search gains most at 0.75 (stackfaq 0.826 -> 0.878 in the grid), the top of the grid.
KEYWORD_WEIGHT = 0.75
#: how far a phrasing closer to the query than the article's own text pulls the article's cosine up (< 1);
#: 0.5 was best over both collections' folds (0.25 gains less; 0.75 won one half's own split, gains
#: nothing over 0.5 on both and mostly costs more under wrong phrasings)
SEMANTIC_SHARE = 0.5
#: a long read without "Yes" (or "No") is weaker evidence than "Yes, this solved it". Not fitted: no
#: evaluation set has reading times; half of a "Yes" is a choice, written down here
READ_WEIGHT = 0.5
#: a phrasing needs this many words (two letters or more) to get a vector. The model sees bare
#: identifiers as alike: a learned "0x800f0922" (Windows Update) lifted that article above the
#: OneDrive one for the query "0x8004de40" in the golden halves. Keyword search matches codes exactly.
MIN_SEMANTIC_WORDS = 2
_WORD_RE = re.compile(r"[^\W\d_]{2,}")
#: how much each kind of evidence counts (the names are :mod:`kbdesk.core.learning`'s kinds)
KIND_WEIGHTS: Mapping[str, float] = MappingProxyType({"solved": 1.0, "imported": 1.0, "read": READ_WEIGHT})


@dataclass(frozen=True)
class LearnedPhrasing:
    """One phrasing of one article, as search uses it (already redacted, placeholders removed)."""

    article_id: str
    text: str
    #: 0 < weight <= 1: KIND_WEIGHTS of the evidence behind it
    weight: float = 1.0

    @property
    def key(self) -> tuple[str, str]:
        return (self.article_id, normalize_query(self.text))


@dataclass(frozen=True)
class Weights:
    """The learned layer's weights (the defaults are the shipped ones; benchmarks try others)."""

    keyword: float = KEYWORD_WEIGHT
    semantic: float = SEMANTIC_SHARE

    def __post_init__(self) -> None:
        if not 0.0 <= self.keyword < 1.0:
            raise ValueError("the learned keyword weight must stay below the article's own fields (< 1.0)")
        if not 0.0 <= self.semantic < 1.0:
            raise ValueError("the learned semantic share must be below 1: the article's own text counts more")


@dataclass(frozen=True)
class _Entry:
    text: str
    weight: float
    terms: Mapping[str, int]
    vector_key: bytes
    #: has a vector: at least MIN_SEMANTIC_WORDS words (a bare error code is matched by keyword only)
    semantic: bool = True


@dataclass(frozen=True)
class _Rows:
    """The phrasing vectors, one row each, with their weights and articles.

    Rows ``[0, count)`` are valid; the arrays have spare capacity beyond. Adding phrasings
    writes past ``count`` and returns a new ``_Rows`` with a larger count that shares the
    arrays: a search holding the old one never reads past its own count, so the common
    change (one "Yes") costs the new rows only. Removing a phrasing or changing a weight
    copies (rare: a "No" after a long read, an article deleted or retired).
    """

    vectors: npt.NDArray[np.float32]
    weights: npt.NDArray[np.float32]
    #: per row: the index of its article in ``owner_ids``
    owners: npt.NDArray[np.int32]
    #: per row: (article, normalised phrasing); shared and appended to, like the arrays
    keys: list[tuple[str, str]]
    #: article ids by owner index (append-only), and the reverse (for writers only)
    owner_ids: list[str]
    owner_index: dict[str, int]
    count: int = 0

    @classmethod
    def empty(cls) -> _Rows:
        return cls(np.zeros((0, DIMENSION), np.float32), np.zeros(0, np.float32), np.zeros(0, np.int32), [], [], {}, 0)

    @classmethod
    def of(cls, keys: Sequence[tuple[str, str]], vectors: npt.NDArray[np.float32], weights: Sequence[float]) -> _Rows:
        return cls.empty().appended(keys, vectors, weights)

    def appended(
        self, keys: Sequence[tuple[str, str]], vectors: npt.NDArray[np.float32], weights: Sequence[float]
    ) -> _Rows:
        if not keys:
            return self
        count = self.count + len(keys)
        base = self
        if count > len(self.vectors) or len(self.keys) != self.count:
            base = self._copied(count)  # full, or a later state appended to these arrays already
        owner_ids, owner_index = base.owner_ids, base.owner_index
        start = base.count
        for i, (aid, _norm) in enumerate(keys):
            index = owner_index.get(aid)
            if index is None:
                index = owner_index[aid] = len(owner_ids)
                owner_ids.append(aid)
            base.owners[start + i] = index
        base.vectors[start:count] = vectors
        base.weights[start:count] = np.asarray(weights, np.float32)
        base.keys.extend(keys)
        return replace(base, count=count)

    def _copied(self, needed: int) -> _Rows:
        capacity = max(needed, int(needed * 1.5) + 16)
        vectors = np.zeros((capacity, DIMENSION), np.float32)
        weights = np.zeros(capacity, np.float32)
        owners = np.zeros(capacity, np.int32)
        n = self.count
        vectors[:n], weights[:n], owners[:n] = self.vectors[:n], self.weights[:n], self.owners[:n]
        return _Rows(vectors, weights, owners, self.keys[:n], list(self.owner_ids), dict(self.owner_index), n)

    def without(self, gone: set[tuple[str, str]], weight_of: Callable[[tuple[str, str]], float]) -> _Rows:
        """A copy without the rows of ``gone``, every weight read again from ``weight_of``."""
        keep = [i for i in range(self.count) if self.keys[i] not in gone]
        keys = [self.keys[i] for i in keep]
        weights = [weight_of(k) for k in keys]
        return _Rows.of(keys, self.vectors[keep] if keep else np.zeros((0, DIMENSION), np.float32), weights)


@dataclass(frozen=True)
class State:
    """One generation of the learned layer, as a search reads it (see :class:`_Rows` for the vectors)."""

    #: article id -> normalised phrasing -> entry
    articles: Mapping[str, Mapping[str, _Entry]] = field(default_factory=dict)
    #: the keyword field over all articles' phrasings
    keyword: ExtraField = field(default_factory=lambda: ExtraField(0.0, {}, {}, 0.0))
    vectors: _Rows = field(default_factory=_Rows.empty)
    #: phrasings whose vectors are not known yet (no model when they came)
    pending: frozenset[tuple[str, str]] = frozenset()
    version: int = 0

    @property
    def rows(self) -> int:
        """Phrasings with a vector."""
        return self.vectors.count

    @property
    def phrasing_count(self) -> int:
        return sum(len(p) for p in self.articles.values())

    def semantic_scores(
        self,
        query_vector: npt.NDArray[np.float32],
        own: Callable[[str], float | None],
        best: Mapping[str, float],
        floor: float,
        eligible: Callable[[str], bool],
        share: float,
    ) -> dict[str, float]:
        """Articles whose semantic score the phrasings raise, with the raised score (see the module doc).

        ``best``: the own-text scores already known (the candidates); ``own(aid)`` computes
        another article's best own-chunk cosine (None: it has no vectors yet); ``floor``: the
        lowest score that still makes the candidate list (a phrasing below it cannot lift an
        article into it); ``eligible``: whether an article may be shown at all (not retired).
        """
        rows = self.vectors
        if not rows.count or share <= 0:
            return {}
        cosines = rows.vectors[: rows.count] @ np.ascontiguousarray(query_vector, dtype=np.float32)
        hits = np.flatnonzero(cosines > floor)
        if not len(hits):
            return {}
        owners = rows.owners[hits]
        # each article's own score, looked up once per article (not per phrasing)
        base = np.full(len(rows.owner_ids), np.nan, np.float64)
        for index in np.unique(owners):
            aid = rows.owner_ids[index]
            if eligible(aid):
                own_score = best.get(aid)
                if own_score is None:
                    own_score = own(aid)
                if own_score is not None:
                    base[index] = own_score
        gains = rows.weights[hits] * (cosines[hits] - base[owners])
        keep = gains > 0  # NaN (not eligible, no own vectors) compares false
        if not keep.any():
            return {}
        best_gain = np.zeros(len(rows.owner_ids), np.float64)
        np.maximum.at(best_gain, owners[keep], gains[keep])
        return {
            rows.owner_ids[index]: float(base[index] + share * best_gain[index]) for index in np.unique(owners[keep])
        }


def vector_key(text: str) -> bytes:
    """The embedding-cache key of a phrasing (as for article chunks: sha256 of the text)."""
    return hashlib.sha256(text.encode("utf-8")).digest()


class LearnedIndex:
    """The learned phrasings of one knowledge base, for search; see the module doc."""

    def __init__(self, weights: Weights | None = None, *, cache: EmbeddingCache | None = None) -> None:
        self.weights = weights or Weights()
        #: where phrasing vectors are kept between runs (None: only in memory)
        self.cache = cache
        self._state = State(keyword=ExtraField(self.weights.keyword, {}, {}, 0.0))
        self._write_lock = threading.Lock()

    @property
    def state(self) -> State:
        return self._state

    def __len__(self) -> int:
        return self._state.phrasing_count

    def phrasings(self, article_id: str) -> list[LearnedPhrasing]:
        entries = self._state.articles.get(article_id, {})
        return [LearnedPhrasing(article_id, e.text, e.weight) for e in entries.values()]

    # ------------------------------------------------------------ changing
    def replace_all(self, phrasings: Iterable[LearnedPhrasing], embedder: Embedder | None = None) -> None:
        """Start over with ``phrasings`` (at start, after "Clear history", after an import)."""
        with self._write_lock:
            self._state = self._build({}, phrasings, embedder, self._state.version + 1)

    def add(self, phrasings: Iterable[LearnedPhrasing], embedder: Embedder | None = None) -> int:
        """Add phrasings (a "Yes" just now); an existing one keeps the higher weight. Returns how many changed.

        Cost: analysing the text, one model run when ``embedder`` is loaded and the vector is
        not cached, and copying the changed articles' entries and the changed terms' postings.
        """
        with self._write_lock:
            old = self._state
            changed: dict[str, dict[str, _Entry]] = {}
            added = 0
            for p in phrasings:
                aid, norm = p.key
                if not norm or not aid:
                    continue
                current = changed.get(aid) or dict(old.articles.get(aid, {}))
                existing = current.get(norm)
                if existing is not None and existing.weight >= p.weight:
                    continue
                weight = min(1.0, max(p.weight, existing.weight if existing else 0.0))
                current[norm] = _entry(p.text, weight)
                changed[aid] = current
                added += 1
            if not changed:
                return 0
            self._state = self._apply(old, changed, embedder)
            return added

    def set_article(
        self, article_id: str, phrasings: Iterable[LearnedPhrasing], embedder: Embedder | None = None
    ) -> None:
        """Make ``phrasings`` the whole set of one article's phrasings (the others are not touched)."""
        entries: dict[str, _Entry] = {}
        for p in phrasings:
            aid, norm = p.key
            if aid != article_id or not norm:
                continue
            existing = entries.get(norm)
            if existing is None or existing.weight < p.weight:
                entries[norm] = _entry(p.text, min(1.0, p.weight))
        with self._write_lock:
            old = self._state
            current = old.articles.get(article_id, {})
            if {k: (e.text, e.weight) for k, e in current.items()} == {
                k: (e.text, e.weight) for k, e in entries.items()
            }:
                return
            self._state = self._apply(old, {article_id: entries}, embedder)

    def remove(self, article_id: str, text: str) -> bool:
        """Forget one phrasing of one article (a "No" after a long read); True when it was there."""
        norm = normalize_query(text)
        with self._write_lock:
            old = self._state
            entries = old.articles.get(article_id)
            if not entries or norm not in entries:
                return False
            kept = {k: v for k, v in entries.items() if k != norm}
            self._state = self._apply(old, {article_id: kept}, None)
            return True

    def remove_articles(self, article_ids: Iterable[str]) -> int:
        """Forget every phrasing of these articles (deleted or retired); returns how many went."""
        with self._write_lock:
            old = self._state
            gone: dict[str, Mapping[str, _Entry]] = {aid: {} for aid in article_ids if aid in old.articles}
            if not gone:
                return 0
            count = sum(len(old.articles[aid]) for aid in gone)
            self._state = self._apply(old, gone, None)
            return count

    def clear(self) -> None:
        self.replace_all(())

    def embed_pending(self, embedder: Embedder) -> int:
        """Compute the vectors of phrasings that came while the model was not loaded; returns how many.

        The model runs outside the write lock, so a "Yes" recorded meanwhile is not held up.
        """
        state = self._state
        if not state.pending or not embedder.loaded:
            return 0
        keys = sorted(state.pending)
        vectors, found = self._vectors([state.articles[a][n] for a, n in keys], embedder)
        ready = {k: vectors[i] for i, k in enumerate(keys) if found[i]}
        with self._write_lock:
            old = self._state
            self._state = self._apply(old, {}, None, ready=ready)
            return len(old.pending) - len(self._state.pending)

    # ------------------------------------------------------------ building states
    def _build(
        self,
        base: Mapping[str, Mapping[str, _Entry]],
        phrasings: Iterable[LearnedPhrasing],
        embedder: Embedder | None,
        version: int,
    ) -> State:
        articles: dict[str, dict[str, _Entry]] = {aid: dict(e) for aid, e in base.items()}
        for p in phrasings:
            aid, norm = p.key
            if not norm or not aid:
                continue
            entries = articles.setdefault(aid, {})
            existing = entries.get(norm)
            if existing is None or existing.weight < p.weight:
                entries[norm] = _entry(p.text, min(1.0, max(p.weight, existing.weight if existing else 0.0)))
        articles = {aid: e for aid, e in articles.items() if e}
        postings: dict[str, dict[str, int]] = {}
        lengths: dict[str, int] = {}
        for aid, entries in articles.items():
            counts = _merged_terms(entries.values())
            lengths[aid] = sum(counts.values())
            for term, tf in counts.items():
                postings.setdefault(term, {})[aid] = tf
        keys = [(aid, norm) for aid, entries in articles.items() for norm, e in entries.items() if e.semantic]
        vectors, found = self._vectors([articles[a][n] for a, n in keys], embedder)
        rows = [i for i, ok in enumerate(found) if ok]
        row_keys = [keys[i] for i in rows]
        return State(
            articles=articles,
            keyword=_field(self.weights.keyword, postings, lengths),
            vectors=_Rows.of(row_keys, vectors[rows], [articles[a][n].weight for a, n in row_keys]),
            pending=frozenset(k for k, ok in zip(keys, found, strict=True) if not ok),
            version=version,
        )

    def _apply(
        self,
        old: State,
        changed: Mapping[str, Mapping[str, _Entry]],
        embedder: Embedder | None,
        *,
        ready: Mapping[tuple[str, str], npt.NDArray[np.float32]] | None = None,
    ) -> State:
        """The next state: ``changed`` articles' entries replaced (an empty mapping removes the article);
        ``ready`` holds vectors already computed for pending phrasings."""
        articles = dict(old.articles)
        postings = dict(old.keyword.postings)
        lengths = dict(old.keyword.lengths)
        touched_terms: dict[str, dict[str, int]] = {}
        for aid, entries in changed.items():
            before = _merged_terms(old.articles.get(aid, {}).values())
            after = _merged_terms(entries.values())
            for term in before.keys() | after.keys():
                if before.get(term) == after.get(term):
                    continue
                posting = touched_terms.get(term)
                if posting is None:
                    posting = touched_terms[term] = dict(postings.get(term, {}))
                if term in after:
                    posting[aid] = after[term]
                else:
                    posting.pop(aid, None)
            if entries:
                articles[aid] = dict(entries)
                lengths[aid] = sum(after.values())
            else:
                articles.pop(aid, None)
                lengths.pop(aid, None)
        for term, posting in touched_terms.items():
            if posting:
                postings[term] = posting
            else:
                postings.pop(term, None)

        # vectors: rows of removed phrasings go, new ones are appended (a changed weight keeps its row)
        removed_keys = {
            (aid, norm) for aid, entries in changed.items() for norm in old.articles.get(aid, {}) if norm not in entries
        }
        new_keys = [
            (aid, norm)
            for aid, entries in changed.items()
            for norm, entry in entries.items()
            if entry.semantic and norm not in old.articles.get(aid, {})
        ]
        ready = ready or {}
        retry = (embedder is not None and embedder.loaded) or bool(ready)
        candidates = new_keys + sorted(k for k in old.pending if k not in removed_keys) if retry else new_keys
        candidates = [k for k in candidates if k[0] in articles and k[1] in articles[k[0]]]
        need = [k for k in candidates if k not in ready]
        vectors, found = self._vectors([articles[a][n] for a, n in need], embedder)
        got = {k: ready[k] for k in candidates if k in ready}
        got.update((k, vectors[i]) for i, k in enumerate(need) if found[i])
        add_keys = [k for k in candidates if k in got]
        add_vectors = np.array([got[k] for k in add_keys], np.float32) if add_keys else None
        pending = {k for k in old.pending if k not in removed_keys and k not in got}
        pending.update(k for k in candidates if k not in got)

        rows = old.vectors
        reweighted = any(
            norm in old.articles.get(aid, {}) and old.articles[aid][norm].weight != entry.weight
            for aid, entries in changed.items()
            for norm, entry in entries.items()
        )
        if removed_keys or reweighted:
            rows = rows.without(removed_keys, lambda k: articles[k[0]][k[1]].weight)
        add_weights = [articles[a][n].weight for a, n in add_keys]
        if add_vectors is not None:
            rows = rows.appended(add_keys, add_vectors, add_weights)
        return State(
            articles=articles,
            keyword=_field(self.weights.keyword, postings, lengths),
            vectors=rows,
            pending=frozenset(pending),
            version=old.version + 1,
        )

    def _vectors(
        self, entries: Sequence[_Entry], embedder: Embedder | None
    ) -> tuple[npt.NDArray[np.float32], list[bool]]:
        """Vectors of ``entries`` (from the cache, else from the model when loaded) and which were found."""
        out = np.zeros((len(entries), DIMENSION), np.float32)
        found = [False] * len(entries)
        if not entries:
            return out, found
        keys = [e.vector_key for e in entries]
        model = embedder.name if embedder is not None else Embedder.name
        cached = self.cache.get_many(model, DIMENSION, keys) if self.cache is not None else {}
        missing: list[int] = []
        for i, key in enumerate(keys):
            vector = cached.get(key)
            if vector is not None:
                out[i] = vector
                found[i] = True
            else:
                missing.append(i)
        if missing and embedder is not None and embedder.loaded:
            computed = embedder.encode([entries[i].text for i in missing])
            out[missing] = computed
            for i in missing:
                found[i] = True
            if self.cache is not None:
                self.cache.put_many(embedder.name, [keys[i] for i in missing], computed)
        return out, found

    # ------------------------------------------------------------ searching
    def semantic_scores(
        self,
        query_vector: npt.NDArray[np.float32],
        own: Callable[[str], float | None],
        best: Mapping[str, float],
        floor: float,
        eligible: Callable[[str], bool],
    ) -> dict[str, float]:
        """:meth:`State.semantic_scores` of the current state with this index's share."""
        return self._state.semantic_scores(query_vector, own, best, floor, eligible, self.weights.semantic)


def _entry(text: str, weight: float) -> _Entry:
    counts: dict[str, int] = {}
    for token in analyse_tokens(text):
        counts[token] = counts.get(token, 0) + 1
    semantic = len(_WORD_RE.findall(text)) >= MIN_SEMANTIC_WORDS
    return _Entry(text, weight, MappingProxyType(counts), vector_key(text), semantic)


def _merged_terms(entries: Iterable[_Entry]) -> dict[str, int]:
    counts: dict[str, int] = {}
    for entry in entries:
        for term, tf in entry.terms.items():
            counts[term] = counts.get(term, 0) + tf
    return counts


def _field(weight: float, postings: Mapping[str, Mapping[str, int]], lengths: Mapping[str, int]) -> ExtraField:
    average = (sum(lengths.values()) / len(lengths)) if lengths else 0.0
    return ExtraField(weight, postings, lengths, average)


__all__ = ["KIND_WEIGHTS", "LearnedIndex", "LearnedPhrasing", "State", "Weights", "vector_key"]
