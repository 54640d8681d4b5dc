"""Syncing a git source against a real `git daemon` on 127.0.0.1 and file:// remotes."""

from __future__ import annotations

import json
import os
import stat

import pytest
from fixture_articles import LINT_CLEAN_ARTICLE
from gitserver import Upstream, git, make_ssh_key

from kbdesk.core.articles import load_folder
from kbdesk.core.sources import gitfetch
from kbdesk.core.sources.model import Source
from kbdesk.core.sources.signing import SignerPolicy
from kbdesk.core.sources.store import (
    FAILED,
    HELD_BACK,
    OFFLINE,
    REFUSED,
    UNCHANGED,
    UPDATED,
    SourceArea,
)

GOOD = LINT_CLEAN_ARTICLE


def area_for(url: str, **kw) -> SourceArea:
    return SourceArea(Source("kb", url, **kw))


def served_ids(area: SourceArea) -> set[str]:
    return {a.id for a in load_folder(area.articles_folder()).articles}


def tree_files(folder) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_add_sync_new_commit_and_deleted_article(upstream, git_daemon):
    area = area_for(git_daemon.url("kb"))
    assert area.served() is None and area.articles_folder() is None

    first = area.sync()
    assert first.outcome == UPDATED, first.message
    assert first.served.commit == upstream.head()
    assert first.received_objects > 0
    assert "printer-offline" in served_ids(area)
    # the checkout is exactly the commit's tree, and read-only
    assert tree_files(area.articles_folder()) == tree_files_of_commit(upstream)
    some = next(area.articles_folder().glob("*.md"))
    assert not os.stat(some).st_mode & stat.S_IWUSR

    assert area.sync().outcome == UNCHANGED

    upstream.write("new-article.md", GOOD.format(id="new-article", title="A brand new article"))
    upstream.delete("disk-full.md")
    upstream.write("printer-offline.md", GOOD.format(id="printer-offline", title="Printer offline, rewritten"))
    upstream.commit("one added, one deleted, one rewritten")
    second = area.sync()
    assert second.outcome == UPDATED, second.message
    assert second.previous_commit == first.served.commit
    assert second.changes.added == ("new-article.md",)
    assert second.changes.deleted == ("disk-full.md",)
    assert second.changes.modified == ("printer-offline.md",)
    # a depth-1 fetch of one change brings a handful of objects, not the tree again
    assert second.received_objects <= 6
    ids = served_ids(area)
    assert "new-article" in ids and "disk-full" not in ids
    # unchanged files are shared with the previous revision (hard links), changed ones are new
    old, new = first.served.folder, second.served.folder
    assert os.stat(old / "wifi-wont-connect.md").st_ino == os.stat(new / "wifi-wont-connect.md").st_ino
    assert os.stat(old / "printer-offline.md").st_ino != os.stat(new / "printer-offline.md").st_ino
    assert (old / "disk-full.md").exists()  # the old revision stays readable for a while

    status = area.status()
    assert status.outcome == UPDATED and status.last_success and status.changes["deleted"] == ["disk-full.md"]


def tree_files_of_commit(up: Upstream) -> dict[str, bytes]:
    out = {}
    for line in git(up.path, "ls-tree", "-r", "HEAD").splitlines():
        meta, path = line.split("\t", 1)
        out[path] = bytes(git(up.path, "cat-file", "-p", meta.split()[2]) + "\n", "utf-8")
    return out


def test_only_the_branch_asked_for_is_fetched_and_the_sub_folder_served(git_daemon):
    up = Upstream(git_daemon.base / "docs").init(articles=False)
    up.write("README.md", "# not an article folder\n")
    up.write("kb/one.md", GOOD.format(id="one", title="One"))
    up.commit("main")
    git(up.path, "checkout", "-q", "-b", "published")
    up.write("kb/two.md", GOOD.format(id="two", title="Two"))
    published = up.commit("published")
    git(up.path, "checkout", "-q", "main")

    area = area_for(git_daemon.url("docs"), branch="published", path="kb")
    result = area.sync()
    assert result.outcome == UPDATED, result.message
    assert result.served.commit == published
    assert sorted(p.name for p in area.articles_folder().iterdir()) == ["one.md", "two.md"]
    repo = gitfetch.open_repository(area.dir / "repo.git")
    assert repo.is_shallow
    assert [r for r in repo.references if r.startswith("refs/heads")] == []

    missing = area_for(git_daemon.url("docs"), branch="no-such-branch")
    bad = missing.sync()
    assert bad.outcome == FAILED and "no-such-branch" in bad.message


