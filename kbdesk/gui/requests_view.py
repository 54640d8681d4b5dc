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

from PySide6.QtCore import QDateTime, QLocale, Qt, QTimer, QUrl, Signal
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
from .accessibility import describe_label
from .desk_service import DESK_LANE, DeskService
from .desktop import is_web_address, open_with_system
from .errors import show_error
from .host import ActionSpec, WindowHost
from .i18n import QT_TRANSLATE_NOOP, TranslationContext

log = logging.getLogger(__name__)
requests_view = TranslationContext("requests_view")

PAGE_NAME = "requests"
#: while the page is shown, ask the desks again this often (one short call per ticket)
REFRESH_S = 120
COLUMNS = (
    QT_TRANSLATE_NOOP("requests_view", "Status"),
    QT_TRANSLATE_NOOP("requests_view", "Request"),
    QT_TRANSLATE_NOOP("requests_view", "Desk"),
    QT_TRANSLATE_NOOP("requests_view", "Ticket"),
    QT_TRANSLATE_NOOP("requests_view", "Sent"),
    QT_TRANSLATE_NOOP("requests_view", "Status as of"),
)
STATUS_COL, SUMMARY_COL, DESK_COL, TICKET_COL, SENT_COL, CHECKED_COL = range(len(COLUMNS))
LABELS = {
    "new": QT_TRANSLATE_NOOP("requests_view", "New"),
    "open": QT_TRANSLATE_NOOP("requests_view", "Open"),
    "resolved": QT_TRANSLATE_NOOP("requests_view", "Resolved"),
    "sent": QT_TRANSLATE_NOOP("requests_view", "Sent"),
    QUEUED: QT_TRANSLATE_NOOP("requests_view", "Waiting to send"),
    HELD: QT_TRANSLATE_NOOP("requests_view", "Not sent"),
}
#: what each state means, for the tooltip of the status column
MEANINGS = {
    "new": QT_TRANSLATE_NOOP("requests_view", "The desk has your request; nobody has picked it up yet."),
    "open": QT_TRANSLATE_NOOP("requests_view", "Someone at the desk is working on it."),
    "resolved": QT_TRANSLATE_NOOP("requests_view", "The desk considers it solved."),
    "sent": QT_TRANSLATE_NOOP(
        "requests_view",
        "The desk has your request; it does not report progress here (an e-mail desk answers by e-mail).",
    ),
    QUEUED: QT_TRANSLATE_NOOP(
        "requests_view", "The desk could not be reached; kbdesk sends it by itself as soon as it answers."
    ),
    HELD: QT_TRANSLATE_NOOP("requests_view", "The desk refused it; it is kept until the problem is fixed (see below)."),
}


def local_time(iso: str, *, today: datetime | None = None) -> str:
    """``2026-03-01T10:00:00Z`` as the person's local time: "14:05" today, "1 Mar 14:05" otherwise (in the
    locale's words and order: "1. März 14:05")."""
    seconds = parse_iso(iso)
    if not seconds:
        return ""
    moment = datetime.fromtimestamp(seconds)
    today = today or datetime.now()
    if moment.date() == today.date():
        return moment.strftime("%H:%M")
    when = QDateTime.fromSecsSinceEpoch(int(seconds))
    if moment.year == today.year:
        return QLocale().toString(when, requests_view.tr("d MMM HH:mm", "a Qt date format"))
    return QLocale().toString(when, requests_view.tr("d MMM yyyy HH:mm", "a Qt date format"))


