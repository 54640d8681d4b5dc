"""``kbdesk lint [DIR]``: check an articles folder, for writers and docs CI.

Output: one line per finding on stdout, ``path:line: severity code message``
(path relative to DIR, line 0 when the finding is about the whole file),
sorted by path then line; ``--json`` prints a list of
``{path, line, severity, code, message}`` instead. A summary and any notes
(such as a skipped near-duplicate check) go to stderr, so stdout stays
machine-readable.

Exit status: 0 no errors (warnings allowed), 1 at least one error, 2 lint
could not run (folder missing, unknown code in --select/--ignore, bad
arguments). Lint owns that 2: the usual CLI rule "a KbdeskError exits 1"
would make "could not run" look like "found errors".
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys

from ..core.errors import KbdeskError
from .common import articles_folder


def _iso_date(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date like 2027-01-31: {value!r}") from None


def _rules_epilog() -> str:
    from ..core.lint import MIN_BODY_WORDS, NEAR_DUPLICATE_THRESHOLD, RULES

    rows = "\n".join(f"  {r.code:18} {r.severity:8} {r.description}" for r in RULES)
    return (
        f"codes:\n{rows}\n\nshort-body: fewer than {MIN_BODY_WORDS} words; near-duplicate: head-text "
        f"similarity >= {NEAR_DUPLICATE_THRESHOLD}.\n"
        "exit status: 0 no errors, 1 errors found, 2 lint could not run."
    )


#: stands for the table of codes in the parser; :class:`_RulesHelpFormatter` writes the table
RULES_EPILOG = "(the table of codes)"


class _RulesHelpFormatter(argparse.RawDescriptionHelpFormatter):
    """Writes the table of codes in place of :data:`RULES_EPILOG`: only when help is shown, since it
    imports kbdesk.core.lint (see lazy.py)."""

    def add_text(self, text: str | None) -> None:
        super().add_text(_rules_epilog() if text == RULES_EPILOG else text)


def register(sub) -> None:
    p = sub.add_parser(
        "lint",
        help="check an articles folder (front matter, links, duplicates, stale reviews)",
        description="Check every article in DIR and print one line per problem.",
        epilog=RULES_EPILOG,
        formatter_class=_RulesHelpFormatter,
    )
    p.add_argument(
        "dir",
        nargs="?",
        metavar="DIR",
        help="articles folder (default: the configured folder, else the starter articles)",
    )
    p.add_argument("--json", action="store_true", help="print a JSON list of findings")
    p.add_argument(
        "--no-semantic", action="store_true", help="skip the near-duplicate check (it loads the embedding model)"
    )
    p.add_argument(
        "--today",
        type=_iso_date,
        metavar="YYYY-MM-DD",
        help="date to check review_by against (default: today), for reproducible CI",
    )
    p.add_argument("--select", action="append", metavar="CODES", help="only these codes (comma-separated, repeatable)")
    p.add_argument(
        "--ignore", action="append", metavar="CODES", help="leave out these codes (comma-separated, repeatable)"
    )
    p.set_defaults(func=cmd_lint)


def cmd_lint(args: argparse.Namespace) -> int:
    from ..core.lint import lint_folder, parse_codes

    try:
        select = parse_codes(args.select)
        ignore = parse_codes(args.ignore)
        report = lint_folder(
            articles_folder(args.dir), today=args.today, semantic=not args.no_semantic, select=select, ignore=ignore
        )
    except KbdeskError as exc:
        message = str(exc) + (f" ({exc.hint})" if exc.hint else "")
        print(f"kbdesk lint: error: {message}", file=sys.stderr)
        return 2

    if args.json:
        print(json.dumps([f.to_dict() for f in report.findings], indent=2, ensure_ascii=False))
    else:
        for finding in report.findings:
            print(finding)
    for note in report.notes:
        print(f"kbdesk lint: note: {note}", file=sys.stderr)
    print(
        f"kbdesk lint: {report.files_checked} file(s), {report.errors} error(s), {report.warnings} warning(s)",
        file=sys.stderr,
    )
    return 1 if report.errors else 0
