"""The article pane: a locked-down QTextBrowser showing one rendered article.

Nothing in an article can make the app reach out on its own:

* links are never followed by Qt (``setOpenLinks(False)``); ``anchorClicked``
  decides: another article opens in the app, ``http(s)``/``mailto`` open in
  the system's browser or mail program only when clicked, ``#anchors`` scroll,
  ``kbdesk-copy:N`` copies a code block, anything else (``javascript:``,
  ``file:``, unknown schemes) is logged and ignored;
* resources (images, style sheets) load only from inside the articles folder;
  remote and other ``file:`` URLs return nothing (:meth:`loadResource`).

Links inside the text are not objects a screen reader or the Tab key can reach (Qt exposes a
text browser's anchors to neither), so :class:`ArticleLinks`, under the article, repeats each
link and Copy action as a real button; Tab leaves the text at once instead of stepping
through anchors nobody hears.
"""

from __future__ import annotations

import functools
import logging
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, QUrl, Signal
from PySide6.QtGui import QGuiApplication, QImage, QTextDocument
from PySide6.QtWidgets import QHBoxLayout, QLabel, QTextBrowser, QWidget

from ..core.rendering import COPY_SCHEME, ArticleWords, RenderedArticle
from .accessibility import FlowLayout, LinkButton
from .desktop import open_with_system
from .i18n import TranslationContext, date_text

log = logging.getLogger(__name__)
article_view = TranslationContext("article_view")


def article_words() -> ArticleWords:
    """The words around an article in the app's language, for :func:`~kbdesk.core.rendering.render_article`
    on a worker (made on the GUI thread; dates are written by the locale's long format)."""
    return ArticleWords(
        for_systems=article_view.tr("For {systems}"),
        every_system=article_view.tr("For every system"),
        last_reviewed=article_view.tr("Last reviewed {date}"),
        status=article_view.tr("Status: {status}"),
        copy=article_view.tr("Copy"),
        copy_tip=article_view.tr("Copy this code"),
        plain_text=article_view.tr(
            "Shown as plain text because {reason}; whoever looks after this article can split or shorten it."
        ),
        format_date=functools.partial(date_text, long=True),
    )


EXTERNAL_SCHEMES = ("http", "https", "mailto")
ARTICLE_SCHEME = "kbdesk"
#: buttons under an article at most (an article is untrusted input; the starter articles have up to 8)
MAX_LINK_BUTTONS = 40
#: a Copy button shows this much of the code it copies
COPY_PREVIEW_CHARS = 32


@dataclass(frozen=True)
class LinkAction:
    kind: str  # "copy" | "article-id" | "article-path" | "anchor" | "external" | "blocked"
    target: str


def classify_link(url: QUrl) -> LinkAction:
    """Decide what a clicked link does, from the URL alone."""
    scheme = url.scheme().lower()
    text = url.toString()
    if scheme == COPY_SCHEME:
        return LinkAction("copy", url.path())
    if scheme == ARTICLE_SCHEME:
        path = url.path()
        if path.startswith("article/") and len(path) > len("article/"):
            return LinkAction("article-id", path[len("article/") :].strip("/"))
        return LinkAction("blocked", text)
    if scheme in EXTERNAL_SCHEMES:
        if scheme != "mailto" and not url.host():
            return LinkAction("blocked", text)
        return LinkAction("external", text)
    if scheme == "" and not url.host():
        path = url.path()
        if not path and url.hasFragment():
            return LinkAction("anchor", url.fragment())
        if path.lower().endswith(".md") and not path.startswith("/"):
            return LinkAction("article-path", path)
    return LinkAction("blocked", text)


def open_external_url(url: QUrl) -> bool:
    """The one place the article view hands a URL to the system (tests replace it)."""
    return open_with_system(url)


