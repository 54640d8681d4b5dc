"""The wizard's last step: save the bundle (with the person's consent), then get it to the service desk.

* :class:`SavePage`: where to save, the explicit consent checkbox without which nothing is
  written, and the writing itself (in the background, lane and tag ``escalation-write``);
  it says :attr:`SavePage.written` when the file is there.
* :class:`DonePage`: the path and checksum, "Show in folder" and "Compose e-mail", each
  with what to do instead when this computer has no file manager or mail program.

Everything about where a bundle goes lives here: sending it to a service desk instead of
(or besides) saving it is a change to this module. The pages read the wizard's preview,
runner, settings and ``saved`` bundle, nothing else.
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
    QVBoxLayout,
    QWizardPage,
)

from ..core import escalation
from ..core.bundle import BUNDLE_SUFFIX, BundleInfo
from .accessibility import buddy_label, describe_label
from .desktop import open_with_system
from .errors import error_text

if TYPE_CHECKING:
    from .escalation_wizard import EscalationWizard

log = logging.getLogger(__name__)

#: the lane and tag of writing a bundle (closing the wizard drops a late result)
WRITE_TAG = "escalation-write"


class SavePage(QWizardPage):
    """Where the bundle goes and the consent without which nothing is written; writing it."""

    #: the bundle was written (BundleInfo)
    written = Signal(object)
    #: writing failed: what to tell the person
    write_failed = Signal(str)

    def __init__(self, wizard: EscalationWizard) -> None:
        super().__init__(wizard)
        self._wizard = wizard
        self._writing = False
        #: the bundle once written
        self.saved: BundleInfo | None = None
        self.setTitle("Save the bundle")
        self.setSubTitle("The bundle is one file that you send to the service desk. It is not sent anywhere by kbdesk.")
        self.summary_label = QLabel(self)
        self.summary_label.setWordWrap(True)
        self.path_edit = QLineEdit(self)
        self.path_edit.setAccessibleName("Save as")
        self.browse_button = QPushButton("B&rowse…", self)  # Alt+B is the wizard's Back
        self.browse_button.clicked.connect(self._browse)
        row = QHBoxLayout()
        row.addWidget(self.path_edit, 1)
        row.addWidget(self.browse_button)
        self.consent_check = QCheckBox(
            "I have reviewed exactly what will be saved, and I agree to send it to the service desk.", self
        )
        self.consent_check.setAccessibleDescription("Consent")  # what is agreed to is heard: the text is the name
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
        layout.addWidget(buddy_label("Save &as:", self.path_edit, self))
        layout.addLayout(row)
        layout.addSpacing(8)
        layout.addWidget(self.consent_check)
        layout.addStretch(1)
        layout.addWidget(self.status_label)
        layout.addWidget(self.progress)
        self.consent_check.toggled.connect(self.completeChanged)
        self.path_edit.textChanged.connect(self.completeChanged)

    def initializePage(self) -> None:  # noqa: N802 - Qt's name
        if not self.path_edit.text():
            self.path_edit.setText(str(escalation.default_bundle_dir() / escalation.default_bundle_name()))
        preview = self._wizard.preview
        if preview is not None:
            names = html.escape(", ".join(i.title for i in preview.included_items))
            left_out = [html.escape(i.title) for i in preview.items if not i.included]
            text = f"<b>{len(preview.included_items)} item(s)</b> will be saved: {names}."
            if left_out:
                text += f"<br>Left out: {', '.join(left_out)}."
            kept = preview.kept_as_is()
            if kept:
                text += "<br>Kept as they are:<ul>" + "".join(f"<li>{html.escape(k)}</li>" for k in kept) + "</ul>"
            else:
                text += "<br>Kept as they are: nothing; every secret and all personal data found were replaced."
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
            return True
        self.write_bundle()
        return False

    @property
    def writing(self) -> bool:
        return self._writing

    def write_bundle(self) -> None:
        """Write the previewed bundle where the person chose, in the background (only with their consent)."""
        preview = self._wizard.preview
        if preview is None or self._writing or not self.consent_check.isChecked():
            return
        path = Path(self.path_edit.text().strip()).expanduser()
        if path.suffix != BUNDLE_SUFFIX:
            path = path.with_name(path.name + BUNDLE_SUFFIX)
        self._writing = True
        self.set_writing(True, "Saving…")
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
        self.set_writing(False, "")
        self.written.emit(info)

    def _write_error(self, exc: BaseException) -> None:
        self._writing = False
        text = error_text(exc, "Not saved")
        self.set_writing(False, f"<span style='color:#b00020'>{html.escape(text)}</span>")
        self.write_failed.emit(text)

    def set_writing(self, writing: bool, message: str = "") -> None:
        self.progress.setVisible(writing)
        self.status_label.setText(message)
        for widget in (self.path_edit, self.browse_button, self.consent_check):
            widget.setEnabled(not writing)
        self.completeChanged.emit()

    def _browse(self) -> None:
        path, _ = QFileDialog.getSaveFileName(
            self, "Save the support bundle", self.path_edit.text(), f"Support bundles (*{BUNDLE_SUFFIX})"
        )
        if path:
            self.path_edit.setText(path)


class DonePage(QWizardPage):
    """Where the bundle was saved, its checksum, and how to get it to the service desk."""

    def __init__(self, wizard: EscalationWizard) -> None:
        super().__init__(wizard)
        self._wizard = wizard
        self.setTitle("Saved")
        self.setFinalPage(True)
        self.saved_label = QLabel(self)
        self.saved_label.setWordWrap(True)
        self.saved_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.show_folder_button = QPushButton("&Show in folder", self)  # Alt+F is the wizard's Finish
        self.show_folder_button.clicked.connect(self.show_in_folder)
        self.email_button = QPushButton("Compose &e-mail", self)
        self.email_button.setToolTip("Open an e-mail draft to the service desk; attach the bundle to it yourself")
        self.email_button.clicked.connect(self.compose_email)
        buttons = QHBoxLayout()
        buttons.addWidget(self.show_folder_button)
        buttons.addWidget(self.email_button)
        buttons.addStretch(1)
        #: what to do instead when no file manager or mail program took the request
        self.notice_label = QLabel(self)
        self.notice_label.setWordWrap(True)
        self.notice_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        describe_label(self.notice_label, "Notice")
        self.notice_label.hide()
        layout = QVBoxLayout(self)
        layout.addWidget(self.saved_label)
        layout.addLayout(buttons)
        layout.addWidget(self.notice_label)
        layout.addStretch(1)

    def show_notice(self, text: str) -> None:
        self.notice_label.setText(text)
        self.notice_label.show()

    def initializePage(self) -> None:  # noqa: N802 - Qt's name
        info = self._wizard.saved
        if info is None:
            return
        self.saved_label.setText(
            f"The bundle was saved as<br><b>{info.path}</b><br><br>"
            f"SHA-256: <code>{info.sha256}</code><br><br>"
            "Send this file to the service desk (attach it to an e-mail or upload it to your ticket). "
            "If they ask, read them the SHA-256 so they can check the file arrived unchanged."
        )

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
            "No file manager could be opened on this computer. The bundle is here (the path was copied to "
            f"the clipboard):\n{saved.path}"
        )
        return False

    def mailto_url(self) -> QUrl:
        info, preview = self._wizard.saved, self._wizard.preview
        assert info is not None and preview is not None
        url = QUrl(f"mailto:{self._wizard.settings.support_email or ''}")
        body = (
            f"Hello,\n\n{preview.ticket.summary}\n\n"
            f"Priority: {preview.ticket.priority.label}\n\n"
            f"I attached the support bundle {info.path.name} "
            f"(SHA-256 {info.sha256}).\n\n"
            f"PLEASE ATTACH THE FILE {info.path.name} TO THIS E-MAIL BEFORE SENDING (it is in {info.path.parent}).\n"
        )
        query = QUrlQuery()
        query.addQueryItem("subject", f"Support request: {preview.ticket.summary}")
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
        to = self._wizard.settings.support_email or "the service desk"
        subject = query.queryItemValue("subject", QUrl.ComponentFormattingOption.FullyDecoded)
        body = query.queryItemValue("body", QUrl.ComponentFormattingOption.FullyDecoded)
        QGuiApplication.clipboard().setText(f"To: {to}\nSubject: {subject}\n\n{body}")
        self.show_notice(
            "No e-mail program is set up on this computer, so no draft could be opened. The e-mail (address, "
            f"subject and text) was copied to the clipboard: paste it into your webmail, send it to {to} and "
            f"attach {saved.path.name} (in {saved.path.parent})."
        )
        return False
