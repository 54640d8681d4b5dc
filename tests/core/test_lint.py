"""Lint rules: each with a folder that trips it and one that does not."""

from __future__ import annotations

import datetime as dt
import textwrap
from pathlib import Path

import pytest

from kbdesk.core import lint as lint_mod
from kbdesk.core.errors import ArticlesFolderError
from kbdesk.core.lint import CODES, RULES, LintFinding, UnknownRuleError, lint_folder, parse_codes
from kbdesk.core.lint import scan as lint_scan

TODAY = dt.date(2027, 1, 15)
BODY = (
    "Restart the program and try again. If the problem stays, sign out of your account, sign back in, "
    "and check that the network cable or Wi-Fi is connected. Still stuck? Collect the exact error "
    "message and the time it happened, then contact support with both so they can look it up quickly."
)


def article(folder: Path, name: str, *, front: str | None = None, body: str = BODY, title: str | None = None) -> Path:
    """Write one article; ``front`` is the YAML between the fences (default: a valid minimal one)."""
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    if front is None:
        stem = Path(name).stem
        front = f"id: {stem}\ntitle: {title or 'Article ' + stem}\nsummary: About {stem}.\nstatus: published"
    path.write_text(f"---\n{textwrap.dedent(front).strip()}\n---\n\n{body}\n", encoding="utf-8")
    return path


def run(folder: Path, **kwargs) -> list[LintFinding]:
    kwargs.setdefault("semantic", False)
    kwargs.setdefault("today", TODAY)
    return list(lint_folder(folder, **kwargs).findings)


def codes(findings) -> list[str]:
    return [f.code for f in findings]


def only(findings, code: str) -> list[LintFinding]:
    return [f for f in findings if f.code == code]


def test_clean_folder_has_no_findings(tmp_path):
    article(tmp_path, "a.md", body=BODY + "\n\nSee [the other one](b.md) and ![screen](img/shot.png).")
    article(tmp_path, "b.md")
    (tmp_path / "img").mkdir()
    (tmp_path / "img" / "shot.png").write_bytes(b"\x89PNG")
    report = lint_folder(tmp_path, semantic=False, today=TODAY)
    assert report.findings == ()
    assert report.ok and report.files_checked == 2 and report.articles_checked == 2


def test_every_rule_code_is_declared_once():
    assert len(CODES) == len(RULES)
    assert all(r.severity in ("error", "warning") for r in RULES)


# ------------------------------------------------------------ front matter


def test_unknown_key_is_a_warning_on_its_line(tmp_path):
    article(tmp_path, "a.md", front="id: a\ntitle: A\ncolour: blue")
    [finding] = run(tmp_path)
    assert (finding.path, finding.line, finding.severity, finding.code) == ("a.md", 4, "warning", "unknown-key")
    assert "colour" in finding.message


def test_a_wrong_check_is_a_lint_finding_on_its_line_and_a_good_one_is_none(tmp_path):
    front = """\
        id: a
        title: A
        checks:
          - id: full
            when: disk.home.percent_used >= 95
            found: Your home disk is {disk.home.percent_used} % full
          - id: typo
            when: disk.home.pct >= 95
            found: x
          - id: units
            all:
              - network.connected
              - disk.home.free_bytes < 5 min
            found: y
          - when: network.connected
            found: z
            severity: high"""
    article(tmp_path, "a.md", front=front)
    findings = run(tmp_path)
    assert [(f.line, f.severity, f.code) for f in findings] == [
        (9, "error", "check-unknown-fact"),
        (14, "error", "check-type"),
        (18, "warning", "check-unknown-key"),
    ]
    assert "unknown fact 'disk.home.pct'" in findings[0].message and "'5 min' is a time" in findings[1].message
    assert all(f.code in CODES for f in findings)
    assert not lint_folder(tmp_path, semantic=False, today=TODAY).ok


def test_known_keys_pass(tmp_path):
    article(
        tmp_path,
        "a.md",
        front="""
        id: a
        title: A
        summary: s
        tags: [x]
        platforms: [windows]
        symptoms: [it breaks]
        error_codes: [E1]
        audience: agent
        status: review
        owner: team
        reviewed: 2026-01-01
        review_by: 2027-06-01
        related: []
    """,
    )
    assert run(tmp_path) == []


def test_wrong_type_is_an_error_with_a_line_even_for_a_quoted_key(tmp_path):
    article(tmp_path, "a.md", front='id: a\ntitle: A\ntags: {x: 1}\n"review_by": [soon]')
    found = only(run(tmp_path), "wrong-type")
    assert [(f.line, f.severity) for f in found] == [(4, "error"), (5, "error")]


