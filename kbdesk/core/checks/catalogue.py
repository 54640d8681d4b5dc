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

Reports are read as untrusted JSON: every value is type-checked here, and a
value of the wrong type makes the fact missing, never an exception.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Literal

CATALOGUE_VERSION = 1

FactType = Literal["number", "bool", "text"]
Data = Mapping[str, object]
#: collector name -> its data, for the collectors that ran and answered
Collected = Mapping[str, Data]
Value = float | int | bool | str


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


# --------------------------------------------------------------------------- safe reading of JSON values


def _number(value: object) -> float | int | None:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return None
    if isinstance(value, float) and not math.isfinite(value):
        return None
    return value


def _bool(value: object) -> bool | None:
    return value if isinstance(value, bool) else None


def _text(value: object) -> str | None:
    return value if isinstance(value, str) else None


def _list(value: object) -> Sequence[object]:
    return value if isinstance(value, list) else ()


def _data(collected: Collected, name: str) -> Data:
    data = collected.get(name)
    return data if isinstance(data, Mapping) else {}


def _field(collector: str, key: str, kind: Callable[[object], Value | None]) -> Callable[[Collected], Value | None]:
    def read(collected: Collected) -> Value | None:
        data = collected.get(collector)
        return kind(data.get(key)) if isinstance(data, Mapping) else None

    return read


def _count(collector: str, key: str) -> Callable[[Collected], Value | None]:
    def read(collected: Collected) -> Value | None:
        data = collected.get(collector)
        if not isinstance(data, Mapping) or not isinstance(data.get(key), list):
            return None
        return len(_list(data.get(key)))

    return read


# --------------------------------------------------------------------------- readers per collector


def _platform(collected: Collected) -> Value | None:
    system = _text(_data(collected, "os").get("system"))
    if system is None:
        return None
    return {"windows": "windows", "darwin": "macos", "linux": "linux"}.get(system.lower(), system.lower())


def _is_windows(collected: Collected) -> bool:
    return _platform(collected) == "windows"


def _memory_available_percent(collected: Collected) -> Value | None:
    data = _data(collected, "memory")
    total, available = _number(data.get("total")), _number(data.get("available"))
    if total is None or available is None or total <= 0:
        return None
    return round(100.0 * available / total, 1)


def _swap_percent(collected: Collected) -> Value | None:
    data = _data(collected, "memory")
    if not _number(data.get("swap_total")):
        return None  # no swap at all: nothing to be full
    return _number(data.get("swap_percent"))


def _volumes(collected: Collected) -> list[Data]:
    return [v for v in _list(_data(collected, "disks").get("volumes")) if isinstance(v, Mapping)]


def _named_volume(collected: Collected, key: str) -> Data | None:
    """The volume the disks collector named for ``key`` (``home_volume``, ``system_volume``).

    Reports written before kbdesk named them: the volume holding ``/home``, ``/Users`` or
    ``C:\\Users`` (home), ``/`` or ``C:\\`` (system), by the longest matching mount point.
    """
    data = _data(collected, "disks")
    volumes = _volumes(collected)
    named = _text(data.get(key))
    if named is not None:
        return next((v for v in volumes if v.get("mountpoint") == named), None)
    if key == "home_volume":
        targets = {"windows": "c:\\users", "macos": "/users"}.get(str(_platform(collected)), "/home")
    else:
        targets = "c:\\" if _is_windows(collected) else "/"
    best: Data | None = None
    for volume in volumes:
        mount = _text(volume.get("mountpoint"))
        if mount is None:
            continue
        prefix = mount.lower().rstrip("/\\")
        if (targets.startswith((prefix + "/", prefix + "\\")) or targets == prefix or mount == "/") and (
            best is None or len(mount) > len(str(best.get("mountpoint")))
        ):
            best = volume
    return best


def _volume_value(which: str, key: str) -> Callable[[Collected], Value | None]:
    def read(collected: Collected) -> Value | None:
        volume = _named_volume(collected, which)
        return _number(volume.get(key)) if volume is not None else None

    return read


def _fullest_percent(collected: Collected) -> Value | None:
    percents = [
        _number(v.get("percent"))
        for v in _volumes(collected)
        if not v.get("read_only") and _number(v.get("percent")) is not None
    ]
    return max((p for p in percents if p is not None), default=None) if percents else None


