"""The settings dialog: one row per declared setting the end user should see.

Values go through ``Settings.with_value``, which validates them; a
``SettingsError`` is shown next to the buttons and the dialog stays open.
Saving (a small atomic file write) is left to the window, which does it off
the GUI thread and applies what changed.

Choosing a theme previews it at once, the dialog included (what people expect
from a theme menu: you see what you pick); Cancel puts the theme back.

Given the window's :class:`~kbdesk.gui.desk_service.DeskService`, a second tab sets up the
service desks (:mod:`kbdesk.gui.desk_settings`). A token typed there goes to the keyring
when OK is pressed, on a worker; the dialog closes only once it is stored.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from ..core.errors import DeskError, KbdeskError
from ..core.paths import bundled_articles_dir
from ..core.settings import SETTINGS, Settings
from .accessibility import name_clear_button
from .errors import error_text
from .theme import apply_theme, is_dark

if TYPE_CHECKING:
    from .desk_service import DeskService
    from .desk_settings import DeskSettingsPanel

_HELP = {s.name: s.help for s in SETTINGS}
_CHOICES = {s.name: s.choices for s in SETTINGS}
MODE_LABELS = {"hybrid": "Best match (words and meaning)", "keyword": "Exact words", "semantic": "Meaning only"}
THEME_LABELS = {"system": "Same as the system", "light": "Light", "dark": "Dark"}


class SettingsDialog(QDialog):
    def __init__(self, settings: Settings, parent: QWidget | None = None, *, desks: DeskService | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Settings")
        self.setAccessibleName("Settings")
        self.original = settings
        self.result_settings: Settings | None = None

        self.folder_edit = QLineEdit(settings.articles_dir, self)
        self.folder_edit.setPlaceholderText(f"Starter articles ({bundled_articles_dir()})")
        self.folder_edit.setAccessibleName("Articles folder")
        self.folder_edit.setToolTip(_HELP["articles_dir"])
        self.folder_edit.setClearButtonEnabled(True)
        name_clear_button(self.folder_edit)
        browse = QPushButton("Browse…", self)
        browse.setAccessibleDescription("Choose the articles folder")
        browse.clicked.connect(self._browse)
        folder_row = QHBoxLayout()
        folder_row.addWidget(self.folder_edit, 1)
        folder_row.addWidget(browse)

        self.mode_combo = self._combo("search_mode", MODE_LABELS, settings.search_mode)
        self.theme_combo = self._combo("theme", THEME_LABELS, settings.theme)
        # made in the order they are shown: Tab follows the order widgets were made in
        self.platforms_check = QCheckBox("Show articles for other operating systems too", self)
        self.platforms_check.setChecked(bool(settings.show_all_platforms))
        self.platforms_check.setToolTip(_HELP["show_all_platforms"])
        self.analytics_check = QCheckBox("Keep a local history of searches and feedback", self)
        self.analytics_check.setChecked(bool(settings.analytics_enabled))
        self.analytics_check.setToolTip(_HELP["analytics_enabled"])

        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
        form.addRow(self._label("Articles &folder:", self.folder_edit), folder_row)
        form.addRow(self._label("Default &search:", self.mode_combo), self.mode_combo)
        form.addRow(self._label("&Theme:", self.theme_combo), self.theme_combo)
        form.addRow("", self.platforms_check)
        form.addRow("", self.analytics_check)
        note = QLabel("History stays on this computer and is never sent anywhere.", self)
        note.setEnabled(False)
        form.addRow("", note)

        self.error_label = QLabel(self)
        self.error_label.setWordWrap(True)
        self.error_label.setTextFormat(Qt.TextFormat.PlainText)
        self.error_label.setAccessibleName("Settings error")
        self.error_label.hide()
        self._refresh_colors()
        self.theme_combo.currentIndexChanged.connect(self._preview_theme)

        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        self.buttons = buttons
        self.desks = desks
        self.desk_panel: DeskSettingsPanel | None = None
        layout = QVBoxLayout(self)
        if desks is None:
            layout.addLayout(form)
        else:
            from .desk_settings import DeskSettingsPanel

            self.tabs = QTabWidget(self)
            general = QWidget(self)
            general_layout = QVBoxLayout(general)
            general_layout.addLayout(form)
            general_layout.addStretch(1)
            self.desk_panel = DeskSettingsPanel(settings, desks, self)
            self.tabs.addTab(general, "&General")
            self.tabs.addTab(self.desk_panel, "Service &desk")
            layout.addWidget(self.tabs, 1)
        layout.addWidget(self.error_label)
        layout.addStretch(1)
        layout.addWidget(buttons)
        self.setMinimumWidth(560)

    def _preview_theme(self, _index: int) -> None:
        apply_theme(self.theme_combo.currentData())

    def _refresh_colors(self) -> None:
        # a red that reads on both: the light theme's #c62828 is too dark on a dark window
        palette = self.error_label.palette()
        red = QColor(0xFF, 0x8A, 0x80) if is_dark(self.palette()) else QColor(0xC6, 0x28, 0x28)
        palette.setColor(QPalette.ColorRole.WindowText, red)
        self.error_label.setPalette(palette)

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt's name
        super().changeEvent(event)
        if event.type() in (QEvent.Type.PaletteChange, QEvent.Type.ApplicationPaletteChange):
            self._refresh_colors()

    def reject(self) -> None:
        if self.theme_combo.currentData() != self.original.theme:
            apply_theme(self.original.theme)  # undo the preview
        super().reject()

    def _label(self, text: str, buddy: QWidget) -> QLabel:
        label = QLabel(text, self)
        label.setBuddy(buddy)
        return label

    def _combo(self, name: str, labels: dict[str, str], current: str) -> QComboBox:
        combo = QComboBox(self)
        for value in _CHOICES[name]:
            combo.addItem(labels.get(value, value), value)
        index = combo.findData(current)
        combo.setCurrentIndex(max(0, index))
        combo.setToolTip(_HELP[name])
        combo.setAccessibleName(_HELP[name])
        return combo

    def _browse(self) -> None:
        start = self.folder_edit.text().strip() or str(bundled_articles_dir())
        folder = QFileDialog.getExistingDirectory(self, "Choose the articles folder", start)
        if folder:
            self.folder_edit.setText(folder)

    def build_settings(self) -> Settings:
        """The edited settings; raises SettingsError (or DeskConfigError from the desk tab) for an invalid value."""
        settings = self.original
        settings = settings.with_value("articles_dir", self.folder_edit.text().strip())
        settings = settings.with_value("search_mode", self.mode_combo.currentData())
        settings = settings.with_value("theme", self.theme_combo.currentData())
        settings = settings.with_value("analytics_enabled", self.analytics_check.isChecked())
        settings = settings.with_value("show_all_platforms", self.platforms_check.isChecked())
        if self.desk_panel is not None:
            settings = self.desk_panel.apply(settings)
        return settings

    def accept(self) -> None:
        try:
            settings = self.build_settings()
            keyring_work = self.desk_panel.keyring_work() if self.desk_panel is not None else None
        except KbdeskError as exc:
            self._show_problem(f"{exc}{' — ' + exc.hint if exc.hint else ''}")
            if isinstance(exc, DeskError) and self.desk_panel is not None:
                self.tabs.setCurrentWidget(self.desk_panel)
            else:
                self.folder_edit.setFocus(Qt.FocusReason.OtherFocusReason)
            return
        if keyring_work is None or self.desks is None:
            self.result_settings = settings
            super().accept()
            return
        # the keyring may be slow (a D-Bus service, an unlock prompt): off the GUI thread, the dialog waits
        self.buttons.setEnabled(False)
        self._show_problem("Storing the secret in the system keyring…")
        self.desks.runner.run(
            keyring_work,
            tag="settings-keyring",
            on_success=lambda _none: self._stored(settings),
            on_error=self._not_stored,
        )

    def _stored(self, settings: Settings) -> None:
        self.buttons.setEnabled(True)
        self.result_settings = settings
        super().accept()

    def _not_stored(self, exc: BaseException) -> None:
        self.buttons.setEnabled(True)
        self._show_problem(error_text(exc, "Not saved"))

    def _show_problem(self, text: str) -> None:
        self.error_label.setText(text)
        self.error_label.show()
