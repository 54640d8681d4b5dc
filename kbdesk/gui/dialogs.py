"""Small dialogs: the support summary (until the escalation wizard exists) and the skipped-articles list."""

from __future__ import annotations

from PySide6.QtGui import QFontDatabase, QGuiApplication
from PySide6.QtWidgets import (QDialog, QDialogButtonBox, QLabel, QPlainTextEdit, QPushButton, QTreeWidget,
                               QTreeWidgetItem, QVBoxLayout, QWidget)

from ..core.articles import ArticleIssue


class SupportSummaryDialog(QDialog):
    """Shows a plain-text summary of this session for pasting into a support request."""

    def __init__(self, summary: str, support_email: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Contact support")
        self.setAccessibleName("Contact support")
        intro = ("Copy this summary into your message to the service desk so they know what you "
                 "already tried.")
        if support_email:
            intro += f" Their address: <b>{support_email}</b>"
        label = QLabel(intro, self)
        label.setWordWrap(True)
        self.text = QPlainTextEdit(self)
        self.text.setPlainText(summary)
        self.text.setReadOnly(True)
        self.text.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        self.text.setAccessibleName("Summary of this session")
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        self.copy_button = QPushButton("Copy", self)
        self.copy_button.setAccessibleDescription("Copy the summary to the clipboard")
        buttons.addButton(self.copy_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.copy_button.clicked.connect(self.copy)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(label)
        layout.addWidget(self.text, 1)
        layout.addWidget(buttons)
        self.resize(560, 380)

    def copy(self) -> None:
        QGuiApplication.clipboard().setText(self.text.toPlainText())
        self.copy_button.setText("Copied")


class IssuesDialog(QDialog):
    """The articles that were skipped or have problems, with where and why."""

    def __init__(self, issues: list[ArticleIssue], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Article problems")
        label = QLabel("These files in the articles folder could not be used as they are. "
                       "Whoever looks after the articles can fix them; the rest of the articles work normally.", self)
        label.setWordWrap(True)
        tree = QTreeWidget(self)
        tree.setHeaderLabels(["File", "Line", "Problem"])
        tree.setRootIsDecorated(False)
        tree.setAccessibleName("Article problems")
        for issue in issues:
            item = QTreeWidgetItem([issue.path.name, str(issue.line or ""), f"{issue.severity}: {issue.message}"])
            item.setToolTip(0, str(issue.path))
            item.setToolTip(2, issue.message)
            tree.addTopLevelItem(item)
        tree.resizeColumnToContents(0)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(label)
        layout.addWidget(tree, 1)
        layout.addWidget(buttons)
        self.resize(640, 320)
