"""Disk usage per mounted volume."""

from __future__ import annotations

import os
import sys
from typing import TYPE_CHECKING, Any

import psutil

if TYPE_CHECKING:
    from psutil._ntuples import sdiskpart

from kbdesk.core.diagnostics.base import CollectorOutput, DiagnosticsOptions, format_bytes, run_parallel, table

#: a volume this full is worth a warning (the index and the logs need room)
NEARLY_FULL_PERCENT = 90.0

#: one statvfs on a dead network share can block for minutes; each volume gets this long
VOLUME_TIMEOUT = 1.0

#: file systems that hold no user data; squashfs is here because snap and
#: AppImage mounts are read-only images that are always "100% full"
PSEUDO_FS = frozenset(
    {
        "autofs",
        "binfmt_misc",
        "bpf",
        "cgroup",
        "cgroup2",
        "configfs",
        "debugfs",
        "devfs",
        "devpts",
        "devtmpfs",
        "efivarfs",
        "fusectl",
        "hugetlbfs",
        "mqueue",
        "nsfs",
        "overlay",
        "proc",
        "pstore",
        "ramfs",
        "rpc_pipefs",
        "securityfs",
        "squashfs",
        "sysfs",
        "tmpfs",
        "tracefs",
        "nullfs",
        "fdescfs",
    }
)


def collect_disk_usage(options: DiagnosticsOptions) -> CollectorOutput:
    partitions = _real_partitions()
    results = run_parallel(lambda p: psutil.disk_usage(p.mountpoint), partitions, VOLUME_TIMEOUT, "disk-usage")
    volumes: list[dict[str, Any]] = []
    warnings: list[str] = []
    for part, (usage, exc, timed_out) in zip(partitions, results, strict=True):
        volume: dict[str, Any] = {
            "mountpoint": part.mountpoint,
            "device": part.device,
            "fstype": part.fstype,
            "read_only": "ro" in part.opts.split(","),
        }
        if usage is None:
            reason = "not responding" if timed_out else f"unreadable ({exc})"
            volume.update(total=None, used=None, free=None, percent=None, nearly_full=False, error=reason)
            warnings.append(f"{part.mountpoint} is {reason}")
        else:
            full = usage.percent >= NEARLY_FULL_PERCENT
            volume.update(
                total=usage.total, used=usage.used, free=usage.free, percent=usage.percent, nearly_full=full, error=None
            )
            if full:
                warnings.append(f"{part.mountpoint} is {usage.percent:.0f}% full ({format_bytes(usage.free)} free)")
        volumes.append(volume)
    mountpoints = [v["mountpoint"] for v in volumes]
    data = {
        "volumes": volumes,
        "nearly_full": [v["mountpoint"] for v in volumes if v["nearly_full"]],
        "threshold_percent": NEARLY_FULL_PERCENT,
        # which volume holds the user's files and which the system (the checks' disk.home and disk.system)
        "home_volume": volume_of(os.path.expanduser("~"), mountpoints),
        "system_volume": volume_of(_system_root(), mountpoints),
    }
    rows = [
        (
            v["mountpoint"],
            v["fstype"],
            format_bytes(v["total"]) if v["total"] is not None else "-",
            format_bytes(v["free"]) if v["free"] is not None else "-",
            f"{v['percent']:.0f}%" if v["percent"] is not None else v["error"],
            "FULL" if v["nearly_full"] else ("ro" if v["read_only"] else ""),
        )
        for v in volumes
    ]
    text = table(("Volume", "Type", "Size", "Free", "Used", ""), rows) if rows else "no volumes found"
    return CollectorOutput(data, text, tuple(warnings))


def volume_of(path: str, mountpoints: list[str]) -> str | None:
    """The mount point that holds ``path``: the longest one that is a prefix of it (None: none listed)."""
    normal = os.path.normcase(os.path.abspath(path))
    best: str | None = None
    for mount in mountpoints:
        prefix = os.path.normcase(mount)
        inside = normal == prefix.rstrip(os.sep) or normal.startswith(prefix.rstrip(os.sep) + os.sep)
        if (inside or prefix == os.sep) and (best is None or len(mount) > len(best)):
            best = mount
    return best


def _system_root() -> str:
    """Where the system lives: ``/``, or the Windows system drive (``C:\\``)."""
    if sys.platform == "win32":
        return os.environ.get("SYSTEMDRIVE", "C:") + "\\"
    return os.path.abspath(os.sep)


def _real_partitions() -> list[sdiskpart]:
    try:
        partitions = psutil.disk_partitions(all=False)
    except OSError:
        partitions = []
    seen_devices: set[str] = set()
    seen_mounts: set[str] = set()
    keep = []
    root = os.path.abspath(os.sep)
    # shallowest mounts first, so a bind mount's device is represented by its main mount
    for part in sorted(partitions, key=lambda p: (p.mountpoint.count(os.sep), p.mountpoint)):
        fstype = (part.fstype or "").lower()
        if sys.platform == "win32" and ("cdrom" in part.opts or not fstype):
            continue  # empty card readers and optical drives answer slowly or not at all
        # a container's root is an overlay; it is still the disk the user writes to
        if fstype in PSEUDO_FS and part.mountpoint != root:
            continue
        if part.mountpoint in seen_mounts:
            continue
        # bind mounts show the same device several times; the shallowest mount stands for it
        if part.device.startswith("/dev/") and part.device in seen_devices:
            continue
        seen_devices.add(part.device)
        seen_mounts.add(part.mountpoint)
        keep.append(part)
    return keep
