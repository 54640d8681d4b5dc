"""Incremental, crash-safe sync of an articles folder into an index.

Layout of one index (``StatePaths.index_root(articles_dir)``)::

    lock                 held (flock) by the one process that is writing
    CURRENT              {"format": 2, "generation": "g000012"}, replaced atomically
    g000012/             a complete, never-modified generation
        manifest.json    format version, model, dimension, per-file and per-article records
        keyword/         the whoosh index
        vectors.npy      float32 (chunks x 384), unit rows; row ranges per article in the manifest
    g000013.partial/     a generation being written; ignored and removed if found later

The manifest and the pointer, their reading and their checks are :mod:`.manifest`'s.

whoosh is not crash-safe by itself: a writer killed mid-commit can leave a
broken index, and a second writer gets ``LockError``. So whoosh never writes
into a generation anyone reads. Each sync copies the current generation into
a new ``.partial`` folder (whoosh's segment files are immutable once written,
so they are hard-linked, not copied; the small table-of-contents files are
copied), applies the changes there, writes the manifest, renames the folder
to its final name and only then points ``CURRENT`` at it with one atomic
``os.replace``. A crash before that replace leaves the previous generation in
charge; a crash after it leaves the new one. Either way the index is usable,
and the next sync completes the work.

Writers are serialised by an exclusive lock on ``lock``. A second sync waits
up to ``wait`` seconds and then raises :class:`IndexBusyError` naming the
process that holds it.

Embedding is the one long step (minutes for 10,000 articles on two cores),
so every 512 chunks the new vectors are saved to the embedding cache shared
by all indexes on the machine (:mod:`.embedding_cache`), keyed by the model
and the sha256 of the chunk text. A sync that is killed and run again embeds
only the chunks it does not find there, and so does the first sync of a
copied folder or of a second knowledge base with the same articles.

Change detection compares, per file, (size, mtime) first and the sha256 of
the bytes when those differ. Embeddings are keyed by the article's content
hash, so a renamed or touched file is never re-embedded.
"""

from __future__ import annotations

import hashlib
import logging
import os
import shutil
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import numpy.typing as npt

from .. import articles as articles_mod
from ..articles import Article, ArticleIssue
from ..errors import ArticlesFolderError, IndexBusyError, IndexCorruptError
from ..fsutil import atomic_write_text, fsync_dir, try_lock, unlock
from . import keyword
from .embedding_cache import EmbeddingCache
from .manifest import (
    RECORDS_VERSION,
    ArticleRecord,
    FileRecord,
    IssueRecord,
    Manifest,
    check_generation,
    keyword_file_table,
    pointer_text,
    read_current,
    read_manifest,
)
from .semantic import DIMENSION, CancelFn, Embedder, save_vectors
from .text import chunk_texts

log = logging.getLogger(__name__)

#: generations kept besides the current one, for readers that still have one open
KEEP_OLD_GENERATIONS = 1
#: chunks embedded per step between progress reports (and saves to the embedding cache)
EMBED_STEP = 512
#: chunk vectors asked of the embedding cache at a time. Asking for all of a 10,000-article folder's
#: 50,000 at once held them three times over (the looked-up rows, their stack and its float64 copy for the
#: norm check): the copied folder's sync peaked at 644 MB; in steps it holds one step's (docs/benchmarks.md)
CACHE_READ_STEP = 4096
#: the per-index checkpoint folder of kbdesk before the shared embedding cache; removed when found
OLD_CHECKPOINT_DIR = "embedding-checkpoint"

ProgressFn = Callable[[str, int, int], None]


@dataclass(frozen=True)
class SyncReport:
    added: tuple[str, ...] = ()
    updated: tuple[str, ...] = ()
    removed: tuple[str, ...] = ()
    #: where each removed article's file was (relative to the folder), in the order of ``removed``
    removed_paths: tuple[str, ...] = ()
    renamed: tuple[str, ...] = ()
    embedded: int = 0  # articles embedded in this run
    pending_embeddings: int = 0  # articles still without vectors (no model given)
    issues: tuple[ArticleIssue, ...] = ()
    generation: str = ""
    rebuilt: bool = False
    seconds: float = 0.0

    @property
    def changed(self) -> bool:
        return bool(self.added or self.updated or self.removed or self.renamed or self.embedded)

    def describe(self) -> str:
        parts = []
        for label, ids in (
            ("added", self.added),
            ("updated", self.updated),
            ("removed", self.removed),
            ("renamed", self.renamed),
        ):
            if ids:
                parts.append(f"{len(ids)} {label}")
        if self.embedded:
            parts.append(f"{self.embedded} embedded")
        text = ", ".join(parts) if parts else ("" if self.rebuilt else "up to date")
        if self.rebuilt:
            text = "rebuilt" + (f": {text}" if text else "")
        if self.pending_embeddings:
            text += f" ({self.pending_embeddings} waiting for the semantic model)"
        return text


