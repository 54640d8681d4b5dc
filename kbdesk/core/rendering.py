"""Markdown article -> HTML for the article view, and the HTML of one search result.

Runs on worker threads, so it never touches Qt. The front matter is not part
of ``Article.body``; it becomes a small header (title, tags, platforms, last
reviewed) instead of text. Every code block gets a "Copy" link before it
(``kbdesk-copy:N``); the view copies ``code_blocks[N]`` when it is clicked.

Raw HTML inside an article is escaped, not passed through: articles come from
a shared folder, and the view should only ever show what markdown can say.

An article too long or too dense with markdown to format quickly is shown as
plain text with a note (:func:`plain_text_reason`); ``kbdesk lint`` and writer
mode warn about it (``plain-text``) before readers see it. In the core, not the
GUI, for that reason and because it runs on workers anyway.

The words this module puts around an article ("For Windows", "Last reviewed 3 May 2026", "Copy")
come in an :class:`ArticleWords`: English by default, the app's language when the GUI passes its
own (translated on the GUI side: the core never imports Qt). The article itself is as written.
"""

from __future__ import annotations

import datetime as dt
import html
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import markdown
from markdown.extensions import Extension

from .articles import Article
from .sources.model import ArticleOrigin

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


def english_date(day: dt.date) -> str:
    """3 May 2026: the date as the English header writes it."""
    return f"{day.day} {day:%B %Y}"


@dataclass(frozen=True)
class ArticleWords:
    """The words around a rendered article; ``{fields}`` are filled in, ``format_date`` writes dates."""

    for_systems: str = "For {systems}"
    every_system: str = "For every system"
    last_reviewed: str = "Last reviewed {date}"
    status: str = "Status: {status}"
    copy: str = "Copy"
    copy_tip: str = "Copy this code"
    plain_text: str = "Shown as plain text because {reason}; whoever looks after this article can split or shorten it."
    from_source: str = "From {source}"
    from_revision: str = "From {source}, revision {revision}"
    from_revision_of: str = "From {source}, revision {revision} of {date}"
    from_starter: str = "From the starter articles"
    starter_articles: str = "the starter articles"
    format_date: Callable[[dt.date], str] = english_date


ENGLISH = ArticleWords()


@dataclass(frozen=True)
class RenderedArticle:
    article: Article
    #: body HTML (a fragment: the view wraps it in its page)
    html: str
    #: the text of each code block, in order, for the Copy links
    code_blocks: tuple[str, ...]
    #: why the body is shown as plain text instead of formatted ("" when it is formatted)
    plain_reason: str = ""
    #: where the article comes from, when the header says so (several sources, or a git revision)
    origin: ArticleOrigin | None = None
    #: the folder its relative links and pictures are read from (its source's); None: unknown
    folder: Path | None = None


# Python-Markdown is not linear in what an article can hold: its inline patterns rescan a
# paragraph from every "[", "<", "`"... (17 s for a 16 KB line of "[a](" on our 2 cores), it
# takes blocks off the front of a list (quadratic in blank lines), numbers identical heading ids
# one by one and looks for each unclosed fence's end to the end of the text. Real articles are
# 1-13 KB (starter and stackfaq-kb) and far below every limit here; a body over one is shown as
# plain text, at once, with a note, instead of keeping a worker busy for minutes. Measured with
# benchmarks/bench_pathological.py (stage "render"); the property test that renders generated
# bodies (tests/core/test_untrusted_input.py) found the rule pattern's case below.
RENDER_MAX_CHARS = 128 * 1024
RENDER_MAX_BLANK_LINES = 5_000
RENDER_MAX_HEADINGS = 1_000
RENDER_MAX_FENCES = 200
#: sum over paragraphs of (characters that can open an inline element) x (paragraph length)
RENDER_INLINE_BUDGET = 4_000_000
#: markdown punctuation on one line (its block patterns, the rule "- - -" for one, backtrack over
#: it: 3 to 8 s for a line of 6,000 "- " and ten "*"); the busiest real line has 247
RENDER_MAX_LINE_MARKUP = 1_000
_MARKUP = '[]<>`*_!&\\("-=|#+~:'
_INLINE_OPENERS = '[]<>`*_!&\\("'


