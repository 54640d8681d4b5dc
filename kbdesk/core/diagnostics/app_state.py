"""kbdesk's own state: versions, index statistics, recent errors and the log tail."""

from __future__ import annotations

import importlib.metadata
import platform
import re
import sys
from collections.abc import Mapping
from pathlib import Path
from typing import Any, TypedDict

import kbdesk
from kbdesk.core.diagnostics.base import CollectorOutput, DiagnosticsOptions, format_bytes, jsonable_object, key_values
from kbdesk.core.paths import state_paths

#: the libraries whose versions explain most bug reports
LIBRARIES = ("PySide6-Essentials", "whoosh-reloaded", "sentence-transformers", "torch", "numpy", "psutil")

#: never read more than this from the end of the log, however long it is
LOG_TAIL_BYTES = 64 * 1024
RECENT_ERRORS_MAX = 20

_ERROR_LINE = re.compile(r"\b(ERROR|CRITICAL)\b")


def collect_app_state(options: DiagnosticsOptions) -> CollectorOutput:
    paths = state_paths()
    libraries: dict[str, str | None] = {}
    for dist in LIBRARIES:
        try:
            libraries[dist] = importlib.metadata.version(dist)
        except importlib.metadata.PackageNotFoundError:
            libraries[dist] = None
    warnings = []
    try:
        # errors are looked for in the whole 64 KB tail, however few lines the report shows
        tail = read_log_tail(paths.log_file, max_lines=10**6)
    except OSError as exc:
        tail = LogTail(path=str(paths.log_file), exists=False, size=0, lines=[], truncated=False)
        warnings.append(f"cannot read the log: {exc.strerror or exc}")
    errors = [line for line in tail["lines"] if _ERROR_LINE.search(line)][-RECENT_ERRORS_MAX:]
    index = jsonable_object(options.index_stats) if options.index_stats is not None else None
    data: dict[str, Any] = {
        "kbdesk_version": kbdesk.__version__,
        "python_version": platform.python_version(),
        "python_implementation": platform.python_implementation(),
        "executable": sys.executable,
        "frozen": bool(getattr(sys, "frozen", False)),
        "libraries": libraries,
        "paths": {
            "config": str(paths.config),
            "data": str(paths.data),
            "cache": str(paths.cache),
            "logs": str(paths.logs),
        },
        "index": index,
        "recent_errors": errors,
    }
    if errors:
        warnings.append(f"{len(errors)} error line(s) in the recent log")
    lines = [
        ("kbdesk", kbdesk.__version__ + (" (packaged)" if data["frozen"] else "")),
        ("Python", f"{data['python_version']} ({data['python_implementation']})"),
    ]
    lines += [(dist, version or "not installed") for dist, version in libraries.items()]
    parts = [key_values(lines)]
    if index is None:
        parts.append("Index: no statistics given")
    else:
        parts.append(
            "Index:\n" + "\n".join(f"  {line}" for line in key_values(_flatten(index)).splitlines())
            if index
            else "Index: empty"
        )
    parts.append(key_values([("Data", paths.data), ("Logs", paths.logs)]))
    if errors:
        parts.append("Recent errors:\n" + "\n".join(f"  {line}" for line in errors))
    else:
        parts.append("Recent errors: none")
    return CollectorOutput(data, "\n\n".join(parts), tuple(warnings))


def collect_log_tail(options: DiagnosticsOptions) -> CollectorOutput:
    tail = read_log_tail(state_paths().log_file, options.log_lines)
    if not tail["exists"]:
        text = "no log yet"
    elif not tail["lines"]:
        text = "the log is empty" if options.log_lines else "(log lines not requested)"
    else:
        head = f"last {len(tail['lines'])} line(s) of {tail['path']} ({format_bytes(tail['size'])})"
        text = head + "\n" + "\n".join(tail["lines"])
    return CollectorOutput(tail, text)


class LogTail(TypedDict):
    """The end of a log file, as the "log" diagnostics section reports it."""

    path: str
    exists: bool
    size: int
    lines: list[str]
    truncated: bool


def read_log_tail(path: Path, max_lines: int, max_bytes: int = LOG_TAIL_BYTES) -> LogTail:
    """The last ``max_lines`` lines of a log, reading at most ``max_bytes`` from its end."""
    path = Path(path)
    result: LogTail = {"path": str(path), "exists": False, "size": 0, "lines": [], "truncated": False}
    try:
        with open(path, "rb") as handle:
            handle.seek(0, 2)
            size = handle.tell()
            start = max(0, size - max_bytes)
            handle.seek(start)
            chunk = handle.read(max_bytes)
    except FileNotFoundError:
        return result
    lines = chunk.decode("utf-8", errors="replace").splitlines()
    if start > 0 and lines:
        lines = lines[1:]  # the first line was cut in the middle
    kept = lines[-max_lines:] if max_lines > 0 else []
    return LogTail(path=str(path), exists=True, size=size, lines=kept, truncated=start > 0 or len(kept) < len(lines))


def _flatten(mapping: Mapping[str, object], prefix: str = "") -> list[tuple[str, object]]:
    out: list[tuple[str, object]] = []
    for key, value in mapping.items():
        if isinstance(value, dict):
            out += _flatten(value, f"{prefix}{key}.")
        elif isinstance(value, list):
            out.append((f"{prefix}{key}", ", ".join(str(v) for v in value)))
        else:
            out.append((f"{prefix}{key}", value))
    return out


__all__ = ["collect_app_state", "collect_log_tail", "read_log_tail"]
