"""Where kbdesk keeps its state.

Everything kbdesk writes lives under one of four folders: config, data, cache
and logs. By default they are the platformdirs locations for this user; when
the environment variable ``KBDESK_HOME`` is set, all four live under it, so a
test, a benchmark or a portable install never touches a real user's files.
"""

from __future__ import annotations

import hashlib
import os
import sys
from dataclasses import dataclass
from pathlib import Path

import platformdirs

APP_NAME = "kbdesk"
HOME_ENV = "KBDESK_HOME"

#: the starter knowledge base shipped beside the package (source tree) or inside it (frozen app)
_PACKAGE_DIR = Path(__file__).resolve().parent.parent


def frozen_bundle_dir() -> Path | None:
    """The folder a PyInstaller build unpacked its data into (``_internal``), or None when not frozen."""
    if getattr(sys, "frozen", False) and hasattr(sys, "_MEIPASS"):
        return Path(sys._MEIPASS)
    return None


@dataclass(frozen=True)
class StatePaths:
    config: Path
    data: Path
    cache: Path
    logs: Path

    @property
    def settings_file(self) -> Path:
        return self.config / "settings.toml"

    @property
    def analytics_db(self) -> Path:
        return self.data / "analytics.sqlite3"

    @property
    def log_file(self) -> Path:
        return self.logs / "kbdesk.log"

    def index_root(self, articles_dir: Path) -> Path:
        """The index folder of one articles folder.

        Each folder gets its own index, keyed by its resolved path, so switching
        folders in the settings never mixes two knowledge bases.
        """
        resolved = str(Path(articles_dir).expanduser().resolve())
        key = hashlib.sha256(resolved.encode("utf-8")).hexdigest()[:16]
        name = Path(resolved).name or "root"
        safe = "".join(c if c.isalnum() or c in "-_" else "_" for c in name)[:40]
        return self.cache / "indexes" / f"{safe}-{key}"


def state_paths() -> StatePaths:
    """The current locations; reads ``KBDESK_HOME`` on every call."""
    home = os.environ.get(HOME_ENV, "").strip()
    if home:
        root = Path(home).expanduser().resolve()
        return StatePaths(config=root / "config", data=root / "data", cache=root / "cache", logs=root / "logs")
    return StatePaths(
        config=Path(platformdirs.user_config_dir(APP_NAME, appauthor=False)),
        data=Path(platformdirs.user_data_dir(APP_NAME, appauthor=False)),
        cache=Path(platformdirs.user_cache_dir(APP_NAME, appauthor=False)),
        logs=Path(platformdirs.user_log_dir(APP_NAME, appauthor=False)),
    )


def bundled_articles_dir() -> Path:
    """The starter articles: ``articles/`` beside the package (or inside a frozen app)."""
    bundle = frozen_bundle_dir()
    if bundle is not None:
        return bundle / "articles"
    for candidate in (_PACKAGE_DIR.parent / "articles", _PACKAGE_DIR / "articles"):
        if candidate.is_dir():
            return candidate
    return _PACKAGE_DIR.parent / "articles"


def resources_dir() -> Path:
    bundle = frozen_bundle_dir()
    if bundle is not None:
        return bundle / "resources"
    for candidate in (_PACKAGE_DIR.parent / "resources", _PACKAGE_DIR / "resources"):
        if candidate.is_dir():
            return candidate
    return _PACKAGE_DIR.parent / "resources"
