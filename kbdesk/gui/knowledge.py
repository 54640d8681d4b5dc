"""The GUI's handle on the knowledge base: the sources, their engine, index syncs, git syncs, the model.

``KnowledgeBase`` owns the :class:`MultiSourceEngine` of the sources in effect
(``SourceSet``: the starter articles, folders, git remotes' served revisions)
and schedules every piece of work on it through the :class:`TaskRunner`:

* opening (or first building) each source's index: lane ``"index"``;
* keeping them in step: a sync after start, after each change the watcher sees
  in a folder source (only that source), with embeddings once the model is
  loaded: lane ``"index"``, coalesced, so a burst of edits makes at most one
  extra sync;
* the git sources' sync (fetch, check, swap a new revision in): lane
  ``"sources"`` (network: never in the way of the index lane), on start and
  then when the :class:`SyncScheduler` says it is due (checked every
  :data:`SCHEDULE_CHECK_MS`); a source that got a new revision is re-indexed
  alone in the index lane and swapped in once searchable;
* the model load: the parallel pool, once per app run (the embedder is shared
  by every source and kept when the sources change);
* searches (tag ``"search"``) and article loads (tag ``"article"``): the
  parallel pool, latest-wins;
* the language tools (py3langid and the English word list, about a second):
  the parallel pool, once per process, at the first open; until they are
  loaded searches go without the language note and "did you mean" rather
  than wait.

It never touches a widget; the window listens to its signals.
"""

from __future__ import annotations

import dataclasses
import logging
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, QTimer, Signal

from ..core import language
from ..core.articles import Article, ArticleIssue, summarize_issues
from ..core.bundle import SourceRevision
from ..core.errors import IndexBusyError, KbdeskError
from ..core.rendering import ArticleWords, RenderedArticle, render_article
from ..core.search.engine import SearchFilters, SearchResponse
from ..core.search.indexer import SyncReport
from ..core.search.learned import LearnedIndex
from ..core.search.multi import MultiSourceEngine
from ..core.search.semantic import Embedder
from ..core.sources.schedule import SyncScheduler
from ..core.sources.service import ServedSource, SourceSet, SourceState
from ..core.sources.store import UPDATED, SyncResult
from .article_view import article_words
from .errors import error_reason, error_text
from .i18n import TranslationContext
from .sources_words import held_back_text, sync_line
from .tasks import TaskRunner, ThreadSafeCallback

log = logging.getLogger(__name__)
knowledge = TranslationContext("knowledge")

#: quiet time after the last file change before a sync starts
WATCH_DEBOUNCE_MS = 1000
#: how long a sync waits for another process (the CLI) that holds the index lock
SYNC_LOCK_WAIT_S = 20.0
RESULT_LIMIT = 20
#: how often the app asks the scheduler whether the git sources are due for a sync (it decides the interval)
SCHEDULE_CHECK_MS = 30_000


@dataclass(frozen=True)
class IndexState:
    """What the status bar shows about the index and the model."""

    index_open: bool = False
    syncing: bool = False
    #: "not loaded" | "loading" | "preparing" (the one-time export of a pip install) | "ready" | "failed"
    model: str = "not loaded"
    model_error: str = ""
    article_count: int = 0
    #: why the articles could not be opened (shown instead of "getting ready" for ever); "" when fine
    open_error: str = ""


@dataclass(frozen=True)
class SourcesState:
    """What the app knows about the sources' syncs: for the status bar and the settings dialog."""

    #: each source: what it serves, its last sync, a held-back revision and why
    states: tuple[SourceState, ...] = ()
    #: the scheduler's one quiet line for everyone ("" when all is well)
    line: str = ""
    #: a git sync is running now
    syncing: bool = False

    @property
    def held_back(self) -> tuple[tuple[str, str], ...]:
        """(source, why) for each source whose newest revision is not served: for writers."""
        return tuple((s.source.name, held_back_text(s)) for s in self.states if s.status.held_back_commit)


