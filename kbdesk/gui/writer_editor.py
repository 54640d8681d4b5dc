"""The writer's editor for one article file: text, front-matter form, preview, lint findings, testing.

Saving never loses an edit:

* the file's bytes hash is kept when it is loaded; before a save the file is
  read again, and if someone else changed it the save stops and
  :attr:`ArticleEditor.resolve_conflict` decides: ``"reload"`` (take theirs),
  ``"overwrite"`` (after the person confirmed), ``"copy"`` (write mine next to
  it under a new id and continue there) or ``"cancel"``. Tests set the hook;
  people get a dialog with "Show differences";
* the write itself is atomic (:func:`kbdesk.core.fsutil.atomic_write_text`);
* a :class:`QFileSystemWatcher` notices outside changes while the file is
  open: with no local edits the new text is loaded silently, with local edits
  a banner offers to reload (nothing is overwritten either way).

The preview renders through :func:`kbdesk.core.rendering.render_article` into
the same :class:`ArticleBrowser` readers use, on a worker, 300 ms after typing
stops. Saves run on the GUI thread: an article is at most 1 MB, and doing the
conflict check and the write in one step is what makes the check trustworthy.
"""

from __future__ import annotations

import datetime as dt
import html
import logging
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PySide6.QtCore import QEvent, QFileSystemWatcher, Qt, QTimer, Signal
from PySide6.QtGui import QColor, QFontDatabase, QTextCharFormat, QTextCursor, QTextFormat
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QSplitter,
    QTabWidget,
    QTextBrowser,
    QTextEdit,
    QVBoxLayout,
    QWidget,
)

from ..core.articles import AUDIENCES, PLATFORMS, STATUSES
from ..core.authoring import (
    ArticleTestResult,
    DiskState,
    ParsedText,
    copy_path,
    disk_state,
    findings_lines,
    form_values,
    parse_text,
    rank_article_for_query,
    read_text,
    set_front_matter_fields,
    unified_diff,
)
from ..core.fsutil import atomic_write_text
from ..core.lint import LintFinding
from ..core.rendering import RenderedArticle, platform_label, render_article
from ..core.search.engine import SearchEngine
from .article_view import ArticleBrowser
from .errors import show_error
from .markdown_highlighter import MarkdownHighlighter
from .tasks import TaskRunner
from .theme import article_css, content_colors, is_dark

log = logging.getLogger(__name__)

PREVIEW_DEBOUNCE_MS = 300
#: quiet time after a file-system event before the file is read (editors write in several steps)
DISK_CHECK_DELAY_MS = 150

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
        self.id_edit.setToolTip("Stable and unique; other articles link to it. Change it only with care.")
        self.title_edit = QLineEdit(self)
        self.summary_edit = QLineEdit(self)
        self.tags_edit = QLineEdit(self)
        self.tags_edit.setPlaceholderText("network, wifi")
        platforms = QWidget(self)
        row = QHBoxLayout(platforms)
        row.setContentsMargins(0, 0, 0, 0)
        self.platform_checks: dict[str, QCheckBox] = {}
        for name in PLATFORMS:
            check = QCheckBox(platform_label(name), platforms)
            check.setToolTip("Leave all unticked for an article that applies everywhere")
            row.addWidget(check)
            self.platform_checks[name] = check
            check.clicked.connect(lambda _checked: self._emit("platforms"))
        row.addStretch(1)
        self.symptoms_edit = QPlainTextEdit(self)
        self.symptoms_edit.setPlaceholderText("How people describe the problem, one per line")
        self.symptoms_edit.setTabChangesFocus(True)
        self.symptoms_edit.setFixedHeight(self.fontMetrics().lineSpacing() * 5 + 12)
        self.error_codes_edit = QLineEdit(self)
        self.error_codes_edit.setPlaceholderText("0x80070005, DNS_PROBE_FINISHED_NXDOMAIN")
        self.audience_combo = QComboBox(self)
        self.audience_combo.addItems(list(AUDIENCES))
        self.status_combo = QComboBox(self)
        self.status_combo.addItems(list(STATUSES))
        self.owner_edit = QLineEdit(self)
        self.reviewed_edit = QLineEdit(self)
        self.reviewed_edit.setPlaceholderText("YYYY-MM-DD")
        self.review_by_edit = QLineEdit(self)
        self.review_by_edit.setPlaceholderText("YYYY-MM-DD")
        reviewed_row = QWidget(self)
        rr = QHBoxLayout(reviewed_row)
        rr.setContentsMargins(0, 0, 0, 0)
        rr.addWidget(self.reviewed_edit, 1)
        self.reviewed_today = QPushButton("Reviewed today", reviewed_row)
        self.reviewed_today.setToolTip("Set 'reviewed' to today and 'review by' six months ahead")
        self.reviewed_today.clicked.connect(self._reviewed_today)
        rr.addWidget(self.reviewed_today)

        layout.addRow("&Title", self.title_edit)
        layout.addRow("&Summary", self.summary_edit)
        layout.addRow("&Id", self.id_edit)
        layout.addRow("T&ags", self.tags_edit)
        layout.addRow("&Platforms", platforms)
        layout.addRow("S&ymptoms", self.symptoms_edit)
        layout.addRow("&Error codes", self.error_codes_edit)
        layout.addRow("Au&dience", self.audience_combo)
        layout.addRow("Stat&us", self.status_combo)
        layout.addRow("&Owner", self.owner_edit)
        layout.addRow("&Reviewed", reviewed_row)
        layout.addRow("Review &by", self.review_by_edit)

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

    def value(self, key: str) -> Any:
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

    def set_values(self, values: dict[str, Any] | None, problem: str = "") -> None:
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
            self.id_edit.setText(values.get("id", ""))
            self.title_edit.setText(values.get("title", ""))
            self.summary_edit.setText(values.get("summary", ""))
            self.tags_edit.setText(", ".join(values.get("tags", ())))
            for name, check in self.platform_checks.items():
                check.setChecked(name in values.get("platforms", ()))
            self.symptoms_edit.setPlainText("\n".join(values.get("symptoms", ())))
            self.error_codes_edit.setText(", ".join(values.get("error_codes", ())))
            self.audience_combo.setCurrentText(values.get("audience", "end-user"))
            self.status_combo.setCurrentText(values.get("status", "published"))
            self.owner_edit.setText(values.get("owner", ""))
            for edit, key in ((self.reviewed_edit, "reviewed"), (self.review_by_edit, "review_by")):
                date = values.get(key)
                edit.setText(date.isoformat() if isinstance(date, dt.date) else str(date or ""))
        finally:
            self._loading = False


