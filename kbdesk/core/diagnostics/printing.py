"""Printing: jobs waiting in the queue, and printers that stopped.

Linux and macOS print through CUPS, and ``lpstat`` (part of every CUPS install)
answers from the local scheduler in milliseconds. Run in the C locale, its lines
are (CUPS ``commands/lpstat.c``: ``show_jobs`` and ``show_printers``, the date
written by ``strftime("%c")``)::

    lpstat -o   HP_LaserJet-42          alice          1024   Tue Jan  7 10:15:02 2026
    lpstat -p   printer HP_LaserJet is idle.  enabled since Tue Jan  7 09:00:00 2026
                printer Office disabled since Mon Jan  6 17:30:11 2026 -
                        Paused

The user names in job lines are never kept. Windows: not read (its print queue
needs PowerShell's ``Get-PrintJob``, a second or more to start).
"""

from __future__ import annotations

import datetime as _dt
import re
import sys
from typing import Any, TypedDict

from kbdesk.core.diagnostics.base import CollectorOutput, DiagnosticsOptions, format_duration, run_command, table

#: a job waiting this long is stuck, not slow (a busy office printer clears its queue within minutes)
STUCK_JOB_SECONDS = 15 * 60
#: more jobs than this in one answer are not read (a print server's queue, not a desktop's)
MAX_JOBS = 500

_JOB_LINE = re.compile(r"^(?P<queue>\S+)-(?P<id>\d+)\s+\S+\s+(?P<size>\d+)\s+(?P<date>\S.*?)\s*$")
_PRINTER_LINE = re.compile(
    r"^printer (?P<name>\S+) (?:(?P<idle>is idle)|(?P<printing>now printing)|(?P<holding>is holding new jobs)"
    r"|(?P<disabled>disabled since))"
)


class PrintJob(TypedDict):
    """One job waiting in a queue (who sent it is not read: ``lpstat -o`` names the user)."""

    queue: str
    id: int
    size: int
    submitted: str | None
    age_seconds: int | None


class PrinterState(TypedDict):
    name: str
    state: str  # idle, printing, holding, stopped
    message: str | None


def collect_printing(options: DiagnosticsOptions) -> CollectorOutput:
    data: dict[str, Any] = {
        "available": False,
        "source": None,
        "jobs": [],
        "printers": [],
        "queued_jobs": None,
        "oldest_job_seconds": None,
        "stopped_printers": [],
    }
    if sys.platform == "win32":
        return CollectorOutput(data, "not checked on Windows")
    jobs_text = run_command(["lpstat", "-o"], timeout=1.0)
    printers_text = run_command(["lpstat", "-p"], timeout=1.0)
    if jobs_text is None and printers_text is None:
        return CollectorOutput(data, "no print system answered (CUPS not installed or not running)")
    now = _dt.datetime.now()
    jobs = parse_lpstat_jobs(jobs_text or "", now)
    printers = parse_lpstat_printers(printers_text or "")
    ages = [j["age_seconds"] for j in jobs if j["age_seconds"] is not None]
    data.update(
        available=True,
        source="lpstat",
        jobs=jobs,
        printers=printers,
        queued_jobs=len(jobs),
        oldest_job_seconds=max(ages) if ages else None,
        stopped_printers=[p["name"] for p in printers if p["state"] == "stopped"],
    )
    warnings = []
    if data["oldest_job_seconds"] is not None and data["oldest_job_seconds"] >= STUCK_JOB_SECONDS:
        warnings.append(f"a print job has been waiting for {format_duration(data['oldest_job_seconds'])}")
    for name in data["stopped_printers"]:
        warnings.append(f"the printer {name} is stopped")
    parts = []
    if printers:
        parts.append(table(("Printer", "State"), [(p["name"], p["state"]) for p in printers]))
    if jobs:
        parts.append(
            table(
                ("Job", "Queue", "Waiting"),
                [
                    (j["id"], j["queue"], format_duration(j["age_seconds"]) if j["age_seconds"] is not None else "?")
                    for j in jobs
                ],
            )
        )
    else:
        parts.append("no print jobs waiting")
    return CollectorOutput(data, "\n\n".join(parts), tuple(warnings))


def parse_lpstat_jobs(text: str, now: _dt.datetime) -> list[PrintJob]:
    """The jobs of ``lpstat -o`` (C locale) with their age at ``now`` (local time, like lpstat's dates)."""
    jobs: list[PrintJob] = []
    for line in text.splitlines():
        match = _JOB_LINE.match(line)
        if match is None:
            continue
        submitted = _parse_c_date(match["date"])
        age = round((now - submitted).total_seconds()) if submitted is not None else None
        jobs.append(
            {
                "queue": match["queue"],
                "id": int(match["id"]),
                "size": int(match["size"]),
                "submitted": submitted.isoformat(timespec="seconds") if submitted is not None else None,
                "age_seconds": max(0, age) if age is not None else None,
            }
        )
        if len(jobs) >= MAX_JOBS:
            break
    return jobs


def parse_lpstat_printers(text: str) -> list[PrinterState]:
    """The printers of ``lpstat -p`` and their state: idle, printing, holding or stopped."""
    printers: list[PrinterState] = []
    for line in text.splitlines():
        match = _PRINTER_LINE.match(line)
        if match is None:
            if line.startswith("\t") and printers and printers[-1]["message"] is None:
                printers[-1]["message"] = line.strip()[:200]
            continue
        if match["idle"]:
            state = "idle"
        elif match["printing"]:
            state = "printing"
        elif match["holding"]:
            state = "holding"
        else:
            state = "stopped"
        printers.append({"name": match["name"], "state": state, "message": None})
    return printers


def _parse_c_date(text: str) -> _dt.datetime | None:
    """``Tue Jan  7 10:15:02 2026``: ``strftime("%c")`` in the C locale."""
    try:
        return _dt.datetime.strptime(" ".join(text.split()), "%a %b %d %H:%M:%S %Y")
    except ValueError:
        return None


__all__ = ["collect_printing", "parse_lpstat_jobs", "parse_lpstat_printers"]
