"""The analytics store against real SQLite files under a temporary KBDESK_HOME."""

from __future__ import annotations

import json
import logging
import sqlite3
import threading
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from kbtest_helpers import break_index, history_with

from kbdesk.core.analytics import (
    SCHEMA_VERSION,
    AnalyticsError,
    AnalyticsReadOnlyError,
    AnalyticsStore,
    FeedbackRecord,
    Migration,
    SearchRecord,
    Trail,
    ViewRecord,
    format_ts,
    normalize_query,
    parse_ts,
    schema,
    to_utc_bound,
)
from kbdesk.core.errors import KbdeskError
from kbdesk.core.paths import state_paths


class Clock:
    """A settable clock, so timestamps in the tests are exact."""

    def __init__(self, start: datetime) -> None:
        self.now = start

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **delta: float) -> None:
        self.now += timedelta(**delta)


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("KBDESK_HOME", str(tmp_path / "home"))
    return tmp_path / "home"


@pytest.fixture
def clock() -> Clock:
    return Clock(datetime(2026, 3, 2, 9, 0, tzinfo=UTC))


@pytest.fixture
def store(home: Path, clock: Clock):
    opened = AnalyticsStore.open(clock=clock)
    yield opened
    opened.close()


def raw(path: Path) -> sqlite3.Connection:
    return sqlite3.connect(path)


def scalar(path: Path, sql: str):
    conn = raw(path)
    try:
        return conn.execute(sql).fetchone()[0]
    finally:
        conn.close()


def counts(path: Path) -> dict[str, int]:
    conn = raw(path)
    try:
        return {
            t: conn.execute(f"SELECT COUNT(*) FROM {t}").fetchone()[0]
            for t in ("sessions", "searches", "views", "feedback", "escalations")
        }
    finally:
        conn.close()


# ----------------------------------------------------------------------------- schema


def test_open_creates_versioned_wal_schema_under_kbdesk_home(store: AnalyticsStore, home: Path) -> None:
    assert store.path == state_paths().analytics_db
    assert store.path.is_relative_to(home)
    assert store.path.is_file()
    assert store.recording and not store.read_only
    assert store.file_version == 0  # a brand-new file starts at 0 and is migrated
    conn = raw(store.path)
    try:
        assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION == 4
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        assert {"sessions", "searches", "views", "feedback", "escalations", "check_hits", "phrasings", "meta"} <= tables
        indexes = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'index'")}
        assert {"idx_searches_query_norm", "idx_views_session_opened", "idx_feedback_article"} <= indexes
        search_columns = {r[1] for r in conn.execute("PRAGMA table_info(searches)")}
        assert {
            "session_id",
            "ts",
            "query",
            "mode",
            "result_ids",
            "result_count",
            "latency_ms",
            "semantic_ready",
            "match_strength",
        } <= search_columns
    finally:
        conn.close()


def test_reopening_a_current_database_keeps_its_rows(home: Path, clock: Clock) -> None:
    with AnalyticsStore.open(clock=clock) as first:
        sid = first.start_session("linux", "0.1.0")
        first.record_search(sid, "wifi", "hybrid", ["a"], 12.5, True)
    with AnalyticsStore.open(clock=clock) as second:
        assert second.file_version == SCHEMA_VERSION
        assert len(second.trail().searches) == 1


def test_migrations_are_numbered_in_order() -> None:
    assert [m.version for m in schema.MIGRATIONS] == list(range(1, len(schema.MIGRATIONS) + 1))
    with pytest.raises(AssertionError):
        schema.check_migrations([Migration(2, "gap", ())])


def test_version_0_database_made_by_hand_is_migrated(home: Path, clock: Clock) -> None:
    path = state_paths().analytics_db
    path.parent.mkdir(parents=True)
    conn = raw(path)
    conn.execute("CREATE TABLE notes (body TEXT)")
    conn.execute("INSERT INTO notes VALUES ('keep me')")
    conn.commit()
    conn.close()
    assert scalar(path, "PRAGMA user_version") == 0

    with AnalyticsStore.open(clock=clock) as store:
        assert store.file_version == 0
        assert store.start_session("linux", "0.1.0") == 1
    assert scalar(path, "PRAGMA user_version") == SCHEMA_VERSION
    assert scalar(path, "SELECT body FROM notes") == "keep me"


