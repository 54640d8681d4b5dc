"""The Insights page over a seeded analytics database and over a folder of escalation bundles.

The seed (UTC; week 1 starts Monday 2026-03-02, week 2 Monday 2026-03-09):

A  Mon 03-02  "wifi not working" -> 2 results; opens wifi-a; "Yes"                 solved
B  Mon 03-02  "Wifi not working" -> 1 result; "vpn error 809" -> none; escalates   escalated
C  Tue 03-10  "printer offline" -> 1 result; nothing opened, no answer            (none)
"""

from __future__ import annotations

import csv
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from PySide6.QtGui import QColor, QImage

from kbdesk.core.analytics import AnalyticsStore
from kbdesk.core.bundle import Ticket, write_bundle
from kbdesk.gui.charts import SERIES_DARK, SERIES_LIGHT
from kbdesk.gui.insights_view import InsightsView
from kbdesk.gui.tasks import TaskRunner
from kbdesk.gui.theme import apply_theme


class Clock:
    def __init__(self) -> None:
        self.now = datetime(2026, 3, 2, 9, tzinfo=UTC)

    def __call__(self) -> datetime:
        return self.now

    def at(self, day: int, hour: int, minute: int = 0) -> None:
        self.now = datetime(2026, 3, day, hour, minute, tzinfo=UTC)

    def advance(self, minutes: float) -> None:
        self.now += timedelta(minutes=minutes)


def seed(store: AnalyticsStore, clock: Clock) -> dict[str, int]:
    ids = {}
    clock.at(2, 9)
    a = ids["A"] = store.start_session("linux", "0.1.0")
    s = store.record_search(a, "wifi not working", "hybrid", ["wifi-a", "wifi-b"], 20.0, True)
    clock.advance(1)
    v = store.record_view(a, "wifi-a", search_id=s, rank=1)
    store.finish_view(v, 90)
    store.record_feedback(a, "wifi-a", True, view_id=v)
    clock.at(2, 10)
    b = ids["B"] = store.start_session("windows", "0.1.0")
    store.record_search(b, "Wifi  not working", "hybrid", ["wifi-a"], 20.0, True)
    clock.advance(1)
    store.record_search(b, "vpn error 809", "hybrid", [], 20.0, True)
    clock.advance(1)
    store.record_escalation(b, "bundle-1", "vpn fails")
    clock.at(10, 11)
    c = ids["C"] = store.start_session("macos", "0.1.0")
    store.record_search(c, "printer offline", "keyword", ["printer-a"], 5.0, False)
    return ids


@pytest.fixture
def db(tmp_path: Path):
    path = tmp_path / "analytics.sqlite3"
    clock = Clock()
    store = AnalyticsStore.open(path, clock=clock)
    ids = seed(store, clock)
    yield path, store, ids
    store.close()


@pytest.fixture
def make_view(qtbot):
    def build(db_path: Path) -> InsightsView:
        runner = TaskRunner(synchronous=True)
        view = InsightsView(runner, db_path, titles=lambda: {"wifi-a": "Wi-Fi connected but no internet"})
        view.range_combo.setCurrentIndex(view.range_combo.findData(None))  # all time: the seed is in 2026-03
        qtbot.addWidget(view)
        view.resize(1100, 900)
        view.show()
        return view

    return build


def painted_colors(widget) -> set[str]:
    image: QImage = widget.grab().toImage()
    return {QColor(image.pixel(x, y)).name() for x in range(0, image.width(), 3) for y in range(0, image.height(), 3)}


def test_charts_show_the_seeded_history(db, make_view):
    path, _store, _ids = db
    view = make_view(path)
    data = view.data
    assert data is not None and data.source == "history"
    assert (data.searches, data.sessions) == (4, 3)

    assert [(b.label, b.values) for b in view.top_chart.bars] == [
        ("wifi not working", (2.0,)),
        ("printer offline", (1.0,)),
        ("vpn error 809", (1.0,)),
    ]
    assert [b.label for b in view.zero_chart.bars] == ["vpn error 809"]
    assert [(b.label, b.values) for b in view.gaps_chart.bars] == [
        ("vpn error 809", (0.0, 0.0, 1.0)),
        ("wifi not working", (0.0, 0.0, 1.0)),
    ]
    assert view.gaps_chart.series_names == ("no good match", "didn't help", "escalated")
    # B searched wifi and opened nothing; C searched printer and opened nothing
    assert [(b.label, b.value_text) for b in view.no_click_chart.bars] == [
        ("wifi not working", "1 of 2"),
        ("printer offline", "1 of 1"),
    ]
    # article bars use titles, and say how helpful the article was
    assert [(b.label, b.value_text) for b in view.articles_chart.bars] == [
        ("Wi-Fi connected but no internet", "1 · 100% helpful")
    ]
    # deflection per week: 1 of 2 sessions in week 1, 0 of 1 in week 2
    assert [(c.label, c.value) for c in view.deflection_chart.columns] == [("02 Mar", 0.5), ("09 Mar", 0.0)]
    assert "50%" in view.deflection_chart.columns[0].tooltip or "1 of 2" in view.deflection_chart.columns[0].tooltip
    assert "4 searches in 3 sessions" in view.summary.text()
    assert "33% solved by self-service" in view.summary.text()

    # the bars are really painted, in the series colour
    assert SERIES_LIGHT[0].name() in painted_colors(view.top_chart)

    # by day: one column per day with searched sessions
    view.period_combo.setCurrentIndex(view.period_combo.findData("day"))
    assert [(c.label, c.value) for c in view.deflection_chart.columns] == [("02 Mar", 0.5), ("10 Mar", 0.0)]


