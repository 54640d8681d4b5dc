"""The collectors added for checks: battery, clock (with a real SNTP server on 127.0.0.1), printing, proxy
reachability, the home and system volumes, the screen's preferred mode, and the budget cap of the start-up run."""

from __future__ import annotations

import datetime as dt
import socket
import struct
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from kbdesk.core.diagnostics import Collector, CollectorOutput, DiagnosticsOptions, collect_all
from kbdesk.core.diagnostics.battery import batteries_from_sysfs, parse_ioreg_battery
from kbdesk.core.diagnostics.clock import NTP_EPOCH_OFFSET, kernel_sync_state, sntp_offset, split_server
from kbdesk.core.diagnostics.disks import volume_of
from kbdesk.core.diagnostics.display import parse_xrandr
from kbdesk.core.diagnostics.network import proxy_targets
from kbdesk.core.diagnostics.printing import parse_lpstat_jobs, parse_lpstat_printers

# ---------------------------------------------------------------- battery


def _supply(root: Path, name: str, **files: object) -> None:
    folder = root / name
    folder.mkdir(parents=True)
    for key, value in files.items():
        (folder / key).write_text(f"{value}\n")


def test_batteries_from_a_sysfs_tree(tmp_path: Path) -> None:
    # the files and units of the kernel's power_supply class (Documentation/ABI/testing/sysfs-class-power)
    _supply(tmp_path, "AC", type="Mains", online=1)
    _supply(
        tmp_path,
        "BAT0",
        type="Battery",
        status="Discharging",
        capacity=41,
        energy_full=29_870_000,
        energy_full_design=57_000_000,
        cycle_count=1190,
    )
    _supply(tmp_path, "BAT1", type="Battery", charge_full=4_100_000, charge_full_design=4_000_000, cycle_count=0)
    _supply(tmp_path, "hidpp_battery_0", type="Battery", scope="Device", capacity=80)  # a wireless mouse
    _supply(tmp_path, "BAT2", type="Battery", energy_full="garbage", energy_full_design=0)
    batteries = batteries_from_sysfs(tmp_path)
    assert [b["name"] for b in batteries] == ["BAT0", "BAT1", "BAT2"]
    assert batteries[0]["health_percent"] == 52.4 and batteries[0]["cycle_count"] == 1190
    assert batteries[0]["status"] == "Discharging" and batteries[0]["capacity_percent"] == 41
    assert batteries[1]["health_percent"] == 102.5 and batteries[1]["cycle_count"] is None
    assert batteries[2]["health_percent"] is None
    assert batteries_from_sysfs(tmp_path / "missing") == []


def test_ioreg_battery_intel_and_apple_silicon() -> None:
    # key names as `ioreg -rn AppleSmartBattery` prints them (a few lines of each kind of Mac)
    intel = '    "CycleCount" = 612\n    "MaxCapacity" = 4150\n    "DesignCapacity" = 5088\n'
    silicon = (
        '    "CycleCount" = 88\n    "MaxCapacity" = 100\n    "AppleRawMaxCapacity" = 4305\n'
        '    "DesignCapacity" = 4563\n'
    )
    percent_only = '    "MaxCapacity" = 87\n    "DesignCapacity" = 4563\n'
    assert parse_ioreg_battery(intel) == [{"name": "battery", "health_percent": 81.6, "cycle_count": 612}]
    assert parse_ioreg_battery(silicon) == [{"name": "battery", "health_percent": 94.3, "cycle_count": 88}]
    assert parse_ioreg_battery(percent_only)[0]["health_percent"] == 87.0
    assert parse_ioreg_battery("nothing here") == []


def test_battery_collector_runs_here() -> None:
    result = collect_all(DiagnosticsOptions(only=("battery",))).result("battery")
    assert result is not None and result.ok, result and result.error
    assert isinstance(result.data["present"], bool)


# ---------------------------------------------------------------- printing

# lines as CUPS lpstat prints them in the C locale ("%-23s %-13s %8.0f   %s" with strftime's %c for the
# date; "printer %s is idle.  enabled since %s" and "printer %s disabled since %s -"): commands/lpstat.c
LPSTAT_O = (
    "Office_MFP-412          alice             2048   Fri Nov 20 08:40:02 2026\n"
    "Office_MFP-413          bob               1024   Fri Nov 20 09:05:40 2026\n"
    "Label-7                 alice              512   not a date\n"
    "garbage line\n"
)
LPSTAT_P = (
    "printer Office_MFP now printing Office_MFP-412.  enabled since Fri Nov 20 08:00:00 2026\n"
    "printer Label disabled since Thu Nov 19 17:30:11 2026 -\n"
    "\tPaused\n"
    "printer Plotter is idle.  enabled since Thu Nov 19 09:00:00 2026\n"
    "printer Front is holding new jobs.  enabled since Thu Nov 19 09:00:00 2026\n"
)


