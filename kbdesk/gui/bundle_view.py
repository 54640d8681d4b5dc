"""The agent's view of an escalation bundle.

Integrity comes first (intact, tampered with the files named, or refused as
unsafe), then the ticket, the user's self-service trail as a timeline, the
diagnostics as tables, the attachments, the redaction report; beside them what
the articles' checks found on the user's computer (``diagnostics/checks.json``)
and the articles that match the ticket's text from the same search engine.

The bundle is read in the background with :func:`kbdesk.core.bundle.open_bundle`,
which checks every member before unpacking into a private temporary folder;
an attachment is opened with the system's application only when the agent
clicks "Open", from that folder. Opening another bundle (or closing the view)
removes the folder.

The page's own words are translated; what the bundle holds (the ticket, diagnostics, file
names, redaction categories, the ITIL priority's name) is shown as it was written.
"""

from __future__ import annotations

import html
import json
import logging
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, QUrl, Signal
from PySide6.QtGui import QFont, QFontDatabase, QGuiApplication, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListView,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QTextBrowser,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ..core.bundle import BUNDLE_SUFFIX, OpenedBundle, open_bundle
from ..core.bundle.names import escape_invisible, name_problem
from ..core.errors import UnsafeBundleError
from ..core.escalation import counts_from_list
from ..core.redaction import PLACEHOLDER_RE
from ..core.search.engine import SearchFilters, SearchResponse
from .accessibility import describe_label, set_tab_order
from .checks_view import FindingsList
from .desktop import open_with_system
from .errors import show_error
from .escalation_words import collector_title, revision_text
from .host import ActionSpec, WindowHost
from .i18n import QT_TRANSLATE_NOOP, TranslationContext, number

log = logging.getLogger(__name__)
bundle_view = TranslationContext("bundle_view")

PAGE_NAME = "bundle"
MATCH_LIMIT = 8
OK_STYLE = (
    "QLabel { background: #e6f4ea; color: #0d652d; border: 1px solid #81c995; border-radius: 4px; padding: 8px; }"
)
BAD_STYLE = (
    "QLabel { background: #fce8e6; color: #a50e0e; border: 1px solid #f28b82; border-radius: 4px; padding: 8px; }"
)
#: why an article did not help, as the timeline says it (English, translated where shown)
REASONS = {
    "not_related": QT_TRANSLATE_NOOP("bundle_view", "not about my problem"),
    "didnt_work": QT_TRANSLATE_NOOP("bundle_view", "didn't work"),
    "hard_to_follow": QT_TRANSLATE_NOOP("bundle_view", "hard to follow"),
    "other": QT_TRANSLATE_NOOP("bundle_view", "other"),
}
#: the ticket's impact and urgency levels (kbdesk.core.bundle.LEVELS)
LEVEL_WORDS = {
    "high": QT_TRANSLATE_NOOP("bundle_view", "high"),
    "medium": QT_TRANSLATE_NOOP("bundle_view", "medium"),
    "low": QT_TRANSLATE_NOOP("bundle_view", "low"),
}
#: the kinds of trail events, as the timeline's Event column names them
EVENT_KINDS = {
    "search": QT_TRANSLATE_NOOP("bundle_view", "search"),
    "view": QT_TRANSLATE_NOOP("bundle_view", "view"),
    "feedback": QT_TRANSLATE_NOOP("bundle_view", "feedback"),
    "escalation": QT_TRANSLATE_NOOP("bundle_view", "escalation"),
}


def integrity_text(opened: OpenedBundle) -> tuple[bool, str]:
    """("Intact — all N files match the manifest") or ("Tampered: changed X; missing Y; extra Z")."""
    result = opened.verify
    if result.ok:
        return True, bundle_view.tr("Intact — all %n files match the manifest", "", result.checked)
    parts = []
    for label, names in (
        (bundle_view.tr("changed {files}"), result.changed),
        (bundle_view.tr("missing {files}"), result.missing),
        (bundle_view.tr("extra {files}"), result.extra),
    ):
        if names:
            parts.append(label.format(files=", ".join(escape_invisible(n) for n in names)))
    parts.extend(bundle_view.tr("error: {error}").format(error=e) for e in result.errors)
    return False, bundle_view.tr("Tampered: {problems}").format(problems="; ".join(parts))