def test_file_url_remote(tmp_path):
    up = Upstream(tmp_path / "writers").init()
    area = area_for(up.file_url)
    assert area.sync().outcome == UPDATED
    up.delete("forgot-password.md")
    up.commit("retire")
    result = area.sync()
    assert result.outcome == UPDATED and result.changes.deleted == ("forgot-password.md",)
    assert "forgot-password" not in served_ids(area)


def test_revision_with_lint_errors_is_held_back(upstream, git_daemon):
    area = area_for(git_daemon.url("kb"))
    good = area.sync()
    upstream.write(
        "broken.md", GOOD.format(id="broken", title="Broken").replace("Then restart", "See [x](nowhere.md). Then")
    )
    bad_commit = upstream.commit("a broken link")
    held = area.sync()
    assert held.outcome == HELD_BACK
    assert held.fetched_commit == bad_commit
    assert any("broken-link" in r and "broken.md" in r for r in held.reasons)
    # the last good revision stays, and writers can read why
    assert area.served().commit == good.served.commit
    assert "broken" not in served_ids(area)
    status = area.status()
    assert status.held_back_commit == bad_commit and "broken-link" in status.held_back_reasons[0]
    assert not list(area.dir.glob("*.partial-*"))
    # the same broken revision is not checked out and linted again at the next sync
    again = area.sync()
    assert again.outcome == HELD_BACK and again.reasons == held.reasons
    assert "lint" not in dict(again.timings) and "checkout" not in dict(again.timings)

    upstream.delete("broken.md")
    fixed = upstream.commit("fix")
    assert area.sync().outcome == UPDATED
    assert area.served().commit == fixed
    assert area.status().held_back_commit == ""


def test_offline_keeps_serving_the_last_good_revision(tmp_path, upstream, git_daemon):
    area = area_for(git_daemon.url("kb"))
    served = area.sync().served
    git_daemon.stop()
    offline = area.sync()
    assert offline.outcome == OFFLINE, offline.message
    assert offline.served.commit == served.commit
    # a new process (the app starting offline) serves the same revision
    fresh = area_for(git_daemon.url("kb"))
    assert fresh.served().commit == served.commit
    assert "printer-offline" in served_ids(fresh)
    assert fresh.status().outcome == OFFLINE and fresh.status().last_success


def test_old_revisions_are_cleaned_up(upstream, git_daemon):
    area = area_for(git_daemon.url("kb"))
    for i in range(6):
        upstream.write(f"extra-{i}.md", GOOD.format(id=f"extra-{i}", title=f"Extra {i}"))
        upstream.commit(f"extra {i}")
        assert area.sync().outcome == UPDATED
    revisions = sorted(p.name for p in area.dir.glob("rev-*") if p.is_dir())
    assert len(revisions) == 3  # the served one and two before it
    assert f"rev-{upstream.head()}" in revisions
    assert len(list(area.dir.glob("rev-*.files.json"))) == 3


def test_signed_and_unsigned_revisions_with_allowed_signers(tmp_path, upstream, git_daemon):
    writer_key, writer_pub = make_ssh_key(tmp_path / "keys", "writer")
    stranger_key, _ = make_ssh_key(tmp_path / "keys", "stranger")
    policy = SignerPolicy.from_entries([f"writer@example.org {writer_pub}"])
    area = area_for(git_daemon.url("kb"))

    # the fixture's first commit is unsigned: refused, nothing served
    refused = area.sync(signers=policy)
    assert refused.outcome == REFUSED and "not signed" in refused.message
    assert area.served() is None

    signed = upstream.commit("signed by the writer", signing_key=writer_key)
    ok = area.sync(signers=policy)
    assert ok.outcome == UPDATED and ok.served.commit == signed
    assert ok.served.signer == "writer@example.org"

    upstream.write("sneaky.md", GOOD.format(id="sneaky", title="Sneaky"))
    stranger = upstream.commit("signed by someone else", signing_key=stranger_key)
    wrong = area.sync(signers=policy)
    assert wrong.outcome == REFUSED and wrong.fetched_commit == stranger
    assert "not an allowed signer" in wrong.message
    assert area.served().commit == signed and "sneaky" not in served_ids(area)

    upstream.write("plain.md", GOOD.format(id="plain", title="Plain"))
    upstream.commit("unsigned")
    assert area.sync(signers=policy).outcome == REFUSED
    assert area.served().commit == signed


