"""Collectors for the machine itself: OS, kernel, model, CPU, memory, uptime, locale and clock."""

from __future__ import annotations

import datetime as _dt
import locale
import os
import platform
import re
import sys
import time
from pathlib import Path
from typing import Any

import psutil

from kbdesk.core.diagnostics.base import (
    CollectorOutput,
    DiagnosticsOptions,
    format_bytes,
    format_duration,
    key_values,
    read_text,
    run_command,
)

#: a clock set before this is surely wrong (TLS and update checks fail with it);
#: the newest file of the installed package is a second, moving floor
CLOCK_FLOOR = _dt.datetime(2025, 1, 1, tzinfo=_dt.UTC)
CLOCK_CEILING_YEAR = 2100


def collect_os(options: DiagnosticsOptions) -> CollectorOutput:
    system = platform.system() or sys.platform
    name = version = None
    details: dict[str, Any] = {}
    if system == "Linux":
        try:
            release = platform.freedesktop_os_release()
        except OSError:
            release = {}
        name = release.get("PRETTY_NAME") or release.get("NAME")
        version = release.get("VERSION_ID") or release.get("VERSION")
        details = {k.lower(): release[k] for k in ("ID", "ID_LIKE", "VERSION_CODENAME") if k in release}
        for marker, kind in (
            ("/.flatpak-info", "flatpak"),
            ("/run/.containerenv", "container"),
            ("/.dockerenv", "container"),
        ):
            if os.path.exists(marker):
                details["sandbox"] = kind
        if "SNAP" in os.environ:
            details["sandbox"] = "snap"
    elif system == "Darwin":
        mac_version = platform.mac_ver()[0]
        name, version = f"macOS {mac_version}".strip(), mac_version or None
    elif system == "Windows":
        win_release, win_version, _csd, _ptype = platform.win32_ver()
        edition = platform.win32_edition() if hasattr(platform, "win32_edition") else None
        name = " ".join(p for p in ("Windows", win_release, edition or "") if p)
        version = win_version or None
        details["edition"] = edition
    data = {
        "system": system,
        "name": name or f"{system} {platform.release()}".strip(),
        "version": version,
        "architecture": platform.machine() or None,
        "platform": platform.platform(),
        **details,
    }
    lines = [("System", data["name"]), ("Version", version), ("Architecture", data["architecture"])]
    lines += [(k.replace("_", " ").capitalize(), v) for k, v in details.items() if v]
    return CollectorOutput(data, key_values(lines))


def collect_kernel(options: DiagnosticsOptions) -> CollectorOutput:
    uname = platform.uname()
    data: dict[str, object] = {"system": uname.system, "release": uname.release, "version": uname.version}
    if uname.system == "Linux":
        proc_version = read_text("/proc/version")
        data["tainted"] = _int_or_none(read_text("/proc/sys/kernel/tainted"))
        if proc_version:
            data["build"] = proc_version.strip()
    text = key_values([("Kernel", f"{uname.system} {uname.release}"), ("Build", uname.version)])
    return CollectorOutput(data, text)


def collect_machine_model(options: DiagnosticsOptions) -> CollectorOutput:
    vendor = model = source = None
    if sys.platform.startswith("linux"):
        dmi = Path("/sys/class/dmi/id")
        model = _clean(read_text(str(dmi / "product_name")))
        vendor = _clean(read_text(str(dmi / "sys_vendor")))
        if model or vendor:
            source = "dmi"
            version = _clean(read_text(str(dmi / "product_version")))
            if version and model and version.lower() not in model.lower():
                model = f"{model} ({version})"
        else:
            # ARM boards (Raspberry Pi and friends) have a device tree instead of DMI
            model = _clean(read_text("/proc/device-tree/model"))
            source = "device-tree" if model else None
    elif sys.platform == "darwin":
        model = _clean(run_command(["sysctl", "-n", "hw.model"]))
        vendor = "Apple" if model else None
        source = "sysctl" if model else None
    elif sys.platform == "win32":
        out = run_command(
            [
                "powershell",
                "-NoProfile",
                "-NonInteractive",
                "-Command",
                "$c = Get-CimInstance Win32_ComputerSystem; $c.Manufacturer; $c.Model",
            ],
            timeout=2.0,
        )
        if out:
            lines = [line.strip() for line in out.splitlines() if line.strip()]
            if len(lines) >= 2:
                vendor, model, source = lines[0], lines[1], "cim"
        if not model:
            out = run_command(["wmic", "computersystem", "get", "manufacturer,model", "/value"])
            values = dict(line.strip().split("=", 1) for line in (out or "").splitlines() if "=" in line)
            vendor, model = values.get("Manufacturer") or None, values.get("Model") or None
            source = "wmic" if model else None
    virtual = _hypervisor_hint()
    data = {"vendor": vendor, "model": model, "source": source, "virtual_machine": virtual}
    if model or vendor:
        lines = [("Vendor", vendor or "unknown"), ("Model", model or "unknown")]
    else:
        lines = [("Model", "not available on this system")]
    if virtual is not None:
        lines.append(("Virtual machine", "yes" if virtual else "no"))
    return CollectorOutput(data, key_values(lines))


