"""Writer mode's "Test this article" tab: type what a reader would search for, see where the article ranks.

The ranking runs on a worker (:func:`kbdesk.core.authoring.rank_article_for_query`, tag
``"writer-test"``, latest wins) over articles of every status and system, so a draft can be
tested before it is published; the words found and missing are taken from the editor's
text, the rank from the index (the last saved version, which the result says).
"""

from __future__ import annotations

import html
from collections.abc import Callable

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QLineEdit, QPushButton, QTextBrowser, QVBoxLayout, QWidget

from ..core.articles import Article
from ..core.authoring import ArticleTestResult, rank_article_for_query
from ..core.search.multi import MultiSourceEngine
from .accessibility import name_clear_button
from .errors import show_error
from .tasks import TaskRunner
from .theme import content_colors

MODE_WORDS = {
    "keyword": "exact words (the language model is not loaded)",
    "hybrid": "words and meaning",
    "semantic": "meaning",
}


class ArticleTestPanel(QWidget):
    """A query field, "Rank it", and what the ranking found."""

    #: a ranking finished (an ArticleTestResult)
    test_finished = Signal(object)
    #: a ranking starts: the editor shows this tab
    started = Signal()

    def __init__(
        self,
        runner: TaskRunner,
        *,
        engine_getter: Callable[[], MultiSourceEngine | None],
        model_ready: Callable[[], bool],
        article_getter: Callable[[], Article | None],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.runner = runner
        self._engine_getter = engine_getter
        self._model_ready = model_ready
        self._article_getter = article_getter
        self.last_test: ArticleTestResult | None = None
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        intro = QLabel(
            "Type what a reader would search for and see where this article ranks, among articles of every status.",
            self,
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)
        row = QHBoxLayout()
        self.test_query = QLineEdit(self)
        self.test_query.setPlaceholderText("printer says offline")
        self.test_query.setAccessibleName("Test query")
        self.test_query.setClearButtonEnabled(True)
        name_clear_button(self.test_query)
        self.test_query.returnPressed.connect(self.run_test)
        self.test_button = QPushButton(
            "Rank it", self
        )  # no mnemonic (the writer page has more labels than letters); Enter runs it
        self.test_button.clicked.connect(lambda: self.run_test())
        row.addWidget(self.test_query, 1)
        row.addWidget(self.test_button)
        layout.addLayout(row)
        self.test_result = QTextBrowser(self)
        self.test_result.setOpenLinks(False)
        self.test_result.setAccessibleName("Test result")
        layout.addWidget(self.test_result, 1)

    def set_enabled_for_file(self, has_file: bool) -> None:
        self.test_query.setEnabled(has_file)
        self.test_button.setEnabled(has_file)

    def clear(self) -> None:
        self.test_result.clear()
        self.last_test = None

    def run_test(self, query: str | None = None) -> None:
        """Rank the editor's article for ``query`` (the field's text when None)."""
        if query is not None:
            self.test_query.setText(query)
        query = self.test_query.text().strip()
        if not query:
            return
        engine = self._engine_getter()
        if engine is None:
            self.test_result.setHtml("<p>The search index is not ready yet; try again in a moment.</p>")
            return
        article = self._article_getter()
        if article is None:
            self.test_result.setHtml("<p>Fix the front matter first: the app cannot read this text as an article.</p>")
            return
        mode = "hybrid" if self._model_ready() else "keyword"
        self.started.emit()
        self.test_result.setHtml("<p>Searching…</p>")
        self.runner.run(
            rank_article_for_query,
            engine,
            article,
            query,
            tag="writer-test",
            mode=mode,
            on_success=self._show_test,
            on_error=self._test_failed,
        )

    def _test_failed(self, exc: BaseException) -> None:
        show_error(
            self, exc, "Could not search", show=lambda text: self.test_result.setHtml(f"<p>{html.escape(text)}</p>")
        )

    def _show_test(self, result: ArticleTestResult) -> None:
        self.last_test = result
        self.test_result.setHtml(result_html(result, content_colors(self.palette())["muted"]))
        self.test_finished.emit(result)


def result_html(result: ArticleTestResult, muted: str) -> str:
    """The ranking as the tab shows it: the rank, why, the words found and missing, the top results."""
    e = html.escape
    parts = []
    mode = MODE_WORDS.get(result.mode, result.mode)
    if result.rank:
        parts.append(f"<h2>Rank {result.rank} of {result.results}</h2>")
    else:
        parts.append(
            f"<h2>Not in the results</h2><p>This article is not among the {result.results} "
            "articles found for this query.</p>"
        )
    parts.append(f"<p style='color:{muted}'>Searched by {e(mode)}, over articles of every status and system.</p>")
    rows = []
    if result.keyword_rank is not None:
        rows.append(
            f"<tr><td>Keyword rank</td><td><b>{result.keyword_rank}</b> "
            f"(BM25 score {result.keyword_score or 0:.2f})</td></tr>"
        )
    elif result.rank is None or result.mode != "semantic":
        rows.append("<tr><td>Keyword rank</td><td>no keyword match</td></tr>")
    if result.similarity is not None:
        rows.append(
            f"<tr><td>Meaning</td><td>cosine similarity <b>{result.similarity:.2f}</b>"
            f"{f' (semantic rank {result.semantic_rank})' if result.semantic_rank else ''}</td></tr>"
        )
    else:
        rows.append("<tr><td>Meaning</td><td>not measured: the language model is not loaded</td></tr>")
    parts.append("<table cellpadding='3'>" + "".join(rows) + "</table>")
    if result.matched:
        items = "".join(f"<li><b>{e(m.label)}</b> — in {e(', '.join(m.fields))}</li>" for m in result.matched)
        parts.append(f"<h3>Query words found in this article</h3><ul>{items}</ul>")
    if result.missing:
        parts.append(
            "<h3>Query words missing</h3><p>"
            + ", ".join(f"<b>{e(t)}</b>" for t in result.missing)
            + " — add them (or the words readers use) to the title, summary or symptoms.</p>"
        )
    if result.top:
        items = "".join(
            f"<li>{'<b>' if h.id == result.article_id else ''}{e(h.title)} "
            f"<span style='color:{muted}'>({e(h.id)})</span>{'</b>' if h.id == result.article_id else ''}</li>"
            for h in result.top
        )
        parts.append(f"<h3>Top results</h3><ol>{items}</ol>")
    if result.index_outdated:
        parts.append(
            f"<p style='color:{muted}'>Ranks are for the last saved version; save to rank your latest edits.</p>"
        )
    return "".join(parts)
