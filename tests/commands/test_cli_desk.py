"""kbdesk desk add/list/test/remove: where secrets go (keyring or a named variable, never the
settings file), what happens without a keyring, and the first desk being the default."""

from __future__ import annotations

import io
import json
import sys

import pytest
from kbtest_helpers import write_test_bundle

from kbdesk.cli import main
from kbdesk.core.desks.credentials import KEYRING_SERVICE
from kbdesk.core.paths import state_paths


def run(capsys, *args, stdin: str | None = None, monkeypatch=None):
    if stdin is not None:
        monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(stdin.encode("utf-8"))))
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


RT_ARGS = ("desk", "add", "helpdesk", "--kind", "rt", "--url", "https://rt.example.org", "--queue", "General")


def settings_text() -> str:
    path = state_paths().settings_file
    return path.read_text("utf-8") if path.exists() else ""


def test_secret_goes_to_the_keyring_not_the_settings_file(capsys, monkeypatch, file_keyring):
    code, out, _ = run(capsys, *RT_ARGS, "--secret-stdin", stdin="1-22-s3cretvalue\n", monkeypatch=monkeypatch)
    assert code == 0 and "Added desk 'helpdesk' (the default desk)" in out
    assert file_keyring.get_password(KEYRING_SERVICE, "desk:helpdesk") == "1-22-s3cretvalue"
    assert "s3cret" not in settings_text() and "[desks.helpdesk]" in settings_text()
    code, out, _ = run(capsys, "desk", "list")
    assert code == 0 and out.startswith("* helpdesk") and "(secret: in the keyring)" in out
    assert "keyring: " in out
    code, out, _ = run(capsys, "desk", "remove", "helpdesk")
    assert code == 0 and "and its keyring entry" in out
    assert file_keyring.get_password(KEYRING_SERVICE, "desk:helpdesk") is None
    assert "helpdesk" not in settings_text()


def test_without_a_keyring_the_error_points_to_environment_variables(capsys, monkeypatch):
    code, out, err = run(capsys, *RT_ARGS, "--secret-stdin", stdin="1-22-s3cretvalue\n", monkeypatch=monkeypatch)
    assert code == 1 and out == "" and err.count("\n") == 1
    assert "no usable keyring on this system" in err and "--token-env VAR" in err and "s3cret" not in err
    assert settings_text() == ""  # nothing half-added


def test_no_terminal_and_no_secret_stdin_asks_for_one_of_them(capsys, monkeypatch, file_keyring):
    code, _, err = run(capsys, *RT_ARGS, stdin="", monkeypatch=monkeypatch)
    assert code == 1 and "standard input is not a terminal" in err and "--secret-stdin" in err


def test_environment_variable_desks_and_the_default(capsys, monkeypatch, tmp_path):
    assert run(capsys, *RT_ARGS, "--token-env", "RT_TOKEN")[0] == 0
    code, out, _ = run(
        capsys,
        "desk",
        "add",
        "mail",
        "--kind",
        "smtp",
        "--host",
        "smtp.example.org",
        "--to",
        "help@example.org",
        "--tls",
        "--user",
        "kb",
        "--password-env",
        "SMTP_PW",
    )
    assert code == 0 and "(the default desk)" not in out
    assert run(capsys, "desk", "add", "drop", "--kind", "file", "--folder", str(tmp_path), "--default")[0] == 0
    code, out, _ = run(capsys, "desk", "list", "--json")
    desks = {d["name"]: d for d in json.loads(out)["desks"]}
    assert [n for n, d in desks.items() if d["default"]] == ["drop"]
    assert desks["helpdesk"]["secret"] == "from $RT_TOKEN" and desks["mail"]["port"] == 465
    assert desks["mail"]["security"] == "tls"
    code, _, err = run(capsys, *RT_ARGS, "--token-env", "OTHER")
    assert code == 1 and "already exists" in err and "--replace" in err
    code, _, err = run(capsys, "desk", "test", "helpdesk")
    assert code == 1 and err.count("\n") == 1 and "RT_TOKEN is not set" in err
    assert run(capsys, "desk", "remove", "drop")[0] == 0
    assert "\n* helpdesk" in "\n" + run(capsys, "desk", "list")[1]
    code, _, err = run(capsys, "desk", "remove", "nope")
    assert code == 1 and "no desk called 'nope'" in err


@pytest.mark.parametrize(
    "args, words",
    [
        (("--url", "http://rt.example.org", "--queue", "Q", "--token-env", "T"), "plain http"),
        (("--url", "https://rt.example.org", "--token-env", "T"), "needs a queue"),
        (("--url", "https://u:p@rt.example.org", "--queue", "Q", "--token-env", "T"), "user name or password"),
    ],
)
def test_bad_desks_are_one_line_errors(capsys, args, words):
    code, out, err = run(capsys, "desk", "add", "x", "--kind", "rt", *args)
    assert code == 1 and out == "" and err.count("\n") == 1 and words in err


def test_sending_without_a_desk_says_how_to_add_one(capsys, tmp_path):
    info = write_test_bundle(tmp_path / "b.kbbundle")
    code, out, err = run(capsys, "bundle", "send", str(info.path))
    assert code == 1 and out == ""
    assert "no service desk is configured" in err and "kbdesk desk add" in err


def test_keyring_desk_against_the_real_rt(rt_server, capsys, monkeypatch, file_keyring, tmp_path):
    add = ("desk", "add", "rt", "--kind", "rt", "--url", rt_server.url, "--queue", rt_server.queue, "--secret-stdin")
    assert run(capsys, *add, stdin=rt_server.token + "\n", monkeypatch=monkeypatch)[0] == 0
    code, out, _ = run(capsys, "desk", "test")
    assert code == 0 and "the credentials were accepted" in out and out.rstrip().splitlines()[-1].startswith("OK")
    code, out, _ = run(capsys, "bundle", "send", str(write_test_bundle(tmp_path / "b.kbbundle").path), "--json")
    sent = json.loads(out)
    assert code == 0 and sent["status"] == "sent" and sent["url"].endswith(f"id={sent['ticket']}")
