"""Insights over a seeded analytics database whose answers were worked out by hand.

The seed (all times UTC; week 1 starts Monday 2026-03-02, week 2 Monday 2026-03-09):

=====  ================  ==================================================================  ===========
sess.  start             what happened                                                       outcome
=====  ================  ==================================================================  ===========
A      Mon 03-02 09:00   "Wifi  not working" -> [wifi-a, wifi-b]; opens wifi-a (rank 1) at     solved
                         +1 min, 120 s; "Yes" on wifi-a
B      Mon 03-02 10:00   "wifi not working" -> [wifi-a]; opens wifi-a at +2 min, 60 s;         escalated
                         "No" (didnt_work); "vpn error 809" -> []; escalates
C      Tue 03-03 11:00   "printer offline" -> [printer-a] at 11:00 and "Printer Offline"      not_solved
                         at 11:30; opens printer-a at 11:45 (no search link, no time);
                         "No" (not_related)
D      Wed 03-04 12:00   "vpn error 809" -> []                                                none
E      Mon 03-09 08:00   "wifi not working" -> [wifi-a, wifi-b]; opens wifi-b (rank 2,         solved
                         linked to the search) at +20 min, 30 s; "Yes" on wifi-b
F      Mon 03-09 09:00   nothing (no search)                                                  none
H      Tue 03-10 10:00   "VPN error 809" -> []; opens vpn-setup at +2 min, 10 s;              not_solved
                         "No" (hard_to_follow, "too long")
=====  ================  ==================================================================  ===========
"""

from __future__ import annotations

import csv
import json
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest

from kbdesk.core.analytics import AnalyticsError, AnalyticsStore
from kbdesk.core.insights import (
    ArticleStat,
    CheckStat,
    ContentGap,
    DeflectionPeriod,
    NoClickQuery,
    aggregate_trails,
    article_stats,
    check_stats,
    content_gaps,
    deflection,
    no_click_queries,
    top_queries,
    write_csv,
    zero_result_queries,
)
from kbdesk.core.paths import state_paths


class Clock:
    def __init__(self) -> None:
        self.now = datetime(2026, 3, 2, tzinfo=UTC)

    def __call__(self) -> datetime:
        return self.now

    def at(self, day: int, hour: int, minute: int = 0) -> None:
        self.now = datetime(2026, 3, day, hour, minute, tzinfo=UTC)

    def advance(self, minutes: float) -> None:
        self.now += timedelta(minutes=minutes)


def T(day: int, hour: int, minute: int = 0) -> datetime:  # noqa: N802 - reads like a timestamp literal
    return datetime(2026, 3, day, hour, minute, tzinfo=UTC)


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("KBDESK_HOME", str(tmp_path / "home"))
    return tmp_path / "home"


