"""kbdesk redact / diagnostics / bundle: exit codes, stdout vs stderr, consent, tamper detection."""

from __future__ import annotations

import io
import json
import shutil
import sys
import zipfile
from pathlib import Path

import pytest

from kbdesk.cli import main


def run(capsys, *args, stdin: str | None = None, monkeypatch=None):
    if stdin is not None:
        assert monkeypatch is not None
        monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(stdin.encode("utf-8"))))
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_redact_stdin_to_stdout_report_to_stderr(capsys, monkeypatch):
    text = "mail bob@example.com from 10.1.2.3\npassword=hunter2\nversion 10.0.19045.1234 stays\n"
    code, out, err = run(capsys, "redact", "-", stdin=text, monkeypatch=monkeypatch)
    assert code == 0
    assert out == "mail <EMAIL-1> from <IPV4-1>\npassword=<PASSWORD-1>\nversion 10.0.19045.1234 stays\n"
    assert "email: 1" in err and "password: 1" in err
    assert "bob@example.com" not in err and "hunter2" not in err


def test_redact_file_keep_category(capsys, tmp_path):
    path = tmp_path / "app.log"
    path.write_text("gateway 192.168.1.1 for carol@example.org\n")
    code, out, err = run(capsys, "redact", str(path), "--keep", "ipv4")
    assert code == 0
    assert out == "gateway 192.168.1.1 for <EMAIL-1>\n"
    assert "kept (turned off): ipv4" in err


def test_redact_missing_file_is_one_line_error(capsys, tmp_path):
    code, out, err = run(capsys, "redact", str(tmp_path / "nope.log"))
    assert code == 1 and out == ""
    assert err.startswith("kbdesk: error: cannot read")


def test_diagnostics_json_parses(capsys):
    code, out, _ = run(capsys, "diagnostics", "--json", "--skip", "dns", "--skip", "tcp")
    assert code == 0
    data = json.loads(out)
    assert data["format"] == "kbdesk-diagnostics"
    assert {r["name"] for r in data["results"]} >= {"os", "memory", "disks", "kbdesk"}


def test_diagnostics_text(capsys):
    code, out, _ = run(capsys, "diagnostics", "--only", "os", "--only", "memory")
    assert code == 0 and "== Operating system ==" in out and "== Memory ==" in out


@pytest.fixture
def bundle(capsys, tmp_path) -> Path:
    notes = tmp_path / "notes.txt"
    notes.write_text("it fails for dave@example.net with token ghp_" + "Q" * 36 + "\n")
    target = tmp_path / "out" / "case.kbbundle"
    code, out, err = run(
        capsys,
        "bundle",
        "create",
        "--summary",
        "VPN drops for dave@example.net",
        "--description",
        "since Monday",
        "--impact",
        "high",
        "--urgency",
        "high",
        "--attach",
        str(notes),
        "-o",
        str(target),
        "--exclude",
        "diagnostics/cpu.json",
        "--yes",
    )
    assert code == 0, err
    assert f"Saved {target}" in out and "SHA-256" in out
    assert "attachments/notes.txt" in err and "[ ] diagnostics/cpu.json" in err  # the list shown before saving
    assert "[x] diagnostics/checks.json" in err  # what the starter articles' checks found on this machine
    return target


def test_bundle_create_yes_then_verify_ok(capsys, bundle):
    with zipfile.ZipFile(bundle) as archive:
        names = archive.namelist()
        everything = "\n".join(archive.read(n).decode("utf-8", "replace") for n in names)
    assert "attachments/notes.txt" in names and "diagnostics/cpu.json" not in names
    assert "dave@example.net" not in everything and "ghp_QQQQ" not in everything
    code, out, _ = run(capsys, "bundle", "verify", str(bundle))
    assert code == 0 and out.startswith("OK: intact")


def test_bundle_create_refuses_without_consent_off_a_tty(capsys, monkeypatch, tmp_path):
    target = tmp_path / "case.kbbundle"
    code, _out, err = run(
        capsys, "bundle", "create", "--summary", "x", "-o", str(target), stdin="", monkeypatch=monkeypatch
    )
    assert code == 1
    assert "not saving the bundle" in err and "--yes" in err
    assert not target.exists()
    code, _, err = run(capsys, "bundle", "create", "--summary", "x", "-o", str(target), "--dry-run")
    assert code == 0 and "Dry run" in err and not target.exists()


