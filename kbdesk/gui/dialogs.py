"""Small dialogs: the list of article files that were skipped, and why."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QTreeWidget, QTreeWidgetItem, QVBoxLayout, QWidget

from ..core.articles import ArticleIssue


class IssuesDialog(QDialog):
    """The articles that were skipped or have problems, with where and why."""

    def __init__(self, issues: list[ArticleIssue], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Article problems")
        label = QLabel(
            "These files in the articles folder could not be used as they are. "
            "Whoever looks after the articles can fix them; the rest of the articles work normally.",
            self,
        )
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
