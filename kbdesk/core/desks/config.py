"""Desk configuration: what ``kbdesk desk add`` stores in the settings file, checked on the way in and out.

A desk is a named table in the ``desks`` setting::

    [desks.helpdesk]
    kind = "rt"
    url = "https://rt.example.org"
    queue = "General"
    token_env = "RT_TOKEN"        # or: user = "kb", password_env = "RT_PASSWORD"; neither: the keyring

    [desks.mail]
    kind = "smtp"
    host = "smtp.example.org"
    port = 587
    security = "starttls"         # "tls" (implicit, port 465), "starttls", or "none" (no auth allowed)
    to = "helpdesk@example.org"

The table never holds a secret: a token or password is read from the environment
variable it names (``token_env``/``password_env``, for headless use) or from the
operating system's keyring (:mod:`kbdesk.core.desks.credentials`). A key that
looks like one (``token``, ``password``) is refused when the table is read.

Each desk is checked when it is used, not when the settings load, so one bad table
does not hide the others (and is not dropped on the next save).
"""

from __future__ import annotations

import ipaddress
import re
from collections.abc import Mapping
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from kbdesk.core.errors import DeskConfigError

if TYPE_CHECKING:
    from kbdesk.core.settings import Settings

KINDS = ("rt", "smtp", "file")
SECURITY = ("tls", "starttls", "none")
#: seconds a single network operation may take before the desk counts as unreachable
DEFAULT_TIMEOUT = 30.0
_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$")
_ENV_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]{0,127}$")
_ADDRESS = re.compile(r"^[^@\s<>\"',;]+@[^@\s<>\"',;]+$")
_SECRET_KEYS = {"token", "password", "secret", "api_key", "apikey"}
#: ITIL priority -> RT's numeric priority (RT's own labels: Low 0, Medium 50, High 100)
DEFAULT_RT_PRIORITIES = {"P1": 100, "P2": 75, "P3": 50, "P4": 25, "P5": 0}


@dataclass(frozen=True)
class DeskConfig:
    """One configured desk. Which fields matter depends on ``kind``; the rest stay empty."""

    name: str
    kind: str
    # rt
    url: str = ""
    queue: str = ""
    #: RT: ITIL priority code (P1..P5) -> the number sent as Priority
    priorities: tuple[tuple[str, int], ...] = ()
    allow_http: bool = False
    # smtp
    host: str = ""
    port: int = 0
    security: str = ""
    to: str = ""
    sender: str = ""
    # file
    folder: str = ""
    # shared
    user: str = ""
    token_env: str = ""
    password_env: str = ""
    #: a CA bundle (PEM) to trust instead of the system's, for a desk with a private CA
    ca_file: str = ""
    timeout: float = DEFAULT_TIMEOUT

    @property
    def needs_secret(self) -> bool:
        if self.kind == "rt":
            return True
        if self.kind == "smtp":
            return bool(self.user)
        return False

    @property
    def secret_env(self) -> str:
        """The environment variable holding the token or password, or '' when the keyring holds it."""
        return self.token_env or self.password_env

    @property
    def secret_label(self) -> str:
        return "token" if self.kind == "rt" and not self.user else "password"

    @property
    def credentials(self) -> str:
        """Where the secret comes from: ``env``, ``keyring`` or ``none``."""
        if not self.needs_secret:
            return "none"
        return "env" if self.secret_env else "keyring"

    def rt_priority(self, code: str) -> int:
        table = dict(self.priorities) or DEFAULT_RT_PRIORITIES
        return table.get(code, DEFAULT_RT_PRIORITIES.get(code, 50))

    @property
    def target(self) -> str:
        """Where tickets go, for a person: the URL and queue, the address, or the folder."""
        if self.kind == "rt":
            return f"{self.url} queue {self.queue}"
        if self.kind == "smtp":
            return f"{self.to} via {self.host}:{self.port} ({self.security})"
        return self.folder

    def to_mapping(self) -> dict[str, object]:
        """The settings table: only the keys this kind uses, never a secret."""
        out: dict[str, object] = {"kind": self.kind}
        keys = {
            "rt": ("url", "queue", "user", "token_env", "password_env", "ca_file", "allow_http"),
            "smtp": ("host", "port", "security", "to", "sender", "user", "password_env", "ca_file"),
            "file": ("folder",),
        }[self.kind]
        for key in keys:
            value = getattr(self, key)
            if value not in ("", 0, False):
                out[key] = value
        if self.kind == "rt" and self.priorities:
            out["priorities"] = dict(self.priorities)
        if self.timeout != DEFAULT_TIMEOUT:
            out["timeout"] = self.timeout
        return out


