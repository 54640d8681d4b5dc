"""User names in home folders: /home/alice, /Users/alice, C:\\Users\\alice."""

from __future__ import annotations

import re

from kbdesk.core.redaction.categories import GENERIC_ACCOUNTS
from kbdesk.core.redaction.engine import Rule, Sink, is_placeholder

_NAME = r"[^\\/\s:*?\"'<>|$%{}~]"
_HOME_RE = re.compile(
    r"(?P<unix>(?:/(?:var|usr|export))?/home/|/Users/)(?P<uname>" + _NAME + r"+)"
    r"|(?P<win>(?:\\\\|\\)(?i:Users|Documents and Settings)(?:\\\\|\\))"
    r"(?P<wname>" + _NAME + r"+(?:[ ]" + _NAME + r"+){0,3}(?=\\)|" + _NAME + r"+)"
)
_SHARED_FOLDERS = frozenset({"public", "default", "default user", "all users", "shared", "defaultuser0", "guest"})


# What may come before "/home/" or "/Users/" in the same path: nothing, a key ("HOME="), a
# file URL, a drive, a mount point (WSL's /mnt/c, /media/x, macOS's /Volumes/x). Anything else
# means a folder named "home" inside another one ("/srv/kbdesk/home/config"), not a home folder.
_HOME_PREFIX = re.compile(
    r"(?i)(?:[^/\\]*[=:])?(?:file://)?"
    r"(?:[a-z]:|/mnt/[^/]+|/media/[^/]+(?:/[^/]+)?|/run/media/[^/]+/[^/]+|/volumes/[^/]+|/system/volumes/data|/private)?"
)
_VOLUME_BEFORE = re.compile(r"/Volumes/[^/\r\n]*$")


def _replace_home(m: re.Match[str], sink: Sink) -> str:
    group = "uname" if m.group("unix") else "wname"
    # a full stop or a run of them ends the sentence, not the name: "under /home/alice."
    name = m.group(group).rstrip(".")
    if not name or name.lower() in _SHARED_FOLDERS or name.lower() in GENERIC_ACCOUNTS or is_placeholder(name):
        return m.group(0)
    if m.group("unix"):
        text = m.string
        i = m.start()
        floor = max(0, i - 2048)
        while i > floor and not text[i - 1].isspace() and text[i - 1] not in "\"'(<[":
            i -= 1
        token_head = text[i : m.start()]
        # a URL path ("https://site.example/home/about") is not a home folder
        if "://" in token_head and not token_head.lower().startswith("file://"):
            return m.group(0)
        if not _HOME_PREFIX.fullmatch(token_head) and not _VOLUME_BEFORE.search(text, floor, m.start()):
            return m.group(0)
    s = m.start(group) - m.start()
    return m.group(0)[:s] + sink.sub("user", name, name.casefold()) + m.group(0)[s + len(name) :]


RULES: tuple[Rule, ...] = (
    Rule(
        "home_folder",
        frozenset({"user"}),
        _HOME_RE,
        _replace_home,
        ("/home/", "/users/", "\\users\\", "\\documents and settings\\"),
        lower=True,
    ),
)
