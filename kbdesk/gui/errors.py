"""The one way the GUI tells a person that something failed (Anki's ``show_exception`` was the model).

Every failure a window or page hears about (a task's ``on_error``, a caught exception) goes
through :func:`show_error`, so it is worded, logged and shown one way:

* a :class:`~kbdesk.core.errors.KbdeskError` is a failure the core raised on purpose: its
  text is written for the person and its ``hint`` says what to do next. Shown as
  "<what>: <message>. <hint>", logged as a warning without a traceback (an expected condition,
  such as a missing folder or a refused bundle);
* an :class:`OSError` (a disk full, a file another program locked) is expected too: shown with
  the system's own words (``strerror``), logged as a warning;
* anything else is a bug: logged at ERROR with its traceback, shown as "<what>: unexpected error
  (TypeError); see the log". Its text is not shown: it is written for programmers and may hold a
  path or a value out of context.

Words: ``what`` comes translated from the caller, and so does "unexpected error"; the reason of a
``KbdeskError`` is the core's own English (the command line shows the same sentence, and it
carries names and values), and an ``OSError`` speaks the C library's language (docs/translations.md).

Where the sentence appears is the caller's choice: by default a warning box over ``parent``; a
page with a place of its own for problems (a status line, a label, the status bar through
:meth:`WindowHost.show_status <kbdesk.gui.host.WindowHost.show_status>`) passes ``show=`` and the
sentence goes there instead. Either way the caller gets the sentence back.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from PySide6.QtWidgets import QMessageBox, QWidget

from ..core.errors import KbdeskError
from .i18n import TranslationContext

log = logging.getLogger(__name__)
errors = TranslationContext("errors")

_END = (".", "!", "?", "…", ":")


def error_text(exc: BaseException, what: str, *, hint: str = "") -> str:
    """The sentence :func:`show_error` shows for ``exc`` (logging it on the way, as the module doc says).

    ``hint`` says what to do next when the error itself does not (an OSError never does)."""
    if isinstance(exc, KbdeskError | OSError):
        log.warning("%s: %s", what, exc)
    else:
        log.error("%s", what, exc_info=exc)
    own = exc.hint if isinstance(exc, KbdeskError) else ""
    return _sentence(what, error_reason(exc), own or hint)


def error_reason(exc: BaseException) -> str:
    """Just the why, without the hint, for a place that names the failure itself (nothing is logged)."""
    if isinstance(exc, KbdeskError):
        return str(exc).strip()
    if isinstance(exc, OSError):
        return exc.strerror or str(exc)
    return errors.tr("unexpected error ({kind}); see the log").format(kind=type(exc).__name__)


def show_error(
    parent: QWidget | None,
    exc: BaseException,
    what: str,
    *,
    show: Callable[[str], object] | None = None,
    hint: str = "",
) -> str:
    """Tell the person that ``what`` failed because of ``exc``: in a warning box over ``parent``, or
    through ``show`` (a label's ``setText``, the host's ``show_status``). Returns the sentence shown."""
    text = error_text(exc, what, hint=hint)
    if show is not None:
        show(text)
    else:
        QMessageBox.warning(parent, _title(what), text)
    return text


def _sentence(what: str, message: str, hint: str) -> str:
    message = message.strip() or errors.tr("no details")
    text = f"{what}: {message}" if what else message
    if not text.endswith(_END):
        text += "."
    return f"{text} {hint}".strip()


def _title(what: str) -> str:
    """A window title from ``what`` ("Could not clear the history" stays as it is; long ones are cut)."""
    return what if len(what) <= 60 else what[:59] + "…"
