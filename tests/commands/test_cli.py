"""The CLI contract: output shapes, KBDESK_HOME, and one-line errors without tracebacks."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys

import pytest

from kbdesk.cli import main


def run(capsys, *args):
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_index_reports_changes_and_lives_under_kbdesk_home(capsys, fixture_kb, kbdesk_home):
    code, out, _ = run(capsys, "index", "--articles", str(fixture_kb), "--keyword-only")
    assert code == 0 and "9 added" in out
    assert list((kbdesk_home / "cache" / "indexes").iterdir())
    (fixture_kb / "disk-full.md").unlink()
    code, out, _ = run(capsys, "index", "--articles", str(fixture_kb), "--keyword-only")
    assert "1 removed" in out and "disk-full" in out


def test_search_json_contract(capsys, fixture_kb):
    code, out, _ = run(
        capsys,
        "search",
        "DNS_PROBE_FINISHED_NXDOMAIN",
        "--articles",
        str(fixture_kb),
        "--mode",
        "keyword",
        "--json",
        "--limit",
        "3",
    )
    assert code == 0
    results = json.loads(out)
    assert 1 <= len(results) <= 3
    first = results[0]
    assert {"id", "title", "score", "path", "snippet"} <= set(first)
    assert first["id"] == "dns-site-cant-be-reached"
    assert first["path"].endswith("dns-site-cant-be-reached.md")
    assert [r["score"] for r in results] == sorted((r["score"] for r in results), reverse=True)


@pytest.mark.model
def test_eval_json_contract(capsys, fixture_kb, tmp_path):
    queries = tmp_path / "q.jsonl"
    queries.write_text(
        '{"query": "printer is offline", "relevant": ["printer-offline"]}\n'
        '{"query": "0x80070005", "relevant": ["windows-update-access-denied"]}\n',
        encoding="utf-8",
    )
    code, out, _ = run(capsys, "eval", "--articles", str(fixture_kb), "--queries", str(queries), "--json")
    assert code == 0
    report = json.loads(out)
    assert set(report) == {"keyword", "semantic", "hybrid"}
    for metrics in report.values():
        assert set(metrics) == {"queries", "mrr@10", "hit@1", "hit@5", "ndcg@10", "latency_ms"}
        assert metrics["queries"] == 2 and set(metrics["latency_ms"]) == {"p50", "p95"}
    assert report["keyword"]["mrr@10"] == 1.0


@pytest.mark.parametrize(
    "args, message",
    [
        (["search", "x", "--articles", "/no/such/folder"], "articles folder not found"),
        (["index", "--articles", "/no/such/folder"], "articles folder not found"),
        (
            ["eval", "--articles", "{kb}", "--queries", "/no/such.jsonl", "--mode", "keyword"],
            "cannot read queries file",
        ),
        (["eval", "--articles", "{kb}", "--queries", "{bad}", "--mode", "keyword"], "bad.jsonl:2: not valid JSON"),
        (["eval", "--articles", "{kb}", "--queries", "{shape}", "--mode", "keyword"], "expected {"),
    ],
)
def test_errors_are_one_line_without_traceback(capsys, fixture_kb, tmp_path, args, message):
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"query": "a", "relevant": ["b"]}\n{not json\n', encoding="utf-8")
    shape = tmp_path / "shape.jsonl"
    shape.write_text('{"query": 3}\n', encoding="utf-8")
    args = [a.format(kb=fixture_kb, bad=bad, shape=shape) for a in args]
    code, _out, err = run(capsys, *args)
    assert code != 0
    assert err.count("\n") == 1 and message in err and "Traceback" not in err


def test_error_exit_in_a_real_process(fixture_kb):
    proc = subprocess.run(
        [sys.executable, "-m", "kbdesk", "search", "x", "--articles", "/no/such"],
        capture_output=True,
        text=True,
        env=os.environ.copy(),
        timeout=120,
    )
    assert proc.returncode == 1
    assert proc.stderr.strip().startswith("kbdesk: error: articles folder not found")
    assert "Traceback" not in proc.stderr


def test_version(capsys):
    with pytest.raises(SystemExit) as exit_info:
        main(["--version"])
    assert exit_info.value.code == 0
    assert capsys.readouterr().out.startswith("kbdesk 0.")


def test_core_and_cli_import_no_qt():
    code = (
        "import sys, kbdesk.cli, kbdesk.core.search.engine, kbdesk.core.articles, kbdesk.core.settings\n"
        "import kbdesk.core.evaluation, kbdesk.core.search.keyword, kbdesk.core.search.semantic\n"
        "kbdesk.cli.build_parser()\n"
        "import pkgutil, importlib, kbdesk.core\n"
        "for m in pkgutil.walk_packages(kbdesk.core.__path__, 'kbdesk.core.'): importlib.import_module(m.name)\n"
        "bad = [m for m in sys.modules if m.startswith(('PySide6', 'shiboken6', 'PyQt'))]\n"
        "print(bad)"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() == "[]"


def test_every_option_of_every_command_says_what_it_does():
    """``--help`` describes every option and argument, of every subcommand (search, bundle create...)."""
    import argparse

    from kbdesk.cli import build_parser

    missing = []

    # argparse has no public way to list a parser's actions; _actions is what its own help formatter reads
    def walk(parser: argparse.ArgumentParser, words: list[str]) -> None:
        for action in parser._actions:
            if isinstance(action, argparse._SubParsersAction):
                for name, child in action.choices.items():
                    walk(child, [*words, name])
            elif not isinstance(action, (argparse._HelpAction, argparse._VersionAction)) and not action.help:
                missing.append(" ".join([*words, *(action.option_strings or [action.dest])]))

    walk(build_parser(), ["kbdesk"])
    assert missing == []


def test_index_names_the_articles_that_need_fixing(capsys, fixture_kb):
    bad = fixture_kb / "bad-date.md"
    bad.write_text("---\ntitle: Bad date\nreview_by: 2027-02-30\n---\nSome text about printers.\n", "utf-8")
    assert main(["index", "--articles", str(fixture_kb), "--keyword-only"]) == 0
    out, err = capsys.readouterr()
    assert "bad-date.md:3: error bad-date 'review_by' '2027-02-30' is not a real date" in err
    assert "1 article indexed with errors: bad-date.md" in out
    assert main(["search", "bad date printers", "--articles", str(fixture_kb), "--mode", "keyword", "--json"]) == 0
    assert "bad-date" in [hit["id"] for hit in json.loads(capsys.readouterr().out)]
    assert main(["lint", str(fixture_kb), "--no-semantic", "--select", "bad-date"]) == 1


def test_the_readme_lists_every_command():
    """Every subcommand is in the README's command list: ``kbdesk NAME``, and each subcommand of a
    group on the group's lines (``kbdesk outbox list|flush``)."""
    import argparse
    from pathlib import Path

    from kbdesk.cli import build_parser

    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text("utf-8")
    block = readme.split("## Command line", 1)[1].split("```")[1]
    lines = [" ".join(line.split()) for line in block.splitlines()]
    parser = build_parser()
    # argparse has no public way to list subcommands; _actions is what its own help formatter reads
    (sub,) = [a for a in parser._actions if isinstance(a, argparse._SubParsersAction)]
    missing = []
    for name, child in sub.choices.items():
        group = [line for line in lines if line.startswith(f"kbdesk {name} ") or line == f"kbdesk {name}"]
        if not group:
            missing.append(name)
            continue
        nested = [a for a in child._actions if isinstance(a, argparse._SubParsersAction)]
        for word in nested[0].choices if nested else ():
            if not any(re.search(rf"\b{re.escape(word)}\b", line[len(name) + 8 :]) for line in group):
                missing.append(f"{name} {word}")
    assert missing == []


