"""Promoting a learned phrasing to an article's ``symptoms``: the file changes there and nowhere else."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from kbdesk.core.articles import load_file
from kbdesk.core.authoring import SymptomError, add_symptom, with_symptom

BLOCK = """\
---
id: printer-offline
title: Printer shows as offline   # the writer's comment stays
summary: "Bring a printer back: online"
symptoms:
    - printer says offline
    - documents stuck
tags: [printing]
unknown_key: kept as it is
---
# Printer

1. Restart it.
"""


def _write(tmp_path: Path, text: str, name: str = "printer-offline.md", *, newline: str = "\n") -> Path:
    path = tmp_path / name
    path.write_bytes(text.replace("\n", newline).encode("utf-8"))
    return path


def test_a_block_list_gets_one_line_and_nothing_else_changes(tmp_path: Path) -> None:
    path = _write(tmp_path, BLOCK)
    before = path.read_bytes()
    result = add_symptom(path, "my printer went to sleep: nothing prints", root=tmp_path)
    after = path.read_bytes()
    assert result.added
    expected = before.replace(
        b"    - documents stuck\n", b'    - documents stuck\n    - "my printer went to sleep: nothing prints"\n'
    )
    assert after == expected  # the item in the list's own indentation, quoted because of the colon
    article, issues = load_file(path, root=tmp_path)
    assert article is not None and not [i for i in issues if i.severity == "error"]
    assert article.symptoms == ("printer says offline", "documents stuck", "my printer went to sleep: nothing prints")


def test_crlf_line_ends_and_a_byte_order_mark_are_kept(tmp_path: Path) -> None:
    path = tmp_path / "crlf.md"
    path.write_bytes(b"\xef\xbb\xbf" + BLOCK.replace("\n", "\r\n").encode("utf-8"))
    before = path.read_bytes()
    add_symptom(path, "printer asleep", root=tmp_path)
    after = path.read_bytes()
    assert after.startswith(b"\xef\xbb\xbf")
    assert after == before.replace(b"    - documents stuck\r\n", b"    - documents stuck\r\n    - printer asleep\r\n")
    assert b"\n" not in after.replace(b"\r\n", b"")


@pytest.mark.parametrize(
    ("front", "expected_lines"),
    [
        (
            "symptoms: [printer says offline, 'it is stuck']\n",
            ["symptoms:", "  - printer says offline", "  - it is stuck"],
        ),
        ("symptoms: printer says offline\n", ["symptoms:", "  - printer says offline"]),
        ("symptoms: []\n", ["symptoms:"]),
        ("symptoms:\n", ["symptoms:"]),
        ("", ["symptoms:"]),
    ],
)
def test_other_forms_become_a_block_list_in_place(tmp_path: Path, front: str, expected_lines: list[str]) -> None:
    head = "---\nid: x\ntitle: Printer offline\n"
    tail = "status: published\n---\nBody text.\n"
    path = _write(tmp_path, head + front + tail, "x.md")
    add_symptom(path, "printer asleep", root=tmp_path)
    text = path.read_text("utf-8")
    lines = "\n".join([*expected_lines, "  - printer asleep"]) + "\n"
    if front:
        assert text == head + lines + tail
    else:  # a missing key goes after the last key
        assert text == head + "status: published\n" + lines + "---\nBody text.\n"


def test_an_article_without_front_matter_gets_one(tmp_path: Path) -> None:
    path = _write(tmp_path, "# Printer offline\n\nRestart it.\n", "plain.md")
    add_symptom(path, "printer asleep", root=tmp_path)
    assert path.read_text("utf-8") == "---\nsymptoms:\n  - printer asleep\n---\n# Printer offline\n\nRestart it.\n"
    article, _ = load_file(path, root=tmp_path)
    assert article is not None and article.title == "Printer offline" and article.symptoms == ("printer asleep",)


def test_a_symptom_it_already_has_writes_nothing(tmp_path: Path) -> None:
    path = _write(tmp_path, BLOCK)
    stamp = os.stat(path).st_mtime_ns
    result = add_symptom(path, "  Printer SAYS   offline ", root=tmp_path)
    assert not result.added
    assert os.stat(path).st_mtime_ns == stamp


def test_a_file_that_is_not_an_article_is_left_alone(tmp_path: Path) -> None:
    broken = "---\ntitle: [unclosed\n---\nbody\n"
    path = _write(tmp_path, broken, "broken.md")
    with pytest.raises(SymptomError, match="cannot be read"):
        add_symptom(path, "printer asleep", root=tmp_path)
    assert path.read_text("utf-8") == broken
    unclosed = "---\ntitle: x\nbody without a closing fence\n"
    with pytest.raises(SymptomError, match="never closed"):
        with_symptom(unclosed, "printer asleep")


def test_a_phrasing_that_yaml_would_misread_is_quoted(tmp_path: Path) -> None:
    path = _write(tmp_path, BLOCK)
    for phrasing in ("- starts like a list item", "yes", "2026-01-01", "#hashtag problem", 'say "hi" [now]'):
        add_symptom(path, phrasing, root=tmp_path)
    article, _ = load_file(path, root=tmp_path)
    assert article is not None
    assert article.symptoms[-5:] == (
        "- starts like a list item",
        "yes",
        "2026-01-01",
        "#hashtag problem",
        'say "hi" [now]',
    )
