"""Request Tracker 5 over REST2 (``/REST/2.0``), with a token or a user and password.

One ``POST /ticket`` makes the ticket: queue, subject, requestor, priority, the text
body and the bundle as a base64 attachment in the same JSON request, so a ticket
never exists without its bundle. Custom fields ``kbdesk Bundle ID`` and ``kbdesk
Version`` are filled in where the queue has them (RT ignores custom fields a queue
does not have, so the adapter reads the queue first and sends only those it has).

Looking a bundle up (:meth:`RTDesk.find_ticket`) searches ``CF.{kbdesk Bundle ID}``
when the queue has that field, else the ``[kbdesk-bundle <id>]`` tag of the subject.

Facts about RT 5.0.3 that shaped this (measured against Debian's package, see
scripts/servers/rt.sh): REST2 answers attachments base64-encoded in JSON (4/3 of the
file plus a little); the text is shown as it is, so it is sent as ``text/plain``;
the web link of a ticket is ``<url>/Ticket/Display.html?id=<n>``.
"""

from __future__ import annotations

import base64
import binascii
import json
import logging
import re
import time
from pathlib import Path
from urllib.parse import quote, urlencode

from kbdesk.core.bundle import BUNDLE_SUFFIX, DEFAULT_LIMITS, file_sha256, safe_attachment_name
from kbdesk.core.desks.base import Desk, DeskCheck, FetchedBundle, Submission, TicketRef, TicketStatus
from kbdesk.core.desks.config import DeskConfig
from kbdesk.core.desks.http import HttpClient, Response
from kbdesk.core.desks.message import BUNDLE_MIME, requestor_from_contact, subject_tag, ticket_body, ticket_subject
from kbdesk.core.errors import DeskError, DeskRejectedError, TicketNotFoundError
from kbdesk.core.fsutil import atomic_write_bytes
from kbdesk.core.jsontypes import JSONObject

log = logging.getLogger(__name__)

BUNDLE_ID_FIELD = "kbdesk Bundle ID"
VERSION_FIELD = "kbdesk Version"
_UUID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")
_TICKET_ID = re.compile(r"^[1-9][0-9]{0,11}$")
#: RT's default lifecycle: statuses that mean "done"; everything else but "new" is open
_INACTIVE = {"resolved", "rejected", "deleted"}


def state_for(status: str) -> str:
    status = status.strip().lower()
    if status == "new":
        return "new"
    return "resolved" if status in _INACTIVE else "open"


def check_ticket_id(ticket: str) -> str:
    ticket = str(ticket).strip().lstrip("#")
    if not _TICKET_ID.match(ticket):
        raise TicketNotFoundError(f"{ticket!r} is not an RT ticket number")
    return ticket


