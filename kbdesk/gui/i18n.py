"""The app's language: how GUI code marks its words for translation, and which translation is installed.

**Marking words.** Every module of ``kbdesk/gui`` that shows text declares one translation
context, named after the module and bound to a module-level name spelled the same::

    status_area = TranslationContext("status_area")
    label.setText(status_area.tr("Ready"))
    status_area.tr("%n articles need fixing", "", len(files))   # a plural: Qt's %n
    status_area.tr("Opening articles in {folder}…").format(folder=name)

Tables built at import time (menu entries, labels by key) mark their words with
``QT_TRANSLATE_NOOP("status_area", "Checking articles…")`` and are translated where they are
shown, ``status_area.tr(STAGE_LABELS[stage])``. Values go in with ``str.format`` and named
fields (``{folder}``: the translator sees what goes there; ``tests/gui/test_i18n.py`` checks that
a translation keeps every field), numbers and dates through :func:`number` and :func:`date_text`
(the locale's digits and order), counts through ``%n``.

Why this spelling and not the two usual ones:

* ``self.tr()`` takes its context from the instance's class in PySide6 before 6.8 (PyQt still
  does), so a string in a base class is not found for a subclass; and half our strings live in
  module-level functions and tables that have no ``self``.
* ``QCoreApplication.translate("ctx", ...)``: pyside6-lupdate (6.11) reads its count only when it
  is a number literal (``translate("ctx", "%n files", "", n)`` lands in the ``.ts`` file as a
  plain message, without plural forms) and silently drops a call whose count is an expression.
* ``name.tr(text, disambiguation, n)`` is the one spelling lupdate reads in full: the name before
  ``.tr`` is the context, and the count may be any expression. The context stays the module's
  name wherever in the module the string moves; a translator sees which screen it is on.

The module's name for the context shadows nothing: a module never imports itself. A test walks
every module (``tests/gui/test_i18n.py``): each ``X.tr(...)`` names a context declared as
``X = TranslationContext("X")``, with literal text, and lupdate finds every one of them.

**Choosing the language.** The setting ``language`` ("system", or a language code) decides:
"system" follows the desktop's UI languages in order (``QLocale.system().uiLanguages()``, which
on Linux reads ``LANGUAGE``, ``LC_ALL``, ``LC_MESSAGES`` and ``LANG``) and takes the first one
kbdesk has a translation for, else English; numbers and dates then follow the system's locale,
as everywhere on that desktop. A language chosen in Settings sets both. The choice is applied
when the app starts (:func:`install_translations`): a running window keeps its words.
"""

from __future__ import annotations

import datetime as dt
import logging
import re
from dataclasses import dataclass, field
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QDate, QLibraryInfo, QLocale, QTranslator

from ..core.paths import resources_dir
from ..core.settings import UI_LANGUAGES

log = logging.getLogger(__name__)

#: the language of the source strings
SOURCE_LANGUAGE = "en"
#: compiled translations are ``kbdesk_<language>.qm`` in ``resources/i18n``
CATALOG_PREFIX = "kbdesk_"


class TranslationContext:
    """The translation context of one module (see the module doc for the convention)."""

    __slots__ = ("name",)

    def __init__(self, name: str) -> None:
        self.name = name

    def tr(self, text: str, disambiguation: str | None = None, n: int = -1) -> str:
        """``text`` in the installed language; ``n`` >= 0 picks the plural form and replaces ``%n``."""
        return QCoreApplication.translate(self.name, text, disambiguation or None, n)

    def __repr__(self) -> str:
        return f"TranslationContext({self.name!r})"


def QT_TRANSLATE_NOOP(context: str, text: str) -> str:  # noqa: N802 - the name lupdate looks for
    """Mark ``text`` for translation in ``context`` without translating it (a table built at import time);
    PySide6's own returns ``object`` to a type checker, this one ``str``."""
    return text


def translations_dir() -> Path:
    """Where the ``.ts`` sources and the ``.qm`` files compiled from them are."""
    return resources_dir() / "i18n"


def language_of(tag: str) -> str:
    """``"de"`` for ``de-Latn-DE``, ``de_DE.UTF-8`` or ``de``."""
    return tag.replace("_", "-").split("-")[0].split(".")[0].lower()


