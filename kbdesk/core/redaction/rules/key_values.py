"""Secrets in settings: key=value, INI, .env, YAML, JSON, connection strings, XML elements and attributes."""

from __future__ import annotations

import re

from kbdesk.core.redaction.categories import GENERIC_ACCOUNTS
from kbdesk.core.redaction.engine import Rule, Sink, is_placeholder, lower_same_length
from kbdesk.core.redaction.rules.credentials import decodes_to_credentials
from kbdesk.core.redaction.rules.words import PASSWORD_KEY, REFERENCE_VALUE, SKIP_VALUES, key_strength, looks_random

# The key words that start a search; whether the whole key names a secret is decided by
# words.key_strength (db_password yes, password_min_length no).
_KEY_WORDS = (
    r"pass(?:word|wd|phrase|code)?|pwd|pw|secret|token|credentials?|psk|auth|appid|signature|"
    r"key(?:[ _-]?(?:content|material))?|api[_-]?key"
)
_USER_WORDS = r"user[ ._-]?name|user[ _-]?id|user|uid|login|logon"

# The match stops after the separator; _scan_kv decides where the value ends, so a
# key whose value is kept (user=root) never hides the next key on the same line.
# ``tail`` is the rest of the key after its key word (``_super_secure`` of
# ``my_password_super_secure``). Runs on lower-cased text: an IGNORECASE
# alternation is several times slower in ``re``.
_KV_RE = re.compile(
    r"(?P<kw>" + _KEY_WORDS + r"|" + _USER_WORDS + r")(?P<tail>[a-z0-9_.-]{0,40})(?P<kq>\\?[\"']?)"
    r"[ \t]*(?P<sep>=>|=(?!=)|:(?![:/\\]))[ \t]*"
)
_USER_KEYS = re.compile(r"(?i)(?:[a-z0-9]+[_.-])?(?:user(?:[ ._-]?name)?)|user[ _-]?id|uid|login|logon")
_QUOTED_VALUE = re.compile(r"\"((?:[^\"\\\r\n]|\\.)*)\"|'([^'\r\n]*)'")
_ESCAPED_QUOTED_VALUE = re.compile(r'\\"((?:[^"\\\r\n])*)\\"')  # JSON inside a JSON string: \"value\"
_REST_OF_LINE = re.compile(r"[^\r\n]*")
_KEY_CHARS = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_.-")


def _key_start(text: str, kw_start: int) -> int:
    i = kw_start
    floor = max(0, kw_start - 128)
    while i > floor and text[i - 1] in _KEY_CHARS:
        i -= 1
    return i


def _line_start_key(text: str, key_start: int) -> bool:
    """True if the key opens its line (YAML, INI, .env, HTTP headers), allowing indent, ``- `` and ``export``."""
    i = key_start
    while i > 0 and text[i - 1] in " \t":
        i -= 1
    if i >= 2 and text[i - 2 : i] == "- ":
        i -= 2
        while i > 0 and text[i - 1] in " \t":
            i -= 1
    if i >= 7 and text[i - 7 : i] == "export ":
        i -= 7
        while i > 0 and text[i - 1] in " \t":
            i -= 1
    return i == 0 or text[i - 1] in "\r\n"


def _after_opener(text: str, key_start: int) -> bool:
    i = key_start
    while i > 0 and text[i - 1] in " \t":
        i -= 1
    # ";" separates HTTP headers written on one line ("Host: x; X-API-Key: ...")
    return i > 0 and text[i - 1] in "{,([;"


def _in_connection_string(text: str, key_start: int, rest: str) -> bool:
    i = key_start
    while i > 0 and text[i - 1] in " \t":
        i -= 1
    if i > 0 and text[i - 1] == ";":
        return True
    return re.search(r";\s*[A-Za-z][A-Za-z0-9 _-]{0,30}=", rest) is not None


