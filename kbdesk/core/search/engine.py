"""The search engine of one articles folder: what the CLI and the GUI talk to.

``SearchEngine`` owns the indexer, the current index generation (a
"snapshot") and the embedding model. Searches run against an immutable
snapshot, so a sync in another thread never disturbs a search in progress;
after a sync the engine swaps in the new snapshot.

Keyword search works as soon as a snapshot is open. Semantic and hybrid
search need the model; until :meth:`load_model` has finished, ``hybrid``
quietly answers with keyword results and says so in the response
(``SearchResponse.mode``), which is what lets the GUI show results at once.
"""

from __future__ import annotations

import contextlib
import dataclasses
import functools
import logging
import re
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType

import numpy as np
import numpy.typing as npt

from .. import language
from ..articles import Article, ArticleIssue, load_file
from ..checks import CheckSet
from ..errors import IndexCorruptError, KbdeskError
from ..jsontypes import JSONObject
from ..language import LanguageGuess
from ..memory import release_free_memory
from ..paths import state_paths
from ..sources.model import ArticleOrigin
from . import hybrid, strength
from . import keyword as keyword_adapter
from .indexer import Indexer, ProgressFn, SyncReport
from .keyword import KeywordIndex, matched_spans
from .learned import LearnedIndex
from .manifest import ArticleRecord, Manifest, check_generation, read_current
from .semantic import CancelFn, Embedder, VectorMatrix
from .text import Snippet, best_window, chunk_texts, plain_text

log = logging.getLogger(__name__)

MODES = ("hybrid", "keyword", "semantic")
#: candidates taken from each engine before fusion and filtering
CANDIDATES = 100
#: score multiplier for articles of another platform when they are shown at all
OTHER_PLATFORM_FACTOR = 0.5
DEFAULT_STATUSES = ("published", "review")
#: an error code or message shorter than this (normalised) is too common to count as an exact match
EXACT_MIN_CHARS = 4


@dataclass(frozen=True)
class SearchFilters:
    tags: tuple[str, ...] = ()  # an article must carry all of them
    #: this machine's platform; articles for other platforms are hidden, or ranked lower with ``all_platforms``
    platform: str | None = None
    all_platforms: bool = False
    audience: str | None = None
    statuses: tuple[str, ...] = DEFAULT_STATUSES
    #: ids never returned: the articles of this index that a higher-priority source overrides (multi.py)
    hidden_ids: frozenset[str] = frozenset()


@dataclass(frozen=True)
class SearchHit:
    id: str
    title: str
    summary: str
    score: float
    path: Path
    rel_path: str
    snippet: str
    snippet_spans: tuple[tuple[int, int], ...]
    tags: tuple[str, ...]
    platforms: tuple[str, ...]
    status: str
    audience: str
    keyword_rank: int | None = None
    semantic_rank: int | None = None
    keyword_score: float | None = None
    semantic_score: float | None = None
    #: "strong", or "weak" when the article is unlikely to be about the query (see strength.py)
    match: str = strength.STRONG
    #: the error code or message of the article's ``error_codes`` that the query contains, if any
    exact_match: str | None = None
    #: the source the article comes from and the short commit id it serves ("" for a folder; see multi.py)
    source: str = ""
    revision: str = ""
    #: the article's chunk the semantic score came from (a snippet made later starts there; see multi.py)
    best_chunk: int | None = None

    def to_dict(self) -> JSONObject:
        return {
            "id": self.id,
            "title": self.title,
            "summary": self.summary,
            "score": round(self.score, 6),
            "path": str(self.path),
            "snippet": Snippet(self.snippet, self.snippet_spans).marked("**", "**"),
            "tags": list(self.tags),
            "platforms": list(self.platforms),
            "status": self.status,
            "keyword_rank": self.keyword_rank,
            "semantic_rank": self.semantic_rank,
            "match": self.match,
            "exact_match": self.exact_match,
            "source": self.source,
            "revision": self.revision,
        }


@dataclass(frozen=True)
class SearchResponse:
    query: str
    requested_mode: str
    #: the mode actually used ("keyword" while the model is still loading)
    mode: str
    hits: tuple[SearchHit, ...]
    suggestion: str | None
    elapsed_ms: float
    terms: tuple[str, ...] = ()
    semantic_ready: bool = False
    #: the query's language when it is confidently not English (the articles are), else None
    language: LanguageGuess | None = None

    @property
    def match(self) -> str:
        """How well the best result matches: "strong", "weak", or "none" when nothing was found."""
        return self.hits[0].match if self.hits else strength.NONE


