"""Service desks: send escalation bundles into Request Tracker, by e-mail or to a folder, through an
outbox that loses nothing and duplicates nothing; read tickets' status and fetch their bundles.

Qt-free and blocking: every function that touches the network is bounded by the desk's
timeout and is meant to run on a worker (the GUI's task runner) or in the CLI. Results are
frozen dataclasses; failures are the typed ``Desk*Error`` classes of :mod:`kbdesk.core.errors`.

One module per adapter (``rt``, ``smtp``, ``file``) behind :class:`~kbdesk.core.desks.base.Desk`;
``outbox`` keeps what waits and what was sent; ``service`` ties them together. docs/desks.md
describes the whole and how to add an adapter.
"""

from __future__ import annotations

from kbdesk.core.desks.base import STATES, Desk, DeskCheck, FetchedBundle, Submission, TicketRef, TicketStatus
from kbdesk.core.desks.config import (
    KINDS,
    DeskConfig,
    DeskTable,
    desk_from_mapping,
    read_desks,
    with_desk,
    without_desk,
)
from kbdesk.core.desks.outbox import Outbox, OutboxEntry, OutboxProblem, SentRequest
from kbdesk.core.desks.service import (
    BACKOFF_SECONDS,
    FlushReport,
    RequestView,
    SendResult,
    check_config,
    check_desk,
    desk_table,
    fetch_ticket_bundle,
    fetch_verified_bundle,
    flush_outbox,
    my_requests,
    open_desk,
    outbox_entries,
    read_submission,
    seconds_until_due,
    send_bundle,
    sent_requests,
    ticket_status,
)

__all__ = [
    "BACKOFF_SECONDS",
    "KINDS",
    "STATES",
    "Desk",
    "DeskCheck",
    "DeskConfig",
    "DeskTable",
    "FetchedBundle",
    "FlushReport",
    "Outbox",
    "OutboxEntry",
    "OutboxProblem",
    "RequestView",
    "SendResult",
    "SentRequest",
    "Submission",
    "TicketRef",
    "TicketStatus",
    "check_config",
    "check_desk",
    "desk_from_mapping",
    "desk_table",
    "fetch_ticket_bundle",
    "fetch_verified_bundle",
    "flush_outbox",
    "my_requests",
    "open_desk",
    "outbox_entries",
    "read_desks",
    "read_submission",
    "seconds_until_due",
    "send_bundle",
    "sent_requests",
    "ticket_status",
    "with_desk",
    "without_desk",
]
