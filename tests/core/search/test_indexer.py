"""Incremental, crash-safe sync: real whoosh index and real files on disk."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from fixture_articles import article_text

from kbdesk.core.errors import IndexBusyError, IndexingCancelled
from kbdesk.core.search.engine import SearchEngine
from kbdesk.core.search.indexer import Indexer, WriterLock
from kbdesk.core.search.manifest import FORMAT_VERSION, read_current, read_manifest


def engine_for(folder: Path) -> SearchEngine:
    return SearchEngine(folder)


def kw_ids(engine: SearchEngine, query: str) -> list[str]:
    return [h.id for h in engine.search(query, mode="keyword", filters=_all()).hits]


def _all():
    from kbdesk.core.search.engine import SearchFilters

    return SearchFilters(statuses=())


def test_first_sync_indexes_everything(fixture_kb):
    engine = engine_for(fixture_kb)
    report = engine.sync(embed=False)
    assert sorted(report.added) == sorted(p.stem for p in fixture_kb.glob("*.md"))
    assert report.pending_embeddings == len(report.added)
    assert kw_ids(engine, "printer offline")[0] == "printer-offline"
    # nothing changed: nothing to do
    again = engine.sync(embed=False)
    assert not again.changed and again.generation == report.generation
    engine.close()


def test_add_change_delete_rename(fixture_kb, embedder):
    engine = SearchEngine(fixture_kb, embedder=embedder)
    engine.sync(embed=True)
    gen1 = read_current(engine.index_root)
    vectors1 = read_manifest(gen1).articles

    (fixture_kb / "vpn-drops.md").write_text(
        article_text("vpn-drops", title="VPN keeps dropping", body="Reconnect the tunnel.\n"), encoding="utf-8"
    )
    disk = fixture_kb / "disk-full.md"
    disk.write_text(disk.read_text(encoding="utf-8") + "\nAlso try clearing the zyxwcache folder.\n", encoding="utf-8")
    (fixture_kb / "forgot-password.md").unlink()
    (fixture_kb / "wifi-wont-connect.md").rename(fixture_kb / "wireless.md")

    report = engine.sync(embed=True)
    assert report.added == ("vpn-drops",)
    assert report.updated == ("disk-full",)
    assert report.removed == ("forgot-password",)
    assert report.renamed == ("wifi-wont-connect",)  # the id comes from front matter, not the file name
    assert report.embedded == 2  # only the new and the changed article; the renamed one keeps its vectors

    assert kw_ids(engine, "zyxwcache") == ["disk-full"]
    assert kw_ids(engine, "tunnel")[0] == "vpn-drops"
    assert "forgot-password" not in kw_ids(engine, "forgotten password reset portal")
    manifest = read_manifest(read_current(engine.index_root))
    assert manifest.articles["wifi-wont-connect"].rel_path == "wireless.md"
    assert "forgot-password" not in manifest.articles
    # the old generation is untouched by the update (hard-linked segments are never written)
    assert read_manifest(gen1).articles == vectors1
    engine.close()


def test_touched_file_is_not_reindexed(fixture_kb):
    engine = engine_for(fixture_kb)
    engine.sync(embed=False)
    path = fixture_kb / "disk-full.md"
    os.utime(path, ns=(time.time_ns(), time.time_ns() + 5_000_000_000))
    report = engine.sync(embed=False)
    assert not (report.added or report.updated or report.removed)
    engine.close()


def test_embeddings_fill_in_later(fixture_kb, embedder):
    engine = SearchEngine(fixture_kb, embedder=embedder)
    first = engine.sync(embed=False)
    assert first.pending_embeddings == len(first.added)
    second = engine.sync(embed=True)
    assert second.embedded == len(first.added) and second.pending_embeddings == 0
    assert engine.stats().embedded_articles == len(first.added)
    engine.close()


def test_corrupt_index_is_rebuilt(fixture_kb):
    engine = engine_for(fixture_kb)
    engine.sync(embed=False)
    engine.close()
    gen = read_current(engine.index_root)
    for seg in (gen / "keyword").iterdir():
        seg.write_bytes(b"garbage")
    fresh = engine_for(fixture_kb)
    assert fresh.open() is False  # unusable, not a crash
    report = fresh.sync(embed=False)
    assert report.rebuilt and len(report.added) == len(list(fixture_kb.glob("*.md")))
    assert kw_ids(fresh, "printer offline")[0] == "printer-offline"
    fresh.close()


def test_version_mismatch_is_rebuilt(fixture_kb):
    engine = engine_for(fixture_kb)
    engine.sync(embed=False)
    engine.close()
    (engine.index_root / "CURRENT").write_text(json.dumps({"format": 999, "generation": "g000001"}))
    fresh = engine_for(fixture_kb)
    report = fresh.sync(embed=False)
    assert report.rebuilt
    assert json.loads((engine.index_root / "CURRENT").read_text())["format"] == FORMAT_VERSION
    fresh.close()


def test_garbage_pointer_is_rebuilt(fixture_kb):
    engine = engine_for(fixture_kb)
    engine.sync(embed=False)
    engine.close()
    (engine.index_root / "CURRENT").write_bytes(b"\x00\x01not json")
    fresh = engine_for(fixture_kb)
    assert fresh.sync(embed=False).rebuilt
    fresh.close()


def test_second_writer_is_told_indexing_is_in_progress(fixture_kb):
    indexer = Indexer(fixture_kb, SearchEngine(fixture_kb).index_root)
    with WriterLock(indexer.root / "lock") as held:
        held.acquire(0)
        with pytest.raises(IndexBusyError, match="already in progress"):
            indexer.sync(None, wait=0.3)
    assert indexer.sync(None, wait=0).added  # free again


def test_second_writer_in_another_process_waits(fixture_kb, tmp_path):
    root = SearchEngine(fixture_kb).index_root
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            (
                "import sys, time; from pathlib import Path; from kbdesk.core.search.indexer import WriterLock\n"
                f"lock = WriterLock(Path({str(root / 'lock')!r})); lock.acquire(0); print('held', flush=True); time.sleep(1.5)"
            ),
        ],
        stdout=subprocess.PIPE,
        text=True,
        env=os.environ.copy(),
    )
    assert holder.stdout.readline().strip() == "held"
    with pytest.raises(IndexBusyError, match=r"process \d+"):
        Indexer(fixture_kb, root).sync(None, wait=0)
    started = time.monotonic()
    report = Indexer(fixture_kb, root).sync(None, wait=20)  # waits for the holder to exit
    assert report.added and time.monotonic() - started > 0.3
    holder.wait(10)
    holder.stdout.close()


#: Runs a real sync in a process of its own that stops before its N-th file-system step (argv[3]; 0: never)
#: and waits there to be killed: the steps are the calls that change files (open for writing, mkdir,
#: link, rename/replace, remove, fsync), wrapped only to count them and to print which one comes next.
#: Each stop is one exact point of the sync, whatever the machine's load.
CRASH_SCRIPT = """
import builtins, io, os, sys
from pathlib import Path
from kbdesk.core.search.indexer import Indexer

