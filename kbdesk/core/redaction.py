"""Take secrets and personal data out of text before it goes into an escalation bundle.

One :class:`Redactor` serves one bundle. It replaces every sensitive value
with a typed placeholder such as ``<EMAIL-1>`` or ``<SECRET-AWS-KEY-2>``; the
same value gets the same placeholder in every file of the bundle, so a support
agent can still follow "the same user" or "the same address" across logs
without seeing it. The redactor remembers originals only in memory, to keep
the numbering consistent; nothing it reports or raises contains them.

Usage::

    redactor = Redactor(custom_terms=["Contoso"], disabled_categories={"ipv4"})
    result = redactor.redact(log_text, source="logs/app.log")
    verify_clean(result.text, "logs/app.log")      # last check before writing
    report = redactor.report()                      # counts only, never values
    json.dumps(report.to_dict())

Categories and placeholders (see :data:`CATEGORIES` for the full table):

* secrets, which can never be turned off: private key blocks
  (``<SECRET-PRIVATE-KEY-n>``, the whole block including its BEGIN/END lines),
  AWS access key ids and secret keys, GitHub, Slack, Stripe, Google, npm
  tokens, Azure storage keys and SAS signatures, webhook URLs (scheme, host
  and the path up to the hook segment stay), JWTs, ``Authorization`` header
  credentials, passwords (``<PASSWORD-n>``: URL passwords, ``password=``,
  ``Pwd=``...) and other secret values in key=value, INI, YAML, JSON and XML
  forms (``<SECRET-n>``). For key=value forms the key and quotes stay and only
  the value is replaced.
* payment card numbers (``<CARD-n>``): also never turned off, since card data
  has no diagnostic value and carries legal obligations.
* personal data, each of which a bundle may keep: ``email``, ``user`` (the
  current user name, user names in home folders, URLs and ``user=`` keys),
  ``hostname`` (this machine), ``ipv4``, ``ipv6``, ``mac``.
* ``custom``: terms an organisation adds, matched literally and case-insensitively
  anywhere, even inside words.

Decisions worth knowing (tests pin each of them):

* An IPv4 address is four dot-separated decimal numbers 0-255 without leading
  zeros, not glued to a letter, digit or dot on either side (so ``1.2.3.4.5``,
  ``v1.2.3.4`` and ``10.0.19045.1234`` stay) and not preceded by a version
  word (``version``, ``ver``, ``v``, ``build``, ``release``, ``firmware``,
  ``rev``). Loopback (127.x.x.x), 0.0.0.0, broadcast and netmasks
  (255.255.255.0) stay: they say nothing about a person. Any other
  four-number dotted value is treated as an address, so a bare "1.2.3.4"
  without a version word is redacted.
* IPv6 candidates are validated with :mod:`ipaddress`; ``::``, ``::1`` and
  netmasks (``ffff:ffff:ffff:ffff::``) stay.
  Times such as ``15:44:02`` and C++ ``std::string`` are not addresses.
* UUIDs, git commit hashes and sha256 digests stay: support needs them to
  correlate events, and they do not identify a person. A hex value is a
  secret only where its key says so (``"secret": "e3b0..."``).
* Card numbers need a known issuer prefix, a matching length (13-19 digits,
  single spaces or dashes allowed between digits) and a valid Luhn check
  digit, so timestamps, epoch milliseconds and long ids stay.
* User names in home folders (``/home/alice``, ``/Users/alice``,
  ``C:\\Users\\alice``) are replaced; shared folders (Public, Default, All
  Users, Shared) and generic accounts (root, admin, user, guest...) stay.
  URL paths such as ``https://x.example/home/about`` are not home folders.
* The current user name and the host name are replaced as whole words
  (case-insensitive); generic account names and names shorter than three
  characters are not, because they would hit ordinary words. A name found
  only inside a home folder is not searched for elsewhere.
* E-mail addresses whose "domain" ends in a file extension (``icon@2x.png``)
  and ``git@`` ssh remotes are not e-mail addresses.
* ``key: value`` with an unquoted key counts only at the start of a line
  (YAML, HTTP headers) or after ``{`` or ``,``; ``password: x`` in the middle
  of prose is not a key. A line-start ``key = value`` or ``key: value`` hides
  the rest of the line, because INI and YAML values may contain spaces.
  Values that are references or already masked (``${DB_PASSWORD}``,
  ``%PASS%``, ``****``, ``null``, ``<placeholder>``) stay.

Speed (``.venv/bin/python benchmarks/bench_redaction.py``: a synthetic
10 MB, 87,000-line log with timestamps, paths, versions, UUIDs, addresses and
a few secrets per thousand lines, on the 2-core development VM): redact
0.8 s of CPU (1.0 s wall on an idle machine), :func:`find_secret_shapes`
0.3 s on the redacted text. How: each rule looks only at the lines where one
of its anchors occurs (a literal, or a pattern that starts with a literal, so
``re`` skips ahead in C); key=value matching runs on lower-cased text rather
than with IGNORECASE; very long lines are cut into windows around the hits;
value scans are bounded. No pattern nests unbounded quantifiers over
overlapping characters, so hostile input costs linear time (tests feed some).
"""

from __future__ import annotations

import base64
import binascii
import bisect
import getpass
import ipaddress
import re
import socket
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import NamedTuple

from kbdesk.core.errors import RedactionError

__all__ = [
    "CATEGORIES",
    "REPORT_VERSION",
    "Category",
    "RedactionReport",
    "RedactionResult",
    "Redactor",
    "SecretFinding",
    "SourceCounts",
    "find_secret_shapes",
    "format_report",
    "redact_stream_text",
    "verify_clean",
]

REPORT_VERSION = 1


@dataclass(frozen=True)
class Category:
    """One kind of sensitive value and the placeholder label it gets."""

    name: str
    label: str
    kind: str  # "secret", "personal" or "custom"
    description: str
    can_disable: bool


def _cat(name: str, label: str, kind: str, description: str, can_disable: bool | None = None) -> Category:
    if can_disable is None:
        can_disable = kind != "secret"
    return Category(name, label, kind, description, can_disable)


