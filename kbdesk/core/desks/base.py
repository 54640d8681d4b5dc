"""The interface every desk adapter implements, and the frozen results that cross it.

An adapter is a small class over one kind of service desk. It does four things,
each a blocking call bounded by the desk's ``timeout`` (the GUI runs them on a
worker; nothing here touches Qt):

* :meth:`Desk.create_ticket`: one ticket with the bundle attached;
* :meth:`Desk.find_ticket`: the ticket already made for a bundle id, if the desk can tell
  (what makes "exactly one ticket per bundle" possible after a crash);
* :meth:`Desk.ticket_status`: new / open / resolved, and the desk's link;
* :meth:`Desk.fetch_bundle`: the ``.kbbundle`` attached to a ticket, for the agent.

Failures are typed (:mod:`kbdesk.core.errors`): :class:`~kbdesk.core.errors.DeskUnreachableError`
is the only one the outbox retries by itself. docs/desks.md says how to add an adapter.
"""

from __future__ import annotations

import abc
from dataclasses import dataclass
from pathlib import Path
from typing import ClassVar

from kbdesk.core.bundle import Ticket
from kbdesk.core.desks.config import DeskConfig
from kbdesk.core.errors import DeskUnsupportedError

#: the three states "My requests" shows; every desk's own statuses map onto them
STATES = ("new", "open", "resolved")


@dataclass(frozen=True)
class Submission:
    """A verified bundle on its way to a desk: what the adapter needs, read from the bundle once."""

    bundle_id: str
    path: Path
    #: the attachment's file name
    filename: str
    sha256: str
    size: int
    ticket: Ticket
    created_at: str
    #: the kbdesk version that made the bundle
    kbdesk_version: str


@dataclass(frozen=True)
class TicketRef:
    """Where a bundle went: the desk's ticket id and link ('' when the desk gives none, as e-mail)."""

    desk: str
    bundle_id: str
    ticket: str = ""
    url: str = ""
    #: e-mail desks: the Message-ID of the message that carried the bundle
    message_id: str = ""
    #: the ticket exists but something about it is not as sent (RT kept a shortened bundle)
    warning: str = ""


@dataclass(frozen=True)
class TicketStatus:
    desk: str
    ticket: str
    #: one of :data:`STATES`
    state: str
    #: the desk's own word for it ("stalled", "rejected", ...)
    status: str
    url: str = ""
    subject: str = ""
    updated_at: str = ""


@dataclass(frozen=True)
class DeskCheck:
    """What ``kbdesk desk test`` found: ``ok`` only when a ticket could be created."""

    desk: str
    ok: bool
    lines: tuple[str, ...]
    seconds: float


@dataclass(frozen=True)
class FetchedBundle:
    desk: str
    ticket: str
    path: Path
    filename: str
    sha256: str
    size: int
    #: the bundle id the desk recorded for the ticket ('' when it has none)
    desk_bundle_id: str = ""


class Desk(abc.ABC):
    """One configured desk, with its secret already resolved (never logged, never in a message)."""

    kind: ClassVar[str]
    #: whether :meth:`find_ticket` can answer; without it, a retry after a crash may duplicate
    can_look_up: ClassVar[bool] = False
    can_read_status: ClassVar[bool] = False
    can_fetch: ClassVar[bool] = False

    def __init__(self, config: DeskConfig, secret: str = "") -> None:
        self.config = config
        self._secret = secret

    @property
    def name(self) -> str:
        return self.config.name

    def __repr__(self) -> str:  # never the secret
        return f"<{type(self).__name__} {self.config.name!r} {self.config.target}>"

    @abc.abstractmethod
    def check(self) -> DeskCheck:
        """Reach the desk, log in, and check that tickets can be created; never creates one."""

    @abc.abstractmethod
    def create_ticket(self, submission: Submission) -> TicketRef:
        """Create one ticket with the bundle attached."""

    def find_ticket(self, bundle_id: str) -> TicketRef | None:
        """The ticket already made for ``bundle_id``, or None. Only called when :attr:`can_look_up`."""
        raise DeskUnsupportedError(f"desk '{self.name}' ({self.kind}) cannot look tickets up")

    def ticket_status(self, ticket: str) -> TicketStatus:
        raise DeskUnsupportedError(
            f"desk '{self.name}' is an {self.kind} desk: it cannot report a ticket's status",
            hint="The desk answers by e-mail with its ticket number.",
        )

    def fetch_bundle(self, ticket: str, dest_dir: Path) -> FetchedBundle:
        raise DeskUnsupportedError(f"desk '{self.name}' ({self.kind}) cannot fetch a ticket's bundle")


def normalise_ticket_id(value: str) -> str:
    """``42``, ``#42`` and ``RT#42`` all mean ticket 42."""
    text = str(value).strip()
    for prefix in ("rt#", "#"):
        if text.lower().startswith(prefix):
            text = text[len(prefix) :]
    return text
