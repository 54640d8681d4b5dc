"""Translations: every word of the GUI is marked, extracted, translated to German; the app speaks it.

Three checks on the code, from the outside in:

* no text is handed to Qt unmarked: a string literal passed to a widget's text, tool tip, title,
  placeholder, accessible name, a message box, the status bar or ``show_error`` is a finding;
* every marked string is one lupdate extracts (its Python parser silently skips some spellings:
  keyword arguments, f-strings), declared in a context named as the module's convention says;
* every string lupdate extracts has a finished German translation that keeps its ``{fields}``,
  its ``%n`` and its rich-text tags, and every plural has English forms too.

And on the app: under ``LANG=de_DE`` a real window shows German, the language setting overrides
the locale both ways, plural forms and numbers follow the language.
"""

from __future__ import annotations

import ast
import json
import os
import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
GUI = ROOT / "kbdesk" / "gui"
TS_DIR = ROOT / "resources" / "i18n"
sys.path.insert(0, str(ROOT / "scripts"))
import translations  # noqa: E402 - scripts/translations.py, the tool ./dev and the builds use

#: German has two plural forms (Qt's rules: one, other)
GERMAN_FORMS = 2


# ================================================================== the code: what is marked
@dataclass(frozen=True)
class Message:
    context: str
    source: str
    comment: str = ""
    numerus: bool = False


@dataclass(frozen=True)
class Finding:
    path: str
    line: int
    what: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.what}"


#: Qt calls whose string arguments a person reads (method name -> which positional arguments)
TEXT_METHODS: dict[str, tuple[int, ...]] = {
    "setText": (0,),
    "setToolTip": (0,),
    "setStatusTip": (0,),
    "setWhatsThis": (0,),
    "setPlaceholderText": (0,),
    "setWindowTitle": (0,),
    "setAccessibleName": (0,),
    "setAccessibleDescription": (0,),
    "setTitle": (0,),
    "setSubTitle": (0,),
    "setInformativeText": (0,),
    "setButtonText": (1,),
    "setTabText": (1,),
    "setItemText": (1,),
    "setHeaderLabels": (0,),
    "setHorizontalHeaderLabels": (0,),
    "setVerticalHeaderLabels": (0,),
    "addItem": (0,),
    "addTab": (1,),
    "insertItem": (1,),
    "addRow": (0,),
    "addButton": (0,),
    "showMessage": (0,),
    "show_status": (0,),
    "show_message": (0,),
    "_report_failure": (0,),
    "_background_failure": (0,),
    "emit": (0,),
    "warning": (1, 2),
    "information": (1, 2),
    "question": (1, 2),
    "critical": (1, 2),
    "about": (1, 2),
    "getOpenFileName": (1,),
    "getSaveFileName": (1,),
    "getExistingDirectory": (1,),
}
#: constructors whose string arguments are shown
TEXT_CONSTRUCTORS: dict[str, tuple[int, ...]] = {
    "QLabel": (0,),
    "QPushButton": (0,),
    "QToolButton": (0,),
    "QCheckBox": (0,),
    "QRadioButton": (0,),
    "QGroupBox": (0,),
    "QAction": (0, 1),
    "QMenu": (0,),
    "QToolBar": (0,),
    "QTreeWidgetItem": (0,),
    "QListWidgetItem": (0,),
    "QTableWidgetItem": (0,),
    "QStandardItem": (0,),
    "QMessageBox": (1, 2),
    "ActionSpec": (1, 2, 4),
    "KeyHelp": (1, 2),
    "LinkButton": (0,),
}
#: keyword arguments that carry shown text
TEXT_KEYWORDS = {
    "text",
    "title",
    "tip",
    "tooltip",
    "empty_text",
    "placeholder",
    "what",
    "where",
    "label",
    "menu",
    "description",
}
#: show_error(parent, exc, what): the what is shown
TEXT_FUNCTIONS: dict[str, tuple[int, ...]] = {
    "show_error": (2,),
    "error_text": (1,),
    # gui/accessibility.py: what a screen reader says
    "describe_label": (1,),
    "buddy_label": (0,),
    "name_clear_button": (1,),
    "announce": (1,),
    "set_description": (0,),
    "set_link_text": (0,),
}
#: a literal with a letter in it is words (an empty string, "·" or " — " are not)
LETTER = re.compile(r"[^\W\d_]")
#: tags and entities around the words are not words ("<b>{name}</b>", "&nbsp;")
MARKUP = re.compile(r"<[^>]*>|&#?\w+;")