#: every category, in the order a consent dialog should list them
CATEGORIES: tuple[Category, ...] = (
    _cat("private_key", "SECRET-PRIVATE-KEY", "secret", "Private key blocks (PEM, OpenSSH, PGP)"),
    _cat("aws_key", "SECRET-AWS-KEY", "secret", "AWS access key ids (AKIA..., ASIA...)"),
    _cat("aws_secret", "SECRET-AWS-SECRET", "secret", "AWS secret access keys"),
    _cat("github_token", "SECRET-GITHUB-TOKEN", "secret", "GitHub tokens (ghp_, gho_, github_pat_...)"),
    _cat("slack_token", "SECRET-SLACK-TOKEN", "secret", "Slack tokens (xoxb-, xoxp-...)"),
    _cat("stripe_key", "SECRET-STRIPE-KEY", "secret", "Stripe keys (sk_live_, rk_live_, pk_live_, _test_)"),
    _cat("google_api_key", "SECRET-GOOGLE-KEY", "secret", "Google API keys (AIza...)"),
    _cat("npm_token", "SECRET-NPM-TOKEN", "secret", "npm access tokens (npm_...)"),
    _cat("azure_key", "SECRET-AZURE-KEY", "secret", "Azure storage and service bus keys (AccountKey=...)"),
    _cat("azure_sas", "SECRET-AZURE-SAS", "secret", "Azure shared access signatures (sig=...)"),
    _cat("webhook", "SECRET-WEBHOOK", "secret", "Webhook URLs (Slack, Discord, Teams, others)"),
    _cat("jwt", "SECRET-JWT", "secret", "JSON web tokens (eyJ...)"),
    _cat("auth_header", "SECRET-TOKEN", "secret", "Authorization: Bearer/Basic credentials"),
    _cat("password", "PASSWORD", "secret", "Passwords in URLs, settings and connection strings"),
    _cat("secret_value", "SECRET", "secret", "API keys, tokens and secrets in key=value settings"),
    _cat("card", "CARD", "personal", "Payment card numbers (Luhn-checked)", can_disable=False),
    _cat("email", "EMAIL", "personal", "E-mail addresses"),
    _cat("user", "USER", "personal", "User names (current user, home folders, URLs, user= keys)"),
    _cat("hostname", "HOST", "personal", "This computer's name"),
    _cat("ipv4", "IPV4", "personal", "IPv4 addresses"),
    _cat("ipv6", "IPV6", "personal", "IPv6 addresses"),
    _cat("mac", "MAC", "personal", "Hardware (MAC) addresses"),
    _cat("custom", "CUSTOM", "custom", "Terms your organisation asked to hide"),
)

_BY_NAME: dict[str, Category] = {c.name: c for c in CATEGORIES}
#: the categories :func:`find_secret_shapes` looks for and no bundle may keep
PROTECTED_CATEGORIES: frozenset[str] = frozenset(c.name for c in CATEGORIES if not c.can_disable)

#: matches any placeholder this module writes
PLACEHOLDER_RE = re.compile(r"<[A-Z][A-Z0-9]*(?:-[A-Z0-9]+)*-\d+>")
_PLACEHOLDER_SRC = PLACEHOLDER_RE.pattern

#: account names that are not a person; never treated as a user name
_GENERIC_ACCOUNTS = frozenset(
    {
        "root",
        "admin",
        "administrator",
        "administrators",
        "user",
        "users",
        "guest",
        "default",
        "defaultuser0",
        "default user",
        "public",
        "all users",
        "shared",
        "system",
        "localsystem",
        "local service",
        "network service",
        "nobody",
        "daemon",
        "www-data",
        "git",
        "ubuntu",
        "ec2-user",
        "vagrant",
        "postgres",
        "mysql",
        "sa",
        "test",
        "me",
        "runner",
        "builder",
        "anonymous",
        "everyone",
        "service",
        "services",
        "username",
        "your_username",
    }
)


# --------------------------------------------------------------------------- results


class SecretFinding(NamedTuple):
    """A secret shape found by :func:`find_secret_shapes`: which kind and on which 1-based line."""

    category: str
    line: int


Counts = tuple[tuple[str, int], ...]


def _freeze_counts(counter: Counter[str] | dict[str, int]) -> Counts:
    order = {c.name: i for i, c in enumerate(CATEGORIES)}
    return tuple(sorted(((k, v) for k, v in counter.items() if v), key=lambda kv: order.get(kv[0], 999)))


@dataclass(frozen=True)
class RedactionResult:
    """The redacted text of one source and how many values of each category were replaced."""

    text: str
    source: str
    counts: Counts = ()

    @property
    def total(self) -> int:
        return sum(n for _, n in self.counts)


@dataclass(frozen=True)
class SourceCounts:
    source: str
    counts: Counts


@dataclass(frozen=True)
class RedactionReport:
    """What a redactor replaced, per source and in total. Holds counts, never values."""

    per_source: tuple[SourceCounts, ...]
    totals: Counts
    distinct: Counts
    disabled_categories: tuple[str, ...]
    version: int = REPORT_VERSION

    @property
    def total(self) -> int:
        return sum(n for _, n in self.totals)

    def to_dict(self) -> dict[str, object]:
        return {
            "version": self.version,
            "totals": dict(self.totals),
            "distinct": dict(self.distinct),
            "disabled_categories": list(self.disabled_categories),
            "per_source": [{"source": s.source, "counts": dict(s.counts)} for s in self.per_source],
        }


def format_report(report: RedactionReport) -> str:
    """A short human-readable summary, e.g. for the CLI's stderr."""
    lines = [f"redacted {report.total} value(s)"]
    for name, n in report.totals:
        lines.append(f"  {name}: {n}")
    if report.disabled_categories:
        lines.append("kept (turned off): " + ", ".join(report.disabled_categories))
    for src in report.per_source:
        detail = ", ".join(f"{k}={v}" for k, v in src.counts) or "nothing"
        lines.append(f"  {src.source}: {detail}")
    return "\n".join(lines)


# --------------------------------------------------------------------------- rule engine


class _Sink:
    """Where rules hand each sensitive value; decides what replaces it."""

    #: where the current match starts in the whole text; set by the rules, read by the detector
    pos: int = 0
    #: where the text a rule is looking at starts in the whole text
    offset: int = 0

    def sub(self, category: str, value: str, norm: str | None = None) -> str:
        """Return what replaces ``value``; ``norm`` is the form that decides "the same value"."""
        raise NotImplementedError


Anchor = str | re.Pattern[str] | re.Pattern[bytes]


@dataclass(frozen=True)
class _Rule:
    """One pattern and what replaces its matches.

    ``anchors`` keep rules fast: a rule looks only at the lines where one of
    its anchors occurs. An anchor is a literal (found with ``str.find``), a
    pattern that starts with a literal (so ``re`` can skip ahead quickly), or a
    bytes pattern run over the digit-folded text (see :class:`_Views`). With
    ``lower`` the str anchors apply to the lower-cased text. No anchors means
    every line. ``whole_text`` rules (multi-line matches) see the whole text
    once any anchor occurs.
    """

    name: str
    categories: frozenset[str]
    pattern: re.Pattern[str]
    replace: Callable[[re.Match[str], _Sink], str]
    anchors: tuple[Anchor, ...] = ()
    lower: bool = False
    whole_text: bool = False
    #: a hand-written scan loop, for rules whose value may end past what the pattern matched
    scan: Callable[[str, _Sink], str] | None = None

    def run(self, text: str, sink: _Sink) -> str:
        if self.scan is not None:
            return self.scan(text, sink)

        def replace(m: re.Match[str]) -> str:
            sink.pos = sink.offset + m.start()
            return self.replace(m, sink)

        return self.pattern.sub(replace, text)


_DIGIT_FOLD = bytes.maketrans(b"123456789", b"000000000")
_ASCII_LOWER = {c: c + 32 for c in range(ord("A"), ord("Z") + 1)}


