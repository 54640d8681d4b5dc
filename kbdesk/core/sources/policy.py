"""The managed policy: settings an organisation sets, once, for every desktop.

IT puts one read-only TOML file in the platform's system configuration
folder; kbdesk never writes it. Where it is looked for, first found wins:

* Linux and BSD: ``/etc/xdg/kbdesk/policy.toml``, then ``kbdesk/policy.toml`` in each of ``$XDG_CONFIG_DIRS``
* macOS: ``/Library/Application Support/kbdesk/policy.toml``
* Windows: ``%ProgramData%\\kbdesk\\policy.toml``
* ``KBDESK_POLICY`` (a path; for tests, and for trying a policy out where none is installed)

The format (version 1)::

    version = 1
    reason = "Managed by Example Corp IT (it-help@example.org)"   # shown beside every locked setting
    locked = ["sources", "analytics_enabled", "allowed_signers"]   # the user cannot change these

    [settings]
    analytics_enabled = false
    sync_interval_minutes = 30
    starter_articles = false
    allowed_signers = ["kb-writers@example.org ssh-ed25519 AAAAC3Nza..."]
    gpg_keyring = "/etc/xdg/kbdesk/writers.gpg"
    diagnostics_allowed = true
    keep_categories = ["ip-address"]

    [[settings.sources]]
    name = "it-kb"
    url = "https://git.example.org/it/kb.git"
    branch = "published"
    priority = 100

    [settings.desks.service-desk]                 # the same tables as `kbdesk desk add` writes
    kind = "rt"
    url = "https://rt.example.org"
    queue = "Support"
    token_env = "RT_TOKEN"

    [reasons]                                       # optional, a reason per key
    sources = "Articles come from the IT knowledge base only"

A key that is ``locked`` without a value under ``[settings]`` is held at
kbdesk's built-in default. A key under ``[settings]`` that is not ``locked`` is a default: it replaces
kbdesk's built-in default, and a user who has chosen another value keeps
theirs (settings files store every value, so "chosen" means "differs from
the built-in default"). A locked key always wins, and the CLI
and the settings dialog refuse to change it, giving the reason. For
``sources``, the policy's sources are always there and the user's own are
added to them, unless ``sources`` is locked.

A malformed policy is reported and ignored key by key (a bad key does not
discard the good ones); a file that cannot be read at all, is not UTF-8 or
TOML, or is larger than ``MAX_POLICY_BYTES`` is reported and ignored whole.
kbdesk always starts.
"""

from __future__ import annotations

import logging
import os
import sys
import tomllib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

import platformdirs

from ..errors import PolicyError
from ..paths import APP_NAME
from ..settings import SETTINGS, Settings, check_value
from .signing import check_signer_entry

if TYPE_CHECKING:
    from ..desks.config import DeskTable

if TYPE_CHECKING:
    from ..desks.config import DeskTable

log = logging.getLogger(__name__)

POLICY_ENV = "KBDESK_POLICY"
POLICY_FILE = "policy.toml"
POLICY_VERSION = 1
#: a real policy is a few kilobytes; this bounds the parser's time and memory (tomllib: ~30 ms per MB here)
MAX_POLICY_BYTES = 256 * 1024
MAX_LIST_ITEMS = 256
MAX_TEXT = 16 * 1024
DEFAULT_REASON = "set by your organisation's policy"
_TOP_KEYS = {"version", "reason", "locked", "settings", "reasons"}


@dataclass(frozen=True)
class PolicyKey:
    """A key the policy may set: either a user setting (``settings.SETTINGS``) or one only the policy sets."""

    name: str
    help: str
    #: for policy-only keys: type and default (settings keys take both from their SettingSpec)
    kind: type | None = None
    default: object = None
    item: type = str
    validate: Callable[[object], str | None] | None = None


def _signers_check(value: object) -> str | None:
    if not isinstance(value, list | tuple):
        return "not a list of signers"
    for entry in value:
        problem = check_signer_entry(entry)
        if problem:
            return problem
    return None


def _names_check(value: object) -> str | None:
    if not isinstance(value, list | tuple):
        return "not a list of names"
    bad = [
        v
        for v in value
        if not isinstance(v, str) or not v or len(v) > 64 or not all(c.isalnum() or c in "-_." for c in v)
    ]
    return f"'{str(bad[0])[:60]}' is not a name" if bad else None


