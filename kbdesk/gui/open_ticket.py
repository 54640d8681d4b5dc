"""File > Open ticket… (for agents): a ticket number in, the agent view of its bundle out.

The agent picks the desk (only desks kbdesk can fetch from: Request Tracker) and types the
ticket number (``42``, ``#42`` and ``RT#42`` all work). In the background (lane ``desk``,
bounded by the desk's time limit) :func:`kbdesk.core.desks.fetch_verified_bundle` downloads
the ticket's bundle into ``<data>/received`` and checks it as ``kbdesk ticket open`` does:
every member matches the manifest, and the bundle is the one the ticket was made for. Only
then does the agent view (:mod:`.bundle_view`) open it. A tampered or swapped bundle is
refused with what differs and where the file was kept (through :func:`.errors.show_error`);
the dialog stays open for another number.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QVBoxLayout,
    QWidget,
)

from ..core.desks import FetchedBundle, fetch_verified_bundle
from ..core.desks.service import adapter_class
from .accessibility import describe_label
from .bundle_view import show_bundle
from .desk_service import DESK_LANE
from .errors import show_error
from .host import ActionSpec, WindowHost
from .i18n import QT_TRANSLATE_NOOP, TranslationContext

log = logging.getLogger(__name__)
open_ticket = TranslationContext("open_ticket")

TAG = "open-ticket"


class OpenTicketDialog(QDialog):
    #: the bundle was fetched and verified (FetchedBundle), or refused (the exception)
    finished_fetch = Signal(object)

    def __init__(self, host: WindowHost, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.host = host
        self.setWindowTitle(open_ticket.tr("Open a ticket"))
        self.setObjectName("OpenTicketDialog")
        self.fetched: FetchedBundle | None = None
        desks = [d for d in host.desks.table().desks if adapter_class(d.kind).can_fetch]
        default = host.desks.default_desk()

        intro = QLabel(open_ticket.tr("Fetch the support bundle attached to a ticket, check it, and show it."), self)
        intro.setWordWrap(True)
        self.desk_combo = QComboBox(self)
        self.desk_combo.setAccessibleName(open_ticket.tr("Desk"))
        for desk in desks:
            self.desk_combo.addItem(f"{desk.name} ({desk.target})", desk.name)
        if default is not None and self.desk_combo.findData(default.name) >= 0:
            self.desk_combo.setCurrentIndex(self.desk_combo.findData(default.name))
        self.ticket_edit = QLineEdit(self)
        self.ticket_edit.setAccessibleName(open_ticket.tr("Ticket number"))
        self.ticket_edit.setPlaceholderText(open_ticket.tr("e.g. 42"))
        form = QFormLayout()
        form.addRow(open_ticket.tr("&Desk:"), self.desk_combo)
        form.addRow(open_ticket.tr("&Ticket:"), self.ticket_edit)

        self.message_label = QLabel(self)
        self.message_label.setWordWrap(True)
        self.message_label.setTextFormat(Qt.TextFormat.PlainText)
        describe_label(self.message_label, open_ticket.tr("Message"))
        self.message_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        if not desks:
            self.message_label.setText(
                open_ticket.tr(
                    "No desk kbdesk can fetch tickets from is set up (a Request Tracker desk). "
                    "Add one in Settings > Service desk, or open a bundle file with File > Open bundle…"
                )
            )
        self.progress = QProgressBar(self)
        self.progress.setRange(0, 0)
        self.progress.setTextVisible(False)
        self.progress.setMaximumHeight(10)
        self.progress.hide()

        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Open | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.open_button = self.buttons.button(QDialogButtonBox.StandardButton.Open)
        self.buttons.accepted.connect(self.start_fetch)
        self.buttons.rejected.connect(self.reject)
        self.ticket_edit.textChanged.connect(self._update_button)
        self.desk_combo.setEnabled(bool(desks))
        self.ticket_edit.setEnabled(bool(desks))

        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.message_label)
        layout.addWidget(self.progress)
        layout.addStretch(1)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(480)
        self._busy = False
        self._update_button()

    def _update_button(self) -> None:
        self.open_button.setEnabled(
            not self._busy and self.desk_combo.count() > 0 and bool(self.ticket_edit.text().strip())
        )

    def _set_busy(self, busy: bool, text: str = "") -> None:
        self._busy = busy
        self.progress.setVisible(busy)
        self.desk_combo.setEnabled(not busy)
        self.ticket_edit.setEnabled(not busy)
        if text or busy:
            self.message_label.setText(text)
        self._update_button()

    def start_fetch(self) -> None:
        ticket = self.ticket_edit.text().strip()
        desk = self.desk_combo.currentData()
        if self._busy or not ticket or not desk:
            return
        self._set_busy(
            True,
            open_ticket.tr("Fetching ticket {ticket} from desk '{desk}' and checking its bundle…").format(
                ticket=ticket, desk=desk
            ),
        )
        self.host.runner.run(
            fetch_verified_bundle,
            ticket,
            desk,
            settings=self.host.desks.desk_settings(),
            lane=DESK_LANE,
            tag=TAG,
            on_success=self._fetched,
            on_error=lambda exc: self._refused(exc, ticket),
        )

    def _fetched(self, fetched: FetchedBundle) -> None:
        self._set_busy(False)
        self.fetched = fetched
        self.finished_fetch.emit(fetched)
        self.accept()
        show_bundle(self.host, fetched.path)
        self.host.show_status(
            open_ticket.tr("Ticket {ticket} from desk '{desk}': its bundle matches its manifest").format(
                ticket=fetched.ticket, desk=fetched.desk
            ),
            8000,
        )

    def _refused(self, exc: BaseException, ticket: str) -> None:
        self._set_busy(False)
        show_error(
            self,
            exc,
            open_ticket.tr("Ticket {ticket} not opened").format(ticket=ticket),
            show=self.message_label.setText,
        )
        self.finished_fetch.emit(exc)

    def reject(self) -> None:
        self.host.runner.invalidate(TAG)  # a late answer must not open a view the agent cancelled
        super().reject()


OPEN_TICKET_ACTION = ActionSpec(
    "open-ticket",
    QT_TRANSLATE_NOOP("menus", "Open &ticket…"),
    QT_TRANSLATE_NOOP("menus", "&File"),
    ("Ctrl+Shift+O",),
    QT_TRANSLATE_NOOP(
        "menus", "Fetch a ticket's support bundle from the service desk, check it and show it (for agents)"
    ),
    after="open-bundle",
)


def open_ticket_dialog(host: WindowHost) -> OpenTicketDialog:
    """The dialog, modeless over the window (deleted when closed)."""
    dialog = OpenTicketDialog(host, host.dialog_parent())
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, True)
    dialog.show()
    return dialog


def install(host: WindowHost) -> None:
    """File > Open ticket… (Ctrl+Shift+O)."""
    host.add_action(OPEN_TICKET_ACTION, lambda: open_ticket_dialog(host))


__all__ = ["OPEN_TICKET_ACTION", "OpenTicketDialog", "install", "open_ticket_dialog"]
