"""Is a commit signed by one of the allowed signers? git's SSH signatures (OpenSSH) and GPG.

A signed commit carries a ``gpgsig`` header; the signature is over the commit
object without that header (libgit2 hands both over: ``Commit.gpg_signature``).
kbdesk does not parse signatures itself: it asks the tools that made them.

* SSH (``-----BEGIN SSH SIGNATURE-----``): ``ssh-keygen -Y find-principals``
  names the principal whose key made the signature, then ``ssh-keygen -Y
  verify -n git`` checks it, both against an allowed-signers file written
  from the policy (the format of ``gpg.ssh.allowedSignersFile``: ``principal
  key-type base64-key``), exactly as ``git verify-commit`` does.
* GPG (``-----BEGIN PGP SIGNATURE-----``): ``gpgv`` against the keyring the
  policy names (``gpg_keyring``), and the signing key's fingerprint (primary
  or subkey) must be one of the ``gpg:FINGERPRINT`` entries.

Anything else, a missing tool, or a tool that does not answer in
``TOOL_TIMEOUT`` seconds means "not verified": kbdesk fails closed.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

#: seconds one ssh-keygen or gpgv call may take (both take ~10 ms here)
TOOL_TIMEOUT = 15.0
_FPR_RE = re.compile(r"^[0-9A-F]{16,64}$")


@dataclass(frozen=True)
class SignerPolicy:
    """Who may sign served revisions; empty means signatures are not required."""

    #: lines of an OpenSSH allowed_signers file
    ssh_allowed: tuple[str, ...] = ()
    #: upper-case hexadecimal fingerprints (or long key ids) of allowed GPG keys
    gpg_fingerprints: tuple[str, ...] = ()
    #: a keyring (gpg --export) holding the allowed GPG public keys
    gpg_keyring: str = ""

    @property
    def required(self) -> bool:
        return bool(self.ssh_allowed or self.gpg_fingerprints)

    @classmethod
    def from_entries(cls, entries: tuple[str, ...] | list[str], gpg_keyring: str = "") -> SignerPolicy:
        """``allowed_signers`` entries: ``gpg:FINGERPRINT`` or an allowed_signers line."""
        ssh: list[str] = []
        gpg: list[str] = []
        for entry in entries:
            entry = entry.strip()
            if entry.lower().startswith("gpg:"):
                gpg.append(entry[4:].replace(" ", "").upper())
            elif entry and not entry.startswith("#"):
                ssh.append(entry)
        return cls(tuple(ssh), tuple(gpg), gpg_keyring)


def check_signer_entry(entry: str) -> str | None:
    """Why an ``allowed_signers`` entry is malformed, or None."""
    entry = entry.strip()
    if entry.lower().startswith("gpg:"):
        fpr = entry[4:].replace(" ", "").upper()
        return None if _FPR_RE.match(fpr) else f"'{entry[:60]}' is not gpg:FINGERPRINT (hexadecimal)"
    fields = entry.split()
    # principals [options] keytype base64: at least three fields, a key type among them
    if len(fields) < 3 or not any(f.startswith(("ssh-", "ecdsa-", "sk-")) for f in fields[1:]):
        return f"'{entry[:60]}' is not an allowed_signers line (principals key-type key)"
    if len(entry) > 16384:
        return "allowed_signers line is too long"
    return None


@dataclass(frozen=True)
class Verdict:
    ok: bool
    #: who signed (principal or fingerprint) when ok
    signer: str = ""
    #: why not, for writers and `sources list`
    reason: str = ""


def verify_signature(signature: bytes | None, payload: bytes, policy: SignerPolicy) -> Verdict:
    """Check one commit's signature against the policy. Never raises for a bad signature."""
    if not policy.required:
        return Verdict(True, reason="signatures not required")
    if not signature:
        return Verdict(
            False, reason="the commit is not signed, and the policy requires a signature by an allowed signer"
        )
    head = signature.lstrip()[:40]
    if head.startswith(b"-----BEGIN SSH SIGNATURE-----"):
        return _verify_ssh(signature, payload, policy)
    if head.startswith(b"-----BEGIN PGP SIGNATURE-----"):
        return _verify_gpg(signature, payload, policy)
    return Verdict(False, reason="the commit's signature is neither an SSH nor a GPG signature")


