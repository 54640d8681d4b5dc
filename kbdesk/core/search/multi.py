"""The search engine of every served source: several indexes searched as one knowledge base.

Each source the user or the policy configured (the starter articles, a local
folder, the served revision of a git remote: ``SourceSet.served()``) has its
own index, under a root that depends only on the source's name
(:func:`~kbdesk.core.sources.service.source_index_root`), and its own
:class:`SearchEngine`; all of them share one embedding model. So a sync that
brings a new revision of one source re-indexes that source only, and only the
files that changed in it (unchanged files of a new revision are hard links
with the old size and mtime, which the indexer's change detection skips).

**Layering.** When several sources carry the same article id, the article of
the highest-ranked source (``Source.rank``: priority, then the policy's over
the user's over the starter's, then the name) is the one searched, shown and
opened; the others are shadowed (:attr:`MultiSourceEngine.shadowed`, for
writers). Shadowed articles stay in their own source's index, so a change to
one source never re-indexes another; each search hides them
(``SearchFilters.hidden_ids``) so they never take a place in the results.

**Merging results.** Every source's engine answers the query and the hits are
merged by score. Hybrid and semantic scores are on a fixed scale (the cosine
of the best chunk plus bounded terms, see hybrid.py), so they compare across
indexes. A keyword (BM25F) score depends on its index's statistics; while the
model loads (the only time the app searches by keyword alone, unless the user
picks "Exact words") the merged keyword order is approximate: measured on the
golden queries with the starter articles split into two sources (docs/sources.md).
A "did you mean" is offered only when no source knows the query's words as typed.

**Swapping revisions.** A source whose served folder changed (a new git
revision) gets a new engine on the same index root; it is synced first and
only then replaces the old one, so a search never sees a source half-indexed
or missing. The old engine is closed at the next swap (or on close), not at
once: a search on another thread may still be reading it.

No Qt here; the GUI drives it from its task runner (index lane for syncs,
the parallel pool for searches), the CLI from the main thread.
"""

from __future__ import annotations

import dataclasses
import logging
import threading
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType

import numpy as np
import numpy.typing as npt

from ..articles import Article, ArticleIssue
from ..checks import CheckSet
from ..errors import IndexingCancelled, KbdeskError
from ..sources.model import ArticleOrigin, ShadowedItem, merge_by_priority
from ..sources.service import ServedSource, source_index_root
from .engine import IndexStats, SearchEngine, SearchFilters, SearchResponse
from .indexer import ProgressFn, SyncReport
from .learned import LearnedIndex
from .manifest import ArticleRecord
from .semantic import CancelFn, Embedder

log = logging.getLogger(__name__)

IndexRootFn = Callable[[str], Path]
#: what a search without filters uses (SearchEngine's own default)
_NO_FILTERS = SearchFilters()


class NoSourcesError(KbdeskError):
    """Nothing to search: no source is configured, or none has been served yet."""


@dataclass(frozen=True)
class _Part:
    """One source as this engine searches it."""

    served: ServedSource
    engine: SearchEngine
    #: its index is open (built or opened at least once)
    ready: bool = False

    @property
    def name(self) -> str:
        return self.served.source.name


@dataclass(frozen=True)
class _Layout:
    """What a search reads, swapped whole (an assignment is atomic): readers never see half of a change."""

    #: highest-ranked source first
    parts: tuple[_Part, ...] = ()
    #: article id -> the source whose article wins it
    winners: Mapping[str, str] = field(default_factory=dict)
    #: source name -> ids of its articles that a higher-ranked source overrides
    hidden: Mapping[str, frozenset[str]] = field(default_factory=dict)
    #: the winning records, by id
    records: Mapping[str, ArticleRecord] = field(default_factory=dict)
    shadowed: tuple[ShadowedItem, ...] = ()

    def part(self, name: str) -> _Part | None:
        return next((p for p in self.parts if p.name == name), None)