def _level(level: str) -> str:
    return bundle_view.tr(LEVEL_WORDS[level]) if level in LEVEL_WORDS else level


def _seconds(value: Any) -> str:
    if not isinstance(value, (int, float)):
        return ""
    seconds = round(float(value))
    return f"{seconds} s" if seconds < 60 else f"{seconds // 60} min {seconds % 60} s"


def timeline_rows(trail: Mapping[str, Any], titles: Mapping[str, str]) -> list[tuple[str, str, str]]:
    """(time, kind, detail) for each trail event, oldest first."""
    rows = []
    for event in trail.get("events") or ():
        if not isinstance(event, Mapping):
            continue
        kind = str(event.get("kind", ""))
        ts = str(event.get("ts", "")).replace("T", " ").rstrip("Z")[:19]
        article = str(event.get("article_id", ""))
        title = titles.get(article, article)
        if kind == "search":
            count = event.get("result_count")
            if event.get("match") == "weak":
                found = bundle_view.tr("no article matched well")
            elif event.get("match") == "none" or count == 0:
                found = bundle_view.tr("no article found")
            elif isinstance(count, int):
                found = bundle_view.tr("%n results", "", count)
            else:
                found = bundle_view.tr("? results")
            detail = bundle_view.tr("searched “{query}” ({found})").format(query=event.get("query", ""), found=found)
        elif kind == "view":
            spent = _seconds(event.get("seconds_spent"))
            if spent:
                detail = bundle_view.tr("opened {article} for {time}").format(article=title, time=spent)
            else:
                detail = bundle_view.tr("opened {article}").format(article=title)
        elif kind == "feedback":
            reason = REASONS.get(str(event.get("reason") or ""))
            if event.get("helpful"):
                detail = bundle_view.tr("rated {article} helpful").format(article=title)
            elif reason:
                detail = bundle_view.tr("rated {article} not helpful: {reason}").format(
                    article=title, reason=bundle_view.tr(reason)
                )
            else:
                detail = bundle_view.tr("rated {article} not helpful").format(article=title)
            if event.get("comment"):
                detail += f" (“{event['comment']}”)"
        elif kind == "escalation":
            detail = bundle_view.tr("asked for help: {summary}").format(summary=event.get("summary", ""))
        else:
            detail = json.dumps(dict(event), ensure_ascii=False)[:200]
        rows.append((ts, bundle_view.tr(EVENT_KINDS[kind]) if kind in EVENT_KINDS else kind, detail))
    return rows


def flatten(value: Any, prefix: str = "") -> list[tuple[str, str]]:
    """Nested JSON as (dotted key, text) rows for a key/value table."""
    rows: list[tuple[str, str]] = []
    if isinstance(value, Mapping):
        for key, item in value.items():
            rows += flatten(item, f"{prefix}{key}.")
    elif isinstance(value, list) and value and all(isinstance(v, Mapping) for v in value):
        for n, item in enumerate(value):
            label = item.get("name") or item.get("mountpoint") or item.get("host") or n
            rows += flatten(item, f"{prefix}{label}.")
    elif isinstance(value, list):
        rows.append((prefix.rstrip("."), ", ".join(str(v) for v in value)))
    else:
        rows.append((prefix.rstrip("."), "" if value is None else str(value)))
    return rows


def match_query(summary: str, description: str) -> str:
    """The ticket's words for a search: placeholders out, at most 1000 characters."""
    text = PLACEHOLDER_RE.sub(" ", f"{summary}\n{description}")
    return " ".join(text.split())[:1000]


