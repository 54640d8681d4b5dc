"""The wizard's first working pages: describe the problem, then review exactly what will be sent.

* :class:`DescribePage`: summary (prefilled from the last search), description, impact and
  urgency with the ITIL priority they give, contact.
* :class:`ReviewPage`: every item (the request itself, the trail, each diagnostics section, the
  log, attachments) with a checkbox to leave it out, and a preview of its **redacted** content
  with what was redacted in it. Personal-data categories can be kept (IP addresses for a network
  problem); a change re-runs the redaction in the background.

The pages hold widgets; the state (the preview, what is left out, the redaction running) is the
wizard's (:mod:`.escalation_wizard`), which they ask through its public methods.
"""

from __future__ import annotations

import html
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QFontDatabase
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QProgressBar,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
    QWizardPage,
)

from ..core import escalation
from ..core.bundle import LEVELS, priority_for
from ..core.escalation import EscalationItem, EscalationPreview
from ..core.redaction import CATEGORIES
from .accessibility import describe_label
from .escalation_words import category_words, counts_text, item_title, keep_label, revision_text
from .i18n import QT_TRANSLATE_NOOP, TranslationContext, number
from .sources_words import policy_reason

if TYPE_CHECKING:
    from .escalation_wizard import EscalationWizard

#: the preview pane shows at most this much of one item (the bundle gets all of it)
PREVIEW_CHARS = 200_000
escalation_pages = TranslationContext("escalation_pages")

LEVEL_LABELS = {
    "impact": {
        "high": QT_TRANSLATE_NOOP("escalation_pages", "High: many people or a whole team"),
        "medium": QT_TRANSLATE_NOOP("escalation_pages", "Medium: a few people"),
        "low": QT_TRANSLATE_NOOP("escalation_pages", "Low: only me, and I can work around it"),
    },
    "urgency": {
        "high": QT_TRANSLATE_NOOP("escalation_pages", "High: work has stopped"),
        "medium": QT_TRANSLATE_NOOP("escalation_pages", "Medium: work is slowed down"),
        "low": QT_TRANSLATE_NOOP("escalation_pages", "Low: it can wait"),
    },
}
KIND_LABELS = {
    escalation.KIND_TICKET: QT_TRANSLATE_NOOP("escalation_pages", "Request"),
    escalation.KIND_TRAIL: QT_TRANSLATE_NOOP("escalation_pages", "History"),
    escalation.KIND_DIAGNOSTIC: QT_TRANSLATE_NOOP("escalation_pages", "Diagnostics"),
    escalation.KIND_LOG: QT_TRANSLATE_NOOP("escalation_pages", "Log"),
    escalation.KIND_ATTACHMENT: QT_TRANSLATE_NOOP("escalation_pages", "Attachment"),
}
_CATEGORY = {c.name: c for c in CATEGORIES}


