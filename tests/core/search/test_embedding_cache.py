"""The shared embedding cache: a real SQLite file, damaged and contended on purpose."""

from __future__ import annotations

import hashlib
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from kbdesk.core.search import embedding_cache
from kbdesk.core.search.embedding_cache import EmbeddingCache

MODEL = "sentence-transformers/all-MiniLM-L6-v2"


def keys(n: int, start: int = 0) -> list[bytes]:
    return [hashlib.sha256(f"chunk {i}".encode()).digest() for i in range(start, start + n)]


def unit_vectors(n: int, seed: int = 0, dim: int = 384) -> np.ndarray:
    v = np.random.default_rng(seed).normal(size=(n, dim)).astype(np.float32)
    return v / np.linalg.norm(v, axis=1, keepdims=True)


def test_vectors_come_back_by_model_and_key(tmp_path):
    cache = EmbeddingCache(tmp_path / "c.sqlite3")
    k, v = keys(50), unit_vectors(50)
    cache.put_many(MODEL, k, v)
    got = cache.get_many(MODEL, 384, k + keys(5, start=1000))
    assert len(got) == 50 and all(np.array_equal(got[key], v[i]) for i, key in enumerate(k))
    assert cache.get_many("another/model", 384, k) == {}
    assert cache.get_many(MODEL, 768, k) == {}  # the same name with another dimension is not this model
    assert EmbeddingCache(tmp_path / "c.sqlite3").get_many(MODEL, 384, k[:3]).keys() == set(k[:3])
    assert len(cache) == 50


def test_default_location_is_under_the_cache_folder(kbdesk_home):
    cache = EmbeddingCache()
    cache.put_many(MODEL, keys(1), unit_vectors(1))
    assert cache.path == kbdesk_home / "cache" / "embeddings" / embedding_cache.FILE_NAME
    assert cache.path.is_file()


def test_bounded_least_recently_used_go_first(tmp_path, monkeypatch):
    clock = [1_000_000.0]
    monkeypatch.setattr(embedding_cache.time, "time", lambda: clock[0])
    cache = EmbeddingCache(tmp_path / "c.sqlite3", max_entries=100)
    old, older = keys(50), keys(50, start=50)
    cache.put_many(MODEL, old, unit_vectors(50, 1))
    clock[0] += 10
    cache.put_many(MODEL, older, unit_vectors(50, 2))
    clock[0] += 2 * embedding_cache.USED_RESOLUTION_S
    assert len(cache.get_many(MODEL, 384, old)) == 50  # used again: now the most recent
    clock[0] += 10
    cache.put_many(MODEL, keys(20, start=500), unit_vectors(20, 3))
    assert len(cache) == 90  # down to 90 % of the bound
    assert len(cache.get_many(MODEL, 384, old)) == 50
    assert len(cache.get_many(MODEL, 384, older)) == 20  # the 30 least recently used went


