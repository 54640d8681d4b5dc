"""How each fact of the catalogue is read from its collector's data.

Small functions over the collected data (collector name -> its ``data``), each checking the
type of every value it touches: a report is untrusted JSON, and a value of the wrong type
makes the fact missing (None), never an exception. :mod:`.catalogue` names one of these for
each fact; a new fact's reader goes here, beside the others of its collector.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence

Data = Mapping[str, object]
#: collector name -> its data, for the collectors that ran and answered
Collected = Mapping[str, Data]
Value = float | int | bool | str


# --------------------------------------------------------------------------- safe reading of JSON values


def as_number(value: object) -> float | int | None:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return None
    if isinstance(value, float) and not math.isfinite(value):
        return None
    return value


def as_bool(value: object) -> bool | None:
    return value if isinstance(value, bool) else None


def as_text(value: object) -> str | None:
    return value if isinstance(value, str) else None


def _list(value: object) -> Sequence[object]:
    return value if isinstance(value, list) else ()


def _data(collected: Collected, name: str) -> Data:
    data = collected.get(name)
    return data if isinstance(data, Mapping) else {}


def field_of(collector: str, key: str, kind: Callable[[object], Value | None]) -> Callable[[Collected], Value | None]:
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


def platform(collected: Collected) -> Value | None:
    system = as_text(_data(collected, "os").get("system"))
    if system is None:
        return None
    return {"windows": "windows", "darwin": "macos", "linux": "linux"}.get(system.lower(), system.lower())


def _is_windows(collected: Collected) -> bool:
    return platform(collected) == "windows"


def memory_available_percent(collected: Collected) -> Value | None:
    data = _data(collected, "memory")
    total, available = as_number(data.get("total")), as_number(data.get("available"))
    if total is None or available is None or total <= 0:
        return None
    return round(100.0 * available / total, 1)


def swap_percent(collected: Collected) -> Value | None:
    data = _data(collected, "memory")
    if not as_number(data.get("swap_total")):
        return None  # no swap at all: nothing to be full
    return as_number(data.get("swap_percent"))


def _volumes(collected: Collected) -> list[Data]:
    return [v for v in _list(_data(collected, "disks").get("volumes")) if isinstance(v, Mapping)]


def _named_volume(collected: Collected, key: str) -> Data | None:
    """The volume the disks collector named for ``key`` (``home_volume``, ``system_volume``).

    Reports written before kbdesk named them: the volume holding ``/home``, ``/Users`` or
    ``C:\\Users`` (home), ``/`` or ``C:\\`` (system), by the longest matching mount point.
    """
    data = _data(collected, "disks")
    volumes = _volumes(collected)
    named = as_text(data.get(key))
    if named is not None:
        return next((v for v in volumes if v.get("mountpoint") == named), None)
    if key == "home_volume":
        targets = {"windows": "c:\\users", "macos": "/users"}.get(str(platform(collected)), "/home")
    else:
        targets = "c:\\" if _is_windows(collected) else "/"
    best: Data | None = None
    for volume in volumes:
        mount = as_text(volume.get("mountpoint"))
        if mount is None:
            continue
        prefix = mount.lower().rstrip("/\\")
        if (targets.startswith((prefix + "/", prefix + "\\")) or targets == prefix or mount == "/") and (
            best is None or len(mount) > len(str(best.get("mountpoint")))
        ):
            best = volume
    return best


def volume_value(which: str, key: str) -> Callable[[Collected], Value | None]:
    def read(collected: Collected) -> Value | None:
        volume = _named_volume(collected, which)
        return as_number(volume.get(key)) if volume is not None else None

    return read


def fullest_percent(collected: Collected) -> Value | None:
    percents = [
        as_number(v.get("percent"))
        for v in _volumes(collected)
        if not v.get("read_only") and as_number(v.get("percent")) is not None
    ]
    return max((p for p in percents if p is not None), default=None) if percents else None


def unresponsive_volumes(collected: Collected) -> Value | None:
    if "disks" not in collected:
        return None
    return sum(1 for v in _volumes(collected) if v.get("error"))


def load_per_core(collected: Collected) -> Value | None:
    data = _data(collected, "cpu")
    load = _list(data.get("load_average"))
    cores = as_number(data.get("logical_cores"))
    first = as_number(load[0]) if load else None
    if first is None or not cores or cores <= 0:
        return None
    return round(first / cores, 2)


def usable_interfaces(collected: Collected) -> int | None:
    data = collected.get("interfaces")
    if not isinstance(data, Mapping) or not isinstance(data.get("usable"), list):
        return None
    return len(_list(data.get("usable")))


def connected(collected: Collected) -> Value | None:
    count = usable_interfaces(collected)
    return None if count is None else count > 0


def default_route(collected: Collected) -> Value | None:
    data = _data(collected, "route")
    if data.get("source") is None and not _list(data.get("routes")):
        return None  # the routing table could not be read
    return as_bool(data.get("present"))


def nameservers(collected: Collected) -> Value | None:
    if _is_windows(collected):
        return None  # not read on Windows: an empty list says nothing there
    return _count("dns", "nameservers")(collected)


def _lookups(collected: Collected) -> list[Data]:
    return [entry for entry in _list(_data(collected, "dns").get("lookups")) if isinstance(entry, Mapping)]


def dns_resolves(collected: Collected) -> Value | None:
    lookups = _lookups(collected)
    return all(entry.get("resolved") is True for entry in lookups) if lookups else None


def dns_failed(collected: Collected) -> Value | None:
    lookups = _lookups(collected)
    return sum(1 for entry in lookups if entry.get("resolved") is not True) if lookups else None


def unreachable_servers(collected: Collected) -> Value | None:
    checks = [c for c in _list(_data(collected, "tcp").get("checks")) if isinstance(c, Mapping)]
    return sum(1 for c in checks if c.get("reachable") is not True) if checks else None


def offset(collected: Collected) -> Value | None:
    offset = as_number(_data(collected, "clock").get("offset_seconds"))
    return abs(offset) if offset is not None else None


def _screens(collected: Collected) -> list[Data]:
    data = _data(collected, "display")
    if data.get("available") is not True:
        return []
    return [s for s in _list(data.get("screens")) if isinstance(s, Mapping) and as_number(s.get("width"))]


def _primary_screen(collected: Collected) -> Data | None:
    screens = _screens(collected)
    return next((s for s in screens if s.get("primary") is True), screens[0] if screens else None)


def _scale_of(screen: Data) -> float | None:
    for key in ("device_pixel_ratio", "scale"):
        value = as_number(screen.get(key))
        if value is not None and value > 0:
            return float(value)
    return None


def primary_size(key: str) -> Callable[[Collected], Value | None]:
    """Physical pixels: the GUI reports logical sizes and its scale, xrandr physical ones."""

    def read(collected: Collected) -> Value | None:
        screen = _primary_screen(collected)
        size = as_number(screen.get(key)) if screen is not None else None
        if screen is None or size is None:
            return None
        return round(size * (_scale_of(screen) or 1.0))

    return read


def screen_count(collected: Collected) -> Value | None:
    return len(_screens(collected)) if _data(collected, "display").get("available") is True else None


def scale(collected: Collected) -> Value | None:
    scales = [s for s in (_scale_of(screen) for screen in _screens(collected)) if s is not None]
    return max(scales) if scales else None


def below_native(collected: Collected) -> Value | None:
    screen = _primary_screen(collected)
    if screen is None:
        return None
    width, native = as_number(screen.get("width")), as_number(screen.get("preferred_width"))
    if width is None or native is None:
        return None
    return width < native


def battery_present(collected: Collected) -> Value | None:
    return as_bool(_data(collected, "battery").get("present"))


def battery(key: str, kind: Callable[[object], Value | None]) -> Callable[[Collected], Value | None]:
    def read(collected: Collected) -> Value | None:
        data = _data(collected, "battery")
        return kind(data.get(key)) if data.get("present") is True else None

    return read


def cycle_count(collected: Collected) -> Value | None:
    data = _data(collected, "battery")
    cycles = [as_number(b.get("cycle_count")) for b in _list(data.get("batteries")) if isinstance(b, Mapping)]
    known = [c for c in cycles if c is not None]
    return max(known) if known else None


def printing(key: str) -> Callable[[Collected], Value | None]:
    def read(collected: Collected) -> Value | None:
        data = _data(collected, "printing")
        if data.get("available") is not True:
            return None
        return as_number(data.get(key))

    return read


def stopped_printers(collected: Collected) -> Value | None:
    data = _data(collected, "printing")
    if data.get("available") is not True:
        return None
    return len(_list(data.get("stopped_printers")))


def recent_errors(collected: Collected) -> Value | None:
    data = collected.get("kbdesk")
    if not isinstance(data, Mapping) or not isinstance(data.get("recent_errors"), list):
        return None
    return len(_list(data.get("recent_errors")))