def gui_modules() -> list[Path]:
    return translations.python_sources(GUI)


def _literal(node: ast.expr) -> str | None:
    return node.value if isinstance(node, ast.Constant) and isinstance(node.value, str) else None


def _words_in(node: ast.expr) -> bool:
    """Whether ``node`` puts literal words on screen unmarked: a string, an f-string or a sum with letters."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return bool(LETTER.search(MARKUP.sub("", node.value)))
    if isinstance(node, ast.JoinedStr):  # the literal parts, joined, so a tag split by a value is still a tag
        joined = "".join(v.value if isinstance(v, ast.Constant) else "{}" for v in node.values)
        return bool(LETTER.search(MARKUP.sub("", joined)))
    if isinstance(node, ast.BinOp):
        return _words_in(node.left) or _words_in(node.right)
    if isinstance(node, ast.IfExp):
        return _words_in(node.body) or _words_in(node.orelse)
    if isinstance(node, ast.List | ast.Tuple):
        return any(_words_in(e) for e in node.elts)
    return False


def _call_name(call: ast.Call) -> str:
    func = call.func
    if isinstance(func, ast.Attribute):
        return func.attr
    if isinstance(func, ast.Name):
        return func.id
    return ""


def _declared_contexts(tree: ast.Module) -> dict[str, tuple[str, int]]:
    """Module-level ``name = TranslationContext("context")``: name -> (context, line)."""
    found = {}
    for node in tree.body:
        if (
            isinstance(node, ast.Assign)
            and isinstance(node.value, ast.Call)
            and _call_name(node.value) == "TranslationContext"
            and len(node.targets) == 1
            and isinstance(node.targets[0], ast.Name)
        ):
            context = _literal(node.value.args[0]) if node.value.args else None
            found[node.targets[0].id] = (context or "", node.lineno)
    return found


def scan(paths: list[Path], root: Path = ROOT) -> tuple[set[Message], list[Finding]]:
    """The messages the code marks, and what breaks the convention (gui/i18n.py) or shows text unmarked."""
    messages: set[Message] = set()
    findings: list[Finding] = []
    all_contexts: dict[str, str] = {}
    trees = {path: ast.parse(path.read_text("utf-8"), str(path)) for path in paths}
    for path, tree in trees.items():
        for name, (context, line) in _declared_contexts(tree).items():
            rel = str(path.relative_to(root))
            if name != context:
                findings.append(Finding(rel, line, f"context {context!r} is bound to {name!r}: spell both alike"))
            if context in all_contexts:
                findings.append(Finding(rel, line, f"context {context!r} is declared in {all_contexts[context]} too"))
            all_contexts[context] = rel
    for path, tree in trees.items():
        rel = str(path.relative_to(root))
        contexts = {name for name, (context, _) in _declared_contexts(tree).items() if name == context}
        called = {id(n.func) for n in ast.walk(tree) if isinstance(n, ast.Call)}
        for fstring in (n for n in ast.walk(tree) if isinstance(n, ast.JoinedStr)):
            for inner in ast.walk(fstring):
                if isinstance(inner, ast.Call) and _call_name(inner) in ("tr", "QT_TRANSLATE_NOOP"):
                    findings.append(Finding(rel, inner.lineno, "tr() inside an f-string: lupdate does not look there"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Attribute) and node.attr == "tr" and id(node) not in called:
                findings.append(Finding(rel, node.lineno, "tr taken as a value: lupdate reads only name.tr(...) calls"))
        for call in (n for n in ast.walk(tree) if isinstance(n, ast.Call)):
            name = _call_name(call)
            func = call.func
            line = call.lineno
            if name == "tr":
                owner = func.value.id if isinstance(func, ast.Attribute) and isinstance(func.value, ast.Name) else ""
                if owner not in contexts:
                    findings.append(
                        Finding(rel, line, f"tr() on {owner or 'an expression'}: use this module's context")
                    )
                    continue
                if call.keywords:
                    findings.append(Finding(rel, line, "tr() with keyword arguments (lupdate skips the call)"))
                    continue
                text = _literal(call.args[0]) if call.args else None
                if text is None:
                    if call.args and _words_in(call.args[0]):
                        findings.append(Finding(rel, line, "tr() of an f-string or a sum: lupdate cannot read it"))
                    continue  # a marked table entry, translated where shown
                comment = _literal(call.args[1]) if len(call.args) > 1 else ""
                if len(call.args) > 1 and comment is None:
                    findings.append(Finding(rel, line, "tr()'s disambiguation must be a literal"))
                messages.add(Message(owner, text, comment or "", numerus=len(call.args) > 2))
            elif name in ("QT_TRANSLATE_NOOP", "QT_TRANSLATE_NOOP3"):
                context, text = (_literal(a) for a in call.args[:2])
                if context is None or text is None or context not in all_contexts:
                    findings.append(Finding(rel, line, f"{name} needs a declared context and literal text"))
                    continue
                comment = _literal(call.args[2]) if len(call.args) > 2 else ""
                messages.add(Message(context, text, comment or ""))
            elif name in ("QT_TR_NOOP", "QT_TRANSLATE_N_NOOP") or (
                name == "translate"
                and (isinstance(func, ast.Name) or ast.unparse(func).startswith(("QCoreApplication", "QApplication")))
                and path.name != "i18n.py"  # the one place that calls Qt's translate
            ):
                findings.append(Finding(rel, line, f"{name}(): use the module's TranslationContext (gui/i18n.py)"))
            logging_call = isinstance(func, ast.Attribute) and ast.unparse(func.value) in ("log", "logging", "logger")
            positions = TEXT_METHODS.get(name, ()) if isinstance(func, ast.Attribute) and not logging_call else ()
            positions = positions or TEXT_CONSTRUCTORS.get(name, ()) or TEXT_FUNCTIONS.get(name, ())
            for index in positions:
                if index < len(call.args) and _words_in(call.args[index]):
                    findings.append(Finding(rel, line, f"unmarked text in {name}(): {ast.unparse(call.args[index])}"))
            for keyword in call.keywords:
                if keyword.arg in TEXT_KEYWORDS and _words_in(keyword.value):
                    findings.append(Finding(rel, line, f"unmarked text in {name}({keyword.arg}=...)"))
    return messages, findings


# ================================================================== the .ts files
@dataclass(frozen=True)
class Translation:
    message: Message
    forms: tuple[str, ...]
    kind: str  # "" finished, "unfinished", "vanished", "obsolete"


def read_ts(path: Path) -> dict[tuple[str, str, str], Translation]:
    root = ET.parse(path).getroot()
    entries = {}
    for context in root.iter("context"):
        name = context.findtext("name", "")
        for message in context.iter("message"):
            source = message.findtext("source", "")
            comment = message.findtext("comment", "")
            translation = message.find("translation")
            assert translation is not None
            numerus = message.get("numerus") == "yes"
            forms = (
                tuple(f.text or "" for f in translation.iter("numerusform")) if numerus else (translation.text or "",)
            )
            key = (name, source, comment)
            entries[key] = Translation(Message(name, source, comment, numerus), forms, translation.get("type", ""))
    return entries


@pytest.fixture(scope="module")
def extracted(tmp_path_factory) -> dict[tuple[str, str, str], Translation]:
    """What pyside6-lupdate finds in kbdesk/gui now, in a fresh .ts file."""
    ts = tmp_path_factory.mktemp("lupdate") / "kbdesk_de.ts"
    translations.run_lupdate(gui_modules(), ts)
    return read_ts(ts)


@pytest.fixture(scope="module")
def german() -> dict[tuple[str, str, str], Translation]:
    return read_ts(TS_DIR / "kbdesk_de.ts")


def test_no_text_reaches_qt_unmarked_and_every_mark_follows_the_convention():
    _messages, findings = scan(gui_modules())
    assert [str(f) for f in findings] == []


def test_the_scan_finds_an_unmarked_label_an_fstring_and_a_keyword_call(tmp_path):
    """The checks above can fail: a new module with the three mistakes is caught three times."""
    module = tmp_path / "new_page.py"
    module.write_text(
        "from .i18n import TranslationContext\n"
        "new_page = TranslationContext('new_page')\n"
        "def build(label, name, n):\n"
        "    label.setText('Fresh words nobody marked')\n"
        "    label.setToolTip(new_page.tr(f'Hello {name}'))\n"
        "    return new_page.tr('%n files', '', n=n)\n",
        "utf-8",
    )
    messages, findings = scan([module], root=tmp_path)
    assert len(findings) == 3, findings
    assert messages == set()


def test_lupdate_extracts_every_marked_string(extracted):
    """pyside6-lupdate's Python parser skips some spellings silently; what the code marks must reach the .ts."""
    messages, _ = scan(gui_modules())
    found = {(t.message.context, t.message.source, t.message.comment): t.message for t in extracted.values()}
    missing = [m for m in messages if (m.context, m.source, m.comment) not in found]
    assert missing == []
    plural_mismatch = [m for m in messages if m.numerus != found[(m.context, m.source, m.comment)].numerus]
    assert plural_mismatch == []


