"""A desk's token or password: from the environment variable the desk names, or from the OS keyring.

Secrets never reach the settings file, the log, a bundle, the outbox or an error
message: every message here names the desk and the *variable* or keyring entry,
never the value. The keyring entry is service ``kbdesk``, user ``desk:<name>``.

With no usable keyring backend (a headless Linux without a Secret Service, for
one) :func:`store_secret` and :func:`read_secret` say so and point to
``--token-env`` / ``--password-env``.
"""

from __future__ import annotations

import logging
import os
from typing import TYPE_CHECKING

from kbdesk.core.desks.config import DeskConfig
from kbdesk.core.errors import CredentialsError

if TYPE_CHECKING:
    from keyring.backend import KeyringBackend

log = logging.getLogger(__name__)

KEYRING_SERVICE = "kbdesk"
_NO_KEYRING_HINT = (
    "This system has no usable keyring; keep the secret in an environment variable and name it "
    "with --token-env VAR (RT token) or --password-env VAR."
)


def keyring_user(desk_name: str) -> str:
    return f"desk:{desk_name}"


def _backend() -> KeyringBackend:
    """The keyring backend, or :class:`CredentialsError` when there is none that works."""
    try:
        import keyring
        import keyring.backends.chainer
        import keyring.backends.fail
        from keyring.errors import KeyringError
    except ImportError:  # pragma: no cover - keyring is a dependency
        raise CredentialsError("the keyring package is not installed", hint=_NO_KEYRING_HINT) from None
    try:
        backend = keyring.get_keyring()
    except (KeyringError, RuntimeError, ValueError) as exc:
        raise CredentialsError(f"no usable keyring ({type(exc).__name__})", hint=_NO_KEYRING_HINT) from None
    if isinstance(backend, keyring.backends.fail.Keyring) or (
        isinstance(backend, keyring.backends.chainer.ChainerBackend) and not backend.backends
    ):
        raise CredentialsError("no usable keyring on this system", hint=_NO_KEYRING_HINT)
    return backend


def require_keyring() -> None:
    """:class:`CredentialsError` (with what to do instead) when no keyring can store a secret."""
    _backend()


def keyring_name() -> str:
    """The keyring backend's name, for ``kbdesk desk list`` (or why there is none)."""
    try:
        backend = _backend()
    except CredentialsError as exc:
        return str(exc)
    return getattr(backend, "name", type(backend).__name__)


def store_secret(desk: DeskConfig, secret: str) -> None:
    if not secret:
        raise CredentialsError(f"desk '{desk.name}': an empty {desk.secret_label} was not stored")
    backend = _backend()
    from keyring.errors import KeyringError

    try:
        backend.set_password(KEYRING_SERVICE, keyring_user(desk.name), secret)
    except (KeyringError, OSError, RuntimeError) as exc:
        # the exception text of some backends quotes what was being stored: never show it
        raise CredentialsError(
            f"desk '{desk.name}': the keyring refused to store the {desk.secret_label} ({type(exc).__name__})",
            hint=_NO_KEYRING_HINT,
        ) from None
    log.info("stored the %s of desk %s in the keyring", desk.secret_label, desk.name)


def delete_secret(desk_name: str) -> bool:
    """Remove a desk's keyring entry; False when there was none (or no keyring)."""
    try:
        backend = _backend()
    except CredentialsError:
        return False
    from keyring.errors import KeyringError, PasswordDeleteError

    try:
        backend.delete_password(KEYRING_SERVICE, keyring_user(desk_name))
    except PasswordDeleteError:
        return False
    except (KeyringError, OSError, RuntimeError) as exc:
        log.warning("could not delete the keyring entry of desk %s (%s)", desk_name, type(exc).__name__)
        return False
    return True


def read_secret(desk: DeskConfig) -> str:
    """The desk's token or password ('' for a desk that needs none)."""
    if not desk.needs_secret:
        return ""
    if desk.secret_env:
        value = os.environ.get(desk.secret_env, "")
        if not value:
            raise CredentialsError(
                f"desk '{desk.name}': the environment variable {desk.secret_env} is not set",
                hint=f"Set {desk.secret_env} to the desk's {desk.secret_label} before running kbdesk.",
            )
        return value
    backend = _backend()
    from keyring.errors import KeyringError

    try:
        stored = backend.get_password(KEYRING_SERVICE, keyring_user(desk.name))
    except (KeyringError, OSError, RuntimeError) as exc:
        raise CredentialsError(
            f"desk '{desk.name}': the keyring could not be read ({type(exc).__name__})",
            hint="Unlock the keyring, or use --token-env/--password-env.",
        ) from None
    if not stored:
        raise CredentialsError(
            f"desk '{desk.name}': no {desk.secret_label} in the keyring",
            hint=f"Store it again with 'kbdesk desk add {desk.name} ... --replace'.",
        )
    return stored
