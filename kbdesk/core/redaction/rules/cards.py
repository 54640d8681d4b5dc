"""Payment card numbers: a known issuer prefix, a matching length and a valid Luhn digit."""

from __future__ import annotations

import re

from kbdesk.core.redaction.engine import Rule, Sink
from kbdesk.core.redaction.rules.identifiers import UUID_RE

# Not glued to a hex digit on either side: a run of digits inside a sha256 or a git hash passes the
# issuer and Luhn checks about once in a few hundred digests, and a bundle's own manifest is full of
# them (a flaky refusal of valid bundles by the final scan showed it).
# Nor the fraction of a decimal number: Python writes a float with up to 17 digits after the point, and the
# ticket and trail of a bundle hold some (how long an article was read, "1.4093900730003952"); now and then
# the fraction passes the issuer and Luhn checks, and the final scan refused every bundle of that session.
_CARD_RE = re.compile(r"(?<![0-9A-Fa-f])(?<!\d[ -])(?<!\d\.)\d(?:[ -]?\d){12,18}(?![0-9A-Fa-f])(?![ -]\d)")


# A UUID's groups are joined by hyphens, so when its last groups happen to be all digits (about one UUID
# in a few thousand) they read as a hyphenated card number, and one in ten of those passes Luhn: the
# final scan refused a valid bundle about once in 66,000 random UUIDs. A match inside a UUID-shaped
# token (the UUID rule's own pattern) is left alone; the UUID rule decides about it.


def _inside_uuid(m: re.Match[str]) -> bool:
    start, end = m.span()
    text = m.string
    window_start = max(0, start - 36)
    for uuid in UUID_RE.finditer(text, window_start, min(len(text), end + 36)):
        if uuid.start() <= start and end <= uuid.end():
            return True
    return False


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


def _replace_card(m: re.Match[str], sink: Sink) -> str:
    raw = m.group(0)
    digits = raw.replace(" ", "").replace("-", "")
    if not 13 <= len(digits) <= 19 or not _issuer_ok(digits) or not _luhn_ok(digits):
        return raw
    if "-" in raw and _inside_uuid(m):
        return raw
    if " " in raw and "-" in raw:
        return raw  # mixed separators: a table of numbers, not a card
    return sink.sub("card", raw, digits)


RULES: tuple[Rule, ...] = (
    # digits folded to "0": a group of four, then nine more digits (every card layout starts so)
    Rule("card", frozenset({"card"}), _CARD_RE, _replace_card, (re.compile(rb"0000(?:[ -]?0){9}"),)),
)