POLICY_KEYS: tuple[PolicyKey, ...] = (
    PolicyKey("sources", "Knowledge-base sources"),
    PolicyKey("starter_articles", "Include the starter articles"),
    PolicyKey("sync_interval_minutes", "Minutes between syncs"),
    PolicyKey("allowed_signers", "Allowed signers of served revisions"),
    PolicyKey("analytics_enabled", "Local history of searches, views and feedback"),
    PolicyKey("search_mode", "Default search mode"),
    PolicyKey("show_all_platforms", "Show articles for other operating systems"),
    PolicyKey("redact_terms", "Extra words to redact from escalation bundles"),
    PolicyKey("diagnostic_hosts", "Hosts the network diagnostics check"),
    PolicyKey("time_server", "NTP server the diagnostics compare the clock with"),
    PolicyKey("support_email", "Service desk e-mail address"),
    PolicyKey("theme", "Colour theme"),
    PolicyKey("desks", "Service desks escalations are sent to"),
    PolicyKey("default_desk", "The desk escalations go to when none is named"),
    # keys only the policy sets
    PolicyKey(
        "gpg_keyring",
        "Keyring (gpg --export) with the allowed signers' GPG public keys",
        str,
        "",
        validate=lambda v: None if isinstance(v, str) and len(v) < 4096 else "path is too long",
    ),
    PolicyKey("diagnostics_allowed", "Diagnostics may be collected and attached to escalations", bool, True),
    PolicyKey(
        "keep_categories",
        "Personal-data categories a user may choose to keep in an escalation bundle (others are always redacted)",
        list,
        None,  # None: every category the redaction offers
        validate=_names_check,
    ),
)
_KEYS = {k.name: k for k in POLICY_KEYS}
_SETTING_SPECS = {s.name: s for s in SETTINGS}
#: checks the policy adds to a setting's own
_EXTRA_CHECKS: dict[str, Callable[[object], str | None]] = {"allowed_signers": _signers_check}


@dataclass(frozen=True)
class Policy:
    #: the file read (None: no policy file)
    path: Path | None = None
    #: valid values by key
    values: dict[str, object] = field(default_factory=dict)
    #: locked keys -> the reason shown to the user
    locked: dict[str, str] = field(default_factory=dict)
    #: what was wrong in the file, key by key, for `kbdesk policy show` and the log
    problems: tuple[str, ...] = ()

    def lock_reason(self, name: str) -> str | None:
        return self.locked.get(name)


#: the Linux and BSD location IT should use; looked at first, whatever XDG_CONFIG_DIRS says
LINUX_SYSTEM_POLICY = Path("/etc/xdg") / APP_NAME / POLICY_FILE
MACOS_SYSTEM_POLICY = Path("/Library/Application Support") / APP_NAME / POLICY_FILE


def policy_candidates() -> list[Path]:
    """Where a policy file is looked for, in order; the first that exists is used.

    The system location comes first, so neither ``XDG_CONFIG_DIRS`` nor
    ``KBDESK_POLICY`` (both set by the user) can replace a policy IT installed;
    ``KBDESK_POLICY`` is for tests and for trying a policy on a desktop that has none.
    """
    if sys.platform == "darwin":
        # fixed, not platformdirs: its site folders put a user-writable Homebrew prefix first
        found = [MACOS_SYSTEM_POLICY]
    elif os.name == "nt":
        found = [Path(platformdirs.site_config_dir(APP_NAME, appauthor=False)) / POLICY_FILE]  # %ProgramData%
    else:
        found = [LINUX_SYSTEM_POLICY]
        dirs = os.environ.get("XDG_CONFIG_DIRS", "").strip()
        for folder in dirs.split(os.pathsep) if dirs else ():
            candidate = Path(folder) / APP_NAME / POLICY_FILE
            if folder.strip() and candidate not in found:
                found.append(candidate)
    env = os.environ.get(POLICY_ENV, "").strip()
    if env:
        found.append(Path(env).expanduser())
    return found


def find_policy_file() -> Path | None:
    for candidate in policy_candidates():
        try:
            if candidate.is_file():
                return candidate
        except OSError:
            continue
    return None


def load_policy(path: Path | None = None) -> Policy:
    """The managed policy, or an empty one. Never raises: problems are collected in ``Policy.problems``."""
    path = path or find_policy_file()
    if path is None:
        return Policy()
    try:
        with open(path, "rb") as handle:
            raw = handle.read(MAX_POLICY_BYTES + 1)
    except OSError as exc:
        return Policy(path, problems=(f"cannot read policy file {path}: {exc.strerror or exc}; policy ignored",))
    return parse_policy(raw, path)


