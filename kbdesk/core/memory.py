"""Handing memory that was freed back to the system, after work that allocates much and then frees it.

Python objects too big for CPython's own small-object allocator, numpy arrays,
SQLite's pages, whoosh's buffers and ONNX Runtime's tensors all come from the C
library's ``malloc``. glibc keeps what they free inside its heaps for the next
allocation, and returns it to the system only from the very top of a heap; a
long-lived object allocated late pins everything below it. The freed memory
stays resident and counts in the app's memory for the rest of the session.

Measured (docs/benchmarks.md, 10,000 articles): the app that had just built
its index held 635 MB, 512 MB once this gave back what the build had freed;
ONNX Runtime leaves 27 MB of the model file it parsed when it opens the graph
(98.6 instead of 125.5 MB after :func:`release_free_memory`). ``malloc_trim(0)`` walks every
heap and gives back each free page, wherever it is, in a few milliseconds; it
frees nothing that is in use, so nothing can break, and the worst case is that
a later allocation takes a page fault where it would have reused one.

It is called after the work that frees most: opening the model, and a sync that
wrote a new index generation. On C libraries other than glibc (macOS, Windows,
musl) it does nothing: their allocators return memory differently, and
``malloc_trim`` is a glibc extension.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import functools
import logging
import sys
from collections.abc import Callable

log = logging.getLogger(__name__)


@functools.cache
def _malloc_trim() -> Callable[[int], int] | None:
    if not sys.platform.startswith("linux"):
        return None
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6")
        trim = libc.malloc_trim  # only glibc has it
    except (OSError, AttributeError):
        return None
    trim.argtypes = [ctypes.c_size_t]
    trim.restype = ctypes.c_int
    return trim


def release_free_memory() -> bool:
    """Give the C library's free memory back to the system; True when there was a way to (glibc)."""
    trim = _malloc_trim()
    if trim is None:
        return False
    trim(0)
    return True
