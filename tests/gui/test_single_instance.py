"""Single instance: a second launch hands its bundle path to the running kbdesk and exits.

The hand-off runs between real processes (``python -m kbdesk`` offscreen, each
with the test's KBDESK_HOME), because the point is what two separate launches do;
the running instance reports what it received in its log file.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
import tomli_w

from kbdesk.gui import single_instance as si

STARTUP_TIMEOUT_S = 60


def test_message_round_trip():
    argv = ["/home/ana/Überweisung fehlt.kbbundle"]
    data = si.encode_message(argv)
    assert data.endswith(b"\n") and data.count(b"\n") == 1
    assert si.decode_message(data.strip()) == argv


@pytest.mark.parametrize(
    "body",
    [
        {"app": "other", "protocol": 1, "argv": []},
        {"app": "kbdesk", "protocol": 99, "argv": []},
        {"app": "kbdesk", "protocol": 1, "argv": "x.kbbundle"},
        {"app": "kbdesk", "protocol": 1, "argv": [1]},
        ["kbdesk"],
    ],
)
def test_message_rejects_foreign_input(body):
    with pytest.raises(ValueError):
        si.decode_message(json.dumps(body).encode())


def test_rejects_non_json():
    with pytest.raises(ValueError):
        si.decode_message(b"\xff\xfe hello")


def test_server_name_depends_on_kbdesk_home(tmp_path, monkeypatch):
    monkeypatch.setenv("KBDESK_HOME", str(tmp_path / "a"))
    first = si.server_name()
    assert si.server_name() == first
    monkeypatch.setenv("KBDESK_HOME", str(tmp_path / "b"))
    assert si.server_name() != first
    assert len(first) < 60  # Unix socket paths are short


def test_no_running_instance_means_no_hand_off(qapp, tmp_path, monkeypatch):
    monkeypatch.setenv("KBDESK_HOME", str(tmp_path / "nobody-home"))
    assert si.hand_off(["x.kbbundle"]) is False


def test_a_live_server_is_not_stolen(qapp, tmp_path, monkeypatch):
    monkeypatch.setenv("KBDESK_HOME", str(tmp_path / "home"))
    first = si.InstanceServer()
    second = si.InstanceServer()
    try:
        assert first.listen()
        assert not second.listen()
        assert first.listening
    finally:
        first.close()
        second.close()


# ---------------------------------------------------------------- two real processes
class Launch:
    """One ``python -m kbdesk`` process on the fixture folder, offscreen, in the test's KBDESK_HOME."""

    def __init__(self, home: Path) -> None:
        self.home = home
        self.log = home / "logs" / "kbdesk.log"
        self.env = {**os.environ, "KBDESK_HOME": str(home), "QT_QPA_PLATFORM": "offscreen", "HF_HUB_OFFLINE": "1"}

    def start(self, *args: str) -> subprocess.Popen[str]:
        return subprocess.Popen(
            [sys.executable, "-m", "kbdesk", *args],
            env=self.env,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )

    def run(self, *args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "kbdesk", *args],
            env=self.env,
            capture_output=True,
            text=True,
            timeout=STARTUP_TIMEOUT_S,
        )

    def log_text(self) -> str:
        return self.log.read_text("utf-8") if self.log.exists() else ""

    def wait_for_log(self, text: str, process: subprocess.Popen[str] | None = None, count: int = 1) -> None:
        deadline = time.monotonic() + STARTUP_TIMEOUT_S
        while self.log_text().count(text) < count:
            if process is not None and process.poll() is not None:
                raise AssertionError(
                    f"kbdesk exited ({process.returncode}) before logging {text!r}:\n"
                    f"{process.stdout.read() if process.stdout else ''}\n{self.log_text()}"
                )
            if time.monotonic() > deadline:
                raise AssertionError(f"no {text!r} in the log within {STARTUP_TIMEOUT_S} s:\n{self.log_text()}")
            time.sleep(0.1)


def _stop(process: subprocess.Popen[str], sig: int = signal.SIGTERM) -> None:
    if process.poll() is None:
        process.send_signal(sig)
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=20)
    if process.stdout:
        process.stdout.close()


@pytest.fixture
def launch(tmp_path, fixture_kb) -> Launch:
    home = tmp_path / "home"
    (home / "config").mkdir(parents=True)
    settings = {"version": 2, "articles_dir": str(fixture_kb), "search_mode": "keyword", "analytics_enabled": False}
    (home / "config" / "settings.toml").write_text(tomli_w.dumps(settings), "utf-8")
    return Launch(home)


@pytest.fixture
def bundle(tmp_path) -> Path:
    path = tmp_path / "case 1234.kbbundle"
    path.write_bytes(b"PK\x05\x06" + bytes(18))  # an empty zip: the hand-off does not look inside
    return path


def test_second_launch_hands_its_bundle_to_the_first(launch, bundle):
    first = launch.start()
    try:
        launch.wait_for_log("single instance: listening as", first)
        second = launch.run(str(bundle))
        assert second.returncode == 0, second.stdout + second.stderr
        launch.wait_for_log(f"opening the bundle handed over by another launch: {bundle}", first)
        assert "handed over to the kbdesk already running" in launch.log_text()
        # a plain second launch (no bundle) only raises the window, and also exits 0
        assert launch.run().returncode == 0
        launch.wait_for_log("another launch handed over its arguments: []", first)
        assert first.poll() is None, "the first instance must keep running"
        assert launch.log_text().count("single instance: listening as") == 1
    finally:
        _stop(first)


def test_stale_socket_of_a_crashed_instance_is_replaced(launch, bundle):
    crashed = launch.start()
    try:
        launch.wait_for_log("single instance: listening as", crashed)
    finally:
        _stop(crashed, signal.SIGKILL)  # no clean-up: the socket file stays behind
    assert not si_connectable(launch)
    fresh = launch.start()
    try:
        launch.wait_for_log("removing the stale socket", fresh)
        launch.wait_for_log("single instance: listening as", fresh, count=2)
        second = launch.run(str(bundle))
        assert second.returncode == 0, second.stdout + second.stderr
        launch.wait_for_log(f"opening the bundle handed over by another launch: {bundle}", fresh)
    finally:
        _stop(fresh)


def si_connectable(launch: Launch) -> bool:
    """Whether anything answers on the instance socket (checked in a subprocess: its own KBDESK_HOME)."""
    code = (
        "import sys; from PySide6.QtCore import QCoreApplication; from PySide6.QtNetwork import QLocalSocket\n"
        "from kbdesk.gui.single_instance import server_name\n"
        "app = QCoreApplication([]); s = QLocalSocket(); s.connectToServer(server_name())\n"
        "sys.exit(0 if s.waitForConnected(500) else 1)\n"
    )
    return subprocess.run([sys.executable, "-c", code], env=launch.env, timeout=60).returncode == 0
