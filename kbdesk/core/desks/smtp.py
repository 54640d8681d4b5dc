"""E-mail over SMTP: the universal channel, since every desk ingests mail (RT through ``rt-mailgate``).

One message per bundle: the ticket text as a ``text/plain`` body, the bundle as an
attachment, the bundle id in the subject (``[kbdesk-bundle <id>]``) and in the
``X-Kbdesk-Bundle-Id`` header, and a Message-ID made from the bundle id, so the
same bundle always carries the same Message-ID.

Transport security: implicit TLS (``tls``, port 465) or ``starttls`` (587), with
the certificate verified against the system's CAs or the desk's ``ca_file``; a
server that does not offer STARTTLS is refused, never fallen back from. ``none`` is
for a relay on the local network that takes mail without a login; a password is
never sent over it (the configuration refuses it).

What e-mail cannot guarantee: SMTP has no way to ask the desk whether it already
made a ticket for a bundle, so :attr:`SMTPDesk.can_look_up` is False. If kbdesk
is killed after the server accepted the message and before the outbox recorded
it, the next attempt sends the message again, and RT (like most desks) makes a
second ticket from it. The outbox chooses "at least once" over "maybe never"; the
repeated Message-ID and bundle id let the desk (or an agent) see and merge the
duplicate. docs/desks.md has the details.
"""

from __future__ import annotations

import smtplib
import ssl
import time
from email.message import EmailMessage
from email.utils import formatdate

from kbdesk import __version__
from kbdesk.core.desks.base import Desk, DeskCheck, Submission, TicketRef
from kbdesk.core.desks.http import network_error, tls_context
from kbdesk.core.desks.message import BUNDLE_MIME, requestor_from_contact, ticket_body, ticket_subject
from kbdesk.core.errors import (
    DeskAuthError,
    DeskConfigError,
    DeskError,
    DeskRejectedError,
    DeskTLSError,
    DeskUnreachableError,
)

BUNDLE_HEADER = "X-Kbdesk-Bundle-Id"


def message_id(bundle_id: str) -> str:
    return f"<bundle.{bundle_id}@kbdesk>"


class SMTPDesk(Desk):
    kind = "smtp"

    def _sender(self, submission: Submission | None) -> str:
        if self.config.sender:
            return self.config.sender
        contact = requestor_from_contact(submission.ticket.contact) if submission else ""
        if contact:
            return contact
        if "@" in self.config.user:
            return self.config.user
        raise DeskConfigError(
            f"desk '{self.name}': no sender address (the ticket's contact is not an e-mail address)",
            hint=f"Give one with 'kbdesk desk add {self.name} ... --from ADDRESS --replace'.",
        )

    def build_message(self, submission: Submission) -> EmailMessage:
        sender = self._sender(submission)
        message = EmailMessage()
        message["From"] = sender
        message["To"] = self.config.to
        contact = requestor_from_contact(submission.ticket.contact)
        if contact and contact != sender:
            message["Reply-To"] = contact
        message["Subject"] = ticket_subject(submission)
        message["Date"] = formatdate(localtime=False, usegmt=True)
        message["Message-ID"] = message_id(submission.bundle_id)
        message[BUNDLE_HEADER] = submission.bundle_id
        message["X-Kbdesk-Version"] = __version__
        message.set_content(ticket_body(submission), subtype="plain", charset="utf-8")
        maintype, subtype = BUNDLE_MIME.split("/")
        message.add_attachment(
            submission.path.read_bytes(), maintype=maintype, subtype=subtype, filename=submission.filename
        )
        return message

    def _connect(self) -> smtplib.SMTP:
        config = self.config
        where = f"{config.host}:{config.port}"
        context = tls_context(config.ca_file)
        client: smtplib.SMTP | None = None
        try:
            if config.security == "tls":
                client = smtplib.SMTP_SSL(config.host, config.port, timeout=config.timeout, context=context)
            else:
                client = smtplib.SMTP(config.host, config.port, timeout=config.timeout)
            client.ehlo()
            if config.security == "starttls":
                if not client.has_extn("starttls"):
                    raise DeskTLSError(
                        f"desk '{self.name}': {where} does not offer STARTTLS; nothing was sent in clear text",
                        hint="Use --tls if the server speaks TLS from the start (port 465).",
                    )
                client.starttls(context=context)
                client.ehlo()
            if config.user:
                client.login(config.user, self._secret)
            return client
        except BaseException as exc:
            if client is not None:
                _close(client)
            if isinstance(exc, DeskError):
                raise
            if isinstance(exc, Exception):
                raise self._error(exc, where) from None
            raise

    def _error(self, exc: Exception, where: str) -> DeskError:
        if isinstance(exc, smtplib.SMTPAuthenticationError):
            # the server's text is not repeated: some echo what they were sent
            return DeskAuthError(
                f"desk '{self.name}': {where} refused the user name or password (SMTP {exc.smtp_code})",
                hint="Check the user and the password.",
            )
        if isinstance(exc, smtplib.SMTPNotSupportedError):
            return DeskRejectedError(f"desk '{self.name}': {where} does not support what is needed ({exc})")
        if isinstance(exc, smtplib.SMTPRecipientsRefused):
            codes = sorted({code for code, _ in exc.recipients.values()})
            return self._by_code(codes[0] if codes else 550, where, "refused the recipient")
        if isinstance(exc, smtplib.SMTPResponseException):
            return self._by_code(exc.smtp_code, where, "refused the message")
        if isinstance(exc, (smtplib.SMTPServerDisconnected, smtplib.SMTPConnectError)):
            return DeskUnreachableError(f"desk '{self.name}': {where} closed the connection")
        if not isinstance(exc, OSError):
            return DeskRejectedError(f"desk '{self.name}': {where}: {type(exc).__name__}")
        return network_error(self.name, where, exc, self.config.timeout)

    def _by_code(self, code: int, where: str, what: str) -> DeskError:
        if 400 <= code < 500:  # 4xx: try again later (greylisting, a full queue)
            return DeskUnreachableError(f"desk '{self.name}': {where} {what} for now (SMTP {code})")
        return DeskRejectedError(f"desk '{self.name}': {where} {what} (SMTP {code})")

    def check(self) -> DeskCheck:
        started = time.perf_counter()
        client = self._connect()
        where = f"{self.config.host}:{self.config.port}"
        try:
            lines = [f"{where} answers"]
            sock = client.sock
            if isinstance(sock, ssl.SSLSocket):
                lines.append(f"{sock.version()} with a verified certificate ({self.config.security})")
            else:
                lines.append("no encryption (security none)")
            if self.config.user:
                lines.append(f"login as {self.config.user} accepted")
            code, _ = client.noop()
            if code != 250:
                raise self._by_code(code, where, "did not accept NOOP")
            lines.append(f"bundles go to {self.config.to}")
        except (smtplib.SMTPException, OSError) as exc:
            raise self._error(exc, where) from None
        finally:
            _close(client)
        return DeskCheck(self.name, True, tuple(lines), time.perf_counter() - started)

    def create_ticket(self, submission: Submission) -> TicketRef:
        message = self.build_message(submission)
        where = f"{self.config.host}:{self.config.port}"
        client = self._connect()
        try:
            client.send_message(message, from_addr=message["From"], to_addrs=[self.config.to])
        except (smtplib.SMTPException, OSError) as exc:
            raise self._error(exc, where) from None
        finally:
            _close(client)
        return TicketRef(self.name, submission.bundle_id, message_id=message_id(submission.bundle_id))


def _close(client: smtplib.SMTP) -> None:
    try:
        client.quit()
    except (smtplib.SMTPException, OSError):
        client.close()
