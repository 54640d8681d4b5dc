"""SearchEngine's index generations under threads: a search keeps the generation it started on.

The GUI searches on one thread while the indexer syncs on another, and every
sync swaps a new generation into the engine. The engine used to close the old
generation's whoosh reader at once, under a search still reading it
(``ReaderClosed``). These tests hold a real search open on a real thread
against a real index while a real sync replaces the generation. To hold it
open at a known point (rather than hoping two threads meet), the test wraps
``KeywordIndex.search`` so that it waits for a go-ahead before it runs the
real whoosh search: the wrapper adds a pause, nothing else.
"""

from __future__ import annotations

import os
import threading
from pathlib import Path

import pytest

from kbdesk.core.search.engine import SearchEngine, SearchResponse
from kbdesk.core.search.keyword import KeywordIndex

#: generous upper bounds for a thread to reach a point; waited on an event, so a pass costs no time
WAIT_S = 60


def _open_files_under(folder: Path) -> list[str]:
    """Files this process holds open under ``folder`` (whoosh keeps a generation's segment file open)."""
    found = []
    for fd in os.listdir("/proc/self/fd"):
        try:
            target = os.readlink(f"/proc/self/fd/{fd}")
        except OSError:
            continue  # closed since the listing
        if target.startswith(f"{folder}{os.sep}"):
            found.append(target)
    return found


class PausedSearch:
    """A keyword search on a thread of its own that stops inside ``KeywordIndex.search`` until released."""

    def __init__(self, engine: SearchEngine, query: str, monkeypatch: pytest.MonkeyPatch) -> None:
        self.entered, self.proceed = threading.Event(), threading.Event()
        self.response: SearchResponse | None = None
        self.error: BaseException | None = None
        real_search = KeywordIndex.search

        def paused(index: KeywordIndex, *args: object, **kwargs: object) -> object:
            if threading.current_thread() is self.thread:
                self.entered.set()
                assert self.proceed.wait(WAIT_S)
            return real_search(index, *args, **kwargs)  # type: ignore[arg-type]

        monkeypatch.setattr(KeywordIndex, "search", paused)
        self.thread = threading.Thread(target=self._run, args=(engine, query), name="paused-search")
        self.thread.start()
        assert self.entered.wait(WAIT_S), "the search never reached the keyword index"

    def _run(self, engine: SearchEngine, query: str) -> None:
        try:
            self.response = engine.search(query, mode="keyword")
        except BaseException as exc:  # noqa: BLE001 - handed to the test's thread
            self.error = exc

    def finish(self) -> SearchResponse:
        self.proceed.set()
        self.thread.join(WAIT_S)
        assert not self.thread.is_alive()
        if self.error is not None:
            raise self.error
        assert self.response is not None
        return self.response


@pytest.fixture
def engine(fixture_kb):
    engine = SearchEngine(fixture_kb)
    engine.sync(embed=False)
    yield engine
    engine.close()


def _generation_dir(engine: SearchEngine) -> Path:
    stats = engine.stats()
    return Path(stats.index_dir) / stats.generation


def test_a_sync_during_a_search_leaves_the_search_its_generation(engine, fixture_kb, monkeypatch):
    old = _generation_dir(engine)
    assert _open_files_under(old)
    search = PausedSearch(engine, "printer offline", monkeypatch)

    # meanwhile, on this thread: an article changes and the sync swaps a new generation in
    printer = fixture_kb / "printer-offline.md"
    printer.write_text(printer.read_text().replace("Restart the Print Spooler", "Restart the spooler"))
    report = engine.sync(embed=False)
    assert report.updated == ("printer-offline",)
    new = _generation_dir(engine)
    assert new != old

    response = search.finish()  # whoosh raised ReaderClosed here when the sync closed the old generation
    assert response.hits[0].id == "printer-offline"
    # the last user gone, the old generation's reader is closed (no file of it left open), the new one serves
    assert _open_files_under(old) == []
    assert _open_files_under(new)
    assert engine.search("printer offline", mode="keyword").hits[0].id == "printer-offline"


def test_closing_the_engine_during_a_search_lets_the_search_finish(engine, monkeypatch):
    generation = _generation_dir(engine)
    search = PausedSearch(engine, "wifi will not connect", monkeypatch)
    engine.close()  # the app quitting while a search runs on the search thread
    assert _open_files_under(generation)
    assert search.finish().hits[0].id == "wifi-wont-connect"
    assert _open_files_under(generation) == []
