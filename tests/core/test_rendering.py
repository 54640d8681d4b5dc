"""Markdown to HTML for the article view, snippet marking, the plain-text guard."""

from __future__ import annotations

import html as html_module
from pathlib import Path

import pytest

from kbdesk.core.articles import parse_article
from kbdesk.core.rendering import marked_snippet_html, render_article, tidy_snippet

ARTICLE = """---
id: demo
title: Demo article
summary: A short summary.
tags: [network, wifi]
platforms: [windows, macos]
reviewed: 2026-03-04
owner: secret-team
---
# Demo article

Intro with <script>alert(1)</script> and <img src="http://evil.example/x.png">.

```powershell
ipconfig /flushdns
Write-Host "a < b & c"
```

| col | val |
|-----|-----|
| a   | 1   |

!!! warning "Careful"
    Back up first.
"""


def render(text: str = ARTICLE):
    article, _ = parse_article(Path("/kb/demo.md"), text, root=Path("/kb"))
    return render_article(article)


def test_front_matter_becomes_a_header_not_text():
    rendered = render()
    assert "Demo article" in rendered.html
    assert "For Windows, macOS" in rendered.html
    assert "Last reviewed 4 March 2026" in rendered.html
    assert "network" in rendered.html
    assert "owner" not in rendered.html and "secret-team" not in rendered.html
    assert "---" not in rendered.html
    # the repeated "# Demo article" heading is dropped: the header already shows the title
    assert rendered.html.count("Demo article") == 1


def test_raw_html_is_escaped():
    html = render().html
    assert "<script>" not in html and "&lt;script&gt;" in html
    assert "<img" not in html


def test_code_blocks_get_copy_links_with_plain_text():
    rendered = render()
    assert 'href="kbdesk-copy:0"' in rendered.html
    assert rendered.code_blocks == ('ipconfig /flushdns\nWrite-Host "a < b & c"',)


def test_tables_and_admonitions_render():
    html = render().html
    assert "<table>" in html
    assert 'class="admonition warning"' in html


def test_snippet_marks_spans_and_escapes():
    html = marked_snippet_html("a <b> printer offline", ((6, 13), (14, 21)), "[", "]")
    assert html == "a &lt;b&gt; [printer] [offline]"


def test_bad_spans_never_garble_the_snippet():
    assert marked_snippet_html("abc", ((1, 2), (0, 3), (2, 99)), "[", "]") == "[abc]"
    assert marked_snippet_html("abc", ((1, 2), (2, 99), (5, 1)), "[", "]") == "a[b]c"


def test_tidy_snippet_drops_markdown_residue_and_keeps_spans():
    text = "…## Steps --- --- ping the printer"
    start = text.index("printer")
    tidy, spans = tidy_snippet(text, ((start, start + 7),))
    assert tidy == "…Steps ping the printer"
    assert tidy[spans[0][0] : spans[0][1]] == "printer"


def test_every_starter_article_is_formatted():
    from kbdesk.core.articles import load_folder
    from kbdesk.core.paths import bundled_articles_dir
    from kbdesk.core.rendering import plain_text_reason

    for article in load_folder(bundled_articles_dir()).articles:
        assert plain_text_reason(article.body) == "", article.id


@pytest.mark.parametrize(
    "body",
    [
        "[a](" * 16_000,  # Python-Markdown rescans the paragraph from every "[": 17 s at 16 KB
        "> " * 20_000,  # nested quotes, one level per character
        "#\n" * 2_000,  # heading ids numbered one by one
        "```a\n" * 1_000,  # each unclosed fence looks for its end to the end of the text
        "a\n\n" * 6_000,  # blocks taken off the front of a list
        "x" * 200_000,
    ],
    ids=["links", "quotes", "headings", "fences", "blocks", "size"],
)
def test_an_article_too_costly_to_format_is_shown_as_plain_text(body):
    rendered = render("---\ntitle: Pathological\n---\n" + body)
    assert rendered.plain_reason
    assert "Shown as plain text because" in rendered.html and rendered.code_blocks == ()
    assert html_module.escape(body[:50]) in rendered.html
