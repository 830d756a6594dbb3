"""The PySide6 we ship keeps Python's singletons' reference counts intact.

PySide6 6.12.0 on Python 3.11 dropped a reference to ``None`` on every void Qt call and to
``True``/``False`` on signal connections; the window died after ~17 minutes ("bool_dealloc" or a
segfault). pyproject.toml pins PySide6 below 6.12; these tests fail on a build with the bug.
"""

from __future__ import annotations

import sys

import pytest
from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QTextCharFormat
from PySide6.QtWidgets import QLabel

CALLS = 2_000


class _Emitter(QObject):
    happened = Signal(object)


@pytest.mark.parametrize("singleton", [None, True, False], ids=["None", "True", "False"])
def test_pyside_void_calls_keep_singleton_references(qtbot, singleton: object) -> None:
    """Thousands of void setter calls leave None/True/False's reference counts where they were."""
    label = QLabel()
    qtbot.addWidget(label)
    probe = QTextCharFormat()
    before = sys.getrefcount(singleton)
    for _ in range(CALLS):
        probe.setToolTip("")
        label.setText("x")
        label.setEnabled(True)
    assert sys.getrefcount(singleton) > before - CALLS // 2


@pytest.mark.parametrize("singleton", [None, True, False], ids=["None", "True", "False"])
def test_pyside_signal_connections_keep_singleton_references(singleton: object) -> None:
    """Connecting, emitting and disconnecting signals leaves the singletons' counts intact."""
    emitter = _Emitter()
    before = sys.getrefcount(singleton)
    for _ in range(CALLS // 10):
        connection = emitter.happened.connect(lambda _value: None)
        emitter.happened.emit(singleton)
        emitter.happened.disconnect(connection)
    assert sys.getrefcount(singleton) > before - CALLS // 20