# ---------------------------------------------------------------- locking


class WriterLock:
    """An exclusive, process-wide lock on one index; released when the holder dies."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._fd: int | None = None

    def acquire(self, wait: float) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
        deadline = time.monotonic() + wait
        while True:
            if try_lock(fd):
                break
            if time.monotonic() >= deadline:
                holder = _read_holder(fd)
                os.close(fd)
                raise IndexBusyError(
                    f"indexing is already in progress{holder} for this articles folder",
                    hint="wait for it to finish, then run the command again",
                )
            time.sleep(0.1)
        os.ftruncate(fd, 0)
        os.pwrite(fd, f"{os.getpid()}\n".encode(), 0)
        self._fd = fd

    def release(self) -> None:
        if self._fd is not None:
            unlock(self._fd)
            os.close(self._fd)
            self._fd = None

    def __enter__(self) -> WriterLock:
        return self

    def __exit__(self, *exc: object) -> None:
        self.release()


def _read_holder(fd: int) -> str:
    try:
        pid = os.pread(fd, 32, 0).decode().strip()
    except OSError:
        return ""
    return f" (process {pid})" if pid.isdigit() else ""


# ---------------------------------------------------------------- generations


def _next_generation_name(root: Path) -> str:
    numbers = [int(p.name[1:7]) for p in root.glob("g[0-9][0-9][0-9][0-9][0-9][0-9]*") if p.name[1:7].isdigit()]
    return f"g{(max(numbers) + 1) if numbers else 1:06d}"


def _clone_keyword(src: Path, dst: Path) -> None:
    """Copy a whoosh index cheaply: segments (immutable) are hard-linked, the rest copied."""
    dst.mkdir(parents=True)
    for item in src.iterdir():
        if item.name.endswith(".seg"):
            try:
                os.link(item, dst / item.name)
                continue
            except OSError:
                pass  # another file system or no hard links: fall back to a copy
        if not item.name.endswith("_LOCK") and item.is_file():
            shutil.copy2(item, dst / item.name)


def _remove_tree(path: Path) -> None:
    shutil.rmtree(path, ignore_errors=True)


def _collect_garbage(root: Path, keep: Path) -> None:
    gens = sorted((p for p in root.iterdir() if p.is_dir() and p.name.startswith("g")), key=lambda p: p.name)
    for p in gens:
        if p.name.endswith(".partial"):
            _remove_tree(p)
    complete = [p for p in gens if not p.name.endswith(".partial") and p != keep and p.name < keep.name]
    for p in complete[: max(0, len(complete) - KEEP_OLD_GENERATIONS)]:
        _remove_tree(p)  # a reader on Windows may still hold it; then it goes next time


# ---------------------------------------------------------------- scanning


@dataclass(frozen=True)
class ScannedFile:
    """One file as this sync found it: its manifest entry, and its article's record (None: skipped)."""

    rel_path: str
    entry: FileRecord
    article: ArticleRecord | None


@dataclass
class FolderScan:
    files: dict[str, ScannedFile]  # rel_path -> what was found
    articles: dict[str, Article | None]  # id -> freshly parsed Article (None: reuse the old record)
    kept: dict[str, ArticleRecord]  # id -> record (of the file kept for that id), without a chunk range
    issues: list[ArticleIssue]

    def files_table(self) -> dict[str, FileRecord]:
        return {rel: self.files[rel].entry for rel in sorted(self.files)}


