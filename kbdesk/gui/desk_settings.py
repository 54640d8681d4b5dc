"""Settings > Service desk: where escalations go, how kbdesk signs in there, and "Test connection".

One desk is edited at a time (the *Desk* list); edits to several desks are kept until OK or
Cancel. What each kind needs:

* **Request Tracker**: its address and queue; a user name only for password sign-in (empty:
  an auth token);
* **E-mail (SMTP)**: server, port, encryption, the desk's address, and a user name when the
  server wants a login;
* **A folder**: where bundles are copied (a share the desk watches).

A token or password is never shown and never written to the settings file: typed here, it
goes to the system keyring when OK is pressed (off the GUI thread; with no usable keyring the
dialog stays open and says to use an environment variable instead, which the *Keep it in*
choice offers). "Test connection" runs :func:`kbdesk.core.desks.check_config` on a worker with
the token just typed (or the stored one) and shows one line: what the desk answered, or why it
failed (from :func:`.errors.show_error`; the core's messages never hold a secret).

The IT policy (``core/sources/policy.py``) wins: its desks are listed read-only with its
reason, and when it locks ``desks`` nothing here can be changed (a locked ``default_desk``
fixes only the choice of default). Everything is checked by the core's
:func:`~kbdesk.core.desks.desk_from_mapping` on OK, and an error names the desk and the field.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QSizePolicy,
    QSpinBox,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from ..core.desks import DeskCheck, DeskConfig, check_config, desk_from_mapping, with_desk, without_desk
from ..core.desks.credentials import delete_secret, require_keyring, store_secret
from ..core.errors import DeskConfigError
from ..core.settings import Settings
from ..core.sources.policy import Policy
from .accessibility import buddy_label, describe_label
from .desk_service import DESK_LANE, DeskService
from .errors import show_error
from .i18n import QT_TRANSLATE_NOOP, TranslationContext, number
from .sources_words import policy_reason

log = logging.getLogger(__name__)
desk_settings = TranslationContext("desk_settings")

KIND_LABELS = {
    "rt": QT_TRANSLATE_NOOP("desk_settings", "Request Tracker"),
    "smtp": QT_TRANSLATE_NOOP("desk_settings", "E-mail (SMTP)"),
    "file": QT_TRANSLATE_NOOP("desk_settings", "A folder"),
}
SECURITY_LABELS = {
    "starttls": QT_TRANSLATE_NOOP("desk_settings", "STARTTLS (port 587)"),
    "tls": QT_TRANSLATE_NOOP("desk_settings", "TLS (port 465)"),
    "none": QT_TRANSLATE_NOOP("desk_settings", "None (a local relay, no login)"),
}


def _kind_label(kind: str) -> str:
    return desk_settings.tr(KIND_LABELS[kind]) if kind in KIND_LABELS else kind


KEYRING, ENV = "keyring", "env"
#: the keys this page edits, per kind; anything else in a desk's table (priorities, ca_file, timeout, allow_http)
#: is kept as it was
EDITED = {
    "rt": ("url", "queue", "user", "token_env", "password_env"),
    "smtp": ("host", "port", "security", "to", "sender", "user", "password_env"),
    "file": ("folder",),
}
ALL_EDITED = {key for keys in EDITED.values() for key in keys} | {"kind"}


@dataclass
class DeskDraft:
    """One desk as edited here: its settings table, and the secret typed for it (never saved but to the keyring)."""

    name: str
    table: dict[str, object]
    #: the desk existed when the dialog opened (its name and kind are then fixed)
    existing: bool = True
    #: set by the IT policy: shown, tested, never changed
    managed: bool = False
    secret: str = ""
    #: the desk kept its secret in the keyring when the dialog opened
    had_keyring_secret: bool = False
    changed: bool = False
    problem: str = ""

    @property
    def kind(self) -> str:
        return str(self.table.get("kind", "rt"))


class DeskSettingsPanel(QWidget):
    #: a connection test finished: (desk name, the DeskCheck or the exception)
    test_finished = Signal(str, object)
    #: the policy was read and the page can be used
    ready = Signal()

    def __init__(self, settings: Settings, desks: DeskService, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("DeskSettingsPanel")
        self.original = settings
        self.desks = desks
        self.drafts: dict[str, DeskDraft] = {}
        self.removed: list[DeskDraft] = []
        self.default_name = ""
        self.lock_reason: str | None = None
        self.default_lock: str | None = None
        self._current: DeskDraft | None = None
        self._loading = False
        self._build()
        # nothing but the line below until the policy says what may be shown (a dialog sized for the whole
        # form would stay that tall with no desk set up)
        for widget in (
            self.editor,
            self.none_label,
            self.desk_label,
            self.desk_combo,
            self.add_button,
            self.remove_button,
        ):
            widget.hide()
        self.setEnabled(False)
        self.policy_label.setText(desk_settings.tr("Reading the IT policy…"))
        self.policy_label.show()
        desks.reload_policy(self._policy_ready)

    # ------------------------------------------------------------ building
    def _build(self) -> None:
        self.policy_label = QLabel(self)
        self.policy_label.setWordWrap(True)
        self.policy_label.setTextFormat(Qt.TextFormat.PlainText)
        describe_label(self.policy_label, desk_settings.tr("Policy"))
        self.policy_label.hide()

        self.desk_combo = QComboBox(self)
        self.desk_combo.setAccessibleName(desk_settings.tr("Desk"))
        self.desk_combo.currentIndexChanged.connect(self._desk_chosen)
        self.add_button = QPushButton(desk_settings.tr("&Add…"), self)
        self.add_button.setToolTip(desk_settings.tr("Set up another service desk"))
        self.add_button.clicked.connect(self.ask_new_desk)
        self.remove_button = QPushButton(desk_settings.tr("&Remove"), self)
        self.remove_button.clicked.connect(self.remove_current)
        # a label of its own: on Linux Qt names a combo box by its value ("rt — Request Tracker")
        self.desk_label = buddy_label(desk_settings.tr("De&sk:"), self.desk_combo, self)
        top = QHBoxLayout()
        top.addWidget(self.desk_label)
        top.addWidget(self.desk_combo, 1)
        top.addWidget(self.add_button)
        top.addWidget(self.remove_button)
        self.none_label = QLabel(
            desk_settings.tr(
                "No service desk is set up: “Contact support” saves the request as a file for you to send. "
                "Add a desk to have kbdesk deliver requests itself."
            ),
            self,
        )
        self.none_label.setWordWrap(True)

        self.default_check = QCheckBox(desk_settings.tr("Send “Contact support” requests to this desk"), self)
        self.default_check.toggled.connect(self._default_toggled)
        self.kind_combo = QComboBox(self)
        for kind in KIND_LABELS:
            self.kind_combo.addItem(_kind_label(kind), kind)
        self.kind_combo.setAccessibleName(desk_settings.tr("Kind of desk"))
        self.kind_combo.currentIndexChanged.connect(self._kind_changed)

        # Request Tracker
        self.url_edit = QLineEdit(self)
        self.url_edit.setPlaceholderText(desk_settings.tr("https://rt.example.org"))
        self.url_edit.setAccessibleName(desk_settings.tr("Address"))
        self.queue_edit = QLineEdit(self)
        self.queue_edit.setPlaceholderText(desk_settings.tr("General"))
        self.queue_edit.setAccessibleName(desk_settings.tr("Queue"))
        rt_page = QWidget(self)
        rt_form = QFormLayout(rt_page)
        rt_form.setContentsMargins(0, 0, 0, 0)
        rt_form.addRow(desk_settings.tr("Addr&ess:"), self.url_edit)
        rt_form.addRow(desk_settings.tr("&Queue:"), self.queue_edit)
        # e-mail
        self.host_edit = QLineEdit(self)
        self.host_edit.setPlaceholderText(desk_settings.tr("smtp.example.org"))
        self.host_edit.setAccessibleName(desk_settings.tr("Mail server"))
        self.port_spin = QSpinBox(self)
        self.port_spin.setRange(0, 65535)
        self.port_spin.setSpecialValueText(desk_settings.tr("default"))
        self.port_spin.setAccessibleName(desk_settings.tr("Port"))
        self.security_combo = QComboBox(self)
        for value, label in SECURITY_LABELS.items():
            self.security_combo.addItem(desk_settings.tr(label), value)
        self.security_combo.setAccessibleName(desk_settings.tr("Encryption"))
        self.to_edit = QLineEdit(self)
        self.to_edit.setPlaceholderText(desk_settings.tr("helpdesk@example.org"))
        self.to_edit.setAccessibleName(desk_settings.tr("Desk address"))
        self.sender_edit = QLineEdit(self)
        self.sender_edit.setPlaceholderText(desk_settings.tr("optional: the sender address (default: the contact)"))
        self.sender_edit.setAccessibleName(desk_settings.tr("Sender"))
        server_row = QHBoxLayout()
        server_row.addWidget(self.host_edit, 1)
        server_row.addWidget(QLabel(desk_settings.tr("Port:"), self))
        server_row.addWidget(self.port_spin)
        smtp_page = QWidget(self)
        smtp_form = QFormLayout(smtp_page)
        smtp_form.setContentsMargins(0, 0, 0, 0)
        smtp_form.addRow(desk_settings.tr("Ser&ver:"), server_row)
        smtp_form.addRow(desk_settings.tr("E&ncryption:"), self.security_combo)
        smtp_form.addRow(desk_settings.tr("Desk's addr&ess:"), self.to_edit)
        smtp_form.addRow(desk_settings.tr("&From:"), self.sender_edit)
        # folder
        self.folder_edit = QLineEdit(self)
        self.folder_edit.setAccessibleName(desk_settings.tr("Folder"))
        browse = QPushButton(desk_settings.tr("Browse…"), self)
        browse.clicked.connect(self._browse)
        folder_row = QHBoxLayout()
        folder_row.addWidget(self.folder_edit, 1)
        folder_row.addWidget(browse)
        file_page = QWidget(self)
        file_form = QFormLayout(file_page)
        file_form.setContentsMargins(0, 0, 0, 0)
        file_form.addRow(desk_settings.tr("F&older:"), folder_row)
        self.kind_stack = QStackedWidget(self)
        for page in (rt_page, smtp_page, file_page):
            self.kind_stack.addWidget(page)

        # signing in
        self.user_edit = QLineEdit(self)
        self.user_edit.setAccessibleName(desk_settings.tr("User name"))
        self.source_combo = QComboBox(self)
        self.source_combo.addItem(desk_settings.tr("the system keyring"), KEYRING)
        self.source_combo.addItem(desk_settings.tr("an environment variable"), ENV)
        self.source_combo.setAccessibleName(desk_settings.tr("Keep the secret in"))
        self.secret_edit = QLineEdit(self)
        self.secret_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.secret_edit.setAccessibleName(desk_settings.tr("Token or password"))
        self.env_edit = QLineEdit(self)
        self.env_edit.setPlaceholderText(desk_settings.tr("RT_TOKEN", "an environment variable's name"))
        self.env_edit.setAccessibleName(desk_settings.tr("Environment variable"))
        self.sign_in_box = QGroupBox(desk_settings.tr("Signing in"), self)
        sign_form = QFormLayout(self.sign_in_box)
        self.user_label = QLabel(desk_settings.tr("&User name:"), self)
        self.user_label.setBuddy(self.user_edit)
        self.source_label = QLabel(desk_settings.tr("Kee&p it in:"), self)
        self.source_label.setBuddy(self.source_combo)
        self.secret_label = QLabel(desk_settings.tr("&Token:"), self)
        self.secret_label.setBuddy(self.secret_edit)
        self.env_label = QLabel(desk_settings.tr("Varia&ble:"), self)
        self.env_label.setBuddy(self.env_edit)
        sign_form.addRow(self.user_label, self.user_edit)
        sign_form.addRow(self.source_label, self.source_combo)
        sign_form.addRow(self.secret_label, self.secret_edit)
        sign_form.addRow(self.env_label, self.env_edit)
        self.source_combo.currentIndexChanged.connect(self._update_sign_in)
        self.user_edit.textChanged.connect(self._update_sign_in)

        self.test_button = QPushButton(desk_settings.tr("Test &connection"), self)
        self.test_button.setToolTip(
            desk_settings.tr("Reach the desk, sign in and check that requests can be created (creates none)")
        )
        self.test_button.clicked.connect(self.test_connection)
        self.test_label = QLabel(self)
        self.test_label.setWordWrap(True)
        self.test_label.setTextFormat(Qt.TextFormat.PlainText)
        describe_label(self.test_label, desk_settings.tr("Connection test"))
        self.test_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        test_row = QHBoxLayout()
        test_row.addWidget(self.test_button)
        test_row.addWidget(self.test_label, 1)

        self.editor = QWidget(self)
        form = QFormLayout()
        form.addRow("", self.default_check)
        form.addRow(desk_settings.tr("&Kind:"), self.kind_combo)
        editor_layout = QVBoxLayout(self.editor)
        editor_layout.setContentsMargins(0, 0, 0, 0)
        editor_layout.addLayout(form)
        editor_layout.addWidget(self.kind_stack)
        editor_layout.addWidget(self.sign_in_box)
        editor_layout.addLayout(test_row)

        layout = QVBoxLayout(self)
        layout.addWidget(self.policy_label)
        layout.addLayout(top)
        layout.addWidget(self.none_label)
        layout.addWidget(self.editor)
        layout.addStretch(1)
        for edit in (
            self.url_edit,
            self.queue_edit,
            self.host_edit,
            self.to_edit,
            self.sender_edit,
            self.folder_edit,
            self.user_edit,
            self.secret_edit,
            self.env_edit,
        ):
            edit.textChanged.connect(self._mark_changed)
        self.port_spin.valueChanged.connect(self._mark_changed)
        self.security_combo.currentIndexChanged.connect(self._mark_changed)
        self.source_combo.currentIndexChanged.connect(self._mark_changed)

    # ------------------------------------------------------------ the policy, then the desks
    def _policy_ready(self, policy: Policy) -> None:
        self.lock_reason = policy.lock_reason("desks")
        self.default_lock = policy.lock_reason("default_desk")
        managed = policy.values.get("desks")
        managed_tables = managed if isinstance(managed, dict) else {}
        effective = self.desks.effective()
        self.default_name = str(effective.values.get("default_desk", "") or "")
        user_tables = {} if self.lock_reason is not None else dict(self.original.desks)
        for name, table in {**user_tables, **managed_tables}.items():
            raw = dict(table) if isinstance(table, dict) else {}
            draft = DeskDraft(str(name), raw, managed=name in managed_tables)
            try:
                config = desk_from_mapping(draft.name, raw)
                draft.had_keyring_secret = config.credentials == KEYRING
            except DeskConfigError as exc:
                draft.problem = str(exc)
            self.drafts[draft.name] = draft
        if self.lock_reason is not None:
            self.policy_label.setText(
                desk_settings.tr("🔒 Set by your IT department: {reason}").format(
                    reason=policy_reason(self.lock_reason)
                )
            )
        elif managed_tables:
            names = ", ".join(sorted(managed_tables))
            self.policy_label.setText(
                desk_settings.tr("🔒 Set by your IT department and not changeable here: {desks}.").format(desks=names)
            )
        self.policy_label.setVisible(self.lock_reason is not None or bool(managed_tables))
        self.add_button.setEnabled(self.lock_reason is None)
        self.add_button.show()
        self.setEnabled(True)
        self._fill_combo(self.default_name if self.default_name in self.drafts else next(iter(self.drafts), ""))
        self.ready.emit()

    def _fill_combo(self, select: str) -> None:
        self._loading = True
        self.desk_combo.clear()
        for draft in self.drafts.values():
            label = f"{draft.name} — {_kind_label(draft.kind)}"
            if draft.name == self.default_name:
                label += " " + desk_settings.tr("(default)")
            if draft.managed:
                label += " 🔒"
            self.desk_combo.addItem(label, draft.name)
        self._loading = False
        index = self.desk_combo.findData(select)
        self.desk_combo.setCurrentIndex(max(index, 0) if self.drafts else -1)
        self._desk_chosen()

    # ------------------------------------------------------------ the form
    def current(self) -> DeskDraft | None:
        name = self.desk_combo.currentData()
        return self.drafts.get(name) if isinstance(name, str) else None

    def _desk_chosen(self, _index: int = -1) -> None:
        if self._loading:
            return
        if self._current is not None and self._current.name in self.drafts:
            self._store_form(self._current)
        draft = self.current()
        self._current = draft
        has = draft is not None
        self.editor.setVisible(has)
        self.none_label.setVisible(not has)
        self.desk_combo.setVisible(has)
        self.desk_label.setVisible(has)
        self.remove_button.setVisible(has)
        if draft is None:
            return
        self._loading = True
        table = draft.table
        self.kind_combo.setCurrentIndex(max(self.kind_combo.findData(draft.kind), 0))
        self.url_edit.setText(_text(table, "url"))
        self.queue_edit.setText(_text(table, "queue"))
        self.host_edit.setText(_text(table, "host"))
        port = table.get("port", 0)
        self.port_spin.setValue(port if isinstance(port, int) and not isinstance(port, bool) else 0)
        security = _text(table, "security") or "starttls"
        self.security_combo.setCurrentIndex(max(self.security_combo.findData(security), 0))
        self.to_edit.setText(_text(table, "to"))
        self.sender_edit.setText(_text(table, "sender"))
        self.folder_edit.setText(_text(table, "folder"))
        self.user_edit.setText(_text(table, "user"))
        env = _text(table, "token_env") or _text(table, "password_env")
        self.source_combo.setCurrentIndex(1 if env else 0)
        self.env_edit.setText(env)
        self.secret_edit.setText(draft.secret)
        self._loading = False
        self._show_kind(self.kind_combo.currentIndex())
        self.default_check.blockSignals(True)
        self.default_check.setChecked(draft.name == self.default_name)
        self.default_check.blockSignals(False)
        self.test_label.setText(draft.problem)
        self._update_enabled(draft)
        self._update_sign_in()

    def _update_enabled(self, draft: DeskDraft) -> None:
        editable = not draft.managed and self.lock_reason is None
        for widget in (
            self.url_edit,
            self.queue_edit,
            self.host_edit,
            self.port_spin,
            self.security_combo,
            self.to_edit,
            self.sender_edit,
            self.folder_edit,
            self.user_edit,
            self.source_combo,
            self.env_edit,
        ):
            widget.setEnabled(editable)
        # the token or password is the person's own, also for a desk the IT policy sets up
        self.secret_edit.setEnabled(editable or _keyring_desk(draft))
        self.kind_combo.setEnabled(editable and not draft.existing)
        self.remove_button.setEnabled(editable)
        self.default_check.setEnabled(self.default_lock is None and self.lock_reason is None)
        if draft.managed or self.lock_reason is not None:
            self.default_check.setToolTip(desk_settings.tr("Set by your IT department"))

    def _update_sign_in(self) -> None:
        draft = self.current()
        if draft is None:
            return
        kind = self.kind_combo.currentData()
        user = self.user_edit.text().strip()
        needs_secret = kind == "rt" or (kind == "smtp" and bool(user))
        self.sign_in_box.setVisible(kind in ("rt", "smtp"))
        token = kind == "rt" and not user
        if kind == "rt":
            self.user_edit.setPlaceholderText(desk_settings.tr("empty: sign in with an auth token"))
        else:
            self.user_edit.setPlaceholderText(desk_settings.tr("empty: the server needs no login"))
        env = self.source_combo.currentData() == ENV
        for widget in (self.source_label, self.source_combo):
            widget.setVisible(needs_secret)
        self.secret_label.setText(desk_settings.tr("&Token:") if token else desk_settings.tr("&Password:"))
        self.secret_label.setVisible(needs_secret and not env)
        self.secret_edit.setVisible(needs_secret and not env)
        self.env_label.setVisible(needs_secret and env)
        self.env_edit.setVisible(needs_secret and env)
        stored = draft.had_keyring_secret and not draft.secret
        if stored and token:
            placeholder = desk_settings.tr("in the system keyring: type a token to store or replace it")
        elif stored:
            placeholder = desk_settings.tr("in the system keyring: type a password to store or replace it")
        elif token:
            placeholder = desk_settings.tr("the token; kept in the system keyring, never in the settings file")
        else:
            placeholder = desk_settings.tr("the password; kept in the system keyring, never in the settings file")
        self.secret_edit.setPlaceholderText(placeholder)

    def _show_kind(self, index: int) -> None:
        # as tall as the shown kind's fields: the stack would otherwise keep the e-mail page's height for all
        for n in range(self.kind_stack.count()):
            page = self.kind_stack.widget(n)
            vertical = QSizePolicy.Policy.Preferred if n == index else QSizePolicy.Policy.Ignored
            if page is not None:
                page.setSizePolicy(QSizePolicy.Policy.Preferred, vertical)
        self.kind_stack.setCurrentIndex(index)
        self.kind_stack.updateGeometry()

    def _kind_changed(self, index: int) -> None:
        self._show_kind(index)
        self._mark_changed()
        self._update_sign_in()

    def _mark_changed(self, *_args: object) -> None:
        draft = self.current()
        if draft is not None and not self._loading:
            draft.changed = True

    def _default_toggled(self, checked: bool) -> None:
        draft = self.current()
        if draft is None:
            return
        if checked:
            self.default_name = draft.name
        elif self.default_name == draft.name:
            self.default_name = ""
        self._store_form(draft)
        self._fill_combo(draft.name)

    def _browse(self) -> None:
        folder = QFileDialog.getExistingDirectory(
            self, desk_settings.tr("The folder bundles are copied to"), self.folder_edit.text()
        )
        if folder:
            self.folder_edit.setText(folder)
            self._mark_changed()

    def form_table(self) -> dict[str, object]:
        """The settings table the form shows now (only this kind's keys, the desk's other keys kept)."""
        draft = self.current()
        kind = str(self.kind_combo.currentData())
        base = {k: v for k, v in (draft.table if draft else {}).items() if k not in ALL_EDITED}
        user = self.user_edit.text().strip()
        env = self.env_edit.text().strip() if self.source_combo.currentData() == ENV else ""
        values: dict[str, object] = {"kind": kind}
        if kind == "rt":
            values.update(url=self.url_edit.text().strip(), queue=self.queue_edit.text().strip(), user=user)
            values["password_env" if user else "token_env"] = env
        elif kind == "smtp":
            values.update(
                host=self.host_edit.text().strip(),
                port=self.port_spin.value(),
                security=self.security_combo.currentData(),
                to=self.to_edit.text().strip(),
                sender=self.sender_edit.text().strip(),
                user=user,
                password_env=env if user else "",
            )
        else:
            values["folder"] = self.folder_edit.text().strip()
        return {**base, **{k: v for k, v in values.items() if v not in ("", 0)}}

    def _store_form(self, draft: DeskDraft) -> None:
        draft.secret = self.secret_edit.text()
        if draft.changed and not draft.managed and self.lock_reason is None:
            draft.table = self.form_table()

    def form_config(self) -> DeskConfig:
        """The desk the form describes, checked; :class:`DeskConfigError` naming the desk and the field."""
        draft = self.current()
        if draft is None:
            raise DeskConfigError(desk_settings.tr("no desk is chosen"))
        if draft.managed or self.lock_reason is not None:
            return desk_from_mapping(draft.name, draft.table)
        return desk_from_mapping(draft.name, self.form_table())

    # ------------------------------------------------------------ adding and removing
    def ask_new_desk(self) -> None:
        name, ok = QInputDialog.getText(
            self, desk_settings.tr("Add a service desk"), desk_settings.tr("A short name for the desk (e.g. helpdesk):")
        )
        if ok:
            self.add_desk(name.strip())

    def add_desk(self, name: str, kind: str = "rt") -> DeskDraft | None:
        """A new, empty desk called ``name``; None (with the reason shown) when the name cannot be used."""
        try:
            desk_from_mapping(name, {"kind": "file", "folder": "x"})  # the name's own rules
        except DeskConfigError as exc:
            self.test_label.setText(str(exc) + (f" {exc.hint}" if exc.hint else ""))
            self.none_label.setText(str(exc))
            return None
        if name in self.drafts:
            self.desk_combo.setCurrentIndex(self.desk_combo.findData(name))
            return self.drafts[name]
        if self._current is not None:
            self._store_form(self._current)
        draft = DeskDraft(name, {"kind": kind}, existing=False, changed=True)
        self.drafts[name] = draft
        if not self.default_name or self.default_name not in self.drafts:
            self.default_name = name  # the first desk is the default, as with `kbdesk desk add`
        self._current = None
        self._fill_combo(name)
        return draft

    def remove_current(self) -> None:
        draft = self.current()
        if draft is None or draft.managed or self.lock_reason is not None:
            return
        if draft.existing:
            answer = QMessageBox.question(
                self,
                desk_settings.tr("Remove the desk"),
                desk_settings.tr(
                    "Remove desk '{desk}'? Requests already sent stay in My requests; any still waiting for "
                    "this desk stay in the outbox until a desk of this name is set up again."
                ).format(desk=draft.name),
            )
            if answer != QMessageBox.StandardButton.Yes:
                return
        self.remove_desk(draft.name)

    def remove_desk(self, name: str) -> None:
        draft = self.drafts.pop(name)
        if draft.existing:
            self.removed.append(draft)
        if self.default_name == name:
            self.default_name = next((d.name for d in self.drafts.values() if not d.managed), "")
        self._current = None
        self._fill_combo(self.default_name)

    # ------------------------------------------------------------ the connection test
    def test_connection(self) -> None:
        draft = self.current()
        if draft is None:
            return
        try:
            config = self.form_config()
        except DeskConfigError as exc:
            show_error(self, exc, desk_settings.tr("Cannot test"), show=self.test_label.setText)
            return
        typed = self.secret_edit.text() if self.source_combo.currentData() == KEYRING else ""
        if config.credentials == KEYRING and not typed and not (draft.had_keyring_secret and draft.existing):
            if config.secret_label == "token":
                self.test_label.setText(desk_settings.tr("Type the token first."))
            else:
                self.test_label.setText(desk_settings.tr("Type the password first."))
            return
        self.test_button.setEnabled(False)
        self.test_label.setText(desk_settings.tr("Connecting to {desk}…").format(desk=config.target))
        self.desks.runner.run(
            check_config,
            config,
            typed or None,
            lane=DESK_LANE,
            tag="desk-settings-test",
            on_success=lambda check: self._tested(config.name, check),
            on_error=lambda exc: self._test_failed(config.name, exc),
        )

    def _tested(self, name: str, check: DeskCheck) -> None:
        self.test_button.setEnabled(True)
        if check.ok:
            mark = desk_settings.tr("✔ Connected in {ms} ms:")
        else:
            mark = desk_settings.tr("✖ Connected in {ms} ms, but requests cannot be created:")
        # what the desk answered (the core's lines, in English like every desk's own words)
        self.test_label.setText(mark.format(ms=number(check.seconds * 1000)) + " " + "; ".join(check.lines))
        self.test_finished.emit(name, check)

    def _test_failed(self, name: str, exc: BaseException) -> None:
        self.test_button.setEnabled(True)
        show_error(self, exc, desk_settings.tr("Connection test failed"), show=self.test_label.setText)
        self.test_finished.emit(name, exc)

    # ------------------------------------------------------------ OK
    def apply(self, settings: Settings) -> Settings:
        """``settings`` with the desks as edited here; :class:`DeskConfigError` for the first desk that is wrong."""
        if self.lock_reason is not None or not self.isEnabled():
            return settings
        if self._current is not None and self._current.name in self.drafts:
            self._store_form(self._current)
        for draft in self.removed:
            if draft.name in settings.desks:
                settings = without_desk(settings, draft.name)
        for draft in self.drafts.values():
            if draft.managed or not (draft.changed or not draft.existing):
                continue
            config = desk_from_mapping(draft.name, draft.table)
            needs_typed = config.credentials == KEYRING and not draft.had_keyring_secret
            if needs_typed and not draft.secret:
                if config.secret_label == "token":
                    problem = desk_settings.tr("desk '{desk}': type its token")
                else:
                    problem = desk_settings.tr("desk '{desk}': type its password")
                raise DeskConfigError(
                    problem.format(desk=draft.name),
                    hint=desk_settings.tr("It is kept in the system keyring (or choose an environment variable)."),
                )
            settings = with_desk(settings, config, replace_existing=True)
        if self.default_lock is None and self.default_name != settings.default_desk:
            settings = settings.with_value("default_desk", self.default_name)
        return settings

    def keyring_work(self) -> Callable[[], None] | None:
        """What OK must do in the keyring (off the GUI thread), or None: store typed secrets (the IT policy's
        desks' too: the secret is the person's), forget removed desks'."""
        if self._current is not None and self._current.name in self.drafts:
            self._store_form(self._current)
        stores: list[tuple[DeskConfig, str]] = []
        for draft in self.drafts.values():
            if not draft.secret:
                continue
            config = desk_from_mapping(draft.name, draft.table)
            if config.credentials == KEYRING:
                stores.append((config, draft.secret))
        forget = [d.name for d in self.removed if d.had_keyring_secret]
        if not stores and not forget:
            return None

        def work() -> None:  # worker
            if stores:
                require_keyring()
            for config, secret in stores:
                store_secret(config, secret)
            for name in forget:
                delete_secret(name)

        return work


def _keyring_desk(draft: DeskDraft) -> bool:
    try:
        return desk_from_mapping(draft.name, draft.table).credentials == KEYRING
    except DeskConfigError:
        return False


def _text(table: dict[str, object], key: str) -> str:
    value = table.get(key, "")
    return value if isinstance(value, str) else ""


__all__ = ["DeskDraft", "DeskSettingsPanel"]
