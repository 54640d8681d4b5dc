"""Facts from a diagnostics report: collected now, or read from a saved ``kbdesk diagnostics --json``.

:func:`facts_from_report` reads the catalogue's facts from a report in the shape
``DiagnosticsReport.to_dict()`` gives, which is exactly what ``kbdesk
diagnostics --json`` prints; so the checks give the same answer on this
computer and on a saved report read anywhere else (``kbdesk suggest
--diagnostics FILE.json``).

A saved report is untrusted (it may come from anyone): :func:`read_diagnostics_file`
reads at most :data:`MAX_REPORT_BYTES`, refuses JSON nested deeper than
:data:`MAX_REPORT_DEPTH` before parsing it, checks the shape against a schema, and
raises :class:`~kbdesk.core.errors.DiagnosticsFileError` with one sentence for
anything else.

:func:`start_options` are the options of the run kbdesk makes when it starts:
the cheap collectors only, no network, each cut at :data:`START_BUDGET_S`.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Mapping
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING

from kbdesk.core.checks.catalogue import CHEAP_COLLECTORS, Value, read_facts
from kbdesk.core.errors import DiagnosticsFileError
from kbdesk.core.fsutil import read_bounded

if TYPE_CHECKING:
    from kbdesk.core.bundle.schema import Spec
    from kbdesk.core.diagnostics import DiagnosticsOptions, DiagnosticsReport

#: a real report is 20-120 KB (the log tail is at most 64 KB); anything far larger is not one
MAX_REPORT_BYTES = 8 * 1024 * 1024
#: a report nests 6 levels (results, data, volumes, a volume); the bundle reader allows 64 too
MAX_REPORT_DEPTH = 64
#: collectors in one report (kbdesk has 19)
MAX_RESULTS = 200
#: no collector used at start runs longer than this; measured together they take about 0.1 s
#: (benchmarks/bench_checks.py), so the cap only matters when something hangs (a dead network share)
START_BUDGET_S = 1.0


@functools.cache
def _report_schema() -> Spec:
    """The shape a saved report must have (built on first use: the bundle schema module is not needed before)."""
    from kbdesk.core.bundle.schema import Spec

    result = Spec(
        "object",
        fields=(
            ("name", Spec("str", required=True)),
            ("ok", Spec("bool", required=True)),
            ("title", Spec("str")),
            ("error", Spec("str", nullable=True)),
            ("data", Spec("any")),
        ),
    )
    return Spec(
        "object",
        fields=(
            ("format", Spec("str", required=True)),
            ("version", Spec("int", required=True)),
            ("created", Spec("str")),
            ("results", Spec("list", item=result, required=True)),
        ),
    )


REPORT_FORMAT = "kbdesk-diagnostics"


@dataclass(frozen=True)
class FactSnapshot:
    """The facts of one machine at one moment, and where they came from."""

    values: Mapping[str, Value]
    #: when the report was made (ISO 8601, as the report says)
    created: str
    #: "this computer", or the file they were read from
    source: str
    #: the collectors that answered
    collectors: tuple[str, ...] = ()

    @property
    def platform(self) -> str | None:
        value = self.values.get("system.platform")
        return value if isinstance(value, str) else None


def collected_data(report: Mapping[str, object]) -> dict[str, Mapping[str, object]]:
    """Collector name -> data, for the results that are ``ok`` (a failed collector knows nothing)."""
    out: dict[str, Mapping[str, object]] = {}
    results = report.get("results")
    for result in results[:MAX_RESULTS] if isinstance(results, list) else ():
        if not isinstance(result, Mapping) or result.get("ok") is not True:
            continue
        name, data = result.get("name"), result.get("data")
        if isinstance(name, str) and isinstance(data, Mapping) and name not in out:
            out[name] = data
    return out


def facts_from_report(
    report: DiagnosticsReport | Mapping[str, object], *, source: str = "this computer"
) -> FactSnapshot:
    """The catalogue's facts in a report (a live one, or the dict of a saved one)."""
    doc = report if isinstance(report, Mapping) else report.to_dict()
    collected = collected_data(doc)
    created = doc.get("created")
    return FactSnapshot(read_facts(collected), created if isinstance(created, str) else "", source, tuple(collected))