def test_missing_title_is_an_error(tmp_path):
    article(tmp_path, "a.md", front="id: a\nsummary: no title here")
    article(tmp_path, "b.md", front="id: b\ntitle: ''")
    found = only(run(tmp_path), "missing-title")
    assert [(f.path, f.severity) for f in found] == [("a.md", "error"), ("b.md", "error")]
    assert all(f.line >= 1 for f in found)


def test_no_front_matter_is_an_error(tmp_path):
    (tmp_path / "a.md").write_text("# Heading\n\n" + BODY + "\n", encoding="utf-8")
    [finding] = run(tmp_path)
    assert (finding.code, finding.severity, finding.line) == ("no-front-matter", "error", 1)


def test_bad_status_is_an_error(tmp_path):
    article(tmp_path, "a.md", front="id: a\ntitle: A\nstatus: live")
    [finding] = run(tmp_path)
    assert (finding.code, finding.severity, finding.line) == ("bad-status", "error", 4)


# ------------------------------------------------------------ unreadable files


def test_files_that_are_not_articles_are_errors(tmp_path):
    (tmp_path / "bin.md").write_bytes(b"---\ntitle: x\n---\n\x00\x01\x02")
    (tmp_path / "latin1.md").write_bytes("---\ntitle: caf\u00e9\n---\nbody\n".encode("latin-1"))
    (tmp_path / "yaml.md").write_text("---\ntitle: [unclosed\nid: y\n---\nbody\n", encoding="utf-8")
    (tmp_path / "open.md").write_text("---\ntitle: never closed\n", encoding="utf-8")
    article(tmp_path, "good.md")
    found = {f.path: f for f in run(tmp_path)}
    assert found["bin.md"].code == "binary" and found["bin.md"].line == 4
    assert found["latin1.md"].code == "not-utf8" and found["latin1.md"].line == 2
    assert found["yaml.md"].code == "bad-yaml" and found["yaml.md"].line >= 2
    assert found["open.md"].code == "bad-front-matter" and found["open.md"].line == 1
    assert all(f.severity == "error" for f in found.values())
    assert "good.md" not in found


def test_broken_symlink_keeps_its_own_code(tmp_path):
    article(tmp_path, "good.md")
    (tmp_path / "gone.md").symlink_to(tmp_path / "nowhere.md")
    [finding] = run(tmp_path)
    assert (finding.path, finding.code, finding.line) == ("gone.md", "broken-symlink", 0)


# ------------------------------------------------------------ ids and titles


def test_duplicate_id_names_both_paths(tmp_path):
    article(tmp_path, "a.md", front="id: same\ntitle: First")
    article(tmp_path, "sub/b.md", front="id: same\ntitle: Second")
    found = only(run(tmp_path), "duplicate-id")
    assert [(f.path, f.line, f.severity) for f in found] == [("a.md", 2, "error"), ("sub/b.md", 2, "error")]
    assert "sub/b.md" in found[0].message and "a.md" in found[1].message


def test_distinct_ids_pass(tmp_path):
    article(tmp_path, "a.md", front="title: First")  # id defaults to the stem
    article(tmp_path, "sub/b.md", front="title: Second")
    assert only(run(tmp_path), "duplicate-id") == []


def test_duplicate_title_names_both(tmp_path):
    article(tmp_path, "a.md", title="Printer offline")
    article(tmp_path, "b.md", title="printer  OFFLINE")
    article(tmp_path, "c.md", title="Printer jammed")
    found = only(run(tmp_path), "duplicate-title")
    assert [f.path for f in found] == ["a.md", "b.md"]
    assert "b.md" in found[0].message and found[0].severity == "warning"


# ------------------------------------------------------------ links


def test_links_to_missing_articles_are_errors_on_their_line(tmp_path):
    body = (
        BODY
        + "\n\n"
        + "\n".join(
            [
                "1. See [gone](missing.md).",
                "2. See [gone by id](kbdesk:article/nope).",
                "3. See [deep](sub/none.md#part).",
                "4. Ref style below.",
                "",
                "[ref]: ../outside-none.md",
            ]
        )
    )
    article(tmp_path, "a.md", body=body)
    found = only(run(tmp_path), "broken-link")
    assert [f.line for f in found] == [10, 11, 12, 15]
    assert all(f.severity == "error" and f.path == "a.md" for f in found)
    assert "'nope'" in found[1].message


