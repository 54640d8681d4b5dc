"""Writer mode: the articles folder as a writer sees it, and an editor for one article.

Left: every article file (drafts, retired and unreadable files included) with
its status, owner, review date and health badges from lint, filterable and
sortable. Right: :class:`~kbdesk.gui.writer_editor.ArticleEditor`.

Lint runs on a worker (tag ``"writer-lint"``, latest wins) without the
near-duplicate check, which needs the language model; "Check near-duplicates"
runs it on demand with the app's shared embedder. The list is refreshed after
every save and after every index sync (the folder watcher's doing).

:func:`install` adds Tools > Writer mode (Ctrl+Shift+W) to the window host; the
page is built the first time it is shown, and asks before the window closes over
unsaved edits (a close guard).
"""

from __future__ import annotations

import datetime as dt
import html
import logging
from pathlib import Path
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QRect,
    QSize,
    QSortFilterProxyModel,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QColor, QPainter
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QLineEdit,
    QPushButton,
    QSplitter,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from ..core.articles import summarize_issues
from ..core.authoring import ArticleRow, FolderOverview, folder_overview, new_article_text, unique_id
from ..core.fsutil import atomic_write_text
from .accessibility import LinkButton, describe_label
from .errors import show_error
from .host import ActionSpec, KeyHelp, WindowHost
from .i18n import QT_TRANSLATE_NOOP, TranslationContext
from .theme import is_dark
from .writer_editor import SAVE_KEYS, ArticleEditor

log = logging.getLogger(__name__)
writer = TranslationContext("writer")

PAGE_NAME = "writer"
#: health second, so it stays in view when the list is narrow (English, translated in the header)
COLUMNS = (
    QT_TRANSLATE_NOOP("writer", "Title"),
    QT_TRANSLATE_NOOP("writer", "Health"),
    QT_TRANSLATE_NOOP("writer", "Status"),
    QT_TRANSLATE_NOOP("writer", "Review by"),
    QT_TRANSLATE_NOOP("writer", "Owner"),
    QT_TRANSLATE_NOOP("writer", "Id"),
)
HEALTH_COLUMN = 1
REVIEW_COLUMN = 3
#: quiet time after an index sync before the list is checked again
REFRESH_DEBOUNCE_MS = 500
#: files named in the problems line before "and N more"
PROBLEMS_NAMED = 3
SORT_ROLE = Qt.ItemDataRole.UserRole + 1
ROW_ROLE = Qt.ItemDataRole.UserRole + 2


class ArticleTableModel(QAbstractTableModel):
    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.rows: list[ArticleRow] = []
        self.today = dt.date.today()

    def set_rows(self, rows: tuple[ArticleRow, ...] | list[ArticleRow]) -> None:
        self.beginResetModel()
        self.rows = list(rows)
        self.today = dt.date.today()
        self.endResetModel()

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:  # noqa: N802
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return writer.tr(COLUMNS[section])
        return None

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row = self.rows[index.row()]
        column = index.column()
        if role == ROW_ROLE:
            return row
        if role == Qt.ItemDataRole.DisplayRole:
            return (
                row.title,
                _health_text(row),
                row.status,
                row.review_by.isoformat() if row.review_by else "—",
                row.owner or "—",
                row.id,
            )[column]
        if role == SORT_ROLE:
            if column == HEALTH_COLUMN:
                return row.errors * 10_000 + row.warnings * 10 + int(row.stale)
            if column == REVIEW_COLUMN:
                return row.review_by.isoformat() if row.review_by else "9999"
            return str(self.data(index, Qt.ItemDataRole.DisplayRole)).casefold()
        if role == Qt.ItemDataRole.ToolTipRole:
            if column == HEALTH_COLUMN:
                return _health_text(row) + "\n" + writer.tr("Open the article to see each problem.")
            return row.rel_path
        if role == Qt.ItemDataRole.ForegroundRole and column == REVIEW_COLUMN and row.stale:
            return QColor(0xE0, 0x70, 0x60) if is_dark() else QColor(0xB0, 0x1C, 0x12)
        return None


def _health_text(row: ArticleRow) -> str:
    parts = []
    if not row.readable:
        parts.append(writer.tr("cannot be read"))
    if row.errors:
        parts.append(writer.tr("%n errors", "", row.errors))
    if row.warnings:
        parts.append(writer.tr("%n warnings", "", row.warnings))
    if row.stale:
        parts.append(writer.tr("review overdue"))
    return ", ".join(parts) or writer.tr("OK")


