"""The agent view's loading path on hostile bundles (issue 17): refused with one line, or shown; never a crash.

The same generated bundles as tests/core/bundle/test_bundle_fuzz.py, opened the way an
agent opens them (File > Open bundle: the real window, the worker thread, the ``loaded``
signal), then every diagnostics section and attachment is selected. pytest-qt fails the
test on any exception raised in a slot.
"""

from __future__ import annotations

import tempfile
import time
from pathlib import Path
from typing import Any

import bundle_fuzz as bf
from hypothesis import HealthCheck, given, settings

from kbdesk.core.errors import KbdeskError


def test_agent_view_refuses_or_shows_hostile_bundles(qtbot: Any, make_window: Any, tmp_path: Path) -> None:
    window = make_window()
    base = bf.base_bundle(tmp_path)

    # hypothesis runs inside the test, so the window is built once for all examples
    @settings(max_examples=60, deadline=None, suppress_health_check=list(HealthCheck))
    @given(plan=bf.hostile_bundles())
    def load(plan: dict[str, Any]) -> None:
        with tempfile.TemporaryDirectory() as folder:
            path = bf.write_hostile(base, plan, Path(folder) / "hostile.kbbundle")
            started = time.monotonic()
            window.open_bundle(path)
            view = window.page("bundle")
            with qtbot.waitSignal(view.loaded, timeout=20_000) as blocker:
                pass
            elapsed = time.monotonic() - started
            result = blocker.args[0]
            text = view.integrity_label.text()
            assert "\n" not in text and text
            if isinstance(result, BaseException):
                assert isinstance(result, KbdeskError), f"unexpected {type(result).__name__}: {result}"
                assert text.startswith(("Refused:", "Cannot open this bundle:")) and "unexpected error" not in text
                bf.OUTCOMES["view: refused"] += 1
            else:
                assert text.startswith(("✔", "✖"))
                for row in range(view.diag_list.count()):
                    view.diag_list.setCurrentRow(row)
                for row in range(view.attachment_list.count()):
                    view.attachment_list.setCurrentRow(row)
                    label = view.attachment_list.item(row).text()
                    assert label.isprintable(), label
                bf.OUTCOMES["view: shown" if text.startswith("✔") else "view: shown, tampered"] += 1
            bf.OUTCOMES["view: examples"] += 1
            bf.OUTCOMES["view: slowest load ms"] = max(bf.OUTCOMES["view: slowest load ms"], round(elapsed * 1000))
            view.close_bundle()

    load()
    print("\nbundle fuzz (agent view):", {k: v for k, v in sorted(bf.OUTCOMES.items()) if k.startswith("view")})