class RTDesk(Desk):
    kind = "rt"
    can_look_up = True
    can_read_status = True
    can_fetch = True

    def __init__(self, config: DeskConfig, secret: str = "") -> None:
        super().__init__(config, secret)
        self.base = config.url.rstrip("/")
        self.api = self.base + "/REST/2.0"
        self.http = HttpClient(config.name, timeout=config.timeout, ca_file=config.ca_file)
        self._queue: JSONObject | None = None

    # ------------------------------------------------------------------ plumbing

    def _headers(self, json_body: bool = False) -> dict[str, str]:
        if self.config.user:
            pair = f"{self.config.user}:{self._secret}".encode()
            auth = "Basic " + base64.b64encode(pair).decode("ascii")
        else:
            auth = "token " + self._secret
        headers = {"Authorization": auth, "Accept": "application/json"}
        if json_body:
            headers["Content-Type"] = "application/json; charset=utf-8"
        return headers

    def _get(self, path: str, *, max_bytes: int | None = None) -> Response:
        if max_bytes:
            return self.http.request("GET", self.api + path, headers=self._headers(), max_bytes=max_bytes)
        return self.http.request("GET", self.api + path, headers=self._headers())

    def _json(self, response: Response, what: str) -> JSONObject:
        value = response.json(f"desk '{self.name}': {what}")
        if not isinstance(value, dict):
            raise DeskRejectedError(f"desk '{self.name}': {what}: the answer is not a JSON object")
        return value

    def ticket_url(self, ticket: str) -> str:
        return f"{self.base}/Ticket/Display.html?id={ticket}"

    def queue_info(self) -> JSONObject:
        """The queue as REST2 shows it (id, custom fields, whether we may create); read once."""
        if self._queue is None:
            response = self._get("/queue/" + quote(self.config.queue, safe=""))
            if response.status == 404:
                raise DeskRejectedError(
                    f"desk '{self.name}': there is no queue '{self.config.queue}' (or this user cannot see it)",
                    hint="Check the queue name and the user's SeeQueue right.",
                )
            self._queue = self._json(response, "queue")
        return self._queue

    def queue_fields(self) -> set[str]:
        fields = self.queue_info().get("TicketCustomFields")
        if not isinstance(fields, list):
            return set()
        return {name for f in fields if isinstance(f, dict) and isinstance(name := f.get("name"), str)}

    def _may_create(self) -> bool:
        links = self.queue_info().get("_hyperlinks")
        return isinstance(links, list) and any(isinstance(h, dict) and h.get("ref") == "create" for h in links)

    # ------------------------------------------------------------------ the interface

    def check(self) -> DeskCheck:
        started = time.perf_counter()
        lines = []
        about = self._json(self._get("/rt"), "version")
        lines.append(f"RT {about.get('Version', '?')} answers at {self.base}; the credentials were accepted")
        info = self.queue_info()
        may_create = self._may_create()
        lines.append(
            f"queue '{self.config.queue}' (id {info.get('id', '?')}): "
            + ("this user may create tickets" if may_create else "this user may NOT create tickets (CreateTicket)")
        )
        fields = self.queue_fields()
        if BUNDLE_ID_FIELD in fields:
            lines.append(f"custom field '{BUNDLE_ID_FIELD}': tickets are found by bundle id")
        else:
            lines.append(f"no custom field '{BUNDLE_ID_FIELD}' in the queue: tickets are found by their subject")
        if VERSION_FIELD in fields:
            lines.append(f"custom field '{VERSION_FIELD}': filled with the kbdesk version")
        return DeskCheck(self.name, may_create, tuple(lines), time.perf_counter() - started)

    def create_ticket(self, submission: Submission) -> TicketRef:
        fields = self.queue_fields()
        custom: JSONObject = {}
        if BUNDLE_ID_FIELD in fields:
            custom[BUNDLE_ID_FIELD] = submission.bundle_id
        if VERSION_FIELD in fields:
            custom[VERSION_FIELD] = submission.kbdesk_version
        content = submission.path.read_bytes()
        payload: JSONObject = {
            "Queue": self.config.queue,
            "Subject": ticket_subject(submission),
            "Priority": self.config.rt_priority(submission.ticket.priority.code),
            "Content": ticket_body(
                submission, open_hint=f"Open it with: kbdesk ticket open --desk {self.name} <this ticket's number>"
            ),
            "ContentType": "text/plain",
            "Attachments": [
                {
                    "FileName": submission.filename,
                    "FileType": BUNDLE_MIME,
                    "FileContent": base64.b64encode(content).decode("ascii"),
                }
            ],
        }
        requestor = requestor_from_contact(submission.ticket.contact)
        if requestor:
            payload["Requestor"] = requestor
        if custom:
            payload["CustomFields"] = custom
        body = json.dumps(payload, ensure_ascii=False).encode("utf-8")
        response = self.http.request("POST", self.api + "/ticket", headers=self._headers(True), body=body)
        if response.status == 404:
            raise DeskRejectedError(f"desk '{self.name}': {self.api}/ticket was not found; is this an RT 5 address?")
        answer = self._json(response, "new ticket")
        ticket = str(answer.get("id", ""))
        if not _TICKET_ID.match(ticket):
            raise DeskRejectedError(f"desk '{self.name}': the new ticket's answer has no ticket number")
        log.info("desk %s: bundle %s is ticket %s", self.name, submission.bundle_id, ticket)
        return TicketRef(
            self.name,
            submission.bundle_id,
            ticket,
            self.ticket_url(ticket),
            warning=self.check_kept(ticket, submission),
        )

    def check_kept(self, ticket: str, submission: Submission) -> str:
        """'' when RT kept the whole bundle; else a warning. RT drops or truncates attachments over
        $MaxAttachmentSize (10 MB by default) when $DropLongAttachments/$TruncateLongAttachments is set."""
        try:
            kept = self._bundle_attachment(ticket)
        except DeskError as exc:  # the ticket exists; a failed check must not make a second one
            log.warning("desk %s: could not check ticket %s's attachment: %s", self.name, ticket, exc)
            return ""
        if kept is not None and kept[2] == submission.size:
            return ""
        size = f"{kept[2]:,} of {submission.size:,} bytes" if kept else f"none of the {submission.size:,} bytes"
        warning = (
            f"desk '{self.name}' kept {size} of the bundle in ticket {ticket} "
            "(RT's $MaxAttachmentSize with $DropLongAttachments or $TruncateLongAttachments?)"
        )
        log.warning("%s", warning)
        return warning

    def find_ticket(self, bundle_id: str) -> TicketRef | None:
        if not _UUID.match(bundle_id):
            # the id goes into TicketSQL; only the shape kbdesk writes is ever searched for
            raise DeskRejectedError(f"{bundle_id!r} is not a kbdesk bundle id")
        queue = self.queue_info().get("id")
        scope = f"Queue = {int(queue)}" if isinstance(queue, (int, str)) and str(queue).isdigit() else ""
        if BUNDLE_ID_FIELD in self.queue_fields():
            match = f"'CF.{{{BUNDLE_ID_FIELD}}}' = '{bundle_id}'"
        else:
            match = f"Subject LIKE '{subject_tag(bundle_id)}'"
        query = f"{scope} AND {match}" if scope else match
        params = urlencode({"query": query, "fields": "Subject,Status", "orderby": "id", "order": "ASC"})
        found = self._json(self._get("/tickets?" + params), "search")
        items = found.get("items")
        if not isinstance(items, list):
            return None
        for item in items:
            ticket = str(item.get("id", "")) if isinstance(item, dict) else ""
            if _TICKET_ID.match(ticket):
                return TicketRef(self.name, bundle_id, ticket, self.ticket_url(ticket))
        return None

    def _ticket(self, ticket: str) -> JSONObject:
        ticket = check_ticket_id(ticket)
        response = self._get(f"/ticket/{ticket}")
        if response.status == 404:
            raise TicketNotFoundError(f"desk '{self.name}' has no ticket {ticket} (or this user cannot see it)")
        return self._json(response, f"ticket {ticket}")

    def ticket_status(self, ticket: str) -> TicketStatus:
        data = self._ticket(ticket)
        status = str(data.get("Status", "") or "")
        return TicketStatus(
            desk=self.name,
            ticket=check_ticket_id(ticket),
            state=state_for(status),
            status=status,
            url=self.ticket_url(check_ticket_id(ticket)),
            subject=str(data.get("Subject", "") or ""),
            updated_at=str(data.get("LastUpdated", "") or ""),
        )

    def ticket_bundle_id(self, data: JSONObject) -> str:
        fields = data.get("CustomFields")
        for field in fields if isinstance(fields, list) else []:
            if isinstance(field, dict) and field.get("name") == BUNDLE_ID_FIELD:
                values = field.get("values")
                if isinstance(values, list) and values and isinstance(values[0], str):
                    return values[0]
        match = re.search(r"\[kbdesk-bundle ([0-9a-f-]{36})\]", str(data.get("Subject", "")))
        return match.group(1) if match else ""

    def fetch_bundle(self, ticket: str, dest_dir: Path) -> FetchedBundle:
        ticket = check_ticket_id(ticket)
        data = self._ticket(ticket)
        limit = DEFAULT_LIMITS.max_total_bytes
        attachment = self._bundle_attachment(ticket)
        if attachment is None:
            raise TicketNotFoundError(f"desk '{self.name}': ticket {ticket} has no {BUNDLE_SUFFIX} attachment")
        attachment_id, filename, length = attachment
        if length > limit:
            raise DeskRejectedError(
                f"desk '{self.name}': the bundle of ticket {ticket} is {length} bytes, over {limit}"
            )
        # base64 is 4/3 of the file; the JSON around it is small
        response = self._get(f"/attachment/{attachment_id}", max_bytes=limit * 4 // 3 + 1024 * 1024)
        answer = self._json(response, f"attachment {attachment_id}")
        encoded = answer.get("Content")
        if not isinstance(encoded, str):
            raise DeskRejectedError(f"desk '{self.name}': attachment {attachment_id} came without content")
        try:
            # RT wraps the base64 in lines, as MIME does
            content = base64.b64decode("".join(encoded.split()), validate=True)
        except (binascii.Error, ValueError):
            raise DeskRejectedError(f"desk '{self.name}': attachment {attachment_id} is not valid base64") from None
        name = safe_attachment_name(f"{self.name}-{ticket}-{filename}")
        if not name.endswith(BUNDLE_SUFFIX):
            name += BUNDLE_SUFFIX
        path = Path(dest_dir) / name
        atomic_write_bytes(path, content)
        return FetchedBundle(
            desk=self.name,
            ticket=ticket,
            path=path,
            filename=filename,
            sha256=file_sha256(path),
            size=len(content),
            desk_bundle_id=self.ticket_bundle_id(data),
        )

    def _bundle_attachment(self, ticket: str) -> tuple[str, str, int] | None:
        """(id, file name, size) of the ticket's first .kbbundle attachment: the one it was created with."""
        for page in range(1, 11):
            params = urlencode({"fields": "Filename,ContentLength", "per_page": 100, "page": page})
            answer = self._json(self._get(f"/ticket/{ticket}/attachments?{params}"), "attachments")
            items = answer.get("items")
            if not isinstance(items, list) or not items:
                return None
            found: list[tuple[int, str, int]] = []
            for item in items:
                if not isinstance(item, dict):
                    continue
                filename = item.get("Filename")
                if (
                    isinstance(filename, str)
                    and filename.lower().endswith(BUNDLE_SUFFIX)
                    and _whole(item.get("id")) > 0
                ):
                    found.append((_whole(item.get("id")), filename, _whole(item.get("ContentLength"))))
            if found:
                attachment_id, filename, length = min(found)
                return str(attachment_id), filename, length
            pages = answer.get("pages")
            if not isinstance(pages, int) or page >= pages:
                return None
        return None


def _whole(value: object) -> int:
    """A non-negative whole number from an answer's "12" or 12; 0 for anything else."""
    text = str(value) if isinstance(value, (int, str)) and not isinstance(value, bool) else ""
    return int(text) if text.isdigit() and len(text) < 19 else 0
