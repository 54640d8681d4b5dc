"""Real servers for the desk tests: Request Tracker 5 (scripts/servers/rt.sh) and an aiosmtpd SMTP server.

RT is started outside the tests (about 20 s when installed, 2 minutes more to install):
``scripts/servers/rt.sh start`` writes its connection details to
``/var/tmp/kbdesk-rt/connection.json`` (or the file ``$KBDESK_TEST_RT`` names). When it
is not running, the RT tests are skipped with that command as the reason, except when
``$KBDESK_REQUIRE_TEST_SERVERS`` is set (``.ci/run`` sets it, after starting RT): then
a missing server fails them, so CI can never pass by skipping.

The SMTP server runs in the test process (aiosmtpd's Controller, a thread with its own
event loop) on 127.0.0.1, with certificates made at test time by ``cryptography``:
a private CA, a server certificate for 127.0.0.1/localhost signed by it, and a
second, unrelated CA for the "wrong certificate" tests.
"""

from __future__ import annotations

import base64
import datetime as dt
import ipaddress
import json
import os
import socket
import ssl
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass, field
from email import message_from_bytes, policy
from email.message import EmailMessage
from pathlib import Path
from typing import Any

import pytest

RT_CONNECTION_ENV = "KBDESK_TEST_RT"
REQUIRE_ENV = "KBDESK_REQUIRE_TEST_SERVERS"
DEFAULT_RT_CONNECTION = Path("/var/tmp/kbdesk-rt/connection.json")
RT_START = "scripts/servers/rt.sh start"
#: the environment variable the desks of the GUI tests read the test RT's token from (set by their fixture)
RT_TOKEN_ENV = "KBDESK_TEST_RT_TOKEN"


def servers_required() -> bool:
    return os.environ.get(REQUIRE_ENV, "").strip() not in ("", "0")


def unavailable(reason: str) -> None:
    """Fail when the servers are required (CI), skip with ``reason`` otherwise."""
    if servers_required():
        pytest.fail(f"{reason} (required: {REQUIRE_ENV} is set)", pytrace=False)
    pytest.skip(reason)


# ---------------------------------------------------------------------------- RT


@dataclass(frozen=True)
class RTServer:
    url: str
    queue: str
    plain_queue: str
    user: str
    password: str
    token: str
    pid: int

    def call(self, method: str, path: str, body: Any = None, *, token: str | None = None) -> tuple[int, Any]:
        """A raw REST2 call, independent of the adapter under test."""
        data = json.dumps(body).encode() if body is not None else None
        request = urllib.request.Request(
            f"{self.url}/REST/2.0{path}",
            data=data,
            method=method,
            headers={"Authorization": f"token {token or self.token}", "Content-Type": "application/json"},
        )
        try:
            with urllib.request.urlopen(request, timeout=30) as answer:
                raw, status = answer.read(), answer.status
        except urllib.error.HTTPError as exc:
            raw, status = exc.read(), exc.code
        return status, (json.loads(raw) if raw else None)

    def search(self, query: str) -> list[dict]:
        status, answer = self.call("GET", "/tickets?" + urllib.parse.urlencode({"query": query, "fields": "Subject"}))
        assert status == 200, answer
        return answer["items"]

    def tickets_for_bundle(self, bundle_id: str) -> list[str]:
        """Every ticket, in any queue and status, whose subject carries this bundle id."""
        return [i["id"] for i in self.search(f"Subject LIKE '{bundle_id}'")]

    def ticket(self, ticket: str) -> dict:
        status, answer = self.call("GET", f"/ticket/{ticket}")
        assert status == 200, answer
        return answer

    def desk(self, name: str = "rt", *, url: str = ""):
        """This RT as a configured desk (``url``: another address, an unreachable one for "the desk is down"),
        its token read from :data:`RT_TOKEN_ENV`."""
        from kbdesk.core.desks import desk_from_mapping

        table = {"kind": "rt", "url": url or self.url, "queue": self.queue, "token_env": RT_TOKEN_ENV}
        return desk_from_mapping(name, table)

    def raw_ticket(self, bundle: Path, bundle_id: str, *, subject: str = "made by hand") -> str:
        """A ticket made without kbdesk, carrying ``bundle`` as its attachment and ``bundle_id`` as its own
        (what a tampered or swapped upload looks like to an agent)."""
        status, answer = self.call(
            "POST",
            "/ticket",
            {
                "Queue": self.queue,
                "Subject": f"{subject} [kbdesk-bundle {bundle_id}]",
                "CustomFields": {"kbdesk Bundle ID": bundle_id},
                "Content": "x",
                "Attachments": [
                    {
                        "FileName": bundle.name,
                        "FileType": "application/x-kbdesk-bundle",
                        "FileContent": base64.b64encode(bundle.read_bytes()).decode(),
                    }
                ],
            },
        )
        assert status == 201, answer
        return answer["id"]

    def set_status(self, ticket: str, status: str) -> None:
        code, answer = self.call("PUT", f"/ticket/{ticket}", {"Status": status})
        assert code == 200, answer

    def bundle_attachment(self, ticket: str) -> bytes:
        status, answer = self.call("GET", f"/ticket/{ticket}/attachments?fields=Filename&per_page=100")
        assert status == 200
        for item in answer["items"]:
            if item["Filename"].endswith(".kbbundle"):
                _, attachment = self.call("GET", f"/attachment/{item['id']}")
                return base64.b64decode("".join(attachment["Content"].split()))
        raise AssertionError(f"ticket {ticket} has no bundle attachment")


