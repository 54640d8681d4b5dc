"""Incremental, crash-safe sync of an articles folder into an index.

Layout of one index (``StatePaths.index_root(articles_dir)``)::

    lock                 held (flock) by the one process that is writing
    CURRENT              {"format": 1, "generation": "g000012"}, replaced atomically
    g000012/             a complete, never-modified generation
        manifest.json    format version, model, dimension, per-file and per-article records
        keyword/         the whoosh index
        vectors.npy      float32 (chunks x 384), unit rows; row ranges per article in the manifest
    g000013.partial/     a generation being written; ignored and removed if found later

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
import json
import logging
import os
import re
import shutil
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from .. import articles as articles_mod
from ..articles import Article, ArticleIssue
from ..errors import ArticlesFolderError, IndexBusyError, IndexCorruptError
from ..fsutil import atomic_write_text, fsync_dir, read_bounded, try_lock, unlock
from . import keyword
from .embedding_cache import EmbeddingCache
from .semantic import DIMENSION, MODEL_NAME, Embedder, save_vectors
from .text import CHUNKING_VERSION, chunk_texts

log = logging.getLogger(__name__)

FORMAT = "kbdesk-index"
FORMAT_VERSION = 2
#: generations kept besides the current one, for readers that still have one open
KEEP_OLD_GENERATIONS = 1
#: chunks embedded per step between progress reports (and saves to the embedding cache)
EMBED_STEP = 512
#: the per-index checkpoint folder of kbdesk before the shared embedding cache; removed when found
OLD_CHECKPOINT_DIR = "embedding-checkpoint"

ProgressFn = Callable[[str, int, int], None]


@dataclass(frozen=True)
class SyncReport:
    added: tuple[str, ...] = ()
    updated: tuple[str, ...] = ()
    removed: tuple[str, ...] = ()
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


@dataclass
class _FileRecord:
    rel_path: str
    size: int
    mtime_ns: int
    sha256: str
    article: dict | None  # serialised Article, None when the file was skipped
    issues: list[dict] = field(default_factory=list)


# ---------------------------------------------------------------- serialisation


def article_to_record(article: Article) -> dict:
    return {
        "id": article.id,
        "title": article.title,
        "summary": article.summary,
        "rel_path": article.rel_path,
        "content_hash": article.content_hash,
        "tags": list(article.tags),
        "platforms": list(article.platforms),
        "symptoms": list(article.symptoms),
        "error_codes": list(article.error_codes),
        "related": list(article.related),
        "audience": article.audience,
        "status": article.status,
        "owner": article.owner,
        "reviewed": article.reviewed.isoformat() if article.reviewed else None,
        "review_by": article.review_by.isoformat() if article.review_by else None,
        "body_line": article.body_line,
    }


def _issue_to_dict(issue: ArticleIssue, root: Path) -> dict:
    try:
        rel = str(Path(issue.path).relative_to(root))
    except ValueError:
        rel = str(issue.path)
    return {"path": rel, "line": issue.line, "severity": issue.severity, "code": issue.code, "message": issue.message}


def _issue_from_dict(d: dict, root: Path) -> ArticleIssue:
    return ArticleIssue(root / d["path"], d["line"], d["severity"], d["code"], d["message"])


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


#: The manifest of a 10,000-article index is about 15 MB; a file far over that is not ours
#: (read no further: it would all land in memory).
MAX_MANIFEST_BYTES = 256 * 1024 * 1024
MAX_POINTER_BYTES = 4096
_GENERATION_NAME = re.compile(r"g[0-9]{6}")


def _read_json(path: Path, limit: int, what: str) -> object:
    """A JSON file of at most ``limit`` bytes; anything wrong with it is an IndexCorruptError
    (which means: rebuild), never another exception."""
    data = read_bounded(path, limit)  # FileNotFoundError is the caller's to handle
    if data is None:
        raise IndexCorruptError(f"{what} {path} is over {limit:,} bytes")
    try:
        return json.loads(data.decode("utf-8"))
    except (ValueError, RecursionError) as exc:  # UnicodeDecodeError and JSONDecodeError are ValueErrors
        raise IndexCorruptError(f"{what} {path} is unreadable: {str(exc)[:200]}") from exc


def read_current(root: Path) -> Path | None:
    """The folder of the current complete generation, or None when there is none."""
    try:
        pointer = _read_json(root / "CURRENT", MAX_POINTER_BYTES, "index pointer")
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise IndexCorruptError(f"index pointer {root / 'CURRENT'} is unreadable: {exc}") from exc
    if not isinstance(pointer, dict) or pointer.get("format") != FORMAT_VERSION:
        found = pointer.get("format") if isinstance(pointer, dict) else "?"
        raise IndexCorruptError(
            f"index at {root} is format {str(found)[:40]}, this kbdesk reads format {FORMAT_VERSION}"
        )
    name = pointer.get("generation")
    # only a generation name of ours: the pointer must never lead outside the index folder
    if not isinstance(name, str) or not _GENERATION_NAME.fullmatch(name):
        raise IndexCorruptError(f"index pointer in {root} names no generation")
    gen = root / name
    if not (gen / "manifest.json").is_file():
        raise IndexCorruptError(f"index pointer names a missing generation: {gen}")
    return gen


def read_manifest(gen: Path) -> dict:
    """The manifest of a generation, checked field by field: whatever is wrong in it
    (damage, another version, a hand-edited or hostile file) raises IndexCorruptError,
    which every caller answers by rebuilding the index."""
    try:
        manifest = _read_json(gen / "manifest.json", MAX_MANIFEST_BYTES, "index manifest")
    except OSError as exc:
        raise IndexCorruptError(f"index manifest {gen / 'manifest.json'} is unreadable: {exc}") from exc
    if not isinstance(manifest, dict):
        raise IndexCorruptError(f"index manifest in {gen} is not a JSON object")
    if manifest.get("format") != FORMAT or manifest.get("format_version") != FORMAT_VERSION:
        raise IndexCorruptError(f"index manifest in {gen} is from another format version")
    if manifest.get("model") != MODEL_NAME or manifest.get("dimension") != DIMENSION:
        raise IndexCorruptError(f"index in {gen} was embedded with another model")
    if manifest.get("chunking") != CHUNKING_VERSION:
        raise IndexCorruptError(f"index in {gen} split articles into chunks another way")
    problem = manifest_problem(manifest)
    if problem:
        raise IndexCorruptError(f"index manifest in {gen} is damaged: {problem}")
    return manifest


_RECORD_TEXT = ("id", "title", "summary", "rel_path", "content_hash", "audience", "status", "owner")
_RECORD_LISTS = ("tags", "platforms", "symptoms", "error_codes", "related")


def _is_int(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _is_text_list(value: object) -> bool:
    return isinstance(value, list) and all(isinstance(v, str) for v in value)


def _safe_relative(path: object) -> bool:
    """A path inside the articles folder: relative, no '..', no drive, no NUL."""
    if not isinstance(path, str) or not path or "\x00" in path or path.startswith(("/", "\\")):
        return False
    parts = path.replace("\\", "/").split("/")
    return ".." not in parts and ":" not in parts[0]


def _issue_problem(issue: object) -> str | None:
    if not isinstance(issue, dict):
        return "an issue is not an object"
    if not all(isinstance(issue.get(k), str) for k in ("path", "severity", "code", "message")):
        return "an issue lacks its path, severity, code or message"
    line = issue.get("line")
    if line is not None and not _is_int(line):
        return "an issue's line is not a number"
    return None


def manifest_problem(manifest: dict) -> str | None:
    """What is wrong with the structure of a manifest (format and model already checked), or None.

    Checks every field the indexer and the engine read, so that nothing later
    meets a missing key or a value of the wrong type, and that no path in it
    leads outside the articles folder or the generation.
    """
    chunk_count = manifest.get("chunk_count")
    if not _is_int(chunk_count) or chunk_count < 0 or not _is_int(manifest.get("vectors_size")):
        return "chunk count or vectors size missing"
    keyword_files = manifest.get("keyword_files")
    if not isinstance(keyword_files, dict):
        return "no keyword files listed"
    for name, entry in keyword_files.items():
        if not name or "/" in name or "\\" in name or name in (".", "..") or "\x00" in name:
            return "a keyword file name is not a plain file name"
        if not isinstance(entry, dict) or not _is_int(entry.get("size")):
            return f"keyword file {name[:60]!r} has no size"
        if "sha256" in entry and not isinstance(entry["sha256"], str):
            return f"keyword file {name[:60]!r} has a bad checksum"
    articles = manifest.get("articles")
    if not isinstance(articles, dict):
        return "no article table"
    for aid, rec in articles.items():
        if not isinstance(rec, dict) or rec.get("id") != aid:
            return f"article record {aid[:60]!r} is not a record of that id"
        if not all(isinstance(rec.get(k), str) for k in _RECORD_TEXT):
            return f"article record {aid[:60]!r} lacks a text field"
        if not all(_is_text_list(rec.get(k)) for k in _RECORD_LISTS):
            return f"article record {aid[:60]!r} lacks a list field"
        if not _safe_relative(rec["rel_path"]):
            return f"article record {aid[:60]!r} points outside the articles folder"
        if not all(rec.get(k) is None or isinstance(rec.get(k), str) for k in ("reviewed", "review_by")):
            return f"article record {aid[:60]!r} has a bad date"
        if not _is_int(rec.get("body_line")):
            return f"article record {aid[:60]!r} has no body line"
        start, count = rec.get("chunk_start"), rec.get("chunks")
        if (start is None) != (count is None):
            return f"article record {aid[:60]!r} has half a chunk range"
        if start is not None and not (
            _is_int(start) and _is_int(count) and start >= 0 and count >= 0 and start + count <= chunk_count
        ):
            return f"article record {aid[:60]!r} has a chunk range outside the vectors"
    files = manifest.get("files")
    if not isinstance(files, dict):
        return "no file table"
    for rel, entry in files.items():
        if not _safe_relative(rel) or not isinstance(entry, dict):
            return "a file entry is not a file inside the articles folder"
        if not (_is_int(entry.get("size")) and _is_int(entry.get("mtime_ns")) and isinstance(entry.get("sha256"), str)):
            return f"file entry {rel[:60]!r} lacks its size, time or checksum"
        aid = entry.get("id")
        if aid is not None and not isinstance(aid, str):
            return f"file entry {rel[:60]!r} has a bad id"
        issues = entry.get("issues")
        if not isinstance(issues, list):
            return f"file entry {rel[:60]!r} has no issue list"
        for issue in issues:
            problem = _issue_problem(issue)
            if problem:
                return problem
    issues = manifest.get("issues", [])
    if not isinstance(issues, list):
        return "the issue list is not a list"
    for issue in issues:
        problem = _issue_problem(issue)
        if problem:
            return problem
    return None


def _file_table(folder: Path) -> dict[str, dict]:
    """Size of every file of a generation part, and the sha256 of the small ones
    (whoosh's table of contents is read first and fails worst when damaged)."""
    table = {}
    for item in sorted(folder.iterdir()):
        if item.is_file() and not item.name.endswith("WRITELOCK"):
            entry: dict = {"size": item.stat().st_size}
            if entry["size"] <= 64 * 1024:
                entry["sha256"] = hashlib.sha256(item.read_bytes()).hexdigest()
            table[item.name] = entry
    return table


def check_generation(gen: Path, manifest: dict) -> None:
    """Raise IndexCorruptError when a file of the generation is missing or damaged.

    Checked before whoosh opens anything: a truncated or overwritten file is
    caught here with a clear message instead of deep inside whoosh.
    """
    expected = manifest.get("keyword_files")
    if not isinstance(expected, dict):
        raise IndexCorruptError(f"index manifest in {gen} lists no keyword files")
    for name, entry in expected.items():
        path = gen / "keyword" / name
        try:
            size = path.stat().st_size
        except OSError as exc:
            raise IndexCorruptError(f"index file {path} is missing") from exc
        if size != entry["size"] or (
            "sha256" in entry and hashlib.sha256(path.read_bytes()).hexdigest() != entry["sha256"]
        ):
            raise IndexCorruptError(f"index file {path} is damaged")
    vectors = gen / "vectors.npy"
    try:
        if vectors.stat().st_size != manifest.get("vectors_size"):
            raise IndexCorruptError(f"index file {vectors} is damaged")
    except OSError as exc:
        raise IndexCorruptError(f"index file {vectors} is missing") from exc


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


@dataclass
class _Scan:
    records: dict[str, _FileRecord]  # rel_path -> record
    articles: dict[str, Article | None]  # id -> freshly parsed Article (None: reuse old record)
    kept: dict[str, dict]  # id -> article record (the kept file per id)
    issues: list[ArticleIssue]


_CHUNK_KEYS = ("chunk_start", "chunks")


def _scan(folder: Path, previous: dict[str, dict], previous_articles: dict[str, dict]) -> _Scan:
    """Read what changed in ``folder``; reuse what did not (by size and mtime, then hash)."""
    records: dict[str, _FileRecord] = {}
    fresh: dict[str, Article] = {}
    for rel, path in articles_mod.article_entries(folder):
        try:
            st = os.stat(path)
            size, mtime = st.st_size, st.st_mtime_ns
        except OSError:
            size, mtime = -1, -1
        old = previous.get(rel)
        if old and old["size"] == size and old["mtime_ns"] == mtime and size >= 0:
            # the files table names the article by id; its record lives once, in "articles"
            kept = previous_articles.get(old["id"]) if old.get("id") else None
            if old.get("id") is None or (kept is not None and kept["rel_path"] == rel):
                record = {k: v for k, v in kept.items() if k not in _CHUNK_KEYS} if kept else None
                records[rel] = _FileRecord(rel, size, mtime, old["sha256"], record, old.get("issues", []))
                continue
            # a duplicate id that was skipped last time: parse it again, it may be kept now
        article, issues = articles_mod.load_file(Path(path), root=folder)
        sha = article.content_hash if article else ""
        record = _FileRecord(
            rel,
            size,
            mtime,
            sha,
            article_to_record(article) if article else None,
            [_issue_to_dict(i, folder) for i in issues],
        )
        records[rel] = record
        if article is not None:
            fresh[rel] = article

    kept: dict[str, dict] = {}
    parsed: dict[str, Article | None] = {}
    issues: list[ArticleIssue] = []
    for rel in sorted(records):  # the path that sorts first keeps a duplicate id
        record = records[rel]
        issues.extend(_issue_from_dict(d, folder) for d in record.issues)
        if record.article is None:
            continue
        aid = record.article["id"]
        if aid in kept:
            issues.append(
                ArticleIssue(
                    folder / rel,
                    None,
                    "error",
                    "duplicate-id",
                    f"id '{aid}' is also used by {kept[aid]['rel_path']}; keeping "
                    f"{kept[aid]['rel_path']} (the path that sorts first) and skipping this file",
                )
            )
            continue
        kept[aid] = record.article
        parsed[aid] = fresh.get(rel)
    return _Scan(records, parsed, kept, issues)


# ---------------------------------------------------------------- sync


class Indexer:
    """Keeps the index of one articles folder in step with the folder."""

    def __init__(self, articles_dir: Path, index_root: Path, *, cache: EmbeddingCache | None = None) -> None:
        """``cache``: where vectors are shared between indexes (default: the one in the cache folder)."""
        self.articles_dir = Path(articles_dir).expanduser()
        self.root = Path(index_root)
        self.cache = cache
        self._manifest_cache: tuple[Path, dict] | None = None

    def current(self) -> Path | None:
        return read_current(self.root)

    def manifest_of(self, gen: Path) -> dict:
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
    ) -> SyncReport:
        """Bring the index up to date with the folder.

        Without an ``embedder`` the keyword index is brought up to date and
        new or changed articles wait for their vectors; a later sync with the
        model embeds them.
        """
        started = time.monotonic()
        if not self.articles_dir.is_dir():
            raise ArticlesFolderError(
                f"articles folder not found: {self.articles_dir}", hint="check the path, or pass --articles DIR"
            )
        self.root.mkdir(parents=True, exist_ok=True)
        with WriterLock(self.root / "lock") as lock:
            lock.acquire(wait)
            return self._sync_locked(embedder, progress, force_rebuild, started)

    def _sync_locked(
        self, embedder: Embedder | None, progress: ProgressFn | None, force_rebuild: bool, started: float
    ) -> SyncReport:
        report = progress or (lambda stage, done, total: None)
        prev_gen: Path | None = None
        prev_manifest: dict | None = None
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
        old_articles: dict[str, dict] = prev_manifest["articles"] if prev_manifest else {}
        scan = _scan(self.articles_dir, prev_manifest["files"] if prev_manifest else {}, old_articles)

        added, updated, removed, renamed = [], [], [], []
        for aid, rec in scan.kept.items():
            old = old_articles.get(aid)
            if old is None:
                added.append(aid)
            elif old["content_hash"] != rec["content_hash"]:
                updated.append(aid)
            elif old["rel_path"] != rec["rel_path"]:
                renamed.append(aid)
        removed = [aid for aid in old_articles if aid not in scan.kept]

        # vectors: reuse rows by content hash (a renamed file keeps its vectors)
        old_vectors = None
        by_hash: dict[str, tuple[int, int]] = {}
        if prev_manifest is not None and prev_gen is not None:
            for rec in old_articles.values():
                if rec.get("chunks") is not None:
                    by_hash[rec["content_hash"]] = (rec["chunk_start"], rec["chunks"])
            vec_path = prev_gen / "vectors.npy"
            if by_hash and vec_path.is_file():
                old_vectors = np.load(vec_path, mmap_mode="r", allow_pickle=False)
        need_embedding = [aid for aid, rec in scan.kept.items() if rec["content_hash"] not in by_hash]

        # a keyword index of an older schema is rebuilt from the articles; vectors are kept
        keyword_stale = prev_manifest is not None and prev_manifest.get("keyword_schema") != keyword.SCHEMA_VERSION
        keyword_changes = bool(added or updated or removed or prev_gen is None or keyword_stale)
        rebuilt = rebuilt or keyword_stale
        will_embed = embedder is not None and bool(need_embedding)
        files_changed = prev_manifest is None or _files_table(scan.records) != prev_manifest["files"]
        issues = tuple(scan.issues)
        _remove_tree(self.root / OLD_CHECKPOINT_DIR)
        if not (keyword_changes or renamed or will_embed or files_changed):
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
            if not fresh_keyword:
                _clone_keyword(prev_gen / "keyword", kw_dir)
                if to_parse or removed:
                    keyword.update_index(kw_dir, to_parse, removed + updated)
            else:
                keyword.create_index(kw_dir)
                keyword.update_index(kw_dir, to_parse, ())
            report("keyword", len(to_parse), len(to_parse))

            # semantic vectors
            new_vectors, article_rows, embedded = self._vectors(
                scan, by_hash, old_vectors, need_embedding, embedder, report
            )
            save_vectors(partial / "vectors.npy", new_vectors)

            manifest = {
                "format": FORMAT,
                "format_version": FORMAT_VERSION,
                "created_at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
                "articles_dir": str(self.articles_dir.resolve()),
                "model": MODEL_NAME,
                "dimension": DIMENSION,
                "chunking": CHUNKING_VERSION,
                "keyword_schema": keyword.SCHEMA_VERSION,
                "chunk_count": int(new_vectors.shape[0]),
                "keyword_files": _file_table(kw_dir),
                "vectors_size": (partial / "vectors.npy").stat().st_size,
                "files": _files_table(scan.records),
                "articles": {
                    aid: {**rec, **article_rows.get(aid, {"chunk_start": None, "chunks": None})}
                    for aid, rec in scan.kept.items()
                },
                "issues": [_issue_to_dict(i, self.articles_dir) for i in scan.issues],
            }
            atomic_write_text(
                partial / "manifest.json", json.dumps(manifest, ensure_ascii=False, separators=(",", ":"))
            )
            fsync_dir(partial)
            final = self.root / name
            os.replace(partial, final)
            fsync_dir(self.root)
            # the commit point: from here on readers see the new generation
            atomic_write_text(self.root / "CURRENT", json.dumps({"format": FORMAT_VERSION, "generation": name}))
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
            renamed=tuple(renamed),
            embedded=embedded,
            pending_embeddings=pending,
            issues=issues,
            generation=name,
            rebuilt=rebuilt,
            seconds=time.monotonic() - started,
        )

    def _article(self, aid: str, scan: _Scan) -> Article:
        article = scan.articles.get(aid)
        if article is not None:
            return article
        # unchanged on disk but needed again (a rebuild): parse it now
        rec = scan.kept[aid]
        loaded, _ = articles_mod.load_file(self.articles_dir / rec["rel_path"], root=self.articles_dir)
        if loaded is None:
            raise ArticlesFolderError(f"{rec['rel_path']} changed while indexing; run the index again")
        return loaded

    def _vectors(
        self,
        scan: _Scan,
        by_hash: dict[str, tuple[int, int]],
        old_vectors: np.ndarray | None,
        need: list[str],
        embedder: Embedder | None,
        report: ProgressFn,
    ):
        new_rows: dict[str, np.ndarray] = {}
        if embedder is not None and need:
            texts: list[str] = []
            owners: list[tuple[str, int, int]] = []
            for aid in need:
                chunks = chunk_texts(self._article(aid, scan))
                owners.append((aid, len(texts), len(chunks)))
                texts.extend(chunks)
            cache = self.cache if self.cache is not None else EmbeddingCache()
            matrix = embed_texts(embedder, texts, report, cache=cache)
            for aid, start, count in owners:
                new_rows[aid] = matrix[start : start + count]
        # plan the new matrix: each row comes from the old matrix or from new_rows
        rows: dict[str, dict] = {}
        old_rows: list[np.ndarray] = []  # per placed article: its rows in the old matrix, or None
        plan: list[tuple[str, int, int]] = []  # (article id, new start, count) for new rows
        cursor = 0
        for aid, rec in scan.kept.items():
            if aid in new_rows:
                count = int(new_rows[aid].shape[0])
                plan.append((aid, cursor, count))
            elif rec["content_hash"] in by_hash and old_vectors is not None:
                start, count = by_hash[rec["content_hash"]]
                old_rows.append(np.arange(start, start + count))
            else:
                continue  # waits for the model
            rows[aid] = {"chunk_start": cursor, "chunks": count}
            cursor += count
        matrix = np.zeros((cursor, DIMENSION), np.float32)
        if old_rows:
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
        saved = cache.get_many(embedder.name, DIMENSION, keys)
        first: dict[bytes, int] = {}
        todo, copies = [], []
        for i, key in enumerate(keys):
            vector = saved.get(key)
            if vector is not None:
                matrix[i] = vector
            elif key in first:
                copies.append((i, first[key]))
            else:
                first[key] = i
                todo.append(i)
        if len(todo) < len(texts):
            log.info("embedding %d of %d chunks; the rest are in the embedding cache", len(todo), len(texts))
    done = len(texts) - len(todo)
    order = sorted(todo, key=lambda i: -len(texts[i]))
    if report:
        report("embed", done, len(texts))
    for start in range(0, len(order), EMBED_STEP):
        rows = order[start : start + EMBED_STEP]
        vectors = embedder.encode([texts[i] for i in rows])
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


def _files_table(records: dict[str, _FileRecord]) -> dict[str, dict]:
    return {
        rel: {
            "size": r.size,
            "mtime_ns": r.mtime_ns,
            "sha256": r.sha256,
            "id": r.article["id"] if r.article else None,
            "issues": r.issues,
        }
        for rel, r in sorted(records.items())
    }


def head_vectors(index_root: Path) -> dict[str, np.ndarray]:
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
    for rec in manifest["articles"].values():
        if rec.get("chunks") and rec["chunk_start"] < len(vectors):
            out[rec["content_hash"]] = np.array(vectors[rec["chunk_start"]])
    return out
