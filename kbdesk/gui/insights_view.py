"""Insights for writers: what people search for, what they do not find, and how often self-service works.

Two sources, "This computer's history" and "A folder of escalation bundles", read by
:mod:`kbdesk.core.insights_sources` on a worker (tag ``"insights"``, latest wins); this page
draws the charts. Every chart can be exported as the CSV of its report
(:func:`kbdesk.core.insights.write_csv`). :func:`install` adds Tools > Insights to the window host.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping
from datetime import date
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from ..core import insights
from ..core.insights_sources import InsightsData, load_bundles, load_history, since_for
from .accessibility import buddy_label, describe_label
from .charts import Bar, BarChart, Column, ColumnChart
from .errors import show_error
from .host import ActionSpec, WindowHost
from .tasks import TaskRunner

log = logging.getLogger(__name__)

PAGE_NAME = "insights"
RANGES = (("Last 7 days", 7), ("Last 30 days", 30), ("Last 90 days", 90), ("All time", None))
BUNDLE_SUFFIX = ".kbbundle"
#: rows shown per bar chart (the CSV has the same rows)
CHART_ROWS = 12
#: report keys, in the order the cards are laid out
REPORTS = (
    "deflection",
    "top_queries",
    "content_gaps",
    "zero_result_queries",
    "no_click_queries",
    "article_stats",
    "check_stats",
)
NOT_FROM_BUNDLES = (
    "Not available from escalation bundles: they hold the searches of escalated cases, not whether self-service worked."
)


class ChartCard(QFrame):
    """A titled chart with a one-line explanation and an "Export CSV…" button."""

    export_requested = Signal(str)

    def __init__(self, key: str, title: str, explanation: str, chart: QWidget, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.key = key
        self.chart = chart
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setObjectName(f"card-{key}")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(10, 8, 10, 8)
        header = QHBoxLayout()
        self.title = QLabel(title, self)
        font = QFont(self.title.font())
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 1.1)
        self.title.setFont(font)
        header.addWidget(self.title, 1)
        self.export_button = QPushButton("Export CSV…", self)
        self.export_button.setAccessibleName(f"Export {title} as CSV")
        self.export_button.clicked.connect(lambda: self.export_requested.emit(self.key))
        header.addWidget(self.export_button)
        layout.addLayout(header)
        self.explanation = QLabel(explanation, self)
        self.explanation.setWordWrap(True)
        layout.addWidget(self.explanation)
        chart.setAccessibleName(title)
        layout.addWidget(chart, 1)


class InsightsView(QWidget):
    """The Insights page. ``titles`` returns {article id: title} for labelling article bars."""

    data_shown = Signal(object)  # InsightsData

    def __init__(
        self,
        runner: TaskRunner,
        db_path: Path,
        parent: QWidget | None = None,
        *,
        titles: Callable[[], dict[str, str]] = dict,
        on_back: Callable[[], None] | None = None,
    ) -> None:
        super().__init__(parent)
        self.runner = runner
        self.db_path = Path(db_path)
        self.titles = titles
        self.bundle_folder: Path | None = None
        self.data: InsightsData | None = None
        self._build(on_back)

    # ------------------------------------------------------------ building
    def _build(self, on_back: Callable[[], None] | None) -> None:
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 6, 8, 6)
        bar = QHBoxLayout()
        heading = QLabel("<b>Insights</b>", self)
        bar.addWidget(heading)
        self.source_combo = QComboBox(self)
        self.source_combo.addItem("This computer's history", "history")
        self.source_combo.addItem("A folder of escalation bundles", "bundles")

        self.folder_button = QPushButton("Choose folder…", self)
        self.folder_button.clicked.connect(self.choose_folder)
        self.range_combo = QComboBox(self)
        for label, days in RANGES:
            self.range_combo.addItem(label, days)
        self.range_combo.setCurrentIndex(1)

        self.period_combo = QComboBox(self)
        self.period_combo.addItem("Deflection by week", "week")
        self.period_combo.addItem("Deflection by day", "day")

        self.refresh_button = QPushButton("Refresh", self)
        self.refresh_button.clicked.connect(self.refresh)
        # each combo box with a label of its own: on Linux a combo box is named by its value ("Last 30 days")
        for widget in (
            buddy_label("S&ource:", self.source_combo, self),
            self.source_combo,
            self.folder_button,
            buddy_label("&Range:", self.range_combo, self),
            self.range_combo,
            buddy_label("&Period:", self.period_combo, self),
            self.period_combo,
            self.refresh_button,
        ):
            bar.addWidget(widget)
        bar.addStretch(1)
        if on_back is not None:
            back = QPushButton("Back to search", self)  # Ctrl+K too; Alt+S is the menu bar's History
            back.setToolTip("Back to the search page (Ctrl+K)")
            back.clicked.connect(on_back)
            bar.addWidget(back)
        layout.addLayout(bar)
        self.summary = QLabel(self)
        self.summary.setWordWrap(True)
        describe_label(self.summary, "Summary")
        layout.addWidget(self.summary)

        self.deflection_chart = ColumnChart(self)
        self.top_chart = BarChart(self)
        self.gaps_chart = BarChart(self)
        self.zero_chart = BarChart(self)
        self.no_click_chart = BarChart(self)
        self.articles_chart = BarChart(self)
        self.checks_chart = BarChart(self)
        self.charts = {
            "deflection": self.deflection_chart,
            "top_queries": self.top_chart,
            "content_gaps": self.gaps_chart,
            "zero_result_queries": self.zero_chart,
            "no_click_queries": self.no_click_chart,
            "article_stats": self.articles_chart,
            "check_stats": self.checks_chart,
        }
        specs = {
            "deflection": (
                "Deflection rate",
                "Share of sessions with a search that were solved by self-service "
                "(a “Yes, it helped” and no escalation).",
            ),
            "top_queries": ("Top searches", "What people search for most."),
            "content_gaps": (
                "Content gaps",
                "Searches that found no good match, or from sessions that ended “didn't help” or in an escalation: "
                "what to write or fix next.",
            ),
            "zero_result_queries": (
                "Searches with no results",
                "Nothing matched at all: a missing article, or missing words (symptoms, error codes).",
            ),
            "no_click_queries": (
                "Searches nobody clicked",
                "Results were shown but none was opened: titles and summaries that do not look like the answer.",
            ),
            "article_stats": ("Articles by views", "Most read articles, with how often readers said they helped."),
            "check_stats": (
                "Checks that fired",
                "Articles kbdesk suggested because their checks saw the problem on the computer, and whether "
                "the person then opened the article and said it helped.",
            ),
        }
        grid_host = QWidget(self)
        grid = QGridLayout(grid_host)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setSpacing(10)
        self.cards: dict[str, ChartCard] = {}
        for i, key in enumerate(REPORTS):
            title, explanation = specs[key]
            card = ChartCard(key, title, explanation, self.charts[key], grid_host)
            card.export_requested.connect(self.export_dialog)
            self.cards[key] = card
            if key == "deflection":
                grid.addWidget(card, 0, 0, 1, 2)
            else:
                grid.addWidget(card, 1 + (i - 1) // 2, (i - 1) % 2)
        grid.setColumnStretch(0, 1)
        grid.setColumnStretch(1, 1)
        grid_host.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Minimum)
        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        # not a Tab stop of its own: Tab goes from card to card and the area scrolls to the one focused
        scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        scroll.setWidget(grid_host)
        layout.addWidget(scroll, 1)
        self.scroll_area = scroll

        self.source_combo.currentIndexChanged.connect(self._source_changed)
        self.range_combo.currentIndexChanged.connect(lambda _i: self.refresh())
        self.period_combo.currentIndexChanged.connect(lambda _i: self.refresh())
        self._source_changed()

    # ------------------------------------------------------------ loading
    @property
    def source(self) -> str:
        return str(self.source_combo.currentData())

    def _source_changed(self, _index: int = 0) -> None:
        bundles = self.source == "bundles"
        self.folder_button.setVisible(bundles)
        self.period_combo.setEnabled(not bundles)
        self.refresh()

    def choose_folder(self) -> None:
        folder = QFileDialog.getExistingDirectory(
            self, "Folder of escalation bundles", str(self.bundle_folder or Path.home())
        )
        if folder:
            self.set_bundle_folder(Path(folder))

    def set_bundle_folder(self, folder: Path) -> None:
        self.bundle_folder = Path(folder)
        self.source_combo.setCurrentIndex(self.source_combo.findData("bundles"))
        self.refresh()

    def refresh(self) -> None:
        since = since_for(self.range_combo.currentData())
        if self.source == "bundles":
            if self.bundle_folder is None:
                self._show(
                    InsightsData(
                        "bundles",
                        empty_reason="Choose a folder of escalation bundles "
                        "(.kbbundle files) to see the searches of those cases.",
                    )
                )
                return
            self.summary.setText(f"Reading escalation bundles in {self.bundle_folder}…")
            self.runner.run(
                load_bundles,
                self.bundle_folder,
                since,
                limit=CHART_ROWS,
                tag="insights",
                on_success=self._show,
                on_error=self._failed,
            )
        else:
            self.summary.setText("Reading this computer's history…")
            self.runner.run(
                load_history,
                self.db_path,
                since,
                "week" if self.period_combo.currentData() == "week" else "day",
                limit=CHART_ROWS,
                tag="insights",
                on_success=self._show,
                on_error=self._failed,
            )

    def _failed(self, exc: BaseException) -> None:
        show_error(self, exc, "Could not read the insights", show=self.summary.setText)

    # ------------------------------------------------------------ showing
    def _show(self, data: InsightsData) -> None:
        self.data = data
        empty = data.empty_reason
        titles = self.titles() if data.source == "history" else {}
        reports = data.reports

        for key, card in self.cards.items():
            card.export_button.setEnabled(key in reports and bool(reports[key].rows))
        unavailable = NOT_FROM_BUNDLES if data.source == "bundles" else empty

        deflection = data.deflection
        if deflection is not None and deflection.rows:
            fmt = "%d %b"
            columns = [
                Column(row.period_start.strftime(fmt), row.rate, _deflection_tooltip(row, deflection.period))
                for row in deflection.rows
            ]
            self.deflection_chart.set_columns(columns)
        else:
            self.deflection_chart.set_columns(
                [],
                empty_text=unavailable
                if deflection is None
                else (empty or "No sessions with a search in this period."),
            )

        def query_bars(
            key: str, report: insights.TopQueries | insights.ZeroResultQueries | None, none_text: str
        ) -> None:
            chart = self.charts[key]
            assert isinstance(chart, BarChart)
            if report is None:
                chart.set_bars([], empty_text=unavailable)
                return
            bars = [
                Bar(
                    r.query,
                    (float(r.searches),),
                    f"{r.searches}",
                    f"“{r.query}”: {r.searches} search{'es' if r.searches != 1 else ''} in "
                    f"{r.sessions} session{'s' if r.sessions != 1 else ''}",
                )
                for r in report.rows
            ]
            chart.set_bars(bars, empty_text=empty or none_text)

        query_bars("top_queries", data.top_queries, "No searches in this period.")
        query_bars(
            "zero_result_queries", data.zero_result_queries, "Every search found something. Nothing to add here."
        )

        gaps = data.content_gaps
        if gaps is None:
            self.gaps_chart.set_bars([], empty_text=unavailable)
        else:
            history = data.source == "history"
            series = ("no good match", "didn't help", "escalated") if history else ("escalated cases",)
            bars = []
            for r in gaps.rows:
                values = (
                    (float(r.no_good_match), float(r.not_solved), float(r.escalated))
                    if history
                    else (float(r.sessions),)
                )
                bars.append(
                    Bar(
                        r.query,
                        values,
                        str(r.sessions),
                        f"“{r.query}”: {r.sessions} session{'s' if r.sessions != 1 else ''} "
                        f"({r.no_good_match} found no good match, {r.not_solved} didn't help, "
                        f"{r.escalated} escalated)",
                    )
                )
            self.gaps_chart.set_bars(
                bars,
                series=series if bars else (),
                empty_text=empty
                or "Every search found a good match, and no session ended in “didn't help” or an escalation.",
            )

        no_click = data.no_click_queries
        if no_click is None:
            self.no_click_chart.set_bars([], empty_text=unavailable)
        else:
            bars = [
                Bar(
                    r.query,
                    (float(r.searches_without_click),),
                    f"{r.searches_without_click} of {r.searches_with_results}",
                    f"“{r.query}”: {r.searches_without_click} of {r.searches_with_results} searches with results "
                    f"had no article opened ({r.no_click_rate:.0%})",
                )
                for r in no_click.rows
            ]
            self.no_click_chart.set_bars(bars, empty_text=empty or "People opened a result after every search.")

        stats = data.article_stats
        if stats is None:
            self.articles_chart.set_bars([], empty_text=unavailable)
        else:
            article_bars: list[Bar] = []
            for stat in stats.rows:
                helpful = f" · {stat.helpfulness:.0%} helpful" if stat.helpfulness is not None else ""
                answers = stat.helpful_yes + stat.helpful_no
                label = titles.get(stat.article_id, stat.article_id)
                article_bars.append(
                    Bar(
                        label,
                        (float(stat.views),),
                        f"{stat.views}{helpful}",
                        f"{label} ({stat.article_id}): {stat.views} view{'s' if stat.views != 1 else ''}; "
                        f"{stat.helpful_yes} of {answers} answers said it helped"
                        if answers
                        else f"{label} ({stat.article_id}): {stat.views} view{'s' if stat.views != 1 else ''}; no answers yet",
                    )
                )
            self.articles_chart.set_bars(article_bars, empty_text=empty or "No articles opened in this period.")

        self._show_checks(data.check_stats, titles, empty or "No check fired in this period.", unavailable)
        self.summary.setText(self._summary_text(data))
        self.data_shown.emit(data)

    def _show_checks(
        self, report: insights.CheckStats | None, titles: Mapping[str, str], empty_text: str, unavailable: str
    ) -> None:
        if report is None:
            self.checks_chart.set_bars([], empty_text=unavailable)
            return
        bars: list[Bar] = []
        for r in report.rows:
            label = f"{titles.get(r.article_id, r.article_id)} · {r.check_id}"
            not_solved = max(0, r.opened - r.solved)
            bars.append(
                Bar(
                    label,
                    (float(r.solved), float(not_solved), float(max(0, r.sessions - r.opened))),
                    f"{r.sessions} · {r.solved} solved",
                    f"{r.check}: shown {r.fired} time{'s' if r.fired != 1 else ''} in {r.sessions} "
                    f"session{'s' if r.sessions != 1 else ''}; the article was opened in {r.opened}, helped in "
                    f"{r.solved}; {r.escalated} escalated",
                )
            )
        series = ("solved", "opened, not solved", "not opened") if bars else ()
        self.checks_chart.set_bars(bars, series=series, empty_text=empty_text)

    def _summary_text(self, data: InsightsData) -> str:
        if data.source == "bundles":
            if self.bundle_folder is None:
                return "Choose a folder of escalation bundles."
            text = (
                f"{data.bundles_read} bundle{'s' if data.bundles_read != 1 else ''} read from {self.bundle_folder}: "
                f"{data.searches} searches in {data.sessions} escalated case{'s' if data.sessions != 1 else ''}."
            )
            if data.problems:
                names = ", ".join(name for name, _ in data.problems[:3])
                text += f" {len(data.problems)} could not be read ({names}{'…' if len(data.problems) > 3 else ''})."
            return text
        if data.empty_reason and not data.searches:
            return data.empty_reason
        deflection = data.deflection
        text = f"{data.searches} searches in {data.sessions} session{'s' if data.sessions != 1 else ''}"
        if deflection is not None and deflection.total.rate is not None:
            total = deflection.total
            text += (
                f" · {total.rate:.0%} solved by self-service ({total.deflected} of {total.searched_sessions} "
                f"sessions; {total.escalated} escalated)"
            )
        return text + "."

    # ------------------------------------------------------------ export
    def export_dialog(self, key: str) -> None:
        default = str(Path.home() / f"kbdesk-{key.replace('_', '-')}-{date.today().isoformat()}.csv")
        path, _filter = QFileDialog.getSaveFileName(self, "Export as CSV", default, "CSV files (*.csv)")
        if path:
            self.export_csv(key, Path(path))

    def export_csv(self, key: str, path: Path) -> Path:
        """Write the report behind card ``key`` as CSV (raises KeyError when the source has no such report)."""
        if self.data is None:
            raise KeyError(key)
        report = self.data.reports[key]
        path = Path(path)
        if path.suffix.lower() != ".csv":
            path = path.with_suffix(".csv")
        try:
            insights.write_csv(report, path)
        except OSError as exc:
            self.summary.setText(f"Could not write {path.name}: {exc.strerror or exc}")
            raise
        self.summary.setText(f"Exported {len(report.rows)} rows to {path}")
        return path


def _deflection_tooltip(row: insights.DeflectionPeriod, period: str) -> str:
    when = f"Week of {row.period_start:%d %B %Y}" if period == "week" else f"{row.period_start:%A %d %B %Y}"
    rate = f"{row.rate:.0%}" if row.rate is not None else "—"
    return (
        f"{when}: {rate} — {row.deflected} of {row.searched_sessions} sessions solved by self-service; "
        f"{row.escalated} escalated, {row.not_solved} didn't help, {row.no_answer} no answer"
    )


INSIGHTS_ACTION = ActionSpec(
    "insights",
    "&Insights",
    "&Tools",
    ("Ctrl+Shift+I",),
    "Top searches, content gaps and the deflection rate, as charts",
)


def show_insights(host: WindowHost) -> InsightsView:
    """Build (once) and show the insights page, reading this computer's history afresh."""
    page = host.page(PAGE_NAME)
    if not isinstance(page, InsightsView):  # None before the first use
        page = InsightsView(
            host.runner, host.recorder.db_path, titles=host.kb.article_titles, on_back=host.show_search_page
        )
        host.add_page(PAGE_NAME, page)
    host.show_page(PAGE_NAME)
    page.refresh()
    return page


def install(host: WindowHost) -> None:
    """Tools > Insights (Ctrl+Shift+I)."""
    host.add_action(INSIGHTS_ACTION, lambda: show_insights(host))
