"""Chunk vectors by (model, sha256 of the chunk text), shared by every index on the machine.

Embedding is the one slow step of indexing, and the same chunk text gets the
same vector whichever folder it is in. So each vector the model computes is
kept here, and indexing a copied folder, a second knowledge base that shares
articles with the first, or an index deleted and built again takes the
vectors from here instead of running the model. It also makes a long
embedding job resumable: a sync that is killed halfway finds the steps it had
finished here (this replaced the per-index checkpoint folder).

Storage: one SQLite file, ``vectors-v1.sqlite3`` in ``embeddings/`` under the
cache folder (a future format gets a new file name, so two kbdesk versions
never fight over one file). SQLite gives atomic writes (one transaction per
step of the indexer), safe use by several processes at once (the app and
``kbdesk index``), and cheap lookups by key.

* **Bounded**: at most ``max_entries`` vectors (default 200,000, about 330 MB:
  four 10,000-article knowledge bases). When a write goes past it, the least
  recently used tenth is deleted. "Used" is kept to the hour, so lookups
  seldom write.
* **Never a crash**: a damaged or foreign file is deleted and started
  afresh; a busy, read-only or full disk turns the cache off for that call
  (logged). The worst case is running the model, as without a cache.
* **Checked on the way out**: a stored vector of the wrong size, not finite
  or not of unit length is ignored.
"""

from __future__ import annotations

import contextlib
import logging
import sqlite3
import threading
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TypeVar

import numpy as np

log = logging.getLogger(__name__)
_T = TypeVar("_T")

CACHE_VERSION = 1
FILE_NAME = f"vectors-v{CACHE_VERSION}.sqlite3"
#: marks the file as ours ("kbEC"); a SQLite file with another id is not read
APPLICATION_ID = 0x6B624543
MAX_ENTRIES = 200_000
#: keys per SELECT ... IN (...): far below SQLite's variable limit on any build
LOOKUP_BATCH = 500
#: a vector's "last used" time is refreshed at most this often
USED_RESOLUTION_S = 3600

_SCHEMA = """
CREATE TABLE IF NOT EXISTS models (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE,
    dimension INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS vectors (
    model INTEGER NOT NULL REFERENCES models(id),
    text_sha256 BLOB NOT NULL,
    vector BLOB NOT NULL,
    used INTEGER NOT NULL,
    PRIMARY KEY (model, text_sha256)
);
CREATE INDEX IF NOT EXISTS vectors_by_use ON vectors(used);
"""


class _Foreign(Exception):
    """The file is a SQLite database, but not one of ours (or of another version)."""


#: SQLite's result codes for a damaged file and for a file that is not a database
_DAMAGE_CODES = (11, 26)  # SQLITE_CORRUPT, SQLITE_NOTADB


def _is_damage(exc: BaseException) -> bool:
    """Whether the file itself is bad (start afresh), not merely busy, read-only or full (leave it alone)."""
    if isinstance(exc, _Foreign):
        return True
    code = getattr(exc, "sqlite_errorcode", None)
    return isinstance(code, int) and (code & 0xFF) in _DAMAGE_CODES


def default_path() -> Path:
    from ..paths import state_paths

    return state_paths().cache / "embeddings" / FILE_NAME


