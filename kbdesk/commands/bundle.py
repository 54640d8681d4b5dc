"""``kbdesk bundle create|verify|inspect|send``: escalation bundles from the command line.

``create`` collects diagnostics, the kbdesk log, the self-service trail of the
last 24 hours and the files given with ``--attach``; redacts all of it and the
ticket text; shows what will be saved (every item with its redaction counts)
and asks before writing.

Consent (privacy by default): on a terminal, ``create`` shows the list and
asks "Save this bundle?"; only "y"/"yes" writes. When standard input is not a
terminal (a script, a pipe) nothing can be asked, so ``create`` refuses unless
``--yes`` says the caller has reviewed what goes in (``--dry-run`` prints the
same list without writing, for that review). Exit status: 0 written,
1 refused or failed.

``verify`` exits 0 when every file matches the manifest, 1 when the bundle was
changed (each changed, missing or extra file is named on stdout), 2 when the
file cannot be checked at all (not a bundle, or refused as unsafe).

``send`` sends a bundle to the configured service desk through the outbox
(kbdesk.core.desks): exit 0 when the desk made the ticket or the bundle is queued
because the desk cannot be reached (it is retried), 1 when the desk refused it
for a reason to fix first (the bundle stays in the outbox).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from ..core.errors import BundleError, KbdeskError


class ConsentRequiredError(KbdeskError):
    """A bundle would be written without the person having agreed."""


def register(sub) -> None:
    from ..core.bundle import LEVELS
    from ..core.escalation import OPTIONAL_CATEGORIES

    p = sub.add_parser(
        "bundle",
        help="create, verify or inspect escalation bundles (.kbbundle)",
        description=__doc__.split("\n\n", 1)[0].split(": ", 1)[-1],
    )
    bsub = p.add_subparsers(dest="bundle_command", metavar="ACTION", required=True)

    c = bsub.add_parser(
        "create",
        help="collect, redact and save a bundle for the service desk",
        description="Collect diagnostics, the log and the recent self-service trail, redact them, "
        "show what will be saved and save it after confirmation. "
        "Without a terminal, --yes is required (privacy by default).",
    )
    c.add_argument("--summary", required=True, metavar="TEXT", help="one line: what went wrong")
    c.add_argument("--description", default="", metavar="TEXT", help="details, steps, error messages")
    c.add_argument(
        "--impact",
        default="medium",
        choices=LEVELS,
        metavar="LEVEL",
        help="how many are affected: high, medium (default) or low",
    )
    c.add_argument(
        "--urgency",
        default="medium",
        choices=LEVELS,
        metavar="LEVEL",
        help="how soon it must be fixed: high, medium (default) or low",
    )
    c.add_argument("--contact", default="", metavar="TEXT", help="how the service desk reaches you (not redacted)")
    c.add_argument("--category", default="", metavar="TEXT")
    c.add_argument("--attach", action="append", default=[], metavar="FILE", help="attach a file (repeatable)")
    c.add_argument(
        "-o",
        "--output",
        metavar="PATH",
        help="where to save the bundle (a file, or a folder; default: ~/Documents or the data folder)",
    )
    c.add_argument(
        "--keep",
        action="append",
        default=[],
        choices=OPTIONAL_CATEGORIES,
        metavar="CATEGORY",
        help="keep this personal-data category (repeatable): " + ", ".join(OPTIONAL_CATEGORIES),
    )
    c.add_argument(
        "--exclude",
        action="append",
        default=[],
        metavar="NAME",
        help="leave this item out, e.g. trail.json or diagnostics/interfaces.json (repeatable)",
    )
    c.add_argument("--no-trail", action="store_true", help="leave out the self-service trail")
    c.add_argument("--yes", action="store_true", help="do not ask; I have reviewed what will be saved")
    c.add_argument("--dry-run", action="store_true", help="show what would be saved and stop")
    c.set_defaults(func=cmd_create)

    v = bsub.add_parser(
        "verify",
        help="check that every file in a bundle matches its manifest",
        description="Exit 0 when intact, 1 when files were changed, removed or added "
        "(each is named), 2 when the file cannot be checked.",
    )
    v.add_argument("path", metavar="PATH")
    v.set_defaults(func=cmd_verify)

    i = bsub.add_parser("inspect", help="show a bundle's ticket, files, redaction summary and integrity")
    i.add_argument("path", metavar="PATH")
    i.add_argument("--json", action="store_true", help="print JSON")
    i.set_defaults(func=cmd_inspect)

    s = bsub.add_parser(
        "send",
        help="send a bundle to the service desk (queued when the desk cannot be reached)",
        description="Send a verified bundle to a desk (kbdesk desk add). Prints the ticket and its link; "
        'with --json: {"status": "sent", "ticket": "42", "url": "..."} or {"status": "queued", ...}.',
    )
    s.add_argument("path", metavar="PATH")
    s.add_argument("--desk", metavar="NAME", help="the desk (default: the default desk)")
    s.add_argument("--json", action="store_true", help="print JSON")
    s.set_defaults(func=cmd_send)


def _platform() -> str:
    name = sys.platform
    if name.startswith(("win", "cygwin", "msys")):
        return "windows"
    return "macos" if name == "darwin" else "linux"


def _output_path(arg: str | None) -> Path:
    from ..core.bundle import BUNDLE_SUFFIX
    from ..core.escalation import default_bundle_dir, default_bundle_name

    if not arg:
        return default_bundle_dir() / default_bundle_name()
    path = Path(arg).expanduser()
    if path.is_dir():
        return path / default_bundle_name()
    return path if path.suffix == BUNDLE_SUFFIX else path.with_name(path.name + BUNDLE_SUFFIX)


def cmd_create(args: argparse.Namespace) -> int:
    from ..core import escalation
    from ..core.paths import state_paths
    from ..core.settings import load_settings

    settings = load_settings()
    ticket = escalation.build_ticket(
        args.summary,
        args.description,
        impact=args.impact,
        urgency=args.urgency,
        contact=args.contact,
        category=args.category,
        platform=_platform(),
    )
    attachments = [escalation.read_attachment(a) for a in args.attach]
    report = escalation.collect_diagnostics(settings)
    trail = {} if args.no_trail else escalation.load_trail(enabled=bool(settings.analytics_enabled))
    excluded = set(args.exclude) | ({"trail.json"} if args.no_trail else set())
    preview = escalation.build_preview(
        ticket,
        [*escalation.diagnostics_sources(report), *attachments],
        trail=trail,
        custom_terms=settings.redact_terms,
        disabled_categories=args.keep,
        excluded=excluded,
    )
    known = {i.name for i in preview.items} | {i.key for i in preview.items}
    unknown = sorted(set(args.exclude) - known)
    if unknown:
        raise BundleError(
            f"--exclude: no item called {', '.join(unknown)}", hint="Run with --dry-run to see the item names."
        )
    path = _output_path(args.output)
    print(escalation.format_preview(preview), file=sys.stderr)
    print(f"\nBundle file: {path}", file=sys.stderr)
    if args.dry_run:
        print("Dry run: nothing was saved.", file=sys.stderr)
        return 0
    if not args.yes:
        if not sys.stdin.isatty():
            raise ConsentRequiredError(
                "not saving the bundle: nobody confirmed what goes into it (standard input is not a terminal)",
                hint="Review the list with --dry-run, then run again with --yes.",
            )
        sys.stderr.write("\nSave this bundle? Only the items marked [x] are saved, as shown. [y/N] ")
        sys.stderr.flush()
        answer = sys.stdin.readline().strip().lower()
        if answer not in ("y", "yes"):
            print("Nothing was saved.", file=sys.stderr)
            return 1
    info = escalation.write_escalation(path, preview)
    escalation.record_escalation_now(
        info,
        preview.ticket.summary,
        db_path=state_paths().analytics_db,
        enabled=bool(settings.analytics_enabled),
        platform=_platform(),
    )
    print(f"Saved {info.path}")
    print(f"SHA-256 {info.sha256}")
    print(
        f"{len(info.members)} files, {info.size:,} bytes. Send this file to the service desk"
        + (f" ({settings.support_email})." if settings.support_email else ".")
    )
    return 0


def cmd_verify(args: argparse.Namespace) -> int:
    from ..core.bundle import verify_bundle

    try:
        result = verify_bundle(Path(args.path).expanduser())
    except BundleError as exc:
        message = str(exc) + (f" ({exc.hint})" if exc.hint else "")
        print(f"kbdesk: cannot verify {args.path}: {message}", file=sys.stderr)
        return 2
    if result.ok:
        print(f"OK: intact, all {result.checked} files match the manifest")
        return 0
    print(f"NOT OK: {args.path} does not match its manifest")
    for label, names in (("changed", result.changed), ("missing", result.missing), ("extra", result.extra)):
        for name in names:
            print(f"  {label}: {name}")
    for error in result.errors:
        print(f"  error: {error}")
    return 1


def cmd_inspect(args: argparse.Namespace) -> int:
    from ..core.bundle import format_inspect_text, inspect_bundle

    info = inspect_bundle(Path(args.path).expanduser())
    if args.json:
        json.dump(info, sys.stdout, indent=2, ensure_ascii=False, default=str)
        sys.stdout.write("\n")
    else:
        sys.stdout.write(format_inspect_text(info))
    return 0 if info.get("verify", {}).get("ok") else 1


def cmd_send(args: argparse.Namespace) -> int:
    from ..core.desks import send_bundle
    from .outbox import print_result

    result = send_bundle(Path(args.path).expanduser(), args.desk)
    if args.json:
        json.dump(result.to_json(), sys.stdout, indent=2, ensure_ascii=False)
        sys.stdout.write("\n")
    elif result.status != "held":
        print_result(result)
    if result.status == "held":
        print(
            f"kbdesk: error: {result.error} (the bundle is kept in the outbox; fix this, then run kbdesk outbox flush)",
            file=sys.stderr,
        )
        return 1
    return 0
