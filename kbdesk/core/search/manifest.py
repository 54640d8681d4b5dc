"""The index on disk: which generation is current, and what its manifest holds, as types.

One index (``StatePaths.index_root(articles_dir)``) holds generations ``g000012/``, each with a
``manifest.json`` (this module's :class:`Manifest`), a whoosh index and ``vectors.npy``; the
``CURRENT`` file names the complete generation readers use (see :mod:`.indexer` for how a
sync writes one).

The manifest is read back as untrusted input: within a size limit, checked field by field
(:func:`manifest_problem`) before anything is taken from it, so a damaged, hand-edited or
hostile file costs a rebuild, never an exception deep in the engine or a path outside the
articles folder. Past that check it crosses into the engine, the GUI and the CLI as frozen
dataclasses (:class:`ArticleRecord` for each article); dicts exist only at the JSON edge, in
``to_json`` and ``from_json``, which write and read exactly the bytes earlier versions did.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Mapping
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TypeGuard

from ..articles import Article, ArticleIssue
from ..errors import IndexCorruptError
from ..fsutil import read_bounded
from ..jsontypes import JSONObject, JSONValue
from .semantic import DIMENSION, MODEL_NAME
from .text import CHUNKING_VERSION

FORMAT = "kbdesk-index"
FORMAT_VERSION = 2
#: The manifest of a 10,000-article index is about 15 MB; a file far over that is not ours
#: (read no further: it would all land in memory).
MAX_MANIFEST_BYTES = 256 * 1024 * 1024
MAX_POINTER_BYTES = 4096
#: a keyword file this small or smaller has its sha256 in the manifest (whoosh's table of contents
#: is read first and fails worst when damaged)
CHECKSUMMED_KEYWORD_BYTES = 64 * 1024
_GENERATION_NAME = re.compile(r"g[0-9]{6}")
#: the articles' records carry their checks (kbdesk.core.checks) from this version on; an index
#: written before is brought up to date by parsing every file again (nothing is embedded again)
RECORDS_VERSION = 2


# ---------------------------------------------------------------- records


@dataclass(frozen=True)
class ArticleRecord:
    """What the index keeps of one article: enough to list, filter, rank and open it without reading the file."""

    id: str
    title: str
    summary: str
    #: the file, relative to the articles folder, with "/" separators
    rel_path: str
    content_hash: str
    tags: tuple[str, ...]
    platforms: tuple[str, ...]
    symptoms: tuple[str, ...]
    error_codes: tuple[str, ...]
    related: tuple[str, ...]
    audience: str
    status: str
    owner: str
    #: dates as written in the front matter (ISO), or None
    reviewed: str | None
    review_by: str | None
    body_line: int
    #: the article's checks as written (:meth:`Check.to_record`); :meth:`CheckSet.from_records` compiles
    #: them again against this kbdesk's catalogue, leaving out any it no longer accepts
    checks: tuple[JSONObject, ...] = ()
    #: the article's rows in vectors.npy; None while it waits for the model
    chunk_start: int | None = None
    chunks: int | None = None

    @classmethod
    def from_article(cls, article: Article) -> ArticleRecord:
        return cls(
            id=article.id,
            title=article.title,
            summary=article.summary,
            rel_path=article.rel_path,
            content_hash=article.content_hash,
            tags=tuple(article.tags),
            platforms=tuple(article.platforms),
            symptoms=tuple(article.symptoms),
            error_codes=tuple(article.error_codes),
            related=tuple(article.related),
            audience=article.audience,
            status=article.status,
            owner=article.owner,
            reviewed=article.reviewed.isoformat() if article.reviewed else None,
            review_by=article.review_by.isoformat() if article.review_by else None,
            body_line=article.body_line,
            checks=tuple(check.to_record() for check in article.checks),
        )

    @property
    def has_rows(self) -> bool:
        """Embedded: it has a place in vectors.npy (possibly empty)."""
        return self.chunks is not None

    @property
    def embedded_rows(self) -> range:
        """Its rows in vectors.npy (empty while it waits for the model)."""
        if self.chunk_start is None or not self.chunks:
            return range(0)
        return range(self.chunk_start, self.chunk_start + self.chunks)

    def with_rows(self, chunk_start: int | None, chunks: int | None) -> ArticleRecord:
        return replace(self, chunk_start=chunk_start, chunks=chunks)

    def to_json(self, *, rows: bool = True) -> JSONObject:
        """The manifest's object for this record (``rows`` False: without the chunk range)."""
        data: JSONObject = {
            "id": self.id,
            "title": self.title,
            "summary": self.summary,
            "rel_path": self.rel_path,
            "content_hash": self.content_hash,
            "tags": list(self.tags),
            "platforms": list(self.platforms),
            "symptoms": list(self.symptoms),
            "error_codes": list(self.error_codes),
            "related": list(self.related),
            "audience": self.audience,
            "status": self.status,
            "owner": self.owner,
            "reviewed": self.reviewed,
            "review_by": self.review_by,
            "body_line": self.body_line,
            "checks": list(self.checks),
        }
        if rows:
            data["chunk_start"] = self.chunk_start
            data["chunks"] = self.chunks
        return data

    @classmethod
    def from_json(cls, data: Mapping[str, JSONValue]) -> ArticleRecord:
        """From a manifest object that :func:`manifest_problem` accepted."""
        return cls(
            id=_text(data, "id"),
            title=_text(data, "title"),
            summary=_text(data, "summary"),
            rel_path=_text(data, "rel_path"),
            content_hash=_text(data, "content_hash"),
            tags=_texts(data, "tags"),
            platforms=_texts(data, "platforms"),
            symptoms=_texts(data, "symptoms"),
            error_codes=_texts(data, "error_codes"),
            related=_texts(data, "related"),
            audience=_text(data, "audience"),
            status=_text(data, "status"),
            owner=_text(data, "owner"),
            reviewed=_optional_text(data, "reviewed"),
            review_by=_optional_text(data, "review_by"),
            body_line=_int(data, "body_line"),
            checks=tuple(_object(c) for c in _list(data, "checks")),
            chunk_start=_optional_int(data, "chunk_start"),
            chunks=_optional_int(data, "chunks"),
        )