class MultiSourceEngine:
    """Several sources' indexes searched as one (see the module doc)."""

    def __init__(
        self,
        served: Sequence[ServedSource] = (),
        *,
        embedder: Embedder | None = None,
        index_root: IndexRootFn = source_index_root,
        learned: LearnedIndex | None = None,
    ) -> None:
        """Plan one engine per source that has a folder to serve; nothing is read until
        :meth:`ensure_index` or :meth:`sync`. ``learned``: the learned phrasings every source's engine
        searches with (:attr:`learned`)."""
        self.embedder = embedder or Embedder()
        self._index_root = index_root
        self._learned = learned
        self._checks: tuple[_Layout, CheckSet] | None = None
        self._write_lock = threading.Lock()
        self._retired: list[SearchEngine] = []
        parts = tuple(_Part(entry, self._new_engine(entry)) for entry in served if entry.folder is not None)
        self._served: tuple[ServedSource, ...] = tuple(served)
        self._layout = _Layout(parts)

    def _new_engine(self, entry: ServedSource, previous: SearchEngine | None = None) -> SearchEngine:
        assert entry.folder is not None
        root = self._index_root(entry.source.name)
        engine = SearchEngine(
            entry.folder, index_root=root, embedder=self.embedder, previous=previous, origin=entry.origin()
        )
        engine.learned = self._learned
        return engine

    @property
    def learned(self) -> LearnedIndex | None:
        """What people typed before an article solved their problem (search/learned.py), used by every
        source's engine; phrasings of an id another source overrides never lift the hidden article."""
        return self._learned

    @learned.setter
    def learned(self, index: LearnedIndex | None) -> None:
        self._learned = index
        for part in self._layout.parts:
            part.engine.learned = index

    # ------------------------------------------------------------ what is served
    @property
    def served(self) -> tuple[ServedSource, ...]:
        """Every configured source as last given, served or not (an escalation bundle records them)."""
        return self._served

    @property
    def searched(self) -> tuple[ServedSource, ...]:
        """The sources searched now, highest-ranked first."""
        return tuple(p.served for p in self._layout.parts if p.ready)

    @property
    def articles_dirs(self) -> tuple[Path, ...]:
        """The folders searched now, highest-ranked source first."""
        return tuple(p.engine.articles_dir for p in self._layout.parts if p.ready)

    @property
    def unserved(self) -> tuple[ServedSource, ...]:
        """Sources with nothing to serve yet (a git source never synced, a folder that is gone)."""
        return tuple(s for s in self._served if s.folder is None)

    @property
    def shadowed(self) -> tuple[ShadowedItem, ...]:
        """Articles hidden because a higher-ranked source has the same id (for writers)."""
        return self._layout.shadowed

    def engine_of(self, name: str) -> SearchEngine | None:
        part = self._layout.part(name)
        return part.engine if part is not None else None

    # ------------------------------------------------------------ lifecycle
    @property
    def semantic_ready(self) -> bool:
        return self.embedder.loaded

    def load_model(self, status: Callable[[str], None] | None = None) -> None:
        self.embedder.load(status)

    def ensure_index(
        self,
        *,
        embed: bool | None = None,
        progress: ProgressFn | None = None,
        wait: float = 30.0,
        cancel: CancelFn | None = None,
    ) -> SyncReport | None:
        """Open every source's index, building the missing ones; None when all of them were only opened.

        A source whose index cannot be opened or built does not keep the others from being searched:
        they are swapped in, then its error is raised."""

        def step(part: _Part) -> SyncReport | None:
            return part.engine.ensure_index(embed=embed, progress=progress, wait=wait, cancel=cancel)

        reports = self._each(None, step)
        return combine_reports(reports) if reports else None

    def sync(
        self,
        names: Sequence[str] | None = None,
        *,
        embed: bool | None = None,
        progress: ProgressFn | None = None,
        wait: float = 0.0,
        force_rebuild: bool = False,
        cancel: CancelFn | None = None,
    ) -> SyncReport:
        """Bring the named sources' indexes (default: all) up to date with their folders (errors as
        :meth:`ensure_index`; ``cancel``: see ``Indexer.sync``)."""

        def step(part: _Part) -> SyncReport | None:
            return part.engine.sync(
                embed=embed, progress=progress, wait=wait, force_rebuild=force_rebuild, cancel=cancel
            )

        return combine_reports(self._each(names, step))

    def _each(self, names: Sequence[str] | None, step: Callable[[_Part], SyncReport | None]) -> list[SyncReport]:
        with self._write_lock:
            reports: list[SyncReport] = []
            parts: list[_Part] = []
            failure: KbdeskError | None = None
            for part in self._layout.parts:
                if names is None or part.name in names:
                    try:
                        report = step(part)
                    except IndexingCancelled:
                        raise  # the app is closing: no point in the other sources
                    except KbdeskError as exc:
                        log.warning("source %s: index not updated: %s", part.name, exc)
                        failure = failure or exc
                    else:
                        if report is not None:
                            reports.append(report)
                        part = dataclasses.replace(part, ready=True)
                parts.append(part)
            self._layout = _merge(parts)
        if failure is not None:
            raise failure
        return reports

    def update(
        self,
        served: Sequence[ServedSource],
        *,
        embed: bool | None = None,
        progress: ProgressFn | None = None,
        wait: float = 0.0,
        cancel: CancelFn | None = None,
    ) -> SyncReport:
        """Serve ``served`` from now on, swapping each change in only once it is searchable:

        * a source whose folder changed (a new revision of a git source) is synced first;
        * a source this engine did not have is opened (built when it has no index yet; the app
          syncs it right after, :meth:`sync`), so a start shows keyword results as soon as possible;
        * a source no longer listed is dropped; one whose folder is the same keeps its engine.

        When a new revision cannot be indexed, its source keeps serving the revision before and the
        error is raised after the others were swapped in."""
        with self._write_lock:
            old = self._layout
            parts: list[_Part] = []
            retired: list[SearchEngine] = []
            reports: list[SyncReport] = []
            failure: KbdeskError | None = None
            for entry in served:
                if entry.folder is None:
                    continue
                kept = old.part(entry.source.name)
                same_folder = kept is not None and kept.engine.articles_dir == Path(entry.folder).expanduser().resolve()
                if kept is not None and same_folder and kept.engine.origin == entry.origin():
                    parts.append(dataclasses.replace(kept, served=entry))
                    continue
                engine = self._new_engine(entry, kept.engine if kept is not None else None)
                try:
                    if kept is None:
                        report = engine.ensure_index(embed=embed, progress=progress, wait=wait, cancel=cancel)
                    else:
                        report = engine.sync(embed=embed, progress=progress, wait=wait, cancel=cancel)
                    if report is not None:
                        reports.append(report)
                except IndexingCancelled:
                    engine.close()
                    raise
                except KbdeskError as exc:
                    log.warning("source %s: the new revision could not be indexed: %s", entry.source.name, exc)
                    engine.close()
                    failure = failure or exc
                    if kept is not None:
                        parts.append(kept)
                    continue
                parts.append(_Part(entry, engine, ready=True))
                if kept is not None:
                    retired.append(kept.engine)
            names = {p.name for p in parts}
            retired += [p.engine for p in old.parts if p.name not in names]
            self._close_retired()
            self._retired = retired
            self._served = tuple(served)
            self._layout = _merge(parts)
        if failure is not None:
            raise failure
        return combine_reports(reports)

    def _close_retired(self) -> None:
        for engine in self._retired:
            engine.close()
        self._retired = []

    def close(self) -> None:
        with self._write_lock:
            self._close_retired()
            for part in self._layout.parts:
                part.engine.close()

    # ------------------------------------------------------------ reading
    def _ready_parts(self) -> tuple[_Layout, tuple[_Part, ...]]:
        layout = self._layout
        parts = tuple(p for p in layout.parts if p.ready)
        if not parts:
            if not self._served:
                raise NoSourcesError(
                    "no knowledge-base sources are configured",
                    hint="add one with: kbdesk sources add NAME URL, or switch the starter articles on",
                )
            if not layout.parts:
                raise NoSourcesError(
                    "nothing to serve yet: "
                    + ", ".join(s.source.name for s in self.unserved)
                    + " not synced yet, or its folder is missing",
                    hint="sync the git sources: kbdesk sources sync",
                )
            raise KbdeskError("there is no index for the articles yet", hint="run: kbdesk index")
        return layout, parts

    @property
    def article_count(self) -> int:
        return len(self._ready_parts()[0].records)

    def article_records(self) -> Mapping[str, ArticleRecord]:
        """The article that wins each id, by id (read-only)."""
        return MappingProxyType(self._ready_parts()[0].records)

    def source_records(self, name: str) -> Mapping[str, ArticleRecord]:
        """Every article of one source's index, shadowed ones included (links inside a source resolve here)."""
        part = self._layout.part(name)
        if part is None or not part.ready:
            return MappingProxyType({})
        return part.engine.article_records()

    def _winner(self, article_id: str) -> _Part:
        layout, _ = self._ready_parts()
        name = layout.winners.get(article_id)
        part = layout.part(name) if name is not None else None
        if part is None:
            raise KbdeskError(f"no article with id '{article_id}'")
        return part

    def article(self, article_id: str) -> Article:
        return self._winner(article_id).engine.article(article_id)

    def origin(self, article_id: str) -> ArticleOrigin:
        """Which source the article comes from, and the revision served."""
        return self._winner(article_id).served.origin()

    def folder_of(self, article_id: str) -> Path:
        """The folder the article's relative links and pictures are read from (its source's)."""
        return self._winner(article_id).engine.articles_dir

    def checks(self) -> CheckSet:
        """The checks of the article that wins each id (kbdesk.core.checks), compiled once per layout: an
        overridden article's checks never fire."""
        layout, _ = self._ready_parts()
        cached = self._checks
        if cached is not None and cached[0] is layout:
            return cached[1]
        checks, notes = CheckSet.from_records(layout.records)
        for note in notes[:20]:
            log.warning("check not loaded: %s", note)
        self._checks = (layout, checks)
        return checks

    def article_vectors(self, article_id: str) -> npt.NDArray[np.float32]:
        return self._winner(article_id).engine.article_vectors(article_id)

    def issues(self) -> list[ArticleIssue]:
        issues: list[ArticleIssue] = []
        for part in self._ready_parts()[1]:
            issues.extend(part.engine.issues())
        return issues

    def stats(self) -> IndexStats:
        layout, parts = self._ready_parts()
        each = [(p.name, p.engine.stats()) for p in parts]
        return IndexStats(
            articles=len(layout.records),
            embedded_articles=sum(1 for r in layout.records.values() if r.embedded_rows),
            chunks=sum(s.chunks for _, s in each),
            generation=" ".join(f"{name}:{s.generation}" for name, s in each),
            created_at=max(s.created_at for _, s in each),
            index_dir=str(Path(each[0][1].index_dir).parent),
            articles_dir=" ".join(f"{name}:{s.articles_dir}" for name, s in each),
            issues=sum(s.issues for _, s in each),
        )

    # ------------------------------------------------------------ searching
    def search(
        self,
        query: str,
        *,
        mode: str = "hybrid",
        limit: int = 10,
        filters: SearchFilters = _NO_FILTERS,
        wait_for_language: bool = True,
    ) -> SearchResponse:
        """Search every served source as one knowledge base (see the module doc for the merge)."""
        started = time.perf_counter()
        layout, parts = self._ready_parts()
        if len(parts) == 1 and not layout.hidden:
            # one source (the usual single folder): its engine's answer as it is (its hits name the source)
            return parts[0].engine.search(
                query, mode=mode, limit=limit, filters=filters, wait_for_language=wait_for_language
            )
        answers: list[tuple[_Part, SearchResponse]] = []
        for part in parts:
            hidden = layout.hidden.get(part.name)
            own = dataclasses.replace(filters, hidden_ids=filters.hidden_ids | hidden) if hidden else filters
            response = part.engine.search(
                query, mode=mode, limit=limit, filters=own, wait_for_language=wait_for_language, snippets=False
            )
            answers.append((part, response))
        rank = {p.name: i for i, p in enumerate(parts)}
        merged = [(part, response, hit) for part, response in answers for hit in response.hits]
        # best score first; between equal scores the higher-ranked source, then the id
        merged.sort(key=lambda t: (-t[2].score, rank[t[0].name], t[2].id))
        # snippets only for the hits kept: they are most of a keyword search's time
        hits = [part.engine.with_snippet(hit, response.terms) for part, response, hit in merged[:limit]]
        first = answers[0][1]
        return SearchResponse(
            query=first.query,
            requested_mode=first.requested_mode,
            mode=first.mode,
            hits=tuple(hits),
            suggestion=_suggestion(answers),
            elapsed_ms=(time.perf_counter() - started) * 1000,
            terms=tuple(dict.fromkeys(t for _, r in answers for t in r.terms)),
            semantic_ready=first.semantic_ready,
            language=next((r.language for _, r in answers if r.language is not None), None),
        )


