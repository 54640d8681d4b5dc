"""Tokens of well-known shapes (cloud keys, chat and code-hosting tokens, JWTs) and webhook URLs."""

from __future__ import annotations

import re

from kbdesk.core.redaction.engine import Anchor, Rule, Sink, is_placeholder


def token_rule(name: str, category: str, regex: str, anchors: tuple[Anchor, ...]) -> Rule:
    def replace(m: re.Match[str], sink: Sink) -> str:
        return sink.sub(category, m.group(0))

    return Rule(name, frozenset({category}), re.compile(regex), replace, anchors)


def group_rule(
    name: str, category: str, regex: str, group: str, anchors: tuple[Anchor, ...], lower: bool = False
) -> Rule:
    """Replace only ``group`` of each match; the text around it stays."""

    def replace(m: re.Match[str], sink: Sink) -> str:
        value = m.group(group)
        if is_placeholder(value):
            return m.group(0)
        s, e = m.span(group)
        base = m.start()
        whole = m.group(0)
        return whole[: s - base] + sink.sub(category, value) + whole[e - base :]

    return Rule(name, frozenset({category}), re.compile(regex), replace, anchors, lower)


_JWT_RE = r"(?<![A-Za-z0-9_-])eyJ[A-Za-z0-9_-]{4,}\.eyJ[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]*(?:\.[A-Za-z0-9_-]+){0,2}"

_WEBHOOK_RE = re.compile(
    r"(?i)\bhttps?://(?P<host>[a-z0-9.-]+(?::\d+)?)"
    r"(?P<lead>/(?:[^\s\"'<>\\/?#]+/)*?(?:services|workflows|triggers|webhooks?|webhookb2|hooks?)/)"
    r"(?P<rest>[^\s\"'<>\\]+)"
)
_WEBHOOK_HOSTS = re.compile(
    r"(?i)(?:^|\.)(?:hooks\.slack\.com|discord(?:app)?\.com|webhook\.office\.com|outlook\.office(?:365)?\.com|logic\.azure\.com|hooks\.zapier\.com)(?::\d+)?$"
)


def _replace_webhook(m: re.Match[str], sink: Sink) -> str:
    host = m.group("host")
    lead = m.group("lead")
    rest = m.group("rest")
    segment = lead.rstrip("/").rsplit("/", 1)[-1].lower()
    known_host = _WEBHOOK_HOSTS.search(host) is not None
    # "services", "workflows" and "triggers" are hook segments only on known hook hosts;
    # elsewhere they are ordinary API paths.
    if not known_host and segment in {"services", "workflows", "triggers"}:
        return m.group(0)
    if is_placeholder(rest) or len(rest) < 8:
        return m.group(0)
    return m.group(0)[: m.start("rest") - m.start()] + sink.sub("webhook", rest)


# -- AWS secret keys (only in context) ---------------------------------------

_AWS_SECRET_RE = (
    r"(?i)(?:aws_?)?secret_?(?:access_?)?key[\"']?\s*(?:=>?|:)\s*[\"']?"
    r"(?P<v>[A-Za-z0-9/+]{40})(?![A-Za-z0-9/+=])"
)


RULES: tuple[Rule, ...] = (
    token_rule("jwt", "jwt", _JWT_RE, ("eyJ",)),
    Rule(
        "webhook",
        frozenset({"webhook"}),
        _WEBHOOK_RE,
        _replace_webhook,
        ("hook", "workflows/", "triggers/"),
        lower=True,
    ),
    token_rule(
        "aws_key",
        "aws_key",
        r"(?<![A-Z0-9])(?:AKIA|ASIA|AGPA|AIDA|AROA|AIPA|ANPA|ANVA|ABIA|ACCA)[A-Z0-9]{16}(?![A-Za-z0-9])",
        (re.compile(r"A(?:KIA|SIA|GPA|IDA|ROA|IPA|NPA|NVA|BIA|CCA)[A-Z0-9]{16}"),),
    ),
    group_rule("aws_secret", "aws_secret", _AWS_SECRET_RE, "v", ("secret",), lower=True),
    token_rule(
        "github_token",
        "github_token",
        r"(?<![A-Za-z0-9_])(?:gh[pousr]_[A-Za-z0-9]{30,251}|github_pat_[A-Za-z0-9_]{22,251})(?![A-Za-z0-9_])",
        (re.compile(r"g(?:h[pousr]_|ithub_pat_)"),),
    ),
    token_rule("slack_token", "slack_token", r"(?<![A-Za-z0-9])xox[abeoprs]-[A-Za-z0-9-]{10,250}", ("xox",)),
    token_rule(
        "stripe_key",
        "stripe_key",
        r"(?<![A-Za-z0-9])(?:sk|rk|pk)_(?:live|test)_[A-Za-z0-9]{10,247}(?![A-Za-z0-9])|(?<![A-Za-z0-9])whsec_[A-Za-z0-9]{20,}",
        ("_live_", "_test_", "whsec_"),
    ),
    token_rule(
        "google_api_key", "google_api_key", r"(?<![A-Za-z0-9_-])AIza[0-9A-Za-z_-]{35}(?![A-Za-z0-9_-])", ("AIza",)
    ),
    token_rule("npm_token", "npm_token", r"(?<![A-Za-z0-9_])npm_[A-Za-z0-9]{36}(?![A-Za-z0-9])", ("npm_",)),
    group_rule(
        "azure_key",
        "azure_key",
        r"(?i)(?:AccountKey|SharedAccessKey|AccessKey)\s*=\s*(?P<v>[A-Za-z0-9+/]{20,}={0,2})",
        "v",
        ("accountkey", "accesskey"),
        lower=True,
    ),
    group_rule("azure_sas", "azure_sas", r"(?<![A-Za-z0-9_])sig=(?P<v>[A-Za-z0-9%+/=_-]{16,})", "v", ("sig=",)),
)
