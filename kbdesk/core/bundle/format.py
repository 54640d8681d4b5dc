"""The bundle format: member names, version, limits, and the records writing and reading produce."""

from __future__ import annotations

import dataclasses
import hashlib
import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path

from kbdesk.core.errors import BundleError, UnsafeBundleError

FORMAT_NAME = "kbdesk-bundle"
#: Still 1 with ``knowledge_base`` in the manifest: an optional field readers of version 1 ignore (the
#: schema allows fields it does not name), so bumping would only make older kbdesks refuse the bundle.
FORMAT_VERSION = 1
BUNDLE_SUFFIX = ".kbbundle"

MANIFEST_NAME = "manifest.json"
TICKET_JSON = "ticket.json"
TICKET_MD = "ticket.md"
TRAIL_JSON = "trail.json"
DIAGNOSTICS_PREFIX = "diagnostics/"
ATTACHMENTS_PREFIX = "attachments/"
#: the facts read from the diagnostics and the articles' checks that fired (kbdesk.core.checks), since kbdesk 0.1
CHECKS_JSON = DIAGNOSTICS_PREFIX + "checks.json"
#: the members every bundle written by this version has, besides diagnostics and attachments
CORE_MEMBERS = (TICKET_JSON, TICKET_MD, TRAIL_JSON)

FinalScan = Callable[[str, str], None]

MB = 1024 * 1024

_UNSAFE_HINT = "Do not unpack this file by hand; ask the sender to save the bundle again with kbdesk."


def unsafe(message: str) -> UnsafeBundleError:
    return UnsafeBundleError(message, hint=_UNSAFE_HINT)


@dataclass(frozen=True)
class BundleLimits:
    """What a bundle may hold; the same limits apply to writing and to reading.

    Writing enforces them too, so kbdesk never produces a bundle it would refuse to open.
    """

    max_member_bytes: int = 200 * MB
    max_total_bytes: int = 500 * MB
    max_members: int = 1000
    #: uncompressed : compressed, checked only for members bigger than ``ratio_min_bytes``
    max_ratio: int = 100
    ratio_min_bytes: int = 1 * MB
    #: manifest.json, ticket.json, trail.json and diagnostics JSON are parsed in memory
    max_json_bytes: int = 32 * MB
    #: how deeply arrays and objects may nest in them (kbdesk writes at most 6 or 7 levels;
    #: Python's parser and every reader's recursion stay far from their limits at this depth)
    max_json_depth: int = 64


DEFAULT_LIMITS = BundleLimits()


# --------------------------------------------------------------------------- results


@dataclass(frozen=True)
class BundleItem:
    """One diagnostics or attachments member: ``name`` is its path inside the bundle."""

    name: str
    data: bytes

    def __post_init__(self) -> None:
        if not isinstance(self.name, str):
            raise BundleError(f"bundle item name must be text, not {type(self.name).__name__}")
        if not isinstance(self.data, (bytes, bytearray, memoryview)):
            raise BundleError(f"bundle item {self.name!r}: data must be bytes")
        object.__setattr__(self, "data", bytes(self.data))


@dataclass(frozen=True)
class BundleInfo:
    """What :func:`write_bundle` produced."""

    path: Path
    bundle_id: str
    created_at: str
    sha256: str
    size: int
    #: every member, manifest first, in archive order
    members: tuple[str, ...]
    #: (requested name, name used) for attachments whose names were sanitised
    renamed: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class SourceRevision:
    """One knowledge-base source as the user's kbdesk served it when the bundle was written
    (the manifest's ``knowledge_base`` list), so an agent reads the articles the user read."""

    source: str
    #: "git" or "folder"
    kind: str = ""
    #: "policy", "user" or "starter"
    origin: str = ""
    #: a git source's URL without user or password ("" for folders: their path names the user's home)
    url: str = ""
    commit: str = ""
    commit_time: str = ""

    def to_dict(self) -> dict[str, str]:
        return {k: v for k, v in dataclasses.asdict(self).items() if v}

    @classmethod
    def from_mapping(cls, data: Mapping[str, object]) -> SourceRevision:
        """From a manifest entry (already checked against the schema) or ``SourceSet.revisions()``."""
        return cls(**{f.name: str(data.get(f.name) or "")[:2000] for f in dataclasses.fields(cls)})

    def describe(self) -> str:
        """``it-kb: revision 3f9c2a81d0b4 of 2026-11-30 (git, https://git.example.org/kb.git)``."""
        what = self.source + (" (the starter articles)" if self.origin == "starter" else "")
        if self.commit:
            what += f": revision {self.commit[:12]}" + (f" of {self.commit_time[:10]}" if self.commit_time else "")
        else:
            what += ": a folder, served as it was"
        return what + (f" ({self.url})" if self.url else "")


@dataclass(frozen=True)
class ManifestFile:
    """One member as the manifest lists it (checked when the manifest is read)."""

    name: str
    size: int
    sha256: str


@dataclass(frozen=True)
class VerifyResult:
    """Consistency of the members with the manifest; ``ok`` only when every list is empty."""

    ok: bool
    changed: tuple[str, ...] = ()
    missing: tuple[str, ...] = ()
    extra: tuple[str, ...] = ()
    errors: tuple[str, ...] = ()
    checked: int = 0


def json_bytes(value: object, what: str) -> bytes:
    try:
        text = json.dumps(value, indent=2, sort_keys=True, ensure_ascii=False, allow_nan=False)
    except (TypeError, ValueError) as exc:
        raise BundleError(f"{what} cannot be saved as JSON: {exc}") from None
    return (text + "\n").encode("utf-8")


def sha256_hex(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def file_sha256(path: Path | str) -> str:
    """The sha256 of the whole bundle file: what a user reads out to the agent."""
    digest = hashlib.sha256()
    try:
        with open(path, "rb") as handle:
            for chunk in iter(lambda: handle.read(1 << 20), b""):
                digest.update(chunk)
    except OSError as exc:
        raise BundleError(f"could not read {path}: {exc.strerror or exc}") from exc
    return digest.hexdigest()
