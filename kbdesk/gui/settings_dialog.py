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

The organisation's policy: the dialog shows the settings in effect
(``Effective``: the user's, overlaid by the policy). A setting the policy locks
is shown read-only with the policy's reason beside it (:meth:`SettingsDialog.locked`,
:meth:`SettingsDialog.lock_widgets`: any section of the dialog uses the same two).
Only the settings the person changed are written into their own settings, so a
default the policy sets (without locking it) is not copied into their file and
later changes of the policy still reach them.

The knowledge base: the sources, the revision each serves, the last sync, and
why a newer revision is held back (lint errors, a refused signature), with a
"Sync now" button; the window feeds it :class:`~kbdesk.gui.knowledge.SourcesState`.
"""

from __future__ import annotations

import html
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSizePolicy,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from ..core.errors import DeskError, KbdeskError
from ..core.settings import SETTINGS, Settings
from ..core.sources.policy import Effective, effective_settings, load_policy
from .accessibility import describe_label, name_clear_button
from .errors import error_text
from .knowledge import SourcesState
from .theme import apply_theme, content_colors, is_dark

if TYPE_CHECKING:
    from .desk_service import DeskService
    from .desk_settings import DeskSettingsPanel

_HELP = {s.name: s.help for s in SETTINGS}
_CHOICES = {s.name: s.choices for s in SETTINGS}
#: settings a lock on another one locks too: the articles folder is a source (``local``), and a policy that
#: locks ``sources`` leaves the user's sources out
_LOCKED_WITH = {"articles_dir": "sources"}
MODE_LABELS = {"hybrid": "Best match (words and meaning)", "keyword": "Exact words", "semantic": "Meaning only"}
THEME_LABELS = {"system": "Same as the system", "light": "Light", "dark": "Dark"}


class SettingsDialog(QDialog):
    #: "Sync now" was clicked: sync the git sources now
    sync_requested = Signal()

    def __init__(
        self,
        settings: Settings,
        parent: QWidget | None = None,
        *,
        desks: DeskService | None = None,
        effective: Effective | None = None,
    ) -> None:
        """``settings``: the user's own, which the result is built on; ``effective``: them overlaid by the
        policy (default: with the policy installed on this computer), whose values and locks are shown."""
        super().__init__(parent)
        self.setWindowTitle("Settings")
        self.setAccessibleName("Settings")
        self.original = settings
        self.effective = effective if effective is not None else effective_settings(settings, load_policy())
        shown = self.effective.settings()
        self.result_settings: Settings | None = None
        #: the value each widget showed when the dialog opened: only what the person changed is saved
        self._shown: dict[str, object] = {}

        self.folder_edit = QLineEdit(shown.articles_dir, self)
        self.folder_edit.setPlaceholderText("None: only the sources below")
        self.folder_edit.setAccessibleName("Articles folder")
        self.folder_edit.setToolTip(_HELP["articles_dir"])
        self.folder_edit.setClearButtonEnabled(True)
        name_clear_button(self.folder_edit)
        self.browse_button = QPushButton("Browse…", self)
        self.browse_button.setAccessibleDescription("Choose the articles folder")
        self.browse_button.clicked.connect(self._browse)
        folder_row = QHBoxLayout()
        folder_row.addWidget(self.folder_edit, 1)
        folder_row.addWidget(self.browse_button)
        self.starter_check = QCheckBox("Include the starter articles shipped with kbdesk", self)
        self.starter_check.setChecked(bool(shown.starter_articles))
        self.starter_check.setToolTip(_HELP["starter_articles"])

        self.mode_combo = self._combo("search_mode", MODE_LABELS, shown.search_mode)
        self.theme_combo = self._combo("theme", THEME_LABELS, shown.theme)
        # made in the order they are shown: Tab follows the order widgets were made in
        self.platforms_check = QCheckBox("Show articles for other operating systems too", self)
        self.platforms_check.setChecked(bool(shown.show_all_platforms))
        self.platforms_check.setToolTip(_HELP["show_all_platforms"])
        self.analytics_check = QCheckBox("Keep a local history of searches and feedback", self)
        self.analytics_check.setChecked(bool(shown.analytics_enabled))
        self.analytics_check.setToolTip(_HELP["analytics_enabled"])

        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
        self.form = form
        form.addRow(self._label("Articles &folder:", self.folder_edit), folder_row)
        self.lock_widgets("articles_dir", self.folder_edit, self.browse_button)
        form.addRow("", self.starter_check)
        self.lock_widgets("starter_articles", self.starter_check)
        form.addRow(self._label("Default &search:", self.mode_combo), self.mode_combo)
        self.lock_widgets("search_mode", self.mode_combo)
        form.addRow(self._label("&Theme:", self.theme_combo), self.theme_combo)
        self.lock_widgets("theme", self.theme_combo)
        form.addRow("", self.platforms_check)
        self.lock_widgets("show_all_platforms", self.platforms_check)
        form.addRow("", self.analytics_check)
        self.lock_widgets("analytics_enabled", self.analytics_check)
        note = QLabel("History stays on this computer and is never sent anywhere.", self)
        note.setEnabled(False)
        form.addRow("", note)
        self._shown = self._values()
        self._build_sources()

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
            layout.addWidget(self.sources_box)
        else:
            from .desk_settings import DeskSettingsPanel

            self.tabs = QTabWidget(self)
            general = QWidget(self)
            general_layout = QVBoxLayout(general)
            general_layout.addLayout(form)
            general_layout.addWidget(self.sources_box)
            general_layout.addStretch(1)
            self.desk_panel = DeskSettingsPanel(settings, desks, self)
            self.tabs.addTab(general, "&General")
            self.tabs.addTab(self.desk_panel, "Service &desk")
            layout.addWidget(self.tabs, 1)
        layout.addWidget(self.error_label)
        layout.addStretch(1)
        layout.addWidget(buttons)
        self.setMinimumWidth(560)

    # ------------------------------------------------------------ the policy's locks
    def locked(self, key: str) -> str | None:
        """Why the policy does not let the person change ``key`` (None: they may)."""
        reason = self.effective.locked(key)
        if reason is None and key in _LOCKED_WITH:
            reason = self.effective.locked(_LOCKED_WITH[key])
        return reason

    def lock_widgets(self, key: str, *widgets: QWidget) -> bool:
        """Show ``key``'s widgets read-only with the policy's reason when it is locked (a note below them,
        the reason as tool tip too); returns whether it is. Call it right after the widget's form row."""
        reason = self.locked(key)
        if reason is None:
            return False
        why = f"Set by your organisation: {reason}"
        for widget in widgets:
            widget.setEnabled(False)
            widget.setToolTip(why)
            widget.setAccessibleDescription(why)
        note = QLabel(html.escape(why), self)
        note.setObjectName(f"locked-{key}")
        describe_label(note, f"{key} is locked")
        note.setWordWrap(True)
        # wrapped labels ask for little width: let it take the row's, so a reason reads as one line or two
        note.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        note.setStyleSheet(f"color: {content_colors(self.palette())['muted']}")
        self.form.addRow("", note)
        return True

    # ------------------------------------------------------------ the knowledge base
    def _build_sources(self) -> None:
        box = QGroupBox("Knowledge base", self)
        box.setAccessibleName("Knowledge base")
        self.sources_box = box
        column = QVBoxLayout(box)
        self.sources_label = QLabel(box)
        self.sources_label.setWordWrap(True)
        self.sources_label.setTextFormat(Qt.TextFormat.RichText)
        describe_label(self.sources_label, "Sources")
        self.sources_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        column.addWidget(self.sources_label)
        row = QHBoxLayout()
        hint = QLabel("Add or remove sources with <code>kbdesk sources</code>.", box)
        hint.setEnabled(False)
        row.addWidget(hint, 1)
        self.sync_button = QPushButton("S&ync now", box)
        self.sync_button.setToolTip("Fetch the newest reviewed articles of every git source now")
        self.sync_button.clicked.connect(self.sync_requested)
        row.addWidget(self.sync_button)
        column.addLayout(row)
        self.show_sources(SourcesState())

    def show_sources(self, state: SourcesState) -> None:
        """Each source, what it serves, its last sync and, when a newer revision is held back, why."""
        e = html.escape
        rows = []
        for entry in state.states:
            source = entry.source
            who = {"policy": ", set by your organisation", "starter": ", shipped with kbdesk"}.get(source.origin, "")
            line = f"<b>{e(source.name)}</b> ({e(source.kind)}{who}): {e(entry.summary())}"
            held = entry.held_back()
            if held:
                line += f"<br>&nbsp;&nbsp;⚠ {e(held)}"
                details = entry.status.held_back_reasons[:5]
                line += "".join(f"<br>&nbsp;&nbsp;&nbsp;&nbsp;<small>{e(r[:200])}</small>" for r in details)
            rows.append(line)
        if state.line:
            rows.append(f"<i>{e(state.line)}</i>")
        self.sources_label.setText("<br>".join(rows) if rows else "<i>Reading the sources…</i>")
        has_git = any(entry.source.kind == "git" for entry in state.states)
        self.sync_button.setVisible(has_git)
        self.sync_button.setEnabled(not state.syncing)
        self.sync_button.setText("Syncing…" if state.syncing else "S&ync now")

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
        start = self.folder_edit.text().strip() or str(Path.home())
        folder = QFileDialog.getExistingDirectory(self, "Choose the articles folder", start)
        if folder:
            self.folder_edit.setText(folder)

    def _values(self) -> dict[str, object]:
        return {
            "articles_dir": self.folder_edit.text().strip(),
            "starter_articles": self.starter_check.isChecked(),
            "search_mode": self.mode_combo.currentData(),
            "theme": self.theme_combo.currentData(),
            "analytics_enabled": self.analytics_check.isChecked(),
            "show_all_platforms": self.platforms_check.isChecked(),
        }

    def build_settings(self) -> Settings:
        """The user's settings with what the person changed here; raises SettingsError (or DeskConfigError
        from the desk tab) for an invalid value. A locked setting is never changed (its widget is
        read-only; checked again here)."""
        settings = self.original
        for name, value in self._values().items():
            if value != self._shown.get(name) and self.locked(name) is None:
                settings = settings.with_value(name, value)
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
