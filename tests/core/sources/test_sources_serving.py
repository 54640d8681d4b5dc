"""The search engine serving the configured sources, against a real `git daemon` on 127.0.0.1.

What the app and `kbdesk search` do: ``SourceSet.sync()`` brings a new revision, then
``MultiSourceEngine.update(SourceSet.served())`` indexes it (that source only) and swaps it in.
"""

from __future__ import annotations

from fixture_articles import LINT_CLEAN_ARTICLE as GOOD
from gitserver import Upstream, make_ssh_key

from kbdesk.core.search.manifest import read_current
from kbdesk.core.search.multi import MultiSourceEngine
from kbdesk.core.settings import Settings
from kbdesk.core.sources.policy import Policy, parse_policy
from kbdesk.core.sources.service import SourceSet, source_index_root
from kbdesk.core.sources.store import HELD_BACK, REFUSED, UPDATED


def served_set(sources, *, starter_folder=None, policy: Policy | None = None, starter: bool = True) -> SourceSet:
    settings = Settings().with_value("sources", sources).with_value("starter_articles", starter)
    return SourceSet.from_config(settings, policy or Policy(), starter_folder=starter_folder)


def keyword_ids(engine: MultiSourceEngine, query: str) -> list[tuple[str, str]]:
    return [(h.id, h.source) for h in engine.search(query, mode="keyword").hits]


def test_two_sources_with_priority_override_the_starter_and_a_change_reindexes_only_its_source(
    tmp_path, upstream, git_daemon
):
    # a second repository, lower priority, sharing one id with the first
    team = Upstream(git_daemon.base / "team").init(articles=False)
    team.write("printer-offline.md", GOOD.format(id="printer-offline", title="Team printer notes"))
    team.write("team-wiki.md", GOOD.format(id="team-wiki", title="Where the team wiki lives"))
    team.commit("team articles")
    starter = tmp_path / "starter"
    starter.mkdir()
    (starter / "printer-offline.md").write_text(GOOD.format(id="printer-offline", title="Starter printer"), "utf-8")
    (starter / "vpn-basics.md").write_text(GOOD.format(id="vpn-basics", title="VPN basics"), "utf-8")
    sources = served_set(
        [
            {"name": "it", "url": git_daemon.url("kb"), "priority": 100},
            {"name": "team", "url": git_daemon.url("team"), "priority": 10},
        ],
        starter_folder=starter,
    )
    assert {r.source: r.outcome for r in sources.sync()} == {"it": UPDATED, "team": UPDATED, "starter": "folder"}
    engine = MultiSourceEngine()
    engine.update(sources.served())

    # the highest priority wins the shared id: it, then team, then the starter
    assert engine.origin("printer-offline").source == "it"
    assert engine.article("printer-offline").title == "Printer shows as offline"  # the fixture kb's
    assert {(s.source, s.by) for s in engine.shadowed if s.id == "printer-offline"} == {
        ("team", "it"),
        ("starter", "it"),
    }
    assert engine.origin("team-wiki").source == "team" and engine.origin("vpn-basics").source == "starter"
    it = engine.origin("printer-offline")
    assert it.kind == "git" and it.commit == upstream.head() and it.label().startswith("it, revision ")
    hits = engine.search("printer offline", mode="keyword").hits
    assert [h.id for h in hits].count("printer-offline") == 1
    top = next(h for h in hits if h.id == "printer-offline")
    assert (top.source, top.revision) == ("it", upstream.head()[:12])

    # one article changes upstream in `it`: only its index gets a new generation
    generations = {name: read_current(source_index_root(name)) for name in ("team", "starter")}
    before = read_current(source_index_root("it"))
    upstream.write("disk-full.md", GOOD.format(id="disk-full", title="Disk full and the quarantine folder"))
    upstream.commit("disk-full rewritten")
    (result,) = sources.sync(["it"])
    assert result.outcome == UPDATED and result.changes.modified == ("disk-full.md",)
    report = engine.update(sources.served())
    assert report.updated == ("disk-full",) and not report.added and not report.removed
    assert read_current(source_index_root("it")) != before
    assert {name: read_current(source_index_root(name)) for name in ("team", "starter")} == generations
    assert keyword_ids(engine, "quarantine folder")[0] == ("disk-full", "it")
    assert engine.origin("disk-full").commit == upstream.head()
    # the revisions a bundle records are those searched now
    rows = {row["source"]: row for row in sources.revisions(engine.served)}
    assert rows["it"]["commit"] == upstream.head() and "url" not in rows["starter"]
    engine.close()


def test_a_held_back_revision_keeps_serving_the_old_one_and_says_why(upstream, git_daemon):
    sources = served_set([{"name": "it", "url": git_daemon.url("kb")}], starter=False)
    sources.sync()
    engine = MultiSourceEngine()
    engine.update(sources.served())
    good = upstream.head()
    upstream.write(
        "broken.md",
        GOOD.format(id="broken", title="Frobnicator reset").replace("Then restart", "See [x](nowhere.md). Then"),
    )
    bad = upstream.commit("a broken link")
    (held,) = sources.sync()
    assert held.outcome == HELD_BACK
    engine.update(sources.served())
    assert engine.origin("printer-offline").commit == good
    assert keyword_ids(engine, "frobnicator") == []
    (state,) = sources.states()
    assert state.held_back() == f"revision {bad[:12]} not served: lint found errors"
    assert any("broken-link" in reason for reason in state.status.held_back_reasons)
    assert state.summary().startswith(f"revision {good[:12]} of ")


def test_a_badly_signed_revision_keeps_serving_the_signed_one(tmp_path, upstream, git_daemon):
    writer_key, writer_pub = make_ssh_key(tmp_path / "keys", "writer")
    stranger_key, _ = make_ssh_key(tmp_path / "keys", "stranger")
    policy = parse_policy(
        f'version = 1\n[settings]\nallowed_signers = ["writer@example.org {writer_pub}"]\n'.encode(),
    )
    signed = upstream.commit("signed by the writer", signing_key=writer_key)
    sources = served_set([{"name": "it", "url": git_daemon.url("kb")}], policy=policy, starter=False)
    assert sources.sync()[0].outcome == UPDATED
    engine = MultiSourceEngine()
    engine.update(sources.served())
    upstream.write("sneaky.md", GOOD.format(id="sneaky", title="Sneaky quux article"))
    upstream.commit("signed by someone else", signing_key=stranger_key)
    (refused,) = sources.sync()
    assert refused.outcome == REFUSED
    engine.update(sources.served())
    assert engine.origin("printer-offline").commit == signed
    assert keyword_ids(engine, "sneaky quux") == []
    (state,) = sources.states()
    assert "not served" in state.held_back() and "not an allowed signer" in state.held_back()


def test_an_offline_source_keeps_serving_what_it_has(upstream, git_daemon):
    sources = served_set([{"name": "it", "url": git_daemon.url("kb")}], starter=False)
    sources.sync()
    git_daemon.stop()
    (offline,) = sources.sync()
    assert offline.outcome == "offline"
    # a new process (the app starting offline) serves the last good revision
    engine = MultiSourceEngine(served_set([{"name": "it", "url": git_daemon.url("kb")}], starter=False).served())
    engine.ensure_index()
    assert keyword_ids(engine, "printer offline")[0] == ("printer-offline", "it")
