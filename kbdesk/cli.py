"""The command-line interface: the entry point, the parser, and the one place errors become messages.

Every subcommand lives in :mod:`kbdesk.commands` (one module per command or
group, registered in the order ``kbdesk --help`` lists them). Never imports Qt.

Errors the core raises on purpose (:class:`KbdeskError`) become one line on
stderr and exit status 1 (2 for usage errors); no traceback.
"""

from __future__ import annotations

import argparse
import logging
import os
import sys
from collections.abc import Sequence

from . import __version__
from .commands import register_all
from .core.errors import KbdeskError


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="kbdesk", description="Offline knowledge base and self-service support desk.")
    parser.add_argument("--version", action="version", version=f"kbdesk {__version__}")
    parser.add_argument("-v", "--verbose", action="store_true", help="log progress details to stderr")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    register_all(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO if args.verbose else logging.WARNING, format="%(levelname)s: %(message)s")
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    if args.command is None:
        parser.print_help()
        return 0
    try:
        return int(args.func(args) or 0)
    except KbdeskError as exc:
        message = str(exc)
        if exc.hint:
            message += f" ({exc.hint})"
        print(f"kbdesk: error: {message}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("kbdesk: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0
