"""Declared settings, stored as TOML under the config folder.

Every setting is declared once in ``SETTINGS`` with its type, default and
help; the GUI's settings dialog and the CLI read the same list. The file
carries ``version``; an older file is migrated step by step on load, and a
newer one is read for the keys this kbdesk knows (and never overwritten
without a warning in the log). An invalid value is reported and replaced by
the default: a bad settings file never stops kbdesk from starting.
"""

from __future__ import annotations

import logging
import tomllib
from collections.abc import Callable
from dataclasses import MISSING, Field, dataclass, field, fields, replace
from pathlib import Path
from typing import TypeVar

import tomli_w

from .errors import SettingsError
from .fsutil import atomic_write_text, read_bounded
from .paths import bundled_articles_dir, state_paths

log = logging.getLogger(__name__)

SETTINGS_VERSION = 6

#: the languages the desktop app speaks (a ``resources/i18n/kbdesk_<code>.ts`` each, English being the
#: source); the ``language`` setting picks one or follows the system. Adding one: docs/translations.md
UI_LANGUAGES = ("en", "de")


#: a table of tables: the desks setting, desk name -> its options (checked by kbdesk.core.desks.config)
Tables = dict[str, dict[str, object]]
#: a list of tables: the sources setting (checked by kbdesk.core.sources.model)
TableList = tuple[dict[str, object], ...]
#: what a setting may hold: text, a switch, a whole number, a list of text items (a tuple once loaded),
#: tables by name, or a list of tables
SettingValue = str | bool | int | tuple[str, ...] | Tables | TableList
T = TypeVar("T", str, bool, int, tuple[str, ...])


@dataclass(frozen=True)
class SettingSpec:
    name: str
    kind: type
    default: SettingValue
    help: str
    choices: tuple[str, ...] = ()
    validate: Callable[[SettingValue], str | None] | None = None
    #: what each item of a list setting is: text, or a table (dict)
    item: type = str


def _desk_tables(value: SettingValue) -> str | None:
    # only the shape is checked here: one bad desk must not make the others fall back to "no desks"
    # (and vanish on the next save); kbdesk.core.desks.config checks each desk when it is used
    if isinstance(value, dict):
        for name, table in value.items():
            if not isinstance(table, dict):
                return f"desk '{name}' must be a table of options"
    return None


#: a settings file is a few kilobytes; anything over this is not one (read no further)
MAX_SETTINGS_BYTES = 1024 * 1024
#: a value quoted in a problem message is cut to this many characters
_QUOTE_CHARS = 80


def _quote(value: object) -> str:
    text = str(value)
    return repr(text if len(text) <= _QUOTE_CHARS else text[:_QUOTE_CHARS] + "…")


def _folder_or_empty(value: SettingValue) -> str | None:
    if not isinstance(value, str) or not value:
        return None
    try:
        if Path(value).expanduser().is_dir():
            return None
    except (OSError, RuntimeError, ValueError):  # a name too long, "~nosuchuser", a NUL byte
        pass
    return f"folder does not exist: {_quote(value)}"


def _sources_check(value: SettingValue) -> str | None:
    from .sources.model import check_source_tables

    return check_source_tables(list(value)) if isinstance(value, tuple) else "must be a list of tables"


def _sync_interval(value: SettingValue) -> str | None:
    if isinstance(value, int) and 5 <= value <= 7 * 24 * 60:
        return None
    return "must be between 5 and 10080 minutes"


def _server_name(value: SettingValue) -> str | None:
    if isinstance(value, str) and (len(value) > 255 or any(c.isspace() or c in "/@" for c in value.strip())):
        return f"is not a host or host:port: {_quote(value)}"
    return None


def _setting(
    default: T,
    help: str,
    *,
    choices: tuple[str, ...] = (),
    validate: Callable[[SettingValue], str | None] | None = None,
) -> T:
    """Declare one setting: its default (which gives its type), its help, what values it allows."""
    return field(default=default, metadata={"help": help, "choices": choices, "validate": validate})


def _tables_setting(help: str, *, validate: Callable[[SettingValue], str | None]) -> Tables:
    """Declare a setting that holds tables (empty by default: a dict default must be a factory)."""
    return field(default_factory=dict, metadata={"help": help, "choices": (), "validate": validate})


