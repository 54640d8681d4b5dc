"""``kbdesk desk add|list|test|remove``: the service desks escalation bundles are sent to.

A desk's token or password never goes into the settings file: ``--token-env VAR`` /
``--password-env VAR`` name an environment variable that holds it (for servers and
scripts); without them, ``desk add`` asks for it (or reads one line from standard
input with ``--secret-stdin``) and stores it in the operating system's keyring.
The first desk added becomes the default.
"""

from __future__ import annotations

import argparse
import getpass
import json
import sys

from ..core.errors import CredentialsError


def register(sub) -> None:
    p = sub.add_parser(
        "desk",
        help="configure the service desks bundles are sent to (RT, e-mail, a folder)",
        description=__doc__.split("\n\n", 1)[1].strip(),
    )
    dsub = p.add_subparsers(dest="desk_command", metavar="ACTION", required=True)

    a = dsub.add_parser(
        "add",
        help="add a desk (the first one added is the default)",
        description="Add a desk. RT: --url --queue and --token-env or --user/--password-env. "
        "E-mail: --host --port --to and --tls or --starttls. Folder: --folder. "
        "Without --token-env/--password-env the secret is asked for and kept in the system keyring.",
    )
    a.add_argument("name", metavar="NAME", help="a short name: letters, digits, '.', '_', '-'")
    a.add_argument("--kind", required=True, choices=("rt", "smtp", "file"), help="Request Tracker, e-mail, or a folder")
    rt = a.add_argument_group("Request Tracker (--kind rt)")
    rt.add_argument("--url", default="", help="RT's address, e.g. https://rt.example.org")
    rt.add_argument("--queue", default="", help="the queue tickets go to")
    rt.add_argument("--token-env", default="", metavar="VAR", help="environment variable holding an RT auth token")
    rt.add_argument(
        "--allow-http", action="store_true", help="allow a plain http:// address that is not on this machine"
    )
    mail = a.add_argument_group("E-mail (--kind smtp)")
    mail.add_argument("--host", default="", help="SMTP server")
    mail.add_argument("--port", type=int, default=0, help="SMTP port (default 465 with --tls, 587 with --starttls)")
    mail.add_argument("--to", default="", metavar="ADDRESS", help="the desk's e-mail address")
    mail.add_argument(
        "--from", dest="sender", default="", metavar="ADDRESS", help="sender address (default: the contact)"
    )
    security = mail.add_mutually_exclusive_group()
    security.add_argument("--tls", dest="security", action="store_const", const="tls", help="TLS from the start")
    security.add_argument("--starttls", dest="security", action="store_const", const="starttls", help="STARTTLS")
    security.add_argument(
        "--no-tls", dest="security", action="store_const", const="none", help="unencrypted, no login (a local relay)"
    )
    folder = a.add_argument_group("Folder (--kind file)")
    folder.add_argument("--folder", default="", metavar="DIR", help="folder the bundles are copied to")
    both = a.add_argument_group("Login and connection")
    both.add_argument("--user", default="", help="user name (RT basic authentication, SMTP login)")
    both.add_argument("--password-env", default="", metavar="VAR", help="environment variable holding the password")
    both.add_argument("--secret-stdin", action="store_true", help="read the token or password from standard input")
    both.add_argument("--ca-file", default="", metavar="PEM", help="trust this CA certificate (a private CA)")
    both.add_argument("--timeout", type=float, default=None, metavar="SECONDS", help="network time limit (default 30)")
    a.add_argument("--default", action="store_true", help="make this the default desk")
    a.add_argument("--replace", action="store_true", help="replace a desk of the same name")
    a.set_defaults(func=cmd_add, security=None)

    ls = dsub.add_parser("list", help="show the configured desks")
    ls.add_argument("--json", action="store_true", help="print JSON")
    ls.set_defaults(func=cmd_list)

    t = dsub.add_parser("test", help="reach a desk, log in, and check that tickets can be created (makes none)")
    t.add_argument("name", metavar="NAME", nargs="?", help="the desk (default: the default desk)")
    t.set_defaults(func=cmd_test)

    r = dsub.add_parser("remove", help="remove a desk and its keyring entry")
    r.add_argument("name", metavar="NAME", help="the desk to remove")
    r.set_defaults(func=cmd_remove)


def _table(args: argparse.Namespace) -> dict:
    table: dict = {"kind": args.kind}
    for key in ("url", "queue", "token_env", "host", "to", "sender", "folder", "user", "password_env", "ca_file"):
        value = getattr(args, key)
        if value:
            table[key] = value
    if args.port:
        table["port"] = args.port
    if args.security:
        table["security"] = args.security
    if args.allow_http:
        table["allow_http"] = True
    if args.timeout is not None:
        table["timeout"] = args.timeout
    return table


