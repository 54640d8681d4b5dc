"""One source on disk, and its sync: fetch, verify, check out, lint, then swap atomically.

Layout (``state_paths().data / "sources" / NAME``; data, not cache, because the
served checkout is what kbdesk shows offline and cannot be rebuilt without
the network)::

    lock                  held (flock) by the one process syncing this source
    repo.git/             bare, shallow repository (objects of the fetched tips)
    rev-<sha>/            a served or previously served revision: complete, read-only, never modified
    rev-<sha>.partial-N/  a checkout being written; removed when found later
    SERVED                {"format": 1, "revision": "rev-<sha>", "commit": ..., ...}, replaced atomically
    status.json           the last sync attempt: outcome, message, held-back revision and why

A sync fetches the branch tip, and when it differs from the served commit:
checks the signature against the allowed signers (before anything is
written), writes the checkout into a ``.partial`` folder (unchanged files
hard-linked from the served revision), lints it, renames it to ``rev-<sha>``
and only then replaces ``SERVED``. A fetch or checkout that fails, is
interrupted or killed leaves ``SERVED`` and the revision it names untouched;
the next sync removes the leftovers (and starts the repository afresh if a
killed fetch left it unusable). ``KEEP_OLD_REVISIONS`` older revisions stay
for readers that still have one open.

Folder sources are served live from the folder; syncing them checks that the
folder is there.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import logging
import os
import re
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, TypedDict

from ..errors import IndexBusyError, SourceError
from ..fsutil import atomic_write_text, fsync_dir
from ..jsontypes import JSONObject
from ..paths import state_paths
from .model import Source
from .signing import SignerPolicy, verify_signature

if TYPE_CHECKING:
    import pygit2

    from .gitfetch import FileChanges, TreeListing

log = logging.getLogger(__name__)

SERVED_FORMAT = 1
STATUS_FORMAT = 1
#: revisions kept besides the served one (an open search engine may still read the previous one)
KEEP_OLD_REVISIONS = 2
#: lint findings (errors) kept in status.json for writers
MAX_REASONS = 50
#: status.json and SERVED are ours, but read with a limit all the same
MAX_STATE_BYTES = 4 * 1024 * 1024

# outcomes of one sync
UPDATED = "updated"  # a new revision is served
UNCHANGED = "unchanged"  # the remote's tip is the served revision
HELD_BACK = "held-back"  # the new revision has lint errors; the last good one stays
REFUSED = "refused"  # the new revision is unsigned, wrongly signed, or breaks a limit
OFFLINE = "offline"  # the remote could not be reached; the served revision stays
FAILED = "failed"  # anything else; the served revision stays
FOLDER = "folder"  # a folder source: served live, nothing to fetch

# rev-<sha>, or rev-<sha>-N when the same commit is checked out again (another sub folder)
_REV_RE = re.compile(r"^rev-[0-9a-f]{7,64}(-\d+)?$")
_PARTIAL_RE = re.compile(r"^rev-[0-9a-f]{7,64}(-\d+)?\.partial-\d+(-\d+)?$")

CancelFn = Callable[[], bool]


def sources_root() -> Path:
    return state_paths().data / "sources"


def _now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")


def _iso(epoch: int) -> str:
    return dt.datetime.fromtimestamp(epoch, dt.UTC).isoformat(timespec="seconds")


@dataclass(frozen=True)
class ServedRevision:
    """The revision of a git source that kbdesk serves (and records in escalation bundles)."""

    source: str
    commit: str
    #: the committer's time, ISO 8601 UTC
    commit_time: str
    #: when this revision went live, ISO 8601 UTC
    served_since: str
    #: the folder holding the articles (the source's sub folder of the commit)
    folder: Path
    signer: str = ""
    #: what was asked for when it was fetched (URL without credentials, branch, sub folder)
    url: str = ""
    branch: str = ""
    path: str = ""

    @property
    def short(self) -> str:
        return self.commit[:12]

    def to_dict(self) -> JSONObject:
        return {
            "source": self.source,
            "commit": self.commit,
            "commit_time": self.commit_time,
            "served_since": self.served_since,
            "signer": self.signer,
        }


@dataclass(frozen=True)
class SyncStatus:
    """The last sync attempt of one source, as `sources list` and the writer's view show it."""

    outcome: str = ""
    message: str = ""
    last_attempt: str = ""
    last_success: str = ""
    #: a newer revision that is not served, and why (lint errors, signature), for writers
    held_back_commit: str = ""
    held_back_reasons: tuple[str, ...] = ()
    #: files that changed when the served revision last changed
    changes: dict[str, list[str]] = field(default_factory=dict)

    def to_dict(self) -> JSONObject:
        return {
            "format": STATUS_FORMAT,
            "outcome": self.outcome,
            "message": self.message,
            "last_attempt": self.last_attempt,
            "last_success": self.last_success,
            "held_back": {"commit": self.held_back_commit, "reasons": list(self.held_back_reasons)},
            "changes": {kind: list(paths) for kind, paths in self.changes.items()},
        }

    @classmethod
    def from_dict(cls, data: JSONObject) -> SyncStatus:
        held = data.get("held_back")
        held = held if isinstance(held, dict) else {}
        reasons = held.get("reasons")
        reasons = reasons if isinstance(reasons, list) else []
        changes = data.get("changes")
        changes = changes if isinstance(changes, dict) else {}
        return cls(
            outcome=str(data.get("outcome", "")),
            message=str(data.get("message", "")),
            last_attempt=str(data.get("last_attempt", "")),
            last_success=str(data.get("last_success", "")),
            held_back_commit=str(held.get("commit", "")),
            held_back_reasons=tuple(str(r) for r in reasons[:MAX_REASONS]),
            changes={k: [str(p) for p in v] for k, v in changes.items() if isinstance(v, list)},
        )