def test_tampered_signature_is_refused(tmp_path, upstream, git_daemon):
    """A commit whose content was changed after signing (the signature copied onto another commit)."""
    key, pub = make_ssh_key(tmp_path / "keys", "writer")
    upstream.commit("signed", signing_key=key)
    raw = git(upstream.path, "cat-file", "commit", "HEAD")
    forged = raw.replace("\n\nsigned", "\n\nsigned, and then changed", 1)
    path = tmp_path / "forged.txt"
    path.write_text(forged + "\n")
    sha = git(upstream.path, "hash-object", "-t", "commit", "-w", str(path))
    git(upstream.path, "update-ref", "refs/heads/main", sha)
    verdict = area_for(git_daemon.url("kb")).sync(signers=SignerPolicy.from_entries([f"writer@example.org {pub}"]))
    assert verdict.outcome == REFUSED and "bad signature" in verdict.message


def test_unsafe_paths_and_symlinks_are_not_served(tmp_path):
    up = Upstream(tmp_path / "writers").init()
    (up.path / "escape.md").symlink_to("/etc/passwd")
    up.commit("a symlink")
    area = area_for(up.file_url)
    result = area.sync()
    assert result.outcome == UPDATED
    assert not (area.articles_folder() / "escape.md").exists()
    assert any("symbolic link" in r for r in result.reasons)


def test_listing_with_known_sizes_equals_a_full_walk(upstream, git_daemon):
    area = area_for(git_daemon.url("kb"))
    area.sync()
    upstream.write("deep/er/new.md", GOOD.format(id="deep-new", title="Deep"))
    upstream.commit("deeper")
    area.sync()
    repo = gitfetch.open_repository(area.dir / "repo.git")
    head = upstream.head()
    full = gitfetch.list_tree(repo, head)
    saved = gitfetch.listing_from_json((area.dir / f"rev-{head}.files.json").read_text(), head)
    assert saved == full
    assert gitfetch.listing_from_json(json.dumps({"format": 1, "commit": "other"}), head) is None


def test_source_set_serves_folders_for_the_engine_and_revisions_for_bundles(tmp_path, upstream, git_daemon):
    from kbdesk.core.settings import Settings
    from kbdesk.core.sources.policy import Policy
    from kbdesk.core.sources.service import SourceSet

    settings = Settings().with_value("sources", [{"name": "it", "url": git_daemon.url("kb"), "priority": 5}])
    sources = SourceSet.from_config(settings, Policy())
    before = {s.source.name: s for s in sources.served()}
    assert before["it"].folder is None and before["starter"].folder is not None
    results = sources.sync()
    assert {r.source: r.outcome for r in results} == {"it": UPDATED, "starter": "folder"}
    served = sources.served()
    assert [s.source.name for s in served] == ["it", "starter"]
    assert served[0].folder == served[0].revision.folder and served[0].revision.commit == upstream.head()
    rows = sources.revisions()
    assert rows[0] == {
        "source": "it",
        "url": git_daemon.url("kb"),
        "kind": "git",
        "origin": "user",
        "commit": upstream.head(),
        "commit_time": served[0].revision.commit_time,
    }
    # a folder's path names the user's home folder: not recorded, its name says enough
    assert rows[1] == {"source": "starter", "kind": "folder", "origin": "starter"}
    # a settings change keeps the areas (and their lint caches) of unchanged sources
    again = sources.refreshed(sources.effective)
    assert again.area("it") is sources.area("it")


def test_changing_the_sub_folder_of_a_source_checks_out_again(git_daemon):
    up = Upstream(git_daemon.base / "docs").init(articles=False)
    up.write("kb/one.md", GOOD.format(id="one", title="One"))
    up.write("other/two.md", GOOD.format(id="two", title="Two"))
    up.commit("two folders")
    first = area_for(git_daemon.url("docs"), path="kb")
    assert first.sync().outcome == UPDATED and served_ids(first) == {"one"}
    old_folder = first.articles_folder()
    moved = area_for(git_daemon.url("docs"), path="other")  # same name, same commit, another folder
    result = moved.sync()
    assert result.outcome == UPDATED, result.message
    assert served_ids(moved) == {"two"} and moved.served().path == "other"
    # the revision served until now was not deleted to make room (a reader may still have it open)
    assert old_folder.is_dir() and moved.served().folder.name == old_folder.name + "-2"


@pytest.mark.parametrize(
    "name, safe",
    [
        ("article.md", True),
        (".hidden.md", True),
        (".git", False),
        (".GIT", False),
        (".git.", False),
        ("GIT~1", False),
        ("..", False),
        ("con.md", False),
        ("a:b.md", False),
        ("trailing.md ", False),
        ("tab\there.md", False),
    ],
)
def test_file_names_that_are_not_written(name, safe):
    assert (gitfetch.file_name_problem(name) is None) is safe