def load_rt_server() -> RTServer:
    path = Path(os.environ.get(RT_CONNECTION_ENV) or DEFAULT_RT_CONNECTION)
    try:
        data = json.loads(path.read_text("utf-8"))
    except FileNotFoundError:
        unavailable(f"Request Tracker is not running (no {path}); start it with {RT_START}")
    except (OSError, ValueError) as exc:
        unavailable(f"cannot read {path}: {exc}")
    server = RTServer(
        url=data["url"],
        queue=data["queue"],
        plain_queue=data.get("plain_queue", ""),
        user=data["user"],
        password=data["password"],
        token=data["token"],
        pid=int(data["pid"]),
    )
    try:
        status, _ = server.call("GET", f"/queue/{server.queue}")
    except OSError as exc:
        unavailable(f"Request Tracker at {server.url} does not answer ({exc}); start it with {RT_START}")
    if status != 200:
        unavailable(f"Request Tracker at {server.url} answers HTTP {status}; restart it with {RT_START}")
    return server


# ---------------------------------------------------------------------------- certificates


@dataclass(frozen=True)
class TLSFiles:
    ca: Path
    cert: Path
    key: Path
    other_ca: Path
    #: a certificate for another host name, signed by ``ca``
    wrong_host_cert: Path
    wrong_host_key: Path

    def server_context(self, *, wrong_host: bool = False) -> ssl.SSLContext:
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        if wrong_host:
            context.load_cert_chain(self.wrong_host_cert, self.wrong_host_key)
        else:
            context.load_cert_chain(self.cert, self.key)
        return context


