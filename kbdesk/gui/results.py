"""The results list: a model of SearchHits and a delegate that draws each as rich text.

Each item shows the title (with a platform badge), the summary, the snippet
with the matched words highlighted (from ``snippet_spans``) and the tags. The
delegate lays the HTML out at the view's current width, so items wrap and
grow instead of clipping at small windows and high scale factors.

An article written for another system than this one (shown because it holds
the exact error text the person typed, or because "All systems" is ticked)
carries an amber "For Windows" badge. When nothing matches well the window
shows the nearest few results *dimmed* (``ResultsView.set_hits(...,
dimmed=True)``), so they do not read as answers.
"""

from __future__ import annotations

import html
from typing import Any

from PySide6.QtCore import QAbstractListModel, QModelIndex, QPersistentModelIndex, QRectF, QSize, Qt, Signal
from PySide6.QtGui import QAbstractTextDocumentLayout, QPainter, QPalette, QTextDocument
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QListView,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QWidget,
)

from ..core.rendering import marked_snippet_html, platform_label
from ..core.search.engine import SearchHit
from .i18n import TranslationContext
from .theme import content_colors

results = TranslationContext("results")

HIT_ROLE = Qt.ItemDataRole.UserRole + 1
PADDING = 8

ModelIndex = QModelIndex | QPersistentModelIndex


class ResultsModel(QAbstractListModel):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._hits: tuple[SearchHit, ...] = ()
        self.platform: str | None = None

    def set_hits(self, hits: tuple[SearchHit, ...]) -> None:
        self.beginResetModel()
        self._hits = tuple(hits)
        self.endResetModel()

    @property
    def hits(self) -> tuple[SearchHit, ...]:
        return self._hits

    def rowCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: N802 - Qt's name
        return 0 if parent.isValid() else len(self._hits)

    def data(self, index: ModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._hits):
            return None
        hit = self._hits[index.row()]
        if role == HIT_ROLE:
            return hit
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return hit.title
        if role == Qt.ItemDataRole.ToolTipRole:
            note = other_platform_note(hit, self.platform)
            return "\n\n".join(filter(None, (hit.summary or hit.title, note)))
        if role == Qt.ItemDataRole.AccessibleDescriptionRole:
            return " ".join(filter(None, (other_platform_note(hit, self.platform), hit.summary, hit.snippet)))
        return None


def for_other_platform(hit: SearchHit, this_platform: str | None) -> bool:
    return bool(this_platform and hit.platforms and this_platform not in hit.platforms)


def _joined(names: list[str]) -> str:
    if len(names) == 1:
        return names[0]
    return results.tr("{names} and {last}").format(names=", ".join(names[:-1]), last=names[-1])


def platform_badge(hit: SearchHit, this_platform: str | None) -> str:
    """What the badge says: the platforms an article is for; empty when it is for every system."""
    if not hit.platforms:
        return ""
    labels = [platform_label(p) for p in hit.platforms]
    if for_other_platform(hit, this_platform):
        return results.tr("For {systems}").format(systems=_joined(labels))
    if len(hit.platforms) >= 3:
        return ""
    return ", ".join(labels)


def other_platform_note(hit: SearchHit, this_platform: str | None) -> str:
    """Why an article for another system is in the list (tooltip and screen readers); empty otherwise."""
    if not for_other_platform(hit, this_platform):
        return ""
    systems = _joined([platform_label(p) for p in hit.platforms])
    note = results.tr("Written for {systems}, not for this computer ({this_system}).").format(
        systems=systems, this_system=platform_label(this_platform or "")
    )
    if hit.exact_match:
        note += " " + results.tr("Shown because it has the exact error you entered.")
    return note


def _unbroken(text: str) -> str:
    """HTML for ``text`` that wraps as one piece (a badge must not break after "For")."""
    return html.escape(text).replace(" ", "&nbsp;")