@dataclass(frozen=True)
class IndexStats:
    """What ``kbdesk index``, the diagnostics and the tests report about the open index."""

    articles: int
    embedded_articles: int
    chunks: int
    generation: str
    created_at: str
    index_dir: str
    articles_dir: str
    issues: int

    def to_json(self) -> JSONObject:
        return {
            "articles": self.articles,
            "embedded_articles": self.embedded_articles,
            "chunks": self.chunks,
            "generation": self.generation,
            "created_at": self.created_at,
            "index_dir": self.index_dir,
            "articles_dir": self.articles_dir,
            "issues": self.issues,
        }


@dataclass
class _Snapshot:
    """One open index generation. Searches that started on it keep it open after a newer one is swapped in.

    ``users`` counts the searches using it and ``retired`` says a newer
    generation has replaced it (or the engine was closed); both change only
    under the engine's swap lock, and whoever brings ``users`` to 0 on a
    retired snapshot (or retires an unused one) closes its whoosh reader.
    Closing it under a search in flight was a bug: whoosh raised
    ``ReaderClosed`` in the middle of the search.
    """

    generation: Path
    manifest: Manifest
    keyword: KeywordIndex
    vectors: VectorMatrix
    chunk_owner: npt.NDArray[np.int32]  # chunk row -> index into article_ids
    article_ids: list[str]
    #: whoosh's searcher is not thread-safe; also held while the checks compile
    lock: threading.Lock = field(default_factory=threading.Lock)
    #: the articles' checks, compiled on first use (kbdesk.core.checks)
    checks: CheckSet | None = None
    users: int = 0
    retired: bool = False
    #: retired articles: learned phrasings never lift them
    retired_ids: frozenset[str] = frozenset()

    def close(self) -> None:
        self.keyword.close()


