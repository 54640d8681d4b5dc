"""The "Contact support" wizard: describe, review exactly what will be sent, agree, save.

Pages:

0. *Before you send*: what the articles' checks found in the diagnostics the
   wizard collects as it opens, with the articles that fix it (skipped by
   itself when nothing fired).
1. *Describe*: summary (prefilled from the last search), description, impact
   and urgency with the ITIL priority they give, contact.
2. *What will be sent*: every item (the request itself, the trail, each
   diagnostics section, the log, attachments) with a checkbox to leave it out,
   and a preview of its **redacted** content with what was redacted in it.
   Personal-data categories can be kept (for example IP addresses for a
   network problem); a change re-runs the redaction in the background.
3. *Save*: where to save, and the explicit consent checkbox without which
   nothing is written. The bundle is written in the background.
4. *Saved*: the path and checksum, "Show in folder" and "Compose e-mail".

Nothing slow runs on the GUI thread: diagnostics, the trail, reading
attachments, redaction and writing all go through the window's task runner,
and results of an outdated redaction run are dropped (tag ``escalation-preview``).

Length (about 740 lines): four small pages and the wizard that drives them, kept in
one module because the pages read and write only the wizard's state; splitting them
would turn that state into a protocol between modules for no reader's benefit.
"""

from __future__ import annotations

import html
import logging
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, QUrl, QUrlQuery, Signal
from PySide6.QtGui import QFontDatabase, QGuiApplication
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFileDialog,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPlainTextEdit,
    QProgressBar,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
    QWizard,
    QWizardPage,
)

from ..core import escalation
from ..core.analytics import Trail
from ..core.bundle import BUNDLE_SUFFIX, LEVELS, BundleInfo, priority_for
from ..core.checks import CheckSet
from ..core.errors import KbdeskError
from ..core.escalation import EscalationItem, EscalationPreview, Source
from ..core.jsontypes import JSONObject
from ..core.redaction import CATEGORIES
from ..core.search.engine import SearchEngine
from ..core.settings import Settings
from .checks_view import BeforeYouSendPage, screens_for_diagnostics
from .desktop import open_with_system
from .errors import error_text, show_error
from .host import WindowHost
from .tasks import TaskRunner

log = logging.getLogger(__name__)

PREVIEW_TAG = "escalation-preview"
#: every tag the wizard's background jobs use; closing the wizard drops their results
TAGS = (PREVIEW_TAG, "escalation-diagnostics", "escalation-trail", "escalation-attachments", "escalation-write")
#: the preview pane shows at most this much of one item (the bundle gets all of it)
PREVIEW_CHARS = 200_000
LEVEL_LABELS = {
    "impact": {
        "high": "High: many people or a whole team",
        "medium": "Medium: a few people",
        "low": "Low: only me, and I can work around it",
    },
    "urgency": {"high": "High: work has stopped", "medium": "Medium: work is slowed down", "low": "Low: it can wait"},
}
KIND_LABELS = {
    escalation.KIND_TICKET: "Request",
    escalation.KIND_TRAIL: "History",
    escalation.KIND_DIAGNOSTIC: "Diagnostics",
    escalation.KIND_LOG: "Log",
    escalation.KIND_ATTACHMENT: "Attachment",
}
_CATEGORY = {c.name: c for c in CATEGORIES}


def _collect_diagnostic_sources(
    settings: Settings, display: dict[str, Any], engine: SearchEngine | None
) -> tuple[list[Source], escalation.CheckFindings]:  # worker
    stats: JSONObject | None = None
    checks: CheckSet | None = None
    if engine is not None:
        try:
            stats = engine.stats().to_json()
        except Exception as exc:  # noqa: BLE001 - index statistics are nice to have
            log.info("index statistics unavailable for diagnostics: %s", exc)
        try:
            checks = engine.checks()
        except KbdeskError as exc:  # no index yet: the bundle still carries the facts
            log.info("the articles' checks are not run: %s", exc)
    report = escalation.collect_diagnostics(settings, display=display, index_stats=stats)
    findings = escalation.check_findings(report, checks)
    return escalation.diagnostics_sources(report, findings.source()), findings


