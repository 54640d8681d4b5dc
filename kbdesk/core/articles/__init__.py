"""Solution articles: markdown files with YAML front matter.

``load_folder`` reads a whole articles folder. A file that cannot be used
(binary, not UTF-8, too large, malformed front matter, unreadable, a symlink
loop) is skipped with an :class:`ArticleIssue` naming the file and, where it
applies, the line; everything else still loads. Problems that do not stop an
article from being useful (an unknown key, a field of the wrong type) are
reported as warnings and the article loads with the field left out; lint
(``kbdesk lint``) is where those become errors.

Duplicate ids: both paths are reported; the file whose path relative to the
folder sorts first (plain string order) is kept, so the choice never depends
on the order the file system lists files in.

Nothing in a file can make the parser raise or stall: it returns an Article or
an ArticleIssue naming the file, the line and the field. The front matter is
read from PyYAML's parser events, not through its constructor, which raises
ValueError, IndexError, AttributeError, KeyError... on values such as
``review_by: 2027-02-30`` or ``!!timestamp x``. Every value is text (a list or
a mapping where those are written); dates are checked here with a message
that says what is wrong. YAML aliases are refused when the parser meets them,
so an alias bomb is never expanded (it took over 120 s and 1.8 GB at depth 9
through the constructor). Values quoted in messages are cut to
``QUOTE_CHARS``. Every pattern run over article text is linear in the text's
length (a 1 MB pathological line parses in well under a second; see
``benchmarks/bench_pathological.py``).

Where things are::

    model.py        Article, ArticleIssue, the issue summary, the front matter's vocabulary
    frontmatter.py  the YAML between the fences, read from parser events; dates; platforms
    parse.py        one article's text -> Article and its problems (parse_article)
    files.py        reading files within limits, walking a folder, load_file, load_folder

A new front-matter field: its kind in ``FIELD_KINDS`` (model.py), its reading in
``parse_article`` (parse.py), its place on :class:`Article`; lint's rules for it in
:mod:`kbdesk.core.lint`.
"""

from __future__ import annotations

from kbdesk.core.articles.files import (
    article_entries,
    decode_article,
    iter_article_files,
    load_file,
    load_folder,
    read_article_bytes,
)
from kbdesk.core.articles.frontmatter import (
    quote_value,
    split_front_matter,
)
from kbdesk.core.articles.model import (
    AUDIENCES,
    FIELD_KINDS,
    MAX_ARTICLE_BYTES,
    PLATFORMS,
    STATUSES,
    Article,
    ArticleIssue,
    IssueSummary,
    LoadResult,
    NotAnArticle,
    summarize_issues,
)
from kbdesk.core.articles.parse import heading_text, parse_article

__all__ = [
    "AUDIENCES",
    "FIELD_KINDS",
    "MAX_ARTICLE_BYTES",
    "PLATFORMS",
    "STATUSES",
    "Article",
    "ArticleIssue",
    "IssueSummary",
    "LoadResult",
    "NotAnArticle",
    "article_entries",
    "decode_article",
    "heading_text",
    "iter_article_files",
    "load_file",
    "load_folder",
    "parse_article",
    "quote_value",
    "read_article_bytes",
    "split_front_matter",
    "summarize_issues",
]
