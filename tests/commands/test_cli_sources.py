"""``kbdesk sources`` and ``kbdesk policy show`` against a real git daemon, with and without a policy."""

from __future__ import annotations

import json

import pytest

from kbdesk.cli import main
from kbdesk.core.settings import load_settings

ARTICLE = (
    "---\nid: {id}\ntitle: {title}\nstatus: published\n---\n\n"
    "Open the settings, choose the account and sign in again. Then restart the program and check "
    "that the problem is gone. If it is not, collect the message and the time and contact support.\n"
)


def run(capsys, *argv) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_add_list_sync_remove(capsys, tmp_path, upstream, git_daemon):
    folder = tmp_path / "mine"
    folder.mkdir()
    code, out, _ = run(capsys, "sources", "add", "mine", str(folder), "--priority", "5")
    assert code == 0 and "added source 'mine' (folder" in out

    code, out, _ = run(capsys, "sources", "add", "it", git_daemon.url("kb"), "--priority", "10")
    assert code == 0 and "it: updated: now serving" in out
    head = upstream.head()

    code, out, _ = run(capsys, "sources", "list", "--json")
    rows = {r["name"]: r for r in json.loads(out)}
    assert list(rows) == ["it", "mine", "starter"]  # highest priority first
    assert rows["it"]["revision"]["commit"] == head and rows["it"]["status"] == "updated"
    assert rows["it"]["revision"]["commit_time"] and rows["it"]["last_sync"]
    assert rows["mine"]["kind"] == "folder" and rows["mine"]["revision"] is None

    code, out, _ = run(capsys, "sources", "list")
    assert f"serving: {head[:12]} of " in out and "last sync: " in out

    upstream.write("new-one.md", ARTICLE.format(id="new-one", title="New one"))
    upstream.delete("disk-full.md")
    upstream.commit("add and remove")
    code, out, _ = run(capsys, "sources", "sync", "it")
    assert code == 0 and "added: new-one.md" in out and "deleted: disk-full.md" in out
    code, out, _ = run(capsys, "sources", "sync", "--json")
    assert code == 0 and {r["source"]: r["outcome"] for r in json.loads(out)}["it"] == "unchanged"

    code, _, err = run(capsys, "sources", "add", "it", git_daemon.url("kb"))
    assert code == 1 and "already a source named 'it'" in err

    code, out, _ = run(capsys, "sources", "remove", "it")
    assert code == 0
    assert [s["name"] for s in load_settings().sources] == ["mine"]
    code, out, _ = run(capsys, "sources", "starter", "off")
    assert code == 0 and load_settings().starter_articles is False
    code, out, _ = run(capsys, "sources", "list", "--json")
    assert [r["name"] for r in json.loads(out)] == ["mine"]


def test_sync_exit_status_when_a_revision_is_held_back(capsys, upstream, git_daemon):
    assert run(capsys, "sources", "add", "it", git_daemon.url("kb"))[0] == 0
    upstream.write("bad.md", "---\nid: bad\ntitle: Bad\n---\n\nSee [x](nowhere.md).\n")
    upstream.commit("broken")
    code, out, _ = run(capsys, "sources", "sync")
    assert code == 1 and "held-back" in out and "broken-link" in out
    code, out, _ = run(capsys, "sources", "list")
    assert "held back" in out and "bad.md" in out


@pytest.fixture
def policy_file(tmp_path, monkeypatch, git_daemon, upstream):
    path = tmp_path / "policy.toml"
    path.write_text(
        f"""
version = 1
reason = "Managed by Example Corp IT"
locked = ["sources", "starter_articles", "analytics_enabled"]

[settings]
starter_articles = false
analytics_enabled = false
sync_interval_minutes = 30
bogus = 1

[[settings.sources]]
name = "it-kb"
url = "{git_daemon.url("kb")}"
priority = 100

[reasons]
sources = "Articles come from the IT knowledge base only"
"""
    )
    monkeypatch.setenv("KBDESK_POLICY", str(path))
    return path


def test_policy_locks_are_refused_with_the_reason(capsys, tmp_path, policy_file):
    code, _, err = run(capsys, "sources", "add", "mine", str(tmp_path))
    assert code == 1 and "locked by the policy: Articles come from the IT knowledge base only" in err
    code, _, err = run(capsys, "sources", "remove", "it-kb")
    assert code == 1 and "cannot be removed" in err
    code, _, err = run(capsys, "sources", "starter", "on")
    assert code == 1 and "Managed by Example Corp IT" in err
    assert load_settings().sources == ()

    code, out, _ = run(capsys, "sources", "sync")
    assert code == 0 and "it-kb: updated" in out
    code, out, _ = run(capsys, "sources", "list", "--json")
    assert [(r["name"], r["origin"]) for r in json.loads(out)] == [("it-kb", "policy")]


