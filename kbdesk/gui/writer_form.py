"""Writer mode's "Details" tab: an article's front matter as a form.

Each change a person makes is emitted as ``edited({key: value})``; the editor rewrites only
that key's lines in the text (:func:`kbdesk.core.authoring.set_front_matter_fields`), so the
Markdown tab stays the one source of truth and comments and unknown keys survive. Loading
values into the form emits nothing.
"""

from __future__ import annotations

import datetime as dt
import itertools

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QWidget,
)

from ..core.articles import AUDIENCES, PLATFORMS, STATUSES
from ..core.authoring import FormValue, FormValues
from ..core.rendering import platform_label
from .accessibility import buddy_label
from .i18n import TranslationContext

writer_form = TranslationContext("writer_form")


def _split_items(text: str, sep: str = ",") -> list[str]:
    return [part.strip() for part in text.split(sep) if part.strip()]


class FrontMatterForm(QWidget):
    """The front matter as a form; emits ``edited({key: value})`` for each change a person makes."""

    edited = Signal(dict)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._loading = False
        layout = QFormLayout(self)
        layout.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.problem = QLabel(self)
        self.problem.setWordWrap(True)
        self.problem.hide()
        layout.addRow(self.problem)
        self.id_edit = QLineEdit(self)
        self.id_edit.setToolTip(
            writer_form.tr("Stable and unique; other articles link to it. Change it only with care.")
        )
        self.title_edit = QLineEdit(self)
        self.summary_edit = QLineEdit(self)
        self.tags_edit = QLineEdit(self)
        self.tags_edit.setPlaceholderText(writer_form.tr("network, wifi", "example tags"))
        platforms = QWidget(self)
        row = QHBoxLayout(platforms)
        row.setContentsMargins(0, 0, 0, 0)
        self.platform_checks: dict[str, QCheckBox] = {}
        for name in PLATFORMS:
            check = QCheckBox(platform_label(name), platforms)
            check.setToolTip(writer_form.tr("Leave all unticked for an article that applies everywhere"))
            row.addWidget(check)
            self.platform_checks[name] = check
            check.clicked.connect(lambda _checked: self._emit("platforms"))
        row.addStretch(1)
        self.symptoms_edit = QPlainTextEdit(self)
        self.symptoms_edit.setPlaceholderText(writer_form.tr("How people describe the problem, one per line"))
        self.symptoms_edit.setTabChangesFocus(True)
        self.symptoms_edit.setFixedHeight(self.fontMetrics().lineSpacing() * 5 + 12)
        self.error_codes_edit = QLineEdit(self)
        self.error_codes_edit.setPlaceholderText(
            writer_form.tr("0x80070005, DNS_PROBE_FINISHED_NXDOMAIN", "example error codes")
        )
        self.audience_combo = QComboBox(self)
        self.audience_combo.addItems(list(AUDIENCES))
        self.status_combo = QComboBox(self)
        self.status_combo.addItems(list(STATUSES))
        self.owner_edit = QLineEdit(self)
        self.reviewed_edit = QLineEdit(self)
        # front matter dates are always ISO; only the letters standing for the digits are translated
        self.reviewed_edit.setPlaceholderText(writer_form.tr("YYYY-MM-DD"))
        self.review_by_edit = QLineEdit(self)
        self.review_by_edit.setPlaceholderText(writer_form.tr("YYYY-MM-DD"))
        reviewed_row = QWidget(self)
        rr = QHBoxLayout(reviewed_row)
        rr.setContentsMargins(0, 0, 0, 0)
        rr.addWidget(self.reviewed_edit, 1)
        self.reviewed_today = QPushButton(writer_form.tr("Reviewed today"), reviewed_row)
        self.reviewed_today.setToolTip(writer_form.tr("Set 'reviewed' to today and 'review by' six months ahead"))
        self.reviewed_today.clicked.connect(self._reviewed_today)
        rr.addWidget(self.reviewed_today)

        # mnemonics unique on the writer page with the window's menu bar (File, Go, View, History, Tools, Help);
        # the field's label is translated, its tool tip names the front-matter key it writes (which stays English)
        for text, key, field in (
            (writer_form.tr("Tit&le"), "title", self.title_edit),
            (writer_form.tr("Su&mmary"), "summary", self.summary_edit),
            (writer_form.tr("&Id"), "id", self.id_edit),
            (writer_form.tr("T&ags"), "tags", self.tags_edit),
            (writer_form.tr("&Platforms"), "platforms", platforms),
            (writer_form.tr("S&ymptoms"), "symptoms", self.symptoms_edit),
            (writer_form.tr("&Error codes"), "error_codes", self.error_codes_edit),
            (writer_form.tr("Au&dience"), "audience", self.audience_combo),
            (writer_form.tr("Stat&us"), "status", self.status_combo),
            (writer_form.tr("&Owner"), "owner", self.owner_edit),
            (writer_form.tr("Revie&wed"), "reviewed", reviewed_row),
            (writer_form.tr("Review &by"), "review_by", self.review_by_edit),
        ):
            # the reviewed date's label is the field's, not its row's (the row holds "Reviewed today" too)
            label = buddy_label(text, self.reviewed_edit, self) if key == "reviewed" else QLabel(text, self)
            if key != "reviewed":
                label.setBuddy(field)
            label.setToolTip(writer_form.tr("Front matter: {key}").format(key=key))
            layout.addRow(label, field)
        # Tab in the order the rows are shown (the fields were made in another order)
        chain = [self.title_edit, self.summary_edit, self.id_edit, self.tags_edit, *self.platform_checks.values()]
        chain += [self.symptoms_edit, self.error_codes_edit, self.audience_combo, self.status_combo, self.owner_edit]
        chain += [self.reviewed_edit, self.reviewed_today, self.review_by_edit]
        for first, second in itertools.pairwise(chain):
            QWidget.setTabOrder(first, second)

        for key, edit in (
            ("id", self.id_edit),
            ("title", self.title_edit),
            ("summary", self.summary_edit),
            ("tags", self.tags_edit),
            ("error_codes", self.error_codes_edit),
            ("owner", self.owner_edit),
            ("reviewed", self.reviewed_edit),
            ("review_by", self.review_by_edit),
        ):
            edit.textEdited.connect(lambda _text, key=key: self._emit(key))
        self.symptoms_edit.textChanged.connect(lambda: self._emit("symptoms"))
        self.audience_combo.activated.connect(lambda _i: self._emit("audience"))
        self.status_combo.activated.connect(lambda _i: self._emit("status"))

    def value(self, key: str) -> FormValue:
        if key == "platforms":
            return [name for name, check in self.platform_checks.items() if check.isChecked()]
        if key == "symptoms":
            return _split_items(self.symptoms_edit.toPlainText(), "\n")
        if key in ("tags", "error_codes"):
            return _split_items((self.tags_edit if key == "tags" else self.error_codes_edit).text())
        if key == "audience":
            return self.audience_combo.currentText()
        if key == "status":
            return self.status_combo.currentText()
        edits = {
            "id": self.id_edit,
            "title": self.title_edit,
            "summary": self.summary_edit,
            "owner": self.owner_edit,
            "reviewed": self.reviewed_edit,
            "review_by": self.review_by_edit,
        }
        return edits[key].text().strip()

    def _emit(self, key: str) -> None:
        if not self._loading:
            self.edited.emit({key: self.value(key)})

    def _reviewed_today(self) -> None:
        today = dt.date.today()
        self.reviewed_edit.setText(today.isoformat())
        self.review_by_edit.setText((today + dt.timedelta(days=182)).isoformat())
        self.edited.emit({"reviewed": today.isoformat(), "review_by": self.review_by_edit.text()})

    def set_values(self, values: FormValues | None, problem: str = "") -> None:
        """Show ``values`` (None: the text cannot be read; the form is disabled with ``problem``)."""
        self._loading = True
        try:
            self.problem.setVisible(bool(problem))
            self.problem.setText(problem)
            for widget in self.findChildren(QWidget):
                if widget is not self.problem:
                    widget.setEnabled(values is not None)
            if values is None:
                return
            self.id_edit.setText(_text(values, "id"))
            self.title_edit.setText(_text(values, "title"))
            self.summary_edit.setText(_text(values, "summary"))
            self.tags_edit.setText(", ".join(_items(values, "tags")))
            for name, check in self.platform_checks.items():
                check.setChecked(name in _items(values, "platforms"))
            self.symptoms_edit.setPlainText("\n".join(_items(values, "symptoms")))
            self.error_codes_edit.setText(", ".join(_items(values, "error_codes")))
            self.audience_combo.setCurrentText(_text(values, "audience", "end-user"))
            self.status_combo.setCurrentText(_text(values, "status", "published"))
            self.owner_edit.setText(_text(values, "owner"))
            for edit, key in ((self.reviewed_edit, "reviewed"), (self.review_by_edit, "review_by")):
                date = values.get(key)
                edit.setText(date.isoformat() if isinstance(date, dt.date) else str(date or ""))
        finally:
            self._loading = False


def _text(values: FormValues, key: str, default: str = "") -> str:
    value = values.get(key)
    return value if isinstance(value, str) else default


def _items(values: FormValues, key: str) -> tuple[str, ...]:
    value = values.get(key)
    return tuple(value) if isinstance(value, list | tuple) else ()