def make_tls_files(folder: Path) -> TLSFiles:
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    now = dt.datetime.now(dt.UTC)
    folder.mkdir(parents=True, exist_ok=True)

    def key_pem(key) -> bytes:
        return key.private_bytes(
            serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
        )

    def make_ca(name: str):
        key = ec.generate_private_key(ec.SECP256R1())
        subject = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, name)])
        cert = (
            x509.CertificateBuilder()
            .subject_name(subject)
            .issuer_name(subject)
            .public_key(key.public_key())
            .serial_number(x509.random_serial_number())
            .not_valid_before(now - dt.timedelta(minutes=5))
            .not_valid_after(now + dt.timedelta(days=2))
            .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
            .add_extension(x509.KeyUsage(False, False, False, False, False, True, True, False, False), critical=True)
            .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
            .sign(key, hashes.SHA256())
        )
        return key, cert

    def make_leaf(ca_key, ca_cert, names: list[str], ips: list[str]):
        key = ec.generate_private_key(ec.SECP256R1())
        sans = [x509.DNSName(n) for n in names] + [x509.IPAddress(ipaddress.ip_address(i)) for i in ips]
        cert = (
            x509.CertificateBuilder()
            .subject_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, names[0])]))
            .issuer_name(ca_cert.subject)
            .public_key(key.public_key())
            .serial_number(x509.random_serial_number())
            .not_valid_before(now - dt.timedelta(minutes=5))
            .not_valid_after(now + dt.timedelta(days=1))
            .add_extension(x509.SubjectAlternativeName(sans), critical=False)
            .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
            .add_extension(x509.ExtendedKeyUsage([x509.oid.ExtendedKeyUsageOID.SERVER_AUTH]), critical=False)
            .add_extension(x509.AuthorityKeyIdentifier.from_issuer_public_key(ca_key.public_key()), critical=False)
            .sign(ca_key, hashes.SHA256())
        )
        return key, cert

    ca_key, ca_cert = make_ca("kbdesk test CA")
    _, other_cert = make_ca("some other CA")
    key, cert = make_leaf(ca_key, ca_cert, ["localhost"], ["127.0.0.1"])
    wrong_key, wrong_cert = make_leaf(ca_key, ca_cert, ["mail.elsewhere.test"], [])
    pem = serialization.Encoding.PEM
    files = TLSFiles(
        ca=folder / "ca.pem",
        cert=folder / "server.pem",
        key=folder / "server.key",
        other_ca=folder / "other-ca.pem",
        wrong_host_cert=folder / "wrong-host.pem",
        wrong_host_key=folder / "wrong-host.key",
    )
    files.ca.write_bytes(ca_cert.public_bytes(pem))
    files.cert.write_bytes(cert.public_bytes(pem))
    files.key.write_bytes(key_pem(key))
    files.other_ca.write_bytes(other_cert.public_bytes(pem))
    files.wrong_host_cert.write_bytes(wrong_cert.public_bytes(pem))
    files.wrong_host_key.write_bytes(key_pem(wrong_key))
    return files


# ---------------------------------------------------------------------------- SMTP


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass
class Mailbox:
    """What an aiosmtpd handler received: (envelope from, recipients, message) per mail."""

    messages: list[tuple[str, list[str], EmailMessage]] = field(default_factory=list)
    logins: list[str] = field(default_factory=list)

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 - aiosmtpd's handler hook
        message = message_from_bytes(envelope.original_content or envelope.content, policy=policy.default)
        self.messages.append((envelope.mail_from, list(envelope.rcpt_tos), message))
        return "250 OK"


class SMTPServer:
    """An aiosmtpd server on 127.0.0.1; ``security`` is tls (implicit), starttls or none."""

    def __init__(
        self,
        security: str,
        tls: TLSFiles | None = None,
        *,
        users: dict[str, str] | None = None,
        wrong_host: bool = False,
        offer_starttls: bool = True,
    ) -> None:
        from aiosmtpd.controller import Controller
        from aiosmtpd.smtp import AuthResult

        self.mailbox = Mailbox()
        self.port = free_port()
        users = users or {}

        def authenticate(server, session, envelope, mechanism, auth_data):
            login = auth_data.login.decode()
            self.mailbox.logins.append(login)
            # handled=False: aiosmtpd answers (235, or 535 on failure) itself
            return AuthResult(success=users.get(login) == auth_data.password.decode(), handled=False)

        kwargs: dict[str, Any] = {"hostname": "127.0.0.1", "port": self.port}
        if users:
            # aiosmtpd counts only STARTTLS as TLS; with implicit TLS the whole session is encrypted anyway
            kwargs.update(authenticator=authenticate, auth_require_tls=security == "starttls")
        context = tls.server_context(wrong_host=wrong_host) if tls else None
        if security == "tls":
            kwargs["ssl_context"] = context
            kwargs["server_hostname"] = "localhost"
        elif security == "starttls" and offer_starttls:
            kwargs.update(tls_context=context, require_starttls=True)
        self.controller = Controller(self.mailbox, **kwargs)

    def __enter__(self) -> SMTPServer:
        self.controller.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.controller.stop()