class ConflictDialog(QDialog):
    """ "The file changed on disk": reload theirs, keep mine (copy or overwrite), or look at the differences."""

    def __init__(self, info: ConflictInfo, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("The article changed on disk")
        self.choice = "cancel"
        layout = QVBoxLayout(self)
        what = "was deleted or moved away" if info.theirs is None else "was changed by another program"
        label = QLabel(
            f"<b>{html.escape(info.path.name)}</b> {what} since you opened it. "
            "Saving now would replace that version with yours.",
            self,
        )
        label.setWordWrap(True)
        layout.addWidget(label)
        self.diff_view = QPlainTextEdit(self)
        self.diff_view.setReadOnly(True)
        self.diff_view.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        self.diff_view.setPlainText(info.diff)
        self.diff_view.setMinimumSize(560, 260)
        self.diff_view.hide()
        layout.addWidget(self.diff_view, 1)
        buttons = QDialogButtonBox(self)
        self.reload_button = buttons.addButton("Reload theirs", QDialogButtonBox.ButtonRole.DestructiveRole)
        self.reload_button.setToolTip("Drop your edits and load the version on disk")
        self.copy_button = buttons.addButton("Save mine as a copy", QDialogButtonBox.ButtonRole.AcceptRole)
        self.overwrite_button = buttons.addButton("Overwrite theirs…", QDialogButtonBox.ButtonRole.AcceptRole)
        self.diff_button = buttons.addButton("Show differences", QDialogButtonBox.ButtonRole.ActionRole)
        buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        layout.addWidget(buttons)
        self.diff_button.clicked.connect(
            lambda: (self.diff_view.setVisible(not self.diff_view.isVisible()), self.adjustSize())
        )
        self.reload_button.clicked.connect(lambda: self._done("reload"))
        self.copy_button.clicked.connect(lambda: self._done("copy"))
        self.overwrite_button.clicked.connect(self._confirm_overwrite)
        buttons.rejected.connect(self.reject)

    def _done(self, choice: str) -> None:
        self.choice = choice
        self.accept()

    def _confirm_overwrite(self) -> None:
        answer = QMessageBox.warning(
            self,
            "Overwrite the other version?",
            "The version on disk will be replaced by yours and its changes will be lost.",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel,
            QMessageBox.StandardButton.Cancel,
        )
        if answer == QMessageBox.StandardButton.Yes:
            self._done("overwrite")


class MarkdownEdit(QPlainTextEdit):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        font = QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont)
        self.setFont(font)
        self.setTabStopDistance(self.fontMetrics().horizontalAdvance(" ") * 4)
        self.setLineWrapMode(QPlainTextEdit.LineWrapMode.WidgetWidth)
        self.setAccessibleName("Article text (markdown)")
        self.setPlaceholderText("Choose an article on the left, or make a new one.")


