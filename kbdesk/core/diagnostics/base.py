"""The building blocks every collector shares.

A collector is a plain function ``(options) -> CollectorOutput`` wrapped in a
:class:`Collector` with a name, a title for people and a time budget. The
runner in ``__init__`` turns whatever happens (a result, an exception, a
timeout) into one :class:`DiagnosticResult`, so a broken collector never
spoils the rest of the report.
"""

from __future__ import annotations

import concurrent.futures as cf
import dataclasses
import datetime as _dt
import functools
import logging
import math
import os
import shutil
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterable, Mapping, Sequence
from concurrent.futures import Future
from dataclasses import dataclass
from pathlib import PurePath
from typing import Any, TypeVar

from kbdesk.core.errors import KbdeskError
from kbdesk.core.jsontypes import JSONObject, JSONValue

log = logging.getLogger(__name__)

T = TypeVar("T")
ItemT = TypeVar("ItemT")

#: a default per-collector budget; every collector runs in parallel, so the
#: whole report takes about as long as its slowest collector
DEFAULT_COLLECTOR_TIMEOUT = 2.5


class DiagnosticsError(KbdeskError):
    """The diagnostics were asked for something impossible (an unknown collector, a bad target)."""


@dataclass(frozen=True)
class DiagnosticsOptions:
    """What one diagnostics run should check.

    ``timeout`` is the budget of one network check (one lookup, one connection);
    the network collectors get that plus a small margin, every other collector
    its own fixed budget. kbdesk is an offline tool, so nothing outside this
    machine is contacted unless ``dns_hosts`` or ``tcp_targets`` name it.
    """

    dns_hosts: tuple[str, ...] = ()
    tcp_targets: tuple[tuple[str, int], ...] = ()
    #: statistics of the search index, as the indexer reports them (plain JSON values)
    index_stats: Mapping[str, object] | None = None
    #: screens as the GUI sees them (a dict or a dataclass); None outside the GUI
    display: object = None
    log_lines: int = 200
    timeout: float = 1.0
    only: tuple[str, ...] = ()
    skip: tuple[str, ...] = ()
    #: an NTP server the clock collector asks for the time (``host`` or ``host:port``); "" asks nobody
    time_server: str = ""
    #: connect once to each proxy the system names, to see whether it answers (no data is sent)
    probe_proxy: bool = True
    #: no collector gets longer than this (the checks run at start, which must not keep a banner waiting)
    budget_cap: float | None = None

    def __post_init__(self) -> None:
        # accept lists from callers (argparse, settings) but store tuples, so the
        # options stay hashable and nobody changes them under a running collector
        hosts = (self.dns_hosts,) if isinstance(self.dns_hosts, str) else self.dns_hosts
        object.__setattr__(self, "dns_hosts", tuple(str(h).strip() for h in hosts if str(h).strip()))
        targets = []
        for target in self.tcp_targets:
            if isinstance(target, str):
                target = parse_tcp_target(target)
            try:
                host, port = target
                port = int(port)
            except (TypeError, ValueError):
                raise DiagnosticsError(
                    f"Not a host and port: {target!r}",
                    hint="Give each target as (host, port), e.g. ('example.org', 443).",
                ) from None
            if not str(host).strip() or not 0 < port < 65536:
                raise DiagnosticsError(f"Not a valid host and port: {host!r}:{port}", hint="Ports go from 1 to 65535.")
            targets.append((str(host).strip(), port))
        object.__setattr__(self, "tcp_targets", tuple(targets))
        for name in ("only", "skip"):
            value = getattr(self, name)
            value = (value,) if isinstance(value, str) else value
            object.__setattr__(self, name, tuple(value))
        if not (isinstance(self.timeout, (int, float)) and math.isfinite(self.timeout) and self.timeout > 0):
            raise DiagnosticsError(f"Timeout must be a positive number of seconds, not {self.timeout!r}")
        if self.budget_cap is not None and not (math.isfinite(self.budget_cap) and self.budget_cap > 0):
            raise DiagnosticsError(f"budget_cap must be a positive number of seconds, not {self.budget_cap!r}")
        object.__setattr__(self, "time_server", str(self.time_server or "").strip())
        if int(self.log_lines) < 0:
            raise DiagnosticsError(f"log_lines must be zero or more, not {self.log_lines!r}")
        object.__setattr__(self, "log_lines", int(self.log_lines))