def plain_text_reason(body: str) -> str:
    """Why Python-Markdown would take too long on ``body`` ("" when it will not). Linear."""
    if len(body) > RENDER_MAX_CHARS:
        return f"it is {len(body):,} characters long"
    blank = headings = fences = 0
    cost = paragraph_length = paragraph_openers = 0
    for line in body.split("\n"):
        stripped = line.strip()
        if not stripped:
            blank += 1
            cost += paragraph_openers * paragraph_length
            paragraph_length = paragraph_openers = 0
            continue
        if stripped[:3] in ("```", "~~~"):
            fences += 1
        if stripped[0] == "#":
            headings += 1
        markup = sum(line.count(c) for c in _MARKUP)
        if markup > RENDER_MAX_LINE_MARKUP:
            return f"a line holds {markup:,} markdown characters"
        paragraph_length += len(line) + 1
        paragraph_openers += sum(line.count(c) for c in _INLINE_OPENERS)
    cost += paragraph_openers * paragraph_length
    if blank > RENDER_MAX_BLANK_LINES:
        return f"it has {blank:,} blank lines"
    if headings > RENDER_MAX_HEADINGS:
        return f"it has {headings:,} headings"
    if fences > RENDER_MAX_FENCES:
        return f"it has {fences:,} code fences"
    if cost > RENDER_INLINE_BUDGET:
        return "its paragraphs are too long and dense with markdown punctuation"
    return ""


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


def markdown_to_html(text: str, words: ArticleWords = ENGLISH) -> tuple[str, tuple[str, ...]]:
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
            f'<p class="copy">{label}<a href="{COPY_SCHEME}:{number}" title="{html.escape(words.copy_tip)}">'
            f"{html.escape(words.copy)}</a></p>"
            f'<pre class="code"><code>{code_html.rstrip()}</code></pre>'
        )

    return _CODE_BLOCK_RE.sub(add_copy_link, body), tuple(blocks)


def plain_text_reason_for(article: Article) -> str:
    """Why the app shows ``article`` as plain text ("" when it formats it); lint warns writers with it."""
    return plain_text_reason(_strip_leading_title(article.body, article.title))


def render_article(
    article: Article,
    words: ArticleWords = ENGLISH,
    *,
    origin: ArticleOrigin | None = None,
    folder: Path | None = None,
) -> RenderedArticle:
    """``origin``: the source (and revision) the header names; ``folder``: kept for the view's links."""
    text = _strip_leading_title(article.body, article.title)
    reason = plain_text_reason(text)
    header = header_html(article, origin, words)
    if reason:
        note = f'<p class="meta">{html.escape(words.plain_text.format(reason=reason))}</p>'
        body = f'{note}<pre class="code">{html.escape(text)}</pre>'
        return RenderedArticle(article, header + body, (), reason, origin, folder)
    body, blocks = markdown_to_html(text, words)
    return RenderedArticle(article, header + body, blocks, "", origin, folder)


def _strip_leading_title(body: str, title: str) -> str:
    """Drop a first ``# Title`` heading that repeats the title shown in the header."""
    first, _, rest = body.lstrip("\n").partition("\n")
    if first.startswith("# ") and first[2:].strip().strip("#").strip() == title.strip():
        return rest
    return body


def platform_label(platform: str) -> str:
    return PLATFORM_LABELS.get(platform, platform.capitalize())


def origin_text(origin: ArticleOrigin, words: ArticleWords = ENGLISH) -> str:
    """ "From it-kb, revision 3f9c2a81d0b4 of 30 November 2026": where an article comes from, in ``words``."""
    starter = origin.origin == "starter"
    if not origin.commit:
        return words.from_starter if starter else words.from_source.format(source=origin.source)
    name = words.starter_articles if starter else origin.source
    try:
        day = dt.date.fromisoformat(origin.commit_time[:10])
    except ValueError:
        return words.from_revision.format(source=name, revision=origin.revision)
    return words.from_revision_of.format(source=name, revision=origin.revision, date=words.format_date(day))


def header_html(article: Article, origin: ArticleOrigin | None = None, words: ArticleWords = ENGLISH) -> str:
    meta: list[str] = []
    if article.platforms:
        meta.append(words.for_systems.format(systems=", ".join(platform_label(p) for p in article.platforms)))
    else:
        meta.append(words.every_system)
    if article.reviewed:
        meta.append(words.last_reviewed.format(date=words.format_date(article.reviewed)))
    if article.status != "published":
        meta.append(words.status.format(status=article.status))
    if origin is not None:
        meta.append(origin_text(origin, words))
    meta = [html.escape(m) for m in meta]
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