def _fields(text: str) -> list[str]:
    return sorted(re.findall(r"\{(\w*)\}", text))


def _tags(text: str) -> set[str]:
    """The kinds of tags (a translation may set one more word in italics, but not lose the bold or a link)."""
    return set(re.findall(r"</?(\w+)", text))


def test_every_string_has_a_finished_german_translation(extracted, german):
    missing = [key for key in extracted if key not in german]
    unfinished = [
        key for key, t in german.items() if key in extracted and (t.kind or not all(f.strip() for f in t.forms))
    ]
    assert missing == [], f"{len(missing)} strings have no German translation: run scripts/translations.py update"
    assert unfinished == []


def test_the_german_file_holds_nothing_the_code_no_longer_has(extracted, german):
    stale = [key for key in german if key not in extracted]
    assert stale == [], "run scripts/translations.py update to drop them"


def test_german_translations_keep_fields_counts_and_tags(extracted, german):
    wrong = []
    for key, source in extracted.items():
        translation = german.get(key)
        if translation is None:
            continue
        text = source.message.source
        if source.message.numerus and len(translation.forms) != GERMAN_FORMS:
            wrong.append((key, "plural forms"))
        for form in translation.forms:
            if _fields(form) != _fields(text):
                wrong.append((key, f"fields {_fields(form)} for {_fields(text)}"))
            if _tags(form) != _tags(text):
                wrong.append((key, "tags"))
            if form.count("&") > text.count("&"):  # one fewer is allowed: a label may go without a mnemonic
                wrong.append((key, "mnemonic"))
        if not source.message.numerus and "%n" in text:
            wrong.append((key, "%n outside a plural"))
        if source.message.numerus and not any("%n" in f or "%Ln" in f for f in translation.forms[1:]):
            wrong.append((key, "no %n in the plural form"))
    assert wrong == []


