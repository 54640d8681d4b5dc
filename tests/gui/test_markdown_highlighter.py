"""The writer editor's colours for one line: what is coloured, and that a huge line still is quick to colour."""

from __future__ import annotations

from kbdesk.gui.markdown_highlighter import MAX_INLINE_CHARS, line_formats


def coloured(text: str) -> set[tuple[str, str]]:
    return {(text[start : start + length], name) for start, length, name in line_formats(text)}


def test_inline_spans_are_coloured():
    text = "Click **here** or *there* or __that__, see [docs](a.md), <https://example.com> and `code`"
    assert {
        ("**here**", "strong"),
        ("__that__", "strong"),
        ("*there*", "em"),
        ("[docs](a.md)", "link"),
        ("<https://example.com>", "link"),
        ("`code`", "code"),
    } <= coloured(text)


def test_block_lines():
    assert line_formats("## Steps") == [(0, 8, "heading")]
    assert ("> quoted", "quote") in coloured("> quoted")
    assert ("1. ", "list") in coloured("1. first")


def test_a_line_over_the_limit_keeps_its_block_colour_only():
    text = "> " + "**a " * (MAX_INLINE_CHARS // 4 + 1)
    assert [name for _, _, name in line_formats(text)] == ["quote"]