def seed(store: AnalyticsStore, clock: Clock) -> dict[str, int]:
    ids: dict[str, int] = {}

    clock.at(2, 9)
    a = ids["A"] = store.start_session("linux", "0.1.0")
    s = store.record_search(a, "Wifi  not working", "hybrid", ["wifi-a", "wifi-b"], 40.0, True)
    clock.advance(1)
    v = store.record_view(a, "wifi-a", search_id=s, rank=1)
    store.finish_view(v, 120)
    clock.advance(2)
    store.record_feedback(a, "wifi-a", True, view_id=v)
    store.end_session(a)

    clock.at(2, 10)
    b = ids["B"] = store.start_session("linux", "0.1.0")
    s = store.record_search(b, "wifi not working", "hybrid", ["wifi-a"], 35.0, True)
    clock.advance(2)
    v = store.record_view(b, "wifi-a", search_id=s, rank=1)
    store.finish_view(v, 60)
    clock.advance(3)
    store.record_feedback(b, "wifi-a", False, "didnt_work", view_id=v)
    clock.advance(1)
    store.record_search(b, "vpn error 809", "hybrid", [], 30.0, True)
    clock.advance(4)
    store.record_escalation(b, "bundle-b", "wifi and vpn broken")

    clock.at(3, 11)
    c = ids["C"] = store.start_session("windows", "0.1.0")
    store.record_search(c, "printer offline", "keyword", ["printer-a"], 5.0, False)
    clock.at(3, 11, 30)
    store.record_search(c, "Printer Offline", "keyword", ["printer-a"], 5.0, False)
    clock.at(3, 11, 45)
    store.record_view(c, "printer-a")
    clock.at(3, 11, 50)
    store.record_feedback(c, "printer-a", False, "not_related")

    clock.at(4, 12)
    d = ids["D"] = store.start_session("macos", "0.1.0")
    store.record_search(d, "vpn error 809", "hybrid", [], 30.0, True)

    clock.at(9, 8)
    e = ids["E"] = store.start_session("linux", "0.1.0")
    s = store.record_search(e, "wifi not working", "hybrid", ["wifi-a", "wifi-b"], 30.0, True)
    clock.advance(20)
    v = store.record_view(e, "wifi-b", search_id=s, rank=2)
    store.finish_view(v, 30)
    clock.advance(5)
    store.record_feedback(e, "wifi-b", True)

    clock.at(9, 9)
    f = ids["F"] = store.start_session("linux", "0.1.0")
    store.end_session(f)

    clock.at(10, 10)
    h = ids["H"] = store.start_session("linux", "0.1.0")
    store.record_search(h, "VPN error 809", "hybrid", [], 30.0, True)
    clock.advance(2)
    v = store.record_view(h, "vpn-setup")
    store.finish_view(v, 10)
    clock.advance(1)
    store.record_feedback(h, "vpn-setup", False, "hard_to_follow", "too long", view_id=v)
    return ids


@pytest.fixture
def seeded(home: Path):
    clock = Clock()
    store = AnalyticsStore.open(clock=clock)
    ids = seed(store, clock)
    yield store, ids
    store.close()


# ----------------------------------------------------------------------------- queries


def test_top_queries_are_normalised_and_counted(seeded) -> None:
    store, _ = seeded
    report = top_queries(store)
    assert [(r.query, r.searches, r.sessions) for r in report.rows] == [
        ("vpn error 809", 3, 3),  # ties with wifi on counts; the query text breaks the tie
        ("wifi not working", 3, 3),
        ("printer offline", 2, 1),
    ]
    assert report.rows[0].last_seen == T(10, 10)
    assert report.rows[1].last_seen == T(9, 8)
    assert [r.query for r in top_queries(store, limit=1).rows] == ["vpn error 809"]


def test_top_queries_date_range(seeded) -> None:
    store, _ = seeded
    week_two = top_queries(store, since=date(2026, 3, 9))
    assert [(r.query, r.searches) for r in week_two.rows] == [("vpn error 809", 1), ("wifi not working", 1)]
    assert week_two.since == T(9, 0) and week_two.until is None
    # a date as `until` includes that whole day
    first_two_days = top_queries(store, until=date(2026, 3, 3))
    assert [(r.query, r.searches, r.sessions) for r in first_two_days.rows] == [
        ("wifi not working", 2, 2),
        ("printer offline", 2, 1),
        ("vpn error 809", 1, 1),
    ]
    assert first_two_days.until == T(4, 0)
    # a datetime is exclusive
    monday_morning = top_queries(store, since=T(2, 9), until=T(2, 10))
    assert [(r.query, r.searches) for r in monday_morning.rows] == [("wifi not working", 1)]


def test_zero_result_queries(seeded) -> None:
    store, _ = seeded
    report = zero_result_queries(store)
    assert [(r.query, r.searches, r.sessions) for r in report.rows] == [("vpn error 809", 3, 3)]
    assert zero_result_queries(store, until=date(2026, 3, 2)).rows[0].searches == 1


