"""Diagnostics collectors, run for real on this machine.

Network checks use only this machine: a TCP server on 127.0.0.1, a port
nobody listens on, ``localhost`` and a name under ``.invalid`` (RFC 6761
guarantees it never resolves).
"""

from __future__ import annotations

import dataclasses
import json
import os
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from kbdesk.core.diagnostics import (
    COLLECTORS,
    Collector,
    CollectorOutput,
    DiagnosticResult,
    DiagnosticsError,
    DiagnosticsOptions,
    DiagnosticsReport,
    collect_all,
    mask_proxy_credentials,
    parse_tcp_target,
    select_collectors,
)
from kbdesk.core.diagnostics import disks as disks_module
from kbdesk.core.diagnostics.display import NOT_AVAILABLE, parse_xrandr
from kbdesk.core.paths import state_paths

#: the keys each collector promises in ``data`` (every one also has "warnings")
PROMISED_KEYS = {
    "os": {"system", "name", "version", "architecture", "platform"},
    "kernel": {"system", "release", "version"},
    "machine": {"vendor", "model", "source", "virtual_machine"},
    "cpu": {"model", "physical_cores", "logical_cores", "load_average", "percent", "frequency_mhz"},
    "memory": {"total", "available", "used_percent", "swap_total", "swap_used", "swap_percent"},
    "disks": {"volumes", "nearly_full", "threshold_percent", "home_volume", "system_volume"},
    "uptime": {"boot_time", "boot_time_utc", "uptime_seconds"},
    "locale": {
        "locale",
        "locale_encoding",
        "preferred_encoding",
        "time_zone",
        "utc_offset_minutes",
        "now_local",
        "now_utc",
        "clock_sane",
    },
    "interfaces": {"interfaces", "up", "usable"},
    "route": {"present", "routes", "source"},
    "dns": {"nameservers", "lookups"},
    "tcp": {"checks"},
    "proxy": {"environment", "effective", "configured", "probes", "reachable"},
    "clock": {"synchronized", "sync_source", "time_server", "offset_seconds", "round_trip_seconds", "error"},
    "battery": {"present", "percent", "plugged", "seconds_left", "health_percent", "batteries", "source"},
    "printing": {"available", "source", "jobs", "printers", "queued_jobs", "oldest_job_seconds", "stopped_printers"},
    "kbdesk": {"kbdesk_version", "python_version", "libraries", "paths", "index", "recent_errors", "frozen"},
    "log": {"path", "exists", "size", "lines", "truncated"},
    "display": {"source", "available", "screens", "session"},
}


@pytest.fixture(autouse=True)
def isolated_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("KBDESK_HOME", str(tmp_path / "home"))
    return tmp_path / "home"


@pytest.fixture(scope="module")
def full_report() -> DiagnosticsReport:
    return collect_all(DiagnosticsOptions(dns_hosts=("localhost",), tcp_targets=()))


# --- the registry and every collector on this machine -------------------------


def test_registry_names_are_unique_and_all_have_promises() -> None:
    names = [c.name for c in COLLECTORS]
    assert len(names) == len(set(names))
    assert set(names) == set(PROMISED_KEYS)
    assert all(c.title and c.timeout > 0 for c in COLLECTORS)


@pytest.mark.parametrize("name", sorted(PROMISED_KEYS))
def test_each_collector_runs_on_this_machine(name: str, full_report: DiagnosticsReport) -> None:
    result = full_report.result(name)
    assert isinstance(result, DiagnosticResult)
    assert result.ok, result.error
    assert result.error is None
    assert PROMISED_KEYS[name] | {"warnings"} <= set(result.data)
    assert isinstance(result.data["warnings"], list)
    assert result.text.strip()
    assert result.seconds >= 0
    json.dumps(result.data, allow_nan=False)


def test_whole_run_is_fast_and_in_registry_order(full_report: DiagnosticsReport) -> None:
    assert [r.name for r in full_report.results] == [c.name for c in COLLECTORS]
    assert full_report.seconds <= 3.0
    assert not full_report.failed