def _lower_same_length(text: str) -> str:
    """``text.lower()``, unless that changes the length (as "İ" does); then only ASCII letters are lowered.

    Anchors and the key=value scan search the lowered text and use the positions in the original.
    """
    low = text.lower()
    return low if len(low) == len(text) else text.translate(_ASCII_LOWER)


class _Views:
    """Cheap derived forms of one text, made on first use."""

    def __init__(self, text: str) -> None:
        self.text = text
        self._lower: str | None = None
        self._digits: bytes | None = None

    def lowered(self) -> str:
        if self._lower is None:
            self._lower = _lower_same_length(self.text)
        return self._lower

    def digits(self) -> bytes:
        """ASCII bytes of the text with every digit turned into "0", one byte per character."""
        if self._digits is None:
            self._digits = self.text.encode("ascii", "replace").translate(_DIGIT_FOLD)
        return self._digits


_LONG_LINE = 8192
_WINDOW = 1024
_DELIMITER = re.compile(r"[\s,;]")


def _cut_before(text: str, pos: int, floor: int) -> int:
    """A delimiter position at or before ``pos`` (not before ``floor``) to start a window at."""
    lo = max(floor, pos - 256)
    for i in range(pos, lo - 1, -1):
        if text[i] in " \t\r\n,;":
            return i + 1
    return max(floor, pos)


def _cut_after(text: str, pos: int, ceiling: int) -> int:
    m = _DELIMITER.search(text, pos, min(ceiling, pos + 256))
    return m.start() if m else min(ceiling, pos)


def _line_spans(rule: _Rule, views: _Views) -> list[tuple[int, int]]:
    """The merged (start, end) spans of the lines that hold one of the rule's anchors."""
    text = views.text
    n = len(text)
    if not rule.anchors or not text:
        return [(0, n)] if text else []
    hits: list[tuple[int, int]] = []

    def add(start: int, end: int) -> int:
        # A huge line (minified JSON, a one-line dump) would make every rule scan all of
        # it; look at a window around the hit instead, cut at a delimiter. The newline
        # searches are bounded so that many hits on one huge line stay linear.
        lo = max(0, start - _LONG_LINE)
        s = text.rfind("\n", lo, start) + 1
        if s == 0 and lo > 0:
            s = _cut_before(text, start - _WINDOW, lo)
        hi = min(n, end + _LONG_LINE)
        e = text.find("\n", max(end - 1, start), hi)
        if e == -1:
            e = n if hi == n else _cut_after(text, end + _WINDOW, hi)
        else:
            e += 1
        hits.append((s, e))
        return e

    for anchor in rule.anchors:
        if isinstance(anchor, str):
            hay = views.lowered() if rule.lower else text
            i = hay.find(anchor)
            while i != -1:
                i = hay.find(anchor, add(i, i + len(anchor)))
        else:
            if isinstance(anchor.pattern, bytes):
                bhay = views.digits()
                found_b = anchor.search(bhay)
                while found_b is not None:
                    found_b = anchor.search(bhay, add(found_b.start(), found_b.end()))
            else:
                shay = views.lowered() if rule.lower else text
                found_s = anchor.search(shay)
                while found_s is not None:
                    found_s = anchor.search(shay, add(found_s.start(), found_s.end()))
        if hits and rule.whole_text:
            return [(0, n)]
    if not hits:
        return []
    hits.sort()
    merged = [hits[0]]
    for s, e in hits[1:]:
        ms, me = merged[-1]
        if s <= me:
            if e > me:
                merged[-1] = (ms, e)
        else:
            merged.append((s, e))
    return merged


def _run_rule(rule: _Rule, views: _Views, sink: _Sink) -> str:
    """Apply one rule to the lines its anchors select; returns the same object if nothing changed."""
    text = views.text
    spans = _line_spans(rule, views)
    out: list[str] = []
    last = 0
    for s, e in spans:
        segment = text if (s == 0 and e == len(text)) else text[s:e]
        sink.offset = s
        new = rule.run(segment, sink)
        if new is not segment and new != segment:
            out.append(text[last:s])
            out.append(new)
            last = e
    sink.offset = 0
    if not out:
        return text
    out.append(text[last:])
    return "".join(out)


def _is_placeholder(value: str) -> bool:
    return PLACEHOLDER_RE.fullmatch(value) is not None


# -- private keys ------------------------------------------------------------

_PEM_BEGIN = r"-----BEGIN[ A-Z0-9]{0,40}PRIVATE KEY(?: BLOCK)?-----"
_PEM_END = r"-----END[ A-Z0-9]{0,40}PRIVATE KEY(?: BLOCK)?-----"
# body: base64 runs, whitespace, escaped newlines (PEM inside JSON) and RFC 1421 headers.
# The group is atomic and its alternatives barely overlap, so the loop cannot backtrack badly.
_PEM_RE = re.compile(
    _PEM_BEGIN
    + r"(?P<body>(?>(?:Proc-Type|DEK-Info|Comment|Version):[^\r\n\\]*|[A-Za-z0-9+/=]+|\s+|\\[rn])*)"
    + r"(?P<end>"
    + _PEM_END
    + r")?"
)
_B64_LINE = re.compile(r"[A-Za-z0-9+/=]+")


def _replace_pem(m: re.Match[str], sink: _Sink) -> str:
    block = m.group(0)
    if m.group("end"):
        return sink.sub("private_key", block)
    # Truncated key (a log cut it off): the body ran over whatever followed the
    # last key line. Keep only lines that look like key material.
    body = m.group("body")
    header_len = m.start("body") - m.start()
    pieces = re.split(r"(\r?\n|\\r?\\n)", body)
    keep_upto = 0
    consumed = 0
    text = m.string
    ends_line = m.end() == len(text) or text[m.end()] in "\r\n"
    for i, piece in enumerate(pieces):
        stripped = piece.strip()
        is_sep = i % 2 == 1
        if i == len(pieces) - 1 and not ends_line and stripped:
            break  # the start of an ordinary line ("2026" of "2026-11-26 ..."), not key material
        if (
            is_sep
            or not stripped
            or _B64_LINE.fullmatch(stripped)
            or re.match(r"(Proc-Type|DEK-Info|Comment|Version):", stripped)
        ):
            consumed += len(piece)
            if not is_sep and stripped:
                keep_upto = consumed
            continue
        break
    cut = header_len + keep_upto
    return sink.sub("private_key", block[:cut]) + block[cut:]


# -- tokens of well-known shapes ----------------------------------------------


def _token_rule(name: str, category: str, regex: str, anchors: tuple[Anchor, ...]) -> _Rule:
    def replace(m: re.Match[str], sink: _Sink) -> str:
        return sink.sub(category, m.group(0))

    return _Rule(name, frozenset({category}), re.compile(regex), replace, anchors)