def test_english_has_the_plural_forms_of_every_plural(extracted):
    english = read_ts(TS_DIR / "kbdesk_en.ts")
    plurals = {key for key, t in extracted.items() if t.message.numerus}
    assert plurals, "the GUI has plurals; lupdate found none"
    assert {key for key in english if english[key].message.numerus} == plurals
    assert all(len(english[key].forms) == 2 and not english[key].kind for key in plurals)


def test_no_two_entries_of_one_german_menu_share_a_mnemonic(german):
    from kbdesk.gui.window_actions import WINDOW_ACTIONS

    def mnemonic(text: str) -> str:
        match = re.search(r"&(\w)", text)
        return match.group(1).lower() if match else ""

    def german_text(source: str) -> str:
        return german[("menus", source, "")].forms[0]

    titles = [german_text(t) for t in {spec.menu for spec in WINDOW_ACTIONS if spec.menu}]
    keys = [mnemonic(t) for t in titles]
    assert len(keys) == len(set(keys)), titles
    by_menu: dict[str, list[str]] = {}
    for spec in WINDOW_ACTIONS:
        if spec.menu:
            by_menu.setdefault(spec.menu, []).append(mnemonic(german_text(spec.text)))
    for menu, entries in by_menu.items():
        assert len(entries) == len(set(entries)), (menu, entries)