def test_machine_facts_are_plausible(full_report: DiagnosticsReport) -> None:
    memory = full_report.result("memory").data
    assert memory["total"] > 0 and 0 < memory["available"] <= memory["total"]
    cpu = full_report.result("cpu").data
    assert cpu["logical_cores"] >= 1
    assert full_report.result("uptime").data["uptime_seconds"] >= 0
    assert full_report.result("locale").data["clock_sane"] is True
    volumes = full_report.result("disks").data["volumes"]
    assert volumes, "at least one real volume"
    if sys.platform != "win32":
        assert "/" in [v["mountpoint"] for v in volumes]
    for volume in volumes:
        assert volume["fstype"] not in {"proc", "sysfs", "tmpfs", "devtmpfs", "squashfs"} or volume["mountpoint"] == "/"
    kb = full_report.result("kbdesk").data
    assert kb["libraries"]["numpy"] and kb["libraries"]["psutil"]
    assert kb["python_version"].startswith(f"{sys.version_info.major}.{sys.version_info.minor}")


def test_disks_flag_volumes_over_the_threshold(monkeypatch: pytest.MonkeyPatch) -> None:
    # every real volume is "nearly full" when the threshold is 0%
    monkeypatch.setattr(disks_module, "NEARLY_FULL_PERCENT", 0.0)
    result = collect_all(DiagnosticsOptions(only=("disks",))).result("disks")
    assert result.ok
    assert result.data["nearly_full"] == [v["mountpoint"] for v in result.data["volumes"]]
    assert result.warnings and "full" in result.warnings[0]
    assert "FULL" in result.text


# --- the runner: failures stay local -----------------------------------------


def _ok_collector(options: DiagnosticsOptions) -> CollectorOutput:
    return CollectorOutput({"answer": 42}, "fine")


def _raising_collector(options: DiagnosticsOptions) -> CollectorOutput:
    raise RuntimeError("disk on fire")


def test_a_raising_collector_is_recorded_without_failing_others() -> None:
    collectors = (Collector("good", "Good", _ok_collector), Collector("bad", "Bad", _raising_collector))
    report = collect_all(DiagnosticsOptions(), collectors=collectors)
    good, bad = report.result("good"), report.result("bad")
    assert good.ok and good.data == {"answer": 42, "warnings": []}
    assert not bad.ok
    assert bad.error == "RuntimeError: disk on fire"
    assert report.failed == (bad,)
    assert "could not collect: RuntimeError: disk on fire" in report.to_text()


def test_a_hanging_collector_is_cut_by_its_timeout() -> None:
    release = threading.Event()

    def hang(options: DiagnosticsOptions) -> CollectorOutput:
        release.wait(30)
        return CollectorOutput({}, "too late")

    collectors = (Collector("stuck", "Stuck", hang, timeout=0.3), Collector("good", "Good", _ok_collector))
    started = time.monotonic()
    try:
        report = collect_all(DiagnosticsOptions(), collectors=collectors)
    finally:
        release.set()
    elapsed = time.monotonic() - started
    assert elapsed < 1.5
    stuck = report.result("stuck")
    assert not stuck.ok
    assert "timed out" in stuck.error
    assert 0.25 <= stuck.seconds < 1.5
    assert report.result("good").ok


def test_a_collector_returning_the_wrong_type_is_an_error() -> None:
    report = collect_all(DiagnosticsOptions(), collectors=(Collector("odd", "Odd", lambda o: {"not": "output"}),))
    assert not report.result("odd").ok
    assert "CollectorOutput" in report.result("odd").error


def test_only_and_skip_select_collectors() -> None:
    report = collect_all(DiagnosticsOptions(only=("memory", "uptime", "cpu"), skip=("cpu",)))
    assert [r.name for r in report.results] == ["memory", "uptime"]
    assert [c.name for c in select_collectors(skip=("display",))] == [c.name for c in COLLECTORS if c.name != "display"]