def _read_attachments(paths: Sequence[str]) -> tuple[list[Source], list[str]]:  # worker
    sources, problems = [], []
    for path in paths:
        try:
            sources.append(escalation.read_attachment(path))
        except KbdeskError as exc:
            problems.append(str(exc) + (f" {exc.hint}" if exc.hint else ""))
    return sources, problems


class DescribePage(QWizardPage):
    def __init__(self, wizard: EscalationWizard) -> None:
        super().__init__(wizard)
        self.setTitle("Describe the problem")
        self.setSubTitle("The service desk reads this first. Say what you tried to do and what happened instead.")
        self.summary_edit = QLineEdit(self)
        self.summary_edit.setPlaceholderText("One line, e.g. “VPN disconnects every few minutes”")
        self.summary_edit.setAccessibleName("Summary")
        self.description_edit = QPlainTextEdit(self)
        self.description_edit.setPlaceholderText("What happened, since when, the exact error message…")
        self.description_edit.setAccessibleName("Description")
        self.impact_combo = QComboBox(self)
        self.urgency_combo = QComboBox(self)
        for combo, what in ((self.impact_combo, "impact"), (self.urgency_combo, "urgency")):
            for level in LEVELS:
                combo.addItem(LEVEL_LABELS[what][level], level)
            combo.setCurrentIndex(LEVELS.index("medium"))
            combo.setAccessibleName(what.capitalize())
            combo.currentIndexChanged.connect(self._update_priority)
        self.priority_label = QLabel(self)
        self.priority_label.setAccessibleName("Priority")
        self.contact_edit = QLineEdit(self)
        self.contact_edit.setPlaceholderText("Phone or e-mail (not redacted: it is how they reach you)")
        self.contact_edit.setAccessibleName("Contact")
        form = QFormLayout(self)
        form.addRow("&Summary:", self.summary_edit)
        form.addRow("&Description:", self.description_edit)
        form.addRow("&Impact:", self.impact_combo)
        form.addRow("&Urgency:", self.urgency_combo)
        form.addRow("Priority:", self.priority_label)
        form.addRow("&Contact:", self.contact_edit)
        self.registerField("summary*", self.summary_edit)
        self._update_priority()

    def _update_priority(self) -> None:
        priority = priority_for(self.impact_combo.currentData(), self.urgency_combo.currentData())
        self.priority_label.setText(f"<b>{priority.label}</b> (from impact × urgency)")


