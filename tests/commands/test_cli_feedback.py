"""`kbdesk feedback import|export` and the learned phrasings in `kbdesk search` and `kbdesk eval`."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from kbdesk.cli import main
from kbdesk.core.analytics import AnalyticsStore
from kbdesk.core.settings import Settings, save_settings

HISTORY = [
    {"query": "the zebra label maker balks", "relevant": ["printer-offline"]},
    {"query": "zebra labeller balks again", "relevant": ["printer-offline"]},
    {"query": "laptop says my login key is stale, reach me at carol@example.com", "relevant": ["forgot-password"]},
]
HELD_OUT = [
    {"query": "zebra label maker balking", "relevant": ["printer-offline"]},
    {"query": "login key stale on the laptop", "relevant": ["forgot-password"]},
]


def _jsonl(path: Path, rows: list[dict]) -> Path:
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), "utf-8")
    return path


def run(capsys, *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_imported_history_improves_held_out_search_and_no_learned_turns_it_off(capsys, fixture_kb, tmp_path):
    queries = _jsonl(tmp_path / "held-out.jsonl", HELD_OUT)
    evaluate = ["eval", "--articles", str(fixture_kb), "--queries", str(queries), "--mode", "keyword", "--json"]
    code, out, err = run(capsys, *evaluate)
    assert code == 0, err
    before = json.loads(out)["keyword"]["mrr@10"]

    history = _jsonl(tmp_path / "history.jsonl", HISTORY)
    code, out, err = run(capsys, "feedback", "import", str(history), "--articles", str(fixture_kb), "--json")
    assert code == 0, err
    summary = json.loads(out)
    assert summary["phrasings"] == 3 and summary["new"] == 3 and summary["unknown_articles"] == []
    code, out, _ = run(capsys, "feedback", "import", str(history))
    assert "0 new" in out and "3 already there" in out  # the same file twice adds nothing

    code, out, err = run(capsys, *evaluate)
    assert code == 0, err
    after = json.loads(out)["keyword"]["mrr@10"]
    assert after > before and after == 1.0
    code, out, _ = run(capsys, *evaluate, "--no-learned")
    assert json.loads(out)["keyword"]["mrr@10"] == before

    search = ["search", "zebra label maker balking", "--articles", str(fixture_kb), "--mode", "keyword", "--json"]
    search += ["--platform", "any"]
    code, out, _ = run(capsys, *search)
    assert json.loads(out)[0]["id"] == "printer-offline"
    code, out, _ = run(capsys, *search, "--no-learned")
    assert not json.loads(out) or json.loads(out)[0]["id"] != "printer-offline"

    with AnalyticsStore.open() as store:
        texts = {p.text for p in store.phrasings()}
    assert "laptop says my login key is stale, reach me at <EMAIL-1>" in texts
    assert not any("carol" in t for t in texts)


def test_a_bad_line_stops_the_import_with_its_place_or_is_skipped(capsys, tmp_path):
    path = tmp_path / "history.jsonl"
    path.write_text('{"query": "printer asleep", "relevant": ["printer-offline"]}\n{"query": 5}\n', "utf-8")
    code, _, err = run(capsys, "feedback", "import", str(path))
    assert code == 1 and "history.jsonl:2:" in err
    with AnalyticsStore.open() as store:
        assert store.phrasings() == []  # nothing of a refused file
    code, out, err = run(capsys, "feedback", "import", str(path), "--skip-bad-lines")
    assert code == 0 and "1 new" in out and "history.jsonl:2: skipped" in err


def test_history_off_refuses_to_import(capsys, tmp_path):
    save_settings(Settings(analytics_enabled=False))
    path = _jsonl(tmp_path / "history.jsonl", HISTORY)
    code, _, err = run(capsys, "feedback", "import", str(path))
    assert code == 1 and "History is off" in err


def _learn_on_this_machine(*pairs: tuple[str, str]) -> None:
    with AnalyticsStore.open() as store:
        session = store.start_session("linux", "test")
        for query, article in pairs:
            search = store.record_search(session, query, "hybrid", [article], 2.0, True)
            view = store.record_view(session, article, search, rank=1)
            store.record_feedback(session, article, True, view_id=view)


def test_export_counts_distinct_machines_and_min_users_keeps_the_shared(capsys, tmp_path, monkeypatch):
    exports = []
    for n, pairs in enumerate(
        [
            [("wifi keeps dropping", "wifi-wont-connect"), ("my own odd words", "disk-full")],
            [("Wifi keeps  dropping", "wifi-wont-connect"), ("printer asleep", "printer-offline")],
        ]
    ):
        monkeypatch.setenv("KBDESK_HOME", str(tmp_path / f"machine-{n}"))
        _learn_on_this_machine(*pairs)
        out_file = tmp_path / f"export-{n}.jsonl"
        code, _, err = run(capsys, "feedback", "export", "-o", str(out_file))
        assert code == 0 and "2 phrasings from 1 machines" in err
        exports.append(out_file)
    lines = [json.loads(line) for line in exports[0].read_text("utf-8").splitlines()]
    assert lines[0]["format"] == "kbdesk-phrasings" and lines[0]["machines"] == 1
    machine = next(iter(lines[1]["machines"]))
    assert len(machine) == 32 and all(c in "0123456789abcdef" for c in machine)  # random, not a host name

    monkeypatch.setenv("KBDESK_HOME", str(tmp_path / "writer"))

    def merged(*extra: str) -> list[dict]:
        code, out, err = run(capsys, "feedback", "export", "--merge", *map(str, exports), *extra)
        assert code == 0, err
        return [json.loads(line) for line in out.splitlines()]

    everything = merged()
    assert everything[0]["machines"] == 2 and len(everything) == 1 + 3
    shared = merged("--min-users", "2")
    assert [(line["article"], line["solved"], len(line["machines"])) for line in shared[1:]] == [
        ("wifi-wont-connect", 2, 2)
    ]
    assert merged("--min-users", "3")[1:] == []
    # the merge imports on a writer's machine with its counts
    merged_file = tmp_path / "fleet.jsonl"
    code, _, _ = run(
        capsys, "feedback", "export", "--merge", *map(str, exports), "--min-users", "2", "-o", str(merged_file)
    )
    code, out, err = run(capsys, "feedback", "import", str(merged_file))
    assert code == 0 and "phrasings export" in out, err
    with AnalyticsStore.open() as store:
        rows = [(p.article_id, p.evidence, p.origin, p.count, p.machines) for p in store.phrasings()]
    assert rows == [("wifi-wont-connect", "solved", "fleet", 2, 2)]


@pytest.mark.parametrize("value", ["0", "-1"])
def test_min_users_must_be_positive(capsys, value):
    code, _, err = run(capsys, "feedback", "export", "--min-users", value)
    assert code == 1 and "--min-users" in err


def test_edited_articles_keep_their_phrasings_retired_and_deleted_ones_drop_them(capsys, fixture_kb, tmp_path):
    history = _jsonl(
        tmp_path / "history.jsonl",
        [
            {"query": "zebra label maker balks", "relevant": ["printer-offline"]},
            {"query": "login key stale", "relevant": ["forgot-password"]},
            {"query": "drive is stuffed", "relevant": ["disk-full"]},
            {"query": "dns gremlins", "relevant": ["dns-site-cant-be-reached"]},
        ],
    )
    index = ["index", "--articles", str(fixture_kb), "--keyword-only"]
    assert run(capsys, *index)[0] == 0
    assert run(capsys, "feedback", "import", str(history))[0] == 0

    def learned() -> set[str]:
        with AnalyticsStore.open() as store:
            return {p.article_id for p in store.phrasings()}

    printer = fixture_kb / "printer-offline.md"
    printer.write_text(printer.read_text("utf-8") + "\nOne more step: check the cable.\n", "utf-8")
    password = fixture_kb / "forgot-password.md"
    password.write_text(password.read_text("utf-8").replace("\n---\n", "\nstatus: retired\n---\n", 1), "utf-8")
    (fixture_kb / "disk-full.md").unlink()
    dns = fixture_kb / "dns-site-cant-be-reached.md"
    dns.write_text("---\ntitle: [broken front matter\n---\n", "utf-8")  # skipped, not deleted
    code, out, err = run(capsys, *index)
    assert code == 0, err
    assert learned() == {"printer-offline", "dns-site-cant-be-reached"}
    code, out, _ = run(
        capsys,
        "search",
        "zebra label maker balks",
        "--articles",
        str(fixture_kb),
        "--mode",
        "keyword",
        "--json",
        "--platform",
        "any",
    )
    assert json.loads(out)[0]["id"] == "printer-offline"  # the edited article keeps its phrasing
