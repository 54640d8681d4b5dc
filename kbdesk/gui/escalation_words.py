"""The words of the consent pages, in the app's language: what each item of a bundle is, what was replaced in
it, and what stays as it is.

Consent has to be understood to mean anything, so what the core names in English for the
command line (:mod:`kbdesk.core.escalation`: item titles, ``kept_as_is``, ``format_counts``;
:mod:`kbdesk.core.redaction.categories`: each category's description;
:mod:`kbdesk.core.diagnostics`: each collector's title) is worded here again, by key, for the
wizard and the agent's view. ``tests/gui/test_i18n.py`` checks that every category and every
collector the core has is worded here, so a new one cannot reach the consent page in English only.

What a bundle holds (the redacted texts, file names, the ticket) is shown as it is.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping

from ..core import escalation
from ..core.bundle import CHECKS_JSON, DIAGNOSTICS_PREFIX, SourceRevision
from ..core.escalation import EscalationItem, EscalationPreview
from ..core.redaction.categories import BY_NAME
from .i18n import QT_TRANSLATE_NOOP, TranslationContext, date_text

escalation_words = TranslationContext("escalation_words")

#: what each redaction category replaces, as a plural noun ("E-mail addresses: 2")
CATEGORY_WORDS = {
    "private_key": QT_TRANSLATE_NOOP("escalation_words", "Private keys"),
    "aws_key": QT_TRANSLATE_NOOP("escalation_words", "AWS access keys"),
    "aws_secret": QT_TRANSLATE_NOOP("escalation_words", "AWS secret keys"),
    "github_token": QT_TRANSLATE_NOOP("escalation_words", "GitHub tokens"),
    "slack_token": QT_TRANSLATE_NOOP("escalation_words", "Slack tokens"),
    "stripe_key": QT_TRANSLATE_NOOP("escalation_words", "Stripe keys"),
    "google_api_key": QT_TRANSLATE_NOOP("escalation_words", "Google API keys"),
    "npm_token": QT_TRANSLATE_NOOP("escalation_words", "npm tokens"),
    "gitlab_token": QT_TRANSLATE_NOOP("escalation_words", "GitLab tokens"),
    "pypi_token": QT_TRANSLATE_NOOP("escalation_words", "PyPI tokens"),
    "ai_api_key": QT_TRANSLATE_NOOP("escalation_words", "OpenAI and Anthropic API keys"),
    "sendgrid_key": QT_TRANSLATE_NOOP("escalation_words", "SendGrid API keys"),
    "mailchimp_key": QT_TRANSLATE_NOOP("escalation_words", "Mailchimp API keys"),
    "twilio_key": QT_TRANSLATE_NOOP("escalation_words", "Twilio API keys"),
    "square_token": QT_TRANSLATE_NOOP("escalation_words", "Square tokens"),
    "telegram_token": QT_TRANSLATE_NOOP("escalation_words", "Telegram bot tokens"),
    "discord_token": QT_TRANSLATE_NOOP("escalation_words", "Discord bot tokens"),
    "azure_key": QT_TRANSLATE_NOOP("escalation_words", "Azure keys and client secrets"),
    "azure_sas": QT_TRANSLATE_NOOP("escalation_words", "Azure shared access signatures"),
    "webhook": QT_TRANSLATE_NOOP("escalation_words", "Webhook addresses"),
    "jwt": QT_TRANSLATE_NOOP("escalation_words", "JSON web tokens"),
    "auth_header": QT_TRANSLATE_NOOP("escalation_words", "Sign-in credentials in request headers"),
    "password": QT_TRANSLATE_NOOP("escalation_words", "Passwords"),
    "secret_value": QT_TRANSLATE_NOOP("escalation_words", "Keys, tokens and other secrets in settings"),
    "card": QT_TRANSLATE_NOOP("escalation_words", "Payment card numbers"),
    "email": QT_TRANSLATE_NOOP("escalation_words", "E-mail addresses"),
    "phone": QT_TRANSLATE_NOOP("escalation_words", "Phone numbers"),
    "user": QT_TRANSLATE_NOOP("escalation_words", "User names"),
    "hostname": QT_TRANSLATE_NOOP("escalation_words", "This computer's name"),
    "ipv4": QT_TRANSLATE_NOOP("escalation_words", "IPv4 addresses"),
    "ipv6": QT_TRANSLATE_NOOP("escalation_words", "IPv6 addresses"),
    "mac": QT_TRANSLATE_NOOP("escalation_words", "Hardware (MAC) addresses"),
    "uuid": QT_TRANSLATE_NOOP("escalation_words", "Request and correlation ids (UUIDs)"),
    "custom": QT_TRANSLATE_NOOP("escalation_words", "Terms your organisation asked to hide"),
}
#: the "keep as they are" boxes of the review page (the personal-data kinds a person may keep)
KEEP_LABELS = {
    "email": QT_TRANSLATE_NOOP("escalation_words", "E-mail addresses"),
    "user": QT_TRANSLATE_NOOP("escalation_words", "User names"),
    "hostname": QT_TRANSLATE_NOOP("escalation_words", "Computer name"),
    "ipv4": QT_TRANSLATE_NOOP("escalation_words", "IPv4 addresses"),
    "ipv6": QT_TRANSLATE_NOOP("escalation_words", "IPv6 addresses"),
    "mac": QT_TRANSLATE_NOOP("escalation_words", "MAC addresses"),
    "phone": QT_TRANSLATE_NOOP("escalation_words", "Phone numbers"),
    "uuid": QT_TRANSLATE_NOOP("escalation_words", "Request ids (UUIDs)"),
}
#: each diagnostics section by its collector's name (kbdesk.core.diagnostics.COLLECTORS)
COLLECTOR_TITLES = {
    "os": QT_TRANSLATE_NOOP("escalation_words", "Operating system"),
    "kernel": QT_TRANSLATE_NOOP("escalation_words", "Kernel"),
    "machine": QT_TRANSLATE_NOOP("escalation_words", "Machine model"),
    "cpu": QT_TRANSLATE_NOOP("escalation_words", "Processor"),
    "memory": QT_TRANSLATE_NOOP("escalation_words", "Memory"),
    "disks": QT_TRANSLATE_NOOP("escalation_words", "Disks"),
    "uptime": QT_TRANSLATE_NOOP("escalation_words", "Uptime"),
    "locale": QT_TRANSLATE_NOOP("escalation_words", "Locale and time"),
    "clock": QT_TRANSLATE_NOOP("escalation_words", "Clock synchronisation"),
    "interfaces": QT_TRANSLATE_NOOP("escalation_words", "Network interfaces"),
    "route": QT_TRANSLATE_NOOP("escalation_words", "Default route"),
    "dns": QT_TRANSLATE_NOOP("escalation_words", "Name resolution"),
    "tcp": QT_TRANSLATE_NOOP("escalation_words", "Server connections"),
    "proxy": QT_TRANSLATE_NOOP("escalation_words", "Proxy settings"),
    "battery": QT_TRANSLATE_NOOP("escalation_words", "Battery"),
    "printing": QT_TRANSLATE_NOOP("escalation_words", "Printing"),
    "kbdesk": QT_TRANSLATE_NOOP("escalation_words", "kbdesk"),
    "log": QT_TRANSLATE_NOOP("escalation_words", "kbdesk log"),
    "display": QT_TRANSLATE_NOOP("escalation_words", "Display"),
}


def category_words(name: str) -> str:
    words = CATEGORY_WORDS.get(name)
    if words is not None:
        return escalation_words.tr(words)
    category = BY_NAME.get(name)
    return category.description if category is not None else name


def keep_label(name: str) -> str:
    label = KEEP_LABELS.get(name)
    return escalation_words.tr(label) if label is not None else category_words(name)


def collector_title(name: str, fallback: str) -> str:
    """A diagnostics section's title by its collector's name ("dns", or the bundle's "diagnostics/dns.json")."""
    key = name.removeprefix(DIAGNOSTICS_PREFIX).removesuffix(".json")
    title = COLLECTOR_TITLES.get(key)
    return escalation_words.tr(title) if title is not None else fallback


def item_title(item: EscalationItem) -> str:
    """What an item of the bundle is: the request, the trail, a diagnostics section, the log, or a file's name."""
    if item.kind == escalation.KIND_TICKET:
        return escalation_words.tr("Your request (summary and description)")
    if item.kind == escalation.KIND_TRAIL:
        return escalation_words.tr("What you already tried (searches, articles, feedback)")
    if item.kind == escalation.KIND_LOG:
        return escalation_words.tr("kbdesk log (recent lines)")
    if item.name == CHECKS_JSON:
        return escalation_words.tr("What kbdesk found (checks of the articles)")
    if item.kind == escalation.KIND_DIAGNOSTIC:
        return collector_title(item.name, item.title)
    return item.title


def counts_text(counts: Iterable[tuple[str, int]] | Mapping[str, int]) -> str:
    """ "E-mail addresses: 2; IPv4 addresses: 1" ("nothing" when empty): the count after the kind, so no
    language needs its plural agreement."""
    pairs = list(counts.items()) if isinstance(counts, Mapping) else list(counts)
    if not pairs:
        return escalation_words.tr("nothing")
    return "; ".join(
        escalation_words.tr("{what}: {count}").format(what=category_words(name), count=count) for name, count in pairs
    )


def revision_text(revision: SourceRevision) -> str:
    """ "it-kb: revision 3f9c2a81d0b4 of 30 November 2026 (https://…)": a source the user searched, as
    :meth:`SourceRevision.describe` says it in English for the command line and the bundle."""
    name = revision.source
    if revision.origin == "starter":
        name = escalation_words.tr("{source} (the starter articles)").format(source=name)
    if not revision.commit:
        text = escalation_words.tr("{source}: a folder, served as it was").format(source=name)
    else:
        try:
            day = date_text(dt.date.fromisoformat(revision.commit_time[:10]), long=True)
        except ValueError:
            day = ""
        text = (
            escalation_words.tr("{source}: revision {revision} of {date}").format(
                source=name, revision=revision.commit[:12], date=day
            )
            if day
            else escalation_words.tr("{source}: revision {revision}").format(source=name, revision=revision.commit[:12])
        )
    return f"{text} ({revision.url})" if revision.url else text


def kept_as_is(preview: EscalationPreview) -> list[str]:
    """Everything the bundle holds unredacted, in words a person understands (the save page; what
    :meth:`EscalationPreview.kept_as_is` says in English for the command line)."""
    kept = []
    for name in preview.disabled_categories:
        if name in BY_NAME:
            if BY_NAME[name].kept_by_default:
                kept.append(escalation_words.tr("{what}: kept by default").format(what=category_words(name)))
            else:
                kept.append(escalation_words.tr("{what}: your choice").format(what=category_words(name)))
    for item in preview.included_items:
        if not item.redactable:
            kept.append(
                escalation_words.tr("{item}, sent exactly as it is (not text, cannot be redacted)").format(
                    item=item_title(item)
                )
            )
    if preview.ticket.contact.strip():
        kept.append(escalation_words.tr("your contact details, so the service desk can reach you"))
    return kept