def hit_html(
    hit: SearchHit, colors: dict[str, str], *, selected: bool, this_platform: str | None, dimmed: bool = False
) -> str:
    text = colors["text"]
    muted = colors["muted"]
    if dimmed:
        text = muted  # the nearest articles when nothing matches well: not to be taken for answers
    if selected:
        pal = QApplication.palette()
        text = muted = pal.color(QPalette.ColorGroup.Active, QPalette.ColorRole.HighlightedText).name()
    mark_open = (
        f'<span style="background-color:{colors["mark_bg"]}; color:{colors["mark_fg"]}; font-weight:600">'
        if not selected
        else '<span style="font-weight:700; text-decoration: underline">'
    )
    snippet = marked_snippet_html(hit.snippet, hit.snippet_spans, mark_open, "</span>")
    badge = platform_badge(hit, this_platform)
    other = for_other_platform(hit, this_platform)
    badge_bg, badge_fg = (colors["other_bg"], colors["other_fg"]) if other else (colors["badge_bg"], colors["badge_fg"])
    badge_html = (
        (
            f'&nbsp;&nbsp;<span style="background-color:{badge_bg}; color:{badge_fg};'
            f' font-size:small; font-weight:{600 if other else "normal"}">&nbsp;{_unbroken(badge)}&nbsp;</span>'
        )
        if badge
        else ""
    )
    tags = " · ".join(html.escape(t) for t in hit.tags[:6])
    parts = [
        f'<div style="color:{text}"><span style="font-size:large; font-weight:600">{html.escape(hit.title)}</span>'
        f"{badge_html}</div>"
    ]
    if hit.summary:
        parts.append(f'<div style="color:{text}; margin-top:2px">{html.escape(hit.summary)}</div>')
    if hit.snippet:
        parts.append(f'<div style="color:{muted}; margin-top:4px">{snippet}</div>')
    if tags:
        parts.append(f'<div style="color:{muted}; font-size:small; margin-top:4px">{tags}</div>')
    return "".join(parts)


class ResultDelegate(QStyledItemDelegate):
    """Draws a SearchHit as wrapped rich text; the height follows the view's width."""

    def __init__(self, view: QListView) -> None:
        super().__init__(view)
        self._view = view
        self._colors: dict[str, str] = content_colors()
        self.this_platform: str | None = None
        #: draw every item muted (the nearest articles when nothing matches well)
        self.dimmed = False
        # laid-out documents by (hit, width, selected, dimmed): sizeHint and paint share them, so each
        # item is laid out once per width instead of on every paint
        self._docs: dict[tuple[SearchHit, int, bool, bool], QTextDocument] = {}

    def refresh_colors(self) -> None:
        self._colors = content_colors()
        self.clear_cache()

    def clear_cache(self) -> None:
        self._docs.clear()

    def _document(self, hit: SearchHit, width: int, selected: bool, font: Any) -> QTextDocument:
        key = (hit, width, selected, self.dimmed)
        cached = self._docs.get(key)
        if cached is not None:
            return cached
        if len(self._docs) > 200:
            self._docs.clear()
        doc = QTextDocument()
        doc.setDefaultFont(font)
        doc.setDocumentMargin(0)
        doc.setHtml(
            hit_html(hit, self._colors, selected=selected, this_platform=self.this_platform, dimmed=self.dimmed)
        )
        doc.setTextWidth(max(80, width - 2 * PADDING))
        self._docs[key] = doc
        return doc

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: ModelIndex) -> None:
        hit = index.data(HIT_ROLE)
        if hit is None:
            return super().paint(painter, option, index)
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        opt.text = ""
        style = opt.widget.style() if opt.widget else QApplication.style()
        style.drawControl(QStyle.ControlElement.CE_ItemViewItem, opt, painter, opt.widget)
        selected = bool(opt.state & QStyle.StateFlag.State_Selected)
        doc = self._document(hit, self._view.viewport().width(), selected, opt.font)
        painter.save()
        painter.translate(opt.rect.left() + PADDING, opt.rect.top() + PADDING)
        clip = QRectF(0, 0, opt.rect.width() - 2 * PADDING, opt.rect.height() - 2 * PADDING)
        painter.setClipRect(clip)
        ctx = QAbstractTextDocumentLayout.PaintContext()
        ctx.clip = clip
        doc.documentLayout().draw(painter, ctx)
        painter.restore()
        # a hairline between items
        painter.save()
        painter.setPen(opt.palette.color(QPalette.ColorRole.Mid))
        painter.setOpacity(0.35)
        painter.drawLine(opt.rect.left() + PADDING, opt.rect.bottom(), opt.rect.right() - PADDING, opt.rect.bottom())
        painter.restore()

    def sizeHint(self, option: QStyleOptionViewItem, index: ModelIndex) -> QSize:  # noqa: N802 - Qt's name
        hit = index.data(HIT_ROLE)
        if hit is None:
            return super().sizeHint(option, index)
        width = self._view.viewport().width()
        doc = self._document(hit, width, False, option.font)
        return QSize(width, int(doc.size().height()) + 2 * PADDING + 1)


