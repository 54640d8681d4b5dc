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


# the signature is optional: an unsigned or truncated token ("header.payload") still carries the claims
_JWT_RE = r"(?<![A-Za-z0-9_-])eyJ[A-Za-z0-9_-]{4,}\.eyJ[A-Za-z0-9_-]{4,}(?:\.[A-Za-z0-9_-]*)?(?:\.[A-Za-z0-9_-]+){0,2}"

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
        r"(?<![A-Z0-9])(?:AKIA|ASIA|AGPA|AIDA|AROA|AIPA|ANPA|ANVA|ABIA|ACCA|A3T[A-Z0-9])[A-Z0-9]{16}(?![A-Za-z0-9])",
        (re.compile(r"A(?:KIA|SIA|GPA|IDA|ROA|IPA|NPA|NVA|BIA|CCA|3T[A-Z0-9])[A-Z0-9]{16}"),),
    ),
    # Bedrock API keys: long-lived "ABSK" + base64, short-lived "bedrock-api-key-" + base64 (gitleaks' aws rules)
    token_rule(
        "aws_bedrock",
        "aws_key",
        r"(?<![A-Za-z0-9+/])ABSK[A-Za-z0-9+/]{100,300}={0,2}|(?<![A-Za-z0-9_-])bedrock-api-key-[A-Za-z0-9+/_-]{16,}={0,2}",
        ("ABSK", "bedrock-api-key-"),
    ),
    group_rule("aws_secret", "aws_secret", _AWS_SECRET_RE, "v", ("secret",), lower=True),
    token_rule(
        "github_token",
        "github_token",
        r"(?<![A-Za-z0-9_])(?:gh[pousr]_[A-Za-z0-9]{30,251}|github_pat_[A-Za-z0-9_]{22,251})(?![A-Za-z0-9_])",
        (re.compile(r"g(?:h[pousr]_|ithub_pat_)"),),
    ),
    token_rule(
        "slack_token",
        "slack_token",
        r"(?<![A-Za-z0-9])(?:xoxe\.xox[bp]-|xox[abeoprs]-|xapp-\d-)[A-Za-z0-9-]{10,250}",
        ("xox", "xapp-"),
    ),
    token_rule(
        "stripe_key",
        "stripe_key",
        r"(?<![A-Za-z0-9])(?:sk|rk|pk)_(?:live|test|prod)_[A-Za-z0-9]{10,247}(?![A-Za-z0-9])|(?<![A-Za-z0-9])whsec_[A-Za-z0-9]{20,}",
        ("_live_", "_test_", "_prod_", "whsec_"),
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
    # Entra ID (Azure AD) client secrets: three characters, a digit, "Q~", 31-34 more (gitleaks azure-ad-client-secret)
    token_rule(
        "azure_client_secret",
        "azure_key",
        r"(?<![A-Za-z0-9_~.-])[A-Za-z0-9_~.]{3}\dQ~[A-Za-z0-9_~.-]{31,34}(?![A-Za-z0-9_~.-])",
        ("Q~",),
    ),
    # GitLab: every prefix of GitLab's token overview, and runner registration tokens (GR1348941...)
    token_rule(
        "gitlab_token",
        "gitlab_token",
        r"(?<![A-Za-z0-9_-])(?:gl(?:pat|dt|soat|cbt|imt|ptt|agent|oas|ft|ffct|rt|oat|wt|sa)-[A-Za-z0-9_.-]{20,300}"
        r"|GR1348941[A-Za-z0-9_-]{20,})",
        (re.compile(r"gl[a-z]{2,5}-"), "GR1348941"),
    ),
    token_rule(
        "pypi_token",
        "pypi_token",
        r"(?<![A-Za-z0-9_-])pypi-(?:AgEIcHlwaS5vcmc|AgENdGVzdC5weXBpLm9yZw)[A-Za-z0-9_-]{40,}",
        ("pypi-AgE",),
    ),
    # Anthropic (sk-ant-api03-, sk-ant-admin01-); OpenAI project, service-account, admin and legacy keys
    # (the legacy and new ones carry "T3BlbkFJ", base64 of "OpenAI")
    token_rule(
        "ai_api_key",
        "ai_api_key",
        r"(?<![A-Za-z0-9_-])(?:sk-ant-(?:api|admin)\d\d-[A-Za-z0-9_-]{32,}"
        r"|sk-(?:proj|svcacct|admin)-[A-Za-z0-9_-]{20,}"
        r"|sk-[A-Za-z0-9_-]{8,}T3BlbkFJ[A-Za-z0-9_-]{8,})",
        ("sk-ant-", "sk-proj-", "sk-svcacct-", "sk-admin-", "T3BlbkFJ"),
    ),
    token_rule(
        "sendgrid_key",
        "sendgrid_key",
        r"(?<![A-Za-z0-9_-])SG\.[A-Za-z0-9_-]{16,32}\.[A-Za-z0-9_-]{30,64}",
        ("SG.",),
    ),
    token_rule(
        "mailchimp_key",
        "mailchimp_key",
        r"(?<![A-Za-z0-9])[0-9a-f]{32}-us\d{1,2}(?![A-Za-z0-9])",
        (re.compile(r"-us\d"),),
    ),
    token_rule(
        "twilio_key",
        "twilio_key",
        r"(?<![A-Za-z0-9])SK[0-9a-fA-F]{32}(?![A-Za-z0-9])",
        (re.compile(r"SK[0-9a-fA-F]{32}"),),
    ),
    token_rule(
        "square_token",
        "square_token",
        r"(?<![A-Za-z0-9_-])(?:sq0atp-[A-Za-z0-9_\\-]{22,}|sq0csp-[A-Za-z0-9_\\-]{43}|EAAA[A-Za-z0-9_=+-]{50,100})",
        ("sq0atp-", "sq0csp-", "EAAA"),
    ),
    # bot id (5-16 digits), a colon, "A" and 34 more (gitleaks telegram-bot-api-token); in API URLs after "/bot"
    token_rule(
        "telegram_token",
        "telegram_token",
        r"(?:(?<=/bot)|(?<![A-Za-z0-9]))\d{5,16}:A[A-Za-z0-9_-]{34}(?![A-Za-z0-9_-])",
        (re.compile(r":A[A-Za-z0-9_-]{34}"),),
    ),
    # base64 of the bot's id, a timestamp and an HMAC (detect-secrets' discord plugin)
    token_rule(
        "discord_token",
        "discord_token",
        r"(?<![A-Za-z0-9_-])[MNO][A-Za-z0-9_-]{23,27}\.[A-Za-z0-9_-]{6}\.[A-Za-z0-9_-]{27,40}(?![A-Za-z0-9_-])",
        (re.compile(r"\.[A-Za-z0-9_-]{6}\.[A-Za-z0-9_-]{27}"),),
    ),
)
