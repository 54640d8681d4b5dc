"""Test helpers shared by several test modules (importable thanks to pythonpath in pyproject)."""

from __future__ import annotations

import textwrap
from pathlib import Path

FIXTURE_ARTICLES = {
    "printer-offline": dict(
        title="Printer shows as offline",
        summary="Bring a network printer back online when jobs will not print.",
        tags=["printing"],
        platforms=["windows", "macos"],
        symptoms=["printer says offline", "documents stuck and nothing prints"],
        body="## Windows\n\n1. Open Settings > Bluetooth & devices > Printers.\n2. Select the printer and clear "
        "'Use printer offline'.\n3. Restart the Print Spooler service.\n",
    ),
    "wifi-wont-connect": dict(
        title="Wi-Fi will not connect",
        summary="Fix a laptop that cannot join the wireless network.",
        tags=["network", "wifi"],
        platforms=["windows", "macos", "linux"],
        symptoms=["wireless network keeps failing", "cannot join the wifi"],
        body="Forget the network and join it again. Turn airplane mode off. Restart the wireless adapter.\n",
    ),
    "dns-site-cant-be-reached": dict(
        title="This site can't be reached",
        summary="Websites fail to load with a DNS error while the network looks connected.",
        tags=["network", "browser"],
        platforms=["windows", "macos", "linux"],
        symptoms=["connected but no internet", "pages do not load"],
        error_codes=["DNS_PROBE_FINISHED_NXDOMAIN"],
        body="Flush the DNS cache.\n\n```powershell\nipconfig /flushdns\n```\n\nThen try another DNS server.\n",
    ),
    "windows-update-access-denied": dict(
        title="Windows Update fails with an access error",
        summary="Updates stop installing with error 0x80070005.",
        tags=["updates"],
        platforms=["windows"],
        symptoms=["updates keep failing", "update error access denied"],
        error_codes=["0x80070005"],
        body="Run the Windows Update troubleshooter, then reset the update components.\n",
    ),
    "clock-wrong-certificate-error": dict(
        title="Certificate errors because the clock is wrong",
        summary="Every secure site shows a certificate date error when the system time is off.",
        tags=["browser", "security"],
        platforms=["windows", "macos", "linux"],
        symptoms=["your connection is not private", "every website warns about security"],
        error_codes=["ERR_CERT_DATE_INVALID"],
        body="Set the date and time automatically and pick the right time zone.\n",
    ),
    "forgot-password": dict(
        title="Reset a forgotten password",
        summary="Use self-service password reset when you cannot remember your password.",
        tags=["account", "password"],
        platforms=[],
        symptoms=["forgot my password", "cannot sign in"],
        body="Open the password reset portal and verify with your phone.\n",
    ),
    "disk-full": dict(
        title="Disk is full",
        summary="Free up space when the computer warns that storage is low.",
        tags=["storage"],
        platforms=["windows", "macos", "linux"],
        symptoms=["low disk space warning", "no space left on device"],
        body="Empty the recycle bin, remove old downloads and uninstall apps you do not use.\n",
    ),
    "mac-only-bluetooth": dict(
        title="Bluetooth headphones will not pair on a Mac",
        summary="Pair Bluetooth headphones with macOS.",
        tags=["bluetooth", "audio"],
        platforms=["macos"],
        symptoms=["headphones will not pair"],
        body="Open System Settings > Bluetooth, remove the device and pair again.\n",
    ),
    "draft-article": dict(
        title="Draft: printer toner replacement",
        summary="Not ready yet.",
        tags=["printing"],
        platforms=[],
        status="draft",
        body="Replace the toner cartridge of the printer.\n",
    ),
}


def article_text(article_id: str, **fields) -> str:
    body = fields.pop("body", "Body text.\n")
    lines = ["---", f"id: {article_id}"]
    for key, value in fields.items():
        if isinstance(value, list):
            lines.append(f"{key}: [{', '.join(repr(v) if ':' in v else v for v in value)}]")
        else:
            lines.append(f"{key}: {value!r}" if ":" in str(value) else f"{key}: {value}")
    lines.append("---")
    return "\n".join(lines) + "\n" + textwrap.dedent(body)


def write_fixture_kb(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for article_id, fields in FIXTURE_ARTICLES.items():
        (folder / f"{article_id}.md").write_text(article_text(article_id, **dict(fields)), encoding="utf-8")
    return folder


def write_test_bundle(
    path: Path,
    *,
    summary: str = "Printer offline on floor 3",
    description: str = "Jobs stay in the queue since Monday.",
    impact: str = "high",
    urgency: str = "medium",
    contact: str = "alice@example.org",
    attachment_bytes: int = 0,
    seed: int = 0,
):
    """A real bundle written by the bundle writer; ``attachment_bytes`` of random (incompressible) data."""
    import random

    from kbdesk.core.bundle import BundleItem, Ticket, write_bundle

    ticket = Ticket(
        summary=summary, description=description, impact=impact, urgency=urgency, contact=contact, platform="linux"
    )
    items = [BundleItem("diagnostics/os.json", b'{"name": "test"}\n')]
    if attachment_bytes:
        items.append(BundleItem("attachments/capture.bin", random.Random(seed).randbytes(attachment_bytes)))
    return write_bundle(
        path,
        ticket,
        {"searches": [{"query": "printer offline"}]},
        items,
        {"version": 1, "totals": []},
        {"agreed_at": "2026-12-01T10:00:00Z"},
    )


def tampered_copy(src: Path, dst: Path, member: str, data: bytes) -> Path:
    """``src`` with one member's bytes replaced and the manifest left as it was."""
    import zipfile

    with zipfile.ZipFile(src) as old, zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as new:
        for info in old.infolist():
            new.writestr(info.filename, data if info.filename == member else old.read(info))
    return dst
