"""The wizard's last step (kbdesk/gui/escalation_send.py): saving the bundle, and getting it to the service desk."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
from desk_servers import RT_TOKEN_ENV, SMTPServer, free_port
from gui_helpers import type_query, wait_results
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QWizard

from kbdesk.core.desks import Outbox, desk_from_mapping, sent_requests, with_desk
from kbdesk.core.desks import service as desk_service
from kbdesk.core.settings import Settings


def _at_the_save_page(qtbot, window):
    type_query(qtbot, window, "printer offline")
    wait_results(qtbot, window, "printer offline")
    window.start_escalation()
    wizard = window.escalation_wizard
    qtbot.waitUntil(lambda: wizard.preview is not None and not wizard.busy, timeout=20_000)
    while wizard.currentPage() is not wizard.save_page:
        wizard.next()
        qtbot.waitUntil(lambda: not wizard.busy, timeout=20_000)
    return wizard


# offscreen, nothing opens folders or links: Qt says so once per try, which is the case under test
@pytest.mark.qt_log_ignore(r"does not support QPlatformServices::open")
def test_the_saved_bundle_can_be_shown_or_mailed_and_without_a_program_it_says_how(
    qtbot, make_window, tmp_path: Path
) -> None:
    window = make_window()
    wizard = _at_the_save_page(qtbot, window)
    target = tmp_path / "case.kbbundle"
    wizard.save_page.path_edit.setText(str(target))
    wizard.save_page.consent_check.setChecked(True)
    with qtbot.waitSignal(wizard.bundle_written, timeout=60_000) as written:
        wizard.button(QWizard.WizardButton.CommitButton).click()
    info = written.args[0]
    done = wizard.done_page
    assert wizard.currentPage() is done and wizard.saved == info == wizard.save_page.saved
    assert str(target) in done.saved_label.text() and info.sha256 in done.saved_label.text()
    url = done.mailto_url().toString()
    assert url.startswith("mailto:") and info.sha256 in url and target.name in url
    # offscreen nothing opens folders or mailto: links (openUrl returns False), as on a machine
    # without a file manager or mail program: the page says so and offers the path and the text
    assert not done.show_in_folder()
    assert done.notice_label.isVisibleTo(wizard) and str(target) in done.notice_label.text()
    assert QGuiApplication.clipboard().text() == str(target)
    assert not done.compose_email()
    assert "No e-mail program" in done.notice_label.text() and target.name in done.notice_label.text()
    draft = QGuiApplication.clipboard().text()
    assert draft.startswith("To: the service desk\nSubject: Support request: printer offline")
    assert info.sha256 in draft
    wizard.accept()


def test_a_bundle_that_cannot_be_written_says_why_and_stays_on_the_save_page(
    qtbot, make_window, tmp_path: Path
) -> None:
    window = make_window()
    wizard = _at_the_save_page(qtbot, window)
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the folder should be", "utf-8")
    wizard.save_page.path_edit.setText(str(blocker / "case.kbbundle"))
    wizard.save_page.consent_check.setChecked(True)
    with qtbot.waitSignal(wizard.write_failed, timeout=60_000) as failed:
        wizard.button(QWizard.WizardButton.CommitButton).click()
    assert failed.args[0].startswith("Not saved")
    page = wizard.save_page
    assert wizard.currentPage() is page and wizard.saved is None and page.saved is None
    assert "Not saved" in page.status_label.text() and not page.writing and not wizard.busy
    assert page.path_edit.isEnabled() and page.isComplete()  # the person can choose another place and try again
    target = tmp_path / "case.kbbundle"
    page.path_edit.setText(str(target))
    with qtbot.waitSignal(wizard.bundle_written, timeout=60_000):
        wizard.button(QWizard.WizardButton.CommitButton).click()
    assert target.is_file() and wizard.currentPage() is wizard.done_page
    wizard.accept()


# ---------------------------------------------------------------------------- sending to the real RT


@pytest.fixture
def desk_window(make_window, rt_server, articles_dir, monkeypatch):
    """A window whose desk is the test RT (``url``: an address nobody listens on, for a desk that is down)."""
    monkeypatch.setenv(RT_TOKEN_ENV, rt_server.token)

    def build(url: str = ""):
        settings = Settings().with_value("articles_dir", str(articles_dir))
        return make_window(settings=with_desk(settings, rt_server.desk(url=url)))

    return build


def _agree_and_send(qtbot, wizard, target: Path):
    page = wizard.save_page
    page.path_edit.setText(str(target))
    page.consent_check.setChecked(True)
    with qtbot.waitSignal(wizard.bundle_sent, timeout=60_000) as sent:
        wizard.button(QWizard.WizardButton.CommitButton).click()
    assert wizard.currentPage() is wizard.done_page
    return sent.args[0]


@pytest.mark.qt_log_ignore(r"does not support QPlatformServices::open")
def test_the_wizard_sends_the_bundle_to_rt_and_shows_the_ticket(qtbot, desk_window, rt_server, tmp_path):
    window = desk_window()
    wizard = _at_the_save_page(qtbot, window)
    page = wizard.save_page
    assert page.title() == "Send your request" and page.send_radio.isChecked()
    assert page.send_radio.text() == "Send it to the service desk “rt” now"
    assert wizard.button(QWizard.WizardButton.CommitButton).text() == "&Send"
    assert "go in the bundle" in page.summary_label.text()  # what goes is shown before, as without a desk
    result = _agree_and_send(qtbot, wizard, tmp_path / "case.kbbundle")
    info = wizard.saved
    assert result.status == "sent" and result.bundle_id == info.bundle_id and result.ticket.isdigit()
    # the ticket in RT carries the very bundle the person agreed to, byte for byte
    assert rt_server.tickets_for_bundle(info.bundle_id) == [result.ticket]
    assert hashlib.sha256(rt_server.bundle_attachment(result.ticket)).hexdigest() == info.sha256
    assert info.path == tmp_path / "case.kbbundle" and info.path.is_file()  # the copy kept here

    done = wizard.done_page
    text = done.saved_label.text()
    assert done.title() == "Sent" and f"ticket {result.ticket}" in text and f"href='{result.url}'" in text
    assert done.ticket_button.isVisibleTo(wizard) and not done.email_button.isVisibleTo(wizard)
    QGuiApplication.clipboard().setText("")
    done.saved_label.linkActivated.emit(result.url)  # the click on the link (offscreen: copied, no browser)
    assert QGuiApplication.clipboard().text() == result.url
    done.requests_button.click()
    page = window.page("requests")
    assert window.pages.currentWidget() is page and window.escalation_wizard is None
    qtbot.waitUntil(lambda: [(r.ticket, r.label) for r in page.rows] == [(result.ticket, "new")], timeout=60_000)


def test_with_the_desk_down_the_wizard_says_queued_and_it_goes_out_once_by_itself(
    qtbot, desk_window, rt_server, tmp_path, monkeypatch
):
    monkeypatch.setattr(desk_service, "BACKOFF_SECONDS", (1, 1, 2))  # the first retry after a second, not 30
    window = desk_window(url=f"http://127.0.0.1:{free_port()}")
    wizard = _at_the_save_page(qtbot, window)
    result = _agree_and_send(qtbot, wizard, tmp_path / "case.kbbundle")
    assert result.status == "queued"
    done = wizard.done_page
    assert done.title() == "Queued" and "will be sent automatically" in done.saved_label.text()
    assert "Connection refused" in done.saved_label.text() and not done.ticket_button.isVisibleTo(wizard)
    bundle_id = wizard.saved.bundle_id
    wizard.accept()
    window.apply_settings(with_desk(window.settings, rt_server.desk(), replace_existing=True), save=False)
    with qtbot.waitSignal(window.desks.request_sent, timeout=60_000) as sent:
        pass  # nobody does anything: the outbox's timer sends it
    assert sent.args[0].bundle_id == bundle_id
    assert rt_server.tickets_for_bundle(bundle_id) == [sent.args[0].ticket]


def test_only_saving_a_file_with_a_desk_set_up_sends_nothing(qtbot, desk_window, rt_server, tmp_path):
    window = desk_window()
    wizard = _at_the_save_page(qtbot, window)
    page = wizard.save_page
    page.file_radio.setChecked(True)
    assert page.title() == "Save the bundle" and wizard.button(QWizard.WizardButton.CommitButton).text() == (
        "&Save bundle"
    )
    page.path_edit.setText(str(tmp_path / "case.kbbundle"))
    page.consent_check.setChecked(True)
    with qtbot.waitSignal(wizard.bundle_written, timeout=60_000) as written:
        wizard.button(QWizard.WizardButton.CommitButton).click()
    assert wizard.currentPage() is wizard.done_page and wizard.done_page.title() == "Saved"
    assert rt_server.tickets_for_bundle(written.args[0].bundle_id) == []
    assert Outbox().entries() == ((), ()) and sent_requests() == ()
    wizard.accept()


def test_without_a_desk_the_last_page_saves_a_file(qtbot, make_window):
    window = make_window()
    wizard = _at_the_save_page(qtbot, window)
    page = wizard.save_page
    assert page.title() == "Save the bundle" and page.desk is None
    assert not page.send_radio.isVisibleTo(wizard) and not page.file_radio.isVisibleTo(wizard)
    assert wizard.button(QWizard.WizardButton.CommitButton).text() == "&Save bundle"
    wizard.reject()


def test_the_wizard_sends_by_e_mail_and_says_the_desk_answers_with_the_number(
    qtbot, make_window, articles_dir, tls_files, tmp_path
):
    with SMTPServer("tls", tls_files) as server:  # aiosmtpd on 127.0.0.1, implicit TLS with the test CA
        table = {
            "kind": "smtp",
            "host": "127.0.0.1",
            "port": server.port,
            "security": "tls",
            "to": "helpdesk@desk.test",
            "sender": "kbdesk@desk.test",
            "ca_file": str(tls_files.ca),
        }
        settings = Settings().with_value("articles_dir", str(articles_dir))
        window = make_window(settings=with_desk(settings, desk_from_mapping("mail", table)))
        wizard = _at_the_save_page(qtbot, window)
        result = _agree_and_send(qtbot, wizard, tmp_path / "case.kbbundle")
    assert result.status == "sent" and result.ticket == ""
    ((_sender, recipients, message),) = server.mailbox.messages
    (attachment,) = list(message.iter_attachments())
    assert recipients == ["helpdesk@desk.test"] and message["X-Kbdesk-Bundle-Id"] == wizard.saved.bundle_id
    assert hashlib.sha256(attachment.get_content()).hexdigest() == wizard.saved.sha256
    done = wizard.done_page
    assert done.title() == "Sent" and "it answers with its ticket number" in done.saved_label.text()
    assert not done.ticket_button.isVisibleTo(wizard)  # no link: e-mail gives none
    wizard.accept()
