"""The sources in effect, as one object the CLI and the app keep: list, sync, and where to read articles.

``SourceSet.from_config()`` reads the user's settings and the managed policy;
``sync()`` syncs the git sources (in a worker: it touches the network and
the disk); ``served()`` says, for every source, which folder to index and
which revision it is, which is what the search engine and an escalation
bundle need.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from ..errors import SourceError
from ..paths import bundled_articles_dir
from ..settings import Settings, load_settings
from .model import Source, configured_sources
from .policy import Effective, Policy, effective_settings, load_policy
from .signing import SignerPolicy
from .store import CancelFn, ServedRevision, SourceArea, SyncResult, sources_root

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class ServedSource:
    """One source as the search engine reads it."""

    source: Source
    #: the folder to index (None: nothing to serve yet, e.g. a git source never synced)
    folder: Path | None
    #: the git revision served (None for folder sources)
    revision: ServedRevision | None


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

    def revisions(self) -> list[dict[str, str]]:
        """What an escalation bundle records: each source and the revision the user saw."""
        rows = []
        for entry in self.served():
            row = {"source": entry.source.name, "url": entry.source.display_url, "kind": entry.source.kind}
            if entry.revision is not None:
                row.update(commit=entry.revision.commit, commit_time=entry.revision.commit_time)
            rows.append(row)
        return rows


def _text_list(value: object) -> list[str]:
    """A policy's list of text entries (the policy checked each one; anything else is no entries)."""
    return [str(v) for v in value] if isinstance(value, list | tuple) else []
