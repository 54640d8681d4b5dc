"""A folder as a desk: today's "save the bundle as a file", for desks without RT or e-mail.

The bundle is copied (atomically) into the desk's folder, typically a share the
service desk watches, as ``<original name>--<bundle id>.kbbundle``. The bundle id
is the "ticket": looking it up is a glob, so a retry never writes a second copy.

Status, as far as a folder can tell: ``new`` while the file waits there, ``open``
("picked up") once the desk has moved it away.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import tempfile
import time
from pathlib import Path

from kbdesk.core.bundle import BUNDLE_SUFFIX, file_sha256, safe_attachment_name
from kbdesk.core.desks.base import Desk, DeskCheck, FetchedBundle, Submission, TicketRef, TicketStatus
from kbdesk.core.errors import DeskRejectedError, DeskUnreachableError, TicketNotFoundError
from kbdesk.core.fsutil import fsync_dir


class FileDesk(Desk):
    kind = "file"
    can_look_up = True
    can_read_status = True
    can_fetch = True

    @property
    def folder(self) -> Path:
        return Path(self.config.folder).expanduser()

    def _require_folder(self) -> Path:
        folder = self.folder
        if not folder.is_dir():
            # a network share that is not mounted right now: queue and retry
            raise DeskUnreachableError(f"desk '{self.name}': the folder {folder} is not there")
        return folder

    def _find(self, bundle_id: str) -> Path | None:
        if not bundle_id or any(c in bundle_id for c in "/\\*?[]"):
            return None
        matches = sorted(self._require_folder().glob(f"*{bundle_id}{BUNDLE_SUFFIX}"))
        return matches[0] if matches else None

    def check(self) -> DeskCheck:
        started = time.perf_counter()
        folder = self._require_folder()
        try:
            fd, probe = tempfile.mkstemp(prefix=".kbdesk-probe-", dir=folder)
            os.close(fd)
            os.unlink(probe)
        except OSError as exc:
            raise DeskRejectedError(f"desk '{self.name}': cannot write to {folder}: {exc.strerror or exc}") from None
        return DeskCheck(self.name, True, (f"bundles are copied to {folder}",), time.perf_counter() - started)

    def create_ticket(self, submission: Submission) -> TicketRef:
        folder = self._require_folder()
        stem = safe_attachment_name(submission.filename).removesuffix(BUNDLE_SUFFIX)
        target = folder / f"{stem}--{submission.bundle_id}{BUNDLE_SUFFIX}"
        fd, tmp = tempfile.mkstemp(prefix=".kbdesk-", suffix=".tmp", dir=folder)
        try:
            with os.fdopen(fd, "wb") as out, open(submission.path, "rb") as src:
                shutil.copyfileobj(src, out, 1 << 20)
                out.flush()
                os.fsync(out.fileno())
            os.replace(tmp, target)
        except OSError as exc:
            with contextlib.suppress(OSError):
                os.unlink(tmp)
            raise DeskUnreachableError(
                f"desk '{self.name}': cannot copy the bundle to {folder}: {exc.strerror}"
            ) from None
        fsync_dir(folder)
        return TicketRef(self.name, submission.bundle_id, submission.bundle_id, target.as_uri())

    def find_ticket(self, bundle_id: str) -> TicketRef | None:
        path = self._find(bundle_id)
        return TicketRef(self.name, bundle_id, bundle_id, path.as_uri()) if path else None

    def ticket_status(self, ticket: str) -> TicketStatus:
        path = self._find(ticket)
        if path is None:
            return TicketStatus(self.name, ticket, "open", "picked up")
        return TicketStatus(self.name, ticket, "new", "waiting in the folder", url=path.as_uri())

    def fetch_bundle(self, ticket: str, dest_dir: Path) -> FetchedBundle:
        path = self._find(ticket)
        if path is None:
            raise TicketNotFoundError(f"desk '{self.name}': no bundle {ticket} in {self.folder}")
        target = Path(dest_dir) / path.name
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(path, target)
        return FetchedBundle(
            self.name, ticket, target, path.name, file_sha256(target), target.stat().st_size, desk_bundle_id=ticket
        )