def _run(argv: list[str], stdin: bytes = b"") -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(argv, input=stdin, capture_output=True, timeout=TOOL_TIMEOUT, check=False)


def _verify_ssh(signature: bytes, payload: bytes, policy: SignerPolicy) -> Verdict:
    if not policy.ssh_allowed:
        return Verdict(False, reason="the commit has an SSH signature, but the policy allows no SSH signers")
    tool = shutil.which("ssh-keygen")
    if tool is None:
        return Verdict(False, reason="cannot check the SSH signature: ssh-keygen (OpenSSH) is not installed")
    with tempfile.TemporaryDirectory(prefix="kbdesk-verify-") as tmp:
        allowed = Path(tmp) / "allowed_signers"
        allowed.write_text("\n".join(policy.ssh_allowed) + "\n", "utf-8")
        sig = Path(tmp) / "commit.sig"
        sig.write_bytes(signature)
        try:
            found = _run([tool, "-Y", "find-principals", "-f", str(allowed), "-s", str(sig)])
            principals = [p for p in found.stdout.decode("utf-8", "replace").split() if p]
            if found.returncode != 0 or not principals:
                return Verdict(False, reason="the commit is signed with an SSH key that is not an allowed signer")
            for principal in principals:
                checked = _run(
                    [tool, "-Y", "verify", "-f", str(allowed), "-I", principal, "-n", "git", "-s", str(sig)], payload
                )
                if checked.returncode == 0:
                    return Verdict(True, signer=principal)
        except (OSError, subprocess.TimeoutExpired) as exc:
            return Verdict(False, reason=f"cannot check the SSH signature: {exc}")
    return Verdict(False, reason="the commit's SSH signature does not match its content (bad signature)")


def _verify_gpg(signature: bytes, payload: bytes, policy: SignerPolicy) -> Verdict:
    if not policy.gpg_fingerprints:
        return Verdict(False, reason="the commit has a GPG signature, but the policy allows no GPG signers")
    if not policy.gpg_keyring or not os.path.isfile(policy.gpg_keyring):
        return Verdict(False, reason="cannot check the GPG signature: the policy names no readable gpg_keyring")
    tool = shutil.which("gpgv")
    if tool is None:
        return Verdict(False, reason="cannot check the GPG signature: gpgv (GnuPG) is not installed")
    with tempfile.TemporaryDirectory(prefix="kbdesk-verify-") as tmp:
        sig = Path(tmp) / "commit.sig"
        sig.write_bytes(signature)
        data = Path(tmp) / "commit.data"
        data.write_bytes(payload)
        try:
            keyring = os.path.abspath(policy.gpg_keyring)
            done = _run([tool, "--homedir", tmp, "--keyring", keyring, "--status-fd", "1", str(sig), str(data)])
        except (OSError, subprocess.TimeoutExpired) as exc:
            return Verdict(False, reason=f"cannot check the GPG signature: {exc}")
    fingerprints: set[str] = set()
    for line in done.stdout.decode("utf-8", "replace").splitlines():
        fields = line.split()
        if len(fields) >= 3 and fields[:2] == ["[GNUPG:]", "VALIDSIG"]:
            fingerprints.add(fields[2].upper())
            if len(fields) >= 12:
                fingerprints.add(fields[11].upper())  # the primary key's fingerprint
    if done.returncode != 0 or not fingerprints:
        return Verdict(False, reason="the commit's GPG signature could not be verified with the allowed keys")
    for allowed in policy.gpg_fingerprints:
        if any(f == allowed or f.endswith(allowed) for f in fingerprints):
            return Verdict(True, signer=f"gpg:{allowed}")
    return Verdict(False, reason="the commit is signed with a GPG key that is not an allowed signer")