def _group_rule(
    name: str, category: str, regex: str, group: str, anchors: tuple[Anchor, ...], lower: bool = False
) -> _Rule:
    """Replace only ``group`` of each match; the text around it stays."""

    def replace(m: re.Match[str], sink: _Sink) -> str:
        value = m.group(group)
        if _is_placeholder(value):
            return m.group(0)
        s, e = m.span(group)
        base = m.start()
        whole = m.group(0)
        return whole[: s - base] + sink.sub(category, value) + whole[e - base :]

    return _Rule(name, frozenset({category}), re.compile(regex), replace, anchors, lower)


_JWT_RE = r"(?<![A-Za-z0-9_-])eyJ[A-Za-z0-9_-]{4,}\.eyJ[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]*(?:\.[A-Za-z0-9_-]+){0,2}"

_WEBHOOK_RE = re.compile(
    r"(?i)\bhttps?://(?P<host>[a-z0-9.-]+(?::\d+)?)"
    r"(?P<lead>/(?:[^\s\"'<>\\/?#]+/)*?(?:services|workflows|triggers|webhooks?|webhookb2|hooks?)/)"
    r"(?P<rest>[^\s\"'<>\\]+)"
)
_WEBHOOK_HOSTS = re.compile(
    r"(?i)(?:^|\.)(?:hooks\.slack\.com|discord(?:app)?\.com|webhook\.office\.com|outlook\.office(?:365)?\.com|logic\.azure\.com|hooks\.zapier\.com)(?::\d+)?$"
)


def _replace_webhook(m: re.Match[str], sink: _Sink) -> str:
    host = m.group("host")
    lead = m.group("lead")
    rest = m.group("rest")
    segment = lead.rstrip("/").rsplit("/", 1)[-1].lower()
    known_host = _WEBHOOK_HOSTS.search(host) is not None
    # "services", "workflows" and "triggers" are hook segments only on known hook hosts;
    # elsewhere they are ordinary API paths.
    if not known_host and segment in {"services", "workflows", "triggers"}:
        return m.group(0)
    if _is_placeholder(rest) or len(rest) < 8:
        return m.group(0)
    return m.group(0)[: m.start("rest") - m.start()] + sink.sub("webhook", rest)


# -- URLs with credentials ---------------------------------------------------

_URL_CRED_RE = re.compile(
    r"(?P<scheme>\b[A-Za-z][A-Za-z0-9+.-]{0,20}://)"
    r"(?P<user>[^\s:/@?#\"'<>\\]*)"
    r"(?::(?P<pw>[^\s/@?#\"'<>\\]*))?"
    r"@(?=[A-Za-z0-9\[])"
)


def _replace_url_cred(m: re.Match[str], sink: _Sink) -> str:
    user = m.group("user")
    pw = m.group("pw")
    if pw is None and not user:
        return m.group(0)
    out = [m.group("scheme")]
    if user and not _is_placeholder(user) and user.lower() not in _GENERIC_ACCOUNTS:
        out.append(sink.sub("user", user, user.casefold()))
    else:
        out.append(user)
    if pw is not None:
        out.append(":")
        out.append(pw if (not pw or _is_placeholder(pw)) else sink.sub("password", pw))
    out.append("@")
    return "".join(out)


# -- AWS secret keys (only in context) ---------------------------------------

_AWS_SECRET_RE = (
    r"(?i)(?:aws_?)?secret_?(?:access_?)?key[\"']?\s*(?:=>?|:)\s*[\"']?"
    r"(?P<v>[A-Za-z0-9/+]{40})(?![A-Za-z0-9/+=])"
)

# -- Authorization headers ----------------------------------------------------

_AUTH_HEADER_RE = re.compile(
    r"(?i)\b(?:proxy-)?authorization[\"']?\s*[:=]\s*[\"']?"
    r"(?:(?P<scheme>bearer|basic|token|digest|negotiate|ntlm|aws4-hmac-sha256|apikey|sharedkey)[ \t]+)?"
    r"(?P<v>[^\s\"',;]+(?:[ \t]*[,;]?[ \t]*[A-Za-z]+=[^\s\"',;]*)*)"
)


def _replace_auth_header(m: re.Match[str], sink: _Sink) -> str:
    value = m.group("v")
    if _is_placeholder(value) or value.lower() in {"none", "null", "required", "missing", "header"}:
        return m.group(0)
    s = m.start("v") - m.start()
    return m.group(0)[:s] + sink.sub("auth_header", value)


_BARE_AUTH_RE = re.compile(r"(?i)(?<![A-Za-z0-9_-])(?P<scheme>bearer|basic)[ \t]+(?P<v>[A-Za-z0-9._~+/-]+=*)")


def _replace_bare_auth(m: re.Match[str], sink: _Sink) -> str:
    value = m.group("v")
    if m.group("scheme").lower() == "bearer":
        looks_secret = len(value) >= 16 and any(c.isdigit() for c in value) and any(c.isalpha() for c in value)
    else:
        looks_secret = _decodes_to_credentials(value)
    if not looks_secret:
        return m.group(0)
    return m.group(0)[: m.start("v") - m.start()] + sink.sub("auth_header", value)


def _decodes_to_credentials(value: str) -> bool:
    if len(value) < 8 or len(value) % 4:
        return False
    try:
        decoded = base64.b64decode(value, validate=True).decode("utf-8")
    except (binascii.Error, UnicodeDecodeError):
        return False
    return ":" in decoded and decoded.isprintable()


# -- key=value secrets, INI, .env, YAML, JSON, connection strings -------------

_SECRET_WORDS = (
    r"pass(?:word|wd|phrase|code)?|pwd|secret|token|api[_-]?key|apikey|access[_-]?key|"
    r"private[_-]?key|auth[_-]?key|client[_-]?secret|credentials?|account[_-]?key|"
    r"shared[_-]?access[_-]?key|session[_-]?key|encryption[_-]?key|signing[_-]?key|master[_-]?key|"
    r"secret[_-]?key"
)
_USER_WORDS = r"user[ _-]?name|user[ _-]?id|user|uid|login|logon"
_PASSWORD_KEY = re.compile(r"(?i)pass|pwd")
_USER_KEY = re.compile(r"(?i)^(?:" + _USER_WORDS + r")$")