def test_good_links_and_ignored_forms_pass(tmp_path):
    body = (
        BODY
        + "\n\n"
        + "\n".join(
            [
                "- [relative](b.md) and [with anchor](b.md#steps) and [query](b.md?x=1)",
                "- [by id](kbdesk:article/b) and [by id, slashes](kbdesk://article/c)",
                "- [in a sub folder](sub/c.md) and [from the root](/sub/c.md)",
                "- [web](https://example.com/x.md) [plain](http://x) [mail](mailto:help@example.com)",
                "- [same page](#steps) and `[code](missing.md)`",
                "",
                "```",
                "[fenced](missing.md) ![fenced](missing.png)",
                "```",
            ]
        )
    )
    article(tmp_path, "a.md", body=body)
    article(tmp_path, "b.md")
    article(tmp_path, "sub/c.md", body=BODY + "\n\nBack to [a](../a.md) or [b by id](b.md).")
    assert run(tmp_path) == []


def test_unrecognised_kbdesk_link_is_a_warning(tmp_path):
    article(tmp_path, "a.md", body=BODY + "\n\n[x](kbdesk:articles/a)")
    [finding] = run(tmp_path)
    assert (finding.code, finding.severity) == ("bad-link", "warning")


def test_missing_images_and_files(tmp_path):
    body = BODY + '\n\n![shot](images/x.png)\n[log](files/log.txt)\n<img src="images/y.png">\n'
    article(tmp_path, "a.md", body=body)
    found = run(tmp_path)
    assert [(f.line, f.code, f.severity) for f in found] == [
        (10, "missing-image", "error"),
        (11, "missing-file", "error"),
        (12, "missing-image", "error"),
    ]


def test_existing_images_relative_to_the_article_pass(tmp_path):
    article(tmp_path, "sub/a.md", body=BODY + "\n\n![shot](images/x%20y.png)\n[![thumb](images/x%20y.png)](../b.md)")
    article(tmp_path, "b.md")
    (tmp_path / "sub" / "images").mkdir()
    (tmp_path / "sub" / "images" / "x y.png").write_bytes(b"png")
    assert run(tmp_path) == []


def test_unknown_related_is_an_error_on_the_item_line(tmp_path):
    article(tmp_path, "a.md", front="id: a\ntitle: A\nrelated:\n  - b\n  - ghost\nowner: me")
    article(tmp_path, "b.md", front="id: b\ntitle: B\nrelated: [a, phantom]")
    found = only(run(tmp_path), "unknown-related")
    assert [(f.path, f.line) for f in found] == [("a.md", 6), ("b.md", 4)]
    assert "'ghost'" in found[0].message and found[0].severity == "error"


def test_published_article_linking_a_retired_one_is_warned(tmp_path):
    article(
        tmp_path,
        "a.md",
        front="id: a\ntitle: A\nstatus: published\nrelated: [old]",
        body=BODY + "\n\nSee [the old way](old.md).",
    )
    article(
        tmp_path,
        "old.md",
        front="id: old\ntitle: Old\nstatus: retired",
        body="Retired: use [the new article](a.md) instead.",
    )
    found = only(run(tmp_path), "links-retired")
    assert [(f.path, f.line, f.severity) for f in found] == [("a.md", 5, "warning"), ("a.md", 10, "warning")]


def test_drafts_may_link_retired_articles(tmp_path):
    article(
        tmp_path,
        "d.md",
        front="id: d\ntitle: D\nstatus: draft\nrelated: [old]",
        body=BODY + "\n[x](kbdesk:article/old)",
    )
    article(tmp_path, "old.md", front="id: old\ntitle: Old\nstatus: retired")
    assert run(tmp_path) == []


# ------------------------------------------------------------ bodies and dates


def test_empty_body_is_an_error_and_short_body_a_warning(tmp_path):
    article(tmp_path, "empty.md", body="# Only a heading\n")
    article(tmp_path, "short.md", body="Restart it.")
    article(tmp_path, "retired-short.md", front="title: Old\nstatus: retired", body="Use the new one.")
    found = run(tmp_path)
    assert [(f.path, f.code, f.severity, f.line) for f in found] == [
        ("empty.md", "empty-body", "error", 8),
        ("short.md", "short-body", "warning", 8),
    ]
    assert "2 words" in found[1].message


def test_an_article_the_app_would_show_as_plain_text_is_a_warning_on_its_body(tmp_path):
    """The renderer's guard (kbdesk/core/rendering.py) shows such a body unformatted; lint says so first."""
    article(tmp_path, "dense.md", body=BODY + "\n\n" + "[a](" * 2_000)
    article(tmp_path, "long.md", body=BODY + "\n\n" + ("Restart the spooler and print again. " * 4_000))
    article(tmp_path, "fine.md")
    found = only(run(tmp_path), "plain-text")
    assert [(f.path, f.severity, f.line) for f in found] == [("dense.md", "warning", 8), ("long.md", "warning", 8)]
    assert "a line holds 6,000 markdown characters" in found[0].message
    assert "characters long" in found[1].message and "split it" in found[1].message


