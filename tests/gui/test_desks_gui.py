"""The service desk in the app, against the real Request Tracker (scripts/servers/rt.sh; skipped without
it, failed without it in CI): the outbox's retry timer, "My requests", File > Open ticket… and the
desk settings. Nothing of the desk is faked: a desk that is "down" is an address nobody listens on."""

from __future__ import annotations

import logging

import pytest
from desk_servers import RT_TOKEN_ENV, free_port
from kbtest_helpers import tampered_copy, write_test_bundle
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QGuiApplication

from kbdesk.core.desks import desk_from_mapping, flush_outbox, send_bundle, with_desk
from kbdesk.core.desks import service as desk_service
from kbdesk.core.errors import TamperedBundleError
from kbdesk.core.settings import Settings, load_settings
from kbdesk.gui.open_ticket import open_ticket_dialog
from kbdesk.gui.requests_view import TICKET_COL, show_requests
from kbdesk.gui.settings_dialog import SettingsDialog

TOKEN_ENV = RT_TOKEN_ENV


@pytest.fixture
def rt_window(make_window, rt_server, articles_dir, monkeypatch):
    """A window whose one desk is the test RT (or ``url``: an address nobody listens on, for "down")."""
    monkeypatch.setenv(TOKEN_ENV, rt_server.token)

    def build(url: str = "", **kwargs):
        settings = with_desk(Settings().with_value("articles_dir", str(articles_dir)), rt_server.desk(url=url))
        return make_window(settings=settings, **kwargs)

    return build


def move_desk(window, rt_server, url: str = "") -> None:
    """The desk moves (or comes back): same name, another address, as the settings dialog would save it."""
    window.apply_settings(with_desk(window.settings, rt_server.desk(url=url), replace_existing=True), save=False)


def open_desk_settings(qtbot, window):
    """The settings dialog on the window's desks, once its Service desk tab has read the policy: (dialog, tab)."""
    dialog = SettingsDialog(window.settings, window, desks=window.desks)
    qtbot.addWidget(dialog)
    qtbot.waitUntil(dialog.desk_panel.isEnabled, timeout=20_000)
    return dialog, dialog.desk_panel


def locked_policy(tmp_path, monkeypatch, desk_table: str) -> None:
    """An IT policy (``KBDESK_POLICY``) that locks the desks to the one in ``desk_table`` (TOML lines)."""
    policy = tmp_path / "policy.toml"
    policy.write_text(
        'version = 1\nreason = "Managed by Example Corp IT"\nlocked = ["desks"]\n\n' + desk_table, encoding="utf-8"
    )
    monkeypatch.setenv("KBDESK_POLICY", str(policy))


def wait_live_rows(qtbot, page):
    """Refresh "My requests" and wait until the desks' answer is on screen; the rows."""
    with qtbot.waitSignal(page.rows_shown, timeout=60_000, check_params_cb=lambda _rows, live: live):
        page.refresh_button.click()
    return page.rows


def test_a_request_queued_while_the_desk_is_down_is_sent_once_by_the_timer(
    qtbot, rt_window, rt_server, tmp_path, monkeypatch
):
    # seconds instead of 30 s .. 1 h: the retry timer's next look comes from the outbox's backoff
    monkeypatch.setattr(desk_service, "BACKOFF_SECONDS", (1, 1, 2))
    window = rt_window(url=f"http://127.0.0.1:{free_port()}")
    info = write_test_bundle(tmp_path / "case.kbbundle", summary="Scanner jams")
    results, errors = [], []
    window.desks.send(info.path, on_done=results.append, on_error=errors.append)
    qtbot.waitUntil(lambda: bool(results or errors), timeout=60_000)
    assert not errors and results[0].status == "queued" and "Connection refused" in results[0].error
    page = show_requests(window)
    qtbot.waitUntil(lambda: [r.label for r in page.rows] == ["queued"], timeout=20_000)
    assert page.tree.topLevelItem(0).text(0) == "Waiting to send"
    page.tree.setCurrentItem(page.tree.topLevelItem(0))
    assert page.detail_label.text().startswith("Waiting for desk 'rt'; next try at ")
    assert rt_server.tickets_for_bundle(info.bundle_id) == []

    move_desk(window, rt_server)  # the desk answers again; nobody clicks anything
    with qtbot.waitSignal(window.desks.request_sent, timeout=60_000) as sent:
        pass
    result = sent.args[0]
    assert result.status == "sent" and result.bundle_id == info.bundle_id
    assert rt_server.tickets_for_bundle(info.bundle_id) == [result.ticket]
    assert window.statusBar().currentMessage() == f"A waiting request was sent to desk 'rt': ticket {result.ticket}"
    # queued -> sent -> the desk's own state, in the page that stayed open
    qtbot.waitUntil(lambda: [(r.label, r.ticket) for r in page.rows] == [("new", result.ticket)], timeout=60_000)
    # nothing is left to send, and trying again makes no second ticket
    assert flush_outbox(settings=window.desks.desk_settings()).results == ()
    assert rt_server.tickets_for_bundle(info.bundle_id) == [result.ticket]


