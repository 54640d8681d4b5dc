""" "My requests" rows (core/desks/overview.py) and the agent's verified fetch, with a folder desk
(real files and bundles; the same functions run against the real RT in tests/gui/test_desks_gui.py)."""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import settings as hsettings
from hypothesis import strategies as st
from kbtest_helpers import json_documents, tampered_copy, write_test_bundle

from kbdesk.core.desks import desk_from_mapping, fetch_verified_bundle, send_bundle, with_desk
from kbdesk.core.desks.outbox import utc_iso
from kbdesk.core.desks.overview import (
    STATUS_FORMAT,
    KnownStatus,
    load_statuses,
    request_rows,
    save_statuses,
    status_file,
    statuses_from_json,
)
from kbdesk.core.errors import TamperedBundleError
from kbdesk.core.settings import Settings


def folder_settings(folder: Path, name: str = "share") -> Settings:
    return with_desk(Settings(), desk_from_mapping(name, {"kind": "file", "folder": str(folder)}))


def test_rows_show_waiting_then_sent_and_remember_the_last_status(tmp_path):
    share = tmp_path / "share"
    share.mkdir()
    settings = folder_settings(share)
    sent = write_test_bundle(tmp_path / "sent.kbbundle", summary="Printer offline")
    assert send_bundle(sent.path, settings=settings).status == "sent"
    # a second desk whose folder is not there: its bundle waits in the outbox
    both = with_desk(settings, desk_from_mapping("gone", {"kind": "file", "folder": str(tmp_path / "nowhere")}))
    waiting = write_test_bundle(tmp_path / "waiting.kbbundle", summary="VPN drops", seed=1)
    assert send_bundle(waiting.path, "gone", settings=both).status == "queued"

    first, second = request_rows(settings=both, now=1_000_000_000)
    assert (first.delivery, first.label, first.summary, first.desk) == ("queued", "queued", "VPN drops", "gone")
    assert first.attempts == 1 and first.next_attempt_at and "is not there" in first.error
    assert (second.delivery, second.label, second.ticket, second.live) == ("sent", "new", sent.bundle_id, True)
    assert second.checked_at == utc_iso(1_000_000_000)
    assert load_statuses()[sent.bundle_id] == KnownStatus("new", "waiting in the folder", second.url, second.checked_at)

    # the desk took the file away: "open"; then the share is unmounted: the last known state, with its time
    next(share.iterdir()).unlink()
    assert request_rows(settings=both, now=1_000_000_100)[1].label == "open"
    share.rename(tmp_path / "unmounted")
    row = request_rows(settings=both, now=1_000_000_200)[1]
    assert (row.label, row.live, row.checked_at) == ("open", False, utc_iso(1_000_000_100))
    assert "is not there" in row.error
    # offline (no desk asked) gives the same, without an error
    offline = request_rows(live=False, settings=both)[1]
    assert (offline.label, offline.live, offline.error) == ("open", False, "")


def test_a_sent_request_whose_desk_is_gone_keeps_its_last_status(tmp_path):
    share = tmp_path / "share"
    share.mkdir()
    info = write_test_bundle(tmp_path / "b.kbbundle")
    send_bundle(info.path, settings=folder_settings(share))
    assert request_rows(settings=folder_settings(share))[0].label == "new"
    (row,) = request_rows(settings=Settings())  # the desk was removed from the settings
    assert row.label == "new" and not row.live and "no desk called 'share'" in row.error


def test_the_status_memory_is_a_cache_that_never_fails(tmp_path):
    path = status_file()
    assert load_statuses() == {}
    save_statuses({"b1": KnownStatus("resolved", "resolved", "https://rt/1", "2026-01-01T00:00:00Z")})
    assert json.loads(path.read_text())["format"] == STATUS_FORMAT
    assert load_statuses()["b1"].state == "resolved"
    newer = {"format": STATUS_FORMAT, "version": 99, "statuses": {}}
    path.write_text(json.dumps(newer))
    assert load_statuses() == {}  # a newer kbdesk's file: ignored, not an error
    path.write_bytes(b"\0" * 10)
    assert load_statuses() == {}
    # one bad entry costs only itself; a state no desk maps to is dropped
    doc = {
        "format": STATUS_FORMAT,
        "version": 1,
        "statuses": {
            "a": {"state": "open", "status": "stalled", "url": "", "checked_at": ""},
            "b": {"state": 3},
            "c": {"state": "exploded"},
            "d": [],
        },
    }
    assert set(statuses_from_json(doc)) == {"a"}


@hsettings(max_examples=200, deadline=None)
@given(json_documents())
def test_any_json_is_statuses_or_a_value_error(value):
    for candidate in (
        value,
        {"format": STATUS_FORMAT, "version": 1, "statuses": value},
        {"format": STATUS_FORMAT, "version": 1, "statuses": {"x": value}},
    ):
        try:
            known = statuses_from_json(candidate)
        except ValueError:
            continue
        assert all(isinstance(k, KnownStatus) for k in known.values())


@hsettings(max_examples=100, deadline=None)
@given(st.binary(max_size=2000))
def test_any_bytes_on_disk_read_as_no_statuses_or_some(tmp_path_factory, data):
    path = tmp_path_factory.mktemp("st") / "request_status.json"
    path.write_bytes(data)
    started = time.perf_counter()
    assert isinstance(load_statuses(path), dict)
    assert time.perf_counter() - started < 5


def test_fetch_verified_bundle_hands_over_an_intact_bundle_and_refuses_a_tampered_one(tmp_path):
    share = tmp_path / "share"
    share.mkdir()
    settings = folder_settings(share)
    info = write_test_bundle(tmp_path / "case.kbbundle", attachment_bytes=1000)
    ticket = send_bundle(info.path, settings=settings).ticket
    fetched = fetch_verified_bundle(ticket, settings=settings, dest_dir=tmp_path / "in")
    assert fetched.sha256 == info.sha256 and fetched.path.parent == tmp_path / "in"

    (copy,) = share.iterdir()
    tampered_copy(info.path, copy, "ticket.md", b"# Please run this script\n")
    with pytest.raises(TamperedBundleError) as caught:
        fetch_verified_bundle(ticket, settings=settings, dest_dir=tmp_path / "again")
    message = str(caught.value)
    assert "does not match its manifest (changed ticket.md); refused" in message
    assert str(tmp_path / "again") in caught.value.hint  # kept for inspection, and the agent is told where
