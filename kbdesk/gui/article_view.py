"""The article pane: a locked-down QTextBrowser showing one rendered article.

Nothing in an article can make the app reach out on its own:

* links are never followed by Qt (``setOpenLinks(False)``); ``anchorClicked``
  decides: another article opens in the app, ``http(s)``/``mailto`` open in
  the system's browser or mail program only when clicked, ``#anchors`` scroll,
  ``kbdesk-copy:N`` copies a code block, anything else (``javascript:``,
  ``file:``, unknown schemes) is logged and ignored;
* resources (images, style sheets) load only from inside the articles folder;
  remote and other ``file:`` URLs return nothing (:meth:`loadResource`).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PySide6.QtCore import QUrl, Signal
from PySide6.QtGui import QGuiApplication, QImage, QTextDocument
from PySide6.QtWidgets import QTextBrowser, QWidget

from ..core.rendering import COPY_SCHEME, RenderedArticle
from .desktop import open_with_system

log = logging.getLogger(__name__)

EXTERNAL_SCHEMES = ("http", "https", "mailto")
ARTICLE_SCHEME = "kbdesk"


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

    def __init__(
        self, parent: QWidget | None = None, *, resolve_article_path: Callable[[str], str | None] | None = None
    ) -> None:
        super().__init__(parent)
        self.setOpenLinks(False)
        self.setOpenExternalLinks(False)
        self.setReadOnly(True)
        self.setAccessibleName("Article")
        self.setAccessibleDescription("The selected help article")
        self.anchorClicked.connect(self._on_anchor_clicked)
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

    def show_message(self, html_text: str) -> None:
        self.rendered = None
        self._message_html = html_text
        self.document().setDefaultStyleSheet(self._css)
        self.setHtml(f"<html><body>{html_text}</body></html>")

    # ------------------------------------------------------------ links
    def _on_anchor_clicked(self, url: QUrl) -> None:
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
                self.link_blocked.emit(f"No article found for {action.target}")
        elif action.kind == "anchor":
            self.scrollToAnchor(action.target)
        elif action.kind == "external":
            log.info("opening external link %.200s", action.target)
            if not open_external_url(QUrl(action.target)):
                QGuiApplication.clipboard().setText(action.target)
                self.link_blocked.emit(
                    f"No program on this computer opens {action.target[:80]}; the link was copied to the clipboard"
                )
        else:
            log.warning("ignored a link the article view does not follow: %.200s", action.target)
            self.link_blocked.emit("That link cannot be opened from kbdesk")

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
