"""The RT adapter, the outbox and the ticket commands against a real Request Tracker 5
(scripts/servers/rt.sh; skipped without it, failed without it in CI)."""

from __future__ import annotations

import hashlib
import json
import logging
import os
import socket
import subprocess
import sys
import uuid
from pathlib import Path

import pytest
from desk_servers import free_port
from kbtest_helpers import tampered_copy, write_test_bundle

from kbdesk.cli import main
from kbdesk.core.desks import (
    Outbox,
    check_desk,
    desk_from_mapping,
    fetch_ticket_bundle,
    flush_outbox,
    my_requests,
    open_desk,
    send_bundle,
    sent_requests,
    ticket_status,
    with_desk,
)
from kbdesk.core.errors import DeskAuthError, TicketNotFoundError
from kbdesk.core.settings import Settings, save_settings

TOKEN_ENV = "KBDESK_TEST_RT_TOKEN"
TESTS = Path(__file__).resolve().parents[2]


def rt_table(rt_server, **changes) -> dict:
    return {"kind": "rt", "url": rt_server.url, "queue": rt_server.queue, "token_env": TOKEN_ENV, **changes}


@pytest.fixture
def rt_settings(rt_server, monkeypatch) -> Settings:
    monkeypatch.setenv(TOKEN_ENV, rt_server.token)
    settings = with_desk(Settings(), desk_from_mapping("rt", rt_table(rt_server)))
    save_settings(settings)
    return settings


def add_args(rt_server, name: str = "rt", *extra: str, url: str = "", token_env: str = TOKEN_ENV) -> list[str]:
    """``kbdesk desk add`` for the test RT."""
    return ["desk", "add", name, "--kind", "rt", "--url", url or rt_server.url, "--queue", rt_server.queue,
            "--token-env", token_env, *extra]  # fmt: skip


def run(capsys, *args):
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def test_a_2_mb_bundle_arrives_whole_and_comes_back_the_same(rt_server, rt_settings, tmp_path):
    info = write_test_bundle(tmp_path / "case.kbbundle", attachment_bytes=2 * 1024 * 1024)
    assert info.size > 2 * 1024 * 1024
    result = send_bundle(info.path)
    assert result.status == "sent" and result.ticket.isdigit() and not result.already_sent
    assert result.url == f"{rt_server.url}/Ticket/Display.html?id={result.ticket}"
    assert sha256(rt_server.bundle_attachment(result.ticket)) == info.sha256
    fetched = fetch_ticket_bundle(result.ticket, "rt", dest_dir=tmp_path / "received")
    assert fetched.sha256 == info.sha256 and fetched.size == info.size
    assert fetched.desk_bundle_id == info.bundle_id and fetched.filename == "case.kbbundle"
    assert rt_server.tickets_for_bundle(info.bundle_id) == [result.ticket]
    assert Outbox().entries() == ((), ())


def _fields(ticket: dict) -> dict[str, list[str]]:
    return {f["name"]: f["values"] for f in ticket["CustomFields"]}


def _first_text(rt_server, ticket: str) -> tuple[str, str]:
    _, answer = rt_server.call("GET", f"/ticket/{ticket}/attachments?fields=ContentType,ContentLength&per_page=100")
    first = min(
        (i for i in answer["items"] if i["ContentType"] == "text/plain" and int(i["ContentLength"]) > 0),
        key=lambda i: int(i["id"]),
    )
    _, attachment = rt_server.call("GET", f"/attachment/{first['id']}")
    import base64

    return attachment["ContentType"], base64.b64decode("".join(attachment["Content"].split())).decode()


def test_priority_custom_fields_requestor_and_a_plain_text_body(rt_server, rt_settings, tmp_path):
    critical = write_test_bundle(tmp_path / "p1.kbbundle", impact="high", urgency="high", summary="Mail server down")
    low = write_test_bundle(tmp_path / "p4.kbbundle", impact="medium", urgency="low", contact="+49 30 1234")
    first = rt_server.ticket(send_bundle(critical.path).ticket)
    second = rt_server.ticket(send_bundle(low.path).ticket)
    assert (first["Priority"], second["Priority"]) == ("100", "25")  # P1, P4 (docs/desks.md)
    assert _fields(first) == {"kbdesk Bundle ID": [critical.bundle_id], "kbdesk Version": ["0.1.0"]}
    assert [r["id"] for r in first["Requestor"]] == ["alice@example.org"]
    assert second["Requestor"] == []  # a phone number is no requestor; it is in the text
    assert first["Subject"] == f"Mail server down [kbdesk-bundle {critical.bundle_id}]"
    content_type, body = _first_text(rt_server, first["id"])
    assert content_type == "text/plain"
    assert body.startswith("Mail server down\n\nPriority:  P1 Critical (impact high, urgency high)")
    assert f"Bundle ID: {critical.bundle_id}" in body and f"SHA-256:   {critical.sha256}" in body
    assert "**" not in body and "kbdesk ticket open --desk rt" in body
    # a desk's own priority numbers
    mapped = with_desk(Settings(), desk_from_mapping("rt", rt_table(rt_server, priorities={"P1": 90, "P4": 10})))
    again = write_test_bundle(tmp_path / "again.kbbundle", impact="high", urgency="high")
    assert rt_server.ticket(send_bundle(again.path, settings=mapped).ticket)["Priority"] == "90"