@dataclass(frozen=True)
class IssueRecord:
    """One problem with one file, as the manifest keeps it (its path relative to the articles folder)."""

    path: str
    line: int | None
    severity: str
    code: str
    message: str

    @classmethod
    def from_issue(cls, issue: ArticleIssue, root: Path) -> IssueRecord:
        try:
            rel = str(Path(issue.path).relative_to(root))
        except ValueError:
            rel = str(issue.path)
        return cls(rel, issue.line, issue.severity, issue.code, issue.message)

    def to_issue(self, root: Path) -> ArticleIssue:
        return ArticleIssue(root / self.path, self.line, self.severity, self.code, self.message)

    def to_json(self) -> JSONObject:
        return {
            "path": self.path,
            "line": self.line,
            "severity": self.severity,
            "code": self.code,
            "message": self.message,
        }

    @classmethod
    def from_json(cls, data: Mapping[str, JSONValue]) -> IssueRecord:
        return cls(
            _text(data, "path"),
            _optional_int(data, "line"),
            _text(data, "severity"),
            _text(data, "code"),
            _text(data, "message"),
        )


@dataclass(frozen=True)
class FileRecord:
    """One file of the articles folder as last indexed: how to tell it changed, and what came of it."""

    size: int
    mtime_ns: int
    sha256: str
    #: the article it holds (its record is in the article table), None when the file was skipped
    id: str | None
    issues: tuple[IssueRecord, ...] = ()

    def to_json(self) -> JSONObject:
        return {
            "size": self.size,
            "mtime_ns": self.mtime_ns,
            "sha256": self.sha256,
            "id": self.id,
            "issues": [i.to_json() for i in self.issues],
        }

    @classmethod
    def from_json(cls, data: Mapping[str, JSONValue]) -> FileRecord:
        return cls(
            _int(data, "size"),
            _int(data, "mtime_ns"),
            _text(data, "sha256"),
            _optional_text(data, "id"),
            _issues(data.get("issues")),
        )