def test_every_language_the_setting_offers_has_a_translation_and_back():
    from kbdesk.core.settings import UI_LANGUAGES

    languages = {translations.language_of(ts) for ts in translations.ts_files()}
    assert languages == set(UI_LANGUAGES)


def test_every_language_name_core_gives_is_marked_for_translation():
    from kbdesk.core.language import LANGUAGE_NAMES
    from kbdesk.gui.search_notes import LANGUAGE_NAMES as MARKED

    assert set(LANGUAGE_NAMES.values()) <= MARKED


def test_the_consent_pages_word_every_category_and_diagnostics_section_the_core_has():
    """A redaction category or a collector added in the core must not reach the consent page in English only."""
    from kbdesk.core.diagnostics import COLLECTORS
    from kbdesk.core.escalation import OPTIONAL_CATEGORIES
    from kbdesk.core.redaction import CATEGORIES
    from kbdesk.gui.escalation_words import CATEGORY_WORDS, COLLECTOR_TITLES, KEEP_LABELS

    assert {c.name for c in CATEGORIES} == set(CATEGORY_WORDS)
    assert set(OPTIONAL_CATEGORIES) <= set(KEEP_LABELS)
    assert {c.name for c in COLLECTORS} == set(COLLECTOR_TITLES)


# ================================================================== the app
@pytest.fixture
def compiled(tmp_path) -> Path:
    """The .ts files compiled now (not whatever ./dev setup left), as lrelease makes them for a build."""
    translations.compile_all(tmp_path)
    return tmp_path


@pytest.fixture
def language(qapp, compiled) -> Iterator[object]:
    """install_translations for a test; takes everything out again afterwards."""
    from kbdesk.gui.i18n import install_translations

    installed = []

    def install(setting: str, system: str = "en_US"):
        from PySide6.QtCore import QLocale

        result = install_translations(setting, system=QLocale(system), folder=compiled)
        installed.append(result)
        return result

    yield install
    for result in reversed(installed):
        result.remove()


def test_the_installed_qm_files_are_current():
    """./dev setup compiled the .ts files into resources/i18n, and none was edited since."""
    for ts in translations.ts_files():
        qm = ts.with_suffix(".qm")
        assert qm.is_file(), f"{qm} is missing: ./dev setup compiles it"
        assert qm.stat().st_mtime >= ts.stat().st_mtime, f"{qm.name} is older than {ts.name}: run ./dev setup"


