"""The shown main window for window tests (a module of its own: test files import it by name,
and ``conftest`` is ambiguous between the test folders).
"""

from __future__ import annotations

from collections.abc import Iterator


def shown_window(qtbot, ctx) -> Iterator[object]:
    """Yield the shown main window on ``ctx`` with its templates loaded; close it after."""
    from desktop.app import build_window

    main = build_window(ctx)
    qtbot.addWidget(main)
    main.show()
    qtbot.waitUntil(lambda: main.catalog_ready, timeout=30_000)
    yield main
    main.runner.wait(30_000)
    main.close()
