"""Sending bundles to desks through the outbox, and the loop back (status, "My requests", fetch).

Everything here blocks (disk and network, each network call bounded by the desk's
timeout) and returns frozen dataclasses, so the GUI runs it on a worker and the
CLI calls it directly. The flow of :func:`send_bundle`:

1. read and verify the bundle (a bundle that does not match its manifest is not sent);
2. under the outbox lock: if the bundle was already sent, answer with that ticket;
   else copy it into the outbox (so nothing is lost from here on);
3. :func:`_attempt`: count the attempt on disk, ask the desk whether it already has a
   ticket for this bundle id (when it can tell), create one if not, record it in
   ``requests.json``, and only then remove the bundle from the outbox.

A desk that cannot be reached leaves the bundle ``queued`` with the next attempt
time (backoff :data:`BACKOFF_SECONDS`); :func:`flush_outbox` with ``only_due=True``
is what the app calls from a timer, ``kbdesk outbox flush`` retries everything.
An error that waits for a person (wrong credentials, unknown queue, certificate)
leaves it ``held``: kept, shown with its error, retried by an explicit flush.
"""

from __future__ import annotations

import logging
import random
import time
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING

from kbdesk.core.bundle import file_sha256, open_bundle
from kbdesk.core.bundle.names import escape_invisible
from kbdesk.core.desks.base import Desk, DeskCheck, FetchedBundle, Submission, TicketStatus, normalise_ticket_id
from kbdesk.core.desks.config import DeskConfig, DeskTable
from kbdesk.core.desks.credentials import read_secret
from kbdesk.core.desks.outbox import Outbox, OutboxEntry, OutboxProblem, SentRequest, parse_iso, utc_iso
from kbdesk.core.errors import BundleError, DeskConfigError, DeskError, DeskUnreachableError, TamperedBundleError
from kbdesk.core.jsontypes import JSONObject
from kbdesk.core.paths import state_paths

if TYPE_CHECKING:
    from kbdesk.core.settings import Settings

log = logging.getLogger(__name__)

#: wait after the 1st, 2nd, ... failed attempt (then the last value): 30 s doubling to an hour
BACKOFF_SECONDS = (30, 60, 120, 300, 600, 1800, 3600)
_JITTER = 0.2

SENT, QUEUED, HELD = "sent", "queued", "held"


@dataclass(frozen=True)
class SendResult:
    """What became of one bundle: ``sent`` (with the ticket), ``queued`` (will retry) or ``held``."""

    status: str
    bundle_id: str
    desk: str
    ticket: str = ""
    url: str = ""
    message_id: str = ""
    #: no new ticket was made: the desk already had this bundle, or it was sent before
    already_sent: bool = False
    #: why it is queued or held (names the desk, never a secret)
    error: str = ""
    #: the error's class name (DeskUnreachableError, DeskAuthError, ...) for the GUI to pick a message
    error_kind: str = ""
    attempts: int = 0
    next_attempt_at: str = ""
    #: sent, but not quite as meant (RT kept a shortened bundle)
    warning: str = ""

    def to_json(self) -> JSONObject:
        data: JSONObject = {"status": self.status, "bundle_id": self.bundle_id, "desk": self.desk}
        if self.status == SENT:
            data.update(ticket=self.ticket or None, url=self.url or None)
            if self.message_id:
                data["message_id"] = self.message_id
            if self.already_sent:
                data["already_sent"] = True
            if self.warning:
                data["warning"] = self.warning
        else:
            data.update(error=self.error, attempts=self.attempts)
            if self.next_attempt_at:
                data["next_attempt_at"] = self.next_attempt_at
        return data


@dataclass(frozen=True)
class FlushReport:
    results: tuple[SendResult, ...]
    #: entries not tried because they are held or not due yet
    waiting: int
    problems: tuple[OutboxProblem, ...] = ()

    @property
    def sent(self) -> int:
        return sum(1 for r in self.results if r.status == SENT)


@dataclass(frozen=True)
class RequestView:
    """One of "My requests": what was sent, and its live status (or why there is none)."""

    request: SentRequest
    status: TicketStatus | None = None
    error: str = ""

    @property
    def state(self) -> str:
        if self.status is not None:
            return self.status.state
        return "sent" if not self.error else "unknown"


# ---------------------------------------------------------------------------- desks


def desk_table(settings: Settings | None = None) -> DeskTable:
    """The desks in effect: the user's (``settings``, default: the saved ones) overlaid by the managed
    policy's, which are always there and may lock the rest out (docs/sources.md)."""
    from kbdesk.core.sources.policy import load_effective

    return load_effective(settings).desk_table()