def test_unknown_collector_names_are_a_typed_error() -> None:
    with pytest.raises(DiagnosticsError) as info:
        collect_all(DiagnosticsOptions(only=("memroy",)))
    assert "memroy" in str(info.value)
    assert "memory" in info.value.hint


# --- report output ------------------------------------------------------------


def test_report_to_dict_is_json_and_to_text_has_every_title(full_report: DiagnosticsReport) -> None:
    encoded = json.dumps(full_report.to_dict(), allow_nan=False)
    decoded = json.loads(encoded)
    assert decoded["format"] == "kbdesk-diagnostics"
    assert decoded["version"] == 1
    assert [r["name"] for r in decoded["results"]] == [c.name for c in COLLECTORS]
    text = full_report.to_text()
    for collector in COLLECTORS:
        assert f"== {collector.title} ==" in text


def test_data_that_is_not_json_is_converted() -> None:
    def odd(options: DiagnosticsOptions) -> CollectorOutput:
        return CollectorOutput({"path": Path("/tmp"), "pair": (1, 2), "nan": float("nan"), "obj": object()}, "odd")

    report = collect_all(DiagnosticsOptions(), collectors=(Collector("odd", "Odd", odd),))
    data = json.loads(json.dumps(report.to_dict(), allow_nan=False))["results"][0]["data"]
    assert data["path"] == str(Path("/tmp")) and data["pair"] == [1, 2] and data["nan"] is None
    assert isinstance(data["obj"], str)


# --- network, against this machine only ----------------------------------------


def test_dns_resolves_localhost_and_fails_fast_on_invalid_names() -> None:
    options = DiagnosticsOptions(dns_hosts=("localhost", "no-such-host.invalid"), timeout=1.0, only=("dns",))
    started = time.monotonic()
    result = collect_all(options).result("dns")
    assert time.monotonic() - started < 2.0
    assert result.ok
    good, bad = result.data["lookups"]
    assert good["host"] == "localhost" and good["resolved"]
    assert any(a in {"127.0.0.1", "::1"} for a in good["addresses"])
    assert bad["host"] == "no-such-host.invalid" and not bad["resolved"] and bad["error"]
    assert result.warnings == (f"cannot resolve no-such-host.invalid: {bad['error']}",)


def test_tcp_reports_a_listening_port_reachable_and_a_closed_one_not(tcp_server, closed_port: int) -> None:
    host, port = tcp_server
    options = DiagnosticsOptions(tcp_targets=((host, port), ("127.0.0.1", closed_port)), timeout=1.0, only=("tcp",))
    result = collect_all(options).result("tcp")
    assert result.ok
    reachable, closed = result.data["checks"]
    assert reachable["reachable"] and reachable["port"] == port and reachable["seconds"] < 1.0
    assert not closed["reachable"] and closed["error"] == "connection refused"
    assert len(result.warnings) == 1 and str(closed_port) in result.warnings[0]


def test_network_checks_without_targets_say_so() -> None:
    report = collect_all(DiagnosticsOptions(only=("dns", "tcp")))
    assert report.result("dns").data["lookups"] == [] and "no hosts" in report.result("dns").text
    assert report.result("tcp").data["checks"] == [] and "no servers" in report.result("tcp").text


def test_interfaces_include_loopback_with_addresses(full_report: DiagnosticsReport) -> None:
    interfaces = full_report.result("interfaces").data["interfaces"]
    loopback = [i for i in interfaces if i["loopback"]]
    assert loopback and loopback[0]["up"]
    assert any(a["address"] in {"127.0.0.1", "::1"} for a in loopback[0]["addresses"])


def test_default_route_shape(full_report: DiagnosticsReport) -> None:
    data = full_report.result("route").data
    assert isinstance(data["present"], bool)
    for route in data["routes"]:
        assert set(route) == {"family", "gateway", "interface"}
    if sys.platform.startswith("linux") and Path("/proc/net/route").exists():
        assert data["source"] == "/proc/net/route"