def test_without_custom_fields_the_subject_finds_the_ticket(rt_server, rt_settings, tmp_path):
    settings = with_desk(Settings(), desk_from_mapping("plain", rt_table(rt_server, queue=rt_server.plain_queue)))
    info = write_test_bundle(tmp_path / "case.kbbundle")
    result = send_bundle(info.path, settings=settings)
    assert result.status == "sent" and _fields(rt_server.ticket(result.ticket)) == {}
    desk = open_desk(settings.desks and desk_from_mapping("plain", settings.desks["plain"]))
    assert desk.find_ticket(info.bundle_id).ticket == result.ticket
    assert desk.find_ticket(str(uuid.uuid4())) is None
    lines = "\n".join(check_desk("plain", settings=settings).lines)
    assert "found by their subject" in lines


def test_wrong_token_is_a_one_line_error_and_nothing_is_lost(rt_server, rt_settings, tmp_path, capsys, monkeypatch):
    info = write_test_bundle(tmp_path / "case.kbbundle")
    monkeypatch.setenv(TOKEN_ENV, "1-5-" + "0" * 32)
    code, out, err = run(capsys, "bundle", "send", str(info.path))
    assert code == 1 and out == ""
    assert err.count("\n") == 1 and err.startswith("kbdesk: error: desk 'rt' refused the credentials (HTTP 401")
    assert "kept in the outbox" in err and "0" * 32 not in err
    code, out, _ = run(capsys, "outbox", "list", "--json")
    (held,) = json.loads(out)["entries"]
    assert held["state"] == "held" and held["bundle_id"] == info.bundle_id
    assert Path(held["path"]).read_bytes() == info.path.read_bytes()
    assert flush_outbox(only_due=True).waiting == 1  # the timer leaves it to a person
    code, out, err = run(capsys, "desk", "test", "rt")
    assert code == 1 and err.count("\n") == 1 and "refused the credentials" in err
    monkeypatch.setenv(TOKEN_ENV, rt_server.token)  # fixed
    code, out, _ = run(capsys, "outbox", "flush", "--json")
    (sent,) = json.loads(out)["results"]
    assert code == 0 and sent["status"] == "sent"
    assert rt_server.tickets_for_bundle(info.bundle_id) == [sent["ticket"]]


def test_desk_down_queues_then_flush_makes_exactly_one_ticket(rt_server, rt_settings, tmp_path, capsys):
    info = write_test_bundle(tmp_path / "case.kbbundle")
    down = f"http://127.0.0.1:{free_port()}"  # nothing listens: what a stopped RT looks like
    assert run(capsys, *add_args(rt_server, "rt", "--replace", url=down))[0] == 0
    for _ in range(2):  # sending twice while down queues it once
        code, out, _ = run(capsys, "bundle", "send", str(info.path), "--json")
        result = json.loads(out)
        assert code == 0 and result["status"] == "queued" and "Connection refused" in result["error"]
    (entry,), _ = Outbox().entries()
    assert entry.attempts == 2 and entry.next_attempt_at
    assert rt_server.tickets_for_bundle(info.bundle_id) == []
    assert run(capsys, *add_args(rt_server, "rt", "--replace", url=rt_server.url))[0] == 0
    code, out, _ = run(capsys, "outbox", "flush")
    assert code == 0 and out.startswith("Sent to desk 'rt': ticket ")
    assert len(rt_server.tickets_for_bundle(info.bundle_id)) == 1
    assert run(capsys, "outbox", "flush")[1] == "Nothing to send.\n"
    assert len(rt_server.tickets_for_bundle(info.bundle_id)) == 1


def test_a_desk_that_never_answers_times_out_and_queues(rt_server, tmp_path, monkeypatch):
    monkeypatch.setenv(TOKEN_ENV, "x")
    with socket.socket() as silent:  # accepts connections (the kernel does) and never says a word
        silent.bind(("127.0.0.1", 0))
        silent.listen(4)
        url = f"http://127.0.0.1:{silent.getsockname()[1]}"
        settings = with_desk(Settings(), desk_from_mapping("slow", rt_table(rt_server, url=url, timeout=1)))
        result = send_bundle(write_test_bundle(tmp_path / "case.kbbundle").path, settings=settings)
    assert result.status == "queued" and "no answer within 1 s" in result.error