class BundleView(QWidget):
    """A full-window page of the main window showing one bundle."""

    #: the bundle was read (OpenedBundle) or refused (the exception)
    loaded = Signal(object)
    #: the matching articles arrived (list of SearchHit)
    matches_shown = Signal(list)

    def __init__(self, host: WindowHost, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.host = host
        self.setObjectName("BundleView")
        self.opened: OpenedBundle | None = None
        self.path: Path | None = None

        self.back_button = QPushButton(bundle_view.tr("← Back to search"), self)
        self.back_button.clicked.connect(host.show_search_page)
        self.title_label = QLabel(self)
        font = QFont(self.title_label.font())
        font.setPointSizeF(font.pointSizeF() * 1.3)
        font.setBold(True)
        self.title_label.setFont(font)
        self.title_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        header = QHBoxLayout()
        header.addWidget(self.back_button)
        header.addWidget(self.title_label, 1)

        self.integrity_label = QLabel(self)
        self.integrity_label.setWordWrap(True)
        describe_label(self.integrity_label, bundle_view.tr("Integrity"))  # heard as what it says: "✔ Intact — …"
        bold = QFont(self.integrity_label.font())
        bold.setBold(True)
        self.integrity_label.setFont(bold)
        self.integrity_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        # made before its pages: Tab follows the order widgets are made in, and the tab bar is above its page
        self.tabs = QTabWidget(self)
        self.ticket_view = QTextBrowser(self)
        self.ticket_view.setOpenLinks(False)
        self.ticket_view.setAccessibleName(bundle_view.tr("Ticket"))
        self.timeline = QTreeWidget(self)
        self.timeline.setHeaderLabels([bundle_view.tr("Time (UTC)"), bundle_view.tr("Event"), bundle_view.tr("Detail")])
        self.timeline.setRootIsDecorated(False)
        self.timeline.setAccessibleName(bundle_view.tr("What the user tried"))
        self.timeline.header().setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)

        self.diag_list = QListWidget(self)
        self.diag_list.setAccessibleName(bundle_view.tr("Diagnostics sections"))
        self.diag_list.setMaximumWidth(220)
        self.diag_table = QTableWidget(0, 2, self)
        self.diag_table.setHorizontalHeaderLabels([bundle_view.tr("Item"), bundle_view.tr("Value")])
        self.diag_table.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.diag_table.verticalHeader().hide()
        self.diag_table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.diag_table.setWordWrap(False)
        self.diag_table.setTabKeyNavigation(False)  # Tab leaves the table; the arrows move within it
        self.diag_table.setAccessibleName(bundle_view.tr("Diagnostic values"))
        self.diag_text = QPlainTextEdit(self)
        self.diag_text.setReadOnly(True)
        self.diag_text.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        self.diag_text.setLineWrapMode(QPlainTextEdit.LineWrapMode.NoWrap)
        self.diag_stack = QStackedWidget(self)
        self.diag_stack.addWidget(self.diag_table)
        self.diag_stack.addWidget(self.diag_text)
        diag_page = QSplitter(Qt.Orientation.Horizontal, self)
        diag_page.addWidget(self.diag_list)
        diag_page.addWidget(self.diag_stack)
        diag_page.setStretchFactor(1, 1)
        self.diag_list.currentRowChanged.connect(self._show_diagnostic)

        self.attachment_list = QListWidget(self)
        self.attachment_list.setAccessibleName(bundle_view.tr("Attachments"))
        self.open_attachment_button = QPushButton(bundle_view.tr("&Open with the system's application"), self)
        self.open_attachment_button.setToolTip(bundle_view.tr("Opens the copy in kbdesk's private temporary folder"))
        self.open_attachment_button.clicked.connect(self.open_attachment)
        self.open_attachment_button.setEnabled(False)
        self.attachment_list.currentRowChanged.connect(lambda row: self.open_attachment_button.setEnabled(row >= 0))
        attachments_page = QWidget(self)
        attach_layout = QVBoxLayout(attachments_page)
        attach_layout.addWidget(self.attachment_list, 1)
        row = QHBoxLayout()
        row.addWidget(self.open_attachment_button)
        row.addStretch(1)
        attach_layout.addLayout(row)

        self.redaction_view = QTreeWidget(self)
        self.redaction_view.setHeaderLabels([bundle_view.tr("File"), bundle_view.tr("Replaced")])
        self.redaction_view.setAccessibleName(bundle_view.tr("Redaction report"))
        self.redaction_view.header().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)

        self.tabs.addTab(self.ticket_view, bundle_view.tr("Ticket"))
        self.tabs.addTab(self.timeline, bundle_view.tr("What the user tried"))
        self.tabs.addTab(diag_page, bundle_view.tr("Diagnostics"))
        self.tabs.addTab(attachments_page, bundle_view.tr("Attachments"))
        self.tabs.addTab(self.redaction_view, bundle_view.tr("Redaction and consent"))

        self.matches_label = QLabel(bundle_view.tr("Matching articles"), self)
        self.matches_label.setFont(bold)
        self.matches_list = QListWidget(self)
        self.matches_list.setAccessibleName(bundle_view.tr("Matching articles"))
        self.matches_list.setWordWrap(True)
        self.matches_list.setResizeMode(QListView.ResizeMode.Adjust)
        self.matches_list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.matches_list.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.matches_list.setSpacing(3)
        self.matches_list.setMinimumWidth(240)
        self.matches_list.itemActivated.connect(self.open_match)
        self.matches_list.itemClicked.connect(self.open_match)
        # what the articles' checks found on the user's computer (diagnostics/checks.json), above the matches:
        # both are articles that may fix the problem, and a check is evidence, not a guess from words
        self.found_label = QLabel(self)
        self.found_label.setFont(bold)
        self.found_label.setWordWrap(True)
        self.found_list = FindingsList(self, show_evidence=True)
        self.found_list.setAccessibleName(bundle_view.tr("What kbdesk found on the user's computer"))
        self.found_list.setMaximumHeight(260)
        self.found_list.open_article.connect(self.open_article_id)
        self.found_label.hide()
        self.found_list.hide()
        side = QWidget(self)
        side_layout = QVBoxLayout(side)
        side_layout.setContentsMargins(0, 0, 0, 0)
        side_layout.addWidget(self.found_label)
        side_layout.addWidget(self.found_list)
        side_layout.addWidget(self.matches_label)
        side_layout.addWidget(self.matches_list, 1)
        set_tab_order(self.found_list, self.matches_list)  # as shown: what was found above the matches
        body = QSplitter(Qt.Orientation.Horizontal, self)
        body.addWidget(self.tabs)
        body.addWidget(side)
        body.setStretchFactor(0, 3)
        body.setStretchFactor(1, 1)
        body.setChildrenCollapsible(False)
        body.setSizes([700, 340])
        self.body = body

        layout = QVBoxLayout(self)
        layout.addLayout(header)
        layout.addWidget(self.integrity_label)
        layout.addWidget(body, 1)
        self._diag_names: list[str] = []

    # ------------------------------------------------------------ opening
    def open_path(self, path: Path) -> None:
        self.close_bundle()
        self.host.runner.invalidate("bundle-matches")  # the previous bundle's matches must not land here
        self.path = Path(path)
        self.title_label.setText(self.path.name)
        self._set_integrity(None, bundle_view.tr("Checking the bundle…"))
        self.body.setEnabled(False)
        self.host.runner.run(open_bundle, self.path, tag="bundle-open", on_success=self._opened, on_error=self._failed)

    def close_bundle(self) -> None:
        if self.opened is not None:
            self.opened.close()
            self.opened = None
        self._clear()

    def _clear(self) -> None:
        self.ticket_view.clear()
        self.timeline.clear()
        self.diag_list.clear()
        self.diag_table.setRowCount(0)
        self.diag_text.clear()
        self.attachment_list.clear()
        self.redaction_view.clear()
        self.matches_list.clear()
        self.matches_label.setText(bundle_view.tr("Matching articles"))
        self.found_list.clear()
        self.found_label.hide()
        self.found_list.hide()
        self.tabs.setTabText(2, bundle_view.tr("Diagnostics"))  # no count of the previous bundle's sections
        self.tabs.setTabText(3, bundle_view.tr("Attachments"))
        self._diag_names = []

    def _set_integrity(self, ok: bool | None, text: str) -> None:
        self.integrity_label.setText(text)
        self.integrity_label.setStyleSheet("" if ok is None else OK_STYLE if ok else BAD_STYLE)

    def _failed(self, exc: BaseException) -> None:
        # nothing of the previous bundle may stay on screen under the new bundle's name
        self.close_bundle()
        self.host.runner.invalidate("bundle-matches")
        self.body.setEnabled(False)
        if isinstance(exc, UnsafeBundleError):
            what = bundle_view.tr("Refused")
        else:
            what = bundle_view.tr("Cannot open this bundle")
        show_error(self, exc, what, show=lambda text: self._set_integrity(False, text))
        self.loaded.emit(exc)

    def _opened(self, opened: OpenedBundle) -> None:
        self.opened = opened
        ok, text = integrity_text(opened)
        created = bundle_view.tr("created {time} by kbdesk {version}").format(
            time=opened.created_at or "?", version=opened.manifest.get("kbdesk_version", "?")
        )
        self._set_integrity(ok, f"{'✔' if ok else '✖'} {text}   ·   {created}")
        self.body.setEnabled(True)
        self._show_ticket(opened)
        self._show_timeline(opened.trail)
        self._show_diagnostics(opened.diagnostics)
        for name in sorted(opened.attachments):
            size = opened.attachments[name].stat().st_size
            size_text = bundle_view.tr("%n bytes", "", size)
            label = f"{escape_invisible(name)}  ({size_text})"
            QListWidgetItem(label, self.attachment_list).setData(Qt.ItemDataRole.UserRole, name)
        self.tabs.setTabText(3, bundle_view.tr("Attachments ({count})").format(count=len(opened.attachments)))
        self._show_redaction(opened.manifest)
        self._show_findings(opened.checks)
        self._search_matches(opened)
        self.loaded.emit(opened)

    # ------------------------------------------------------------ sections
    def _show_ticket(self, opened: OpenedBundle) -> None:
        ticket = opened.ticket
        esc = html.escape
        parts = []
        if ticket is None:
            unreadable = esc(bundle_view.tr("The ticket could not be read."))
            parts.append(f"<p><b>{unreadable}</b></p>")
        else:
            parts.append(f"<h2>{esc(ticket.summary)}</h2>")
            parts.append("<table cellspacing='0' cellpadding='3'>")
            priority = bundle_view.tr("{priority} (impact {impact}, urgency {urgency})").format(
                priority=ticket.priority.label, impact=_level(ticket.impact), urgency=_level(ticket.urgency)
            )
            for label, value in (
                (bundle_view.tr("Priority"), priority),
                (bundle_view.tr("Contact"), ticket.contact or "-"),
                (bundle_view.tr("Platform"), ticket.platform or "-"),
                (bundle_view.tr("Category"), ticket.category or "-"),
                (bundle_view.tr("Created"), opened.created_at or "-"),
                (bundle_view.tr("Bundle"), opened.bundle_id or "-"),
            ):
                parts.append(f"<tr><td><b>{esc(label)}</b></td><td>{esc(value)}</td></tr>")
            heading = esc(bundle_view.tr("Description"))
            parts.append(f"</table><h3>{heading}</h3>")
            description = esc(ticket.description) or esc(bundle_view.tr("(none)"))
            parts.append(f"<pre style='white-space: pre-wrap'>{description}</pre>")
        if opened.knowledge_base:
            # which articles the user could see: the agent compares with their own kbdesk
            heading = esc(bundle_view.tr("Knowledge base the user searched"))
            parts.append(f"<h3>{heading}</h3><ul>")
            parts.extend(f"<li>{esc(revision_text(revision))}</li>" for revision in opened.knowledge_base)
            parts.append("</ul>")
        if opened.problems:
            heading = esc(bundle_view.tr("Problems reading the bundle"))
            parts.append(f"<h3>{heading}</h3><ul>")
            parts.extend(f"<li>{esc(p)}</li>" for p in opened.problems)
            parts.append("</ul>")
        self.ticket_view.setHtml("".join(parts))

    def _show_timeline(self, trail: Mapping[str, Any]) -> None:
        rows = timeline_rows(trail, self.host.kb.article_titles())
        for ts, kind, detail in rows:
            item = QTreeWidgetItem([ts, kind, detail])
            item.setToolTip(2, detail)
            self.timeline.addTopLevelItem(item)
        if not rows:
            self.timeline.addTopLevelItem(
                QTreeWidgetItem(["", "", bundle_view.tr("No self-service history was included.")])
            )
        self.timeline.resizeColumnToContents(0)
        self.timeline.resizeColumnToContents(1)

    def _show_diagnostics(self, diagnostics: Mapping[str, Any]) -> None:
        self._diag_names = sorted(diagnostics, key=lambda n: (n == "log.txt", n))
        for name in self._diag_names:
            value = diagnostics[name]
            title = value.get("title") if isinstance(value, Mapping) else None
            failed = isinstance(value, Mapping) and value.get("ok") is False
            shown = collector_title(name, str(title or name))
            if failed:
                shown = bundle_view.tr("{section} (failed)").format(section=shown)
            item = QListWidgetItem(shown, self.diag_list)
            item.setToolTip(name)
        self.tabs.setTabText(2, bundle_view.tr("Diagnostics ({count})").format(count=len(self._diag_names)))
        if self._diag_names:
            self.diag_list.setCurrentRow(0)

    def _show_diagnostic(self, row: int) -> None:
        if self.opened is None or not 0 <= row < len(self._diag_names):
            return
        value = self.opened.diagnostics[self._diag_names[row]]
        raw_data = value.get("data") if isinstance(value, Mapping) else None
        if isinstance(value, Mapping) and isinstance(raw_data, Mapping):
            data = dict(raw_data)
            rows = []
            if value.get("error"):
                rows.append((bundle_view.tr("error"), str(value["error"])))
            warnings = data.pop("warnings", [])
            warning = bundle_view.tr("warning")
            rows += [(warning, str(w)) for w in (warnings if isinstance(warnings, list) else ())]
            rows += flatten(data)
            self.diag_table.setRowCount(len(rows))
            for n, (key, text) in enumerate(rows):
                self.diag_table.setItem(n, 0, QTableWidgetItem(key))
                cell = QTableWidgetItem(text)
                cell.setToolTip(text[:2000])
                self.diag_table.setItem(n, 1, cell)
            self.diag_table.resizeColumnToContents(0)
            self.diag_stack.setCurrentWidget(self.diag_table)
        else:
            text = value if isinstance(value, str) else json.dumps(value, indent=2, ensure_ascii=False)
            self.diag_text.setPlainText(text or bundle_view.tr("(empty)"))
            self.diag_stack.setCurrentWidget(self.diag_text)

    def _show_redaction(self, manifest: Mapping[str, Any]) -> None:
        redaction = manifest.get("redaction") or {}
        consent = manifest.get("consent") or {}
        nothing = bundle_view.tr("nothing")
        totals = counts_from_list(redaction.get("totals"))
        top = QTreeWidgetItem([bundle_view.tr("All files"), ", ".join(f"{c} {n}" for c, n in totals) or nothing])
        self.redaction_view.addTopLevelItem(top)
        for entry in redaction.get("per_source") or ():
            if isinstance(entry, Mapping):
                counts = counts_from_list(entry.get("counts"))
                top.addChild(
                    QTreeWidgetItem(
                        [str(entry.get("source", "?")), ", ".join(f"{c} {n}" for c, n in counts) or nothing]
                    )
                )
        top.setExpanded(True)
        kept = redaction.get("disabled_categories") or []
        self.redaction_view.addTopLevelItem(
            QTreeWidgetItem([bundle_view.tr("Kept by the user (not redacted)"), ", ".join(map(str, kept)) or nothing])
        )
        not_text = bundle_view.tr("not text: sent as it was")
        for name in redaction.get("not_redactable") or ():
            self.redaction_view.addTopLevelItem(QTreeWidgetItem([str(name), not_text]))
        agreed = QTreeWidgetItem([bundle_view.tr("User agreed at"), str(consent.get("agreed_at", "-"))])
        self.redaction_view.addTopLevelItem(agreed)
        left_out = [
            i.get("name") for i in consent.get("items") or () if isinstance(i, Mapping) and not i.get("included")
        ]
        self.redaction_view.addTopLevelItem(
            QTreeWidgetItem([bundle_view.tr("Left out by the user"), ", ".join(map(str, left_out)) or nothing])
        )
        self.redaction_view.resizeColumnToContents(0)

    def _show_findings(self, checks: Mapping[str, Any] | None) -> None:
        """What the checks found (diagnostics/checks.json; absent in bundles from before checks)."""
        if checks is None:
            return
        fired = [f for f in checks.get("fired") or () if isinstance(f, Mapping)]
        evaluated = checks.get("evaluated")
        if isinstance(evaluated, int):
            found = bundle_view.tr("What kbdesk found (%n checks fired of {evaluated})", "", len(fired)).format(
                evaluated=number(evaluated)
            )
        else:
            found = bundle_view.tr("What kbdesk found (%n checks fired)", "", len(fired))
        self.found_label.setText(found)
        self.found_list.set_findings(
            fired, empty_text=bundle_view.tr("No check of the articles fired on the user's computer.")
        )
        self.found_label.show()
        self.found_list.show()

    def open_article_id(self, article_id: str) -> None:
        """Open one of the agent's own articles in the search view (a match, or a check's article)."""
        self.host.show_search_page()
        self.host.open_article(article_id)

    # ------------------------------------------------------------ matching articles
    def _search_matches(self, opened: OpenedBundle) -> None:
        ticket = opened.ticket
        kb = self.host.kb
        engine = kb.engine
        if ticket is None or engine is None:
            self.matches_list.addItem(bundle_view.tr("(no search index available)"))
            return
        query = match_query(ticket.summary, ticket.description)
        if not query:
            return
        mode = "hybrid" if kb.state.model == "ready" else "keyword"
        self.matches_label.setText(bundle_view.tr("Matching articles (searching…)"))
        self.host.runner.run(
            engine.search,
            query,
            mode=mode,
            limit=MATCH_LIMIT,
            filters=SearchFilters(all_platforms=True),
            tag="bundle-matches",
            on_success=self._matches,
            on_error=self._matches_failed,
        )

    def _matches(self, response: SearchResponse) -> None:
        self.matches_label.setText(bundle_view.tr("Matching articles"))
        self.matches_list.clear()
        for hit in response.hits:
            item = QListWidgetItem(f"{hit.title}\n{hit.summary}" if hit.summary else hit.title, self.matches_list)
            item.setData(Qt.ItemDataRole.UserRole, hit.id)
            item.setToolTip(bundle_view.tr("{id} · score {score}").format(id=hit.id, score=number(hit.score, 3)))
        if not response.hits:
            self.matches_list.addItem(bundle_view.tr("No article matches the ticket's words."))
        self.matches_shown.emit(list(response.hits))

    def _matches_failed(self, exc: BaseException) -> None:
        self.matches_label.setText(bundle_view.tr("Matching articles"))
        show_error(self, exc, bundle_view.tr("Search failed"), show=self.matches_list.addItem)

    def open_match(self, item: QListWidgetItem) -> None:
        """Open a matching article in the search view (a click or Enter on it)."""
        article_id = item.data(Qt.ItemDataRole.UserRole)
        if article_id:
            self.open_article_id(str(article_id))

    # ------------------------------------------------------------ attachments
    def attachment_path(self, name: str) -> Path | None:
        return self.opened.attachments.get(name) if self.opened is not None else None

    def open_attachment(self) -> None:
        item = self.attachment_list.currentItem()
        if item is None:
            return
        name = str(item.data(Qt.ItemDataRole.UserRole))
        path = self.attachment_path(name)
        # open_bundle refuses such names; never hand a disguised name ("KBEVIL_\u202egnp.exe") to the desktop
        if path is None or name_problem(name) is not None:
            return
        if not open_with_system(QUrl.fromLocalFile(str(path))):
            QGuiApplication.clipboard().setText(str(path))
            self.host.show_status(
                bundle_view.tr(
                    "No program on this computer opens {file}; its path was copied to the clipboard: {path}"
                ).format(file=path.name, path=path),
                15000,
            )


