"""``kbdesk feedback import`` and ``kbdesk feedback export``: learned phrasings in and out.

``import`` reads resolved searches (the evaluation query format, one
``{"query": ..., "relevant": [ids]}`` a line: history migrated from another desk, or a
test) or a phrasings export, redacts them and adds them to this machine's history, where
search learns from them. ``export`` writes what this machine learned (or the merge of
several exports and bundles) for writers; ``--min-users K`` keeps only what K machines
saw. Formats and limits: :mod:`kbdesk.core.learning.exchange`.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from ..core.errors import KbdeskError


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser(
        "feedback",
        help="learned phrasings: import resolved searches, export what users typed for writers",
        description="What people typed before an article solved their problem: search learns from it, writers "
        "see it. These commands move it in and out of this machine's history (docs/search.md).",
    )
    group = p.add_subparsers(dest="feedback_command", metavar="import|export", required=True)

    imp = group.add_parser(
        "import",
        help="add resolved searches (or a phrasings export) to this machine's learned phrasings",
        description='Read FILE.jsonl: resolved searches, one {"query": "...", "relevant": ["article-id"]} a line '
        "(the evaluation query format), or a phrasings export made by kbdesk feedback export. Every text is "
        "redacted before it is kept. Importing the same file twice adds nothing.",
    )
    imp.add_argument("file", metavar="FILE.jsonl", help="the file to import")
    imp.add_argument(
        "--articles",
        metavar="DIR",
        help="the articles folder whose ids to check the file against (default: configured folder, else the "
        "starter articles); ids it does not have are imported anyway and counted in the summary",
    )
    imp.add_argument(
        "--skip-bad-lines",
        action="store_true",
        help="import the lines that are fine and list the others (default: a bad line stops the import, "
        "and nothing is imported)",
    )
    imp.add_argument("--json", action="store_true", help="print the summary as JSON")
    imp.set_defaults(func=cmd_import)

    exp = group.add_parser(
        "export",
        help="write the learned phrasings (redacted, with counts) for writers",
        description="Write this machine's learned phrasings: per article, the (redacted) searches it answered "
        "and the ones it did not, with counts and the random installation id that saw them. With --merge, "
        "merge exports and escalation bundles from many machines instead.",
    )
    exp.add_argument(
        "--min-users",
        type=int,
        default=1,
        metavar="K",
        help="only phrasings seen from at least K different machines (default: 1, every phrasing)",
    )
    exp.add_argument(
        "--merge",
        nargs="+",
        metavar="FILE",
        help="merge these exports (.jsonl) and escalation bundles (.kbbundle) instead of exporting this "
        "machine's own phrasings",
    )
    exp.add_argument(
        "-o", "--output", metavar="FILE.jsonl", help="write to this file (atomically) instead of standard output"
    )
    exp.set_defaults(func=cmd_export)


def _store():
    from ..core.analytics.store import AnalyticsStore
    from ..core.settings import load_settings

    return AnalyticsStore.open(enabled=bool(load_settings().analytics_enabled))


def _known_ids(articles: str | None) -> set[str] | None:
    """The ids of the folder's index, when there is one (no index is built for this)."""
    from ..core.search.engine import SearchEngine
    from .common import articles_folder

    try:
        engine = SearchEngine(articles_folder(articles))
    except KbdeskError:
        return None
    try:
        return set(engine.article_records()) if engine.open() else None
    finally:
        engine.close()


def cmd_import(args: argparse.Namespace) -> int:
    from ..core.learning.exchange import read_import

    found = read_import(Path(args.file), skip_bad_lines=args.skip_bad_lines)
    known = _known_ids(args.articles)
    with _store() as store:
        added, updated = store.import_phrasings(found.phrasings, found.origin)
    articles = {p.article_id for p in found.phrasings}
    unknown = sorted(articles - known) if known is not None else []
    summary = {
        "file": str(found.path),
        "format": "phrasings export" if found.origin == "fleet" else "resolved searches",
        "lines": found.lines,
        "phrasings": len(found.phrasings),
        "articles": len(articles),
        "new": added,
        "updated": updated,
        "already_there": len(found.phrasings) - added - updated,
        "not_learned": found.unredactable,
        "unknown_articles": unknown,
        "checked_against_index": known is not None,
        "skipped_lines": [{"line": s.line, "problem": s.problem} for s in found.skipped],
    }
    if args.json:
        print(json.dumps(summary, indent=2, ensure_ascii=False))
        return 0
    print(
        f"{found.path}: {len(found.phrasings)} phrasings of {len(articles)} articles from {found.lines} lines "
        f"({summary['format']}): {added} new, {updated} updated, {summary['already_there']} already there"
    )
    if found.unredactable:
        print(f"  {found.unredactable} not learned: too long to be a search, or still secret-looking after redaction")
    if unknown:
        shown = ", ".join(unknown[:10]) + (f" and {len(unknown) - 10} more" if len(unknown) > 10 else "")
        print(f"  {len(unknown)} article ids are not in this articles folder (kept, used if they appear): {shown}")
    elif known is None:
        print("  article ids not checked: the articles folder has no index yet (kbdesk index makes one)")
    print("  search uses them from now on; an open kbdesk window from its next start")
    for s in found.skipped[:20]:
        print(f"kbdesk: {found.path}:{s.line}: skipped: {s.problem}", file=sys.stderr)
    if len(found.skipped) > 20:
        print(f"kbdesk: ... and {len(found.skipped) - 20} more bad lines skipped", file=sys.stderr)
    return 0


def cmd_export(args: argparse.Namespace) -> int:
    from ..core.analytics.phrasings import redact_phrasing
    from ..core.fsutil import atomic_write_text
    from ..core.learning.exchange import (
        ExportLine,
        at_least,
        bundle_lines,
        export_text,
        local_lines,
        merge,
        read_export_lines,
    )

    if args.min_users < 1:
        raise KbdeskError("--min-users must be 1 or more")
    sources: list[list[ExportLine]] = []
    if args.merge:
        for name in args.merge:
            path = Path(name)
            if path.suffix.lower() == ".kbbundle":
                sources.append(bundle_lines(path))
                continue
            lines, _ = read_export_lines(path)
            # exports are redacted where they are made; redact again here, in case one was not
            kept = []
            for line in lines:
                text = redact_phrasing(line.phrasing)
                if text is not None:
                    line.phrasing = text
                    kept.append(line)
            sources.append(kept)
    else:
        with _store() as store:
            if not store.recording:
                raise KbdeskError(
                    "history is off in the settings, so nothing was learned here",
                    hint="turn history on in File > Settings, or use --merge FILE to merge exports",
                )
            machine = store.install_id()
            sources.append(local_lines(store.phrasings(origins=("local",)), machine))
    lines = at_least(merge(sources), args.min_users)
    text = export_text(lines, min_users=args.min_users, sources=len(sources))
    machines = len({m for line in lines for m in line.machines})
    if args.output:
        atomic_write_text(Path(args.output), text)
        print(f"{args.output}: {len(lines)} phrasings from {machines} machines", file=sys.stderr)
    else:
        sys.stdout.write(text)
    return 0
