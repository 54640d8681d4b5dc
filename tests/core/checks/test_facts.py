"""Saved diagnostics reports: what `kbdesk diagnostics --json` writes reads back; anything else is refused in one sentence."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from checks_cases import healthy_report, write_report
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kbdesk.core.checks import facts_from_report, read_diagnostics_file
from kbdesk.core.checks.facts import MAX_REPORT_BYTES, start_options
from kbdesk.core.diagnostics import REPORT_FORMAT_VERSION, DiagnosticsOptions, collect_all
from kbdesk.core.errors import DiagnosticsFileError


def test_a_report_of_this_machine_reads_back_with_the_same_facts(tmp_path: Path) -> None:
    report = collect_all(DiagnosticsOptions(skip=("cpu", "log")))
    path = tmp_path / "report.json"
    path.write_text(json.dumps(report.to_dict(), indent=2), "utf-8")
    saved = read_diagnostics_file(path)
    assert facts_from_report(saved).values == facts_from_report(report).values


def test_start_options_are_cheap_and_offline() -> None:
    options = start_options(DiagnosticsOptions(dns_hosts=("example.org",), tcp_targets=(("example.org", 443),)))
    assert options.dns_hosts == () and options.tcp_targets == () and options.time_server == ""
    assert not options.probe_proxy and options.budget_cap == 1.0 and options.log_lines == 0
    assert "tcp" not in options.only and "cpu" not in options.only


def _write(tmp_path: Path, data: bytes) -> Path:
    path = tmp_path / "report.json"
    path.write_bytes(data)
    return path


def _healthy_with(**changes: object) -> bytes:
    report = healthy_report()
    report.update(changes)
    return json.dumps(report).encode()


@pytest.mark.parametrize(
    ("data", "words"),
    [
        (b"", "not valid JSON"),
        (b"\xff\xfe{}", "not UTF-8"),
        (b"{", "not valid JSON"),
        (b"[1, 2]", "not a kbdesk diagnostics report"),
        (b'{"format": "kbdesk-bundle"}', "not a kbdesk diagnostics report"),
        (b"[" * 100 + b"]" * 100, "nests more than 64 levels"),
        (b'{"format": "kbdesk-diagnostics", "version": 1, "results": [' + b"[" * 70 + b"]" * 70 + b"]}", "nests"),
        (b'{"format": "kbdesk-diagnostics", "version": 1}', "field 'results' is missing"),
        (b'{"format": "kbdesk-diagnostics", "version": "1", "results": []}', "field 'version' must be a whole number"),
        (b'{"format": "kbdesk-diagnostics", "version": 1, "results": [{"name": 3, "ok": true}]}', "results[0].name"),
        (b'{"format": "kbdesk-diagnostics", "version": 1, "results": [{"name": "os", "ok": "yes"}]}', "results[0].ok"),
        (b'{"format": "kbdesk-diagnostics", "version": 99, "results": []}', "this kbdesk reads format 1"),
        (b'{"format": "kbdesk-diagnostics", "version": 0, "results": []}', "format 0"),
        (
            b'{"format": "kbdesk-diagnostics", "version": 1, "results": [], "x": 1' + b"1" * 5000 + b"}",
            "not valid JSON",
        ),
    ],
)
def test_what_is_not_a_report_is_refused_in_one_sentence(tmp_path: Path, data: bytes, words: str) -> None:
    with pytest.raises(DiagnosticsFileError) as caught:
        read_diagnostics_file(_write(tmp_path, data))
    assert words in str(caught.value)
    assert "\n" not in str(caught.value) and len(str(caught.value)) < 300


def test_missing_folder_and_oversized_files_are_refused(tmp_path: Path) -> None:
    with pytest.raises(DiagnosticsFileError, match="no such file"):
        read_diagnostics_file(tmp_path / "nope.json")
    with pytest.raises(DiagnosticsFileError, match="is a folder"):
        read_diagnostics_file(tmp_path)
    big = tmp_path / "big.json"
    with open(big, "wb") as handle:
        handle.write(_healthy_with()[:-1] + b', "padding": "')
        handle.write(b"x" * MAX_REPORT_BYTES)
        handle.write(b'"}')
    with pytest.raises(DiagnosticsFileError, match="larger than 8 MB") as caught:
        read_diagnostics_file(big)
    assert "kbdesk diagnostics --json" in caught.value.hint


def test_a_report_from_a_newer_kbdesk_says_so(tmp_path: Path) -> None:
    with pytest.raises(DiagnosticsFileError) as caught:
        read_diagnostics_file(_write(tmp_path, _healthy_with(version=REPORT_FORMAT_VERSION + 1)))
    assert "newer kbdesk" in caught.value.hint


def test_unknown_fields_and_failed_collectors_are_fine(tmp_path: Path) -> None:
    report = healthy_report()
    report["from_the_future"] = {"x": [1, 2]}
    report["results"].append({"name": "quantum", "ok": True, "data": {"q": 1}})
    report["results"].append({"name": "os", "ok": True, "data": {"system": "Windows"}})  # a second "os" is ignored
    saved = read_diagnostics_file(write_report(tmp_path / "r.json", report))
    assert facts_from_report(saved).values["system.platform"] == "linux"


JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=10),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=8), children, max_size=4),
    max_leaves=25,
)


def _mutated(draw_value: object, where: int) -> dict[str, object]:
    report = healthy_report()
    results = report["results"]
    target = results[where % len(results)]
    keys = sorted(target["data"]) or ["x"]
    target["data"][keys[where % len(keys)]] = draw_value
    return report


@settings(max_examples=400, deadline=3000, database=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.one_of(
        st.binary(max_size=2000),
        JSON.map(lambda v: json.dumps(v).encode()),
        st.tuples(JSON, st.integers(min_value=0, max_value=10_000)).map(lambda t: json.dumps(_mutated(*t)).encode()),
        st.tuples(st.sampled_from(["{", "[", '{"a":', "[1,"]), st.integers(min_value=1, max_value=20_000)).map(
            lambda t: (t[0] * t[1]).encode()
        ),
    )
)
def test_hostile_files_give_facts_or_one_clean_error(tmp_path_factory: pytest.TempPathFactory, data: bytes) -> None:
    path = tmp_path_factory.mktemp("hostile") / "r.json"
    path.write_bytes(data)
    try:
        saved = read_diagnostics_file(path)
    except DiagnosticsFileError as exc:
        refused = str(exc)
    else:
        json.dumps(dict(facts_from_report(saved).values), allow_nan=False)
        return
    assert "\n" not in refused and len(refused) < 400
