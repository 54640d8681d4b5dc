"""The settings dialog: one row per declared setting the end user should see.

Values go through ``Settings.with_value``, which validates them; a
``SettingsError`` is shown next to the buttons and the dialog stays open.
Saving (a small atomic file write) is left to the window, which does it off
the GUI thread and applies what changed.

Choosing a theme previews it at once, the dialog included (what people expect
from a theme menu: you see what you pick); Cancel puts the theme back. A language
applies from the next start (every text of a window is set when it is built; a note
under the choice says so): each language is listed in its own name, so whoever
cannot read the current one still finds theirs.

The words here are the dialog's own (translated), not the settings' help in
``kbdesk.core.settings``, which the command line and the docs show in English. A lock's
reason is the organisation's own text, shown as the policy file writes it.

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

from PySide6.QtCore import QEvent, QLocale, Qt, Signal
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
from ..core.settings import SETTINGS, UI_LANGUAGES, Settings
from ..core.sources.policy import Effective, effective_settings, load_policy
from .accessibility import describe_label, name_clear_button
from .errors import error_text
from .i18n import QT_TRANSLATE_NOOP, SOURCE_LANGUAGE, TranslationContext, choose_language
from .knowledge import SourcesState
from .sources_words import held_back_text, policy_reason, source_summary
from .theme import apply_theme, content_colors, is_dark

if TYPE_CHECKING:
    from .desk_service import DeskService
    from .desk_settings import DeskSettingsPanel

settings_dialog = TranslationContext("settings_dialog")

_CHOICES = {s.name: s.choices for s in SETTINGS}
#: settings a lock on another one locks too: the articles folder is a source (``local``), and a policy that
#: locks ``sources`` leaves the user's sources out
_LOCKED_WITH = {"articles_dir": "sources"}
MODE_LABELS = {
    "hybrid": QT_TRANSLATE_NOOP("settings_dialog", "Best match (words and meaning)"),
    "keyword": QT_TRANSLATE_NOOP("settings_dialog", "Exact words"),
    "semantic": QT_TRANSLATE_NOOP("settings_dialog", "Meaning only"),
}
THEME_LABELS = {
    "system": QT_TRANSLATE_NOOP("settings_dialog", "Same as the system"),
    "light": QT_TRANSLATE_NOOP("settings_dialog", "Light"),
    "dark": QT_TRANSLATE_NOOP("settings_dialog", "Dark"),
}
#: tool tips (and, for the combos, accessible names): what each setting does, for the person choosing
_TIPS = {
    "articles_dir": QT_TRANSLATE_NOOP(
        "settings_dialog", "A folder of Markdown articles to search besides the sources below (empty: none)"
    ),
    "starter_articles": QT_TRANSLATE_NOOP("settings_dialog", "Search the starter articles shipped with kbdesk too"),
    "search_mode": QT_TRANSLATE_NOOP("settings_dialog", "Default search mode"),
    "theme": QT_TRANSLATE_NOOP("settings_dialog", "Colour theme"),
    "language": QT_TRANSLATE_NOOP("settings_dialog", "Language of kbdesk"),
    "analytics_enabled": QT_TRANSLATE_NOOP(
        "settings_dialog", "Keep a local history of searches, views and feedback (never sent anywhere)"
    ),
    "show_all_platforms": QT_TRANSLATE_NOOP("settings_dialog", "Show articles written for other operating systems"),
}


def mode_label(mode: str) -> str:
    """What a search mode does, in the app's language (the search field's mode menu shows it as a tip)."""
    return settings_dialog.tr(MODE_LABELS[mode])


def language_name(code: str) -> str:
    """A language in its own words ("Deutsch", "English"): never translated, so anyone can find theirs."""
    if code == SOURCE_LANGUAGE:
        return "English"
    name = QLocale(code).nativeLanguageName()
    return name[:1].upper() + name[1:] if name else code


def language_labels() -> dict[str, str]:
    system = language_name(choose_language("system")[0])
    labels = {"system": settings_dialog.tr("Same as the system ({language})").format(language=system)}
    labels.update({code: language_name(code) for code in UI_LANGUAGES})
    return labels


SOURCE_KINDS = {
    "git": QT_TRANSLATE_NOOP("settings_dialog", "git"),
    "folder": QT_TRANSLATE_NOOP("settings_dialog", "folder"),
}
SOURCE_ORIGINS = {
    "policy": QT_TRANSLATE_NOOP("settings_dialog", "{kind}, set by your organisation"),
    "starter": QT_TRANSLATE_NOOP("settings_dialog", "{kind}, shipped with kbdesk"),
}


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
        self.setWindowTitle(settings_dialog.tr("Settings"))
        self.setAccessibleName(settings_dialog.tr("Settings"))
        self.original = settings
        self.effective = effective if effective is not None else effective_settings(settings, load_policy())
        shown = self.effective.settings()
        self.result_settings: Settings | None = None
        #: the value each widget showed when the dialog opened: only what the person changed is saved
        self._shown: dict[str, object] = {}

        self.folder_edit = QLineEdit(shown.articles_dir, self)
        self.folder_edit.setPlaceholderText(settings_dialog.tr("None: only the sources below"))
        self.folder_edit.setAccessibleName(settings_dialog.tr("Articles folder"))
        self.folder_edit.setToolTip(settings_dialog.tr(_TIPS["articles_dir"]))
        self.folder_edit.setClearButtonEnabled(True)
        name_clear_button(self.folder_edit)
        self.browse_button = QPushButton(settings_dialog.tr("Browse…"), self)
        self.browse_button.setAccessibleDescription(settings_dialog.tr("Choose the articles folder"))
        self.browse_button.clicked.connect(self._browse)
        folder_row = QHBoxLayout()
        folder_row.addWidget(self.folder_edit, 1)
        folder_row.addWidget(self.browse_button)
        self.starter_check = QCheckBox(settings_dialog.tr("Include the starter articles shipped with kbdesk"), self)
        self.starter_check.setChecked(bool(shown.starter_articles))
        self.starter_check.setToolTip(settings_dialog.tr(_TIPS["starter_articles"]))

        self.mode_combo = self._combo("search_mode", self._translated(MODE_LABELS), shown.search_mode)
        self.theme_combo = self._combo("theme", self._translated(THEME_LABELS), shown.theme)
        self.language_combo = self._combo("language", language_labels(), shown.language)
        self.language_note = QLabel(settings_dialog.tr("A new language applies when kbdesk starts again."), self)
        self.language_note.setEnabled(False)
        # made in the order they are shown: Tab follows the order widgets were made in
        self.platforms_check = QCheckBox(settings_dialog.tr("Show articles for other operating systems too"), self)
        self.platforms_check.setChecked(bool(shown.show_all_platforms))
        self.platforms_check.setToolTip(settings_dialog.tr(_TIPS["show_all_platforms"]))
        self.analytics_check = QCheckBox(settings_dialog.tr("Keep a local history of searches and feedback"), self)
        self.analytics_check.setChecked(bool(shown.analytics_enabled))
        self.analytics_check.setToolTip(settings_dialog.tr(_TIPS["analytics_enabled"]))

        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
        self.form = form
        form.addRow(self._label(settings_dialog.tr("Articles &folder:"), self.folder_edit), folder_row)
        self.lock_widgets("articles_dir", self.folder_edit, self.browse_button)
        form.addRow("", self.starter_check)
        self.lock_widgets("starter_articles", self.starter_check)
        form.addRow(self._label(settings_dialog.tr("Default &search:"), self.mode_combo), self.mode_combo)
        self.lock_widgets("search_mode", self.mode_combo)
        form.addRow(self._label(settings_dialog.tr("&Theme:"), self.theme_combo), self.theme_combo)
        self.lock_widgets("theme", self.theme_combo)
        form.addRow(self._label(settings_dialog.tr("&Language:"), self.language_combo), self.language_combo)
        form.addRow("", self.language_note)
        form.addRow("", self.platforms_check)
        self.lock_widgets("show_all_platforms", self.platforms_check)
        form.addRow("", self.analytics_check)
        self.lock_widgets("analytics_enabled", self.analytics_check)
        note = QLabel(settings_dialog.tr("History stays on this computer and is never sent anywhere."), self)
        note.setEnabled(False)
        form.addRow("", note)
        self._shown = self._values()
        self._build_sources()

        self.error_label = QLabel(self)
        self.error_label.setWordWrap(True)
        self.error_label.setTextFormat(Qt.TextFormat.PlainText)
        describe_label(self.error_label, settings_dialog.tr("Settings error"))
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
            self.tabs.addTab(general, settings_dialog.tr("&General"))
            self.tabs.addTab(self.desk_panel, settings_dialog.tr("Service &desk"))
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
        why = settings_dialog.tr("Set by your organisation: {reason}").format(reason=policy_reason(reason))
        for widget in widgets:
            widget.setEnabled(False)
            widget.setToolTip(why)
            widget.setAccessibleDescription(why)
        note = QLabel(html.escape(why), self)
        note.setObjectName(f"locked-{key}")
        describe_label(note, settings_dialog.tr("{setting} is locked").format(setting=key))
        note.setWordWrap(True)
        # wrapped labels ask for little width: let it take the row's, so a reason reads as one line or two
        note.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        note.setStyleSheet(f"color: {content_colors(self.palette())['muted']}")
        self.form.addRow("", note)
        return True

    # ------------------------------------------------------------ the knowledge base
    def _build_sources(self) -> None:
        box = QGroupBox(settings_dialog.tr("Knowledge base"), self)
        box.setAccessibleName(settings_dialog.tr("Knowledge base"))
        self.sources_box = box
        column = QVBoxLayout(box)
        self.sources_label = QLabel(box)
        self.sources_label.setWordWrap(True)
        self.sources_label.setTextFormat(Qt.TextFormat.RichText)
        describe_label(self.sources_label, settings_dialog.tr("Sources"))
        self.sources_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        column.addWidget(self.sources_label)
        row = QHBoxLayout()
        hint = QLabel(settings_dialog.tr("Add or remove sources with <code>kbdesk sources</code>."), box)
        hint.setEnabled(False)
        row.addWidget(hint, 1)
        self.sync_button = QPushButton(settings_dialog.tr("S&ync now"), box)
        self.sync_button.setToolTip(settings_dialog.tr("Fetch the newest reviewed articles of every git source now"))
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
            what = settings_dialog.tr(SOURCE_KINDS.get(source.kind, source.kind))
            if source.origin in SOURCE_ORIGINS:
                what = settings_dialog.tr(SOURCE_ORIGINS[source.origin]).format(kind=what)
            line = f"<b>{e(source.name)}</b> ({e(what)}): {e(source_summary(entry))}"
            held = held_back_text(entry)
            if held:
                line += f"<br>&nbsp;&nbsp;⚠ {e(held)}"
                details = entry.status.held_back_reasons[:5]
                line += "".join(f"<br>&nbsp;&nbsp;&nbsp;&nbsp;<small>{e(r[:200])}</small>" for r in details)
            rows.append(line)
        if state.line:
            rows.append(f"<i>{e(state.line)}</i>")
        reading = e(settings_dialog.tr("Reading the sources…"))
        self.sources_label.setText("<br>".join(rows) if rows else f"<i>{reading}</i>")
        has_git = any(entry.source.kind == "git" for entry in state.states)
        self.sync_button.setVisible(has_git)
        self.sync_button.setEnabled(not state.syncing)
        self.sync_button.setText(settings_dialog.tr("Syncing…") if state.syncing else settings_dialog.tr("S&ync now"))

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

    @staticmethod
    def _translated(labels: dict[str, str]) -> dict[str, str]:
        return {value: settings_dialog.tr(text) for value, text in labels.items()}

    def _combo(self, name: str, labels: dict[str, str], current: str) -> QComboBox:
        combo = QComboBox(self)
        for value in _CHOICES[name]:
            combo.addItem(labels.get(value, value), value)
        index = combo.findData(current)
        combo.setCurrentIndex(max(0, index))
        combo.setToolTip(settings_dialog.tr(_TIPS[name]))
        combo.setAccessibleName(settings_dialog.tr(_TIPS[name]))
        return combo

    def _browse(self) -> None:
        start = self.folder_edit.text().strip() or str(Path.home())
        folder = QFileDialog.getExistingDirectory(self, settings_dialog.tr("Choose the articles folder"), start)
        if folder:
            self.folder_edit.setText(folder)

    def _values(self) -> dict[str, object]:
        return {
            "articles_dir": self.folder_edit.text().strip(),
            "starter_articles": self.starter_check.isChecked(),
            "search_mode": self.mode_combo.currentData(),
            "theme": self.theme_combo.currentData(),
            "language": self.language_combo.currentData(),
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
        self._show_problem(settings_dialog.tr("Storing the secret in the system keyring…"))
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
        self._show_problem(error_text(exc, settings_dialog.tr("Not saved")))

    def _show_problem(self, text: str) -> None:
        self.error_label.setText(text)
        self.error_label.show()