class HealthDelegate(QStyledItemDelegate):
    """Small rounded badges: red errors, amber warnings, "stale", or a quiet "OK"."""

    def _badges(self, row: ArticleRow, dark: bool) -> list[tuple[str, QColor, QColor]]:
        red = (
            (QColor(0x8C, 0x2A, 0x22), QColor(0xFF, 0xE4, 0xE0))
            if dark
            else (QColor(0xC6, 0x28, 0x28), QColor(255, 255, 255))
        )
        amber = (
            (QColor(0x7A, 0x5A, 0x10), QColor(0xFF, 0xF3, 0xD0))
            if dark
            else (QColor(0xF2, 0xC1, 0x4E), QColor(0x3A, 0x2A, 0x00))
        )
        grey = (
            (QColor(0x4A, 0x4D, 0x53), QColor(0xE6, 0xE6, 0xE6))
            if dark
            else (QColor(0xE0, 0xE0, 0xE0), QColor(0x30, 0x30, 0x30))
        )
        green = (
            (QColor(0x24, 0x5C, 0x34), QColor(0xDF, 0xF5, 0xE4))
            if dark
            else (QColor(0xDD, 0xF1, 0xE2), QColor(0x1D, 0x5C, 0x2E))
        )
        badges = []
        if row.errors:
            badges.append((f"✖ {row.errors}", *red))
        if row.warnings:
            badges.append((f"⚠ {row.warnings}", *amber))
        if row.stale:
            badges.append((writer.tr("stale"), *grey))
        if not badges:
            badges.append((writer.tr("OK"), *green))
        return badges

    def paint(
        self, painter: QPainter, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> None:
        row: ArticleRow | None = index.data(ROW_ROLE)
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        opt.text = ""
        style = opt.widget.style() if opt.widget else None
        if style is not None:
            style.drawControl(QStyle.ControlElement.CE_ItemViewItem, opt, painter, opt.widget)
        if row is None:
            return
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        metrics = option.fontMetrics
        x = option.rect.x() + 4
        height = metrics.height() + 2
        y = option.rect.y() + (option.rect.height() - height) // 2
        for text, background, foreground in self._badges(row, is_dark(option.palette)):
            width = metrics.horizontalAdvance(text) + 12
            if x + width > option.rect.right():
                break
            rect = QRect(x, y, width, height)
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(background)
            painter.drawRoundedRect(rect, height / 2, height / 2)
            painter.setPen(foreground)
            painter.drawText(rect, Qt.AlignmentFlag.AlignCenter, text)
            x += width + 4
        painter.restore()

    def sizeHint(self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex) -> QSize:  # noqa: N802
        row: ArticleRow | None = index.data(ROW_ROLE)
        metrics = option.fontMetrics
        width = 8 + sum(metrics.horizontalAdvance(b[0]) + 16 for b in self._badges(row, False)) if row else 60
        return QSize(max(width, 70), metrics.height() + 8)


class ArticleFilterProxy(QSortFilterProxyModel):
    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.setFilterKeyColumn(-1)
        self.setSortRole(SORT_ROLE)


class WriterPage(QWidget):
    """The writer-mode page of a :class:`~kbdesk.gui.host.WindowHost`."""

    #: a folder overview arrived and is shown (tests wait on it)
    overview_shown = Signal(object)

    def __init__(self, host: WindowHost, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.host = host
        self.runner = host.runner
        self.kb = host.kb
        self.overview: FolderOverview | None = None
        self._checking = False
        self._refresh_timer = QTimer(self)
        self._refresh_timer.setSingleShot(True)
        self._refresh_timer.setInterval(REFRESH_DEBOUNCE_MS)
        self._refresh_timer.timeout.connect(self.refresh)
        self._build()
        self.kb.sync_finished.connect(lambda _report: self._refresh_timer.start())

    # ------------------------------------------------------------ building
    def _build(self) -> None:
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 4, 6, 4)
        layout.setSpacing(4)
        top = QHBoxLayout()
        title = QLabel(writer.tr("<b>Writer mode</b>"), self)
        top.addWidget(title)
        self.status_label = describe_label(QLabel(self), writer.tr("Check status"))
        top.addWidget(self.status_label, 1)
        # mnemonics: the page (with the Details form) has more labels than letters; the form's fields
        # get them first, then New and near-duplicates; Save has Ctrl+S, Back to search Ctrl+K
        self.new_button = QPushButton(writer.tr("&New article…"), self)
        self.new_button.clicked.connect(self.new_article_dialog)
        self.near_dup_button = QPushButton(writer.tr("&Check near-duplicates"), self)
        self.near_dup_button.setToolTip(
            writer.tr("Also compare articles by meaning; loads the language model (a few seconds)")
        )
        self.near_dup_button.clicked.connect(lambda: self.refresh(semantic=True))
        self.refresh_button = QPushButton(writer.tr("Re-check"), self)
        self.refresh_button.setToolTip(writer.tr("Run the checks on every article again"))
        self.refresh_button.clicked.connect(lambda: self.refresh())
        self.back_button = QPushButton(writer.tr("Back to search"), self)
        self.back_button.setToolTip(writer.tr("Back to the search page (Ctrl+K)"))
        self.back_button.clicked.connect(self.host.show_search_page)
        for button in (self.new_button, self.near_dup_button, self.refresh_button, self.back_button):
            top.addWidget(button)
        layout.addLayout(top)

        # what the index could not use as written, named for the writer who can fix it: one link per file
        self.problems_panel = QWidget(self)
        self.problems_panel.setObjectName("ArticleProblems")
        self.problems_layout = QVBoxLayout(self.problems_panel)
        self.problems_layout.setContentsMargins(0, 0, 0, 0)
        self.problems_layout.setSpacing(0)
        self.problem_links: list[LinkButton] = []
        self._problem_lines: list[str] = []
        self.problems_panel.hide()
        layout.addWidget(self.problems_panel)

        list_panel = QWidget(self)
        ll = QVBoxLayout(list_panel)
        ll.setContentsMargins(0, 0, 0, 0)
        self.filter_edit = QLineEdit(list_panel)
        self.filter_edit.setPlaceholderText(writer.tr("Filter by title, id, status, owner…"))
        self.filter_edit.setClearButtonEnabled(True)
        self.filter_edit.setAccessibleName(writer.tr("Filter articles"))
        ll.addWidget(self.filter_edit)
        self.model = ArticleTableModel(self)
        self.proxy = ArticleFilterProxy(self)
        self.proxy.setSourceModel(self.model)
        self.filter_edit.textChanged.connect(self.proxy.setFilterFixedString)
        self.table = QTableView(list_panel)
        self.table.setModel(self.proxy)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(0, Qt.SortOrder.AscendingOrder)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().hide()
        self.table.setWordWrap(False)
        self.table.setItemDelegateForColumn(HEALTH_COLUMN, HealthDelegate(self.table))
        self.table.setAccessibleName(writer.tr("Articles"))
        self.table.setTabKeyNavigation(False)  # Tab leaves the table; the arrows move within it
        header = self.table.horizontalHeader()
        for column in range(len(COLUMNS)):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        for column, width in enumerate((230, 92, 74, 86, 100, 150)):
            header.resizeSection(column, width)
        self.table.selectionModel().currentRowChanged.connect(self._current_changed)
        ll.addWidget(self.table, 1)

        self.editor = ArticleEditor(
            self.runner,
            self,
            engine_getter=lambda: self.kb.engine,
            model_ready=lambda: self.kb.state.model == "ready",
            review_loader=self.host.recorder.article_review,
        )
        self.editor.saved.connect(self._saved)
        self.editor.message.connect(lambda text: self.host.show_status(text, 6000))
        self.editor.opened.connect(lambda _path: self._show_findings())

        self.splitter = QSplitter(Qt.Orientation.Horizontal, self)
        self.splitter.addWidget(list_panel)
        self.splitter.addWidget(self.editor)
        self.splitter.setStretchFactor(0, 2)
        self.splitter.setStretchFactor(1, 5)
        self.splitter.setSizes([430, 850])
        self.splitter.setChildrenCollapsible(False)
        layout.addWidget(self.splitter, 1)
        # sizes come back in the next run
        self.host.remember_splitter("writer", self.splitter)
        self.host.remember_splitter("writer-editor", self.editor.splitter)
        self.host.remember_splitter("writer-editor-column", self.editor.editor_column)
        self.kb.issues_changed.connect(lambda _issues: self.show_problems())
        self.show_problems()

    # ------------------------------------------------------------ problems
    def show_problems(self) -> None:
        """Name the files the search index left out or took in with errors, each a link that opens it."""
        summary = summarize_issues(self.host.article_issues)
        while (item := self.problems_layout.takeAt(0)) is not None:
            widget = item.widget()
            if widget is not None:
                widget.deleteLater()
        self.problem_links = []
        self._problem_lines = []
        if not summary.needs_fixing:
            self.problems_panel.hide()
            return
        previous: QWidget = self.back_button
        for paths, what in (
            (summary.skipped, writer.tr("Left out of search (not an article as written)")),
            (summary.with_errors, writer.tr("In search with errors (the faulty fields are ignored)")),
        ):
            if not paths:
                continue
            more = ""
            if len(paths) > PROBLEMS_NAMED:
                more = " " + writer.tr("(and %n more)", "", len(paths) - PROBLEMS_NAMED)
            self.problems_layout.addWidget(
                QLabel(f"⚠ <b>{html.escape(what)}</b>{html.escape(more)}:", self.problems_panel)
            )
            self._problem_lines.append(f"{what}{more}:")
            for path in paths[:PROBLEMS_NAMED]:
                issue = summary.first[path]
                problem = issue.message[:140]
                if issue.line:
                    problem = writer.tr("line {line}: {problem}").format(line=issue.line, problem=problem)
                detail = QLabel(problem, self.problems_panel)
                detail.setTextFormat(Qt.TextFormat.PlainText)
                detail.setWordWrap(True)
                link = LinkButton(
                    path.name,
                    self.problems_panel,
                    description=writer.tr("Open {file} in the editor").format(file=path.name),
                )
                link.clicked.connect(lambda _checked=False, path=path: self.select_path(path))
                row = QHBoxLayout()
                row.setContentsMargins(12, 0, 0, 0)
                row.addWidget(link)
                row.addWidget(detail, 1)
                self.problems_layout.addLayout(row)
                # made after the page: put the links after the buttons above them in the Tab order
                QWidget.setTabOrder(previous, link)
                previous = link
                self.problem_links.append(link)
                self._problem_lines.append(f"{path.name} {detail.text()}")
        self.problems_panel.show()

    def problems_text(self) -> str:
        """The problems shown, as plain text (what a person reads above the list)."""
        return "\n".join(self._problem_lines)

    # ------------------------------------------------------------ folder
    def folder(self) -> Path:
        """The folder writer mode edits: the user's own articles folder (a git source's revisions are
        read-only; writers change those through their repository)."""
        return self.host.articles_folder().resolve()

    def activate(self) -> None:
        """Shown: check the folder (again)."""
        self.refresh()
        self.filter_edit.setFocus()

    def refresh(self, semantic: bool = False) -> None:
        folder = self.folder()
        self._checking = True
        if semantic:
            self.status_label.setText(writer.tr("Checking near-duplicates (loading the language model)…"))
        else:
            self.status_label.setText(writer.tr("Checking articles…"))
        embedder = self.kb.embedder if semantic else None
        self.runner.run(
            folder_overview,
            folder,
            tag="writer-lint",
            semantic=semantic,
            embedder=embedder,
            on_success=self._overview_ready,
            on_error=self._overview_failed,
        )

    def _overview_ready(self, overview: FolderOverview) -> None:
        self._checking = False
        current = self.editor.path
        self.overview = overview
        self.model.set_rows(overview.rows)
        if current is not None:
            self.select_path(current, open_it=False)
        errors = sum(r.errors for r in overview.rows)
        warnings = sum(r.warnings for r in overview.rows)
        stale = sum(1 for r in overview.rows if r.stale)
        summary = " · ".join(
            (
                writer.tr("%n articles", "", len(overview.rows)),
                writer.tr("%n errors", "", errors),
                writer.tr("%n warnings", "", warnings),
                writer.tr("%n due for review", "", stale),
            )
        )
        if overview.semantic:
            summary += " · " + writer.tr("near-duplicates checked")
        if overview.notes:
            summary += " · " + "; ".join(overview.notes)
        self.status_label.setText(summary)
        self._show_findings()
        self.overview_shown.emit(overview)

    def _overview_failed(self, exc: BaseException) -> None:
        self._checking = False
        show_error(self, exc, writer.tr("Could not check the articles"), show=self.status_label.setText)

    def _show_findings(self) -> None:
        if self.overview is None or self.editor.path is None:
            return
        try:
            rel = self.editor.path.relative_to(self.overview.folder).as_posix()
        except ValueError:
            self.editor.set_findings([])
            return
        self.editor.set_findings(self.overview.findings_for(rel))

    # ------------------------------------------------------------ choosing an article
    def row_for_path(self, path: Path) -> int | None:
        for i, row in enumerate(self.model.rows):
            if row.path == path:
                return i
        return None

    def select_path(self, path: Path, *, open_it: bool = True) -> bool:
        row = self.row_for_path(Path(path))
        if row is None:
            return open_it and self.editor.open_file(Path(path), self.folder())
        index = self.proxy.mapFromSource(self.model.index(row, 0))
        if not open_it:
            blocked = self.table.selectionModel().blockSignals(True)
            self.table.selectRow(index.row())
            self.table.selectionModel().setCurrentIndex(index, self.table.selectionModel().SelectionFlag.NoUpdate)
            self.table.selectionModel().blockSignals(blocked)
            self.table.viewport().update()
            return True
        self.table.setCurrentIndex(index)
        return self.editor.path == Path(path)

    def _current_changed(self, current: QModelIndex, previous: QModelIndex) -> None:
        if not current.isValid():
            return
        row: ArticleRow = current.data(ROW_ROLE)
        if row is None or row.path == self.editor.path:
            return
        if not self.editor.open_file(row.path, self.folder()):
            # the person kept their unsaved edits: point the selection back at the open file
            kept = self.editor.path
            if kept is not None:
                QTimer.singleShot(0, lambda: self.select_path(kept, open_it=False))

    # ------------------------------------------------------------ new and saved
    def new_article_dialog(self) -> None:
        title, ok = QInputDialog.getText(
            self, writer.tr("New article"), writer.tr("Title (what the reader's problem is):")
        )
        if ok and title.strip():
            self.create_article(title.strip())

    def create_article(self, title: str) -> Path | None:
        """Write a draft template for ``title`` (unique kebab-case id) and open it."""
        folder = self.folder()
        taken = [r.id for r in self.model.rows]
        taken.extend(self.kb.article_titles())  # ids in the index that the folder no longer shows
        article_id = unique_id(title, taken, folder)
        path = folder / f"{article_id}.md"
        try:
            atomic_write_text(path, new_article_text(article_id, title))
        except OSError as exc:
            show_error(
                self,
                exc,
                writer.tr("Could not create {file}").format(file=path.name),
                show=lambda text: self.host.show_status(text, 10000),
            )
            return None
        if not self.editor.open_file(path, folder):
            return None
        self.editor.edit_tabs.setCurrentIndex(1)
        self.editor.form.summary_edit.setFocus()
        self.host.show_status(
            writer.tr("Created draft {file}; drafts are not shown to readers").format(file=path.name), 8000
        )
        self._saved(path)
        return path

    def _saved(self, _path: Path) -> None:
        self.kb.request_sync()  # so searches (and "test this article") see the saved text
        self.refresh()

    # ------------------------------------------------------------ leaving
    def has_unsaved_edits(self) -> bool:
        return self.editor.has_local_edits()

    def shutdown(self) -> None:
        self._refresh_timer.stop()
        self.editor.shutdown()

    def may_close(self) -> bool:
        """Asked before the window closes: True unless the person keeps unsaved edits open."""
        return not self.has_unsaved_edits() or self.editor.confirm_discard()


WRITER_ACTION = ActionSpec(
    "writer",
    QT_TRANSLATE_NOOP("menus", "&Writer mode"),
    QT_TRANSLATE_NOOP("menus", "&Tools"),
    ("Ctrl+Shift+W",),
    QT_TRANSLATE_NOOP("menus", "Edit, check and test articles"),
)


def show_writer(host: WindowHost) -> WriterPage:
    """Build (once) and show the writer page."""
    page = host.page(PAGE_NAME)
    if not isinstance(page, WriterPage):  # None before the first use
        page = WriterPage(host)
        host.add_page(PAGE_NAME, page)
        host.add_close_guard(page.may_close)
    host.note_writer()  # this person writes: article problems may show in their status bar from now on
    host.show_page(PAGE_NAME)
    page.activate()
    return page


def install(host: WindowHost) -> None:
    """Tools > Writer mode (Ctrl+Shift+W); the page is built the first time it is shown."""
    host.add_action(WRITER_ACTION, lambda: show_writer(host))
    host.add_key_help(
        KeyHelp((SAVE_KEYS,), QT_TRANSLATE_NOOP("keys", "Save the article"), QT_TRANSLATE_NOOP("keys", "Writer mode")),
        KeyHelp(
            ("Return",),
            QT_TRANSLATE_NOOP("keys", "Rank the article for the test query"),
            QT_TRANSLATE_NOOP("keys", "Writer mode, Test this article"),
        ),
    )
