"""What the window remembers between runs: its geometry, splitter positions, and whether
this person has used writer mode.

Kept apart from ``settings.toml`` on purpose: these are not choices a person makes
in a dialog, they change every time a window is moved, and a lost or damaged file
costs nothing but the default layout. Stored as a small versioned JSON file in the
data folder (``window.json``), written atomically off the GUI thread. The geometry
is Qt's own ``saveGeometry()`` blob (base64), which also restores a maximised
window and moves a window back onto a screen that has gone away.

No Qt import here: reading and writing are plain data, so a damaged or hostile
file is tested like every other user-controlled file (tests/core/test_untrusted_input.py).
It still lives in the GUI package, the one Qt-free module there: it is the desktop
window's own state, which nothing in the core or the CLI reads or writes.
"""

from __future__ import annotations

import base64
import binascii
import json
import logging
from dataclasses import dataclass, field
from pathlib import Path

from ..core.fsutil import atomic_write_text, read_bounded
from ..core.paths import state_paths

log = logging.getLogger(__name__)

FORMAT = "kbdesk-window-state"
VERSION = 1
#: the file is a few hundred bytes; anything bigger is not ours
MAX_BYTES = 64 * 1024
#: Qt's geometry blob is about 66 bytes; a longer one is not a geometry
MAX_GEOMETRY_BYTES = 1024
MAX_SPLITTER_PANES = 8
#: sizes beyond this many pixels are not a real screen's
MAX_PANE_PIXELS = 100_000


@dataclass(frozen=True)
class WindowState:
    #: QWidget.saveGeometry() of the main window (empty: not known)
    geometry: bytes = b""
    #: splitter name -> pane sizes in pixels
    splitters: dict[str, tuple[int, ...]] = field(default_factory=dict)
    #: this person has opened writer mode: article problems are shown to them in the status bar
    writer: bool = False


def window_state_file() -> Path:
    return state_paths().data / "window.json"


def load_window_state(path: Path | None = None) -> WindowState:
    """The saved state, or the defaults when there is none or it cannot be used. Never raises."""
    path = path or window_state_file()
    try:
        raw = read_bounded(path, MAX_BYTES)
    except FileNotFoundError:
        return WindowState()
    except OSError as exc:
        log.info("window state not read (%s); using the default layout", exc)
        return WindowState()
    if raw is None:
        log.info("window state %s is too large; using the default layout", path)
        return WindowState()
    try:
        data = json.loads(raw.decode("utf-8"))
    except (ValueError, RecursionError) as exc:
        log.info("window state %s is unreadable (%s); using the default layout", path, str(exc)[:100])
        return WindowState()
    if not isinstance(data, dict) or data.get("format") != FORMAT or data.get("version") != VERSION:
        return WindowState()
    geometry = b""
    encoded = data.get("geometry")
    if isinstance(encoded, str) and len(encoded) <= 2 * MAX_GEOMETRY_BYTES:
        try:
            geometry = base64.b64decode(encoded, validate=True)
        except (binascii.Error, ValueError):
            geometry = b""
    splitters: dict[str, tuple[int, ...]] = {}
    found = data.get("splitters")
    if isinstance(found, dict):
        for name, sizes in list(found.items())[:16]:
            if (
                isinstance(name, str)
                and isinstance(sizes, list)
                and 0 < len(sizes) <= MAX_SPLITTER_PANES
                and all(isinstance(s, int) and not isinstance(s, bool) and 0 <= s <= MAX_PANE_PIXELS for s in sizes)
                and any(sizes)
            ):
                splitters[name] = tuple(sizes)
    return WindowState(geometry=geometry, splitters=splitters, writer=data.get("writer") is True)


def save_window_state(state: WindowState, path: Path | None = None) -> None:
    """Write ``state`` atomically (a worker's job: the caller runs it off the GUI thread)."""
    path = path or window_state_file()
    data = {
        "format": FORMAT,
        "version": VERSION,
        "geometry": base64.b64encode(state.geometry).decode("ascii"),
        "splitters": {name: list(sizes) for name, sizes in state.splitters.items()},
        "writer": state.writer,
    }
    atomic_write_text(path, json.dumps(data, indent=1))
