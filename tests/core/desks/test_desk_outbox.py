"""The outbox and the sent-requests record on disk, and sending through them to a folder desk
(real files, real bundles; the RT and e-mail adapters have their own tests against real servers)."""

from __future__ import annotations

import contextlib
import json
import os
import subprocess
import sys
import time
from dataclasses import replace
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import settings as hsettings
from hypothesis import strategies as st
from kbtest_helpers import json_documents, tampered_copy, write_test_bundle

from kbdesk.core.desks import (
    Outbox,
    desk_from_mapping,
    flush_outbox,
    my_requests,
    seconds_until_due,
    send_bundle,
    sent_requests,
    ticket_status,
    with_desk,
)
from kbdesk.core.desks.outbox import (
    OutboxEntry,
    SentRequest,
    entry_from_json,
    requests_from_json,
    utc_iso,
)
from kbdesk.core.desks.service import BACKOFF_SECONDS, backoff
from kbdesk.core.errors import BundleError, DeskConfigError, OutboxError
from kbdesk.core.settings import Settings

BUNDLE_ID = "0f8fad5b-d9cb-469f-a165-70867728950e"


def folder_settings(folder: Path) -> Settings:
    return with_desk(Settings(), desk_from_mapping("share", {"kind": "file", "folder": str(folder)}))


def entry(**changes) -> OutboxEntry:
    base = OutboxEntry(
        bundle_id=BUNDLE_ID,
        desk="share",
        filename="b.kbbundle",
        sha256="",
        size=0,
        summary="s",
        queued_at=utc_iso(time.time()),
    )
    return replace(base, **changes)


# ---------------------------------------------------------------------------- files on disk


def test_add_copies_and_checks_the_bundle_then_remove(tmp_path):
    info = write_test_bundle(tmp_path / "b.kbbundle")
    outbox = Outbox(tmp_path / "outbox", tmp_path / "requests.json")
    added = outbox.add(info.path, entry(bundle_id=info.bundle_id, sha256=info.sha256, size=info.size))
    assert added.path.read_bytes() == info.path.read_bytes()
    data = json.loads((added.path.parent / "entry.json").read_text())
    assert data["format"] == "kbdesk-outbox-entry" and data["version"] == 1 and "path" not in data
    assert outbox.get(info.bundle_id) == added
    outbox.remove(info.bundle_id)
    assert outbox.get(info.bundle_id) is None and outbox.entries() == ((), ())


def test_a_copy_that_does_not_match_is_refused(tmp_path):
    info = write_test_bundle(tmp_path / "b.kbbundle")
    outbox = Outbox(tmp_path / "outbox", tmp_path / "requests.json")
    with pytest.raises(OutboxError, match="changed while it was copied"):
        outbox.add(info.path, entry(bundle_id=info.bundle_id, sha256="0" * 64))
    assert not (tmp_path / "outbox" / info.bundle_id).exists()


def test_a_damaged_entry_is_reported_and_kept(tmp_path):
    outbox = Outbox(tmp_path / "outbox", tmp_path / "requests.json")
    folder = tmp_path / "outbox" / BUNDLE_ID
    folder.mkdir(parents=True)
    (folder / "entry.json").write_text("{not json")
    (folder / "bundle.kbbundle").write_bytes(b"keep me")
    entries, problems = outbox.entries()
    assert entries == () and len(problems) == 1 and problems[0].name == BUNDLE_ID
    assert "not valid JSON" in problems[0].message
    assert (folder / "bundle.kbbundle").read_bytes() == b"keep me"
    with pytest.raises(OutboxError, match="damaged"):
        outbox.get(BUNDLE_ID)


def test_an_entry_from_a_newer_kbdesk_is_not_touched(tmp_path):
    outbox = Outbox(tmp_path / "outbox", tmp_path / "requests.json")
    folder = tmp_path / "outbox" / BUNDLE_ID
    folder.mkdir(parents=True)
    (folder / "entry.json").write_text(json.dumps({**entry().to_json(), "version": 99}))
    _, problems = outbox.entries()
    assert "newer kbdesk" in problems[0].message


def test_an_interrupted_add_is_cleaned_up_only_when_old(tmp_path):
    outbox = Outbox(tmp_path / "outbox", tmp_path / "requests.json")
    folder = tmp_path / "outbox" / BUNDLE_ID
    folder.mkdir(parents=True)
    (folder / ".bundle.x.tmp").write_bytes(b"half")
    assert outbox.entries() == ((), ())
    assert folder.exists()  # might be an add in progress
    old = time.time() - 7200
    os.utime(folder, (old, old))
    outbox.entries()
    assert not folder.exists()


