""" "My requests" as rows: what was sent and what waits, with the desk's status now or the last one known.

The app's "My requests" page shows one row per escalation from this computer:

* bundles still in the outbox: ``queued`` (the app retries them by itself) or ``held``
  (waiting for a person: wrong token, unknown queue);
* bundles a desk confirmed (``requests.json``), with their state at the desk (new, open,
  resolved) read live when the desk answers.

A desk that cannot be reached must not leave the page empty or blank the states it showed
before, so every status read from a desk is remembered with the time it was read
(``<data>/request_status.json``, versioned, atomic writes). Offline, a row shows its last
known state and when that was; :attr:`RequestRow.live` tells the two apart.

The status file is a cache: a damaged, foreign or newer one is ignored (and replaced on the
next successful read), never an error; it is read with a size limit like every state file.
"""

from __future__ import annotations

import json
import logging
import time
from collections.abc import Mapping
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING

from kbdesk.core.desks.base import STATES
from kbdesk.core.desks.outbox import Outbox, OutboxEntry, text_field, utc_iso
from kbdesk.core.desks.service import HELD, QUEUED, SENT, RequestView, my_requests
from kbdesk.core.fsutil import atomic_write_text
from kbdesk.core.jsontypes import JSONObject, JSONValue
from kbdesk.core.paths import state_paths

if TYPE_CHECKING:
    from kbdesk.core.settings import Settings

log = logging.getLogger(__name__)

STATUS_FORMAT = "kbdesk-request-status"
STATUS_VERSION = 1
#: far above what thousands of requests need (about 300 bytes each); a larger file is not ours to parse
MAX_STATUS_BYTES = 4 * 1024 * 1024


@dataclass(frozen=True)
class KnownStatus:
    """A ticket's state as the desk last told it, and when (UTC, ``2026-03-01T10:00:00Z``)."""

    state: str
    status: str
    url: str
    checked_at: str

    def to_json(self) -> JSONObject:
        return {"state": self.state, "status": self.status, "url": self.url, "checked_at": self.checked_at}


@dataclass(frozen=True)
class RequestRow:
    """One escalation as "My requests" shows it."""

    bundle_id: str
    desk: str
    summary: str
    #: ``queued`` / ``held`` (in the outbox) or ``sent`` (the desk confirmed it)
    delivery: str
    #: when it was sent, or queued (UTC)
    at: str
    ticket: str = ""
    url: str = ""
    #: new / open / resolved, read now (``live``) or the last known; '' when no desk ever said
    state: str = ""
    #: the desk's own word ("stalled", "rejected")
    status: str = ""
    #: when ``state`` was read from the desk ('' when never)
    checked_at: str = ""
    live: bool = False
    #: why it waits (queued, held), or why its status could not be read now; never a secret
    error: str = ""
    attempts: int = 0
    next_attempt_at: str = ""

    @property
    def label(self) -> str:
        """What the row's status column says: queued, held, new, open, resolved, or sent (no state known)."""
        if self.delivery != SENT:
            return self.delivery
        return self.state or SENT


# ---------------------------------------------------------------------------- the status memory


def status_file() -> Path:
    return state_paths().data / "request_status.json"


def statuses_from_json(data: JSONValue) -> dict[str, KnownStatus]:
    """The remembered statuses by bundle id; ValueError when ``data`` is not a status document we can read."""
    if not isinstance(data, dict) or data.get("format") != STATUS_FORMAT:
        raise ValueError(f"not a {STATUS_FORMAT} document")
    version = data.get("version")
    if not isinstance(version, int) or isinstance(version, bool) or not 1 <= version <= STATUS_VERSION:
        raise ValueError(f"version {version!r} is not one this kbdesk reads")
    items = data.get("statuses")
    if not isinstance(items, dict):
        raise ValueError("'statuses' is not a table")
    known: dict[str, KnownStatus] = {}
    for bundle_id, item in items.items():
        if not isinstance(item, dict):
            continue  # one bad entry costs only its own row's memory
        try:
            status = KnownStatus(*(text_field(item, key) for key in ("state", "status", "url", "checked_at")))
        except ValueError:
            continue
        if status.state in STATES:
            known[str(bundle_id)[:200]] = status
    return known