def test_queries_with_results_but_no_click(seeded) -> None:
    store, _ = seeded
    # printer: the view at 11:45 is 45 and 15 minutes after the two searches; wifi in E was clicked
    # 20 minutes later but through a view linked to the search, so it counts as a click
    report = no_click_queries(store, window_minutes=10)
    assert report.rows == (NoClickQuery("printer offline", searches_with_results=2, searches_without_click=2),)
    assert report.rows[0].no_click_rate == 1.0
    wider = no_click_queries(store, window_minutes=20)
    assert wider.rows == (NoClickQuery("printer offline", 2, 1),)
    assert no_click_queries(store, window_minutes=60).rows == ()
    with pytest.raises(ValueError):
        no_click_queries(store, window_minutes=0)


def test_content_gaps(seeded) -> None:
    store, _ = seeded
    report = content_gaps(store)
    assert report.rows == (
        ContentGap("vpn error 809", sessions=2, not_solved=1, escalated=1),  # B escalated, H said No
        ContentGap("wifi not working", sessions=1, not_solved=0, escalated=1),  # B only; A and E were solved
        ContentGap("printer offline", sessions=1, not_solved=1, escalated=0),  # C, searched twice, counts once
    )
    assert content_gaps(store, since=date(2026, 3, 5)).rows == (ContentGap("vpn error 809", 1, 1, 0),)


def test_a_search_that_matched_nothing_well_is_a_content_gap(home: Path) -> None:
    """No article matched well: a gap even when the person never said "No" (they often just leave)."""
    clock = Clock()
    store = AnalyticsStore.open(clock=clock)
    seed(store, clock)
    clock.at(11, 9)
    g = store.start_session("linux", "0.1.0")
    store.record_search(g, "screen sharing in teams", "hybrid", ["a", "b", "c"], 30.0, True, match="weak")
    store.record_search(g, "printer offline", "hybrid", ["printer-a"], 30.0, True, match="strong")
    store.end_session(g)
    clock.at(11, 10)
    k = store.start_session("linux", "0.1.0")
    store.record_search(k, "Screen sharing in Teams", "hybrid", ["a"], 30.0, True, match="weak")
    clock.advance(2)
    store.record_escalation(k, "bundle-k", "cannot share my screen")
    clock.at(11, 11)
    m = store.start_session("linux", "0.1.0")
    store.record_search(m, "???", "keyword", [], 3.0, False, match="none")

    rows = {r.query: r for r in content_gaps(store, since=date(2026, 3, 11)).rows}
    assert rows["screen sharing in teams"] == ContentGap(
        "screen sharing in teams", sessions=2, not_solved=0, escalated=1, no_good_match=1
    )
    assert rows["???"] == ContentGap("???", sessions=1, not_solved=0, escalated=0, no_good_match=1)
    assert "printer offline" not in rows  # matched well, in a session nobody complained about
    store.close()


# ----------------------------------------------------------------------------- articles


def test_article_stats(seeded) -> None:
    store, _ = seeded
    report = article_stats(store)
    assert report.rows == (
        ArticleStat("wifi-a", views=2, helpful_yes=1, helpful_no=1, avg_seconds=90.0, didnt_work=1),
        ArticleStat("printer-a", views=1, helpful_yes=0, helpful_no=1, avg_seconds=None, not_related=1),
        ArticleStat("vpn-setup", views=1, helpful_yes=0, helpful_no=1, avg_seconds=10.0, hard_to_follow=1),
        ArticleStat("wifi-b", views=1, helpful_yes=1, helpful_no=0, avg_seconds=30.0),
    )
    assert [r.helpfulness for r in report.rows] == [0.5, 0.0, 0.0, 1.0]
    later = article_stats(store, since=date(2026, 3, 9))
    assert [(r.article_id, r.views, r.helpful_yes, r.helpful_no) for r in later.rows] == [
        ("vpn-setup", 1, 0, 1),
        ("wifi-b", 1, 1, 0),
    ]


