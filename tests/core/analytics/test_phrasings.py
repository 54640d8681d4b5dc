"""Learned phrasings in the analytics database: what a "Yes", a "No", a long read and an escalation leave."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime
from pathlib import Path

import pytest

from kbdesk.core.analytics import AnalyticsError, AnalyticsStore, schema
from kbdesk.core.analytics.phrasings import LONG_READ_S, MAX_PHRASING_CHARS, ImportedPhrasing, vectors_path
from kbdesk.core.paths import state_paths


@pytest.fixture
def store():
    opened = AnalyticsStore.open(clock=lambda: datetime(2026, 3, 2, 9, 0, tzinfo=UTC))
    yield opened
    opened.close()


def _search_and_open(store: AnalyticsStore, query: str, article: str = "wifi-wont-connect") -> tuple[int, int]:
    session = store.start_session("linux", "test")
    search = store.record_search(session, query, "hybrid", [article], 3.0, True)
    view = store.record_view(session, article, search, rank=1)
    return session, view


def _rows(store: AnalyticsStore) -> list[tuple[str, str, str, str]]:
    return [(p.article_id, p.text, p.evidence, p.origin) for p in store.phrasings()]


def test_yes_after_a_search_learns_its_text_redacted(store: AnalyticsStore) -> None:
    session, view = _search_and_open(store, "wifi drops, write to alice.smith@example.com please")
    store.record_feedback(session, "wifi-wont-connect", True, view_id=view)
    assert _rows(store) == [("wifi-wont-connect", "wifi drops, write to <EMAIL-1> please", "solved", "local")]
    raw = Path(store.path).read_bytes() + Path(str(store.path) + "-wal").read_bytes()
    phrasings = sqlite3.connect(store.path).execute("SELECT text, text_norm FROM phrasings").fetchall()
    assert all("alice" not in column for row in phrasings for column in row)
    assert b"<EMAIL-1> please" in raw  # the stored text is the redacted one


def test_the_last_word_about_a_view_wins(store: AnalyticsStore) -> None:
    session, view = _search_and_open(store, "laptop will not join the office wifi")
    store.finish_view(view, LONG_READ_S - 1)
    assert _rows(store) == []  # a glance teaches nothing
    store.finish_view(view, LONG_READ_S + 5)
    assert [r[2] for r in _rows(store)] == ["read"]
    store.record_feedback(session, "wifi-wont-connect", False, "didnt_work", view_id=view)
    assert [r[2] for r in _rows(store)] == ["not_helped"]
    store.finish_view(view, LONG_READ_S * 3)  # reading on after "No" does not undo it
    assert [r[2] for r in _rows(store)] == ["not_helped"]
    store.record_feedback(session, "wifi-wont-connect", True, view_id=view)
    assert [r[2] for r in _rows(store)] == ["solved"]
    assert len(store.phrasings()) == 1


def test_an_escalation_turns_long_reads_but_not_answers_into_escalated(store: AnalyticsStore) -> None:
    session = store.start_session("linux", "test")
    for query, article in (("vpn drops every hour", "vpn"), ("printer offline again", "printer")):
        search = store.record_search(session, query, "hybrid", [article], 3.0, True)
        view = store.record_view(session, article, search, rank=1)
        if article == "vpn":
            store.finish_view(view, LONG_READ_S + 1)
        else:
            store.record_feedback(session, article, True, view_id=view)
    store.record_view(session, "disk-full")  # opened from a link, not a search: nothing to learn
    store.record_escalation(session, "bundle-1", "still broken")
    assert sorted((r[0], r[2]) for r in _rows(store)) == [("printer", "solved"), ("vpn", "escalated")]


def test_pasted_logs_are_not_learned_and_secrets_never_reach_the_file(store: AnalyticsStore) -> None:
    session, view = _search_and_open(store, "x " * MAX_PHRASING_CHARS)
    store.record_feedback(session, "wifi-wont-connect", True, view_id=view)
    token = "ghp_" + "a1B2" * 9
    session, view = _search_and_open(store, f"git push says bad credentials with {token}")
    store.record_feedback(session, "wifi-wont-connect", True, view_id=view)
    assert [r[1] for r in _rows(store)] == ["git push says bad credentials with <SECRET-GITHUB-TOKEN-1>"]


def test_a_redactor_that_fails_loses_the_phrasing_not_the_feedback(tmp_path: Path) -> None:
    def broken(_text: str) -> str:
        raise RuntimeError("a bug in a rule")

    with AnalyticsStore.open(tmp_path / "a.sqlite3", redact=broken) as store:
        session, view = _search_and_open(store, "wifi drops")
        assert store.record_feedback(session, "wifi-wont-connect", True, view_id=view) > 0
        assert store.phrasings() == []
        assert store.trail().feedback[0].helpful


def test_imports_are_idempotent_and_keep_the_larger_counts(store: AnalyticsStore) -> None:
    first = [ImportedPhrasing("a", "printer asleep"), ImportedPhrasing("b", "Printer  Asleep")]
    assert store.import_phrasings(first, "history") == (2, 0)
    assert store.import_phrasings(first, "history") == (0, 0)
    fleet = [ImportedPhrasing("a", "printer asleep", "solved", 4, 3)]
    assert store.import_phrasings(fleet, "fleet") == (1, 0)
    assert store.import_phrasings([ImportedPhrasing("a", "printer asleep", "solved", 6, 2)], "fleet") == (0, 1)
    rows = {(p.article_id, p.origin): (p.count, p.machines) for p in store.phrasings()}
    assert rows == {("a", "history"): (1, 1), ("b", "history"): (1, 1), ("a", "fleet"): (6, 3)}
    with pytest.raises(ValueError, match="come from 'history' or 'fleet'"):
        store.import_phrasings(first, "local")


def test_forgetting_articles_drops_every_row_of_them(store: AnalyticsStore) -> None:
    store.import_phrasings([ImportedPhrasing("a", "one"), ImportedPhrasing("b", "two")], "history")
    session, view = _search_and_open(store, "three", "a")
    store.record_feedback(session, "a", True, view_id=view)
    assert store.forget_articles(["a"]) == 2
    assert [r[0] for r in _rows(store)] == ["b"]


def test_clear_history_clears_phrasings_their_vectors_and_the_installation_id(store: AnalyticsStore) -> None:
    session, view = _search_and_open(store, "wifi drops")
    store.record_feedback(session, "wifi-wont-connect", True, view_id=view)
    machine = store.install_id()
    assert len(machine) == 32 and store.install_id() == machine
    vectors = vectors_path(store.path)
    vectors.write_bytes(b"vectors of phrasings")
    store.clear_history()
    assert store.phrasings() == []
    assert not vectors.exists()
    assert store.install_id() != machine


def test_history_off_imports_nothing_and_says_how_to_turn_it_on() -> None:
    store = AnalyticsStore.open(enabled=False)
    with pytest.raises(AnalyticsError, match="History is off") as caught:
        store.import_phrasings([ImportedPhrasing("a", "one")], "history")
    assert "Settings" in caught.value.hint
    assert store.phrasings() == []
    assert not state_paths().analytics_db.exists()


def test_a_schema_2_history_gains_phrasings_and_keeps_its_rows(monkeypatch: pytest.MonkeyPatch) -> None:
    with monkeypatch.context() as m:
        m.setattr(schema, "MIGRATIONS", schema.MIGRATIONS[:2])
        with AnalyticsStore.open() as old:
            session = old.start_session("linux", "0.9")
            old.record_search(session, "printer offline", "hybrid", ["p"], 2.0, True)
            assert old.file_version == 0
    with AnalyticsStore.open() as store:
        assert store.file_version == 2
        assert [s.query for s in store.trail().searches] == ["printer offline"]
        session, view = _search_and_open(store, "printer asleep", "p")
        store.record_feedback(session, "p", True, view_id=view)
        assert [r[1] for r in _rows(store)] == ["printer asleep"]
