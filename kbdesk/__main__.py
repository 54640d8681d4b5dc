"""``kbdesk`` and ``python -m kbdesk``: a subcommand runs the CLI; none opens the desktop app."""

from __future__ import annotations

import sys
from typing import Sequence

#: arguments that mean "open the app" rather than a CLI subcommand
_GUI_FLAGS = {"--gui"}


def main(argv: Sequence[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    if not args or args[0] in _GUI_FLAGS or args[0].endswith(".kbbundle"):
        try:
            from .gui.app import run_gui
        except ImportError as exc:
            print(f"kbdesk: the desktop app is not available ({exc}); try 'kbdesk --help'", file=sys.stderr)
            return 1
        return run_gui([a for a in args if a not in _GUI_FLAGS])
    from .cli import main as cli_main

    return cli_main(args)


if __name__ == "__main__":
    sys.exit(main())