def load_statuses(path: Path | None = None) -> dict[str, KnownStatus]:
    """The remembered statuses; {} when there are none, or the file is damaged, too large or from a newer kbdesk."""
    path = path or status_file()
    try:
        with open(path, "rb") as handle:
            raw = handle.read(MAX_STATUS_BYTES + 1)
    except FileNotFoundError:
        return {}
    except OSError as exc:
        log.warning("cannot read the remembered request statuses %s: %s", path, exc.strerror or exc)
        return {}
    try:
        if len(raw) > MAX_STATUS_BYTES:
            raise ValueError(f"larger than {MAX_STATUS_BYTES} bytes")
        return statuses_from_json(json.loads(raw.decode("utf-8")))
    except (UnicodeDecodeError, ValueError, RecursionError) as exc:
        log.warning("ignoring the remembered request statuses %s: %s", path, exc)
        return {}


def save_statuses(known: Mapping[str, KnownStatus], path: Path | None = None) -> None:
    path = path or status_file()
    doc: JSONObject = {
        "format": STATUS_FORMAT,
        "version": STATUS_VERSION,
        "statuses": {bundle_id: status.to_json() for bundle_id, status in sorted(known.items())},
    }
    try:
        atomic_write_text(path, json.dumps(doc, indent=1, ensure_ascii=False) + "\n")
    except OSError as exc:  # a cache: the page still shows what it read now
        log.warning("cannot remember the request statuses in %s: %s", path, exc.strerror or exc)


# ---------------------------------------------------------------------------- rows


def _waiting_row(entry: OutboxEntry) -> RequestRow:
    return RequestRow(
        bundle_id=entry.bundle_id,
        desk=entry.desk,
        summary=entry.summary,
        delivery=entry.state,
        at=entry.queued_at,
        error=entry.last_error,
        attempts=entry.attempts,
        next_attempt_at=entry.next_attempt_at,
    )


def _sent_row(view: RequestView, known: KnownStatus | None, now: str) -> RequestRow:
    request = view.request
    row = RequestRow(
        bundle_id=request.bundle_id,
        desk=request.desk,
        summary=request.summary,
        delivery=SENT,
        at=request.sent_at,
        ticket=request.ticket,
        url=request.url,
        error=view.error,
    )
    status = view.status
    if status is not None:
        return replace(
            row, state=status.state, status=status.status, url=status.url or request.url, checked_at=now, live=True
        )
    if known is not None:
        return replace(
            row, state=known.state, status=known.status, url=known.url or request.url, checked_at=known.checked_at
        )
    return row


def request_rows(
    *,
    live: bool = True,
    settings: Settings | None = None,
    outbox: Outbox | None = None,
    statuses: Path | None = None,
    now: float | None = None,
) -> tuple[RequestRow, ...]:
    """Every escalation from here: the waiting ones first (oldest first), then the sent ones, newest first.

    ``live``: ask each desk for its tickets' states now (blocking, each call bounded by the desk's
    timeout; a desk that fails once is not asked again in the same call) and remember what they
    said. Without it, or where a desk does not answer, the last known state is shown with its time.
    """
    outbox = outbox or Outbox()
    entries, _problems = outbox.entries()
    known = load_statuses(statuses)
    moment = utc_iso(time.time() if now is None else now)
    rows = [_waiting_row(e) for e in entries]
    learned = False
    for view in my_requests(live=live, settings=settings, outbox=outbox):
        row = _sent_row(view, known.get(view.request.bundle_id), moment)
        rows.append(row)
        if row.live:
            known[row.bundle_id] = KnownStatus(row.state, row.status, row.url, moment)
            learned = True
    if learned:
        save_statuses(known, statuses)
    return tuple(rows)


__all__ = [
    "HELD",
    "QUEUED",
    "SENT",
    "KnownStatus",
    "RequestRow",
    "load_statuses",
    "request_rows",
    "save_statuses",
    "status_file",
    "statuses_from_json",
]