def _ask_secret(desk, from_stdin: bool) -> str:
    from ..core.desks.credentials import require_keyring

    require_keyring()  # before asking, not after the person typed the secret
    if from_stdin:
        secret = sys.stdin.readline().rstrip("\r\n")
    elif sys.stdin.isatty():
        secret = getpass.getpass(f"{desk.secret_label.capitalize()} for desk '{desk.name}' (kept in the keyring): ")
    else:
        raise CredentialsError(
            f"desk '{desk.name}': nobody can be asked for the {desk.secret_label} (standard input is not a terminal)",
            hint="Pass it with --secret-stdin, or name an environment variable with --token-env/--password-env.",
        )
    if not secret:
        raise CredentialsError(f"desk '{desk.name}': no {desk.secret_label} given; nothing was saved")
    return secret


def cmd_add(args: argparse.Namespace) -> int:
    from ..core.desks.config import desk_from_mapping, with_desk
    from ..core.desks.credentials import store_secret
    from ..core.settings import load_settings, save_settings
    from ..core.sources.policy import load_effective

    load_effective().check_unlocked("desks")  # a managed policy may fix the desks (docs/sources.md)
    desk = desk_from_mapping(args.name, _table(args))
    settings = with_desk(load_settings(), desk, make_default=args.default, replace_existing=args.replace)
    if desk.credentials == "keyring":
        store_secret(desk, _ask_secret(desk, args.secret_stdin))
    elif args.secret_stdin:
        raise CredentialsError(
            f"desk '{desk.name}': --secret-stdin stores the secret in the keyring; "
            + ("this desk reads it from " + desk.secret_env if desk.secret_env else "this desk needs none")
        )
    save_settings(settings)
    default = " (the default desk)" if settings.default_desk == desk.name else ""
    print(f"Added desk '{desk.name}'{default}: {desk.kind}, {desk.target}")
    print(f"Check it with: kbdesk desk test {desk.name}")
    return 0


def cmd_list(args: argparse.Namespace) -> int:
    from ..core.desks import desk_table
    from ..core.desks.credentials import keyring_name

    table = desk_table()
    rows = []
    for desk in table.desks:
        secret = {"env": f"from ${desk.secret_env}", "keyring": "in the keyring", "none": "none"}[desk.credentials]
        rows.append(
            {
                "name": desk.name,
                "kind": desk.kind,
                "target": desk.target,
                "default": desk.name == table.default,
                "credentials": desk.credentials,
                "secret": secret,
                **desk.to_mapping(),
            }
        )
    if args.json:
        json.dump({"desks": rows, "problems": list(table.problems)}, sys.stdout, indent=2)
        sys.stdout.write("\n")
        return 0
    if not rows and not table.problems:
        print(
            "No desk configured. Add one with: kbdesk desk add NAME --kind rt --url URL --queue QUEUE --token-env VAR"
        )
    for row in rows:
        mark = "*" if row["default"] else " "
        print(f"{mark} {row['name']:16} {row['kind']:5} {row['target']}  (secret: {row['secret']})")
    for problem in table.problems:
        print(f"! {problem}")
    if any(d.credentials == "keyring" for d in table.desks):
        print(f"keyring: {keyring_name()}")
    return 0


def cmd_test(args: argparse.Namespace) -> int:
    from ..core.desks import check_desk

    result = check_desk(args.name)
    for line in result.lines:
        print(f"  {line}")
    print(f"{'OK' if result.ok else 'NOT OK'}: desk '{result.desk}' in {result.seconds * 1000:.0f} ms")
    return 0 if result.ok else 1


def cmd_remove(args: argparse.Namespace) -> int:
    from ..core.desks import outbox_entries
    from ..core.desks.config import without_desk
    from ..core.desks.credentials import delete_secret
    from ..core.settings import load_settings, save_settings
    from ..core.sources.policy import load_effective

    load_effective().check_unlocked("desks")
    settings = without_desk(load_settings(), args.name)
    save_settings(settings)
    removed = delete_secret(args.name)
    print(f"Removed desk '{args.name}'" + (" and its keyring entry" if removed else ""))
    waiting = [e for e in outbox_entries()[0] if e.desk == args.name]
    if waiting:
        print(
            f"warning: {len(waiting)} bundle(s) in the outbox are for this desk; they wait until it is added again",
            file=sys.stderr,
        )
    return 0
