"""Reading bundles from strangers: every header checked before a byte is written, limits on what is decompressed."""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import stat
import tempfile
import weakref
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from kbdesk.core.bundle.format import (
    ATTACHMENTS_PREFIX,
    CHECKS_JSON,
    DEFAULT_LIMITS,
    DIAGNOSTICS_PREFIX,
    FORMAT_NAME,
    FORMAT_VERSION,
    MANIFEST_NAME,
    MB,
    TICKET_JSON,
    TRAIL_JSON,
    BundleLimits,
    ManifestFile,
    SourceRevision,
    VerifyResult,
    unsafe,
)
from kbdesk.core.bundle.names import name_key, name_problem
from kbdesk.core.bundle.schema import CHECKS, DIAGNOSTIC, MANIFEST, TRAIL, check, load_json, schema_problem
from kbdesk.core.bundle.ticket import Ticket
from kbdesk.core.errors import BundleError, UnsafeBundleError
from kbdesk.core.jsontypes import JSONObject, JSONValue

# --------------------------------------------------------------------------- reading


@dataclass(frozen=True)
class _Entry:
    info: zipfile.ZipInfo
    name: str
    parts: tuple[str, ...]


class _Budget:
    """Counts the bytes actually decompressed across the whole archive."""

    def __init__(self, limits: BundleLimits) -> None:
        self.limits = limits
        self.total = 0


def _open_archive(path: Path, limits: BundleLimits) -> tuple[zipfile.ZipFile, list[_Entry]]:
    """Open ``path`` and check every header before any member is read.

    The caller owns the returned ZipFile and must close it.
    """
    try:
        size = path.stat().st_size
    except FileNotFoundError:
        raise BundleError(f"{path}: no such bundle file") from None
    except OSError as exc:
        raise BundleError(f"{path}: cannot be read: {exc.strerror or exc}") from exc
    if not path.is_file():
        raise BundleError(f"{path} is not a file")
    if size > limits.max_total_bytes + MB:
        raise unsafe(f"{path} is {size} bytes, larger than any bundle may be ({limits.max_total_bytes})")
    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, ValueError, NotImplementedError) as exc:
        raise BundleError(f"{path} is not a kbdesk bundle (not a readable zip archive: {exc})") from None
    except OSError as exc:
        raise BundleError(f"{path}: cannot be read: {exc.strerror or exc}") from exc
    try:
        return archive, _check_headers(archive, limits)
    except BaseException:
        archive.close()
        raise


def _check_headers(archive: zipfile.ZipFile, limits: BundleLimits) -> list[_Entry]:
    infos = archive.infolist()
    if len(infos) > limits.max_members:
        raise unsafe(f"the bundle has {len(infos)} members; at most {limits.max_members} are allowed")
    entries: list[_Entry] = []
    seen: dict[str, str] = {}
    files: set[str] = set()
    folders: set[str] = set()
    declared_total = 0
    for info in infos:
        raw = info.filename
        name = raw[:-1] if info.is_dir() else raw
        problem = name_problem(name)
        if problem:
            raise unsafe(f"bundle member {raw!r} {problem}; the bundle was not opened")
        mode = info.external_attr >> 16
        kind = stat.S_IFMT(mode)
        if kind == stat.S_IFLNK:
            raise unsafe(f"bundle member {raw!r} is a symbolic link; the bundle was not opened")
        if kind not in (0, stat.S_IFREG, stat.S_IFDIR):
            raise unsafe(f"bundle member {raw!r} is a special file; the bundle was not opened")
        key = name_key(name)
        if key in seen:
            raise unsafe(f"bundle member {raw!r} appears twice (also as {seen[key]!r}); the bundle was not opened")
        seen[key] = raw
        parts = tuple(name.split("/"))
        for i in range(1, len(parts)):
            folders.add(name_key("/".join(parts[:i])))
        if info.is_dir() or kind == stat.S_IFDIR:
            folders.add(key)
            continue
        if info.flag_bits & 0x1:
            raise BundleError(f"bundle member {raw!r} is encrypted; kbdesk bundles never are")
        if info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
            raise BundleError(f"bundle member {raw!r} uses an unsupported compression method ({info.compress_type})")
        if info.file_size > limits.max_member_bytes:
            raise unsafe(f"bundle member {raw!r} is {info.file_size} bytes; the limit is {limits.max_member_bytes}")
        declared_total += info.file_size
        if declared_total > limits.max_total_bytes:
            raise unsafe(f"the bundle unpacks to more than {limits.max_total_bytes} bytes")
        if info.file_size > limits.ratio_min_bytes and info.file_size > limits.max_ratio * max(info.compress_size, 1):
            ratio = info.file_size // max(info.compress_size, 1)
            raise unsafe(
                f"bundle member {raw!r} expands {ratio}:1 (over {limits.max_ratio}:1), like a zip bomb; "
                "the bundle was not opened"
            )
        files.add(key)
        entries.append(_Entry(info=info, name=name, parts=parts))
    clash = files & folders
    if clash:
        name = next(seen[k] for k in sorted(clash))
        raise unsafe(f"bundle member {name!r} is both a file and a folder; the bundle was not opened")
    return entries


