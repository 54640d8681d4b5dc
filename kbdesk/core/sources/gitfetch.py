"""The git side of a source: shallow fetch of one branch and an immutable checkout. Only this module imports pygit2.

Why pygit2 (libgit2 1.9 inside its wheels, with https and ssh built in) and
not dulwich, measured here on a 10,000-article repository over ``git://``
(``benchmarks/bench_sources.py``; details in docs/sources.md):

* a depth-1 fetch after one article changed upstream: pygit2 received 4
  objects, 968 bytes, in 0.09 s; dulwich 1.2 received the whole tree again
  (9 MB, 2.5 s), because its shallow negotiation does not offer the commit
  it already has. Across 5,000 desktops that is the difference between
  kilobytes and gigabytes per hour on the git server.
* the first clone: pygit2 0.8-0.9 s, dulwich 2.6 s (6.6 s over file://).
* libgit2 cannot fetch shallow over its local transport ("shallow fetch is
  not supported by the local transport"), so ``file://`` remotes and plain
  paths are fetched in full (depth 0); dulwich could. A file:// remote is on a
  disk or share this machine reads anyway, so the extra history costs disk,
  not network.

The checkout is written by this module, not by libgit2's checkout: only the
source's sub folder is written, each path is checked (no ``..``, no ``.git``,
no symbolic links or submodules) and limits apply, and a file whose blob is
the same as in the previous revision is hard-linked from it. Hard links keep
size, mtime and inode, so the indexer's and lint's change detection (size and
mtime, then content) sees only the files that really changed.
"""

from __future__ import annotations

import json
import logging
import os
import shutil
import stat
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pygit2

from ..errors import SourceError

log = logging.getLogger(__name__)

#: the ref a fetch writes; nothing else in the repository matters to kbdesk
FETCHED_REF = "refs/kbdesk/fetched"
#: the tip of the fetch before, kept so the next fetch can offer it to the server ("have"): a fetch
#: that finds no branch leaves FETCHED_REF missing, not stale
PREVIOUS_REF = "refs/kbdesk/previous"
#: limits on what one revision may hold (untrusted content)
MAX_FILES = 50_000
MAX_FILE_BYTES = 64 * 1024 * 1024
MAX_TOTAL_BYTES = 2 * 1024 * 1024 * 1024
MAX_DEPTH = 24
#: bytes one fetch may receive before it is aborted (a 10,000-article clone is 9.4 MB)
MAX_FETCH_BYTES = 1024 * 1024 * 1024
#: libgit2 time-outs (milliseconds): connecting, and silence from the server during a fetch
CONNECT_TIMEOUT_MS = 15_000
SERVER_TIMEOUT_MS = 60_000
#: above this many packs (one per fetch) the repository is fetched afresh, because libgit2 has no gc
MAX_PACKS = 64
_WINDOWS_RESERVED = {"con", "prn", "aux", "nul"} | {f"com{i}" for i in range(1, 10)} | {f"lpt{i}" for i in range(1, 10)}

CancelFn = Callable[[], bool]


class FetchCancelled(SourceError):
    """The caller asked to stop (the app is quitting)."""


@dataclass(frozen=True)
class FetchResult:
    commit: str
    commit_time: int  # seconds since the epoch, the committer's time
    received_objects: int
    received_bytes: int
    shallow: bool


def _configure_libgit2() -> None:
    try:
        pygit2.settings.server_connect_timeout = CONNECT_TIMEOUT_MS
        pygit2.settings.server_timeout = SERVER_TIMEOUT_MS
    except (AttributeError, pygit2.GitError):  # older libgit2: its own defaults
        pass


_configure_libgit2()


def is_local_url(url: str) -> bool:
    return url.lower().startswith("file://") or ("://" not in url and not _looks_scp(url))


def _looks_scp(url: str) -> bool:
    from .model import is_git_url

    return is_git_url(url)


