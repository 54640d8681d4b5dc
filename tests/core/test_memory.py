"""Freed memory handed back to the system (kbdesk/core/memory.py)."""

from __future__ import annotations

import psutil
import pytest

from kbdesk.core.memory import release_free_memory


def _rss_mb() -> float:
    return psutil.Process().memory_info().rss / 2**20


def test_memory_freed_below_a_live_block_is_given_back():
    if not release_free_memory():
        pytest.skip("not glibc: nothing to trim")
    # 80 MB in blocks the C library's malloc serves (above CPython's 512-byte small-object limit), then all
    # freed but the last, which keeps glibc from giving the rest back by itself
    blocks = [bytes(2000) for _ in range(40_000)]  # zero-filled: written, so resident
    pinned = blocks[-1]
    del blocks
    before = _rss_mb()
    assert release_free_memory()
    after = _rss_mb()
    assert before - after > 40, (before, after)
    assert len(pinned) == 2000  # what is in use is untouched