class ReviewPage(QWizardPage):
    def __init__(self, wizard: EscalationWizard) -> None:
        super().__init__(wizard)
        self._wizard = wizard
        self.setTitle("What will be sent")
        self.setSubTitle(
            "This is exactly what the bundle will hold, after secrets and personal data were replaced "
            "by placeholders such as <EMAIL-1>. Untick anything you do not want to send."
        )
        self.status_label = QLabel("Collecting diagnostics…", self)
        self.progress = QProgressBar(self)
        self.progress.setRange(0, 0)
        self.progress.setMaximumHeight(12)
        self.progress.setTextVisible(False)
        self.progress.setAccessibleName("Collecting")
        self.item_list = QListWidget(self)
        self.item_list.setAccessibleName("Items to send")
        self.item_list.setMinimumWidth(250)
        self.preview_counts = QLabel(self)
        self.preview_counts.setWordWrap(True)
        self.preview_counts.setAccessibleName("Redacted in this item")
        self.preview_text = QPlainTextEdit(self)
        self.preview_text.setReadOnly(True)
        self.preview_text.setLineWrapMode(QPlainTextEdit.LineWrapMode.NoWrap)
        self.preview_text.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        self.preview_text.setAccessibleName("Redacted content")
        right = QWidget(self)
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        right_layout.addWidget(self.preview_counts)
        right_layout.addWidget(self.preview_text, 1)
        splitter = QSplitter(Qt.Orientation.Horizontal, self)
        splitter.addWidget(self.item_list)
        splitter.addWidget(right)
        splitter.setStretchFactor(0, 2)
        splitter.setStretchFactor(1, 3)
        splitter.setChildrenCollapsible(False)

        self.keep_box = QGroupBox("Keep as they are (not replaced by placeholders)", self)
        grid = QGridLayout(self.keep_box)
        self.keep_checks: dict[str, QCheckBox] = {}
        for n, name in enumerate(escalation.OPTIONAL_CATEGORIES):
            check = QCheckBox(_keep_label(name), self.keep_box)
            check.setToolTip(_CATEGORY[name].description + ". Secrets and card numbers are always removed.")
            check.setChecked(_CATEGORY[name].kept_by_default)  # UUIDs: support correlates events with them
            check.toggled.connect(wizard.categories_changed)
            grid.addWidget(check, n // 3, n % 3)
            self.keep_checks[name] = check
        self.add_files_button = QPushButton("&Add files…", self)
        self.add_files_button.setToolTip("Attach a screenshot, a log or another file")
        self.add_files_button.clicked.connect(wizard.choose_attachments)
        self.total_label = QLabel(self)
        self.total_label.setWordWrap(True)
        bottom = QHBoxLayout()
        bottom.addWidget(self.add_files_button)
        bottom.addWidget(self.total_label, 1)

        layout = QVBoxLayout(self)
        layout.addWidget(self.status_label)
        layout.addWidget(self.progress)
        layout.addWidget(splitter, 1)
        layout.addLayout(bottom)
        layout.addWidget(self.keep_box)
        self.item_list.currentItemChanged.connect(lambda *_: self.show_current())
        self.item_list.itemChanged.connect(self._item_toggled)

    def initializePage(self) -> None:  # noqa: N802 - Qt's name
        self._wizard.ticket_may_have_changed()

    def isComplete(self) -> bool:  # noqa: N802 - Qt's name
        return self._wizard.preview is not None and not self._wizard.busy

    def set_busy(self, text: str | None) -> None:
        self.progress.setVisible(text is not None)
        self.status_label.setText(text or "Tick an item to send it; click it to see its redacted content.")
        self.completeChanged.emit()

    def show_preview(self, preview: EscalationPreview) -> None:
        current = self.item_list.currentItem()
        current_key = current.data(Qt.ItemDataRole.UserRole) if current else None
        self.item_list.blockSignals(True)
        self.item_list.clear()
        for item in preview.items:
            row = QListWidgetItem(_row_text(item), self.item_list)
            row.setData(Qt.ItemDataRole.UserRole, item.key)
            flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
            if item.optional:
                flags |= Qt.ItemFlag.ItemIsUserCheckable
            row.setFlags(flags)
            row.setCheckState(Qt.CheckState.Checked if item.included else Qt.CheckState.Unchecked)
            row.setToolTip(f"{item.name} · {item.size:,} bytes" + ("" if item.optional else " · always sent"))
        self.item_list.blockSignals(False)
        keys = [i.key for i in preview.items]
        self.item_list.setCurrentRow(keys.index(current_key) if current_key in keys else 0)
        self.show_current()
        self.update_totals(preview)

    def update_totals(self, preview: EscalationPreview) -> None:
        included = preview.included_items
        left_out = len(preview.items) - len(included)
        text = f"{len(included)} item(s) will be sent"
        if left_out:
            text += f", {left_out} left out"
        text += ". Replaced in total: " + escalation.format_counts(preview.totals()) + "."
        self.total_label.setText(text)

    def show_current(self) -> None:
        preview = self._wizard.preview
        row = self.item_list.currentItem()
        if preview is None or row is None:
            self.preview_text.clear()
            self.preview_counts.clear()
            return
        item = preview.item(row.data(Qt.ItemDataRole.UserRole))
        text = item.redacted_text
        if len(text) > PREVIEW_CHARS:
            text = text[:PREVIEW_CHARS] + f"\n… ({len(item.redacted_text) - PREVIEW_CHARS:,} more characters)"
        self.preview_text.setPlainText(text)
        if not item.redactable:
            counts = "<b>Not text: cannot be redacted.</b> It is sent exactly as it is."
        elif item.counts:
            counts = "Replaced in this item: " + ", ".join(
                f"<b>{n}</b> {_CATEGORY[c].description.lower()}" for c, n in item.counts
            )
        else:
            counts = "Nothing needed replacing in this item."
        if not item.included:
            counts = "<i>Left out: this item will not be sent.</i> " + counts
        self.preview_counts.setText(f"<b>{item.title}</b> ({item.name})<br>{counts}")

    def _item_toggled(self, row: QListWidgetItem) -> None:
        key = row.data(Qt.ItemDataRole.UserRole)
        self._wizard.set_included(key, row.checkState() == Qt.CheckState.Checked)
        if row is self.item_list.currentItem():
            self.show_current()


class SavePage(QWizardPage):
    def __init__(self, wizard: EscalationWizard) -> None:
        super().__init__(wizard)
        self._wizard = wizard
        self.setTitle("Save the bundle")
        self.setSubTitle("The bundle is one file that you send to the service desk. It is not sent anywhere by kbdesk.")
        self.summary_label = QLabel(self)
        self.summary_label.setWordWrap(True)
        self.path_edit = QLineEdit(self)
        self.path_edit.setAccessibleName("Save as")
        self.browse_button = QPushButton("&Browse…", self)
        self.browse_button.clicked.connect(self._browse)
        row = QHBoxLayout()
        row.addWidget(self.path_edit, 1)
        row.addWidget(self.browse_button)
        self.consent_check = QCheckBox(
            "I have reviewed exactly what will be saved, and I agree to send it to the service desk.", self
        )
        self.consent_check.setAccessibleName("Consent")
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
        layout.addWidget(QLabel("Save as:", self))
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
        if self._wizard.saved is not None:
            return True
        self._wizard.write_bundle()
        return False

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
    def __init__(self, wizard: EscalationWizard) -> None:
        super().__init__(wizard)
        self._wizard = wizard
        self.setTitle("Saved")
        self.setFinalPage(True)
        self.saved_label = QLabel(self)
        self.saved_label.setWordWrap(True)
        self.saved_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.show_folder_button = QPushButton("Show in &folder", self)
        self.show_folder_button.clicked.connect(wizard.show_in_folder)
        self.email_button = QPushButton("Compose &e-mail", self)
        self.email_button.setToolTip("Open an e-mail draft to the service desk; attach the bundle to it yourself")
        self.email_button.clicked.connect(wizard.compose_email)
        buttons = QHBoxLayout()
        buttons.addWidget(self.show_folder_button)
        buttons.addWidget(self.email_button)
        buttons.addStretch(1)
        #: what to do instead when no file manager or mail program took the request
        self.notice_label = QLabel(self)
        self.notice_label.setWordWrap(True)
        self.notice_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.notice_label.setAccessibleName("Notice")
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


class EscalationWizard(QWizard):
    #: a new preview is shown (tests wait on it)
    preview_changed = Signal(object)  # EscalationPreview
    bundle_written = Signal(object)  # BundleInfo
    write_failed = Signal(str)

    def __init__(
        self,
        runner: TaskRunner,
        settings: Settings,
        *,
        summary: str = "",
        platform: str = "",
        load_trail: Callable[[], Trail | None] | None = None,
        record_escalation: Callable[[BundleInfo, str], object] | None = None,
        engine: SearchEngine | None = None,
        display: dict[str, Any] | None = None,
        open_article: Callable[[str], object] | None = None,
        record_check_hit: Callable[[str, str, str], object] | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Contact support")
        self.setObjectName("EscalationWizard")
        self.setWizardStyle(QWizard.WizardStyle.ClassicStyle)
        self.setOption(QWizard.WizardOption.NoBackButtonOnLastPage, True)
        self.setOption(QWizard.WizardOption.NoCancelButtonOnLastPage, True)
        self.runner = runner
        self.settings = settings
        self.platform = platform
        self._record_escalation = record_escalation
        self._open_article = open_article
        self._record_check_hit = record_check_hit
        #: what the articles' checks found in this wizard's diagnostics (None until collected)
        self.findings: escalation.CheckFindings | None = None
        self.preview: EscalationPreview | None = None
        self.saved: BundleInfo | None = None
        self._diagnostics: list[Source] | None = None
        self._trail: Trail | None = None
        self._trail_loaded = False
        self._attachments: list[Source] = []
        self._excluded: set[str] = set()
        self._ticket_key: tuple | None = None
        self._building = False
        self._writing = False

        self.before_page = BeforeYouSendPage(self)
        self.before_page.open_article.connect(self.read_article_instead)
        self.describe_page = DescribePage(self)
        self.review_page = ReviewPage(self)
        self.save_page = SavePage(self)
        self.done_page = DonePage(self)
        for page in (self.before_page, self.describe_page, self.review_page, self.save_page, self.done_page):
            self.addPage(page)
        self.save_page.setCommitPage(True)
        self.setButtonText(QWizard.WizardButton.CommitButton, "&Save bundle")
        self.describe_page.summary_edit.setText(summary)
        self.resize(900, 640)

        runner.run(
            _collect_diagnostic_sources,
            settings,
            display if display is not None else screens_for_diagnostics(),
            engine,
            tag="escalation-diagnostics",
            on_success=self._diagnostics_ready,
            on_error=self._diagnostics_failed,
        )
        if load_trail is not None:
            runner.run(
                load_trail,
                lane="analytics",
                tag="escalation-trail",
                on_success=self._trail_ready,
                on_error=lambda exc: self._trail_ready(None),
            )
        else:
            self._trail_loaded = True

    # ------------------------------------------------------------ state
    @property
    def busy(self) -> bool:
        return self._building or self._writing

    def ticket(self):
        page = self.describe_page
        return escalation.build_ticket(
            page.summary_edit.text().strip(),
            page.description_edit.toPlainText().strip(),
            impact=page.impact_combo.currentData(),
            urgency=page.urgency_combo.currentData(),
            contact=page.contact_edit.text().strip(),
            platform=self.platform,
        )

    def ticket_may_have_changed(self) -> None:
        ticket = self.ticket()
        key = (ticket.summary, ticket.description, ticket.impact, ticket.urgency, ticket.contact)
        if key != self._ticket_key:
            self.rebuild_preview()

    def disabled_categories(self) -> list[str]:
        return [name for name, check in self.review_page.keep_checks.items() if check.isChecked()]

    # ------------------------------------------------------------ background results
    def _diagnostics_ready(self, result: tuple[list[Source], escalation.CheckFindings]) -> None:
        self._diagnostics, self.findings = result
        found = [hit.to_dict() for hit in self.findings.evaluation.hits]
        self.before_page.show_findings(found)
        if self._record_check_hit is not None:
            for hit in self.findings.evaluation.hits:
                self.runner.run(
                    self._record_check_hit,
                    hit.article_id,
                    hit.check_id,
                    "wizard",
                    lane="analytics",
                    on_error=lambda exc: log.warning("check not recorded: %s", exc),
                )
        if not found:
            self._skip_before_page()
        self.rebuild_preview()

    def _diagnostics_failed(self, exc: BaseException) -> None:
        log.error("diagnostics could not be collected", exc_info=exc)
        self._diagnostics = []
        self.before_page.show_findings([])
        self._skip_before_page()
        self.rebuild_preview()

    def _skip_before_page(self) -> None:
        """Nothing fired: go on to describing the problem (or start there, when the wizard is not shown yet)."""
        if self.currentPage() is self.before_page:
            self.next()
        elif self.currentId() == -1:
            self.setStartId(self.pageIds()[1])

    def read_article_instead(self, article_id: str) -> None:
        """The person chose to try the article: open it in the main window and close the wizard."""
        if self._open_article is not None:
            self._open_article(article_id)
        self.reject()

    def _trail_ready(self, trail: Trail | None) -> None:
        self._trail = trail
        self._trail_loaded = True
        self.rebuild_preview()

    def rebuild_preview(self) -> None:
        if self._diagnostics is None or not self._trail_loaded:
            self.review_page.set_busy("Collecting diagnostics…")
            return
        ticket = self.ticket()
        if not ticket.summary:
            return
        self._ticket_key = (ticket.summary, ticket.description, ticket.impact, ticket.urgency, ticket.contact)
        self._building = True
        self.review_page.set_busy("Redacting…")
        self.runner.run(
            escalation.build_preview,
            ticket,
            [*self._diagnostics, *self._attachments],
            trail=self._trail,
            custom_terms=list(self.settings.redact_terms or []),
            disabled_categories=self.disabled_categories(),
            excluded=set(self._excluded),
            tag=PREVIEW_TAG,
            on_success=self._preview_built,
            on_error=self._preview_failed,
        )

    def _preview_built(self, preview: EscalationPreview) -> None:
        self._building = False
        self.preview = preview
        self.review_page.show_preview(preview)
        self.review_page.set_busy(None)
        self.save_page.completeChanged.emit()
        self.preview_changed.emit(preview)

    def _preview_failed(self, exc: BaseException) -> None:
        self._building = False
        self.review_page.set_busy(None)
        show_error(self, exc, "Could not prepare the bundle", show=self.review_page.status_label.setText)

    # ------------------------------------------------------------ user choices
    def set_included(self, key: str, included: bool) -> None:
        if included:
            self._excluded.discard(key)
        else:
            self._excluded.add(key)
        if self.preview is not None:
            self.preview = self.preview.with_included(key, included)
            self.review_page.update_totals(self.preview)
            self.preview_changed.emit(self.preview)

    def categories_changed(self, *_args: object) -> None:
        self.rebuild_preview()

    def choose_attachments(self) -> None:
        paths, _ = QFileDialog.getOpenFileNames(self, "Attach files", str(Path.home()))
        if paths:
            self.add_attachments(paths)

    def add_attachments(self, paths: Sequence[str | Path]) -> None:
        self.review_page.set_busy("Reading files…")
        self._building = True
        self.runner.run(
            _read_attachments,
            [str(p) for p in paths],
            tag="escalation-attachments",
            on_success=self._attachments_read,
            on_error=self._preview_failed,
        )

    def _attachments_read(self, result: tuple[list[Source], list[str]]) -> None:
        self._building = False
        sources, problems = result
        known = {s.key for s in self._attachments}
        self._attachments.extend(s for s in sources if s.key not in known)
        if problems:
            QMessageBox.warning(self, "Attach files", "\n\n".join(problems))
        self.rebuild_preview()

    # ------------------------------------------------------------ writing
    def write_bundle(self) -> None:
        preview = self.preview
        if preview is None or self._writing or not self.save_page.consent_check.isChecked():
            return
        text = self.save_page.path_edit.text().strip()
        path = Path(text).expanduser()
        if path.suffix != BUNDLE_SUFFIX:
            path = path.with_name(path.name + BUNDLE_SUFFIX)
        self._writing = True
        self.save_page.set_writing(True, "Saving…")
        self.runner.run(
            escalation.write_escalation,
            path,
            preview,
            lane="escalation-write",
            tag="escalation-write",
            on_success=self._written,
            on_error=self._write_error,
        )

    def _written(self, info: BundleInfo) -> None:
        self._writing = False
        self.saved = info
        self.save_page.set_writing(False, "")
        if self._record_escalation is not None and self.preview is not None:
            self.runner.run(
                self._record_escalation,
                info,
                self.preview.ticket.summary,
                lane="analytics",
                on_error=lambda exc: log.warning("escalation not recorded: %s", exc),
            )
        self.bundle_written.emit(info)
        self.next()

    def _write_error(self, exc: BaseException) -> None:
        self._writing = False
        text = error_text(exc, "Not saved")
        self.save_page.set_writing(False, f"<span style='color:#b00020'>{html.escape(text)}</span>")
        self.write_failed.emit(text)

    # ------------------------------------------------------------ after saving
    def show_in_folder(self) -> bool:
        """Open the bundle's folder in the file manager; when there is none, say where the file is."""
        if self.saved is None:
            return False
        folder = self.saved.path.parent
        if open_with_system(QUrl.fromLocalFile(str(folder))):
            return True
        QGuiApplication.clipboard().setText(str(self.saved.path))
        self.done_page.show_notice(
            "No file manager could be opened on this computer. The bundle is here (the path was copied to "
            f"the clipboard):\n{self.saved.path}"
        )
        return False

    def mailto_url(self) -> QUrl:
        info, preview = self.saved, self.preview
        assert info is not None and preview is not None
        url = QUrl(f"mailto:{self.settings.support_email or ''}")
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
        if self.saved is None:
            return False
        url = self.mailto_url()
        if open_with_system(url):
            return True
        query = QUrlQuery(url.query())
        to = self.settings.support_email or "the service desk"
        subject = query.queryItemValue("subject", QUrl.ComponentFormattingOption.FullyDecoded)
        body = query.queryItemValue("body", QUrl.ComponentFormattingOption.FullyDecoded)
        QGuiApplication.clipboard().setText(f"To: {to}\nSubject: {subject}\n\n{body}")
        self.done_page.show_notice(
            "No e-mail program is set up on this computer, so no draft could be opened. The e-mail (address, "
            f"subject and text) was copied to the clipboard: paste it into your webmail, send it to {to} and "
            f"attach {self.saved.path.name} (in {self.saved.path.parent})."
        )
        return False

    def done(self, result: int) -> None:  # Qt's name
        for tag in TAGS:
            self.runner.invalidate(tag)
        super().done(result)


def _keep_label(name: str) -> str:
    return {
        "email": "E-mail addresses",
        "user": "User names",
        "hostname": "Computer name",
        "ipv4": "IPv4 addresses",
        "ipv6": "IPv6 addresses",
        "mac": "MAC addresses",
        "phone": "Phone numbers",
        "uuid": "Request ids (UUIDs)",
    }.get(name, _CATEGORY[name].description)


def _row_text(item: EscalationItem) -> str:
    kind = KIND_LABELS.get(item.kind, item.kind)
    if not item.redactable:
        detail = "not redactable"
    elif item.total:
        detail = f"{item.total} replaced"
    else:
        detail = "nothing replaced"
    return f"{item.title}\n{kind} · {detail}"


def _read_article(host: WindowHost, article_id: str) -> None:
    host.show_search_page()
    host.open_article(article_id)


def open_escalation_wizard(host: WindowHost) -> EscalationWizard:
    """ "Contact support": a modeless wizard over the window that lives until closed (deleted then)."""
    recorder = host.recorder
    wizard = EscalationWizard(
        host.runner,
        host.settings,
        summary=host.current_query(),
        platform=host.platform,
        load_trail=recorder.trail,
        record_escalation=lambda info, summary: recorder.record_escalation(info.bundle_id, summary),
        engine=host.kb.engine,
        open_article=lambda article_id: _read_article(host, article_id),
        record_check_hit=recorder.record_check_hit,
        parent=host.dialog_parent(),
    )
    wizard.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, True)
    wizard.show()
    return wizard
