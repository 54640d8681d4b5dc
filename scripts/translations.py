"""The app's translations: extract the GUI's words into the .ts sources, and compile those into .qm files.

    python scripts/translations.py update            lupdate: kbdesk/gui -> resources/i18n/kbdesk_*.ts
    python scripts/translations.py add LANG          start resources/i18n/kbdesk_LANG.ts (docs/translations.md)
    python scripts/translations.py compile [--out D]  lrelease: resources/i18n/kbdesk_*.ts -> D/kbdesk_*.qm

Both run the tools that ship inside PySide6-Essentials, the package the app runs on (its
``lupdate`` and ``lrelease`` binaries; the ``pyside6-lupdate`` scripts only start them), so
nothing else is installed for translations. ``./dev setup``, the PyInstaller spec and the wheel
build (``setup.py``) call ``compile``; the ``.qm`` files are build output and never committed.

``update`` keeps every translation whose source text is still in the code, fills a moved or
reworded message from its old translation where lupdate's heuristics find one (marked
unfinished, for a person to check), and drops the rest. Source locations are left out of the
``.ts`` files: the context already names the module, and line numbers would change the file
(and make merges conflict) with every edit of the code around a string.
``kbdesk_en.ts`` holds the plural forms only ("%n article(s)" -> "1 article", "2 articles"):
English is the source language, and Qt has no plural rules of its own for source strings.

This script imports neither kbdesk nor Qt (setup.py runs it in a bare build environment).
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import shutil
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SOURCES = ROOT / "kbdesk" / "gui"
TS_DIR = ROOT / "resources" / "i18n"
PREFIX = "kbdesk_"
SOURCE_LANGUAGE = "en"
#: a run of either tool over kbdesk/gui takes about a second; anything near this is a hang
TOOL_TIMEOUT_S = 300


def qt_tool(name: str) -> Path:
    """PySide6's ``lupdate`` or ``lrelease`` binary (inside the PySide6 package; found without importing Qt)."""
    spec = importlib.util.find_spec("PySide6")
    candidates = []
    if spec is not None and spec.submodule_search_locations:
        package = Path(next(iter(spec.submodule_search_locations)))
        candidates += [package / name, package / f"{name}.exe", package / "Qt" / "libexec" / name]
    wrapper = shutil.which(f"pyside6-{name}", path=os.pathsep.join([str(Path(sys.executable).parent), os.defpath]))
    for candidate in candidates:
        if candidate.is_file() and os.access(candidate, os.X_OK):
            return candidate
    if wrapper:
        return Path(wrapper)
    raise SystemExit(f"translations: PySide6's {name} was not found (install PySide6-Essentials into {sys.prefix})")


def ts_files(folder: Path = TS_DIR) -> list[Path]:
    return sorted(folder.glob(f"{PREFIX}*.ts"))


def language_of(ts: Path) -> str:
    return ts.stem.removeprefix(PREFIX)


def python_sources(folder: Path = SOURCES) -> list[Path]:
    return sorted(p for p in folder.rglob("*.py") if "__pycache__" not in p.parts)


def run_lupdate(sources: Sequence[Path], ts: Path, *, plural_only: bool = False, keep_obsolete: bool = False) -> str:
    """Merge the messages of ``sources`` into ``ts`` (created when missing); returns lupdate's report."""
    command = [str(qt_tool("lupdate")), "-locations", "none", "-source-language", SOURCE_LANGUAGE]
    command += ["-target-language", language_of(ts)]
    if plural_only:
        command.append("-pluralonly")
    if not keep_obsolete:
        command.append("-no-obsolete")
    command += [*map(str, sources), "-ts", str(ts)]
    result = subprocess.run(command, capture_output=True, text=True, timeout=TOOL_TIMEOUT_S, check=False)
    if result.returncode != 0:
        raise SystemExit(f"translations: lupdate failed for {ts.name}:\n{result.stdout}{result.stderr}")
    return result.stdout + result.stderr


def compile_ts(ts: Path, qm: Path) -> None:
    """lrelease one ``.ts`` into ``qm`` (unfinished messages are left out: the app shows their English)."""
    qm.parent.mkdir(parents=True, exist_ok=True)
    command = [str(qt_tool("lrelease")), "-silent", str(ts), "-qm", str(qm)]
    result = subprocess.run(command, capture_output=True, text=True, timeout=TOOL_TIMEOUT_S, check=False)
    if result.returncode != 0 or not qm.is_file():
        raise SystemExit(f"translations: lrelease failed for {ts.name}:\n{result.stdout}{result.stderr}")


def compile_all(out: Path, folder: Path = TS_DIR) -> list[Path]:
    """Every ``kbdesk_*.ts`` of ``folder`` compiled into ``out``; returns the ``.qm`` files written."""
    written = []
    for ts in ts_files(folder):
        qm = out / f"{ts.stem}.qm"
        compile_ts(ts, qm)
        written.append(qm)
    if not written:
        raise SystemExit(f"translations: no {PREFIX}*.ts in {folder}")
    return written


def update_all(folder: Path = TS_DIR) -> None:
    for ts in ts_files(folder):
        update_one(ts)


def update_one(ts: Path) -> None:
    report = run_lupdate(python_sources(), ts, plural_only=language_of(ts) == SOURCE_LANGUAGE)
    print(f"{ts.relative_to(ROOT) if ts.is_relative_to(ROOT) else ts}: {' '.join(report.split())}")


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("update", help="extract the GUI's words into resources/i18n/kbdesk_*.ts")
    add_parser = commands.add_parser("add", help="start the .ts file of a new language")
    add_parser.add_argument("language", help="ISO 639-1 code, as QLocale names it (fr, pt, zh...)")
    compile_parser = commands.add_parser("compile", help="compile resources/i18n/kbdesk_*.ts into .qm files")
    compile_parser.add_argument("--out", type=Path, default=TS_DIR, help="folder for the .qm files (default: beside)")
    args = parser.parse_args(argv)
    if args.command == "update":
        update_all()
    elif args.command == "add":
        ts = TS_DIR / f"{PREFIX}{args.language}.ts"
        if ts.exists():
            raise SystemExit(f"translations: {ts} exists already; `update` brings it up to date")
        TS_DIR.mkdir(parents=True, exist_ok=True)
        update_one(ts)
    else:
        for qm in compile_all(args.out):
            print(f"compiled {qm}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
