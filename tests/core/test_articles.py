"""Parsing articles: good files load, every kind of bad file is skipped with a clear issue."""

from __future__ import annotations

import datetime as dt
import os

import pytest

from kbdesk.core.articles import MAX_ARTICLE_BYTES, load_file, load_folder
from kbdesk.core.errors import ArticlesFolderError


def write(folder, name, text, mode="w"):
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    if mode == "wb":
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return path


GOOD = """---
title: Printer shows as offline
summary: Bring it back.
tags: [Printing, Network]
platforms: [Windows, mac]
symptoms:
  - printer says offline
error_codes: [0x00000709]
status: published
reviewed: 2026-10-01
review_by: "2027-04-01"
---
# Printer shows as offline

1. Do this.
"""


def test_good_article_parses_into_frozen_dataclass(tmp_path):
    path = write(tmp_path, "printer-offline.md", GOOD)
    article, issues = load_file(path, root=tmp_path)
    assert issues == []
    assert article.id == "printer-offline"  # defaults to the file stem
    assert article.title == "Printer shows as offline"
    assert article.tags == ("printing", "network")
    assert article.platforms == ("windows", "macos")  # aliases normalised
    assert article.error_codes == ("0x00000709",)
    assert article.reviewed == dt.date(2026, 10, 1)
    assert article.review_by == dt.date(2027, 4, 1)
    assert article.body.startswith("# Printer shows as offline")
    assert article.body_line == 13
    assert article.key_line("tags") == 4
    with pytest.raises(AttributeError):
        article.title = "changed"  # frozen


def test_malformed_yaml_is_skipped_with_line(tmp_path):
    write(tmp_path, "good.md", GOOD)
    write(tmp_path, "bad.md", "---\ntitle: ok\ntags: [a, b\nsummary: x\n---\nbody\n")
    result = load_folder(tmp_path)
    assert [a.id for a in result.articles] == ["good"]
    (issue,) = [i for i in result.issues if i.path.name == "bad.md"]
    assert issue.code == "yaml" and issue.severity == "error"
    assert issue.line is not None and 3 <= issue.line <= 5
    assert "bad.md" in str(issue) and "malformed YAML" in issue.message


def test_unclosed_front_matter(tmp_path):
    article, issues = load_file(write(tmp_path, "open.md", "---\ntitle: x\nno end\n"))
    assert article is None and issues[0].code == "front-matter" and issues[0].line == 1


def test_binary_file_is_skipped(tmp_path):
    write(tmp_path, "image.md", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", mode="wb")
    write(tmp_path, "good.md", GOOD)
    result = load_folder(tmp_path)
    assert [a.id for a in result.articles] == ["good"]
    assert [i.code for i in result.issues] == ["binary"]


def test_non_utf8_names_the_line(tmp_path):
    write(tmp_path, "latin1.md", "---\ntitle: Caf\xe9\n---\nok\n".encode("latin-1"), mode="wb")
    article, issues = load_file(tmp_path / "latin1.md")
    assert article is None
    assert issues[0].code == "not-utf8" and issues[0].line == 2
    assert "0xe9" in issues[0].message


def test_oversized_file_is_skipped(tmp_path):
    write(tmp_path, "huge.md", "---\ntitle: big\n---\n" + "x" * (MAX_ARTICLE_BYTES + 10))
    article, issues = load_file(tmp_path / "huge.md")
    assert article is None and issues[0].code == "too-large"


def test_symlink_loop_is_skipped(tmp_path):
    os.symlink(tmp_path / "loop-b.md", tmp_path / "loop-a.md")
    os.symlink(tmp_path / "loop-a.md", tmp_path / "loop-b.md")
    write(tmp_path, "good.md", GOOD)
    result = load_folder(tmp_path)
    assert [a.id for a in result.articles] == ["good"]
    assert {i.code for i in result.issues} == {"symlink-loop"}


def test_directory_symlink_loop_does_not_hang(tmp_path):
    (tmp_path / "sub").mkdir()
    os.symlink(tmp_path, tmp_path / "sub" / "back-to-top")
    write(tmp_path, "sub/good.md", GOOD)
    result = load_folder(tmp_path)
    assert [a.rel_path for a in result.articles] == ["sub/good.md"]


@pytest.mark.skipif(os.geteuid() == 0, reason="root can read any file")
def test_unreadable_file_is_skipped(tmp_path):
    path = write(tmp_path, "secret.md", GOOD)
    path.chmod(0)
    article, issues = load_file(path)
    assert article is None and issues[0].code == "unreadable"


def test_fifo_is_skipped_without_blocking(tmp_path):
    os.mkfifo(tmp_path / "pipe.md")
    article, issues = load_file(tmp_path / "pipe.md")
    assert article is None and issues[0].code == "not-a-file"


def test_duplicate_ids_keep_the_path_that_sorts_first(tmp_path):
    write(tmp_path, "b/second.md", "---\nid: same\ntitle: Second\n---\nx\n")
    write(tmp_path, "a/first.md", "---\nid: same\ntitle: First\n---\nx\n")
    result = load_folder(tmp_path)
    assert [a.title for a in result.articles] == ["First"]
    (issue,) = result.issues
    assert issue.code == "duplicate-id"
    assert issue.path.name == "second.md" and "a/first.md" in issue.message


def test_wrong_types_and_unknown_keys_warn_but_load(tmp_path):
    path = write(tmp_path, "x.md", "---\ntitle: T\ntags: {a: 1}\ncolour: red\nreview_by: someday\n---\nbody\n")
    article, issues = load_file(path)
    assert article is not None and article.tags == () and article.review_by is None
    codes = {(i.code, i.line) for i in issues}
    assert ("wrong-type", 3) in codes and ("unknown-key", 4) in codes and ("bad-date", 5) in codes


def test_missing_front_matter_uses_heading(tmp_path):
    article, issues = load_file(write(tmp_path, "plain.md", "# Plain title\n\ntext\n"))
    assert article.title == "Plain title"
    assert [i.code for i in issues] == ["no-front-matter"]


def test_bom_and_crlf_are_accepted(tmp_path):
    article, issues = load_file(
        write(tmp_path, "win.md", b"\xef\xbb\xbf---\r\ntitle: Windows file\r\n---\r\nbody\r\n", mode="wb")
    )
    assert issues == [] and article.title == "Windows file" and article.body == "body"


def test_missing_folder_raises_typed_error(tmp_path):
    with pytest.raises(ArticlesFolderError, match="not found"):
        load_folder(tmp_path / "nope")


def test_bundled_starter_articles_load_cleanly():
    from kbdesk.core.paths import bundled_articles_dir

    result = load_folder(bundled_articles_dir())
    assert len(result.articles) >= 40
    assert [str(i) for i in result.issues] == []
