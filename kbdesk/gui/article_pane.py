"""The right side of the search view: the open article, its feedback bar, Back and Forward.

:class:`ArticlePane` loads an article through the knowledge base (a worker renders it),
shows it, keeps the history Back and Forward walk, and records what the person read and
said about it in the session's history (the task runner's ``"analytics"`` lane, so a view
is recorded after the search it came from and its time on screen when the next one opens).

It knows nothing of the search itself: the window tells it an article's rank when it opens
a result, and hands it the current results (``search_hits``) for the "next best" articles
after a "No, it didn't help".
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QVBoxLayout, QWidget

from ..core.analytics.session import SessionRecorder
from ..core.rendering import RenderedArticle
from ..core.search.engine import SearchHit
from .article_view import ArticleBrowser, ArticleLinks
from .errors import show_error
from .feedback import FeedbackBar
from .i18n import QT_TRANSLATE_NOOP, TranslationContext
from .knowledge import KnowledgeBase
from .tasks import TaskRunner

log = logging.getLogger(__name__)

article_pane = TranslationContext("article_pane")

#: the welcome page: English HTML, translated when shown (the examples stay English, as the articles are)
WELCOME_HTML = QT_TRANSLATE_NOOP(
    "article_pane",
    """<h1 class="title">How can we help?</h1>
