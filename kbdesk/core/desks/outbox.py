"""The outbox and the record of sent requests, on disk under the data folder.

::

    <data>/outbox/.lock                    held (flock) by the one process sending right now
    <data>/outbox/<bundle id>/bundle.kbbundle   a copy of the bundle, made before any desk is contacted
    <data>/outbox/<bundle id>/entry.json   which desk, attempts, next attempt, last error (versioned)
    <data>/requests.json                   every bundle a desk confirmed: ticket, link (versioned)

Rules that make "loses nothing, duplicates nothing" hold:

* A bundle enters the outbox (copy verified by sha256, then ``entry.json``, both
  atomic) before the desk is contacted; a folder without ``entry.json`` is an add
  that was interrupted and is redone.
* The attempt counter is written *before* each call to the desk, so after a crash the
  next attempt knows the desk may already have the ticket and looks it up first.
* A bundle leaves the outbox only after its ticket is in ``requests.json``; a crash
  between the two leaves an entry whose bundle id is already recorded, which the next
  flush simply removes.
* A damaged ``entry.json`` is reported and left in place, never deleted; a damaged
  ``requests.json`` is kept beside the new one (``requests.json.damaged-<time>``).
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import re
import shutil
import tempfile
import time
from collections.abc import Iterator, Mapping
from dataclasses import asdict, dataclass, replace
from datetime import UTC, datetime
from pathlib import Path

from kbdesk.core.bundle import file_sha256
from kbdesk.core.errors import OutboxError
from kbdesk.core.fsutil import atomic_write_text, fsync_dir, try_lock, unlock
from kbdesk.core.jsontypes import JSONObject, JSONValue
from kbdesk.core.paths import state_paths

log = logging.getLogger(__name__)

ENTRY_FORMAT = "kbdesk-outbox-entry"
ENTRY_VERSION = 1
REQUESTS_FORMAT = "kbdesk-requests"
REQUESTS_VERSION = 1
ENTRY_FILE = "entry.json"
BUNDLE_FILE = "bundle.kbbundle"
MAX_ENTRY_BYTES = 64 * 1024
MAX_REQUESTS_BYTES = 32 * 1024 * 1024
_BUNDLE_ID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")
_MAX_TEXT = 2000


def utc_iso(moment: float) -> str:
    return datetime.fromtimestamp(moment, UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def parse_iso(text: str) -> float:
    """Seconds since the epoch from :func:`utc_iso`'s format (0.0 for '' or anything else)."""
    try:
        return datetime.strptime(text, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=UTC).timestamp()
    except (TypeError, ValueError):
        return 0.0


def is_bundle_id(value: object) -> bool:
    return isinstance(value, str) and bool(_BUNDLE_ID.match(value))


@dataclass(frozen=True)
class OutboxEntry:
    """One bundle waiting for its desk."""

    bundle_id: str
    desk: str
    filename: str
    sha256: str
    size: int
    summary: str
    queued_at: str
    attempts: int = 0
    last_attempt_at: str = ""
    next_attempt_at: str = ""
    last_error: str = ""
    #: waits for a person (wrong token, missing queue, bad certificate): not retried by the timer
    held: bool = False
    #: the bundle copy in the outbox (not stored in entry.json)
    path: Path = Path()

    @property
    def state(self) -> str:
        return "held" if self.held else "queued"

    def due(self, now: float) -> bool:
        return not self.held and parse_iso(self.next_attempt_at) <= now

    def to_json(self) -> JSONObject:
        data = asdict(self)
        del data["path"]
        return {"format": ENTRY_FORMAT, "version": ENTRY_VERSION, **data}


@dataclass(frozen=True)
class SentRequest:
    """A bundle the desk confirmed: "My requests" lists these."""

    bundle_id: str
    desk: str
    kind: str
    ticket: str
    url: str
    summary: str
    sent_at: str
    sha256: str = ""
    message_id: str = ""
    priority: str = ""
    warning: str = ""

    def to_json(self) -> JSONObject:
        return asdict(self)


@dataclass(frozen=True)
class OutboxProblem:
    """An outbox folder that cannot be read; it stays on disk for a person to look at."""

    name: str
    message: str


def text_field(data: Mapping[str, JSONValue], key: str, *, required: bool = False) -> str:
    """A text value of a state file's JSON object, at most 2,000 characters; ValueError when it is not text."""
    value = data.get(key, "")
    if not isinstance(value, str) or (required and not value):
        raise ValueError(f"'{key}' is missing or not text")
    return value[:_MAX_TEXT]


def _int(data: Mapping[str, JSONValue], key: str) -> int:
    value = data.get(key, 0)
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise ValueError(f"'{key}' is not a whole number")
    return value


def _check_format(data: JSONValue, name: str) -> tuple[JSONObject, int]:
    """A ``{"format": name, "version": n}`` document and its version; ValueError when it is not one."""
    if not isinstance(data, dict) or data.get("format") != name:
        raise ValueError(f"not a {name} document")
    version = data.get("version")
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        raise ValueError(f"invalid version {version!r}")
    return data, version