def _suggestion(answers: Sequence[tuple[_Part, SearchResponse]]) -> str | None:
    """A correction only when every source would make one (a word one source knows is no typo);
    then the biggest source's, whose vocabulary is the best guide."""
    if any(r.suggestion is None for _, r in answers):
        return None
    biggest = max(answers, key=lambda a: len(a[0].engine.article_records()))
    return biggest[1].suggestion


def _merge(parts: Sequence[_Part]) -> _Layout:
    """The layout of ``parts``: who wins each id, and which articles each source hides."""
    ready = [p for p in parts if p.ready]
    merged = merge_by_priority((p.served.source, p.engine.article_records().values()) for p in ready)
    hidden: dict[str, set[str]] = {}
    for item in merged.shadowed:
        hidden.setdefault(item.source, set()).add(item.id)
    ordered = sorted(parts, key=lambda p: p.served.source.rank(), reverse=True)
    return _Layout(
        parts=tuple(ordered),
        winners={m.id: m.source for m in merged.items},
        hidden={name: frozenset(ids) for name, ids in hidden.items()},
        records={m.id: m.item for m in merged.items},
        shadowed=merged.shadowed,
    )


def combine_reports(reports: Sequence[SyncReport]) -> SyncReport:
    """One report for several sources' syncs (what the GUI's status and the CLI say)."""
    if len(reports) == 1:
        return reports[0]
    return SyncReport(
        added=tuple(i for r in reports for i in r.added),
        updated=tuple(i for r in reports for i in r.updated),
        removed=tuple(i for r in reports for i in r.removed),
        renamed=tuple(i for r in reports for i in r.renamed),
        embedded=sum(r.embedded for r in reports),
        pending_embeddings=sum(r.pending_embeddings for r in reports),
        issues=tuple(i for r in reports for i in r.issues),
        generation=" ".join(r.generation for r in reports if r.generation),
        rebuilt=any(r.rebuilt for r in reports),
        seconds=sum(r.seconds for r in reports),
    )
