"""The fact catalogue: documented, read from real and saved reports, and never broken by a hostile one."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from checks_cases import healthy_report, report_with
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kbdesk.core.checks import BY_NAME, CHEAP_COLLECTORS, FACTS, facts_from_report, markdown_table
from kbdesk.core.checks.catalogue import MAX_NUMBER
from kbdesk.core.checks.facts import collected_data, start_options
from kbdesk.core.diagnostics import COLLECTORS, collect_all

ROOT = Path(__file__).resolve().parents[3]


def test_docs_list_every_fact_with_its_type_and_unit() -> None:
    doc = (ROOT / "docs" / "writing-articles.md").read_text("utf-8")
    assert markdown_table() in doc, "docs/writing-articles.md is out of date: run scripts/fact_table.py"
    for fact in FACTS:
        assert f"| `{fact.name}` |" in doc
    check = subprocess.run([sys.executable, str(ROOT / "scripts" / "fact_table.py"), "--check"], check=False)
    assert check.returncode == 0


def test_every_fact_names_a_real_collector_and_a_known_unit() -> None:
    names = {c.name for c in COLLECTORS}
    for fact in FACTS:
        assert fact.collector in names, fact.name
        assert fact.type in ("number", "bool", "text")
        assert fact.unit in ("", "bytes", "seconds", "percent", "pixels")
        assert fact.unit == "" or fact.type == "number"
        assert fact.name == fact.name.lower() and fact.description
    assert len(BY_NAME) == len(FACTS)
    # the run at start is cheap: no network collector, nothing that samples for a while
    assert "cpu" not in CHEAP_COLLECTORS and "tcp" not in CHEAP_COLLECTORS and "kbdesk" not in CHEAP_COLLECTORS


def test_a_saved_laptop_report_gives_every_fact_its_collectors_know() -> None:
    facts = facts_from_report(healthy_report(), source="laptop-healthy.json")
    assert facts.platform == "linux" and facts.source == "laptop-healthy.json"
    values = facts.values
    assert values["disk.home.percent_used"] == 42.1
    assert values["disk.home.free_bytes"] == 275912345600
    assert values["memory.available_percent"] == round(100 * 9876543488 / 16468385792, 1)
    assert values["network.connected"] is True and values["network.default_route"] is True
    assert values["dns.resolves"] is True and values["dns.failed_lookups"] == 0
    assert values["clock.offset_seconds"] == 0.183 and values["clock.synchronized"] is True
    assert values["battery.health_percent"] == 91.3 and values["battery.cycle_count"] == 212
    assert values["display.primary_width"] == 1920 and values["display.below_native"] is False
    assert values["printing.queued_jobs"] == 0 and values["printing.stopped_printers"] == 0
    assert values["cpu.load_per_core"] == round(0.84 / 12, 2)
    missing = set(BY_NAME) - set(values)
    # no proxy is set, the report has no "kbdesk" section, xrandr knows no scale, no print job waits
    assert missing == {"proxy.reachable", "kbdesk.recent_errors", "display.scale", "printing.oldest_job_seconds"}


def test_a_failed_collector_knows_nothing() -> None:
    report = healthy_report()
    for result in report["results"]:
        if result["name"] == "disks":
            result["ok"] = False
            result["error"] = "TimeoutError: no answer within 2.5 s (timed out)"
    values = facts_from_report(report).values
    assert not any(name.startswith("disk.") for name in values)


def test_reports_from_before_home_and_system_volumes_were_named() -> None:
    changes = {"disks": {"volumes": healthy_report()["results"][5]["data"]["volumes"]}}
    report = report_with(changes)
    for result in report["results"]:
        if result["name"] == "disks":
            del result["data"]["home_volume"], result["data"]["system_volume"]
            result["data"]["volumes"].append(
                {
                    "mountpoint": "/home",
                    "device": "/dev/sdb1",
                    "fstype": "ext4",
                    "read_only": False,
                    "total": 100,
                    "used": 96,
                    "free": 4,
                    "percent": 96.0,
                    "nearly_full": True,
                    "error": None,
                }
            )
    values = facts_from_report(report).values
    assert values["disk.home.percent_used"] == 96.0  # /home is the home volume
    assert values["disk.system.percent_used"] == 42.1  # / the system one
    assert values["disk.fullest.percent_used"] == 96.0


def test_windows_reports_do_not_claim_no_name_servers() -> None:
    report = report_with(
        {"os": {"system": "Windows", "name": "Windows 11 Pro"}, "dns": {"nameservers": [], "lookups": []}}
    )
    values = facts_from_report(report).values
    assert values["system.platform"] == "windows"
    assert "dns.nameservers" not in values


def test_this_machine_right_now_gives_typed_facts() -> None:
    facts = facts_from_report(collect_all(start_options()))
    assert set(facts.collectors) <= set(CHEAP_COLLECTORS)
    assert facts.platform in ("linux", "macos", "windows")
    for name, value in facts.values.items():
        fact = BY_NAME[name]
        expected = {"number": (int, float), "bool": bool, "text": str}[fact.type]
        assert isinstance(value, expected), name
        assert fact.type != "number" or not isinstance(value, bool)
    assert isinstance(facts.values["disk.home.percent_used"], float)
    assert isinstance(facts.values["memory.total_bytes"], int)


# ---------------------------------------------------------------- hostile report data: missing facts, never errors

JSON_LEAVES = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(10**30), max_value=10**30),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=20),
)
JSON = st.recursive(
    JSON_LEAVES,
    lambda children: st.lists(children, max_size=5) | st.dictionaries(st.text(max_size=12), children, max_size=5),
    max_leaves=30,
)
KEYS = sorted({key for report in [healthy_report()] for r in report["results"] for key in r["data"]})


@settings(max_examples=600, deadline=2000, database=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.dictionaries(
        st.sampled_from(sorted({f.collector for f in FACTS})),
        st.dictionaries(st.sampled_from(KEYS) | st.text(max_size=8), JSON, max_size=8) | JSON,
        max_size=10,
    )
)
def test_hostile_collector_data_gives_missing_or_typed_facts(collected: dict[str, object]) -> None:
    report = {"results": [{"name": n, "ok": True, "data": d} for n, d in collected.items()]}
    values = facts_from_report(report).values
    for name, value in values.items():
        fact = BY_NAME[name]
        if fact.type == "number":
            assert isinstance(value, (int, float)) and not isinstance(value, bool)
            assert abs(value) <= MAX_NUMBER and value == value
        json.dumps(value, allow_nan=False)
    assert collected_data(report).keys() <= collected.keys()