def test_article_with_feedback_but_no_view_is_listed(home: Path) -> None:
    with AnalyticsStore.open() as store:
        sid = store.start_session("linux", "0.1.0")
        store.record_feedback(sid, "orphan", True)
        (row,) = article_stats(store).rows
    assert (row.article_id, row.views, row.helpful_yes, row.avg_seconds, row.helpfulness) == ("orphan", 0, 1, None, 1.0)


# ----------------------------------------------------------------------------- deflection


def test_weekly_deflection(seeded) -> None:
    store, _ = seeded
    report = deflection(store, period="week")
    assert report.rows == (
        # A solved, B escalated, C not solved, D no answer
        DeflectionPeriod(date(2026, 3, 2), searched_sessions=4, deflected=1, escalated=1, not_solved=1, no_answer=1),
        # E solved, H not solved; F had no search and is left out
        DeflectionPeriod(date(2026, 3, 9), searched_sessions=2, deflected=1, escalated=0, not_solved=1, no_answer=0),
    )
    assert [r.rate for r in report.rows] == [0.25, 0.5]
    total = report.total
    assert (total.searched_sessions, total.deflected, total.rate) == (6, 2, pytest.approx(1 / 3))


def test_daily_deflection_with_range(seeded) -> None:
    store, _ = seeded
    report = deflection(store, period="day")
    assert [(r.period_start.day, r.searched_sessions, r.deflected, r.rate) for r in report.rows] == [
        (2, 2, 1, 0.5),
        (3, 1, 0, 0.0),
        (4, 1, 0, 0.0),
        (9, 1, 1, 1.0),
        (10, 1, 0, 0.0),
    ]
    monday = deflection(store, period="day", since=T(2, 0), until=T(3, 0))
    assert [(r.period_start, r.searched_sessions, r.deflected) for r in monday.rows] == [(date(2026, 3, 2), 2, 1)]
    with pytest.raises(ValueError):
        deflection(store, period="month")  # type: ignore[arg-type]


def test_empty_database_gives_empty_reports(home: Path) -> None:
    with AnalyticsStore.open() as store:
        assert top_queries(store).rows == ()
        assert deflection(store).rows == ()
        assert deflection(store).total.rate is None
    with AnalyticsStore.open(enabled=False) as off:
        assert content_gaps(off).rows == ()
        assert article_stats(off).rows == ()


# ----------------------------------------------------------------------------- files and CSV


def test_insights_from_a_database_file_leave_it_untouched(seeded) -> None:
    store, _ = seeded
    expected = (top_queries(store), content_gaps(store), deflection(store))
    store.close()
    path = state_paths().analytics_db
    before = path.read_bytes()
    assert (top_queries(path), content_gaps(str(path)), deflection(path)) == expected
    assert path.read_bytes() == before


def test_insights_from_an_old_version_file_are_migrated_in_memory(tmp_path: Path) -> None:
    import sqlite3

    old = tmp_path / "old.sqlite3"
    conn = sqlite3.connect(old)
    conn.execute("CREATE TABLE unrelated (x)")
    conn.commit()
    conn.close()
    assert top_queries(old).rows == ()
    conn = sqlite3.connect(old)
    try:
        assert conn.execute("PRAGMA user_version").fetchone()[0] == 0
        assert conn.execute("SELECT name FROM sqlite_master").fetchall() == [("unrelated",)]
    finally:
        conn.close()


def test_insights_from_missing_or_damaged_file_raise_typed_errors(tmp_path: Path) -> None:
    with pytest.raises(AnalyticsError):
        top_queries(tmp_path / "nope.sqlite3")
    bad = tmp_path / "bad.sqlite3"
    bad.write_bytes(b"garbage " * 500)
    with pytest.raises(AnalyticsError):
        top_queries(bad)
    assert bad.read_bytes() == b"garbage " * 500  # a file given for reading is never moved


