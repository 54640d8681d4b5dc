"""The wizard's last step: save the bundle (with the person's consent), then get it to the service desk.

* :class:`SavePage`: where to save, the explicit consent checkbox without which nothing is
  written, and the writing itself (in the background, lane and tag ``escalation-write``);
  it says :attr:`SavePage.written` when the file is there. With a service desk set up
  (Settings > Service desk, or the IT policy) the page is *Send your request*: after the
  same consent the bundle is written, then sent through the outbox by the window's
  :class:`~kbdesk.gui.desk_service.DeskService` (a worker, bounded by the desk's time limit;
  tag ``escalation-send``), and :attr:`SavePage.sent` says how it went. "Only save it as a
  file" is still there for a person who wants to send it some other way.
* :class:`DonePage`: after sending, the ticket number with a link to it at the desk (opened
  only on a click), or that the request is queued and goes out by itself when the desk
  answers, or why the desk refused it; after saving (no desk, or "only save"), the path and
  checksum, "Show in folder" and "Compose e-mail", each with what to do instead when this
  computer has no file manager or mail program.

Everything about where a bundle goes lives here. The pages read the wizard's preview,
runner, settings, desks and ``saved`` bundle, nothing else.
"""

from __future__ import annotations

import html
import logging
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, QUrl, QUrlQuery, Signal
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QCheckBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWizard,
    QWizardPage,
)

from ..core import escalation
from ..core.bundle import BUNDLE_SUFFIX, BundleInfo
from ..core.desks import DeskConfig, SendResult
from .accessibility import describe_label
from .desktop import is_web_address, open_with_system
from .errors import error_text
from .escalation_words import item_title, kept_as_is
from .i18n import TranslationContext

if TYPE_CHECKING:
    from .escalation_wizard import EscalationWizard

log = logging.getLogger(__name__)
escalation_send = TranslationContext("escalation_send")

#: the lane and tag of writing a bundle (closing the wizard drops a late result)
WRITE_TAG = "escalation-write"
#: sending it: closing the wizard drops the wizard's part of a late answer (the outbox keeps its own)
SEND_TAG = "escalation-send"


