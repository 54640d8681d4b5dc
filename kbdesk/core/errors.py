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


class RedactionError(KbdeskError):
    """Redaction failed or a secret survived it; nothing was written."""
