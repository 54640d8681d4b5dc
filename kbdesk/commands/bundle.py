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
import io
import json
import logging
import sys
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..core.errors import BundleError, KbdeskError
from .lazy import LazyChoices

if TYPE_CHECKING:  # escalation pulls in the redactor and the bundle writer: imported when a command runs
    from ..core.escalation import EscalationPreview


class ConsentRequiredError(KbdeskError):
    """A bundle would be written without the person having agreed."""


log = logging.getLogger(__name__)


def _levels() -> tuple[str, ...]:
    from ..core.bundle import LEVELS

    return LEVELS


def _optional_categories() -> tuple[str, ...]:
    from ..core.escalation import OPTIONAL_CATEGORIES

    return OPTIONAL_CATEGORIES


def _kept_by_default() -> list[str]:
    from ..core.redaction import DEFAULT_KEPT

    return sorted(DEFAULT_KEPT)


def register(sub) -> None:
    levels = LazyChoices(_levels)
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
        choices=levels,
        metavar="LEVEL",
        help="how many are affected: high, medium (default) or low",
    )
    c.add_argument(
        "--urgency",
        default="medium",
        choices=levels,
        metavar="LEVEL",
        help="how soon it must be fixed: high, medium (default) or low",
    )
    c.add_argument("--contact", default="", metavar="TEXT", help="how the service desk reaches you (not redacted)")
    c.add_argument(
        "--category", default="", metavar="TEXT", help="the ticket's category for the service desk (e.g. Printing)"
    )
    c.add_argument("--attach", action="append", default=[], metavar="FILE", help="attach a file (repeatable)")
    c.add_argument(
        "-o",
        "--output",
        metavar="PATH",
        help="where to save the bundle (a file, or a folder; default: ~/Documents or the data folder)",
    )
    add_keep_arguments(c)
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
    v.add_argument("path", metavar="PATH", help="the .kbbundle file to check")
    v.set_defaults(func=cmd_verify)

    i = bsub.add_parser("inspect", help="show a bundle's ticket, files, redaction summary and integrity")
    i.add_argument("path", metavar="PATH", help="the .kbbundle file to show")
    i.add_argument("--json", action="store_true", help="print JSON")
    i.set_defaults(func=cmd_inspect)

    s = bsub.add_parser(
        "send",
        help="send a bundle to the service desk (queued when the desk cannot be reached)",
        description="Send a verified bundle to a desk (kbdesk desk add). Prints the ticket and its link; "
        'with --json: {"status": "sent", "ticket": "42", "url": "..."} or {"status": "queued", ...}.',
    )
    s.add_argument("path", metavar="PATH", help="the .kbbundle file to send")
    s.add_argument("--desk", metavar="NAME", help="the desk (default: the default desk)")
    s.add_argument("--json", action="store_true", help="print JSON")
    s.set_defaults(func=cmd_send)


def add_keep_arguments(parser: argparse.ArgumentParser) -> None:
    """``--keep`` a personal-data category, ``--redact`` one kept by default (bundle create, redact)."""
    parser.add_argument(
        "--keep",
        action="append",
        default=[],
        choices=LazyChoices(_optional_categories),
        metavar="CATEGORY",
        help="keep this personal-data category as it is (repeatable): %(choices)s",
    )
    parser.add_argument(
        "--redact",
        action="append",
        default=[],
        choices=LazyChoices(_kept_by_default),
        metavar="CATEGORY",
        help="redact a category that is kept by default (repeatable): %(choices)s",
    )