class SearchEngine:
    def __init__(
        self,
        articles_dir: Path,
        *,
        index_root: Path | None = None,
        embedder: Embedder | None = None,
        previous: SearchEngine | None = None,
        origin: ArticleOrigin | None = None,
    ) -> None:
        """``previous``: the engine of an earlier revision of the same source on the same index root
        (search/multi.py): the new one's first sync starts from the manifest it holds. ``origin``: the
        source (and revision) this folder is, named in every hit (``SearchHit.source``, ``revision``)."""
        self.articles_dir = Path(articles_dir).expanduser().resolve()
        self.origin = origin
        self._named = (origin.source, origin.revision) if origin is not None else ("", "")
        self.index_root = index_root or state_paths().index_root(self.articles_dir)
        known = previous.indexer.known_manifest() if previous and previous.index_root == self.index_root else None
        self.indexer: Indexer = Indexer(self.articles_dir, self.index_root, known=known)
        self.embedder = embedder or Embedder()
        self._snapshot: _Snapshot | None = None
        self._swap_lock = threading.Lock()
        self._text_cache: OrderedDict[tuple[str, str], tuple[str, list[str]]] = OrderedDict()
        #: what people typed before an article solved their problem (:mod:`.learned`); None: not used
        self.learned: LearnedIndex | None = None

    # ------------------------------------------------------------ lifecycle
    @property
    def semantic_ready(self) -> bool:
        return self.embedder.loaded

    def load_model(self, status: Callable[[str], None] | None = None) -> None:
        """Load the embedding model; ``status`` hears about a one-time preparation first (see semantic.py)."""
        self.embedder.load(status)

    def open(self) -> bool:
        """Open the current generation if there is one; False when there is no usable index."""
        try:
            gen = read_current(self.index_root)
        except IndexCorruptError as exc:
            log.warning("index unusable, it will be rebuilt: %s", exc)
            return False
        if gen is None:
            return False
        current = self._snapshot
        if current is not None and current.generation == gen:
            return True
        try:
            snapshot = self._load_snapshot(gen)
        except (IndexCorruptError, OSError, ValueError) as exc:
            log.warning("index generation %s unusable, it will be rebuilt: %s", gen, exc)
            return False
        with self._swap_lock:
            old, self._snapshot = self._snapshot, snapshot
            close_old = old is not None and self._retire(old)
        if close_old:
            assert old is not None
            old.close()
        return True

    def _load_snapshot(self, gen: Path) -> _Snapshot:
        manifest = self.indexer.manifest_of(gen)
        check_generation(gen, manifest)
        if manifest.keyword_schema != keyword_adapter.SCHEMA_VERSION:
            raise IndexCorruptError(f"keyword index in {gen} has an older schema; it will be rebuilt")
        kw = KeywordIndex(gen / "keyword")
        try:
            vectors = VectorMatrix.load(gen / "vectors.npy")
            if len(vectors) != manifest.chunk_count:
                raise IndexCorruptError(f"index vectors in {gen} do not match its manifest")
            ids = list(manifest.articles)
            owner = np.full(len(vectors), -1, dtype=np.int32)
            for i, aid in enumerate(ids):
                rows = manifest.articles[aid].embedded_rows
                if rows:
                    owner[rows.start : rows.stop] = i
        except Exception:
            kw.close()
            raise
        retired = frozenset(aid for aid, rec in manifest.articles.items() if rec.status == "retired")
        return _Snapshot(gen, manifest, kw, vectors, owner, ids, retired_ids=retired)

    def close(self) -> None:
        """Close the index; a search still running on it finishes first, and its snapshot closes after it."""
        with self._swap_lock:
            snap, self._snapshot = self._snapshot, None
            close_now = snap is not None and self._retire(snap)
        if close_now:
            assert snap is not None
            snap.close()

    @staticmethod
    def _retire(snap: _Snapshot) -> bool:
        """Mark ``snap`` replaced (caller holds the swap lock); True when nobody uses it, so the caller closes it."""
        snap.retired = True
        return snap.users == 0

    @contextlib.contextmanager
    def _using(self) -> Iterator[_Snapshot]:
        """The current snapshot, kept open for the block even if a sync swaps in a newer one meanwhile."""
        while True:
            with self._swap_lock:
                snap = self._snapshot
                if snap is not None:
                    snap.users += 1
                    break
            if not self.open():
                raise KbdeskError("there is no index for this articles folder yet", hint="run: kbdesk index")
        try:
            yield snap
        finally:
            with self._swap_lock:
                snap.users -= 1
                close_now = snap.retired and snap.users == 0
            if close_now:
                snap.close()

    def sync(
        self,
        *,
        embed: bool | None = None,
        progress: ProgressFn | None = None,
        wait: float = 0.0,
        force_rebuild: bool = False,
        cancel: CancelFn | None = None,
    ) -> SyncReport:
        """Update the index from the folder, then search the new generation.

        ``embed`` None means: embed if the model is already loaded. ``cancel``: see :meth:`Indexer.sync`.
        """
        use_model = self.semantic_ready if embed is None else embed
        report = self.indexer.sync(
            self.embedder if use_model else None,
            progress=progress,
            wait=wait,
            force_rebuild=force_rebuild,
            cancel=cancel,
        )
        if not self.open():
            raise IndexCorruptError(f"the index at {self.index_root} could not be opened after indexing")
        if report.changed or report.rebuilt:
            # what the build freed (parsed articles, whoosh's buffers, the vectors' copies) stays in the C
            # library's heaps otherwise: the app that had built a 10,000-article index held 635 MB, 512 with
            # this (core/memory.py, docs/benchmarks.md)
            release_free_memory()
        return report

    def ensure_index(
        self,
        *,
        embed: bool | None = None,
        progress: ProgressFn | None = None,
        wait: float = 30.0,
        cancel: CancelFn | None = None,
    ) -> SyncReport | None:
        """Open the index, building it first when there is none yet (or it is unusable)."""
        if self.open():
            return None
        return self.sync(embed=embed, progress=progress, wait=wait, cancel=cancel)

    # ------------------------------------------------------------ reading
    def _snap(self) -> _Snapshot:
        snap = self._snapshot
        if snap is None:
            if not self.open():
                raise KbdeskError("there is no index for this articles folder yet", hint="run: kbdesk index")
            snap = self._snapshot
        assert snap is not None
        return snap

    @property
    def article_count(self) -> int:
        return len(self._snap().article_ids)

    def article_records(self) -> Mapping[str, ArticleRecord]:
        """Every article of the open index, by id (read-only: a generation never changes)."""
        return MappingProxyType(self._snap().manifest.articles)

    def article_vectors(self, article_id: str) -> npt.NDArray[np.float32]:
        """The chunk vectors of one article in the open index (no rows while it waits for the model)."""
        snap = self._snap()
        rec = snap.manifest.articles.get(article_id)
        if rec is None:
            raise KbdeskError(f"no article with id '{article_id}'")
        rows = rec.embedded_rows
        return np.asarray(snap.vectors.vectors[rows.start : rows.stop])

    def issues(self) -> list[ArticleIssue]:
        return self._snap().manifest.issue_list(self.articles_dir)

    def stats(self) -> IndexStats:
        snap = self._snap()
        return IndexStats(
            articles=len(snap.article_ids),
            embedded_articles=sum(1 for r in snap.manifest.articles.values() if r.embedded_rows),
            chunks=len(snap.vectors),
            generation=snap.generation.name,
            created_at=snap.manifest.created_at,
            index_dir=str(self.index_root),
            articles_dir=str(self.articles_dir),
            issues=len(snap.manifest.issues),
        )

    def checks(self) -> CheckSet:
        """The checks of every article of the current index, compiled once per index generation.

        Compiling reads each check's source from the manifest (a few hundred microseconds per
        article); every later call returns the same set, so evaluating is all a caller pays.
        """
        snap = self._snap()
        with snap.lock:
            if snap.checks is None:
                snap.checks, notes = CheckSet.from_records(snap.manifest.articles)
                for note in notes[:20]:
                    log.warning("check not loaded: %s", note)
            return snap.checks

    def article(self, article_id: str) -> Article:
        rec = self._snap().manifest.articles.get(article_id)
        if rec is None:
            raise KbdeskError(f"no article with id '{article_id}'")
        return self._load_article(rec)

    def _load_article(self, rec: ArticleRecord) -> Article:
        article, issues = load_file(self.articles_dir / rec.rel_path, root=self.articles_dir)
        if article is None:
            raise KbdeskError(
                f"article '{rec.id}' can no longer be read: {issues[0].message if issues else 'unknown error'}"
            )
        return article

    # ------------------------------------------------------------ searching
    def search(
        self,
        query: str,
        *,
        mode: str = "hybrid",
        limit: int = 10,
        filters: SearchFilters = SearchFilters(),
        wait_for_language: bool = True,
        snippets: bool = True,
    ) -> SearchResponse:
        """Search the current index generation.

        ``wait_for_language`` False: when the language tools have not loaded
        yet (the GUI warms them up in the background), answer without them (no
        language note and no "did you mean") rather than wait about a second.
        ``snippets`` False: hits without their snippet (the caller makes it with
        :meth:`with_snippet` for the hits it keeps: a search over several sources
        keeps ``limit`` of all theirs, and snippets are most of a keyword search's time).
        """
        if mode not in MODES:
            raise ValueError(f"unknown search mode {mode!r}; use one of {', '.join(MODES)}")
        started = time.perf_counter()
        with self._using() as snap:
            return self._search(snap, query, mode, limit, filters, wait_for_language, started, snippets)

    def _search(
        self,
        snap: _Snapshot,
        query: str,
        mode: str,
        limit: int,
        filters: SearchFilters,
        wait_for_language: bool,
        started: float,
        snippets: bool = True,
    ) -> SearchResponse:
        query = query.strip()
        used = mode
        if mode != "keyword" and not self.semantic_ready:
            used = "keyword" if mode == "hybrid" else "semantic"
        if not query:
            return SearchResponse(query, mode, used, (), None, 0.0, semantic_ready=self.semantic_ready)

        with_language = wait_for_language or language.ready()
        guess = language.detect(query) if with_language else None
        suggestion: str | None = None
        terms: tuple[str, ...] = ()
        idf_mass, doc_count = 0.0, 1
        kw_hits: list[tuple[str, float, float]] = []
        sem_hits: list[tuple[str, float]] = []
        best_chunk: dict[str, int] = {}
        learned = self.learned
        if used in ("keyword", "hybrid"):
            with snap.lock:
                # no "did you mean" for another language, nor without the English word list to
                # tell real words from typos
                result = snap.keyword.search(
                    query,
                    limit=CANDIDATES,
                    correct=with_language and guess is None,
                    real_word=language.is_english_word,
                    extra=learned.state.keyword if learned is not None else None,
                    exclude=snap.retired_ids,
                )
            kw_hits = [(h.id, h.score, h.coverage) for h in result.hits]
            suggestion, terms = result.suggestion, result.terms
            idf_mass, doc_count = result.idf_mass, result.doc_count
        if used in ("semantic", "hybrid"):
            if not self.semantic_ready:
                self.load_model()
            sem_hits, best_chunk = self._semantic(snap, query, CANDIDATES, learned)

        if used == "hybrid":
            fused = hybrid.fuse(kw_hits, sem_hits)
        elif used == "keyword":
            fused = hybrid.single(keyword_hits=kw_hits)
        else:
            fused = hybrid.single(semantic_hits=sem_hits)

        records = snap.manifest.articles
        typed = _normalise_message(query)
        ranked: list[tuple[float, hybrid.Fused, ArticleRecord, str | None]] = []
        for f in fused:
            rec = records.get(f.id)
            if rec is None or not _passes(rec, filters):
                continue
            score = f.score
            # Platform policy: an article for another system is hidden (or, with
            # all_platforms, ranked at half score), unless the query contains one
            # of its exact error codes or messages: then it is what the person is
            # looking at, whatever the system, and the GUI badges its platform.
            exact = _exact_match(typed, rec)
            if filters.platform and rec.platforms and filters.platform not in rec.platforms and not exact:
                if not filters.all_platforms:
                    continue
                score *= OTHER_PLATFORM_FACTOR
            ranked.append((score, f, rec, exact))
        ranked.sort(key=lambda t: (-t[0], t[1].id))

        hits = []
        for score, f, rec, exact in ranked[:limit]:
            snippet = self._snippet(rec, terms, best_chunk.get(f.id)) if snippets else Snippet("", ())
            hits.append(
                SearchHit(
                    id=f.id,
                    title=rec.title,
                    summary=rec.summary,
                    score=score,
                    path=self.articles_dir / rec.rel_path,
                    rel_path=rec.rel_path,
                    snippet=snippet.text,
                    snippet_spans=snippet.spans,
                    tags=rec.tags,
                    platforms=rec.platforms,
                    status=rec.status,
                    audience=rec.audience,
                    keyword_rank=f.keyword_rank,
                    semantic_rank=f.semantic_rank,
                    keyword_score=f.keyword_score,
                    semantic_score=f.semantic_score,
                    match=(
                        strength.STRONG if exact else strength.classify(used, f, idf_mass=idf_mass, doc_count=doc_count)
                    ),
                    exact_match=exact,
                    source=self._named[0],
                    revision=self._named[1],
                    best_chunk=best_chunk.get(f.id),
                )
            )
        elapsed = (time.perf_counter() - started) * 1000
        return SearchResponse(
            query, mode, used, tuple(hits), suggestion, elapsed, tuple(terms), self.semantic_ready, guess
        )

    def with_snippet(self, hit: SearchHit, terms: tuple[str, ...]) -> SearchHit:
        """``hit`` (from ``search(..., snippets=False)`` on this engine) with its snippet for ``terms``."""
        with self._using() as snap:
            rec = snap.manifest.articles.get(hit.id)
            if rec is None:
                return hit
            snippet = self._snippet(rec, terms, hit.best_chunk)
        return dataclasses.replace(hit, snippet=snippet.text, snippet_spans=snippet.spans)

    def _semantic(
        self, snap: _Snapshot, query: str, limit: int, learned: LearnedIndex | None = None
    ) -> tuple[list[tuple[str, float]], dict[str, int]]:
        if len(snap.vectors) == 0:
            return [], {}
        query_vector = self.embedder.encode_query(query)
        scores = snap.vectors.scores(query_vector)
        # An article scores by its best chunk. Sorting only the best few thousand
        # chunks finds the best ``limit`` articles unless a few articles own
        # all of them; then the full order is used.
        k = max(limit * 20, 2000)
        best, chunk = _best_per_article(snap, scores, _top_rows(scores, k), limit)
        if len(best) < limit and k < len(scores):
            best, chunk = _best_per_article(snap, scores, np.argsort(-scores), limit)
        if learned is not None:
            return _with_learned(snap, scores, query_vector, best, limit, learned), chunk
        return list(best.items()), chunk

    def _plain(self, rec: ArticleRecord) -> tuple[str, list[str]]:
        key = (rec.id, rec.content_hash)
        cached = self._text_cache.get(key)
        if cached is not None:
            self._text_cache.move_to_end(key)
            return cached
        try:
            # the record of the search's own generation: the engine may have swapped in a newer one, or closed
            article = self._load_article(rec)
            value = (plain_text(article.body), chunk_texts(article))
        except KbdeskError:
            value = (rec.summary, [])
        self._text_cache[key] = value
        while len(self._text_cache) > 2000:
            self._text_cache.popitem(last=False)
        return value

    def _snippet(self, rec: ArticleRecord, terms: tuple[str, ...], chunk: int | None) -> Snippet:
        body, chunks = self._plain(rec)
        spans = matched_spans(body, terms) if terms else []
        if spans:
            return best_window(body, spans)
        if chunk is not None and 0 < chunk < len(chunks):
            text = chunks[chunk].split(". ", 1)[-1]
            return best_window(text, [])
        return best_window(body or rec.summary, [])