def parse_policy(raw: bytes, path: Path | None = None) -> Policy:
    where = str(path) if path else "policy"
    if len(raw) > MAX_POLICY_BYTES:
        return Policy(path, problems=(f"{where} is larger than {MAX_POLICY_BYTES // 1024} KB; policy ignored",))
    try:
        data = tomllib.loads(raw.decode("utf-8"))
    except UnicodeDecodeError:
        return Policy(path, problems=(f"{where} is not UTF-8 text; policy ignored",))
    except (tomllib.TOMLDecodeError, RecursionError, ValueError) as exc:
        return Policy(path, problems=(f"{where} is not valid TOML ({str(exc)[:200]}); policy ignored",))

    problems: list[str] = []
    version = data.get("version", POLICY_VERSION)
    if not isinstance(version, int) or isinstance(version, bool):
        problems.append(f"{where}: version must be a whole number; reading it as version {POLICY_VERSION}")
    elif version > POLICY_VERSION:
        problems.append(f"{where}: version {version} is newer than this kbdesk knows; reading the keys it knows")
    for key in sorted(set(data) - _TOP_KEYS):
        problems.append(f"{where}: unknown top-level key '{key[:60]}' ignored")

    reason = data.get("reason", DEFAULT_REASON)
    if not isinstance(reason, str) or not reason.strip() or len(reason) > 500:
        problems.append(f"{where}: reason must be a line of text; using the default")
        reason = DEFAULT_REASON
    reasons = data.get("reasons", {})
    if not isinstance(reasons, dict):
        problems.append(f"{where}: [reasons] must be a table; ignored")
        reasons = {}

    values: dict[str, object] = {}
    settings = data.get("settings", {})
    if not isinstance(settings, dict):
        problems.append(f"{where}: [settings] must be a table; ignored")
        settings = {}
    for key, value in settings.items():
        problem = _check_key(key, value)
        if problem:
            problems.append(f"{where}: settings.{key[:60]}: {problem}; ignored")
            continue
        if key == "desks":
            value = _good_desks(value, where, problems)
        values[key] = value

    locked: dict[str, str] = {}
    names = data.get("locked", [])
    if not isinstance(names, list):
        problems.append(f"{where}: locked must be a list of setting names; nothing locked")
        names = []
    for name in names[:MAX_LIST_ITEMS]:
        if not isinstance(name, str) or name not in _KEYS:
            problems.append(f"{where}: locked: '{str(name)[:60]}' is not a setting the policy can lock; ignored")
            continue
        why = reasons.get(name, reason)
        locked[name] = why if isinstance(why, str) and why.strip() and len(why) <= 500 else reason
    return Policy(path, values, locked, tuple(problems))


def _good_desks(desks: dict[str, object], where: str, problems: list[str]) -> dict[str, object]:
    """Each desk checked as the desks module reads it; a bad one is reported and left out alone."""
    from ..desks.config import desk_from_mapping
    from ..errors import DeskConfigError

    good = {}
    for name, table in desks.items():
        try:
            desk_from_mapping(str(name), table)
        except DeskConfigError as exc:
            problems.append(f"{where}: settings.desks: {str(exc)[:300]}; ignored")
            continue
        good[name] = table
    return good


def _check_key(key: str, value: object) -> str | None:
    spec = _KEYS.get(key)
    if spec is None:
        return "not a key the policy can set"
    if isinstance(value, (list, dict)) and len(value) > MAX_LIST_ITEMS:
        return f"more than {MAX_LIST_ITEMS} items"
    if isinstance(value, str) and len(value) > MAX_TEXT:
        return "text too long"
    setting = _SETTING_SPECS.get(key)
    if setting is not None:
        problem = check_value(setting, value)
        if problem is None and key in _EXTRA_CHECKS:
            problem = _EXTRA_CHECKS[key](value)
        return problem
    kind = spec.kind
    if kind is bool and not isinstance(value, bool):
        return "must be true or false"
    if kind is str and not isinstance(value, str):
        return "must be text"
    if kind is list and not (isinstance(value, list) and all(isinstance(v, spec.item) for v in value)):
        return "must be a list of tables" if spec.item is dict else "must be a list of text items"
    if spec.validate is not None:
        return spec.validate(value)
    return None


# ---------------------------------------------------------------- effective settings