def test_a_damaged_requests_record_is_kept_aside(tmp_path):
    outbox = Outbox(tmp_path / "outbox", tmp_path / "requests.json")
    outbox.requests_file.write_text("[1, 2")
    assert outbox.requests() == ()
    assert [p.name.startswith("requests.json.damaged-") for p in tmp_path.iterdir()].count(True) == 1
    request = SentRequest(BUNDLE_ID, "share", "file", "t", "u", "s", utc_iso(0))
    outbox.record(request)
    assert outbox.requests() == (request,)
    doc = json.loads(outbox.requests_file.read_text())
    assert doc["format"] == "kbdesk-requests" and doc["version"] == 1


def test_a_requests_record_from_a_newer_kbdesk_is_refused(tmp_path):
    outbox = Outbox(tmp_path / "outbox", tmp_path / "requests.json")
    outbox.requests_file.write_text(json.dumps({"format": "kbdesk-requests", "version": 2, "requests": []}))
    with pytest.raises(OutboxError, match="newer kbdesk"):
        outbox.requests()


def test_the_lock_keeps_out_a_second_process(tmp_path):
    root = tmp_path / "outbox"
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sys, time\n"
            "from kbdesk.core.desks import Outbox\n"
            f"with Outbox({str(root)!r}, {str(tmp_path / 'r.json')!r}).lock():\n"
            "    print('locked', flush=True)\n"
            "    time.sleep(30)\n",
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout.readline().strip() == "locked"
        with (
            pytest.raises(OutboxError, match="another kbdesk is sending"),
            Outbox(root, tmp_path / "r.json").lock(wait=0.2),
        ):
            pass
    finally:
        holder.kill()
        holder.wait()
        holder.stdout.close()
    with Outbox(root, tmp_path / "r.json").lock(wait=5):  # released when its holder died
        pass


@hsettings(max_examples=200, deadline=None)
@given(json_documents())
def test_any_json_is_an_entry_or_a_value_error(value):
    for candidate in (value, {**entry().to_json(), **value} if isinstance(value, dict) else value):
        with contextlib.suppress(ValueError):
            entry_from_json(candidate, Path("x"))
        with contextlib.suppress(ValueError, OutboxError):
            requests_from_json(candidate)


@hsettings(max_examples=100, deadline=None)
@given(st.binary(max_size=2000))
def test_any_bytes_on_disk_are_read_without_raising(tmp_path_factory, data):
    root = tmp_path_factory.mktemp("ob")
    (root / "outbox" / BUNDLE_ID).mkdir(parents=True)
    (root / "outbox" / BUNDLE_ID / "entry.json").write_bytes(data)
    (root / "requests.json").write_bytes(data)
    outbox = Outbox(root / "outbox", root / "requests.json")
    entries, problems = outbox.entries()
    assert len(entries) + len(problems) == 1
    outbox.requests()


def test_backoff_grows_to_an_hour_with_jitter():
    import random

    rng = random.Random(1)
    values = [backoff(n, rng=rng) for n in range(1, 10)]
    for n, value in enumerate(values, 1):
        base = BACKOFF_SECONDS[min(n, len(BACKOFF_SECONDS)) - 1]
        assert 0.8 * base <= value <= 1.2 * base
    assert BACKOFF_SECONDS[0] == 30 and BACKOFF_SECONDS[-1] == 3600


# ---------------------------------------------------------------------------- sending to a folder desk


def test_send_to_a_folder_records_the_request_and_empties_the_outbox(tmp_path):
    share = tmp_path / "share"
    share.mkdir()
    settings = folder_settings(share)
    info = write_test_bundle(tmp_path / "case.kbbundle")
    result = send_bundle(info.path, settings=settings)
    assert result.status == "sent" and result.ticket == info.bundle_id and not result.already_sent
    copies = list(share.glob("*.kbbundle"))
    assert [p.read_bytes() for p in copies] == [info.path.read_bytes()]
    assert Outbox().entries() == ((), ())
    (request,) = sent_requests()
    assert (request.bundle_id, request.desk, request.kind, request.priority) == (info.bundle_id, "share", "file", "P2")
    # the same bundle again: the recorded ticket, no second copy
    again = send_bundle(info.path, settings=settings)
    assert again.status == "sent" and again.already_sent and len(list(share.glob("*.kbbundle"))) == 1
    assert ticket_status(info.bundle_id, settings=settings).state == "new"
    copies[0].unlink()  # the desk picked it up
    (view,) = my_requests(settings=settings)
    assert view.status.state == "open" and view.status.status == "picked up"


def test_unreachable_desk_queues_and_the_timer_flush_waits_for_the_backoff(tmp_path):
    share = tmp_path / "share"  # not there yet: a share that is not mounted
    settings = folder_settings(share)
    info = write_test_bundle(tmp_path / "case.kbbundle")
    started = time.monotonic()
    result = send_bundle(info.path, settings=settings)
    assert result.status == "queued" and result.attempts == 1 and "is not there" in result.error
    (waiting,), _ = Outbox().entries()
    assert waiting.attempts == 1 and not waiting.held and waiting.path.read_bytes() == info.path.read_bytes()
    delay = seconds_until_due()
    # the backoff counts from the failed attempt; the time this test took since then is already gone
    elapsed = time.monotonic() - started
    assert 0.8 * BACKOFF_SECONDS[0] - elapsed <= delay <= 1.2 * BACKOFF_SECONDS[0]
    share.mkdir()
    report = flush_outbox(only_due=True, settings=settings)
    assert report.results == () and report.waiting == 1  # the timer respects the backoff
    report = flush_outbox(settings=settings)  # kbdesk outbox flush does not wait
    assert [r.status for r in report.results] == ["sent"]
    assert len(list(share.glob("*.kbbundle"))) == 1
    assert Outbox().entries() == ((), ()) and seconds_until_due() is None