class EmbeddingCache:
    """Get and put chunk vectors by (model name, sha256 of the chunk text). Thread-safe."""

    def __init__(self, path: Path | None = None, *, max_entries: int = MAX_ENTRIES, timeout: float = 10.0) -> None:
        """``timeout``: how long to wait for another process's write before going on without the cache."""
        self.path = Path(path) if path is not None else default_path()
        self.max_entries = max_entries
        self.timeout = timeout
        self._lock = threading.Lock()
        self._checked = False  # the schema has been checked (or created) by this object

    # ------------------------------------------------------------ public
    def get_many(self, model: str, dimension: int, keys: Sequence[bytes]) -> dict[bytes, np.ndarray]:
        """The stored vectors among ``keys`` (32-byte sha256 digests of chunk texts); {} when none or no cache."""
        if not keys:
            return {}
        found = self._guarded("read", self._get_many, model, dimension, list(keys))
        return found or {}

    def put_many(self, model: str, keys: Sequence[bytes], vectors: np.ndarray) -> None:
        """Store ``vectors`` (one row per key). A failure is logged: it costs model time later, nothing else."""
        if len(keys) == 0:
            return
        if len(keys) != len(vectors):
            raise ValueError("one vector per key")
        self._guarded("write", self._put_many, model, list(keys), np.ascontiguousarray(vectors, dtype=np.float32))

    def __len__(self) -> int:
        return int(self._guarded("count", lambda db: db.execute("SELECT count(*) FROM vectors").fetchone()[0]) or 0)

    def clear(self) -> None:
        with self._lock:
            self._remove_files()
            self._checked = False

    # ------------------------------------------------------------ plumbing
    def _guarded(self, what: str, fn: Callable[..., _T], *args: object) -> _T | None:
        """Run ``fn(db, *args)`` in one transaction.

        A damaged or foreign file is started afresh (once); anything else
        (another process's long write, a read-only or full disk) turns the
        cache off for this call only.
        """
        with self._lock:
            for attempt in (1, 2):
                db = None
                try:
                    db = self._connect()
                    with db:  # all of a write or none of it
                        return fn(db, *args)
                except (_Foreign, sqlite3.DatabaseError) as exc:
                    if attempt == 1 and _is_damage(exc):
                        self._rebuild(exc)
                        continue
                    log.warning("embedding cache %s skipped (%s): %s", self.path, what, exc)
                    return None
                except OSError as exc:
                    log.warning("embedding cache %s unavailable (%s): %s", self.path, what, exc)
                    return None
                finally:
                    if db is not None:
                        db.close()
        return None

    def _connect(self) -> sqlite3.Connection:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        db = sqlite3.connect(self.path, timeout=self.timeout)
        try:
            if not self._checked:
                self._check_schema(db)
                self._checked = True
        except BaseException:
            db.close()
            raise
        return db

    def _check_schema(self, db: sqlite3.Connection) -> None:
        # the three reads in one read transaction: read one at a time, another process creating the file
        # between them showed tables without their application id ("foreign"), and this one then
        # removed the new file as damaged (a rare failure of test_two_processes_write_at_once)
        db.execute("BEGIN")
        try:
            state = self._schema_state(db)
        finally:
            db.rollback()
        if state == "ours":
            return
        # new (or being created by another process right now): check again holding the write lock
        db.execute("BEGIN IMMEDIATE")
        try:
            state = self._schema_state(db)
            if state == "new":
                db.execute(f"PRAGMA application_id = {APPLICATION_ID}")
                db.execute(f"PRAGMA user_version = {CACHE_VERSION}")
                for statement in _SCHEMA.split(";"):
                    if statement.strip():
                        db.execute(statement)
            db.commit()
        except BaseException:
            db.rollback()
            raise
        if state == "new":
            # readers do not wait for a writer; busy, or a file system without shared memory: the default journal works too
            with contextlib.suppress(sqlite3.OperationalError):
                db.execute("PRAGMA journal_mode = WAL")

    @staticmethod
    def _schema_state(db: sqlite3.Connection) -> str:
        """ "ours", "new" (an empty file), or raise _Foreign."""
        app_id = db.execute("PRAGMA application_id").fetchone()[0]
        version = db.execute("PRAGMA user_version").fetchone()[0]
        tables = {row[0] for row in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        if not tables and app_id == 0:
            return "new"
        if app_id != APPLICATION_ID or version != CACHE_VERSION or not {"models", "vectors"} <= tables:
            raise _Foreign(f"not a kbdesk embedding cache of version {CACHE_VERSION} (id {app_id}, version {version})")
        return "ours"

    def _rebuild(self, exc: BaseException) -> None:
        log.warning("embedding cache %s is damaged or foreign, starting a new one: %s", self.path, exc)
        self._remove_files()
        self._checked = False

    def _remove_files(self) -> None:
        for suffix in ("", "-wal", "-shm", "-journal"):
            try:
                self.path.with_name(self.path.name + suffix).unlink()
            except FileNotFoundError:
                pass
            except OSError as exc:
                log.warning("could not remove %s%s: %s", self.path, suffix, exc)

    @staticmethod
    def _model_id(db: sqlite3.Connection, model: str, dimension: int, *, create: bool) -> int | None:
        row = db.execute("SELECT id, dimension FROM models WHERE name = ?", (model,)).fetchone()
        if row is None and create:
            db.execute("INSERT OR IGNORE INTO models (name, dimension) VALUES (?, ?)", (model, dimension))
            row = db.execute("SELECT id, dimension FROM models WHERE name = ?", (model,)).fetchone()
        if row is None:
            return None
        return int(row[0]) if row[1] == dimension else None

    def _get_many(
        self, db: sqlite3.Connection, model: str, dimension: int, keys: list[bytes]
    ) -> dict[bytes, np.ndarray]:
        model_id = self._model_id(db, model, dimension, create=False)
        if model_id is None:
            return {}
        now = int(time.time())
        found: dict[bytes, np.ndarray] = {}
        stale: list[bytes] = []
        size = dimension * 4
        for start in range(0, len(keys), LOOKUP_BATCH):
            part = keys[start : start + LOOKUP_BATCH]
            marks = ",".join("?" * len(part))
            rows = db.execute(
                f"SELECT text_sha256, vector, used FROM vectors WHERE model = ? AND text_sha256 IN ({marks})",
                (model_id, *part),
            )
            for key, blob, used in rows:
                if not isinstance(blob, bytes) or len(blob) != size:
                    continue
                found[bytes(key)] = np.frombuffer(blob, dtype=np.float32)
                if used < now - USED_RESOLUTION_S:
                    stale.append(key)
        if found:
            with np.errstate(all="ignore"):  # damaged bytes may read as huge or not-a-number floats
                norms = np.linalg.norm(np.stack(list(found.values())).astype(np.float64), axis=1)
            bad = ~np.isfinite(norms) | (np.abs(norms - 1.0) > 1e-3)
            if bad.any():
                log.warning("embedding cache: ignoring %d damaged vectors", int(bad.sum()))
                for key in [k for k, b in zip(found, bad, strict=True) if b]:
                    del found[key]
        if stale:
            try:
                db.executemany(
                    "UPDATE vectors SET used = ? WHERE model = ? AND text_sha256 = ?",
                    [(now, model_id, key) for key in stale],
                )
            except sqlite3.OperationalError as exc:  # another process is writing: the vectors matter, not the time
                log.info("embedding cache: could not note the use of %d vectors: %s", len(stale), exc)
        return found

    def _put_many(self, db: sqlite3.Connection, model: str, keys: list[bytes], vectors: np.ndarray) -> None:
        db.execute("BEGIN IMMEDIATE")  # the write lock first: the model row and the count stay ours
        model_id = self._model_id(db, model, vectors.shape[1], create=True)
        if model_id is None:
            log.warning("embedding cache: model %s is stored with another dimension; not caching", model)
            return
        now = int(time.time())
        db.executemany(
            "INSERT OR REPLACE INTO vectors (model, text_sha256, vector, used) VALUES (?, ?, ?, ?)",
            [(model_id, key, vectors[i].tobytes(), now) for i, key in enumerate(keys)],
        )
        count = db.execute("SELECT count(*) FROM vectors").fetchone()[0]
        if count > self.max_entries:
            # down to 90 % of the bound, so the next few writes do not each evict a little
            excess = count - int(self.max_entries * 0.9)
            db.execute(
                "DELETE FROM vectors WHERE rowid IN (SELECT rowid FROM vectors ORDER BY used LIMIT ?)", (excess,)
            )
            log.info("embedding cache: evicted %d least recently used vectors", excess)