def test_policy_show(capsys, policy_file):
    code, out, _ = run(capsys, "policy", "show")
    assert code == 0
    assert f"policy file: {policy_file}" in out
    assert "problem:" in out and "bogus" in out
    assert "LOCKED: Managed by Example Corp IT" in out
    code, out, _ = run(capsys, "policy", "show", "--json")
    data = json.loads(out)
    assert data["settings"]["analytics_enabled"] == {
        "value": False,
        "from": "policy",
        "locked": "Managed by Example Corp IT",
    }
    assert data["settings"]["sync_interval_minutes"]["locked"] is None
    assert data["settings"]["sources"]["locked"] == "Articles come from the IT knowledge base only"


def test_policy_show_never_prints_a_token(capsys, tmp_path, monkeypatch):
    path = tmp_path / "policy.toml"
    path.write_text('[[settings.sources]]\nname = "it"\nurl = "https://alice:s3cret@git.example.invalid/kb.git"\n')
    monkeypatch.setenv("KBDESK_POLICY", str(path))
    for argv in (("policy", "show"), ("policy", "show", "--json"), ("sources", "list"), ("sources", "sync")):
        _, out, err = run(capsys, *argv)
        assert "s3cret" not in out + err and "alice" not in out + err, argv


def test_policy_show_without_a_policy(capsys, monkeypatch, tmp_path):
    monkeypatch.setenv("KBDESK_POLICY", str(tmp_path / "none.toml"))
    code, out, _ = run(capsys, "policy", "show")
    assert code == 0 and "no policy file" in out


def test_offline_start_lists_the_last_good_revision(capsys, upstream, git_daemon):
    assert run(capsys, "sources", "add", "it", git_daemon.url("kb"))[0] == 0
    git_daemon.stop()
    code, out, _ = run(capsys, "sources", "sync")
    assert code == 1 and "it: offline" in out
    code, out, _ = run(capsys, "sources", "list", "--json")
    row = json.loads(out)[0]
    assert row["revision"]["commit"] == upstream.head() and row["status"] == "offline"


def test_desk_commands_respect_a_locked_desks_policy(capsys, tmp_path, monkeypatch):
    path = tmp_path / "policy.toml"
    path.write_text(
        'locked = ["desks"]\n[reasons]\ndesks = "Escalations go to the IT service desk"\n'
        '[settings.desks.it]\nkind = "file"\nfolder = "/tmp/kbdesk-it-desk"\n'
    )
    monkeypatch.setenv("KBDESK_POLICY", str(path))
    code, _, err = run(capsys, "desk", "add", "mine", "--kind", "file", "--folder", str(tmp_path))
    assert code == 1 and "Escalations go to the IT service desk" in err
    code, _, err = run(capsys, "desk", "remove", "it")
    assert code == 1 and "locked by the policy" in err


def test_search_and_index_without_articles_use_the_configured_sources(capsys, upstream, git_daemon):
    from kbdesk.core.sources.service import source_index_root

    code, _, _ = run(capsys, "sources", "add", "it", git_daemon.url("kb"), "--priority", "100")
    assert code == 0
    head = upstream.head()
    code, out, err = run(capsys, "index", "--keyword-only")
    assert code == 0, err
    assert f"it (it, revision {head[:12]} of " in out and "starter (the starter articles): " in out
    # the bundled starter has a printer-offline article too: the organisation's wins it
    assert "'printer-offline' of starter is overridden by it" in out
    assert source_index_root("it").is_dir() and source_index_root("starter").is_dir()

    code, out, err = run(capsys, "search", "printer says offline", "--mode", "keyword", "--platform", "any", "--json")
    assert code == 0, err
    hits = json.loads(out)
    assert [h["id"] for h in hits].count("printer-offline") == 1
    top = next(h for h in hits if h["id"] == "printer-offline")
    assert (top["source"], top["revision"]) == ("it", head[:12])
    assert {h["source"] for h in hits} <= {"it", "starter"}
    code, out, _ = run(capsys, "search", "printer says offline", "--mode", "keyword", "--platform", "any")
    assert f"(from it @ {head[:12]})" in out

    # a source added but never synced is named, and the others are still searched
    code, _, _ = run(capsys, "sources", "add", "later", git_daemon.url("missing"), "--no-sync")
    code, out, err = run(capsys, "search", "printer", "--mode", "keyword", "--json")
    assert code == 0 and "source 'later': nothing served yet; run: kbdesk sources sync later" in err

    code, _, _ = run(capsys, "sources", "remove", "it")
    assert code == 0 and not source_index_root("it").exists()
