"""Credentials on command lines: flags, ``-u user:password``, glued ``-pSECRET``, ``setx``, PowerShell.

Shell history, CI logs and "here is what I ran" in a ticket carry these. Each form
is tied to what makes it a credential, not to a bare ``-p`` (which is a port for
``ssh``, ``redis-cli`` and ``mysql -P``):

* ``--password X``, ``--token=X``, ``-SecretKey X``: a flag whose name ends in a secret word.
* ``-pSECRET`` glued: only after ``mysql``-family and archive commands (``7z``, ``rar``), whose
  ``-p`` takes the password with no space; ``zip -P X``.
* ``-p X`` apart: after ``sshpass``, ``docker``/``podman``/``helm`` ``login`` and ``twine``.
* ``redis-cli -a X``; ``openssl ... -passin pass:X``; ``net use ... /user:D\\u X``.
* ``-u user:password`` / ``--user`` (curl, wget): the password, and the user as a user name;
  ``uid:gid`` (``docker run -u 1000:1000``) is not a credential. ``smbclient -U user%password``.
* ``setx NAME value``, fish's ``set -x NAME value``, a Dockerfile's ``ENV NAME value``: when
  NAME names a secret (:func:`~kbdesk.core.redaction.rules.words.key_strength`).
* ``ConvertTo-SecureString "X" -AsPlainText``.
"""

from __future__ import annotations

import re

from kbdesk.core.redaction.categories import GENERIC_ACCOUNTS
from kbdesk.core.redaction.engine import Rule, Sink, is_placeholder
from kbdesk.core.redaction.rules.words import PASSWORD_KEY, key_strength, looks_random, not_a_secret

# a value: quoted (the quotes stay), or one unquoted word
_VALUE = r"(?P<v>\"[^\"\r\n]*\"|'[^'\r\n]*'|[^\s\"'][^\s]*)"


def _unquote(m: re.Match[str], group: str = "v") -> tuple[int, str]:
    """Where the value inside the quotes starts (relative to the match) and the value itself."""
    raw = m.group(group)
    start = m.start(group) - m.start()
    if raw[:1] in "\"'" and len(raw) >= 2 and raw[-1] == raw[0]:
        return start + 1, raw[1:-1]
    return start, raw


def _put(m: re.Match[str], rel_start: int, value: str, replacement: str) -> str:
    whole = m.group(0)
    return whole[:rel_start] + replacement + whole[rel_start + len(value) :]


def _value_rule(name: str, regex: str, anchors: tuple[str | re.Pattern[str], ...], category: str = "password") -> Rule:
    """A rule whose group ``v`` is the secret; ``category`` unless a ``flag`` group names a non-password secret."""

    def replace(m: re.Match[str], sink: Sink) -> str:
        start, value = _unquote(m)
        if not_a_secret(value):
            return m.group(0)
        cat = category
        if "flag" in m.re.groupindex and m.group("flag") and not PASSWORD_KEY.search(m.group("flag")):
            cat = "secret_value"
        return _put(m, start, value, sink.sub(cat, value))

    cats = frozenset({category, "secret_value"}) if "(?P<flag>" in regex else frozenset({category})
    return Rule(name, cats, re.compile(regex), replace, anchors, lower=True)


# -- -u user:password -------------------------------------------------------------

_USER_PASS_RE = re.compile(
    r"(?<![\w-])(?:-u|--user|--proxy-user|--http-user)(?:[ \t]+|=)"
    r"(?:(?P<q>[\"'])(?P<qu>[^\s:\"']+):(?P<qp>[^\"'\r\n]*)(?P=q)"
    r"|(?P<u>[^\s:\"']+):(?P<p>\"[^\"\r\n]*\"|'[^'\r\n]*'|[^\s\"']*))"
)


def _replace_user_pass(m: re.Match[str], sink: Sink) -> str:
    user_group, pw_group = ("qu", "qp") if m.group("q") else ("u", "p")
    user, pw_raw = m.group(user_group), m.group(pw_group)
    pw_start = m.start(pw_group) - m.start()
    pw = pw_raw
    if pw_raw[:1] in "\"'" and len(pw_raw) >= 2 and pw_raw[-1] == pw_raw[0]:
        pw, pw_start = pw_raw[1:-1], pw_start + 1
    if not_a_secret(pw) or (user.isdigit() and pw.isdigit()):
        return m.group(0)  # "-u token:" (the token is already replaced), "-u 1000:1000" (uid:gid)
    sink.pos = sink.offset + m.start()
    whole = m.group(0)
    out = whole[:pw_start] + sink.sub("password", pw) + whole[pw_start + len(pw) :]
    if is_placeholder(user) or "@" in user or user.lower() in GENERIC_ACCOUNTS:
        return out  # an e-mail address is left to the e-mail rule
    u_start = m.start(user_group) - m.start()
    return out[:u_start] + sink.sub("user", user, user.casefold()) + out[u_start + len(user) :]


