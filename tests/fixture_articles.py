"""The fixture articles of the whole test suite: the one place test knowledge bases are written.

Two sets, for two jobs:

* ``FIXTURE_ARTICLES`` (front-matter fields, written by :func:`write_fixture_kb`, the
  ``fixture_kb`` fixture): a small knowledge base whose articles compete for the same
  queries (printer, network, DNS, updates), for ranking, filters and indexing tests.
* ``GUI_ARTICLES`` (whole files, written by :func:`write_gui_kb`, the GUI tests' ``articles_dir``):
  markdown the article view must render safely (code blocks, links between articles,
  ``javascript:`` and ``file:`` links, a local and a remote picture).

Importable from any test thanks to ``pythonpath = ["tests"]`` in pyproject.toml.
"""

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


#: an article lint finds nothing wrong with (``.format(id=..., title=...)``; no ":" in the title): what a
#: git source's revision must be to be served
LINT_CLEAN_ARTICLE = (
    "---\nid: {id}\ntitle: {title}\nsummary: A new article.\nstatus: published\n---\n\n"
    "Open the settings, choose the account and sign in again. Then restart the program and check "
    "that the problem is gone. If it is not, collect the message and the time and contact support.\n"
)


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


GUI_ARTICLES: dict[str, str] = {
    "printer-offline.md": """\
        ---
        id: printer-offline
        title: Printer shows as offline
        summary: Bring a network printer back online.
        tags: [printing, printer]
        platforms: [windows, macos, linux]
        reviewed: 2026-03-01
        ---
        The printer is **offline** when the computer cannot reach it.

        ## Steps

        1. Turn the printer off and on.
        2. Clear the print queue:

        ```bash
        cancel -a
        ```

        See also [the spooler article](print-spooler.md) and [jobs](kbdesk:article/print-spooler).
        """,
    "print-spooler.md": """\
        ---
        id: print-spooler
        title: Print jobs stuck in the queue
        summary: Restart the print spooler when jobs do not print.
        tags: [printing, queue]
        platforms: [windows, linux]
        ---
        Jobs stuck in the print queue usually need the spooler restarted. The printer itself is fine.
        """,
    "wifi-no-internet.md": """\
        ---
        id: wifi-no-internet
        title: Wi-Fi connected but no internet
        summary: Renew the address and flush DNS when pages do not load.
        tags: [network, wifi]
        platforms: [windows, macos, linux]
        ---
        Connected to Wi-Fi but websites do not load. Renew the IP address and flush the DNS cache.
        """,
    "mac-only.md": """\
        ---
        id: mac-keychain
        title: Keychain keeps asking for the password
        summary: Repair the login keychain on a Mac.
        tags: [macos, password]
        platforms: [macos]
        ---
        The keychain password prompt appears again and again after a password change.
        """,
    "links.md": """\
        ---
        id: risky-links
        title: Article with risky links
        summary: Links and images the viewer must not follow on its own.
        tags: [testing]
        ---
        Click [run me](javascript:alert(1)) or [local file](file:///etc/passwd) or [site](https://example.com/help).

        ![remote picture](http://example.com/tracker.png)

        ![local picture](pic.png)
        """,
}


#: fires on every computer whose disks collector answers: the home volume has a size
CHECK_EVERYWHERE = """---
title: Home disk inventory
summary: What is on the home disk.
checks:
  - id: home-disk-known
    when: disk.home.total_bytes > 0
    found: "Your home disk holds {disk.home.total_bytes}."
---

This article explains what takes space on the home disk and how to look at it with the system's own
tools, which folders grow without anyone noticing, and what can be removed safely to get room back.
"""
#: never fires: no disk is more than full
CHECK_NEVER = """---
title: Impossible disk
checks:
  - when: disk.home.percent_used > 100
    found: impossible
---

This article exists so that the checks of an article whose condition is false are seen not to fire,
whatever the state of the computer the tests run on, which makes the negative side of the test real.
"""


def write_article(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.write_text(textwrap.dedent(text), "utf-8")
    return path


def write_gui_kb(folder: Path) -> Path:
    """The GUI articles in ``folder`` (made if missing); the local picture is the caller's (it needs Qt)."""
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in GUI_ARTICLES.items():
        write_article(folder, name, text)
    return folder