# The match stops after the separator; _scan_kv decides where the value ends, so a
# key whose value is kept (user=root) never hides the next key on the same line.
# Runs on lower-cased text: an IGNORECASE alternation is several times slower in ``re``.
_KV_RE = re.compile(
    r"(?P<kw>" + _SECRET_WORDS + r"|" + _USER_WORDS + r")(?P<kq>[\"']?)"
    r"[ \t]*(?P<sep>=>|=(?!=)|:(?![:/\\]))[ \t]*"
)
_USER_KEYS = re.compile(r"(?i)(?:[a-z0-9]+[_.-])?(?:user(?:[ _-]?name)?)|user[ _-]?id|uid|login|logon")
_QUOTED_VALUE = re.compile(r"\"((?:[^\"\\\r\n]|\\.)*)\"|'([^'\r\n]*)'")
_REST_OF_LINE = re.compile(r"[^\r\n]*")
_KEY_CHARS = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_.-")
_SKIP_VALUES = frozenset(
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
_REFERENCE_VALUE = re.compile(
    r"\$\{[^}]*\}|\$\([^)]*\)|\$[A-Za-z_][A-Za-z0-9_]*|%[A-Za-z_][A-Za-z0-9_]*%|\{\{.*\}\}|<[^<>]*>|[*xX•]+|\*+[^*]{0,4}"
)


def _key_start(text: str, kw_start: int) -> int:
    i = kw_start
    floor = max(0, kw_start - 128)
    while i > floor and text[i - 1] in _KEY_CHARS:
        i -= 1
    return i


def _keyword_boundary_ok(text: str, kw_start: int) -> bool:
    if kw_start == 0:
        return True
    prev = text[kw_start - 1]
    if not prev.isalnum():
        return True
    # camelCase: "clientSecret", "dbPassword", "AccessToken"
    return (prev.islower() and text[kw_start].isupper()) or (prev.isdigit() and text[kw_start].isupper())


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
    return i > 0 and text[i - 1] in "{,(["


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
    kw_start = m.start("kw")
    if not _keyword_boundary_ok(text, kw_start):
        return None
    key_start = _key_start(text, kw_start)
    before = text[key_start - 1] if key_start > 0 else ""
    quoted_key = bool(m.group("kq")) or before in ('"', "'")
    sep = m.group("sep")
    line_start = _line_start_key(text, key_start - (1 if before in ('"', "'") else 0))
    v_start = m.end()
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
    if not value or value.lower() in _SKIP_VALUES or _is_placeholder(value) or _REFERENCE_VALUE.fullmatch(value):
        return None
    keyword = m.group("kw")
    if _USER_KEY.match(keyword):
        key = text[_key_start(text, m.start("kw")) : m.end("kw")]
        # "user", "username", "db_user", "User ID": a person; "max_login", "last_login": not
        if not _USER_KEYS.fullmatch(key) or value.isdigit() or value.lower() in _GENERIC_ACCOUNTS:
            return None
        if re.fullmatch(r"[\d:./ -]+", value):
            return None  # a date or a number
        return "user"
    if _PASSWORD_KEY.search(keyword):
        return "password"
    return "secret_value"


def _scan_kv(text: str, sink: _Sink) -> str:
    low = _lower_same_length(text)
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
    r"(?i)<(?P<tag>[A-Za-z0-9_:.-]*(?:password|passwd|pwd|secret|token|apikey|api_key|accountkey))>"
    r"(?P<v>[^<\r\n]+)</(?P=tag)>"
)


def _replace_xml(m: re.Match[str], sink: _Sink) -> str:
    value = m.group("v")
    if _is_placeholder(value) or value.lower() in _SKIP_VALUES or _REFERENCE_VALUE.fullmatch(value):
        return m.group(0)
    category = "password" if _PASSWORD_KEY.search(m.group("tag")) else "secret_value"
    s = m.start("v") - m.start()
    return m.group(0)[:s] + sink.sub(category, value) + m.group(0)[s + len(value) :]


_CLI_FLAG_RE = re.compile(
    r"(?i)(?<![\w-])--?(?P<flag>[a-z-]*(?:password|passwd|token|secret|api-key|apikey))[ \t]+(?P<v>\"[^\"\r\n]*\"|'[^'\r\n]*'|[^\s\"'-][^\s]*)"
)


def _replace_cli_flag(m: re.Match[str], sink: _Sink) -> str:
    raw = m.group("v")
    value = raw[1:-1] if raw[0] in "\"'" else raw
    if not value or _is_placeholder(value) or _REFERENCE_VALUE.fullmatch(value):
        return m.group(0)
    category = "password" if _PASSWORD_KEY.search(m.group("flag")) else "secret_value"
    s = m.start("v") - m.start() + (1 if raw[0] in "\"'" else 0)
    return m.group(0)[:s] + sink.sub(category, value) + m.group(0)[s + len(value) :]


# -- payment cards -------------------------------------------------------------

_CARD_RE = re.compile(r"(?<!\d)(?<!\d[ -])\d(?:[ -]?\d){12,18}(?!\d)(?![ -]\d)")


def _luhn_ok(digits: str) -> bool:
    total = 0
    for i, ch in enumerate(reversed(digits)):
        d = ord(ch) - 48
        if i % 2:
            d *= 2
            if d > 9:
                d -= 9
        total += d
    return total % 10 == 0


def _issuer_ok(d: str) -> bool:
    n = len(d)
    two, four = int(d[:2]), int(d[:4])
    if d[0] == "4":
        return n in (13, 16, 19)
    if 51 <= two <= 55 or 2221 <= four <= 2720:
        return n == 16
    if two in (34, 37):
        return n == 15
    if d.startswith("6011") or two == 65 or 644 <= int(d[:3]) <= 649:
        return 16 <= n <= 19
    if 300 <= int(d[:3]) <= 305 or two in (36, 38, 39):
        return 14 <= n <= 19
    if 3528 <= four <= 3589 or two in (62, 50, 56, 57, 58, 67):
        return 16 <= n <= 19
    return False


def _replace_card(m: re.Match[str], sink: _Sink) -> str:
    raw = m.group(0)
    digits = raw.replace(" ", "").replace("-", "")
    if not 13 <= len(digits) <= 19 or not _issuer_ok(digits) or not _luhn_ok(digits):
        return raw
    if " " in raw and "-" in raw:
        return raw  # mixed separators: a table of numbers, not a card
    return sink.sub("card", raw, digits)


# -- e-mail ---------------------------------------------------------------------

_EMAIL_RE = re.compile(
    r"(?<![A-Za-z0-9._%+-])(?P<local>[A-Za-z0-9][A-Za-z0-9._%+-]{0,63})@"
    r"(?P<domain>[A-Za-z0-9](?:[A-Za-z0-9-]{0,62}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,62}[A-Za-z0-9])?)*\.[A-Za-z]{2,24})"
    r"(?![A-Za-z0-9-])"
)
_FILE_EXTENSIONS = frozenset(
    [
        "png",
        "jpg",
        "jpeg",
        "gif",
        "svg",
        "webp",
        "ico",
        "bmp",
        "js",
        "mjs",
        "ts",
        "css",
        "json",
        "txt",
        "log",
        "exe",
        "dll",
        "so",
        "dylib",
        "py",
        "md",
        "html",
        "htm",
        "xml",
        "yaml",
        "yml",
        "zip",
        "gz",
        "tar",
        "whl",
        "jar",
        "class",
        "cfg",
        "ini",
        "toml",
        "lock",
        "pdf",
    ]
)


def _replace_email(m: re.Match[str], sink: _Sink) -> str:
    domain = m.group("domain")
    if domain.rsplit(".", 1)[-1].lower() in _FILE_EXTENSIONS or m.group("local").lower() == "git":
        return m.group(0)
    return sink.sub("email", m.group(0), m.group(0).lower())


# -- home folders ---------------------------------------------------------------