def _best_per_article(
    snap: _Snapshot, scores: np.ndarray, order: np.ndarray, limit: int
) -> tuple[dict[str, float], dict[str, int]]:
    """Best chunk score per article (and which chunk), walking ``order`` best first."""
    best: dict[str, float] = {}
    chunk: dict[str, int] = {}
    records = snap.manifest.articles
    for row in order:
        owner = snap.chunk_owner[row]
        if owner < 0:
            continue
        aid = snap.article_ids[owner]
        if aid not in best:
            best[aid] = float(scores[row])
            chunk[aid] = int(row) - (records[aid].chunk_start or 0)
            if len(best) >= limit:
                break
    return best, chunk


def _with_learned(
    snap: _Snapshot,
    scores: np.ndarray,
    query_vector: npt.NDArray[np.float32],
    best: dict[str, float],
    limit: int,
    learned: LearnedIndex,
) -> list[tuple[str, float]]:
    """The semantic candidates with learned phrasings applied (see learned.py), best first."""
    records = snap.manifest.articles

    def own(aid: str) -> float | None:
        rec = records.get(aid)
        rows = rec.embedded_rows if rec is not None else range(0)
        return float(scores[rows.start : rows.stop].max()) if rows else None

    floor = min(best.values()) if len(best) >= limit else -1.0
    raised = learned.semantic_scores(
        query_vector, own, best, floor, lambda aid: aid in records and aid not in snap.retired_ids
    )
    if not raised:
        return list(best.items())
    merged = {**best, **raised}
    return sorted(merged.items(), key=lambda item: (-item[1], item[0]))[:limit]


