"""Learned phrasings in the analytics database: what people typed before an article helped, or did not.

Search learns from them (:mod:`kbdesk.core.search.learned`), writers see them per article
and can make one a symptom (writer mode), and ``kbdesk feedback export`` carries them to
the writers of a whole fleet (:mod:`kbdesk.core.learning`). This module keeps the rows.

Where a phrasing comes from (``kind``):

* ``solved``: "Yes, this solved it" on an article opened from a search;
* ``read``: the article was open at least :data:`LONG_READ_S` seconds with no answer
  (weaker evidence: search weighs it lower);
* ``not_helped``: "No" on it; ``escalated``: the person asked for help after reading it.
  These two never lift an article in search; writers see them as the searches an article
  did not answer.

One row per view (``view_id``) for what happened on this machine: the last word about a
view wins (a "No" after a long read turns the row into ``not_helped``, a "Yes" after a
"No" into ``solved``; an escalation turns a long read into ``escalated`` and leaves a
"Yes" alone). Imported rows (``origin`` ``history``: ``kbdesk feedback import`` of
resolved searches; ``fleet``: of a merged export) have no view and carry their counts.

Privacy: the search text is redacted with the bundle redactor before it is stored here
(every category, UUIDs too; :func:`redact_phrasing`), and a text the final secret scan
still objects to is not stored at all. Pasted text longer than :data:`MAX_PHRASING_CHARS`
is not learned: it is a log, not a way of describing a problem. "Clear history" deletes
the rows with the rest of the history.
"""

from __future__ import annotations

import logging
import secrets
import sqlite3
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import ClassVar

from kbdesk.core.analytics.records import ID, INT, OPT_INT, TEXT, TS, Field, Record, from_row
from kbdesk.core.analytics.timestamps import format_ts, normalize_query

log = logging.getLogger(__name__)

#: every kind, the ones that lift an article in search first
KINDS: tuple[str, ...] = ("solved", "read", "not_helped", "escalated")
#: kinds that say the article answered the search
POSITIVE_KINDS: tuple[str, ...] = ("solved", "read")
#: kinds that say it did not
NEGATIVE_KINDS: tuple[str, ...] = ("not_helped", "escalated")
ORIGINS: tuple[str, ...] = ("local", "history", "fleet")
#: an article open this long from a search, with no "No", counts as a (weaker) answer. Reading a
#: one-screen fix takes a minute or two; a glance at a wrong article a few seconds.
LONG_READ_S = 60.0
#: longer search texts are pasted logs or documents, not phrasings to learn
MAX_PHRASING_CHARS = 300

Redact = Callable[[str], str | None]
#: the vectors of learned phrasings, beside the history they come from (and cleared with it)
VECTORS_FILE = "phrasing-vectors-v1.sqlite3"


def vectors_path(analytics_db: Path) -> Path:
    """Where the phrasing vectors of the history at ``analytics_db`` are kept (an embedding cache)."""
    return Path(analytics_db).with_name(VECTORS_FILE)


@dataclass(frozen=True)
class PhrasingRecord(Record):
    id: int
    ts: datetime
    article_id: str
    text: str
    text_norm: str
    #: the column ``kind``: solved, read, not_helped or escalated (``kind`` itself names a record's trail kind)
    evidence: str
    origin: str
    view_id: int | None
    count: int
    machines: int

    TABLE: ClassVar[str] = "phrasings"
    FIELDS: ClassVar[tuple[Field, ...]] = (
        Field("id", "phrasing_id", "id", ID),
        Field("ts", "ts", "ts", TS, required=True),
        Field("article_id", "article_id", "article_id", TEXT, required=True),
        Field("text", "text", "text", TEXT, required=True),
        Field("text_norm", "text_norm", "text_norm", TEXT),
        Field("evidence", "kind", "kind", TEXT, required=True),
        Field("origin", "origin", "origin", TEXT),
        Field("view_id", "view_id", "view_id", OPT_INT),
        Field("count", "count", "count", INT),
        Field("machines", "machines", "machines", INT),
    )


@dataclass(frozen=True)
class ImportedPhrasing:
    """One phrasing to import (from a history file or a fleet export), already redacted."""

    article_id: str
    text: str
    kind: str = "solved"
    count: int = 1
    machines: int = 1


def redact_phrasing(text: str) -> str | None:
    """``text`` as it may be stored: redacted (every category), whitespace collapsed; None when it must
    not be stored at all (too long, empty, or the final scan still finds a secret shape in it)."""
    from kbdesk.core.errors import RedactionError
    from kbdesk.core.redaction import Redactor, verify_clean

    text = " ".join(text.split())
    if not text or len(text) > MAX_PHRASING_CHARS:
        return None
    # a fresh redactor per phrasing: the same address is <EMAIL-1> in every phrasing (so equal
    # phrasings stay equal), and no original outlives the call
    result = Redactor(disabled_categories=()).redact(text, "phrasing")
    try:
        verify_clean(result.text, "phrasing")
    except RedactionError:
        log.info("a search text was not learned: the secret scan still objects to it after redaction")
        return None
    return result.text


# ---------------------------------------------------------------- learning from this machine's views


