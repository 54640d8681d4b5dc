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

from PySide6.QtCore import QDate, QLocale, Qt, Signal
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
from .i18n import QT_TRANSLATE_NOOP, TranslationContext, date_text, number, percent
from .tasks import TaskRunner

log = logging.getLogger(__name__)
insights_view = TranslationContext("insights_view")

PAGE_NAME = "insights"
RANGES = (
    (QT_TRANSLATE_NOOP("insights_view", "Last 7 days"), 7),
    (QT_TRANSLATE_NOOP("insights_view", "Last 30 days"), 30),
    (QT_TRANSLATE_NOOP("insights_view", "Last 90 days"), 90),
    (QT_TRANSLATE_NOOP("insights_view", "All time"), None),
)
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
#: the empty text while no folder of bundles is chosen (also the empty reason the page gives itself)
NO_FOLDER = QT_TRANSLATE_NOOP(
    "insights_view", "Choose a folder of escalation bundles (.kbbundle files) to see the searches of those cases."
)
NOT_FROM_BUNDLES = QT_TRANSLATE_NOOP(
    "insights_view",
    "Not available from escalation bundles: they hold the searches of escalated cases, not whether self-service worked.",
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
        self.export_button = QPushButton(insights_view.tr("Export CSV…"), self)
        self.export_button.setAccessibleName(insights_view.tr("Export {chart} as CSV").format(chart=title))
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
        heading = QLabel(insights_view.tr("<b>Insights</b>"), self)
        bar.addWidget(heading)
        self.source_combo = QComboBox(self)
        self.source_combo.addItem(insights_view.tr("This computer's history"), "history")
        self.source_combo.addItem(insights_view.tr("A folder of escalation bundles"), "bundles")

        self.folder_button = QPushButton(insights_view.tr("Choose folder…"), self)
        self.folder_button.clicked.connect(self.choose_folder)
        self.range_combo = QComboBox(self)
        for label, days in RANGES:
            self.range_combo.addItem(insights_view.tr(label), days)
        self.range_combo.setCurrentIndex(1)

        self.period_combo = QComboBox(self)
        self.period_combo.addItem(insights_view.tr("Deflection by week"), "week")
        self.period_combo.addItem(insights_view.tr("Deflection by day"), "day")

        self.refresh_button = QPushButton(insights_view.tr("Refresh"), self)
        self.refresh_button.clicked.connect(self.refresh)
        # each combo box with a label of its own: on Linux a combo box is named by its value ("Last 30 days")
        for widget in (
            buddy_label(insights_view.tr("S&ource:"), self.source_combo, self),
            self.source_combo,
            self.folder_button,
            buddy_label(insights_view.tr("&Range:"), self.range_combo, self),
            self.range_combo,
            buddy_label(insights_view.tr("&Period:"), self.period_combo, self),
            self.period_combo,
            self.refresh_button,
        ):
            bar.addWidget(widget)
        bar.addStretch(1)
        if on_back is not None:
            back = QPushButton(insights_view.tr("Back to search"), self)  # Ctrl+K too; Alt+S is the menu bar's History
            back.setToolTip(insights_view.tr("Back to the search page (Ctrl+K)"))
            back.clicked.connect(on_back)
            bar.addWidget(back)
        layout.addLayout(bar)
        self.summary = QLabel(self)
        self.summary.setWordWrap(True)
        describe_label(self.summary, insights_view.tr("Summary"))
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
                insights_view.tr("Deflection rate"),
                insights_view.tr(
                    "Share of sessions with a search that were solved by self-service "
                    "(a “Yes, it helped” and no escalation)."
                ),
            ),
            "top_queries": (insights_view.tr("Top searches"), insights_view.tr("What people search for most.")),
            "content_gaps": (
                insights_view.tr("Content gaps"),
                insights_view.tr(
                    "Searches that found no good match, or from sessions that ended “didn't help” or in an "
                    "escalation: what to write or fix next."
                ),
            ),
            "zero_result_queries": (
                insights_view.tr("Searches with no results"),
                insights_view.tr(
                    "Nothing matched at all: a missing article, or missing words (symptoms, error codes)."
                ),
            ),
            "no_click_queries": (
                insights_view.tr("Searches nobody clicked"),
                insights_view.tr(
                    "Results were shown but none was opened: titles and summaries that do not look like the answer."
                ),
            ),
            "article_stats": (
                insights_view.tr("Articles by views"),
                insights_view.tr("Most read articles, with how often readers said they helped."),
            ),
            "check_stats": (
                insights_view.tr("Checks that fired"),
                insights_view.tr(
                    "Articles kbdesk suggested because their checks saw the problem on the computer, and whether "
                    "the person then opened the article and said it helped."
                ),
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
            self, insights_view.tr("Folder of escalation bundles"), str(self.bundle_folder or Path.home())
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
                self._show(InsightsData("bundles", empty_reason=NO_FOLDER))
                return
            self.summary.setText(
                insights_view.tr("Reading escalation bundles in {folder}…").format(folder=self.bundle_folder)
            )
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
            self.summary.setText(insights_view.tr("Reading this computer's history…"))
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
        show_error(self, exc, insights_view.tr("Could not read the insights"), show=self.summary.setText)

    # ------------------------------------------------------------ showing
    def _show(self, data: InsightsData) -> None:
        self.data = data
        empty = self._empty_text(data)
        titles = self.titles() if data.source == "history" else {}
        reports = data.reports

        for key, card in self.cards.items():
            card.export_button.setEnabled(key in reports and bool(reports[key].rows))
        unavailable = insights_view.tr(NOT_FROM_BUNDLES) if data.source == "bundles" else empty

        deflection = data.deflection
        if deflection is not None and deflection.rows:
            columns = [
                Column(_day_label(row.period_start), row.rate, _deflection_tooltip(row, deflection.period))
                for row in deflection.rows
            ]
            self.deflection_chart.set_columns(columns)
        else:
            self.deflection_chart.set_columns(
                [],
                empty_text=unavailable
                if deflection is None
                else (empty or insights_view.tr("No sessions with a search in this period.")),
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
                    number(r.searches),
                    insights_view.tr("“{query}”: {searches} in {sessions}").format(
                        query=r.query,
                        searches=insights_view.tr("%n searches", "", r.searches),
                        sessions=insights_view.tr("%n sessions", "", r.sessions),
                    ),
                )
                for r in report.rows
            ]
            chart.set_bars(bars, empty_text=empty or none_text)

        query_bars("top_queries", data.top_queries, insights_view.tr("No searches in this period."))
        query_bars(
            "zero_result_queries",
            data.zero_result_queries,
            insights_view.tr("Every search found something. Nothing to add here."),
        )

        gaps = data.content_gaps
        if gaps is None:
            self.gaps_chart.set_bars([], empty_text=unavailable)
        else:
            history = data.source == "history"
            series: tuple[str, ...]
            if history:
                series = (
                    insights_view.tr("no good match"),
                    insights_view.tr("didn't help"),
                    insights_view.tr("escalated"),
                )
            else:
                series = (insights_view.tr("escalated cases"),)
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
                        number(r.sessions),
                        insights_view.tr(
                            "“{query}”: {sessions} ({no_match} found no good match, {not_solved} didn't help, "
                            "{escalated} escalated)"
                        ).format(
                            query=r.query,
                            sessions=insights_view.tr("%n sessions", "", r.sessions),
                            no_match=number(r.no_good_match),
                            not_solved=number(r.not_solved),
                            escalated=number(r.escalated),
                        ),
                    )
                )
            self.gaps_chart.set_bars(
                bars,
                series=series if bars else (),
                empty_text=empty
                or insights_view.tr(
                    "Every search found a good match, and no session ended in “didn't help” or an escalation."
                ),
            )

        no_click = data.no_click_queries
        if no_click is None:
            self.no_click_chart.set_bars([], empty_text=unavailable)
        else:
            bars = [
                Bar(
                    r.query,
                    (float(r.searches_without_click),),
                    insights_view.tr("{part} of {whole}").format(
                        part=number(r.searches_without_click), whole=number(r.searches_with_results)
                    ),
                    insights_view.tr(
                        "“{query}”: {part} of {whole} searches with results had no article opened ({rate})"
                    ).format(
                        query=r.query,
                        part=number(r.searches_without_click),
                        whole=number(r.searches_with_results),
                        rate=percent(r.no_click_rate),
                    ),
                )
                for r in no_click.rows
            ]
            self.no_click_chart.set_bars(
                bars, empty_text=empty or insights_view.tr("People opened a result after every search.")
            )

        stats = data.article_stats
        if stats is None:
            self.articles_chart.set_bars([], empty_text=unavailable)
        else:
            article_bars: list[Bar] = []
            for stat in stats.rows:
                value = number(stat.views)
                if stat.helpfulness is not None:
                    value += " · " + insights_view.tr("{rate} helpful").format(rate=percent(stat.helpfulness))
                answers = stat.helpful_yes + stat.helpful_no
                label = titles.get(stat.article_id, stat.article_id)
                views = insights_view.tr("%n views", "", stat.views)
                if answers:
                    tip = insights_view.tr("{article} ({id}): {views}; {yes} of {answers} answers said it helped")
                else:
                    tip = insights_view.tr("{article} ({id}): {views}; no answers yet")
                tip = tip.format(
                    article=label,
                    id=stat.article_id,
                    views=views,
                    yes=number(stat.helpful_yes),
                    answers=number(answers),
                )
                article_bars.append(Bar(label, (float(stat.views),), value, tip))
            self.articles_chart.set_bars(
                article_bars, empty_text=empty or insights_view.tr("No articles opened in this period.")
            )

        self._show_checks(
            data.check_stats, titles, empty or insights_view.tr("No check fired in this period."), unavailable
        )
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
                    insights_view.tr("{sessions} · {solved} solved").format(
                        sessions=number(r.sessions), solved=number(r.solved)
                    ),
                    insights_view.tr(
                        "{check}: shown {times} in {sessions}; the article was opened in {opened}, helped in "
                        "{solved}; {escalated} escalated"
                    ).format(
                        check=r.check,
                        times=insights_view.tr("%n times", "", r.fired),
                        sessions=insights_view.tr("%n sessions", "", r.sessions),
                        opened=number(r.opened),
                        solved=number(r.solved),
                        escalated=number(r.escalated),
                    ),
                )
            )
        series: tuple[str, ...] = ()
        if bars:
            series = (
                insights_view.tr("solved"),
                insights_view.tr("opened, not solved"),
                insights_view.tr("not opened"),
            )
        self.checks_chart.set_bars(bars, series=series, empty_text=empty_text)

    def _empty_text(self, data: InsightsData) -> str:
        """Why there is nothing to show, in the app's language ("" when there is something).

        kbdesk.core.insights_sources says it in English; the same cases, worded here."""
        if not data.empty_reason:
            return ""
        if data.empty_reason == NO_FOLDER:
            return insights_view.tr(NO_FOLDER)
        if data.source == "bundles":
            if data.bundles_read or data.problems:
                return insights_view.tr("The bundles in this folder hold no searches in this period.")
            return insights_view.tr(
                "No escalation bundles ({suffix} files) in {folder}. Choose the folder where you keep them."
            ).format(suffix=BUNDLE_SUFFIX, folder=self.bundle_folder)
        if since_for(self.range_combo.currentData()) is not None and self.db_path.is_file():
            return insights_view.tr(
                "No searches recorded in this period. Pick a longer range, or search in kbdesk to start the history."
            )
        return insights_view.tr(
            "No searches recorded yet. Searches made in kbdesk on this computer appear here "
            "(History must be on in Settings)."
        )

    def _summary_text(self, data: InsightsData) -> str:
        if data.source == "bundles":
            if self.bundle_folder is None:
                return insights_view.tr("Choose a folder of escalation bundles.")
            text = insights_view.tr("{bundles} read from {folder}: {searches} in {cases}.").format(
                bundles=insights_view.tr("%n bundles", "", data.bundles_read),
                folder=self.bundle_folder,
                searches=insights_view.tr("%n searches", "", data.searches),
                cases=insights_view.tr("%n escalated cases", "", data.sessions),
            )
            if data.problems:
                names = ", ".join(name for name, _ in data.problems[:3]) + ("…" if len(data.problems) > 3 else "")
                text += " " + insights_view.tr("%n could not be read ({names}).", "", len(data.problems)).format(
                    names=names
                )
            return text
        if data.empty_reason and not data.searches:
            return self._empty_text(data)
        deflection = data.deflection
        text = insights_view.tr("{searches} in {sessions}").format(
            searches=insights_view.tr("%n searches", "", data.searches),
            sessions=insights_view.tr("%n sessions", "", data.sessions),
        )
        rate = deflection.total.rate if deflection is not None else None
        if deflection is not None and rate is not None:
            total = deflection.total
            text += " · " + insights_view.tr(
                "{rate} solved by self-service ({deflected} of {sessions}; {escalated} escalated)"
            ).format(
                rate=percent(rate),
                deflected=number(total.deflected),
                sessions=insights_view.tr("%n sessions", "", total.searched_sessions),
                escalated=number(total.escalated),
            )
        return text + "."

    # ------------------------------------------------------------ export
    def export_dialog(self, key: str) -> None:
        default = str(Path.home() / f"kbdesk-{key.replace('_', '-')}-{date.today().isoformat()}.csv")
        path, _filter = QFileDialog.getSaveFileName(
            self, insights_view.tr("Export as CSV"), default, insights_view.tr("CSV files (*.csv)")
        )
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
            self.summary.setText(
                insights_view.tr("Could not write {file}: {reason}").format(file=path.name, reason=exc.strerror or exc)
            )
            raise
        self.summary.setText(insights_view.tr("Exported %n rows to {path}", "", len(report.rows)).format(path=path))
        return path


