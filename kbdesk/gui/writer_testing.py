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
from .i18n import QT_TRANSLATE_NOOP, TranslationContext, number
from .tasks import TaskRunner
from .theme import content_colors

writer_testing = TranslationContext("writer_testing")

MODE_WORDS = {
    "keyword": QT_TRANSLATE_NOOP("writer_testing", "exact words (the language model is not loaded)"),
    "hybrid": QT_TRANSLATE_NOOP("writer_testing", "words and meaning"),
    "semantic": QT_TRANSLATE_NOOP("writer_testing", "meaning"),
}
#: the article's parts a query word can be found in (kbdesk.core.authoring names them in English)
FIELD_WORDS = {
    "title": QT_TRANSLATE_NOOP("writer_testing", "title"),
    "summary": QT_TRANSLATE_NOOP("writer_testing", "summary"),
    "symptoms": QT_TRANSLATE_NOOP("writer_testing", "symptoms"),
    "tags": QT_TRANSLATE_NOOP("writer_testing", "tags"),
    "error codes": QT_TRANSLATE_NOOP("writer_testing", "error codes"),
    "body": QT_TRANSLATE_NOOP("writer_testing", "body"),
}


def _field_word(name: str) -> str:
    return writer_testing.tr(FIELD_WORDS[name]) if name in FIELD_WORDS else name


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
            writer_testing.tr(
                "Type what a reader would search for and see where this article ranks, among articles of every status."
            ),
            self,
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)
        row = QHBoxLayout()
        self.test_query = QLineEdit(self)
        self.test_query.setPlaceholderText(writer_testing.tr("printer says offline", "an example query"))
        self.test_query.setAccessibleName(writer_testing.tr("Test query"))
        self.test_query.setClearButtonEnabled(True)
        name_clear_button(self.test_query)
        self.test_query.returnPressed.connect(self.run_test)
        self.test_button = QPushButton(
            writer_testing.tr("Rank it"), self
        )  # no mnemonic (the writer page has more labels than letters); Enter runs it
        self.test_button.clicked.connect(lambda: self.run_test())
        row.addWidget(self.test_query, 1)
        row.addWidget(self.test_button)
        layout.addLayout(row)
        self.test_result = QTextBrowser(self)
        self.test_result.setOpenLinks(False)
        self.test_result.setAccessibleName(writer_testing.tr("Test result"))
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
            self.test_result.setHtml(
                _paragraph(writer_testing.tr("The search index is not ready yet; try again in a moment."))
            )
            return
        article = self._article_getter()
        if article is None:
            self.test_result.setHtml(
                _paragraph(
                    writer_testing.tr("Fix the front matter first: the app cannot read this text as an article.")
                )
            )
            return
        mode = "hybrid" if self._model_ready() else "keyword"
        self.started.emit()
        self.test_result.setHtml(_paragraph(writer_testing.tr("Searching…")))
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
            self,
            exc,
            writer_testing.tr("Could not search"),
            show=lambda text: self.test_result.setHtml(_paragraph(text)),
        )

    def _show_test(self, result: ArticleTestResult) -> None:
        self.last_test = result
        self.test_result.setHtml(result_html(result, content_colors(self.palette())["muted"]))
        self.test_finished.emit(result)


def _paragraph(text: str) -> str:
    return _element("p", text)


def _element(tag: str, text: str) -> str:
    """``text`` escaped inside ``<tag>``."""
    return f"<{tag}>{html.escape(text)}</{tag}>"


def result_html(result: ArticleTestResult, muted: str) -> str:
    """The ranking as the tab shows it: the rank, why, the words found and missing, the top results.

    The translated sentences are escaped and the values go in afterwards (already escaped, or set in bold)."""
    e = html.escape
    parts = []
    mode = writer_testing.tr(MODE_WORDS[result.mode]) if result.mode in MODE_WORDS else result.mode
    if result.rank:
        rank = writer_testing.tr("Rank {rank} of {results}").format(rank=result.rank, results=result.results)
        parts.append(_element("h2", rank))
    else:
        parts.append(_element("h2", writer_testing.tr("Not in the results")))
        parts.append(
            _paragraph(
                writer_testing.tr("This article is not among the %n articles found for this query.", "", result.results)
            )
        )
    searched = writer_testing.tr("Searched by {mode}, over articles of every status and system.").format(mode=mode)
    parts.append(f"<p style='color:{muted}'>{e(searched)}</p>")
    rows = []
    keyword_rank = _element("td", writer_testing.tr("Keyword rank"))
    if result.keyword_rank is not None:
        score = writer_testing.tr("(BM25 score {score})").format(score=number(result.keyword_score or 0.0, 2))
        rows.append(f"<tr>{keyword_rank}<td><b>{result.keyword_rank}</b> {e(score)}</td></tr>")
    elif result.rank is None or result.mode != "semantic":
        no_match = _element("td", writer_testing.tr("no keyword match"))
        rows.append(f"<tr>{keyword_rank}{no_match}</tr>")
    meaning = _element("td", writer_testing.tr("Meaning"))
    if result.similarity is not None:
        similarity = e(writer_testing.tr("cosine similarity {value}")).format(
            value=f"<b>{number(result.similarity, 2)}</b>"
        )
        if result.semantic_rank:
            similarity += " " + e(writer_testing.tr("(semantic rank {rank})").format(rank=result.semantic_rank))
        rows.append(f"<tr>{meaning}<td>{similarity}</td></tr>")
    else:
        not_measured = writer_testing.tr("not measured: the language model is not loaded")
        rows.append(f"<tr>{meaning}{_element('td', not_measured)}</tr>")
    parts.append("<table cellpadding='3'>" + "".join(rows) + "</table>")
    if result.matched:
        found_in = writer_testing.tr("in {fields}")
        items = "".join(
            f"<li><b>{e(m.label)}</b> — {e(found_in.format(fields=', '.join(map(_field_word, m.fields))))}</li>"
            for m in result.matched
        )
        parts.append(_element("h3", writer_testing.tr("Query words found in this article")) + f"<ul>{items}</ul>")
    if result.missing:
        words = ", ".join(f"<b>{e(word)}</b>" for word in result.missing)
        advice = e(
            writer_testing.tr("{words} — add them (or the words readers use) to the title, summary or symptoms.")
        )
        parts.append(_element("h3", writer_testing.tr("Query words missing")) + f"<p>{advice.format(words=words)}</p>")
    if result.top:
        items = "".join(
            f"<li>{'<b>' if h.id == result.article_id else ''}{e(h.title)} "
            f"<span style='color:{muted}'>({e(h.id)})</span>{'</b>' if h.id == result.article_id else ''}</li>"
            for h in result.top
        )
        parts.append(_element("h3", writer_testing.tr("Top results")) + f"<ol>{items}</ol>")
    if result.index_outdated:
        outdated = writer_testing.tr("Ranks are for the last saved version; save to rank your latest edits.")
        parts.append(f"<p style='color:{muted}'>{e(outdated)}</p>")
    return "".join(parts)
