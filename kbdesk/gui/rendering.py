"""Markdown article -> HTML for the article view, and the HTML of one search result.

Runs on worker threads, so it never touches Qt. The front matter is not part
of ``Article.body``; it becomes a small header (title, tags, platforms, last
reviewed) instead of text. Every code block gets a "Copy" link before it
(``kbdesk-copy:N``); the view copies ``code_blocks[N]`` when it is clicked.

Raw HTML inside an article is escaped, not passed through: articles come from
a shared folder, and the view should only ever show what markdown can say.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass

import markdown
from markdown.extensions import Extension

from ..core.articles import Article

MARKDOWN_EXTENSIONS = ("fenced_code", "tables", "admonition", "toc", "sane_lists")
PLATFORM_LABELS = {
    "windows": "Windows",
    "macos": "macOS",
    "linux": "Linux",
    "android": "Android",
    "ios": "iOS",
    "web": "Web",
}
COPY_SCHEME = "kbdesk-copy"

_CODE_BLOCK_RE = re.compile(r"<pre([^>]*)><code([^>]*)>(.*?)</code></pre>", re.DOTALL)
_LANGUAGE_RE = re.compile(r'class="language-([\w+-]+)"')


@dataclass(frozen=True)
class RenderedArticle:
    article: Article
    #: body HTML (a fragment: the view wraps it in its page)
    html: str
    #: the text of each code block, in order, for the Copy links
    code_blocks: tuple[str, ...]


class _EscapeRawHtml(Extension):
    """Turn off raw HTML: markdown would otherwise pass ``<script>``/``<img>`` tags straight through."""

    def extendMarkdown(self, md: markdown.Markdown) -> None:  # noqa: N802 - markdown's API
        md.preprocessors.deregister("html_block")
        md.inlinePatterns.deregister("html")


def _converter() -> markdown.Markdown:
    # a new instance per call: Markdown objects are not thread-safe
    return markdown.Markdown(
        extensions=[*MARKDOWN_EXTENSIONS, _EscapeRawHtml()],
        output_format="html",
        extension_configs={"toc": {"permalink": False}},
    )


def markdown_to_html(text: str) -> tuple[str, tuple[str, ...]]:
    """Body HTML with Copy links, and the code blocks' plain text."""
    body = _converter().convert(text)
    blocks: list[str] = []

    def add_copy_link(match: re.Match[str]) -> str:
        code_html = match.group(3)
        blocks.append(html.unescape(code_html).rstrip("\n"))
        number = len(blocks) - 1
        lang = _LANGUAGE_RE.search(match.group(2))
        label = f"{html.escape(lang.group(1))} · " if lang else ""
        return (
            f'<p class="copy">{label}<a href="{COPY_SCHEME}:{number}" title="Copy this code">Copy</a></p>'
            f'<pre class="code"><code>{code_html.rstrip()}</code></pre>'
        )

    return _CODE_BLOCK_RE.sub(add_copy_link, body), tuple(blocks)


def render_article(article: Article) -> RenderedArticle:
    body, blocks = markdown_to_html(_strip_leading_title(article.body, article.title))
    return RenderedArticle(article, header_html(article) + body, blocks)


def _strip_leading_title(body: str, title: str) -> str:
    """Drop a first ``# Title`` heading that repeats the title shown in the header."""
    first, _, rest = body.lstrip("\n").partition("\n")
    if first.startswith("# ") and first[2:].strip().strip("#").strip() == title.strip():
        return rest
    return body


def platform_label(platform: str) -> str:
    return PLATFORM_LABELS.get(platform, platform.capitalize())


def header_html(article: Article) -> str:
    meta: list[str] = []
    if article.platforms:
        meta.append("For " + ", ".join(html.escape(platform_label(p)) for p in article.platforms))
    else:
        meta.append("For every system")
    if article.reviewed:
        meta.append(f"Last reviewed {article.reviewed:%d %B %Y}".replace(" 0", " "))
    if article.status != "published":
        meta.append(f"Status: {html.escape(article.status)}")
    tags = " ".join(f'<span class="tag">&nbsp;{html.escape(t)}&nbsp;</span>' for t in article.tags)
    parts = [f'<h1 class="title">{html.escape(article.title)}</h1>']
    if article.summary:
        parts.append(f'<p class="summary">{html.escape(article.summary)}</p>')
    parts.append(f'<p class="meta">{" · ".join(meta)}</p>')
    if tags:
        parts.append(f'<p class="tags">{tags}</p>')
    return "\n".join(parts)


_SNIPPET_JUNK_RE = re.compile(r"(?:(?<=\s)|(?<=…)|^)(?:#{1,6}|:?-{3,}:?|={3,}|\*{3,})(?=\s|$)\s*")


def tidy_snippet(text: str, spans: tuple[tuple[int, int], ...]) -> tuple[str, tuple[tuple[int, int], ...]]:
    """Drop markdown residue (``##``, table rules) from a snippet, keeping the matched spans aligned."""
    cuts = [(m.start(), m.end()) for m in _SNIPPET_JUNK_RE.finditer(text)]
    if not cuts:
        return text, spans
    kept: list[str] = []
    removed_before: list[tuple[int, int]] = []  # (position, characters removed up to it)
    last, removed = 0, 0
    for start, end in cuts:
        kept.append(text[last:start])
        removed += end - start
        removed_before.append((end, removed))
        last = end
    kept.append(text[last:])

    def shift(pos: int) -> int:
        total = 0
        for end, count in removed_before:
            if pos >= end:
                total = count
        return pos - total

    new_spans = []
    for start, end in spans:
        if any(cs <= start < ce for cs, ce in cuts):
            continue
        new_spans.append((shift(start), shift(end)))
    return "".join(kept), tuple(new_spans)


def marked_snippet_html(text: str, spans: tuple[tuple[int, int], ...], open_tag: str, close_tag: str) -> str:
    """Escape ``text`` and wrap each matched span in the given tags."""
    text, spans = tidy_snippet(text, spans)
    out: list[str] = []
    last = 0
    for start, end in sorted(spans):
        if start < last or end > len(text) or start >= end:
            continue  # overlapping or out of range: never let a bad span garble the snippet
        out.append(html.escape(text[last:start]))
        out.append(open_tag + html.escape(text[start:end]) + close_tag)
        last = end
    out.append(html.escape(text[last:]))
    return "".join(out)