def test_killed_after_the_desk_answered_still_one_ticket(rt_server, rt_settings, tmp_path, kbdesk_home):
    info = write_test_bundle(tmp_path / "case.kbbundle")
    env = {**os.environ, "KBDESK_HOME": str(kbdesk_home), TOKEN_ENV: rt_server.token}
    killed = subprocess.run(
        [sys.executable, str(TESTS / "desk_kill_helper.py"), "bundle", "send", str(info.path), "--json"],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert killed.returncode == -9, killed.stderr
    ticket = killed.stdout.split()[-1]
    assert killed.stdout.startswith("created ") and rt_server.tickets_for_bundle(info.bundle_id) == [ticket]
    (entry,), _ = Outbox().entries()  # nothing was recorded: the bundle still waits
    assert entry.attempts == 1 and sent_requests() == ()
    (result,) = flush_outbox().results
    assert result.status == "sent" and result.ticket == ticket and result.already_sent
    assert rt_server.tickets_for_bundle(info.bundle_id) == [ticket]
    assert Outbox().entries() == ((), ()) and sent_requests()[0].ticket == ticket
    # and sending the file again answers with the same ticket
    again = send_bundle(info.path)
    assert again.ticket == ticket and again.already_sent


def test_status_round_trip(rt_server, rt_settings, tmp_path, capsys):
    ticket = send_bundle(write_test_bundle(tmp_path / "case.kbbundle").path).ticket
    assert ticket_status(ticket).state == "new"
    for rt_status, state in (("open", "open"), ("stalled", "open"), ("resolved", "resolved")):
        status, answer = rt_server.call("PUT", f"/ticket/{ticket}", {"Status": rt_status})
        assert status == 200, answer
        code, out, _ = run(capsys, "ticket", "status", f"#{ticket}", "--json")
        shown = json.loads(out)
        assert code == 0 and (shown["state"], shown["status"], shown["ticket"]) == (state, rt_status, ticket)
    (view,) = [v for v in my_requests() if v.request.ticket == ticket]
    assert view.state == "resolved" and view.status.url.endswith(f"id={ticket}")
    code, out, _ = run(capsys, "ticket", "list")
    assert code == 0 and out.startswith("resolved ") and f"ticket {ticket}" in out
    with pytest.raises(TicketNotFoundError):
        ticket_status("999999", "rt")
    code, _, err = run(capsys, "ticket", "status", "'; DROP", "--desk", "rt")
    assert code == 1 and "not an RT ticket number" in err


def test_ticket_open_verifies_and_refuses_a_tampered_attachment(rt_server, rt_settings, tmp_path, capsys):
    info = write_test_bundle(tmp_path / "case.kbbundle", attachment_bytes=4096)
    ticket = send_bundle(info.path).ticket
    code, out, _ = run(capsys, "ticket", "open", "--desk", "rt", ticket, "--save", str(tmp_path / "in"))
    assert code == 0 and "Integrity  OK: every file matches the manifest" in out
    assert (tmp_path / "in" / f"rt-{ticket}-case.kbbundle").read_bytes() == info.path.read_bytes()

    tampered = tampered_copy(info.path, tmp_path / "t.kbbundle", "ticket.md", b"# Please run this script\n")
    bad = rt_server.raw_ticket(tampered, info.bundle_id)
    code, out, _ = run(capsys, "ticket", "open", "--desk", "rt", bad, "--json")
    shown = json.loads(out)
    assert code == 1 and shown["verify"] == {**shown["verify"], "ok": False, "changed": ["ticket.md"]}

    other = rt_server.raw_ticket(info.path, str(uuid.uuid4()))
    code, out, _ = run(capsys, "ticket", "open", "--desk", "rt", other)
    assert code == 1 and "NOT OK: the ticket was made for bundle" in out

    _, answer = rt_server.call("POST", "/ticket", {"Queue": rt_server.queue, "Subject": "no bundle"})
    code, _, err = run(capsys, "ticket", "open", "--desk", "rt", answer["id"])
    assert code == 1 and "has no .kbbundle attachment" in err


def test_basic_authentication(rt_server, tmp_path, monkeypatch):
    monkeypatch.setenv("KBDESK_TEST_RT_PASSWORD", rt_server.password)
    table = {
        "kind": "rt",
        "url": rt_server.url,
        "queue": rt_server.queue,
        "user": rt_server.user,
        "password_env": "KBDESK_TEST_RT_PASSWORD",
    }
    settings = with_desk(Settings(), desk_from_mapping("basic", table))
    assert check_desk(settings=settings).ok
    assert send_bundle(write_test_bundle(tmp_path / "b.kbbundle").path, settings=settings).status == "sent"
    monkeypatch.setenv("KBDESK_TEST_RT_PASSWORD", "not-the-password")
    with pytest.raises(DeskAuthError):
        check_desk(settings=settings)


def test_secrets_never_reach_logs_messages_or_files(rt_server, tmp_path, capsys, monkeypatch, kbdesk_home):
    wrong = "1-5-" + "f" * 32
    monkeypatch.setenv(TOKEN_ENV, rt_server.token)
    monkeypatch.setenv("KBDESK_TEST_WRONG", wrong)
    monkeypatch.setenv("KBDESK_TEST_RT_PASSWORD", rt_server.password)
    log_file = tmp_path / "kbdesk.log"
    handler = logging.FileHandler(log_file)
    handler.setLevel(logging.DEBUG)
    root = logging.getLogger()
    old_level = root.level
    root.addHandler(handler)
    root.setLevel(logging.DEBUG)
    outputs = []
    try:
        steps = [
            add_args(rt_server),
            add_args(rt_server, "bad", token_env="KBDESK_TEST_WRONG"),
            [
                "desk",
                "add",
                "basic",
                "--kind",
                "rt",
                "--url",
                rt_server.url,
                "--queue",
                rt_server.queue,
                "--user",
                rt_server.user,
                "--password-env",
                "KBDESK_TEST_RT_PASSWORD",
            ],
            ["desk", "list", "--json"],
            ["desk", "test", "rt"],
            ["desk", "test", "bad"],
            ["desk", "test", "basic"],
        ]
        for step in steps:
            outputs.append(run(capsys, "-v", *step))
        good = write_test_bundle(tmp_path / "good.kbbundle")
        bad = write_test_bundle(tmp_path / "bad.kbbundle")
        outputs.append(run(capsys, "-v", "bundle", "send", str(good.path), "--desk", "basic"))
        outputs.append(run(capsys, "-v", "bundle", "send", str(bad.path), "--desk", "bad", "--json"))
        ticket = outputs[-2][1].split("ticket ")[1].split()[0]
        for step in (
            ["ticket", "status", ticket],
            ["ticket", "open", ticket, "--desk", "rt"],
            ["ticket", "list"],
            ["outbox", "list", "--json"],
            ["outbox", "flush"],
        ):
            outputs.append(run(capsys, "-v", *step))
    finally:
        root.removeHandler(handler)
        root.setLevel(old_level)
        handler.close()
    assert outputs[-1][0] == 1 and "refused the credentials" in outputs[-1][1]  # the bad desk's bundle is held
    import base64

    basic = base64.b64encode(f"{rt_server.user}:{rt_server.password}".encode()).decode()
    secrets = [rt_server.token, rt_server.token.split("-")[-1], wrong, rt_server.password, basic]
    texts = {"log": log_file.read_text()}
    texts.update({f"output {i}": out + err for i, (_, out, err) in enumerate(outputs)})
    for path in Path(kbdesk_home).rglob("*"):
        if path.is_file() and not path.name.endswith(".kbbundle"):
            texts[str(path)] = path.read_text("utf-8", errors="replace")
    assert "GET " in texts["log"] and "POST " in texts["log"]  # the log did record the calls
    for where, text in texts.items():
        for secret in secrets:
            assert secret not in text, f"a secret is in the {where}"


def test_a_bundle_rt_did_not_keep_whole_is_reported(rt_server, rt_settings, tmp_path):
    """RT drops or truncates attachments over $MaxAttachmentSize when told to; the adapter notices."""
    from kbdesk.core.desks import read_submission

    info = write_test_bundle(tmp_path / "case.kbbundle", attachment_bytes=1000)
    short = tmp_path / "short.kbbundle"
    short.write_bytes(info.path.read_bytes()[:-100])
    ticket = rt_server.raw_ticket(short, info.bundle_id)
    desk = open_desk(desk_from_mapping("rt", rt_table(rt_server)))
    warning = desk.check_kept(ticket, read_submission(info.path))
    assert f"kept {info.size - 100:,} of {info.size:,} bytes" in warning and f"ticket {ticket}" in warning
    _, answer = rt_server.call("POST", "/ticket", {"Queue": rt_server.queue, "Subject": "no bundle"})
    assert "kept none of the" in desk.check_kept(answer["id"], read_submission(info.path))
    assert send_bundle(info.path).warning == ""  # the normal case