def parse_tcp_target(text: str) -> tuple[str, int]:
    """``"host:port"`` or ``"[v6-address]:port"`` to ``(host, port)``, for the CLI and settings."""
    text = text.strip()
    if text.startswith("["):
        host, sep, rest = text[1:].partition("]")
        port_text = rest[1:] if rest.startswith(":") else ""
    else:
        host, sep, port_text = text.rpartition(":")
    try:
        port = int(port_text)
    except ValueError:
        port = 0
    if not sep or not host or not 0 < port < 65536:
        raise DiagnosticsError(
            f"Not a host and port: {text!r}", hint="Write it as host:port, e.g. example.org:443 or [::1]:8080."
        )
    return host, port


@dataclass(frozen=True)
class CollectorOutput:
    """What a collector function returns: facts for machines, lines for people."""

    data: Mapping[str, object]
    text: str
    #: things a person should look at (a nearly full disk, no default route ...)
    warnings: tuple[str, ...] = ()


@dataclass(frozen=True)
class DiagnosticResult:
    """The outcome of one collector.

    ``ok`` says whether the collector could do its job, not whether the machine
    is healthy: a failed DNS lookup is a finding (``ok`` and a warning), a
    collector that crashed or ran out of time is not ``ok`` and has ``error``.
    ``data`` is JSON-serialisable and always has a ``warnings`` list.
    """

    name: str
    title: str
    ok: bool
    #: the collector's facts made JSON-safe (:func:`jsonable`)
    data: JSONObject
    text: str
    error: str | None
    seconds: float

    @property
    def warnings(self) -> tuple[str, ...]:
        warnings = self.data.get("warnings")
        return tuple(str(w) for w in warnings) if isinstance(warnings, list) else ()

    def to_dict(self) -> dict[str, object]:
        return {
            "name": self.name,
            "title": self.title,
            "ok": self.ok,
            "error": self.error,
            "seconds": round(self.seconds, 4),
            "data": self.data,
            "text": self.text,
        }


@dataclass(frozen=True)
class Collector:
    name: str
    title: str
    func: Callable[[DiagnosticsOptions], CollectorOutput]
    timeout: float = DEFAULT_COLLECTOR_TIMEOUT
    #: network collectors take their budget from the options instead
    network: bool = False

    def budget(self, options: DiagnosticsOptions) -> float:
        # network checks run in parallel inside their collector, each capped at options.timeout
        budget = options.timeout + 0.5 if self.network else self.timeout
        return min(budget, options.budget_cap) if options.budget_cap is not None else budget


# --- running ------------------------------------------------------------------


def start_in_daemon_thread(func: Callable[[], T], name: str) -> Future[T]:
    """Run ``func`` in its own daemon thread and return a Future of its result.

    Daemon threads rather than a ThreadPoolExecutor: a pool joins its workers at
    interpreter exit, so a collector stuck in the kernel (``statvfs`` on a dead
    network mount, ``getaddrinfo`` on a broken resolver) would keep
    ``kbdesk diagnostics`` from ever exiting. A timed-out daemon thread is
    abandoned instead; it cannot be killed, only forgotten.
    """
    future: Future[T] = Future()
    future.set_running_or_notify_cancel()

    def target() -> None:
        try:
            value = func()
        except BaseException as exc:  # noqa: BLE001 - reported through the future, never lost
            future.set_exception(exc)
        else:
            future.set_result(value)

    threading.Thread(target=target, name=name, daemon=True).start()
    return future


def run_parallel(
    func: Callable[[ItemT], T], items: Sequence[ItemT], timeout: float, name: str
) -> list[tuple[T | None, BaseException | None, bool]]:
    """``func(item)`` for every item at once; ``(value, exception, timed_out)`` per item, in order."""
    futures = [start_in_daemon_thread(functools.partial(func, item), f"{name}-{i}") for i, item in enumerate(items)]
    deadline = time.monotonic() + timeout
    cf.wait(futures, timeout=max(0.0, deadline - time.monotonic()))
    out: list[tuple[T | None, BaseException | None, bool]] = []
    for fut in futures:
        if not fut.done():
            out.append((None, None, True))
        elif fut.exception() is not None:
            out.append((None, fut.exception(), False))
        else:
            out.append((fut.result(), None, False))
    return out


def run_command(args: Sequence[str], timeout: float = 1.5) -> str | None:
    """Output of a helper program, or None when it is missing, fails or is slow.

    The helpers we call are optional extras: their absence is normal and
    never an error of the collector.
    """
    exe = shutil.which(args[0])
    if exe is None:
        return None
    kwargs: dict[str, Any] = {}
    if sys.platform == "win32":
        # no console window flashing up behind the GUI
        kwargs["creationflags"] = getattr(subprocess, "CREATE_NO_WINDOW", 0)
    env = dict(os.environ, LC_ALL="C", LANG="C")  # stable, parseable output
    try:
        proc = subprocess.run(
            [exe, *args[1:]],
            capture_output=True,
            text=True,
            encoding="utf-8",
            errors="replace",
            timeout=timeout,
            stdin=subprocess.DEVNULL,
            env=env,
            check=False,
            **kwargs,
        )
    except (OSError, subprocess.SubprocessError) as exc:
        log.debug("helper %s failed: %s", args[0], exc)
        return None
    if proc.returncode != 0:
        log.debug("helper %s exited with %s", args[0], proc.returncode)
        return None
    return str(proc.stdout)