# offscreen nothing opens links: Qt says so once per try, which is the case under test
@pytest.mark.qt_log_ignore(r"does not support QPlatformServices::open")
def test_my_requests_follows_the_desk_and_keeps_the_last_status_offline(qtbot, rt_window, rt_server, tmp_path):
    window = rt_window()
    info = write_test_bundle(tmp_path / "case.kbbundle", summary="Laptop will not dock")
    ticket = send_bundle(info.path, settings=window.desks.desk_settings()).ticket
    window.action("my-requests").trigger()
    page = window.page("requests")
    assert window.pages.currentWidget() is page
    assert [(r.label, r.ticket, r.live) for r in wait_live_rows(qtbot, page)] == [("new", ticket, True)]
    for rt_status, shown in (("open", "Open"), ("stalled", "Open"), ("resolved", "Resolved")):
        rt_server.set_status(ticket, rt_status)
        (row,) = wait_live_rows(qtbot, page)
        assert (row.state, row.status) == ("resolved" if shown == "Resolved" else "open", rt_status)
        assert page.tree.topLevelItem(0).text(0) == shown
    assert page.state_label.text().startswith("Status from the service desk at ")
    item = page.tree.topLevelItem(0)
    assert (item.text(1), item.text(2), item.text(3)) == ("Laptop will not dock", "rt", f"#{ticket}")

    # the link opens on a click on the ticket, and only then (offscreen no browser takes it: copied instead)
    QGuiApplication.clipboard().setText("")
    page.tree.setCurrentItem(item)
    assert QGuiApplication.clipboard().text() == ""
    rect = page.tree.visualItemRect(item)
    x = page.tree.header().sectionViewportPosition(TICKET_COL) + 4
    qtbot.mouseClick(page.tree.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(x, rect.center().y()))
    assert QGuiApplication.clipboard().text() == f"{rt_server.url}/Ticket/Display.html?id={ticket}"

    # the desk goes away: the last known status stays, marked with its time, and one line says why
    move_desk(window, rt_server, f"http://127.0.0.1:{free_port()}")
    (row,) = wait_live_rows(qtbot, page)
    assert (row.label, row.live) == ("resolved", False) and row.checked_at
    assert page.tree.topLevelItem(0).text(0) == "Resolved"
    state = page.state_label.text()
    assert (
        state.startswith("No answer from the service desk now (desk 'rt': ")
        and "The last known status is shown (as of " in state
    )
    page.tree.setCurrentItem(page.tree.topLevelItem(0))
    assert "last known status, from " in page.detail_label.text()


def test_open_ticket_shows_a_verified_bundle_and_refuses_a_tampered_one(qtbot, rt_window, rt_server, tmp_path):
    window = rt_window()
    file_menu = window.menu("&File").actions()
    assert file_menu[:2] == [window.action("open-bundle"), window.action("open-ticket")]
    info = write_test_bundle(tmp_path / "case.kbbundle", attachment_bytes=4096)
    ticket = send_bundle(info.path, settings=window.desks.desk_settings()).ticket
    tampered = tampered_copy(info.path, tmp_path / "t.kbbundle", "ticket.md", b"# Please run this script\n")
    bad = rt_server.raw_ticket(tampered, info.bundle_id)

    dialog = open_ticket_dialog(window)
    assert dialog.desk_combo.currentData() == "rt"
    dialog.ticket_edit.setText(bad)
    with qtbot.waitSignal(dialog.finished_fetch, timeout=60_000) as refused:
        dialog.open_button.click()
    assert isinstance(refused.args[0], TamperedBundleError)
    message = dialog.message_label.text()
    assert message.startswith(
        f"Ticket {bad} not opened: the bundle of ticket {bad} at desk 'rt' does not match its manifest "
        "(changed ticket.md); refused."
    )
    assert "\n" not in message and "kept for inspection" in message
    assert dialog.isVisible() and window.page("bundle") is None  # the agent view never showed it

    dialog.ticket_edit.setText(f"#{ticket}")
    with qtbot.waitSignal(dialog.finished_fetch, timeout=60_000) as opened:
        dialog.open_button.click()
    assert opened.args[0].sha256 == info.sha256
    view = window.page("bundle")
    assert view is not None and window.pages.currentWidget() is view
    qtbot.waitUntil(lambda: view.opened is not None, timeout=20_000)
    assert view.integrity_label.text().startswith("✔ Intact")
    assert view.opened.bundle_id == info.bundle_id


