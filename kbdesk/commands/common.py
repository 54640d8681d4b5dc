"""What several commands share (not a command itself, so not in COMMAND_MODULES)."""

from __future__ import annotations

from pathlib import Path

from kbdesk.core.errors import ArticlesFolderError


def articles_folder(arg: str | None) -> Path:
    """The folder ``--articles``/``DIR`` names, else the one in the settings (the starter articles
    when none is set), as the app would open it; ArticlesFolderError when it is not a folder."""
    if arg:
        folder = Path(arg).expanduser()
    else:
        from kbdesk.core.settings import load_settings

        folder = load_settings().articles_folder()
    if not folder.is_dir():
        raise ArticlesFolderError(f"articles folder not found: {folder}", hint="check the path")
    return folder
