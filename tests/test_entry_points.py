"""The ``kbdesk`` console script and ``python -m kbdesk``: GUI or CLI, --version without Qt, clear errors."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import kbdesk
from kbdesk import __main__ as entry

VENV_SCRIPT = Path(sys.executable).with_name("kbdesk")
CONSOLE_SCRIPT = str(VENV_SCRIPT) if VENV_SCRIPT.exists() else shutil.which("kbdesk")

LAUNCHERS = {
    "python -m kbdesk": [sys.executable, "-m", "kbdesk"],
    "kbdesk": [CONSOLE_SCRIPT] if CONSOLE_SCRIPT else None,
}


def _run(cmd: list[str], *args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    # no display at all: anything that needs Qt for these commands would fail loudly
    env = {k: v for k, v in os.environ.items() if k not in {"DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM"}}
    return subprocess.run([*cmd, *args], capture_output=True, text=True, timeout=120, env=env, cwd=cwd)


@pytest.fixture(params=sorted(LAUNCHERS))
def launcher(request) -> list[str]:
    cmd = LAUNCHERS[request.param]
    if cmd is None:
        pytest.skip("the kbdesk console script is not installed")
    return cmd


def test_version(launcher):
    result = _run(launcher, "--version")
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == f"kbdesk {kbdesk.__version__}"


def test_version_does_not_import_qt():
    code = (
        "import sys; from kbdesk.__main__ import main\n"
        "try:\n    main(['--version'])\nexcept SystemExit as e:\n    assert e.code == 0\n"
        "assert not [m for m in sys.modules if m.startswith('PySide6')], 'Qt imported'\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr


def test_missing_bundle_is_a_clear_error(launcher, tmp_path):
    missing = tmp_path / "nowhere" / "case-42.kbbundle"
    result = _run(launcher, str(missing))
    assert result.returncode == 2
    assert "no such escalation bundle" in result.stderr and "case-42.kbbundle" in result.stderr
    assert "Traceback" not in result.stderr


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="display variables are an X11/Wayland matter")
def test_no_display_is_a_clear_error_not_a_qt_abort(launcher):
    result = _run(launcher)  # no DISPLAY, no WAYLAND_DISPLAY, no QT_QPA_PLATFORM
    assert result.returncode == 2
    assert "no graphical display" in result.stderr and "kbdesk search" in result.stderr
    assert "qt.qpa" not in result.stderr


def test_unknown_option_is_a_usage_error(launcher):
    result = _run(launcher, "--frobnicate")
    assert result.returncode == 2
    assert "usage: kbdesk" in result.stderr and "--frobnicate" in result.stderr


def test_cli_subcommand_runs_without_a_display(launcher, fixture_kb):
    # --platform any: the fixture's printer article is for Windows and macOS, and the CLI filters by this machine
    result = _run(
        launcher,
        "search",
        "printer offline",
        "--mode",
        "keyword",
        "--platform",
        "any",
        "--articles",
        str(fixture_kb),
        "--json",
    )
    assert result.returncode == 0, result.stderr
    hits = json.loads(result.stdout)
    assert hits and hits[0]["id"] == "printer-offline"


@pytest.fixture
def gui_calls(monkeypatch) -> list[list[str]]:
    """Record what would start the desktop app instead of starting it."""
    from kbdesk.gui import app

    calls: list[list[str]] = []
    monkeypatch.setattr(app, "run_gui", lambda argv: calls.append(list(argv)) or 0)
    return calls


def test_routing_no_arguments_opens_the_app(gui_calls):
    assert entry.main([]) == 0
    assert gui_calls == [[]]


def test_routing_gui_flag_opens_the_app(gui_calls):
    assert entry.main(["--gui"]) == 0
    assert gui_calls == [[]]


def test_routing_bundle_path_is_made_absolute(gui_calls, tmp_path, monkeypatch):
    (tmp_path / "Case 7.KBBUNDLE").write_bytes(b"PK")
    monkeypatch.chdir(tmp_path)
    assert entry.main(["Case 7.KBBUNDLE"]) == 0
    assert gui_calls == [[str(tmp_path.resolve() / "Case 7.KBBUNDLE")]]


def test_routing_subcommands_go_to_the_cli(gui_calls, monkeypatch):
    from kbdesk import cli

    seen: list[list[str]] = []
    monkeypatch.setattr(cli, "main", lambda argv: seen.append(list(argv)) or 0)
    assert entry.main(["lint", "--json"]) == 0
    assert entry.main(["--version"]) == 0
    assert seen == [["lint", "--json"], ["--version"]]
    assert gui_calls == []
