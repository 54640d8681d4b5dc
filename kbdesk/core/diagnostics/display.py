"""The display: screens, sizes and scaling.

The core never imports Qt, so the GUI passes what Qt knows about its screens
in ``DiagnosticsOptions.display``. Without the GUI, X11's ``xrandr`` is the
only cheap source; otherwise the report says the facts need the GUI.

What the GUI passes (a dict or a dataclass; every key optional)::

    {"platform": "xcb",                 # QGuiApplication.platformName()
     "screens": [{"name": "DP-1", "width": 2560, "height": 1440,
                  "device_pixel_ratio": 1.25, "logical_dpi": 120.0,
                  "refresh_rate": 59.95, "primary": True}]}
"""

from __future__ import annotations

import dataclasses
import os
import re
import sys
from collections.abc import Mapping, Sequence
from typing import Any

from kbdesk.core.diagnostics.base import (
    CollectorOutput,
    DiagnosticsOptions,
    jsonable_object,
    key_values,
    run_command,
    table,
)

NOT_AVAILABLE = "not available without the GUI"

_SESSION_VARS = (
    "XDG_SESSION_TYPE",
    "XDG_CURRENT_DESKTOP",
    "DESKTOP_SESSION",
    "QT_QPA_PLATFORM",
    "QT_SCALE_FACTOR",
    "GDK_SCALE",
)


def collect_display(options: DiagnosticsOptions) -> CollectorOutput:
    session: dict[str, str | bool] = {name: os.environ[name] for name in _SESSION_VARS if os.environ.get(name)}
    session["x11"] = bool(os.environ.get("DISPLAY"))
    session["wayland"] = bool(os.environ.get("WAYLAND_DISPLAY"))
    session_lines = [(k, v) for k, v in session.items() if isinstance(v, str)]

    given = options.display
    if given is not None:
        if dataclasses.is_dataclass(given) and not isinstance(given, type):
            info = jsonable_object(dataclasses.asdict(given))
        elif isinstance(given, Mapping):
            info = jsonable_object(given)
        else:
            raise TypeError(f"the display information must be a dict or a dataclass, not {type(given).__name__}")
        raw_screens = info.get("screens")
        given_screens = raw_screens if isinstance(raw_screens, list) else []
        data = {"source": "gui", "available": True, "screens": given_screens, "details": info, "session": session}
        text = _screens_text(given_screens) if given_screens else key_values(_flat_pairs(info))
        return CollectorOutput(data, "\n".join(p for p in (text, key_values(session_lines)) if p))

    screens: list[dict[str, Any]] | None = None
    if sys.platform.startswith("linux") and session["x11"]:
        out = run_command(["xrandr", "--query"], timeout=1.5)
        if out is not None:
            screens = parse_xrandr(out)
    if screens is not None:
        data = {"source": "xrandr", "available": True, "screens": screens, "details": None, "session": session}
        text = _screens_text(screens) if screens else "xrandr reports no connected screen"
        return CollectorOutput(data, "\n".join(p for p in (text, key_values(session_lines)) if p))
    data = {"source": None, "available": False, "screens": [], "details": None, "session": session}
    return CollectorOutput(data, "\n".join(p for p in (NOT_AVAILABLE, key_values(session_lines)) if p))


def parse_xrandr(output: str) -> list[dict[str, object]]:
    """Connected outputs of ``xrandr --query`` with their current and preferred mode.

    The mode lines under an output list its resolutions; ``*`` marks the one in use and
    ``+`` the one the screen prefers (its native resolution, from its EDID)."""
    screens: list[dict[str, object]] = []
    header = re.compile(r"^(\S+) connected( primary)?(?: (\d+)x(\d+)\+(-?\d+)\+(-?\d+))?")
    mode = re.compile(r"^\s+(\d+)x(\d+)\S*\s+(.*)$")
    current: dict[str, object] | None = None
    for line in output.splitlines():
        match = header.match(line)
        if match:
            name, primary, width, height, x, y = match.groups()
            current = {
                "name": name,
                "primary": bool(primary),
                "width": int(width) if width else None,
                "height": int(height) if height else None,
                "x": int(x) if x else None,
                "y": int(y) if y else None,
                "active": bool(width),
                "preferred_width": None,
                "preferred_height": None,
            }
            screens.append(current)
            continue
        if not line[:1].isspace():
            current = None  # another output (disconnected) or the "Screen 0" line
            continue
        found = mode.match(line)
        if current is not None and found and "+" in found.group(3) and current["preferred_width"] is None:
            current["preferred_width"], current["preferred_height"] = int(found.group(1)), int(found.group(2))
    return screens


def _screens_text(screens: Sequence[object]) -> str:
    rows = []
    for screen in screens:
        s = screen if isinstance(screen, Mapping) else {"name": str(screen)}
        size = f"{s.get('width')}x{s.get('height')}" if s.get("width") else "off"
        scale = s.get("device_pixel_ratio") or s.get("scale")
        dpi = s.get("logical_dpi") or s.get("dpi")
        rows.append(
            (
                s.get("name", "?"),
                size,
                scale if scale is not None else "",
                dpi if dpi is not None else "",
                "yes" if s.get("primary") else "",
            )
        )
    return table(("Screen", "Size", "Scale", "DPI", "Primary"), rows)


def _flat_pairs(info: Mapping[str, object]) -> list[tuple[str, object]]:
    return [(str(k), v) for k, v in info.items() if not isinstance(v, (dict, list))]