@pytest.mark.parametrize(
    "damage",
    ["garbage", "empty-header", "truncated", "foreign", "other-version"],
)
def test_damaged_or_foreign_file_is_started_afresh(tmp_path, damage):
    path = tmp_path / "c.sqlite3"
    cache = EmbeddingCache(path)
    cache.put_many(MODEL, keys(300), unit_vectors(300))
    if damage == "garbage":
        path.write_bytes(os.urandom(8192))
    elif damage == "empty-header":
        path.write_bytes(b"SQLite format 3\0" + b"\0" * 100)
    elif damage == "truncated":
        data = path.read_bytes()
        path.write_bytes(data[: len(data) // 3])
    elif damage == "foreign":
        path.unlink()
        with sqlite3.connect(path) as db:
            db.execute("CREATE TABLE notes (text TEXT)")
            db.execute("INSERT INTO notes VALUES ('someone else''s database')")
    else:
        with sqlite3.connect(path) as db:
            db.execute("PRAGMA user_version = 2")
    fresh = EmbeddingCache(path)
    assert fresh.get_many(MODEL, 384, keys(300)) == {} or damage == "truncated"
    fresh.put_many(MODEL, keys(3, start=900), unit_vectors(3))
    assert len(fresh.get_many(MODEL, 384, keys(3, start=900))) == 3


def test_no_damage_ever_raises(tmp_path):
    """Truncations and flipped bytes at many places of a real cache file: reads and writes never raise."""
    good = tmp_path / "good.sqlite3"
    EmbeddingCache(good).put_many(MODEL, keys(200), unit_vectors(200))
    data = good.read_bytes()
    rng = np.random.default_rng(11)
    for trial in range(60):
        path = tmp_path / f"t{trial}.sqlite3"
        damaged = bytearray(data)
        if trial % 3 == 0:
            damaged = damaged[: int(rng.integers(0, len(data)))]
        else:
            for at in rng.integers(0, len(data), size=int(rng.integers(1, 64))):
                damaged[at] = int(rng.integers(0, 256))
        path.write_bytes(bytes(damaged))
        cache = EmbeddingCache(path)
        found = cache.get_many(MODEL, 384, keys(200))
        for vector in found.values():
            assert vector.shape == (384,) and abs(float(np.linalg.norm(vector)) - 1) < 1e-3
        cache.put_many(MODEL, keys(2, start=5000), unit_vectors(2))
        len(cache)


def test_damaged_vectors_are_ignored(tmp_path):
    path = tmp_path / "c.sqlite3"
    cache = EmbeddingCache(path)
    k = keys(4)
    cache.put_many(MODEL, k, unit_vectors(4))
    with sqlite3.connect(path) as db:
        db.execute("UPDATE vectors SET vector = ? WHERE text_sha256 = ?", (b"short", k[0]))
        db.execute("UPDATE vectors SET vector = ? WHERE text_sha256 = ?", (np.full(384, 3, np.float32).tobytes(), k[1]))
        db.execute(
            "UPDATE vectors SET vector = ? WHERE text_sha256 = ?", (np.full(384, np.nan, np.float32).tobytes(), k[2])
        )
    assert set(cache.get_many(MODEL, 384, k)) == {k[3]}


def test_busy_cache_is_skipped_not_waited_for_or_wiped(tmp_path):
    path = tmp_path / "c.sqlite3"
    EmbeddingCache(path).put_many(MODEL, keys(10), unit_vectors(10))
    holder = sqlite3.connect(path, isolation_level=None)
    holder.execute("BEGIN EXCLUSIVE")  # another process in the middle of a long write
    try:
        cache = EmbeddingCache(path, timeout=0.2)
        cache.put_many(MODEL, keys(5, start=100), unit_vectors(5))  # logged, not raised
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert len(EmbeddingCache(path).get_many(MODEL, 384, keys(10))) == 10  # nothing was lost


def test_unusable_location_is_no_crash(tmp_path):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    cache = EmbeddingCache(blocker / "c.sqlite3")
    cache.put_many(MODEL, keys(2), unit_vectors(2))
    assert cache.get_many(MODEL, 384, keys(2)) == {} and len(cache) == 0


WRITER = """
import hashlib, sys
import numpy as np
from pathlib import Path
from kbdesk.core.search.embedding_cache import EmbeddingCache
start = int(sys.argv[2])
cache = EmbeddingCache(Path(sys.argv[1]))
for step in range(10):
    keys = [hashlib.sha256(f"chunk {start + step * 100 + i}".encode()).digest() for i in range(100)]
    v = np.random.default_rng(step).normal(size=(100, 384)).astype(np.float32)
    cache.put_many("m", keys, v / np.linalg.norm(v, axis=1, keepdims=True))
"""


def test_two_processes_write_at_once(tmp_path):
    path = tmp_path / "c.sqlite3"
    procs = [
        subprocess.Popen([sys.executable, "-c", WRITER, str(path), str(start)], stderr=subprocess.PIPE, text=True)
        for start in (0, 500)  # overlapping key ranges: the same chunk written by both
    ]
    for proc in procs:
        _, err = proc.communicate(timeout=120)
        assert proc.returncode == 0, err
        assert "skipped" not in err and "damaged" not in err, err
    assert len(EmbeddingCache(path)) == 1500


def test_clear_removes_the_file(tmp_path):
    cache = EmbeddingCache(tmp_path / "c.sqlite3")
    cache.put_many(MODEL, keys(2), unit_vectors(2))
    cache.clear()
    assert not Path(tmp_path / "c.sqlite3").exists() and len(cache) == 0