def shown_texts(root) -> set[str]:
    """Every text a person can read or hear on ``root`` and its children: labels, buttons, tips, names, items."""
    from PySide6.QtWidgets import QAbstractButton, QComboBox, QLabel, QLineEdit, QTabWidget, QWidget

    texts: set[str] = set()
    for widget in [root, *root.findChildren(QWidget)]:
        texts.update((widget.toolTip(), widget.accessibleName(), widget.accessibleDescription(), widget.windowTitle()))
        if isinstance(widget, QLabel | QAbstractButton):
            texts.add(widget.text())
        if isinstance(widget, QLineEdit):
            texts.add(widget.placeholderText())
        if isinstance(widget, QComboBox):
            texts.update(widget.itemText(i) for i in range(widget.count()))
        if isinstance(widget, QTabWidget):
            texts.update(widget.tabText(i) for i in range(widget.count()))
        for action in widget.actions():
            texts.update((action.text(), action.toolTip()))
    return {t for t in texts if t}


def test_a_german_system_gets_a_german_window(make_window, language, extracted, german):
    from PySide6.QtWidgets import QDialogButtonBox, QLabel

    from kbdesk.gui.settings_dialog import SettingsDialog
    from kbdesk.gui.writer import show_writer

    installed = language("system", "de_DE")
    assert installed.language == "de" and installed.locale.name() == "de_DE"
    window = make_window()
    assert window.search_edit.placeholderText() == "Beschreiben Sie Ihr Problem oder fügen Sie eine Fehlermeldung ein"
    menus = [a.text() for a in window.menuBar().actions()]
    assert menus[0] == "&Datei" and "&Hilfe" in menus
    dialog = SettingsDialog(window.settings, window)
    assert "Sp&rache:" in {label.text() for label in dialog.findChildren(QLabel)}
    # Qt's own words come in German too (qtbase_de.qm): the dialog's standard buttons
    box = dialog.findChild(QDialogButtonBox)
    assert box.button(QDialogButtonBox.StandardButton.Cancel).text().replace("&", "") == "Abbrechen"
    # nothing on these screens is an English source text that has a German translation: whatever was
    # marked is also translated where it is shown
    show_writer(window)
    english = {
        key[1]
        for key, t in extracted.items()
        if key in german and german[key].forms[0] != key[1] and not t.message.numerus
    }
    untranslated = (
        shown_texts(window)
        | shown_texts(dialog)
        | {a.text() for m in window.menuBar().actions() for a in m.menu().actions()}
    ) & english
    assert untranslated == set()


def _mnemonic(text: str) -> str | None:
    match = re.search(r"&([^&\s])", text.replace("&&", ""))
    return match.group(1).lower() if match else None


def shared_mnemonics(root, also: list[str]) -> dict[str, list[str]]:
    """Mnemonics used twice among ``also`` (the menu bar's titles) and what ``root`` shows now."""
    from PySide6.QtWidgets import QAbstractButton, QLabel, QTabWidget, QWidget

    texts = list(also)
    for widget in root.findChildren(QWidget):
        if not widget.isVisibleTo(root) or widget.window() is not root.window():
            continue
        if (isinstance(widget, QLabel) and widget.buddy() is not None) or isinstance(widget, QAbstractButton):
            texts.append(widget.text())
        if isinstance(widget, QTabWidget):
            texts.extend(widget.tabText(i) for i in range(widget.count()))
    found: dict[str, list[str]] = {}
    for text in texts:
        key = _mnemonic(text)
        if key:
            found.setdefault(key, []).append(text)
    return {key: shown for key, shown in found.items() if len(shown) > 1}


