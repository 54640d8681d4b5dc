"""Typed errors raised by the core.

The CLI and the GUI turn these into one-line messages a person understands;
``str(error)`` is written for that person, ``hint`` says what to do next.
"""

from __future__ import annotations

from pathlib import Path


class KbdeskError(Exception):
    """Base class of every error the core raises on purpose."""

    hint: str = ""

    def __init__(self, message: str, *, hint: str = "") -> None:
        super().__init__(message)
        if hint:
            self.hint = hint


class ArticleError(KbdeskError):
    """One article file could not be read or parsed."""

    def __init__(self, path: Path, message: str, *, line: int | None = None, code: str = "bad-article") -> None:
        self.path = Path(path)
        self.line = line
        self.code = code
        where = f"{self.path}:{line}" if line else str(self.path)
        super().__init__(f"{where}: {message}")
        self.detail = message


class ArticlesFolderError(KbdeskError):
    """The articles folder itself is missing or unusable."""


class IndexBusyError(KbdeskError):
    """Another process is updating the same index right now."""


class IndexingCancelled(KbdeskError):
    """An index sync stopped because its caller asked (the app is closing).

    Raised between two batches of the model or two articles of the keyword
    index; the index stays as it was, and the embedding steps already finished
    are in the embedding cache, so the next sync does not embed them again.
    """


class IndexCorruptError(KbdeskError):
    """The on-disk index cannot be used (damaged or from another format version)."""


class ModelUnavailableError(KbdeskError):
    """The embedding model could not be loaded."""


class QueryFileError(KbdeskError):
    """An evaluation queries file is missing, unreadable or malformed."""


class SettingsError(KbdeskError):
    """A setting has an invalid value or the settings file is unreadable."""


class BundleError(KbdeskError):
    """An escalation bundle could not be written or read."""


class UnsafeBundleError(BundleError):
    """A bundle is refused because opening it could be harmful."""


class TamperedBundleError(BundleError):
    """A bundle fetched from a desk does not match its manifest, or is not the bundle its ticket was made for."""


class RedactionError(KbdeskError):
    """Redaction failed or a secret survived it; nothing was written."""


class DeskError(KbdeskError):
    """A service desk could not do what was asked.

    ``transient`` says whether trying again later may succeed without anyone changing
    anything (the outbox retries those by itself, with backoff); the others wait
    for a person (wrong credentials, a missing queue, a certificate that does not match).
    """

    transient: bool = False


class DeskConfigError(DeskError):
    """A desk is not configured, or its configuration is invalid."""


class CredentialsError(DeskError):
    """A desk's token or password cannot be found or stored (no keyring, unset variable)."""


class DeskUnreachableError(DeskError):
    """The desk did not answer: refused connection, time-out, DNS failure, or a server error."""

    transient = True


class DeskAuthError(DeskError):
    """The desk refused the credentials (HTTP 401/403, SMTP 535)."""


class DeskTLSError(DeskError):
    """The desk's certificate could not be verified; never retried by itself."""


class DeskRejectedError(DeskError):
    """The desk answered but refused the request (unknown queue, too large, bad data)."""


class DeskUnsupportedError(DeskError):
    """This kind of desk cannot do that (an e-mail desk has no ticket status to read)."""


class TicketNotFoundError(DeskError):
    """The desk has no such ticket, or it carries no kbdesk bundle."""


class OutboxError(KbdeskError):
    """The outbox on disk is unreadable or busy."""


class SourceError(KbdeskError):
    """A knowledge-base source is misconfigured, unreachable, or its content was refused."""


class PolicyError(KbdeskError):
    """A setting is managed by the organisation's policy and cannot be changed here."""


class DiagnosticsFileError(KbdeskError):
    """A saved diagnostics report (``kbdesk diagnostics --json``) cannot be read: missing, too large, not one."""
