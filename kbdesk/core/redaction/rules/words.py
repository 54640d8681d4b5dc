"""What the context rules share: which key names hold a secret, and whether a value looks like a random token.

Key names are split into words (``db_password`` -> db, password; ``clientSecret`` ->
client, secret). A key names a secret when one of its words is a secret word and no
word after it says the key is *about* the secret rather than the secret itself
(``password_min_length``, ``token_type``, ``LDAP_BIND_PASSWORD_FILE``,
``MinimumPasswordAge``), or a word before it makes it a number (``max_tokens``): those describe a policy, a path or a kind, and their values
are what support needs to see.

Strong words (password, secret, token...) make any value a secret. Weak words
(``key``, ``auth``, ``appid``) are also used for things that are not secret
(``cache key``, ``auth_method``), so their values count only when they look like a
random token (:func:`looks_random`).
"""

from __future__ import annotations

import math
import re
from collections import Counter

from kbdesk.core.redaction.categories import PLACEHOLDER_RE

#: words after which the key describes the secret instead of holding it
DENY_WORDS = frozenset(
    [
        "length",
        "len",
        "min",
        "max",
        "minimum",
        "maximum",
        "age",
        "policy",
        "complexity",
        "expiry",
        "expires",
        "expired",
        "expiration",
        "expire",
        "file",
        "files",
        "path",
        "paths",
        "dir",
        "folder",
        "type",
        "types",
        "name",
        "names",
        "id",
        "ids",
        "count",
        "attempts",
        "attempt",
        "timeout",
        "url",
        "uri",
        "endpoint",
        "hint",
        "reset",
        "rotation",
        "required",
        "enabled",
        "disabled",
        "changed",
        "change",
        "last",
        "history",
        "prompt",
        "field",
        "label",
        "mode",
        "strength",
        "validity",
        "rule",
        "rules",
        "pattern",
        "regex",
        "format",
        "env",
        "var",
        "source",
        "manager",
        "ttl",
        "lifetime",
        "interval",
        "algorithm",
        "algo",
        "size",
        "bits",
        "version",
        "days",
        "updated",
        "created",
        "public",
        "fingerprint",
        "usage",
        "store",
        "location",
        "provider",
        "method",
        "scheme",
        "header",
        "param",
        "parameter",
        "kind",
        "limit",
        "retries",
        "cache",
        "issuer",
        "audience",
        "scope",
        "scopes",
        "prefix",
        "suffix",
        "txt",
        "json",
        "yaml",
        "yml",
        "ini",
        "cfg",
        "conf",
        "toml",
        "xml",
        "log",
        "csv",
        "gpg",
        "kdbx",
        "md",
        "html",
    ]
)

#: words before the secret word that make the key a number about it ("max_tokens", "num_tokens")
PREFIX_DENY_WORDS = frozenset({"max", "min", "maximum", "minimum", "num", "number", "total", "count", "nb"})

#: words whose value is a secret whatever it looks like
STRONG_WORDS = frozenset(
    [
        "password",
        "passwd",
        "passphrase",
        "passcode",
        "pass",
        "pwd",
        "pw",
        "secret",
        "secrets",
        "token",
        "tokens",
        "credential",
        "credentials",
        "psk",
        "apikey",
        "privatekey",
        "secretkey",
        "accesskey",
        "authkey",
        "sharedkey",
        "accountkey",
        "masterkey",
        "signingkey",
        "encryptionkey",
        "sessionkey",
        "clientsecret",
        "keycontent",
        "keymaterial",
    ]
)
#: glued spellings (PGPASSWORD, dbpassword, adminpwd) end with one of these
STRONG_ENDINGS = ("password", "passwd", "passphrase", "secret", "token", "pwd")
#: words whose value is a secret only when it looks random (they also name ordinary things)
WEAK_WORDS = frozenset({"key", "auth", "appid", "signature", "sig"})

_SPLIT = re.compile(r"[A-Z]?[a-z]+|[A-Z]+(?![a-z])|\d+")