def test_current_database_is_migrated_by_a_later_migration(
    home: Path, clock: Clock, monkeypatch: pytest.MonkeyPatch
) -> None:
    with AnalyticsStore.open(clock=clock) as store:
        sid = store.start_session("linux", "0.1.0")
        store.record_search(sid, "printer offline", "keyword", ["p1"], 3.0, False)
    path = state_paths().analytics_db
    assert scalar(path, "PRAGMA user_version") == SCHEMA_VERSION

    future = Migration(
        SCHEMA_VERSION + 1, "remember the UI language of a search", ("ALTER TABLE searches ADD COLUMN locale TEXT",)
    )
    monkeypatch.setattr(schema, "MIGRATIONS", (*schema.MIGRATIONS, future))
    with AnalyticsStore.open(clock=clock) as store:
        assert store.file_version == SCHEMA_VERSION
        assert store.trail().searches[0].query == "printer offline"
        assert store.recording
    assert scalar(path, "PRAGMA user_version") == SCHEMA_VERSION + 1
    conn = raw(path)
    try:
        assert "locale" in {r[1] for r in conn.execute("PRAGMA table_info(searches)")}
    finally:
        conn.close()


def test_version_1_database_gains_match_strength_and_keeps_old_searches(
    home: Path, clock: Clock, monkeypatch: pytest.MonkeyPatch
) -> None:
    with monkeypatch.context() as m:
        m.setattr(schema, "MIGRATIONS", schema.MIGRATIONS[:1])
        with AnalyticsStore.open(clock=clock) as store:
            sid = store.start_session("linux", "0.1.0")
    path = state_paths().analytics_db
    conn = raw(path)  # a search as kbdesk with schema 1 wrote it
    conn.execute(
        "INSERT INTO searches (session_id, ts, query, query_norm, mode, result_ids, result_count, latency_ms,"
        " semantic_ready) VALUES (?, '2026-03-01T10:00:00.000Z', 'printer offline', 'printer offline', 'keyword',"
        " '[\"p1\"]', 1, 3.0, 0)",
        (sid,),
    )
    conn.commit()
    conn.close()
    assert scalar(path, "PRAGMA user_version") == 1
    with AnalyticsStore.open(clock=clock) as store:
        assert store.file_version == 1
        store.record_search(sid, "asdfghjkl", "hybrid", ["p1", "p2", "p3"], 5.0, True, match="weak")
        old, new = store.trail().searches
    assert scalar(path, "PRAGMA user_version") == SCHEMA_VERSION
    assert old.match is None and not old.content_gap
    assert new.match == "weak" and new.content_gap
    assert SearchRecord.from_dict(new.to_dict()) == new


def test_unknown_match_strength_is_a_caller_error(store: AnalyticsStore) -> None:
    sid = store.start_session("linux", "0.1.0")
    with pytest.raises(ValueError):
        store.record_search(sid, "wifi", "hybrid", ["a"], 1.0, True, match="meh")


def test_failed_migration_rolls_back_and_raises_typed_error(
    home: Path, clock: Clock, monkeypatch: pytest.MonkeyPatch
) -> None:
    AnalyticsStore.open(clock=clock).close()
    broken = Migration(SCHEMA_VERSION + 1, "broken", ("ALTER TABLE searches ADD COLUMN extra TEXT", "THIS IS NOT SQL"))
    monkeypatch.setattr(schema, "MIGRATIONS", (*schema.MIGRATIONS, broken))
    with pytest.raises(AnalyticsError):
        AnalyticsStore.open(clock=clock)
    path = state_paths().analytics_db
    assert scalar(path, "PRAGMA user_version") == SCHEMA_VERSION
    conn = raw(path)
    try:
        assert "extra" not in {r[1] for r in conn.execute("PRAGMA table_info(searches)")}
    finally:
        conn.close()