def learn_from_view(conn: sqlite3.Connection, view_id: int, kind: str, now: datetime, redact: Redact) -> int:
    """Record (or change) what ``view_id`` says about the search it came from; returns the row id or 0.

    ``kind`` is the new word about the view; see the module doc for which word wins.
    """
    if kind not in KINDS:
        raise ValueError(f"unknown phrasing kind {kind!r}")
    found = conn.execute(
        "SELECT v.article_id, s.query FROM views v JOIN searches s ON s.id = v.search_id WHERE v.id = ?",
        (int(view_id),),
    ).fetchone()
    if found is None:
        return 0  # not opened from a search: nothing was typed for it
    article_id, query = str(found[0]), str(found[1])
    existing = conn.execute("SELECT id, kind FROM phrasings WHERE view_id = ?", (int(view_id),)).fetchone()
    if existing is not None:
        row_id, old = int(existing[0]), str(existing[1])
        if not _replaces(kind, old):
            return row_id
        conn.execute("UPDATE phrasings SET kind = ?, ts = ? WHERE id = ?", (kind, format_ts(now), row_id))
        return row_id
    text = redact(query)
    if not text:
        return 0
    cur = conn.execute(
        "INSERT INTO phrasings (ts, article_id, text, text_norm, kind, origin, view_id) VALUES (?, ?, ?, ?, ?, ?, ?)",
        (format_ts(now), article_id, text, normalize_query(text), kind, "local", int(view_id)),
    )
    return int(cur.lastrowid or 0)


def _replaces(new: str, old: str) -> bool:
    """Whether a new word about a view replaces the old one."""
    if new in ("solved", "not_helped"):
        return True  # an explicit answer is the last word
    if new == "escalated":
        return old == "read"  # reading it did not solve it after all; a "Yes" or "No" stays
    return False  # a long read says nothing over an answer


def learn_from_escalation(conn: sqlite3.Connection, session_id: int, now: datetime, redact: Redact) -> int:
    """The session ended in a request for help: every article it opened from a search and did not
    say "Yes" (or "No") to becomes ``escalated``. Returns how many views that touched."""
    views = conn.execute(
        "SELECT id FROM views WHERE session_id = ? AND search_id IS NOT NULL ORDER BY id", (int(session_id),)
    ).fetchall()
    touched = 0
    for (view_id,) in views:
        if learn_from_view(conn, int(view_id), "escalated", now, redact):
            touched += 1
    return touched


# ---------------------------------------------------------------- imported phrasings


def import_phrasings(
    conn: sqlite3.Connection, phrasings: Iterable[ImportedPhrasing], origin: str, now: datetime
) -> tuple[int, int]:
    """Insert imported phrasings; one already there keeps the larger counts. Returns (new, updated)."""
    if origin not in ("history", "fleet"):
        raise ValueError(f"imported phrasings come from 'history' or 'fleet', not {origin!r}")
    added = updated = 0
    stamp = format_ts(now)
    for p in phrasings:
        if p.kind not in KINDS:
            raise ValueError(f"unknown phrasing kind {p.kind!r}")
        norm = normalize_query(p.text)
        if not norm or not p.article_id:
            continue
        row = conn.execute(
            "SELECT id, count, machines FROM phrasings WHERE view_id IS NULL AND article_id = ? AND text_norm = ? "
            "AND kind = ? AND origin = ?",
            (p.article_id, norm, p.kind, origin),
        ).fetchone()
        if row is None:
            conn.execute(
                "INSERT INTO phrasings (ts, article_id, text, text_norm, kind, origin, count, machines) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                (stamp, p.article_id, p.text, norm, p.kind, origin, max(1, p.count), max(1, p.machines)),
            )
            added += 1
        elif p.count > int(row[1]) or p.machines > int(row[2]):
            conn.execute(
                "UPDATE phrasings SET count = MAX(count, ?), machines = MAX(machines, ?), ts = ? WHERE id = ?",
                (p.count, p.machines, stamp, int(row[0])),
            )
            updated += 1
    return added, updated


# ---------------------------------------------------------------- reading


def read_phrasings(
    conn: sqlite3.Connection,
    *,
    kinds: Sequence[str] = KINDS,
    origins: Sequence[str] = ORIGINS,
    article_ids: Sequence[str] | None = None,
) -> list[PhrasingRecord]:
    """Rows of the given kinds and origins (and articles), oldest first."""
    clauses = [f"kind IN ({', '.join('?' for _ in kinds)})", f"origin IN ({', '.join('?' for _ in origins)})"]
    params: list[object] = [*kinds, *origins]
    if article_ids is not None:
        clauses.append(f"article_id IN ({', '.join('?' for _ in article_ids)})")
        params.extend(article_ids)
    sql = f"SELECT {PhrasingRecord.columns()} FROM phrasings WHERE {' AND '.join(clauses)} ORDER BY id"
    return [from_row(PhrasingRecord, row) for row in conn.execute(sql, params)]


def delete_for_articles(conn: sqlite3.Connection, article_ids: Iterable[str]) -> int:
    """Forget every phrasing of these articles (deleted or retired); returns how many rows went."""
    total = 0
    for aid in set(article_ids):
        total += conn.execute("DELETE FROM phrasings WHERE article_id = ?", (aid,)).rowcount
    return total


def install_id(conn: sqlite3.Connection) -> str:
    """This installation's random id (made on first use): what exports count distinct machines by.

    Random, not derived from the host name or the user: it says nothing about the machine
    or the person, and "Clear history" replaces it (a machine that clears its history
    starts again as a new one).
    """
    row = conn.execute("SELECT value FROM meta WHERE key = 'install_id'").fetchone()
    if row is not None:
        return str(row[0])
    value = secrets.token_hex(16)
    conn.execute("INSERT INTO meta (key, value) VALUES ('install_id', ?)", (value,))
    return value


__all__ = [
    "KINDS",
    "LONG_READ_S",
    "MAX_PHRASING_CHARS",
    "NEGATIVE_KINDS",
    "ORIGINS",
    "POSITIVE_KINDS",
    "ImportedPhrasing",
    "PhrasingRecord",
    "delete_for_articles",
    "import_phrasings",
    "install_id",
    "learn_from_escalation",
    "learn_from_view",
    "read_phrasings",
    "redact_phrasing",
    "vectors_path",
]
