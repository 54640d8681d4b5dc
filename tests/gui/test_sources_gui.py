"""The app serving git sources (a real `git daemon` on 127.0.0.1) and following the managed policy.

The window syncs the git sources in the background on start and when asked, re-indexes only the
source that changed, shows where each article comes from, says when a newer revision is held back
(to writers) or a remote cannot be reached (to everyone), and shows settings the policy locks
read-only with the reason.
"""

from __future__ import annotations

import pytest
from fixture_articles import LINT_CLEAN_ARTICLE as GOOD
from gui_helpers import gui_settings, type_query, wait_results

from kbdesk.core.search.manifest import read_current
from kbdesk.core.sources.policy import parse_policy
from kbdesk.core.sources.service import source_index_root
from kbdesk.gui.settings_dialog import SettingsDialog

POLICY = b"""version = 1
reason = "Managed by Example IT"
locked = ["analytics_enabled", "diagnostics_allowed"]
[reasons]
analytics_enabled = "History is off on shared desks"
[settings]
analytics_enabled = false
diagnostics_allowed = false
keep_categories = ["ipv4"]
"""


def it_settings(articles_dir, url: str):
    return gui_settings(articles_dir).with_value("sources", [{"name": "it", "url": url, "priority": 100}])


def serving(window, name: str) -> bool:
    engine = window.kb.engine
    return engine is not None and name in {s.source.name for s in engine.searched}


def synced(window, outcome: str) -> bool:
    state = window.kb.sources_state
    return not state.syncing and any(s.source.name == "it" and s.status.outcome == outcome for s in state.states)


def test_the_git_source_is_synced_on_start_and_its_articles_say_where_they_come_from(
    qtbot, make_window, articles_dir, upstream, git_daemon
):
    window = make_window(settings=it_settings(articles_dir, git_daemon.url("kb")))
    qtbot.waitUntil(lambda: serving(window, "it"), timeout=30_000)
    type_query(qtbot, window, "no space left on device")
    response = wait_results(qtbot, window, "no space left on device")
    top = response.hits[0]
    assert (top.id, top.source, top.revision) == ("disk-full", "it", upstream.head()[:12])
    with qtbot.waitSignal(window.article_shown, timeout=10_000):
        window.search_view.open_selected()
    rendered = window.article.rendered
    assert rendered.origin is not None and rendered.origin.commit == upstream.head()
    assert f"From it, revision {upstream.head()[:12]} of " in window.article.toPlainText()
    # the local folder's articles are there too, and say their source (two sources are searched)
    type_query(qtbot, window, "spooler")
    assert wait_results(qtbot, window, "spooler").hits[0].source == "local"


def test_a_change_upstream_reindexes_only_that_source_and_becomes_searchable(
    qtbot, make_window, articles_dir, upstream, git_daemon
):
    window = make_window(settings=it_settings(articles_dir, git_daemon.url("kb")))
    qtbot.waitUntil(lambda: serving(window, "it") and synced(window, "updated"), timeout=30_000)
    qtbot.waitUntil(lambda: not window.kb.state.syncing, timeout=20_000)
    local_generation = read_current(source_index_root("local"))
    upstream.write("zebra-printer.md", GOOD.format(id="zebra-printer", title="Zebra label printer jams"))
    upstream.commit("a new article")
    window.kb.sync_sources_now()
    qtbot.waitUntil(lambda: "zebra-printer" in window.kb.engine.article_records(), timeout=30_000)
    type_query(qtbot, window, "zebra label")
    response = wait_results(qtbot, window, "zebra label")
    assert (response.hits[0].id, response.hits[0].source) == ("zebra-printer", "it")
    assert read_current(source_index_root("local")) == local_generation


def test_a_held_back_revision_keeps_the_old_articles_and_writers_are_told_why(
    qtbot, make_window, articles_dir, upstream, git_daemon
):
    window = make_window(settings=it_settings(articles_dir, git_daemon.url("kb")))
    qtbot.waitUntil(lambda: serving(window, "it") and synced(window, "updated"), timeout=30_000)
    good = upstream.head()
    upstream.write(
        "broken.md", GOOD.format(id="broken", title="Frobnicator").replace("Then restart", "See [x](nowhere.md). Then")
    )
    bad = upstream.commit("a broken link")
    window.kb.sync_sources_now()
    qtbot.waitUntil(lambda: synced(window, "held-back"), timeout=30_000)
    assert window.kb.engine.origin("disk-full").commit == good
    type_query(qtbot, window, "frobnicator")
    assert wait_results(qtbot, window, "frobnicator").hits == ()
    # readers are not told (they keep the last good articles and cannot act on lint errors) ...
    assert not window.status_area.sources_status.isVisible()
    # ... writers are, in the status bar, and everyone can read it in the settings dialog
    window.note_writer()
    assert window.status_area.sources_status.isVisible()
    assert window.status_area.sources_status.text() == f"it: revision {bad[:12]} not served: lint found errors"
    assert "broken-link" in window.status_area.sources_status.toolTip()
    dialog = window.settings_dialog()
    text = dialog.sources_label.text()
    assert f"revision {bad[:12]} not served: lint found errors" in text and "broken-link" in text
    assert f"revision {good[:12]} of " in text
    dialog.reject()