class _DamagedMember(BundleError):
    """A member's bytes cannot be read back (bad CRC, truncated stream)."""


def _stream(archive: zipfile.ZipFile, entry: _Entry, budget: _Budget) -> Iterator[bytes]:
    """The member's bytes, with every limit enforced on what is actually decompressed.

    Header sizes are checked up front, but they are claims; this counts the real
    output so a lying header cannot get more through.
    """
    limits = budget.limits
    info = entry.info
    produced = 0
    try:
        with archive.open(info) as handle:
            while True:
                chunk = handle.read(1 << 16)
                if not chunk:
                    break
                produced += len(chunk)
                budget.total += len(chunk)
                if produced > info.file_size:
                    raise unsafe(f"bundle member {entry.name!r} holds more data than its header says")
                if produced > limits.max_member_bytes:
                    raise unsafe(f"bundle member {entry.name!r} is over {limits.max_member_bytes} bytes")
                if budget.total > limits.max_total_bytes:
                    raise unsafe(f"the bundle unpacks to more than {limits.max_total_bytes} bytes")
                if produced > limits.ratio_min_bytes and produced > limits.max_ratio * max(info.compress_size, 1):
                    raise unsafe(f"bundle member {entry.name!r} expands over {limits.max_ratio}:1, like a zip bomb")
                yield chunk
    except (zipfile.BadZipFile, zlib.error, EOFError, ValueError, NotImplementedError) as exc:
        raise _DamagedMember(f"{entry.name}: damaged ({exc})") from None


def _read_small(archive: zipfile.ZipFile, entry: _Entry, budget: _Budget) -> bytes:
    if entry.info.file_size > budget.limits.max_json_bytes:
        raise unsafe(f"bundle member {entry.name!r} is too large to parse ({entry.info.file_size} bytes)")
    return b"".join(_stream(archive, entry, budget))


def _parse_manifest(data: bytes, limits: BundleLimits) -> tuple[JSONObject, tuple[ManifestFile, ...]]:
    """The manifest, checked against :data:`~kbdesk.core.bundle.schema.MANIFEST`, and its checked file list."""
    try:
        manifest = load_json(data, MANIFEST_NAME, limits)
    except UnsafeBundleError:
        raise
    except BundleError as exc:
        raise BundleError(
            f"the bundle manifest is damaged: {exc}", hint="The file is damaged; ask for it again."
        ) from None
    if not isinstance(manifest, dict):
        raise BundleError("the bundle manifest is not a JSON object")
    if manifest.get("format") != FORMAT_NAME:
        raise BundleError(f"not a kbdesk bundle (manifest format is {manifest.get('format')!r})")
    version = manifest.get("format_version")
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        raise BundleError(f"the bundle manifest has an invalid format_version {version!r}")
    if version > FORMAT_VERSION:
        raise BundleError(
            f"this bundle uses format version {version}; this kbdesk reads version {FORMAT_VERSION}",
            hint="Open it with a newer kbdesk.",
        )
    files = manifest.get("files")
    if not isinstance(files, list):
        raise BundleError("the bundle manifest has no file list")
    check(manifest, MANIFEST, MANIFEST_NAME)
    listed: dict[str, ManifestFile] = {}
    for n, entry in enumerate(files):
        assert isinstance(entry, dict)  # the schema checked it
        name, size, sha256 = entry["name"], entry["size"], entry["sha256"]
        assert isinstance(name, str) and isinstance(size, int) and isinstance(sha256, str)
        if size < 0 or not re.fullmatch(r"[0-9a-f]{64}", sha256):
            raise BundleError(f"{MANIFEST_NAME}: field 'files[{n}]' has a negative size or a malformed sha256")
        problem = name_problem(name)
        if problem:
            raise unsafe(f"{MANIFEST_NAME}: field 'files[{n}].name' {problem}; the bundle was not opened")
        if name == MANIFEST_NAME or name in listed:
            raise BundleError(f"the bundle manifest lists {name!r} more than once or lists itself")
        listed[name] = ManifestFile(name, size, sha256)
    return manifest, tuple(listed.values())


def _manifest_entry(entries: list[_Entry]) -> _Entry:
    for entry in entries:
        if entry.name == MANIFEST_NAME:
            return entry
    raise BundleError("not a kbdesk bundle (it has no manifest.json)", hint="Check that this is the file kbdesk saved.")


