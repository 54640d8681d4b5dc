"""``kbdesk outbox list|flush``: bundles waiting for their desk.

A bundle waits in the outbox when its desk could not be reached (``queued``: the app
retries it with backoff while it runs) or when the desk refused it for a reason a
person must fix first, such as a wrong token (``held``). ``flush`` tries every
waiting bundle now; each becomes exactly one ticket.
"""

from __future__ import annotations

import argparse
import json
import sys


def register(sub) -> None:
    p = sub.add_parser(
        "outbox", help="show or send the bundles waiting for their desk", description=__doc__.split("\n\n", 1)[1]
    )
    osub = p.add_subparsers(dest="outbox_command", metavar="ACTION", required=True)
    ls = osub.add_parser("list", help="show what waits, and why")
    ls.add_argument("--json", action="store_true", help="print JSON")
    ls.set_defaults(func=cmd_list)
    f = osub.add_parser("flush", help="try to send every waiting bundle now")
    f.add_argument("--json", action="store_true", help="print JSON")
    f.set_defaults(func=cmd_flush)


def cmd_list(args: argparse.Namespace) -> int:
    from ..core.desks import outbox_entries

    entries, problems = outbox_entries()
    if args.json:
        doc = {
            "entries": [{**e.to_json(), "state": e.state, "path": str(e.path)} for e in entries],
            "problems": [{"name": p.name, "message": p.message} for p in problems],
        }
        json.dump(doc, sys.stdout, indent=2, ensure_ascii=False)
        sys.stdout.write("\n")
        return 0
    if not entries and not problems:
        print("The outbox is empty.")
    for e in entries:
        when = f", next try {e.next_attempt_at}" if e.next_attempt_at and not e.held else ""
        print(f"{e.state:6} {e.bundle_id}  desk '{e.desk}'  {e.size:,} bytes  {e.attempts} attempt(s){when}")
        print(f"       {e.summary}")
        if e.last_error:
            print(f"       last error: {e.last_error}")
    for p in problems:
        print(f"damaged {p.name}: {p.message}")
    return 0


def print_result(result) -> None:
    """One line (two for a ticket's link) for a :class:`~kbdesk.core.desks.SendResult`."""
    if result.status == "sent":
        again = " (the desk already had it; no new ticket)" if result.already_sent else ""
        if result.ticket:
            print(f"Sent to desk '{result.desk}': ticket {result.ticket}{again}")
            if result.url:
                print(f"  {result.url}")
        else:
            print(f"Sent to desk '{result.desk}' ({result.message_id or result.bundle_id}){again}")
        if result.warning:
            print(f"warning: {result.warning}", file=sys.stderr)
    elif result.status == "queued":
        print(f"Queued: {result.error}")
        print(
            f"  kbdesk retries it{' after ' + result.next_attempt_at if result.next_attempt_at else ''}; "
            "kbdesk outbox flush tries now."
        )
    else:
        print(f"Held: {result.error}")
        print("  It stays in the outbox; fix this, then run kbdesk outbox flush.")


def cmd_flush(args: argparse.Namespace) -> int:
    from ..core.desks import flush_outbox

    report = flush_outbox(only_due=False)
    held = any(r.status == "held" for r in report.results)
    if args.json:
        doc = {
            "results": [r.to_json() for r in report.results],
            "problems": [{"name": p.name, "message": p.message} for p in report.problems],
        }
        json.dump(doc, sys.stdout, indent=2, ensure_ascii=False)
        sys.stdout.write("\n")
        return 1 if held else 0
    if not report.results:
        print("Nothing to send.")
    for result in report.results:
        print_result(result)
    for p in report.problems:
        print(f"damaged outbox entry {p.name}: {p.message}", file=sys.stderr)
    return 1 if held else 0
