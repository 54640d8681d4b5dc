"""The writer's editor for one article file: the text and its saving, with the preview beside it.

Its parts live next door: the front-matter form (:mod:`.writer_form`), lint's findings
(:mod:`.writer_findings`), "Test this article" (:mod:`.writer_testing`), and what happens when
the file changes on disk (:mod:`.writer_conflict`).

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

import html
import logging
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QEvent, QFileSystemWatcher, Qt, QTimer, Signal
from PySide6.QtGui import QColor, QFontDatabase, QTextCharFormat, QTextCursor, QTextFormat
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QSplitter,
    QTabWidget,
    QTextEdit,
    QVBoxLayout,
    QWidget,
)

from ..core.articles import Article
from ..core.authoring import (
    DiskState,
    FormValues,
    ParsedText,
    SymptomError,
    add_symptom,
    copy_path,
    disk_state,
    findings_lines,
    form_values,
    parse_text,
    read_text,
    set_front_matter_fields,
    unified_diff,
    with_symptom,
)
from ..core.fsutil import atomic_write_text
from ..core.lint import LintFinding
from ..core.rendering import ArticleWords, RenderedArticle, render_article
from ..core.search.multi import MultiSourceEngine
from .accessibility import set_tab_order
from .article_view import ArticleBrowser, ArticleLinks, article_words
from .errors import show_error
from .i18n import TranslationContext
from .markdown_highlighter import MarkdownHighlighter
from .tasks import TaskRunner
from .theme import article_css, is_dark
from .writer_conflict import ChangedOnDiskBanner, ConflictDialog, ConflictInfo, DiffDialog
from .writer_findings import FindingsPanel, severity_colors
from .writer_form import FrontMatterForm
from .writer_phrasings import PhrasingsPanel, ReviewLoader
from .writer_testing import ArticleTestPanel

writer_editor = TranslationContext("writer_editor")

log = logging.getLogger(__name__)

PREVIEW_DEBOUNCE_MS = 300
#: the Save button's shortcut (writer mode lists it in Help > Keyboard shortcuts)
SAVE_KEYS = "Ctrl+S"
#: quiet time after a file-system event before the file is read (editors write in several steps)
DISK_CHECK_DELAY_MS = 150


class MarkdownEdit(QPlainTextEdit):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        font = QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont)
        self.setFont(font)
        self.setTabStopDistance(self.fontMetrics().horizontalAdvance(" ") * 4)
        self.setLineWrapMode(QPlainTextEdit.LineWrapMode.WidgetWidth)
        # Tab moves on to the next control, as everywhere else (a Tab that types a tab character traps
        # anyone without a mouse); markdown indents with spaces
        self.setTabChangesFocus(True)
        self.setAccessibleName(writer_editor.tr("Article text (markdown)"))
        self.setPlaceholderText(writer_editor.tr("Choose an article on the left, or make a new one."))


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
    #: short messages for the status bar
    message = Signal(str)

    def __init__(
        self,
        runner: TaskRunner,
        parent: QWidget | None = None,
        *,
        engine_getter: Callable[[], MultiSourceEngine | None] = lambda: None,
        model_ready: Callable[[], bool] = lambda: False,
        review_loader: ReviewLoader | None = None,
    ) -> None:
        super().__init__(parent)
        self.runner = runner
        self._review_loader = review_loader
        self._engine_getter = engine_getter
        self._model_ready = model_ready
        self.path: Path | None = None
        self.root: Path | None = None
        self.loaded_text = ""
        self.loaded_state: DiskState | None = None
        self.findings: list[LintFinding] = []
        self._dirty = False
        #: decides a save conflict; returns one of CONFLICT_CHOICES (tests replace it)
        self.resolve_conflict: Callable[[ConflictInfo], str] = self._ask_conflict
        #: asked before unsaved edits are dropped (opening another file); True to go on
        self.confirm_discard: Callable[[], bool] = self._ask_discard

        self._disk_timer = QTimer(self)
        self._disk_timer.setSingleShot(True)
        self._disk_timer.setInterval(DISK_CHECK_DELAY_MS)
        self._disk_timer.timeout.connect(self.check_disk)
        self._watcher = QFileSystemWatcher(self)
        self._watcher.fileChanged.connect(lambda _p: self._disk_timer.start())
        self._watcher.directoryChanged.connect(lambda _p: self._disk_timer.start())
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
        self.file_label = QLabel(writer_editor.tr("No article open"), self)
        self.file_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        header.addWidget(self.file_label, 1)
        # no mnemonic: Ctrl+S is its shortcut (an "&S" would promise Alt+S, which the menu bar's History has)
        self.save_button = QPushButton(writer_editor.tr("Save"), self)
        self.save_button.setToolTip(writer_editor.tr("Save the article ({keys})").format(keys=SAVE_KEYS))
        self.save_button.setShortcut(SAVE_KEYS)
        self.save_button.clicked.connect(self.save)
        self.revert_button = QPushButton(writer_editor.tr("&Revert"), self)
        self.revert_button.setToolTip(writer_editor.tr("Drop your edits and load the file again"))
        self.revert_button.clicked.connect(self._revert_clicked)
        header.addWidget(self.revert_button)
        header.addWidget(self.save_button)
        set_tab_order(self.revert_button, self.save_button)  # as shown
        layout.addLayout(header)

        self.banner = ChangedOnDiskBanner(self)
        self.banner.reload_requested.connect(self.reload)
        self.banner.diff_requested.connect(self.show_diff)
        layout.addWidget(self.banner)

        # each tab widget is made before its pages: Tab follows the order widgets are made in, and the
        # tab bar is above its page
        self.edit_tabs = QTabWidget(self)
        self.text_edit = MarkdownEdit(self)
        self.highlighter = MarkdownHighlighter(self.text_edit.document())
        self.text_edit.textChanged.connect(self._text_changed)
        self.form = FrontMatterForm(self)
        self.form.edited.connect(self.apply_form_values)
        form_scroll = QScrollArea(self)
        form_scroll.setWidgetResizable(True)
        form_scroll.setFrameShape(QFrame.Shape.NoFrame)
        form_scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # Tab goes from field to field; the area follows
        form_scroll.setWidget(self.form)
        # the tabs have no mnemonics: the page has more labels than letters; Ctrl+Tab switches tabs
        self.edit_tabs.addTab(self.text_edit, writer_editor.tr("Markdown"))
        self.edit_tabs.addTab(form_scroll, writer_editor.tr("Details"))
        self.edit_tabs.currentChanged.connect(self._edit_tab_changed)

        self.findings_panel = FindingsPanel(self)
        self.findings_panel.line_chosen.connect(self.go_to_line)

        editor_column = QSplitter(Qt.Orientation.Vertical, self)
        editor_column.addWidget(self.edit_tabs)
        editor_column.addWidget(self.findings_panel)
        editor_column.setStretchFactor(0, 4)
        editor_column.setStretchFactor(1, 1)
        editor_column.setChildrenCollapsible(False)
        self.editor_column = editor_column

        self.side_tabs = QTabWidget(self)
        self.preview = ArticleBrowser(self)
        self.preview.setAccessibleName(writer_editor.tr("Preview"))
        self.preview.setAccessibleDescription(writer_editor.tr("The article as readers will see it"))
        self.preview.link_blocked.connect(self.message.emit)
        self.test_panel = ArticleTestPanel(
            self.runner,
            engine_getter=self._engine_getter,
            model_ready=self._model_ready,
            article_getter=self._parsed_article,
            parent=self,
        )
        preview_page = QWidget(self)
        preview_layout = QVBoxLayout(preview_page)
        preview_layout.setContentsMargins(0, 0, 0, 0)
        preview_layout.setSpacing(0)
        preview_layout.addWidget(self.preview, 1)
        preview_layout.addWidget(ArticleLinks(self.preview, preview_page))
        self.side_tabs.addTab(preview_page, writer_editor.tr("Preview"))
        self.side_tabs.addTab(self.test_panel, writer_editor.tr("Test this article"))
        self.phrasings_panel = PhrasingsPanel(self.runner, self._review_loader, parent=self)
        self.phrasings_panel.promote_requested.connect(self.add_symptom)
        self.side_tabs.addTab(self.phrasings_panel, writer_editor.tr("Users' words"))
        self.side_tabs.setTabToolTip(2, writer_editor.tr("What readers typed before this article solved their problem"))
        self.test_panel.started.connect(lambda: self.side_tabs.setCurrentWidget(self.test_panel))

        self.splitter = QSplitter(Qt.Orientation.Horizontal, self)
        self.splitter.addWidget(editor_column)
        self.splitter.addWidget(self.side_tabs)
        self.splitter.setChildrenCollapsible(False)
        self.splitter.setStretchFactor(0, 1)
        self.splitter.setStretchFactor(1, 1)
        layout.addWidget(self.splitter, 1)
        self._refresh_colors()
        self._update_enabled()

    # ------------------------------------------------------------ state
    def text(self) -> str:
        return self.text_edit.toPlainText()

    def has_local_edits(self) -> bool:
        return self.path is not None and self.text() != self.loaded_text

    def _update_enabled(self) -> None:
        has_file = self.path is not None
        for widget in (self.text_edit, self.edit_tabs):
            widget.setEnabled(has_file)
        self.test_panel.set_enabled_for_file(has_file)
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
            edited = " — " + writer_editor.tr("edited, not saved") if dirty else ""
            self.file_label.setText(f"<b>{html.escape(shown)}</b>{html.escape(edited)}")
        else:
            self.file_label.setText(writer_editor.tr("No article open"))
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
            self.message.emit(
                writer_editor.tr("Could not open {file}: {reason}").format(file=path.name, reason=exc.strerror or exc)
            )
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
        self.test_panel.clear()
        self._update_enabled()
        self.update_preview()
        self.load_phrasings()
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
            self.message.emit(writer_editor.tr("{file} no longer exists on disk").format(file=self.path.name))
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
            writer_editor.tr("Revert"),
            writer_editor.tr("Drop your edits and load the saved file again?"),
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
                self.message.emit(writer_editor.tr("Not saved: the file on disk was left as it is"))
                return False
        return self._write(self.path, mine)

    def _write(self, path: Path, text: str) -> bool:
        try:
            atomic_write_text(path, text)
        except OSError as exc:
            show_error(
                self,
                exc,
                writer_editor.tr("Could not save {file}").format(file=path.name),
                hint=writer_editor.tr("Your edits are still here; try again or save elsewhere."),
            )
            return False
        self._set_loaded(text, disk_state(path))
        self.text_edit.document().setModified(False)
        self.banner.hide()
        self._start_watching()  # an atomic replace is a new file: watch it again
        self._update_enabled()
        self.message.emit(writer_editor.tr("Saved {file}").format(file=path.name))
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
            show_error(
                self,
                exc,
                writer_editor.tr("Could not write {file}").format(file=target.name),
                hint=writer_editor.tr("Your edits are still here."),
            )
            return False
        self.open_file(target, self.root, force=True)
        self.message.emit(
            writer_editor.tr("Your version was saved as {file}; the original was left as it is").format(
                file=target.name
            )
        )
        self.saved.emit(target)
        return True

    def _ask_conflict(self, info: ConflictInfo) -> str:
        dialog = ConflictDialog(info, self)
        dialog.exec()
        return dialog.choice

    def _ask_discard(self) -> bool:
        answer = QMessageBox.question(
            self,
            writer_editor.tr("Unsaved edits"),
            writer_editor.tr("{file} has edits that are not saved.").format(file=self.path.name)
            if self.path
            else writer_editor.tr("The article has edits that are not saved."),
            QMessageBox.StandardButton.Save | QMessageBox.StandardButton.Discard | QMessageBox.StandardButton.Cancel,
            QMessageBox.StandardButton.Save,
        )
        if answer == QMessageBox.StandardButton.Save:
            return self.save()
        return answer == QMessageBox.StandardButton.Discard

    def show_diff(self) -> None:
        """The differences between the file on disk and the editor's text, in a window of their own."""
        if self.path is not None:
            theirs = read_text(self.path) if self.path.exists() else ""
            DiffDialog(unified_diff(theirs, self.text(), self.path.name), self.path.name, self).open()

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
            self.banner.show_text(
                writer_editor.tr("{file} was deleted or moved away. Saving will write it again.").format(
                    file=self.path.name
                ),
                reload=False,
            )
            return
        if not self.has_local_edits():
            self.reload()
            self.message.emit(writer_editor.tr("{file} changed on disk and was reloaded").format(file=self.path.name))
            return
        self.banner.show_text(
            writer_editor.tr(
                "{file} was changed by another program while you were editing it. "
                "Your edits are kept; nothing is overwritten without asking."
            ).format(file=self.path.name),
            reload=True,
        )

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

    def apply_form_values(self, values: FormValues) -> None:
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
            problem = issue.message if issue else writer_editor.tr("unknown problem")
            if issue and issue.line:
                text = writer_editor.tr(
                    "The front matter cannot be read (line {line}): {problem}. Fix it in the Markdown tab."
                ).format(line=issue.line, problem=problem)
            else:
                text = writer_editor.tr(
                    "The front matter cannot be read: {problem}. Fix it in the Markdown tab."
                ).format(problem=problem)
            self.form.set_values(None, text)
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
            article_words(),
            tag="writer-preview",
            on_success=self._show_preview,
            on_error=self._preview_failed,
        )

    def _preview_failed(self, exc: BaseException) -> None:
        show_error(
            self,
            exc,
            writer_editor.tr("The preview could not be shown"),
            show=lambda text: self.preview.show_message(f"<p class='summary'>{html.escape(text)}</p>"),
        )

    def _show_preview(self, result: tuple[RenderedArticle | None, ParsedText]) -> None:
        rendered, parsed = result
        if rendered is None:
            issue = parsed.issues[0] if parsed.issues else None
            problem = issue.message if issue else ""
            if issue and issue.line:
                problem = writer_editor.tr("line {line}: {problem}").format(line=issue.line, problem=problem)
            title = writer_editor.tr("Not shown to readers")
            why = writer_editor.tr("The app cannot read this text as an article: {problem}").format(problem=problem)
            self.preview.show_message(
                f"<h1 class='title'>{html.escape(title)}</h1><p class='summary'>{html.escape(why)}</p>"
            )
        else:
            self.preview.show_article(rendered, self.root)
        self.preview_updated.emit()

    # ------------------------------------------------------------ findings
    def set_findings(self, findings: list[LintFinding]) -> None:
        """Lint's findings for the open file: listed under the editor, their lines tinted and underlined."""
        self.findings = list(findings)
        self.findings_panel.show_findings(self.findings, has_file=self.path is not None)
        self._underline_findings()

    def _underline_findings(self) -> None:
        selections = []
        colors = severity_colors(is_dark(self.palette()))
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

    def go_to_line(self, line: int) -> None:
        self.edit_tabs.setCurrentIndex(0)
        block = self.text_edit.document().findBlockByNumber(max(0, line - 1))
        if block.isValid():
            self.text_edit.setTextCursor(QTextCursor(block))
            self.text_edit.centerCursor()
        self.text_edit.setFocus(Qt.FocusReason.OtherFocusReason)

    # ------------------------------------------------------------ users' words
    def load_phrasings(self) -> None:
        """Show the open article's phrasings (from the saved file's id and symptoms)."""
        article = self._parsed_article()
        self.phrasings_panel.load(article.id if article else None, article.symptoms if article else ())

    def add_symptom(self, symptom: str) -> bool:
        """Add ``symptom`` to the article's ``symptoms``.

        With no unsaved edits the file itself is changed, atomically, every other byte as it
        was (:func:`kbdesk.core.authoring.add_symptom`), and loaded again; with unsaved edits
        the editor's text gets it (undoable) and saving keeps it.
        """
        if self.path is None:
            return False
        try:
            if self.has_local_edits():
                new = with_symptom(self.text(), symptom)
                parsed = parse_text(self.path, new, self.root)
                if parsed.article is None or symptom not in parsed.article.symptoms:
                    raise SymptomError("the text's front matter cannot take the symptom; add it in the Details tab")
                self._replace_text(new, undoable=True)
                self.message.emit(
                    writer_editor.tr("Added “{symptom}” to the symptoms; save to keep it").format(symptom=symptom)
                )
                self.load_phrasings()
                return True
            result = add_symptom(self.path, symptom, root=self.root)
        except (SymptomError, OSError) as exc:
            show_error(self, exc, writer_editor.tr("Could not add the symptom"), show=self.message.emit)
            return False
        if not result.added:
            self.message.emit(writer_editor.tr("“{symptom}” is already one of the symptoms").format(symptom=symptom))
            return False
        self.reload()
        self._start_watching()  # the atomic write made a new file: watch it
        self.message.emit(
            writer_editor.tr("Added “{symptom}” to the symptoms of {file}").format(symptom=symptom, file=self.path.name)
        )
        self.load_phrasings()
        self.saved.emit(self.path)
        return True

    # ------------------------------------------------------------ test this article
    def run_test(self, query: str | None = None) -> None:
        """Where this article ranks for ``query`` (the Test tab's field when None); see writer_testing.py."""
        if self.path is not None:
            self.test_panel.run_test(query)

    def _parsed_article(self) -> Article | None:
        """The editor's text as an article (None without a file, or when it cannot be read as one)."""
        if self.path is None:
            return None
        return parse_text(self.path, self.text(), self.root).article

    # ------------------------------------------------------------ theme
    def _refresh_colors(self) -> None:
        self.preview.set_style_sheet_css(article_css(point_size=self.font().pointSizeF() * 1.05))
        self.highlighter.refresh_colors(self.palette())
        self.banner.refresh_colors(is_dark(self.palette()))
        self.set_findings(self.findings)

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt's name
        if event.type() in (QEvent.Type.PaletteChange, QEvent.Type.ApplicationPaletteChange):
            self._refresh_colors()
        super().changeEvent(event)

    def shutdown(self) -> None:
        self._stop_watching()
        self._preview_timer.stop()


def _render_preview(
    path: Path, text: str, root: Path | None, words: ArticleWords
) -> tuple[RenderedArticle | None, ParsedText]:  # worker
    parsed = parse_text(path, text, root)
    if parsed.article is None:
        return None, parsed
    return render_article(parsed.article, words), parsed
