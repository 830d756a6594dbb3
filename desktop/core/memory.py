"""Give freed heap memory back to the operating system.

CPython, Qt, SQLite, PDFium and Harper all allocate through the C library. glibc keeps what they
free in its arenas (one per thread that allocated) and hands memory back to the system on its own
only from the top of the main heap, so a long session of short background tasks (proofing,
previews, register pages) leaves tens of megabytes free but still counted as the process's
memory. ``malloc_trim(0)`` releases every free page of every arena. Other C libraries (musl,
macOS, Windows) have no such call and return memory in their own way: there this does nothing.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import functools
import sys
from collections.abc import Callable


@functools.cache
def _malloc_trim() -> Callable[[int], int] | None:
    """Return glibc's ``malloc_trim`` (looked up once), or ``None`` without glibc."""
    if not sys.platform.startswith("linux"):
        return None
    try:
        trim = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6").malloc_trim
    except (OSError, AttributeError):  # not glibc (musl has no malloc_trim)
        return None
    trim.argtypes = [ctypes.c_size_t]
    trim.restype = ctypes.c_int
    return trim


def release_free_memory() -> bool:
    """Return free heap pages to the system; ``False`` where the C library cannot (not glibc)."""
    trim = _malloc_trim()
    if trim is None:
        return False
    trim(0)
    return True