class KnowledgeBase(QObject):
    #: an index generation is open (after the first open and after every sync that changed it)
    index_ready = Signal()
    #: (stage, done, total) from the indexer; stage "" means the sync ended
    index_progress = Signal(str, int, int)
    sync_finished = Signal(object)  # SyncReport
    state_changed = Signal(object)  # IndexState
    model_ready = Signal()
    #: the sentence (with what to do next) of a background failure a person should hear about
    failure = Signal(str)
    issues_changed = Signal(list)  # list[ArticleIssue]
    #: the git sources were synced, or what is known about them changed
    sources_changed = Signal(object)  # SourcesState

    def __init__(
        self,
        runner: TaskRunner,
        parent: QObject | None = None,
        *,
        embedder: Embedder | None = None,
        watch: bool = True,
        learned: LearnedIndex | None = None,
    ) -> None:
        super().__init__(parent)
        self.runner = runner
        self.embedder = embedder or Embedder()
        #: the learned phrasings every engine searches with (filled by the session recorder)
        self.learned = learned
        self.engine: MultiSourceEngine | None = None
        self.sources: SourceSet | None = None
        self.scheduler: SyncScheduler | None = None
        self.state = IndexState()
        self.sources_state = SourcesState()
        self._watch = watch
        self._watchers: dict[str, FolderWatcher] = {}
        self._sync_running = False
        self._sync_again = False
        #: folder sources a watcher saw change (None: every source) for the next sync
        self._to_sync: set[str] | None = set()
        self._progress_to_gui = ThreadSafeCallback(self._on_progress, parent=self)
        self._model_status_to_gui = ThreadSafeCallback(self._on_model_status, parent=self)
        self._cancel = threading.Event()
        self._debounce = QTimer(self)
        self._debounce.setSingleShot(True)
        self._debounce.setInterval(WATCH_DEBOUNCE_MS)
        self._debounce.timeout.connect(self._sync_changed)
        self._schedule_timer = QTimer(self)
        self._schedule_timer.setInterval(SCHEDULE_CHECK_MS)
        self._schedule_timer.timeout.connect(self.check_schedule)
        self._issues: list[ArticleIssue] = []

    # ------------------------------------------------------------ sources
    def open_sources(self, sources: SourceSet, *, sync_interval_minutes: int = 60) -> None:
        """Search ``sources`` from now on: open (or build) each index in the background, keep them in sync,
        and sync the git sources on start and then on the scheduler's interval."""
        old = self.engine
        engine = MultiSourceEngine(embedder=self.embedder, learned=self.learned)
        self.engine = engine
        self.sources = sources
        self.scheduler = SyncScheduler(sync_interval_minutes)
        self._sync_running = False
        self._sync_again = False
        self._set_state(index_open=False, article_count=0, open_error="")
        self.runner.invalidate("search")
        self.runner.invalidate("article")
        if old is not None:
            # close it in the index lane, after anything already queued there on it
            self.runner.run(old.close, lane="index")
        if not language.ready():
            self.runner.run(
                language.warm_up,
                tag="language",
                on_error=lambda exc: log.warning("language detection unavailable: %s", exc),
            )
        self.runner.run(
            self._serve,
            engine,
            sources,
            lane="index",
            tag="open",
            on_success=lambda report: self._opened(engine, report),
            on_error=lambda exc: self._open_failed(engine, exc),
        )
        if any(s.kind == "git" for s in sources.sources):
            self._schedule_timer.start()
        else:
            self._schedule_timer.stop()
        self._read_sources_state()

    def change_sources(self, sources: SourceSet, *, sync_interval_minutes: int = 60) -> None:
        """The settings or the policy changed the sources: serve the new set, keeping every unchanged
        source's index open (and its git area, with lint's cache)."""
        engine = self.engine
        if engine is None or self.scheduler is None:
            self.open_sources(sources, sync_interval_minutes=sync_interval_minutes)
            return
        self.sources = sources
        self.scheduler.set_interval(sync_interval_minutes)
        if any(s.kind == "git" for s in sources.sources):
            self._schedule_timer.start()
            self.scheduler.sync_now()  # a source just added is fetched now, not in an hour
            QTimer.singleShot(0, self.check_schedule)
        else:
            self._schedule_timer.stop()
        self._reserve(engine, sources)

    def _serve(self, engine: MultiSourceEngine, sources: SourceSet) -> SyncReport:  # index lane
        return engine.update(
            sources.served(), embed=None, progress=self._progress, wait=SYNC_LOCK_WAIT_S, cancel=self._cancel.is_set
        )

    def _reserve(self, engine: MultiSourceEngine, sources: SourceSet) -> None:
        """What the sources serve changed (a new revision, a source added or removed): swap it in."""
        self._set_state(syncing=True)
        self.runner.run(
            self._serve,
            engine,
            sources,
            lane="index",
            on_success=lambda report: self._reserved(engine, report),
            on_error=lambda exc: self._reserve_failed(engine, exc),
        )

    def _reserved(self, engine: MultiSourceEngine, report: SyncReport) -> None:
        if engine is not self.engine:
            return
        self._set_state(syncing=self._sync_running)
        self._index_changed(engine, report)

    def _reserve_failed(self, engine: MultiSourceEngine, exc: BaseException) -> None:
        if engine is not self.engine:
            return
        self._on_progress("", 0, 0)
        self._set_state(syncing=self._sync_running)
        if isinstance(exc, IndexBusyError):
            log.info("index busy, serving the new sources shortly: %s", exc)
            QTimer.singleShot(5000, lambda: self._reserve(engine, self.sources) if self.sources else None)
            return
        self._publish_index(engine)
        self._report_failure(knowledge.tr("Could not index the new articles; the ones before are still shown"), exc)

    def _opened(self, engine: MultiSourceEngine, report: SyncReport) -> None:
        if engine is not self.engine:
            return
        self._on_progress("", 0, 0)
        for entry in engine.unserved:
            log.info(
                "nothing to search yet in source %s (%s: %s)", entry.source.name, entry.source.kind, entry.source.url
            )
        if not engine.searched:
            # nothing to search: say why for good ("getting ready" would be a promise never kept)
            reasons = [unserved_reason(e) for e in engine.unserved] or [
                knowledge.tr("no knowledge-base sources are configured")
            ]
            self._set_state(open_error="; ".join(reasons))
            self.check_schedule()  # a git source never synced: its first sync is what brings articles
            return
        self._publish_index(engine)
        self._watch_folders(engine.searched)
        # an existing index was opened: bring it up to date with the folders (cheap when nothing changed)
        self.request_sync()
        if report.changed:
            self.sync_finished.emit(report)
        self.check_schedule()

    def _open_failed(self, engine: MultiSourceEngine, exc: BaseException) -> None:
        if engine is not self.engine:
            return
        self._on_progress("", 0, 0)
        if engine.searched:  # one source failed; the others are searchable
            self._publish_index(engine)
            self._watch_folders(engine.searched)
        else:
            self._set_state(open_error=error_reason(exc))
        self._report_failure(knowledge.tr("Could not open the articles"), exc)
        self.check_schedule()

    def revisions(self) -> tuple[SourceRevision, ...]:
        """The sources and revisions searched now, as an escalation bundle records them (GUI thread: no disk)."""
        engine, sources = self.engine, self.sources
        if engine is None or sources is None:
            return ()
        return tuple(SourceRevision.from_mapping(row) for row in sources.revisions(engine.served))

    # ------------------------------------------------------------ git sources
    def check_schedule(self) -> None:
        """Sync the git sources if the scheduler says it is time (on start, every interval, retries)."""
        sources, scheduler = self.sources, self.scheduler
        if sources is None or scheduler is None or self._cancel.is_set():
            return
        if not any(s.kind == "git" for s in sources.sources) or not scheduler.due():
            return
        scheduler.started()
        self._set_sources_state(syncing=True)
        self.runner.run(
            self._sync_sources,
            sources,
            lane="sources",
            on_success=lambda result: self._sources_synced(sources, result),
            on_error=lambda exc: self._sources_sync_failed(sources, exc),
        )

    def refresh(self) -> None:
        """The "Refresh articles" action: look at the folders and fetch the git sources now."""
        self.request_sync()
        self.sync_sources_now()

    def sync_sources_now(self) -> None:
        """The person asked (settings dialog): sync the git sources now."""
        if self.scheduler is not None:
            self.scheduler.sync_now()
        self.check_schedule()

    def _sync_sources(self, sources: SourceSet) -> tuple[list[SyncResult], list[SourceState]]:  # sources lane
        results = sources.sync(cancel=self._cancel.is_set)
        return results, sources.states()

    def _sources_synced(self, sources: SourceSet, outcome: tuple[list[SyncResult], list[SourceState]]) -> None:
        results, states = outcome
        if self.scheduler is None:
            return
        line = sync_line(results, self.scheduler.record(results).retry_in)
        for result in results:
            log.info("source %s: %s: %s", result.source, result.outcome, result.message)
        self._set_sources_state(states=tuple(states), line=line, syncing=False)
        engine = self.engine
        if sources is self.sources and engine is not None and any(r.outcome == UPDATED for r in results):
            self._reserve(engine, sources)

    def _sources_sync_failed(self, sources: SourceSet, exc: BaseException) -> None:
        # SourceSet.sync reports each source's trouble in its result; this is a bug or the disk
        log.error("syncing the sources failed", exc_info=exc)
        if self.scheduler is not None:
            self.scheduler.record([])
        self._set_sources_state(syncing=False)
        self._report_failure(knowledge.tr("Could not update the knowledge base"), exc)

    def _read_sources_state(self) -> None:
        sources = self.sources
        if sources is None:
            return
        self.runner.run(
            sources.states,
            lane="sources",
            on_success=lambda states: (
                self._set_sources_state(states=tuple(states)) if sources is self.sources else None
            ),
            on_error=lambda exc: log.warning("could not read the sources' status: %s", exc),
        )

    def _set_sources_state(self, **changes: Any) -> None:
        new = dataclasses.replace(self.sources_state, **changes)
        if new != self.sources_state:
            self.sources_state = new
            self.sources_changed.emit(new)

    # ------------------------------------------------------------ syncing the indexes
    def schedule_sync(self, name: str | None = None) -> None:
        """A change was seen on disk (in folder source ``name``): sync it after a quiet second (restarted by
        every further change)."""
        if self._to_sync is not None:
            if name is None:
                self._to_sync = None
            else:
                self._to_sync.add(name)
        self._debounce.start()

    def _sync_changed(self) -> None:
        names, self._to_sync = self._to_sync, set()
        self.request_sync(sorted(names) if names is not None else None)

    def request_sync(self, names: Sequence[str] | None = None) -> None:
        """Bring the sources' indexes (``names``; default: all) up to date with their folders."""
        engine = self.engine
        if engine is None:
            return
        if self._sync_running:
            self._sync_again = True
            return
        self._sync_running = True
        self._sync_again = False
        self._set_state(syncing=True)
        self.runner.run(
            engine.sync,
            list(names) if names is not None else None,
            lane="index",
            embed=None,
            progress=self._progress,
            wait=SYNC_LOCK_WAIT_S,
            cancel=self._cancel.is_set,
            on_success=lambda report: self._synced(engine, report),
            on_error=lambda exc: self._sync_failed(engine, exc),
        )

    def _synced(self, engine: MultiSourceEngine, report: SyncReport) -> None:
        if engine is not self.engine:
            return
        self._sync_running = False
        self._set_state(syncing=False)
        self._index_changed(engine, report)
        if self._sync_again:
            self.request_sync()

    def _index_changed(self, engine: MultiSourceEngine, report: SyncReport) -> None:
        self._on_progress("", 0, 0)
        log.info("sync: %s in %.2f s", report.describe(), report.seconds)
        self._publish_index(engine)
        self._watch_folders(engine.searched)
        self.sync_finished.emit(report)

    def _sync_failed(self, engine: MultiSourceEngine, exc: BaseException) -> None:
        if engine is not self.engine:
            return
        self._sync_running = False
        self._on_progress("", 0, 0)
        self._set_state(syncing=False)
        if isinstance(exc, IndexBusyError):
            log.info("index busy, retrying the sync shortly: %s", exc)
            QTimer.singleShot(5000, self.request_sync)
            return
        if engine.searched:
            self._publish_index(engine)
        elif not self.state.index_open:
            self._set_state(open_error=error_reason(exc))
        self._report_failure(knowledge.tr("Could not update the search index"), exc)
        if self._sync_again:
            self.request_sync()

    def _publish_index(self, engine: MultiSourceEngine) -> None:
        try:
            issues = engine.issues()
            count = engine.article_count
        except KbdeskError as exc:  # the index vanished under us; the next sync rebuilds it
            log.warning("index not readable after opening: %s", exc)
            return
        self._set_state(index_open=True, article_count=count, open_error="")
        if issues != self._issues:
            self._issues = issues
            summary = summarize_issues(issues)
            if summary.needs_fixing:
                # for whoever looks after the articles; end users are not shown this (writer mode is)
                log.warning("articles that need fixing: %s", summary.describe(limit=10))
            self.issues_changed.emit(list(issues))
        self.index_ready.emit()

    @property
    def issues(self) -> list[ArticleIssue]:
        return list(self._issues)

    def _progress(self, stage: str, done: int, total: int) -> None:  # index lane
        if not self._cancel.is_set():  # closing: the window that would show it is going away
            self._progress_to_gui(stage, done, total)

    def _on_progress(self, stage: str, done: int, total: int) -> None:
        self.index_progress.emit(stage, done, total)

    # ------------------------------------------------------------ model
    def load_model(self) -> None:
        """Load the embedding model in the background; when done, embed what is missing."""
        if self.state.model in ("loading", "preparing", "ready"):
            return
        self._set_state(model="loading", model_error="")
        self.runner.run(
            self.embedder.load,
            self._model_status_to_gui,
            tag="model",
            on_success=self._model_loaded,
            on_error=self._model_failed,
        )

    def _on_model_status(self, message: str) -> None:
        """The embedder says it is preparing the model first (a pip install's one-time export)."""
        if self.state.model == "loading":
            self._set_state(model="preparing")

    def _model_loaded(self, _embedder: object) -> None:
        self._set_state(model="ready")
        self.model_ready.emit()
        self.request_sync()  # fills in the embeddings of articles indexed without the model
        if self.learned is not None:
            # phrasings learned before the model was there get their vectors (most from their cache)
            self.runner.run(
                self.learned.embed_pending,
                self.embedder,
                tag="learned-vectors",
                on_error=lambda exc: log.warning("learned phrasings not embedded: %s", exc),
            )

    def _model_failed(self, exc: BaseException) -> None:
        self._set_state(model="failed", model_error=str(exc))
        self._report_failure(knowledge.tr("Semantic search is unavailable; keyword search still works"), exc)

    # ------------------------------------------------------------ reading
    def search(
        self,
        query: str,
        mode: str,
        filters: SearchFilters,
        on_result: Callable[[SearchResponse], None],
        on_error: Callable[[BaseException], None],
        limit: int = RESULT_LIMIT,
    ) -> None:
        engine = self.engine
        if engine is None:
            return
        if mode != "keyword" and self.state.model != "ready":
            # never let a search trigger the slow model load on a worker; the load runs on its own
            mode = "keyword" if mode == "hybrid" else mode
        if mode == "semantic" and self.state.model != "ready":
            mode = "keyword"
        self.runner.run(
            engine.search,
            query,
            tag="search",
            mode=mode,
            limit=limit,
            filters=filters,
            wait_for_language=False,
            on_success=on_result,
            on_error=on_error,
        )

    def cancel_search(self) -> None:
        self.runner.invalidate("search")

    def load_article(
        self, article_id: str, on_result: Callable[[RenderedArticle], None], on_error: Callable[[BaseException], None]
    ) -> None:
        engine = self.engine
        if engine is None:
            return
        self.runner.run(
            _load_and_render,
            engine,
            article_id,
            article_words(),
            tag="article",
            on_success=on_result,
            on_error=on_error,
        )

    def article_titles(self) -> dict[str, str]:
        """Article id -> title from the open index ({} before it opens; GUI thread, reads the open manifest)."""
        engine = self.engine
        if engine is None:
            return {}
        try:
            return {aid: rec.title for aid, rec in engine.article_records().items()}
        except KbdeskError:
            return {}

    def resolve_link(self, target: str, current: Article | None, source: str | None = None) -> str | None:
        """The article id a relative ``.md`` link points at, or None (GUI thread; reads the open manifests).
        ``source``: the source of the article the link is in; its own articles are where the link leads."""
        engine = self.engine
        if engine is None:
            return None
        try:
            records = engine.source_records(source) if source else engine.article_records()
        except KbdeskError:
            return None
        target = target.split("#", 1)[0]
        base = Path(current.rel_path).parent if current is not None else Path()
        wanted = (base / target).as_posix()
        parts: list[str] = []
        for part in wanted.split("/"):
            if part in ("", "."):
                continue
            if part == "..":
                if parts:
                    parts.pop()
                continue
            parts.append(part)
        wanted = "/".join(parts)
        for aid, rec in records.items():
            if rec.rel_path == wanted:
                return aid
        stem = Path(target).stem
        return stem if stem in records else None

    # ------------------------------------------------------------ state
    def _set_state(self, **changes: Any) -> None:
        new = dataclasses.replace(self.state, **changes)
        if new != self.state:
            self.state = new
            self.state_changed.emit(new)

    def _report_failure(self, what: str, exc: BaseException) -> None:
        self.failure.emit(error_text(exc, what))

    # ------------------------------------------------------------ watching
    def _watch_folders(self, searched: Sequence[ServedSource]) -> None:
        """Watch every folder source for edits (a git source's revisions never change once served)."""
        if not self._watch:
            return
        wanted = {s.source.name: s.folder for s in searched if s.source.kind == "folder" and s.folder is not None}
        for name in list(self._watchers):
            if name not in wanted or self._watchers[name].folder != wanted[name]:
                self._stop_watching(name)
        for name, folder in wanted.items():
            if name in self._watchers:
                continue
            watcher = FolderWatcher(folder, parent=self)
            watcher.changed.connect(lambda name=name: self.schedule_sync(name))
            if watcher.start():
                self._watchers[name] = watcher

    def _stop_watching(self, name: str | None = None) -> None:
        for key in [name] if name is not None else list(self._watchers):
            watcher = self._watchers.pop(key, None)
            if watcher is not None:
                watcher.stop()
                watcher.deleteLater()

    def close(self) -> None:
        """Stop watching and ask a running sync to stop; the caller then shuts the runner down.

        The sync stops at its next article or batch of the model (a fraction of a second; it used to
        finish its 512-chunk embedding step first, which on a busy machine outlasted the runner's
        30-second wait, and the job then reported to a deleted window), leaving the index as it was.
        """
        self._cancel.set()
        self._debounce.stop()
        self._schedule_timer.stop()
        self._stop_watching()

    def close_engine(self) -> None:
        """Close the index files (after the runner has stopped)."""
        if self.engine is not None:
            self.engine.close()


