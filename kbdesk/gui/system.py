"""Facts about this machine that the GUI needs (they live in the core, where the CLI needs them too)."""

from __future__ import annotations

from ..core.machine import detect_platform

__all__ = ["detect_platform"]