class _Callbacks(pygit2.RemoteCallbacks):
    def __init__(self, url: str, cancel: CancelFn | None, max_bytes: int) -> None:
        super().__init__()
        self._url = url
        self._cancel = cancel
        self._max_bytes = max_bytes
        self._tries = 0

    def transfer_progress(self, stats: pygit2.remotes.TransferProgress) -> None:
        if self._cancel is not None and self._cancel():
            raise FetchCancelled("sync cancelled")
        if stats.received_bytes > self._max_bytes:
            raise SourceError(f"the remote sent more than {self._max_bytes // (1024 * 1024)} MB; fetch stopped")

    def credentials(
        self, url: str, username_from_url: str | None, allowed_types: pygit2.enums.CredentialType
    ) -> pygit2.Username | pygit2.Keypair | pygit2.KeypairFromAgent:
        # ssh: the user's agent first, then each of their default keys once; kbdesk stores no secrets.
        # libgit2 calls again after each refusal, so hand out the next candidate each time.
        user = username_from_url or "git"
        if allowed_types & pygit2.enums.CredentialType.SSH_KEY:
            candidates: list[pygit2.Keypair | pygit2.KeypairFromAgent] = [pygit2.KeypairFromAgent(user)]
            home = Path.home() / ".ssh"
            for name in ("id_ed25519", "id_ecdsa", "id_rsa"):
                key = home / name
                if key.is_file() and (home / f"{name}.pub").is_file():
                    candidates.append(pygit2.Keypair(user, str(home / f"{name}.pub"), str(key), ""))
            self._tries += 1
            if self._tries <= len(candidates):
                return candidates[self._tries - 1]
            raise SourceError(
                "the ssh server refused every key kbdesk tried (agent, ~/.ssh/id_*)",
                hint="load the key into your ssh agent",
            )
        if allowed_types & pygit2.enums.CredentialType.USERNAME:
            return pygit2.Username(user)
        raise SourceError(
            "the remote asks for a password kbdesk does not have",
            hint="use an ssh URL with an agent, or an https URL that needs no login",
        )


def open_repository(repo_dir: Path) -> pygit2.Repository:
    """The source's bare repository, created empty when missing."""
    if (repo_dir / "HEAD").is_file():
        return pygit2.Repository(str(repo_dir))
    repo_dir.parent.mkdir(parents=True, exist_ok=True)
    return pygit2.init_repository(str(repo_dir), bare=True)


def repository_looks_healthy(repo: pygit2.Repository) -> bool:
    """Whatever a killed fetch may have left: the fetched ref, if any, must name a readable commit and tree."""
    try:
        for name in (FETCHED_REF, PREVIOUS_REF):
            ref = repo.references.get(name)
            if ref is not None:
                repo[ref.target].tree  # noqa: B018 - reading it is the check
        return len(list((Path(repo.path) / "objects" / "pack").glob("*.pack"))) <= MAX_PACKS
    except (pygit2.GitError, KeyError, ValueError, OSError):
        return False


def fetch(
    repo: pygit2.Repository,
    url: str,
    branch: str,
    *,
    cancel: CancelFn | None = None,
    max_bytes: int = MAX_FETCH_BYTES,
) -> FetchResult:
    """Fetch the tip of ``branch`` (empty: the remote's HEAD) into :data:`FETCHED_REF`, depth 1 where
    the transport can. Raises :class:`SourceError` (``offline`` set when the remote could not be reached)."""
    source_ref = f"refs/heads/{branch}" if branch else "HEAD"
    shallow = not is_local_url(url)
    previous = repo.references.get(FETCHED_REF)
    if previous is not None:
        repo.references.create(PREVIOUS_REF, previous.target, force=True)
        previous.delete()
    remote = repo.remotes.create_anonymous(url)
    try:
        stats = remote.fetch(
            [f"+{source_ref}:{FETCHED_REF}"],
            callbacks=_Callbacks(url, cancel, max_bytes),
            depth=1 if shallow else 0,
        )
    except SourceError:
        raise
    except (pygit2.GitError, KeyError, OSError, ValueError) as exc:
        raise fetch_error(exc, branch) from exc
    ref = repo.references.get(FETCHED_REF)
    if ref is None:
        raise SourceError(f"the remote has no branch '{branch or 'HEAD'}'", hint="check --branch")
    commit = repo[ref.target]
    if not isinstance(commit, pygit2.Commit):
        raise SourceError(f"'{branch or 'HEAD'}' does not name a commit")
    return FetchResult(str(commit.id), int(commit.commit_time), stats.received_objects, stats.received_bytes, shallow)


def commit_signature(repo: pygit2.Repository, commit_id: str) -> tuple[bytes | None, bytes]:
    """The commit's ``gpgsig`` header (None when unsigned) and the commit object without it, which is
    what the signature signs."""
    commit = repo[commit_id]
    assert isinstance(commit, pygit2.Commit)
    signature, payload = commit.gpg_signature
    return signature, payload


_OFFLINE_MARKERS = (
    "could not resolve",
    "failed to resolve",
    "connection refused",
    "failed to connect",
    "timed out",
    "network is unreachable",
    "no route to host",
    "could not connect",
    "connection reset",
    "temporary failure",
    "unexpected eof",
    "early eof",
    "connection closed",
    "name or service not known",
)


def fetch_error(exc: BaseException, branch: str) -> SourceError:
    from .model import scrub_credentials

    text = scrub_credentials(str(exc).strip() or type(exc).__name__)
    lowered = text.lower()
    error = SourceError(f"fetch failed: {text}")
    error.offline = any(m in lowered for m in _OFFLINE_MARKERS)  # type: ignore[attr-defined]
    if "not found" in lowered and ("ref" in lowered or "branch" in lowered or "couldn't find" in lowered):
        error = SourceError(f"the remote has no branch '{branch or 'HEAD'}'", hint="check --branch")
    return error


