"""Composition root of the desktop app: logging, crash handler, settings, the main window."""

from __future__ import annotations

import logging
import logging.handlers
import os
import sys
import threading
import traceback
from collections.abc import Sequence
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING

import shiboken6
from PySide6.QtCore import QObject, Qt, QTimer, Signal, Slot
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication, QMessageBox

from .. import __version__
from ..core.paths import APP_NAME, resources_dir, state_paths
from ..core.settings import load_settings
from ..core.sources.policy import effective_settings, load_policy
from ..core.sources.service import source_index_root
from .i18n import TranslationContext, install_translations
from .single_instance import InstanceServer, hand_off

if TYPE_CHECKING:
    from .main_window import MainWindow

log = logging.getLogger(__name__)

LOG_MAX_BYTES = 1_000_000
LOG_BACKUPS = 3
BUNDLE_SUFFIX = ".kbbundle"
#: the reverse-DNS application id: .desktop file, AppStream metainfo, Wayland app id
APP_ID = "io.github.kbdesk.Kbdesk"
ICON_SIZES = (16, 32, 48, 64, 128, 256)
#: the names of the two handlers setup_logging adds (so a second call adds none)
LOG_HANDLER_NAMES = ("kbdesk-file", "kbdesk-console")


app = TranslationContext("app")


def setup_logging(level: int = logging.INFO) -> Path | None:
    """Log to a rotating file under the logs folder (and stderr for warnings). Returns the log file."""
    root = logging.getLogger()
    if any(h.get_name() in LOG_HANDLER_NAMES for h in root.handlers):
        return state_paths().log_file
    log_file = state_paths().log_file
    formatter = logging.Formatter("%(asctime)s %(levelname)s %(threadName)s %(name)s: %(message)s")
    try:
        log_file.parent.mkdir(parents=True, exist_ok=True)
        handler: logging.Handler = logging.handlers.RotatingFileHandler(
            log_file, maxBytes=LOG_MAX_BYTES, backupCount=LOG_BACKUPS, encoding="utf-8"
        )
    except OSError as exc:
        print(f"kbdesk: cannot write the log file {log_file}: {exc}", file=sys.stderr)
        handler, log_file = logging.StreamHandler(), None  # type: ignore[assignment]
    handler.setFormatter(formatter)
    handler.set_name(LOG_HANDLER_NAMES[0])
    root.addHandler(handler)
    console = logging.StreamHandler()
    console.setLevel(logging.WARNING)
    console.setFormatter(formatter)
    console.set_name(LOG_HANDLER_NAMES[1])
    root.addHandler(console)
    root.setLevel(level)
    return log_file


