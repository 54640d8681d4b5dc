"""The sources in effect, as one object the CLI and the app keep: list, sync, and where to read articles.

``SourceSet.from_config()`` reads the user's settings and the managed policy;
``sync()`` syncs the git sources (in a worker: it touches the network and
the disk); ``served()`` says, for every source, which folder to index and
which revision it is, which is what the search engine and an escalation
bundle need.
"""

from __future__ import annotations

import datetime as dt
import logging
import threading
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from ..errors import SourceError
from ..paths import bundled_articles_dir, state_paths
from ..settings import Settings, load_settings
from .model import ArticleOrigin, Source, configured_sources, redact_url
from .policy import Effective, Policy, effective_settings, load_policy
from .signing import SignerPolicy
from .store import CancelFn, ServedRevision, SourceArea, SyncResult, SyncStatus, sources_root

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class ServedSource:
    """One source as the search engine reads it."""

    source: Source
    #: the folder to index (None: nothing to serve yet, e.g. a git source never synced)
    folder: Path | None
    #: the git revision served (None for folder sources)
    revision: ServedRevision | None

    @property
    def name(self) -> str:
        return self.source.name

    def origin(self) -> ArticleOrigin:
        """What every article of this source says about where it comes from."""
        revision = self.revision
        return ArticleOrigin(
            self.source.name,
            self.source.kind,
            revision.commit if revision else "",
            revision.commit_time if revision else "",
            self.source.origin,
        )


@dataclass(frozen=True)
class SourceState:
    """One source as the settings dialog and ``sources list`` show it: what it serves and its last sync."""

    served: ServedSource
    status: SyncStatus

    @property
    def source(self) -> Source:
        return self.served.source

    def summary(self) -> str:
        """One line: what is served, and when it was last brought up to date."""
        if self.source.kind == "folder":
            return "the folder as it is" if self.served.folder else "folder not found"
        revision = self.served.revision
        serving = f"revision {revision.short} of {revision.commit_time[:10]}" if revision else "nothing yet"
        last = self.status.last_success or self.status.last_attempt
        return f"{serving}; last sync {local_minute(last) if last else 'never'}"

    def held_back(self) -> str:
        """Why a newer revision is not served ("" when none is held back): for writers, not end users."""
        if not self.status.held_back_commit:
            return ""
        why = "lint found errors" if self.status.outcome == "held-back" else "its signature was refused"
        if self.status.held_back_reasons and self.status.outcome != "held-back":
            why = self.status.held_back_reasons[0]
        return f"revision {self.status.held_back_commit[:12]} not served: {why}"


def local_minute(stamp: str) -> str:
    """An ISO 8601 UTC time as this computer's local time to the minute (``2026-11-30 10:12``)."""
    try:
        return dt.datetime.fromisoformat(stamp).astimezone().strftime("%Y-%m-%d %H:%M")
    except ValueError:
        return stamp[:16]


def source_index_root(name: str) -> Path:
    """The search index of one source: one stable folder per source name, whatever revision it serves.

    Not derived from the served folder (a git source's changes with every
    revision), so a new revision is an incremental update of the same index:
    its unchanged files are hard links with the old size and mtime, and only
    the changed ones are read again.
    """
    return state_paths().cache / "indexes" / f"source-{name}"


