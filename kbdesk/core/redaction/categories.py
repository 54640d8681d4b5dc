"""The kinds of sensitive value, their placeholder labels, and the one way counts are ordered.

A new category is one line in :data:`CATEGORIES` (its position is where consent
dialogs and reports list it); its rule goes in a module under ``rules/``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from kbdesk.core.placeholders import PLACEHOLDER_RE as PLACEHOLDER_RE


@dataclass(frozen=True)
class Category:
    """One kind of sensitive value and the placeholder label it gets."""

    name: str
    label: str
    kind: str  # "secret", "personal", "identifier" or "custom"
    description: str
    can_disable: bool
    #: kept unless a bundle asks for it to be redacted (UUIDs: support correlates events with them)
    kept_by_default: bool = False


def _cat(
    name: str,
    label: str,
    kind: str,
    description: str,
    can_disable: bool | None = None,
    kept_by_default: bool = False,
) -> Category:
    if can_disable is None:
        can_disable = kind != "secret"
    return Category(name, label, kind, description, can_disable, kept_by_default)


#: every category, in the order a consent dialog should list them
CATEGORIES: tuple[Category, ...] = (
    _cat("private_key", "SECRET-PRIVATE-KEY", "secret", "Private key blocks (PEM, OpenSSH, PGP)"),
    _cat("aws_key", "SECRET-AWS-KEY", "secret", "AWS access key ids (AKIA..., ASIA...) and Bedrock API keys"),
    _cat("aws_secret", "SECRET-AWS-SECRET", "secret", "AWS secret access keys"),
    _cat("github_token", "SECRET-GITHUB-TOKEN", "secret", "GitHub tokens (ghp_, gho_, github_pat_...)"),
    _cat("slack_token", "SECRET-SLACK-TOKEN", "secret", "Slack tokens (xoxb-, xoxp-...)"),
    _cat("stripe_key", "SECRET-STRIPE-KEY", "secret", "Stripe keys (sk_live_, rk_live_, pk_live_, _test_)"),
    _cat("google_api_key", "SECRET-GOOGLE-KEY", "secret", "Google API keys (AIza...)"),
    _cat("npm_token", "SECRET-NPM-TOKEN", "secret", "npm access tokens (npm_...)"),
    _cat("gitlab_token", "SECRET-GITLAB-TOKEN", "secret", "GitLab tokens (glpat-, gldt-, glrt-..., runner tokens)"),
    _cat("pypi_token", "SECRET-PYPI-TOKEN", "secret", "PyPI upload tokens (pypi-AgE...)"),
    _cat("ai_api_key", "SECRET-AI-KEY", "secret", "OpenAI and Anthropic API keys (sk-proj-, sk-ant-...)"),
    _cat("sendgrid_key", "SECRET-SENDGRID-KEY", "secret", "SendGrid API keys (SG....)"),
    _cat("mailchimp_key", "SECRET-MAILCHIMP-KEY", "secret", "Mailchimp API keys (...-us12)"),
    _cat("twilio_key", "SECRET-TWILIO-KEY", "secret", "Twilio API keys (SK...)"),
    _cat("square_token", "SECRET-SQUARE-TOKEN", "secret", "Square tokens (sq0atp-, sq0csp-, EAAA...)"),
    _cat("telegram_token", "SECRET-TELEGRAM-TOKEN", "secret", "Telegram bot tokens (123456:AA...)"),
    _cat("discord_token", "SECRET-DISCORD-TOKEN", "secret", "Discord bot tokens"),
    _cat(
        "azure_key",
        "SECRET-AZURE-KEY",
        "secret",
        "Azure storage and service bus keys (AccountKey=...) and Entra ID client secrets (...Q~...)",
    ),
    _cat("azure_sas", "SECRET-AZURE-SAS", "secret", "Azure shared access signatures (sig=...)"),
    _cat("webhook", "SECRET-WEBHOOK", "secret", "Webhook URLs (Slack, Discord, Teams, others)"),
    _cat("jwt", "SECRET-JWT", "secret", "JSON web tokens (eyJ...)"),
    _cat("auth_header", "SECRET-TOKEN", "secret", "Authorization: Bearer/Basic credentials"),
    _cat("password", "PASSWORD", "secret", "Passwords in URLs, settings and connection strings"),
    _cat("secret_value", "SECRET", "secret", "API keys, tokens and secrets in key=value settings"),
    _cat("card", "CARD", "personal", "Payment card numbers (Luhn-checked)", can_disable=False),
    _cat("email", "EMAIL", "personal", "E-mail addresses"),
    _cat("phone", "PHONE", "personal", "Phone numbers"),
    _cat("user", "USER", "personal", "User names (current user, home folders, URLs, user= keys)"),
    _cat("hostname", "HOST", "personal", "This computer's name"),
    _cat("ipv4", "IPV4", "personal", "IPv4 addresses"),
    _cat("ipv6", "IPV6", "personal", "IPv6 addresses"),
    _cat("mac", "MAC", "personal", "Hardware (MAC) addresses"),
    _cat(
        "uuid",
        "UUID",
        "identifier",
        "Request and correlation ids (UUIDs)",
        can_disable=True,
        kept_by_default=True,
    ),
    _cat("custom", "CUSTOM", "custom", "Terms your organisation asked to hide"),
)

BY_NAME: dict[str, Category] = {c.name: c for c in CATEGORIES}
#: the categories :func:`find_secret_shapes` looks for and no bundle may keep
PROTECTED_CATEGORIES: frozenset[str] = frozenset(c.name for c in CATEGORIES if not c.can_disable)
#: what a redactor keeps when nobody chose: identifiers support needs to correlate events (UUIDs)
DEFAULT_KEPT: frozenset[str] = frozenset(c.name for c in CATEGORIES if c.kept_by_default)

PLACEHOLDER_SRC = PLACEHOLDER_RE.pattern


#: account names that are not a person; never treated as a user name
GENERIC_ACCOUNTS = frozenset(
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

#: how many values of each category were replaced, in :data:`CATEGORIES` order, zero counts left out
Counts = tuple[tuple[str, int], ...]

_ORDER = {c.name: i for i, c in enumerate(CATEGORIES)}


def freeze_counts(counter: Mapping[str, int]) -> Counts:
    """The one place counts are sorted: by category order; unknown names last, zeros dropped."""
    return tuple(sorted(((k, v) for k, v in counter.items() if v), key=lambda kv: _ORDER.get(kv[0], 999)))
