"""Every CLI subcommand, one module per command or command group, registered explicitly.

Each module defines ``register(subparsers)``: it adds its parser(s) and sets
``func`` to a handler taking the parsed arguments and returning an exit code.
Handlers raise :class:`kbdesk.core.errors.KbdeskError` for problems a person can
fix; :func:`kbdesk.cli.main` turns those into one line on stderr.

A new command: a module here with ``register``, and one entry in ``COMMAND_MODULES``
(the order is the order of ``kbdesk --help``). Presentation (text and JSON for a
terminal) lives in these modules, never in ``kbdesk.core``.
"""

from __future__ import annotations

import argparse
from types import ModuleType

from kbdesk.commands import bundle, desk, diagnostics, feedback, lint, outbox, redact, search, sources, suggest, ticket

COMMAND_MODULES: tuple[ModuleType, ...] = (
    search,
    feedback,
    lint,
    redact,
    diagnostics,
    suggest,
    bundle,
    desk,
    outbox,
    ticket,
    sources,
)


def register_all(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    for module in COMMAND_MODULES:
        module.register(sub)