def _text(table: Mapping[str, object], key: str, where: str) -> str:
    value = table.get(key, "")
    if not isinstance(value, str):
        raise DeskConfigError(f"{where}: '{key}' must be text")
    return value.strip()


def _is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def check_url(url: str, *, allow_http: bool, where: str) -> str:
    """A desk's base URL: http(s), a host, no credentials, no query; http only to this machine
    unless ``allow_http`` (a token must not cross a network in clear text)."""
    url = url.strip().rstrip("/")
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018 - raises ValueError for a bad port
    except ValueError as exc:
        raise DeskConfigError(f"{where}: invalid URL {url!r} ({exc})") from None
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise DeskConfigError(f"{where}: the URL must start with https:// and name a host, not {url!r}")
    if parts.username or parts.password or "@" in parts.netloc:
        raise DeskConfigError(
            f"{where}: the URL must not contain a user name or password",
            hint="Give the token with --token-env or store it in the keyring.",
        )
    if parts.query or parts.fragment:
        raise DeskConfigError(f"{where}: the URL must not have a query or fragment")
    if parts.scheme == "http" and not allow_http and not _is_loopback(parts.hostname):
        raise DeskConfigError(
            f"{where}: {url} is plain http; the token would cross the network unencrypted",
            hint="Use the https:// address of the desk (or --allow-http for a test desk).",
        )
    return url


def desk_from_mapping(name: str, table: object) -> DeskConfig:
    """Check one settings table (anything TOML can hold); raises :class:`DeskConfigError` naming the desk and the key."""
    where = f"desk '{name}'"
    if not isinstance(name, str) or not _NAME.match(name):
        raise DeskConfigError(
            f"invalid desk name {name!r}",
            hint="Use letters, digits, '.', '_' and '-' (at most 64 characters).",
        )
    if not isinstance(table, Mapping):
        raise DeskConfigError(f"{where} must be a table of options")
    leaked = sorted(k for k in table if str(k).lower() in _SECRET_KEYS)
    if leaked:
        raise DeskConfigError(
            f"{where}: the settings file must not hold a secret ({', '.join(leaked)})",
            hint="Remove that line; use token_env/password_env or the keyring (kbdesk desk add).",
        )
    kind = _text(table, "kind", where)
    if kind not in KINDS:
        raise DeskConfigError(f"{where}: kind must be one of {', '.join(KINDS)}, not {kind!r}")
    timeout = table.get("timeout", DEFAULT_TIMEOUT)
    if isinstance(timeout, bool) or not isinstance(timeout, (int, float)) or not 1 <= timeout <= 600:
        raise DeskConfigError(f"{where}: timeout must be a number of seconds from 1 to 600")
    user = _text(table, "user", where)
    token_env = _text(table, "token_env", where)
    password_env = _text(table, "password_env", where)
    for key, value in (("token_env", token_env), ("password_env", password_env)):
        if value and not _ENV_NAME.match(value):
            raise DeskConfigError(f"{where}: {key} must be an environment variable name, not {value!r}")
    ca_file = _text(table, "ca_file", where)
    allow_http = table.get("allow_http", False)
    if not isinstance(allow_http, bool):
        raise DeskConfigError(f"{where}: allow_http must be true or false")
    config = DeskConfig(
        name=name, kind=kind, user=user, token_env=token_env, password_env=password_env, ca_file=ca_file
    )
    config = replace(config, timeout=float(timeout), allow_http=allow_http)
    if kind == "rt":
        return _rt(config, table, where)
    if kind == "smtp":
        return _smtp(config, table, where)
    folder = _text(table, "folder", where)
    if not folder:
        raise DeskConfigError(f"{where}: a file desk needs a folder")
    return replace(config, folder=folder)


def _rt(config: DeskConfig, table: Mapping[str, object], where: str) -> DeskConfig:
    url = check_url(_text(table, "url", where), allow_http=config.allow_http, where=where)
    queue = _text(table, "queue", where)
    if not queue:
        raise DeskConfigError(f"{where}: an RT desk needs a queue")
    if config.token_env and config.user:
        raise DeskConfigError(f"{where}: give either a token or a user and password, not both")
    if config.password_env and not config.user:
        raise DeskConfigError(f"{where}: password_env needs a user")
    priorities = table.get("priorities", {})
    if not isinstance(priorities, Mapping) or not all(
        k in DEFAULT_RT_PRIORITIES and isinstance(v, int) and not isinstance(v, bool) for k, v in priorities.items()
    ):
        raise DeskConfigError(f"{where}: priorities must map P1..P5 to whole numbers")
    levels = tuple(sorted((str(k), v) for k, v in priorities.items() if isinstance(v, int)))
    return replace(config, url=url, queue=queue, priorities=levels)