def choose_language(setting: str, system: QLocale | None = None) -> tuple[str, QLocale]:
    """The language to show and the locale that formats numbers and dates, for the ``language`` setting."""
    if setting and setting != "system":
        return setting, QLocale(setting)
    system = system if system is not None else QLocale.system()
    for tag in system.uiLanguages():
        language = language_of(tag)
        if language in UI_LANGUAGES:
            return language, system
    return SOURCE_LANGUAGE, system


@dataclass
class InstalledLanguage:
    """What :func:`install_translations` put in place, so it can be taken out again (tests, a restart)."""

    language: str
    locale: QLocale
    translators: list[QTranslator] = field(default_factory=list)
    previous_locale: QLocale = field(default_factory=QLocale)

    def remove(self) -> None:
        app = QCoreApplication.instance()
        for translator in self.translators:
            if app is not None:
                app.removeTranslator(translator)
        self.translators.clear()
        QLocale.setDefault(self.previous_locale)


def install_translations(
    setting: str, *, system: QLocale | None = None, folder: Path | None = None
) -> InstalledLanguage:
    """Install kbdesk's translation (and Qt's own, for standard buttons and dialogs) for ``setting``.

    English always gets its plural forms (``kbdesk_en.qm``: "1 article", "2 articles"). A missing
    ``.qm`` file is logged and the words stay English: a set-up that skipped the compile step
    must not stop the app."""
    app = QCoreApplication.instance()
    assert app is not None, "install_translations needs the application object"
    language, locale = choose_language(setting, system)
    installed = InstalledLanguage(language, locale)
    QLocale.setDefault(locale)
    folder = folder if folder is not None else translations_dir()
    # Qt asks the translator installed last first: the chosen language, then English's plural forms
    catalogs = [(f"{CATALOG_PREFIX}{SOURCE_LANGUAGE}", folder)]
    if language != SOURCE_LANGUAGE:
        qt_folder = Path(QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath))
        catalogs += [(f"qtbase_{language}", qt_folder), (f"{CATALOG_PREFIX}{language}", folder)]
    for name, where in catalogs:
        translator = QTranslator(app)
        if translator.load(name, str(where)):
            app.installTranslator(translator)
            installed.translators.append(translator)
        elif name.startswith(CATALOG_PREFIX):
            log.warning(
                "no compiled translation %s.qm in %s (./dev setup compiles it); words stay English", name, where
            )
        else:
            log.info("Qt's own translation %s.qm is not in %s; standard buttons stay English", name, where)
    log.info("language %s (setting %r), numbers and dates as %s", language, setting, locale.name())
    return installed


# ------------------------------------------------------------------ numbers and dates in the locale's form
def number(value: int | float, decimals: int = 0) -> str:
    """``value`` with the locale's digit grouping and decimal sign (1,234.5 or 1.234,5)."""
    if isinstance(value, int):
        return QLocale().toString(value)
    return QLocale().toString(float(value), "f", decimals)


def percent(fraction: float, decimals: int = 0) -> str:
    """``0.25`` as "25%" or "25 %", as the locale writes it."""
    locale = QLocale()
    return locale.toString(fraction * 100, "f", decimals) + ("\u00a0%" if locale.language() in _SPACED_PERCENT else "%")


#: languages that put a (no-break) space before the percent sign (Duden for German; CLDR for French)
_SPACED_PERCENT = {QLocale.Language.German, QLocale.Language.French}


def date_text(day: dt.date, *, long: bool = False) -> str:
    """A calendar date as the locale writes it: "12/7/26", "07.12.26"; long: "December 7, 2026", "7. Dezember 2026".

    Long is the locale's long format without the weekday (Qt's has one: "Monday, December 7, 2026"),
    which a "last reviewed" line does not need."""
    locale = QLocale()
    date = QDate(day.year, day.month, day.day)
    if not long:
        return locale.toString(date, QLocale.FormatType.ShortFormat)
    pattern = _WEEKDAY.sub("", locale.dateFormat(QLocale.FormatType.LongFormat)).strip(" ,")
    return locale.toString(date, pattern or "d MMMM yyyy")


#: the weekday in a Qt date pattern, with the separator after it ("dddd, ", "dddd ")
_WEEKDAY = re.compile(r"dddd[,.]?\s*")


def month_text(day: dt.date) -> str:
    """The month and year ("December 2026", "Dezember 2026")."""
    return QLocale().toString(QDate(day.year, day.month, day.day), "MMMM yyyy")