class SourceSet:
    def __init__(self, effective: Effective, *, root: Path | None = None, starter_folder: Path | None = None) -> None:
        self.effective = effective
        self.root = root or sources_root()
        sources, problems = configured_sources(
            effective.user_sources,
            starter=bool(effective.values.get("starter_articles", True)),
            starter_folder=starter_folder or bundled_articles_dir(),
            legacy_folder=str(effective.values.get("articles_dir", "") or ""),
            policy_tables=effective.policy_sources,
            user_sources_allowed="sources" not in effective.locks,
        )
        self.sources: tuple[Source, ...] = sources
        self.problems: tuple[str, ...] = problems + effective.policy.problems
        self._areas: dict[str, SourceArea] = {}
        # the app syncs on one worker and reads what is served on another: one area per source, always
        self._areas_lock = threading.Lock()

    @classmethod
    def from_config(
        cls,
        settings: Settings | None = None,
        policy: Policy | None = None,
        *,
        root: Path | None = None,
        starter_folder: Path | None = None,
    ) -> SourceSet:
        effective = effective_settings(settings or load_settings(), policy or load_policy())
        return cls(effective, root=root, starter_folder=starter_folder)

    def refreshed(self, effective: Effective) -> SourceSet:
        """The same set after a settings or policy change, keeping each unchanged source's area (and lint cache)."""
        fresh = SourceSet(effective, root=self.root)
        for source in fresh.sources:
            area = self._areas.get(source.name)
            if area is not None and area.source == source:
                fresh._areas[source.name] = area
        return fresh

    def get(self, name: str) -> Source:
        for source in self.sources:
            if source.name == name:
                return source
        raise SourceError(f"no source named '{name}'", hint="see kbdesk sources list")

    def area(self, name: str) -> SourceArea:
        with self._areas_lock:
            area = self._areas.get(name)
            if area is None:
                area = self._areas[name] = SourceArea(self.get(name), self.root)
            return area

    def signer_policy(self) -> SignerPolicy:
        return SignerPolicy.from_entries(
            _text_list(self.effective.values.get("allowed_signers")),
            gpg_keyring=str(self.effective.values.get("gpg_keyring", "") or ""),
        )

    def sync(
        self, names: Sequence[str] | None = None, *, cancel: CancelFn | None = None, wait: float = 0.0
    ) -> list[SyncResult]:
        """Sync the named sources (default: all), one after the other; never raises for one source's trouble."""
        wanted = [self.get(n) for n in names] if names else list(self.sources)
        signers = self.signer_policy()
        results: list[SyncResult] = []
        for source in wanted:
            if cancel is not None and cancel():
                break
            try:
                results.append(self.area(source.name).sync(signers=signers, cancel=cancel, wait=wait))
            except SourceError as exc:
                results.append(SyncResult(source.name, "failed", str(exc)))
        return results

    def served(self) -> list[ServedSource]:
        """Every source, highest priority first, with the folder to read and the revision served."""
        out = []
        for source in self.sources:
            area = self.area(source.name)
            revision = area.served() if source.kind == "git" else None
            out.append(ServedSource(source, area.articles_folder(), revision))
        return out

    def states(self) -> list[SourceState]:
        """Every source with what it serves and its last sync (reads each source's status file)."""
        return [SourceState(entry, self.area(entry.source.name).status()) for entry in self.served()]

    def revisions(self, served: Sequence[ServedSource] | None = None) -> list[dict[str, str]]:
        """What an escalation bundle records: each source and the revision the user saw.

        A git source's URL is kept without any user name or password; a folder
        source's path is left out (it names the user's home folder), its name says
        enough. ``served``: the list the caller already read (the app's engine).
        """
        rows = []
        for entry in self.served() if served is None else served:
            row = {"source": entry.source.name, "kind": entry.source.kind, "origin": entry.source.origin}
            if entry.source.kind == "git":
                row["url"] = public_url(entry.source.url)
            if entry.revision is not None:
                row.update(commit=entry.revision.commit, commit_time=entry.revision.commit_time)
            rows.append(row)
        return rows


def public_url(url: str) -> str:
    """A git URL as a bundle records it: no password, no user name (``alice@host:kb`` -> ``host:kb`` too)."""
    shown = redact_url(url)
    if "://" not in shown and "@" in shown.split(":", 1)[0]:
        shown = shown.split("@", 1)[1]
    return shown


def _text_list(value: object) -> list[str]:
    """A policy's list of text entries (the policy checked each one; anything else is no entries)."""
    return [str(v) for v in value] if isinstance(value, list | tuple) else []