def _table_list_setting(help: str, *, validate: Callable[[SettingValue], str | None]) -> TableList:
    """Declare a setting that holds a list of tables (empty by default)."""
    return field(default=(), metadata={"help": help, "choices": (), "validate": validate, "item": dict})


@dataclass(frozen=True)
class Settings:
    """Every setting, declared once: the field's default gives its type, the metadata its help and choices.

    Frozen: change one with :meth:`with_value`, which validates it. ``problems`` are what
    loading found wrong (for the GUI to show once); they are not saved.
    """

    articles_dir: str = _setting(
        "", "Articles folder (empty: the starter articles shipped with kbdesk)", validate=_folder_or_empty
    )
    search_mode: str = _setting("hybrid", "Default search mode", choices=("hybrid", "keyword", "semantic"))
    analytics_enabled: bool = _setting(
        True, "Keep a local history of searches, views and feedback (never sent anywhere)"
    )
    theme: str = _setting("system", "Colour theme", choices=("system", "light", "dark"))
    language: str = _setting(
        "system",
        "Language of the app (system: the desktop's language when kbdesk speaks it, else English)",
        choices=("system", *UI_LANGUAGES),
    )
    show_all_platforms: bool = _setting(False, "Show articles written for other operating systems")
    redact_terms: tuple[str, ...] = _setting((), "Extra words to redact from escalation bundles (names, project codes)")
    diagnostic_hosts: tuple[str, ...] = _setting(
        (), "Hosts whose DNS and TCP reachability diagnostics check (host or host:port)"
    )
    time_server: str = _setting(
        "",
        "NTP server the diagnostics ask how far off this computer's clock is (host or host:port; empty: none, "
        "kbdesk contacts no time server)",
        validate=_server_name,
    )
    support_email: str = _setting("", "Service desk e-mail address for the escalation e-mail draft")
    desks: Tables = _tables_setting(  # noqa: RUF009 - a dataclasses.field with a default_factory
        "Service desks that escalations are sent to, by name (kbdesk desk add); never holds a password or token",
        validate=_desk_tables,
    )
    default_desk: str = _setting("", "The desk escalations go to when none is named (the first one added)")
    # knowledge-base sources (kbdesk.core.sources; each table is checked there, so this module stays small)
    sources: TableList = _table_list_setting(  # noqa: RUF009 - a dataclasses.field, as for desks
        "Knowledge-base sources: local folders and git remotes", validate=_sources_check
    )
    starter_articles: bool = _setting(True, "Include the starter articles shipped with kbdesk")
    sync_interval_minutes: int = _setting(60, "Minutes between syncs of the git sources", validate=_sync_interval)
    allowed_signers: tuple[str, ...] = _setting(
        (), "Only serve git revisions signed by these keys (lines of an SSH allowed_signers file, or gpg:FINGERPRINT)"
    )
    #: problems found while loading, for the GUI to show once
    problems: tuple[str, ...] = field(default=(), compare=False)

    @property
    def values(self) -> dict[str, SettingValue]:
        """Every setting by name (what the settings file holds)."""
        return {spec.name: getattr(self, spec.name) for spec in SETTINGS}

    def articles_folder(self) -> Path:
        """The articles folder the app and the CLI use: the configured one, else the starter articles."""
        configured = self.articles_dir.strip()
        return Path(configured).expanduser() if configured else bundled_articles_dir()

    def with_value(self, name: str, value: object) -> Settings:
        spec = _BY_NAME.get(name)
        if spec is None:
            raise SettingsError(f"unknown setting '{name}'")
        error = check_value(spec, value)
        if error:
            raise SettingsError(f"{name}: {error}")
        return replace(self, **{name: stored_value(value)})  # type: ignore[arg-type]  # check_value checked its type


def _default(f: Field[object]) -> SettingValue:
    if f.default_factory is not MISSING:
        return f.default_factory()  # type: ignore[return-value]  # only _tables_setting uses a factory
    return f.default  # type: ignore[return-value]  # every field but problems is declared with _setting


SETTINGS: tuple[SettingSpec, ...] = tuple(
    SettingSpec(
        f.name,
        type(_default(f)),
        _default(f),
        f.metadata["help"],
        f.metadata["choices"],
        f.metadata["validate"],
        f.metadata.get("item", str),
    )
    for f in fields(Settings)
    if "help" in f.metadata
)
_BY_NAME = {s.name: s for s in SETTINGS}


