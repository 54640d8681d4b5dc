"""The battery: charge, whether the charger is in, and how worn it is.

``psutil.sensors_battery()`` gives the charge and the charger state on every
system. How worn a battery is (its health: the charge it holds when full, as a
share of what it held new) comes from the system's own records:

* Linux: ``/sys/class/power_supply/<name>/`` (``energy_full`` and
  ``energy_full_design`` in µWh, or ``charge_full`` and ``charge_full_design``
  in µAh, and ``cycle_count``). Batteries with ``scope`` ``Device`` belong to a
  mouse or a headset and are left out.
* macOS: ``ioreg -rn AppleSmartBattery`` (``DesignCapacity``, and
  ``AppleRawMaxCapacity`` on Apple silicon, where ``MaxCapacity`` is a
  percentage, else ``MaxCapacity``; ``CycleCount``).
* Windows: not read. The figures live in WMI (``root\\wmi``
  ``BatteryFullChargedCapacity`` / ``BatteryStaticData``), which needs PowerShell,
  a second or more just to start: too slow for the checks kbdesk runs when it
  starts. The charge and the charger state are still reported.
"""

from __future__ import annotations

import math
import re
import sys
from pathlib import Path
from typing import Any, NotRequired, TypedDict

import psutil

from kbdesk.core.diagnostics.base import CollectorOutput, DiagnosticsOptions, key_values, read_text, run_command

SYSFS_POWER_SUPPLY = Path("/sys/class/power_supply")
#: below this, a battery holds too little to be worth a warning's attention (most makers replace under warranty
#: below 80 %; 60 % is where a laptop's day visibly becomes half a day)
WORN_HEALTH_PERCENT = 60.0


class BatteryInfo(TypedDict):
    """One battery in the collector's data (``status`` and ``capacity_percent`` where the system says)."""

    name: str
    health_percent: float | None
    cycle_count: int | None
    status: NotRequired[str | None]
    capacity_percent: NotRequired[int | None]


def collect_battery(options: DiagnosticsOptions) -> CollectorOutput:
    try:
        sensors = psutil.sensors_battery()
    except (OSError, RuntimeError, NotImplementedError):
        sensors = None
    if sys.platform.startswith("linux"):
        batteries, source = batteries_from_sysfs(SYSFS_POWER_SUPPLY), "sysfs"
    elif sys.platform == "darwin":
        text = run_command(["ioreg", "-rn", "AppleSmartBattery"], timeout=1.0)
        batteries, source = (parse_ioreg_battery(text) if text else []), "ioreg"
    else:
        batteries, source = [], None
    percent = round(float(sensors.percent), 1) if sensors is not None and sensors.percent is not None else None
    plugged = bool(sensors.power_plugged) if sensors is not None and sensors.power_plugged is not None else None
    seconds_left = sensors.secsleft if sensors is not None and isinstance(sensors.secsleft, int) else None
    if seconds_left is not None and seconds_left < 0:  # psutil's "unknown" and "unlimited" markers
        seconds_left = None
    present = sensors is not None or bool(batteries)
    healths = [b["health_percent"] for b in batteries if b["health_percent"] is not None]
    data: dict[str, Any] = {
        "present": present,
        "percent": percent,
        "plugged": plugged,
        "seconds_left": seconds_left,
        "health_percent": min(healths) if healths else None,
        "batteries": batteries,
        "source": source if batteries else None,
    }
    warnings = []
    if data["health_percent"] is not None and data["health_percent"] < WORN_HEALTH_PERCENT:
        warnings.append(f"the battery holds only {data['health_percent']:.0f}% of its original charge")
    if not present:
        return CollectorOutput(data, "no battery", tuple(warnings))
    lines: list[tuple[str, object]] = [
        ("Charge", f"{percent:.0f}%" if percent is not None else "unknown"),
        ("Charger", "connected" if plugged else ("not connected" if plugged is not None else "unknown")),
    ]
    for battery in batteries:
        health = battery.get("health_percent")
        cycles = battery.get("cycle_count")
        lines.append(
            (
                f"Health ({battery['name']})",
                (f"{health:.0f}% of design capacity" if health is not None else "unknown")
                + (f", {cycles} cycles" if cycles else ""),
            )
        )
    return CollectorOutput(data, key_values(lines), tuple(warnings))


def batteries_from_sysfs(root: Path) -> list[BatteryInfo]:
    """Every system battery under a ``/sys/class/power_supply``-like folder (peripherals left out)."""
    try:
        entries = sorted(root.iterdir())
    except OSError:
        return []
    batteries: list[BatteryInfo] = []
    for entry in entries[:32]:  # a laptop has one or two; the cap keeps an odd system from costing time
        if (_read(entry / "type") or "").lower() != "battery":
            continue
        if (_read(entry / "scope") or "").lower() == "device":
            continue
        full = _int(entry / "energy_full")
        design = _int(entry / "energy_full_design")
        if full is None or design is None:
            full, design = _int(entry / "charge_full"), _int(entry / "charge_full_design")
        batteries.append(
            {
                "name": entry.name,
                "status": _read(entry / "status"),
                "capacity_percent": _int(entry / "capacity"),
                "cycle_count": _int(entry / "cycle_count") or None,  # 0 means "not reported" on most firmware
                "health_percent": _health(full, design),
            }
        )
    return batteries


_IOREG_NUMBER = re.compile(r'^\s*"(\w+)"\s*=\s*(\d+)\s*$', re.MULTILINE)


def parse_ioreg_battery(text: str) -> list[BatteryInfo]:
    """The battery in ``ioreg -rn AppleSmartBattery`` output (one object per battery; a Mac has one)."""
    values = {name: int(number) for name, number in _IOREG_NUMBER.findall(text)}
    design = values.get("DesignCapacity")
    if design is None:
        return []
    full = values.get("AppleRawMaxCapacity")
    if full is None:
        maximum = values.get("MaxCapacity")
        # on Apple silicon MaxCapacity is a percentage already; a real capacity in mAh is far above 100
        full = maximum if maximum is not None and maximum > 100 else None
        if full is None and maximum is not None:
            return [{"name": "battery", "health_percent": float(maximum), "cycle_count": values.get("CycleCount")}]
    return [{"name": "battery", "health_percent": _health(full, design), "cycle_count": values.get("CycleCount")}]


def _health(full: int | None, design: int | None) -> float | None:
    if full is None or not design or design <= 0 or full < 0:
        return None
    health = 100.0 * full / design
    # a new battery can hold a little more than its design figure; anything far above is a firmware error
    return round(health, 1) if math.isfinite(health) and health <= 150 else None


def _read(path: Path) -> str | None:
    text = read_text(str(path), limit=256)
    return text.strip() if text is not None else None


def _int(path: Path) -> int | None:
    text = _read(path)
    try:
        return int(text) if text else None
    except ValueError:
        return None


__all__ = ["batteries_from_sysfs", "collect_battery", "parse_ioreg_battery"]