class ArticleBrowser(QTextBrowser):
    """Shows one article; emits what a click asks for instead of navigating."""

    #: an article id (resolved from kbdesk:article/ID or a relative .md link)
    article_requested = Signal(str)
    #: a code block was copied (its number), for a status message
    code_copied = Signal(int)
    #: a link was refused (its text), for a status message
    link_blocked = Signal(str)
    #: another article or message is shown (its links changed)
    content_changed = Signal()

    def __init__(
        self, parent: QWidget | None = None, *, resolve_article_path: Callable[[str], str | None] | None = None
    ) -> None:
        super().__init__(parent)
        self.setOpenLinks(False)
        self.setOpenExternalLinks(False)
        self.setReadOnly(True)
        # Tab leaves the text instead of stepping through its anchors (ArticleLinks has them as buttons)
        self.setTextInteractionFlags(
            Qt.TextInteractionFlag.TextSelectableByMouse | Qt.TextInteractionFlag.LinksAccessibleByMouse
        )
        self.setAccessibleName(article_view.tr("Article"))
        self.setAccessibleDescription(article_view.tr("The selected help article"))
        self.anchorClicked.connect(self.follow_link)
        self.rendered: RenderedArticle | None = None
        self.articles_dir: Path | None = None
        #: turns a relative .md link into an article id (the search view's; a preview follows none)
        self._resolve_article_path = resolve_article_path or (lambda _path: None)
        #: resources refused since the last article was shown (for tests and the log)
        self.blocked_resources: list[str] = []
        self._css = ""
        self._message_html: str | None = None

    # ------------------------------------------------------------ showing
    def set_style_sheet_css(self, css: str) -> None:
        self._css = css
        if self.rendered is not None:
            self.show_article(self.rendered, self.articles_dir)
        elif self._message_html is not None:  # a theme change must reach the welcome page too
            self.show_message(self._message_html)

    def show_article(self, rendered: RenderedArticle, articles_dir: Path | None) -> None:
        self.rendered = rendered
        self.articles_dir = articles_dir.resolve() if articles_dir else None
        self.blocked_resources = []
        doc = self.document()
        doc.setDefaultStyleSheet(self._css)
        doc.setDocumentMargin(14)
        self.setHtml(f"<html><body>{rendered.html}</body></html>")
        self.verticalScrollBar().setValue(0)
        self.content_changed.emit()

    def show_message(self, html_text: str) -> None:
        self.rendered = None
        self._message_html = html_text
        self.document().setDefaultStyleSheet(self._css)
        self.setHtml(f"<html><body>{html_text}</body></html>")
        self.content_changed.emit()

    # ------------------------------------------------------------ links
    def links(self) -> list[tuple[str, str]]:
        """(text, href) of each link in the text shown, in reading order, each pair once."""
        found: list[tuple[str, str]] = []
        block = self.document().begin()
        while block.isValid():
            pieces: list[tuple[str, str]] = []  # consecutive fragments of one anchor join up
            it = block.begin()
            while not it.atEnd():
                fragment = it.fragment()
                fmt = fragment.charFormat()
                href = fmt.anchorHref() if fmt.isAnchor() else ""
                if href and pieces and pieces[-1][1] == href:
                    pieces[-1] = (pieces[-1][0] + fragment.text(), href)
                elif href:
                    pieces.append((fragment.text(), href))
                it += 1
            for text, href in pieces:
                link = (" ".join(text.split()), href)
                if link[0] and link not in found:
                    found.append(link)
            block = block.next()
        return found

    def follow_link(self, url: QUrl) -> None:
        """What a click on a link does (a link button under the article does the same)."""
        action = classify_link(url)
        if action.kind == "copy":
            self.copy_code_block(action.target)
        elif action.kind == "article-id":
            self.article_requested.emit(action.target)
        elif action.kind == "article-path":
            article_id = self._resolve_article_path(action.target)
            if article_id:
                self.article_requested.emit(article_id)
            else:
                log.info("link to an article that is not in the index: %s", action.target)
                self.link_blocked.emit(article_view.tr("No article found for {link}").format(link=action.target))
        elif action.kind == "anchor":
            self.scrollToAnchor(action.target)
        elif action.kind == "external":
            log.info("opening external link %.200s", action.target)
            if not open_external_url(QUrl(action.target)):
                QGuiApplication.clipboard().setText(action.target)
                self.link_blocked.emit(
                    article_view.tr(
                        "No program on this computer opens {link}; the link was copied to the clipboard"
                    ).format(link=action.target[:80])
                )
        else:
            log.warning("ignored a link the article view does not follow: %.200s", action.target)
            self.link_blocked.emit(article_view.tr("That link cannot be opened from kbdesk"))

    def copy_code_block(self, number: str) -> bool:
        blocks = self.rendered.code_blocks if self.rendered else ()
        try:
            index = int(number)
            text = blocks[index]
        except (ValueError, IndexError):
            log.warning("copy link for a code block that does not exist: %r", number)
            return False
        QGuiApplication.clipboard().setText(text)
        self.code_copied.emit(index)
        return True

    # ------------------------------------------------------------ resources
    def loadResource(self, type_: int, name: QUrl | str) -> Any:  # noqa: N802 - Qt's name
        name = QUrl(name) if isinstance(name, str) else name
        local = self._local_resource_path(name)
        if local is None:
            self.blocked_resources.append(name.toString())
            log.info("not loading resource %.200s", name.toString())
            return None
        if getattr(type_, "value", type_) == QTextDocument.ResourceType.ImageResource.value:
            image = QImage(str(local))
            if image.isNull():
                return None
            return image
        return None

    def _local_resource_path(self, url: QUrl) -> Path | None:
        """A file inside the current article's folder tree, or None for anything else."""
        if url.scheme() or url.host() or self.articles_dir is None or self.rendered is None:
            return None
        relative = url.path()
        if not relative or relative.startswith("/"):
            return None
        base = (self.articles_dir / self.rendered.article.rel_path).parent
        try:
            candidate = (base / relative).resolve()
        except OSError:
            return None
        if not candidate.is_relative_to(self.articles_dir) or not candidate.is_file():
            return None
        return candidate


