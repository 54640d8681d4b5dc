"""UUIDs (request, correlation and session ids): kept by default, redacted when a bundle asks.

Support correlates events with them and they say nothing about a person, so the
``uuid`` category is kept unless the person (or the CLI's ``--redact uuid``) chooses
otherwise. A UUID that is a credential (``_authToken=<uuid>``, ``apikey: <uuid>``,
``Authorization: <uuid>``) is replaced before this rule runs, whatever the choice.
"""

from __future__ import annotations

import re

from kbdesk.core.redaction.engine import Rule, Sink

#: a whole UUID token (the card rule leaves digit groups inside one to this rule)
UUID_RE = re.compile(
    r"(?<![0-9A-Za-z-])[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}(?![0-9A-Za-z-])"
)


def _replace_uuid(m: re.Match[str], sink: Sink) -> str:
    return sink.sub("uuid", m.group(0), m.group(0).lower())


RULES: tuple[Rule, ...] = (
    Rule("uuid", frozenset({"uuid"}), UUID_RE, _replace_uuid, (re.compile(r"-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-"),)),
)
