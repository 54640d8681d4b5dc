"""``kbdesk diagnostics [--json]``: describe this machine and kbdesk, as text or JSON.

The output is raw (addresses, host names, paths): it is for the person at this
machine. Escalation bundles redact it before anything is saved.
"""

from __future__ import annotations

import argparse
import json
import sys


def register(sub) -> None:
    p = sub.add_parser(
        "diagnostics",
        help="show the state of this machine and of kbdesk",
        description="Collect diagnostics (system, disks, network, kbdesk) and print them. "
        "Hosts to check are taken from the diagnostic_hosts setting. "
        "The output is NOT redacted.",
    )
    p.add_argument("--json", action="store_true", help="print JSON instead of text")
    p.add_argument("--only", action="append", default=[], metavar="CHECK", help="run only this check (repeatable)")
    p.add_argument("--skip", action="append", default=[], metavar="CHECK", help="leave out this check (repeatable)")
    p.set_defaults(func=cmd_diagnostics)


def cmd_diagnostics(args: argparse.Namespace) -> int:
    import dataclasses

    from ..core.diagnostics import collect_all
    from ..core.escalation import diagnostics_options
    from ..core.settings import load_settings

    options = dataclasses.replace(diagnostics_options(load_settings()), only=tuple(args.only), skip=tuple(args.skip))
    report = collect_all(options)
    if args.json:
        json.dump(report.to_dict(), sys.stdout, indent=2, ensure_ascii=False)
        sys.stdout.write("\n")
    else:
        sys.stdout.write(report.to_text())
    return 0