def test_no_german_screen_uses_a_mnemonic_twice(qtbot, make_window, language):
    """German words are longer and their letters others: the &s are placed so that no Alt+letter is taken twice
    on a screen (the menu bar counts on every screen of the main window)."""
    from kbdesk.gui.insights_view import show_insights
    from kbdesk.gui.requests_view import show_requests
    from kbdesk.gui.settings_dialog import SettingsDialog
    from kbdesk.gui.shortcuts_view import show_shortcuts
    from kbdesk.gui.writer import show_writer

    language("de")
    window = make_window()
    bar = [a.text() for a in window.menuBar().actions()]
    clashes = {"menu bar": shared_mnemonics(window.menuBar(), bar)}
    for action in window.menuBar().actions():
        entries = [a.text() for a in action.menu().actions() if a.text()]
        clashes[action.text()] = shared_mnemonics(action.menu(), entries)
    clashes["search"] = shared_mnemonics(window, bar)
    page = show_writer(window)
    clashes["writer, Markdown"] = shared_mnemonics(window, bar)
    page.editor.edit_tabs.setCurrentIndex(1)
    clashes["writer, details"] = shared_mnemonics(window, bar)
    show_insights(window)
    clashes["insights"] = shared_mnemonics(window, bar)
    show_requests(window)
    clashes["my requests"] = shared_mnemonics(window, bar)
    show_shortcuts(window)
    clashes["shortcuts"] = shared_mnemonics(window, bar)
    dialog = SettingsDialog(window.settings, window, desks=window.desks)
    dialog.show()
    clashes["settings"] = shared_mnemonics(dialog, [])
    dialog.tabs.setCurrentIndex(1)
    qtbot.waitUntil(lambda: dialog.desk_panel is not None and dialog.desk_panel.isEnabled(), timeout=10_000)
    clashes["settings, service desk"] = shared_mnemonics(dialog, [])
    dialog.close()
    # the wizard's pages, with its own buttons (Qt's German "< &Zurück", "&Weiter >")
    window.show_search_page()
    window.start_escalation()
    wizard = window.escalation_wizard
    wizard.describe_page.summary_edit.setText("Drucker druckt nicht")
    qtbot.waitUntil(lambda: wizard.findings is not None, timeout=20_000)
    for _ in range(6):
        page = wizard.currentPage()
        qtbot.waitUntil(lambda: not wizard.busy, timeout=20_000)
        clashes[f"wizard, {page.title()}"] = shared_mnemonics(wizard, [])
        if page is wizard.save_page:
            break
        qtbot.waitUntil(page.isComplete, timeout=20_000)
        wizard.next()
    assert wizard.currentPage() is wizard.save_page
    wizard.reject()
    assert {screen: found for screen, found in clashes.items() if found} == {}


def test_the_language_setting_overrides_the_system_both_ways(language):
    from kbdesk.gui.feedback import feedback

    assert language("en", "de_DE").language == "en"
    assert feedback.tr("Yes") == "Yes"
    assert language("de", "en_US").language == "de"
    assert feedback.tr("Yes") == "Ja"


def test_a_system_in_a_language_kbdesk_does_not_speak_gets_english_with_its_own_number_format(language):
    from kbdesk.gui.i18n import number

    installed = language("system", "fr_FR")
    assert installed.language == "en"
    assert number(1234567) == "1\u202f234\u202f567"  # French groups with a narrow no-break space (CLDR)


def test_plurals_and_numbers_follow_the_language(language):
    from kbdesk.gui.status_area import status_area

    text = "%n articles need fixing — open writer mode"
    language("en")
    assert status_area.tr(text, "", 1) == "1 article needs fixing — open writer mode"
    assert status_area.tr(text, "", 1234) == "1,234 articles need fixing — open writer mode"
    language("de")
    assert status_area.tr(text, "", 1) == "1 Artikel muss überarbeitet werden – Autorenmodus öffnen"
    assert status_area.tr(text, "", 1234) == "1.234 Artikel müssen überarbeitet werden – Autorenmodus öffnen"


