"""Apply an interface language or a data folder chosen in Settings without restarting.

Both end in :meth:`MainWindow.rebuild`: background work is settled, every panel, menu and
action is built again (in the new language, on the new context) and the open composition is
reopened with its values, edited body and unsaved state. A language switch also puts back the
Register view's filters and selected entry (same register, same rows) and swaps Qt's own
translator (standard dialogs). A data folder switch first copies what the chosen way asks for in
the background with a progress dialog (see ``desktop.core.services.data_folder``); if that
fails, the window stays on the current folder. See docs/decisions/0010-settings-and-language-switch.md.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QLibraryInfo, QLocale, QObject, Qt, QTranslator
from PySide6.QtWidgets import QApplication, QMessageBox, QProgressDialog

from desktop.core.errors import MissivaError
from desktop.core.i18n import _, set_ui_language

if TYPE_CHECKING:
    from desktop.core.services.context import AppContext
    from desktop.gui.main_window import MainWindow

logger = logging.getLogger(__name__)

QT_TRANSLATOR_NAME = "missiva_qt_translator"


def install_qt_translator(app: QObject, language: str) -> None:
    """Translate Qt's own dialogs (file and colour pickers) if Qt ships ``language``.

    A translator installed earlier is removed first, so this also switches at run time.
    """
    for old in app.findChildren(QTranslator, QT_TRANSLATOR_NAME):
        QApplication.removeTranslator(old)
        old.deleteLater()
    if language == "en":
        return
    translator = QTranslator(app)
    translator.setObjectName(QT_TRANSLATOR_NAME)
    folder = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    if translator.load(QLocale(language), "qtbase", "_", folder):
        QApplication.installTranslator(translator)


def apply_ui_language(code: str | None) -> str:
    """Activate an interface language (blank or ``None``: the system's) for gettext and Qt."""
    language = set_ui_language(code or None)
    app = QApplication.instance()
    if app is not None:
        install_qt_translator(app, language)
    return language


def switch_language(window: MainWindow) -> None:
    """Rebuild the window in the language now in the settings, keeping the open work.

    Kept: the open composition, the page shown, and the Register view's filters and selection.
    """
    from desktop.gui.register_state import capture_view_state, restore_view_state

    apply_ui_language(window.ctx.settings.ui_language)
    composition, dirty = window.composer.state(), window.composer.dirty
    if composition is not None and dirty:
        window.autosave()  # the crash-recovery copy, in case the rebuild fails half-way
    register_view = capture_view_state(window.register_panel)
    window.rebuild(composition, dirty=dirty)
    restore_view_state(window.register_panel, register_view)
    window.show_status(_("Interface language changed."))


def _prepare(old: AppContext, folder: Path, mode: str, progress: Any) -> AppContext:
    """Copy what ``mode`` asks for and open the context on ``folder`` (runs in a worker)."""
    from desktop.core.services.context import AppContext
    from desktop.core.services.data_folder import move_data

    paths = move_data(old.paths.data_dir, folder, mode, progress=progress)
    ctx = AppContext.create(str(paths.data_dir), clock=old.clock)
    ctx.catalog  # noqa: B018 - load the templates here, not on the GUI thread
    return ctx


def switch_data_folder(window: MainWindow, folder: Path, mode: str) -> None:
    """Move the window to another data folder (``mode``: copy, fresh or use) while it runs.

    The open composition is first saved as a draft in the current register, so nothing is lost
    whatever happens next; it is reopened on the new folder (as the same draft after a copy,
    as unsaved work otherwise).
    """
    if window.composer.dirty:
        window.save_draft()
    window.settle()
    composition = window.composer.state()
    dirty = window.composer.dirty
    if composition is not None and mode != "copy":
        composition = {**composition, "draft_id": None, "reply_to": None}
        dirty = True  # the draft stays in the old register; here it is new work
    window.drafts.clear_recovery()
    dialog = QProgressDialog(_("Preparing the new data folder…"), "", 0, 0, window)
    dialog.setObjectName("data_folder_progress")
    dialog.setWindowTitle(_("Data folder"))
    dialog.setCancelButton(None)
    dialog.setWindowModality(Qt.WindowModality.WindowModal)
    dialog.setMinimumDuration(300)
    window.data_folder_progress = dialog
    old = window.ctx

    def progressed(done: int, total: int) -> None:
        dialog.setMaximum(total)
        dialog.setValue(done)

    def finished(ctx: AppContext | None, error: BaseException | None) -> None:
        dialog.reset()
        dialog.deleteLater()
        if error is not None or ctx is None:
            text = error.describe() if isinstance(error, MissivaError) else str(error)
            logger.warning("data folder not changed: %s", text)
            QMessageBox.warning(
                window,
                _("Data folder"),
                _("The data folder was not changed: {error}").format(error=text),
            )
            return
        from desktop.core.paths import remember_data_dir

        remember_data_dir(ctx.paths.data_dir)
        apply_ui_language(ctx.settings.ui_language)
        window.use_context(ctx, composition, dirty=dirty)
        if "register" in old.__dict__:
            old.register.close()
        window.show_status(
            _("Missiva now uses the data folder {folder}.").format(folder=ctx.paths.data_dir)
        )

    window.runner.run(
        _prepare,
        finished,
        serial=True,
        progress=progressed,
        old=old,
        folder=folder,
        mode=mode,
    )
