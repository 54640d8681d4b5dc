"""A real git server for tests and benchmarks: `git daemon` on 127.0.0.1, started here and stopped by PID.

Also upstream repositories built with the real git (writers' commits, SSH-signed
ones included). kbdesk itself never runs git; only these fixtures do.

    from gitserver import git_daemon, upstream   # pytest finds fixtures imported into a test module
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import time
from pathlib import Path

import pytest
from fixture_articles import write_fixture_kb

GIT_ENV = {
    "GIT_AUTHOR_NAME": "KB Writer",
    "GIT_AUTHOR_EMAIL": "writer@example.org",
    "GIT_COMMITTER_NAME": "KB Writer",
    "GIT_COMMITTER_EMAIL": "writer@example.org",
    "GIT_CONFIG_NOSYSTEM": "1",
    "GIT_CONFIG_GLOBAL": os.devnull,
    # no background `gc --auto` racing the tests (or the benchmark's own gc)
    "GIT_CONFIG_COUNT": "1",
    "GIT_CONFIG_KEY_0": "gc.auto",
    "GIT_CONFIG_VALUE_0": "0",
}


def git(repo: Path, *args: str, env: dict | None = None) -> str:
    done = subprocess.run(
        ["git", "-C", str(repo), *args],
        capture_output=True,
        text=True,
        env={**os.environ, **GIT_ENV, **(env or {})},
    )
    if done.returncode != 0:
        raise RuntimeError(f"git {' '.join(args)} failed: {done.stderr.strip()}")
    return done.stdout.strip()


def _git_daemon_binary() -> list[str]:
    # run git-daemon itself, not the `git` wrapper, so that the PID we hold is the server's
    exec_path = subprocess.run(["git", "--exec-path"], capture_output=True, text=True, check=True).stdout.strip()
    binary = Path(exec_path) / "git-daemon"
    return [str(binary)] if binary.is_file() else ["git", "daemon"]


class GitDaemon:
    """`git daemon` serving every repository under ``base`` as git://127.0.0.1:PORT/NAME."""

    def __init__(self, base: Path) -> None:
        self.base = base
        self.port = 0
        self.process: subprocess.Popen | None = None

    @property
    def pid(self) -> int:
        assert self.process is not None
        return self.process.pid

    def url(self, name: str) -> str:
        return f"git://127.0.0.1:{self.port}/{name}"

    def start(self) -> GitDaemon:
        self.base.mkdir(parents=True, exist_ok=True)
        for _ in range(5):
            with socket.socket() as probe:
                probe.bind(("127.0.0.1", 0))
                self.port = probe.getsockname()[1]
            self.process = subprocess.Popen(
                [
                    *_git_daemon_binary(),
                    *("--reuseaddr", "--export-all", f"--base-path={self.base}", "--listen=127.0.0.1"),
                    *(f"--port={self.port}", "--informative-errors", str(self.base)),
                ],
                env={**os.environ, **GIT_ENV},
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )
            deadline = time.monotonic() + 10
            while time.monotonic() < deadline and self.process.poll() is None:
                try:
                    socket.create_connection(("127.0.0.1", self.port), timeout=0.2).close()
                    return self
                except OSError:
                    time.sleep(0.05)
            self.stop()  # the port was taken in between, or it did not come up: another port
        raise RuntimeError("git daemon did not start")

    def stop(self) -> None:
        if self.process is None or self.process.poll() is not None:
            return
        os.kill(self.process.pid, signal.SIGTERM)
        try:
            self.process.wait(10)
        except subprocess.TimeoutExpired:
            os.kill(self.process.pid, signal.SIGKILL)
            self.process.wait(10)

    def children_cpu_seconds(self) -> float:
        """CPU the daemon's finished children used (upload-pack, pack-objects): /proc/PID/stat cutime+cstime."""
        fields = Path(f"/proc/{self.pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[13]) + int(fields[14])) / os.sysconf("SC_CLK_TCK")


class Upstream:
    """A writers' repository (with a work tree), served by the daemon or as file://."""

    def __init__(self, path: Path, branch: str = "main") -> None:
        self.path = path
        self.branch = branch

    def init(self, articles: bool = True) -> Upstream:
        self.path.mkdir(parents=True, exist_ok=True)
        git(self.path, "init", "-q", "-b", self.branch)
        if articles:
            write_fixture_kb(self.path)
            self.commit("starter articles")
        return self

    @property
    def file_url(self) -> str:
        return self.path.as_uri()

    def write(self, rel: str, text: str) -> None:
        target = self.path / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")

    def delete(self, rel: str) -> None:
        (self.path / rel).unlink()

    def commit(self, message: str, *, signing_key: Path | None = None) -> str:
        git(self.path, "add", "-A")
        args = ["commit", "-q", "--allow-empty", "-m", message]
        if signing_key is not None:
            args = ["-c", "gpg.format=ssh", "-c", f"user.signingkey={signing_key}", *args, "-S"]
        git(self.path, *args)
        return self.head()

    def head(self) -> str:
        return git(self.path, "rev-parse", "HEAD")


def make_ssh_key(folder: Path, name: str) -> tuple[Path, str]:
    """A fresh ed25519 key pair (no passphrase); returns the private key path and the public key line."""
    folder.mkdir(parents=True, exist_ok=True)
    key = folder / name
    subprocess.run(
        ["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", name, "-f", str(key)], check=True, capture_output=True
    )
    return key, (folder / f"{name}.pub").read_text().strip()


@pytest.fixture
def git_daemon(tmp_path):
    daemon = GitDaemon(tmp_path / "served").start()
    try:
        yield daemon
    finally:
        daemon.stop()


@pytest.fixture
def upstream(git_daemon) -> Upstream:
    return Upstream(git_daemon.base / "kb").init()
