"""The e-mail desk against a real SMTP server (aiosmtpd on 127.0.0.1) with certificates made for
the test: the message's shape, the attachment, TLS both ways, and refusals of wrong certificates."""

from __future__ import annotations

import hashlib

import pytest
from desk_servers import SMTPServer, free_port
from kbtest_helpers import write_test_bundle

from kbdesk.core.desks import Outbox, check_desk, desk_from_mapping, send_bundle, ticket_status, with_desk
from kbdesk.core.errors import DeskAuthError, DeskTLSError, DeskUnsupportedError
from kbdesk.core.settings import Settings

PASSWORD_ENV = "KBDESK_TEST_SMTP_PASSWORD"


def mail_settings(port: int, **table) -> Settings:
    desk = desk_from_mapping(
        "mail", {"kind": "smtp", "host": "127.0.0.1", "port": port, "to": "help@desk.test", **table}
    )
    return with_desk(Settings(), desk)


def test_starttls_with_login_delivers_one_well_formed_message(tls_files, tmp_path, monkeypatch):
    monkeypatch.setenv(PASSWORD_ENV, "mail-pw")
    info = write_test_bundle(tmp_path / "case.kbbundle", attachment_bytes=300_000)
    with SMTPServer("starttls", tls_files, users={"kb": "mail-pw"}) as server:
        settings = mail_settings(
            server.port, security="starttls", ca_file=str(tls_files.ca), user="kb", password_env=PASSWORD_ENV
        )
        check = check_desk(settings=settings)
        assert check.ok and any("verified certificate" in line for line in check.lines)
        result = send_bundle(info.path, settings=settings)
    assert result.status == "sent" and result.ticket == "" and result.message_id == f"<bundle.{info.bundle_id}@kbdesk>"
    assert server.mailbox.logins == ["kb", "kb"]
    ((sender, recipients, message),) = server.mailbox.messages
    assert sender == "alice@example.org" and recipients == ["help@desk.test"]
    assert message["Subject"] == f"Printer offline on floor 3 [kbdesk-bundle {info.bundle_id}]"
    assert message["X-Kbdesk-Bundle-Id"] == info.bundle_id
    assert message["Message-ID"] == result.message_id
    assert message["To"] == "help@desk.test" and message["Date"]
    body = message.get_body(("plain",))
    assert body.get_content_type() == "text/plain"
    text = body.get_content().replace("\r\n", "\n")  # CRLF on the wire
    assert text.startswith("Printer offline on floor 3\n\nPriority:  P2 High") and info.sha256 in text
    (attachment,) = list(message.iter_attachments())
    assert attachment.get_content_type() == "application/x-kbdesk-bundle"
    assert attachment.get_filename() == "case.kbbundle"
    assert hashlib.sha256(attachment.get_content()).hexdigest() == info.sha256
    assert Outbox().entries() == ((), ())


def test_implicit_tls(tls_files, tmp_path):
    with SMTPServer("tls", tls_files) as server:
        settings = mail_settings(server.port, security="tls", ca_file=str(tls_files.ca), sender="kbdesk@corp.test")
        result = send_bundle(write_test_bundle(tmp_path / "b.kbbundle").path, settings=settings)
    assert result.status == "sent"
    ((sender, _, message),) = server.mailbox.messages
    assert sender == "kbdesk@corp.test" and message["Reply-To"] == "alice@example.org"


@pytest.mark.parametrize("security", ["tls", "starttls"])
@pytest.mark.parametrize("wrong", ["another CA", "the system's CAs", "another host name"])
def test_a_wrong_certificate_is_refused_and_nothing_is_sent(tls_files, tmp_path, monkeypatch, security, wrong):
    monkeypatch.setenv(PASSWORD_ENV, "mail-pw")
    ca = {"another CA": str(tls_files.other_ca), "the system's CAs": "", "another host name": str(tls_files.ca)}[wrong]
    with SMTPServer(security, tls_files, users={"kb": "mail-pw"}, wrong_host=wrong == "another host name") as server:
        settings = mail_settings(server.port, security=security, ca_file=ca, user="kb", password_env=PASSWORD_ENV)
        with pytest.raises(DeskTLSError, match="cannot be trusted"):
            check_desk(settings=settings)
        result = send_bundle(write_test_bundle(tmp_path / "b.kbbundle").path, settings=settings)
    assert result.status == "held" and result.error_kind == "DeskTLSError"
    assert server.mailbox.messages == [] and server.mailbox.logins == []  # the password never left
    (entry,), _ = Outbox().entries()
    assert entry.held and "cannot be trusted" in entry.last_error


def test_a_server_without_starttls_is_not_used_in_clear_text(tls_files, tmp_path):
    with SMTPServer("starttls", tls_files, offer_starttls=False) as server:
        settings = mail_settings(server.port, security="starttls", ca_file=str(tls_files.ca))
        result = send_bundle(write_test_bundle(tmp_path / "b.kbbundle").path, settings=settings)
    assert result.status == "held" and "does not offer STARTTLS" in result.error
    assert server.mailbox.messages == []


def test_a_wrong_password_is_refused_without_showing_it(tls_files, tmp_path, monkeypatch):
    monkeypatch.setenv(PASSWORD_ENV, "not-the-pw")
    with SMTPServer("tls", tls_files, users={"kb": "mail-pw"}) as server:
        settings = mail_settings(
            server.port, security="tls", ca_file=str(tls_files.ca), user="kb", password_env=PASSWORD_ENV
        )
        with pytest.raises(DeskAuthError) as caught:
            check_desk(settings=settings)
    assert "refused the user name or password (SMTP 535)" in str(caught.value)
    assert "not-the-pw" not in str(caught.value) and server.mailbox.messages == []


def test_no_server_queues_the_bundle(tmp_path):
    settings = mail_settings(free_port(), security="starttls")
    result = send_bundle(write_test_bundle(tmp_path / "b.kbbundle").path, settings=settings)
    assert result.status == "queued" and "Connection refused" in result.error


def test_a_relay_without_tls_takes_mail_but_e_mail_has_no_status(tmp_path):
    with SMTPServer("none") as server:
        settings = mail_settings(server.port, security="none")
        result = send_bundle(write_test_bundle(tmp_path / "b.kbbundle").path, settings=settings)
    assert result.status == "sent" and len(server.mailbox.messages) == 1
    with pytest.raises(DeskUnsupportedError, match="cannot report a ticket's status"):
        ticket_status("x", "mail", settings=settings)


def test_without_any_sender_address_the_desk_asks_for_one(tmp_path):
    with SMTPServer("none") as server:
        settings = mail_settings(server.port, security="none")
        info = write_test_bundle(tmp_path / "b.kbbundle", contact="call me: 555-0100")
        result = send_bundle(info.path, settings=settings)
    assert result.status == "held" and "no sender address" in result.error and server.mailbox.messages == []