def _trim_unbalanced(value: str) -> str:
    pairs = {")": "(", "]": "[", "}": "{", ">": "<"}
    while value and value[-1] in ",.)]}>" and (value[-1] in ",." or pairs[value[-1]] not in value):
        value = value[:-1]
    return value


def _kv_value(m: re.Match[str], text: str) -> tuple[int, str] | None:
    """Where the value of a key=value match starts and what it is; None if this is not a setting.

    ``m`` matched the lower-cased form of ``text``; positions are the same.
    """
    key_start = _key_start(text, m.start("kw"))
    before = text[key_start - 1] if key_start > 0 else ""
    quoted_key = bool(m.group("kq")) or before in ('"', "'")
    sep = m.group("sep")
    line_start = _line_start_key(text, key_start - (1 if before in ('"', "'") else 0))
    v_start = m.end()
    escaped = _ESCAPED_QUOTED_VALUE.match(text, v_start)
    if escaped:
        return v_start + 2, escaped.group(1)
    q = _QUOTED_VALUE.match(text, v_start)
    if q:
        value = q.group(1) if q.group(1) is not None else q.group(2)
        return v_start + 1, value
    if sep != ":" and text.startswith("{", v_start):
        braced = re.match(r"\{([^}\r\n]*)\}", text[v_start : v_start + 300])
        if braced:
            return v_start + 1, braced.group(1)  # ODBC: Pwd={a;b}
    # values longer than this are not settings; the bound keeps huge lines linear
    rest = _REST_OF_LINE.match(text, v_start, v_start + 512).group(0)  # type: ignore[union-attr]
    if not rest:
        return None
    if sep == ":" and not quoted_key and not line_start and not _after_opener(text, key_start):
        return None  # "password: too short" in the middle of prose is not a setting
    if line_start and not quoted_key:
        value = _line_value(rest, sep)
    elif sep == ":":
        value = re.match(r"[^\s,}\]]*", rest).group(0)  # type: ignore[union-attr]
    elif _in_connection_string(text, key_start, rest):
        value = rest.split(";", 1)[0].rstrip()  # ADO/ODBC values may hold spaces; ';' ends them
    else:
        value = _trim_unbalanced(re.match(r"[^\s;&\"']*", rest).group(0))  # type: ignore[union-attr]
    if sep == ":" and value[:1] in ("{", "[", "|", ">", "&", "*", "!"):
        return None  # YAML block, anchor or alias: not a scalar value
    return v_start, value


def _kv_category(m: re.Match[str], text: str, value: str) -> str | None:
    if not value or value.lower() in SKIP_VALUES or is_placeholder(value) or REFERENCE_VALUE.fullmatch(value):
        return None
    key = text[_key_start(text, m.start("kw")) : m.end("tail")]
    if _USER_KEYS.fullmatch(key):
        # "user", "username", "db_user", "User ID", "user.name": a person; "max_login", "last_login": not
        if value.isdigit() or value.lower() in GENERIC_ACCOUNTS:
            return None
        if re.fullmatch(r"[\d:./ -]+", value):
            return None  # a date or a number
        return "user"
    strength = key_strength(key)
    if strength is None:
        return None
    if strength == "weak" and not (looks_random(value) or decodes_to_credentials(value)):
        return None  # "auth_method=kerberos", "key: value": ordinary settings
    return "password" if PASSWORD_KEY.search(m.group("kw")) else "secret_value"


def _scan_kv(text: str, sink: Sink) -> str:
    low = lower_same_length(text)
    out: list[str] = []
    last = 0
    pos = 0
    while True:
        m = _KV_RE.search(low, pos)
        if m is None:
            break
        pos = m.end()
        found = _kv_value(m, text)
        if found is None:
            continue
        v_start, value = found
        category = _kv_category(m, text, value)
        if category is None:
            continue
        sink.pos = sink.offset + m.start()
        out.append(text[last:v_start])
        out.append(sink.sub(category, value, value.casefold() if category == "user" else None))
        last = pos = v_start + len(value)
    if not out:
        return text
    out.append(text[last:])
    return "".join(out)