def test_database_from_a_newer_version_is_opened_read_only(
    home: Path, clock: Clock, caplog: pytest.LogCaptureFixture
) -> None:
    with AnalyticsStore.open(clock=clock) as store:
        sid = store.start_session("linux", "0.1.0")
        store.record_search(sid, "wifi", "hybrid", ["a"], 1.0, True)
    path = state_paths().analytics_db
    conn = raw(path)
    conn.execute("PRAGMA user_version = 7")
    conn.commit()
    conn.close()
    before = counts(path)

    with caplog.at_level(logging.WARNING, logger="kbdesk.core.analytics"):
        store = AnalyticsStore.open(clock=clock)
    try:
        assert "newer" in caplog.text
        assert store.read_only and not store.recording
        assert store.file_version == 7
        assert store.start_session("linux", "0.2.0") == 0
        assert store.record_search(sid, "vpn", "hybrid", [], 1.0, True) == 0
        assert [s.query for s in store.trail().searches] == ["wifi"]
        with pytest.raises(AnalyticsReadOnlyError) as info:
            store.clear_history()
        assert isinstance(info.value, KbdeskError) and info.value.hint
    finally:
        store.close()
    assert scalar(path, "PRAGMA user_version") == 7
    assert counts(path) == before


def test_corrupt_file_is_moved_aside_and_a_fresh_one_created(
    home: Path, clock: Clock, caplog: pytest.LogCaptureFixture
) -> None:
    path = state_paths().analytics_db
    path.parent.mkdir(parents=True)
    garbage = b"definitely not an sqlite database " * 200
    path.write_bytes(garbage)

    with caplog.at_level(logging.WARNING, logger="kbdesk.core.analytics"):
        store = AnalyticsStore.open(clock=clock)
    try:
        moved = store.recovered_from
        assert moved is not None
        assert moved.name == "analytics.sqlite3.corrupt-20260302T090000Z"
        assert moved.read_bytes() == garbage  # kept, never deleted
        assert "damaged" in caplog.text and str(moved) in caplog.text
        assert store.recording
        assert store.start_session("linux", "0.1.0") == 1
    finally:
        store.close()
    assert scalar(path, "PRAGMA user_version") == SCHEMA_VERSION

    # a second corrupt file in the same second does not overwrite the first
    path.write_bytes(garbage)
    with AnalyticsStore.open(clock=clock) as again:
        assert again.recovered_from == moved.with_name(moved.name + "-1")
    assert moved.read_bytes() == garbage


def test_clear_history_also_deletes_moved_aside_copies(home: Path, clock: Clock) -> None:
    path = state_paths().analytics_db
    path.parent.mkdir(parents=True)
    path.write_bytes(b"definitely not an sqlite database " * 200)
    with AnalyticsStore.open(clock=clock) as store:
        moved = store.recovered_from
        assert moved is not None and moved.exists()
        store.clear_history()
    assert not moved.exists()
    assert path.exists()  # the live, now empty, database stays


def test_damaged_pages_are_detected_and_moved_aside(home: Path, clock: Clock) -> None:
    with AnalyticsStore.open(clock=clock) as store:
        sid = store.start_session("linux", "0.1.0")
        for i in range(300):
            store.record_search(sid, f"query number {i} " * 4, "hybrid", ["a", "b"], 1.0, True)
    path = state_paths().analytics_db
    with sqlite3.connect(path) as conn:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    data = bytearray(path.read_bytes())
    page = scalar(path, "PRAGMA page_size")
    # the table page that holds search 150, in the middle of the table
    hit = data.find(b"query number 150 " * 5)  # the query, then its normalised copy: a table row, not the index
    assert hit > 0
    start = hit // page * page
    data[start : start + page] = b"\xff" * page
    path.write_bytes(bytes(data))

    with AnalyticsStore.open(clock=clock) as store:
        assert store.recovered_from is not None
        assert store.recovered_from.read_bytes() == bytes(data)
        # the rows on the damaged page are gone; the rows before and after it were kept
        assert store.salvaged is not None
        kept = {s.query.split()[2] for s in store.trail().searches}
        assert len(kept) == dict(store.salvaged.copied)["searches"]
        assert "150" not in kept and {"0", "100", "200", "299"} <= kept
        assert store.recording and store.start_session("linux", "0.1.0") > sid