class DescribePage(QWizardPage):
    def __init__(self, wizard: EscalationWizard) -> None:
        super().__init__(wizard)
        self.setTitle(escalation_pages.tr("Describe the problem"))
        self.setSubTitle(
            escalation_pages.tr(
                "The service desk reads this first. Say what you tried to do and what happened instead."
            )
        )
        self.summary_edit = QLineEdit(self)
        self.summary_edit.setPlaceholderText(escalation_pages.tr("One line, e.g. “VPN disconnects every few minutes”"))
        self.summary_edit.setAccessibleName(escalation_pages.tr("Summary"))
        self.description_edit = QPlainTextEdit(self)
        self.description_edit.setPlaceholderText(
            escalation_pages.tr("What happened, since when, the exact error message…")
        )
        self.description_edit.setAccessibleName(escalation_pages.tr("Description"))
        self.description_edit.setTabChangesFocus(True)  # Tab moves on (it typed tab characters: a keyboard trap)
        self.impact_combo = QComboBox(self)
        self.urgency_combo = QComboBox(self)
        names = {"impact": escalation_pages.tr("Impact"), "urgency": escalation_pages.tr("Urgency")}
        for combo, what in ((self.impact_combo, "impact"), (self.urgency_combo, "urgency")):
            for level in LEVELS:
                combo.addItem(escalation_pages.tr(LEVEL_LABELS[what][level]), level)
            combo.setCurrentIndex(LEVELS.index("medium"))
            combo.setAccessibleName(names[what])
            combo.currentIndexChanged.connect(self._update_priority)
        self.priority_label = QLabel(self)
        describe_label(self.priority_label, escalation_pages.tr("Priority"))
        self.contact_edit = QLineEdit(self)
        self.contact_edit.setPlaceholderText(
            escalation_pages.tr("Phone or e-mail (not redacted: it is how they reach you)")
        )
        self.contact_edit.setAccessibleName(escalation_pages.tr("Contact"))
        form = QFormLayout(self)
        form.addRow(escalation_pages.tr("&Summary:"), self.summary_edit)
        form.addRow(escalation_pages.tr("&Description:"), self.description_edit)
        form.addRow(escalation_pages.tr("&Impact:"), self.impact_combo)
        form.addRow(escalation_pages.tr("&Urgency:"), self.urgency_combo)
        form.addRow(escalation_pages.tr("Priority:"), self.priority_label)
        form.addRow(escalation_pages.tr("&Contact:"), self.contact_edit)
        self.registerField("summary*", self.summary_edit)
        self._update_priority()

    def _update_priority(self) -> None:
        priority = priority_for(self.impact_combo.currentData(), self.urgency_combo.currentData())
        self.priority_label.setText(
            html.escape(escalation_pages.tr("{priority} (from impact × urgency)")).format(
                priority=f"<b>{html.escape(priority.label)}</b>"
            )
        )


