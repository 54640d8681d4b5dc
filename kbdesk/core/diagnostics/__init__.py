"""Diagnostics: small, independent collectors that describe this machine and kbdesk.

``collect_all(DiagnosticsOptions(...))`` runs every registered collector at
once and returns a :class:`DiagnosticsReport`. A collector that raises or runs
out of time is recorded with its error; the others are not affected. Nothing
here imports Qt: the GUI hands what it knows (screens) in through the options.

The report is raw: it contains addresses, host names and paths. Redaction is
the next step (``kbdesk.core.redaction``), before anything leaves the machine.
"""

from __future__ import annotations

import concurrent.futures as cf
import datetime as _dt
import logging
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

import kbdesk
from kbdesk.core.diagnostics.app_state import collect_app_state, collect_log_tail
from kbdesk.core.diagnostics.base import (
    Collector,
    CollectorOutput,
    DiagnosticResult,
    DiagnosticsError,
    DiagnosticsOptions,
    jsonable_object,
    parse_tcp_target,
    start_in_daemon_thread,
    with_warnings,
)
from kbdesk.core.diagnostics.battery import collect_battery
from kbdesk.core.diagnostics.clock import collect_clock
from kbdesk.core.diagnostics.disks import collect_disk_usage
from kbdesk.core.diagnostics.display import collect_display
from kbdesk.core.diagnostics.network import (
    collect_default_route,
    collect_dns,
    collect_interfaces,
    collect_proxy,
    collect_tcp,
    mask_proxy_credentials,
)
from kbdesk.core.diagnostics.printing import collect_printing
from kbdesk.core.diagnostics.system import (
    collect_cpu,
    collect_kernel,
    collect_locale_and_time,
    collect_machine_model,
    collect_memory,
    collect_os,
    collect_uptime,
)
from kbdesk.core.jsontypes import JSONValue

log = logging.getLogger(__name__)

#: bump when the shape of ``DiagnosticsReport.to_dict()`` changes incompatibly
REPORT_FORMAT_VERSION = 1

#: every collector, in the order the report shows them
COLLECTORS: tuple[Collector, ...] = (
    Collector("os", "Operating system", collect_os),
    Collector("kernel", "Kernel", collect_kernel),
    Collector("machine", "Machine model", collect_machine_model),
    Collector("cpu", "Processor", collect_cpu),
    Collector("memory", "Memory", collect_memory),
    Collector("disks", "Disks", collect_disk_usage),
    Collector("uptime", "Uptime", collect_uptime),
    Collector("locale", "Locale and time", collect_locale_and_time),
    Collector("clock", "Clock synchronisation", collect_clock, network=True),
    Collector("interfaces", "Network interfaces", collect_interfaces),
    Collector("route", "Default route", collect_default_route),
    Collector("dns", "Name resolution", collect_dns, network=True),
    Collector("tcp", "Server connections", collect_tcp, network=True),
    Collector("proxy", "Proxy settings", collect_proxy),
    Collector("battery", "Battery", collect_battery),
    Collector("printing", "Printing", collect_printing),
    Collector("kbdesk", "kbdesk", collect_app_state),
    Collector("log", "kbdesk log", collect_log_tail),
    Collector("display", "Display", collect_display),
)


@dataclass(frozen=True)
class DiagnosticsReport:
    results: tuple[DiagnosticResult, ...]
    #: when the run started, ISO 8601 in UTC
    created: str
    seconds: float

    def result(self, name: str) -> DiagnosticResult | None:
        return next((r for r in self.results if r.name == name), None)

    @property
    def failed(self) -> tuple[DiagnosticResult, ...]:
        return tuple(r for r in self.results if not r.ok)

    @property
    def warnings(self) -> tuple[tuple[str, str], ...]:
        """``(collector name, warning)`` for everything a person should look at."""
        return tuple((r.name, w) for r in self.results for w in r.warnings)

    def to_dict(self) -> dict[str, object]:
        return {
            "format": "kbdesk-diagnostics",
            "version": REPORT_FORMAT_VERSION,
            "kbdesk_version": kbdesk.__version__,
            "created": self.created,
            "seconds": round(self.seconds, 4),
            "warnings": [{"collector": name, "message": text} for name, text in self.warnings],
            "results": [r.to_dict() for r in self.results],
        }

    def to_text(self) -> str:
        failed = len(self.failed)
        head = [
            f"kbdesk diagnostics, {self.created}",
            f"{len(self.results)} checks in {self.seconds:.2f} s"
            + (f", {failed} could not run" if failed else "")
            + (f", {len(self.warnings)} warning(s)" if self.warnings else ""),
        ]
        if self.warnings:
            head.append("")
            head.append("Needs attention:")
            head.extend(f"  - {text}" for _, text in self.warnings)
        sections = ["\n".join(head)]
        for r in self.results:
            body = r.text if r.ok else f"could not collect: {r.error}"
            sections.append(f"== {r.title} ==\n{body}".rstrip())
        return "\n\n".join(sections) + "\n"


