"""Fixtures for the GUI tests: a small real articles folder, a temporary KBDESK_HOME, a real window.

The window runs the real engine, indexer, analytics store and task runner
(worker threads and all). Only the embedding model is left out unless a test
is marked ``model``: it takes seconds to load and keyword search covers the
behaviour under test.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from fixture_articles import write_gui_kb
from gitserver import git_daemon, upstream  # the real git server, for the sources tests
from gui_helpers import gui_settings

from kbdesk.core.settings import Settings

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


@pytest.fixture(autouse=True)
def system_theme_after_each_test(qapp) -> Iterator[None]:
    """The palette is application-wide: a test that picks a theme (the settings dialog previews it) must
    not leave it to the next test."""
    yield
    from kbdesk.gui.theme import restore_system_theme

    restore_system_theme()


@pytest.fixture
def kb_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    home = tmp_path / "home"
    monkeypatch.setenv("KBDESK_HOME", str(home))
    return home


@pytest.fixture
def articles_dir(tmp_path: Path) -> Path:
    folder = write_gui_kb(tmp_path / "articles")
    # a tiny valid PNG next to the articles, for the local image
    from PySide6.QtGui import QColor, QImage

    image = QImage(4, 4, QImage.Format.Format_RGB32)
    image.fill(QColor("red"))
    image.save(str(folder / "pic.png"))
    return folder


@pytest.fixture
def make_window(qtbot, kb_home: Path, articles_dir: Path) -> Iterator[Callable[..., object]]:
    """Build a started MainWindow on the fixture folder; every window is shut down and checked afterwards."""
    from kbdesk.gui.main_window import MainWindow

    threads_before = {t.ident for t in threading.enumerate()}
    windows: list[MainWindow] = []

    def build(
        *,
        watch: bool = False,
        load_model: bool = False,
        settings: Settings | None = None,
        wait_index: bool = True,
        size: tuple[int, int] | None = (1000, 700),
        **kwargs: object,
    ) -> MainWindow:
        settings = settings or gui_settings(articles_dir)
        window = MainWindow(settings, load_model=load_model, watch=watch, platform="linux", **kwargs)
        qtbot.addWidget(window)
        windows.append(window)
        if size is not None:  # None: keep the geometry the window restored
            window.resize(*size)
        window.show()
        window.start()
        if wait_index:
            qtbot.waitUntil(lambda: window.kb.state.index_open, timeout=20_000)
        return window

    yield build
    for window in windows:
        window.shutdown()
        assert window.runner.active_threads() == 0
    # Qt's pool threads show up as _DummyThread once Python code asked for current_thread(); they are
    # checked through runner.active_threads() above. tqdm (used by the model loader) keeps a daemon monitor.
    leftover = [
        t
        for t in threading.enumerate()
        if t.ident not in threads_before
        and t.is_alive()
        and not t.name.startswith("Dummy-")
        and t.name != "tqdm_monitor"
    ]
    assert not leftover, f"threads left running: {leftover}"


__all__ = ["git_daemon", "upstream"]
