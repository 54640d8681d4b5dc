"""When to sync next, and the one quiet line the app shows about it. No threads, no Qt: the app asks.

The app calls :meth:`SyncScheduler.due` from a timer (say once a minute),
runs :meth:`SourceSet.sync` in a worker when it is due, and hands the
results to :meth:`SyncScheduler.record`. The first sync is due at once (on
start). After a sync that reached every remote, the next is due one interval
later. When a remote could not be reached the app keeps serving what it has
and retries sooner, backing off: 1, 2, 4, ... minutes, never more than the
interval, so a laptop that comes back online catches up within minutes
without hammering a server that is down. A small random spread (up to 10 %
of the interval) keeps 5,000 desktops that started at 9:00 from syncing in
the same second.
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from .store import FAILED, HELD_BACK, OFFLINE, REFUSED, SyncResult

#: first retry after a failed sync; doubles up to the interval
FIRST_RETRY_SECONDS = 60.0
#: largest random share of the interval added to each wait
JITTER = 0.10


@dataclass(frozen=True)
class ScheduleState:
    next_due: float  # clock value
    failures: int  # consecutive syncs that could not reach a remote
    status_line: str  # "" when all is well; otherwise one short line for the status bar
    #: seconds until the retry after a sync that could not reach a remote (None: no retry pending); the
    #: app words the line again in its language from this and the results
    retry_in: float | None = None


class SyncScheduler:
    def __init__(
        self,
        interval_minutes: float,
        *,
        clock: Callable[[], float] = time.monotonic,
        rng: random.Random | None = None,
    ) -> None:
        self.interval = max(60.0, float(interval_minutes) * 60.0)
        self._clock = clock
        self._rng = rng or random.Random()
        self._next = clock()  # due at once: sync on start
        self._failures = 0
        self._line = ""
        self._retry_in: float | None = None
        self.running = False

    def set_interval(self, minutes: float) -> None:
        """A new interval (the policy or the settings changed) applies from the next wait on."""
        self.interval = max(60.0, float(minutes) * 60.0)

    def due(self, now: float | None = None) -> bool:
        return not self.running and (self._clock() if now is None else now) >= self._next

    def seconds_until_due(self, now: float | None = None) -> float:
        return max(0.0, self._next - (self._clock() if now is None else now))

    def started(self) -> None:
        self.running = True

    def record(self, results: Sequence[SyncResult], now: float | None = None) -> ScheduleState:
        """Take the results of one sync of all sources; work out the next due time and the status line."""
        self.running = False
        now = self._clock() if now is None else now
        offline = [r for r in results if r.outcome in (OFFLINE, FAILED)]
        if offline:
            self._failures += 1
            wait = min(self.interval, FIRST_RETRY_SECONDS * 2 ** (self._failures - 1))
        else:
            self._failures = 0
            wait = self.interval
        self._next = now + wait + self._rng.uniform(0, JITTER * min(wait, self.interval))
        self._retry_in = wait if offline else None
        self._line = status_line(results, retry_in=self._retry_in)
        return self.state()

    def sync_now(self) -> None:
        """The user asked: due at once, and the backoff starts over."""
        self._failures = 0
        self._next = self._clock()

    def state(self) -> ScheduleState:
        return ScheduleState(self._next, self._failures, self._line, self._retry_in)


def status_line(results: Sequence[SyncResult], *, retry_in: float | None = None) -> str:
    """One quiet line for end users ("" when there is nothing to say). Lint and signature
    details are for writers (`kbdesk sources list`, the writer's view), not here."""
    offline = [r for r in results if r.outcome in (OFFLINE, FAILED)]
    if offline:
        names = ", ".join(r.source for r in offline[:3]) + (" ..." if len(offline) > 3 else "")
        served = [r.served for r in offline if r.served is not None]
        since = f"; showing articles from {served[0].commit_time[:10]}" if served else ""
        retry = f", retrying in {max(1, round(retry_in / 60))} min" if retry_in else ""
        prefix = "Offline: could not" if all(r.outcome == OFFLINE for r in offline) else "Could not"
        return f"{prefix} update {names}{since}{retry}"
    if any(r.outcome in (HELD_BACK, REFUSED) for r in results):
        return ""  # users keep the last good articles; writers see why elsewhere
    return ""