class _Tally:
    """Builds a VerifyResult while members are read once."""

    def __init__(self, files: tuple[ManifestFile, ...]) -> None:
        self.expected = {f.name: f for f in files}
        self.seen: set[str] = set()
        self.changed: list[str] = []
        self.extra: list[str] = []
        self.errors: list[str] = []

    def record(self, name: str, size: int | None, digest: str | None, error: str | None = None) -> None:
        if name == MANIFEST_NAME:
            return
        self.seen.add(name)
        if error:
            self.errors.append(error)
        want = self.expected.get(name)
        if want is None:
            self.extra.append(name)
        elif error or want.size != size or want.sha256 != digest:
            self.changed.append(name)

    def result(self) -> VerifyResult:
        missing = sorted(set(self.expected) - self.seen)
        changed, extra, errors = sorted(self.changed), sorted(self.extra), list(self.errors)
        return VerifyResult(
            ok=not (changed or missing or extra or errors),
            changed=tuple(changed),
            missing=tuple(missing),
            extra=tuple(extra),
            errors=tuple(errors),
            checked=len(self.seen),
        )


def verify_bundle(path: Path | str, *, limits: BundleLimits = DEFAULT_LIMITS) -> VerifyResult:
    """Recompute each member's sha256 and compare with the manifest; nothing is written to disk.

    Raises ``BundleError`` when the file is not a bundle at all (no zip, no or a
    bad manifest) and ``UnsafeBundleError`` when it breaks the safety rules.
    """
    archive, entries = _open_archive(Path(path), limits)
    with archive:
        budget = _Budget(limits)
        _manifest, files = _parse_manifest(_read_small(archive, _manifest_entry(entries), budget), limits)
        tally = _Tally(files)
        for entry in entries:
            if entry.name == MANIFEST_NAME:
                continue
            digest = hashlib.sha256()
            size = 0
            try:
                for chunk in _stream(archive, entry, budget):
                    digest.update(chunk)
                    size += len(chunk)
            except _DamagedMember as exc:
                tally.record(entry.name, None, None, str(exc))
                continue
            tally.record(entry.name, size, digest.hexdigest())
    return tally.result()


class OpenedBundle:
    """A bundle unpacked into a private temporary folder; use it as a context manager.

    The folder (mode 0700) and everything in it are removed by :meth:`close`,
    on leaving the ``with`` block, or at the latest when the object is collected.
    """

    def __init__(self, path: Path, root: Path) -> None:
        self.path = path
        self.root = root
        self.manifest: JSONObject = {}
        #: the members the manifest lists (name, size, sha256)
        self.files: tuple[ManifestFile, ...] = ()
        self.ticket: Ticket | None = None
        self.trail: JSONObject = {}
        self.members: dict[str, Path] = {}
        #: per diagnostics member: its parsed JSON, or its text
        self.diagnostics: dict[str, JSONValue] = {}
        self.attachments: dict[str, Path] = {}
        #: diagnostics/checks.json, checked against its schema: the facts and the checks that fired (None: absent
        #: or unreadable, which ``problems`` then says)
        self.checks: JSONObject | None = None
        self.verify: VerifyResult = VerifyResult(ok=False)
        #: things that could not be parsed (bad ticket.json, a diagnostics file that is not JSON, ...)
        self.problems: tuple[str, ...] = ()
        self._finalizer = weakref.finalize(self, shutil.rmtree, str(root), ignore_errors=True)

    @property
    def bundle_id(self) -> str:
        return str(self.manifest.get("bundle_id", ""))

    @property
    def created_at(self) -> str:
        return str(self.manifest.get("created_at", ""))

    @property
    def knowledge_base(self) -> tuple[SourceRevision, ...]:
        """The sources and revisions the user searched (empty for bundles written before kbdesk recorded them)."""
        listed = self.manifest.get("knowledge_base")
        if not isinstance(listed, list):
            return ()
        return tuple(SourceRevision.from_mapping(entry) for entry in listed if isinstance(entry, dict))

    @property
    def closed(self) -> bool:
        return not self._finalizer.alive

    def close(self) -> None:
        self._finalizer()

    def __enter__(self) -> OpenedBundle:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _extract_to(root: Path, entry: _Entry, chunks: Iterator[bytes]) -> tuple[Path, int, str]:
    target = root.joinpath(*entry.parts)
    # belt and braces: the name checks already rule this out
    if os.path.commonpath([os.path.abspath(target), os.path.abspath(root)]) != os.path.abspath(root):
        raise unsafe(f"bundle member {entry.name!r} would be written outside the bundle folder")
    parent = root
    for part in entry.parts[:-1]:
        parent = parent / part
        if parent.is_symlink():
            raise unsafe(f"bundle member {entry.name!r} would be written through a link")
        parent.mkdir(mode=0o700, exist_ok=True)
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_BINARY", 0)
    fd = os.open(target, flags, 0o600)
    digest = hashlib.sha256()
    size = 0
    with os.fdopen(fd, "wb") as handle:
        for chunk in chunks:
            handle.write(chunk)
            digest.update(chunk)
            size += len(chunk)
    return target, size, digest.hexdigest()