def kept_categories(keep: list[str], redact: list[str]) -> list[str]:
    """What a command keeps: the defaults (UUIDs), plus ``--keep``, minus ``--redact``."""
    from ..core.redaction import DEFAULT_KEPT

    return sorted((set(DEFAULT_KEPT) | set(keep)) - set(redact))


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
    from ..core.sources.service import SourceSet

    # the user's settings overlaid by the organisation's policy (what may be kept, whether diagnostics may go)
    sources = SourceSet.from_config()
    settings = sources.effective.settings()
    policy = escalation.EscalationPolicy.from_effective(sources.effective)
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
    diagnostics = []
    if policy.diagnostics_allowed:
        report = escalation.collect_diagnostics(settings)
        findings = escalation.check_findings(report, _article_checks())
        for hit in findings.evaluation.hits:
            print(
                f"Before you send, kbdesk found: {hit.sentence} "
                f"The article “{hit.article_title}” [{hit.article_id}] fixes that.",
                file=sys.stderr,
            )
        diagnostics = escalation.diagnostics_sources(report, findings.source())
    trail = None if args.no_trail else escalation.load_trail(enabled=bool(settings.analytics_enabled))
    excluded = set(args.exclude) | ({"trail.json"} if args.no_trail else set())
    preview = escalation.build_preview(
        ticket,
        [*diagnostics, *attachments],
        trail=trail,
        custom_terms=settings.redact_terms,
        disabled_categories=kept_categories(args.keep, args.redact),
        excluded=excluded,
        knowledge_base=escalation.source_revisions(sources.revisions()),
        policy=policy,
    )
    known = {i.name for i in preview.items} | {i.key for i in preview.items}
    unknown = sorted(set(args.exclude) - known)
    if unknown:
        raise BundleError(
            f"--exclude: no item called {', '.join(unknown)}", hint="Run with --dry-run to see the item names."
        )
    path = _output_path(args.output)
    print(format_preview(preview), file=sys.stderr)
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


def _article_checks():  # -> CheckSet | None
    """The checks of the configured articles (None, logged, when the index cannot be opened: the bundle
    still carries the facts)."""
    from ..core.errors import KbdeskError
    from .search import _open_engine

    try:
        engine = _open_engine(None, need_model=False)
    except KbdeskError as exc:
        log.warning("the articles' checks are left out of the bundle: %s", exc)
        return None
    try:
        return engine.checks()
    finally:
        engine.close()


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


def inspect_bundle(path: Path | str) -> dict[str, Any]:
    """A JSON-ready summary of a bundle: what ``kbdesk bundle inspect --json`` prints."""
    from ..core.bundle import file_sha256, open_bundle

    path = Path(path)
    with open_bundle(path) as opened:
        manifest = opened.manifest
        result = opened.verify
        ticket = opened.ticket
        return {
            "path": str(path),
            "bundle_sha256": file_sha256(path),
            "size": path.stat().st_size,
            "format": manifest.get("format"),
            "format_version": manifest.get("format_version"),
            "bundle_id": manifest.get("bundle_id"),
            "created_at": manifest.get("created_at"),
            "kbdesk_version": manifest.get("kbdesk_version"),
            "ticket": ticket.to_dict() if ticket else None,
            "files": [{"name": f.name, "size": f.size, "sha256": f.sha256} for f in opened.files],
            "diagnostics": sorted(opened.diagnostics),
            "attachments": sorted(opened.attachments),
            "checks_fired": _fired(opened.checks),
            "trail": {str(k): (len(v) if isinstance(v, (list, dict)) else v) for k, v in opened.trail.items()},
            "redaction": manifest.get("redaction", {}),
            "consent": manifest.get("consent", {}),
            "knowledge_base": [revision.to_dict() for revision in opened.knowledge_base],
            "verify": {
                "ok": result.ok,
                "changed": list(result.changed),
                "missing": list(result.missing),
                "extra": list(result.extra),
                "errors": list(result.errors),
            },
            "problems": list(opened.problems),
        }


def _fired(checks: Mapping[str, Any] | None) -> list[dict[str, Any]]:
    """The checks that fired, from a bundle's (schema-checked) checks.json."""
    fired = checks.get("fired") if checks is not None else None
    keys = ("article_id", "article_title", "check_id", "found")
    return [{k: hit.get(k) for k in keys} for hit in fired if isinstance(hit, dict)] if isinstance(fired, list) else []


