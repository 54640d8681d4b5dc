"""The session recorder the GUI records through: what it tells the person about the history file."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest
from kbtest_helpers import break_index, history_with

from kbdesk.core.analytics.session import SessionRecorder, trail_summary


def test_a_salvaged_history_is_reported_once(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KBDESK_HOME", str(tmp_path / "home"))
    path = history_with(50, 50)
    break_index(path, "idx_views_article")
    first = SessionRecorder("linux", "0.1.0", path)
    problem = first.open(enabled=True)
    first.close()
    assert problem is not None
    assert problem.startswith("The history file was damaged: recovered 50 searches, 50 views into a fresh one")
    assert ".corrupt-" in problem
    second = SessionRecorder("linux", "0.1.0", path)
    assert second.open(enabled=True) is None
    second.close()


def test_trail_summary_without_history() -> None:
    text = trail_summary(None, {}, app_version="0.1.0", platform="linux", now=datetime(2026, 1, 2, 3, 4))
    assert "kbdesk 0.1.0 on linux, 2026-01-02 03:04" in text
    assert "History is off" in text
