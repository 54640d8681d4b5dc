"""HTTP for desk adapters: one request, a time limit, a size limit, typed errors, no redirects.

Plain ``urllib`` rather than a client library: an adapter needs a handful of JSON
calls, and what matters is what this module enforces on every one of them:

* ``timeout`` on connecting and on every read (a desk that accepts the connection and
  then says nothing counts as unreachable, so the bundle is queued, not stuck);
* a limit on the bytes read from the answer (desk answers are untrusted input);
* no redirects: urllib would replay the ``Authorization`` header to wherever a
  redirect points; a redirect is reported with the address to configure instead;
* certificate verification always on (the system's CAs, or the desk's ``ca_file``);
* errors that name the desk, the host and what went wrong, never a header or a secret;
  :class:`~kbdesk.core.errors.DeskUnreachableError` only for what may pass by itself
  (refused, time-out, DNS, HTTP 5xx and 429), which the outbox retries.
"""

from __future__ import annotations

import http.client
import json
import logging
import socket
import ssl
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from email.message import Message as HTTPMessage
from typing import IO
from urllib.parse import urlsplit

from kbdesk.core.errors import (
    DeskAuthError,
    DeskConfigError,
    DeskError,
    DeskRejectedError,
    DeskTLSError,
    DeskUnreachableError,
)
from kbdesk.core.jsontypes import JSONValue

log = logging.getLogger(__name__)

#: JSON answers (a ticket, a search page) are small; 8 MB is far above any real one
MAX_JSON_BYTES = 8 * 1024 * 1024


@dataclass(frozen=True)
class Response:
    status: int
    body: bytes
    content_type: str

    def json(self, what: str) -> JSONValue:
        if "json" not in self.content_type:
            raise DeskRejectedError(f"{what}: the desk answered {self.content_type or 'something'}, not JSON")
        try:
            value: JSONValue = json.loads(self.body.decode("utf-8"))
            return value
        except (UnicodeDecodeError, ValueError, RecursionError) as exc:
            raise DeskRejectedError(f"{what}: the desk's answer is not valid JSON ({type(exc).__name__})") from None


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(
        self,
        req: urllib.request.Request,
        fp: IO[bytes],
        code: int,
        msg: str,
        headers: HTTPMessage,
        newurl: str,
    ) -> urllib.request.Request | None:
        fp.close()
        raise DeskRejectedError(
            f"the desk answered with a redirect (HTTP {code}) to {newurl.split('?')[0]}",
            hint="Configure the desk with the address it redirects to.",
        )


def tls_context(ca_file: str = "") -> ssl.SSLContext:
    try:
        return ssl.create_default_context(cafile=ca_file or None)
    except (OSError, ssl.SSLError) as exc:
        raise DeskConfigError(f"cannot use the CA file {ca_file}: {getattr(exc, 'strerror', None) or exc}") from None


class HttpClient:
    """Requests to one desk; ``desk`` names it in every error."""

    def __init__(self, desk: str, *, timeout: float, ca_file: str = "") -> None:
        self.desk = desk
        self.timeout = timeout
        self._opener = urllib.request.build_opener(
            urllib.request.HTTPSHandler(context=tls_context(ca_file)), _NoRedirect()
        )

    def request(
        self,
        method: str,
        url: str,
        *,
        headers: dict[str, str] | None = None,
        body: bytes | None = None,
        max_bytes: int = MAX_JSON_BYTES,
        ok: tuple[int, ...] = (200, 201),
    ) -> Response:
        """One request; statuses outside ``ok`` raise a typed error (404 returns, for lookups)."""
        where = self._where(url)
        request = urllib.request.Request(url, data=body, method=method, headers=headers or {})
        started = time.perf_counter()
        try:
            with self._opener.open(request, timeout=self.timeout) as answer:
                data = answer.read(max_bytes + 1)
                status = answer.status
                content_type = answer.headers.get("Content-Type", "")
        except urllib.error.HTTPError as exc:
            status = exc.code
            content_type = exc.headers.get("Content-Type", "") if exc.headers else ""
            try:
                data = exc.read(64 * 1024)
            except (OSError, http.client.HTTPException):
                data = b""
            finally:
                exc.close()
        except DeskError:
            raise
        except urllib.error.URLError as exc:
            raise self._network_error(exc.reason, where) from None
        except (OSError, http.client.HTTPException) as exc:
            raise self._network_error(exc, where) from None
        log.debug("%s %s -> %s in %.0f ms", method, url.split("?")[0], status, 1000 * (time.perf_counter() - started))
        if len(data) > max_bytes:
            raise DeskRejectedError(f"desk '{self.desk}': the answer from {where} is larger than {max_bytes} bytes")
        response = Response(status, data, content_type)
        if status in ok or status == 404:
            return response
        raise self._status_error(response, where)

    def _where(self, url: str) -> str:
        parts = urlsplit(url)
        return parts.netloc or url

    def _network_error(self, reason: object, where: str) -> DeskError:
        return network_error(self.desk, where, reason, self.timeout)

    def _status_error(self, response: Response, where: str) -> DeskError:
        status = response.status
        detail = _message(response)
        if status in (401, 403):
            what = "refused the credentials" if status == 401 else "does not allow this"
            return DeskAuthError(
                f"desk '{self.desk}' {what} (HTTP {status}{': ' + detail if detail else ''})",
                hint="Check the token or password and the user's rights in the queue.",
            )
        if status == 429 or status >= 500:
            return DeskUnreachableError(f"desk '{self.desk}' at {where} is not available (HTTP {status})")
        return DeskRejectedError(
            f"desk '{self.desk}' refused the request (HTTP {status}{': ' + detail if detail else ''})"
        )


def network_error(desk: str, where: str, reason: object, timeout: float) -> DeskError:
    """The typed error for a failure below the protocol (HTTP or SMTP alike): certificate and TLS
    failures wait for a person; refused connections, time-outs and unknown hosts are transient."""
    if isinstance(reason, ssl.SSLCertVerificationError):
        return DeskTLSError(
            f"desk '{desk}': the certificate of {where} cannot be trusted ({reason.verify_message})",
            hint="Check the desk's address; for a private CA give its certificate with --ca-file.",
        )
    if isinstance(reason, ssl.SSLError):
        return DeskTLSError(f"desk '{desk}': TLS with {where} failed ({reason.reason or 'handshake'})")
    if isinstance(reason, (TimeoutError, socket.timeout)):
        text = f"no answer within {timeout:g} s"
    elif isinstance(reason, socket.gaierror):
        text = "host name not found"
    elif isinstance(reason, OSError) and reason.strerror:
        text = reason.strerror
    else:
        text = type(reason).__name__ if not isinstance(reason, str) else reason
    return DeskUnreachableError(f"desk '{desk}': cannot reach {where}: {text}")


def _message(response: Response) -> str:
    """The desk's own short error text (RT: ``{"message": ...}``), one line, at most 200 characters."""
    try:
        value = json.loads(response.body.decode("utf-8")) if response.body else None
    except (UnicodeDecodeError, ValueError, RecursionError):
        return ""
    message = value.get("message") if isinstance(value, dict) else None
    if isinstance(message, list):
        message = "; ".join(str(m) for m in message)
    if not isinstance(message, str):
        return ""
    return " ".join(message.split())[:200]
