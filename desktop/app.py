"""Composition root of the window: settings -> AppContext -> QApplication -> MainWindow.

``missiva`` with no arguments calls :func:`main`. Nothing here is global: the context and the
task runner are built once and passed down to the window and its panels.
"""

from __future__ import annotations

import argparse
import logging
import sys
from collections.abc import Sequence

logger = logging.getLogger(__name__)


def _parse(argv: Sequence[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="missiva", description="Missiva correspondence desk")
    parser.add_argument(
        "--data-dir", default=None, help="folder for the register, drafts, settings"
    )
    return parser.parse_known_args(list(argv))[0]


def build_window(ctx: object) -> object:
    """Build the task runner and the main window for a context (used by tests and benches)."""
    from desktop.gui.main_window import MainWindow
    from desktop.gui.tasks import TaskRunner

    runner = TaskRunner()
    window = MainWindow(ctx, runner)  # type: ignore[arg-type]
    runner.setParent(window)
    return window


def main(argv: list[str]) -> int:
    """Open the window; return the exit status."""
    args = _parse(argv)
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QGuiApplication, QIcon
    from PySide6.QtWidgets import QApplication, QMessageBox

    from desktop.core.errors import MissivaError
    from desktop.core.paths import resource
    from desktop.core.services.context import AppContext
    from desktop.gui.live_switch import apply_ui_language

    QGuiApplication.setHighDpiScaleFactorRoundingPolicy(
        Qt.HighDpiScaleFactorRoundingPolicy.PassThrough
    )
    app = QApplication.instance() or QApplication([sys.argv[0] if sys.argv else "missiva"])
    app.setApplicationName("Missiva")
    app.setApplicationDisplayName("Missiva")
    app.setOrganizationName("Missiva")
    app.setDesktopFileName("missiva")
    app.setWindowIcon(QIcon(str(resource("icons", "missiva.svg"))))
    try:
        ctx = AppContext.create(args.data_dir)
    except MissivaError as exc:
        QMessageBox.critical(None, "Missiva", exc.describe())
        return 1
    apply_ui_language(ctx.settings.ui_language)  # gettext and Qt's own dialogs
    window = build_window(ctx)
    window.show()  # type: ignore[attr-defined]
    return int(app.exec())
