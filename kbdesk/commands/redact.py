"""``kbdesk redact [FILE|-]``: redacted text on stdout, the redaction report on stderr.

Uses the same redactor as escalation bundles, with the organisation's terms
from the ``redact_terms`` setting. ``--keep CATEGORY`` keeps a personal-data
category (secrets and card numbers are always removed). A secret that would
survive is an error (exit 1) and nothing is printed on stdout.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from ..core.errors import KbdeskError

if TYPE_CHECKING:  # the redactor compiles its patterns on import: only when a command needs it
    from ..core.redaction import RedactionReport


class RedactInputError(KbdeskError):
    """The file to redact cannot be read."""


def register(sub) -> None:
    from .bundle import add_keep_arguments

    p = sub.add_parser(
        "redact",
        help="remove secrets and personal data from a text (stdout), report on stderr",
        description="Print FILE (or standard input) with secrets and personal data replaced by "
        "placeholders such as <EMAIL-1>; the report of what was replaced goes to stderr.",
    )
    p.add_argument("file", nargs="?", default="-", metavar="FILE", help="file to redact, or - for standard input")
    add_keep_arguments(p)
    p.add_argument(
        "--term",
        action="append",
        default=[],
        metavar="TEXT",
        help="also redact this term (repeatable; added to the redact_terms setting)",
    )
    p.set_defaults(func=cmd_redact)


def read_input(arg: str) -> tuple[str, str]:
    if arg == "-":
        data = sys.stdin.buffer.read()
        source = "stdin"
    else:
        path = Path(arg).expanduser()
        try:
            data = path.read_bytes()
        except OSError as exc:
            raise RedactInputError(f"cannot read {arg}: {exc.strerror or exc}") from None
        source = path.name
    return data.decode("utf-8", errors="replace"), source


def cmd_redact(args: argparse.Namespace) -> int:
    from ..core.redaction import Redactor, redact_stream_text
    from ..core.settings import load_settings

    text, source = read_input(args.file)
    terms = [*load_settings().redact_terms, *args.term]
    from .bundle import kept_categories

    redactor = Redactor(custom_terms=terms, disabled_categories=kept_categories(args.keep, args.redact))
    redacted, report = redact_stream_text(text, redactor, source)
    sys.stdout.write(redacted)
    sys.stdout.flush()
    print(format_report(report), file=sys.stderr)
    return 0


def format_report(report: RedactionReport) -> str:
    """A short human-readable summary of what was redacted, for stderr."""
    lines = [f"redacted {report.total} value(s)"]
    for name, n in report.totals:
        lines.append(f"  {name}: {n}")
    if report.disabled_categories:
        lines.append("kept (turned off): " + ", ".join(report.disabled_categories))
    for src in report.per_source:
        detail = ", ".join(f"{k}={v}" for k, v in src.counts) or "nothing"
        lines.append(f"  {src.source}: {detail}")
    return "\n".join(lines)
