"""Credentials in URLs (``scheme://user:password@host``) and in Authorization headers."""

from __future__ import annotations

import base64
import binascii
import re

from kbdesk.core.redaction.categories import GENERIC_ACCOUNTS
from kbdesk.core.redaction.engine import Rule, Sink, is_placeholder

_URL_CRED_RE = re.compile(
    r"(?P<scheme>\b[A-Za-z][A-Za-z0-9+.-]{0,20}://)"
    r"(?P<user>[^\s:/@?#\"'<>\\]*)"
    r"(?::(?P<pw>[^\s/@?#\"'<>\\]*))?"
    r"@(?=[A-Za-z0-9\[])"
    # a password with an unencoded "/" ("https://builder:a/b7Qz!x@nexus..."): after "user:" comes no port
    r"|(?P<scheme2>\b[A-Za-z][A-Za-z0-9+.-]{0,20}://)(?P<user2>[^\s:/@?#\"'<>\\]+)"
    r":(?P<pw2>(?!\d+(?:/|$))[^\s@?#\"'<>\\]*/[^\s@?#\"'<>\\]*)@(?=[A-Za-z0-9\[])"
)


def _replace_url_cred(m: re.Match[str], sink: Sink) -> str:
    slash = m.group("scheme2") is not None
    user = m.group("user2") if slash else m.group("user")
    pw = m.group("pw2") if slash else m.group("pw")
    if pw is None and not user:
        return m.group(0)
    out = [m.group("scheme2") if slash else m.group("scheme")]
    if user and not is_placeholder(user) and user.lower() not in GENERIC_ACCOUNTS:
        out.append(sink.sub("user", user, user.casefold()))
    else:
        out.append(user)
    if pw is not None:
        out.append(":")
        out.append(pw if (not pw or is_placeholder(pw)) else sink.sub("password", pw))
    out.append("@")
    return "".join(out)


# -- Authorization headers ----------------------------------------------------

_AUTH_HEADER_RE = re.compile(
    r"(?i)\b(?:proxy-)?authorization[\"']?\s*[:=]\s*[\"']?"
    # any scheme ("Api-Token", "Bot", "SSWS"...): a word followed by the credential
    r"(?:(?P<scheme>bearer|basic|token|negotiate|ntlm|aws4-hmac-sha256|apikey|sharedkey|[A-Za-z][A-Za-z0-9_-]{1,30})[ \t]+"
    r"(?=[^\s\"',;]))?"
    r"(?P<v>[^\s\"',;]+(?:[ \t]*[,;]?[ \t]*[A-Za-z]+=[^\s\"',;]*)*)"
)


def _replace_auth_header(m: re.Match[str], sink: Sink) -> str:
    if (m.group("scheme") or "").lower() == "digest":
        return m.group(0)  # its parameters are handled by the digest rule below
    value = m.group("v")
    if is_placeholder(value) or value.lower() in {"none", "null", "required", "missing", "header"}:
        return m.group(0)
    s = m.start("v") - m.start()
    return m.group(0)[:s] + sink.sub("auth_header", value)


# Digest: the response (a hash of the password) and the cnonce are the credential; the user name is personal
_DIGEST_RE = re.compile(r"(?i)\b(?P<key>response|username)=(?P<q>\"?)(?P<v>[^\s\",]+)(?P=q)")


def _scan_digest(text: str, sink: Sink) -> str:
    head = re.search(r"(?i)\bdigest[ \t]+", text)
    if head is None:
        return text

    def replace(m: re.Match[str]) -> str:
        value = m.group("v")
        if is_placeholder(value):
            return m.group(0)
        sink.pos = sink.offset + m.start()
        if m.group("key").lower() == "username":
            if value.lower() in GENERIC_ACCOUNTS:
                return m.group(0)
            new = sink.sub("user", value, value.casefold())
        else:
            new = sink.sub("auth_header", value)
        return m.group(0).replace(value, new, 1)

    return text[: head.end()] + _DIGEST_RE.sub(replace, text[head.end() :])


_BARE_AUTH_RE = re.compile(r"(?i)(?<![A-Za-z0-9_-])(?P<scheme>bearer|basic)[ \t]+(?P<v>[A-Za-z0-9._~+/-]+=*)")


def _replace_bare_auth(m: re.Match[str], sink: Sink) -> str:
    value = m.group("v")
    if m.group("scheme").lower() == "bearer":
        looks_secret = len(value) >= 16 and any(c.isdigit() for c in value) and any(c.isalpha() for c in value)
    else:
        looks_secret = decodes_to_credentials(value)
    if not looks_secret:
        return m.group(0)
    return m.group(0)[: m.start("v") - m.start()] + sink.sub("auth_header", value)


def decodes_to_credentials(value: str) -> bool:
    """True for base64 of "user:password" (Basic auth, a docker config's "auth")."""
    if len(value) < 8 or len(value) % 4:
        return False
    try:
        decoded = base64.b64decode(value, validate=True).decode("utf-8")
    except (binascii.Error, UnicodeDecodeError):
        return False
    return ":" in decoded and decoded.isprintable()


RULES: tuple[Rule, ...] = (
    Rule(
        "url_credentials",
        frozenset({"user", "password"}),
        _URL_CRED_RE,
        _replace_url_cred,
        (re.compile(r"://[^\s/@]*@"), re.compile(r"://[^\s/@:]+:[^\s@]*@")),
    ),
    Rule(
        "auth_header", frozenset({"auth_header"}), _AUTH_HEADER_RE, _replace_auth_header, ("authorization",), lower=True
    ),
    Rule("bare_auth", frozenset({"auth_header"}), _BARE_AUTH_RE, _replace_bare_auth, ("bearer", "basic"), lower=True),
    Rule(
        "digest_auth",
        frozenset({"auth_header", "user"}),
        _DIGEST_RE,
        lambda m, sink: m.group(0),
        ("digest ",),
        lower=True,
        scan=_scan_digest,
    ),
)