_NAME = r"[^\\/\s:*?\"'<>|$%{}~]"
_HOME_RE = re.compile(
    r"(?P<unix>(?:/(?:var|usr|export))?/home/|/Users/)(?P<uname>" + _NAME + r"+)"
    r"|(?P<win>(?:\\\\|\\)(?i:Users|Documents and Settings)(?:\\\\|\\))"
    r"(?P<wname>" + _NAME + r"+(?:[ ]" + _NAME + r"+){0,3}(?=\\)|" + _NAME + r"+)"
)
_SHARED_FOLDERS = frozenset({"public", "default", "default user", "all users", "shared", "defaultuser0", "guest"})


def _replace_home(m: re.Match[str], sink: _Sink) -> str:
    group = "uname" if m.group("unix") else "wname"
    name = m.group(group)
    if name.lower() in _SHARED_FOLDERS or name.lower() in _GENERIC_ACCOUNTS or _is_placeholder(name):
        return m.group(0)
    if m.group("unix"):
        # a URL path ("https://site.example/home/about") is not a home folder
        text = m.string
        i = m.start()
        floor = max(0, i - 2048)
        while i > floor and not text[i - 1].isspace() and text[i - 1] not in "\"'(<":
            i -= 1
        token_head = text[i : m.start()]
        if "://" in token_head and not token_head.lower().startswith("file://"):
            return m.group(0)
    s = m.start(group) - m.start()
    return m.group(0)[:s] + sink.sub("user", name, name.casefold())


# -- network addresses -------------------------------------------------------------

_IPV6_RE = re.compile(
    r"(?<![\w:.])(?=[0-9A-Fa-f]{0,4}:[0-9A-Fa-f]{0,4}:)"
    r"(?:[0-9A-Fa-f]{0,4}:){2,7}(?:(?:\d{1,3}\.){3}\d{1,3}|[0-9A-Fa-f]{1,4})?"
    r"(?:%[A-Za-z0-9_.-]+)?(?![\w:])(?!\.\d)"
)


def _replace_ipv6(m: re.Match[str], sink: _Sink) -> str:
    raw = m.group(0)
    addr = raw.split("%", 1)[0]
    if "::" not in addr and addr.count(":") < 6:
        return raw  # a full address has seven colons (six with an IPv4 tail); times have two
    try:
        ip = ipaddress.IPv6Address(addr)
    except ValueError:
        return raw
    if ip.is_unspecified or ip.is_loopback or _is_ipv6_netmask(int(ip)):
        return raw
    return sink.sub("ipv6", raw, ip.compressed)


def _is_ipv6_netmask(value: int) -> bool:
    """ffff:ffff:ffff:ffff:: and friends: a prefix length written out, not an address."""
    inverted = ~value & ((1 << 128) - 1)
    return value != 0 and (inverted & (inverted + 1)) == 0


_OCTET = r"(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)"
_IPV4_RE = re.compile(r"(?<![\w.])" + _OCTET + r"(?:\." + _OCTET + r"){3}(?![\w])(?!\.\d)")
_VERSION_BEFORE = re.compile(
    r"(?i)(?:^|[^a-z])(?:version|ver|v|build|release|firmware|fw|rev|revision)\.?[ \t]*[:=#]?[ \t]*$"
)
_NETMASKS = frozenset(
    ".".join(str((0xFFFFFFFF << (32 - n) & 0xFFFFFFFF) >> s & 255) for s in (24, 16, 8, 0)) for n in range(8, 33)
)


def _replace_ipv4(m: re.Match[str], sink: _Sink) -> str:
    raw = m.group(0)
    if raw.startswith("127.") or raw == "0.0.0.0" or raw in _NETMASKS:
        return raw
    if _VERSION_BEFORE.search(m.string, max(0, m.start() - 24), m.start()):
        return raw
    return sink.sub("ipv4", raw)


_HEX2 = r"[0-9A-Fa-f]{2}"
_MAC_RE = re.compile(
    r"(?<![0-9A-Fa-f:.-])(?:" + _HEX2 + r"(?P<sep>[:-])" + _HEX2 + r"(?:(?P=sep)" + _HEX2 + r"){4}"
    r"|[0-9A-Fa-f]{4}\.[0-9A-Fa-f]{4}\.[0-9A-Fa-f]{4})(?![0-9A-Fa-f:-])(?!\.[0-9A-Fa-f])"
)


def _replace_mac(m: re.Match[str], sink: _Sink) -> str:
    raw = m.group(0)
    hexdigits = re.sub(r"[^0-9A-Fa-f]", "", raw).lower()
    if hexdigits in ("000000000000", "ffffffffffff"):
        return raw
    if "." in raw and hexdigits.isdigit():
        return raw  # "1234.5678.9012" is more likely a number than a Cisco-style MAC
    return sink.sub("mac", raw, hexdigits)


# -- the static rule list, in the order it runs --------------------------------
# Order matters: whole blocks and specific token shapes go first so that later,
# broader rules see placeholders instead of half a token.

