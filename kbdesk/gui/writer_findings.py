"""Writer mode's list of what lint found in the open article, under the editor.

Errors first, then warnings, each with its line; a click goes to the line (``line_chosen``).
The findings are those of the saved file (lint runs on the folder), which the label says.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QLabel, QListWidget, QListWidgetItem, QVBoxLayout, QWidget

from ..core.lint import LintFinding
from .i18n import TranslationContext
from .theme import is_dark

writer_findings = TranslationContext("writer_findings")


def severity_colors(dark: bool) -> dict[str, QColor]:
    """Text colours for "error" and "warning" that read on the light and the dark theme."""
    return {
        "error": QColor(0xFF, 0x8A, 0x80) if dark else QColor(0xB0, 0x1C, 0x12),
        "warning": QColor(0xF0, 0xC0, 0x60) if dark else QColor(0x8A, 0x5A, 0x00),
    }


class FindingsPanel(QWidget):
    """ "Checks": a label that sums them up and the list of findings."""

    #: a finding with a line was clicked or activated (its 1-based line)
    line_chosen = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        self.findings_label = QLabel(writer_findings.tr("Checks"), self)
        layout.addWidget(self.findings_label)
        self.findings_list = QListWidget(self)
        self.findings_list.setAccessibleName(writer_findings.tr("Problems found in this article"))
        self.findings_list.setWordWrap(True)
        self.findings_list.itemActivated.connect(self._activated)
        self.findings_list.itemClicked.connect(self._activated)
        layout.addWidget(self.findings_list, 1)

    def show_findings(self, findings: Sequence[LintFinding], *, has_file: bool) -> None:
        self.findings_list.clear()
        colors = severity_colors(is_dark(self.palette()))
        for f in sorted(findings, key=lambda f: (f.severity != "error", f.line, f.code)):
            where = (
                writer_findings.tr("line {line}").format(line=f.line) if f.line else writer_findings.tr("whole file")
            )
            item = QListWidgetItem(f"{'✖' if f.severity == 'error' else '⚠'} {where} · {f.code}: {f.message}")
            item.setData(Qt.ItemDataRole.UserRole, f.line)
            item.setForeground(colors[f.severity])
            severity = writer_findings.tr("error") if f.severity == "error" else writer_findings.tr("warning")
            item.setToolTip(f"{severity}: {f.message}\n" + writer_findings.tr("Click to go to the line."))
            self.findings_list.addItem(item)
        errors = sum(1 for f in findings if f.severity == "error")
        warnings = len(findings) - errors
        if not has_file:
            self.findings_label.setText(writer_findings.tr("Checks"))
        elif not findings:
            self.findings_label.setText(writer_findings.tr("Checks: no problems found in the saved file"))
        else:
            self.findings_label.setText(
                writer_findings.tr("Checks of the saved file: {errors}, {warnings} — click one to go there").format(
                    errors=writer_findings.tr("%n errors", "", errors),
                    warnings=writer_findings.tr("%n warnings", "", warnings),
                )
            )

    def _activated(self, item: QListWidgetItem) -> None:
        line = int(item.data(Qt.ItemDataRole.UserRole) or 0)
        if line > 0:
            self.line_chosen.emit(line)