def test_csv_rows_have_a_header_and_plain_values(seeded, tmp_path: Path) -> None:
    store, _ = seeded
    assert top_queries(store).to_csv_rows() == [
        ("query", "searches", "sessions", "last_seen"),
        ("vpn error 809", 3, 3, "2026-03-10T10:00:00.000Z"),
        ("wifi not working", 3, 3, "2026-03-09T08:00:00.000Z"),
        ("printer offline", 2, 1, "2026-03-03T11:30:00.000Z"),
    ]
    articles = article_stats(store).to_csv_rows()
    assert articles[0] == (
        "article_id",
        "views",
        "helpful_yes",
        "helpful_no",
        "helpfulness",
        "avg_seconds",
        "not_related",
        "didnt_work",
        "hard_to_follow",
        "other",
    )
    assert articles[1] == ("wifi-a", 2, 1, 1, 0.5, 90.0, 0, 1, 0, 0)
    assert articles[2] == ("printer-a", 1, 0, 1, 0.0, "", 1, 0, 0, 0)
    assert deflection(store).to_csv_rows()[1] == ("2026-03-02", 4, 1, 1, 1, 1, 0.25)
    assert no_click_queries(store).to_csv_rows()[1] == ("printer offline", 2, 2, 1.0)
    assert content_gaps(store).to_csv_rows()[0] == ("query", "sessions", "not_solved", "escalated", "no_good_match")
    assert zero_result_queries(store).to_csv_rows()[0] == ("query", "searches", "sessions", "last_seen")

    out = tmp_path / "export" / "articles.csv"
    write_csv(article_stats(store), out)
    assert out.read_bytes().startswith(b"\xef\xbb\xbf")
    with out.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.reader(handle))
    assert rows[0][0] == "article_id"
    assert rows[1] == ["wifi-a", "2", "1", "1", "0.5", "90.0", "0", "1", "0", "0"]


def test_csv_neutralises_spreadsheet_formulas(home: Path) -> None:
    with AnalyticsStore.open() as store:
        sid = store.start_session("linux", "0.1.0")
        store.record_search(sid, '=HYPERLINK("http://x")', "hybrid", [], 1.0, True)
        rows = top_queries(store).to_csv_rows()
    assert rows[1][0] == '\'=hyperlink("http://x")'


# ----------------------------------------------------------------------------- trails


def test_aggregate_trails_from_escalation_bundles(seeded) -> None:
    store, ids = seeded
    handmade = {
        "format": "kbdesk-trail",
        "version": 1,
        "sessions": [],
        "events": [
            {"kind": "search", "ts": "2026-03-11T08:00:00.000Z", "query": "WIFI not working", "result_count": 0},
            {
                "kind": "search",
                "ts": "2026-03-11T08:01:00.000Z",
                "query": "wifi not  working",
                "result_ids": ["a", "b"],
            },
            {"kind": "telemetry-from-the-future", "ts": "2026-03-11T08:02:00.000Z"},
        ],
    }
    trails = [
        json.loads(json.dumps(store.trail(ids["B"]).to_dict())),  # wifi (2 results), vpn (0)
        store.trail(ids["H"]).to_dict(),  # vpn (0)
        handmade,
        {"foo": 1},  # not a trail
        {"events": [{"kind": "search", "query": "no timestamp"}]},  # malformed
    ]
    result = aggregate_trails(trails)

    assert (result.trails_read, result.trails_skipped) == (3, 2)
    assert [(r.query, r.searches, r.sessions) for r in result.top_queries.rows] == [
        ("wifi not working", 3, 2),
        ("vpn error 809", 2, 2),
    ]
    assert result.top_queries.rows[0].last_seen == datetime(2026, 3, 11, 8, 1, tzinfo=UTC)
    assert [(r.query, r.searches, r.sessions) for r in result.zero_result_queries.rows] == [
        ("vpn error 809", 2, 2),
        ("wifi not working", 1, 1),
    ]
    assert result.content_gaps.rows == (
        ContentGap("vpn error 809", sessions=2, not_solved=0, escalated=2),
        ContentGap("wifi not working", sessions=2, not_solved=0, escalated=2),
    )
    assert result.content_gaps.to_csv_rows()[1] == ("vpn error 809", 2, 0, 2, 0)