class _Common(TypedDict):
    """What every result after a fetch carries."""

    served: ServedRevision | None
    previous_commit: str
    received_bytes: int
    received_objects: int


@dataclass(frozen=True)
class SyncResult:
    source: str
    outcome: str
    message: str = ""
    #: the revision served after this sync (None: nothing served yet, or a folder source)
    served: ServedRevision | None = None
    previous_commit: str = ""
    #: files changed in the served folder (only when ``outcome == UPDATED``), for the incremental re-index
    changes: FileChanges | None = None  # gitfetch's; named under TYPE_CHECKING so this module imports without pygit2
    #: the commit fetched, when it differs from the served one
    fetched_commit: str = ""
    reasons: tuple[str, ...] = ()
    received_bytes: int = 0
    received_objects: int = 0
    seconds: float = 0.0
    #: (stage, seconds) for benchmarks and -v: fetch, verify, checkout, lint, swap
    timings: tuple[tuple[str, float], ...] = ()

    @property
    def ok(self) -> bool:
        """The source serves what it should: updated, unchanged, or a folder."""
        return self.outcome in (UPDATED, UNCHANGED, FOLDER)


def _read_json(path: Path) -> JSONObject | None:
    try:
        with open(path, "rb") as handle:
            raw = handle.read(MAX_STATE_BYTES + 1)
    except FileNotFoundError:
        return None
    except OSError as exc:
        log.warning("cannot read %s: %s", path, exc)
        return None
    if len(raw) > MAX_STATE_BYTES:
        log.warning("%s is larger than %d bytes; ignored", path, MAX_STATE_BYTES)
        return None
    try:
        data = json.loads(raw.decode("utf-8"))
    except (ValueError, UnicodeDecodeError) as exc:
        log.warning("%s is not valid JSON (%s); ignored", path, exc)
        return None
    return data if isinstance(data, dict) else None