def _top_rows(scores: np.ndarray, k: int) -> np.ndarray:
    """Indices of the ``k`` highest scores, best first."""
    if k >= len(scores):
        return np.argsort(-scores)
    part = np.argpartition(-scores, k)[:k]
    return part[np.argsort(-scores[part])]


def _passes(rec: ArticleRecord, filters: SearchFilters) -> bool:
    """Status, audience and tag filters (the platform policy is applied by the caller)."""
    if filters.statuses and rec.status not in filters.statuses:
        return False
    if rec.id in filters.hidden_ids:
        return False
    if filters.audience and rec.audience != filters.audience:
        return False
    return not (filters.tags and not {t.lower() for t in filters.tags} <= set(rec.tags))


_NOT_WORD_RE = re.compile(r"[^\w]+")


def _normalise_message(text: str) -> str:
    """Case-folded words separated by single spaces, with a space at each end: the form in which an
    error message is looked for inside a query (quotes, punctuation and line breaks do not count)."""
    return " " + " ".join(_NOT_WORD_RE.sub(" ", text.casefold()).split()) + " "


@functools.lru_cache(maxsize=50_000)
def _normalised_code(code: str) -> str | None:
    """An error code or message in the form :func:`_exact_match` looks for; None when too short to count.
    Cached: every search checks the codes of up to 200 candidate articles."""
    wanted = _normalise_message(code)
    return wanted if len(wanted) - 2 >= EXACT_MIN_CHARS else None


def _exact_match(typed: str, rec: ArticleRecord) -> str | None:
    """The first of the article's error codes or messages that ``typed`` (normalised) contains as whole words."""
    for code in rec.error_codes:
        wanted = _normalised_code(code)
        if wanted is not None and wanted in typed:
            return code
    return None
