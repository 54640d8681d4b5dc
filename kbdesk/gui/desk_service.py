"""The window's one door to the service desks: the desks in effect, sending, and the outbox's retry timer.

A page never calls a desk function on the GUI thread: it asks this service (``host.desks``),
which runs the core's blocking calls (:mod:`kbdesk.core.desks`, each network call bounded by
the desk's timeout) on the window's task runner and answers by callback or signal:

* :meth:`send` sends one bundle through the outbox (the escalation wizard's last page);
* the retry timer: while the app runs, a single-shot timer waits as long as
  :func:`~kbdesk.core.desks.seconds_until_due` says, then runs
  :func:`~kbdesk.core.desks.flush_outbox` with ``only_due=True``; a bundle that reaches its
  desk is announced by :attr:`request_sent` and a quiet status-bar message, and "My requests"
  follows :attr:`requests_changed`;
* :meth:`desk_settings` / :meth:`table`: the user's desks overlaid by the IT policy's
  (``core/sources/policy.py``: a policy's desks are always there, and a locked ``desks``
  setting leaves only them), which every desk call is given.

Sends and flushes share the one-thread lane ``outbox``: they take the outbox's file lock
anyway, and one after the other no worker waits on the lock while another holds it.
Statuses, fetches and connection tests use the lane ``desk``, so a slow desk never holds up a
search (the parallel pool) or a send.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QObject, QTimer, Signal

from ..core.desks import DeskConfig, DeskTable, SendResult, flush_outbox, read_desks, seconds_until_due, send_bundle
from ..core.desks.service import FlushReport
from ..core.errors import DeskConfigError
from ..core.settings import Settings
from ..core.sources.policy import Effective, Policy, effective_settings, load_policy
from .i18n import TranslationContext
from .tasks import TaskRunner

log = logging.getLogger(__name__)
desk_service = TranslationContext("desk_service")

OUTBOX_LANE = "outbox"
DESK_LANE = "desk"
#: with nothing to retry, look at the outbox again this often: a bundle queued by ``kbdesk bundle
#: send`` in a terminal is then retried by the running app too (reading the outbox takes about a millisecond)
IDLE_POLL_S = 300.0
#: never sooner than this after a flush: a due entry that cannot be sent must not spin the timer
MIN_WAIT_S = 1.0
#: after a flush that could not run (another kbdesk held the outbox lock for 30 s)
FAILED_RETRY_S = 60.0


class DeskService(QObject):
    #: a bundle reached its desk (a SendResult with the ticket), from :meth:`send` or the retry timer
    request_sent = Signal(object)
    #: something was sent, queued or held: "My requests" reads its rows again
    requests_changed = Signal()
    #: a flush of the outbox ended (the FlushReport, or the exception that stopped it)
    flush_finished = Signal(object)
    #: the IT policy was (re)read
    policy_changed = Signal()

    def __init__(
        self,
        runner: TaskRunner,
        settings: Callable[[], Settings],
        show_status: Callable[[str, int], None],
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.runner = runner
        self._settings = settings
        self._show_status = show_status
        self._policy = Policy()
        self._running = False
        self._flushing = False
        #: "send now" was asked while a flush ran: one more, of everything, when it ends
        self._flush_all_next = False
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setObjectName("outbox-retry")
        self.timer.timeout.connect(self.flush_due)

    # ------------------------------------------------------------ desks in effect
    @property
    def policy(self) -> Policy:
        """The IT policy as last read (an empty one before :meth:`start` read it)."""
        return self._policy

    def effective(self) -> Effective:
        return effective_settings(self._settings(), self._policy)

    def desk_settings(self) -> Settings:
        """What the core's desk functions are given: the desks and the default desk in effect."""
        return self.effective().desk_settings()

    def table(self) -> DeskTable:
        return read_desks(self.desk_settings())

    def default_desk(self) -> DeskConfig | None:
        """The desk an escalation goes to, or None when there is none (the wizard saves a file then)."""
        try:
            return self.table().get()
        except DeskConfigError:
            return None

    def reload_policy(self, done: Callable[[Policy], object] | None = None) -> None:
        """Read the policy file again (a small file, off the GUI thread); ``done`` gets it."""

        def loaded(policy: Policy) -> None:
            self._policy = policy
            for problem in policy.problems:
                log.warning("policy: %s", problem)
            self.policy_changed.emit()
            if done is not None:
                done(policy)

        self.runner.run(
            load_policy,
            lane=DESK_LANE,
            on_success=loaded,
            on_error=lambda exc: log.warning("the IT policy could not be read: %s", exc),
        )

    # ------------------------------------------------------------ start and stop
    def start(self) -> None:
        """Read the policy, then start the retry timer."""
        self._running = True
        self.reload_policy(lambda _policy: self.schedule())

    def stop(self) -> None:
        self._running = False
        self.timer.stop()

    # ------------------------------------------------------------ sending
    def send(
        self,
        path: Path,
        *,
        on_done: Callable[[SendResult], object],
        on_error: Callable[[BaseException], object],
        tag: str | None = None,
    ) -> None:
        """Send ``path`` to the desk in effect through the outbox; ``on_done`` gets the SendResult
        (sent, queued or held), ``on_error`` what stopped it before it was queued (no desk, a bundle
        that is not intact, the outbox busy). After ``runner.invalidate(tag)`` (the wizard was closed)
        neither is called, but the service still follows the outcome (signals, the retry timer)."""
        caller = self.runner.claim(tag) if tag else None

        def done(result: SendResult) -> None:
            self.requests_changed.emit()
            if result.status == "sent":
                self.request_sent.emit(result)
            else:
                self.schedule()
            if caller is None or not caller.stale:
                on_done(result)

        def failed(exc: BaseException) -> None:
            if caller is None or not caller.stale:
                on_error(exc)
            else:
                log.warning("a bundle was not sent: %s", exc)

        self.runner.run(
            send_bundle, Path(path), settings=self.desk_settings(), lane=OUTBOX_LANE, on_success=done, on_error=failed
        )

    # ------------------------------------------------------------ the retry timer
    def schedule(self) -> None:
        """Ask the outbox when its next bundle is due, and set the timer for then."""
        if self._running:
            self.runner.run(
                seconds_until_due, lane=OUTBOX_LANE, tag="outbox-due", on_success=self._due, on_error=self._failed
            )

    def _due(self, seconds: float | None) -> None:
        if not self._running:
            return
        wait = IDLE_POLL_S if seconds is None else min(max(seconds, MIN_WAIT_S), IDLE_POLL_S)
        log.debug("outbox: next look in %.1f s", wait)
        self.timer.start(int(wait * 1000))

    def flush_due(self) -> None:
        """The timer: send what is due (held bundles wait for a person)."""
        self.flush(only_due=True)

    def flush(self, *, only_due: bool = True) -> None:
        """Try the outbox now; ``only_due=False`` retries everything, held bundles too ("Send now")."""
        if not self._running:
            return
        if self._flushing:
            self._flush_all_next = self._flush_all_next or not only_due
            return
        self._flushing = True
        self.timer.stop()
        self.runner.run(
            flush_outbox,
            only_due=only_due,
            settings=self.desk_settings(),
            lane=OUTBOX_LANE,
            on_success=self._flushed,
            on_error=self._failed,
        )

    def _flushed(self, report: FlushReport) -> None:
        self._flushing = False
        self.flush_finished.emit(report)
        for result in report.results:
            if result.status == "sent":
                self.request_sent.emit(result)
                if not result.already_sent:
                    if result.ticket:
                        text = desk_service.tr("A waiting request was sent to desk '{desk}': ticket {ticket}")
                    else:
                        text = desk_service.tr("A waiting request was sent to desk '{desk}' by e-mail")
                    self._show_status(text.format(desk=result.desk, ticket=result.ticket), 10000)
        if report.results:
            self.requests_changed.emit()
        if self._flush_all_next:
            self._flush_all_next = False
            self.flush(only_due=False)
            return
        self.schedule()

    def _failed(self, exc: BaseException) -> None:
        if self._flushing:
            self.flush_finished.emit(exc)
        self._flushing = False
        self._flush_all_next = False
        # the outbox could not be read or locked (another kbdesk sending for 30 s, a full disk): try later
        log.warning("outbox: %s; trying again in %.0f s", exc, FAILED_RETRY_S)
        if self._running:
            self.timer.start(int(FAILED_RETRY_S * 1000))


__all__ = ["DESK_LANE", "OUTBOX_LANE", "DeskService"]
