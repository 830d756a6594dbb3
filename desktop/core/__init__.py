"""Qt-free core of Missiva: everything a script, the CLI or the window calls.

Nothing under this package imports PySide6 or ``desktop.gui`` (enforced by ruff TID251 and by
``tests/core/test_core_is_qt_free.py``).
"""
