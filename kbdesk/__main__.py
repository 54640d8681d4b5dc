"""``kbdesk`` and ``python -m kbdesk``: a subcommand runs the CLI; none opens the desktop app.

    kbdesk                      the desktop app (hands over to a running one, if any)
    kbdesk PATH.kbbundle        the desktop app, opening that escalation bundle in the agent view
    kbdesk --version            the version, without starting Qt
    kbdesk SUBCOMMAND ...       the command-line interface (see ``kbdesk --help``)

Everything that is not "open the app" goes to the CLI's argparse parser, so an
unknown option or a misspelt subcommand gets argparse's usage error (exit 2).
"""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence
from pathlib import Path

#: arguments that mean "open the app" rather than a CLI subcommand
_GUI_FLAGS = {"--gui"}
BUNDLE_SUFFIX = ".kbbundle"


def _is_bundle_arg(arg: str) -> bool:
    return not arg.startswith("-") and arg.lower().endswith(BUNDLE_SUFFIX)


def _wants_gui(args: list[str]) -> bool:
    if not args:
        return True
    return args[0] in _GUI_FLAGS or _is_bundle_arg(args[0])


def _no_display() -> str | None:
    """Why the desktop app cannot open here, or None. Qt itself would abort the process."""
    if not sys.platform.startswith("linux") or os.environ.get("QT_QPA_PLATFORM"):
        return None
    if os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"):
        return None
    return (
        "no graphical display (neither DISPLAY nor WAYLAND_DISPLAY is set); "
        "the command line works without one: try 'kbdesk search \"printer offline\"' or 'kbdesk --help'"
    )


def main(argv: Sequence[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    if not _wants_gui(args):
        from .cli import main as cli_main

        return cli_main(args)
    gui_args = []
    for arg in args:
        if arg in _GUI_FLAGS:
            continue
        if _is_bundle_arg(arg):
            bundle = Path(arg).expanduser()
            if not bundle.exists():
                print(f"kbdesk: error: no such escalation bundle: {arg}", file=sys.stderr)
                return 2
            # absolute, because a running instance (another working directory) may be the one to open it
            arg = str(bundle.resolve())
        gui_args.append(arg)
    problem = _no_display()
    if problem:
        print(f"kbdesk: error: {problem}", file=sys.stderr)
        return 2
    try:
        from .gui.app import run_gui
    except ImportError as exc:
        print(f"kbdesk: the desktop app is not available ({exc}); try 'kbdesk --help'", file=sys.stderr)
        return 1
    return run_gui(gui_args)


if __name__ == "__main__":
    sys.exit(main())