def key_words(key: str) -> list[str]:
    """``db_password`` -> [db, password]; ``clientSecret`` -> [client, secret]; ``API_KEY`` -> [api, key]."""
    return [w.lower() for w in _SPLIT.findall(key)]


def key_strength(key: str) -> str | None:
    """ "strong", "weak" or None: how much a key name says its value is a secret.

    Two-word spellings count as one word (``api_key``, ``client secret``, ``access-key``).
    """
    words = key_words(key)
    found: str | None = None
    for i, word in enumerate(words):
        pair = word + words[i + 1] if i + 1 < len(words) else ""
        if word in PREFIX_DENY_WORDS and found is None:
            return None
        if pair in STRONG_WORDS or word in STRONG_WORDS or (len(word) > 6 and word.endswith(STRONG_ENDINGS)):
            found = "strong"
        elif word in WEAK_WORDS and found is None:
            found = "weak"
        elif found is not None and word in DENY_WORDS:
            return None
    return found


#: values that say "no secret here": empty, booleans, already masked
SKIP_VALUES = frozenset(
    {
        "",
        "null",
        "none",
        "nil",
        "~",
        "true",
        "false",
        "yes",
        "no",
        "undefined",
        "required",
        "optional",
        "redacted",
        "[redacted]",
        "<redacted>",
        "hidden",
        "[hidden]",
        "masked",
        "[filtered]",
        "filtered",
        "n/a",
    }
)
REFERENCE_VALUE = re.compile(
    r"\$\{[^}]*\}|\$\([^)]*\)|\$[A-Za-z_][A-Za-z0-9_]*|%[A-Za-z_][A-Za-z0-9_]*%|\{\{.*\}\}|<[^<>]*>|[*xX•]+|\*+[^*]{0,4}"
)


#: a key or flag whose secret is a password (``<PASSWORD-n>``) rather than another secret (``<SECRET-n>``)
PASSWORD_KEY = re.compile(r"(?i)pass|pwd|pw\b|psk")


def not_a_secret(value: str) -> bool:
    """Empty, a boolean or null, a reference (``${DB_PASSWORD}``, ``%PASS%``), masked (``****``) or a placeholder."""
    return (
        not value
        or value.lower() in SKIP_VALUES
        or PLACEHOLDER_RE.fullmatch(value) is not None
        or REFERENCE_VALUE.fullmatch(value) is not None
    )


_TOKEN_CHARS = re.compile(r"[A-Za-z0-9+/=_~.%-]+")
_ALNUM_RUN = re.compile(r"[A-Za-z0-9]{12,}")
_UUID = re.compile(r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}")


def entropy(value: str) -> float:
    """Shannon entropy in bits per character."""
    n = len(value)
    if not n:
        return 0.0
    return -sum(c / n * math.log2(c / n) for c in Counter(value).values())


def looks_random(value: str, *, min_length: int = 16) -> bool:
    """True for a value that looks like a generated token (a key, a hash-like secret), not a word or an id.

    A token is one run of token characters, at least ``min_length`` long, holding a run
    of 12 or more letters and digits that mixes digits with letters (or upper with lower
    case) and whose characters are spread out (Shannon entropy: over 3.0 bits per
    character for hex, over 3.5 for the rest; a 32-character hex key scores about 3.8,
    "NEXUS-GPT4-API-KEY" has no such run). UUIDs are identifiers, not tokens.
    """
    if len(value) < min_length or len(value) > 1024 or not _TOKEN_CHARS.fullmatch(value):
        return False
    if _UUID.fullmatch(value):
        return False
    run = max(_ALNUM_RUN.findall(value), key=len, default="")
    if not run:
        return False
    has_digit = any(c.isdigit() for c in run)
    has_lower = any(c.islower() for c in run)
    has_upper = any(c.isupper() for c in run)
    if not (has_digit and (has_lower or has_upper)) and not (has_lower and has_upper):
        return False
    hexish = all(c in "0123456789abcdefABCDEF" for c in run)
    return entropy(value) > (3.0 if hexish else 3.5)