<p class="summary">Type what is going wrong in the box above, in your own words, or paste the exact error message.
Matching articles appear as you type.</p>
<h2>Tips</h2>
<ul>
<li>Describe what you see: <i>"printer says offline"</i>, <i>"VPN keeps disconnecting"</i>.</li>
<li>Error codes work too: <code>0x80070005</code>, <code>DNS_PROBE_FINISHED_NXDOMAIN</code>.</li>
<li>Press <b>&#8595;</b>/<b>&#8593;</b> to pick a result and <b>Enter</b> to open it; <b>Ctrl+K</b> comes back to the search box.</li>
</ul>
<p class="meta">Nothing you type leaves this computer.</p>""",
)


class ArticlePane(QWidget):
    """One article with its feedback bar; the history of the articles opened."""

    #: an article has been rendered into the view (its id)
    article_shown = Signal(str)
    #: Back or Forward may have become possible or impossible
    history_changed = Signal()
    #: a short message for the status bar: (text, milliseconds)
    status_message = Signal(str, int)
    #: "Contact support" from the feedback bar
    contact_support_requested = Signal()

    def __init__(
        self,
        kb: KnowledgeBase,
        runner: TaskRunner,
        recorder: SessionRecorder,
        *,
        search_hits: Callable[[], tuple[SearchHit, ...]],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.kb = kb
        self.runner = runner
        self.recorder = recorder
        self._search_hits = search_hits
        self._history: list[str] = []
        self._history_pos = -1
        self._article_id: str | None = None
        self._view_started: float | None = None
        #: (article id, rank, from a search) of the article being loaded
        self._pending_view: tuple[str, int | None, bool] | None = None

        self.article = ArticleBrowser(self, resolve_article_path=self._resolve_link)
        self.links = ArticleLinks(self.article, self)
        self.feedback = FeedbackBar(self)
        self.feedback.hide()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.article, 1)
        layout.addWidget(self.links)
        layout.addWidget(self.feedback)
        self.setMinimumWidth(300)

        self.article.article_requested.connect(lambda aid: self.open_article(aid, from_search=False))
        self.article.code_copied.connect(
            lambda _n: self.status_message.emit(article_pane.tr("Code copied to the clipboard"), 3000)
        )
        self.article.link_blocked.connect(lambda text: self.status_message.emit(text, 5000))
        self.feedback.answered.connect(self._feedback_given)
        self.feedback.next_article_requested.connect(lambda aid: self.open_article(aid, from_search=True))
        self.feedback.contact_support_requested.connect(self.contact_support_requested)
        self.article.show_message(article_pane.tr(WELCOME_HTML))

    # ------------------------------------------------------------ state
    @property
    def article_id(self) -> str | None:
        """The article shown, or None (the welcome text)."""
        return self._article_id

    @property
    def loading_id(self) -> str | None:
        """The article being loaded (a click is opening it), or None."""
        return self._pending_view[0] if self._pending_view is not None else None

    @property
    def history(self) -> tuple[str, ...]:
        """The articles opened, in order, for Back and Forward."""
        return tuple(self._history)

    def can_go_back(self) -> bool:
        return self._history_pos > 0

    def can_go_forward(self) -> bool:
        return self._history_pos < len(self._history) - 1

    # ------------------------------------------------------------ opening
    def open_article(
        self, article_id: str, *, rank: int | None = None, from_search: bool = False, push_history: bool = True
    ) -> None:
        """Load and show ``article_id``; ``rank`` is its place in the results it was opened from."""
        if rank is None and from_search:
            rank = next((i + 1 for i, h in enumerate(self._search_hits()) if h.id == article_id), None)
        self.finish_view()
        self._pending_view = (article_id, rank, from_search)
        if push_history:
            if self._history_pos < len(self._history) - 1:
                del self._history[self._history_pos + 1 :]
            if not self._history or self._history[-1] != article_id:
                self._history.append(article_id)
            self._history_pos = len(self._history) - 1
        self.history_changed.emit()
        self.kb.load_article(article_id, on_result=self._loaded, on_error=lambda exc: self._failed(article_id, exc))

    def go_back(self) -> bool:
        """The previous article of the history; False when there is none."""
        if not self.can_go_back():
            return False
        self._history_pos -= 1
        self.open_article(self._history[self._history_pos], push_history=False)
        return True

    def go_forward(self) -> bool:
        if not self.can_go_forward():
            return False
        self._history_pos += 1
        self.open_article(self._history[self._history_pos], push_history=False)
        return True

    def _loaded(self, rendered: RenderedArticle) -> None:
        article_id = rendered.article.id
        self.article.show_article(rendered, rendered.folder)
        self._article_id = article_id
        self.feedback.reset(article_id)
        self.feedback.show()
        pending = self._pending_view
        rank, from_search = (pending[1], pending[2]) if pending and pending[0] == article_id else (None, False)
        self._pending_view = None
        self._view_started = time.monotonic()
        self.runner.run(self.recorder.record_view, article_id, rank, from_search, lane="analytics")
        self.article_shown.emit(article_id)

    def _failed(self, article_id: str, exc: BaseException) -> None:
        self._pending_view = None
        show_error(
            self,
            exc,
            article_pane.tr("Could not open the article {id}").format(id=article_id),
            show=lambda text: self.status_message.emit(text, 10000),
        )

    def _resolve_link(self, target: str) -> str | None:
        rendered = self.article.rendered
        if rendered is None:
            return self.kb.resolve_link(target, None)
        source = rendered.origin.source if rendered.origin is not None else None
        return self.kb.resolve_link(target, rendered.article, source)

    def reset(self) -> None:
        """Back to the welcome text with no history (another articles folder)."""
        self.finish_view()
        self._history.clear()
        self._history_pos = -1
        self._article_id = None
        self.feedback.hide()
        self.article.show_message(article_pane.tr(WELCOME_HTML))
        self.history_changed.emit()

    # ------------------------------------------------------------ time on the article
    def finish_view(self) -> None:
        """Record how long the shown article was on screen (before another opens, at escalation)."""
        seconds = self.view_seconds()
        if seconds is not None:
            self._view_started = None
            self.runner.run(self.recorder.finish_view, seconds, lane="analytics")

    def view_seconds(self) -> float | None:
        return None if self._view_started is None else time.monotonic() - self._view_started

    # ------------------------------------------------------------ feedback
    def _feedback_given(self, helpful: bool, reason: object, comment: str) -> None:
        article_id = self.feedback.article_id
        if article_id is None:
            return
        self.runner.run(
            self.recorder.record_feedback,
            article_id,
            helpful,
            reason,
            comment,
            lane="analytics",
            on_error=lambda exc: log.warning("feedback not recorded: %s", exc),
        )
        if helpful:
            self.status_message.emit(article_pane.tr("Glad it helped. Thanks for letting us know!"), 6000)
        else:
            self.feedback.show_next_best(self.next_best(article_id))

    def next_best(self, article_id: str) -> list[SearchHit]:
        """The next results of the current search, without the article that did not help."""
        return [h for h in self._search_hits() if h.id != article_id]