def test_aggregate_no_trails() -> None:
    result = aggregate_trails([])
    assert (result.trails_read, result.trails_skipped, result.top_queries.rows, result.content_gaps.rows) == (
        0,
        0,
        (),
        (),
    )


# ---------------------------------------------------------------- checks: fired, and did the article then solve it


def seed_checks(store: AnalyticsStore, clock: Clock) -> None:
    """P: disk check on the banner at start, article opened, "Yes": solved.
    Q: disk check on the banner, ignored, then on the wizard page; escalated.
    R: printer check on the banner; "Yes" on the printer article *before* it fired (not counted), "No" after.
    S (week 2): disk check on the banner, article opened, no answer."""
    clock.at(2, 9)
    p = store.start_session("linux", "0.1.0")
    store.record_check_hit(p, "disk-space-full", "home-disk-full", "banner")
    clock.advance(1)
    view = store.record_view(p, "disk-space-full")
    clock.advance(3)
    store.record_feedback(p, "disk-space-full", True, view_id=view)

    clock.at(3, 10)
    q = store.start_session("linux", "0.1.0")
    store.record_check_hit(q, "disk-space-full", "home-disk-full", "banner")
    clock.advance(10)
    store.record_check_hit(q, "disk-space-full", "home-disk-full", "wizard")
    store.record_escalation(q, "bundle-q", "disk full")

    clock.at(4, 11)
    r = store.start_session("linux", "0.1.0")
    store.record_feedback(r, "printer-offline", True)
    clock.advance(1)
    store.record_check_hit(r, "printer-offline", "printer-stopped", "banner")
    clock.advance(1)
    store.record_view(r, "printer-offline")
    store.record_feedback(r, "printer-offline", False, "didnt_work")

    clock.at(10, 8)
    s = store.start_session("linux", "0.1.0")
    store.record_check_hit(s, "disk-space-full", "home-disk-full", "banner")
    clock.advance(2)
    store.record_view(s, "disk-space-full")


def test_check_stats_count_firings_and_what_followed(home: Path) -> None:
    clock = Clock()
    with AnalyticsStore.open(clock=clock) as store:
        seed_checks(store, clock)
        report = check_stats(store)
        assert report.rows == (
            CheckStat("disk-space-full", "home-disk-full", fired=4, sessions=3, opened=2, solved=1, escalated=1),
            CheckStat("printer-offline", "printer-stopped", fired=1, sessions=1, opened=1, solved=0, escalated=0),
        )
        assert report.rows[0].check == "disk-space-full#home-disk-full"
        assert report.rows[0].solve_rate == pytest.approx(1 / 3)
        week_one = check_stats(store, until=date(2026, 3, 8))
        assert week_one.rows[0].sessions == 2 and week_one.rows[0].fired == 3
        assert check_stats(store, since=date(2026, 3, 9)).rows == (
            CheckStat("disk-space-full", "home-disk-full", fired=1, sessions=1, opened=1, solved=0, escalated=0),
        )
        assert check_stats(store, limit=1).rows == report.rows[:1]
        rows = report.to_csv_rows()
        assert rows[0] == ("check", "fired", "sessions", "opened", "solved", "escalated", "solve_rate")
        assert rows[1] == ("disk-space-full#home-disk-full", 4, 3, 2, 1, 1, 0.3333)


def test_check_stats_over_an_empty_or_copied_database(home: Path, tmp_path: Path) -> None:
    clock = Clock()
    with AnalyticsStore.open(clock=clock) as store:
        assert check_stats(store).rows == ()
        seed_checks(store, clock)
    copy = tmp_path / "copy.sqlite3"
    copy.write_bytes(state_paths().analytics_db.read_bytes())
    assert len(check_stats(copy).rows) == 2