def adapter_class(kind: str) -> type[Desk]:
    """The adapter of a kind; a new adapter registers here (docs/desks.md)."""
    if kind == "rt":
        from kbdesk.core.desks.rt import RTDesk

        return RTDesk
    if kind == "smtp":
        from kbdesk.core.desks.smtp import SMTPDesk

        return SMTPDesk
    if kind == "file":
        from kbdesk.core.desks.file import FileDesk

        return FileDesk
    raise DeskConfigError(f"unknown kind of desk {kind!r}")


def open_desk(config: DeskConfig) -> Desk:
    """The adapter for ``config`` with its secret read (from the environment or the keyring)."""
    return adapter_class(config.kind)(config, read_secret(config))


def check_desk(name: str | None = None, *, settings: Settings | None = None) -> DeskCheck:
    return open_desk(desk_table(settings).get(name)).check()


def check_config(config: DeskConfig, secret: str | None = None) -> DeskCheck:
    """``check()`` a desk that may not be saved yet (the settings dialog's "Test connection"): with the
    token or password just typed, or (``None``) the one stored for it."""
    return adapter_class(config.kind)(config, read_secret(config) if secret is None else secret).check()


# ---------------------------------------------------------------------------- sending


def read_submission(path: Path | str) -> Submission:
    """Verify a bundle and read what the desk needs; :class:`BundleError` when it is not intact."""
    path = Path(path)
    cache = state_paths().cache
    cache.mkdir(parents=True, exist_ok=True)
    with open_bundle(path, temp_dir=cache) as opened:
        if not opened.verify.ok:
            named = [*opened.verify.changed, *opened.verify.missing, *opened.verify.extra]
            raise BundleError(
                f"{path.name} does not match its manifest ({', '.join(named[:3]) or 'damaged'}); it was not sent",
                hint="Create the bundle again; only an intact bundle is sent to the desk.",
            )
        if opened.ticket is None:
            raise BundleError(f"{path.name} has no readable ticket; it was not sent")
        manifest = opened.manifest
        return Submission(
            bundle_id=opened.bundle_id,
            path=path,
            filename=path.name,
            sha256=file_sha256(path),
            size=path.stat().st_size,
            ticket=opened.ticket,
            created_at=opened.created_at,
            kbdesk_version=str(manifest.get("kbdesk_version", "") or ""),
        )


def send_bundle(
    path: Path | str,
    desk: str | None = None,
    *,
    settings: Settings | None = None,
    outbox: Outbox | None = None,
    wait: float = 30.0,
) -> SendResult:
    """Send one bundle file to a desk (the default desk when ``desk`` is None), through the outbox.

    Raises before anything is queued when there is no such desk or the bundle is not intact;
    after that, every outcome is a :class:`SendResult` and the bundle is kept until a desk confirms it.
    """
    table = desk_table(settings)
    config = table.get(desk)
    submission = read_submission(path)
    outbox = outbox or Outbox()
    with outbox.lock(wait):
        done = outbox.find_request(submission.bundle_id)
        if done is not None:
            outbox_entry = outbox.get(submission.bundle_id)
            if outbox_entry is not None:
                outbox.remove(submission.bundle_id)
            return _sent_result(done, already=True)
        entry = outbox.get(submission.bundle_id)
        if entry is None:
            entry = outbox.add(
                submission.path,
                OutboxEntry(
                    bundle_id=submission.bundle_id,
                    desk=config.name,
                    filename=submission.filename,
                    sha256=submission.sha256,
                    size=submission.size,
                    summary=submission.ticket.summary[:200],
                    queued_at=utc_iso(time.time()),
                ),
            )
            log.info("bundle %s queued for desk %s", entry.bundle_id, config.name)
        elif entry.desk != config.name:
            # the same bundle to a second desk would make a second ticket: one bundle, one desk
            raise DeskConfigError(
                f"this bundle is already in the outbox for desk '{entry.desk}'",
                hint="kbdesk outbox list shows it; kbdesk outbox flush sends it.",
            )
        return _attempt(entry, config, outbox, submission=replace(submission, path=entry.path))


def _sent_result(request: SentRequest, *, already: bool = False) -> SendResult:
    return SendResult(
        status=SENT,
        bundle_id=request.bundle_id,
        desk=request.desk,
        ticket=request.ticket,
        url=request.url,
        message_id=request.message_id,
        already_sent=already,
        warning=request.warning,
    )


def backoff(attempts: int, *, rng: random.Random | None = None) -> float:
    base = BACKOFF_SECONDS[min(max(attempts, 1), len(BACKOFF_SECONDS)) - 1]
    return base * (1 + _JITTER * (2 * (rng or random).random() - 1))