class SavePage(QWizardPage):
    """Where the bundle goes and the consent without which nothing is written (or sent); writing and sending it."""

    #: the bundle was written (BundleInfo)
    written = Signal(object)
    #: writing failed: what to tell the person
    write_failed = Signal(str)
    #: sending ended: the SendResult (sent, queued or held), or the exception that stopped it before the outbox
    sent = Signal(object)

    def __init__(self, wizard: EscalationWizard) -> None:
        super().__init__(wizard)
        self._wizard = wizard
        self._writing = False
        self._sending = False
        #: the bundle once written
        self.saved: BundleInfo | None = None
        #: the desk requests go to (None: no desk is set up; the page saves a file)
        self.desk: DeskConfig | None = None
        #: how sending went: the desk's answer, or why it never reached the outbox (and that, worded)
        self.send_result: SendResult | None = None
        self.send_error: BaseException | None = None
        self.send_error_text = ""
        self.summary_label = QLabel(self)
        self.summary_label.setWordWrap(True)
        self.send_radio = QRadioButton(self)
        self.send_radio.setChecked(True)
        self.file_radio = QRadioButton(escalation_send.tr("Only save it as a file; I will send it myself"), self)
        self.send_radio.toggled.connect(self._mode_changed)
        self.path_label = QLabel(escalation_send.tr("Save &as:"), self)
        self.path_edit = QLineEdit(self)
        self.path_edit.setAccessibleName(escalation_send.tr("Save as"))
        self.path_label.setBuddy(self.path_edit)
        self.browse_button = QPushButton(escalation_send.tr("B&rowse…"), self)  # Alt+B is the wizard's Back
        self.browse_button.clicked.connect(self._browse)
        row = QHBoxLayout()
        row.addWidget(self.path_edit, 1)
        row.addWidget(self.browse_button)
        self.consent_check = QCheckBox(self)
        # its text (set with the desk) is its name
        self.consent_check.setAccessibleDescription(escalation_send.tr("Consent"))
        self.status_label = QLabel(self)
        self.status_label.setWordWrap(True)
        self.progress = QProgressBar(self)
        self.progress.setRange(0, 0)
        self.progress.setMaximumHeight(12)
        self.progress.setTextVisible(False)
        self.progress.hide()
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary_label)
        layout.addSpacing(8)
        layout.addWidget(self.send_radio)
        layout.addWidget(self.file_radio)
        layout.addWidget(self.path_label)
        layout.addLayout(row)
        layout.addSpacing(8)
        layout.addWidget(self.consent_check)
        layout.addStretch(1)
        layout.addWidget(self.status_label)
        layout.addWidget(self.progress)
        self.consent_check.toggled.connect(self.completeChanged)
        self.path_edit.textChanged.connect(self.completeChanged)
        self._mode_changed()

    @property
    def sending_to_desk(self) -> bool:
        """The bundle goes to the desk after it is written (a desk is set up and the person did not choose a file)."""
        return self.desk is not None and self.send_radio.isChecked()

    def _mode_changed(self, *_args: object) -> None:
        desk = self.desk
        self.send_radio.setVisible(desk is not None)
        self.file_radio.setVisible(desk is not None)
        if desk is not None:
            self.send_radio.setText(
                escalation_send.tr("Send it to the service desk “{desk}” now").format(desk=desk.name)
            )
            self.send_radio.setToolTip(desk.target)
        if self.sending_to_desk:
            self.setTitle(escalation_send.tr("Send your request"))
            self.setSubTitle(
                escalation_send.tr(
                    "kbdesk sends the bundle to the service desk once you agree; a copy stays on this computer. "
                    "If the desk cannot be reached, kbdesk keeps it and sends it by itself later."
                )
            )
            self.path_label.setText(escalation_send.tr("Keep a copy as:"))
            self.consent_check.setText(
                escalation_send.tr(
                    "I have reviewed exactly what will be sent, and I agree to send it to the service desk."
                )
            )
            self._wizard.setButtonText(QWizard.WizardButton.CommitButton, escalation_send.tr("&Send"))
        else:
            self.setTitle(escalation_send.tr("Save the bundle"))
            self.setSubTitle(
                escalation_send.tr(
                    "The bundle is one file that you send to the service desk. It is not sent anywhere by kbdesk."
                )
            )
            self.path_label.setText(escalation_send.tr("Save as:"))
            self.consent_check.setText(
                escalation_send.tr(
                    "I have reviewed exactly what will be saved, and I agree to send it to the service desk."
                )
            )
            self._wizard.setButtonText(QWizard.WizardButton.CommitButton, escalation_send.tr("&Save bundle"))

    def initializePage(self) -> None:  # noqa: N802 - Qt's name
        desks = self._wizard.desks
        self.desk = desks.default_desk() if desks is not None else None
        self._mode_changed()
        if not self.path_edit.text():
            self.path_edit.setText(str(escalation.default_bundle_dir() / escalation.default_bundle_name()))
        preview = self._wizard.preview
        if preview is not None:
            esc = html.escape
            names = ", ".join(item_title(i) for i in preview.included_items)
            left_out = [item_title(i) for i in preview.items if not i.included]
            count = escalation_send.tr("%n items", "", len(preview.included_items))
            text = esc(escalation_send.tr("{count} go in the bundle: {names}.")).format(
                count=f"<b>{esc(count)}</b>", names=esc(names)
            )
            if left_out:
                text += "<br>" + esc(escalation_send.tr("Left out: {names}.").format(names=", ".join(left_out)))
            kept = kept_as_is(preview)
            if kept:
                items = "".join(f"<li>{esc(k)}</li>" for k in kept)
                text += "<br>" + esc(escalation_send.tr("Kept as they are:")) + f"<ul>{items}</ul>"
            else:
                text += "<br>" + esc(
                    escalation_send.tr(
                        "Kept as they are: nothing; every secret and all personal data found were replaced."
                    )
                )
            self.summary_label.setText(text)

    def isComplete(self) -> bool:  # noqa: N802 - Qt's name
        return (
            self.consent_check.isChecked()
            and bool(self.path_edit.text().strip())
            and self._wizard.preview is not None
            and not self._wizard.busy
        )

    def validatePage(self) -> bool:  # noqa: N802 - Qt's name
        if self.saved is not None:
            return not self._sending
        self.write_bundle()
        return False

    @property
    def writing(self) -> bool:
        """Writing or sending is under way (the wizard is busy)."""
        return self._writing or self._sending

    def write_bundle(self) -> None:
        """Write the previewed bundle where the person chose, in the background (only with their consent)."""
        preview = self._wizard.preview
        if preview is None or self._writing or not self.consent_check.isChecked():
            return
        path = Path(self.path_edit.text().strip()).expanduser()
        if path.suffix != BUNDLE_SUFFIX:
            path = path.with_name(path.name + BUNDLE_SUFFIX)
        self._writing = True
        self._sending = self.sending_to_desk  # decided with the consent: a later change of mind is a new send
        self.set_writing(True, escalation_send.tr("Saving…"))
        self._wizard.runner.run(
            escalation.write_escalation,
            path,
            preview,
            lane=WRITE_TAG,
            tag=WRITE_TAG,
            on_success=self._written,
            on_error=self._write_error,
        )

    def _written(self, info: BundleInfo) -> None:
        self._writing = False
        self.saved = info
        desks, desk = self._wizard.desks, self.desk
        if self._sending and desks is not None and desk is not None:
            timeout = escalation_send.tr("%n s", "seconds", round(desk.timeout))
            self.set_writing(
                True,
                escalation_send.tr(
                    "Sending to the service desk “{desk}”… (at most {timeout} if it does not answer)"
                ).format(desk=desk.name, timeout=timeout),
            )
            desks.send(info.path, on_done=self._sent, on_error=self._send_failed, tag=SEND_TAG)
        else:
            self._sending = False
            self.set_writing(False, "")
        self.written.emit(info)

    def _sent(self, result: SendResult) -> None:
        self._sending = False
        self.send_result = result
        self.set_writing(False, "")
        self.sent.emit(result)
        self._wizard.next()

    def _send_failed(self, exc: BaseException) -> None:
        # stopped before the outbox took it (no desk after all, the outbox busy): the file is there to send by hand
        self._sending = False
        self.send_error = exc
        self.send_error_text = error_text(exc, escalation_send.tr("Not sent"))
        self.set_writing(False, "")
        self.sent.emit(exc)
        self._wizard.next()

    def _write_error(self, exc: BaseException) -> None:
        self._writing = False
        self._sending = False
        text = error_text(exc, escalation_send.tr("Not saved"))
        self.set_writing(False, f"<span style='color:#b00020'>{html.escape(text)}</span>")
        self.write_failed.emit(text)

    def set_writing(self, writing: bool, message: str = "") -> None:
        self.progress.setVisible(writing)
        self.status_label.setText(message)
        for widget in (self.path_edit, self.browse_button, self.consent_check, self.send_radio, self.file_radio):
            widget.setEnabled(not writing)
        self.completeChanged.emit()

    def _browse(self) -> None:
        path, _ = QFileDialog.getSaveFileName(
            self,
            escalation_send.tr("Save the support bundle"),
            self.path_edit.text(),
            escalation_send.tr("Support bundles (*{suffix})").format(suffix=BUNDLE_SUFFIX),
        )
        if path:
            self.path_edit.setText(path)