@dataclass(frozen=True)
class KeywordFile:
    """One file of a generation's whoosh index: its size, and its sha256 when it is small."""

    size: int
    sha256: str | None = None

    def to_json(self) -> JSONObject:
        data: JSONObject = {"size": self.size}
        if self.sha256 is not None:
            data["sha256"] = self.sha256
        return data


@dataclass(frozen=True)
class Manifest:
    """What one generation holds (``manifest.json``)."""

    created_at: str
    articles_dir: str
    keyword_schema: int | None
    chunk_count: int
    keyword_files: dict[str, KeywordFile]
    vectors_size: int
    files: dict[str, FileRecord]
    articles: dict[str, ArticleRecord]
    issues: tuple[IssueRecord, ...] = ()
    #: None for an index written before records had a version (records without checks)
    records_version: int | None = RECORDS_VERSION
    model: str = MODEL_NAME
    dimension: int = DIMENSION
    chunking: int = CHUNKING_VERSION

    def to_json(self) -> JSONObject:
        return {
            "format": FORMAT,
            "format_version": FORMAT_VERSION,
            "created_at": self.created_at,
            "articles_dir": self.articles_dir,
            "model": self.model,
            "dimension": self.dimension,
            "chunking": self.chunking,
            "keyword_schema": self.keyword_schema,
            "records_version": self.records_version,
            "chunk_count": self.chunk_count,
            "keyword_files": {name: entry.to_json() for name, entry in self.keyword_files.items()},
            "vectors_size": self.vectors_size,
            "files": {rel: entry.to_json() for rel, entry in self.files.items()},
            "articles": {aid: rec.to_json() for aid, rec in self.articles.items()},
            "issues": [i.to_json() for i in self.issues],
        }

    def dumps(self) -> str:
        """The bytes of manifest.json (compact: the file of 10,000 articles is about 15 MB)."""
        return json.dumps(self.to_json(), ensure_ascii=False, separators=(",", ":"))

    @classmethod
    def from_json(cls, data: Mapping[str, JSONValue]) -> Manifest:
        """From a manifest :func:`manifest_problem` accepted (the format and model checked by the caller)."""
        keyword_files: dict[str, KeywordFile] = {}
        for name, entry in _object(data.get("keyword_files")).items():
            entry_obj = _object(entry)
            checksum = entry_obj.get("sha256")
            keyword_files[name] = KeywordFile(_int(entry_obj, "size"), checksum if isinstance(checksum, str) else None)
        schema = data.get("keyword_schema")
        records_version = data.get("records_version")
        return cls(
            created_at=str(data.get("created_at") or ""),
            articles_dir=str(data.get("articles_dir") or ""),
            keyword_schema=schema if isinstance(schema, int) and not isinstance(schema, bool) else None,
            chunk_count=_int(data, "chunk_count"),
            keyword_files=keyword_files,
            vectors_size=_int(data, "vectors_size"),
            files={rel: FileRecord.from_json(_object(e)) for rel, e in _object(data.get("files")).items()},
            articles={aid: ArticleRecord.from_json(_object(r)) for aid, r in _object(data.get("articles")).items()},
            issues=_issues(data.get("issues", [])),
            records_version=records_version if _is_int(records_version) else None,
        )

    def issue_list(self, root: Path) -> list[ArticleIssue]:
        return [i.to_issue(root) for i in self.issues]


# ---------------------------------------------------------------- reading the JSON edge
# Each helper is called on data manifest_problem() accepted; a mismatch here is a bug in that check,
# and still surfaces as IndexCorruptError (rebuild), not as a TypeError somewhere else.


def _bad(key: str) -> IndexCorruptError:
    return IndexCorruptError(f"index manifest field {key!r} has the wrong type")


def _object(value: JSONValue) -> dict[str, JSONValue]:
    if not isinstance(value, dict):
        raise IndexCorruptError("index manifest holds a value that should be an object")
    return value


def _text(data: Mapping[str, JSONValue], key: str) -> str:
    value = data.get(key)
    if not isinstance(value, str):
        raise _bad(key)
    return value


def _optional_text(data: Mapping[str, JSONValue], key: str) -> str | None:
    value = data.get(key)
    if value is not None and not isinstance(value, str):
        raise _bad(key)
    return value


