"""KnowledgeBase: the GUI's background work on one articles folder, with the real window around it."""

from __future__ import annotations

from pathlib import Path

import pytest
from fixture_articles import article_text
from gui_helpers import gui_settings

from kbdesk.core.search import indexer
from kbdesk.core.search.embedding_cache import EmbeddingCache
from kbdesk.core.search.engine import SearchEngine
from kbdesk.core.sources.service import source_index_root

WORDS = ("printer", "network", "password", "update", "disk", "screen", "audio", "camera", "monitor", "keyboard")


def _write_many(folder: Path, count: int) -> Path:
    """``count`` articles of about 260 words: three chunks each for the model."""
    folder.mkdir()
    for i in range(count):
        body = " ".join(WORDS[(i + j) % len(WORDS)] for j in range(250)) + f" marker{i}\n"
        (folder / f"a{i:04d}.md").write_text(article_text(f"a{i:04d}", title=f"Article {i}", body=body), "utf-8")
    return folder


@pytest.mark.model
def test_closing_the_window_while_the_model_embeds_stops_the_embedding_and_reports_nothing(
    qtbot, make_window, tmp_path, monkeypatch, capsys
):
    """Closing the app during a long embedding used to wait for the whole embedding step (on a busy machine
    longer than the runner's 30 s), then delete the window under the running job ("Signal source has been
    deleted"). The sync now stops before the model's next batch, and the window closes with no job left."""
    monkeypatch.setattr(indexer, "EMBED_STEP", 100_000)  # the whole job one step: it used to finish all of it
    folder = _write_many(tmp_path / "many", 200)
    window = make_window(settings=gui_settings(folder), load_model=True)
    embedding: list[tuple[int, int]] = []
    window.kb.index_progress.connect(lambda stage, done, total: stage == "embed" and embedding.append((done, total)))
    qtbot.waitUntil(lambda: bool(embedding), timeout=120_000)
    assert embedding[0][0] == 0 and embedding[0][1] >= 600  # the embedding has just begun

    window.close()
    assert window.runner.active_threads() == 0  # the shutdown waited for the sync, and the sync stopped
    assert len(EmbeddingCache()) == 0  # stopped inside its step: no step finished, so none was saved
    engine = SearchEngine(folder, index_root=source_index_root("local"))  # the folder is the source "local"
    assert engine.open()  # the keyword index built before the embedding began is intact
    assert engine.stats().embedded_articles == 0
    assert engine.search("marker7", mode="keyword").hits[0].id == "a0007"
    engine.close()
    assert "Signal source has been deleted" not in capsys.readouterr().err