def _attempt(
    entry: OutboxEntry, config: DeskConfig, outbox: Outbox, *, submission: Submission | None = None
) -> SendResult:
    """One try at one queued bundle; the caller holds the outbox lock."""
    now = time.time()
    maybe_there = entry.attempts > 0
    # counted before the desk is contacted: after a crash, the next try knows to look first
    entry = outbox.save(replace(entry, attempts=entry.attempts + 1, last_attempt_at=utc_iso(now)))
    try:
        if submission is None:
            submission = replace(read_submission(entry.path), filename=entry.filename)
        desk = open_desk(config)
        ref = desk.find_ticket(entry.bundle_id) if desk.can_look_up else None
        already = ref is not None
        if ref is None:
            if maybe_there and not desk.can_look_up:
                log.warning(
                    "desk %s cannot look bundle %s up; an earlier attempt may have reached it, sending again",
                    config.name,
                    entry.bundle_id,
                )
            ref = desk.create_ticket(submission)
    except (DeskError, BundleError) as exc:
        transient = isinstance(exc, DeskError) and exc.transient
        message = str(exc)
        next_at = utc_iso(now + backoff(entry.attempts)) if transient else ""
        entry = outbox.save(replace(entry, last_error=message, held=not transient, next_attempt_at=next_at))
        log.warning("bundle %s not sent (%s): %s", entry.bundle_id, "queued" if transient else "held", message)
        return SendResult(
            status=QUEUED if transient else HELD,
            bundle_id=entry.bundle_id,
            desk=config.name,
            error=message,
            error_kind=type(exc).__name__,
            attempts=entry.attempts,
            next_attempt_at=next_at,
        )
    request = SentRequest(
        bundle_id=entry.bundle_id,
        desk=config.name,
        kind=config.kind,
        ticket=ref.ticket,
        url=ref.url,
        summary=submission.ticket.summary[:200],
        sent_at=utc_iso(time.time()),
        sha256=entry.sha256,
        message_id=ref.message_id,
        priority=submission.ticket.priority.code,
        warning=ref.warning,
    )
    outbox.record(request)
    outbox.remove(entry.bundle_id)
    return _sent_result(request, already=already)


def flush_outbox(
    *,
    only_due: bool = False,
    settings: Settings | None = None,
    outbox: Outbox | None = None,
    wait: float = 30.0,
) -> FlushReport:
    """Try the waiting bundles, oldest first. ``only_due``: what the app's timer does (skips held
    bundles and those whose backoff has not run out); without it, everything is tried now."""
    table = desk_table(settings)
    outbox = outbox or Outbox()
    results, waiting = [], 0
    with outbox.lock(wait):
        entries, problems = outbox.entries()
        recorded = {r.bundle_id: r for r in outbox.requests()}
        unreachable: dict[str, str] = {}
        now = time.time()
        for entry in entries:
            if entry.bundle_id in recorded:  # sent, then stopped before the outbox copy was removed
                outbox.remove(entry.bundle_id)
                results.append(_sent_result(recorded[entry.bundle_id], already=True))
                continue
            if only_due and not entry.due(now):
                waiting += 1
                continue
            try:
                config = table.get(entry.desk)
            except DeskConfigError as exc:
                entry = outbox.save(replace(entry, held=True, last_error=str(exc)))
                results.append(_held(entry, exc))
                continue
            if entry.desk in unreachable:
                # one time-out per desk and flush is enough: the rest would wait just as long
                entry = outbox.save(replace(entry, next_attempt_at=utc_iso(now + backoff(max(entry.attempts, 1)))))
                results.append(_queued(entry, unreachable[entry.desk]))
                continue
            result = _attempt(entry, config, outbox)
            if result.error_kind == DeskUnreachableError.__name__:
                unreachable[entry.desk] = result.error
            results.append(result)
    return FlushReport(tuple(results), waiting, problems)


def _held(entry: OutboxEntry, exc: Exception) -> SendResult:
    return SendResult(
        HELD, entry.bundle_id, entry.desk, error=str(exc), error_kind=type(exc).__name__, attempts=entry.attempts
    )


def _queued(entry: OutboxEntry, error: str) -> SendResult:
    return SendResult(
        QUEUED,
        entry.bundle_id,
        entry.desk,
        error=error,
        error_kind=DeskUnreachableError.__name__,
        attempts=entry.attempts,
        next_attempt_at=entry.next_attempt_at,
    )


def outbox_entries(outbox: Outbox | None = None) -> tuple[tuple[OutboxEntry, ...], tuple[OutboxProblem, ...]]:
    return (outbox or Outbox()).entries()


def seconds_until_due(outbox: Outbox | None = None, *, now: float | None = None) -> float | None:
    """When the app's timer should flush next: 0 when something is due, None when nothing waits to retry."""
    entries, _ = (outbox or Outbox()).entries()
    now = time.time() if now is None else now
    times = [parse_iso(e.next_attempt_at) for e in entries if not e.held]
    if not times:
        return None
    return max(0.0, min(times) - now)


# ---------------------------------------------------------------------------- the loop back