class ReviewPage(QWizardPage):
    def __init__(self, wizard: EscalationWizard) -> None:
        super().__init__(wizard)
        self._wizard = wizard
        self.setTitle(escalation_pages.tr("What will be sent"))
        self.setSubTitle(
            escalation_pages.tr(
                "This is exactly what the bundle will hold, after secrets and personal data were replaced "
                "by placeholders such as <EMAIL-1>. Untick anything you do not want to send."
            )
        )
        self.status_label = QLabel(escalation_pages.tr("Collecting diagnostics…"), self)
        self.progress = QProgressBar(self)
        self.progress.setRange(0, 0)
        self.progress.setMaximumHeight(12)
        self.progress.setTextVisible(False)
        self.progress.setAccessibleName(escalation_pages.tr("Collecting"))
        self.item_list = QListWidget(self)
        self.item_list.setAccessibleName(escalation_pages.tr("Items to send"))
        self.item_list.setMinimumWidth(250)
        self.preview_counts = QLabel(self)
        self.preview_counts.setWordWrap(True)
        describe_label(self.preview_counts, escalation_pages.tr("Redacted in this item"))
        self.preview_text = QPlainTextEdit(self)
        self.preview_text.setReadOnly(True)
        self.preview_text.setLineWrapMode(QPlainTextEdit.LineWrapMode.NoWrap)
        self.preview_text.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        self.preview_text.setAccessibleName(escalation_pages.tr("Redacted content"))
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

        self.keep_box = QGroupBox(escalation_pages.tr("Keep as they are (not replaced by placeholders)"), self)
        grid = QGridLayout(self.keep_box)
        self.keep_checks: dict[str, QCheckBox] = {}
        always = escalation_pages.tr("Secrets and card numbers are always removed.")
        for n, name in enumerate(escalation.OPTIONAL_CATEGORIES):
            check = QCheckBox(keep_label(name), self.keep_box)
            check.setToolTip(f"{category_words(name)}. {always}")
            check.setChecked(_CATEGORY[name].kept_by_default)  # UUIDs: support correlates events with them
            if not wizard.policy.may_keep(name):
                # the organisation's policy: always redacted, whatever the default
                check.setChecked(False)
                check.setEnabled(False)
                check.setToolTip(
                    escalation_pages.tr("Always replaced: {reason}").format(
                        reason=policy_reason(wizard.policy.keep_reason)
                    )
                )
            check.toggled.connect(wizard.categories_changed)
            grid.addWidget(check, n // 3, n % 3)
            self.keep_checks[name] = check
        self.add_files_button = QPushButton(escalation_pages.tr("&Add files…"), self)
        self.add_files_button.setToolTip(escalation_pages.tr("Attach a screenshot, a log or another file"))
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
        self.status_label.setText(
            text or escalation_pages.tr("Tick an item to send it; click it to see its redacted content.")
        )
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
            tip = item.name + " · " + escalation_pages.tr("%n bytes", "", item.size)
            if not item.optional:
                tip += " · " + escalation_pages.tr("always sent")
            row.setToolTip(tip)
        self.item_list.blockSignals(False)
        keys = [i.key for i in preview.items]
        self.item_list.setCurrentRow(keys.index(current_key) if current_key in keys else 0)
        self.show_current()
        self.update_totals(preview)

    def update_totals(self, preview: EscalationPreview) -> None:
        included = preview.included_items
        left_out = len(preview.items) - len(included)
        if left_out:
            text = escalation_pages.tr("{sent}, {left_out} left out.").format(
                sent=escalation_pages.tr("%n items will be sent", "", len(included)), left_out=number(left_out)
            )
        else:
            text = escalation_pages.tr("%n items will be sent.", "", len(included))
        replaced = escalation_pages.tr("Replaced in total: {counts}.").format(counts=counts_text(preview.totals()))
        text = f"{text} {replaced}"
        if not preview.policy.diagnostics_allowed:
            text += "\n" + escalation_pages.tr("No diagnostics or log are collected: {reason}.").format(
                reason=policy_reason(preview.policy.diagnostics_reason)
            )
        if preview.knowledge_base:
            text += "\n" + escalation_pages.tr("Also recorded, so the agent reads the same articles: {sources}").format(
                sources="; ".join(revision_text(revision) for revision in preview.knowledge_base)
            )
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
            more = escalation_pages.tr("%n more characters", "", len(item.redacted_text) - PREVIEW_CHARS)
            text = text[:PREVIEW_CHARS] + f"\n… ({more})"
        self.preview_text.setPlainText(text)
        if not item.redactable:
            counts = escalation_pages.tr("<b>Not text: cannot be redacted.</b> It is sent exactly as it is.")
        elif item.counts:
            counts = html.escape(
                escalation_pages.tr("Replaced in this item: {counts}").format(counts=counts_text(item.counts))
            )
        else:
            counts = html.escape(escalation_pages.tr("Nothing needed replacing in this item."))
        if not item.included:
            counts = escalation_pages.tr("<i>Left out: this item will not be sent.</i>") + " " + counts
        title = html.escape(item_title(item))
        self.preview_counts.setText(f"<b>{title}</b> ({html.escape(item.name)})<br>{counts}")

    def _item_toggled(self, row: QListWidgetItem) -> None:
        key = row.data(Qt.ItemDataRole.UserRole)
        self._wizard.set_included(key, row.checkState() == Qt.CheckState.Checked)
        if row is self.item_list.currentItem():
            self.show_current()


def _row_text(item: EscalationItem) -> str:
    kind = escalation_pages.tr(KIND_LABELS[item.kind]) if item.kind in KIND_LABELS else item.kind
    if not item.redactable:
        detail = escalation_pages.tr("not redactable")
    elif item.total:
        detail = escalation_pages.tr("%n replaced", "", item.total)
    else:
        detail = escalation_pages.tr("nothing replaced")
    return f"{item_title(item)}\n{kind} · {detail}"
