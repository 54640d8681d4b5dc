"""CLI subcommands that live in their own modules (one module per command group).

Each module defines ``register(subparsers)``; it adds its parser(s) and sets
``func`` to a handler taking the parsed arguments and returning an exit code.
Handlers raise :class:`kbdesk.core.errors.KbdeskError` for problems a person can fix.
"""

from __future__ import annotations

import importlib
import importlib.util

COMMAND_MODULES = ("lint", "redact", "diagnostics", "bundle", "desk", "outbox", "ticket")


def register(sub) -> None:
    for name in COMMAND_MODULES:
        spec = importlib.util.find_spec(f"{__name__}.{name}")
        if spec is None:  # not written yet
            continue
        importlib.import_module(f"{__name__}.{name}").register(sub)
