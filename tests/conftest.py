"""Shared fixtures: an isolated KBDESK_HOME for every test, a small real knowledge base,
and one real embedding model per test session (loading it takes seconds)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from kbtest_helpers import write_fixture_kb

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


@pytest.fixture(autouse=True)
def kbdesk_home(tmp_path_factory, monkeypatch) -> Path:
    home = tmp_path_factory.mktemp("kbdesk-home")
    monkeypatch.setenv("KBDESK_HOME", str(home))
    return home


@pytest.fixture
def fixture_kb(tmp_path) -> Path:
    return write_fixture_kb(tmp_path / "articles")


@pytest.fixture(scope="session")
def embedder():
    """The real all-MiniLM-L6-v2, loaded once for the whole test session."""
    from kbdesk.core.search.semantic import Embedder

    return Embedder().load()
