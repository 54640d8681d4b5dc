"""The escalation wizard and the agent's bundle view, on a real window (offscreen, keyword search)."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

from gui_helpers import type_query, wait_results
from PySide6.QtCore import QMimeData, QPointF, Qt, QUrl
from PySide6.QtGui import QDropEvent
from PySide6.QtWidgets import QWizard

from kbdesk.core import escalation
from kbdesk.core.analytics import Trail
from kbdesk.core.escalation import Source, build_preview, build_ticket, write_escalation


def _open_wizard(qtbot, window):
    type_query(qtbot, window, "printer offline")
    wait_results(qtbot, window, "printer offline")
    window.start_escalation()
    wizard = window.escalation_wizard
    assert wizard is not None
    qtbot.waitUntil(lambda: wizard.preview is not None and not wizard.busy, timeout=20_000)
    return wizard


def _row(wizard, name: str):
    rows = wizard.review_page.item_list
    for n in range(rows.count()):
        row = rows.item(n)
        if wizard.preview.item(row.data(Qt.ItemDataRole.UserRole)).name == name:
            return row
    raise AssertionError(f"no row for {name}")


def test_unticked_item_is_not_in_the_written_bundle_and_consent_is_required(qtbot, make_window, tmp_path):
    window = make_window()
    wizard = _open_wizard(qtbot, window)
    assert wizard.describe_page.summary_edit.text() == "printer offline"
    wizard.describe_page.description_edit.setPlainText("Mail me at grace@example.com, it still fails")
    wizard.describe_page.impact_combo.setCurrentIndex(0)  # high
    assert "P2 High" in wizard.describe_page.priority_label.text()
    wizard.next()
    assert wizard.currentPage() is wizard.review_page
    # the description changed, so the redaction ran again
    qtbot.waitUntil(lambda: "grace" not in wizard.preview.ticket.description and not wizard.busy, timeout=20_000)
    assert "<EMAIL-1>" in wizard.preview.ticket.description

    _row(wizard, "diagnostics/cpu.json").setCheckState(Qt.CheckState.Unchecked)
    assert not wizard.preview.item("diagnostics/cpu.json").included
    wizard.review_page.item_list.setCurrentItem(_row(wizard, "ticket.json"))
    assert "<EMAIL-1>" in wizard.review_page.preview_text.toPlainText()
    assert "E-mail addresses: 1" in wizard.review_page.preview_counts.text()

    wizard.next()
    assert wizard.currentPage() is wizard.save_page
    target = tmp_path / "case.kbbundle"
    wizard.save_page.path_edit.setText(str(target))
    commit = wizard.button(QWizard.WizardButton.CommitButton)
    assert not wizard.save_page.isComplete() and not commit.isEnabled()
    wizard.next()  # without consent nothing happens
    assert wizard.currentPage() is wizard.save_page and not target.exists()

    wizard.save_page.consent_check.setChecked(True)
    assert commit.isEnabled()
    failures: list[str] = []
    wizard.write_failed.connect(failures.append)
    with qtbot.waitSignal(wizard.bundle_written, timeout=60_000, raising=False) as blocker:
        commit.click()
    assert not failures
    assert blocker.signal_triggered
    info = blocker.args[0]
    assert info.path == target and wizard.currentPage() is wizard.done_page
    assert str(target) in wizard.done_page.saved_label.text()
    with zipfile.ZipFile(target) as archive:
        names = archive.namelist()
        manifest = json.loads(archive.read("manifest.json"))
        everything = "\n".join(archive.read(n).decode("utf-8", "replace") for n in names)
    assert "diagnostics/cpu.json" not in names
    assert "diagnostics/os.json" in names and "diagnostics/display.json" in names
    assert "grace@example.com" not in everything
    consent = {i["name"]: i["included"] for i in manifest["consent"]["items"]}
    assert consent["diagnostics/cpu.json"] is False
    wizard.accept()


def test_keeping_a_category_reruns_redaction(qtbot, make_window):
    window = make_window()
    wizard = _open_wizard(qtbot, window)
    wizard.next()
    with qtbot.waitSignal(
        wizard.preview_changed, timeout=20_000, check_params_cb=lambda p: p.disabled_categories == ("ipv4", "uuid")
    ):
        wizard.review_page.keep_checks["ipv4"].setChecked(True)
    # UUIDs are kept unless the person unticks them
    assert wizard.preview.disabled_categories == ("ipv4", "uuid")
    wizard.reject()


def test_attachment_added_in_the_wizard_is_redacted(qtbot, make_window, tmp_path):
    window = make_window()
    wizard = _open_wizard(qtbot, window)
    notes = tmp_path / "notes.txt"
    notes.write_text("token ghp_" + "K" * 36 + " for heidi@example.com\n")
    wizard.next()
    wizard.add_attachments([notes])
    qtbot.waitUntil(
        lambda: not wizard.busy and any(i.name == "attachments/notes.txt" for i in wizard.preview.items), timeout=20_000
    )
    item = wizard.preview.item("attachments/notes.txt")
    assert "ghp_KKKK" not in item.redacted_text and "heidi" not in item.redacted_text
    wizard.reject()


def _bundle(tmp_path: Path, summary: str = "Printer offline after moving desks") -> Path:
    sources = [
        Source(
            "diagnostics/os.json",
            "diagnostics/os.json",
            "Operating system",
            escalation.KIND_DIAGNOSTIC,
            text=json.dumps(
                {
                    "name": "os",
                    "title": "Operating system",
                    "ok": True,
                    "data": {"system": "Linux", "release": "6.1", "warnings": []},
                    "text": "Linux 6.1",
                }
            ),
        ),
        Source(
            "attachment:notes",
            "attachments/notes.txt",
            "notes.txt",
            escalation.KIND_ATTACHMENT,
            text="printer queue shows offline\n",
        ),
    ]
    trail = {
        "events": [
            {"kind": "search", "ts": "2026-05-01T09:59:00.000Z", "query": "printer offline", "result_count": 3},
            {"kind": "view", "ts": "2026-05-01T09:59:10.000Z", "article_id": "printer-offline", "seconds_spent": 42},
            {
                "kind": "feedback",
                "ts": "2026-05-01T10:00:00.000Z",
                "article_id": "printer-offline",
                "helpful": False,
                "reason": "didnt_work",
            },
        ]
    }
    preview = build_preview(
        build_ticket(summary, "The printer shows offline", impact="high", urgency="high"),
        sources,
        trail=Trail.from_dict(trail),
        hostname="",
        username="",
    )
    return write_escalation(tmp_path / "case.kbbundle", preview).path


def test_bundle_view_shows_intact_ticket_timeline_and_matching_articles(qtbot, make_window, tmp_path):
    window = make_window()
    path = _bundle(tmp_path)
    window.open_bundle(path)
    view = window.page("bundle")
    with qtbot.waitSignal(view.matches_shown, timeout=20_000) as matches:
        pass
    assert window.pages.currentWidget() is view
    assert view.integrity_label.text().startswith("✔ Intact — all")
    assert "P1 Critical" in view.ticket_view.toPlainText()
    details = [view.timeline.topLevelItem(n).text(2) for n in range(view.timeline.topLevelItemCount())]
    assert details[0] == "searched “printer offline” (3 results)"
    assert details[1] == "opened Printer shows as offline for 42 s"
    assert details[2] == "rated Printer shows as offline not helpful: didn't work"
    assert view.diag_table.rowCount() >= 2
    assert view.attachment_list.count() == 1
    hits = matches.args[0]
    assert hits and hits[0].id == "printer-offline"
    with qtbot.waitSignal(window.article_shown, timeout=10_000) as shown:
        view.open_match(view.matches_list.item(0))
    assert shown.args == ["printer-offline"]
    assert window.pages.currentWidget() is window.search_page


def test_bundle_view_names_the_tampered_file(qtbot, make_window, tmp_path):
    window = make_window()
    good = _bundle(tmp_path)
    bad = tmp_path / "bad.kbbundle"
    with zipfile.ZipFile(good) as old, zipfile.ZipFile(bad, "w") as new:
        for info in old.infolist():
            data = old.read(info)
            if info.filename == "attachments/notes.txt":
                data = data.replace(b"offline", b"OFFLINE")
            new.writestr(info.filename, data)
    window.open_bundle(bad)
    with qtbot.waitSignal(window.page("bundle").loaded, timeout=20_000):
        pass
    text = window.page("bundle").integrity_label.text()
    assert "Tampered: changed attachments/notes.txt" in text


def test_bundle_view_refuses_a_hostile_bundle(qtbot, make_window, tmp_path):
    window = make_window()
    hostile = tmp_path / "evil.kbbundle"
    with zipfile.ZipFile(hostile, "w") as archive:
        archive.writestr("manifest.json", json.dumps({"format": "kbdesk-bundle", "format_version": 1, "files": []}))
        archive.writestr("../escape.txt", "x")
    window.open_bundle(hostile)
    with qtbot.waitSignal(window.page("bundle").loaded, timeout=20_000) as blocker:
        pass
    assert isinstance(blocker.args[0], Exception)
    assert window.page("bundle").integrity_label.text().startswith("Refused:")
    assert not (tmp_path / "escape.txt").exists()


def test_open_bundle_menu_and_drop(qtbot, make_window, tmp_path):
    window = make_window()
    action = window.action("open-bundle")
    assert action in window.menu("&File").actions()
    assert action.shortcut().toString() == "Ctrl+O"
    path = _bundle(tmp_path)
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(path))])
    event = QDropEvent(
        QPointF(10, 10), Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier
    )
    # Qt delivers a drop only while a real drag runs (never offscreen): the window's handler gets it as Qt would
    window.dropEvent(event)
    assert event.isAccepted()
    view = window.page("bundle")
    with qtbot.waitSignal(view.loaded, timeout=20_000):
        pass
    assert view.integrity_label.text().startswith("✔ Intact")
    view.back_button.click()
    assert window.pages.currentWidget() is window.search_page


def test_the_save_page_says_exactly_what_is_kept(qtbot, make_window, tmp_path):
    # issue 17: after keeping things the summary said "Kept as they are: nothing"
    window = make_window()
    wizard = _open_wizard(qtbot, window)
    wizard.describe_page.contact_edit.setText("ext. 4711")
    wizard.next()
    picture = tmp_path / "screen.png"
    picture.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))
    wizard.add_attachments([picture])
    qtbot.waitUntil(
        lambda: not wizard.busy and any(i.name == "attachments/screen.png" for i in wizard.preview.items),
        timeout=20_000,
    )
    with qtbot.waitSignal(
        wizard.preview_changed, timeout=20_000, check_params_cb=lambda p: "ipv4" in p.disabled_categories
    ):
        wizard.review_page.keep_checks["ipv4"].setChecked(True)
    qtbot.waitUntil(lambda: not wizard.busy, timeout=20_000)
    wizard.next()
    assert wizard.currentPage() is wizard.save_page
    text = wizard.save_page.summary_label.text()
    assert "nothing" not in text
    assert "IPv4 addresses" in text and "UUIDs" in text, text
    assert "screen.png" in text and "exactly as it is" in text
    assert "contact" in text
    wizard.reject()


def test_a_bundle_that_cannot_be_read_clears_the_previous_one(qtbot, make_window, tmp_path):
    window = make_window()
    window.open_bundle(_bundle(tmp_path))
    view = window.page("bundle")
    with qtbot.waitSignal(view.matches_shown, timeout=20_000):
        pass
    assert view.ticket_view.toPlainText() and view.attachment_list.count() == 1
    assert view.tabs.tabText(2).startswith("Diagnostics (")
    broken = tmp_path / "broken.kbbundle"
    broken.write_bytes(b"not a zip file at all")
    with qtbot.waitSignal(view.loaded, timeout=20_000) as blocker:
        window.open_bundle(broken)
    assert isinstance(blocker.args[0], Exception)
    # a late answer for the previous bundle must not land either: let every job finish and deliver
    # (or be dropped as stale), then look
    qtbot.waitUntil(lambda: window.runner.pending_count() == 0, timeout=20_000)
    assert view.title_label.text() == "broken.kbbundle"
    assert view.integrity_label.text().startswith("Cannot open this bundle")
    assert view.ticket_view.toPlainText() == ""
    assert view.timeline.topLevelItemCount() == 0 and view.diag_list.count() == 0
    # no count of the previous bundle's sections or attachments stays in the tabs
    assert view.attachment_list.count() == 0 and view.tabs.tabText(3) == "Attachments"
    assert view.tabs.tabText(2) == "Diagnostics"
    assert view.matches_list.count() == 0 and view.opened is None