def read_diagnostics_file(path: Path | str) -> dict[str, object]:
    """A saved ``kbdesk diagnostics --json``, checked; DiagnosticsFileError (one sentence) otherwise."""
    from kbdesk.core.bundle.schema import json_depth, schema_problem
    from kbdesk.core.diagnostics import REPORT_FORMAT_VERSION

    path = Path(path)
    name = path.name
    try:
        data = read_bounded(path, MAX_REPORT_BYTES)
    except FileNotFoundError:
        raise DiagnosticsFileError(f"{path}: no such file") from None
    except IsADirectoryError:
        raise DiagnosticsFileError(f"{path} is a folder, not a diagnostics file") from None
    except OSError as exc:
        raise DiagnosticsFileError(f"{path} cannot be read: {exc.strerror or exc}") from None
    if data is None:
        raise DiagnosticsFileError(
            f"{name} is larger than {MAX_REPORT_BYTES // (1024 * 1024)} MB; a diagnostics report is far smaller",
            hint="Save it again with: kbdesk diagnostics --json > FILE.json",
        )
    if data.count(b"[") + data.count(b"{") > MAX_REPORT_DEPTH and json_depth(data) > MAX_REPORT_DEPTH:
        raise DiagnosticsFileError(f"{name} nests more than {MAX_REPORT_DEPTH} levels deep; it is not a report")
    try:
        value = json.loads(data.decode("utf-8"))
    except UnicodeDecodeError as exc:
        raise DiagnosticsFileError(f"{name} is not UTF-8 text (byte {exc.start})") from None
    except (ValueError, RecursionError) as exc:
        raise DiagnosticsFileError(
            f"{name} is not valid JSON ({str(exc).splitlines()[0][:120]})",
            hint="Save it with: kbdesk diagnostics --json > FILE.json",
        ) from None
    if not isinstance(value, dict) or value.get("format") != REPORT_FORMAT:
        raise DiagnosticsFileError(
            f'{name} is not a kbdesk diagnostics report (no "format": "{REPORT_FORMAT}")',
            hint="Save one with: kbdesk diagnostics --json > FILE.json",
        )
    problem = schema_problem(value, _report_schema())
    if problem is not None:
        raise DiagnosticsFileError(f"{name}: {problem}")
    version = value["version"]
    assert isinstance(version, int)
    if version > REPORT_FORMAT_VERSION or version < 1:
        raise DiagnosticsFileError(
            f"{name} is a diagnostics report of format {version}; this kbdesk reads format {REPORT_FORMAT_VERSION}",
            hint="Read it with a newer kbdesk." if version > REPORT_FORMAT_VERSION else "",
        )
    return value


def start_options(base: DiagnosticsOptions | None = None, *, display: object = None) -> DiagnosticsOptions:
    """The options of the run at start: cheap collectors, nothing on the network, short budgets."""
    from kbdesk.core.diagnostics import DiagnosticsOptions

    return replace(
        base or DiagnosticsOptions(),
        only=CHEAP_COLLECTORS,
        skip=(),
        dns_hosts=(),
        tcp_targets=(),
        time_server="",
        probe_proxy=False,
        log_lines=0,
        display=display,
        budget_cap=START_BUDGET_S,
    )


def collect_facts(options: DiagnosticsOptions) -> tuple[FactSnapshot, DiagnosticsReport]:
    """Run the collectors ``options`` select and read their facts (safe on a worker thread)."""
    from kbdesk.core.diagnostics import collect_all

    report = collect_all(options)
    return facts_from_report(report), report


__all__ = [
    "MAX_REPORT_BYTES",
    "START_BUDGET_S",
    "FactSnapshot",
    "collect_facts",
    "collected_data",
    "facts_from_report",
    "read_diagnostics_file",
    "start_options",
]