def _load_json_file(target: Path, name: str, problems: list[str], limits: BundleLimits) -> JSONValue:
    """The member's JSON, or None with the reason added to ``problems`` (too large, too deep, not JSON)."""
    if target.stat().st_size > limits.max_json_bytes:
        problems.append(f"{name}: too large to parse")
        return None
    try:
        return load_json(target.read_bytes(), name, limits)
    except BundleError as exc:
        problems.append(str(exc))
        return None


def _read_text(target: Path, limits: BundleLimits) -> str:
    """A member as text for display: at most ``max_json_bytes`` of it (the rest is left on disk)."""
    with open(target, "rb") as handle:
        data = handle.read(limits.max_json_bytes + 1)
    text = data[: limits.max_json_bytes].decode("utf-8", errors="replace")
    return text + ("\n… (cut: the file is larger than kbdesk shows)" if len(data) > limits.max_json_bytes else "")


def open_bundle(
    path: Path | str,
    *,
    limits: BundleLimits = DEFAULT_LIMITS,
    temp_dir: Path | str | None = None,
) -> OpenedBundle:
    """Check, unpack and parse a bundle into a private temporary folder.

    ``temp_dir`` is the folder in which the private folder is made (default: the
    system's temporary folder). Everything is checked before anything is written;
    on any error the temporary folder is removed before the error is raised.
    """
    path = Path(path)
    archive, entries = _open_archive(path, limits)
    with archive:
        budget = _Budget(limits)
        manifest, files = _parse_manifest(_read_small(archive, _manifest_entry(entries), budget), limits)
        root = Path(tempfile.mkdtemp(prefix="kbdesk-bundle-", dir=temp_dir))
        os.chmod(root, 0o700)
        opened = OpenedBundle(path, root)
        try:
            opened.manifest = manifest
            opened.files = files
            tally = _Tally(files)
            for entry in entries:
                if entry.name == MANIFEST_NAME:
                    continue
                try:
                    target, size, digest = _extract_to(root, entry, _stream(archive, entry, budget))
                except _DamagedMember as exc:
                    tally.record(entry.name, None, None, str(exc))
                    continue
                except OSError as exc:
                    raise BundleError(f"could not unpack {entry.name!r}: {exc.strerror or exc}") from exc
                opened.members[entry.name] = target
                tally.record(entry.name, size, digest)
            opened.verify = tally.result()
            _parse_members(opened, limits)
        except BaseException:
            opened.close()
            raise
    return opened


def _parse_members(opened: OpenedBundle, limits: BundleLimits) -> None:
    problems: list[str] = []
    ticket_path = opened.members.get(TICKET_JSON)
    if ticket_path is None:
        problems.append("ticket.json is missing")
    else:
        data = _load_json_file(ticket_path, TICKET_JSON, problems, limits)
        if data is not None:
            try:
                opened.ticket = Ticket.from_dict(data)
            except BundleError as exc:
                problems.append(str(exc))
    trail_path = opened.members.get(TRAIL_JSON)
    if trail_path is None:
        problems.append("trail.json is missing")
    else:
        data = _load_json_file(trail_path, TRAIL_JSON, problems, limits)
        problem = schema_problem(data, TRAIL) if data is not None else None
        if problem is not None:
            problems.append(f"{TRAIL_JSON}: {problem}; the trail is not shown")
        elif isinstance(data, dict):
            opened.trail = data
    for name, target in sorted(opened.members.items()):
        if name.startswith(DIAGNOSTICS_PREFIX):
            key = name[len(DIAGNOSTICS_PREFIX) :]
            if name.endswith(".json"):
                value = _load_json_file(target, name, problems, limits)
                if name == CHECKS_JSON and isinstance(value, dict):
                    checks_problem = schema_problem(value, CHECKS)
                    if checks_problem is None:
                        opened.checks = value
                    else:
                        problems.append(f"{name}: {checks_problem}; the checks are not shown")
                problem = schema_problem(value, DIAGNOSTIC) if value is not None else None
                if problem is not None:
                    problems.append(f"{name}: {problem}; shown as text")
                    value = None
                opened.diagnostics[key] = value if value is not None else _read_text(target, limits)
            else:
                opened.diagnostics[key] = _read_text(target, limits)
        elif name.startswith(ATTACHMENTS_PREFIX):
            opened.attachments[name[len(ATTACHMENTS_PREFIX) :]] = target
    opened.problems = tuple(problems)
