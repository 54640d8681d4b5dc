"""The fact catalogue: every named fact a check may use, and how each is read from a diagnostics report.

A fact is one typed value about the machine (``disk.home.percent_used``, a
number in percent), read from one collector's data in a diagnostics report
(``kbdesk diagnostics --json``, or a live :class:`~kbdesk.core.diagnostics.DiagnosticsReport`).
A fact is *missing* when its collector did not run, failed, or cannot know it on
this system (no battery, no time server set); a check that needs a missing
fact does not fire.

``cheap`` facts come from collectors that only read local state (files,
the kernel, a helper such as ``lpstat`` answering in milliseconds); they are the
ones kbdesk reads when it starts. The others need the network (a DNS lookup, a
time server) or take longer (the processor's load is sampled for 0.2 s).

The catalogue is versioned (:data:`CATALOGUE_VERSION`): renaming or retyping a
fact, or changing what it means, is a new version; adding a fact is not.
``docs/writing-articles.md`` lists every fact (:func:`markdown_table` writes that
table; a test keeps the two the same).

Reports are read as untrusted JSON: every value is type-checked by its fact's reader
(:mod:`.readers`), and a value of the wrong type makes the fact missing, never an exception.
This module is the table a writer reads (one entry per fact); the readers live beside it.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal

from kbdesk.core.checks import readers as read
from kbdesk.core.checks.readers import Collected, Value

CATALOGUE_VERSION = 1

FactType = Literal["number", "bool", "text"]


@dataclass(frozen=True)
class Fact:
    name: str
    type: FactType
    #: "bytes", "seconds", "percent", "pixels", or "" (a plain number, a count, true/false, text)
    unit: str
    collector: str
    cheap: bool
    description: str
    read: Callable[[Collected], Value | None]


# --------------------------------------------------------------------------- the catalogue

FACTS: tuple[Fact, ...] = (
    # system
    Fact("system.platform", "text", "", "os", True, "`windows`, `macos` or `linux`", read.platform),
    Fact(
        "system.os_name",
        "text",
        "",
        "os",
        True,
        "the operating system's name and version",
        read.field_of("os", "name", read.as_text),
    ),
    Fact(
        "system.uptime_seconds",
        "number",
        "seconds",
        "uptime",
        True,
        "time since the computer last started",
        read.field_of("uptime", "uptime_seconds", read.as_number),
    ),
    # processor and memory
    Fact(
        "cpu.busy_percent",
        "number",
        "percent",
        "cpu",
        False,
        "how busy the processor is (sampled for 0.2 s)",
        read.field_of("cpu", "percent", read.as_number),
    ),
    Fact(
        "cpu.load_per_core",
        "number",
        "",
        "cpu",
        False,
        "1-minute load average divided by the logical cores (over 2: the machine is overloaded)",
        read.load_per_core,
    ),
    Fact(
        "memory.total_bytes",
        "number",
        "bytes",
        "memory",
        True,
        "installed memory",
        read.field_of("memory", "total", read.as_number),
    ),
    Fact(
        "memory.available_bytes",
        "number",
        "bytes",
        "memory",
        True,
        "memory available to start programs",
        read.field_of("memory", "available", read.as_number),
    ),
    Fact(
        "memory.available_percent",
        "number",
        "percent",
        "memory",
        True,
        "available memory as a share of installed memory",
        read.memory_available_percent,
    ),
    Fact(
        "memory.swap_used_percent",
        "number",
        "percent",
        "memory",
        True,
        "how full the swap (page file) is; missing when there is none",
        read.swap_percent,
    ),
    # disks
    Fact(
        "disk.home.percent_used",
        "number",
        "percent",
        "disks",
        True,
        "how full the volume holding the user's home folder is",
        read.volume_value("home_volume", "percent"),
    ),
    Fact(
        "disk.home.free_bytes",
        "number",
        "bytes",
        "disks",
        True,
        "free space on the volume holding the user's home folder",
        read.volume_value("home_volume", "free"),
    ),
    Fact(
        "disk.home.total_bytes",
        "number",
        "bytes",
        "disks",
        True,
        "size of the volume holding the user's home folder",
        read.volume_value("home_volume", "total"),
    ),
    Fact(
        "disk.system.percent_used",
        "number",
        "percent",
        "disks",
        True,
        "how full the system volume (`/`, `C:`) is",
        read.volume_value("system_volume", "percent"),
    ),
    Fact(
        "disk.system.free_bytes",
        "number",
        "bytes",
        "disks",
        True,
        "free space on the system volume",
        read.volume_value("system_volume", "free"),
    ),
    Fact(
        "disk.fullest.percent_used",
        "number",
        "percent",
        "disks",
        True,
        "how full the fullest writable volume is",
        read.fullest_percent,
    ),
    Fact(
        "disk.unresponsive_volumes",
        "number",
        "",
        "disks",
        True,
        "volumes that did not answer within a second (a dead network share)",
        read.unresponsive_volumes,
    ),
    # clock
    Fact(
        "clock.sane",
        "bool",
        "",
        "locale",
        True,
        "the date is not before kbdesk's own files and not after 2100",
        read.field_of("locale", "clock_sane", read.as_bool),
    ),
    Fact(
        "clock.synchronized",
        "bool",
        "",
        "clock",
        True,
        "the system keeps its clock in step with a time server (Linux, macOS)",
        read.field_of("clock", "synchronized", read.as_bool),
    ),
    Fact(
        "clock.offset_seconds",
        "number",
        "seconds",
        "clock",
        False,
        "how far the clock is off, either way, from the `time_server` setting's server",
        read.offset,
    ),
    # network
    Fact(
        "network.connected",
        "bool",
        "",
        "interfaces",
        True,
        "a network interface other than loopback is up with an address",
        read.connected,
    ),
    Fact(
        "network.interfaces_up",
        "number",
        "",
        "interfaces",
        True,
        "network interfaces (not loopback) that are up with an address",
        read.usable_interfaces,
    ),
    Fact(
        "network.default_route",
        "bool",
        "",
        "route",
        True,
        "there is a default route (a way to other networks)",
        read.default_route,
    ),
    Fact(
        "network.unreachable_servers",
        "number",
        "",
        "tcp",
        False,
        "servers of the `diagnostic_hosts` setting (host:port) that refused or did not answer",
        read.unreachable_servers,
    ),
    Fact(
        "dns.nameservers",
        "number",
        "",
        "dns",
        True,
        "DNS servers configured (Linux, macOS)",
        read.nameservers,
    ),
    Fact(
        "dns.resolves",
        "bool",
        "",
        "dns",
        False,
        "every host of the `diagnostic_hosts` setting resolves",
        read.dns_resolves,
    ),
    Fact(
        "dns.failed_lookups",
        "number",
        "",
        "dns",
        False,
        "hosts of the `diagnostic_hosts` setting that do not resolve",
        read.dns_failed,
    ),
    Fact(
        "proxy.configured",
        "bool",
        "",
        "proxy",
        True,
        "a proxy is set (environment or system settings)",
        read.field_of("proxy", "configured", read.as_bool),
    ),
    Fact(
        "proxy.reachable",
        "bool",
        "",
        "proxy",
        False,
        "every configured proxy accepts a connection",
        read.field_of("proxy", "reachable", read.as_bool),
    ),
    # power
    Fact("battery.present", "bool", "", "battery", True, "the computer has a battery", read.battery_present),
    Fact(
        "battery.charge_percent",
        "number",
        "percent",
        "battery",
        True,
        "how charged the battery is",
        read.battery("percent", read.as_number),
    ),
    Fact(
        "battery.plugged_in",
        "bool",
        "",
        "battery",
        True,
        "the charger is connected",
        read.battery("plugged", read.as_bool),
    ),
    Fact(
        "battery.health_percent",
        "number",
        "percent",
        "battery",
        True,
        "the charge the battery holds when full, as a share of its design capacity (Linux, macOS)",
        read.battery("health_percent", read.as_number),
    ),
    Fact(
        "battery.cycle_count",
        "number",
        "",
        "battery",
        True,
        "charge cycles the battery has been through",
        read.cycle_count,
    ),
    # display
    Fact("display.screens", "number", "", "display", True, "screens connected and known", read.screen_count),
    Fact(
        "display.primary_width",
        "number",
        "pixels",
        "display",
        True,
        "width of the main screen's picture in physical pixels",
        read.primary_size("width"),
    ),
    Fact(
        "display.primary_height",
        "number",
        "pixels",
        "display",
        True,
        "height of the main screen's picture in physical pixels",
        read.primary_size("height"),
    ),
    Fact(
        "display.scale",
        "number",
        "",
        "display",
        True,
        "the largest scaling factor of any screen (1.5 = 150 %); in the app only",
        read.scale,
    ),
    Fact(
        "display.below_native",
        "bool",
        "",
        "display",
        True,
        "the main screen runs below the resolution it prefers (X11 only, from xrandr)",
        read.below_native,
    ),
    # printing
    Fact(
        "printing.queued_jobs",
        "number",
        "",
        "printing",
        True,
        "print jobs waiting (CUPS: Linux, macOS)",
        read.printing("queued_jobs"),
    ),
    Fact(
        "printing.oldest_job_seconds",
        "number",
        "seconds",
        "printing",
        True,
        "how long the oldest waiting print job has waited",
        read.printing("oldest_job_seconds"),
    ),
    Fact(
        "printing.stopped_printers",
        "number",
        "",
        "printing",
        True,
        "printers that are stopped (paused or disabled)",
        read.stopped_printers,
    ),
    # kbdesk itself
    Fact(
        "kbdesk.recent_errors",
        "number",
        "",
        "kbdesk",
        False,
        "error lines in the end of kbdesk's own log",
        read.recent_errors,
    ),
)

BY_NAME: dict[str, Fact] = {fact.name: fact for fact in FACTS}
#: collectors whose facts are cheap: what kbdesk runs when it starts
CHEAP_COLLECTORS: tuple[str, ...] = tuple(dict.fromkeys(f.collector for f in FACTS if f.cheap))

#: larger numbers are not facts about a computer (a petabyte is 1e15 bytes, a century 3e9 seconds)
MAX_NUMBER = 1e18

UNIT_WORDS = {"bytes": "bytes", "seconds": "seconds", "percent": "%", "pixels": "pixels", "": ""}


def read_facts(collected: Collected) -> dict[str, Value]:
    """Every fact the collected data holds (missing ones are left out)."""
    values: dict[str, Value] = {}
    for fact in FACTS:
        try:
            value = fact.read(collected)
        except (TypeError, ValueError, KeyError, AttributeError, IndexError, OverflowError):
            value = None  # the readers check every type; this keeps a reader's bug to its one fact
        if value is None:
            continue
        if fact.type == "number" and isinstance(value, (int, float)) and not isinstance(value, bool):
            # a report is untrusted JSON: 1e308 * 2 is inf, and a 4,000-digit integer cannot be shown
            if math.isfinite(value) and abs(value) <= MAX_NUMBER:
                values[fact.name] = value
        elif (fact.type == "bool" and isinstance(value, bool)) or (fact.type == "text" and isinstance(value, str)):
            values[fact.name] = value
    return values


def markdown_table() -> str:
    """The catalogue as the Markdown table docs/writing-articles.md carries."""
    rows = ["| Fact | Type | Unit | Collector | Read at start | What it is |", "|---|---|---|---|---|---|"]
    for fact in FACTS:
        type_word = {"number": "number", "bool": "true/false", "text": "text"}[fact.type]
        rows.append(
            f"| `{fact.name}` | {type_word} | {UNIT_WORDS[fact.unit] or '-'} | {fact.collector} | "
            f"{'yes' if fact.cheap else 'no'} | {fact.description} |"
        )
    return "\n".join(rows)


__all__ = [
    "BY_NAME",
    "CATALOGUE_VERSION",
    "CHEAP_COLLECTORS",
    "FACTS",
    "Fact",
    "FactType",
    "Value",
    "markdown_table",
    "read_facts",
]
