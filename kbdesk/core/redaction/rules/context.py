"""Secrets that only the words around them reveal: passwords in prose, random tokens next to secret words.

These run after every shape and setting rule, so what they see is what those left.

*Passwords in prose* ("my temp password is Hunter2Secret!", "the password was
Tr1cky-Pass", "Das Passwort ist Sommer2024!", "login jdoe password N3tRcP4ss"): a
password word in one of several languages, then at most a few words and a verb or
separator (is, was, ist, es, est, ``:``, ``=``, "set ... to"), then one word. The
word counts only when it looks like a password: a digit among its letters, or mixed
case with a symbol inside, and no brackets around it (``<your password here>``). So "The
password is required", "my password was changed yesterday" and "password: too short"
stay, and so does an all-lower-case password ("hunter"): prose cannot tell it from a
word, and the key=value rules catch it wherever a key names it.

*Tokens next to secret words* ("refreshed access token 2b00042f...", "Using API key
h26BUJ6Y...", "webhook signing secret is e4WD...", "Encryption key (AES-256): wr3z..."):
within 64 characters after a secret word, the first value that
:func:`~kbdesk.core.redaction.rules.words.looks_random`. A bare "key" is not a
secret word here ("cache key article:9f86...", "RSA key fingerprint is SHA256:..."),
"api key", "signing key", "secret key" and the like are.
"""

from __future__ import annotations

import re

from kbdesk.core.redaction.engine import Rule, Sink, is_placeholder, lower_same_length
from kbdesk.core.redaction.rules.words import looks_random, not_a_secret

# -- passwords in prose --------------------------------------------------------------

_PASSWORD_WORDS = (
    r"pass(?:word|wd|phrase|code)?s?|pwd|pw|passwort|kennwort|mot de passe|contrase[ñn]a|clave|senha|"
    r"wachtwoord|l[öo]senord|salasana|has[łl]o|parola|adgangskode|passord"
)
_VERBS = (
    r"is|was|will be|is now|ist|war|lautet|es|est|era|é|is set to|was set to|set to|to|becomes|is still|"
    r"=|:|->|remains"
)
_PROSE_RE = re.compile(
    r"(?i)(?<![\w-])(?P<word>" + _PASSWORD_WORDS + r")"
    r"(?:"
    # a few words, then a verb or a colon: "the password for the shared mailbox is ...",
    # "the password was changed to ...", "wrote the password down: ..."
    r"(?:[ \t]+[\w'-]{1,20}){1,5}(?:[ \t]+(?:" + _VERBS + r")|[ \t]*[:=])"
    # or a verb or separator right after the word: "password is", "pw:", "Passwort ist"
    r"|[ \t]*(?:(?<=[ \t])(?:" + _VERBS + r")|[:=])"
    # or nothing: "login jdoe password N3tRcP4ss" (.netrc), "use pass Gr33nTea#9"
    r")?"
    r"[ \t]*:?[ \t]+(?P<q>[\"'“‘]?)(?P<v>[^\s\"'“”‘’]{4,64})(?P=q)?"
)
_SYMBOL = re.compile(r"[^A-Za-z\s]")


def _password_like(value: str) -> bool:
    """A digit among letters, or mixed case with a symbol inside: "Hunter2Secret!" yes; "changed", "<your" no."""
    core = value.rstrip(".,;)")
    if len(core) < 4 or not any(c.isalpha() for c in core):
        return False
    if core[0] in "<([{" or core[-1] in ">]}":
        return False  # a template or markup: "<your password here>", "[hidden]"
    if core.lower().startswith(("http://", "https://", "www.")) or core.startswith(("/", "\\", "~", "$", "%")):
        return False
    if any(c.isdigit() for c in core):
        return True
    mixed = any(c.isupper() for c in core[1:]) and any(c.islower() for c in core)
    return mixed and bool(_SYMBOL.search(core[1:-1]))


def _replace_prose(m: re.Match[str], sink: Sink) -> str:
    value = m.group("v")
    quoted = bool(m.group("q"))
    if not quoted:
        value = value.rstrip(".,;)")
    if not_a_secret(value) or is_placeholder(value) or not _password_like(value):
        return m.group(0)
    s = m.start("v") - m.start()
    return m.group(0)[:s] + sink.sub("password", value) + m.group(0)[s + len(value) :]


# -- random tokens next to secret words ----------------------------------------------

# Searched in lower-cased text, with no lookbehind in front (``re`` then skips ahead on the
# first letters); the word boundary before it is checked in _scan_context.
_SECRET_CONTEXT_RE = re.compile(
    r"(?:tokens?|secrets?|api[ _-]?keys?|access[ _-]?keys?|secret[ _-]?keys?|signing[ _-]?keys?|"
    r"encryption[ _-]?keys?|private[ _-]?keys?|license[ _-]?keys?|master[ _-]?keys?|session[ _-]?keys?|"
    r"auth[ _-]?keys?|client[ _-]?secrets?|credentials?|passwords?|passphrases?|bearer)(?![a-z])"
)
_CANDIDATE = re.compile(r"[A-Za-z0-9+/=_~.%-]{16,}")
_WINDOW = 64


def _scan_context(text: str, sink: Sink) -> str:
    low = lower_same_length(text)
    out: list[str] = []
    last = 0
    pos = 0
    while True:
        m = _SECRET_CONTEXT_RE.search(low, pos)
        if m is None:
            break
        pos = m.end()
        if m.start() > 0 and low[m.start() - 1].isalpha():
            continue
        limit = min(len(text), m.end() + _WINDOW)
        line_end = text.find("\n", m.end(), limit)
        if line_end != -1:
            limit = line_end
        for c in _CANDIDATE.finditer(text, m.end(), limit + 256):
            if c.start() >= limit:
                break
            value = c.group(0).rstrip(".,")
            if is_placeholder(value) or not looks_random(value):
                continue
            sink.pos = sink.offset + c.start()
            out.append(text[last : c.start()])
            out.append(sink.sub("secret_value", value))
            last = pos = c.start() + len(value)
            break
    if not out:
        return text
    out.append(text[last:])
    return "".join(out)


RULES: tuple[Rule, ...] = (
    Rule(
        "password_prose",
        frozenset({"password"}),
        _PROSE_RE,
        _replace_prose,
        ("pass", "pw", "kennwort", "contrase", "clave", "senha", "wachtwoord", "senord", "salasana"),
        lower=True,
    ),
    Rule(
        "secret_context",
        frozenset({"secret_value"}),
        _SECRET_CONTEXT_RE,
        lambda m, sink: m.group(0),
        ("token", "secret", "key", "credential", "password", "passphrase", "bearer"),
        lower=True,
        scan=_scan_context,
    ),
)