def scan_folder(
    folder: Path, previous: Mapping[str, FileRecord], previous_articles: Mapping[str, ArticleRecord]
) -> FolderScan:
    """Read what changed in ``folder``; reuse what did not (by size and mtime, then hash)."""
    files: dict[str, ScannedFile] = {}
    fresh: dict[str, Article] = {}
    for rel, path in articles_mod.article_entries(folder):
        try:
            st = os.stat(path)
            size, mtime = st.st_size, st.st_mtime_ns
        except OSError:
            size, mtime = -1, -1
        old = previous.get(rel)
        if old and old.size == size and old.mtime_ns == mtime and size >= 0:
            # the files table names the article by id; its record lives once, in "articles"
            kept = previous_articles.get(old.id) if old.id else None
            if old.id is None or (kept is not None and kept.rel_path == rel):
                record = kept.with_rows(None, None) if kept else None
                files[rel] = ScannedFile(rel, FileRecord(size, mtime, old.sha256, old.id, old.issues), record)
                continue
            # a duplicate id that was skipped last time: parse it again, it may be kept now
        article, issues = articles_mod.load_file(Path(path), root=folder)
        entry = FileRecord(
            size,
            mtime,
            article.content_hash if article else "",
            article.id if article else None,
            tuple(IssueRecord.from_issue(i, folder) for i in issues),
        )
        files[rel] = ScannedFile(rel, entry, ArticleRecord.from_article(article) if article else None)
        if article is not None:
            fresh[rel] = article

    kept_records: dict[str, ArticleRecord] = {}
    parsed: dict[str, Article | None] = {}
    all_issues: list[ArticleIssue] = []
    for rel in sorted(files):  # the path that sorts first keeps a duplicate id
        scanned = files[rel]
        all_issues.extend(i.to_issue(folder) for i in scanned.entry.issues)
        record = scanned.article
        if record is None:
            continue
        aid = record.id
        if aid in kept_records:
            first = kept_records[aid].rel_path
            all_issues.append(
                ArticleIssue(
                    folder / rel,
                    None,
                    "error",
                    "duplicate-id",
                    f"id '{aid}' is also used by {first}; keeping {first} (the path that sorts first) "
                    "and skipping this file",
                )
            )
            continue
        kept_records[aid] = record
        parsed[aid] = fresh.get(rel)
    return FolderScan(files, parsed, kept_records, all_issues)


# ---------------------------------------------------------------- sync


