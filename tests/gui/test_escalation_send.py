"""The wizard's last step (kbdesk/gui/escalation_send.py): saving the bundle, and getting it to the service desk."""

from __future__ import annotations

from pathlib import Path

import pytest
from gui_helpers import type_query, wait_results
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QWizard


def _at_the_save_page(qtbot, window):
    type_query(qtbot, window, "printer offline")
    wait_results(qtbot, window, "printer offline")
    window.start_escalation()
    wizard = window.escalation_wizard
    qtbot.waitUntil(lambda: wizard.preview is not None and not wizard.busy, timeout=20_000)
    while wizard.currentPage() is not wizard.save_page:
        wizard.next()
        qtbot.waitUntil(lambda: not wizard.busy, timeout=20_000)
    return wizard


# offscreen, nothing opens folders or links: Qt says so once per try, which is the case under test
@pytest.mark.qt_log_ignore(r"does not support QPlatformServices::open")
def test_the_saved_bundle_can_be_shown_or_mailed_and_without_a_program_it_says_how(
    qtbot, make_window, tmp_path: Path
) -> None:
    window = make_window()
    wizard = _at_the_save_page(qtbot, window)
    target = tmp_path / "case.kbbundle"
    wizard.save_page.path_edit.setText(str(target))
    wizard.save_page.consent_check.setChecked(True)
    with qtbot.waitSignal(wizard.bundle_written, timeout=60_000) as written:
        wizard.button(QWizard.WizardButton.CommitButton).click()
    info = written.args[0]
    done = wizard.done_page
    assert wizard.currentPage() is done and wizard.saved == info == wizard.save_page.saved
    assert str(target) in done.saved_label.text() and info.sha256 in done.saved_label.text()
    url = done.mailto_url().toString()
    assert url.startswith("mailto:") and info.sha256 in url and target.name in url
    # offscreen nothing opens folders or mailto: links (openUrl returns False), as on a machine
    # without a file manager or mail program: the page says so and offers the path and the text
    assert not done.show_in_folder()
    assert done.notice_label.isVisibleTo(wizard) and str(target) in done.notice_label.text()
    assert QGuiApplication.clipboard().text() == str(target)
    assert not done.compose_email()
    assert "No e-mail program" in done.notice_label.text() and target.name in done.notice_label.text()
    draft = QGuiApplication.clipboard().text()
    assert draft.startswith("To: the service desk\nSubject: Support request: printer offline")
    assert info.sha256 in draft
    wizard.accept()


def test_a_bundle_that_cannot_be_written_says_why_and_stays_on_the_save_page(
    qtbot, make_window, tmp_path: Path
) -> None:
    window = make_window()
    wizard = _at_the_save_page(qtbot, window)
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the folder should be", "utf-8")
    wizard.save_page.path_edit.setText(str(blocker / "case.kbbundle"))
    wizard.save_page.consent_check.setChecked(True)
    with qtbot.waitSignal(wizard.write_failed, timeout=60_000) as failed:
        wizard.button(QWizard.WizardButton.CommitButton).click()
    assert failed.args[0].startswith("Not saved")
    page = wizard.save_page
    assert wizard.currentPage() is page and wizard.saved is None and page.saved is None
    assert "Not saved" in page.status_label.text() and not page.writing and not wizard.busy
    assert page.path_edit.isEnabled() and page.isComplete()  # the person can choose another place and try again
    target = tmp_path / "case.kbbundle"
    page.path_edit.setText(str(target))
    with qtbot.waitSignal(wizard.bundle_written, timeout=60_000):
        wizard.button(QWizard.WizardButton.CommitButton).click()
    assert target.is_file() and wizard.currentPage() is wizard.done_page
    wizard.accept()
