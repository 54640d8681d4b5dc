"""Windows account names: ``DOMAIN\\user`` (``CONTOSO\\a.smith``, ``corp\\jdoe``, JSON's ``FINANCE\\\\kwalker``).

The domain (a NetBIOS name: a letter, then up to 14 letters, digits or dashes) stays,
the account name becomes ``<USER-n>``. What keeps paths out: the domain must not follow
a path character (``\\``, ``/``, ``%``, ``.``) and the account must not
be followed by one (``\\``, ``/``), so ``C:\\Program Files\\kbdesk\\kbdesk.exe`` and
``%APPDATA%\\kbdesk\\settings.toml`` stay. An escape in a log or JSON line (``failed\\nretry``, ``UTC\\nUp for``) looks the same; see
``_looks_like_escape`` for how the two are told apart.
"""

from __future__ import annotations

import re

from kbdesk.core.redaction.categories import GENERIC_ACCOUNTS
from kbdesk.core.redaction.engine import Rule, Sink, is_placeholder

# Matched from the backslash (a literal, so ``re`` skips ahead fast); the domain is checked
# backwards from there by _DOMAIN_BEFORE.
_DOMAIN_USER_RE = re.compile(
    r"\\\\?(?P<user>[A-Za-z0-9_$](?:[A-Za-z0-9._$-]{0,62}[A-Za-z0-9_$])?)(?![\w\\/.-]|\.[A-Za-z0-9])"
)
_DOMAIN_BEFORE = re.compile(r"(?<![\w\\/%.$-])[A-Za-z][A-Za-z0-9-]{0,14}$")
_ESCAPES = frozenset("ntrbfv0")
_UNICODE_ESCAPE = re.compile(r"u[0-9a-fA-F]{4}")


def _looks_like_escape(domain: str, user: str) -> bool:
    """``\\n``, ``\\t``, ``\\u00e9``... in a JSON or C string, rather than an account name after a domain.

    An escape letter followed by anything but a lower-case letter ("\\nUp for", "\\n2026") is an
    escape; followed by a lower-case letter it is an account only after an upper-case domain
    ("CORP\\nina" yes, "failed\\nretry" no).
    """
    if _UNICODE_ESCAPE.match(user):
        return True
    if user[0] not in _ESCAPES:
        return False
    following = user[1:2]
    return not following.islower() or not domain.isupper()


#: well-known domains whose accounts are not people
_SERVICE_DOMAINS = frozenset(
    {"nt authority", "nt service", "builtin", "iis apppool", "window manager", "font driver host"}
)


def _replace_domain_user(m: re.Match[str], sink: Sink) -> str:
    found = _DOMAIN_BEFORE.search(m.string, max(0, m.start() - 15), m.start())
    if found is None:
        return m.group(0)
    domain, user = found.group(0), m.group("user")
    if domain.lower() in _SERVICE_DOMAINS or domain.upper() in {"NT", "HKLM", "HKCU", "HKEY"}:
        return m.group(0)
    if _looks_like_escape(domain, user):
        return m.group(0)  # "failed\nretry", "UTC\nUp for": an escape sequence, not an account
    if user.lower() in GENERIC_ACCOUNTS or is_placeholder(user) or user.isdigit():
        return m.group(0)
    s = m.start("user") - m.start()
    return m.group(0)[:s] + sink.sub("user", user, user.casefold())


RULES: tuple[Rule, ...] = (Rule("domain_user", frozenset({"user"}), _DOMAIN_USER_RE, _replace_domain_user, ("\\",)),)