def test_body_of_forty_words_passes(tmp_path):
    article(tmp_path, "a.md", body=" ".join(["word"] * lint_mod.MIN_BODY_WORDS))
    assert run(tmp_path) == []


def test_review_by_in_the_past_is_stale(tmp_path):
    article(tmp_path, "old.md", front="id: old\ntitle: Old\nreview_by: 2027-01-14")
    article(tmp_path, "due.md", front="id: due\ntitle: Due\nreview_by: 2027-01-15")
    article(tmp_path, "gone.md", front="id: gone\ntitle: Gone\nstatus: retired\nreview_by: 2020-01-01")
    [finding] = run(tmp_path)
    assert (finding.path, finding.line, finding.code, finding.severity) == ("old.md", 4, "stale", "warning")
    assert "1 day ago" in finding.message
    assert run(tmp_path, today=dt.date(2027, 1, 14)) == []


# ------------------------------------------------------------ options and shape


def test_findings_sorted_by_path_then_line(tmp_path):
    article(tmp_path, "b.md", front="id: b\ntitle: B\nx: 1\nreview_by: 2000-01-01")
    article(tmp_path, "a.md", body="short")
    found = run(tmp_path)
    assert [(f.path, f.line) for f in found] == sorted((f.path, f.line) for f in found)
    assert [f.path for f in found] == ["a.md", "b.md", "b.md"]
    assert str(found[1]) == f"b.md:4: warning unknown-key {found[1].message}"


def test_select_and_ignore(tmp_path):
    article(tmp_path, "a.md", front="id: a\ntitle: A\nx: 1\nreview_by: 2000-01-01")
    assert codes(run(tmp_path, select=parse_codes(["stale"]))) == ["stale"]
    assert codes(run(tmp_path, ignore=parse_codes(["stale,unknown-key"]))) == []
    with pytest.raises(UnknownRuleError):
        parse_codes(["stale,no-such-code"])


def test_missing_folder_raises(tmp_path):
    with pytest.raises(ArticlesFolderError):
        lint_folder(tmp_path / "nope", semantic=False)


def test_parallel_scan_matches_serial(tmp_path, monkeypatch):
    for i in range(30):
        article(tmp_path, f"a{i:02}.md", body=BODY + f"\n\n[next](a{i + 1:02}.md)")
    serial = run(tmp_path, jobs=1)
    monkeypatch.setattr(lint_scan, "PARALLEL_MIN_FILES", 10)
    assert run(tmp_path, jobs=2) == serial
    assert [(f.path, f.code) for f in serial] == [("a29.md", "broken-link")]


def _no_model(tmp_path, monkeypatch) -> None:
    """From here on a model load fails: no exported model anywhere, and the export cannot run."""
    from kbdesk.core.search import semantic

    monkeypatch.setattr(semantic, "model_dirs", lambda: [tmp_path / "no-model"])
    monkeypatch.setattr(semantic, "EXPORT_MODULES", (*semantic.EXPORT_MODULES, "kbdesk_no_such_module"))


def test_model_unavailable_skips_near_duplicates_with_a_note(tmp_path, monkeypatch):
    # A real Embedder that finds no exported model and cannot export one (a module
    # the export needs is missing): a pip install without the export extra.
    _no_model(tmp_path, monkeypatch)
    article(tmp_path, "a.md")
    article(tmp_path, "b.md")
    report = lint_folder(tmp_path, semantic=True, today=TODAY)
    assert report.findings == ()
    assert len(report.notes) == 1 and "near-duplicate check skipped" in report.notes[0]


# ------------------------------------------------------------ near-duplicates (real model)


@pytest.fixture(scope="module")
def embedder():
    from kbdesk.core.search.semantic import Embedder

    return Embedder().load()


PRINTER = """
    id: {id}
    title: {title}
    summary: Bring a network or USB printer back online when your computer marks it offline.
    symptoms:
      - printer says offline but it is switched on
      - nothing comes out and the printer shows offline
    status: published
"""