def _int(data: Mapping[str, JSONValue], key: str) -> int:
    value = data.get(key)
    if not _is_int(value):
        raise _bad(key)
    return value


def _optional_int(data: Mapping[str, JSONValue], key: str) -> int | None:
    value = data.get(key)
    return None if value is None else _int(data, key)


def _list(data: Mapping[str, JSONValue], key: str) -> list[JSONValue]:
    """A list that may be absent (an older index's records): absent reads as empty."""
    value = data.get(key, [])
    if not isinstance(value, list):
        raise _bad(key)
    return value


def _texts(data: Mapping[str, JSONValue], key: str) -> tuple[str, ...]:
    value = data.get(key)
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise _bad(key)
    return tuple(str(v) for v in value)


def _issues(value: JSONValue) -> tuple[IssueRecord, ...]:
    if not isinstance(value, list):
        raise _bad("issues")
    return tuple(IssueRecord.from_json(_object(v)) for v in value)


# ---------------------------------------------------------------- generations


def _read_json(path: Path, limit: int, what: str) -> JSONValue:
    """A JSON file of at most ``limit`` bytes; anything wrong with it is an IndexCorruptError
    (which means: rebuild), never another exception."""
    data = read_bounded(path, limit)  # FileNotFoundError is the caller's to handle
    if data is None:
        raise IndexCorruptError(f"{what} {path} is over {limit:,} bytes")
    try:
        value: JSONValue = json.loads(data.decode("utf-8"))
    except (ValueError, RecursionError) as exc:  # UnicodeDecodeError and JSONDecodeError are ValueErrors
        raise IndexCorruptError(f"{what} {path} is unreadable: {str(exc)[:200]}") from exc
    return value


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


def pointer_text(generation: str) -> str:
    """The text of ``CURRENT`` naming ``generation``."""
    return json.dumps({"format": FORMAT_VERSION, "generation": generation})


def read_manifest(gen: Path) -> Manifest:
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
    return Manifest.from_json(manifest)


_RECORD_TEXT = ("id", "title", "summary", "rel_path", "content_hash", "audience", "status", "owner")
_RECORD_LISTS = ("tags", "platforms", "symptoms", "error_codes", "related")


def _is_int(value: object) -> TypeGuard[int]:
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


def manifest_problem(manifest: Mapping[str, JSONValue]) -> str | None:
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
        checks = rec.get("checks", [])
        if not isinstance(checks, list) or not all(isinstance(c, dict) for c in checks):
            return f"article record {aid[:60]!r} has a bad check list"
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
        file_id = entry.get("id")
        if file_id is not None and not isinstance(file_id, str):
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


def keyword_file_table(folder: Path) -> dict[str, KeywordFile]:
    """Size of every file of a generation's keyword index, and the sha256 of the small ones."""
    table = {}
    for item in sorted(folder.iterdir()):
        if item.is_file() and not item.name.endswith("WRITELOCK"):
            size = item.stat().st_size
            checksum = hashlib.sha256(item.read_bytes()).hexdigest() if size <= CHECKSUMMED_KEYWORD_BYTES else None
            table[item.name] = KeywordFile(size, checksum)
    return table


def check_generation(gen: Path, manifest: Manifest) -> None:
    """Raise IndexCorruptError when a file of the generation is missing or damaged.

    Checked before whoosh opens anything: a truncated or overwritten file is
    caught here with a clear message instead of deep inside whoosh.
    """
    for name, entry in manifest.keyword_files.items():
        path = gen / "keyword" / name
        try:
            size = path.stat().st_size
        except OSError as exc:
            raise IndexCorruptError(f"index file {path} is missing") from exc
        if size != entry.size or (
            entry.sha256 is not None and hashlib.sha256(path.read_bytes()).hexdigest() != entry.sha256
        ):
            raise IndexCorruptError(f"index file {path} is damaged")
    vectors = gen / "vectors.npy"
    try:
        if vectors.stat().st_size != manifest.vectors_size:
            raise IndexCorruptError(f"index file {vectors} is damaged")
    except OSError as exc:
        raise IndexCorruptError(f"index file {vectors} is missing") from exc
