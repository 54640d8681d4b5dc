"""Syntax colours for the writer's markdown editor: front matter, headings, code, links, emphasis.

Block states carry what spans lines: inside the front matter (only at the top
of the file) or inside a fenced code block. Colours come from the palette, so
the editor reads in light and dark themes; :meth:`refresh_colors` re-derives
them after a theme change.
"""

from __future__ import annotations

import re

from PySide6.QtGui import QColor, QFont, QGuiApplication, QPalette, QSyntaxHighlighter, QTextCharFormat, QTextDocument

from .theme import is_dark

_NORMAL, _FRONT, _FENCE = 0, 1, 2
# These run on the GUI thread over every line of the editor, so each is linear in the line's
# length (benchmarks/bench_pathological.py, stage "highlight"): the text inside a span never
# holds the span's own delimiter, so no start rescans past the next one (emphasis nested in
# bold is not coloured; a price of one line of colour, not of a frozen editor).
_FENCE_RE = re.compile(r"^\s{0,3}(```|~~~)")
_HEADING_RE = re.compile(r"^#{1,6}\s.*$")
_KEY_RE = re.compile(r"^([A-Za-z_][A-Za-z0-9_-]*)(\s*:)")
_YAML_COMMENT_RE = re.compile(r"(?:^|\s)(#.*)$")
_LINK_RE = re.compile(r"!?\[[^\[\]\n]*\]\([^)\[\n]*\)|<https?://[^<>\s]+>|^[ \t]*\[[^\[\]]+\]:[ \t]*\S+")
_CODE_SPAN_RE = re.compile(r"`[^`\n]+`")
_STRONG_RE = re.compile(r"\*\*(?=\S)[^*\n]+?(?<=\S)\*\*|__(?=\S)[^_\n]+?(?<=\S)__")
_EM_RE = re.compile(
    r"(?<![*\w])\*(?=[^\s*_])[^*\n]*?(?<=[^\s*_])\*(?![*\w])|(?<![_\w])_(?=[^\s*_])[^_\n]*?(?<=[^\s*_])_(?![_\w])"
)
_LIST_RE = re.compile(r"^\s*(?:[-*+]|\d+[.)])\s")
_QUOTE_RE = re.compile(r"^\s*>.*$")
#: a longer line gets no inline colours (links, emphasis, code): colouring is cosmetic, typing is not
MAX_INLINE_CHARS = 20_000


def line_formats(text: str) -> list[tuple[int, int, str]]:
    """(start, length, format name) for one markdown line outside front matter and fenced code."""
    if not text or text.isspace():
        return []
    if _HEADING_RE.match(text):
        return [(0, len(text), "heading")]
    spans: list[tuple[int, int, str]] = []
    if _QUOTE_RE.match(text):
        spans.append((0, len(text), "quote"))
    m = _LIST_RE.match(text)
    if m:
        spans.append((0, m.end(), "list"))
    if len(text) > MAX_INLINE_CHARS:
        return spans
    for pattern, name in ((_STRONG_RE, "strong"), (_EM_RE, "em"), (_LINK_RE, "link"), (_CODE_SPAN_RE, "code")):
        spans.extend((m.start(), m.end() - m.start(), name) for m in pattern.finditer(text))
    return spans


def _mix(a: QColor, b: QColor, amount: float) -> QColor:
    return QColor(
        round(a.red() * (1 - amount) + b.red() * amount),
        round(a.green() * (1 - amount) + b.green() * amount),
        round(a.blue() * (1 - amount) + b.blue() * amount),
    )


class MarkdownHighlighter(QSyntaxHighlighter):
    def __init__(self, document: QTextDocument) -> None:
        super().__init__(document)
        self.formats: dict[str, QTextCharFormat] = {}
        self.refresh_colors()

    def refresh_colors(self, palette: QPalette | None = None) -> None:
        palette = palette or QGuiApplication.palette()
        dark = is_dark(palette)
        text = palette.color(QPalette.ColorRole.Text)
        base = palette.color(QPalette.ColorRole.Base)
        link = palette.color(QPalette.ColorRole.Link)
        if dark and link.lightness() < 140:
            link = QColor(0x7F, 0xB2, 0xF5)
        accent = QColor(0xC7, 0x92, 0xEA) if dark else QColor(0x7A, 0x3E, 0x9D)
        key = QColor(0x5F, 0xB3, 0xB3) if dark else QColor(0x00, 0x6B, 0x6B)
        muted = _mix(text, base, 0.45)

        def fmt(
            color: QColor | None = None,
            *,
            bold: bool = False,
            italic: bool = False,
            background: QColor | None = None,
            mono: bool = False,
        ) -> QTextCharFormat:
            f = QTextCharFormat()
            if color is not None:
                f.setForeground(color)
            if bold:
                f.setFontWeight(QFont.Weight.Bold)
            if italic:
                f.setFontItalic(True)
            if background is not None:
                f.setBackground(background)
            if mono:
                f.setFontFixedPitch(True)
            return f

        code_bg = _mix(base, text, 0.10 if dark else 0.06)
        self.formats = {
            "fence": fmt(muted, background=code_bg),
            "code": fmt(_mix(text, accent, 0.5), background=code_bg),
            "front": fmt(muted),
            "front_key": fmt(key, bold=True),
            "comment": fmt(muted, italic=True),
            "heading": fmt(accent, bold=True),
            "link": fmt(link),
            "strong": fmt(bold=True),
            "em": fmt(italic=True),
            "list": fmt(accent, bold=True),
            "quote": fmt(muted, italic=True),
        }
        self.rehighlight()

    # QSyntaxHighlighter calls this for every block that needs colouring
    def highlightBlock(self, text: str) -> None:  # noqa: N802 - Qt's name
        previous = self.previousBlockState()
        block_number = self.currentBlock().blockNumber()
        self.setCurrentBlockState(_NORMAL)

        if block_number == 0 and text.rstrip() == "---":
            self.setFormat(0, len(text), self.formats["front"])
            self.setCurrentBlockState(_FRONT)
            return
        if previous == _FRONT:
            if text.rstrip() in ("---", "..."):
                self.setFormat(0, len(text), self.formats["front"])
                return
            self.setCurrentBlockState(_FRONT)
            self._front_matter_line(text)
            return
        if previous == _FENCE:
            self.setFormat(0, len(text), self.formats["fence"])
            if not _FENCE_RE.match(text):
                self.setCurrentBlockState(_FENCE)
            return
        if _FENCE_RE.match(text):
            self.setFormat(0, len(text), self.formats["fence"])
            self.setCurrentBlockState(_FENCE)
            return
        for start, length, name in line_formats(text):
            self.setFormat(start, length, self.formats[name])

    def _front_matter_line(self, text: str) -> None:
        self.setFormat(0, len(text), self.formats["front"])
        m = _KEY_RE.match(text)
        if m:
            self.setFormat(0, m.end(1), self.formats["front_key"])
        c = _YAML_COMMENT_RE.search(text)
        if c and '"' not in text[: c.start(1)] and "'" not in text[: c.start(1)]:
            self.setFormat(c.start(1), len(text) - c.start(1), self.formats["comment"])