# ---------------------------------------------------------------- trees and checkouts


@dataclass(frozen=True)
class TreeFile:
    oid: str
    size: int


@dataclass(frozen=True)
class TreeListing:
    files: dict[str, TreeFile]  # rel path (relative to the sub folder, '/' separators) -> blob
    skipped: tuple[str, ...]  # paths left out, with why


def list_tree(
    repo: pygit2.Repository, commit_id: str, subdir: str = "", known_sizes: dict[str, int] | None = None
) -> TreeListing:
    """Every regular file under ``subdir`` of the commit's tree, checked against the limits.

    ``known_sizes`` (blob id -> size, from the previous revision's listing) saves reading
    the header of every unchanged blob: walking a 10,000-file tree takes 0.09 s, reading
    every blob's size on top of it several times that.
    Raises :class:`SourceError` when the revision breaks a limit (too many or too large
    files) or the sub folder does not exist.
    """
    known = known_sizes or {}
    tree = repo[commit_id].tree
    if subdir:
        try:
            sub_entry = tree[subdir]
        except KeyError:
            raise SourceError(f"the revision has no folder '{subdir}'", hint="check --path") from None
        sub = repo[sub_entry.id]
        if not isinstance(sub, pygit2.Tree):
            raise SourceError(f"'{subdir}' is a file in the revision, not a folder", hint="check --path")
        tree = sub
    files: dict[str, TreeFile] = {}
    skipped: list[str] = []
    total = 0
    stack: list[tuple[pygit2.Tree, str, int]] = [(tree, "", 0)]
    folded: set[str] = set()
    while stack:
        current, prefix, depth = stack.pop()
        for entry in current:
            name = entry.name or ""
            rel = prefix + name
            problem = file_name_problem(name)
            if problem:
                skipped.append(f"{rel}: {problem}")
                continue
            mode = entry.filemode
            if mode == pygit2.enums.FileMode.TREE:
                if depth + 1 >= MAX_DEPTH:
                    skipped.append(f"{rel}: folders nested deeper than {MAX_DEPTH}")
                    continue
                child = repo[entry.id]
                assert isinstance(child, pygit2.Tree)
                stack.append((child, rel + "/", depth + 1))
            elif mode in (pygit2.enums.FileMode.BLOB, pygit2.enums.FileMode.BLOB_EXECUTABLE):
                key = rel.casefold()
                if key in folded:  # would overwrite another file on macOS and Windows
                    skipped.append(f"{rel}: differs from another path only by case")
                    continue
                folded.add(key)
                oid = str(entry.id)
                size = known.get(oid)
                if size is None:
                    blob = repo[entry.id]
                    assert isinstance(blob, pygit2.Blob)
                    size = blob.size
                if size > MAX_FILE_BYTES:
                    raise SourceError(f"'{rel}' is larger than {MAX_FILE_BYTES // (1024 * 1024)} MB; revision refused")
                total += size
                files[rel] = TreeFile(oid, size)
                if len(files) > MAX_FILES or total > MAX_TOTAL_BYTES:
                    raise SourceError(
                        f"the revision holds more than {MAX_FILES} files or {MAX_TOTAL_BYTES // 2**30} GB; refused"
                    )
            elif mode == pygit2.enums.FileMode.LINK:
                skipped.append(f"{rel}: symbolic links are not served")
            else:
                skipped.append(f"{rel}: submodules are not served")
    return TreeListing(files, tuple(sorted(skipped)))


LISTING_FORMAT = 1


def listing_to_json(listing: TreeListing, commit: str) -> str:
    files = {rel: [f.oid, f.size] for rel, f in listing.files.items()}
    return json.dumps({"format": LISTING_FORMAT, "commit": commit, "files": files, "skipped": list(listing.skipped)})


def listing_from_json(text: str, commit: str) -> TreeListing | None:
    """A listing saved beside a revision; None when it is not one for ``commit`` (then walk the tree)."""
    try:
        data = json.loads(text)
        if data.get("format") != LISTING_FORMAT or data.get("commit") != commit:
            return None
        files = {str(rel): TreeFile(str(v[0]), int(v[1])) for rel, v in data["files"].items()}
        return TreeListing(files, tuple(str(x) for x in data.get("skipped", [])))
    except (ValueError, TypeError, KeyError, IndexError, AttributeError):
        return None