def test_lpstat_jobs_with_their_age_and_no_user_names() -> None:
    jobs = parse_lpstat_jobs(LPSTAT_O, dt.datetime(2026, 11, 20, 9, 15, 0))
    assert [(j["queue"], j["id"], j["age_seconds"]) for j in jobs] == [
        ("Office_MFP", 412, 2098),
        ("Office_MFP", 413, 560),
        ("Label", 7, None),
    ]
    assert all("alice" not in str(j) and "bob" not in str(j) for j in jobs)


def test_lpstat_printers_and_their_state() -> None:
    printers = parse_lpstat_printers(LPSTAT_P)
    assert [(p["name"], p["state"], p["message"]) for p in printers] == [
        ("Office_MFP", "printing", None),
        ("Label", "stopped", "Paused"),
        ("Plotter", "idle", None),
        ("Front", "holding", None),
    ]


def test_printing_collector_runs_here() -> None:
    result = collect_all(DiagnosticsOptions(only=("printing",))).result("printing")
    assert result is not None and result.ok
    assert result.data["available"] in (True, False)
    if not result.data["available"]:
        assert result.data["queued_jobs"] is None


# ---------------------------------------------------------------- clock


@pytest.fixture
def sntp_server() -> Iterator[tuple[str, int, dict[str, float]]]:
    """A real SNTP server on 127.0.0.1 (UDP) whose clock runs ``state["skew"]`` seconds ahead of ours;
    ``state["mode"]`` set to 0 makes it answer with a kiss-o'-death (stratum 0), -1 makes it silent."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    sock.bind(("127.0.0.1", 0))
    sock.settimeout(0.1)
    state = {"skew": 600.0, "mode": 4.0}
    stop = threading.Event()

    def ntp(seconds: float) -> bytes:
        return struct.pack("!II", int(seconds) + NTP_EPOCH_OFFSET, int((seconds % 1) * 2**32))

    def serve() -> None:
        while not stop.is_set():
            try:
                request, peer = sock.recvfrom(512)
            except OSError:
                continue
            if state["mode"] < 0:
                continue
            received = time.time() + state["skew"]
            stratum = 2 if state["mode"] else 0
            head = bytes([0x24, stratum, 6, 0xEC]) + bytes(12)
            reply = head + bytes(8) + request[40:48] + ntp(received) + ntp(time.time() + state["skew"])
            sock.sendto(reply, peer)

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    yield "127.0.0.1", sock.getsockname()[1], state
    stop.set()
    thread.join(2)
    sock.close()


def test_sntp_measures_how_far_off_the_clock_is(sntp_server: tuple[str, int, dict[str, float]]) -> None:
    host, port, state = sntp_server
    offset, round_trip = sntp_offset(host, port, timeout=1.0)
    assert 599.0 < offset < 601.0 and 0 <= round_trip < 1.0
    state["skew"] = -1260.5
    assert -1262.0 < sntp_offset(host, port, timeout=1.0)[0] < -1259.0


def test_clock_collector_reports_the_offset_from_the_time_server(
    sntp_server: tuple[str, int, dict[str, float]],
) -> None:
    host, port, _ = sntp_server
    result = collect_all(DiagnosticsOptions(only=("clock",), time_server=f"{host}:{port}")).result("clock")
    assert result is not None and result.ok
    assert 599.0 < result.data["offset_seconds"] < 601.0
    assert result.data["time_server"] == f"{host}:{port}"
    assert any("behind" in w for w in result.warnings)


def test_a_refusing_or_silent_time_server_is_a_finding(sntp_server: tuple[str, int, dict[str, float]]) -> None:
    host, port, state = sntp_server
    state["mode"] = 0
    with pytest.raises(ValueError, match="refused"):
        sntp_offset(host, port, timeout=1.0)
    state["mode"] = -1
    with pytest.raises(TimeoutError):
        sntp_offset(host, port, timeout=0.3)
    result = collect_all(DiagnosticsOptions(only=("clock",), time_server=f"{host}:{port}", timeout=0.3)).result("clock")
    assert result is not None and result.ok and result.data["offset_seconds"] is None
    assert "no usable answer" in result.warnings[0]


def test_without_a_time_server_nothing_is_contacted() -> None:
    result = collect_all(DiagnosticsOptions(only=("clock",))).result("clock")
    assert result is not None and result.ok
    assert result.data["time_server"] is None and result.data["offset_seconds"] is None
    synchronized, source = kernel_sync_state()
    assert result.data["synchronized"] == synchronized
    assert synchronized is None or source in ("adjtimex", "ntp_adjtime", "systemd-timesyncd")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("ntp.example.org", ("ntp.example.org", 123)),
        ("ntp.example.org:1123", ("ntp.example.org", 1123)),
        ("[2001:db8::1]:124", ("2001:db8::1", 124)),
        ("[2001:db8::1]", ("2001:db8::1", 123)),
        ("2001:db8::1", ("2001:db8::1", 123)),
    ],
)
def test_time_server_names(text: str, expected: tuple[str, int]) -> None:
    assert split_server(text) == expected


# ---------------------------------------------------------------- proxy


def test_proxy_reachability_is_probed_once_per_proxy(
    monkeypatch: pytest.MonkeyPatch, tcp_server: tuple[str, int], closed_port: int
) -> None:
    for name in ("http_proxy", "https_proxy", "HTTP_PROXY", "HTTPS_PROXY", "all_proxy", "ALL_PROXY", "no_proxy"):
        monkeypatch.delenv(name, raising=False)
    host, port = tcp_server
    monkeypatch.setenv("http_proxy", f"http://user:secret@{host}:{port}")
    monkeypatch.setenv("https_proxy", f"http://{host}:{port}")
    result = collect_all(DiagnosticsOptions(only=("proxy",))).result("proxy")
    assert result is not None and result.ok
    assert result.data["configured"] is True and result.data["reachable"] is True
    assert result.data["probes"] == [{"proxy": f"{host}:{port}", "reachable": True, "error": None}]
    assert "secret" not in str(result.data)

    monkeypatch.setenv("https_proxy", f"http://127.0.0.1:{closed_port}")
    result = collect_all(DiagnosticsOptions(only=("proxy",))).result("proxy")
    assert result is not None and result.data["reachable"] is False
    assert any("does not answer" in w for w in result.warnings)

    quiet = collect_all(DiagnosticsOptions(only=("proxy",), probe_proxy=False)).result("proxy")
    assert quiet is not None and quiet.data["probes"] == [] and quiet.data["reachable"] is None


def test_proxy_targets() -> None:
    proxies = {
        "http": "http://proxy.example.org:3128",
        "https": "proxy.example.org:3128",
        "ftp": "socks5://198.51.100.7",
        "all": "http://[2001:db8::2]:8080",
        "no": "localhost,.example.org",
        "bad": "http://host:notaport",
    }
    assert proxy_targets(proxies) == [("proxy.example.org", 3128), ("198.51.100.7", 1080), ("2001:db8::2", 8080)]


# ---------------------------------------------------------------- disks, display, budgets


@pytest.mark.parametrize(
    ("path", "mounts", "expected"),
    [
        ("/home/alice", ["/", "/boot/efi", "/home"], "/home"),
        ("/home/alice", ["/", "/home2"], "/"),
        ("/", ["/", "/home"], "/"),
        ("/srv/x", [], None),
    ],
)
def test_volume_of(path: str, mounts: list[str], expected: str | None) -> None:
    assert volume_of(path, mounts) == expected


def test_disks_name_the_home_and_system_volumes() -> None:
    result = collect_all(DiagnosticsOptions(only=("disks",))).result("disks")
    assert result is not None and result.ok
    mounts = [v["mountpoint"] for v in result.data["volumes"]]
    assert result.data["home_volume"] in mounts and result.data["system_volume"] in mounts


def test_xrandr_preferred_mode_is_the_native_resolution() -> None:
    sample = (
        "Screen 0: minimum 8 x 8, current 1280 x 800, maximum 32767 x 32767\n"
        "eDP-1 connected primary 1280x800+0+0 (normal left inverted right x axis y axis) 302mm x 189mm\n"
        "   1920x1200     60.00 +  59.88\n"
        "   1280x800      59.81*\n"
        "HDMI-1 disconnected (normal left inverted right x axis y axis)\n"
        "   1024x768      60.00 +\n"
        "DP-1 connected 2560x1440+1280+0 (normal left inverted right x axis y axis) 597mm x 336mm\n"
        "   2560x1440     59.95*+\n"
    )
    screens = parse_xrandr(sample)
    assert [(s["name"], s["width"], s["preferred_width"], s["preferred_height"]) for s in screens] == [
        ("eDP-1", 1280, 1920, 1200),
        ("DP-1", 2560, 2560, 1440),
    ]


def test_budget_cap_cuts_every_collector() -> None:
    release = threading.Event()

    def slow(options: DiagnosticsOptions) -> CollectorOutput:
        release.wait(30)
        return CollectorOutput({}, "late")

    collector = Collector("slow", "Slow", slow, timeout=10)
    options = DiagnosticsOptions(budget_cap=0.2)
    assert collector.budget(options) == 0.2
    assert Collector("net", "Net", slow, network=True).budget(DiagnosticsOptions(timeout=2)) == 2.5
    started = time.monotonic()
    try:
        report = collect_all(options, collectors=[collector])
    finally:
        release.set()
    assert time.monotonic() - started < 2.5
    assert not report.results[0].ok and "0.2 s" in (report.results[0].error or "")
    with pytest.raises(Exception, match="budget_cap"):
        DiagnosticsOptions(budget_cap=0)