def read_text(path: str, limit: int = 65536) -> str | None:
    """A small system file's text, or None when it does not exist or cannot be read."""
    try:
        with open(path, "rb") as handle:
            return handle.read(limit).decode("utf-8", errors="replace")
    except OSError:
        return None


# --- JSON and text helpers ----------------------------------------------------


def jsonable(value: object, _depth: int = 0) -> JSONValue:
    """A copy of ``value`` made only of JSON types, so ``to_dict`` never fails."""
    if _depth > 20:
        return repr(value)
    if value is None or isinstance(value, (bool, int, str)):
        return value
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    if isinstance(value, Mapping):
        return {str(k): jsonable(v, _depth + 1) for k, v in value.items()}
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return jsonable(dataclasses.asdict(value), _depth + 1)
    if isinstance(value, (list, tuple, set, frozenset)):
        return [jsonable(v, _depth + 1) for v in value]
    if isinstance(value, (_dt.datetime, _dt.date)):
        return value.isoformat()
    if isinstance(value, PurePath):
        return str(value)
    if isinstance(value, bytes):
        return value.decode("utf-8", errors="replace")
    return str(value)


def jsonable_object(value: Mapping[str, object]) -> JSONObject:
    """:func:`jsonable` of a mapping, typed as the JSON object it is."""
    return {str(k): jsonable(v, 1) for k, v in value.items()}


def format_bytes(count: float | None) -> str:
    if count is None:
        return "unknown"
    value = float(count)
    for unit in ("B", "KiB", "MiB", "GiB", "TiB"):
        if abs(value) < 1024 or unit == "TiB":
            return f"{value:.0f} {unit}" if unit == "B" else f"{value:.1f} {unit}"
        value /= 1024
    return f"{value:.1f} PiB"  # pragma: no cover - loop always returns


def format_duration(seconds: float) -> str:
    seconds = int(max(0, seconds))
    days, rest = divmod(seconds, 86400)
    hours, rest = divmod(rest, 3600)
    minutes = rest // 60
    if days:
        return f"{days} d {hours} h {minutes} min"
    if hours:
        return f"{hours} h {minutes} min"
    return f"{minutes} min" if minutes else f"{seconds} s"


def key_values(pairs: Iterable[tuple[str, object]]) -> str:
    """``Label: value`` lines with the values lined up."""
    lines = [(label, "" if value is None else str(value)) for label, value in pairs]
    if not lines:
        return ""
    width = max(len(label) for label, _ in lines) + 1
    return "\n".join(f"{label + ':':<{width}} {value}".rstrip() for label, value in lines)


def table(headers: Sequence[str], rows: Iterable[Sequence[object]]) -> str:
    """A plain-text table with aligned columns (left for text, right for numbers)."""
    cells = [["" if cell is None else str(cell) for cell in row] for row in rows]
    widths = [len(h) for h in headers]
    for row in cells:
        for i, cell in enumerate(row):
            widths[i] = max(widths[i], len(cell))
    numeric = [all(_looks_numeric(row[i]) for row in cells if row[i]) and bool(cells) for i in range(len(headers))]

    def line(texts: Sequence[str]) -> str:
        parts = [c.rjust(w) if num else c.ljust(w) for c, w, num in zip(texts, widths, numeric, strict=False)]
        return "  ".join(parts).rstrip()

    out = [line(list(headers)), line(["-" * w for w in widths])]
    out.extend(line(row) for row in cells)
    return "\n".join(out)


def _looks_numeric(cell: str) -> bool:
    head = cell.split(" ", 1)[0].rstrip("%")
    try:
        float(head)
    except ValueError:
        return False
    return True


def with_warnings(text: str, warnings: Sequence[str]) -> str:
    if not warnings:
        return text
    return "\n".join([text, *(f"! {w}" for w in warnings)]) if text else "\n".join(f"! {w}" for w in warnings)


__all__ = [
    "DEFAULT_COLLECTOR_TIMEOUT",
    "Collector",
    "CollectorOutput",
    "DiagnosticResult",
    "DiagnosticsError",
    "DiagnosticsOptions",
    "parse_tcp_target",
]
