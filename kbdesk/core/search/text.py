"""Engine-neutral text preparation: chunks for embedding, snippets for results."""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass

from ..articles import Article, heading_text

#: bump when chunk_texts changes, so stored vectors are rebuilt rather than silently mixed
CHUNKING_VERSION = 2
#: words per body chunk; all-MiniLM-L6-v2 reads at most 256 word pieces (~180 words)
CHUNK_WORDS = 150
CHUNK_OVERLAP = 30
SNIPPET_CHARS = 220

# Every pattern here runs over article text, so each is linear in its length (measured with
# benchmarks/bench_pathological.py): the classes that scan for a closing character also stop at
# the character a match starts with, so no start rescans the text after the next one ("[[[[" was
# quadratic); whitespace is [ \t], never \s, where a match is anchored at line starts (a run of
# blank lines was quadratic); and no two quantifiers over the same characters touch.
_FENCE_RE = re.compile(r"^(```|~~~)")
_LINK_RE = re.compile(r"!?\[([^\[\]]*)\]\([^)\[]*\)")
_TAG_RE = re.compile(r"<[^<>]+>")
_MARKUP_RE = re.compile(r"[*_`>|]+|^[ \t]*[-+][ \t]+|^[ \t]*\d+\.[ \t]+|^!!![ \t]*\w+", re.MULTILINE)
_SPACE_RE = re.compile(r"\s+")
_TABLE_RULE_RE = re.compile(
    r"^[ \t]*+\|?[ \t]*+:?-{3,}+:?[ \t]*+(?:\|[ \t]*+:?-{3,}+:?[ \t]*+)*+\|?[ \t]*+$", re.MULTILINE
)
_HEADING_MARK_RE = re.compile(r"^#{1,6}[ \t]+", re.MULTILINE)
_FENCES = ("```", "~~~")


def without_fenced_code(markdown: str) -> str:
    """``markdown`` with each fenced code block (from a line starting with a fence to the
    next line holding only that fence) replaced by one space; an unclosed fence stays text.

    Line by line with a lookup of the next closing line: the regex this replaces
    rescanned the rest of the text from every unclosed fence, quadratic in a file
    of fence-like lines.
    """
    lines = markdown.split("\n")
    closers: dict[str, list[int]] = {fence: [] for fence in _FENCES}
    for i, line in enumerate(lines):
        if line[:3] in closers and not line[3:].strip(" \t"):
            closers[line[:3]].append(i)
    out: list[str] = []
    i = 0
    while i < len(lines):
        line = lines[i]
        fence_closers = closers.get(line[:3])
        if fence_closers:
            k = bisect_right(fence_closers, i)
            if k < len(fence_closers):
                out.append(" ")
                i = fence_closers[k] + 1
                continue
        out.append(line)
        i += 1
    return "\n".join(out)


def plain_text(markdown: str) -> str:
    """Markdown reduced to readable prose: links keep their text; fenced code,
    heading marks and table rules go (they read as noise in a snippet)."""
    text = without_fenced_code(markdown)
    text = _TABLE_RULE_RE.sub(" ", text)
    text = _HEADING_MARK_RE.sub("", text)
    text = _LINK_RE.sub(r"\1", text)
    text = _TAG_RE.sub(" ", text)
    text = _MARKUP_RE.sub(" ", text)
    return _SPACE_RE.sub(" ", text).strip()


@dataclass(frozen=True)
class Section:
    heading: str
    text: str


def sections(markdown: str) -> list[Section]:
    """Split a body at its headings; fenced code never starts a section."""
    out: list[Section] = []
    heading = ""
    lines: list[str] = []
    in_fence = False
    for line in markdown.split("\n"):
        if _FENCE_RE.match(line.strip()):
            in_fence = not in_fence
        found = None if in_fence or not line.startswith("#") else heading_text(line)
        if found:
            if any(s.strip() for s in lines) or heading:
                out.append(Section(heading, "\n".join(lines)))
            heading, lines = found[1], []
        else:
            lines.append(line)
    if any(s.strip() for s in lines) or heading:
        out.append(Section(heading, "\n".join(lines)))
    return out


def head_text(article: Article) -> str:
    """The part of an article that says what problem it solves."""
    parts = [article.title.rstrip(".?!") + "."]
    if article.summary:
        parts.append(article.summary)
    if article.symptoms:
        parts.append(" ".join(s.rstrip(".") + "." for s in article.symptoms))
    if article.error_codes:
        parts.append(" ".join(article.error_codes))
    return " ".join(parts)


def chunk_texts(article: Article) -> list[str]:
    """Texts to embed for one article: its head, then windows of its body sections.

    Every body chunk starts with the title (and section heading) so that it
    still says what it is about when read alone.
    """
    chunks = [head_text(article)]
    for section in sections(article.body):
        words = plain_text(section.text).split()
        if not words:
            continue
        prefix = (
            article.title
            if not section.heading or section.heading == article.title
            else f"{article.title}: {section.heading}"
        )
        step = CHUNK_WORDS - CHUNK_OVERLAP
        for start in range(0, len(words), step):
            window = words[start : start + CHUNK_WORDS]
            chunks.append(f"{prefix}. {' '.join(window)}")
            if start + CHUNK_WORDS >= len(words):
                break
    return chunks


@dataclass(frozen=True)
class Snippet:
    text: str
    #: (start, end) character spans of matched words in ``text``
    spans: tuple[tuple[int, int], ...]

    def marked(self, open_mark: str = "[", close_mark: str = "]") -> str:
        out, last = [], 0
        for start, end in self.spans:
            out.append(self.text[last:start])
            out.append(open_mark + self.text[start:end] + close_mark)
            last = end
        out.append(self.text[last:])
        return "".join(out)


def best_window(text: str, spans: list[tuple[int, int]], width: int = SNIPPET_CHARS) -> Snippet:
    """The ``width``-character window of ``text`` with the most distinct matched words."""
    if not text:
        return Snippet("", ())
    if not spans:
        return Snippet(_cut(text, 0, width)[0], ())
    best_start, best_score = spans[0][0], -1
    for i, (start, _) in enumerate(spans):
        words = {text[s:e].lower() for s, e in spans[i:] if e <= start + width}
        score = len(words) * 10 + len([1 for s, e in spans[i:] if e <= start + width])
        if score > best_score:
            best_start, best_score = start, score
    # start a little before the first match, at a word boundary
    begin = max(0, best_start - 40)
    if begin:
        space = text.rfind(" ", 0, best_start - 20 if best_start - 20 > begin else best_start)
        begin = space + 1 if space >= begin else begin
    snippet, begin, end, shift = _cut(text, begin, width)
    shifted = tuple((s - begin + shift, e - begin + shift) for s, e in spans if s >= begin and e <= end)
    return Snippet(snippet, shifted)


def _cut(text: str, begin: int, width: int) -> tuple[str, int, int, int]:
    """``text[begin:begin+width]`` cut at a word boundary, with ellipses; returns
    (snippet, begin, end, length of the leading ellipsis)."""
    end = min(len(text), begin + width)
    if end < len(text):
        space = text.rfind(" ", begin, end)
        if space > begin + width // 2:
            end = space
    piece = text[begin:end]
    prefix = "…" if begin > 0 else ""
    suffix = "…" if end < len(text) else ""
    return prefix + piece + suffix, begin, end, len(prefix)