OPEN_BUNDLE_ACTION = ActionSpec(
    "open-bundle",
    QT_TRANSLATE_NOOP("menus", "&Open bundle…"),
    QT_TRANSLATE_NOOP("menus", "&File"),
    (QKeySequence.StandardKey.Open,),
    QT_TRANSLATE_NOOP("menus", "Open a support bundle (.kbbundle) a user sent"),
    first=True,
)


def install(host: WindowHost) -> None:
    """File > Open bundle… (Ctrl+O) and drag and drop of .kbbundle files onto the window."""
    host.add_action(OPEN_BUNDLE_ACTION, lambda: choose_and_open(host))
    host.add_drop_handler(BUNDLE_SUFFIX, lambda path: show_bundle(host, path))


def choose_and_open(host: WindowHost) -> None:
    path, _ = QFileDialog.getOpenFileName(
        host.dialog_parent(),
        bundle_view.tr("Open a support bundle"),
        "",
        bundle_view.tr("Support bundles (*{suffix})").format(suffix=BUNDLE_SUFFIX),
    )
    if path:
        show_bundle(host, Path(path))


def show_bundle(host: WindowHost, path: Path) -> BundleView:
    """Open ``path`` in the bundle page (built on first use) and show the page."""
    view = host.page(PAGE_NAME)
    if not isinstance(view, BundleView):  # None before the first bundle
        view = BundleView(host)
        host.add_page(PAGE_NAME, view)
    host.show_page(PAGE_NAME)
    view.open_path(Path(path))
    return view


__all__ = ["OPEN_BUNDLE_ACTION", "PAGE_NAME", "BundleView", "install", "integrity_text", "show_bundle", "timeline_rows"]
