"""Sources as data: validation, the sources in effect, merging articles by priority, the sync schedule."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from kbdesk.core.articles import load_folder
from kbdesk.core.errors import SourceError
from kbdesk.core.settings import Settings, load_settings
from kbdesk.core.sources.model import (
    STARTER_NAME,
    Source,
    check_source_tables,
    configured_sources,
    is_git_url,
    merge_by_priority,
    redact_url,
    source_from_table,
)
from kbdesk.core.sources.schedule import FIRST_RETRY_SECONDS, SyncScheduler, status_line
from kbdesk.core.sources.service import SourceSet
from kbdesk.core.sources.store import FAILED, OFFLINE, UPDATED, ServedRevision, SyncResult


@pytest.mark.parametrize(
    "url, git",
    [
        ("https://git.example.org/kb.git", True),
        ("ssh://git@example.org/kb.git", True),
        ("git@example.org:it/kb.git", True),
        ("git://127.0.0.1:9418/kb", True),
        ("file:///srv/kb.git", True),
        ("/home/me/articles", False),
        ("articles", False),
        ("C:\\Users\\me\\kb", False),
        ("C:/kb", False),
    ],
)
def test_kind_of_url(url, git):
    assert is_git_url(url) is git


def test_credentials_never_shown():
    assert redact_url("https://alice:s3cret@git.example.org/kb.git") == "https://git.example.org/kb.git"
    assert Source("x", "https://tok@h/x").display_url == "https://h/x"


@pytest.mark.parametrize(
    "table, problem",
    [
        ({"name": "Bad Name", "url": "https://h/x"}, "name must be"),
        ({"name": "starter", "url": "https://h/x"}, "reserved"),
        ({"name": "ok", "url": "ftp://h/x"}, "scheme"),
        ({"name": "ok", "url": "https://h/x", "branch": "a..b"}, "branch"),
        ({"name": "ok", "url": "https://h/x", "path": "../up"}, "relative folder"),
        ({"name": "ok", "url": "https://h/x", "priority": 5000}, "priority"),
        ({"name": "ok", "url": "https://h/x", "priority": True}, "whole number"),
        ({"name": "ok", "url": "https://h/x", "colour": "red"}, "unknown key"),
        ({"name": "ok", "url": "/some/folder", "branch": "main"}, "git remotes"),
        ("just text", "table"),
    ],
)
def test_bad_source_tables(table, problem):
    with pytest.raises(SourceError, match=problem):
        source_from_table(table)


def test_sources_setting_round_trip_and_validation(tmp_path):
    from kbdesk.core.settings import save_settings

    path = tmp_path / "settings.toml"
    tables = [{"name": "it", "url": "https://h/kb.git", "branch": "main", "priority": 5}]
    save_settings(Settings().with_value("sources", tables), path)
    assert load_settings(path).sources == tuple(tables)
    assert check_source_tables(tables * 2) == "two sources are named 'it'"
    path.write_text('version = 3\n[[sources]]\nname = "Bad Name"\nurl = "x"\n')
    loaded = load_settings(path)
    assert loaded.sources == () and "sources" in loaded.problems[0]


def test_settings_version_2_folder_keeps_the_starter_off(tmp_path):
    path = tmp_path / "settings.toml"
    path.write_text(f'version = 2\narticles_dir = "{tmp_path.as_posix()}"\n')
    settings = load_settings(path)
    assert settings.starter_articles is False
    sources = SourceSet.from_config(settings, root=tmp_path / "src").sources
    assert [s.name for s in sources] == ["local"]
    path.write_text("version = 2\n")
    assert load_settings(path).starter_articles is True


def test_configured_sources_order_and_policy_precedence(tmp_path):
    sources, problems = configured_sources(
        [{"name": "mine", "url": "https://h/mine.git", "priority": 10}, {"name": "it", "url": "https://h/fake.git"}],
        starter=True,
        starter_folder=tmp_path,
        policy_tables=[{"name": "it", "url": "https://h/it.git", "priority": 10}, {"name": "BAD", "url": "x"}],
    )
    assert [(s.name, s.origin) for s in sources] == [("it", "policy"), ("mine", "user"), (STARTER_NAME, "starter")]
    assert any("policy: source 'BAD'" in p for p in problems)
    assert any("'it' is set by the policy" in p for p in problems)
    locked, _ = configured_sources(
        [{"name": "mine", "url": "https://h/mine.git"}],
        starter=False,
        starter_folder=tmp_path,
        policy_tables=[{"name": "it", "url": "https://h/it.git"}],
        user_sources_allowed=False,
    )
    assert [s.name for s in locked] == ["it"]


def write(folder: Path, aid: str, title: str) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / f"{aid}.md").write_text(f"---\nid: {aid}\ntitle: {title}\n---\n\nText.\n")


def test_two_sources_with_the_same_article_id(tmp_path):
    it, team = tmp_path / "it", tmp_path / "team"
    write(it, "vpn", "VPN (IT's)")
    write(it, "printer", "Printer (IT's)")
    write(team, "vpn", "VPN (team's)")
    write(team, "teams", "Teams (team's)")
    starter = tmp_path / "starter"
    write(starter, "vpn", "VPN (starter)")
    write(starter, "wifi", "Wi-Fi (starter)")
    per_source = [
        (Source("team", str(team), priority=5), load_folder(team).articles),
        (Source(STARTER_NAME, str(starter), priority=-1000, origin="starter"), load_folder(starter).articles),
        (Source("it", str(it), priority=10, origin="policy"), load_folder(it).articles),
    ]
    merged = merge_by_priority(per_source)
    by_id = merged.by_id()
    assert by_id["vpn"].item.title == "VPN (IT's)" and by_id["vpn"].source == "it"
    assert {k: v.source for k, v in by_id.items()} == {
        "vpn": "it",
        "printer": "it",
        "teams": "team",
        "wifi": STARTER_NAME,
    }
    assert sorted((s.id, s.source, s.by) for s in merged.shadowed) == [
        ("vpn", STARTER_NAME, "it"),
        ("vpn", "team", "it"),
    ]
    # the order the lists come in does not matter
    shuffled = per_source[:]
    random.Random(3).shuffle(shuffled)
    assert merge_by_priority(shuffled).by_id().keys() == by_id.keys()
    assert {k: v.source for k, v in merge_by_priority(shuffled).by_id().items()} == {
        k: v.source for k, v in by_id.items()
    }


def test_equal_priority_is_broken_by_origin_then_name():
    a = Source("alpha", "/a")
    b = Source("beta", "/b")
    p = Source("zeta", "/z", origin="policy")
    merged = merge_by_priority([(b, ["x"]), (a, ["x"])], id_of=lambda s: s)
    assert merged.by_id()["x"].source == "alpha"
    merged = merge_by_priority([(a, ["x"]), (p, ["x"])], id_of=lambda s: s)
    assert merged.by_id()["x"].source == "zeta"


# ---------------------------------------------------------------- the schedule


def result(outcome: str, served: bool = True) -> SyncResult:
    revision = ServedRevision("kb", "a" * 40, "2026-11-30T10:00:00+00:00", "", Path("/x")) if served else None
    return SyncResult("kb", outcome, served=revision)


def test_schedule_on_start_interval_and_backoff():
    now = [1000.0]
    sched = SyncScheduler(30, clock=lambda: now[0], rng=random.Random(1))
    assert sched.due()  # sync on start
    sched.started()
    assert not sched.due()  # not twice at once
    state = sched.record([result(UPDATED)])
    assert state.status_line == "" and 1800 <= state.next_due - 1000 <= 1800 * 1.1

    waits = []
    for _ in range(8):
        now[0] = sched.state().next_due
        assert sched.due()
        state = sched.record([result(OFFLINE)])
        waits.append(state.next_due - now[0])
    assert FIRST_RETRY_SECONDS <= waits[0] <= FIRST_RETRY_SECONDS * 1.1
    assert waits[1] > waits[0] and waits[2] > waits[1]
    assert max(waits) <= 1800 * 1.1 and waits[-1] >= 1800
    assert state.status_line.startswith("Offline: could not update kb; showing articles from 2026-11-30")

    now[0] = state.next_due
    state = sched.record([result(UPDATED)])
    assert state.failures == 0 and state.status_line == ""
    sched.sync_now()
    assert sched.due()


def test_status_line_wording():
    assert status_line([result(UPDATED), result("held-back")]) == ""
    assert status_line([result(FAILED, served=False)], retry_in=120) == "Could not update kb, retrying in 2 min"


def test_credentials_are_scrubbed_from_messages():
    from kbdesk.core.sources.model import scrub_credentials

    text = "unexpected http status code: 401 for https://alice:s3cret@git.example.org/kb.git/info/refs"
    assert scrub_credentials(text) == "unexpected http status code: 401 for https://git.example.org/kb.git/info/refs"


def test_a_bundle_records_git_urls_without_user_or_password():
    from kbdesk.core.sources.service import public_url

    assert public_url("https://alice:tok3n@git.example.org/kb.git") == "https://git.example.org/kb.git"
    assert public_url("ssh://alice@git.example.org/kb") == "ssh://git.example.org/kb"
    assert public_url("alice@git.example.org:it/kb.git") == "git.example.org:it/kb.git"
    assert public_url("git://127.0.0.1:9418/kb") == "git://127.0.0.1:9418/kb"


def test_an_article_origin_says_where_it_comes_from():
    from kbdesk.core.sources.model import ArticleOrigin

    git = ArticleOrigin("it-kb", "git", "3f9c2a81d0b4e5f6", "2026-11-30T09:12:44+00:00", "policy")
    assert git.revision == "3f9c2a81d0b4" and git.label() == "it-kb, revision 3f9c2a81d0b4 of 2026-11-30"
    assert ArticleOrigin("starter", origin="starter").label() == "the starter articles"
    assert ArticleOrigin("team").label() == "team" and ArticleOrigin("team").revision == ""
