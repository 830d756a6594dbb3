"""The desktop window: panels, dialogs, Qt models and the background task runner.

This is the only package that imports PySide6. Business rules live in ``desktop.core``;
widgets here take an :class:`~desktop.core.services.context.AppContext` and a
:class:`~desktop.gui.tasks.TaskRunner` from the composition root (``desktop/app.py``).

Importing the package also applies :func:`guard_none_refcount` (see its docstring).
"""

from __future__ import annotations

import ctypes
import sys

NONE_GUARD = 1 << 40


def _void_call_drops_none_reference() -> bool:
    """Return whether a void Qt method call drops a reference to ``None`` (PySide6 bug)."""
    from PySide6.QtGui import QTextCharFormat

    probe = QTextCharFormat()
    before = sys.getrefcount(None)
    for _ in range(10):
        probe.setToolTip("")
    return sys.getrefcount(None) < before - 5


def guard_none_refcount() -> bool:
    """Keep ``None`` alive under PySide6 builds that return it without a new reference.

    With the PySide6 in our lock file on Python 3.11, every call of a Qt method returning void
    (``setText``, ``setFormat`` ...) lowers ``None``'s reference count by one; after a few
    thousand calls Python aborts with "none_dealloc: deallocating None". Python 3.12 made
    ``None`` immortal, which hides the bug. Only when the drop is detected, the count is raised
    by 2**40, so it can never reach zero in a session (the same idea as 3.12's immortality).
    Returns whether the guard was applied. See docs/decisions/0006-gui-architecture.md.
    """
    if sys.version_info >= (3, 12) or not _void_call_drops_none_reference():
        return False
    ctypes.c_ssize_t.from_address(id(None)).value += NONE_GUARD
    return True


NONE_GUARD_APPLIED = guard_none_refcount()