def test_bundle_create_asks_on_a_tty(capsys, monkeypatch, tmp_path):
    target = tmp_path / "case.kbbundle"

    class Tty(io.StringIO):
        def isatty(self) -> bool:
            return True

    monkeypatch.setattr(sys, "stdin", Tty("n\n"))
    assert main(["bundle", "create", "--summary", "x", "-o", str(target)]) == 1
    assert not target.exists()
    monkeypatch.setattr(sys, "stdin", Tty("yes\n"))
    assert main(["bundle", "create", "--summary", "x", "-o", str(target)]) == 0
    assert target.exists()
    assert "Save this bundle?" in capsys.readouterr().err


def _rewrite(src: Path, dst: Path, change) -> None:
    with zipfile.ZipFile(src) as old, zipfile.ZipFile(dst, "w") as new:
        members = {i.filename: old.read(i) for i in old.infolist()}
        for name, data in change(members).items():
            new.writestr(name, data)


def test_tampered_byte_is_named(capsys, bundle, tmp_path):
    tampered = tmp_path / "tampered.kbbundle"

    def flip(members):
        data = bytearray(members["attachments/notes.txt"])
        data[0] ^= 0x01
        members["attachments/notes.txt"] = bytes(data)
        return members

    _rewrite(bundle, tampered, flip)
    code, out, _ = run(capsys, "bundle", "verify", str(tampered))
    assert code == 1
    assert "changed: attachments/notes.txt" in out


def test_removed_and_added_files_are_named(capsys, bundle, tmp_path):
    tampered = tmp_path / "tampered.kbbundle"

    def edit(members):
        del members["diagnostics/os.json"]
        members["attachments/extra.txt"] = b"sneaked in"
        return members

    _rewrite(bundle, tampered, edit)
    code, out, _ = run(capsys, "bundle", "verify", str(tampered))
    assert code == 1
    assert "missing: diagnostics/os.json" in out and "extra: attachments/extra.txt" in out


def test_verify_not_a_bundle_exits_2(capsys, tmp_path):
    path = tmp_path / "x.kbbundle"
    path.write_bytes(b"not a zip")
    code, _, err = run(capsys, "bundle", "verify", str(path))
    assert code == 2 and "cannot verify" in err


def test_inspect_json(capsys, bundle, tmp_path):
    code, out, _ = run(capsys, "bundle", "inspect", str(bundle), "--json")
    assert code == 0
    info = json.loads(out)
    assert info["verify"]["ok"] is True
    assert info["ticket"]["priority"] == "P1"
    assert "<EMAIL-1>" in info["ticket"]["summary"]
    assert "notes.txt" in info["attachments"]
    assert "checks.json" in info["diagnostics"] and isinstance(info["checks_fired"], list)
    assert info["consent"]["agreed_at"]
    copy = tmp_path / "copy.kbbundle"
    shutil.copy(bundle, copy)
    code, out, _ = run(capsys, "bundle", "inspect", str(copy))
    assert code == 0 and "Integrity  OK" in out


def test_bundle_create_follows_the_policy_and_records_the_sources(capsys, tmp_path, monkeypatch):
    policy = tmp_path / "policy.toml"
    policy.write_text(
        'version = 1\nreason = "Example IT keeps diagnostics in house"\nlocked = ["diagnostics_allowed"]\n'
        '[settings]\ndiagnostics_allowed = false\nkeep_categories = ["ipv4"]\n',
        encoding="utf-8",
    )
    monkeypatch.setenv("KBDESK_POLICY", str(policy))
    target = tmp_path / "case.kbbundle"
    code, _, err = run(capsys, "bundle", "create", "--summary", "x", "--keep", "email", "-o", str(target), "--yes")
    assert code == 1 and "email may not be kept in a bundle" in err and not target.exists()
    code, out, err = run(capsys, "bundle", "create", "--summary", "VPN drops", "-o", str(target), "--yes")
    assert code == 0, err
    assert "No diagnostics or log: Example IT keeps diagnostics in house" in err
    assert "starter (the starter articles): a folder, served as it was" in err  # what the person agrees to
    with zipfile.ZipFile(target) as archive:
        names = archive.namelist()
        manifest = json.loads(archive.read("manifest.json"))
    assert not [n for n in names if n.startswith("diagnostics/")]
    assert manifest["knowledge_base"] == [{"source": "starter", "kind": "folder", "origin": "starter"}]
    code, out, _ = run(capsys, "bundle", "inspect", str(target))
    assert code == 0 and "Knowledge base the user searched" in out
