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
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import tomli_w

from .errors import SettingsError
from .fsutil import atomic_write_text
from .paths import state_paths

log = logging.getLogger(__name__)

SETTINGS_VERSION = 3


@dataclass(frozen=True)
class SettingSpec:
    name: str
    kind: type
    default: Any
    help: str
    choices: tuple[str, ...] = ()
    validate: Callable[[Any], str | None] | None = None


def _desk_tables(value: dict) -> str | None:
    # only the shape is checked here: one bad desk must not make the others fall back to "no desks"
    # (and vanish on the next save); kbdesk.core.desks.config checks each desk when it is used
    for name, table in value.items():
        if not isinstance(table, dict):
            return f"desk '{name}' must be a table of options"
    return None


def _folder_or_empty(value: str) -> str | None:
    if value and not Path(value).expanduser().is_dir():
        return f"folder does not exist: {value}"
    return None


SETTINGS: tuple[SettingSpec, ...] = (
    SettingSpec(
        "articles_dir",
        str,
        "",
        "Articles folder (empty: the starter articles shipped with kbdesk)",
        validate=_folder_or_empty,
    ),
    SettingSpec("search_mode", str, "hybrid", "Default search mode", choices=("hybrid", "keyword", "semantic")),
    SettingSpec(
        "analytics_enabled", bool, True, "Keep a local history of searches, views and feedback (never sent anywhere)"
    ),
    SettingSpec("theme", str, "system", "Colour theme", choices=("system", "light", "dark")),
    SettingSpec("show_all_platforms", bool, False, "Show articles written for other operating systems"),
    SettingSpec("redact_terms", list, [], "Extra words to redact from escalation bundles (names, project codes)"),
    SettingSpec(
        "diagnostic_hosts", list, [], "Hosts whose DNS and TCP reachability diagnostics check (host or host:port)"
    ),
    SettingSpec("support_email", str, "", "Service desk e-mail address for the escalation e-mail draft"),
    SettingSpec(
        "desks",
        dict,
        {},
        "Service desks that escalations are sent to, by name (kbdesk desk add); never holds a password or token",
        validate=_desk_tables,
    ),
    SettingSpec("default_desk", str, "", "The desk escalations go to when none is named (the first one added)"),
)
_BY_NAME = {s.name: s for s in SETTINGS}


@dataclass(frozen=True)
class Settings:
    values: dict[str, Any] = field(default_factory=lambda: {s.name: s.default for s in SETTINGS})
    #: problems found while loading, for the GUI to show once
    problems: tuple[str, ...] = ()

    def __getattr__(self, name: str) -> Any:
        values = object.__getattribute__(self, "values")
        if name in values:
            return values[name]
        raise AttributeError(name)

    def with_value(self, name: str, value: Any) -> Settings:
        spec = _BY_NAME.get(name)
        if spec is None:
            raise SettingsError(f"unknown setting '{name}'")
        error = check_value(spec, value)
        if error:
            raise SettingsError(f"{name}: {error}")
        return replace(self, values={**self.values, name: value})


def check_value(spec: SettingSpec, value: Any) -> str | None:
    if spec.kind is bool and not isinstance(value, bool):
        return "must be true or false"
    if spec.kind is str and not isinstance(value, str):
        return "must be text"
    if spec.kind is list and not (isinstance(value, list) and all(isinstance(v, str) for v in value)):
        return "must be a list of text items"
    if spec.kind is dict and not isinstance(value, dict):
        return "must be a table"
    if spec.choices and value not in spec.choices:
        return f"must be one of {', '.join(spec.choices)}"
    if spec.validate:
        return spec.validate(value)
    return None


def _migrate(data: dict) -> dict:
    version = data.get("version", 1)
    if version < 2:
        # version 1 called the search mode "default_mode" and kept it at the top level
        if "default_mode" in data:
            data.setdefault("search_mode", data.pop("default_mode"))
        version = 2
    if version < 3:
        # version 3 added the desks and default_desk settings; nothing to convert
        version = 3
    data["version"] = version
    return data


def load_settings(path: Path | None = None) -> Settings:
    path = path or state_paths().settings_file
    try:
        raw = path.read_text("utf-8")
    except FileNotFoundError:
        return Settings()
    except OSError as exc:
        return Settings(problems=(f"cannot read settings file {path}: {exc.strerror}; using defaults",))
    try:
        data = tomllib.loads(raw)
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        return Settings(problems=(f"settings file {path} is not valid TOML ({exc}); using defaults",))
    if data.get("version", 1) > SETTINGS_VERSION:
        log.warning("settings file %s is from a newer kbdesk (version %s)", path, data.get("version"))
    data = _migrate(dict(data))
    values = {s.name: s.default for s in SETTINGS}
    problems = []
    for key, value in data.items():
        if key == "version":
            continue
        spec = _BY_NAME.get(key)
        if spec is None:
            log.info("ignoring unknown setting %r in %s", key, path)
            continue
        error = check_value(spec, value)
        if error:
            problems.append(f"{path}: setting '{key}' {error}; using the default")
            continue
        values[key] = value
    return Settings(values=values, problems=tuple(problems))


def save_settings(settings: Settings, path: Path | None = None) -> None:
    path = path or state_paths().settings_file
    data = {"version": SETTINGS_VERSION, **settings.values}
    atomic_write_text(path, tomli_w.dumps(data))