def _day_label(day: date) -> str:
    """A column's label: the day and month as the locale writes them short ("07 Dec", "07.12.")."""
    return QLocale().toString(QDate(day.year, day.month, day.day), insights_view.tr("dd MMM", "a Qt date format"))


def _deflection_tooltip(row: insights.DeflectionPeriod, period: str) -> str:
    day = date_text(row.period_start, long=True)
    if period == "week":
        when = insights_view.tr("Week of {date}").format(date=day)
    else:
        weekday = QLocale().dayName(row.period_start.isoweekday())
        when = insights_view.tr("{weekday} {date}").format(weekday=weekday, date=day)
    rate = percent(row.rate) if row.rate is not None else "—"
    return insights_view.tr(
        "{when}: {rate} — {deflected} of {sessions} solved by self-service; "
        "{escalated} escalated, {not_solved} didn't help, {no_answer} no answer"
    ).format(
        when=when,
        rate=rate,
        deflected=number(row.deflected),
        sessions=insights_view.tr("%n sessions", "", row.searched_sessions),
        escalated=number(row.escalated),
        not_solved=number(row.not_solved),
        no_answer=number(row.no_answer),
    )


INSIGHTS_ACTION = ActionSpec(
    "insights",
    QT_TRANSLATE_NOOP("menus", "&Insights"),
    QT_TRANSLATE_NOOP("menus", "&Tools"),
    ("Ctrl+Shift+I",),
    QT_TRANSLATE_NOOP("menus", "Top searches, content gaps and the deflection rate, as charts"),
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