def stored_value(value: object) -> SettingValue:
    """A checked value as Settings keeps it: lists (from TOML or a caller) become tuples."""
    if isinstance(value, list):
        return tuple(dict(v) if isinstance(v, dict) else v for v in value)
    if isinstance(value, dict):
        return {str(k): dict(v) if isinstance(v, dict) else v for k, v in value.items()}
    assert isinstance(value, str | bool | int | tuple)
    return value


def check_value(spec: SettingSpec, value: object) -> str | None:
    if spec.kind is bool and not isinstance(value, bool):
        return "must be true or false"
    if spec.kind is int and (isinstance(value, bool) or not isinstance(value, int)):
        return "must be a whole number"
    if spec.kind is str and not isinstance(value, str):
        return "must be text"
    if spec.kind is tuple and not (isinstance(value, list | tuple) and all(isinstance(v, spec.item) for v in value)):
        return "must be a list of tables" if spec.item is dict else "must be a list of text items"
    if spec.kind is dict and not isinstance(value, dict):
        return "must be a table"
    if spec.choices and value not in spec.choices:
        return f"must be one of {', '.join(spec.choices)}, not {_quote(value)}"
    if spec.validate:
        return spec.validate(stored_value(value))
    return None


def _migrate(data: dict[str, object]) -> dict[str, object]:
    version = data.get("version", 1)
    if not isinstance(version, int) or version < 2:
        # version 1 called the search mode "default_mode" and kept it at the top level
        if "default_mode" in data:
            data.setdefault("search_mode", data.pop("default_mode"))
        version = 2
    if version < 3:
        # version 3 added the desks and default_desk settings; nothing to convert
        version = 3
    if version < 4:
        # version 4 added sources; a folder chosen before it replaced the starter articles, so keep them off
        if data.get("articles_dir"):
            data.setdefault("starter_articles", False)
        version = 4
    if version < 5:
        # version 5 added time_server; nothing to convert
        version = 5
    if version < 6:
        # version 6 added language: an older file follows the system, whose language kbdesk now speaks
        # (it spoke only English before, so no choice was made that this would undo)
        version = 6
    data["version"] = version
    return data


def load_settings(path: Path | None = None) -> Settings:
    """The settings from ``path``; never raises: whatever is wrong with the file becomes a
    problem to show once, and the setting (or every setting) keeps its default."""
    path = path or state_paths().settings_file
    try:
        raw = read_bounded(path, MAX_SETTINGS_BYTES)
    except FileNotFoundError:
        return Settings()
    except OSError as exc:
        return Settings(problems=(f"cannot read settings file {path}: {exc.strerror}; using defaults",))
    if raw is None:
        return Settings(
            problems=(
                f"settings file {path} is over {MAX_SETTINGS_BYTES:,} bytes, not a settings file; using defaults",
            )
        )
    try:
        data = tomllib.loads(raw.decode("utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        return Settings(problems=(f"settings file {path} is not valid TOML ({str(exc)[:200]}); using defaults",))
    except RecursionError:  # tomllib recurses into nested arrays and inline tables
        return Settings(problems=(f"settings file {path} is nested too deeply to be a settings file; using defaults",))
    problems = []
    version = data.get("version", 1)
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        problems.append(f"{path}: 'version' should be a whole number, not {_quote(version)}; read as version 1")
        data["version"] = version = 1
    if version > SETTINGS_VERSION:
        log.warning("settings file %s is from a newer kbdesk (version %s)", path, version)
    data = _migrate(dict(data))
    values: dict[str, SettingValue] = {}
    for key, value in data.items():
        if key == "version":
            continue
        spec = _BY_NAME.get(key)
        if spec is None:
            log.info("ignoring unknown setting %s in %s", _quote(key), path)
            continue
        error = check_value(spec, value)
        if error:
            problems.append(f"{path}: setting '{key}' {error}; using the default")
            continue
        values[key] = stored_value(value)
    return Settings(**values, problems=tuple(problems))  # type: ignore[arg-type]  # checked by check_value


def save_settings(settings: Settings, path: Path | None = None) -> None:
    path = path or state_paths().settings_file
    data = {
        "version": SETTINGS_VERSION,
        **{k: list(v) if isinstance(v, tuple) else v for k, v in settings.values.items()},
    }
    atomic_write_text(path, tomli_w.dumps(data))
