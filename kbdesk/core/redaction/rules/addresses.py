"""Network addresses: MAC, IPv6, IPv4 (not versions, loopback, netmasks or times)."""

from __future__ import annotations

import ipaddress
import re

from kbdesk.core.redaction.engine import Rule, Sink

_IPV6_RE = re.compile(
    r"(?<![\w:.])(?=[0-9A-Fa-f]{0,4}:[0-9A-Fa-f]{0,4}:)"
    r"(?:[0-9A-Fa-f]{0,4}:){2,7}(?:(?:\d{1,3}\.){3}\d{1,3}|[0-9A-Fa-f]{1,4})?"
    r"(?:%[A-Za-z0-9_.-]+)?(?![\w:])(?!\.\d)"
)


def _replace_ipv6(m: re.Match[str], sink: Sink) -> str:
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


def _replace_ipv4(m: re.Match[str], sink: Sink) -> str:
    raw = m.group(0)
    if raw.startswith("127.") or raw == "0.0.0.0" or raw in _NETMASKS:
        return raw
    if _VERSION_BEFORE.search(m.string, max(0, m.start() - 24), m.start()):
        return raw
    return sink.sub("ipv4", raw)


_HEX2 = r"[0-9A-Fa-f]{2}"
_MAC_RE = re.compile(
    r"(?<![0-9A-Fa-f:.-])(?:" + _HEX2 + r"(?P<sep>[:-])" + _HEX2 + r"(?:(?P=sep)" + _HEX2 + r"){4}"
    r"|[0-9A-Fa-f]{4}\.[0-9A-Fa-f]{4}\.[0-9A-Fa-f]{4}"
    # EUI-64 in four groups (sos report's cleaner knows it); an IPv6 address has more groups or "::"
    r"|[0-9A-Fa-f]{4}:[0-9A-Fa-f]{4}:[0-9A-Fa-f]{4}:[0-9A-Fa-f]{4})(?![0-9A-Fa-f:-])(?!\.[0-9A-Fa-f])"
)


def _replace_mac(m: re.Match[str], sink: Sink) -> str:
    raw = m.group(0)
    hexdigits = re.sub(r"[^0-9A-Fa-f]", "", raw).lower()
    if hexdigits in ("000000000000", "ffffffffffff"):
        return raw
    if ("." in raw or len(hexdigits) == 16) and hexdigits.isdigit():
        return raw  # "1234.5678.9012" is more likely a number than a Cisco-style MAC
    return sink.sub("mac", raw, hexdigits)


# Identity terms (user and host name) and custom terms run after these, then the
# addresses: MAC first (its pattern refuses pieces of IPv6 addresses, and IPv6 then has
# fewer candidates), IPv6 before IPv4 so "::ffff:10.0.0.1" stays whole.
RULES: tuple[Rule, ...] = (
    Rule(
        "mac",
        frozenset({"mac"}),
        _MAC_RE,
        _replace_mac,
        (
            re.compile(r":[0-9A-Fa-f]{2}:[0-9A-Fa-f]{2}:"),
            re.compile(r"-[0-9A-Fa-f]{2}-[0-9A-Fa-f]{2}-"),
            re.compile(r"\.[0-9A-Fa-f]{4}\.[0-9A-Fa-f]{4}"),
            re.compile(r":[0-9A-Fa-f]{4}:[0-9A-Fa-f]{4}:"),
        ),
    ),
    Rule(
        "ipv6",
        frozenset({"ipv6"}),
        _IPV6_RE,
        _replace_ipv6,
        (re.compile(r":(?::|[0-9A-Fa-f]{1,4}:[0-9A-Fa-f]{1,4}:)"),),
    ),
    Rule("ipv4", frozenset({"ipv4"}), _IPV4_RE, _replace_ipv4, (re.compile(r"\.\d{1,3}\.\d{1,3}\.\d"),)),
)
