"""The one way the GUI runs work off the GUI thread.

``TaskRunner.run(fn, *args, on_success=..., on_error=..., tag=..., lane=...)``
runs ``fn`` on a worker thread and delivers its result (or its exception) to
``on_success`` / ``on_error`` on the GUI thread, by a queued signal. Workers
never see a widget: they get plain arguments and return plain values.

Lanes
    ``lane=None`` uses a small parallel pool (searches, article loading, the
    model load). A named lane (``"index"``, ``"analytics"``) is a pool with
    one thread: its jobs run one after another in submission order. Index
    writes go through ``"index"`` so two syncs never race; analytics writes go
    through ``"analytics"`` so a view is recorded after the search it came from.

Stale results
    Each ``tag`` has a generation counter. Submitting a job with a tag makes
    every earlier job with that tag stale: a stale job that has not started yet
    is skipped, and a stale job that finishes anyway has its result dropped.
    So only the latest search's results are ever shown. ``invalidate(tag)``
    makes everything in flight stale without submitting anything (Esc clears
    the search).

Synchronous mode
    ``TaskRunner(synchronous=True)`` runs every job inline and calls the
    callbacks before ``run`` returns. Unit tests of widgets that only need the
    outcome can use it; the stale-drop logic is the same in both modes.

Shutdown
    ``shutdown()`` stops delivering results and waits for the pools, so no
    worker thread outlives the window (tests check that no thread is left).
"""

from __future__ import annotations

import itertools
import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal, Slot

log = logging.getLogger(__name__)

SuccessFn = Callable[[Any], object]
ErrorFn = Callable[[BaseException], object]

#: parallel workers for searches, article loads and the model load; two is plenty on a laptop
PARALLEL_THREADS = 3
#: lanes whose queued jobs still run during shutdown (the last analytics writes of a session; the
#: settings and the window layout saved as the window closes)
DRAINED_LANES = frozenset({"analytics", "settings"})


@dataclass
class _Pending:
    on_success: SuccessFn | None
    on_error: ErrorFn | None
    tag: str | None
    generation: int
    description: str


class TaskHandle:
    """What ``run`` returns: lets a caller ask whether its job is still the current one."""

    def __init__(self, runner: TaskRunner, job_id: int, tag: str | None, generation: int) -> None:
        self._runner = runner
        self.job_id = job_id
        self.tag = tag
        self.generation = generation

    @property
    def stale(self) -> bool:
        return self._runner.is_stale(self.tag, self.generation)


class _Job(QRunnable):
    def __init__(
        self,
        runner: TaskRunner,
        job_id: int,
        fn: Callable[..., Any],
        args: tuple,
        kwargs: dict,
        tag: str | None,
        generation: int,
        drained: bool = False,
    ) -> None:
        super().__init__()
        self._drained = drained
        self.setAutoDelete(True)
        self._runner = runner
        self._job_id = job_id
        self._fn = fn
        self._args = args
        self._kwargs = kwargs
        self._tag = tag
        self._generation = generation

    def run(self) -> None:  # worker thread
        runner = self._runner
        if runner.is_stale(self._tag, self._generation) or (runner.closing and not self._drained):
            self._report(_SKIPPED, None)
            return
        try:
            result = self._fn(*self._args, **self._kwargs)
        except BaseException as exc:  # noqa: BLE001 - delivered to on_error on the GUI thread
            self._report(_FAILED, exc)
        else:
            self._report(_OK, result)
        finally:
            # drop references on the worker so big results are not kept alive by the runnable
            self._fn = self._args = self._kwargs = None  # type: ignore[assignment]

    def _report(self, outcome: int, value: object) -> None:
        """Hand the outcome to the GUI thread, unless the runner is shutting down: nothing is delivered
        then, and a job that outlived ``shutdown``'s wait may find the runner deleted (PySide: "Signal
        source has been deleted")."""
        if self._runner.closing:
            if outcome == _FAILED:
                log.debug("job %s failed during shutdown: %r", self._job_id, value)
            return
        self._runner._job_done.emit(self._job_id, outcome, value)


_OK, _FAILED, _SKIPPED = 0, 1, 2


