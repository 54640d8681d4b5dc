"""One support session's analytics, kept in order by running only in the GUI's ``"analytics"`` lane.

The window never calls :class:`SessionRecorder` directly: it submits its
methods to the task runner's ``"analytics"`` lane, one thread that runs them
in submission order. So the recorder's own state (the session id, the last
search id, the open view) needs no lock, a view is always recorded after the
search it came from, and SQLite never runs on the GUI thread. It lives in the
core (no Qt in it) so it can be tested and used without a display.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from kbdesk.core.analytics.db import AnalyticsError
from kbdesk.core.analytics.records import SearchRecord, Trail
from kbdesk.core.analytics.store import AnalyticsStore
from kbdesk.core.errors import KbdeskError
from kbdesk.core.paths import state_paths

if TYPE_CHECKING:
    from kbdesk.core.learning.review import ArticleReview
    from kbdesk.core.search.learned import LearnedIndex
    from kbdesk.core.search.semantic import Embedder

log = logging.getLogger(__name__)

READ_REASON_TEXT = {
    "not_related": "not about my problem",
    "didnt_work": "did not work",
    "hard_to_follow": "hard to follow",
    "other": "other",
}


class SessionRecorder:
    """One app session's recording, and what search learns from it (see the module doc).

    ``learned`` is the search's learned-phrasings index (:mod:`kbdesk.core.search.learned`):
    the recorder fills it from the history when it opens, updates the articles a "Yes", a
    "No", a long read or an escalation touched right after recording them, and empties it
    when history is cleared or turned off. ``embedder`` gives the model for new phrasings'
    vectors (None, or not loaded yet: they wait, see ``LearnedIndex.embed_pending``).
    """

    def __init__(
        self,
        platform: str,
        app_version: str,
        db_path: Path | None = None,
        *,
        learned: LearnedIndex | None = None,
        embedder: Callable[[], Embedder | None] = lambda: None,
    ) -> None:
        self.platform = platform
        self.app_version = app_version
        self._db_path = db_path
        self.learned = learned
        self._embedder = embedder
        self._session_articles: set[str] = set()
        self.store: AnalyticsStore | None = None
        self.session_id = 0
        self.search_id = 0
        self.view_id = 0
        self.view_article: str | None = None
        self._last_recorded: tuple[str, str] | None = None
        #: (article, check, place) already recorded in this session: a check shown again is not a new hit
        self._check_hits: set[tuple[str, str, str]] = set()

    @property
    def db_path(self) -> Path:
        """The history file this recorder writes (insights read it through a snapshot)."""
        return self._db_path or state_paths().analytics_db

    # ------------------------------------------------------------ lifecycle
    def open(self, enabled: bool) -> str | None:
        """Open the store and start a session; returns a problem to show once, or None."""
        problem = None
        try:
            self.store = AnalyticsStore.open(self._db_path, enabled=enabled)
        except AnalyticsError as exc:
            log.warning("analytics unavailable: %s", exc)
            self.store = AnalyticsStore.open(self._db_path, enabled=False)
            problem = f"History is off: {exc}"
        if self.store.read_only:
            problem = "History was written by a newer kbdesk; nothing new is recorded."
        if self.store.recovered_from is not None:
            salvaged = self.store.salvaged
            kept = (
                f"recovered {salvaged.describe()}"
                if salvaged is not None and salvaged.total
                else "nothing could be read"
            )
            problem = (
                f"The history file was damaged: {kept} into a fresh one; "
                f"the damaged file is kept as {self.store.recovered_from.name}."
            )
        self._start()
        self.load_learned()
        return problem

    def _start(self) -> None:
        assert self.store is not None
        self.session_id = self.store.start_session(self.platform, self.app_version)
        self.search_id = 0
        self.view_id = 0
        self._last_recorded = None
        self._check_hits = set()
        self._session_articles = set()

    def set_enabled(self, enabled: bool) -> str | None:
        if self.store is None:
            return self.open(enabled)
        try:
            self.store.set_enabled(enabled)
        except AnalyticsError as exc:
            return f"Could not turn history on: {exc}"
        if enabled and not self.session_id:
            self._start()
        if not enabled:
            self.session_id = self.search_id = self.view_id = 0
        self.load_learned()
        return None

    def close(self, seconds_on_view: float | None = None) -> None:
        if self.store is None:
            return
        if seconds_on_view is not None:
            self.finish_view(seconds_on_view)
        self.store.end_session(self.session_id)
        self.store.close()

    # ------------------------------------------------------------ recording
    def record_search(
        self,
        query: str,
        mode: str,
        result_ids: list[str],
        result_count: int,
        latency_ms: float | None,
        semantic_ready: bool,
        match: str | None = None,
    ) -> int:
        """Record a settled search; the same query and mode twice in a row count once.

        ``match`` is how well the best result matched ("strong", "weak", "none"):
        a weak one is recorded as what it is, a content gap, not as N results.
        """
        if self.store is None or not query.strip():
            return 0
        key = (" ".join(query.casefold().split()), mode)
        if key == self._last_recorded:
            return self.search_id
        self._last_recorded = key
        self.search_id = self.store.record_search(
            self.session_id,
            query,
            mode,
            result_ids[:10],
            latency_ms,
            semantic_ready,
            result_count=result_count,
            match=match,
        )
        return self.search_id

    def record_view(self, article_id: str, rank: int | None, from_search: bool) -> int:
        if self.store is None:
            return 0
        self.view_id = self.store.record_view(
            self.session_id, article_id, self.search_id if from_search else None, rank if rank and rank >= 1 else None
        )
        self.view_article = article_id
        if from_search:
            self._session_articles.add(article_id)
        return self.view_id

    def finish_view(self, seconds: float) -> None:
        if self.store is None or not self.view_id:
            return
        self.store.finish_view(self.view_id, max(0.0, seconds))
        if self.view_article is not None:
            self._relearn([self.view_article])  # a long read may have taught search a phrasing

    def record_feedback(self, article_id: str, helpful: bool, reason: str | None, comment: str) -> int:
        if self.store is None:
            return 0
        view_id = self.view_id if self.view_article == article_id else None
        row = self.store.record_feedback(self.session_id, article_id, helpful, reason, comment or None, view_id=view_id)
        self._relearn([article_id])
        return row

    def record_escalation(self, bundle_id: str, summary: str) -> int:
        """The person saved an escalation bundle: this session's outcome becomes "escalated"."""
        if self.store is None or not self.session_id:
            return 0
        row = self.store.record_escalation(self.session_id, bundle_id, summary)
        self._relearn(sorted(self._session_articles))  # long reads of this session taught nothing after all
        return row

    def record_check_hit(self, article_id: str, check_id: str, place: str) -> int:
        """A check fired and was shown (``place``: "banner" or "wizard"); once per session and place."""
        key = (article_id, check_id, place)
        if self.store is None or key in self._check_hits:
            return 0
        self._check_hits.add(key)
        return self.store.record_check_hit(self.session_id, article_id, check_id, place)

    def clear_history(self) -> None:
        """Clear everything (raises AnalyticsError for the window to show), then start a fresh session."""
        if self.store is None:
            return
        self.store.clear_history()
        if self.learned is not None:
            self.learned.clear()
        if self.store.recording:
            self._start()

    # ------------------------------------------------------------ learned phrasings
    def load_learned(self) -> int:
        """Fill the learned index from the history (empty when history is off); returns how many phrasings."""
        if self.learned is None or self.store is None:
            return 0
        from kbdesk.core.learning.live import load

        try:
            return load(self.store, self.learned, self._embedder())
        except KbdeskError as exc:
            log.warning("learned phrasings unavailable: %s", exc)
            self.learned.clear()
            return 0

    def _relearn(self, article_ids: list[str]) -> None:
        if self.learned is None or self.store is None or not self.store.recording or not article_ids:
            return
        from kbdesk.core.learning.live import refresh_articles

        try:
            refresh_articles(self.store, self.learned, article_ids, self._embedder())
        except KbdeskError as exc:
            log.warning("learned phrasings of %s not updated: %s", ", ".join(article_ids), exc)

    def forget_articles(self, article_ids: Iterable[str]) -> int:
        """Articles deleted or retired: their phrasings go, from the history and from search."""
        if self.store is None:
            return 0
        from kbdesk.core.learning.live import forget

        return forget(self.store, self.learned, article_ids)

    def article_review(self, article_id: str, symptoms: Iterable[str] = ()) -> ArticleReview:
        """What writer mode shows about one article: the phrasings it was found with, the searches it did not answer."""
        from kbdesk.core.learning.review import article_review

        if self.store is None:
            return article_review(article_id, [], symptoms)
        return article_review(article_id, self.store.phrasings(article_ids=[article_id]), symptoms)

    # ------------------------------------------------------------ reading
    def trail(self) -> Trail | None:
        if self.store is None or not self.session_id:
            return None
        try:
            return self.store.trail(self.session_id)
        except KbdeskError as exc:
            log.warning("could not read this session's history: %s", exc)
            return None


