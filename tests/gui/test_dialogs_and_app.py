"""Settings dialog validation, the crash handler, logging setup."""

from __future__ import annotations

import logging
import threading

from PySide6.QtWidgets import QMessageBox

from kbdesk.core.settings import Settings
from kbdesk.gui import app as app_module
from kbdesk.gui.settings_dialog import SettingsDialog


def test_settings_dialog_refuses_a_missing_folder(qtbot, tmp_path):
    dialog = SettingsDialog(Settings())
    qtbot.addWidget(dialog)
    dialog.folder_edit.setText(str(tmp_path / "does-not-exist"))
    dialog.accept()
    assert dialog.result_settings is None
    assert dialog.error_label.isVisibleTo(dialog)
    assert "folder does not exist" in dialog.error_label.text()


def test_settings_dialog_builds_valid_settings(qtbot, tmp_path):
    dialog = SettingsDialog(Settings())
    qtbot.addWidget(dialog)
    dialog.folder_edit.setText(str(tmp_path))
    dialog.mode_combo.setCurrentIndex(dialog.mode_combo.findData("keyword"))
    dialog.theme_combo.setCurrentIndex(dialog.theme_combo.findData("dark"))
    dialog.analytics_check.setChecked(False)
    dialog.platforms_check.setChecked(True)
    dialog.accept()
    new = dialog.result_settings
    assert new is not None
    assert (new.articles_dir, new.search_mode, new.theme, new.analytics_enabled, new.show_all_platforms) == (
        str(tmp_path),
        "keyword",
        "dark",
        False,
        True,
    )


def test_settings_dialog_previews_the_theme_it_offers_and_cancel_puts_it_back(qtbot):
    from PySide6.QtGui import QPalette

    from kbdesk.gui.theme import apply_theme, is_dark

    assert not is_dark()
    dialog = SettingsDialog(Settings(), None)
    qtbot.addWidget(dialog)
    try:
        dialog.theme_combo.setCurrentIndex(dialog.theme_combo.findData("dark"))
        assert is_dark()
        qtbot.waitUntil(lambda: is_dark(dialog.palette()), timeout=2_000)  # the dialog itself follows
        red = dialog.error_label.palette().color(QPalette.ColorRole.WindowText)
        assert red.lightness() > 150  # an error reads on the dark window
        dialog.reject()
        assert not is_dark()
        again = SettingsDialog(Settings(), None)
        qtbot.addWidget(again)
        again.theme_combo.setCurrentIndex(again.theme_combo.findData("dark"))
        again.accept()
        assert again.result_settings is not None and again.result_settings.theme == "dark" and is_dark()
    finally:
        apply_theme("system")


def test_crash_handler_logs_and_shows_one_dialog(qtbot, monkeypatch, caplog, tmp_path):
    shown = []
    monkeypatch.setattr(QMessageBox, "exec", lambda self: shown.append(self.informativeText()) or 0)
    handler = app_module.CrashHandler(tmp_path / "kbdesk.log")
    handler.install()
    try:
        with caplog.at_level(logging.CRITICAL, logger="kbdesk.gui.app"):
            try:
                raise RuntimeError("boom in a slot")
            except RuntimeError as exc:
                app_module.sys.excepthook(type(exc), exc, exc.__traceback__)
            thread = threading.Thread(target=lambda: 1 / 0, name="worker-x")
            thread.start()
            thread.join()
        qtbot.waitUntil(lambda: len(shown) == 2)
    finally:
        handler.uninstall()
    assert "RuntimeError: boom in a slot" in shown[0]
    assert str(tmp_path / "kbdesk.log") in shown[0]
    assert "ZeroDivisionError" in shown[1]
    messages = [r.getMessage() for r in caplog.records]
    assert any("boom in a slot" in m and "Traceback" in m for m in messages)
    assert any("worker-x" in m for m in messages)


def test_setup_logging_writes_a_rotating_file(kb_home):
    root = logging.getLogger()
    before = list(root.handlers)
    level = root.level
    try:
        log_file = app_module.setup_logging()
        logging.getLogger("kbdesk.test").info("hello log")
        for h in root.handlers:
            h.flush()
        assert log_file is not None and "hello log" in log_file.read_text("utf-8")
        assert any(isinstance(h, logging.handlers.RotatingFileHandler) for h in root.handlers)
    finally:
        for h in list(root.handlers):
            if h not in before:
                root.removeHandler(h)
                h.close()
        root.setLevel(level)


def test_bundle_arguments_are_recognised(tmp_path):
    paths = app_module.bundle_paths(["--gui", str(tmp_path / "Case.KBBUNDLE"), "other"])
    assert paths == [tmp_path / "Case.KBBUNDLE"]