def test_dates_numbers_and_percentages_as_the_language_writes_them(language):
    import datetime as dt

    from kbdesk.gui.i18n import date_text, number, percent

    day = dt.date(2026, 5, 3)
    language("en", "en_US")
    assert (date_text(day, long=True), date_text(day), number(1234.5, 1), percent(0.256)) == (
        "May 3, 2026",
        "5/3/26",
        "1,234.5",
        "26%",
    )
    language("de", "en_US")
    assert (date_text(day, long=True), date_text(day), number(1234.5, 1), percent(0.256)) == (
        "3. Mai 2026",
        "03.05.26",
        "1.234,5",
        "26\u00a0%",
    )


def test_the_sources_line_and_a_lock_reason_in_the_app_language(language):
    """The core words a source's sync in English for the command line; the app words it again from the facts."""
    from kbdesk.core.sources.policy import DEFAULT_REASON
    from kbdesk.core.sources.store import OFFLINE, ServedRevision, SyncResult
    from kbdesk.gui.sources_words import policy_reason, sync_line

    served = ServedRevision("it", "3f9c2a81d0b4aa", "2026-11-30T10:12:00+00:00", "", Path("."))
    results = [SyncResult("it", OFFLINE, served=served)]
    language("en", "en_US")
    assert (
        sync_line(results, 60.0)
        == "Offline: could not update it; showing articles from November 30, 2026, retrying in 1 min"
    )
    assert policy_reason(DEFAULT_REASON) == DEFAULT_REASON
    language("de", "en_US")
    assert sync_line(results, 240.0) == (
        "Offline: it konnte nicht aktualisiert werden; angezeigt werden die Artikel vom 30. November 2026, "
        "neuer Versuch in 4 Minuten"
    )
    assert sync_line([SyncResult("it", "unchanged")], None) == ""
    assert policy_reason(DEFAULT_REASON) == "durch die Richtlinie Ihrer Organisation festgelegt"
    assert policy_reason("Managed by Example IT") == "Managed by Example IT"  # the organisation's own words


PROBE = """
import json, sys
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication
from kbdesk.gui.app import run_gui
from kbdesk.gui.main_window import MainWindow

app = QApplication([sys.argv[0]])

def report():
    window = next(w for w in QApplication.topLevelWidgets() if isinstance(w, MainWindow))
    print(json.dumps({
        "placeholder": window.search_edit.placeholderText(),
        "menus": [a.text() for a in window.menuBar().actions()],
        "status": window.status_area.search_status.text(),
    }), flush=True)
    window.close()

QTimer.singleShot(200, report)
sys.exit(run_gui([]))
"""


def _run_app(home: Path, **env: str) -> dict[str, object]:
    environ = {k: v for k, v in os.environ.items() if not k.startswith(("LC_", "LANG"))}
    environ.update(KBDESK_HOME=str(home), QT_QPA_PLATFORM="offscreen", **env)
    result = subprocess.run(
        [sys.executable, "-c", PROBE], env=environ, capture_output=True, text=True, timeout=120, check=False
    )
    lines = [line for line in result.stdout.splitlines() if line.startswith("{")]
    assert result.returncode == 0 and lines, result.stdout + result.stderr
    return json.loads(lines[-1])


def test_the_app_follows_lang_and_the_setting_overrides_it(tmp_path):
    """The real start-up path (run_gui, the settings file, the .qm files ./dev setup compiled)."""
    german = _run_app(tmp_path / "de", LANG="de_DE.UTF-8")
    assert german["placeholder"] == "Beschreiben Sie Ihr Problem oder fügen Sie eine Fehlermeldung ein"
    assert german["menus"][0] == "&Datei"
    english = _run_app(tmp_path / "en", LANG="en_US.UTF-8")
    assert english["placeholder"] == "Describe your problem or paste an error message"
    settings = tmp_path / "override" / "config" / "settings.toml"
    settings.parent.mkdir(parents=True)
    settings.write_text('version = 6\nlanguage = "en"\n', "utf-8")
    overridden = _run_app(tmp_path / "override", LANG="de_DE.UTF-8", LANGUAGE="de")
    assert overridden["menus"][0] == "&File"