class ResultsView(QListView):
    """The list of hits. Keyboard: Up/Down move, Enter opens (handled by the window)."""

    #: the person moved the selection to this hit (keys or mouse; not new results selecting their top)
    hit_selected = Signal(object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._resetting = False
        self.results_model = ResultsModel(self)
        self.setModel(self.results_model)
        self.delegate = ResultDelegate(self)
        self.setItemDelegate(self.delegate)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setResizeMode(QListView.ResizeMode.Adjust)
        # lay the first items out at once and the rest in later event-loop turns: the top results paint sooner
        self.setLayoutMode(QListView.LayoutMode.Batched)
        self.setBatchSize(6)
        self.setUniformItemSizes(False)
        self.setWordWrap(True)
        self.setMouseTracking(True)
        self.setAccessibleName(results.tr("Search results"))
        self.setAccessibleDescription(
            results.tr("Articles that match what you typed; press Enter to open the selected one")
        )

    def set_hits(self, hits: tuple[SearchHit, ...], keep_id: str | None = None, *, dimmed: bool = False) -> None:
        self.delegate.clear_cache()
        self.delegate.dimmed = dimmed
        self.results_model.platform = self.delegate.this_platform
        self._resetting = True  # new results select their top row: that is not the person choosing it
        try:
            self.results_model.set_hits(hits)
            row = 0
            if keep_id is not None:
                for i, hit in enumerate(hits):
                    if hit.id == keep_id:
                        row = i
                        break
            # dimmed (nothing matches well): no preselected row, whose highlight would make the nearest
            # article look like the answer; Down still picks the first one
            if hits and not dimmed:
                self.setCurrentIndex(self.results_model.index(row, 0))
                self.scrollTo(self.currentIndex())
        finally:
            self._resetting = False

    def currentChanged(self, current: ModelIndex, previous: ModelIndex) -> None:  # noqa: N802 - Qt's name
        super().currentChanged(current, previous)
        if not self._resetting and current.isValid():
            hit = current.data(HIT_ROLE)
            if hit is not None:
                self.hit_selected.emit(hit)

    def current_hit(self) -> SearchHit | None:
        index = self.currentIndex()
        return index.data(HIT_ROLE) if index.isValid() else None

    def current_rank(self) -> int | None:
        index = self.currentIndex()
        return index.row() + 1 if index.isValid() else None

    def move_selection(self, step: int) -> None:
        count = self.results_model.rowCount()
        if not count:
            return
        row = self.currentIndex().row() if self.currentIndex().isValid() else -1
        row = max(0, min(count - 1, row + step))
        self.setCurrentIndex(self.results_model.index(row, 0))
        self.scrollTo(self.currentIndex())

    def refresh_colors(self) -> None:
        self.delegate.refresh_colors()
        self.viewport().update()