stop_at = int(sys.argv[3])
steps = 0

def step(name, what):
    global steps
    steps += 1
    print(f"step {steps} {name} {what}", flush=True)
    if steps == stop_at:
        print("stopped", flush=True)
        sys.stdin.read()  # until killed

def counted(module, name):
    real = getattr(module, name)
    def call(*args, **kwargs):
        step(name, args[0] if args else "")
        return real(*args, **kwargs)
    setattr(module, name, call)

for name in ("replace", "rename", "link", "unlink", "remove", "mkdir", "rmdir", "fsync"):
    counted(os, name)
real_os_open, real_open = os.open, builtins.open
def os_open(path, flags, *args, **kwargs):
    if flags & (os.O_WRONLY | os.O_RDWR | os.O_CREAT):
        step("open", path)
    return real_os_open(path, flags, *args, **kwargs)
def open_(file, mode="r", *args, **kwargs):
    if any(c in mode for c in "wax+"):
        step("open", file)
    return real_open(file, mode, *args, **kwargs)
os.open, builtins.open, io.open = os_open, open_, open_
Indexer(Path(sys.argv[1]), Path(sys.argv[2])).sync(None, wait=30)
print("done", flush=True)
"""


def _make_big_kb(folder: Path, count: int, version: int) -> None:
    folder.mkdir(exist_ok=True)
    words = ["printer", "network", "password", "update", "disk", "screen", "audio", "camera", "monitor", "keyboard"]
    for i in range(count):
        body = " ".join(words[(i + j) % len(words)] for j in range(250)) + f" marker{version}x{i}\n"
        (folder / f"a{i:04d}.md").write_text(
            article_text(f"a{i:04d}", title=f"Article {i} v{version}", body=body), encoding="utf-8"
        )


def _sync_stopped_at(kb: Path, root: Path, stop_at: int) -> list[str]:
    """Run CRASH_SCRIPT; SIGKILL it where it stopped (``stop_at`` > 0). The steps it reached, the last one pending."""
    proc = subprocess.Popen(
        [sys.executable, "-c", CRASH_SCRIPT, str(kb), str(root), str(stop_at)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
        env=os.environ.copy(),
    )
    assert proc.stdout is not None and proc.stdin is not None
    steps = []
    for line in proc.stdout:
        if line.startswith("step "):
            steps.append(line.split(" ", 2)[2].strip())
        elif line.strip() == "stopped":
            proc.send_signal(signal.SIGKILL)
            break
        elif line.strip() == "done":
            break
    proc.wait(60)
    proc.stdout.close()
    proc.stdin.close()
    assert proc.returncode == (-signal.SIGKILL if stop_at else 0), steps[-3:]
    return steps


def _index_version(kb: Path, count: int) -> int:
    """Which version of the articles the current index holds, checking that it holds all of one and none of the other."""
    engine = SearchEngine(kb)
    try:
        assert engine.open(), "no usable index"
        assert engine.article_count == count
        versions = {int(engine.article_records()[f"a{i:04d}"].title.rsplit("v", 1)[1]) for i in range(count)}
        assert len(versions) == 1, f"articles of both versions in one index: {versions}"
        (version,) = versions
        for i in (0, count // 2, count - 1):
            assert kw_ids(engine, f"marker{version}x{i}") == [f"a{i:04d}"]
            assert kw_ids(engine, f"marker{3 - version}x{i}") == []
        return version
    finally:
        engine.close()


def test_killed_indexer_leaves_a_usable_index(tmp_path):
    """Kill a real indexing process at chosen steps of its writing; the index is always all old or all new.

    Every kill starts from the same old index, so step N is the same file-system call each time; after each
    kill a normal sync runs over what the killed one left and must complete the work.
    """
    count = 100
    kb = tmp_path / "kb"
    _make_big_kb(kb, count, version=1)
    root = SearchEngine(kb).index_root
    assert Indexer(kb, root).sync(None).added
    pristine = tmp_path / "index-v1"
    shutil.copytree(root, pristine)
    _make_big_kb(kb, count, version=2)  # every article changes

    # one sync to the end, to learn its steps (nothing is stopped; every kill below puts the old index back)
    steps = _sync_stopped_at(kb, root, 0)
    commit = next(
        i for i, s in enumerate(steps, 1) if s.startswith("replace ") and s.endswith(".tmp") and "CURRENT" in s
    )
    renames = [i for i, s in enumerate(steps, 1) if s.startswith(("replace ", "rename "))]
    first_segment = next(i for i, s in enumerate(steps, 1) if s.startswith("open ") and s.endswith(".seg"))
    # the first step, the middle of whoosh's writing, before and after every rename (whoosh's table of contents,
    # the manifest, the generation folder, CURRENT: the commit point), and the very last step
    stops = sorted({1, first_segment, *renames, *(i + 1 for i in renames), len(steps)})
    assert commit in stops and commit + 1 in stops

    outcomes = {}
    for stop in stops:
        shutil.rmtree(root)
        shutil.copytree(pristine, root)
        reached = _sync_stopped_at(kb, root, stop)
        assert len(reached) == stop, f"the sync took another path: {reached[-3:]} against {steps[stop - 3 : stop]}"
        left_partial = any(p.name.endswith(".partial") for p in root.iterdir())
        version = _index_version(kb, count)
        # before the commit point the old index, from it on the new one (the replace of CURRENT is step ``commit``)
        assert version == (1 if stop <= commit else 2), f"killed before step {stop} ({reached[-1]})"
        outcomes[stop] = (version, left_partial)

        report = Indexer(kb, root).sync(None, wait=30)  # the next run completes the work over the debris
        assert _index_version(kb, count) == 2, report
        assert not [p for p in root.iterdir() if p.name.endswith(".partial")], report
    assert any(partial for _, partial in outcomes.values()), "no kill landed while a generation was being written"


def test_duplicate_id_takes_over_when_the_kept_file_goes(tmp_path):
    kb = tmp_path / "kb"
    kb.mkdir()
    (kb / "a.md").write_text(article_text("same", title="First copy", body="alpha words\n"), encoding="utf-8")
    (kb / "b.md").write_text(article_text("same", title="Second copy", body="beta words\n"), encoding="utf-8")
    engine = SearchEngine(kb)
    report = engine.sync(embed=False)
    assert report.added == ("same",)
    assert [i.code for i in report.issues] == ["duplicate-id"]
    assert engine.article_records()["same"].rel_path == "a.md"
    again = engine.sync(embed=False)  # unchanged: the duplicate is still reported
    assert [i.code for i in again.issues] == ["duplicate-id"] and not again.changed
    (kb / "a.md").unlink()
    report = engine.sync(embed=False)
    assert report.updated == ("same",) and report.issues == ()
    assert kw_ids(engine, "beta") == ["same"] and kw_ids(engine, "alpha") == []
    engine.close()


def test_new_keyword_schema_rebuilds_keywords_and_keeps_vectors(fixture_kb, embedder, monkeypatch):
    from kbdesk.core.search import keyword

    engine = SearchEngine(fixture_kb, embedder=embedder)
    first = engine.sync(embed=True)
    engine.close()
    monkeypatch.setattr(keyword, "SCHEMA_VERSION", keyword.SCHEMA_VERSION + 1)  # as after an upgrade
    upgraded = SearchEngine(fixture_kb, embedder=embedder)
    assert upgraded.open() is False  # an old keyword schema is not searched
    report = upgraded.sync(embed=True)
    assert report.rebuilt and report.embedded == 0  # the vectors did not need the model again
    assert report.describe() == "rebuilt"
    assert upgraded.stats().embedded_articles == len(first.added)
    assert kw_ids(upgraded, "printer offline")[0] == "printer-offline"
    upgraded.close()


class _CountingEmbedder:
    """The real embedder, counting the texts it is asked to encode and able to fail after some steps."""

    def __init__(self, inner, fail_after_calls: int | None = None) -> None:
        self.inner, self.fail_after_calls = inner, fail_after_calls
        self.calls = self.texts = 0
        self.name = inner.name

    def encode(self, texts, *, cancel=None):
        if self.fail_after_calls is not None and self.calls >= self.fail_after_calls:
            raise KeyboardInterrupt("stopped mid-embedding")
        self.calls += 1
        self.texts += len(texts)
        return self.inner.encode(texts, cancel=cancel)


def _chunk_count(kb: Path) -> int:
    from kbdesk.core.articles import load_folder
    from kbdesk.core.search.text import chunk_texts

    return sum(len(chunk_texts(a)) for a in load_folder(kb).articles)


def _vectors_match_a_fresh_embedding(engine: SearchEngine, kb: Path, embedder) -> None:
    import numpy as np

    from kbdesk.core.articles import load_folder
    from kbdesk.core.search.text import chunk_texts

    for article in load_folder(kb).articles[:5]:
        got = engine.article_vectors(article.id)
        want = embedder.encode(chunk_texts(article))
        assert np.allclose(got, want, atol=1e-4), article.id


def test_interrupted_embedding_resumes_from_the_cache(tmp_path, embedder, monkeypatch):
    from kbdesk.core.search import indexer
    from kbdesk.core.search.embedding_cache import EmbeddingCache

    monkeypatch.setattr(indexer, "EMBED_STEP", 8)
    kb = tmp_path / "kb"
    _make_big_kb(kb, 30, version=1)
    total = _chunk_count(kb)
    root = SearchEngine(kb).index_root
    assert Indexer(kb, root).sync(None).added  # keyword index first, as the app does

    stopped = _CountingEmbedder(embedder, fail_after_calls=3)
    with pytest.raises(KeyboardInterrupt):
        Indexer(kb, root).sync(stopped)
    assert len(EmbeddingCache()) == 24  # three steps of 8 were saved before the stop

    resumed = _CountingEmbedder(embedder)
    report = Indexer(kb, root).sync(resumed)
    assert report.embedded == 30
    assert resumed.texts == total - 24  # only what the three saved steps did not hold
    engine = SearchEngine(kb, embedder=embedder)
    assert engine.open() and engine.stats().embedded_articles == 30
    _vectors_match_a_fresh_embedding(engine, kb, embedder)
    engine.close()


def test_copied_folder_and_rebuilt_index_cost_no_model_time(tmp_path, embedder):
    import shutil

    import numpy as np

    kb = tmp_path / "kb"
    _make_big_kb(kb, 12, version=1)
    total = _chunk_count(kb)
    first = _CountingEmbedder(embedder)
    Indexer(kb, SearchEngine(kb).index_root).sync(first)
    assert first.texts == total

    copy = tmp_path / "copy-of-kb"
    shutil.copytree(kb, copy)
    again = _CountingEmbedder(embedder)
    report = Indexer(copy, SearchEngine(copy).index_root).sync(again)
    assert report.embedded == 12 and again.texts == 0  # every chunk came from the shared cache

    rebuilt = _CountingEmbedder(embedder)
    Indexer(kb, SearchEngine(kb).index_root).sync(rebuilt, force_rebuild=True)
    assert rebuilt.texts == 0

    one, two = SearchEngine(kb, embedder=embedder), SearchEngine(copy, embedder=embedder)
    assert one.open() and two.open()
    assert np.array_equal(one._snap().vectors.vectors, two._snap().vectors.vectors)
    _vectors_match_a_fresh_embedding(two, copy, embedder)
    one.close()
    two.close()


def test_vectors_read_from_the_cache_in_steps_are_the_ones_embedded(tmp_path, embedder, monkeypatch):
    """A copied folder takes its vectors from the cache a few at a time (a 10,000-article folder: 4,096 of its
    50,000 at a time), with texts that occur twice among them: the same matrix as the model made."""
    import numpy as np

    from kbdesk.core.search import indexer

    kb = tmp_path / "kb"
    _make_big_kb(kb, 8, version=1)
    twin_body = "Restart the print spooler, then clear the queue.\n\n## Still stuck\n\nReinstall the driver.\n"
    for name in ("twin-a", "twin-b"):  # one text in two articles: its chunks are embedded once
        (kb / f"{name}.md").write_text(article_text(name, title="Twins", body=twin_body), encoding="utf-8")
    total = _chunk_count(kb)
    first = _CountingEmbedder(embedder)
    Indexer(kb, SearchEngine(kb).index_root).sync(first)
    assert 0 < first.texts < total  # the twins' chunks once

    monkeypatch.setattr(indexer, "CACHE_READ_STEP", 5)
    copy = tmp_path / "copy-of-kb"
    shutil.copytree(kb, copy)
    again = _CountingEmbedder(embedder)
    report = Indexer(copy, SearchEngine(copy).index_root).sync(again)
    assert report.embedded == 10 and again.texts == 0
    one, two = SearchEngine(kb, embedder=embedder), SearchEngine(copy, embedder=embedder)
    assert one.open() and two.open()
    assert one.stats().chunks == two.stats().chunks == total
    for aid in one.article_records():
        assert np.array_equal(one.article_vectors(aid), two.article_vectors(aid)), aid
    assert np.array_equal(two.article_vectors("twin-a"), two.article_vectors("twin-b"))
    one.close()
    two.close()


def test_second_knowledge_base_embeds_only_what_it_does_not_share(tmp_path, embedder):
    kb, other = tmp_path / "kb", tmp_path / "other"
    _make_big_kb(kb, 10, version=1)
    _make_big_kb(other, 10, version=1)
    for i in (3, 7):  # two of the second folder's articles differ
        path = other / f"a{i:04d}.md"
        path.write_text(path.read_text(encoding="utf-8") + "\nA paragraph only this folder has.\n", encoding="utf-8")
    Indexer(kb, SearchEngine(kb).index_root).sync(_CountingEmbedder(embedder))
    second = _CountingEmbedder(embedder)
    Indexer(other, SearchEngine(other).index_root).sync(second)
    # only the chunks whose text changed: the last body window of each of the two articles
    assert 0 < second.texts <= 2 * 2


EMBED_CRASH_SCRIPT = """
import sys
from pathlib import Path
from kbdesk.core.search import indexer
from kbdesk.core.search.semantic import Embedder
indexer.EMBED_STEP = 8
job = indexer.Indexer(Path(sys.argv[1]), Path(sys.argv[2]))
job.sync(None, wait=30)  # keyword index first, as the app and `kbdesk index` do
job.sync(Embedder(), wait=30)
"""


@pytest.mark.model
def test_killed_embedding_process_resumes(tmp_path, embedder):
    """SIGKILL a real indexing process once it has cached some embedding steps; the next run resumes."""
    from kbdesk.core.search.embedding_cache import EmbeddingCache

    kb = tmp_path / "kb"
    _make_big_kb(kb, 40, version=1)
    total = _chunk_count(kb)
    root = SearchEngine(kb).index_root
    proc = subprocess.Popen(
        [sys.executable, "-c", EMBED_CRASH_SCRIPT, str(kb), str(root)], stdout=subprocess.DEVNULL, env=os.environ.copy()
    )
    cache = EmbeddingCache()
    deadline = time.monotonic() + 180
    while len(cache) < 24:
        assert proc.poll() is None, "the indexer finished before it could be killed"
        assert time.monotonic() < deadline, "no embedding step reached the cache"
        time.sleep(0.05)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    saved = len(cache)
    assert saved % 8 == 0  # whole steps only: each is one transaction
    assert read_current(root) is not None  # the keyword index was committed before embedding began

    resumed = _CountingEmbedder(embedder)
    assert Indexer(kb, root).sync(resumed, wait=30).embedded == 40
    assert resumed.texts == total - saved
    engine = SearchEngine(kb, embedder=embedder)
    assert engine.open()
    _vectors_match_a_fresh_embedding(engine, kb, embedder)
    engine.close()


@pytest.mark.model
def test_cancelled_embedding_stops_before_its_next_batch_and_keeps_the_finished_steps(tmp_path, embedder, monkeypatch):
    """What the app does when it closes mid-embedding: the sync stops before its next batch, not at the end
    of its step; the index is left as it was and the steps already done are not embedded again."""
    from kbdesk.core.search import indexer
    from kbdesk.core.search.embedding_cache import EmbeddingCache

    monkeypatch.setattr(indexer, "EMBED_STEP", 16)  # one batch per step, so "two steps" is exact
    kb = tmp_path / "kb"
    _make_big_kb(kb, 20, version=1)
    total = _chunk_count(kb)
    root = SearchEngine(kb).index_root
    keyword_only = Indexer(kb, root).sync(None)
    stop = threading.Event()

    def progress(stage: str, done: int, _total: int) -> None:
        if stage == "embed" and done >= 32:
            stop.set()  # from now on every check says stop

    with pytest.raises(IndexingCancelled):
        Indexer(kb, root).sync(embedder, progress=progress, cancel=stop.is_set)
    current = read_current(root)
    assert current is not None and current.name == keyword_only.generation
    assert not [p for p in root.iterdir() if p.name.endswith(".partial")]
    assert len(EmbeddingCache()) == 32  # the two finished steps, nothing of the third

    resumed = _CountingEmbedder(embedder)
    assert Indexer(kb, root).sync(resumed).embedded == 20
    assert resumed.texts == total - 32


def test_cancelled_keyword_indexing_leaves_no_index_and_no_debris(tmp_path):
    kb = tmp_path / "kb"
    _make_big_kb(kb, 30, version=1)
    root = SearchEngine(kb).index_root
    asked = []

    def cancel() -> bool:
        asked.append(True)
        return True

    with pytest.raises(IndexingCancelled):
        Indexer(kb, root).sync(None, cancel=cancel)
    assert asked
    assert read_current(root) is None
    assert not [p for p in root.iterdir() if p.name.endswith(".partial")]
    assert Indexer(kb, root).sync(None).added  # the next sync does the work


def test_old_checkpoint_folder_is_removed(fixture_kb):
    from kbdesk.core.search import indexer

    root = SearchEngine(fixture_kb).index_root
    old = root / indexer.OLD_CHECKPOINT_DIR
    old.mkdir(parents=True)
    (old / "step-000001.npz").write_bytes(b"left by an older kbdesk")
    Indexer(fixture_kb, root).sync(None)
    assert not old.exists()