_SMB_USER_RE = re.compile(r"(?<![\w-])(?:-U|--user)(?:[ \t]+|=)(?P<u>[^\s%\"']+)%(?P<v>[^\s\"']+)")


def _replace_smb_user(m: re.Match[str], sink: Sink) -> str:
    value = m.group("v")
    if not_a_secret(value):
        return m.group(0)
    return _put(m, m.start("v") - m.start(), value, sink.sub("password", value))


# -- NAME value assignments (setx, fish, Dockerfile ENV) -------------------------------

_ASSIGN_RE = re.compile(
    r"(?im)(?:\bsetx|\bset[ \t]+-[a-z]*x[a-z]*|^[ \t]*ENV)[ \t]+(?P<k>[A-Za-z_][A-Za-z0-9_.]*)[ \t]+" + _VALUE
)


def _replace_assign(m: re.Match[str], sink: Sink) -> str:
    start, value = _unquote(m)
    strength = key_strength(m.group("k"))
    if strength is None or not_a_secret(value) or value.startswith("/"):
        return m.group(0)
    if strength == "weak" and not looks_random(value):
        return m.group(0)
    category = "password" if PASSWORD_KEY.search(m.group("k")) else "secret_value"
    return _put(m, start, value, sink.sub(category, value))


_SECRET_FLAG = r"[a-z0-9-]*(?:password|passwd|passphrase|token|secret|secret-?key|api-?key|access-?token|auth-?key)"

RULES: tuple[Rule, ...] = (
    # --password X, --token=X, -SecretKey X (PowerShell: -SecretKey, -Password, -ApiKey)
    _value_rule(
        "cli_flag",
        r"(?i)(?<![\w-])--?(?P<flag>" + _SECRET_FLAG + r")(?:[ \t]+|=)(?!-)" + _VALUE,
        ("-pass", "-token", "-secret", "-api", "-auth", "-access"),
    ),
    # glued -pSECRET: the mysql family and archivers; zip's -P X
    _value_rule(
        "cli_glued_p",
        r"(?i)\b(?:mysql\w*|mariadb\w*|7z[ar]?|rar|unrar)\b[^\r\n|;&<>]*?(?<=[ \t])-p(?P<v>[^\s\"'-][^\s]*|\"[^\"\r\n]+\"|'[^'\r\n]+')",
        ("mysql", "mariadb", "7z", "rar"),
    ),
    _value_rule(
        "cli_zip_p",
        r"(?i)\b(?:un)?zip\b[^\r\n|;&<>]*?(?<=[ \t])-P[ \t]*" + _VALUE,
        ("zip",),
    ),
    # -p X for programs whose -p is the password
    _value_rule(
        "cli_login_p",
        r"(?i)\b(?:sshpass|(?:docker|podman|nerdctl|buildah|skopeo|helm|oras)\b[^\r\n|;&]*?\blogin|twine)\b"
        r"[^\r\n|;&]*?(?<=[ \t])-p[ \t]+" + _VALUE,
        ("sshpass", "login", "twine"),
    ),
    _value_rule(
        "cli_redis_a",
        r"(?i)\bredis-cli\b[^\r\n|;&]*?(?<=[ \t])(?:-a|--pass)[ \t]+" + _VALUE,
        ("redis-cli",),
    ),
    _value_rule("cli_openssl_pass", r"(?i)-pass(?:in|out)?[ \t]+pass:" + _VALUE, ("pass:",)),
    _value_rule(
        "cli_net_use",
        r"(?i)\bnet[ \t]+use\b[^\r\n]*?/user:[^\s]+[ \t]+(?P<v>[^\s/\"'][^\s]*|\"[^\"\r\n]*\")",
        ("net use",),
    ),
    _value_rule(
        "cli_securestring",
        r"(?i)\bConvertTo-SecureString[ \t]+(?:-String[ \t]+)?(?P<v>\"[^\"\r\n]*\"|'[^'\r\n]*')",
        ("convertto-securestring",),
    ),
    Rule(
        "cli_user_pass",
        frozenset({"password", "user"}),
        _USER_PASS_RE,
        _replace_user_pass,
        ("-u ", "-u=", "-user"),
        lower=True,
    ),
    Rule("cli_smb_user", frozenset({"password"}), _SMB_USER_RE, _replace_smb_user, ("-u ", "-user"), lower=True),
    Rule(
        "env_assignment",
        frozenset({"password", "secret_value"}),
        _ASSIGN_RE,
        _replace_assign,
        ("setx", "set -", "env "),
        lower=True,
    ),
)