def test_desk_settings_test_connection_a_wrong_token_and_the_keyring(
    qtbot, make_window, rt_server, file_keyring, caplog
):
    caplog.set_level(logging.DEBUG)
    window = make_window()
    dialog, panel = open_desk_settings(qtbot, window)
    assert panel.none_label.isVisibleTo(panel) and not panel.editor.isVisibleTo(panel)
    panel.add_desk("helpdesk")
    assert panel.default_check.isChecked()  # the first desk is the default
    panel.url_edit.setText(rt_server.url)
    panel.queue_edit.setText(rt_server.queue)
    wrong = "1-5-" + "e" * 32
    panel.secret_edit.setText(wrong)
    with qtbot.waitSignal(panel.test_finished, timeout=60_000):
        panel.test_button.click()
    text = panel.test_label.text()
    assert text.startswith("Connection test failed: desk 'helpdesk' refused the credentials (HTTP 401")
    assert "\n" not in text and wrong not in text and "eeee" not in text

    panel.secret_edit.setText(rt_server.token)
    with qtbot.waitSignal(panel.test_finished, timeout=60_000):
        panel.test_button.click()
    assert panel.test_label.text().startswith("✔ Connected in ")
    assert f"queue '{rt_server.queue}'" in panel.test_label.text()

    with qtbot.waitSignal(dialog.accepted, timeout=30_000):
        dialog.accept()
    saved = dialog.result_settings
    assert saved.default_desk == "helpdesk"
    assert saved.desks["helpdesk"] == {"kind": "rt", "url": rt_server.url, "queue": rt_server.queue}
    assert file_keyring.get_password("kbdesk", "desk:helpdesk") == rt_server.token
    window.apply_settings(saved)
    qtbot.waitUntil(lambda: "helpdesk" in load_settings().desks, timeout=20_000)
    assert window.desks.default_desk().name == "helpdesk"
    for secret in (wrong, rt_server.token, rt_server.token.split("-")[-1]):
        assert secret not in caplog.text
        assert secret not in load_settings().desks.__repr__()


def test_without_a_keyring_ok_keeps_the_dialog_open_and_says_what_to_do(qtbot, make_window, rt_server):
    window = make_window()
    dialog, panel = open_desk_settings(qtbot, window)
    panel.add_desk("helpdesk")
    panel.url_edit.setText(rt_server.url)
    panel.queue_edit.setText(rt_server.queue)
    dialog.accept()
    assert dialog.error_label.text().startswith("desk 'helpdesk': type its token")  # nothing typed yet
    panel.secret_edit.setText(rt_server.token)
    dialog.accept()  # the tests' keyring is the "fail" backend: no keyring, as on a headless machine
    qtbot.waitUntil(lambda: dialog.error_label.text().startswith("Not saved: "), timeout=20_000)
    assert "environment variable" in dialog.error_label.text() and dialog.result_settings is None
    assert rt_server.token not in dialog.error_label.text()
    # the environment variable instead
    panel.source_combo.setCurrentIndex(panel.source_combo.findData("env"))
    assert not panel.secret_edit.isVisibleTo(panel) and panel.env_edit.isVisibleTo(panel)
    panel.env_edit.setText(TOKEN_ENV)
    with qtbot.waitSignal(dialog.accepted, timeout=20_000):
        dialog.accept()
    assert dialog.result_settings.desks["helpdesk"]["token_env"] == TOKEN_ENV


