"""The GUI's session recorder (Qt-free): what it tells the person about the history file."""

from __future__ import annotations

from pathlib import Path

import pytest
from kbtest_helpers import break_index, history_with

from kbdesk.gui.session import SessionRecorder


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