class CrashHandler(QObject):
    """Turns an uncaught exception (GUI thread or any other) into a log entry and a dialog; the app goes on."""

    _show = Signal(str, str)

    #: at most this many dialogs per run; after that, crashes are only logged
    MAX_DIALOGS = 3

    def __init__(self, log_file: Path | None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.log_file = log_file
        self._dialogs = 0
        self._showing = False
        self._previous_hook = sys.excepthook
        self._previous_thread_hook = threading.excepthook
        self._show.connect(self._show_dialog, Qt.ConnectionType.QueuedConnection)

    def install(self) -> None:
        sys.excepthook = self._excepthook
        threading.excepthook = self._thread_excepthook

    def uninstall(self) -> None:
        sys.excepthook = self._previous_hook
        threading.excepthook = self._previous_thread_hook

    def _excepthook(self, exc_type: type[BaseException], exc: BaseException, tb: TracebackType | None) -> None:
        if issubclass(exc_type, KeyboardInterrupt):
            QApplication.quit()
            return
        self.report(exc_type, exc, tb, threading.current_thread().name)

    def _thread_excepthook(self, args: threading.ExceptHookArgs) -> None:
        if args.exc_type is SystemExit:
            return
        assert args.exc_value is not None or args.exc_type is not None
        exc = args.exc_value if args.exc_value is not None else args.exc_type()
        self.report(args.exc_type, exc, args.exc_traceback, args.thread.name if args.thread else "?")

    def report(self, exc_type: type[BaseException], exc: BaseException, tb: TracebackType | None, thread: str) -> None:
        text = "".join(traceback.format_exception(exc_type, exc, tb))
        log.critical("uncaught exception in thread %s:\n%s", thread, text)
        summary = f"{exc_type.__name__}: {exc}"
        self._show.emit(summary, text)  # queued: safe from any thread

    @Slot(str, str)
    def _show_dialog(self, summary: str, details: str) -> None:
        if self._showing or self._dialogs >= self.MAX_DIALOGS:
            return
        self._dialogs += 1
        self._showing = True
        try:
            where = str(self.log_file) if self.log_file else app.tr("the console (no log file could be written)")
            box = QMessageBox(
                QMessageBox.Icon.Critical,
                app.tr("kbdesk hit a problem"),
                app.tr(
                    "Something went wrong inside kbdesk. You can keep working; if things look wrong, restart kbdesk."
                ),
                QMessageBox.StandardButton.Ok,
            )
            box.setInformativeText(
                app.tr(
                    "{summary}\n\nThe details were written to the log:\n{where}\n\n"
                    "Please include the log if you report this."
                ).format(summary=summary, where=where)
            )
            box.setDetailedText(details)
            box.exec()
        finally:
            self._showing = False


def bundle_paths(argv: Sequence[str]) -> list[Path]:
    """The bundles named on a command line (opened in the agent view)."""
    return [Path(a) for a in argv if a.lower().endswith(BUNDLE_SUFFIX)]


def run_gui(argv: Sequence[str]) -> int:
    """Start the desktop app; returns the exit code."""
    log_file = setup_logging()
    log.info("kbdesk %s starting (Python %s, %s)", __version__, sys.version.split()[0], sys.platform)
    # HiDPI: Qt 6 scales by default; keep fractional factors (125 %, 150 %) instead of rounding them
    os.environ.setdefault("QT_ENABLE_HIGHDPI_SCALING", "1")
    QApplication.setHighDpiScaleFactorRoundingPolicy(Qt.HighDpiScaleFactorRoundingPolicy.PassThrough)
    qt_app = QApplication.instance() or QApplication([sys.argv[0], *[a for a in argv if a.startswith("-")]])
    assert isinstance(qt_app, QApplication)
    qt_app.setApplicationName(APP_NAME)
    qt_app.setApplicationDisplayName("kbdesk")
    qt_app.setOrganizationName(APP_NAME)
    qt_app.setApplicationVersion(__version__)
    qt_app.setDesktopFileName(APP_ID)
    qt_app.setWindowIcon(app_icon())
    if hand_off(argv):
        log.info("handed over to the kbdesk already running for this user; exiting")
        return 0
    instance = InstanceServer(parent=qt_app)
    if not instance.listen() and hand_off(argv):  # lost a race with another launch
        return 0
    crash = CrashHandler(log_file, qt_app)
    crash.install()

    settings = load_settings()
    # the organisation's policy: one small file, read once before the first paint like the settings
    policy = load_policy()
    for problem in policy.problems:
        log.warning("policy: %s", problem)
    # before the first widget: every text is looked up when it is set
    install_translations(settings.language)
    from .main_window import MainWindow
    from .theme import apply_theme

    theme = effective_settings(settings, policy).values.get("theme", "system")
    if theme != "system":
        apply_theme(str(theme))
    window = MainWindow(settings, policy=policy)
    window.show()
    announce_first_index(window)  # before start(): the index folder appears once indexing begins
    window.start()
    for bundle in bundle_paths(argv):
        QTimer.singleShot(0, lambda b=bundle: window.open_bundle(b))
    instance.arguments_received.connect(lambda args: handed_over(window, args))
    if os.environ.get("KBDESK_STARTUP_PROBE"):
        _startup_probe(window)
    try:
        code = qt_app.exec()
    finally:
        instance.close()
        window.shutdown()
        crash.uninstall()
        # delete the window (and its thread pools) now, not whenever the interpreter's exit gets to it
        shiboken6.delete(window)
        log.info("kbdesk stopped")
    return int(code)


def app_icon() -> QIcon:
    """The application icon from the PNG renderings (no SVG plug-in needed at run time)."""
    icon = QIcon()
    folder = resources_dir() / "icons"
    for size in ICON_SIZES:
        path = folder / f"kbdesk-{size}.png"
        if path.is_file():
            icon.addFile(str(path))
    return icon


def handed_over(window: MainWindow, argv: Sequence[str]) -> None:
    """A later launch handed over: bring this window forward and open its bundle, if any."""
    if window.isMinimized():
        window.setWindowState(window.windowState() & ~Qt.WindowState.WindowMinimized)
    window.show()
    window.raise_()
    window.activateWindow()
    QApplication.alert(window)  # where the window manager refuses focus stealing, at least flash
    for bundle in bundle_paths(argv):
        log.info("opening the bundle handed over by another launch: %s", bundle)
        window.open_bundle(bundle)


def announce_first_index(window: MainWindow) -> None:
    """Say in one line what happens when no source has an index yet (the first start, or a new folder)."""
    sources = window.sources.sources
    try:
        if not sources or any(source_index_root(s.name).exists() for s in sources):
            return
        folder = Path(sources[0].url).expanduser() if len(sources) == 1 and sources[0].kind == "folder" else None
        count = sum(1 for _ in folder.rglob("*.md")) if folder is not None and folder.is_dir() else 0
    except OSError:
        return
    if folder is None or not count:
        text = app.tr(
            "First start: indexing the articles of %n sources in the background… "
            "search works as soon as keyword indexing finishes",
            "",
            len(sources),
        )
    elif sources[0].origin == "starter":
        text = app.tr(
            "First start: indexing %n starter articles in the background… "
            "search works as soon as keyword indexing finishes",
            "",
            count,
        )
    else:
        text = app.tr(
            "New articles folder: indexing %n articles in {folder} in the background… "
            "search works as soon as keyword indexing finishes",
            "",
            count,
        ).format(folder=folder.name)
    window.show_status(text, 0)
    window.kb.index_ready.connect(window.statusBar().clearMessage, Qt.ConnectionType.SingleShotConnection)


def _startup_probe(window: MainWindow) -> None:
    """For benchmarks/bench_gui.py: print when the first event-loop iteration runs with the field usable,
    and when the index is open; with KBDESK_STARTUP_PROBE=quit, quit once both happened."""
    import time

    marks: set[str] = set()

    def mark(name: str) -> None:
        if name in marks:
            return
        marks.add(name)
        edit = window.search_edit
        print(f"{name} {time.time():.6f} enabled={edit.isEnabled()} visible={edit.isVisible()}", flush=True)
        if os.environ.get("KBDESK_STARTUP_PROBE") == "quit" and len(marks) == 2:
            QApplication.quit()

    QTimer.singleShot(0, lambda: mark("KBDESK_READY"))
    window.kb.index_ready.connect(lambda: mark("KBDESK_INDEX_READY"))
    QTimer.singleShot(30_000, QApplication.quit)