_STATIC_RULES: tuple[_Rule, ...] = (
    _Rule("private_key", frozenset({"private_key"}), _PEM_RE, _replace_pem, ("PRIVATE KEY",), whole_text=True),
    _token_rule("jwt", "jwt", _JWT_RE, ("eyJ",)),
    _Rule(
        "webhook",
        frozenset({"webhook"}),
        _WEBHOOK_RE,
        _replace_webhook,
        ("hook", "workflows/", "triggers/"),
        lower=True,
    ),
    _token_rule(
        "aws_key",
        "aws_key",
        r"(?<![A-Z0-9])(?:AKIA|ASIA|AGPA|AIDA|AROA|AIPA|ANPA|ANVA|ABIA|ACCA)[A-Z0-9]{16}(?![A-Za-z0-9])",
        (re.compile(r"A(?:KIA|SIA|GPA|IDA|ROA|IPA|NPA|NVA|BIA|CCA)[A-Z0-9]{16}"),),
    ),
    _group_rule("aws_secret", "aws_secret", _AWS_SECRET_RE, "v", ("secret",), lower=True),
    _token_rule(
        "github_token",
        "github_token",
        r"(?<![A-Za-z0-9_])(?:gh[pousr]_[A-Za-z0-9]{30,251}|github_pat_[A-Za-z0-9_]{22,251})(?![A-Za-z0-9_])",
        (re.compile(r"g(?:h[pousr]_|ithub_pat_)"),),
    ),
    _token_rule("slack_token", "slack_token", r"(?<![A-Za-z0-9])xox[abeoprs]-[A-Za-z0-9-]{10,250}", ("xox",)),
    _token_rule(
        "stripe_key",
        "stripe_key",
        r"(?<![A-Za-z0-9])(?:sk|rk|pk)_(?:live|test)_[A-Za-z0-9]{10,247}(?![A-Za-z0-9])|(?<![A-Za-z0-9])whsec_[A-Za-z0-9]{20,}",
        ("_live_", "_test_", "whsec_"),
    ),
    _token_rule(
        "google_api_key", "google_api_key", r"(?<![A-Za-z0-9_-])AIza[0-9A-Za-z_-]{35}(?![A-Za-z0-9_-])", ("AIza",)
    ),
    _token_rule("npm_token", "npm_token", r"(?<![A-Za-z0-9_])npm_[A-Za-z0-9]{36}(?![A-Za-z0-9])", ("npm_",)),
    _group_rule(
        "azure_key",
        "azure_key",
        r"(?i)(?:AccountKey|SharedAccessKey|AccessKey)\s*=\s*(?P<v>[A-Za-z0-9+/]{20,}={0,2})",
        "v",
        ("accountkey", "accesskey"),
        lower=True,
    ),
    _group_rule("azure_sas", "azure_sas", r"(?<![A-Za-z0-9_])sig=(?P<v>[A-Za-z0-9%+/=_-]{16,})", "v", ("sig=",)),
    # after the token rules, so https://<token>@github.com names the token, not a user
    _Rule(
        "url_credentials",
        frozenset({"user", "password"}),
        _URL_CRED_RE,
        _replace_url_cred,
        (re.compile(r"://[^\s/@]*@"),),
    ),
    _Rule(
        "auth_header", frozenset({"auth_header"}), _AUTH_HEADER_RE, _replace_auth_header, ("authorization",), lower=True
    ),
    _Rule("bare_auth", frozenset({"auth_header"}), _BARE_AUTH_RE, _replace_bare_auth, ("bearer", "basic"), lower=True),
    _Rule(
        "xml_secret",
        frozenset({"password", "secret_value"}),
        _XML_SECRET_RE,
        _replace_xml,
        ("word>", "wd>", "secret>", "token>", "key>"),
        lower=True,
    ),
    _Rule(
        "cli_flag",
        frozenset({"password", "secret_value"}),
        _CLI_FLAG_RE,
        _replace_cli_flag,
        ("-password", "-passwd", "-token", "-secret", "-api-key", "-apikey"),
        lower=True,
    ),
    _Rule(
        "key_value",
        frozenset({"password", "secret_value", "user"}),
        _KV_RE,
        lambda m, sink: m.group(0),
        # one literal-led pattern per keyword ending: re skips to a literal far faster than to an alternation
        tuple(
            re.compile(lead + r"[\"']?[ \t]*[=:]")
            for lead in (
                r"pass[a-z]{0,6}",
                "pwd",
                "secret",
                "token",
                "key",
                r"credentials?",
                r"user(?:[ _-]?(?:name|id))?",
                "uid",
                r"log(?:in|on)",
            )
        ),
        lower=True,
        scan=_scan_kv,
    ),
    # digits folded to "0": a group of four, then nine more digits (every card layout starts so)
    _Rule("card", frozenset({"card"}), _CARD_RE, _replace_card, (re.compile(rb"0000(?:[ -]?0){9}"),)),
    _Rule("email", frozenset({"email"}), _EMAIL_RE, _replace_email, ("@",)),
    _Rule(
        "home_folder",
        frozenset({"user"}),
        _HOME_RE,
        _replace_home,
        ("/home/", "/users/", "\\users\\", "\\documents and settings\\"),
        lower=True,
    ),
)

# Identity terms (user and host name) and custom terms run after these, then the
# addresses: MAC first (its pattern refuses pieces of IPv6 addresses, and IPv6 then has
# fewer candidates), IPv6 before IPv4 so "::ffff:10.0.0.1" stays whole.
_ADDRESS_RULES: tuple[_Rule, ...] = (
    _Rule(
        "mac",
        frozenset({"mac"}),
        _MAC_RE,
        _replace_mac,
        (
            re.compile(r":[0-9A-Fa-f]{2}:[0-9A-Fa-f]{2}:"),
            re.compile(r"-[0-9A-Fa-f]{2}-[0-9A-Fa-f]{2}-"),
            re.compile(r"\.[0-9A-Fa-f]{4}\.[0-9A-Fa-f]{4}"),
        ),
    ),
    _Rule(
        "ipv6",
        frozenset({"ipv6"}),
        _IPV6_RE,
        _replace_ipv6,
        (re.compile(r":(?::|[0-9A-Fa-f]{1,4}:[0-9A-Fa-f]{1,4}:)"),),
    ),
    _Rule("ipv4", frozenset({"ipv4"}), _IPV4_RE, _replace_ipv4, (re.compile(r"\.\d{1,3}\.\d{1,3}\.\d"),)),
)

_SECRET_SCAN_RULES: tuple[_Rule, ...] = tuple(r for r in _STATIC_RULES if r.categories & PROTECTED_CATEGORIES)


def _apply(rules: Iterable[_Rule], text: str, sink: _Sink, skip: frozenset[str]) -> str:
    views = _Views(text)
    for rule in rules:
        if rule.categories <= skip:
            continue
        new = _run_rule(rule, views, sink)
        if new is not views.text:
            views = _Views(new)
    return views.text


# --------------------------------------------------------------------------- detection


class _Detector(_Sink):
    def __init__(self) -> None:
        self.hits: list[tuple[str, int]] = []

    def sub(self, category: str, value: str, norm: str | None = None) -> str:
        if category in PROTECTED_CATEGORIES:
            self.hits.append((category, self.pos))
        return "<X-0>"


def find_secret_shapes(text: str) -> list[SecretFinding]:
    """Every place in ``text`` that still looks like a secret or a card number.

    Placeholders never count, so redacted output gives an empty list; raw text
    with any secret the redactor knows gives at least one finding. The result
    says which category and which line (1-based), never the value.
    """
    detector = _Detector()
    views = _Views(text)
    for rule in _SECRET_SCAN_RULES:
        _run_rule(rule, views, detector)
    if not detector.hits:
        return []
    newlines = [i for i, ch in enumerate(text) if ch == "\n"] if len(detector.hits) > 50 else None
    found: set[SecretFinding] = set()
    for category, pos in detector.hits:
        line = (bisect.bisect_left(newlines, pos) if newlines is not None else text.count("\n", 0, pos)) + 1
        found.add(SecretFinding(category, line))
    return sorted(found, key=lambda f: (f.line, f.category))


def verify_clean(text: str, source: str) -> None:
    """Raise :class:`RedactionError` if ``text`` still holds a secret shape.

    The message names the source and the line, never the value. ``source``
    appears as given, so pass the name the file has inside the bundle.
    """
    findings = find_secret_shapes(text)
    if not findings:
        return
    first = findings[0]
    more = f" (and {len(findings) - 1} more)" if len(findings) > 1 else ""
    what = _BY_NAME[first.category].description.split(" (")[0].lower()
    raise RedactionError(
        f"{source}: line {first.line}: {what} still present ({first.category}){more}",
        hint="Nothing was written. Redact this file again, or leave it out of the bundle.",
    )


# --------------------------------------------------------------------------- the redactor


