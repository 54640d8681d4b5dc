"""Test helpers shared by several test modules: real bundles to send, check and tamper with.

The fixture articles are in fixture_articles.py. Importable thanks to pythonpath in pyproject.
"""

from __future__ import annotations

from pathlib import Path


def write_test_bundle(
    path: Path,
    *,
    summary: str = "Printer offline on floor 3",
    description: str = "Jobs stay in the queue since Monday.",
    impact: str = "high",
    urgency: str = "medium",
    contact: str = "alice@example.org",
    attachment_bytes: int = 0,
    seed: int = 0,
):
    """A real bundle written by the bundle writer; ``attachment_bytes`` of random (incompressible) data."""
    import random

    from kbdesk.core.bundle import BundleItem, Ticket, write_bundle

    ticket = Ticket(
        summary=summary, description=description, impact=impact, urgency=urgency, contact=contact, platform="linux"
    )
    items = [BundleItem("diagnostics/os.json", b'{"name": "test"}\n')]
    if attachment_bytes:
        items.append(BundleItem("attachments/capture.bin", random.Random(seed).randbytes(attachment_bytes)))
    return write_bundle(
        path,
        ticket,
        {"searches": [{"query": "printer offline"}]},
        items,
        {"version": 1, "totals": []},
        {"agreed_at": "2026-12-01T10:00:00Z"},
    )


def tampered_copy(src: Path, dst: Path, member: str, data: bytes) -> Path:
    """``src`` with one member's bytes replaced and the manifest left as it was."""
    import zipfile

    with zipfile.ZipFile(src) as old, zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as new:
        for info in old.infolist():
            new.writestr(info.filename, data if info.filename == member else old.read(info))
    return dst