def link_description(action: LinkAction) -> str:
    """What following a link does, in words (a link button's description and tool tip)."""
    if action.kind in ("article-id", "article-path"):
        return article_view.tr("Opens the article {article}").format(article=action.target)
    if action.kind == "anchor":
        return article_view.tr("Goes to that part of the article")
    if action.kind == "external":
        return article_view.tr("Opens {link} outside kbdesk").format(link=action.target[:200])
    return article_view.tr("kbdesk does not open this kind of link")


class ArticleLinks(QWidget):
    """Under an article: its links and Copy actions as buttons, in the order they appear in the text.

    Each does what clicking the link in the text does (:meth:`ArticleBrowser.follow_link`); they
    follow the article in the Tab order. Hidden when the article has no links."""

    def __init__(self, browser: ArticleBrowser, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("ArticleLinks")
        self.browser = browser
        self.buttons: list[LinkButton] = []
        layout = QHBoxLayout(self)
        layout.setContentsMargins(10, 2, 10, 4)
        self.heading = QLabel(article_view.tr("In this article:"), self)
        layout.addWidget(self.heading, 0, Qt.AlignmentFlag.AlignTop)
        self.flow_widget = QWidget(self)
        self.flow = FlowLayout(self.flow_widget)
        layout.addWidget(self.flow_widget, 1)
        browser.content_changed.connect(self.rebuild)
        self.hide()

    def rebuild(self) -> None:
        for button in self.buttons:
            self.flow.removeWidget(button)
            button.deleteLater()
        self.buttons = []
        rendered = self.browser.rendered
        links = self.browser.links() if rendered is not None else []
        previous: QWidget = self.browser
        for text, href in links[:MAX_LINK_BUTTONS]:
            url = QUrl(href)
            action = classify_link(url)
            if action.kind == "copy":
                text, description = self._copy_text(action.target)
            else:
                description = link_description(action)
            button = LinkButton(text, self.flow_widget, description=description)
            button.clicked.connect(lambda _checked=False, url=url: self.browser.follow_link(url))
            self.flow.add_widget(button)
            button.show()
            # buttons made now would come last in the window's Tab order: put them right after the article
            QWidget.setTabOrder(previous, button)
            previous = button
            self.buttons.append(button)
        self.setVisible(bool(self.buttons))

    def _copy_text(self, number: str) -> tuple[str, str]:
        blocks = self.browser.rendered.code_blocks if self.browser.rendered else ()
        try:
            code = blocks[int(number)]
        except (ValueError, IndexError):
            return article_view.tr("Copy"), article_view.tr("Copies a code block to the clipboard")
        first = next((line.strip() for line in code.splitlines() if line.strip()), "")
        shown = first if len(first) <= COPY_PREVIEW_CHARS else first[: COPY_PREVIEW_CHARS - 1] + "…"
        return (
            article_view.tr("Copy “{code}”").format(code=shown),
            article_view.tr("Copies code block {number} to the clipboard: {code}").format(
                number=int(number) + 1, code=first[:200]
            ),
        )
