"""Importing resolved searches and phrasings exports (untrusted files), exporting and merging them."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kbdesk.core.analytics.phrasings import PhrasingRecord
from kbdesk.core.analytics.timestamps import utc_now
from kbdesk.core.learning.exchange import (
    EXPORT_FORMAT,
    ExportLine,
    ImportLimits,
    PhrasingFileError,
    at_least,
    export_text,
    local_lines,
    merge,
    read_export_lines,
    read_import,
)

SCALE = float(os.environ.get("KBDESK_HYPOTHESIS_SCALE", "1"))
COMMON = dict(
    deadline=4000,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.function_scoped_fixture],
)


def _jsonl(path: Path, *objects: object) -> Path:
    path.write_text("".join(json.dumps(o) + "\n" for o in objects), "utf-8")
    return path


def test_resolved_searches_become_redacted_phrasings_of_each_relevant_article(tmp_path: Path) -> None:
    path = _jsonl(
        tmp_path / "history.jsonl",
        {"query": "VPN drops, mail bob@example.com", "relevant": ["vpn-drops", "vpn-setup"]},
        {"query": "printer asleep", "relevant": ["printer-offline"], "extra": "ignored"},
    )
    found = read_import(path)
    assert found.origin == "history" and found.lines == 2 and not found.skipped
    assert [(p.article_id, p.text, p.kind) for p in found.phrasings] == [
        ("vpn-drops", "VPN drops, mail <EMAIL-1>", "solved"),
        ("vpn-setup", "VPN drops, mail <EMAIL-1>", "solved"),
        ("printer-offline", "printer asleep", "solved"),
    ]


@pytest.mark.parametrize(
    ("line", "problem"),
    [
        (b"{not json\n", "not valid JSON"),
        (b'{"query": "x"}\n', '"relevant"'),
        (b'{"query": 3, "relevant": ["a"]}\n', "the query must be text"),
        (b'{"query": "x", "relevant": "a"}\n', "must be a list"),
        (b'{"query": "x", "relevant": ["a\\nb"]}\n', "is not an article id"),
        (b'{"query": "  ", "relevant": ["a"]}\n', "the query is empty"),
        (b'["query", "relevant"]\n', "expected"),
        (b'\xff\xfe{"query": "x"}\n', "not UTF-8"),
        (b"[" * 100_000 + b"\n", "nested too deeply"),
        (b'{"query": "x", "relevant": ["a"], "n": ' + b"9" * 5000 + b"}\n", "a number too long"),
    ],
)
def test_a_bad_line_is_named_by_file_and_line_and_nothing_is_read(tmp_path: Path, line: bytes, problem: str) -> None:
    path = tmp_path / "history.jsonl"
    path.write_bytes(b'{"query": "fine", "relevant": ["a"]}\n' + line)
    with pytest.raises(PhrasingFileError, match=rf"history\.jsonl:2: .*{problem}"):
        read_import(path)
    found = read_import(path, skip_bad_lines=True)
    assert [p.text for p in found.phrasings] == ["fine"]
    assert found.skipped[0].line == 2 and problem in found.skipped[0].problem


def test_the_limits_stop_big_files_long_lines_and_many_lines_early(tmp_path: Path) -> None:
    limits = ImportLimits(max_file_bytes=1000, max_line_bytes=100, max_lines=3, max_ids_per_line=2)
    big = tmp_path / "big.jsonl"
    big.write_bytes(b" " * 1001)
    with pytest.raises(PhrasingFileError, match="at most 1,000 are read"):
        read_import(big, limits)
    long = _jsonl(tmp_path / "long.jsonl", {"query": "x" * 200, "relevant": ["a"]})
    with pytest.raises(PhrasingFileError, match=r"long\.jsonl:1: the line is longer than 100 bytes"):
        read_import(long, limits)
    many = _jsonl(tmp_path / "many.jsonl", *({"query": f"q{i}", "relevant": ["a"]} for i in range(4)))
    with pytest.raises(PhrasingFileError, match="more than 3 lines"):
        read_import(many, limits)
    ids = _jsonl(tmp_path / "ids.jsonl", {"query": "q", "relevant": ["a", "b", "c"]})
    with pytest.raises(PhrasingFileError, match="more than 2 articles"):
        read_import(ids, limits)
    with pytest.raises(PhrasingFileError, match="empty"):
        read_import(_jsonl(tmp_path / "empty.jsonl"))
    with pytest.raises(PhrasingFileError, match="cannot read"):
        read_import(tmp_path / "missing.jsonl")


def _record(article: str, text: str, kind: str, count: int = 1, origin: str = "local") -> PhrasingRecord:
    return PhrasingRecord(0, utc_now(), article, text, " ".join(text.casefold().split()), kind, origin, 1, count, 1)


def test_exports_merge_by_machine_and_min_users_counts_distinct_machines(tmp_path: Path) -> None:
    alpha = local_lines(
        [
            _record("wifi", "wifi keeps dropping", "solved"),
            _record("wifi", "Wifi  keeps dropping", "solved"),
            _record("wifi", "wifi keeps dropping", "not_helped"),
            _record("vpn", "vpn drops", "read"),
            _record("vpn", "imported, not ours", "solved", origin="history"),
        ],
        "alpha",
    )
    beta = local_lines([_record("wifi", "WIFI keeps dropping", "solved")], "beta")
    first = tmp_path / "alpha.jsonl"
    first.write_text(export_text(alpha), "utf-8")
    header = json.loads(first.read_text("utf-8").splitlines()[0])
    assert header["format"] == EXPORT_FORMAT and header["machines"] == 1 and header["phrasings"] == 2
    again, skipped = read_export_lines(first)
    assert not skipped
    merged = merge([again, again, beta])  # alpha's export twice still counts alpha once
    by_key = {(line.article, line.phrasing.casefold()): line for line in merged}
    wifi = by_key[("wifi", "wifi keeps dropping")]
    assert wifi.machines == {"alpha": {"solved": 2, "not_helped": 1}, "beta": {"solved": 1}}
    assert wifi.totals() == {"solved": 3, "read": 0, "not_helped": 1, "escalated": 0}
    assert [(line.article, len(line.machines)) for line in at_least(merged, 2)] == [("wifi", 2)]
    assert at_least(merged, 3) == []


def test_a_fleet_export_imports_with_its_counts(tmp_path: Path) -> None:
    line = ExportLine("wifi", "wifi keeps dropping", {"a": {"solved": 2}, "b": {"solved": 1, "escalated": 1}})
    path = tmp_path / "fleet.jsonl"
    path.write_text(export_text([line], min_users=2), "utf-8")
    found = read_import(path)
    assert found.origin == "fleet"
    assert [(p.kind, p.count, p.machines) for p in found.phrasings] == [("solved", 3, 2), ("escalated", 1, 1)]
    path.write_text(path.read_text("utf-8").replace('"version": 1', '"version": 9'), "utf-8")
    with pytest.raises(PhrasingFileError, match="version 9"):
        read_import(path)


# ---------------------------------------------------------------- untrusted input

_json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=50),
    lambda inner: st.lists(inner, max_size=5) | st.dictionaries(st.text(max_size=12), inner, max_size=5),
    max_leaves=20,
)
_lines = st.one_of(
    st.builds(
        lambda q, r: json.dumps({"query": q, "relevant": r}),
        st.one_of(st.text(max_size=400), _json_values),
        st.one_of(st.lists(st.text(max_size=60), max_size=8), _json_values),
    ),
    st.builds(
        lambda a, p, m: json.dumps({"article": a, "phrasing": p, "machines": m}),
        st.one_of(st.text(max_size=60), _json_values),
        st.one_of(st.text(max_size=200), _json_values),
        st.one_of(
            st.dictionaries(
                st.text(max_size=40),
                st.dictionaries(st.sampled_from(["solved", "read", "not_helped", "escalated", "x"]), _json_values),
                max_size=4,
            ),
            _json_values,
        ),
    ),
    _json_values.map(json.dumps),
    st.text(max_size=200),
)


@settings(max_examples=max(1, int(400 * SCALE)), **COMMON)
@given(
    header=st.sampled_from(["", json.dumps({"format": EXPORT_FORMAT, "version": 1}) + "\n"]),
    lines=st.lists(_lines, max_size=12),
    garbage=st.binary(max_size=64),
    skip=st.booleans(),
)
def test_no_import_file_raises_anything_but_a_named_error(tmp_path: Path, header, lines, garbage, skip) -> None:
    path = tmp_path / "untrusted.jsonl"
    path.write_bytes(header.encode() + "\n".join(lines).encode("utf-8", "surrogatepass") + b"\n" + garbage)
    limits = ImportLimits(max_file_bytes=200_000, max_line_bytes=20_000, max_lines=50)
    try:
        found = read_import(path, limits, skip_bad_lines=skip)
    except PhrasingFileError as exc:
        problem = str(exc)
        assert "untrusted.jsonl" in problem and len(problem) < 600
        return
    for p in found.phrasings:
        assert p.article_id and p.text and p.count >= 1 and p.machines >= 1
        assert len(p.text) <= 300  # longer texts are logs, never learned
    for skipped in found.skipped:
        assert skipped.line >= 1 and len(skipped.problem) < 300


@settings(max_examples=max(1, int(200 * SCALE)), **COMMON)
@given(data=st.binary(max_size=4096))
def test_random_bytes_never_raise_anything_but_a_named_error(tmp_path: Path, data: bytes) -> None:
    path = tmp_path / "bytes.jsonl"
    path.write_bytes(data)
    for reader in (read_import, read_export_lines):
        try:
            reader(path, skip_bad_lines=True)
        except PhrasingFileError as exc:
            assert "bytes.jsonl" in str(exc)  # noqa: PT017 - any input may be refused


def test_bundles_merge_as_one_machine_each(tmp_path: Path) -> None:
    from kbdesk.core.analytics import AnalyticsStore
    from kbdesk.core.bundle import Ticket, write_bundle
    from kbdesk.core.learning.exchange import bundle_lines

    ticket = Ticket(summary="Wi-Fi", description="d", impact="low", urgency="low", contact="", platform="linux")
    consent = {"agreed_at": "2026-03-02T10:05:00Z", "items": []}
    paths = []
    for n in range(2):
        with AnalyticsStore.open(tmp_path / f"history-{n}.sqlite3") as store:
            session = store.start_session("linux", "test")
            search = store.record_search(session, "wifi keeps dropping", "hybrid", ["wifi", "vpn"], 2.0, True)
            view = store.record_view(session, "vpn", search, rank=2)
            store.record_feedback(session, "vpn", False, "not_related", view_id=view)
            store.record_view(session, "wifi", search, rank=1)
            path = tmp_path / f"case-{n}.kbbundle"
            write_bundle(path, ticket, store.trail(session).to_dict(), [], {"totals": {}}, consent)
            paths.append(path)
    no_trail = tmp_path / "no-trail.kbbundle"
    write_bundle(no_trail, ticket, {}, [], {"totals": {}}, consent)
    merged = merge([bundle_lines(p) for p in [*paths, no_trail]])
    kinds = {line.article: line.totals() for line in merged}
    assert kinds["vpn"]["not_helped"] == 2 and kinds["wifi"]["escalated"] == 2
    assert all(len(line.machines) == 2 for line in merged)
    assert all(m.startswith("bundle:") for line in merged for m in line.machines)
    (tmp_path / "broken.kbbundle").write_bytes(b"not a zip")
    with pytest.raises(PhrasingFileError, match=r"broken\.kbbundle"):
        bundle_lines(tmp_path / "broken.kbbundle")
