"""A desktop session of its own for the accessibility test: Xvfb, a D-Bus session bus, the AT-SPI bus.

What a screen reader needs to see an application: an X display, a session bus, and on it the
accessibility bus (``at-spi-bus-launcher``, which starts a second dbus-daemon, on which
``at-spi2-registryd`` is started when the first client asks). All from Debian's packages
(``xvfb``, ``dbus``, ``at-spi2-core``; the probe needs ``python3-pyatspi``), installed by
``./dev setup`` and ``.ci/run``.

Nothing is shared with whatever session the machine has: a display Xvfb picks itself
(``-displayfd``), a bus with its own address, a runtime folder of our own. Every process the
session starts carries a token in its environment (``KBDESK_A11Y_SESSION``), so :meth:`stop`
finds the ones started on its behalf (the registry daemon is started by the accessibility bus and
detaches from it) and stops each by its PID.
"""

from __future__ import annotations

import contextlib
import os
import secrets
import shutil
import signal
import subprocess
import time
from dataclasses import dataclass, field
from pathlib import Path

SYSTEM_PYTHON = "/usr/bin/python3"
LAUNCHER_PATHS = ("/usr/libexec/at-spi-bus-launcher", "/usr/lib/at-spi2-core/at-spi-bus-launcher")
#: the Debian packages the session needs, for the message when one is missing
PACKAGES = "xvfb dbus at-spi2-core python3-pyatspi"
TOKEN_VARIABLE = "KBDESK_A11Y_SESSION"


def missing_tools() -> list[str]:
    """What this machine lacks for the session (empty when it can run)."""
    missing = [tool for tool in ("Xvfb", "dbus-daemon") if shutil.which(tool) is None]
    if launcher_path() is None:
        missing.append("at-spi-bus-launcher")
    probe = (
        subprocess.run([SYSTEM_PYTHON, "-c", "import pyatspi"], capture_output=True, check=False)
        if Path(SYSTEM_PYTHON).exists()
        else None
    )
    if probe is None or probe.returncode != 0:
        missing.append("pyatspi for /usr/bin/python3")
    return missing


def launcher_path() -> str | None:
    return next((p for p in LAUNCHER_PATHS if os.access(p, os.X_OK)), None)


@dataclass
class DesktopSession:
    folder: Path
    env: dict[str, str] = field(default_factory=dict)
    processes: list[subprocess.Popen] = field(default_factory=list)

    def start(self) -> None:
        token = secrets.token_hex(8)
        runtime = self.folder / "runtime"
        runtime.mkdir(mode=0o700, parents=True)
        base = {
            key: value
            for key, value in os.environ.items()
            if not key.startswith(("DBUS_", "AT_SPI", "WAYLAND")) and key not in ("DISPLAY", "XDG_RUNTIME_DIR")
        }
        base.update({TOKEN_VARIABLE: token, "XDG_RUNTIME_DIR": str(runtime), "NO_AT_BRIDGE": "0"})
        self.env = base
        self._token = token

        read_fd, write_fd = os.pipe()
        self._spawn(
            ["Xvfb", "-displayfd", str(write_fd), "-screen", "0", "1280x900x24", "-nolisten", "tcp"],
            "xvfb.log",
            pass_fds=(write_fd,),
        )
        os.close(write_fd)
        with os.fdopen(read_fd) as pipe:
            display = pipe.readline().strip()
        if not display:
            raise RuntimeError(f"Xvfb did not start (see {self.folder / 'xvfb.log'})")
        base["DISPLAY"] = f":{display}"

        bus = self._spawn(["dbus-daemon", "--session", "--nofork", "--print-address=1"], "dbus.log", stdout=True)
        assert bus.stdout is not None
        address = bus.stdout.readline().strip()
        if not address:
            raise RuntimeError(f"dbus-daemon did not start (see {self.folder / 'dbus.log'})")
        base["DBUS_SESSION_BUS_ADDRESS"] = address

        launcher = self._spawn([launcher_path() or LAUNCHER_PATHS[0], "--launch-immediately", "--a11y=1"], "at-spi.log")
        socket = runtime / "at-spi" / f"bus_{display}"
        deadline = time.monotonic() + 30
        while not socket.exists():
            if launcher.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"the accessibility bus did not start (see {self.folder / 'at-spi.log'})")
            time.sleep(0.05)

    def _spawn(
        self, args: list[str], log: str, *, stdout: bool = False, pass_fds: tuple[int, ...] = ()
    ) -> subprocess.Popen:
        with (self.folder / log).open("w") as errors:
            process = subprocess.Popen(
                args,
                env=self.env,
                stdout=subprocess.PIPE if stdout else subprocess.DEVNULL,
                stderr=errors,
                pass_fds=pass_fds,
                text=True,
            )
        self.processes.append(process)
        return process

    def stop(self) -> None:
        """Stop what was started, newest first, each by its PID; then any process it started in turn."""
        for process in reversed(self.processes):
            if process.poll() is None:
                process.terminate()
                try:
                    process.wait(timeout=10)
                except subprocess.TimeoutExpired:
                    process.kill()
                    process.wait(timeout=10)
            if process.stdout is not None:
                process.stdout.close()
        for pid in self.descendants():
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGTERM)
        deadline = time.monotonic() + 10
        while self.descendants() and time.monotonic() < deadline:
            time.sleep(0.05)
        for pid in self.descendants():
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)

    def descendants(self) -> list[int]:
        """PIDs of the running processes that carry this session's token (the registry daemon, the buses)."""
        marker = f"{TOKEN_VARIABLE}={getattr(self, '_token', '')}".encode()
        found = []
        for entry in Path("/proc").iterdir():
            if not entry.name.isdigit() or int(entry.name) == os.getpid():
                continue
            try:
                environ = (entry / "environ").read_bytes()
                state = (entry / "stat").read_text().rsplit(")", 1)[1].split()[0]
            except OSError:
                continue  # gone, or not ours to read
            if marker in environ.split(b"\0") and state != "Z":
                found.append(int(entry.name))
        return found