class DonePage(QWizardPage):
    """What became of the request: its ticket at the desk, queued, refused; or where the file was saved."""

    def __init__(self, wizard: EscalationWizard) -> None:
        super().__init__(wizard)
        self._wizard = wizard
        self.setTitle(escalation_send.tr("Saved"))
        self.setFinalPage(True)
        self.saved_label = QLabel(self)
        self.saved_label.setWordWrap(True)
        self.saved_label.setTextInteractionFlags(
            Qt.TextInteractionFlag.TextSelectableByMouse | Qt.TextInteractionFlag.LinksAccessibleByMouse
        )
        self.saved_label.setOpenExternalLinks(False)  # the ticket's link goes through open_ticket_link
        self.saved_label.linkActivated.connect(lambda _url: self.open_ticket_link())
        self.ticket_button = QPushButton(escalation_send.tr("Open the &ticket"), self)
        self.ticket_button.setToolTip(escalation_send.tr("Open the ticket's page at the service desk in your browser"))
        self.ticket_button.clicked.connect(self.open_ticket_link)
        self.requests_button = QPushButton(escalation_send.tr("My &requests"), self)
        self.requests_button.setToolTip(
            escalation_send.tr("Your requests and their status at the service desk (Help > My requests)")
        )
        self.requests_button.clicked.connect(self._show_requests)
        self.show_folder_button = QPushButton(escalation_send.tr("&Show in folder"), self)  # Alt+F: the wizard's Finish
        self.show_folder_button.clicked.connect(self.show_in_folder)
        self.email_button = QPushButton(escalation_send.tr("Compose &e-mail"), self)
        self.email_button.setToolTip(
            escalation_send.tr("Open an e-mail draft to the service desk; attach the bundle to it yourself")
        )
        self.email_button.clicked.connect(self.compose_email)
        buttons = QHBoxLayout()
        for button in (self.ticket_button, self.requests_button, self.show_folder_button, self.email_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        #: what to do instead when no file manager or mail program took the request
        self.notice_label = QLabel(self)
        self.notice_label.setWordWrap(True)
        self.notice_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        describe_label(self.notice_label, escalation_send.tr("Notice"))
        self.notice_label.hide()
        layout = QVBoxLayout(self)
        layout.addWidget(self.saved_label)
        layout.addLayout(buttons)
        layout.addWidget(self.notice_label)
        layout.addStretch(1)

    def show_notice(self, text: str) -> None:
        self.notice_label.setText(text)
        self.notice_label.show()

    @property
    def ticket_url(self) -> str:
        result = self._wizard.save_page.send_result
        url = result.url if result is not None and result.status == "sent" else ""
        return url if is_web_address(url) else ""

    def initializePage(self) -> None:  # noqa: N802 - Qt's name
        info = self._wizard.saved
        if info is None:
            return
        page = self._wizard.save_page
        result, error = page.send_result, page.send_error_text
        esc = html.escape
        path, sha256 = f"<b>{esc(str(info.path))}</b>", f"<code>{info.sha256}</code>"
        copy = esc(escalation_send.tr("A copy is kept as {path} (SHA-256 {sha256}).")).format(path=path, sha256=sha256)
        desk = page.desk.name if page.desk is not None else ""
        my_requests = "<b>" + esc(escalation_send.tr("Help › My requests")) + "</b>"
        file_buttons = True
        if result is not None and result.status == "sent":
            self.setTitle(escalation_send.tr("Sent"))
            url = self.ticket_url
            words = escalation_send.tr("ticket {number}").format(number=result.ticket)
            ticket = "<b>" + esc(words) + "</b>"
            if url and result.ticket:
                ticket = f"<a href='{esc(url)}'>{ticket}</a>"
                # the link in the text takes no keyboard focus: the button is the link's object, named by it
                self.ticket_button.setAccessibleDescription(words)
            if result.ticket:
                reached = esc(escalation_send.tr("Your request reached the service desk “{desk}”: {ticket}.")).format(
                    desk=esc(desk), ticket=ticket
                )
            else:
                reached = esc(
                    escalation_send.tr(
                        "Your request was sent to the service desk “{desk}”; it answers with its ticket number."
                    ).format(desk=desk)
                )
            if result.already_sent:
                reached += " " + esc(escalation_send.tr("It was already there: nothing was sent twice."))
            status = esc(escalation_send.tr("The desk contacts you about it; {my_requests} shows its status.")).format(
                my_requests=my_requests
            )
            text = f"{reached}<br><br>{status}<br><br>{copy}"
            file_buttons = False
        elif result is not None and result.status == "queued":
            self.setTitle(escalation_send.tr("Queued"))
            unreachable = esc(
                escalation_send.tr("The service desk “{desk}” could not be reached just now ({reason}).").format(
                    desk=desk, reason=result.error
                )
            )
            queued = esc(
                escalation_send.tr(
                    "{queued} as soon as the desk answers, while kbdesk is running; nothing more to do. "
                    "{my_requests} shows when it has gone."
                )
            ).format(
                queued="<b>"
                + esc(escalation_send.tr("Your request is queued and will be sent automatically"))
                + "</b>",
                my_requests=my_requests,
            )
            text = f"{unreachable}<br><br>{queued}<br><br>{copy}"
            file_buttons = False
        elif result is not None:
            self.setTitle(escalation_send.tr("Not sent yet"))
            refused = esc(
                escalation_send.tr("The service desk “{desk}” did not accept the request: {reason}").format(
                    desk=desk, reason=result.error
                )
            )
            kept = esc(
                escalation_send.tr(
                    "It is kept, and sent once that is fixed (Settings › Service desk, then {send_now}). "
                    "Or send the file yourself."
                )
            ).format(
                send_now="<b>" + esc(escalation_send.tr("Help › My requests › Send waiting requests now")) + "</b>"
            )
            text = f"{refused}<br><br>{kept}<br><br>{copy}"
        elif error:
            self.setTitle(escalation_send.tr("Saved, not sent"))
            saved = esc(
                escalation_send.tr(
                    "The bundle was saved as {path} (SHA-256 {sha256}). Send this file to the service desk yourself."
                )
            ).format(path=path, sha256=sha256)
            text = f"{esc(error)}<br><br>{saved}"
        else:
            self.setTitle(escalation_send.tr("Saved"))
            text = escalation_send.tr(
                "The bundle was saved as<br><b>{path}</b><br><br>SHA-256: <code>{sha256}</code><br><br>"
                "Send this file to the service desk (attach it to an e-mail or upload it to your ticket). "
                "If they ask, read them the SHA-256 so they can check the file arrived unchanged."
            ).format(path=esc(str(info.path)), sha256=info.sha256)
        self.saved_label.setText(text)
        self.ticket_button.setVisible(bool(self.ticket_url))
        self.requests_button.setVisible(result is not None and self._wizard.open_requests is not None)
        self.email_button.setVisible(file_buttons)

    def open_ticket_link(self) -> bool:
        """Open the ticket at the desk in the browser (only ever on a click); without one, copy the address."""
        url = self.ticket_url
        if not url:
            return False
        if open_with_system(QUrl(url)):
            return True
        QGuiApplication.clipboard().setText(url)
        self.show_notice(
            escalation_send.tr(
                "No browser could be opened on this computer; the ticket's address was copied:\n{url}"
            ).format(url=url)
        )
        return False

    def _show_requests(self) -> None:
        show = self._wizard.open_requests
        if show is not None:
            show()
            self._wizard.accept()

    def show_in_folder(self) -> bool:
        """Open the bundle's folder in the file manager; when there is none, say where the file is."""
        saved = self._wizard.saved
        if saved is None:
            return False
        folder = saved.path.parent
        if open_with_system(QUrl.fromLocalFile(str(folder))):
            return True
        QGuiApplication.clipboard().setText(str(saved.path))
        self.show_notice(
            escalation_send.tr(
                "No file manager could be opened on this computer. The bundle is here (the path was copied to "
                "the clipboard):\n{path}"
            ).format(path=saved.path)
        )
        return False

    def mailto_url(self) -> QUrl:
        info, preview = self._wizard.saved, self._wizard.preview
        assert info is not None and preview is not None
        url = QUrl(f"mailto:{self._wizard.settings.support_email or ''}")
        body = escalation_send.tr(
            "Hello,\n\n{summary}\n\nPriority: {priority}\n\n"
            "I attached the support bundle {file} (SHA-256 {sha256}).\n\n"
            "PLEASE ATTACH THE FILE {file} TO THIS E-MAIL BEFORE SENDING (it is in {folder}).\n"
        ).format(
            summary=preview.ticket.summary,
            priority=preview.ticket.priority.label,
            file=info.path.name,
            sha256=info.sha256,
            folder=info.path.parent,
        )
        query = QUrlQuery()
        query.addQueryItem(
            "subject", escalation_send.tr("Support request: {summary}").format(summary=preview.ticket.summary)
        )
        query.addQueryItem("body", body)
        url.setQuery(query)
        return url

    def compose_email(self) -> bool:
        """Open an e-mail draft in the mail program; when there is none, put the draft on the clipboard."""
        saved = self._wizard.saved
        if saved is None:
            return False
        url = self.mailto_url()
        if open_with_system(url):
            return True
        query = QUrlQuery(url.query())
        to = self._wizard.settings.support_email or escalation_send.tr("the service desk")
        subject = query.queryItemValue("subject", QUrl.ComponentFormattingOption.FullyDecoded)
        body = query.queryItemValue("body", QUrl.ComponentFormattingOption.FullyDecoded)
        to_line, subject_line = escalation_send.tr("To:"), escalation_send.tr("Subject:")
        QGuiApplication.clipboard().setText(f"{to_line} {to}\n{subject_line} {subject}\n\n{body}")
        self.show_notice(
            escalation_send.tr(
                "No e-mail program is set up on this computer, so no draft could be opened. The e-mail (address, "
                "subject and text) was copied to the clipboard: paste it into your webmail, send it to {to} and "
                "attach {file} (in {folder})."
            ).format(to=to, file=saved.path.name, folder=saved.path.parent)
        )
        return False
