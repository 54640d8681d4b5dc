"""Shared material of the escalation tests: a ticket, sources and a trail holding secrets and personal
data, and a bundle's members as text."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

from kbdesk.core import escalation
from kbdesk.core.bundle import Ticket
from kbdesk.core.escalation import Source, build_ticket

GH_TOKEN = "ghp_" + "Z" * 36
AWS_KEY = "AKIAIOSFODNN7EXAMPLE"


def sources() -> list[Source]:
    return [
        Source(
            "diagnostics/network.json",
            "diagnostics/network.json",
            "Network",
            escalation.KIND_DIAGNOSTIC,
            text=json.dumps({"gateway": "192.168.7.1", "dns": ["10.20.30.40"], "note": "Contoso VPN profile"}),
        ),
        Source(
            "diagnostics/secretive.json",
            "diagnostics/secretive.json",
            "Secretive",
            escalation.KIND_DIAGNOSTIC,
            text=json.dumps({"marker": "ONLY-IN-EXCLUDED-ITEM", "owner": "carol@example.org"}),
        ),
        Source(
            escalation.LOG_ITEM,
            escalation.LOG_ITEM,
            "kbdesk log",
            escalation.KIND_LOG,
            text="2026-05-01 10:00:01 ERROR connect to 192.168.7.1 failed for dave@example.net\n",
        ),
    ]


TRAIL = {
    "format": "kbdesk-trail",
    "events": [
        {"kind": "search", "ts": "2026-05-01T09:59:00.000Z", "query": "vpn fails for erin@example.com at Contoso"},
        {
            "kind": "feedback",
            "ts": "2026-05-01T09:59:30.000Z",
            "article_id": "vpn",
            "helpful": False,
            "reason": "didnt_work",
            "comment": f"tried token {GH_TOKEN}",
        },
    ],
}


def ticket(**changes: str) -> Ticket:
    fields: dict[str, str] = dict(
        summary="VPN drops for frank@example.com",
        description=f"Contoso gateway 192.168.7.1, key {AWS_KEY}",
        impact="high",
        urgency="medium",
        contact="frank@example.com",
        platform="linux",
    )
    fields.update(changes)
    return build_ticket(**fields)


def all_text(path: Path) -> dict[str, str]:
    with zipfile.ZipFile(path) as archive:
        return {name: archive.read(name).decode("utf-8", errors="replace") for name in archive.namelist()}