def test_a_damaged_file_that_still_reads_keeps_its_history(
    home: Path, clock: Clock, caplog: pytest.LogCaptureFixture
) -> None:
    # issue 17: quick_check fails, 50 searches and 50 views still read; they used to end up only in the copy
    path = history_with(50, 50, clock=clock)
    damaged = break_index(path, "idx_searches_query_norm")

    with caplog.at_level(logging.WARNING, logger="kbdesk.core.analytics"):
        store = AnalyticsStore.open(clock=clock)
    try:
        assert store.recovered_from is not None and store.recovered_from.read_bytes() == damaged
        assert store.salvaged is not None
        assert dict(store.salvaged.copied) == {
            "sessions": 1,
            "searches": 50,
            "views": 50,
            "feedback": 0,
            "escalations": 0,
            "check_hits": 0,
            "phrasings": 0,
        }
        assert store.salvaged.lost == () and store.salvaged.describe() == "50 searches, 50 views"
        trail = store.trail()
        assert len(trail.searches) == 50 and len(trail.views) == 50
        assert {v.search_id for v in trail.views} == {s.id for s in trail.searches}
        assert "copied what could be read" in caplog.text and "50 searches, 50 views" in caplog.text
        # the fresh file is healthy and goes on after the highest saved id
        assert scalar(path, "PRAGMA quick_check") == "ok"
        assert store.record_search(trail.sessions[0].id, "after", "keyword", [], 1.0, False) == 51
    finally:
        store.close()

    # the person is told once: the next start finds a healthy file
    with AnalyticsStore.open(clock=clock) as again:
        assert again.recovered_from is None and again.salvaged is None
        assert len(again.trail().searches) == 51


