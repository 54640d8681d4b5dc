"""E-mail addresses (not ``icon@2x.png``, not ``git@`` remotes)."""

from __future__ import annotations

import re

from kbdesk.core.redaction.engine import Rule, Sink

_EMAIL_RE = re.compile(
    # "%40" is "@" URL-encoded (?email=grace.kim%40example.com)
    r"(?<![A-Za-z0-9._%+-])(?P<local>[A-Za-z0-9][A-Za-z0-9._%+-]{0,63})(?:@|%40)"
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


def _replace_email(m: re.Match[str], sink: Sink) -> str:
    domain = m.group("domain")
    if domain.rsplit(".", 1)[-1].lower() in _FILE_EXTENSIONS or m.group("local").lower() == "git":
        return m.group(0)
    return sink.sub("email", m.group(0), m.group(0).lower().replace("%40", "@"))


RULES: tuple[Rule, ...] = (Rule("email", frozenset({"email"}), _EMAIL_RE, _replace_email, ("@", "%40")),)