def _unresponsive_volumes(collected: Collected) -> Value | None:
    if "disks" not in collected:
        return None
    return sum(1 for v in _volumes(collected) if v.get("error"))


def _load_per_core(collected: Collected) -> Value | None:
    data = _data(collected, "cpu")
    load = _list(data.get("load_average"))
    cores = _number(data.get("logical_cores"))
    first = _number(load[0]) if load else None
    if first is None or not cores or cores <= 0:
        return None
    return round(first / cores, 2)


def _usable_interfaces(collected: Collected) -> int | None:
    data = collected.get("interfaces")
    if not isinstance(data, Mapping) or not isinstance(data.get("usable"), list):
        return None
    return len(_list(data.get("usable")))


def _connected(collected: Collected) -> Value | None:
    count = _usable_interfaces(collected)
    return None if count is None else count > 0


def _default_route(collected: Collected) -> Value | None:
    data = _data(collected, "route")
    if data.get("source") is None and not _list(data.get("routes")):
        return None  # the routing table could not be read
    return _bool(data.get("present"))


def _nameservers(collected: Collected) -> Value | None:
    if _is_windows(collected):
        return None  # not read on Windows: an empty list says nothing there
    return _count("dns", "nameservers")(collected)


def _lookups(collected: Collected) -> list[Data]:
    return [entry for entry in _list(_data(collected, "dns").get("lookups")) if isinstance(entry, Mapping)]


def _dns_resolves(collected: Collected) -> Value | None:
    lookups = _lookups(collected)
    return all(entry.get("resolved") is True for entry in lookups) if lookups else None


def _dns_failed(collected: Collected) -> Value | None:
    lookups = _lookups(collected)
    return sum(1 for entry in lookups if entry.get("resolved") is not True) if lookups else None


def _unreachable_servers(collected: Collected) -> Value | None:
    checks = [c for c in _list(_data(collected, "tcp").get("checks")) if isinstance(c, Mapping)]
    return sum(1 for c in checks if c.get("reachable") is not True) if checks else None


def _offset(collected: Collected) -> Value | None:
    offset = _number(_data(collected, "clock").get("offset_seconds"))
    return abs(offset) if offset is not None else None


def _screens(collected: Collected) -> list[Data]:
    data = _data(collected, "display")
    if data.get("available") is not True:
        return []
    return [s for s in _list(data.get("screens")) if isinstance(s, Mapping) and _number(s.get("width"))]


def _primary_screen(collected: Collected) -> Data | None:
    screens = _screens(collected)
    return next((s for s in screens if s.get("primary") is True), screens[0] if screens else None)


def _scale_of(screen: Data) -> float | None:
    for key in ("device_pixel_ratio", "scale"):
        value = _number(screen.get(key))
        if value is not None and value > 0:
            return float(value)
    return None


def _primary_size(key: str) -> Callable[[Collected], Value | None]:
    """Physical pixels: the GUI reports logical sizes and its scale, xrandr physical ones."""

    def read(collected: Collected) -> Value | None:
        screen = _primary_screen(collected)
        size = _number(screen.get(key)) if screen is not None else None
        if screen is None or size is None:
            return None
        return round(size * (_scale_of(screen) or 1.0))

    return read


def _screen_count(collected: Collected) -> Value | None:
    return len(_screens(collected)) if _data(collected, "display").get("available") is True else None


def _scale(collected: Collected) -> Value | None:
    scales = [s for s in (_scale_of(screen) for screen in _screens(collected)) if s is not None]
    return max(scales) if scales else None


def _below_native(collected: Collected) -> Value | None:
    screen = _primary_screen(collected)
    if screen is None:
        return None
    width, native = _number(screen.get("width")), _number(screen.get("preferred_width"))
    if width is None or native is None:
        return None
    return width < native


def _battery_present(collected: Collected) -> Value | None:
    return _bool(_data(collected, "battery").get("present"))


def _battery(key: str, kind: Callable[[object], Value | None]) -> Callable[[Collected], Value | None]:
    def read(collected: Collected) -> Value | None:
        data = _data(collected, "battery")
        return kind(data.get(key)) if data.get("present") is True else None

    return read


