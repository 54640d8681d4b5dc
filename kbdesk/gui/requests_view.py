""" "My requests" (Help > My requests): the escalations sent from this computer, and where each one is.

One row per request: waiting in the outbox (*queued*: kbdesk sends it by itself when the desk
answers again; *held*: it waits for a person, with the reason), or at the desk with its state
there (*new*, *open*, *resolved*) and the desk's ticket number. The ticket number is a link
that opens the desk's page in the browser, only when clicked.

The rows come from :func:`kbdesk.core.desks.overview.request_rows` in two steps, both off the
GUI thread: first what is on disk (the last known state of each ticket, with the time it was
read), at once; then the desks are asked (lane ``desk``, each call bounded by the desk's time
limit) and the rows are replaced by what they said. A desk that does not answer leaves the
last known state on screen, marked with its time, and one line above the list says so. While
the page is shown it asks again every :data:`REFRESH_S` seconds, and whenever the outbox sent,
queued or held something (:attr:`DeskService.requests_changed
<kbdesk.gui.desk_service.DeskService.requests_changed>`).
"""

from __future__ import annotations

import logging
from datetime import datetime

from PySide6.QtCore import Qt, QTimer, QUrl, Signal
from PySide6.QtGui import QBrush, QFont, QGuiApplication, QHideEvent, QPalette, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ..core.desks.outbox import parse_iso
from ..core.desks.overview import HELD, QUEUED, RequestRow, request_rows
from .desk_service import DESK_LANE, DeskService
from .desktop import is_web_address, open_with_system
from .errors import show_error
from .host import ActionSpec, WindowHost

log = logging.getLogger(__name__)

PAGE_NAME = "requests"
#: while the page is shown, ask the desks again this often (one short call per ticket)
REFRESH_S = 120
COLUMNS = ("Status", "Request", "Desk", "Ticket", "Sent", "Status as of")
STATUS_COL, SUMMARY_COL, DESK_COL, TICKET_COL, SENT_COL, CHECKED_COL = range(len(COLUMNS))
LABELS = {
    "new": "New",
    "open": "Open",
    "resolved": "Resolved",
    "sent": "Sent",
    QUEUED: "Waiting to send",
    HELD: "Not sent",
}
#: what each state means, for the tooltip of the status column
MEANINGS = {
    "new": "The desk has your request; nobody has picked it up yet.",
    "open": "Someone at the desk is working on it.",
    "resolved": "The desk considers it solved.",
    "sent": "The desk has your request; it does not report progress here (an e-mail desk answers by e-mail).",
    QUEUED: "The desk could not be reached; kbdesk sends it by itself as soon as it answers.",
    HELD: "The desk refused it; it is kept until the problem is fixed (see below).",
}


def local_time(iso: str, *, today: datetime | None = None) -> str:
    """``2026-03-01T10:00:00Z`` as the person's local time: "14:05" today, "1 Mar 14:05" otherwise."""
    seconds = parse_iso(iso)
    if not seconds:
        return ""
    moment = datetime.fromtimestamp(seconds)
    today = today or datetime.now()
    if moment.date() == today.date():
        return moment.strftime("%H:%M")
    if moment.year == today.year:
        return f"{moment.day} {moment:%b %H:%M}"
    return f"{moment.day} {moment:%b %Y %H:%M}"


def row_detail(row: RequestRow) -> str:
    """The line under the list for the selected row: what is happening to it, and what to do."""
    if row.delivery == QUEUED:
        when = local_time(row.next_attempt_at)
        text = f"Waiting for desk '{row.desk}'"
        text += f"; next try at {when}" if when else "; it is sent as soon as the desk answers"
        if row.attempts:
            text += f" (tried {row.attempts} time{'s' if row.attempts != 1 else ''})"
        return text + (f". Last problem: {row.error}" if row.error else ".")
    if row.delivery == HELD:
        return (
            f"Not sent: {row.error or 'the desk refused it'}. Fix the desk in Settings, then click "
            "“Send waiting requests now”."
        )
    parts = [f"Ticket {row.ticket} at desk '{row.desk}'" if row.ticket else f"Sent to desk '{row.desk}'"]
    if row.status and row.status != row.state:
        parts.append(f"the desk says “{row.status}”")
    if row.state and not row.live:
        checked = local_time(row.checked_at)
        parts.append(f"last known status, from {checked}" if checked else "last known status")
    if row.error:
        parts.append(f"not updated now: {row.error}")
    return "; ".join(parts) + "."