def test_a_search_imports_no_other_commands_dependencies(fixture_kb, kbdesk_home):
    """Every command's parser is built on every start; what only running bundle, redact or lint
    needs (the redactor's rules, the bundle writer, the lint rules) is imported when they run."""
    code = (
        "import sys\n"
        "from kbdesk.cli import main\n"
        f"assert main(['search', '--mode', 'keyword', 'printer jam', '--articles', {str(fixture_kb)!r}]) == 0\n"
        "heavy = ('kbdesk.core.escalation', 'kbdesk.core.redaction', 'kbdesk.core.bundle', 'kbdesk.core.lint',\n"
        "         'kbdesk.core.diagnostics', 'kbdesk.core.desks', 'phonenumbers', 'multiprocessing')\n"
        "print('IMPORTED', [m for m in sys.modules if m.startswith(heavy)])"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip().splitlines()[-1] == "IMPORTED []"


def test_choices_from_slow_modules_still_check_and_list(capsys):
    from kbdesk.core.bundle import LEVELS
    from kbdesk.core.escalation import OPTIONAL_CATEGORIES

    with pytest.raises(SystemExit) as exit_info:
        main(["redact", "--keep", "no-such-category", "-"])
    assert exit_info.value.code == 2
    err = capsys.readouterr().err
    assert "invalid choice: 'no-such-category'" in err and all(repr(c) in err for c in OPTIONAL_CATEGORIES)
    with pytest.raises(SystemExit):
        main(["bundle", "create", "--summary", "x", "--impact", "huge"])
    err = capsys.readouterr().err
    assert "invalid choice: 'huge'" in err and all(repr(level) in err for level in LEVELS)
    with pytest.raises(SystemExit):
        main(["redact", "--help"])
    assert ", ".join(OPTIONAL_CATEGORIES) in " ".join(capsys.readouterr().out.split())
    with pytest.raises(SystemExit):
        main(["lint", "--help"])
    out = capsys.readouterr().out
    assert "near-duplicate" in out and "(the table of codes)" not in out