def file_name_problem(name: str) -> str | None:
    """Why one name in a git tree is not written to disk (unsafe here or on another platform), or None."""
    if name in ("", ".", "..") or "/" in name or "\\" in name or "\x00" in name:
        return "not a safe file name"
    folded = name.casefold().rstrip(". ")
    if folded in (".git", "git~1"):  # git~1: the 8.3 short name Windows gives .git
        return "not a safe file name"
    if name.rstrip(". ") != name or ":" in name or any(ord(c) < 0x20 for c in name):
        return "not a file name every platform accepts"
    if name.split(".")[0].casefold() in _WINDOWS_RESERVED:
        return "a reserved name on Windows"
    return None


@dataclass(frozen=True)
class FileChanges:
    """What differs between two served revisions, as paths relative to the served folder."""

    added: tuple[str, ...] = ()
    modified: tuple[str, ...] = ()
    deleted: tuple[str, ...] = ()

    @property
    def count(self) -> int:
        return len(self.added) + len(self.modified) + len(self.deleted)

    def to_dict(self) -> dict[str, list[str]]:
        return {"added": list(self.added), "modified": list(self.modified), "deleted": list(self.deleted)}

    @classmethod
    def from_dict(cls, data: dict[str, object]) -> FileChanges:
        def paths(key: str) -> tuple[str, ...]:
            value = data.get(key, [])
            return tuple(str(p) for p in value) if isinstance(value, list) else ()

        return cls(paths("added"), paths("modified"), paths("deleted"))


def compare(old: dict[str, TreeFile], new: dict[str, TreeFile]) -> FileChanges:
    added = tuple(sorted(p for p in new if p not in old))
    deleted = tuple(sorted(p for p in old if p not in new))
    modified = tuple(sorted(p for p in new if p in old and old[p].oid != new[p].oid))
    return FileChanges(added, modified, deleted)


#: above this many new files one sync of the whole file system is cheaper than one fsync each
_FSYNC_EACH_MAX = 256


def write_checkout(
    repo: pygit2.Repository,
    listing: TreeListing,
    target: Path,
    *,
    previous: tuple[Path, dict[str, TreeFile]] | None = None,
    cancel: CancelFn | None = None,
) -> int:
    """Write the listed files into ``target`` (which must not exist yet); returns how many were written
    anew (the rest were hard-linked from ``previous``, a served folder and its listing). Files are made
    read-only: a served revision never changes."""
    target.mkdir(parents=True)
    old_dir, old_files = previous if previous else (None, {})
    old_root = str(old_dir) if old_dir is not None else ""
    root = str(target)
    written: list[str] = []
    made: set[str] = set()
    for i, (rel, blob) in enumerate(sorted(listing.files.items())):
        if cancel is not None and i % 512 == 0 and cancel():
            raise FetchCancelled("sync cancelled")
        parent = rel.rpartition("/")[0]
        if parent and parent not in made:
            os.makedirs(os.path.join(root, parent), exist_ok=True)
            made.add(parent)
        dest = os.path.join(root, rel)
        old = old_files.get(rel)
        if old_root and old is not None and old.oid == blob.oid:
            try:
                os.link(os.path.join(old_root, rel), dest)
                continue
            except OSError:  # another file system, or the old file is gone: write it
                pass
        with open(dest, "xb") as handle:
            content = repo[blob.oid]
            assert isinstance(content, pygit2.Blob)
            handle.write(content.data)
            if len(written) < _FSYNC_EACH_MAX:
                handle.flush()
                os.fsync(handle.fileno())
        os.chmod(dest, stat.S_IRUSR | stat.S_IRGRP | stat.S_IROTH)
        written.append(dest)
    return len(written)


def make_durable(written: int) -> None:
    """After :func:`write_checkout`: the first ``_FSYNC_EACH_MAX`` new files were flushed one by one;
    past that one ``sync()`` of the file system is cheaper than thousands of fsyncs (a first clone)."""
    if written >= _FSYNC_EACH_MAX and hasattr(os, "sync"):
        os.sync()


def remove_tree(path: Path) -> None:
    """Delete a checkout (its files are read-only, which Windows refuses to delete without a chmod)."""

    def writable_then_retry(func: Callable[[str], object], failed_path: str, _exc_info: object) -> None:
        try:
            os.chmod(failed_path, stat.S_IWRITE | stat.S_IREAD)
            func(failed_path)
        except OSError:
            pass

    if not path.exists():
        return
    if sys.version_info >= (3, 12):
        shutil.rmtree(path, onexc=writable_then_retry)
    else:
        shutil.rmtree(path, onerror=writable_then_retry)


def fresh_repository(repo_dir: Path) -> pygit2.Repository:
    """Throw the repository away and start an empty one (after a killed fetch left it unusable)."""
    trash = repo_dir.with_name(f"{repo_dir.name}.trash-{os.getpid()}-{time.monotonic_ns()}")
    if repo_dir.exists():
        os.replace(repo_dir, trash)
        remove_tree(trash)
    return open_repository(repo_dir)
