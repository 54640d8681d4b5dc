"""The GUI's handle on one articles folder: engine, index syncs, model load, folder watching.

``KnowledgeBase`` owns the :class:`SearchEngine` of the configured folder and
schedules every piece of work on it through the :class:`TaskRunner`:

* opening (or first building) the index: lane ``"index"``;
* keeping it in step with the folder (a sync after start, after each change
  the watcher sees, and with embeddings once the model is loaded): lane
  ``"index"``, coalesced, so a burst of edits makes at most one extra sync;
* the model load: the parallel pool, once per app run (the embedder is shared
  when the folder changes);
* searches (tag ``"search"``) and article loads (tag ``"article"``): the
  parallel pool, latest-wins;
* the language tools (py3langid and the English word list, about a second):
  the parallel pool, once per process, at the first folder; until they are
  loaded searches go without the language note and "did you mean" rather
  than wait.

It never touches a widget; the window listens to its signals.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, QTimer, Signal

from ..core import language
from ..core.articles import Article, ArticleIssue, summarize_issues
from ..core.errors import IndexBusyError, KbdeskError
from ..core.rendering import RenderedArticle, render_article
from ..core.search.engine import SearchEngine, SearchFilters, SearchResponse
from ..core.search.indexer import SyncReport
from ..core.search.learned import LearnedIndex
from ..core.search.semantic import Embedder
from .errors import error_reason, error_text
from .tasks import TaskRunner, ThreadSafeCallback

log = logging.getLogger(__name__)

#: quiet time after the last file change before a sync starts
WATCH_DEBOUNCE_MS = 1000
#: how long a sync waits for another process (the CLI) that holds the index lock
SYNC_LOCK_WAIT_S = 20.0
RESULT_LIMIT = 20


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
        self.engine: SearchEngine | None = None
        self.state = IndexState()
        self._watch = watch
        self._watcher: FolderWatcher | None = None
        self._sync_running = False
        self._sync_again = False
        self._progress_to_gui = ThreadSafeCallback(self._on_progress, parent=self)
        self._model_status_to_gui = ThreadSafeCallback(self._on_model_status, parent=self)
        self._cancel = threading.Event()
        self._debounce = QTimer(self)
        self._debounce.setSingleShot(True)
        self._debounce.setInterval(WATCH_DEBOUNCE_MS)
        self._debounce.timeout.connect(self.request_sync)
        self._issues: list[ArticleIssue] = []

    # ------------------------------------------------------------ folder
    @property
    def articles_dir(self) -> Path | None:
        return self.engine.articles_dir if self.engine else None

    def open_folder(self, folder: Path) -> None:
        """Switch to ``folder``: open (or build) its index in the background, then keep it in sync."""
        old = self.engine
        engine = SearchEngine(Path(folder), embedder=self.embedder)
        engine.learned = self.learned
        self.engine = engine
        self._sync_running = False
        self._sync_again = False
        self._set_state(index_open=False, article_count=0, open_error="")
        self.runner.invalidate("search")
        self.runner.invalidate("article")
        if old is not None:
            # close it in the index lane, after anything already queued there on it
            self.runner.run(old.close, lane="index")
        self._start_watching(engine.articles_dir)
        if not language.ready():
            self.runner.run(
                language.warm_up,
                tag="language",
                on_error=lambda exc: log.warning("language detection unavailable: %s", exc),
            )
        self.runner.run(
            self._open_index,
            engine,
            lane="index",
            tag="open",
            on_success=lambda report: self._opened(engine, report),
            on_error=lambda exc: self._open_failed(engine, exc),
        )

    def _open_index(self, engine: SearchEngine) -> SyncReport | None:  # index lane
        return engine.ensure_index(
            embed=None, progress=self._progress, wait=SYNC_LOCK_WAIT_S, cancel=self._cancel.is_set
        )

    def _opened(self, engine: SearchEngine, report: SyncReport | None) -> None:
        if engine is not self.engine:
            return
        self._on_progress("", 0, 0)
        self._publish_index(engine)
        if report is None:
            # an existing index was opened: bring it up to date with the folder (cheap when nothing changed)
            self.request_sync()
        else:
            self.sync_finished.emit(report)

    def _open_failed(self, engine: SearchEngine, exc: BaseException) -> None:
        if engine is not self.engine:
            return
        self._on_progress("", 0, 0)
        self._set_state(open_error=error_reason(exc))
        self._report_failure("Could not open the articles folder", exc)

    # ------------------------------------------------------------ syncing
    def schedule_sync(self) -> None:
        """A change was seen on disk: sync after a quiet second (restarted by every further change)."""
        self._debounce.start()

    def request_sync(self) -> None:
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
            lane="index",
            embed=None,
            progress=self._progress,
            wait=SYNC_LOCK_WAIT_S,
            cancel=self._cancel.is_set,
            on_success=lambda report: self._synced(engine, report),
            on_error=lambda exc: self._sync_failed(engine, exc),
        )

    def _synced(self, engine: SearchEngine, report: SyncReport) -> None:
        if engine is not self.engine:
            return
        self._sync_running = False
        self._on_progress("", 0, 0)
        self._set_state(syncing=False)
        log.info("sync: %s in %.2f s", report.describe(), report.seconds)
        self._publish_index(engine)
        self.sync_finished.emit(report)
        if self._sync_again:
            self.request_sync()

    def _sync_failed(self, engine: SearchEngine, exc: BaseException) -> None:
        if engine is not self.engine:
            return
        self._sync_running = False
        self._on_progress("", 0, 0)
        self._set_state(syncing=False)
        if isinstance(exc, IndexBusyError):
            log.info("index busy, retrying the sync shortly: %s", exc)
            QTimer.singleShot(5000, self.request_sync)
            return
        if not self.state.index_open:
            self._set_state(open_error=error_reason(exc))
        self._report_failure("Could not update the search index", exc)
        if self._sync_again:
            self.request_sync()

    def _publish_index(self, engine: SearchEngine) -> None:
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
        self._report_failure("Semantic search is unavailable; keyword search still works", exc)

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
        self.runner.run(_load_and_render, engine, article_id, tag="article", on_success=on_result, on_error=on_error)

    def article_titles(self) -> dict[str, str]:
        """Article id -> title from the open index ({} before it opens; GUI thread, reads the open manifest)."""
        engine = self.engine
        if engine is None:
            return {}
        try:
            return {aid: rec.title for aid, rec in engine.article_records().items()}
        except KbdeskError:
            return {}

    def resolve_link(self, target: str, current: Article | None) -> str | None:
        """The article id a relative ``.md`` link points at, or None (GUI thread; reads the open manifest)."""
        engine = self.engine
        if engine is None:
            return None
        try:
            records = engine.article_records()
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
        values = {**self.state.__dict__, **changes}
        new = IndexState(**values)
        if new != self.state:
            self.state = new
            self.state_changed.emit(new)

    def _report_failure(self, what: str, exc: BaseException) -> None:
        self.failure.emit(error_text(exc, what))

    # ------------------------------------------------------------ watching
    def _start_watching(self, folder: Path) -> None:
        self._stop_watching()
        if not self._watch:
            return
        watcher = FolderWatcher(folder, parent=self)
        watcher.changed.connect(self.schedule_sync)
        if watcher.start():
            self._watcher = watcher

    def _stop_watching(self) -> None:
        if self._watcher is not None:
            self._watcher.stop()
            self._watcher.deleteLater()
            self._watcher = None

    def close(self) -> None:
        """Stop watching and ask a running sync to stop; the caller then shuts the runner down.

        The sync stops at its next article or batch of the model (a fraction of a second; it used to
        finish its 512-chunk embedding step first, which on a busy machine outlasted the runner's
        30-second wait, and the job then reported to a deleted window), leaving the index as it was.
        """
        self._cancel.set()
        self._debounce.stop()
        self._stop_watching()

    def close_engine(self) -> None:
        """Close the index files (after the runner has stopped)."""
        if self.engine is not None:
            self.engine.close()


def _load_and_render(engine: SearchEngine, article_id: str) -> RenderedArticle:  # worker
    return render_article(engine.article(article_id))


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
