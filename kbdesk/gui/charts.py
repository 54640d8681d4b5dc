"""Small charts drawn with QPainter (no QtCharts): horizontal bars and columns over time.

Both take plain data (frozen dataclasses below), size themselves from the
font (so they scale with the screen's device pixel ratio and the user's font
size), take every colour from the palette (light and dark themes), and show a
message saying what to do when there is nothing to draw. Hovering a bar or a
column shows its details as a tooltip; the same text is the accessible
description, since a screen reader cannot see the bars.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFontMetricsF, QHelpEvent, QPainter, QPainterPath, QPalette, QPen
from PySide6.QtWidgets import QSizePolicy, QToolTip, QWidget

from .i18n import TranslationContext, number, percent
from .theme import is_dark

charts = TranslationContext("charts")

#: the series colours: blue, orange, teal, red (distinguishable with the common colour-vision deficiencies)
SERIES_LIGHT = (QColor(0x1F, 0x6F, 0xC4), QColor(0xE0, 0x7B, 0x1A), QColor(0x1A, 0x8F, 0x82), QColor(0xC6, 0x28, 0x28))
SERIES_DARK = (QColor(0x6C, 0xAE, 0xF5), QColor(0xF5, 0xA6, 0x4A), QColor(0x4F, 0xC7, 0xB8), QColor(0xF2, 0x7B, 0x72))


def series_colors(palette: QPalette) -> tuple[QColor, ...]:
    return SERIES_DARK if is_dark(palette) else SERIES_LIGHT


def plain_number(value: float) -> str:
    """A count or a measure as the locale writes it: 12, 1,234, 2.5 (1.234 and 2,5 in German)."""
    return number(int(value)) if float(value).is_integer() else number(value, 2).rstrip("0")


def _mix(a: QColor, b: QColor, amount: float) -> QColor:
    return QColor(
        round(a.red() * (1 - amount) + b.red() * amount),
        round(a.green() * (1 - amount) + b.green() * amount),
        round(a.blue() * (1 - amount) + b.blue() * amount),
    )


@dataclass(frozen=True)
class Bar:
    label: str
    #: one value per series (stacked left to right)
    values: tuple[float, ...]
    #: the text at the end of the bar ("12", "75% helpful")
    value_text: str = ""
    tooltip: str = ""

    @property
    def total(self) -> float:
        return sum(self.values)


@dataclass(frozen=True)
class Column:
    label: str
    #: None: no data for this period (drawn as a gap)
    value: float | None
    tooltip: str = ""


class _ChartBase(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.empty_text = charts.tr("Nothing to show yet.")
        self.series_names: tuple[str, ...] = ()
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        self.setMouseTracking(True)

    def _text_color(self) -> QColor:
        return self.palette().color(QPalette.ColorRole.WindowText)

    def _muted(self) -> QColor:
        return _mix(self._text_color(), self.palette().color(QPalette.ColorRole.Window), 0.45)

    def _grid(self) -> QColor:
        return _mix(self._text_color(), self.palette().color(QPalette.ColorRole.Window), 0.82)

    def _draw_empty(self, painter: QPainter) -> None:
        painter.setPen(self._muted())
        rect = QRectF(self.rect()).adjusted(12, 8, -12, -8)
        painter.drawText(rect, Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap, self.empty_text)

    def _legend_height(self) -> float:
        return QFontMetricsF(self.font()).height() + 6 if len(self.series_names) > 1 else 0.0

    def _draw_legend(self, painter: QPainter, top: float) -> None:
        if len(self.series_names) < 2:
            return
        metrics = QFontMetricsF(self.font())
        colors = series_colors(self.palette())
        x = 4.0
        box = metrics.height() * 0.7
        for i, name in enumerate(self.series_names):
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(colors[i % len(colors)])
            painter.drawRoundedRect(QRectF(x, top + (metrics.height() - box) / 2, box, box), 2, 2)
            painter.setPen(self._text_color())
            x += box + 4
            painter.drawText(QPointF(x, top + metrics.ascent()), name)
            x += metrics.horizontalAdvance(name) + 14


class BarChart(_ChartBase):
    """Horizontal bars, one per row, longest first as given; labels on the left, values at the end."""

    def __init__(self, parent: QWidget | None = None, *, max_label_chars: int = 34) -> None:
        super().__init__(parent)
        self.bars: tuple[Bar, ...] = ()
        self.max_label_chars = max_label_chars
        self.setAccessibleName(charts.tr("Bar chart"))

    def set_bars(
        self, bars: list[Bar] | tuple[Bar, ...], *, series: tuple[str, ...] = (), empty_text: str | None = None
    ) -> None:
        self.bars = tuple(bars)
        self.series_names = series
        if empty_text is not None:
            self.empty_text = empty_text
        self.setAccessibleDescription(
            "; ".join(f"{b.label}: {b.value_text or plain_number(b.total)}" for b in self.bars) or self.empty_text
        )
        self.updateGeometry()
        self.update()

    def _row_height(self) -> float:
        return QFontMetricsF(self.font()).height() * 1.55

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt's name
        rows = max(len(self.bars), 3)
        return QSize(420, int(rows * self._row_height() + self._legend_height() + 10))

    def minimumSizeHint(self) -> QSize:  # noqa: N802 - Qt's name
        return QSize(220, int(min(max(len(self.bars), 3), 6) * self._row_height()))

    def _layout(self) -> tuple[float, float, float, float]:
        """(label width, bar left, bar max width, row height)."""
        metrics = QFontMetricsF(self.font())
        width = float(self.width())
        widest_label = max((metrics.horizontalAdvance(self._label(b.label)) for b in self.bars), default=0.0)
        label_width = min(widest_label, width * 0.42)
        widest_value = max(
            (metrics.horizontalAdvance(b.value_text or plain_number(b.total)) for b in self.bars), default=0.0
        )
        left = label_width + 10
        return label_width, left, max(20.0, width - left - widest_value - 12), self._row_height()

    def _label(self, text: str) -> str:
        return text if len(text) <= self.max_label_chars else text[: self.max_label_chars - 1] + "…"

    def paintEvent(self, _event: object) -> None:  # noqa: N802 - Qt's name
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        if not self.bars:
            self._draw_empty(painter)
            return
        metrics = QFontMetricsF(self.font())
        label_width, left, bar_width, row = self._layout()
        top = self._legend_height()
        self._draw_legend(painter, 2)
        peak = max((b.total for b in self.bars), default=0.0) or 1.0
        colors = series_colors(self.palette())
        thickness = row * 0.62
        for i, bar in enumerate(self.bars):
            y = top + i * row
            painter.setPen(self._text_color())
            label = metrics.elidedText(self._label(bar.label), Qt.TextElideMode.ElideRight, label_width)
            painter.drawText(
                QRectF(0, y, label_width, row), Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, label
            )
            x = left
            by = y + (row - thickness) / 2
            for s, value in enumerate(bar.values):
                w = bar_width * (value / peak) if value > 0 else 0.0
                if w <= 0:
                    continue
                painter.setPen(Qt.PenStyle.NoPen)
                painter.setBrush(colors[s % len(colors)])
                painter.drawRoundedRect(QRectF(x, by, max(w, 2.0), thickness), 2.5, 2.5)
                x += w
            painter.setPen(self._text_color())
            painter.drawText(
                QRectF(x + 6, y, self.width() - x - 6, row),
                Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                bar.value_text or plain_number(bar.total),
            )

    def bar_at(self, y: float) -> Bar | None:
        index = int((y - self._legend_height()) // self._row_height())
        return self.bars[index] if 0 <= index < len(self.bars) and y >= self._legend_height() else None

    def event(self, event: object) -> bool:
        if isinstance(event, QHelpEvent):
            bar = self.bar_at(event.position().y() if hasattr(event, "position") else event.pos().y())
            if bar is not None:
                QToolTip.showText(
                    event.globalPos(), bar.tooltip or f"{bar.label}: {bar.value_text or plain_number(bar.total)}", self
                )
            else:
                QToolTip.hideText()
            return True
        return super().event(event)  # type: ignore[arg-type]


class ColumnChart(_ChartBase):
    """Values over time as columns with a line through their tops, on a 0..``maximum`` scale."""

    def __init__(self, parent: QWidget | None = None, *, maximum: float = 1.0, percent: bool = True) -> None:
        super().__init__(parent)
        self.columns: tuple[Column, ...] = ()
        self.maximum = maximum
        self.percent = percent
        self.setAccessibleName(charts.tr("Column chart"))

    def set_columns(self, columns: list[Column] | tuple[Column, ...], *, empty_text: str | None = None) -> None:
        self.columns = tuple(columns)
        if empty_text is not None:
            self.empty_text = empty_text
        self.setAccessibleDescription(
            "; ".join(f"{c.label}: {self._fmt(c.value)}" for c in self.columns) or self.empty_text
        )
        self.update()

    def _fmt(self, value: float | None) -> str:
        if value is None:
            return charts.tr("no data")
        return percent(value) if self.percent else plain_number(value)

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt's name
        return QSize(420, int(QFontMetricsF(self.font()).height() * 12))

    def minimumSizeHint(self) -> QSize:  # noqa: N802 - Qt's name
        return QSize(220, int(QFontMetricsF(self.font()).height() * 8))

    def _plot_rect(self) -> QRectF:
        metrics = QFontMetricsF(self.font())
        axis = metrics.horizontalAdvance(percent(1.0)) + 8
        return QRectF(axis, metrics.height() * 1.4, self.width() - axis - 8, self.height() - metrics.height() * 3.0)

    def paintEvent(self, _event: object) -> None:  # noqa: N802 - Qt's name
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        if not self.columns:
            self._draw_empty(painter)
            return
        metrics = QFontMetricsF(self.font())
        plot = self._plot_rect()
        # grid and scale
        for step in range(5):
            fraction = step / 4
            y = plot.bottom() - plot.height() * fraction
            painter.setPen(QPen(self._grid(), 1))
            painter.drawLine(QPointF(plot.left(), y), QPointF(plot.right(), y))
            painter.setPen(self._muted())
            painter.drawText(
                QRectF(0, y - metrics.height() / 2, plot.left() - 6, metrics.height()),
                Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
                self._fmt(self.maximum * fraction),
            )
        n = len(self.columns)
        slot = plot.width() / n
        width = min(slot * 0.62, metrics.height() * 3)
        color = series_colors(self.palette())[0]
        fill = QColor(color)
        fill.setAlpha(90)
        points: list[QPointF] = []
        # as many labels as fit side by side, measured on the labels themselves (a German "07.12." is wider)
        widest = max((metrics.horizontalAdvance(c.label) for c in self.columns), default=0.0)
        label_every = max(1, int((widest + 10) // slot) + 1)
        for i, column in enumerate(self.columns):
            cx = plot.left() + slot * (i + 0.5)
            if column.value is not None:
                h = plot.height() * max(0.0, min(1.0, column.value / (self.maximum or 1.0)))
                painter.setPen(Qt.PenStyle.NoPen)
                painter.setBrush(fill)
                painter.drawRoundedRect(QRectF(cx - width / 2, plot.bottom() - h, width, h), 2, 2)
                points.append(QPointF(cx, plot.bottom() - h))
                if n <= 16:
                    painter.setPen(self._text_color())
                    painter.drawText(
                        QRectF(cx - slot / 2, plot.bottom() - h - metrics.height() - 2, slot, metrics.height()),
                        Qt.AlignmentFlag.AlignCenter,
                        self._fmt(column.value),
                    )
            if i % label_every == 0:
                painter.setPen(self._muted())
                painter.drawText(
                    QRectF(cx - slot * label_every / 2, plot.bottom() + 4, slot * label_every, metrics.height()),
                    Qt.AlignmentFlag.AlignCenter,
                    column.label,
                )
        if len(points) > 1:
            path = QPainterPath(points[0])
            for point in points[1:]:
                path.lineTo(point)
            painter.setPen(QPen(color, 2.2))
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawPath(path)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(color)
        for point in points:
            painter.drawEllipse(point, 3.2, 3.2)

    def column_at(self, x: float) -> Column | None:
        plot = self._plot_rect()
        if not self.columns or x < plot.left() or x > plot.right():
            return None
        index = int((x - plot.left()) // (plot.width() / len(self.columns)))
        return self.columns[min(index, len(self.columns) - 1)]

    def event(self, event: object) -> bool:
        if isinstance(event, QHelpEvent):
            column = self.column_at(event.pos().x())
            if column is not None:
                QToolTip.showText(
                    event.globalPos(), column.tooltip or f"{column.label}: {self._fmt(column.value)}", self
                )
            else:
                QToolTip.hideText()
            return True
        return super().event(event)  # type: ignore[arg-type]
