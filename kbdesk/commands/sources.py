"""``kbdesk sources ...`` (where articles come from) and ``kbdesk policy show`` (what IT has set).

    kbdesk sources add NAME URL [--branch B] [--path SUBDIR] [--priority N] [--no-sync]
    kbdesk sources list [--json]
    kbdesk sources sync [NAME] [--json]
    kbdesk sources remove NAME
    kbdesk sources starter on|off
    kbdesk policy show [--json]

Exit status: 0 done; 1 an error, a setting locked by the policy, or (for
``sync``) a source that could not be brought up to date.
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
from pathlib import Path

from ..core.errors import PolicyError, SourceError


def register(sub) -> None:
    p = sub.add_parser("sources", help="knowledge-base sources: local folders and git remotes")
    ssub = p.add_subparsers(dest="sources_command", metavar="ACTION", required=True)

    a = ssub.add_parser("add", help="add a folder or a git remote (https, ssh, git://, file://)")
    a.add_argument("name", help="short name: lower-case letters, digits, '-' and '_'")
    a.add_argument("url", help="a folder, or a git URL")
    a.add_argument("--branch", default="", help="git branch to serve (default: the remote's default branch)")
    a.add_argument("--path", default="", metavar="SUBDIR", help="folder inside the repository holding the articles")
    a.add_argument("--priority", type=int, default=0, help="higher wins when two sources have the same article id")
    a.add_argument("--no-sync", action="store_true", help="only add it; sync later")
    a.set_defaults(func=cmd_add)

    ls = ssub.add_parser("list", help="the sources, the revision each serves, last sync and status")
    ls.add_argument("--json", action="store_true", help="print JSON")
    ls.set_defaults(func=cmd_list)

    sy = ssub.add_parser("sync", help="fetch, check and serve the newest good revision of git sources")
    sy.add_argument("name", nargs="?", help="only this source")
    sy.add_argument("--json", action="store_true", help="print JSON")
    sy.add_argument("--wait", type=float, default=0.0, metavar="SECONDS", help="wait this long for another sync")
    sy.set_defaults(func=cmd_sync)

    rm = ssub.add_parser("remove", help="remove a source and what kbdesk keeps of it")
    rm.add_argument("name", help="the source to remove")
    rm.set_defaults(func=cmd_remove)

    st = ssub.add_parser("starter", help="switch the starter articles shipped with kbdesk on or off")
    st.add_argument("state", choices=("on", "off"), help="on: serve the starter articles too; off: do not")
    st.set_defaults(func=cmd_starter)

    pol = sub.add_parser("policy", help="the managed policy set by your organisation")
    psub = pol.add_subparsers(dest="policy_command", metavar="ACTION", required=True)
    show = psub.add_parser("show", help="effective settings, what is locked and why, problems in the policy file")
    show.add_argument("--json", action="store_true", help="print JSON")
    show.set_defaults(func=cmd_policy_show)


def _load():
    from ..core.settings import load_settings
    from ..core.sources.service import SourceSet

    settings = load_settings()
    return settings, SourceSet.from_config(settings)


def _warn(problems) -> None:
    for problem in problems:
        print(f"kbdesk: warning: {problem}", file=sys.stderr)


def cmd_add(args: argparse.Namespace) -> int:
    from ..core.settings import save_settings
    from ..core.sources.model import source_from_table

    settings, sources = _load()
    sources.effective.check_unlocked("sources")
    table = {"name": args.name, "url": args.url, "branch": args.branch, "path": args.path, "priority": args.priority}
    table = {k: v for k, v in table.items() if v not in ("", 0)}
    source = source_from_table(table)
    if source.kind == "folder":
        folder = Path(source.url).expanduser()
        if not folder.is_dir():
            raise SourceError(f"folder not found: {folder}", hint="give an existing folder or a git URL")
        table["url"] = str(folder.resolve())
    if any(s.name == source.name for s in sources.sources):
        raise SourceError(f"there is already a source named '{source.name}'", hint="choose another name")
    settings = settings.with_value("sources", [*settings.values.get("sources", []), table])
    save_settings(settings)
    print(f"added source '{source.name}' ({source.kind}: {source.display_url})")
    if source.kind == "git" and not args.no_sync:
        _, sources = _load()
        for result in sources.sync([source.name]):
            _print_result(result)
    return 0


def cmd_remove(args: argparse.Namespace) -> int:
    from ..core.settings import save_settings
    from ..core.sources.model import LEGACY_FOLDER_NAME, STARTER_NAME
    from ..core.sources.service import source_index_root
    from ..core.sources.store import SourceArea

    settings, sources = _load()
    if args.name == STARTER_NAME:
        return _set_starter(settings, sources, False)
    source = sources.get(args.name)
    if source.origin == "policy":
        reason = sources.effective.locked("sources") or "it is set by your organisation's policy"
        raise PolicyError(f"source '{args.name}' cannot be removed: {reason}", hint="ask your IT department")
    sources.effective.check_unlocked("sources")
    if args.name == LEGACY_FOLDER_NAME:
        settings = settings.with_value("articles_dir", "")
    else:
        kept = [t for t in settings.values.get("sources", []) if t.get("name") != args.name]
        settings = settings.with_value("sources", kept)
    save_settings(settings)
    if source.kind == "git":
        SourceArea(source, sources.root).remove()
    # its search index too (a later source of the same name starts afresh)
    shutil.rmtree(source_index_root(source.name), ignore_errors=True)
    print(f"removed source '{args.name}'")
    return 0


def cmd_starter(args: argparse.Namespace) -> int:
    settings, sources = _load()
    return _set_starter(settings, sources, args.state == "on")


def _set_starter(settings, sources, on: bool) -> int:
    from ..core.settings import save_settings

    sources.effective.check_unlocked("starter_articles")
    save_settings(settings.with_value("starter_articles", on))
    print(f"starter articles {'on' if on else 'off'}")
    return 0


def _source_row(sources, entry) -> dict:
    source = entry.source
    area = sources.area(source.name)
    status = area.status()
    row = {
        "name": source.name,
        "kind": source.kind,
        "url": source.display_url,
        "branch": source.branch,
        "path": source.path,
        "priority": source.priority,
        "origin": source.origin,
        "folder": str(entry.folder) if entry.folder else None,
        "revision": entry.revision.to_dict() if entry.revision else None,
        "last_sync": status.last_attempt or None,
        "last_success": status.last_success or None,
        "status": status.outcome or ("live" if source.kind == "folder" else "never synced"),
        "message": status.message,
    }
    if status.held_back_commit:
        row["held_back"] = {"commit": status.held_back_commit, "reasons": list(status.held_back_reasons)}
    return row


def cmd_list(args: argparse.Namespace) -> int:
    _, sources = _load()
    rows = [_source_row(sources, entry) for entry in sources.served()]
    if args.json:
        print(json.dumps(rows, indent=2, ensure_ascii=False))
        return 0
    _warn(sources.problems)
    if not rows:
        print("No sources: add one with 'kbdesk sources add NAME URL', or switch the starter articles on.")
    for row in rows:
        where = (
            row["url"] + (f" @{row['branch']}" if row["branch"] else "") + (f" /{row['path']}" if row["path"] else "")
        )
        locked = " (policy)" if row["origin"] == "policy" else ""
        print(f"{row['name']}{locked}  [{row['kind']}, priority {row['priority']}]  {where}")
        if row["kind"] == "git":
            rev = row["revision"]
            served = f"{rev['commit'][:12]} of {rev['commit_time']}" if rev else "nothing yet"
            print(f"    serving: {served}")
            print(f"    last sync: {row['last_sync'] or 'never'}  status: {row['status']}")
        else:
            print(f"    serving: the folder as it is{'' if row['folder'] else ' (folder not found)'}")
        if row["message"] and row["status"] not in ("unchanged",):
            print(f"    {row['message']}")
        held = row.get("held_back")
        if held:
            print(f"    held back {held['commit'][:12]}:")
            for reason in held["reasons"][:20]:
                print(f"      {reason}")
            if len(held["reasons"]) > 20:
                print(f"      ... and {len(held['reasons']) - 20} more")
    return 0


def _print_result(result) -> None:
    print(f"{result.source}: {result.outcome}: {result.message}")
    if result.changes is not None and result.outcome == "updated":
        for label, paths in (
            ("added", result.changes.added),
            ("modified", result.changes.modified),
            ("deleted", result.changes.deleted),
        ):
            if paths and len(paths) <= 20:
                print(f"  {label}: {', '.join(paths)}")
            elif paths:
                print(f"  {label}: {len(paths)} files")
    if result.outcome in ("held-back", "refused"):
        for reason in result.reasons[:20]:
            print(f"  {reason}")


def cmd_sync(args: argparse.Namespace) -> int:
    _, sources = _load()
    results = sources.sync([args.name] if args.name else None, wait=args.wait)
    if args.json:
        out = []
        for r in results:
            out.append(
                {
                    "source": r.source,
                    "outcome": r.outcome,
                    "message": r.message,
                    "revision": r.served.to_dict() if r.served else None,
                    "changes": r.changes.to_dict() if r.changes is not None else None,
                    "reasons": list(r.reasons),
                    "received_bytes": r.received_bytes,
                    "seconds": round(r.seconds, 3),
                }
            )
        print(json.dumps(out, indent=2, ensure_ascii=False))
    else:
        _warn(sources.problems)
        for result in results:
            _print_result(result)
    return 0 if all(r.ok for r in results) else 1


def cmd_policy_show(args: argparse.Namespace) -> int:
    from ..core.sources.model import redact_url
    from ..core.sources.policy import POLICY_KEYS, policy_candidates

    _, sources = _load()
    eff = sources.effective
    policy = eff.policy
    keys = [k.name for k in POLICY_KEYS]
    values = dict(eff.values)
    # a token in a source URL is never printed
    values["sources"] = [{**t, "url": redact_url(str(t.get("url", "")))} for t in values.get("sources") or []]
    if args.json:
        print(
            json.dumps(
                {
                    "file": str(policy.path) if policy.path else None,
                    "problems": list(policy.problems),
                    "settings": {
                        k: {"value": values.get(k), "from": eff.origins.get(k, "default"), "locked": eff.locked(k)}
                        for k in keys
                    },
                },
                indent=2,
                ensure_ascii=False,
                default=str,
            )
        )
        return 0
    if policy.path:
        print(f"policy file: {policy.path}")
    else:
        print("no policy file (looked in: " + ", ".join(str(p) for p in policy_candidates()) + ")")
    for problem in policy.problems:
        print(f"  problem: {problem}")
    for k in keys:
        value = values.get(k)
        shown = json.dumps(value, ensure_ascii=False, default=str)
        if len(shown) > 100:
            shown = shown[:97] + "..."
        lock = eff.locked(k)
        tail = f"  LOCKED: {lock}" if lock else ""
        print(f"{k:24} {shown}  ({eff.origins.get(k, 'default')}){tail}")
    return 0
