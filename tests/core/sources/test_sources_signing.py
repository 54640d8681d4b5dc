"""Allowed signers, checked with the real tools: OpenSSH's ssh-keygen and GnuPG's gpgv."""

from __future__ import annotations

import os
import shutil
import subprocess

import pygit2
import pytest
from gitserver import Upstream, git, make_ssh_key

from kbdesk.core.sources.signing import SignerPolicy, check_signer_entry, verify_signature

needs_gpg = pytest.mark.skipif(not (shutil.which("gpg") and shutil.which("gpgv")), reason="GnuPG not installed")


def signature_of(up: Upstream, commit: str) -> tuple[bytes | None, bytes]:
    repo = pygit2.Repository(str(up.path))
    return repo[commit].gpg_signature


def test_ssh_signature_checks(tmp_path):
    key, pub = make_ssh_key(tmp_path / "keys", "writer")
    _, other_pub = make_ssh_key(tmp_path / "keys", "other")
    up = Upstream(tmp_path / "up").init()
    signed = up.commit("signed", signing_key=key)
    sig, payload = signature_of(up, signed)
    assert sig.startswith(b"-----BEGIN SSH SIGNATURE-----")

    allowed = SignerPolicy.from_entries([f"writer@example.org {pub}"])
    assert verify_signature(sig, payload, allowed).ok
    assert verify_signature(sig, payload, allowed).signer == "writer@example.org"
    assert not verify_signature(sig, payload + b"x", allowed).ok
    assert (
        "not an allowed signer"
        in verify_signature(sig, payload, SignerPolicy.from_entries([f"o@x {other_pub}"])).reason
    )
    assert not verify_signature(None, payload, allowed).ok
    assert verify_signature(None, payload, SignerPolicy()).ok  # no policy: nothing required
    assert "no GPG signers" not in verify_signature(sig, payload, allowed).reason


def test_missing_ssh_keygen_fails_closed(tmp_path, monkeypatch):
    key, pub = make_ssh_key(tmp_path / "keys", "writer")
    up = Upstream(tmp_path / "up").init()
    sig, payload = signature_of(up, up.commit("signed", signing_key=key))
    monkeypatch.setenv("PATH", str(tmp_path / "empty"))
    verdict = verify_signature(sig, payload, SignerPolicy.from_entries([f"w@x {pub}"]))
    assert not verdict.ok and "ssh-keygen" in verdict.reason


@needs_gpg
def test_gpg_signature_checks(tmp_path):
    home = tmp_path / "gnupg"
    home.mkdir(mode=0o700)
    env = {**os.environ, "GNUPGHOME": str(home)}

    def gpg(*args: str) -> str:
        return subprocess.run(["gpg", "--batch", *args], env=env, capture_output=True, text=True, check=True).stdout

    gpg("--passphrase", "", "--quick-gen-key", "Writer <writer@example.org>", "ed25519", "sign", "never")
    gpg("--passphrase", "", "--quick-gen-key", "Other <other@example.org>", "ed25519", "sign", "never")
    fprs = [line.split(":")[9] for line in gpg("--with-colons", "--list-keys").splitlines() if line.startswith("fpr:")]
    writer, other = fprs[0], fprs[1]
    keyring = tmp_path / "writers.gpg"
    keyring.write_bytes(subprocess.run(["gpg", "--export", writer], env=env, capture_output=True, check=True).stdout)

    up = Upstream(tmp_path / "up").init()
    git(up.path, "-c", f"user.signingkey={writer}", "commit", "-q", "--allow-empty", "-S", "-m", "gpg", env=env)
    sig, payload = signature_of(up, up.head())
    assert sig.startswith(b"-----BEGIN PGP SIGNATURE-----")
    allowed = SignerPolicy.from_entries([f"gpg:{writer}"], gpg_keyring=str(keyring))
    verdict = verify_signature(sig, payload, allowed)
    assert verdict.ok, verdict.reason
    assert not verify_signature(sig, payload.replace(b"gpg", b"GPG"), allowed).ok

    git(up.path, "-c", f"user.signingkey={other}", "commit", "-q", "--allow-empty", "-S", "-m", "other", env=env)
    sig, payload = signature_of(up, up.head())
    assert not verify_signature(sig, payload, allowed).ok  # the key is not in the keyring
    both = tmp_path / "both.gpg"
    both.write_bytes(subprocess.run(["gpg", "--export"], env=env, capture_output=True, check=True).stdout)
    wrong = verify_signature(sig, payload, SignerPolicy.from_entries([f"gpg:{writer}"], gpg_keyring=str(both)))
    assert not wrong.ok and "not an allowed signer" in wrong.reason


@pytest.mark.parametrize(
    "entry, ok",
    [
        ("writer@example.org ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIJvN", True),
        ('a@x,b@x namespaces="git" ssh-ed25519 AAAA', True),
        ("gpg:0123456789ABCDEF0123456789ABCDEF01234567", True),
        ("gpg:nothex", False),
        ("just words", False),
    ],
)
def test_signer_entries(entry, ok):
    assert (check_signer_entry(entry) is None) is ok
