"""``kbdesk ticket status|list|open``: the loop back from the service desk.

``status`` reads a ticket's state (new, open, resolved) and link; ``list`` shows the
requests sent from here with their live state ("My requests"); ``open`` is for the
agent: it fetches the bundle attached to a ticket, verifies it, and shows it.
"""

from __future__ import annotations

import argparse
import json
import sys


def register(sub) -> None:
    p = sub.add_parser(
        "ticket",
        help="a ticket's status, your requests, or an agent's view of a ticket's bundle",
        description=__doc__.split("\n\n", 1)[1],
    )
    tsub = p.add_subparsers(dest="ticket_command", metavar="ACTION", required=True)

    s = tsub.add_parser("status", help="new, open or resolved, and the desk's link")
    s.add_argument("ticket", metavar="ID", help="the ticket number the desk gave")
    s.add_argument("--desk", metavar="NAME", help="the desk (default: the one it was sent to, else the default desk)")
    s.add_argument("--json", action="store_true", help="print JSON")
    s.set_defaults(func=cmd_status)

    ls = tsub.add_parser("list", help="the requests sent from here, with their live status")
    ls.add_argument("--offline", action="store_true", help="do not ask the desks; show what was recorded")
    ls.add_argument("--json", action="store_true", help="print JSON")
    ls.set_defaults(func=cmd_list)

    o = tsub.add_parser(
        "open",
        help="fetch a ticket's bundle, verify it and show it (for agents)",
        description="Exit 0 when the bundle is intact and is the one the ticket was made for, 1 otherwise.",
    )
    o.add_argument("ticket", metavar="ID", help="the ticket number the desk gave")
    o.add_argument("--desk", metavar="NAME", help="the desk (default: the default desk)")
    o.add_argument("--save", metavar="DIR", help="where to keep the bundle (default: the data folder's 'received')")
    o.add_argument("--json", action="store_true", help="print JSON")
    o.set_defaults(func=cmd_open)


def cmd_status(args: argparse.Namespace) -> int:
    from ..core.desks import ticket_status

    status = ticket_status(args.ticket, args.desk)
    if args.json:
        json.dump(
            {
                "desk": status.desk,
                "ticket": status.ticket,
                "state": status.state,
                "status": status.status,
                "url": status.url,
                "subject": status.subject,
                "updated_at": status.updated_at,
            },
            sys.stdout,
            indent=2,
            ensure_ascii=False,
        )
        sys.stdout.write("\n")
        return 0
    raw = f" ({status.status})" if status.status != status.state else ""
    print(f"Ticket {status.ticket} at desk '{status.desk}': {status.state}{raw}")
    if status.subject:
        print(f"  {status.subject}")
    if status.url:
        print(f"  {status.url}")
    return 0


def cmd_list(args: argparse.Namespace) -> int:
    from ..core.desks import my_requests

    views = my_requests(live=not args.offline)
    if args.json:
        doc = [
            {
                **v.request.to_json(),
                "state": v.state,
                "status": v.status.status if v.status else "",
                "error": v.error,
            }
            for v in views
        ]
        json.dump(doc, sys.stdout, indent=2, ensure_ascii=False)
        sys.stdout.write("\n")
        return 0
    if not views:
        print("No requests sent from here yet.")
    for v in views:
        r = v.request
        ticket = f"ticket {r.ticket}" if r.ticket else "by e-mail"
        print(f"{v.state:9} {r.sent_at}  desk '{r.desk}' {ticket}  {r.summary}")
        if r.url:
            print(f"          {r.url}")
        if v.error:
            print(f"          status unknown: {v.error}")
    return 0


def cmd_open(args: argparse.Namespace) -> int:
    from pathlib import Path

    from ..core.desks import fetch_ticket_bundle
    from .bundle import format_inspect_text, inspect_bundle

    fetched = fetch_ticket_bundle(args.ticket, args.desk, dest_dir=Path(args.save).expanduser() if args.save else None)
    info = inspect_bundle(fetched.path)
    intact = bool(info.get("verify", {}).get("ok"))
    matches = not fetched.desk_bundle_id or fetched.desk_bundle_id == info.get("bundle_id")
    if args.json:
        info = {
            **info,
            "desk": fetched.desk,
            "ticket": fetched.ticket,
            "desk_bundle_id": fetched.desk_bundle_id,
            "bundle_matches_ticket": matches,
        }
        json.dump(info, sys.stdout, indent=2, ensure_ascii=False, default=str)
        sys.stdout.write("\n")
    else:
        print(f"Ticket {fetched.ticket} at desk '{fetched.desk}': {fetched.filename}, saved as {fetched.path}")
        if not matches:
            print(
                f"NOT OK: the ticket was made for bundle {fetched.desk_bundle_id}, "
                f"but its attachment is bundle {info.get('bundle_id')}"
            )
        sys.stdout.write(format_inspect_text(info))
    return 0 if intact and matches else 1