def _smtp(config: DeskConfig, table: Mapping[str, object], where: str) -> DeskConfig:
    host = _text(table, "host", where)
    if not host or any(c.isspace() for c in host) or "/" in host:
        raise DeskConfigError(f"{where}: an e-mail desk needs a host name")
    port = table.get("port", 0)
    if isinstance(port, bool) or not isinstance(port, int) or not 0 <= port <= 65535:
        raise DeskConfigError(f"{where}: port must be a whole number from 1 to 65535")
    security = _text(table, "security", where) or ("tls" if port == 465 else "starttls")
    if security not in SECURITY:
        raise DeskConfigError(f"{where}: security must be one of {', '.join(SECURITY)}, not {security!r}")
    port = port or {"tls": 465, "starttls": 587, "none": 25}[security]
    to = _text(table, "to", where)
    if not _ADDRESS.match(to):
        raise DeskConfigError(f"{where}: 'to' must be one e-mail address, not {to!r}")
    sender = _text(table, "sender", where)
    if sender and not _ADDRESS.match(sender):
        raise DeskConfigError(f"{where}: 'sender' must be one e-mail address, not {sender!r}")
    if config.token_env:
        raise DeskConfigError(f"{where}: an e-mail desk takes a user and password_env, not a token")
    if config.password_env and not config.user:
        raise DeskConfigError(f"{where}: password_env needs a user")
    if config.user and security == "none":
        raise DeskConfigError(
            f"{where}: a password is never sent over an unencrypted connection",
            hint="Use --tls or --starttls, or no --user for a relay that needs no login.",
        )
    return replace(config, host=host, port=port, security=security, to=to, sender=sender)


@dataclass(frozen=True)
class DeskTable:
    """Every configured desk, the default one, and the problems of tables that could not be read."""

    desks: tuple[DeskConfig, ...] = ()
    default: str = ""
    problems: tuple[str, ...] = ()

    def names(self) -> tuple[str, ...]:
        return tuple(d.name for d in self.desks)

    def get(self, name: str | None = None) -> DeskConfig:
        """The named desk, or the default one; :class:`DeskConfigError` saying what to do otherwise."""
        wanted = name or self.default
        if not wanted:
            if len(self.desks) == 1:
                return self.desks[0]
            raise DeskConfigError(
                "no service desk is configured" if not self.desks else "no default desk is set",
                hint="Add one with 'kbdesk desk add NAME --kind rt ...' (or send the bundle file yourself)."
                if not self.desks
                else "Name one with --desk (kbdesk desk list shows them).",
            )
        for desk in self.desks:
            if desk.name == wanted:
                return desk
        for problem in self.problems:
            if problem.startswith(f"desk '{wanted}'"):
                raise DeskConfigError(problem)
        raise DeskConfigError(f"no desk called '{wanted}'", hint="kbdesk desk list shows the configured desks.")


def read_desks(settings: Settings) -> DeskTable:
    """The desks of a :class:`~kbdesk.core.settings.Settings`; bad tables become problems, not errors."""
    raw = settings.desks
    desks, problems = [], []
    for name, table in raw.items():
        try:
            desks.append(desk_from_mapping(str(name), table))
        except DeskConfigError as exc:
            problems.append(str(exc))
    default = settings.default_desk
    return DeskTable(desks=tuple(desks), default=default, problems=tuple(problems))


def with_desk(
    settings: Settings, desk: DeskConfig, *, make_default: bool = False, replace_existing: bool = False
) -> Settings:
    """Settings with ``desk`` added (the first desk becomes the default)."""
    raw = dict(settings.desks)
    if desk.name in raw and not replace_existing:
        raise DeskConfigError(f"a desk called '{desk.name}' already exists", hint="Use --replace to change it.")
    desk_from_mapping(desk.name, desk.to_mapping())  # what is written must read back
    raw[desk.name] = desk.to_mapping()
    settings = settings.with_value("desks", raw)
    if make_default or not settings.default_desk or settings.default_desk not in raw:
        settings = settings.with_value("default_desk", desk.name)
    return settings


def without_desk(settings: Settings, name: str) -> Settings:
    raw = dict(settings.desks)
    if name not in raw:
        raise DeskConfigError(f"no desk called '{name}'", hint="kbdesk desk list shows the configured desks.")
    del raw[name]
    settings = settings.with_value("desks", raw)
    if settings.default_desk == name:
        settings = settings.with_value("default_desk", next(iter(raw), ""))
    return settings