class TaskRunner(QObject):
    """Runs callables on worker threads; results come back on the GUI thread."""

    #: (job id, outcome, value), emitted from a worker, received on the GUI thread
    _job_done = Signal(int, int, object)
    #: emitted on the GUI thread when the number of running jobs changes (for a busy indicator)
    busy_changed = Signal(bool)

    def __init__(
        self, parent: QObject | None = None, *, synchronous: bool = False, parallel_threads: int = PARALLEL_THREADS
    ) -> None:
        super().__init__(parent)
        self.synchronous = synchronous
        self.closing = False
        self._ids = itertools.count(1)
        self._generations: dict[str, int] = {}
        self._gen_lock = threading.Lock()
        self._pending: dict[int, _Pending] = {}
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(max(1, parallel_threads))
        self._lanes: dict[str, QThreadPool] = {}
        self._job_done.connect(self._deliver)

    # ------------------------------------------------------------ submitting
    def run(
        self,
        fn: Callable[..., Any],
        *args: Any,
        on_success: SuccessFn | None = None,
        on_error: ErrorFn | None = None,
        tag: str | None = None,
        lane: str | None = None,
        **kwargs: Any,
    ) -> TaskHandle | None:
        """Run ``fn(*args, **kwargs)`` off the GUI thread; see the module doc for ``tag`` and ``lane``.

        Returns None once the runner is shutting down (nothing is run then).
        """
        if self.closing:
            log.debug("runner closing; not running %s", _name(fn))
            return None
        job_id = next(self._ids)
        generation = self._bump(tag) if tag else 0
        self._pending[job_id] = _Pending(on_success, on_error, tag, generation, _name(fn))
        job = _Job(self, job_id, fn, args, kwargs, tag, generation, drained=lane in DRAINED_LANES)
        if self.synchronous:
            job.run()
            # the signal was queued or direct depending on the thread; make sure it is delivered now
            if job_id in self._pending:
                self._flush_sync(job_id)
            return TaskHandle(self, job_id, tag, generation)
        if len(self._pending) == 1:
            self.busy_changed.emit(True)
        self._pool_for(lane).start(job)
        return TaskHandle(self, job_id, tag, generation)

    def invalidate(self, tag: str) -> None:
        """Make every job with ``tag`` that is queued or running stale."""
        self._bump(tag)

    def claim(self, tag: str) -> TaskHandle:
        """Make earlier jobs with ``tag`` stale, as ``run`` does, for work whose result must be delivered
        anyway but whose *caller* may have gone: the handle's ``stale`` says whether to tell it (a send
        through the outbox must reach the outbox's bookkeeping even when the wizard that asked was closed)."""
        return TaskHandle(self, 0, tag, self._bump(tag))

    def is_stale(self, tag: str | None, generation: int) -> bool:
        if not tag:
            return False
        with self._gen_lock:
            return self._generations.get(tag, 0) != generation

    @property
    def busy(self) -> bool:
        return bool(self._pending)

    def pending_count(self) -> int:
        return len(self._pending)

    # ------------------------------------------------------------ shutting down
    def shutdown(self, timeout_ms: int = 30_000) -> bool:
        """Stop delivering results, drop queued jobs (except in drained lanes) and wait for running ones.

        Safe to call twice. True when every pool finished within ``timeout_ms``.
        """
        self.closing = True
        pools = [self._pool, *self._lanes.values()]
        for name, pool in [(None, self._pool), *self._lanes.items()]:
            if name not in DRAINED_LANES:
                pool.clear()
        done = all(pool.waitForDone(timeout_ms) for pool in pools)
        if not done:
            log.warning("background work still running after %d ms at shutdown", timeout_ms)
        self._pending.clear()
        return done

    def active_threads(self) -> int:
        """Worker threads running a job now, in every pool (0 after :meth:`shutdown`)."""
        return sum(pool.activeThreadCount() for pool in [self._pool, *self._lanes.values()])

    def wait_idle(self, timeout_ms: int = 30_000) -> bool:
        """Wait for every pool to finish (tests and benchmarks); results are delivered by the event loop later."""
        return all(pool.waitForDone(timeout_ms) for pool in [self._pool, *self._lanes.values()])

    # ------------------------------------------------------------ internals
    def _bump(self, tag: str) -> int:
        with self._gen_lock:
            value = self._generations.get(tag, 0) + 1
            self._generations[tag] = value
            return value

    def _pool_for(self, lane: str | None) -> QThreadPool:
        if lane is None:
            return self._pool
        pool = self._lanes.get(lane)
        if pool is None:
            pool = QThreadPool(self)
            pool.setMaxThreadCount(1)
            pool.setObjectName(f"lane-{lane}")
            self._lanes[lane] = pool
        return pool

    def _flush_sync(self, job_id: int) -> None:
        # In synchronous mode the worker "thread" is the GUI thread, so the signal
        # was delivered directly; nothing is left to do unless a slot was missing.
        self._pending.pop(job_id, None)

    @Slot(int, int, object)
    def _deliver(self, job_id: int, outcome: int, value: object) -> None:
        pending = self._pending.pop(job_id, None)
        if not self._pending and not self.synchronous:
            self.busy_changed.emit(False)
        if pending is None or self.closing:
            return
        if outcome == _SKIPPED:
            log.debug("skipped stale job %s (%s)", job_id, pending.description)
            return
        if self.is_stale(pending.tag, pending.generation):
            log.debug("dropped stale result of %s (%s)", pending.description, pending.tag)
            return
        if outcome == _OK:
            if pending.on_success is not None:
                pending.on_success(value)
            return
        assert isinstance(value, BaseException)
        if pending.on_error is not None:
            pending.on_error(value)
        else:
            log.error("background task %s failed", pending.description, exc_info=value)


class ThreadSafeCallback(QObject):
    """Wraps a GUI-thread callable so a worker can call it; the call is queued to the GUI thread.

    Used for progress reports: ``progress = ThreadSafeCallback(self._on_progress, parent=self)``
    then pass ``progress`` to a core function that reports from its thread.
    """

    _called = Signal(object)

    def __init__(self, target: Callable[..., None], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._target = target
        self._called.connect(self._dispatch)

    def __call__(self, *args: Any) -> None:
        self._called.emit(args)

    @Slot(object)
    def _dispatch(self, args: tuple) -> None:
        self._target(*args)


def _name(fn: Callable[..., Any]) -> str:
    return getattr(fn, "__qualname__", None) or getattr(fn, "__name__", None) or repr(fn)