def test_a_policy_that_locks_the_desks_is_shown_read_only_with_its_reason(
    qtbot, make_window, articles_dir, tmp_path, monkeypatch
):
    share = tmp_path / "share"
    share.mkdir()
    locked_policy(tmp_path, monkeypatch, f'[settings.desks.service-desk]\nkind = "file"\nfolder = "{share}"\n')
    mine = desk_from_mapping("mine", {"kind": "file", "folder": str(tmp_path)})
    window = make_window(settings=with_desk(Settings().with_value("articles_dir", str(articles_dir)), mine))
    qtbot.waitUntil(lambda: window.desks.table().names() == ("service-desk",), timeout=20_000)
    dialog, panel = open_desk_settings(qtbot, window)
    assert panel.policy_label.text() == "🔒 Set by your IT department: Managed by Example Corp IT"
    assert [panel.desk_combo.itemData(i) for i in range(panel.desk_combo.count())] == ["service-desk"]
    assert panel.folder_edit.text() == str(share) and not panel.folder_edit.isEnabled()
    assert not panel.add_button.isEnabled() and not panel.remove_button.isEnabled()
    assert panel.test_button.isEnabled()  # testing changes nothing
    with qtbot.waitSignal(panel.test_finished, timeout=20_000):
        panel.test_button.click()
    assert panel.test_label.text().startswith("✔ Connected in ")
    assert dialog.build_settings().desks == window.settings.desks  # the user's own table is left alone


def test_a_held_request_waits_for_a_person_then_send_now_sends_it(qtbot, rt_window, rt_server, tmp_path, monkeypatch):
    window = rt_window()
    monkeypatch.setenv(TOKEN_ENV, "1-5-" + "d" * 32)  # the token was revoked
    info = write_test_bundle(tmp_path / "case.kbbundle", summary="Badge reader refuses my card")
    results = []
    window.desks.send(info.path, on_done=results.append, on_error=pytest.fail)
    qtbot.waitUntil(lambda: bool(results), timeout=60_000)
    assert results[0].status == "held" and results[0].error_kind == "DeskAuthError"
    page = show_requests(window)
    qtbot.waitUntil(lambda: [r.label for r in page.rows] == ["held"], timeout=20_000)
    page.tree.setCurrentItem(page.tree.topLevelItem(0))
    detail = page.detail_label.text()
    assert detail.startswith("Not sent: desk 'rt' refused the credentials (HTTP 401") and "d" * 32 not in detail
    assert page.tree.topLevelItem(0).text(0) == "Not sent" and page.send_now_button.isEnabled()

    monkeypatch.setenv(TOKEN_ENV, rt_server.token)  # someone fixed it
    with qtbot.waitSignal(window.desks.request_sent, timeout=60_000) as sent:
        page.send_now_button.click()
    assert rt_server.tickets_for_bundle(info.bundle_id) == [sent.args[0].ticket]
    qtbot.waitUntil(lambda: [r.label for r in page.rows] == ["new"], timeout=60_000)
    assert not page.send_now_button.isEnabled()


def test_the_token_of_a_desk_the_policy_sets_up_is_the_persons_own(
    qtbot, make_window, rt_server, file_keyring, tmp_path, monkeypatch
):
    locked_policy(
        tmp_path,
        monkeypatch,
        f'[settings.desks.it-desk]\nkind = "rt"\nurl = "{rt_server.url}"\nqueue = "{rt_server.queue}"\n',
    )
    window = make_window()
    dialog, panel = open_desk_settings(qtbot, window)
    assert panel.desk_combo.currentData() == "it-desk" and not panel.url_edit.isEnabled()
    assert panel.secret_edit.isEnabled()
    with qtbot.waitSignal(panel.test_finished, timeout=60_000):
        panel.test_button.click()  # nothing stored yet: the keyring says so
    assert panel.test_label.text().startswith("Connection test failed: desk 'it-desk': no token in the keyring")
    panel.secret_edit.setText(rt_server.token)
    with qtbot.waitSignal(dialog.accepted, timeout=30_000):
        dialog.accept()
    assert file_keyring.get_password("kbdesk", "desk:it-desk") == rt_server.token
    assert dialog.result_settings.desks == {}  # the user's settings hold no desk: the policy's is used
    with qtbot.waitSignal(window.desks.policy_changed, timeout=20_000):
        window.desks.reload_policy()
    assert window.desks.default_desk().name == "it-desk"
