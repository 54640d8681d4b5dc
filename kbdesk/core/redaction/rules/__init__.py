"""Every redaction rule, in the order it runs: the one place that order is written.

Order matters: whole blocks and specific token shapes go first, so that later,
broader rules see placeholders instead of half a token. Identity terms (user and
host name) and custom terms run after the static rules, then the addresses:
MAC first (its pattern refuses pieces of IPv6 addresses, and IPv6 then has fewer
candidates), IPv6 before IPv4 so "::ffff:10.0.0.1" stays whole.

A new rule is one block in the family module it belongs to (a ``Rule(...)`` in
that module's ``RULES``, at the position it should run); a new family is a new
module here and one line below.
"""

from __future__ import annotations

from collections.abc import Iterable

from kbdesk.core.redaction.categories import PROTECTED_CATEGORIES
from kbdesk.core.redaction.engine import Rule
from kbdesk.core.redaction.rules import (
    accounts,
    addresses,
    cards,
    command_lines,
    context,
    credentials,
    emails,
    home_folders,
    identifiers,
    key_values,
    phones,
    private_keys,
    tokens,
)
from kbdesk.core.redaction.rules.identity import identity_rules

STATIC_RULES: tuple[Rule, ...] = (
    *private_keys.RULES,
    *tokens.RULES,
    # after the token rules, so https://<token>@github.com names the token, not a user
    *credentials.RULES,
    *command_lines.RULES,
    *key_values.RULES,
    *cards.RULES,
    *emails.RULES,
    *home_folders.RULES,
    *accounts.RULES,
    # what only the words around a value reveal, once every shape and setting is a placeholder
    *context.RULES,
    # after the cards (a card number is digit groups too) and the e-mail addresses
    *phones.RULES,
    # last of the static rules: a UUID that is a credential is already replaced
    *identifiers.RULES,
)

ADDRESS_RULES: tuple[Rule, ...] = addresses.RULES

#: what :func:`~kbdesk.core.redaction.find_secret_shapes` runs: the rules for categories no bundle may keep
SECRET_SCAN_RULES: tuple[Rule, ...] = tuple(r for r in STATIC_RULES if r.categories & PROTECTED_CATEGORIES)


def rules_for(hostname: str, usernames: Iterable[str], custom_terms: Iterable[str]) -> tuple[Rule, ...]:
    """The full rule list of one redactor: static rules, its identity and custom terms, addresses."""
    return STATIC_RULES + identity_rules(hostname, usernames, custom_terms) + ADDRESS_RULES