def _cycle_count(collected: Collected) -> Value | None:
    data = _data(collected, "battery")
    cycles = [_number(b.get("cycle_count")) for b in _list(data.get("batteries")) if isinstance(b, Mapping)]
    known = [c for c in cycles if c is not None]
    return max(known) if known else None


def _printing(key: str) -> Callable[[Collected], Value | None]:
    def read(collected: Collected) -> Value | None:
        data = _data(collected, "printing")
        if data.get("available") is not True:
            return None
        return _number(data.get(key))

    return read


def _stopped_printers(collected: Collected) -> Value | None:
    data = _data(collected, "printing")
    if data.get("available") is not True:
        return None
    return len(_list(data.get("stopped_printers")))


def _recent_errors(collected: Collected) -> Value | None:
    data = collected.get("kbdesk")
    if not isinstance(data, Mapping) or not isinstance(data.get("recent_errors"), list):
        return None
    return len(_list(data.get("recent_errors")))


# --------------------------------------------------------------------------- the catalogue

FACTS: tuple[Fact, ...] = (
    # system
    Fact("system.platform", "text", "", "os", True, "`windows`, `macos` or `linux`", _platform),
    Fact(
        "system.os_name", "text", "", "os", True, "the operating system's name and version", _field("os", "name", _text)
    ),
    Fact(
        "system.uptime_seconds",
        "number",
        "seconds",
        "uptime",
        True,
        "time since the computer last started",
        _field("uptime", "uptime_seconds", _number),
    ),
    # processor and memory
    Fact(
        "cpu.busy_percent",
        "number",
        "percent",
        "cpu",
        False,
        "how busy the processor is (sampled for 0.2 s)",
        _field("cpu", "percent", _number),
    ),
    Fact(
        "cpu.load_per_core",
        "number",
        "",
        "cpu",
        False,
        "1-minute load average divided by the logical cores (over 2: the machine is overloaded)",
        _load_per_core,
    ),
    Fact(
        "memory.total_bytes", "number", "bytes", "memory", True, "installed memory", _field("memory", "total", _number)
    ),
    Fact(
        "memory.available_bytes",
        "number",
        "bytes",
        "memory",
        True,
        "memory available to start programs",
        _field("memory", "available", _number),
    ),
    Fact(
        "memory.available_percent",
        "number",
        "percent",
        "memory",
        True,
        "available memory as a share of installed memory",
        _memory_available_percent,
    ),
    Fact(
        "memory.swap_used_percent",
        "number",
        "percent",
        "memory",
        True,
        "how full the swap (page file) is; missing when there is none",
        _swap_percent,
    ),
    # disks
    Fact(
        "disk.home.percent_used",
        "number",
        "percent",
        "disks",
        True,
        "how full the volume holding the user's home folder is",
        _volume_value("home_volume", "percent"),
    ),
    Fact(
        "disk.home.free_bytes",
        "number",
        "bytes",
        "disks",
        True,
        "free space on the volume holding the user's home folder",
        _volume_value("home_volume", "free"),
    ),
    Fact(
        "disk.home.total_bytes",
        "number",
        "bytes",
        "disks",
        True,
        "size of the volume holding the user's home folder",
        _volume_value("home_volume", "total"),
    ),
    Fact(
        "disk.system.percent_used",
        "number",
        "percent",
        "disks",
        True,
        "how full the system volume (`/`, `C:`) is",
        _volume_value("system_volume", "percent"),
    ),
    Fact(
        "disk.system.free_bytes",
        "number",
        "bytes",
        "disks",
        True,
        "free space on the system volume",
        _volume_value("system_volume", "free"),
    ),
    Fact(
        "disk.fullest.percent_used",
        "number",
        "percent",
        "disks",
        True,
        "how full the fullest writable volume is",
        _fullest_percent,
    ),
    Fact(
        "disk.unresponsive_volumes",
        "number",
        "",
        "disks",
        True,
        "volumes that did not answer within a second (a dead network share)",
        _unresponsive_volumes,
    ),
    # clock
    Fact(
        "clock.sane",
        "bool",
        "",
        "locale",
        True,
        "the date is not before kbdesk's own files and not after 2100",
        _field("locale", "clock_sane", _bool),
    ),
    Fact(
        "clock.synchronized",
        "bool",
        "",
        "clock",
        True,
        "the system keeps its clock in step with a time server (Linux, macOS)",
        _field("clock", "synchronized", _bool),
    ),
    Fact(
        "clock.offset_seconds",
        "number",
        "seconds",
        "clock",
        False,
        "how far the clock is off, either way, from the `time_server` setting's server",
        _offset,
    ),
    # network
    Fact(
        "network.connected",
        "bool",
        "",
        "interfaces",
        True,
        "a network interface other than loopback is up with an address",
        _connected,
    ),
    Fact(
        "network.interfaces_up",
        "number",
        "",
        "interfaces",
        True,
        "network interfaces (not loopback) that are up with an address",
        _usable_interfaces,
    ),
    Fact(
        "network.default_route",
        "bool",
        "",
        "route",
        True,
        "there is a default route (a way to other networks)",
        _default_route,
    ),
    Fact(
        "network.unreachable_servers",
        "number",
        "",
        "tcp",
        False,
        "servers of the `diagnostic_hosts` setting (host:port) that refused or did not answer",
        _unreachable_servers,
    ),
    Fact(
        "dns.nameservers",
        "number",
        "",
        "dns",
        True,
        "DNS servers configured (Linux, macOS)",
        _nameservers,
    ),
    Fact(
        "dns.resolves",
        "bool",
        "",
        "dns",
        False,
        "every host of the `diagnostic_hosts` setting resolves",
        _dns_resolves,
    ),
    Fact(
        "dns.failed_lookups",
        "number",
        "",
        "dns",
        False,
        "hosts of the `diagnostic_hosts` setting that do not resolve",
        _dns_failed,
    ),
    Fact(
        "proxy.configured",
        "bool",
        "",
        "proxy",
        True,
        "a proxy is set (environment or system settings)",
        _field("proxy", "configured", _bool),
    ),
    Fact(
        "proxy.reachable",
        "bool",
        "",
        "proxy",
        False,
        "every configured proxy accepts a connection",
        _field("proxy", "reachable", _bool),
    ),
    # power
    Fact("battery.present", "bool", "", "battery", True, "the computer has a battery", _battery_present),
    Fact(
        "battery.charge_percent",
        "number",
        "percent",
        "battery",
        True,
        "how charged the battery is",
        _battery("percent", _number),
    ),
    Fact(
        "battery.plugged_in",
        "bool",
        "",
        "battery",
        True,
        "the charger is connected",
        _battery("plugged", _bool),
    ),
    Fact(
        "battery.health_percent",
        "number",
        "percent",
        "battery",
        True,
        "the charge the battery holds when full, as a share of its design capacity (Linux, macOS)",
        _battery("health_percent", _number),
    ),
    Fact(
        "battery.cycle_count", "number", "", "battery", True, "charge cycles the battery has been through", _cycle_count
    ),
    # display
    Fact("display.screens", "number", "", "display", True, "screens connected and known", _screen_count),
    Fact(
        "display.primary_width",
        "number",
        "pixels",
        "display",
        True,
        "width of the main screen's picture in physical pixels",
        _primary_size("width"),
    ),
    Fact(
        "display.primary_height",
        "number",
        "pixels",
        "display",
        True,
        "height of the main screen's picture in physical pixels",
        _primary_size("height"),
    ),
    Fact(
        "display.scale",
        "number",
        "",
        "display",
        True,
        "the largest scaling factor of any screen (1.5 = 150 %); in the app only",
        _scale,
    ),
    Fact(
        "display.below_native",
        "bool",
        "",
        "display",
        True,
        "the main screen runs below the resolution it prefers (X11 only, from xrandr)",
        _below_native,
    ),
    # printing
    Fact(
        "printing.queued_jobs",
        "number",
        "",
        "printing",
        True,
        "print jobs waiting (CUPS: Linux, macOS)",
        _printing("queued_jobs"),
    ),
    Fact(
        "printing.oldest_job_seconds",
        "number",
        "seconds",
        "printing",
        True,
        "how long the oldest waiting print job has waited",
        _printing("oldest_job_seconds"),
    ),
    Fact(
        "printing.stopped_printers",
        "number",
        "",
        "printing",
        True,
        "printers that are stopped (paused or disabled)",
        _stopped_printers,
    ),
    # kbdesk itself
    Fact(
        "kbdesk.recent_errors",
        "number",
        "",
        "kbdesk",
        False,
        "error lines in the end of kbdesk's own log",
        _recent_errors,
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
