"""Phone numbers, validated with libphonenumber's metadata (the ``phonenumbers`` package).

A log is full of digit groups that are not phone numbers (dates, times, versions,
build and order numbers, ISBNs, ports, process ids), so a candidate must first look
like a phone number and then be one:

* its shape: ``+`` and a country code ("+44 7400 123456", "+12015550123"), or digit
  groups joined by single spaces or dashes with an area code in parentheses or a
  trunk ``0`` ("(201) 555-0123", "030 123456", "06-12345678"), or digit groups right
  after a phone word ("cell. 312 345 6789", "mi móvil es 612 34 56 78"). Dots, slashes
  and colons never join groups (versions, dates, times), a lone digit run is not a
  phone number without a ``+``, and a number glued to ``.``, ``:``, ``/`` or ``-`` is
  part of something else.
* its digits: ``phonenumbers.is_valid_number`` for the number as written (``+``), or
  for one of :data:`REGIONS` (national numbers): the ranges each country actually
  assigns, so "978-3-16-148410-0" or "22631 3880" fail.

Equal numbers written differently ("+44 7400 123456", "07400 123456") get the same
placeholder: they are compared in E.164 form.
"""

from __future__ import annotations

import re

import phonenumbers

from kbdesk.core.redaction.engine import Rule, Sink

#: where national numbers (no "+") are tried; a number valid in none of them stays.
#: North America, most of Europe, and the larger markets elsewhere.
REGIONS: tuple[str, ...] = (
    "US", "CA", "GB", "IE", "DE", "AT", "CH", "FR", "BE", "NL", "LU", "ES", "PT", "IT", "SE", "NO", "DK",
    "FI", "PL", "CZ", "AU", "NZ", "JP", "IN", "BR", "MX", "ZA", "SG",
)  # fmt: skip

_PHONE_WORDS = (
    r"phone|tel|telephone|mobile|mob|cell|call|ring|reach|contact|whats ?app|sms|fax|handy|telefon|rückruf|"
    r"natel|portable|joindre|téléphone|m[óo]vil|tel[ée]fono|celular|cellulare|bel|携帯|電話"
)
_PHONE_WORD_BEFORE = re.compile(r"(?i)(?<!\w)(?:" + _PHONE_WORDS + r")(?!\w)[^\n]{0,24}$")

# No lookbehind in front, so ``re`` can skip to the first "+", "(" or digit fast; what may
# come before a number is checked in _replace_phone.
_PHONE_RE = re.compile(
    r"(?P<num>\+\d{1,3}(?:[ -]?\(?\d{1,5}\)?){1,6}"  # +44 7400 123456, +1 (201) 555-0123, +12015550123
    r"|\(\d{2,5}\)[ -]?\d{2,5}(?:[ -]\d{2,5}){0,3}"  # (201) 555-0123
    r"|\d{2,5}(?:[ -]\d{2,8}){1,4})"  # 030 123456, 06 12 34 56 78, 070-123 45 67
    r"(?![\w.:/]|[ -]?\d)"
)


def _e164(number: phonenumbers.PhoneNumber) -> str:
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def _valid(candidate: str) -> str | None:
    """The number in E.164 form when ``candidate`` is a valid phone number, else None."""
    digits = sum(c.isdigit() for c in candidate)
    if not 7 <= digits <= 15:
        return None
    regions = (None,) if candidate.startswith("+") else REGIONS
    for region in regions:
        try:
            number = phonenumbers.parse(candidate, region)
        except phonenumbers.NumberParseException:
            continue
        if phonenumbers.is_valid_number(number):
            return _e164(number)
    return None


_TOKEN_BEFORE = re.compile(r"(\S+)[ \t]$")
_NOT_BEFORE = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_.:/+-")


def _replace_phone(m: re.Match[str], sink: Sink) -> str:
    raw = m.group("num")
    if m.start() > 0 and m.string[m.start() - 1] in _NOT_BEFORE:
        return raw  # glued to a word, a version, a time, a path or a longer number
    before = _TOKEN_BEFORE.search(m.string, max(0, m.start() - 40), m.start())
    if before is not None and any(c.isdigit() for c in before.group(1)) and before.group(1)[-1] not in ":=":
        return raw  # the tail of a longer code ("1Z 999 AA1 01 2345 6784")
    if not raw.startswith(("+", "(", "0")):
        # no country code, area code or trunk prefix: only right after a phone word
        text = m.string
        line_start = text.rfind("\n", 0, m.start()) + 1
        if not _PHONE_WORD_BEFORE.search(text, max(line_start, m.start() - 40), m.start()):
            return raw
    normal = _valid(raw)
    if normal is None:
        return raw
    return sink.sub("phone", raw, normal)


RULES: tuple[Rule, ...] = (
    Rule(
        "phone",
        frozenset({"phone"}),
        _PHONE_RE,
        _replace_phone,
        (
            re.compile(r"\+\d"),
            re.compile(r"\(\d{2,5}\)"),
            re.compile(r" 0\d{1,4}[ -]\d"),
            # numbers without "+", "(" or a trunk 0 need one of these words before them
            "phone",
            "tel",
            "cell",
            "call",
            "mobil",
            "vil",
            "sms",
            "whatsapp",
        ),
        lower=True,
    ),
)