def collect_cpu(options: DiagnosticsOptions) -> CollectorOutput:
    model = None
    if sys.platform.startswith("linux"):
        cpuinfo = read_text("/proc/cpuinfo", limit=262144) or ""
        match = re.search(r"^(?:model name|Hardware|Processor|cpu model)\s*:\s*(.+)$", cpuinfo, re.MULTILINE)
        model = match.group(1).strip() if match else None
    elif sys.platform == "darwin":
        model = _clean(run_command(["sysctl", "-n", "machdep.cpu.brand_string"]))
    model = model or platform.processor() or None
    try:
        load = [round(x, 2) for x in psutil.getloadavg()]
    except (OSError, AttributeError):
        load = None
    # a short sample: the first call without an interval always answers 0.0
    percent = psutil.cpu_percent(interval=0.2)
    try:
        freq = psutil.cpu_freq()
    except (OSError, NotImplementedError):
        freq = None
    logical = psutil.cpu_count(logical=True)
    data = {
        "model": model,
        "physical_cores": psutil.cpu_count(logical=False),
        "logical_cores": logical,
        "load_average": load,
        "percent": percent,
        "frequency_mhz": round(freq.current) if freq and freq.current else None,
    }
    warnings = []
    if load and logical and load[0] > 2 * logical:
        warnings.append(f"the machine is very busy: load {load[0]} on {logical} logical cores")
    lines = [
        ("Model", model or "unknown"),
        ("Cores", f"{data['physical_cores'] or '?'} physical, {logical or '?'} logical"),
        ("Load (1/5/15 min)", " / ".join(f"{x:.2f}" for x in load) if load else "not available"),
        ("Busy now", f"{percent:.0f}%"),
    ]
    if data["frequency_mhz"]:
        lines.append(("Frequency", f"{data['frequency_mhz']} MHz"))
    return CollectorOutput(data, key_values(lines), tuple(warnings))


def collect_memory(options: DiagnosticsOptions) -> CollectorOutput:
    vm = psutil.virtual_memory()
    swap = psutil.swap_memory()
    data = {
        "total": vm.total,
        "available": vm.available,
        "used_percent": vm.percent,
        "swap_total": swap.total,
        "swap_used": swap.used,
        "swap_percent": swap.percent,
    }
    warnings = []
    if vm.total and vm.available / vm.total < 0.10:
        warnings.append(f"memory is nearly exhausted: {format_bytes(vm.available)} available")
    text = key_values(
        [
            ("Total", format_bytes(vm.total)),
            ("Available", f"{format_bytes(vm.available)} ({100 - vm.percent:.0f}% free)"),
            ("Swap", f"{format_bytes(swap.used)} used of {format_bytes(swap.total)}" if swap.total else "none"),
        ]
    )
    return CollectorOutput(data, text, tuple(warnings))


def collect_uptime(options: DiagnosticsOptions) -> CollectorOutput:
    boot = psutil.boot_time()
    uptime = max(0.0, time.time() - boot)
    boot_local = _dt.datetime.fromtimestamp(boot).astimezone()
    data = {
        "boot_time": boot_local.isoformat(timespec="seconds"),
        "boot_time_utc": _dt.datetime.fromtimestamp(boot, _dt.UTC).isoformat(timespec="seconds"),
        "uptime_seconds": round(uptime),
    }
    text = key_values(
        [("Started", boot_local.strftime("%Y-%m-%d %H:%M %Z").strip()), ("Up for", format_duration(uptime))]
    )
    return CollectorOutput(data, text)