def entry_from_json(data: JSONValue, path: Path) -> OutboxEntry:
    """Check an ``entry.json``; ValueError saying what is wrong."""
    data, version = _check_format(data, ENTRY_FORMAT)
    if version > ENTRY_VERSION:
        raise ValueError(f"written by a newer kbdesk (version {version}); this one reads {ENTRY_VERSION}")
    bundle_id = text_field(data, "bundle_id", required=True)
    if not is_bundle_id(bundle_id):
        raise ValueError("'bundle_id' is not a bundle id")
    held = data.get("held", False)
    if not isinstance(held, bool):
        raise ValueError("'held' is not true or false")
    return OutboxEntry(
        bundle_id=bundle_id,
        desk=text_field(data, "desk", required=True),
        filename=text_field(data, "filename", required=True),
        sha256=text_field(data, "sha256", required=True),
        size=_int(data, "size"),
        summary=text_field(data, "summary"),
        queued_at=text_field(data, "queued_at"),
        attempts=_int(data, "attempts"),
        last_attempt_at=text_field(data, "last_attempt_at"),
        next_attempt_at=text_field(data, "next_attempt_at"),
        last_error=text_field(data, "last_error"),
        held=held,
        path=path,
    )


def request_from_json(data: JSONValue) -> SentRequest:
    if not isinstance(data, dict):
        raise ValueError("a request is not a JSON object")
    bundle_id = text_field(data, "bundle_id", required=True)
    if not is_bundle_id(bundle_id):
        raise ValueError("'bundle_id' is not a bundle id")
    return SentRequest(
        bundle_id=bundle_id,
        desk=text_field(data, "desk", required=True),
        kind=text_field(data, "kind"),
        ticket=text_field(data, "ticket"),
        url=text_field(data, "url"),
        summary=text_field(data, "summary"),
        sent_at=text_field(data, "sent_at"),
        sha256=text_field(data, "sha256"),
        message_id=text_field(data, "message_id"),
        priority=text_field(data, "priority"),
        warning=text_field(data, "warning"),
    )


def requests_from_json(data: JSONValue) -> tuple[SentRequest, ...]:
    data, version = _check_format(data, REQUESTS_FORMAT)
    if version > REQUESTS_VERSION:
        raise OutboxError(
            f"the sent-requests record was written by a newer kbdesk (version {version})",
            hint="Use the newer kbdesk; this one will not overwrite it.",
        )
    items = data.get("requests")
    if not isinstance(items, list):
        raise ValueError("'requests' is not a list")
    return tuple(request_from_json(item) for item in items)