class RequestsView(QWidget):
    """The "My requests" page."""

    #: rows are on screen: (the rows, whether the desks were asked)
    rows_shown = Signal(object, bool)

    def __init__(self, host: WindowHost, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.host = host
        self.desks: DeskService = host.desks
        self.setObjectName("RequestsView")
        self.rows: tuple[RequestRow, ...] = ()
        #: bumps with every refresh; a result from an older one is dropped (see _show)
        self._generation = 0
        self._live_generation = -1

        self.back_button = QPushButton("← Back to search", self)
        self.back_button.clicked.connect(host.show_search_page)
        title = QLabel("My requests", self)
        font = QFont(title.font())
        font.setPointSizeF(font.pointSizeF() * 1.3)
        font.setBold(True)
        title.setFont(font)
        self.send_now_button = QPushButton("Send waiting requests &now", self)
        self.send_now_button.setToolTip("Try every request in the outbox now, the ones held for a problem too")
        self.send_now_button.clicked.connect(self.send_now)
        self.refresh_button = QPushButton("&Refresh", self)
        self.refresh_button.setToolTip("Ask the service desk for the status of every request now")
        self.refresh_button.clicked.connect(self.refresh)
        header = QHBoxLayout()
        header.addWidget(self.back_button)
        header.addWidget(title, 1)
        header.addWidget(self.send_now_button)
        header.addWidget(self.refresh_button)

        self.state_label = QLabel(self)
        self.state_label.setWordWrap(True)
        self.state_label.setTextFormat(Qt.TextFormat.PlainText)  # desks' messages are not markup
        self.state_label.setAccessibleName("Desk status")
        self.state_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        self.tree = QTreeWidget(self)
        self.tree.setHeaderLabels(list(COLUMNS))
        self.tree.setRootIsDecorated(False)
        self.tree.setAlternatingRowColors(True)
        self.tree.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.tree.setAccessibleName("My requests")
        self.tree.header().setSectionResizeMode(SUMMARY_COL, QHeaderView.ResizeMode.Stretch)
        self.tree.header().setStretchLastSection(False)
        self.tree.itemClicked.connect(self._clicked)
        self.tree.currentItemChanged.connect(lambda *_: self._show_detail())

        self.empty_label = QLabel(
            "No requests yet. When you contact support from kbdesk (Help > Contact support…), "
            "your requests appear here with their status at the service desk.",
            self,
        )
        self.empty_label.setWordWrap(True)
        self.empty_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty_label.hide()

        self.detail_label = QLabel(self)
        self.detail_label.setWordWrap(True)
        self.detail_label.setTextFormat(Qt.TextFormat.PlainText)
        self.detail_label.setAccessibleName("Selected request")
        self.detail_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.open_button = QPushButton("&Open at the desk", self)
        self.open_button.setToolTip("Open the ticket's page at the service desk in your browser")
        self.open_button.clicked.connect(self.open_selected)
        self.open_button.setEnabled(False)
        footer = QHBoxLayout()
        footer.addWidget(self.detail_label, 1)
        footer.addWidget(self.open_button)

        layout = QVBoxLayout(self)
        layout.addLayout(header)
        layout.addWidget(self.state_label)
        layout.addWidget(self.tree, 1)
        layout.addWidget(self.empty_label, 1)
        layout.addLayout(footer)

        self.timer = QTimer(self)
        self.timer.setInterval(REFRESH_S * 1000)
        self.timer.timeout.connect(self.refresh)
        self.desks.requests_changed.connect(self._requests_changed)
        self.desks.flush_finished.connect(self._flush_finished)

    # ------------------------------------------------------------ refreshing
    def refresh(self) -> None:
        """What is on disk now, then what the desks say (both in the background)."""
        self._generation += 1
        generation = self._generation
        settings = self.desks.desk_settings()
        self.state_label.setText("Asking the service desk…" if self.rows else "Reading your requests…")
        self.host.runner.run(
            request_rows,
            live=False,
            settings=settings,
            tag="my-requests-local",
            on_success=lambda rows: self._show(rows, generation, live=False),
            on_error=self._failed,
        )
        self.host.runner.run(
            request_rows,
            live=True,
            settings=settings,
            lane=DESK_LANE,
            tag="my-requests-live",
            on_success=lambda rows: self._show(rows, generation, live=True),
            on_error=self._failed,
        )

    def _requests_changed(self) -> None:
        if self.isVisible():
            self.refresh()

    def send_now(self) -> None:
        self.send_now_button.setEnabled(False)
        self.state_label.setText("Sending the waiting requests…")
        self.desks.flush(only_due=False)

    def _flush_finished(self, outcome: object) -> None:
        if not self.isVisible():
            return
        if isinstance(outcome, BaseException):
            show_error(self, outcome, "The waiting requests were not sent", show=self.state_label.setText)
            self.send_now_button.setEnabled(True)
        else:
            self.refresh()

    def _failed(self, exc: BaseException) -> None:
        show_error(self, exc, "Your requests could not be read", show=self.state_label.setText)

    def _show(self, rows: tuple[RequestRow, ...], generation: int, *, live: bool) -> None:
        # the local read may finish after the desks answered (another pool): never paint older over newer
        if not live and self._live_generation >= generation:
            return
        if live:
            self._live_generation = generation
        current = self.tree.currentItem()
        selected = current.data(0, Qt.ItemDataRole.UserRole) if current is not None else None
        self.rows = rows
        self.tree.clear()
        for n, row in enumerate(rows):
            item = self._item(row, n)
            if row.bundle_id == selected:
                self.tree.setCurrentItem(item)
        for column in (STATUS_COL, DESK_COL, TICKET_COL, SENT_COL, CHECKED_COL):
            self.tree.resizeColumnToContents(column)
        self.tree.setVisible(bool(rows))
        self.empty_label.setVisible(not rows)
        self.state_label.setText(self._state_text(rows, live))
        self.send_now_button.setEnabled(any(r.delivery in (QUEUED, HELD) for r in rows))
        self._show_detail()
        self.rows_shown.emit(rows, live)

    def _state_text(self, rows: tuple[RequestRow, ...], live: bool) -> str:
        sent = [r for r in rows if r.delivery == "sent" and r.ticket]
        if not live:
            return "Asking the service desk…" if sent else ""
        failing = sorted({r.error for r in sent if r.error and not r.live})
        if failing:
            error = failing[0]
            older = [r.checked_at for r in sent if not r.live and r.checked_at]  # ISO times sort as they read
            since = f" (as of {local_time(min(older))})" if older else ""
            return f"No answer from the service desk now ({error}). The last known status is shown{since}."
        if sent:
            return f"Status from the service desk at {datetime.now():%H:%M}."
        return ""

    def _item(self, row: RequestRow, index: int) -> QTreeWidgetItem:
        label = LABELS.get(row.label, row.label)
        item = QTreeWidgetItem(
            [
                label,
                row.summary or "(no summary)",
                row.desk,
                f"#{row.ticket}" if row.ticket else "",
                local_time(row.at),
                local_time(row.checked_at) if row.delivery == "sent" else "",
            ]
        )
        item.setData(0, Qt.ItemDataRole.UserRole, row.bundle_id)
        item.setData(1, Qt.ItemDataRole.UserRole, index)
        item.setToolTip(STATUS_COL, MEANINGS.get(row.label, ""))
        item.setToolTip(SUMMARY_COL, row.summary)
        bold = QFont(self.tree.font())
        bold.setBold(True)
        item.setFont(STATUS_COL, bold)
        if row.url:
            link = QFont(self.tree.font())
            link.setUnderline(True)
            item.setFont(TICKET_COL, link)
            item.setForeground(TICKET_COL, QBrush(self.palette().color(QPalette.ColorRole.Link)))
            item.setToolTip(TICKET_COL, f"Open {row.url} in the browser")
        if row.delivery == "sent" and row.state and not row.live:
            # last known, not what the desk said just now
            grey = QBrush(self.palette().color(QPalette.ColorGroup.Disabled, QPalette.ColorRole.Text))
            item.setForeground(STATUS_COL, grey)
            item.setForeground(CHECKED_COL, grey)
            item.setToolTip(CHECKED_COL, "The last status the desk gave; it could not be asked now")
        self.tree.addTopLevelItem(item)
        return item

    # ------------------------------------------------------------ the selected row
    def selected_row(self) -> RequestRow | None:
        item = self.tree.currentItem()
        if item is None:
            return None
        index = item.data(1, Qt.ItemDataRole.UserRole)
        return self.rows[index] if isinstance(index, int) and 0 <= index < len(self.rows) else None

    def _show_detail(self) -> None:
        row = self.selected_row()
        self.detail_label.setText(row_detail(row) if row is not None else "")
        self.open_button.setEnabled(row is not None and is_web_address(row.url))

    def _clicked(self, item: QTreeWidgetItem, column: int) -> None:
        if column == TICKET_COL:
            self.open_selected()

    def open_selected(self) -> bool:
        """Open the selected ticket's page at the desk in the browser (only ever on a click)."""
        row = self.selected_row()
        if row is None or not is_web_address(row.url):
            return False
        if open_with_system(QUrl(row.url)):
            return True
        QGuiApplication.clipboard().setText(row.url)
        self.host.show_status(f"No browser could be opened; the ticket's address was copied: {row.url}", 15000)
        return False

    # ------------------------------------------------------------ visibility
    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 - Qt's name
        super().showEvent(event)
        self.timer.start()

    def hideEvent(self, event: QHideEvent) -> None:  # noqa: N802 - Qt's name
        super().hideEvent(event)
        self.timer.stop()


MY_REQUESTS_ACTION = ActionSpec(
    "my-requests",
    "My &requests",
    "&Help",
    tip="Your requests to the service desk and their status",
    after="contact-support",
)


def show_requests(host: WindowHost) -> RequestsView:
    """Build (once) and show "My requests", reading them afresh."""
    page = host.page(PAGE_NAME)
    if not isinstance(page, RequestsView):  # None before the first use
        page = RequestsView(host)
        host.add_page(PAGE_NAME, page)
    host.show_page(PAGE_NAME)
    page.refresh()
    return page


def install(host: WindowHost) -> None:
    """Help > My requests."""
    host.add_action(MY_REQUESTS_ACTION, lambda: show_requests(host))


__all__ = ["MY_REQUESTS_ACTION", "PAGE_NAME", "RequestsView", "install", "local_time", "row_detail", "show_requests"]