def format_inspect_text(info: Mapping[str, Any]) -> str:
    """Plain text for a terminal from :func:`inspect_bundle`'s summary."""
    out = io.StringIO()
    verify = info.get("verify", {})
    status = (
        "OK: every file matches the manifest" if verify.get("ok") else "NOT OK: the bundle does not match its manifest"
    )
    out.write(f"Bundle     {info.get('path')}\n")
    out.write(f"SHA-256    {info.get('bundle_sha256')}\n")
    out.write(f"ID         {info.get('bundle_id')}\n")
    out.write(
        f"Created    {info.get('created_at')} by kbdesk {info.get('kbdesk_version')} "
        f"(format {info.get('format_version')})\n"
    )
    out.write(f"Integrity  {status}\n")
    for label in ("changed", "missing", "extra"):
        for name in verify.get(label, []):
            out.write(f"  {label}: {name}\n")
    for error in verify.get("errors", []):
        out.write(f"  error: {error}\n")
    ticket = info.get("ticket")
    out.write("\nTicket\n")
    if ticket:
        out.write(f"  {ticket.get('priority_label')}  {ticket.get('summary')}\n")
        out.write(
            f"  impact {ticket.get('impact')}, urgency {ticket.get('urgency')}, "
            f"category {ticket.get('category') or '-'}\n"
        )
        out.write(f"  contact {ticket.get('contact') or '-'}, platform {ticket.get('platform') or '-'}\n")
    else:
        out.write("  (unreadable)\n")
    from ..core.bundle import SourceRevision

    sources = info.get("knowledge_base") or []
    if sources:
        out.write("\nKnowledge base the user searched\n")
        for entry in sources:
            out.write(f"  {SourceRevision.from_mapping(entry).describe()}\n")
    for problem in info.get("problems", []):
        out.write(f"  problem: {problem}\n")
    out.write("\nFiles\n")
    for entry in info.get("files", []):
        out.write(f"  {entry['size']:>10}  {entry['name']}\n")
    redaction = info.get("redaction") or {}
    out.write("\nRedaction\n")
    if redaction:
        for key, value in sorted(redaction.items(), key=lambda kv: str(kv[0])):
            out.write(f"  {key}: {json.dumps(value, sort_keys=True, ensure_ascii=False)}\n")
    else:
        out.write("  (no summary)\n")
    consent = info.get("consent") or {}
    out.write("\nConsent\n")
    out.write(f"  agreed at {consent.get('agreed_at', '-')}\n")
    fired = info.get("checks_fired") or []
    if fired:
        out.write("\nWhat kbdesk found (checks of the articles)\n")
        for hit in fired:
            out.write(f"  {hit.get('found')}  -> {hit.get('article_title')} [{hit.get('article_id')}]\n")
    trail = info.get("trail") or {}
    if trail:
        out.write("\nTrail\n")
        for key, value in sorted(trail.items()):
            out.write(f"  {key}: {value}\n")
    return out.getvalue()


def format_preview(preview: EscalationPreview) -> str:
    """What the CLI shows before asking for consent."""
    from ..core import escalation

    lines = [f"Ticket: {preview.ticket.summary}  ({preview.ticket.priority.label})", "", "Will be sent:"]
    for item in preview.items:
        mark = "x" if item.included else " "
        detail = escalation.format_counts(item.counts) if item.redactable else "NOT redactable, sent as it is"
        lines.append(f"  [{mark}] {item.name:34} {item.size:>9,} bytes  {detail}")
    left_out = [i.name for i in preview.items if not i.included]
    if left_out:
        lines.append("Left out: " + ", ".join(left_out))
    kept = preview.kept_as_is()
    lines.append("")
    lines.append("Redacted in total: " + escalation.format_counts(preview.totals()))
    lines.append("Kept as they are: " + ("; ".join(kept) if kept else "nothing; everything found was replaced"))
    if preview.custom_terms:
        lines.append(f"Custom terms from the settings: {preview.custom_terms}")
    if not preview.policy.diagnostics_allowed:
        lines.append(f"No diagnostics or log: {preview.policy.diagnostics_reason}")
    if preview.knowledge_base:
        lines.append("Knowledge base you searched (recorded for the agent):")
        lines.extend(f"  {revision.describe()}" for revision in preview.knowledge_base)
    return "\n".join(lines)