@pytest.mark.parametrize(
    ("url", "masked"),
    [
        ("http://user:secret@proxy.example:3128", "http://***:***@proxy.example:3128"),
        ("http://p%40ss@proxy:8080/", "http://***@proxy:8080/"),
        ("user:pa@ss/word@proxy:3128", "***:***@proxy:3128"),
        ("socks5h://a:b@10.0.0.1:1080", "socks5h://***:***@10.0.0.1:1080"),
        ("http://proxy.example:3128", "http://proxy.example:3128"),
    ],
)
def test_proxy_credentials_are_masked(url: str, masked: str) -> None:
    assert mask_proxy_credentials(url) == masked


def test_proxy_collector_masks_credentials_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("http_proxy", "HTTP_PROXY", "https_proxy", "HTTPS_PROXY", "all_proxy", "ALL_PROXY"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("HTTPS_PROXY", "http://alice:hunter2@proxy.corp:3128")
    monkeypatch.setenv("NO_PROXY", "localhost,.corp")
    result = collect_all(DiagnosticsOptions(only=("proxy",))).result("proxy")
    assert result.ok and result.data["configured"]
    assert result.data["environment"]["HTTPS_PROXY"] == "http://***:***@proxy.corp:3128"
    assert result.data["effective"]["https"] == "http://***:***@proxy.corp:3128"
    serialised = json.dumps(result.to_dict())
    assert "hunter2" not in serialised and "alice" not in serialised


# --- kbdesk's own state and log --------------------------------------------------


def test_log_tail_says_no_log_yet_when_missing() -> None:
    result = collect_all(DiagnosticsOptions(only=("log",))).result("log")
    assert result.ok and not result.data["exists"]
    assert result.text == "no log yet"


def test_log_tail_reads_only_the_end_and_kbdesk_lists_recent_errors() -> None:
    log_file = state_paths().log_file
    log_file.parent.mkdir(parents=True)
    lines = [f"2026-01-01 10:00:{i % 60:02d} INFO kbdesk.core.search: line {i} " + "x" * 60 for i in range(3000)]
    lines.append("2026-01-01 10:01:00 ERROR kbdesk.core.search.indexer: could not read foo.md")
    lines.append("2026-01-01 10:01:01 INFO kbdesk: last line")
    log_file.write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert log_file.stat().st_size > 64 * 1024

    report = collect_all(
        DiagnosticsOptions(
            log_lines=5, only=("log", "kbdesk"), index_stats={"articles": 12, "engines": {"keyword": True}}
        )
    )
    tail = report.result("log")
    assert tail.ok and tail.data["exists"] and tail.data["truncated"]
    assert tail.data["lines"] == lines[-5:]
    assert tail.data["size"] == log_file.stat().st_size
    state = report.result("kbdesk")
    assert state.data["recent_errors"] == [lines[-2]]
    assert state.data["index"] == {"articles": 12, "engines": {"keyword": True}}
    assert "could not read foo.md" in state.text and "articles" in state.text
    assert state.warnings


def test_log_lines_zero_shows_no_lines() -> None:
    log_file = state_paths().log_file
    log_file.parent.mkdir(parents=True)
    log_file.write_text("one\ntwo\n", encoding="utf-8")
    result = collect_all(DiagnosticsOptions(log_lines=0, only=("log",))).result("log")
    assert result.ok and result.data["lines"] == []


# --- display ------------------------------------------------------------------


def test_display_uses_what_the_gui_passes() -> None:
    display = {
        "platform": "offscreen",
        "screens": [{"name": "DP-1", "width": 2560, "height": 1440, "device_pixel_ratio": 1.25, "primary": True}],
    }
    result = collect_all(DiagnosticsOptions(display=display, only=("display",))).result("display")
    assert result.ok and result.data["source"] == "gui" and result.data["available"]
    assert result.data["screens"][0]["name"] == "DP-1"
    assert "2560x1440" in result.text


def test_display_accepts_a_dataclass() -> None:
    @dataclasses.dataclass(frozen=True)
    class Screens:
        platform: str
        screens: tuple

    result = collect_all(
        DiagnosticsOptions(
            display=Screens("xcb", ({"name": "HDMI-1", "width": 1920, "height": 1080},)), only=("display",)
        )
    ).result("display")
    assert result.ok and result.data["screens"] == [{"name": "HDMI-1", "width": 1920, "height": 1080}]


def test_display_without_the_gui_says_so(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("DISPLAY", raising=False)
    result = collect_all(DiagnosticsOptions(only=("display",))).result("display")
    assert result.ok and not result.data["available"] and result.data["source"] is None
    assert result.text.startswith(NOT_AVAILABLE)


def test_parse_xrandr() -> None:
    sample = (
        "Screen 0: minimum 8 x 8, current 4480 x 1440, maximum 32767 x 32767\n"
        "eDP-1 connected primary 1920x1080+0+360 (normal left inverted right x axis y axis) 309mm x 174mm\n"
        "   1920x1080     60.01*+\n"
        "HDMI-1 disconnected (normal left inverted right x axis y axis)\n"
        "DP-1 connected 2560x1440+1920+0 (normal left inverted right x axis y axis) 597mm x 336mm\n"
        "DP-2 connected (normal left inverted right x axis y axis)\n"
    )
    screens = parse_xrandr(sample)
    assert [s["name"] for s in screens] == ["eDP-1", "DP-1", "DP-2"]
    assert screens[0]["primary"] and screens[0]["width"] == 1920 and screens[0]["y"] == 360
    assert screens[1]["x"] == 1920 and not screens[1]["primary"]
    assert not screens[2]["active"] and screens[2]["width"] is None


# --- options -------------------------------------------------------------------


def test_options_normalise_lists_and_reject_bad_values() -> None:
    options = DiagnosticsOptions(
        dns_hosts=["localhost", " "], tcp_targets=[["127.0.0.1", "80"], "example.org:443"], only=["cpu"]
    )
    assert options.dns_hosts == ("localhost",)
    assert options.tcp_targets == (("127.0.0.1", 80), ("example.org", 443))
    assert options.only == ("cpu",)
    hash(options.dns_hosts)
    for bad in (
        {"tcp_targets": (("host", 0),)},
        {"tcp_targets": (("host",),)},
        {"timeout": 0},
        {"timeout": float("inf")},
        {"log_lines": -1},
    ):
        with pytest.raises(DiagnosticsError):
            DiagnosticsOptions(**bad)


@pytest.mark.parametrize(
    ("text", "expected"),
    [("example.org:443", ("example.org", 443)), ("[::1]:8080", ("::1", 8080)), ("127.0.0.1:1", ("127.0.0.1", 1))],
)
def test_parse_tcp_target(text: str, expected: tuple[str, int]) -> None:
    assert parse_tcp_target(text) == expected


@pytest.mark.parametrize("text", ["example.org", "example.org:", ":80", "host:99999", "[::1]"])
def test_parse_tcp_target_rejects_bad_input(text: str) -> None:
    with pytest.raises(DiagnosticsError):
        parse_tcp_target(text)


def test_diagnostics_never_import_qt(tmp_path: Path) -> None:
    code = (
        "import sys\n"
        "from kbdesk.core.diagnostics import collect_all, DiagnosticsOptions\n"
        "collect_all(DiagnosticsOptions(only=('display', 'kbdesk')))\n"
        "bad = [m for m in sys.modules if m.split('.')[0] in {'PySide6', 'shiboken6', 'PyQt5', 'PyQt6'}]\n"
        "assert not bad, bad\n"
    )
    env = dict(os.environ, KBDESK_HOME=str(tmp_path))
    subprocess.run([sys.executable, "-c", code], check=True, env=env, timeout=60)