def _line_value(raw: str, sep: str) -> str:
    """The value of a line-start ``key = value`` / ``key: value``: the rest of the line, minus a trailing comment."""
    value = raw
    if sep != ":":
        # a connection string goes on after ";Key="; that part is not the password
        cut = re.search(r";\s*[A-Za-z][A-Za-z0-9 _-]{0,30}=", value)
        if cut:
            value = value[: cut.start()]
        nxt = re.search(r"\s+[A-Za-z_][A-Za-z0-9_.-]*=", value)
        if nxt:
            value = value[: nxt.start()]
    comment = re.search(r"\s+[#;]", value)
    if comment:
        value = value[: comment.start()]
    return value.rstrip()


_XML_SECRET_RE = re.compile(
    r"(?i)<(?P<tag>[A-Za-z0-9_:.-]*(?:password|passwd|pwd|secret|token|apikey|api_key|accountkey|keymaterial))>"
    r"(?P<v>[^<\r\n]+)</(?P=tag)>"
)


def _replace_xml(m: re.Match[str], sink: Sink) -> str:
    value = m.group("v")
    if is_placeholder(value) or value.lower() in SKIP_VALUES or REFERENCE_VALUE.fullmatch(value):
        return m.group(0)
    category = "password" if PASSWORD_KEY.search(m.group("tag")) else "secret_value"
    s = m.start("v") - m.start()
    return m.group(0)[:s] + sink.sub(category, value) + m.group(0)[s + len(value) :]


# <add key="SmtpPassword" value="..."/>, <property name="x.password" value="..."/>, <setting name=".." value=".."/>
_XML_ATTR_PAIR_RE = re.compile(
    r"(?i)\b(?:key|name)\s*=\s*(?P<q1>[\"'])(?P<k>[^\"'<>\r\n]{1,100})(?P=q1)\s+value\s*=\s*(?P<q2>[\"'])(?P<v>[^\"'<>\r\n]*)(?P=q2)"
)


def _replace_xml_attr(m: re.Match[str], sink: Sink) -> str:
    value = m.group("v")
    strength = key_strength(m.group("k"))
    if strength is None or not value or is_placeholder(value) or value.lower() in SKIP_VALUES:
        return m.group(0)
    if REFERENCE_VALUE.fullmatch(value) or (strength == "weak" and not looks_random(value)):
        return m.group(0)
    category = "password" if PASSWORD_KEY.search(m.group("k")) else "secret_value"
    s = m.start("v") - m.start()
    return m.group(0)[:s] + sink.sub(category, value) + m.group(0)[s + len(value) :]


RULES: tuple[Rule, ...] = (
    Rule(
        "xml_secret",
        frozenset({"password", "secret_value"}),
        _XML_SECRET_RE,
        _replace_xml,
        (re.compile(r"</[a-z0-9_:.-]*(?:word|wd|secret|token|key|keymaterial)>"),),
        lower=True,
    ),
    Rule(
        "xml_attribute",
        frozenset({"password", "secret_value"}),
        _XML_ATTR_PAIR_RE,
        _replace_xml_attr,
        (re.compile(r"value\s*=\s*[\"']"),),
        lower=True,
    ),
    Rule(
        "key_value",
        frozenset({"password", "secret_value", "user"}),
        _KV_RE,
        lambda m, sink: m.group(0),
        # one literal-led pattern per keyword ending: re skips to a literal far faster than to an alternation
        tuple(
            re.compile(lead + r"[a-z0-9_.-]{0,40}\\?[\"']?[ \t]*[=:]")
            for lead in (
                "pass",
                "pw",
                "secret",
                "token",
                "key(?: content| material)?",
                "credential",
                "auth",
                "psk",
                "appid",
                "signature",
                r"user(?:[ _-]?id)?",
                "uid",
                r"log(?:in|on)",
            )
        ),
        lower=True,
        scan=_scan_kv,
    ),
)