def sent_requests(outbox: Outbox | None = None) -> tuple[SentRequest, ...]:
    """Every bundle a desk confirmed, newest first."""
    return tuple(sorted((outbox or Outbox()).requests(), key=lambda r: r.sent_at, reverse=True))


def my_requests(
    *, live: bool = True, settings: Settings | None = None, outbox: Outbox | None = None
) -> tuple[RequestView, ...]:
    """The sent requests with their live status from the desk (one call per ticket, each bounded
    by the desk's timeout; after a desk fails to answer once, its other tickets are not asked)."""
    table = desk_table(settings)
    views = []
    desks: dict[str, Desk | DeskError] = {}
    for request in sent_requests(outbox):
        if not live:
            views.append(RequestView(request))
            continue
        desk = desks.get(request.desk)
        if desk is None:
            try:
                desk = open_desk(table.get(request.desk))
            except DeskError as exc:
                desk = exc
            desks[request.desk] = desk
        if isinstance(desk, DeskError):
            views.append(RequestView(request, error=str(desk)))
            continue
        if not desk.can_read_status or not request.ticket:
            views.append(RequestView(request))
            continue
        try:
            views.append(RequestView(request, status=desk.ticket_status(request.ticket)))
        except DeskError as exc:
            if exc.transient:
                desks[request.desk] = exc
            views.append(RequestView(request, error=str(exc)))
    return tuple(views)


def _desk_for_ticket(ticket: str, desk: str | None, settings: Settings | None) -> DeskConfig:
    table = desk_table(settings)
    if desk is None:
        for request in sent_requests():
            if request.ticket == ticket:
                return table.get(request.desk)
    return table.get(desk)


def ticket_status(ticket: str, desk: str | None = None, *, settings: Settings | None = None) -> TicketStatus:
    """A ticket's state at its desk (the desk it was sent to, when it is one of "My requests")."""
    ticket = normalise_ticket_id(ticket)
    return open_desk(_desk_for_ticket(ticket, desk, settings)).ticket_status(ticket)


def fetch_ticket_bundle(
    ticket: str, desk: str | None = None, *, dest_dir: Path | None = None, settings: Settings | None = None
) -> FetchedBundle:
    """Download a ticket's bundle (for the agent) into ``dest_dir`` (default: ``<data>/received``).

    The file is not verified here; open it with :func:`kbdesk.core.bundle.open_bundle` (or
    ``inspect_bundle``), which checks every member and refuses unsafe archives.
    """
    ticket = normalise_ticket_id(ticket)
    config = _desk_for_ticket(ticket, desk, settings)
    dest = Path(dest_dir) if dest_dir else state_paths().data / "received"
    dest.mkdir(parents=True, exist_ok=True)
    return open_desk(config).fetch_bundle(ticket, dest)


def fetch_verified_bundle(
    ticket: str, desk: str | None = None, *, dest_dir: Path | None = None, settings: Settings | None = None
) -> FetchedBundle:
    """:func:`fetch_ticket_bundle`, then the checks ``kbdesk ticket open`` makes: every member matches the
    manifest, and the bundle is the one the ticket was made for. :class:`TamperedBundleError` (naming what
    differs, and where the file was kept) when not; the agent view then never shows it as the ticket's."""
    fetched = fetch_ticket_bundle(ticket, desk, dest_dir=dest_dir, settings=settings)
    cache = state_paths().cache
    cache.mkdir(parents=True, exist_ok=True)
    with open_bundle(fetched.path, temp_dir=cache) as opened:
        result, bundle_id = opened.verify, opened.bundle_id
    where = f"ticket {fetched.ticket} at desk '{fetched.desk}'"
    kept = f"The file is kept for inspection as {fetched.path}."
    if not result.ok:
        named = [
            f"{label} {', '.join(escape_invisible(n) for n in names[:5])}"
            for label, names in (("changed", result.changed), ("missing", result.missing), ("extra", result.extra))
            if names
        ]
        raise TamperedBundleError(
            f"the bundle of {where} does not match its manifest ({'; '.join(named) or 'damaged'}); refused",
            hint=f"Ask the user to send the request again. {kept}",
        )
    if fetched.desk_bundle_id and fetched.desk_bundle_id != bundle_id:
        raise TamperedBundleError(
            f"{where} was made for bundle {fetched.desk_bundle_id}, but its attachment is bundle {bundle_id}; refused",
            hint=kept,
        )
    return fetched


__all__ = [
    "BACKOFF_SECONDS",
    "FlushReport",
    "RequestView",
    "SendResult",
    "adapter_class",
    "backoff",
    "check_config",
    "check_desk",
    "desk_table",
    "fetch_ticket_bundle",
    "fetch_verified_bundle",
    "flush_outbox",
    "my_requests",
    "open_desk",
    "outbox_entries",
    "read_submission",
    "seconds_until_due",
    "send_bundle",
    "sent_requests",
    "ticket_status",
]