class SourceArea:
    """The on-disk area of one source: what is served, the last status, and the sync that changes them.

    Keep one per source for the life of the app: it holds lint's scan cache, so
    a sync after the first re-parses only the files that changed.
    """

    def __init__(self, source: Source, root: Path | None = None) -> None:
        self.source = source
        self.dir = (root or sources_root()) / source.name
        from ..lint import ScanCache

        self._scan_cache = ScanCache()
        self._open_repos: list[pygit2.Repository] = []

    # ------------------------------------------------------------ reading (any thread, any process)

    def served(self) -> ServedRevision | None:
        """The served revision of a git source, or None when nothing has been served yet."""
        data = _read_json(self.dir / "SERVED")
        if not data or data.get("format") != SERVED_FORMAT:
            return None
        name = str(data.get("revision", ""))
        folder = self.dir / name
        if not _REV_RE.match(name) or not folder.is_dir():
            log.warning("source %s: SERVED names a missing revision %r", self.source.name, name)
            return None
        return ServedRevision(
            source=self.source.name,
            commit=str(data.get("commit", "")),
            commit_time=str(data.get("commit_time", "")),
            served_since=str(data.get("served_since", "")),
            folder=folder,
            signer=str(data.get("signer", "")),
            url=str(data.get("url", "")),
            branch=str(data.get("branch", "")),
            path=str(data.get("path", "")),
        )

    def articles_folder(self) -> Path | None:
        """Where this source's articles are read from now: the folder itself, or the served checkout."""
        if self.source.kind == "folder":
            folder = Path(self.source.url).expanduser()
            return folder if folder.is_dir() else None
        served = self.served()
        return served.folder if served else None

    def status(self) -> SyncStatus:
        data = _read_json(self.dir / "status.json")
        if not data or data.get("format") != STATUS_FORMAT:
            return SyncStatus()
        return SyncStatus.from_dict(data)

    # ------------------------------------------------------------ syncing

    def sync(
        self,
        *,
        signers: SignerPolicy | None = None,
        lint: bool = True,
        cancel: CancelFn | None = None,
        wait: float = 0.0,
    ) -> SyncResult:
        """Bring the served revision up to date with the remote, if the new one is good.

        Never raises for a remote that is unreachable or content that is refused: the
        result says what happened and the served revision stays. Raises
        :class:`SourceError` when another process is syncing this source.
        """
        started = time.monotonic()
        if self.source.kind == "folder":
            folder = Path(self.source.url).expanduser()
            if folder.is_dir():
                return SyncResult(self.source.name, FOLDER, f"folder {folder}", seconds=time.monotonic() - started)
            return SyncResult(self.source.name, FAILED, f"folder not found: {folder}")
        from ..search.indexer import WriterLock

        self.dir.mkdir(parents=True, exist_ok=True)
        with WriterLock(self.dir / "lock") as lock:
            try:
                lock.acquire(wait)
            except IndexBusyError:
                raise SourceError(
                    f"source '{self.source.name}' is being synced by another kbdesk process",
                    hint="wait for it to finish, then try again",
                ) from None
            try:
                result = self._sync_locked(signers or SignerPolicy(), lint, cancel, started)
            finally:
                self._free_repositories()
        self._record(result)
        return result

    def _sync_locked(self, signers: SignerPolicy, lint: bool, cancel: CancelFn | None, started: float) -> SyncResult:
        from . import gitfetch

        timings: list[tuple[str, float]] = []
        name = self.source.name
        self._remove_leftovers()
        served = self.served()
        repo_dir = self.dir / "repo.git"
        t = time.monotonic()
        try:
            repo = self._track(gitfetch.open_repository(repo_dir))
            if not gitfetch.repository_looks_healthy(repo):
                log.info("source %s: starting the repository afresh", name)
                repo = self._fresh(repo_dir)
            try:
                fetched = gitfetch.fetch(repo, self.source.url, self.source.branch, cancel=cancel)
            except SourceError as exc:
                if getattr(exc, "offline", False) or isinstance(exc, gitfetch.FetchCancelled):
                    raise
                # a repository a killed fetch left behind can fail in ways the health check misses: once afresh
                log.info("source %s: fetch failed (%s); trying once with a fresh repository", name, exc)
                repo = self._fresh(repo_dir)
                fetched = gitfetch.fetch(repo, self.source.url, self.source.branch, cancel=cancel)
        except SourceError as exc:
            outcome = OFFLINE if getattr(exc, "offline", False) else FAILED
            message = str(exc) + (f" ({exc.hint})" if exc.hint else "")
            return SyncResult(name, outcome, message, served=served, seconds=time.monotonic() - started)
        except Exception as exc:
            log.exception("source %s: sync failed", name)
            return SyncResult(name, FAILED, f"sync failed: {exc}", served=served, seconds=time.monotonic() - started)
        timings.append(("fetch", time.monotonic() - t))
        common: _Common = {
            "served": served,
            "previous_commit": served.commit if served else "",
            "received_bytes": fetched.received_bytes,
            "received_objects": fetched.received_objects,
        }
        same_spec = served is not None and (served.url, served.branch, served.path) == (
            self.source.display_url,
            self.source.branch,
            self.source.path,
        )
        if served is not None and served.commit == fetched.commit and same_spec:
            return SyncResult(
                name,
                UNCHANGED,
                f"up to date at {fetched.commit[:12]}",
                timings=tuple(timings),
                seconds=time.monotonic() - started,
                **common,
            )

        # a revision already held back for lint errors stays held back: do not check it out and lint it again
        # every interval (its errors do not depend on the day; signature refusals are checked again, the
        # allowed signers may have changed)
        old = self.status()
        if old.outcome == HELD_BACK and old.held_back_commit == fetched.commit:
            return self._refused(fetched.commit, HELD_BACK, old.held_back_reasons, common, timings, started)

        # the signature is checked before anything is written
        t = time.monotonic()
        signature, payload = gitfetch.commit_signature(repo, fetched.commit)
        verdict = verify_signature(signature, payload, signers)
        timings.append(("verify", time.monotonic() - t))
        if not verdict.ok:
            return self._refused(fetched.commit, REFUSED, (verdict.reason,), common, timings, started)

        t = time.monotonic()
        final = self._new_revision_folder(fetched.commit)
        partial = self.dir / f"{final.name}.partial-{os.getpid()}-{time.monotonic_ns() % 10**9}"
        try:
            previous = None
            if served is not None:
                old_listing = self._listing(served.folder.name, served.commit)
                if old_listing is None:
                    try:
                        old_listing = gitfetch.list_tree(repo, served.commit, self.source.path)
                    except Exception as exc:  # noqa: BLE001 - whatever libgit2 raises reading an old tree: write every file
                        log.info("source %s: previous revision not readable (%s); writing every file", name, exc)
                if old_listing is not None:
                    previous = (served.folder, old_listing.files)
            known = {f.oid: f.size for f in previous[1].values()} if previous else None
            listing = gitfetch.list_tree(repo, fetched.commit, self.source.path, known)
            written = gitfetch.write_checkout(repo, listing, partial, previous=previous, cancel=cancel)
            atomic_write_text(self._listing_path(final.name), gitfetch.listing_to_json(listing, fetched.commit))
        except SourceError as exc:
            gitfetch.remove_tree(partial)
            if isinstance(exc, gitfetch.FetchCancelled):
                return SyncResult(name, FAILED, "sync cancelled", seconds=time.monotonic() - started, **common)
            return self._refused(fetched.commit, REFUSED, (str(exc),), common, timings, started)
        except OSError as exc:
            gitfetch.remove_tree(partial)
            return SyncResult(name, FAILED, f"cannot write the checkout: {exc}", seconds=time.monotonic() - started)
        old_files = previous[1] if previous else {}
        changes = gitfetch.compare(old_files, listing.files)
        timings.append(("checkout", time.monotonic() - t))
        t = time.monotonic()
        gitfetch.make_durable(written)
        timings.append(("flush", time.monotonic() - t))
        for skipped in listing.skipped:
            log.warning("source %s: %s", name, skipped)

        if lint:
            t = time.monotonic()
            errors = self._lint_errors(partial)
            timings.append(("lint", time.monotonic() - t))
            if errors:
                gitfetch.remove_tree(partial)
                return self._refused(fetched.commit, HELD_BACK, errors, common, timings, started)

        t = time.monotonic()
        os.replace(partial, final)
        fsync_dir(self.dir)
        now = _now()
        atomic_write_text(
            self.dir / "SERVED",
            json.dumps(
                {
                    "format": SERVED_FORMAT,
                    "revision": final.name,
                    "commit": fetched.commit,
                    "commit_time": _iso(fetched.commit_time),
                    "served_since": now,
                    "signer": verdict.signer,
                    "url": self.source.display_url,
                    "branch": self.source.branch,
                    "path": self.source.path,
                },
                indent=2,
            ),
        )
        timings.append(("swap", time.monotonic() - t))
        new_served = self.served()
        self._collect_garbage(keep=final.name)
        message = f"now serving {fetched.commit[:12]}: {changes.count} file(s) changed"
        if listing.skipped:
            message += f"; {len(listing.skipped)} path(s) left out"
        return SyncResult(
            name,
            UPDATED,
            message,
            served=new_served,
            previous_commit=common["previous_commit"],
            changes=changes,
            fetched_commit=fetched.commit,
            reasons=listing.skipped,
            received_bytes=fetched.received_bytes,
            received_objects=fetched.received_objects,
            timings=tuple(timings),
            seconds=time.monotonic() - started,
        )

    def _track(self, repo: pygit2.Repository) -> pygit2.Repository:
        self._open_repos.append(repo)
        return repo

    def _free_repositories(self) -> None:
        # libgit2 keeps pack files open (mapped); let go of them now, not at garbage collection, so that
        # the folder can be renamed or deleted (Windows refuses while a file in it is open)
        for repo in self._open_repos:
            # already freed, or a half-made repository: nothing left to let go of
            with contextlib.suppress(Exception):
                repo.free()
        self._open_repos.clear()

    def _fresh(self, repo_dir: Path) -> pygit2.Repository:
        from . import gitfetch

        self._free_repositories()
        return self._track(gitfetch.fresh_repository(repo_dir))

    def _new_revision_folder(self, commit: str) -> Path:
        """``rev-<sha>``; ``rev-<sha>-N`` if that exists (the same commit served before with another
        sub folder, or left by a sync killed between its rename and SERVED): a folder that may be
        served or read is never deleted to make room."""
        final = self.dir / f"rev-{commit}"
        n = 2
        while final.exists():
            final = self.dir / f"rev-{commit}-{n}"
            n += 1
        return final

    def _listing_path(self, revision: str) -> Path:
        return self.dir / f"{revision}.files.json"

    def _listing(self, revision: str, commit: str) -> TreeListing | None:
        from .gitfetch import listing_from_json

        try:
            return listing_from_json(self._listing_path(revision).read_text("utf-8"), commit)
        except OSError:
            return None

    def _refused(
        self,
        commit: str,
        outcome: str,
        reasons: tuple[str, ...],
        common: _Common,
        timings: list[tuple[str, float]],
        started: float,
    ) -> SyncResult:
        what = "lint found errors" if outcome == HELD_BACK else reasons[0]
        served = common["served"]
        keeping = f"still serving {served.commit[:12]}" if served else "nothing served yet"
        return SyncResult(
            self.source.name,
            outcome,
            f"revision {commit[:12]} not served: {what}; {keeping}",
            fetched_commit=commit,
            reasons=reasons,
            timings=tuple(timings),
            seconds=time.monotonic() - started,
            **common,
        )

    def _lint_errors(self, folder: Path) -> tuple[str, ...]:
        from ..lint import lint_folder

        report = lint_folder(folder, semantic=False, jobs=1, scan_cache=self._scan_cache)
        return tuple(str(f) for f in report.findings if f.severity == "error")

    def _record(self, result: SyncResult) -> None:
        old = self.status()
        now = _now()
        held_commit, held_reasons = old.held_back_commit, old.held_back_reasons
        if result.outcome in (HELD_BACK, REFUSED):
            held_commit, held_reasons = result.fetched_commit, result.reasons[:MAX_REASONS]
        elif result.outcome in (UPDATED, UNCHANGED):
            held_commit, held_reasons = "", ()
        status = SyncStatus(
            outcome=result.outcome,
            message=result.message,
            last_attempt=now,
            last_success=now if result.ok else old.last_success,
            held_back_commit=held_commit,
            held_back_reasons=tuple(held_reasons),
            changes=result.changes.to_dict() if result.outcome == UPDATED and result.changes else old.changes,
        )
        try:
            atomic_write_text(self.dir / "status.json", json.dumps(status.to_dict(), indent=2))
        except OSError as exc:
            log.warning("source %s: cannot record the sync status: %s", self.source.name, exc)

    def _remove_leftovers(self) -> None:
        from .gitfetch import remove_tree

        for entry in self.dir.iterdir() if self.dir.is_dir() else ():
            if _PARTIAL_RE.match(entry.name) or ".trash-" in entry.name:
                remove_tree(entry)
        for listing in self.dir.glob("rev-*.files.json"):  # of a revision held back or never finished
            if not (self.dir / listing.name[: -len(".files.json")]).is_dir():
                listing.unlink(missing_ok=True)

    def _collect_garbage(self, keep: str) -> None:
        from .gitfetch import remove_tree

        revisions = [e for e in self.dir.iterdir() if _REV_RE.match(e.name) and e.name != keep]
        revisions.sort(key=lambda e: e.stat().st_mtime, reverse=True)
        for old in revisions[KEEP_OLD_REVISIONS:]:
            remove_tree(old)
        kept = {e.name for e in self.dir.iterdir() if _REV_RE.match(e.name)}
        for listing in self.dir.glob("rev-*.files.json"):
            if listing.name[: -len(".files.json")] not in kept:
                listing.unlink(missing_ok=True)

    def remove(self) -> None:
        """Delete everything kept for this source (after ``sources remove``)."""
        from .gitfetch import remove_tree

        remove_tree(self.dir)
