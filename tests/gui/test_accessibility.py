"""Every screen of kbdesk, as a screen reader and a keyboard user meet it: the real AT-SPI tree.

The test starts a desktop session of its own (Xvfb, a D-Bus session bus, the AT-SPI bus and
registry: ``a11y_session.py``), the app on it with ``QT_LINUX_ACCESSIBILITY_ALWAYS_ON=1``
(``a11y_app.py``, driven screen by screen), and a probe under the system Python with Debian's
pyatspi (``atspi_probe.py``) that reads the tree and presses Tab through the X server. Per screen
it asserts the checks of ``a11y_checks.py``: names, labels, the Tab walk, mnemonics, links.

Without the Debian packages (``xvfb dbus at-spi2-core python3-pyatspi``; ``./dev setup`` installs
them as root) the test is skipped, except when ``$KBDESK_REQUIRE_TEST_SERVERS`` is set (``.ci/run``
sets it): then it fails. ``KBDESK_A11Y_REPORT=FILE`` appends each screen's counts to FILE as JSON
lines (the numbers in docs/accessibility.md come from there); ``KBDESK_A11Y_DUMP=FOLDER`` writes each
screen's AT-SPI tree and what Qt said of it there.

Every screen is walked in each language the app ships (English, German): German moves the
mnemonics and makes words longer. The screens that send to a service desk use the test Request
Tracker (``scripts/servers/rt.sh start``); without it they are skipped, or failed in CI.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from a11y_app import RT_SCREENS, SCREENS
from a11y_checks import CHECKS, check_screen, find_start, walk_presses
from a11y_session import SYSTEM_PYTHON, DesktopSession, missing_tools
from desk_servers import load_rt_server, unavailable

HERE = Path(__file__).resolve().parent
#: an answer from the app or the probe may take this long (a first wizard collects diagnostics)
ANSWER_TIMEOUT_S = 180


class Peer:
    """A child process spoken to in JSON lines."""

    def __init__(self, args: list[str], env: dict[str, str], log: Path) -> None:
        self.log = log
        with log.open("w") as errors:
            self.process = subprocess.Popen(
                args, env=env, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=errors, text=True
            )

    def read(self) -> dict:
        import select

        assert self.process.stdout is not None
        ready, _, _ = select.select([self.process.stdout], [], [], ANSWER_TIMEOUT_S)
        line = self.process.stdout.readline() if ready else ""
        if not line:
            tail = self.log.read_text(errors="replace")[-3000:]
            raise AssertionError(f"{self.process.args[-1]} gave no answer; its log ends:\n{tail}")
        return json.loads(line)

    def ask(self, request: dict) -> dict:
        assert self.process.stdin is not None
        self.process.stdin.write(json.dumps(request) + "\n")
        self.process.stdin.flush()
        answer = self.read()
        if "error" in answer:
            raise AssertionError(f"{answer['error']}\n{answer.get('traceback', '')}")
        return answer

    def stop(self, request: dict) -> None:
        self._stop(request)
        assert self.process.stdout is not None
        self.process.stdout.close()

    def _stop(self, request: dict) -> None:
        if self.process.poll() is None:
            try:
                assert self.process.stdin is not None
                self.process.stdin.write(json.dumps(request) + "\n")
                self.process.stdin.close()
                self.process.wait(timeout=30)
            except (OSError, subprocess.TimeoutExpired):
                self.process.kill()
                self.process.wait(timeout=10)


#: every screen is checked in each language the app ships (German mnemonics and longer words differ)
LANGUAGES = ("en", "de")
#: what the announcement test hears, per language: (results found, nothing found, a Copy)
HEARD = {
    "en": (r"[1-9]\d* articles? found", "No article matches this", "Code copied to the clipboard"),
    "de": (r"[1-9]\d* Artikel gefunden", "Kein Artikel passt", "Code in die Zwischenablage kopiert"),
}


@pytest.fixture(scope="module", params=LANGUAGES)
def desktop(request, tmp_path_factory) -> Iterator[tuple[Peer, Peer, str]]:
    language = request.param
    missing = missing_tools()
    if missing:
        unavailable(f"the accessibility test needs {', '.join(missing)} (apt-get install {_packages()})")
    folder = tmp_path_factory.mktemp(f"a11y-{language}")
    session = DesktopSession(folder)
    app = probe = None
    try:
        session.start()
        env = dict(
            session.env,
            QT_LINUX_ACCESSIBILITY_ALWAYS_ON="1",
            QT_QPA_PLATFORM="xcb",
            QT_SCALE_FACTOR="1",
            KBDESK_HOME=str(folder / "home"),
            KBDESK_A11Y_WORK=str(folder),
            KBDESK_A11Y_LANGUAGE=language,
            HF_HUB_OFFLINE="1",
            PYTHONWARNINGS="ignore::DeprecationWarning",
        )
        app = Peer([sys.executable, str(HERE / "a11y_app.py")], env, folder / "app.log")
        ready = app.read()
        assert ready.get("ready"), ready
        probe = Peer([SYSTEM_PYTHON, str(HERE / "atspi_probe.py")], env, folder / "probe.log")
        yield app, probe, language
    finally:
        if probe is not None:
            probe.stop({"cmd": "quit"})
        if app is not None:
            app.stop({"quit": True})
        session.stop()
        assert not session.descendants(), "processes of the accessibility session left running"


def _packages() -> str:
    from a11y_session import PACKAGES

    return PACKAGES


def test_results_and_status_messages_are_announced(desktop) -> None:
    """What changes without the focus moving is said: the search's results, a status-bar message."""
    app, probe, language = desktop
    found, nothing, copied = HEARD[language]
    probe.ask({"cmd": "listen"})
    app.ask({"act": "search", "query": "spooler"})
    heard = probe.ask({"cmd": "heard", "expect": found.split()[-1]})["heard"]
    assert any(re.fullmatch(found, text) for text in heard), heard
    app.ask({"act": "search", "query": "quarterly expense report approval"})
    heard = probe.ask({"cmd": "heard", "expect": nothing})["heard"]
    assert any(text.startswith(nothing) for text in heard), heard
    app.ask({"act": "copy-code"})
    heard = probe.ask({"cmd": "heard", "expect": copied})["heard"]
    assert copied in heard, heard