@pytest.mark.model
def test_near_duplicates_are_named_both_ways(tmp_path, embedder):
    article(
        tmp_path, "printer-offline.md", front=PRINTER.format(id="printer-offline", title="Printer shows as offline")
    )
    article(
        tmp_path, "printer-is-offline.md", front=PRINTER.format(id="printer-is-offline", title="Printer is offline")
    )
    article(
        tmp_path,
        "vpn.md",
        front="""
        title: VPN will not connect
        summary: Get the company VPN connected when it fails at sign-in or times out.
        symptoms: [vpn keeps spinning on connecting]
    """,
    )
    found = only(run(tmp_path, semantic=True, embedder=embedder), "near-duplicate")
    assert [(f.path, f.line, f.severity) for f in found] == [
        ("printer-is-offline.md", 3, "warning"),
        ("printer-offline.md", 3, "warning"),
    ]
    assert "printer-offline.md" in found[0].message and "printer-is-offline.md" in found[1].message


@pytest.mark.model
def test_related_but_different_articles_are_not_near_duplicates(tmp_path, embedder):
    article(tmp_path, "offline.md", front=PRINTER.format(id="offline", title="Printer shows as offline"))
    article(
        tmp_path,
        "driver.md",
        front="""
        title: Install or update a printer driver
        summary: Add a printer with the right driver when printing fails or prints garbage.
        symptoms: [printer prints strange characters, windows asks for a driver]
    """,
    )
    # a retired copy is expected to resemble its replacement, so it is left out
    article(
        tmp_path,
        "retired-copy.md",
        front=PRINTER.format(id="retired-copy", title="Printer is offline").replace(
            "status: published", "status: retired"
        ),
    )
    report = lint_folder(tmp_path, semantic=True, embedder=embedder, today=TODAY)
    assert only(report.findings, "near-duplicate") == []
    assert report.notes == ()


@pytest.mark.model
def test_near_duplicates_reuse_the_search_index_vectors(tmp_path, embedder, monkeypatch):
    """After `kbdesk index`, the check needs no model for unchanged articles."""
    from kbdesk.core.search.engine import SearchEngine

    article(
        tmp_path, "printer-offline.md", front=PRINTER.format(id="printer-offline", title="Printer shows as offline")
    )
    article(
        tmp_path, "printer-is-offline.md", front=PRINTER.format(id="printer-is-offline", title="Printer is offline")
    )
    engine = SearchEngine(tmp_path, embedder=embedder)
    engine.sync(embed=True)
    engine.close()
    # from here on a model load would fail: the vectors must come from the index
    _no_model(tmp_path, monkeypatch)
    report = lint_folder(tmp_path, semantic=True, today=TODAY)
    assert report.notes == ()
    assert len(only(report.findings, "near-duplicate")) == 2
    # a changed article is not in the index any more, so the model is needed (and missing)
    (tmp_path / "printer-is-offline.md").write_text(
        (tmp_path / "printer-is-offline.md").read_text(encoding="utf-8") + "\nMore.\n", encoding="utf-8"
    )
    report = lint_folder(tmp_path, semantic=True, today=TODAY)
    assert len(report.notes) == 1 and "skipped" in report.notes[0]


def test_scan_cache_reparses_only_changed_files_across_hard_linked_revisions(tmp_path, monkeypatch):
    """kbdesk.core.sources lints each new revision; unchanged files are hard links to the previous one."""
    import os

    old = tmp_path / "rev-1"
    for name in ("a.md", "b.md", "c.md"):
        article(old, f"sub/{name}")
    article(old, "d.md", body="See [b](sub/b.md). " + BODY)
    cache = lint_mod.ScanCache()
    first = lint_folder(old, today=TODAY, semantic=False, scan_cache=cache)
    assert first.errors == 0

    new = tmp_path / "rev-2"
    (new / "sub").mkdir(parents=True)
    for rel in ("sub/a.md", "sub/b.md", "d.md"):
        os.link(old / rel, new / rel)
    article(new, "sub/c.md", body="Now links to [gone](missing.md). " + BODY)
    parsed = []
    real = lint_scan.scan_file
    monkeypatch.setattr(lint_scan, "scan_file", lambda p, root: parsed.append(p.name) or real(p, root))
    second = lint_folder(new, today=TODAY, semantic=False, scan_cache=cache)
    assert parsed == ["c.md"]
    assert [(f.path, f.code) for f in second.findings if f.severity == "error"] == [("sub/c.md", "broken-link")]
    # links of cached scans resolve in the new folder, not the old one
    assert not any(f.path == "d.md" for f in second.findings)
    (new / "sub" / "b.md").unlink()
    third = lint_folder(new, today=TODAY, semantic=False, scan_cache=cache)
    assert ("d.md", "broken-link") in [(f.path, f.code) for f in third.findings]