def select_collectors(
    only: Iterable[str] = (), skip: Iterable[str] = (), collectors: Sequence[Collector] = COLLECTORS
) -> tuple[Collector, ...]:
    """The collectors to run, in registry order; unknown names are an error, not a silent no-op."""
    only, skip = tuple(only), tuple(skip)
    known = {c.name for c in collectors}
    unknown = sorted((set(only) | set(skip)) - known)
    if unknown:
        raise DiagnosticsError(
            f"Unknown diagnostics check(s): {', '.join(unknown)}",
            hint=f"Known checks: {', '.join(c.name for c in collectors)}.",
        )
    return tuple(c for c in collectors if (not only or c.name in only) and c.name not in skip)


def collect_all(
    options: DiagnosticsOptions | None = None, *, collectors: Sequence[Collector] | None = None
) -> DiagnosticsReport:
    """Run the selected collectors concurrently; never raises for a collector's failure.

    Each collector runs in its own daemon thread and gets its own budget
    (``Collector.budget``); the run ends when all have answered or run out of
    time, so it lasts about as long as the slowest budget. Safe to call from a
    worker thread; it does not touch the GUI.
    """
    options = options or DiagnosticsOptions()
    chosen = select_collectors(options.only, options.skip, COLLECTORS if collectors is None else collectors)
    created = _dt.datetime.now(_dt.UTC).isoformat(timespec="seconds")
    started = time.monotonic()
    futures: list[tuple[Collector, cf.Future[tuple[CollectorOutput, float]], float]] = []
    for collector in chosen:
        futures.append(
            (
                collector,
                start_in_daemon_thread(_timed(collector, options), f"diag-{collector.name}"),
                started + collector.budget(options),
            )
        )

    results = []
    for collector, future, deadline in futures:
        try:
            output, seconds = future.result(timeout=max(0.0, deadline - time.monotonic()))
        except cf.TimeoutError:
            budget = collector.budget(options)
            log.warning("diagnostics check %s gave no answer within %.1f s", collector.name, budget)
            results.append(
                _failure(collector, f"no answer within {budget:.1f} s (timed out)", time.monotonic() - started)
            )
        except Exception as exc:  # a broken collector is a finding, not a crash
            seconds = getattr(exc, "_kbdesk_seconds", time.monotonic() - started)
            log.warning("diagnostics check %s failed", collector.name, exc_info=exc)
            results.append(_failure(collector, f"{type(exc).__name__}: {exc}", seconds))
        else:
            results.append(_success(collector, output, seconds))
    return DiagnosticsReport(results=tuple(results), created=created, seconds=time.monotonic() - started)


def _timed(collector: Collector, options: DiagnosticsOptions) -> Callable[[], tuple[CollectorOutput, float]]:
    def run() -> tuple[CollectorOutput, float]:
        begin = time.perf_counter()
        try:
            output = collector.func(options)
        except Exception as exc:
            exc._kbdesk_seconds = time.perf_counter() - begin  # type: ignore[attr-defined]
            raise
        return output, time.perf_counter() - begin

    return run


def _success(collector: Collector, output: object, seconds: float) -> DiagnosticResult:
    if not isinstance(output, CollectorOutput):
        return _failure(collector, f"returned {type(output).__name__}, not CollectorOutput", seconds)
    data = jsonable_object(output.data)
    warnings = [str(w) for w in output.warnings]
    data["warnings"] = list[JSONValue](warnings)
    return DiagnosticResult(
        name=collector.name,
        title=collector.title,
        ok=True,
        data=data,
        text=with_warnings(output.text, warnings),
        error=None,
        seconds=seconds,
    )


def _failure(collector: Collector, error: str, seconds: float) -> DiagnosticResult:
    return DiagnosticResult(
        name=collector.name,
        title=collector.title,
        ok=False,
        data={"warnings": []},
        text="",
        error=error,
        seconds=seconds,
    )


__all__ = [
    "COLLECTORS",
    "REPORT_FORMAT_VERSION",
    "Collector",
    "CollectorOutput",
    "DiagnosticResult",
    "DiagnosticsError",
    "DiagnosticsOptions",
    "DiagnosticsReport",
    "collect_all",
    "mask_proxy_credentials",
    "parse_tcp_target",
    "select_collectors",
]