class ArticleEditor(QWidget):
    """One article file: open, edit, preview, save; see the module doc for the save rules."""

    #: a file was written (the path written, which is the copy's after "save as copy")
    saved = Signal(object)
    #: a file was loaded into the editor
    opened = Signal(object)
    #: the editor's text differs (True) or not (False) from the file as loaded
    dirty_changed = Signal(bool)
    #: the preview was rendered (tests wait on it)
    preview_updated = Signal()
    #: "test this article" finished (an ArticleTestResult)
    test_finished = Signal(object)
    #: short messages for the status bar
    message = Signal(str)

    def __init__(
        self,
        runner: TaskRunner,
        parent: QWidget | None = None,
        *,
        engine_getter: Callable[[], SearchEngine | None] = lambda: None,
        model_ready: Callable[[], bool] = lambda: False,
    ) -> None:
        super().__init__(parent)
        self.runner = runner
        self._engine_getter = engine_getter
        self._model_ready = model_ready
        self.path: Path | None = None
        self.root: Path | None = None
        self.loaded_text = ""
        self.loaded_state: DiskState | None = None
        self.findings: list[LintFinding] = []
        self.last_test: ArticleTestResult | None = None
        self._dirty = False
        #: decides a save conflict; returns one of CONFLICT_CHOICES (tests replace it)
        self.resolve_conflict: Callable[[ConflictInfo], str] = self._ask_conflict
        #: asked before unsaved edits are dropped (opening another file); True to go on
        self.confirm_discard: Callable[[], bool] = self._ask_discard

        self._watcher = QFileSystemWatcher(self)
        self._watcher.fileChanged.connect(lambda _p: self._disk_timer.start())
        self._watcher.directoryChanged.connect(lambda _p: self._disk_timer.start())
        self._disk_timer = QTimer(self)
        self._disk_timer.setSingleShot(True)
        self._disk_timer.setInterval(DISK_CHECK_DELAY_MS)
        self._disk_timer.timeout.connect(self.check_disk)
        self._preview_timer = QTimer(self)
        self._preview_timer.setSingleShot(True)
        self._preview_timer.setInterval(PREVIEW_DEBOUNCE_MS)
        self._preview_timer.timeout.connect(self.update_preview)
        self._build()

    # ------------------------------------------------------------ building
    def _build(self) -> None:
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)

        header = QHBoxLayout()
        self.file_label = QLabel("No article open", self)
        self.file_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        header.addWidget(self.file_label, 1)
        self.save_button = QPushButton("&Save", self)
        self.save_button.setToolTip("Save the article (Ctrl+S)")
        self.save_button.setShortcut("Ctrl+S")
        self.save_button.clicked.connect(self.save)
        self.revert_button = QPushButton("Re&vert", self)
        self.revert_button.setToolTip("Drop your edits and load the file again")
        self.revert_button.clicked.connect(self._revert_clicked)
        header.addWidget(self.revert_button)
        header.addWidget(self.save_button)
        layout.addLayout(header)

        self.banner = QFrame(self)
        self.banner.setObjectName("ChangedOnDiskBanner")
        self.banner.setFrameShape(QFrame.Shape.StyledPanel)
        self.banner.setAutoFillBackground(True)
        banner_layout = QHBoxLayout(self.banner)
        banner_layout.setContentsMargins(8, 4, 8, 4)
        self.banner_label = QLabel(self.banner)
        self.banner_label.setWordWrap(True)
        banner_layout.addWidget(self.banner_label, 1)
        self.banner_reload = QPushButton("Reload theirs", self.banner)
        self.banner_keep = QPushButton("Keep mine", self.banner)
        self.banner_keep.setToolTip("Keep editing; saving will ask again before anything is replaced")
        self.banner_diff = QPushButton("Show differences", self.banner)
        for button in (self.banner_reload, self.banner_keep, self.banner_diff):
            banner_layout.addWidget(button)
        self.banner_reload.clicked.connect(self.reload)
        self.banner_keep.clicked.connect(self.banner.hide)
        self.banner_diff.clicked.connect(self.show_diff)
        self.banner.hide()
        layout.addWidget(self.banner)

        self.text_edit = MarkdownEdit(self)
        self.highlighter = MarkdownHighlighter(self.text_edit.document())
        self.text_edit.textChanged.connect(self._text_changed)
        self.form = FrontMatterForm(self)
        self.form.edited.connect(self.apply_form_values)
        form_scroll = QScrollArea(self)
        form_scroll.setWidgetResizable(True)
        form_scroll.setFrameShape(QFrame.Shape.NoFrame)
        form_scroll.setWidget(self.form)
        self.edit_tabs = QTabWidget(self)
        self.edit_tabs.addTab(self.text_edit, "&Markdown")
        self.edit_tabs.addTab(form_scroll, "&Details")
        self.edit_tabs.currentChanged.connect(self._edit_tab_changed)

        findings_panel = QWidget(self)
        fl = QVBoxLayout(findings_panel)
        fl.setContentsMargins(0, 0, 0, 0)
        fl.setSpacing(2)
        self.findings_label = QLabel("Checks", findings_panel)
        fl.addWidget(self.findings_label)
        self.findings_list = QListWidget(findings_panel)
        self.findings_list.setAccessibleName("Problems found in this article")
        self.findings_list.setWordWrap(True)
        self.findings_list.itemActivated.connect(self._finding_activated)
        self.findings_list.itemClicked.connect(self._finding_activated)
        fl.addWidget(self.findings_list, 1)

        editor_column = QSplitter(Qt.Orientation.Vertical, self)
        editor_column.addWidget(self.edit_tabs)
        editor_column.addWidget(findings_panel)
        editor_column.setStretchFactor(0, 4)
        editor_column.setStretchFactor(1, 1)
        editor_column.setChildrenCollapsible(False)
        self.editor_column = editor_column

        self.preview = ArticleBrowser(self)
        self.preview.setAccessibleName("Preview")
        self.preview.setAccessibleDescription("The article as readers will see it")
        self.preview.link_blocked.connect(self.message.emit)
        self.test_panel = self._build_test_panel()
        self.side_tabs = QTabWidget(self)
        self.side_tabs.addTab(self.preview, "&Preview")
        self.side_tabs.addTab(self.test_panel, "&Test this article")

        self.splitter = QSplitter(Qt.Orientation.Horizontal, self)
        self.splitter.addWidget(editor_column)
        self.splitter.addWidget(self.side_tabs)
        self.splitter.setChildrenCollapsible(False)
        self.splitter.setStretchFactor(0, 1)
        self.splitter.setStretchFactor(1, 1)
        layout.addWidget(self.splitter, 1)
        self._refresh_colors()
        self._update_enabled()

    def _build_test_panel(self) -> QWidget:
        panel = QWidget(self)
        layout = QVBoxLayout(panel)
        layout.setContentsMargins(6, 6, 6, 6)
        intro = QLabel(
            "Type what a reader would search for and see where this article ranks, among articles of every status.",
            panel,
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)
        row = QHBoxLayout()
        self.test_query = QLineEdit(panel)
        self.test_query.setPlaceholderText("printer says offline")
        self.test_query.setAccessibleName("Test query")
        self.test_query.setClearButtonEnabled(True)
        self.test_query.returnPressed.connect(self.run_test)
        self.test_button = QPushButton("&Rank it", panel)
        self.test_button.clicked.connect(self.run_test)
        row.addWidget(self.test_query, 1)
        row.addWidget(self.test_button)
        layout.addLayout(row)
        self.test_result = QTextBrowser(panel)
        self.test_result.setOpenLinks(False)
        self.test_result.setAccessibleName("Test result")
        layout.addWidget(self.test_result, 1)
        return panel

    # ------------------------------------------------------------ state
    def text(self) -> str:
        return self.text_edit.toPlainText()

    def has_local_edits(self) -> bool:
        return self.path is not None and self.text() != self.loaded_text

    def _update_enabled(self) -> None:
        has_file = self.path is not None
        for widget in (self.text_edit, self.edit_tabs, self.test_query, self.test_button):
            widget.setEnabled(has_file)
        dirty = self.has_local_edits()
        self.save_button.setEnabled(has_file and (dirty or self.loaded_state is None))
        self.revert_button.setEnabled(has_file and dirty)
        if has_file:
            assert self.path is not None
            shown = (
                self.path.relative_to(self.root).as_posix()
                if self.root and self.path.is_relative_to(self.root)
                else str(self.path)
            )
            self.file_label.setText(f"<b>{html.escape(shown)}</b>{' — edited, not saved' if dirty else ''}")
        else:
            self.file_label.setText("No article open")
        if dirty != self._dirty:
            self._dirty = dirty
            self.dirty_changed.emit(dirty)

    # ------------------------------------------------------------ opening
    def open_file(self, path: Path, root: Path | None = None, *, force: bool = False) -> bool:
        """Load ``path``; False when the person kept unsaved edits of the current file instead."""
        path = Path(path)
        if not force and self.has_local_edits() and path != self.path and not self.confirm_discard():
            return False
        try:
            text = read_text(path)
        except OSError as exc:
            self.message.emit(f"Could not open {path.name}: {exc.strerror or exc}")
            return False
        self._stop_watching()
        self.path = path
        self.root = Path(root) if root else path.parent
        self.findings = []
        self._set_loaded(text, disk_state(path))
        self.text_edit.setPlainText(text)
        self.text_edit.document().setModified(False)
        self.banner.hide()
        self._start_watching()
        self._load_form()
        self.set_findings([])
        self.test_result.clear()
        self.last_test = None
        self._update_enabled()
        self.update_preview()
        self.opened.emit(path)
        return True

    def close_file(self) -> None:
        self._stop_watching()
        self.path = None
        self.loaded_text = ""
        self.loaded_state = None
        blocked = self.text_edit.blockSignals(True)
        self.text_edit.clear()
        self.text_edit.blockSignals(blocked)
        self.preview.show_message("")
        self.set_findings([])
        self._update_enabled()

    def _set_loaded(self, text: str, state: DiskState | None) -> None:
        self.loaded_text = text
        self.loaded_state = state

    def reload(self) -> None:
        """Load the file from disk again, dropping local edits (keeps the cursor's line)."""
        if self.path is None:
            return
        self.banner.hide()
        if not self.path.exists():
            self.message.emit(f"{self.path.name} no longer exists on disk")
            return
        line = self.text_edit.textCursor().blockNumber()
        text = read_text(self.path)
        self._set_loaded(text, disk_state(self.path))
        self._replace_text(text, undoable=True)
        self.text_edit.document().setModified(False)
        block = self.text_edit.document().findBlockByNumber(min(line, self.text_edit.document().blockCount() - 1))
        self.text_edit.setTextCursor(QTextCursor(block))
        self._load_form()
        self._update_enabled()
        self.update_preview()

    def _revert_clicked(self) -> None:
        answer = QMessageBox.question(
            self,
            "Revert",
            "Drop your edits and load the saved file again?",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel,
            QMessageBox.StandardButton.Cancel,
        )
        if answer == QMessageBox.StandardButton.Yes:
            self.reload()

    # ------------------------------------------------------------ saving
    def save(self) -> bool:
        """Save atomically unless the file changed on disk; then :attr:`resolve_conflict` decides."""
        if self.path is None:
            return False
        mine = self.text()
        current = disk_state(self.path)
        changed = (current is None) != (self.loaded_state is None) or (
            current is not None and self.loaded_state is not None and current.sha256 != self.loaded_state.sha256
        )
        if changed:
            theirs = read_text(self.path) if current is not None else None
            choice = self.resolve_conflict(ConflictInfo(self.path, theirs, mine))
            if choice == "reload":
                self.reload()
                return False
            if choice == "copy":
                return self.save_copy()
            if choice != "overwrite":
                self.message.emit("Not saved: the file on disk was left as it is")
                return False
        return self._write(self.path, mine)

    def _write(self, path: Path, text: str) -> bool:
        try:
            atomic_write_text(path, text)
        except OSError as exc:
            show_error(
                self, exc, f"Could not save {path.name}", hint="Your edits are still here; try again or save elsewhere."
            )
            return False
        self._set_loaded(text, disk_state(path))
        self.text_edit.document().setModified(False)
        self.banner.hide()
        self._start_watching()  # an atomic replace is a new file: watch it again
        self._update_enabled()
        self.message.emit(f"Saved {path.name}")
        self.saved.emit(path)
        return True

    def save_copy(self) -> bool:
        """Write my version next to the file under a new name and id, and go on editing the copy."""
        if self.path is None:
            return False
        target = copy_path(self.path)
        text = self.text()
        parsed = parse_text(self.path, text, self.root)
        if parsed.article is not None and "id" in parsed.present_keys:
            text = set_front_matter_fields(text, {"id": target.stem})
        try:
            atomic_write_text(target, text)
        except OSError as exc:
            show_error(self, exc, f"Could not write {target.name}", hint="Your edits are still here.")
            return False
        self.open_file(target, self.root, force=True)
        self.message.emit(f"Your version was saved as {target.name}; the original was left as it is")
        self.saved.emit(target)
        return True

    def _ask_conflict(self, info: ConflictInfo) -> str:
        dialog = ConflictDialog(info, self)
        dialog.exec()
        return dialog.choice

    def _ask_discard(self) -> bool:
        answer = QMessageBox.question(
            self,
            "Unsaved edits",
            f"{self.path.name if self.path else 'The article'} has edits that are not saved.",
            QMessageBox.StandardButton.Save | QMessageBox.StandardButton.Discard | QMessageBox.StandardButton.Cancel,
            QMessageBox.StandardButton.Save,
        )
        if answer == QMessageBox.StandardButton.Save:
            return self.save()
        return answer == QMessageBox.StandardButton.Discard

    def show_diff(self) -> None:
        if self.path is None:
            return
        theirs = read_text(self.path) if self.path.exists() else ""
        dialog = QDialog(self)
        dialog.setWindowTitle(f"Differences — {self.path.name}")
        layout = QVBoxLayout(dialog)
        view = QPlainTextEdit(dialog)
        view.setReadOnly(True)
        view.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        view.setPlainText(unified_diff(theirs, self.text(), self.path.name))
        view.setMinimumSize(640, 360)
        layout.addWidget(view)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, dialog)
        buttons.rejected.connect(dialog.reject)
        layout.addWidget(buttons)
        dialog.open()

    # ------------------------------------------------------------ watching the file
    def _start_watching(self) -> None:
        if self.path is None:
            return
        for watched in self._watcher.files() + self._watcher.directories():
            self._watcher.removePath(watched)
        wanted = [str(self.path.parent)] + ([str(self.path)] if self.path.exists() else [])
        self._watcher.addPaths(wanted)

    def _stop_watching(self) -> None:
        paths = self._watcher.files() + self._watcher.directories()
        if paths:
            self._watcher.removePaths(paths)
        self._disk_timer.stop()

    def check_disk(self) -> None:
        """Compare the file on disk with what was loaded; reload or offer to (called by the watcher)."""
        if self.path is None:
            return
        if self.path.exists() and str(self.path) not in self._watcher.files():
            self._watcher.addPath(str(self.path))  # replaced by an atomic save elsewhere: watch the new file
        current = disk_state(self.path)
        same = (current is None and self.loaded_state is None) or (
            current is not None and self.loaded_state is not None and current.sha256 == self.loaded_state.sha256
        )
        if same:
            return
        if current is None:
            self._show_banner(f"{self.path.name} was deleted or moved away. Saving will write it again.", reload=False)
            return
        if not self.has_local_edits():
            self.reload()
            self.message.emit(f"{self.path.name} changed on disk and was reloaded")
            return
        self._show_banner(
            f"{self.path.name} was changed by another program while you were editing it. "
            "Your edits are kept; nothing is overwritten without asking.",
            reload=True,
        )

    def _show_banner(self, text: str, *, reload: bool) -> None:
        self.banner_label.setText(text)
        self.banner_reload.setVisible(reload)
        self.banner_diff.setVisible(reload)
        self.banner.show()

    # ------------------------------------------------------------ text and form
    def _replace_text(self, text: str, *, undoable: bool) -> None:
        if not undoable:
            self.text_edit.setPlainText(text)
            return
        cursor = QTextCursor(self.text_edit.document())
        cursor.beginEditBlock()
        cursor.select(QTextCursor.SelectionType.Document)
        cursor.insertText(text)
        cursor.endEditBlock()

    def apply_form_values(self, values: dict[str, Any]) -> None:
        """Form -> text: rewrite only the changed front-matter keys (undoable in the text)."""
        if self.path is None:
            return
        new = set_front_matter_fields(self.text(), values)
        if new != self.text():
            self._replace_text(new, undoable=True)

    def _edit_tab_changed(self, index: int) -> None:
        if index == 1:
            self._load_form()

    def _load_form(self) -> None:
        """Text -> form."""
        if self.path is None:
            self.form.set_values(None)
            return
        parsed = parse_text(self.path, self.text(), self.root)
        if parsed.article is None:
            issue = parsed.issues[0] if parsed.issues else None
            where = f" (line {issue.line})" if issue and issue.line else ""
            self.form.set_values(
                None,
                f"The front matter cannot be read{where}: "
                f"{issue.message if issue else 'unknown problem'}. Fix it in the Markdown tab.",
            )
            return
        self.form.set_values(form_values(parsed.article))

    def _text_changed(self) -> None:
        self._update_enabled()
        self._preview_timer.start()

    # ------------------------------------------------------------ preview
    def update_preview(self) -> None:
        self._preview_timer.stop()
        if self.path is None:
            return
        self.runner.run(
            _render_preview,
            self.path,
            self.text(),
            self.root,
            tag="writer-preview",
            on_success=self._show_preview,
            on_error=self._preview_failed,
        )

    def _preview_failed(self, exc: BaseException) -> None:
        show_error(
            self,
            exc,
            "The preview could not be shown",
            show=lambda text: self.preview.show_message(f"<p class='summary'>{html.escape(text)}</p>"),
        )

    def _show_preview(self, result: tuple[RenderedArticle | None, ParsedText]) -> None:
        rendered, parsed = result
        if rendered is None:
            issue = parsed.issues[0] if parsed.issues else None
            line = f"line {issue.line}: " if issue and issue.line else ""
            self.preview.show_message(
                "<h1 class='title'>Not shown to readers</h1><p class='summary'>The app cannot read this text as an "
                f"article: {html.escape(line)}{html.escape(issue.message if issue else '')}</p>"
            )
        else:
            self.preview.show_article(rendered, self.root)
        self.preview_updated.emit()

    # ------------------------------------------------------------ findings
    def set_findings(self, findings: list[LintFinding]) -> None:
        self.findings = list(findings)
        self.findings_list.clear()
        colors = self._severity_colors()
        for f in sorted(self.findings, key=lambda f: (f.severity != "error", f.line, f.code)):
            where = f"line {f.line}" if f.line else "whole file"
            item = QListWidgetItem(f"{'✖' if f.severity == 'error' else '⚠'} {where} · {f.code}: {f.message}")
            item.setData(Qt.ItemDataRole.UserRole, f.line)
            item.setForeground(colors[f.severity])
            item.setToolTip(f"{f.severity}: {f.message}\nClick to go to the line.")
            self.findings_list.addItem(item)
        errors = sum(1 for f in self.findings if f.severity == "error")
        warnings = len(self.findings) - errors
        if self.path is None:
            self.findings_label.setText("Checks")
        elif not self.findings:
            self.findings_label.setText("Checks: no problems found in the saved file")
        else:
            self.findings_label.setText(
                f"Checks of the saved file: {errors} error{'s' if errors != 1 else ''}, "
                f"{warnings} warning{'s' if warnings != 1 else ''} — click one to go there"
            )
        self._underline_findings()

    def _severity_colors(self) -> dict[str, QColor]:
        dark = is_dark(self.palette())
        return {
            "error": QColor(0xFF, 0x8A, 0x80) if dark else QColor(0xB0, 0x1C, 0x12),
            "warning": QColor(0xF0, 0xC0, 0x60) if dark else QColor(0x8A, 0x5A, 0x00),
        }

    def _underline_findings(self) -> None:
        selections = []
        colors = self._severity_colors()
        doc = self.text_edit.document()
        for line, severity in findings_lines(self.findings).items():
            block = doc.findBlockByNumber(line - 1)
            if not block.isValid():
                continue
            selection = QTextEdit.ExtraSelection()
            fmt = QTextCharFormat()
            tint = QColor(colors[severity])
            tint.setAlpha(40)
            fmt.setBackground(tint)
            fmt.setProperty(QTextFormat.Property.FullWidthSelection, True)
            selection.format = fmt
            cursor = QTextCursor(block)
            selection.cursor = cursor
            selections.append(selection)
            underline = QTextEdit.ExtraSelection()
            ufmt = QTextCharFormat()
            ufmt.setUnderlineStyle(QTextCharFormat.UnderlineStyle.WaveUnderline)
            ufmt.setUnderlineColor(colors[severity])
            underline.format = ufmt
            ucursor = QTextCursor(block)
            ucursor.movePosition(QTextCursor.MoveOperation.EndOfBlock, QTextCursor.MoveMode.KeepAnchor)
            underline.cursor = ucursor
            selections.append(underline)
        self.text_edit.setExtraSelections(selections)

    def _finding_activated(self, item: QListWidgetItem) -> None:
        line = int(item.data(Qt.ItemDataRole.UserRole) or 0)
        if line > 0:
            self.go_to_line(line)

    def go_to_line(self, line: int) -> None:
        self.edit_tabs.setCurrentIndex(0)
        block = self.text_edit.document().findBlockByNumber(max(0, line - 1))
        if block.isValid():
            self.text_edit.setTextCursor(QTextCursor(block))
            self.text_edit.centerCursor()
        self.text_edit.setFocus(Qt.FocusReason.OtherFocusReason)

    # ------------------------------------------------------------ test this article
    def run_test(self, query: str | None = None) -> None:
        if query is not None:
            self.test_query.setText(query)
        query = self.test_query.text().strip()
        engine = self._engine_getter()
        if self.path is None or not query:
            return
        if engine is None:
            self.test_result.setHtml("<p>The search index is not ready yet; try again in a moment.</p>")
            return
        parsed = parse_text(self.path, self.text(), self.root)
        if parsed.article is None:
            self.test_result.setHtml("<p>Fix the front matter first: the app cannot read this text as an article.</p>")
            return
        mode = "hybrid" if self._model_ready() else "keyword"
        self.side_tabs.setCurrentWidget(self.test_panel)
        self.test_result.setHtml("<p>Searching…</p>")
        self.runner.run(
            rank_article_for_query,
            engine,
            parsed.article,
            query,
            tag="writer-test",
            mode=mode,
            on_success=self._show_test,
            on_error=self._test_failed,
        )

    def _test_failed(self, exc: BaseException) -> None:
        show_error(
            self, exc, "Could not search", show=lambda text: self.test_result.setHtml(f"<p>{html.escape(text)}</p>")
        )

    def _show_test(self, result: ArticleTestResult) -> None:
        self.last_test = result
        colors = content_colors(self.palette())
        e = html.escape
        parts = []
        mode = {
            "keyword": "exact words (the language model is not loaded)",
            "hybrid": "words and meaning",
            "semantic": "meaning",
        }.get(result.mode, result.mode)
        if result.rank:
            parts.append(f"<h2>Rank {result.rank} of {result.results}</h2>")
        else:
            parts.append(
                f"<h2>Not in the results</h2><p>This article is not among the {result.results} "
                "articles found for this query.</p>"
            )
        parts.append(
            f"<p style='color:{colors['muted']}'>Searched by {e(mode)}, over articles of every status and system.</p>"
        )
        rows = []
        if result.keyword_rank is not None:
            rows.append(
                f"<tr><td>Keyword rank</td><td><b>{result.keyword_rank}</b> "
                f"(BM25 score {result.keyword_score or 0:.2f})</td></tr>"
            )
        elif result.rank is None or result.mode != "semantic":
            rows.append("<tr><td>Keyword rank</td><td>no keyword match</td></tr>")
        if result.similarity is not None:
            rows.append(
                f"<tr><td>Meaning</td><td>cosine similarity <b>{result.similarity:.2f}</b>"
                f"{f' (semantic rank {result.semantic_rank})' if result.semantic_rank else ''}</td></tr>"
            )
        else:
            rows.append("<tr><td>Meaning</td><td>not measured: the language model is not loaded</td></tr>")
        parts.append("<table cellpadding='3'>" + "".join(rows) + "</table>")
        if result.matched:
            items = "".join(f"<li><b>{e(m.label)}</b> — in {e(', '.join(m.fields))}</li>" for m in result.matched)
            parts.append(f"<h3>Query words found in this article</h3><ul>{items}</ul>")
        if result.missing:
            parts.append(
                "<h3>Query words missing</h3><p>"
                + ", ".join(f"<b>{e(t)}</b>" for t in result.missing)
                + " — add them (or the words readers use) to the title, summary or symptoms.</p>"
            )
        if result.top:
            items = "".join(
                f"<li>{'<b>' if h.id == result.article_id else ''}{e(h.title)} "
                f"<span style='color:{colors['muted']}'>({e(h.id)})</span>{'</b>' if h.id == result.article_id else ''}</li>"
                for h in result.top
            )
            parts.append(f"<h3>Top results</h3><ol>{items}</ol>")
        if result.index_outdated:
            parts.append(
                f"<p style='color:{colors['muted']}'>Ranks are for the last saved version; "
                "save to rank your latest edits.</p>"
            )
        self.test_result.setHtml("".join(parts))
        self.test_finished.emit(result)

    # ------------------------------------------------------------ theme
    def _refresh_colors(self) -> None:
        self.preview.set_style_sheet_css(article_css(point_size=self.font().pointSizeF() * 1.05))
        self.highlighter.refresh_colors(self.palette())
        palette = self.banner.palette()
        dark = is_dark(self.palette())
        palette.setColor(self.banner.backgroundRole(), QColor(0x5A, 0x45, 0x10) if dark else QColor(0xFF, 0xF1, 0xC2))
        palette.setColor(self.banner.foregroundRole(), QColor(0xF5, 0xF0, 0xE0) if dark else QColor(0x3A, 0x2A, 0x00))
        self.banner.setPalette(palette)
        self.banner_label.setPalette(palette)
        self.set_findings(self.findings)

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt's name
        if event.type() in (QEvent.Type.PaletteChange, QEvent.Type.ApplicationPaletteChange):
            self._refresh_colors()
        super().changeEvent(event)

    def shutdown(self) -> None:
        self._stop_watching()
        self._preview_timer.stop()


def _render_preview(path: Path, text: str, root: Path | None) -> tuple[RenderedArticle | None, ParsedText]:  # worker
    parsed = parse_text(path, text, root)
    if parsed.article is None:
        return None, parsed
    return render_article(parsed.article), parsed