@dataclass(frozen=True)
class Effective:
    """User settings overlaid by the policy: what kbdesk runs with, and what the user may change."""

    values: dict[str, object]
    #: key -> reason, for every locked key
    locks: dict[str, str]
    #: key -> "policy" | "user" | "default": where each value came from
    origins: dict[str, str]
    #: the user's own sources and the policy's, kept apart (``sources`` in ``values`` is the policy's + the user's)
    user_sources: tuple[dict[str, object], ...] = ()
    policy_sources: tuple[dict[str, object], ...] = ()
    policy: Policy = field(default_factory=Policy)

    def __getattr__(self, name: str) -> object:
        values = object.__getattribute__(self, "values")
        if name in values:
            return values[name]
        raise AttributeError(name)

    def locked(self, name: str) -> str | None:
        """Why ``name`` cannot be changed, or None when the user may change it."""
        return self.locks.get(name)

    def settings(self) -> Settings:
        """The settings kbdesk runs with: every declared setting at its effective value (the policy's where
        it applies). For running only: what is saved is always the user's own :class:`Settings`."""
        from dataclasses import replace

        from ..settings import stored_value

        current = Settings()
        values = {spec.name: stored_value(self.values[spec.name]) for spec in SETTINGS if spec.name in self.values}
        return replace(current, **values)  # type: ignore[arg-type]  # each value was checked as its setting

    def check_unlocked(self, name: str) -> None:
        reason = self.locks.get(name)
        if reason is not None:
            raise PolicyError(f"'{name}' is locked by the policy: {reason}", hint="ask your IT department")

    def desk_table(self) -> DeskTable:
        """The desks in effect, checked (``kbdesk.core.desks.DeskTable``); ``.desks`` is the raw table."""
        from ..desks.config import read_desks

        return read_desks(self.desk_settings())

    def desk_settings(self) -> Settings:
        """Settings holding only the desks and the default desk in effect: what the desk functions
        (``send_bundle(..., settings=...)``, ``flush_outbox``, ``my_requests``) take."""
        table = self.values.get("desks")
        return Settings(
            desks=dict(table) if isinstance(table, dict) else {}, default_desk=str(self.values.get("default_desk", ""))
        )


def _default(name: str) -> object:
    spec = _SETTING_SPECS.get(name)
    return spec.default if spec is not None else None


def effective_settings(settings: Settings, policy: Policy) -> Effective:
    values: dict[str, object] = dict(settings.values)
    # a value that differs from kbdesk's built-in default is the user's choice
    origins: dict[str, str] = {k: ("user" if values[k] != _default(k) else "default") for k in values}
    for spec in POLICY_KEYS:
        if spec.kind is not None and spec.name not in values:
            values[spec.name] = spec.default
            origins[spec.name] = "default"
    user_sources: tuple[dict[str, object], ...] = tuple(dict(t) for t in settings.sources)
    listed = policy.values.get("sources", [])
    policy_sources: tuple[dict[str, object], ...] = (
        tuple(s for s in listed if isinstance(s, dict)) if isinstance(listed, list | tuple) else ()
    )
    for key, value in policy.values.items():
        if key in ("sources", "desks"):
            continue
        if key in policy.locked or origins.get(key) != "user" or key not in settings.values:
            values[key] = value
            origins[key] = "policy"
    # locked without a value: kbdesk's built-in default, whatever the user had
    for key in policy.locked:
        if key not in policy.values and key not in ("sources", "desks"):
            spec = _KEYS[key]
            values[key] = _default(key) if key in _SETTING_SPECS else spec.default
            origins[key] = "policy"
    # desks: the policy's always (by name), the user's others unless locked
    policy_desks = policy.values.get("desks")
    if policy_desks is not None or "desks" in policy.locked:
        user_desks = {} if "desks" in policy.locked else dict(settings.desks)
        desks = {**user_desks, **(policy_desks if isinstance(policy_desks, dict) else {})}
        values["desks"] = desks
        origins["desks"] = "policy"
        # the user's default desk may be one the lock left out: then the policy's default, else the first desk
        if values.get("default_desk") not in desks:
            fallback = policy.values.get("default_desk")
            values["default_desk"] = fallback if isinstance(fallback, str) and fallback in desks else ""
    # sources: the policy's always, the user's unless locked
    if policy_sources or "sources" in policy.locked:
        kept_user = () if "sources" in policy.locked else user_sources
        policy_names = {s.get("name") for s in policy_sources}
        values["sources"] = list(policy_sources) + [s for s in kept_user if s.get("name") not in policy_names]
        origins["sources"] = "policy"
    return Effective(values, dict(policy.locked), origins, user_sources, policy_sources, policy)


def load_effective(settings: Settings | None = None, policy: Policy | None = None) -> Effective:
    from ..settings import load_settings

    return effective_settings(settings or load_settings(), policy or load_policy())
