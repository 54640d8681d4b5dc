"""The learned phrasings of this machine's history, in search: loading, keeping up, forgetting.

The analytics store keeps the rows (:mod:`kbdesk.core.analytics.phrasings`); search holds
them in memory (:class:`~kbdesk.core.search.learned.LearnedIndex`). This module moves
them from one to the other: all at once when an engine opens, one article at a time when
someone answers "Did this solve your problem?", and out again when an article is deleted
or retired.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path

from ..analytics.phrasings import POSITIVE_KINDS, PhrasingRecord, vectors_path
from ..analytics.store import AnalyticsStore
from ..paths import state_paths
from ..placeholders import PLACEHOLDER_RE
from ..search.embedding_cache import EmbeddingCache
from ..search.engine import SearchEngine
from ..search.indexer import SyncReport
from ..search.learned import KIND_WEIGHTS, LearnedIndex, LearnedPhrasing, Weights
from ..search.manifest import ArticleRecord
from ..search.multi import MultiSourceEngine
from ..search.semantic import Embedder

log = logging.getLogger(__name__)


def engine_folders(engine: SearchEngine | MultiSourceEngine) -> tuple[Path, ...]:
    """The folders an engine searches: one, or every source's."""
    return engine.articles_dirs if isinstance(engine, MultiSourceEngine) else (engine.articles_dir,)


def search_text(text: str) -> str:
    """A stored phrasing as search reads it: placeholders (``<EMAIL-1>``) say nothing about the problem."""
    return " ".join(PLACEHOLDER_RE.sub(" ", text).split())


def to_learned(records: Iterable[PhrasingRecord]) -> list[LearnedPhrasing]:
    """The phrasings that lift an article in search ("Yes", long reads, imported), weighted by kind."""
    out = []
    for r in records:
        weight = KIND_WEIGHTS.get(r.evidence)
        text = search_text(r.text)
        if weight and text:
            out.append(LearnedPhrasing(r.article_id, text, weight))
    return out


def new_index(analytics_db: Path, weights: Weights | None = None) -> LearnedIndex:
    """An empty learned index whose vectors are kept beside the history at ``analytics_db``."""
    return LearnedIndex(weights, cache=EmbeddingCache(vectors_path(analytics_db)))


def load(store: AnalyticsStore, index: LearnedIndex, embedder: Embedder | None = None) -> int:
    """Fill ``index`` with every positive phrasing in ``store``; returns how many it holds.

    With history off (or unreadable) the index is emptied: learned phrasings are history.
    """
    if not store.recording and not store.read_only:
        index.clear()
        return 0
    records = store.phrasings(kinds=POSITIVE_KINDS)
    index.replace_all(to_learned(records), embedder if embedder is not None and embedder.loaded else None)
    return len(index)


def refresh_articles(
    store: AnalyticsStore, index: LearnedIndex, article_ids: Sequence[str], embedder: Embedder | None = None
) -> int:
    """Bring these articles' phrasings in ``index`` up to date with ``store`` (after a "Yes", a "No", an
    escalation): only they are touched. Returns how many phrasings they have now."""
    if not article_ids:
        return 0
    records = store.phrasings(kinds=POSITIVE_KINDS, article_ids=list(article_ids))
    learned = to_learned(records)
    by_article: dict[str, list[LearnedPhrasing]] = {aid: [] for aid in article_ids}
    for p in learned:
        by_article.setdefault(p.article_id, []).append(p)
    model = embedder if embedder is not None and embedder.loaded else None
    for aid, phrasings in by_article.items():
        index.set_article(aid, phrasings, model)
    return len(learned)


def dropped_articles(
    report: SyncReport, records: Mapping[str, ArticleRecord], folder: Path | Sequence[Path]
) -> set[str]:
    """Articles whose phrasings go after a sync: the retired ones, and the removed ones whose file is gone.

    A removed article whose file is still there (its front matter broke, or it was given
    another id) keeps its phrasings: a writer fixing a typo should not cost it what readers
    taught search. ``folder``: the articles folder, or every source's (search/multi.py; a
    removed article's file is looked for in each).
    """
    folders = [Path(folder)] if isinstance(folder, str | Path) else [Path(f) for f in folder]
    dropped = {aid for aid, rec in records.items() if rec.status == "retired"}
    for aid, rel in zip(report.removed, report.removed_paths, strict=False):
        if aid not in records and not any((f / rel).exists() for f in folders):
            dropped.add(aid)
    return dropped


def forget(store: AnalyticsStore, index: LearnedIndex | None, article_ids: Iterable[str]) -> int:
    """Forget the phrasings of deleted or retired articles, in the history and in search."""
    ids = sorted(set(article_ids))
    if not ids:
        return 0
    if index is not None:
        index.remove_articles(ids)
    gone = store.forget_articles(ids) if store.recording else 0
    if gone:
        log.info("forgot %d learned phrasings of %d deleted or retired articles", gone, len(ids))
    return gone


def forget_dropped(
    report: SyncReport,
    records: Mapping[str, ArticleRecord],
    folder: Path | Sequence[Path],
    *,
    enabled: bool,
    analytics_db: Path | None = None,
) -> int:
    """After a sync (the command line's): forget the phrasings of the articles it deleted or retired."""
    path = analytics_db or state_paths().analytics_db
    dropped = dropped_articles(report, records, folder)
    if not enabled or not dropped or not path.exists():
        return 0
    with AnalyticsStore.open(path) as store:
        return forget(store, None, dropped)


def attach(
    engine: SearchEngine | MultiSourceEngine,
    *,
    enabled: bool,
    analytics_db: Path | None = None,
    report: SyncReport | None = None,
) -> int:
    """Give ``engine`` the phrasings learned in the history at ``analytics_db`` (default: this data
    folder's), for the command line; returns how many it searches with.

    ``enabled`` is the history setting: off, nothing is learned or used. ``report`` is the
    sync just made: phrasings of the articles it deleted or retired are forgotten first. A
    history file that does not exist is not created.
    """
    path = analytics_db or state_paths().analytics_db
    if report is not None:
        forget_dropped(report, engine.article_records(), engine_folders(engine), enabled=enabled, analytics_db=path)
    if not enabled or not path.exists():
        engine.learned = None
        return 0
    with AnalyticsStore.open(path) as store:
        index = new_index(path)
        count = load(store, index, engine.embedder)
    if engine.semantic_ready:
        index.embed_pending(engine.embedder)
    engine.learned = index if count else None
    return count