def collect_locale_and_time(options: DiagnosticsOptions) -> CollectorOutput:
    now_utc = _dt.datetime.now(_dt.UTC)
    now_local = now_utc.astimezone()
    language, encoding = locale.getlocale()
    offset = now_local.utcoffset() or _dt.timedelta()
    data: dict[str, Any] = {
        "locale": language,
        "locale_encoding": encoding,
        "preferred_encoding": locale.getpreferredencoding(False),
        "filesystem_encoding": sys.getfilesystemencoding(),
        "environment": {
            k: os.environ[k] for k in ("LANG", "LANGUAGE", "LC_ALL", "LC_CTYPE", "LC_MESSAGES", "TZ") if k in os.environ
        },
        "time_zone": _time_zone_name(),
        "time_zone_abbreviation": now_local.tzname(),
        "utc_offset_minutes": int(offset.total_seconds() // 60),
        "now_local": now_local.isoformat(timespec="seconds"),
        "now_utc": now_utc.isoformat(timespec="seconds"),
    }
    warnings = []
    floor = max(CLOCK_FLOOR, _newest_package_file_time())
    if now_utc < floor - _dt.timedelta(days=1):
        warnings.append(
            f"the clock looks wrong: it says {now_utc:%Y-%m-%d}, but kbdesk's own files are from {floor:%Y-%m-%d} or later"
        )
    elif now_utc.year >= CLOCK_CEILING_YEAR:
        warnings.append(f"the clock looks wrong: it says the year is {now_utc.year}")
    data["clock_sane"] = not warnings
    if encoding and encoding.replace("-", "").upper() != "UTF8" and sys.platform != "win32":
        warnings.append(f"the locale's encoding is {encoding}, not UTF-8; names with accents may show wrongly")
    sign = "+" if data["utc_offset_minutes"] >= 0 else "-"
    hours, minutes = divmod(abs(data["utc_offset_minutes"]), 60)
    text = key_values(
        [
            ("Locale", f"{language or 'C'} ({encoding or 'no encoding'})"),
            ("Time zone", f"{data['time_zone'] or now_local.tzname()} (UTC{sign}{hours:02d}:{minutes:02d})"),
            ("Local time", now_local.strftime("%Y-%m-%d %H:%M:%S")),
            ("Clock", "looks right" if data["clock_sane"] else "looks WRONG"),
        ]
    )
    return CollectorOutput(data, text, tuple(warnings))


# --- helpers ------------------------------------------------------------------


def _clean(text: str | None) -> str | None:
    if text is None:
        return None
    text = text.replace("\x00", "").strip()
    # firmware placeholders say nothing useful
    if not text or text.lower() in {"to be filled by o.e.m.", "default string", "system product name", "none", "n/a"}:
        return None
    return text


def _int_or_none(text: str | None) -> int | None:
    try:
        return int((text or "").strip())
    except ValueError:
        return None


def _hypervisor_hint() -> bool | None:
    if sys.platform.startswith("linux"):
        cpuinfo = read_text("/proc/cpuinfo", limit=262144)
        if cpuinfo is None:
            return None
        return bool(re.search(r"^flags\s*:.*\bhypervisor\b", cpuinfo, re.MULTILINE))
    if sys.platform == "darwin":
        out = run_command(["sysctl", "-n", "kern.hv_vmm_present"])
        return None if out is None else out.strip() == "1"
    return None


def _time_zone_name() -> str | None:
    """The IANA name (``Europe/Paris``) where the system tells it, else None."""
    tz = os.environ.get("TZ", "").lstrip(":")
    if tz and "/" in tz and not tz.startswith("/"):
        return tz
    if sys.platform != "win32":
        try:
            target = os.path.realpath("/etc/localtime")
        except OSError:
            target = ""
        if "zoneinfo/" in target:
            return target.split("zoneinfo/", 1)[1]
        name = (read_text("/etc/timezone") or "").strip()
        if name:
            return name
    return None


def _newest_package_file_time() -> _dt.datetime:
    """When the newest file of the installed kbdesk package was written."""
    package = Path(__file__).resolve().parent.parent.parent
    newest = 0.0
    try:
        for path in package.glob("*.py"):
            newest = max(newest, path.stat().st_mtime)
        for path in (package / "core").glob("*.py"):
            newest = max(newest, path.stat().st_mtime)
    except OSError:
        pass
    return _dt.datetime.fromtimestamp(newest, _dt.UTC)
