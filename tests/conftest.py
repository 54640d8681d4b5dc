"""Shared fixtures: an isolated KBDESK_HOME for every test, a small real knowledge base,
and one real embedding model per test session (loading it takes seconds)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from fixture_articles import write_fixture_kb

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


@pytest.fixture(autouse=True)
def no_real_keyring():
    """No test reads or writes the real user's keyring: the keyring package's "fail" backend
    is in force unless a test takes ``file_keyring``."""
    import keyring
    import keyring.backends.fail

    previous = keyring.get_keyring()
    keyring.set_keyring(keyring.backends.fail.Keyring())
    yield
    keyring.set_keyring(previous)


@pytest.fixture
def file_keyring(tmp_path):
    """A real keyring backend (keyrings.alt's plain-text file) in the test's folder: no Secret
    Service runs here, and this is the backend a person without one could choose."""
    import keyring
    from keyrings.alt.file import PlaintextKeyring

    backend = PlaintextKeyring()
    backend.file_path = str(tmp_path / "keyring" / "keyring_pass.cfg")
    keyring.set_keyring(backend)
    return backend


@pytest.fixture(scope="session")
def rt_server():
    """The Request Tracker that scripts/servers/rt.sh started (skip, or fail in CI, without it)."""
    from desk_servers import load_rt_server

    return load_rt_server()


@pytest.fixture(scope="session")
def tls_files(tmp_path_factory):
    from desk_servers import make_tls_files

    return make_tls_files(tmp_path_factory.mktemp("tls"))
