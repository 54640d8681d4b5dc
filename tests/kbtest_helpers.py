"""Test helpers shared by several test modules: real bundles to send, check and tamper with; damaged histories.

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


def json_documents():
    """A hypothesis strategy: any JSON value (nested lists and objects, 30 leaves at most), for the
    readers of the state files that must answer with their own error or a value, never anything else."""
    from hypothesis import strategies as st

    return st.recursive(
        st.none() | st.booleans() | st.integers() | st.text(max_size=40),
        lambda inner: st.lists(inner, max_size=5) | st.dictionaries(st.text(max_size=12), inner, max_size=6),
        max_leaves=30,
    )


def tampered_copy(src: Path, dst: Path, member: str, data: bytes) -> Path:
    """``src`` with one member's bytes replaced and the manifest left as it was."""
    import zipfile

    with zipfile.ZipFile(src) as old, zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as new:
        for info in old.infolist():
            new.writestr(info.filename, data if info.filename == member else old.read(info))
    return dst


def history_with(searches: int, views: int, *, clock=None) -> Path:
    """The analytics database of ``KBDESK_HOME`` with one session, these searches and views (each view after a search)."""
    import sqlite3

    from kbdesk.core.analytics import AnalyticsStore
    from kbdesk.core.paths import state_paths

    with AnalyticsStore.open(clock=clock) as store:
        sid = store.start_session("linux", "0.1.0")
        for i in range(max(searches, views)):
            search = (
                store.record_search(sid, f"printer offline {i}", "hybrid", ["printer-offline"], 3.0, True)
                if i < searches
                else 0
            )
            if i < views:
                store.record_view(sid, f"article-{i}", search or None, 1)
    path = state_paths().analytics_db
    with sqlite3.connect(path) as conn:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    return path


def break_index(path: Path, index: str) -> bytes:
    """Overwrite one index's root page: quick_check fails, while every table still reads in rowid order."""
    import sqlite3

    with sqlite3.connect(path) as conn:
        root = conn.execute("SELECT rootpage FROM sqlite_master WHERE name = ?", (index,)).fetchone()[0]
        page = conn.execute("PRAGMA page_size").fetchone()[0]
    data = bytearray(path.read_bytes())
    data[(root - 1) * page : root * page] = b"\x07" * page
    path.write_bytes(bytes(data))
    with sqlite3.connect(path) as conn:
        assert conn.execute("PRAGMA quick_check").fetchone()[0] != "ok"
        assert conn.execute("SELECT * FROM searches ORDER BY id").fetchall()
    return bytes(data)