def test_charts_are_drawn_in_the_dark_palette(db, make_view):
    path, _store, _ids = db
    apply_theme("dark")
    try:
        view = make_view(path)
        assert SERIES_DARK[0].name() in painted_colors(view.top_chart)
        view.deflection_chart.grab()
    finally:
        apply_theme("system")


def test_csv_export_writes_the_report_rows(db, make_view, tmp_path):
    path, _store, _ids = db
    view = make_view(path)
    written = view.export_csv("top_queries", tmp_path / "top")
    assert written.name == "top.csv"
    with open(written, encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.reader(handle))
    assert rows[0] == ["query", "searches", "sessions", "last_seen"]
    assert [r[:3] for r in rows[1:]] == [
        ["wifi not working", "2", "2"],
        ["printer offline", "1", "1"],
        ["vpn error 809", "1", "1"],
    ]
    written = view.export_csv("deflection", tmp_path / "deflection.csv")
    with open(written, encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.reader(handle))
    assert rows == [
        ["period_start", "searched_sessions", "deflected", "escalated", "not_solved", "no_answer", "rate"],
        ["2026-03-02", "2", "1", "1", "0", "0", "0.5"],
        ["2026-03-09", "1", "0", "0", "0", "1", "0.0"],
    ]


def test_empty_history_says_what_to_do(make_view, tmp_path):
    view = make_view(tmp_path / "nothing-here.sqlite3")
    assert "No searches recorded yet" in view.top_chart.empty_text
    assert "No searches recorded yet" in view.deflection_chart.empty_text
    assert not view.cards["top_queries"].export_button.isEnabled()
    view.top_chart.grab()  # the empty state paints


def test_a_range_with_no_searches_says_so(db, make_view):
    path, _store, _ids = db
    view = make_view(path)
    view.range_combo.setCurrentIndex(0)  # last 7 days: the seed is long past
    assert view.data.searches == 0
    assert "No searches recorded in this period" in view.top_chart.empty_text


def test_bundle_folder_aggregation(db, make_view, tmp_path):
    _path, store, ids = db
    folder = tmp_path / "bundles"
    folder.mkdir()
    ticket = Ticket(
        summary="Cannot connect",
        description="details",
        category="network",
        impact="medium",
        urgency="medium",
        contact="<EMAIL-1>",
        platform="linux",
    )
    consent = {"agreed_at": "2026-03-02T10:05:00Z", "items": []}
    for name, session in (("one.kbbundle", ids["B"]), ("two.kbbundle", ids["C"])):
        write_bundle(folder / name, ticket, store.trail(session).to_dict(), [], {"totals": {}}, consent)
    (folder / "broken.kbbundle").write_bytes(b"this is not a zip file")
    (folder / "notes.txt").write_text("ignored", "utf-8")

    view = make_view(tmp_path / "unused.sqlite3")
    view.set_bundle_folder(folder)
    data = view.data
    assert data.source == "bundles"
    assert data.bundles_read == 2 and [name for name, _ in data.problems] == ["broken.kbbundle"]
    assert [(b.label, b.values) for b in view.top_chart.bars] == [
        ("printer offline", (1.0,)),
        ("vpn error 809", (1.0,)),
        ("wifi not working", (1.0,)),
    ]
    assert [b.label for b in view.zero_chart.bars] == ["vpn error 809"]
    assert {b.label for b in view.gaps_chart.bars} == {"printer offline", "vpn error 809", "wifi not working"}
    # what bundles cannot tell is said, not drawn as zero
    assert (
        view.deflection_chart.columns == ()
        and "Not available from escalation bundles" in view.deflection_chart.empty_text
    )
    assert not view.cards["deflection"].export_button.isEnabled()
    assert "2 bundles read" in view.summary.text() and "broken.kbbundle" in view.summary.text()
    written = view.export_csv("zero_result_queries", tmp_path / "zero.csv")
    with open(written, encoding="utf-8-sig", newline="") as handle:
        assert [r[:3] for r in csv.reader(handle)][1:] == [["vpn error 809", "1", "1"]]