def test_an_unreachable_remote_is_one_quiet_line_for_everyone(qtbot, make_window, articles_dir, upstream, git_daemon):
    window = make_window(settings=it_settings(articles_dir, git_daemon.url("kb")))
    qtbot.waitUntil(lambda: serving(window, "it") and synced(window, "updated"), timeout=30_000)
    git_daemon.stop()
    window.kb.sync_sources_now()
    qtbot.waitUntil(lambda: synced(window, "offline"), timeout=30_000)
    label = window.status_area.sources_status
    assert label.isVisible() and label.text().startswith("Offline: could not update it; showing articles from ")
    assert "retrying in 1 min" in label.toolTip().splitlines()[0]
    assert serving(window, "it")  # still searched


def test_settings_locked_by_the_policy_are_read_only_with_the_reason(qtbot, make_window, articles_dir):
    user = gui_settings(articles_dir)  # analytics on: the user's own choice
    window = make_window(settings=user, policy=parse_policy(POLICY))
    assert window.settings.analytics_enabled is False and window.user_settings.analytics_enabled is True
    dialog = window.settings_dialog()
    assert dialog.locked("analytics_enabled") == "History is off on shared desks"
    assert dialog.locked("search_mode") is None
    assert not dialog.analytics_check.isEnabled() and not dialog.analytics_check.isChecked()
    note = dialog.findChild(type(dialog.error_label), "locked-analytics_enabled")
    assert note is not None and "Set by your organisation: History is off on shared desks" in note.text()
    assert dialog.mode_combo.isEnabled()
    # a change the person makes is saved into their own settings; the locked one is never touched
    dialog.mode_combo.setCurrentIndex(dialog.mode_combo.findData("keyword"))
    result = dialog.build_settings()
    assert result.search_mode == "keyword" and result.analytics_enabled is True
    assert result.values == user.with_value("search_mode", "keyword").values
    dialog.reject()
    window.apply_settings(result)
    assert window.settings.analytics_enabled is False and window.settings.search_mode == "keyword"


@pytest.mark.qt_log_ignore(r"does not support QPlatformServices::open")
def test_the_escalation_wizard_follows_the_policy_and_records_the_sources(qtbot, make_window, articles_dir):
    window = make_window(policy=parse_policy(POLICY))
    type_query(qtbot, window, "printer offline")
    wait_results(qtbot, window, "printer offline")
    window.start_escalation()
    wizard = window.escalation_wizard
    qtbot.waitUntil(lambda: wizard.preview is not None and not wizard.busy, timeout=20_000)
    assert not [i for i in wizard.preview.items if i.name.startswith("diagnostics/")]
    assert not wizard.review_page.keep_checks["email"].isEnabled()
    assert wizard.review_page.keep_checks["ipv4"].isEnabled()
    assert not wizard.review_page.keep_checks["uuid"].isChecked()  # kept by default, but not allowed here
    assert [r.source for r in wizard.preview.knowledge_base] == ["local"]
    text = wizard.review_page.total_label.text()
    assert "No diagnostics or log are collected: Managed by Example IT" in text
    assert "local: a folder, served as it was" in text
    wizard.reject()


def test_the_articles_folder_is_locked_with_the_sources(qtbot, articles_dir):
    from kbdesk.core.sources.policy import effective_settings

    policy = parse_policy(b'version = 1\nlocked = ["sources"]\n[reasons]\nsources = "IT articles only"\n')
    dialog = SettingsDialog(
        gui_settings(articles_dir), effective=effective_settings(gui_settings(articles_dir), policy)
    )
    qtbot.addWidget(dialog)
    assert dialog.locked("articles_dir") == "IT articles only"
    assert not dialog.folder_edit.isEnabled() and not dialog.browse_button.isEnabled()
    assert dialog.starter_check.isEnabled()
    assert dialog.build_settings() == gui_settings(articles_dir)


def test_a_source_added_in_the_settings_is_fetched_at_once(qtbot, make_window, articles_dir, upstream, git_daemon):
    window = make_window()
    assert [s.source.name for s in window.kb.engine.searched] == ["local"]
    local = window.kb.engine.engine_of("local")
    window.apply_settings(it_settings(articles_dir, git_daemon.url("kb")), save=False)
    qtbot.waitUntil(lambda: serving(window, "it"), timeout=30_000)
    assert window.kb.engine.engine_of("local") is local  # kept, not reopened
    type_query(qtbot, window, "no space left on device")
    assert wait_results(qtbot, window, "no space left on device").hits[0].source == "it"
    # and removed again: its articles are gone from the search
    window.apply_settings(gui_settings(articles_dir), save=False)
    qtbot.waitUntil(lambda: not serving(window, "it"), timeout=30_000)