@dataclass
class _Counting(_Sink):
    disabled: frozenset[str]
    numbers: dict[tuple[str, str], int] = field(default_factory=dict)
    next_number: Counter[str] = field(default_factory=Counter)
    counts: Counter[str] = field(default_factory=Counter)
    counting: bool = True

    def sub(self, category: str, value: str, norm: str | None = None) -> str:
        if category in self.disabled:
            return value
        ident = (category, value if norm is None else norm)
        number = self.numbers.get(ident)
        if number is None:
            self.next_number[category] += 1
            number = self.next_number[category]
            self.numbers[ident] = number
        if self.counting:
            self.counts[category] += 1
        return f"<{_BY_NAME[category].label}-{number}>"


class Redactor:
    """Redacts every text of one bundle with consistent placeholders.

    ``hostname`` and ``username`` default to this machine's; pass ``""`` to
    skip them. ``usernames`` adds more names to hide as whole words.
    ``custom_terms`` are hidden wherever they occur, ignoring case.
    ``disabled_categories`` keeps those categories as they are; secret
    categories and ``card`` cannot be disabled (:class:`RedactionError`).

    Not thread-safe: use one instance per bundle, from one thread.
    """

    def __init__(
        self,
        *,
        hostname: str | None = None,
        username: str | None = None,
        usernames: Iterable[str] = (),
        custom_terms: Iterable[str] = (),
        disabled_categories: Iterable[str] = (),
    ) -> None:
        disabled = frozenset(disabled_categories)
        unknown = sorted(disabled - _BY_NAME.keys())
        if unknown:
            raise RedactionError(
                f"unknown redaction categories: {', '.join(unknown)}",
                hint="Known categories: " + ", ".join(c.name for c in CATEGORIES if c.can_disable),
            )
        protected = sorted(disabled & PROTECTED_CATEGORIES)
        if protected:
            raise RedactionError(
                f"these categories cannot be turned off: {', '.join(protected)}",
                hint="Secrets and card numbers are always removed from a bundle.",
            )
        self.disabled_categories = disabled
        if hostname is None:
            hostname = _default_hostname()
        if username is None:
            username = _default_username()
        self._sink = _Counting(disabled)
        self._per_source: dict[str, Counter[str]] = {}
        self._rules = (
            _STATIC_RULES + self._identity_rules(hostname, [username, *usernames], custom_terms) + _ADDRESS_RULES
        )

    def __repr__(self) -> str:  # never show the terms or the remembered values
        return f"<Redactor disabled={sorted(self.disabled_categories)} sources={len(self._per_source)}>"

    @staticmethod
    def _identity_rules(hostname: str, usernames: Iterable[str], custom_terms: Iterable[str]) -> tuple[_Rule, ...]:
        identity: dict[str, tuple[str, str]] = {}  # lower-cased term -> (category, normalised value)
        host = (hostname or "").strip()
        if host and host.lower() not in {"localhost", "localhost.localdomain"}:
            short = host.split(".", 1)[0]
            for term in {host, short}:
                if len(term) >= 3:
                    identity[term.lower()] = ("hostname", short.lower())
        for name in usernames:
            name = (name or "").strip()
            if len(name) >= 3 and name.lower() not in _GENERIC_ACCOUNTS:
                identity.setdefault(name.lower(), ("user", name.casefold()))
        rules: list[_Rule] = []
        if identity:
            alternatives = "|".join(re.escape(t) for t in sorted(identity, key=len, reverse=True))
            pattern = re.compile(
                r"(?i)(?P<ph>"
                + _PLACEHOLDER_SRC
                + r")|(?<![A-Za-z0-9_.-])(?P<t>"
                + alternatives
                + r")(?![A-Za-z0-9_-])"
            )

            def replace_identity(m: re.Match[str], sink: _Sink) -> str:
                term = m.group("t")
                if term is None:
                    return m.group(0)
                category, norm = identity[term.lower()]
                return sink.sub(category, term, norm)

            rules.append(
                _Rule(
                    "identity", frozenset({"user", "hostname"}), pattern, replace_identity, tuple(identity), lower=True
                )
            )

        terms: dict[str, str] = {}
        for term in custom_terms:
            term = (term or "").strip()
            if not term:
                continue
            if len(term) < 2:
                raise RedactionError(
                    f"custom redaction term is too short ({len(term)} character)",
                    hint="Use terms of at least two characters; shorter ones would erase ordinary text.",
                )
            terms[term.lower()] = term.casefold()
        if terms:
            alternatives = "|".join(re.escape(t) for t in sorted(terms, key=len, reverse=True))
            pattern = re.compile(r"(?i)(?P<ph>" + _PLACEHOLDER_SRC + r")|(?P<t>" + alternatives + r")")

            def replace_custom(m: re.Match[str], sink: _Sink) -> str:
                term = m.group("t")
                if term is None:
                    return m.group(0)
                return sink.sub("custom", term, terms[term.lower()])

            rules.append(_Rule("custom", frozenset({"custom"}), pattern, replace_custom, tuple(terms), lower=True))
        return tuple(rules)

    def redact(self, text: str, source: str = "-") -> RedactionResult:
        """Redact ``text`` (one file or stream) and record its counts under ``source``.

        ``source`` is itself redacted (without counting) before it is stored or
        returned, so a path such as ``/home/alice/app.log`` cannot leak a name.
        Redacting the same source twice adds to its counts.
        """
        label = self.redact_label(source)
        sink = self._sink
        sink.counts = Counter()
        redacted = _apply(self._rules, text, sink, self.disabled_categories)
        counts = sink.counts
        self._per_source.setdefault(label, Counter()).update(counts)
        return RedactionResult(redacted, label, _freeze_counts(counts))

    def redact_label(self, label: str) -> str:
        """Redact a short label (a file name, a title) without counting it in the report."""
        sink = self._sink
        saved, sink.counting = sink.counting, False
        try:
            return _apply(self._rules, label, sink, self.disabled_categories)
        finally:
            sink.counting = saved

    def verify_clean(self, text: str, source: str) -> None:
        """Like :func:`verify_clean`, with ``source`` redacted the same way as in the report."""
        verify_clean(text, self.redact_label(source))

    def report(self) -> RedactionReport:
        totals: Counter[str] = Counter()
        for counts in self._per_source.values():
            totals.update(counts)
        return RedactionReport(
            per_source=tuple(SourceCounts(src, _freeze_counts(c)) for src, c in self._per_source.items()),
            totals=_freeze_counts(totals),
            distinct=_freeze_counts(self._sink.next_number),
            disabled_categories=tuple(c.name for c in CATEGORIES if c.name in self.disabled_categories),
        )


def redact_stream_text(text: str, redactor: Redactor | None = None, source: str = "-") -> tuple[str, RedactionReport]:
    """Redact one text (the CLI's file or stdin) and return it with the report.

    The result is checked with :func:`verify_clean` first, so a returned text
    is safe to print; a leftover secret raises :class:`RedactionError`.
    """
    redactor = redactor or Redactor()
    result = redactor.redact(text, source)
    verify_clean(result.text, result.source)
    return result.text, redactor.report()


def _default_hostname() -> str:
    try:
        return socket.gethostname()
    except OSError:
        return ""


def _default_username() -> str:
    try:
        return getpass.getuser()
    except (OSError, KeyError, ImportError):
        return ""