class Indexer:
    """Keeps the index of one articles folder in step with the folder."""

    def __init__(
        self,
        articles_dir: Path,
        index_root: Path,
        *,
        cache: EmbeddingCache | None = None,
        known: tuple[Path, Manifest] | None = None,
    ) -> None:
        """``cache``: where vectors are shared between indexes (default: the one in the cache folder).
        ``known``: a generation of this root and its manifest another indexer already holds
        (:meth:`known_manifest`): a new revision of a source, indexed on the same root, starts from it
        instead of parsing it again (at 3,000 articles that parse was half the re-index's CPU)."""
        self.articles_dir = Path(articles_dir).expanduser()
        self.root = Path(index_root)
        self.cache = cache
        self._manifest_cache: tuple[Path, Manifest] | None = known

    def known_manifest(self) -> tuple[Path, Manifest] | None:
        """The generation whose manifest this indexer holds in memory, and that manifest (None: none yet)."""
        return self._manifest_cache

    def current(self) -> Path | None:
        return read_current(self.root)

    def manifest_of(self, gen: Path) -> Manifest:
        """The manifest of a generation; the one this indexer last wrote or read is kept
        in memory (at 10,000 articles parsing it costs ~0.2 s, and a sync needs it twice).
        Generations never change once written, so the cache cannot go stale."""
        cached = self._manifest_cache
        if cached is not None and cached[0] == gen:
            return cached[1]
        manifest = read_manifest(gen)
        self._manifest_cache = (gen, manifest)
        return manifest

    def sync(
        self,
        embedder: Embedder | None = None,
        *,
        progress: ProgressFn | None = None,
        wait: float = 0.0,
        force_rebuild: bool = False,
        cancel: CancelFn | None = None,
    ) -> SyncReport:
        """Bring the index up to date with the folder.

        Without an ``embedder`` the keyword index is brought up to date and
        new or changed articles wait for their vectors; a later sync with the
        model embeds them. ``cancel`` is asked between articles and between
        batches of the model: when it says stop, IndexingCancelled is raised
        and the index stays as it was (the finished embedding steps are kept
        in the embedding cache).
        """
        started = time.monotonic()
        if not self.articles_dir.is_dir():
            raise ArticlesFolderError(
                f"articles folder not found: {self.articles_dir}", hint="check the path, or pass --articles DIR"
            )
        self.root.mkdir(parents=True, exist_ok=True)
        with WriterLock(self.root / "lock") as lock:
            lock.acquire(wait)
            return self._sync_locked(embedder, progress, force_rebuild, started, cancel)

    def _sync_locked(
        self,
        embedder: Embedder | None,
        progress: ProgressFn | None,
        force_rebuild: bool,
        started: float,
        cancel: CancelFn | None,
    ) -> SyncReport:
        report = progress or (lambda stage, done, total: None)
        prev_gen: Path | None = None
        prev_manifest: Manifest | None = None
        rebuilt = False
        try:
            prev_gen = None if force_rebuild else read_current(self.root)
            if prev_gen is not None:
                prev_manifest = self.manifest_of(prev_gen)
                check_generation(prev_gen, prev_manifest)
                keyword.KeywordIndex(prev_gen / "keyword").close()  # opens cleanly?
        except IndexCorruptError as exc:
            log.warning("rebuilding the index: %s", exc)
            prev_gen, prev_manifest, rebuilt = None, None, True
        if force_rebuild:
            rebuilt = True

        report("scan", 0, 0)
        old_articles: dict[str, ArticleRecord] = prev_manifest.articles if prev_manifest else {}
        # records of an older version lack fields (the checks): every file is read again
        records_stale = prev_manifest is not None and prev_manifest.records_version != RECORDS_VERSION
        previous_files = prev_manifest.files if prev_manifest and not records_stale else {}
        scan = scan_folder(self.articles_dir, previous_files, old_articles)

        added: list[str] = []
        updated: list[str] = []
        renamed: list[str] = []
        for aid, rec in scan.kept.items():
            old = old_articles.get(aid)
            if old is None:
                added.append(aid)
            elif old.content_hash != rec.content_hash:
                updated.append(aid)
            elif old.rel_path != rec.rel_path:
                renamed.append(aid)
        removed = [aid for aid in old_articles if aid not in scan.kept]

        # vectors: reuse rows by content hash (a renamed file keeps its vectors)
        old_vectors: npt.NDArray[np.float32] | None = None
        by_hash: dict[str, tuple[int, int]] = {}
        if prev_manifest is not None and prev_gen is not None:
            for rec in old_articles.values():
                if rec.chunk_start is not None and rec.chunks is not None:
                    by_hash[rec.content_hash] = (rec.chunk_start, rec.chunks)
            vec_path = prev_gen / "vectors.npy"
            if by_hash and vec_path.is_file():
                old_vectors = np.load(vec_path, mmap_mode="r", allow_pickle=False)
        need_embedding = [aid for aid, rec in scan.kept.items() if rec.content_hash not in by_hash]

        # a keyword index of an older schema is rebuilt from the articles; vectors are kept
        keyword_stale = prev_manifest is not None and prev_manifest.keyword_schema != keyword.SCHEMA_VERSION
        keyword_changes = bool(added or updated or removed or prev_gen is None or keyword_stale)
        rebuilt = rebuilt or keyword_stale
        will_embed = embedder is not None and bool(need_embedding)
        files_changed = prev_manifest is None or scan.files_table() != prev_manifest.files
        issues = tuple(scan.issues)
        _remove_tree(self.root / OLD_CHECKPOINT_DIR)
        if not (keyword_changes or renamed or will_embed or files_changed or records_stale):
            return SyncReport(
                issues=issues,
                generation=prev_gen.name if prev_gen else "",
                pending_embeddings=len(need_embedding),
                seconds=time.monotonic() - started,
            )

        name = _next_generation_name(self.root)
        partial = self.root / f"{name}.partial"
        _remove_tree(partial)
        partial.mkdir()
        try:
            # keyword index
            kw_dir = partial / "keyword"
            changed_ids = added + updated
            fresh_keyword = prev_gen is None or keyword_stale
            to_parse = [self._article(aid, scan) for aid in (list(scan.kept) if fresh_keyword else changed_ids)]
            report("keyword", 0, len(to_parse))
            if prev_gen is not None and not fresh_keyword:
                _clone_keyword(prev_gen / "keyword", kw_dir)
                if to_parse or removed:
                    keyword.update_index(kw_dir, to_parse, removed + updated, cancel=cancel)
            else:
                keyword.create_index(kw_dir)
                keyword.update_index(kw_dir, to_parse, (), cancel=cancel)
            report("keyword", len(to_parse), len(to_parse))

            # semantic vectors
            new_vectors, article_rows, embedded = self._vectors(
                scan, by_hash, old_vectors, need_embedding, embedder, report, cancel
            )
            save_vectors(partial / "vectors.npy", new_vectors)

            manifest = Manifest(
                created_at=time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
                articles_dir=str(self.articles_dir.resolve()),
                keyword_schema=keyword.SCHEMA_VERSION,
                chunk_count=int(new_vectors.shape[0]),
                keyword_files=keyword_file_table(kw_dir),
                vectors_size=(partial / "vectors.npy").stat().st_size,
                files=scan.files_table(),
                articles={
                    aid: rec.with_rows(*article_rows[aid]) if aid in article_rows else rec
                    for aid, rec in scan.kept.items()
                },
                issues=tuple(IssueRecord.from_issue(i, self.articles_dir) for i in scan.issues),
            )
            atomic_write_text(partial / "manifest.json", manifest.dumps())
            fsync_dir(partial)
            final = self.root / name
            os.replace(partial, final)
            fsync_dir(self.root)
            # the commit point: from here on readers see the new generation
            atomic_write_text(self.root / "CURRENT", pointer_text(name))
            self._manifest_cache = (final, manifest)
        except BaseException:
            _remove_tree(partial)
            raise
        finally:
            del old_vectors
        _collect_garbage(self.root, final)
        pending = 0 if embedder is not None else len(need_embedding)
        return SyncReport(
            added=tuple(added),
            updated=tuple(updated),
            removed=tuple(removed),
            removed_paths=tuple(old_articles[aid].rel_path for aid in removed),
            renamed=tuple(renamed),
            embedded=embedded,
            pending_embeddings=pending,
            issues=issues,
            generation=name,
            rebuilt=rebuilt,
            seconds=time.monotonic() - started,
        )

    def _article(self, aid: str, scan: FolderScan) -> Article:
        article = scan.articles.get(aid)
        if article is not None:
            return article
        # unchanged on disk but needed again (a rebuild): parse it now
        rel = scan.kept[aid].rel_path
        loaded, _ = articles_mod.load_file(self.articles_dir / rel, root=self.articles_dir)
        if loaded is None:
            raise ArticlesFolderError(f"{rel} changed while indexing; run the index again")
        return loaded

    def _vectors(
        self,
        scan: FolderScan,
        by_hash: dict[str, tuple[int, int]],
        old_vectors: npt.NDArray[np.float32] | None,
        need: list[str],
        embedder: Embedder | None,
        report: ProgressFn,
        cancel: CancelFn | None = None,
    ) -> tuple[npt.NDArray[np.float32], dict[str, tuple[int, int]], int]:
        """The new vectors matrix, each article's (first row, row count) in it, and how many were embedded now."""
        new_rows: dict[str, npt.NDArray[np.float32]] = {}
        embedded: npt.NDArray[np.float32] | None = None
        new_starts: dict[str, int] = {}
        if embedder is not None and need:
            texts: list[str] = []
            for aid in need:
                chunks = chunk_texts(self._article(aid, scan))
                new_starts[aid] = len(texts)
                texts.extend(chunks)
            cache = self.cache if self.cache is not None else EmbeddingCache()
            embedded = embed_texts(embedder, texts, report, cache=cache, cancel=cancel)
            del texts
            ends = [*list(new_starts.values())[1:], len(embedded)]
            for (aid, start), end in zip(new_starts.items(), ends, strict=True):
                new_rows[aid] = embedded[start:end]
        # plan the new matrix: each row comes from the old matrix or from new_rows
        rows: dict[str, tuple[int, int]] = {}
        old_rows: list[npt.NDArray[np.int64]] = []  # per placed article kept: its rows in the old matrix
        plan: list[tuple[str, int, int]] = []  # (article id, new start, count) for new rows
        cursor = 0
        for aid, rec in scan.kept.items():
            if aid in new_rows:
                count = int(new_rows[aid].shape[0])
                plan.append((aid, cursor, count))
            elif rec.content_hash in by_hash and old_vectors is not None:
                start, count = by_hash[rec.content_hash]
                old_rows.append(np.arange(start, start + count))
            else:
                continue  # waits for the model
            rows[aid] = (cursor, count)
            cursor += count
        if embedded is not None and not old_rows and all(new_starts[aid] == start for aid, start, _ in plan):
            # every row is new and in the order embedded (a first index, a copied folder): that matrix is
            # the new one; a second 77 MB matrix at 10,000 articles would only be a copy of it
            return embedded[:cursor], rows, len(new_rows)
        matrix = np.zeros((cursor, DIMENSION), np.float32)
        if old_rows and old_vectors is not None:
            # one gather from the old file instead of a slice per article
            targets = np.ones(cursor, dtype=bool)
            for _, start, count in plan:
                targets[start : start + count] = False
            matrix[targets] = old_vectors[np.concatenate(old_rows)]
        for aid, start, count in plan:
            matrix[start : start + count] = new_rows[aid]
        return matrix, rows, len(new_rows)