def test_a_crash_after_the_desk_answered_does_not_make_a_second_copy(tmp_path):
    """Simulates the state a kill leaves: the attempt is counted, the desk has the bundle,
    nothing was recorded. The next flush looks the bundle up and records it."""
    share = tmp_path / "share"
    share.mkdir()
    settings = folder_settings(share)
    info = write_test_bundle(tmp_path / "case.kbbundle")
    outbox = Outbox()
    added = outbox.add(info.path, entry(bundle_id=info.bundle_id, sha256=info.sha256, size=info.size))
    outbox.save(replace(added, attempts=1))
    (share / f"case--{info.bundle_id}.kbbundle").write_bytes(info.path.read_bytes())
    (result,) = flush_outbox(settings=settings).results
    assert result.status == "sent" and result.already_sent
    assert len(list(share.glob("*.kbbundle"))) == 1 and sent_requests()[0].bundle_id == info.bundle_id


def test_recorded_but_not_removed_is_cleaned_by_the_next_flush(tmp_path):
    settings = folder_settings(tmp_path)
    info = write_test_bundle(tmp_path / "case.kbbundle")
    outbox = Outbox()
    outbox.add(info.path, entry(bundle_id=info.bundle_id, sha256=info.sha256, size=info.size))
    outbox.record(SentRequest(info.bundle_id, "share", "file", "t", "u", "s", utc_iso(0)))
    (result,) = flush_outbox(settings=settings).results
    assert result.status == "sent" and result.already_sent and Outbox().entries() == ((), ())


def test_a_removed_desk_holds_its_bundles(tmp_path):
    share = tmp_path / "share"
    settings = folder_settings(share)
    info = write_test_bundle(tmp_path / "case.kbbundle")
    send_bundle(info.path, settings=settings)  # queued: no folder
    (result,) = flush_outbox(settings=Settings()).results
    assert result.status == "held" and "no desk called 'share'" in result.error
    (held,), _ = Outbox().entries()
    assert held.held and flush_outbox(only_due=True, settings=Settings()).waiting == 1
    share.mkdir()
    (result,) = flush_outbox(settings=settings).results  # an explicit flush tries held ones too
    assert result.status == "sent"


def test_no_desk_or_a_tampered_bundle_is_refused_before_anything_is_queued(tmp_path):
    info = write_test_bundle(tmp_path / "case.kbbundle")
    with pytest.raises(DeskConfigError, match="no service desk"):
        send_bundle(info.path, settings=Settings())
    tampered = tampered_copy(info.path, tmp_path / "tampered.kbbundle", "ticket.md", b"# something else\n")
    with pytest.raises(BundleError, match="does not match its manifest"):
        send_bundle(tampered, settings=folder_settings(tmp_path))
    assert Outbox().entries() == ((), ())


def test_one_bundle_goes_to_one_desk(tmp_path):
    settings = folder_settings(tmp_path / "missing")
    settings = with_desk(settings, desk_from_mapping("other", {"kind": "file", "folder": str(tmp_path)}))
    info = write_test_bundle(tmp_path / "case.kbbundle")
    assert send_bundle(info.path, settings=settings).status == "queued"
    with pytest.raises(DeskConfigError, match="already in the outbox for desk 'share'"):
        send_bundle(info.path, "other", settings=settings)


def test_the_policy_desk_is_used_when_the_user_has_none_and_can_lock_theirs_out(tmp_path, monkeypatch):
    """desks/service.py reads the settings in effect: the managed policy's desks are always there."""
    share, mine = tmp_path / "it-share", tmp_path / "mine"
    share.mkdir()
    mine.mkdir()
    policy = tmp_path / "policy.toml"
    policy.write_text(
        f'version = 1\nlocked = ["desks"]\n[settings]\ndefault_desk = "it"\n'
        f'[settings.desks.it]\nkind = "file"\nfolder = "{share}"\n',
        encoding="utf-8",
    )
    monkeypatch.setenv("KBDESK_POLICY", str(policy))
    info = write_test_bundle(tmp_path / "case.kbbundle")
    # the user's own desk is locked out; the policy's is the one sent to
    result = send_bundle(info.path, settings=folder_settings(mine))
    assert result.status == "sent" and len(list(share.glob("*.kbbundle"))) == 1
    assert not list(mine.glob("*.kbbundle"))
    (request,) = sent_requests()
    assert request.desk == "it"