def unserved_reason(entry: ServedSource) -> str:
    """Why a source has nothing to search, in a few words."""
    if entry.source.kind == "git":
        return knowledge.tr("{source}: not synced yet").format(source=entry.source.name)
    return knowledge.tr("articles folder not found: {folder}").format(folder=entry.source.url)


def _load_and_render(engine: MultiSourceEngine, article_id: str, words: ArticleWords) -> RenderedArticle:  # worker
    """The article rendered, with where it comes from when that tells the reader something: when several
    sources are searched, or the source is a git remote (its revision)."""
    origin = engine.origin(article_id)
    shown = origin if len(engine.searched) > 1 or origin.kind == "git" else None
    return render_article(engine.article(article_id), words, origin=shown, folder=engine.folder_of(article_id))


class FolderWatcher(QObject):
    """Reports changes to markdown files anywhere under a folder (watchdog runs its own thread)."""

    changed = Signal()

    def __init__(self, folder: Path, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.folder = Path(folder)
        self._observer: Any = None
        self._lock = threading.Lock()

    def start(self) -> bool:
        try:
            from watchdog.events import FileSystemEvent, FileSystemEventHandler
            from watchdog.observers import Observer
        except ImportError:  # pragma: no cover - watchdog is a dependency
            log.warning("watchdog is not installed; the articles folder is not watched")
            return False

        emit = self.changed.emit

        class Handler(FileSystemEventHandler):
            def on_any_event(self, event: FileSystemEvent) -> None:  # watchdog thread
                if event.event_type in ("opened", "closed_no_write"):
                    return
                paths = [str(event.src_path), str(getattr(event, "dest_path", "") or "")]
                if event.is_directory or any(p.lower().endswith(".md") for p in paths):
                    emit()  # queued to the GUI thread: the watcher lives there

        observer = Observer()
        try:
            observer.schedule(Handler(), str(self.folder), recursive=True)
            observer.daemon = True
            observer.start()
        except OSError as exc:
            log.warning("cannot watch %s for changes (%s); use Refresh to re-index", self.folder, exc)
            return False
        self._observer = observer
        log.info("watching %s for changes", self.folder)
        return True

    def stop(self) -> None:
        observer, self._observer = self._observer, None
        if observer is not None:
            observer.stop()
            observer.join(timeout=5)