@pytest.mark.parametrize("screen", list(SCREENS))
def test_screen_is_accessible(desktop, screen: str) -> None:
    app, probe, language = desktop
    request: dict = {"screen": screen}
    if screen in RT_SCREENS:  # sending to a desk: the test Request Tracker (skipped, or failed in CI, without it)
        rt = load_rt_server()
        request["rt"] = {"url": rt.url, "queue": rt.queue, "token": rt.token}
    qt = app.ask(request)
    tree = probe.ask({"cmd": "dump", "window": qt["window"]})["tree"]
    if os.environ.get("KBDESK_A11Y_DUMP"):  # what a finding was made from, to look at
        Path(os.environ["KBDESK_A11Y_DUMP"], f"{screen}-{language}.json").write_text(
            json.dumps({"qt": qt, "tree": tree}, indent=1)
        )
    start = find_start(tree, qt["start"])
    presses = walk_presses(tree)
    steps = probe.ask({"cmd": "tab", "window": qt["window"], "presses": presses, "stop_at": start})["steps"]
    findings = check_screen(tree, qt, steps, presses)
    counts = {check: len(findings[check]) for check in CHECKS}
    report = os.environ.get("KBDESK_A11Y_REPORT")
    if report:
        with open(report, "a", encoding="utf-8") as out:
            out.write(
                json.dumps({"screen": screen, "language": language, "counts": counts, "findings": findings}) + "\n"
            )
    lines = [f"{check}: {text}" for check in CHECKS for text in findings[check]]
    assert not lines, f"{screen} ({language}): {len(lines)} accessibility findings {counts}\n" + "\n".join(lines)
