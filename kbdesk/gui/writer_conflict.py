"""Writer mode when the open article changes on disk: the banner that says so while editing, and the
question a save asks (reload theirs, keep mine as a copy or over theirs, or look at the differences)."""

from __future__ import annotations

import html
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import Signal
from PySide6.QtGui import QColor, QFontDatabase
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFrame,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ..core.authoring import unified_diff
from .i18n import TranslationContext

writer_conflict = TranslationContext("writer_conflict")

#: what :attr:`ArticleEditor.resolve_conflict <kbdesk.gui.writer_editor.ArticleEditor.resolve_conflict>` may answer
CONFLICT_CHOICES = ("reload", "overwrite", "copy", "cancel")


@dataclass(frozen=True)
class ConflictInfo:
    """What the "changed on disk" question shows."""

    path: Path
    theirs: str | None  # None: the file is gone
    mine: str

    @property
    def diff(self) -> str:
        return unified_diff(self.theirs or "", self.mine, self.path.name)


class ConflictDialog(QDialog):
    """ "The file changed on disk": reload theirs, keep mine (copy or overwrite), or look at the differences."""

    def __init__(self, info: ConflictInfo, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(writer_conflict.tr("The article changed on disk"))
        self.choice = "cancel"
        layout = QVBoxLayout(self)
        if info.theirs is None:
            what = writer_conflict.tr("{file} was deleted or moved away since you opened it.")
        else:
            what = writer_conflict.tr("{file} was changed by another program since you opened it.")
        label = QLabel(
            html.escape(what).format(file=f"<b>{html.escape(info.path.name)}</b>")
            + " "
            + html.escape(writer_conflict.tr("Saving now would replace that version with yours.")),
            self,
        )
        label.setWordWrap(True)
        layout.addWidget(label)
        self.diff_view = QPlainTextEdit(self)
        self.diff_view.setReadOnly(True)
        self.diff_view.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        self.diff_view.setPlainText(info.diff)
        self.diff_view.setAccessibleName(writer_conflict.tr("Differences"))
        self.diff_view.setMinimumSize(560, 260)
        self.diff_view.hide()
        layout.addWidget(self.diff_view, 1)
        buttons = QDialogButtonBox(self)
        self.reload_button = buttons.addButton(
            writer_conflict.tr("Reload theirs"), QDialogButtonBox.ButtonRole.DestructiveRole
        )
        self.reload_button.setToolTip(writer_conflict.tr("Drop your edits and load the version on disk"))
        self.copy_button = buttons.addButton(
            writer_conflict.tr("Save mine as a copy"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.overwrite_button = buttons.addButton(
            writer_conflict.tr("Overwrite theirs…"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.diff_button = buttons.addButton(
            writer_conflict.tr("Show differences"), QDialogButtonBox.ButtonRole.ActionRole
        )
        buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        layout.addWidget(buttons)
        self.diff_button.clicked.connect(self._toggle_diff)
        self.reload_button.clicked.connect(lambda: self._done("reload"))
        self.copy_button.clicked.connect(lambda: self._done("copy"))
        self.overwrite_button.clicked.connect(self._confirm_overwrite)
        buttons.rejected.connect(self.reject)

    def _toggle_diff(self) -> None:
        self.diff_view.setVisible(not self.diff_view.isVisible())
        self.adjustSize()

    def _done(self, choice: str) -> None:
        self.choice = choice
        self.accept()

    def _confirm_overwrite(self) -> None:
        answer = QMessageBox.warning(
            self,
            writer_conflict.tr("Overwrite the other version?"),
            writer_conflict.tr("The version on disk will be replaced by yours and its changes will be lost."),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel,
            QMessageBox.StandardButton.Cancel,
        )
        if answer == QMessageBox.StandardButton.Yes:
            self._done("overwrite")


class ChangedOnDiskBanner(QFrame):
    """An amber line over the editor: the file changed (or vanished) on disk while it was open."""

    reload_requested = Signal()
    diff_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("ChangedOnDiskBanner")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setAutoFillBackground(True)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(8, 4, 8, 4)
        self.label = QLabel(self)
        self.label.setWordWrap(True)
        layout.addWidget(self.label, 1)
        self.reload_button = QPushButton(writer_conflict.tr("Reload theirs"), self)
        self.keep_button = QPushButton(writer_conflict.tr("Keep mine"), self)
        self.keep_button.setToolTip(
            writer_conflict.tr("Keep editing; saving will ask again before anything is replaced")
        )
        self.diff_button = QPushButton(writer_conflict.tr("Show differences"), self)
        for button in (self.reload_button, self.keep_button, self.diff_button):
            layout.addWidget(button)
        self.reload_button.clicked.connect(self.reload_requested)
        self.keep_button.clicked.connect(self.hide)
        self.diff_button.clicked.connect(self.diff_requested)
        self.hide()

    def show_text(self, text: str, *, reload: bool) -> None:
        """Say ``text``; ``reload``: there is another version to reload or compare (not when the file is gone)."""
        self.label.setText(text)
        self.reload_button.setVisible(reload)
        self.diff_button.setVisible(reload)
        self.show()

    def refresh_colors(self, dark: bool) -> None:
        palette = self.palette()
        palette.setColor(self.backgroundRole(), QColor(0x5A, 0x45, 0x10) if dark else QColor(0xFF, 0xF1, 0xC2))
        palette.setColor(self.foregroundRole(), QColor(0xF5, 0xF0, 0xE0) if dark else QColor(0x3A, 0x2A, 0x00))
        self.setPalette(palette)
        self.label.setPalette(palette)


class DiffDialog(QDialog):
    """The unified diff of the version on disk and the editor's text ("Show differences" on the banner)."""

    def __init__(self, diff: str, name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(writer_conflict.tr("Differences — {file}").format(file=name))
        layout = QVBoxLayout(self)
        view = QPlainTextEdit(self)
        view.setReadOnly(True)
        view.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        view.setPlainText(diff)
        view.setAccessibleName(writer_conflict.tr("Differences"))
        view.setMinimumSize(640, 360)
        layout.addWidget(view)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
