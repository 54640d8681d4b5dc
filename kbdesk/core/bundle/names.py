"""Member names: what is safe on every OS an agent may use, portable attachment names, the one dedupe."""

from __future__ import annotations

import re
import unicodedata

# --------------------------------------------------------------------------- names

_DRIVE = re.compile(r"^[A-Za-z]:")
_WINDOWS_DEVICES = {"con", "prn", "aux", "nul", *(f"com{i}" for i in range(1, 10)), *(f"lpt{i}" for i in range(1, 10))}
_WINDOWS_BAD_CHARS = set('<>:"|?*')
DIAGNOSTIC_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,99}\.(json|txt)$")
_MAX_NAME_CHARS = 255


def name_problem(name: str) -> str | None:
    """Why ``name`` is not a safe relative member path, or None when it is.

    Strict on purpose: a name that is fine on Linux but means something else on
    Windows or macOS (drive letters, backslashes, device names, trailing dots)
    is refused too, because an agent may open the bundle on any of them.
    """
    if not name:
        return "has an empty name"
    if len(name) > _MAX_NAME_CHARS:
        return "has a name longer than 255 characters"
    if any(ord(c) < 32 or ord(c) == 127 for c in name):
        return "has control characters in its name"
    hidden = next((c for c in name if _invisible(c)), None)
    if hidden is not None:
        # a right-to-left override makes "KBEVIL_\u202egnp.exe" look like "KBEVIL_exe.png"
        return f"has an invisible or direction-changing character (U+{ord(hidden):04X}) in its name"
    if name.startswith("/"):
        return "is an absolute path"
    if _DRIVE.match(name):
        return "is an absolute path (Windows drive letter)"
    if "\\" in name:
        return "has a backslash in its name (a Windows path)"
    for part in name.split("/"):
        if part == "..":
            return "points outside the bundle ('..')"
        if part in ("", "."):
            return "has an empty or '.' path component"
        if part[-1] in " .":
            return "has a path component ending in a dot or space"
        if _WINDOWS_BAD_CHARS.intersection(part):
            return 'has a character that is not allowed in file names (<>:"|?*)'
        if part.split(".")[0].lower() in _WINDOWS_DEVICES:
            return "uses a reserved device name"
    return None


def _invisible(c: str) -> bool:
    """Control, format (bidi overrides, zero-width), separator, private-use, unassigned or surrogate characters.

    Plain spaces are allowed (a folder may have one); no-break and other odd spaces are not.
    """
    category = unicodedata.category(c)
    return category in ("Cc", "Cf", "Co", "Cn", "Cs", "Zl", "Zp") or (category == "Zs" and c != " ")


def escape_invisible(text: str) -> str:
    """``text`` with every invisible or direction-changing character written as ``\\u202e``, for display."""
    return "".join(f"\\u{ord(c):04x}" if _invisible(c) or ord(c) < 32 or ord(c) == 127 else c for c in text)


def name_key(name: str) -> str:
    """Names that would land on the same file on a case-insensitive file system share a key."""
    return unicodedata.normalize("NFC", name).casefold()


def safe_attachment_name(filename: str) -> str:
    """A portable file name for an attachment, from whatever the user picked.

    Keeps the last path component (either slash), ASCII letters, digits, ``.``,
    ``_`` and ``-``; everything else becomes ``_``. Never empty, never hidden,
    at most 100 characters with the extension kept.
    """
    base = re.split(r"[\\/]", str(filename))[-1]
    base = unicodedata.normalize("NFKD", base).encode("ascii", "ignore").decode("ascii")
    base = re.sub(r"[^A-Za-z0-9._-]", "_", base)
    base = base.strip(". ")
    base = re.sub(r"\.{2,}", ".", base)
    if not base or set(base) <= {"_"}:
        base = "attachment"
    stem, dot, ext = base.rpartition(".")
    if not dot:
        stem, ext = base, ""
    if stem.split(".")[0].lower() in _WINDOWS_DEVICES:
        stem = "_" + stem
    ext = ext[:16]
    stem = stem[: 100 - (len(ext) + 1 if ext else 0)] or "attachment"
    return f"{stem}.{ext}" if ext else stem


def dedupe_name(name: str, taken: set[str]) -> str:
    """``name``, or ``stem-2.ext``, ``stem-3.ext``... : the first whose :func:`name_key` is not in ``taken``.

    The one dedupe: attachments when a bundle is written, item names when an escalation
    preview is built. A dot in a folder part ("a.d/file") is not an extension.
    """
    if name_key(name) not in taken:
        return name
    stem, dot, ext = name.rpartition(".")
    if not dot or not stem or "/" in ext:
        stem, ext, dot = name, "", ""
    n = 2
    while True:
        candidate = f"{stem}-{n}{dot}{ext}"
        if name_key(candidate) not in taken:
            return candidate
        n += 1