def trail_summary(
    trail: Trail | None, titles: dict[str, str], *, app_version: str, platform: str, now: datetime | None = None
) -> str:
    """A plain-text account of what the person searched and read, for a support request."""
    stamp = (now or datetime.now()).strftime("%Y-%m-%d %H:%M")
    lines = [f"kbdesk {app_version} on {platform}, {stamp}", ""]
    if trail is None or not trail.events:
        lines.append("(History is off or nothing was recorded in this session.)")
        return "\n".join(lines)
    searches = trail.searches
    lines.append("What I searched for:" if searches else "I did not search.")
    for s in searches:
        lines.append(f'  - "{s.query}" ({_found(s)})')
    views = trail.views
    if views:
        lines.append("")
        lines.append("What I read:")
        for v in views:
            spent = f", {_duration(v.seconds_spent)}" if v.seconds_spent is not None else ""
            lines.append(f"  - {titles.get(v.article_id, v.article_id)}{spent}")
    feedback = trail.feedback
    if feedback:
        lines.append("")
        lines.append("What I said about them:")
        for f in feedback:
            title = titles.get(f.article_id, f.article_id)
            if f.helpful:
                lines.append(f"  - {title}: solved it")
            else:
                why = READ_REASON_TEXT.get(f.reason or "", "did not help")
                comment = f' ("{f.comment}")' if f.comment else ""
                lines.append(f"  - {title}: did not help, {why}{comment}")
    return "\n".join(lines)


def _found(search: SearchRecord) -> str:
    """What a search found, as the person saw it."""
    if search.match == "none" or search.result_count == 0:
        return "no article found"
    if search.match == "weak":
        return "no article matched well"
    return f"{search.result_count} result{'s' if search.result_count != 1 else ''}"


def _duration(seconds: float) -> str:
    if seconds < 60:
        return f"{round(seconds)} s"
    return f"{int(seconds // 60)} min {round(seconds % 60)} s"