def row_detail(row: RequestRow) -> str:
    """The line under the list for the selected row: what is happening to it, and what to do."""
    if row.delivery == QUEUED:
        when = local_time(row.next_attempt_at)
        text = requests_view.tr("Waiting for desk '{desk}'").format(desk=row.desk)
        if when:
            text += "; " + requests_view.tr("next try at {time}").format(time=when)
        else:
            text += "; " + requests_view.tr("it is sent as soon as the desk answers")
        if row.attempts:
            text += " " + requests_view.tr("(tried %n times)", "", row.attempts)
        return text + (
            ". " + requests_view.tr("Last problem: {problem}").format(problem=row.error) if row.error else "."
        )
    if row.delivery == HELD:
        return requests_view.tr(
            "Not sent: {problem}. Fix the desk in Settings, then click “Send waiting requests now”."
        ).format(problem=row.error or requests_view.tr("the desk refused it"))
    if row.ticket:
        parts = [requests_view.tr("Ticket {ticket} at desk '{desk}'").format(ticket=row.ticket, desk=row.desk)]
    else:
        parts = [requests_view.tr("Sent to desk '{desk}'").format(desk=row.desk)]
    if row.status and row.status != row.state:
        parts.append(requests_view.tr("the desk says “{status}”").format(status=row.status))
    if row.state and not row.live:
        checked = local_time(row.checked_at)
        if checked:
            parts.append(requests_view.tr("last known status, from {time}").format(time=checked))
        else:
            parts.append(requests_view.tr("last known status"))
    if row.error:
        parts.append(requests_view.tr("not updated now: {problem}").format(problem=row.error))
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

        self.back_button = QPushButton(requests_view.tr("← Back to search"), self)
        self.back_button.clicked.connect(host.show_search_page)
        title = QLabel(requests_view.tr("My requests"), self)
        font = QFont(title.font())
        font.setPointSizeF(font.pointSizeF() * 1.3)
        font.setBold(True)
        title.setFont(font)
        self.send_now_button = QPushButton(requests_view.tr("Send waiting requests &now"), self)
        self.send_now_button.setToolTip(
            requests_view.tr("Try every request in the outbox now, the ones held for a problem too")
        )
        self.send_now_button.clicked.connect(self.send_now)
        self.refresh_button = QPushButton(requests_view.tr("&Refresh"), self)
        self.refresh_button.setToolTip(requests_view.tr("Ask the service desk for the status of every request now"))
        self.refresh_button.clicked.connect(self.refresh)
        header = QHBoxLayout()
        header.addWidget(self.back_button)
        header.addWidget(title, 1)
        header.addWidget(self.send_now_button)
        header.addWidget(self.refresh_button)

        self.state_label = QLabel(self)
        self.state_label.setWordWrap(True)
        self.state_label.setTextFormat(Qt.TextFormat.PlainText)  # desks' messages are not markup
        describe_label(self.state_label, requests_view.tr("Desk status"))
        self.state_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        self.tree = QTreeWidget(self)
        self.tree.setHeaderLabels([requests_view.tr(column) for column in COLUMNS])
        self.tree.setRootIsDecorated(False)
        self.tree.setAlternatingRowColors(True)
        self.tree.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.tree.setAccessibleName(requests_view.tr("My requests"))
        self.tree.header().setSectionResizeMode(SUMMARY_COL, QHeaderView.ResizeMode.Stretch)
        self.tree.header().setStretchLastSection(False)
        self.tree.itemClicked.connect(self._clicked)
        self.tree.currentItemChanged.connect(lambda *_: self._show_detail())

        self.empty_label = QLabel(
            requests_view.tr(
                "No requests yet. When you contact support from kbdesk (Help > Contact support…), "
                "your requests appear here with their status at the service desk."
            ),
            self,
        )
        self.empty_label.setWordWrap(True)
        self.empty_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty_label.hide()

        self.detail_label = QLabel(self)
        self.detail_label.setWordWrap(True)
        self.detail_label.setTextFormat(Qt.TextFormat.PlainText)
        describe_label(self.detail_label, requests_view.tr("Selected request"))
        self.detail_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.open_button = QPushButton(requests_view.tr("&Open at the desk"), self)
        self.open_button.setToolTip(requests_view.tr("Open the ticket's page at the service desk in your browser"))
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
        if self.rows:
            self.state_label.setText(requests_view.tr("Asking the service desk…"))
        else:
            self.state_label.setText(requests_view.tr("Reading your requests…"))
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
        self.state_label.setText(requests_view.tr("Sending the waiting requests…"))
        self.desks.flush(only_due=False)

    def _flush_finished(self, outcome: object) -> None:
        if not self.isVisible():
            return
        if isinstance(outcome, BaseException):
            show_error(
                self, outcome, requests_view.tr("The waiting requests were not sent"), show=self.state_label.setText
            )
            self.send_now_button.setEnabled(True)
        else:
            self.refresh()

    def _failed(self, exc: BaseException) -> None:
        show_error(self, exc, requests_view.tr("Your requests could not be read"), show=self.state_label.setText)

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
            return requests_view.tr("Asking the service desk…") if sent else ""
        failing = sorted({r.error for r in sent if r.error and not r.live})
        if failing:
            error = failing[0]
            older = [r.checked_at for r in sent if not r.live and r.checked_at]  # ISO times sort as they read
            if older:
                return requests_view.tr(
                    "No answer from the service desk now ({problem}). The last known status is shown (as of {time})."
                ).format(problem=error, time=local_time(min(older)))
            return requests_view.tr(
                "No answer from the service desk now ({problem}). The last known status is shown."
            ).format(problem=error)
        if sent:
            return requests_view.tr("Status from the service desk at {time}.").format(time=f"{datetime.now():%H:%M}")
        return ""

    def _item(self, row: RequestRow, index: int) -> QTreeWidgetItem:
        label = requests_view.tr(LABELS[row.label]) if row.label in LABELS else row.label
        item = QTreeWidgetItem(
            [
                label,
                row.summary or requests_view.tr("(no summary)"),
                row.desk,
                f"#{row.ticket}" if row.ticket else "",
                local_time(row.at),
                local_time(row.checked_at) if row.delivery == "sent" else "",
            ]
        )
        item.setData(0, Qt.ItemDataRole.UserRole, row.bundle_id)
        item.setData(1, Qt.ItemDataRole.UserRole, index)
        item.setToolTip(STATUS_COL, requests_view.tr(MEANINGS[row.label]) if row.label in MEANINGS else "")
        item.setToolTip(SUMMARY_COL, row.summary)
        bold = QFont(self.tree.font())
        bold.setBold(True)
        item.setFont(STATUS_COL, bold)
        if row.url:
            link = QFont(self.tree.font())
            link.setUnderline(True)
            item.setFont(TICKET_COL, link)
            item.setForeground(TICKET_COL, QBrush(self.palette().color(QPalette.ColorRole.Link)))
            item.setToolTip(TICKET_COL, requests_view.tr("Open {link} in the browser").format(link=row.url))
        if row.delivery == "sent" and row.state and not row.live:
            # last known, not what the desk said just now
            grey = QBrush(self.palette().color(QPalette.ColorGroup.Disabled, QPalette.ColorRole.Text))
            item.setForeground(STATUS_COL, grey)
            item.setForeground(CHECKED_COL, grey)
            item.setToolTip(CHECKED_COL, requests_view.tr("The last status the desk gave; it could not be asked now"))
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
        self.host.show_status(
            requests_view.tr("No browser could be opened; the ticket's address was copied: {link}").format(
                link=row.url
            ),
            15000,
        )
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
    QT_TRANSLATE_NOOP("menus", "My &requests"),
    QT_TRANSLATE_NOOP("menus", "&Help"),
    tip=QT_TRANSLATE_NOOP("menus", "Your requests to the service desk and their status"),
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