def test_unopenable_location_raises_typed_error(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x")
    with pytest.raises(AnalyticsError) as info:
        AnalyticsStore.open(blocker / "sub" / "analytics.sqlite3")
    assert info.value.hint


# ----------------------------------------------------------------------------- recording


def test_trail_lists_searches_views_and_feedback_in_time_order(store: AnalyticsStore, clock: Clock) -> None:
    sid = store.start_session("windows", "0.1.0")
    s1 = store.record_search(sid, "Wi-Fi  Connected NO internet", "hybrid", ["wifi-dns", "wifi-reset"], 41.5, True)
    clock.advance(seconds=5)
    v1 = store.record_view(sid, "wifi-dns", search_id=s1, rank=1)
    clock.advance(seconds=90)
    store.finish_view(v1, 90)
    store.record_feedback(sid, "wifi-dns", False, "didnt_work", "still no pages", view_id=v1)
    clock.advance(seconds=10)
    s2 = store.record_search(sid, "reset network", "keyword", [], 3.0, False)
    clock.advance(seconds=10)
    v2 = store.record_view(sid, "wifi-reset", rank=None)
    store.finish_view(v2, 30.5)
    clock.advance(seconds=40)
    store.record_feedback(sid, "wifi-reset", True, comment="thanks")

    trail = store.trail(sid)
    assert [e.kind for e in trail.events] == ["search", "view", "feedback", "search", "view", "feedback"]
    assert [e.ts for e in trail.events] == sorted(e.ts for e in trail.events)
    first = trail.searches[0]
    assert isinstance(first, SearchRecord)
    assert (first.id, first.query, first.mode, first.result_ids, first.result_count) == (
        s1,
        "Wi-Fi  Connected NO internet",
        "hybrid",
        ("wifi-dns", "wifi-reset"),
        2,
    )
    assert first.latency_ms == 41.5 and first.semantic_ready is True
    assert trail.searches[1].id == s2 and trail.searches[1].result_count == 0
    assert trail.views[0] == ViewRecord(
        id=v1,
        session_id=sid,
        search_id=s1,
        article_id="wifi-dns",
        opened_at=datetime(2026, 3, 2, 9, 0, 5, tzinfo=UTC),
        seconds_spent=90.0,
        rank=1,
    )
    assert trail.views[1].seconds_spent == 30.5 and trail.views[1].search_id is None
    no, yes = trail.feedback
    assert isinstance(no, FeedbackRecord)
    assert (no.helpful, no.reason, no.comment, no.view_id) == (False, "didnt_work", "still no pages", v1)
    assert (yes.helpful, yes.reason, yes.comment) == (True, None, "thanks")
    assert trail.sessions[0].outcome == "solved"
    assert trail.sessions[0].platform == "windows"

    as_dict = json.loads(json.dumps(trail.to_dict()))
    assert as_dict["format"] == "kbdesk-trail" and as_dict["version"] == 1
    assert as_dict["events"][0]["ts"] == "2026-03-02T09:00:00.000Z"
    assert as_dict["events"][1]["seconds_spent"] == 90.0
    assert as_dict["events"][2]["reason"] == "didnt_work"
    assert Trail.from_dict(as_dict) == trail


def test_trail_filters_by_session_and_since(store: AnalyticsStore, clock: Clock) -> None:
    a = store.start_session("linux", "0.1.0")
    store.record_search(a, "old question", "hybrid", [], 1.0, True)
    store.end_session(a)
    clock.advance(hours=2)
    b = store.start_session("linux", "0.1.0")
    store.record_search(b, "new question", "hybrid", [], 1.0, True)

    assert [s.query for s in store.trail().searches] == ["old question", "new question"]
    assert [s.query for s in store.trail(a).searches] == ["old question"]
    recent = store.trail(since=datetime(2026, 3, 2, 10, 0, tzinfo=UTC))
    assert [s.query for s in recent.searches] == ["new question"]
    assert [s.id for s in recent.sessions] == [b]
    assert recent.to_dict()["since"] == "2026-03-02T10:00:00.000Z"


def test_session_outcome_only_moves_up(store: AnalyticsStore, clock: Clock) -> None:
    def outcome(sid: int) -> str | None:
        return store.trail(sid).sessions[0].outcome

    sid = store.start_session("linux", "0.1.0")
    assert outcome(sid) is None
    store.record_feedback(sid, "a", False, "not_related")
    assert outcome(sid) == "not_solved"
    store.record_feedback(sid, "b", True)
    assert outcome(sid) == "solved"
    store.record_feedback(sid, "c", False)
    assert outcome(sid) == "solved"
    store.record_escalation(sid, "bundle-1", "printer still offline")
    assert outcome(sid) == "escalated"
    store.record_feedback(sid, "d", True)
    assert outcome(sid) == "escalated"
    escalation = store.trail(sid).escalations[0]
    assert (escalation.bundle_id, escalation.summary) == ("bundle-1", "printer still offline")


def test_end_session_stamps_the_first_end_only(store: AnalyticsStore, clock: Clock) -> None:
    sid = store.start_session("linux", "0.1.0")
    clock.advance(minutes=3)
    store.end_session(sid)
    clock.advance(minutes=3)
    store.end_session(sid)
    assert store.trail(sid).sessions[0].ended_at == datetime(2026, 3, 2, 9, 3, tzinfo=UTC)


@pytest.mark.parametrize(
    ("helpful", "reason"),
    [(False, "bogus"), (False, "Not_Related"), (False, ""), (True, "didnt_work"), (True, "other")],
)
def test_feedback_reason_is_validated(store: AnalyticsStore, helpful: bool, reason: str) -> None:
    sid = store.start_session("linux", "0.1.0")
    with pytest.raises(ValueError):
        store.record_feedback(sid, "a", helpful, reason)
    assert store.trail(sid).feedback == ()
    assert store.trail(sid).sessions[0].outcome is None


@pytest.mark.parametrize("reason", [None, "not_related", "didnt_work", "hard_to_follow", "other"])
def test_every_documented_reason_is_accepted(store: AnalyticsStore, reason: str | None) -> None:
    sid = store.start_session("linux", "0.1.0")
    assert store.record_feedback(sid, "a", False, reason) > 0
    assert store.trail(sid).feedback[0].reason == reason


def test_other_argument_validation(store: AnalyticsStore) -> None:
    sid = store.start_session("linux", "0.1.0")
    with pytest.raises(ValueError):
        store.record_view(sid, "a", rank=0)
    view = store.record_view(sid, "a", rank=1)
    with pytest.raises(ValueError):
        store.finish_view(view, -1)
    with pytest.raises(ValueError):
        store.record_search(sid, "q", "hybrid", "not-a-list", 1.0, True)


def test_ids_that_no_longer_exist_are_ignored_not_raised(
    store: AnalyticsStore, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.INFO, logger="kbdesk.core.analytics"):
        assert store.record_search(999, "q", "hybrid", [], 1.0, True) == 0
        assert store.record_feedback(999, "a", True) == 0
        assert store.record_escalation(999, "b", "s") == 0
        store.finish_view(999, 3)
        store.end_session(999)
    assert "no longer exists" in caplog.text
    assert counts(store.path) == {"sessions": 0, "searches": 0, "views": 0, "feedback": 0, "escalations": 0}


def test_session_id_zero_means_not_recorded(store: AnalyticsStore) -> None:
    assert store.record_search(0, "q", "hybrid", [], 1.0, True) == 0
    assert store.record_view(0, "a") == 0
    assert store.record_feedback(0, "a", True) == 0
    assert store.record_escalation(0, "b", "s") == 0
    store.finish_view(0, 1)
    store.end_session(0)
    assert counts(store.path)["searches"] == 0


# ----------------------------------------------------------------------------- analytics off


def test_disabled_store_writes_nothing(home: Path, clock: Clock) -> None:
    store = AnalyticsStore.open(enabled=False, clock=clock)
    try:
        assert not store.recording
        sid = store.start_session("linux", "0.1.0")
        assert sid == 0
        assert store.record_search(sid, "wifi", "hybrid", ["a"], 1.0, True) == 0
        assert store.record_view(sid, "a", rank=1) == 0
        store.finish_view(0, 5)
        assert store.record_feedback(sid, "a", True) == 0
        assert store.record_escalation(sid, "bundle", "summary") == 0
        store.end_session(sid)
        # still a caller bug when analytics is off
        with pytest.raises(ValueError):
            store.record_feedback(sid, "a", False, "nope")
        assert store.trail() == Trail(sessions=(), events=())
        store.clear_history()  # nothing to clear, nothing created
    finally:
        store.close()
    assert not home.exists() or not any(home.rglob("*.sqlite3*"))


def test_turning_analytics_on_and_off_live(home: Path, clock: Clock) -> None:
    store = AnalyticsStore.open(enabled=False, clock=clock)
    try:
        store.set_enabled(True)
        sid = store.start_session("linux", "0.1.0")
        assert sid == 1
        store.set_enabled(False)
        assert store.record_search(sid, "ignored", "hybrid", [], 1.0, True) == 0
        store.set_enabled(True)
        assert store.record_search(sid, "kept", "hybrid", [], 1.0, True) > 0
        assert [s.query for s in store.trail().searches] == ["kept"]
    finally:
        store.close()


# ----------------------------------------------------------------------------- clear history


def _fill(store: AnalyticsStore, secret: str) -> int:
    sid = store.start_session("linux", "0.1.0")
    search = store.record_search(sid, secret, "hybrid", ["a"], 1.0, True)
    view = store.record_view(sid, "a", search_id=search, rank=1)
    store.finish_view(view, 12)
    store.record_feedback(sid, "a", False, "other", comment=secret)
    store.record_escalation(sid, "bundle", secret)
    return sid


def _file_bytes(path: Path) -> bytes:
    return b"".join(p.read_bytes() for p in path.parent.glob(path.name + "*"))


def test_clear_history_wipes_rows_and_file_contents(store: AnalyticsStore) -> None:
    secret = "my-password-is-hunter2-" * 3
    old_session = _fill(store, secret)
    assert secret.encode() in _file_bytes(store.path)

    store.clear_history()

    assert counts(store.path) == {"sessions": 0, "searches": 0, "views": 0, "feedback": 0, "escalations": 0}
    assert secret.encode() not in _file_bytes(store.path)
    assert store.trail().events == ()
    # still usable, and ids are not reused: an old session id cannot collect new events
    new_session = store.start_session("linux", "0.1.0")
    assert new_session > old_session
    assert store.record_search(old_session, "late event", "hybrid", [], 1.0, True) == 0
    assert scalar(store.path, "PRAGMA user_version") == SCHEMA_VERSION


def test_clear_history_works_with_analytics_off(home: Path, clock: Clock) -> None:
    with AnalyticsStore.open(clock=clock) as on:
        _fill(on, "private words")
    with AnalyticsStore.open(enabled=False, clock=clock) as off:
        off.clear_history()
        assert not off.recording
    assert counts(state_paths().analytics_db)["searches"] == 0


# ----------------------------------------------------------------------------- threads and helpers


def test_records_from_many_threads(store: AnalyticsStore) -> None:
    sid = store.start_session("linux", "0.1.0")
    errors: list[BaseException] = []

    def worker(n: int) -> None:
        try:
            for i in range(25):
                store.record_search(sid, f"q{n}-{i}", "hybrid", [], 1.0, True)
        except BaseException as exc:  # noqa: BLE001 - pragma: no cover - reported below
            errors.append(exc)

    threads = [threading.Thread(target=worker, args=(n,)) for n in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert counts(store.path)["searches"] == 100


def test_time_and_query_helpers() -> None:
    assert normalize_query("  Wi-Fi\tNOT   working \n") == "wi-fi not working"
    moment = datetime(2026, 3, 2, 9, 0, 5, 123456, tzinfo=UTC)
    assert format_ts(moment) == "2026-03-02T09:00:05.123Z"
    assert parse_ts("2026-03-02T09:00:05.123Z") == moment.replace(microsecond=123000)
    assert format_ts(datetime(2026, 3, 2, 9, 0)) == "2026-03-02T09:00:00.000Z"  # naive means UTC
    assert to_utc_bound(date(2026, 3, 31)) == "2026-03-31T00:00:00.000Z"
    assert to_utc_bound(date(2026, 3, 31), end=True) == "2026-04-01T00:00:00.000Z"
    assert to_utc_bound(None) is None
    with pytest.raises(TypeError):
        to_utc_bound(3)  # type: ignore[arg-type]


def test_trail_from_dict_rejects_non_trails() -> None:
    with pytest.raises(ValueError):
        Trail.from_dict({"foo": 1})
    with pytest.raises(ValueError):
        Trail.from_dict({"events": [{"kind": "search", "query": "no time"}]})
    # unknown kinds from a newer kbdesk are skipped
    trail = Trail.from_dict({"events": [{"kind": "hologram", "ts": "2026-03-02T09:00:00Z"}]})
    assert trail.events == ()


# ---------------------------------------------------------------- checks that fired (schema 3)


def test_version_2_database_gains_check_hits(home: Path, clock: Clock, monkeypatch: pytest.MonkeyPatch) -> None:
    with monkeypatch.context() as m:
        m.setattr(schema, "MIGRATIONS", schema.MIGRATIONS[:2])
        with AnalyticsStore.open(clock=clock) as store:
            sid = store.start_session("linux", "0.1.0")
            store.record_view(sid, "disk-space-full")
    path = state_paths().analytics_db
    assert scalar(path, "PRAGMA user_version") == 2
    with AnalyticsStore.open(clock=clock) as store:
        assert store.file_version == 2
        assert store.record_check_hit(sid, "disk-space-full", "home-disk-full", "banner") == 1
        assert len(store.trail().views) == 1
    assert scalar(path, "PRAGMA user_version") == SCHEMA_VERSION
    assert scalar(path, "SELECT place FROM check_hits") == "banner"


def test_check_hits_are_recorded_checked_and_cleared(store: AnalyticsStore) -> None:
    sid = store.start_session("linux", "0.1.0")
    assert store.record_check_hit(sid, "disk-space-full", "home-disk-full", "banner") == 1
    assert store.record_check_hit(sid, "disk-space-full", "home-disk-full", "wizard") == 2
    assert store.record_check_hit(0, "disk-space-full", "home-disk-full", "banner") == 0
    with pytest.raises(ValueError, match="unknown place"):
        store.record_check_hit(sid, "disk-space-full", "home-disk-full", "popup")
    assert scalar(store.path, "SELECT COUNT(*) FROM check_hits") == 2
    store.record_view(sid, "disk-space-full")
    assert [e.kind for e in store.trail().events] == ["view"]  # check hits are not trail events
    store.clear_history()
    assert scalar(store.path, "SELECT COUNT(*) FROM check_hits") == 0


def test_check_hits_with_analytics_off_touch_nothing(home: Path, clock: Clock) -> None:
    with AnalyticsStore.open(enabled=False, clock=clock) as store:
        assert store.record_check_hit(1, "a", "b", "banner") == 0
    assert not state_paths().analytics_db.exists()