class Outbox:
    """The outbox folder and the sent-requests record; every change is an atomic file write."""

    def __init__(self, root: Path | None = None, requests_file: Path | None = None) -> None:
        data = state_paths().data
        self.root = Path(root) if root else data / "outbox"
        self.requests_file = Path(requests_file) if requests_file else data / "requests.json"

    # ------------------------------------------------------------------ lock

    @contextlib.contextmanager
    def lock(self, wait: float = 30.0) -> Iterator[None]:
        """One sender at a time (the app's timer, ``kbdesk outbox flush``, ``bundle send``)."""
        self.root.mkdir(parents=True, exist_ok=True)
        fd = os.open(self.root / ".lock", os.O_RDWR | os.O_CREAT, 0o600)
        try:
            deadline = time.monotonic() + wait
            while not try_lock(fd):
                if time.monotonic() >= deadline:
                    raise OutboxError(
                        "another kbdesk is sending from the outbox right now",
                        hint="Wait a moment and try again.",
                    )
                time.sleep(0.1)
            try:
                yield
            finally:
                unlock(fd)
        finally:
            os.close(fd)

    # ------------------------------------------------------------------ entries

    def _folder(self, bundle_id: str) -> Path:
        if not is_bundle_id(bundle_id):
            raise OutboxError(f"{bundle_id!r} is not a bundle id")
        return self.root / bundle_id

    def get(self, bundle_id: str) -> OutboxEntry | None:
        folder = self._folder(bundle_id)
        try:
            return self._read(folder)
        except FileNotFoundError:
            return None
        except ValueError as exc:
            raise OutboxError(f"outbox entry {folder} is damaged: {exc}") from None

    def _read(self, folder: Path) -> OutboxEntry:
        path = folder / ENTRY_FILE
        with open(path, "rb") as handle:
            raw = handle.read(MAX_ENTRY_BYTES + 1)
        if len(raw) > MAX_ENTRY_BYTES:
            raise ValueError(f"{ENTRY_FILE} is larger than {MAX_ENTRY_BYTES} bytes")
        try:
            data = json.loads(raw.decode("utf-8"))
        except (UnicodeDecodeError, ValueError, RecursionError) as exc:
            raise ValueError(f"{ENTRY_FILE} is not valid JSON ({type(exc).__name__})") from None
        entry = entry_from_json(data, folder / BUNDLE_FILE)
        if entry.bundle_id != folder.name:
            raise ValueError(f"{ENTRY_FILE} is for bundle {entry.bundle_id}, in the folder of {folder.name}")
        return entry

    def entries(self) -> tuple[tuple[OutboxEntry, ...], tuple[OutboxProblem, ...]]:
        """Every waiting bundle, oldest first, and the folders that could not be read."""
        entries, problems = [], []
        try:
            folders = sorted(p for p in self.root.iterdir() if p.is_dir())
        except FileNotFoundError:
            return (), ()
        for folder in folders:
            if not (folder / ENTRY_FILE).exists():
                if is_bundle_id(folder.name) and _older_than(folder, 3600):
                    # an add interrupted before entry.json: the original bundle file still exists
                    shutil.rmtree(folder, ignore_errors=True)
                continue
            try:
                entries.append(self._read(folder))
            except (OSError, ValueError) as exc:
                problems.append(OutboxProblem(folder.name, str(exc)))
        entries.sort(key=lambda e: (e.queued_at, e.bundle_id))
        return tuple(entries), tuple(problems)

    def add(self, source: Path, entry: OutboxEntry) -> OutboxEntry:
        """Copy ``source`` into the outbox and write its entry; the copy is checked against ``entry.sha256``."""
        folder = self._folder(entry.bundle_id)
        folder.mkdir(parents=True, exist_ok=True)
        target = folder / BUNDLE_FILE
        fd, tmp = tempfile.mkstemp(prefix=".bundle.", suffix=".tmp", dir=folder)
        try:
            with os.fdopen(fd, "wb") as out, open(source, "rb") as src:
                shutil.copyfileobj(src, out, 1 << 20)
                out.flush()
                os.fsync(out.fileno())
            os.replace(tmp, target)
        except OSError as exc:
            with contextlib.suppress(OSError):
                os.unlink(tmp)
            raise OutboxError(f"cannot copy the bundle into the outbox {folder}: {exc.strerror or exc}") from None
        fsync_dir(folder)
        if file_sha256(target) != entry.sha256:
            shutil.rmtree(folder, ignore_errors=True)
            raise OutboxError(f"the bundle changed while it was copied into the outbox: {source}")
        entry = replace(entry, path=target)
        self.save(entry)
        return entry

    def save(self, entry: OutboxEntry) -> OutboxEntry:
        folder = self._folder(entry.bundle_id)
        try:
            atomic_write_text(folder / ENTRY_FILE, json.dumps(entry.to_json(), indent=2, ensure_ascii=False) + "\n")
        except OSError as exc:
            raise OutboxError(f"cannot write the outbox entry in {folder}: {exc.strerror or exc}") from None
        return replace(entry, path=folder / BUNDLE_FILE)

    def remove(self, bundle_id: str) -> None:
        folder = self._folder(bundle_id)
        # entry.json first: a folder without it is an unfinished add, never an entry
        with contextlib.suppress(FileNotFoundError):
            (folder / ENTRY_FILE).unlink()
        shutil.rmtree(folder, ignore_errors=True)
        fsync_dir(self.root)

    # ------------------------------------------------------------------ sent requests

    def requests(self) -> tuple[SentRequest, ...]:
        path = self.requests_file
        try:
            with open(path, "rb") as handle:
                raw = handle.read(MAX_REQUESTS_BYTES + 1)
        except FileNotFoundError:
            return ()
        except OSError as exc:
            raise OutboxError(f"cannot read {path}: {exc.strerror or exc}") from None
        try:
            if len(raw) > MAX_REQUESTS_BYTES:
                raise ValueError(f"larger than {MAX_REQUESTS_BYTES} bytes")
            return requests_from_json(json.loads(raw.decode("utf-8")))
        except (UnicodeDecodeError, ValueError, RecursionError) as exc:
            aside = path.with_name(f"{path.name}.damaged-{int(time.time())}")
            log.warning("the sent-requests record %s is damaged (%s); kept as %s", path, exc, aside.name)
            with contextlib.suppress(OSError):
                os.replace(path, aside)
            return ()

    def find_request(self, bundle_id: str) -> SentRequest | None:
        for request in self.requests():
            if request.bundle_id == bundle_id:
                return request
        return None

    def record(self, request: SentRequest) -> None:
        items = [r for r in self.requests() if r.bundle_id != request.bundle_id]
        items.append(request)
        doc = {"format": REQUESTS_FORMAT, "version": REQUESTS_VERSION, "requests": [r.to_json() for r in items]}
        try:
            atomic_write_text(self.requests_file, json.dumps(doc, indent=2, ensure_ascii=False) + "\n")
        except OSError as exc:
            raise OutboxError(f"cannot write {self.requests_file}: {exc.strerror or exc}") from None


def _older_than(path: Path, seconds: float) -> bool:
    try:
        return time.time() - path.stat().st_mtime > seconds
    except OSError:
        return False