def embed_texts(
    embedder: Embedder,
    texts: list[str],
    report: ProgressFn | None = None,
    *,
    cache: EmbeddingCache | None = None,
    cancel: CancelFn | None = None,
) -> np.ndarray:
    """Embed many texts in steps (for progress reports) without losing the model's speed.

    Texts are sorted by length across the whole job, not only within a step,
    so each batch pads to a similar length, as one big ``encode`` call would.
    With a ``cache``, texts already embedded (by this model, for any index)
    are taken from it, a text that occurs twice is embedded once, and each
    new step is saved to it.
    """
    matrix = np.zeros((len(texts), DIMENSION), np.float32)
    todo = list(range(len(texts)))
    if cache is not None:
        keys = [hashlib.sha256(t.encode("utf-8")).digest() for t in texts]
        first: dict[bytes, int] = {}
        todo, copies = [], []
        for step in range(0, len(keys), CACHE_READ_STEP):
            saved = cache.get_many(embedder.name, DIMENSION, keys[step : step + CACHE_READ_STEP])
            for i in range(step, min(step + CACHE_READ_STEP, len(keys))):
                key = keys[i]
                vector = saved.get(key)
                if vector is not None:
                    matrix[i] = vector
                elif key in first:
                    copies.append((i, first[key]))
                else:
                    first[key] = i
                    todo.append(i)
            del saved
        if len(todo) < len(texts):
            log.info("embedding %d of %d chunks; the rest are in the embedding cache", len(todo), len(texts))
    done = len(texts) - len(todo)
    order = sorted(todo, key=lambda i: -len(texts[i]))
    if report:
        report("embed", done, len(texts))
    for start in range(0, len(order), EMBED_STEP):
        rows = order[start : start + EMBED_STEP]
        vectors = embedder.encode([texts[i] for i in rows], cancel=cancel)
        matrix[rows] = vectors
        if cache is not None:
            cache.put_many(embedder.name, [keys[i] for i in rows], vectors)
        done += len(rows)
        if report:
            report("embed", done, len(texts))
    if cache is not None:
        for i, source in copies:
            matrix[i] = matrix[source]
    return matrix


def head_vectors(index_root: Path) -> dict[str, npt.NDArray[np.float32]]:
    """The head-chunk vector of every embedded article in the current index, by content hash.

    The head chunk (title, summary, symptoms, error codes) is the first chunk
    of each article, so tools that compare articles (lint's near-duplicate
    check) can reuse it instead of running the model again. Returns {} when
    there is no usable index.
    """
    try:
        gen = read_current(index_root)
        if gen is None:
            return {}
        manifest = read_manifest(gen)
        vectors = np.load(gen / "vectors.npy", mmap_mode="r", allow_pickle=False)
    except (IndexCorruptError, OSError, ValueError):
        return {}
    out = {}
    for rec in manifest.articles.values():
        rows = rec.embedded_rows
        if rows and rows.start < len(vectors):
            out[rec.content_hash] = np.array(vectors[rows.start])
    return out
