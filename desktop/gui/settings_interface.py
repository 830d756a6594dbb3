"""Settings page: the interface language and the data folder.

The language applies as soon as the dialog is saved (the window rebuilds itself in it). A new
data folder is checked as it is typed or chosen; what happens to the current data is a choice
offered by what the new folder holds (copy everything, start an empty register keeping the
settings, or use the Missiva data already there). The current folder is never changed; the
window switches to the new one when the dialog is saved. See
docs/decisions/0010-settings-and-language-switch.md.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from desktop.core.errors import SettingsError
from desktop.core.i18n import _
from desktop.core.paths import DATA_DIR_ENV, DATABASE_URL_ENV, AppPaths
from desktop.core.services.context import AppContext
from desktop.core.services.data_folder import MODES, check_new_folder
from desktop.gui.settings_pages import SettingsPage, error_label, show_error

UI_LANGUAGE_CHOICES = (("", ""), ("en", "English"), ("pt_BR", "Português (Brasil)"),
                       ("id", "Bahasa Indonesia"))  # fmt: skip


def _muted(text: str) -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)
    label.setEnabled(False)
    return label


class InterfacePage(SettingsPage):
    """Interface language and data folder."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.language = QComboBox()
        self.language.setObjectName("ui_language")
        for code, name in UI_LANGUAGE_CHOICES:
            self.language.addItem(name or _("Follow the system"), code)
        current = ctx.settings.ui_language.replace("-", "_")
        self.language.setCurrentIndex(max(0, self.language.findData(current)))

        self.current_folder = QLabel(str(ctx.paths.data_dir))
        self.current_folder.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.current_folder.setWordWrap(True)
        self.new_folder = QLineEdit()
        self.new_folder.setObjectName("new_data_folder")
        self.new_folder.setPlaceholderText(_("Leave empty to keep the current folder"))
        browse = QPushButton(_("Choose…"))
        browse.clicked.connect(self._choose_folder)
        row = QHBoxLayout()
        row.addWidget(self.new_folder, 1)
        row.addWidget(browse)
        self.folder_error = error_label("data_folder_error")
        self.mode_buttons = QButtonGroup(self)
        texts = {
            "copy": _("Copy the register, drafts, templates, settings and files there"),
            "fresh": _("Start an empty register there, keeping the settings and templates"),
            "use": _("Use the Missiva data already in that folder (its own settings and register)"),
        }
        modes = QVBoxLayout()
        modes.setContentsMargins(0, 0, 0, 0)
        self.mode_radios: dict[str, QRadioButton] = {}
        for mode in MODES:
            radio = QRadioButton(texts[mode])
            radio.setObjectName(f"data_folder_{mode}")
            self.mode_radios[mode] = radio
            self.mode_buttons.addButton(radio)
            modes.addWidget(radio)
        self.modes_box = QWidget()
        self.modes_box.setLayout(modes)
        self.modes_box.hide()
        self.folder_note = _muted(
            _(
                "Missiva switches to the new folder when you save; the current folder is left as it is (delete it yourself once you no longer need it)."
            )
        )
        self.folder_note.hide()

        form = QFormLayout(self)
        form.addRow(_("Interface language:"), self.language)
        form.addRow("", _muted(_("The window changes language as soon as you save.")))
        form.addRow(_("Data folder:"), self.current_folder)
        for note in self._source_notes():
            form.addRow("", _muted(note))
        form.addRow(_("Move to:"), row)
        form.addRow("", self.folder_error)
        form.addRow("", self.modes_box)
        form.addRow("", self.folder_note)
        self.new_folder.textChanged.connect(self._check_folder)
        self._folder_problem = ""
        self._offered: tuple[str, ...] = ()

    def _source_notes(self) -> list[str]:
        notes = []
        forced = bool(os.environ.get(DATA_DIR_ENV))
        if not forced:
            forced = AppPaths.from_env(None).data_dir != self.ctx.paths.data_dir
        if forced:
            notes.append(
                _(
                    "This session's folder was given with --data-dir or MISSIVA_DATA_DIR, which come before the folder chosen here."
                )
            )
        if os.environ.get(DATABASE_URL_ENV):
            notes.append(
                _("The register is on a database server (MISSIVA_DATABASE_URL) and stays there.")
            )
        return notes

    def _choose_folder(self) -> None:
        path = QFileDialog.getExistingDirectory(self, _("Data folder"), str(Path.home()))
        if path:
            self.new_folder.setText(path)

    def _check_folder(self) -> None:
        text = self.new_folder.text()
        self._folder_problem = ""
        offered: tuple[str, ...] = ()
        if text.strip():
            try:
                offered = check_new_folder(self.ctx.paths.data_dir, text).modes
            except SettingsError as exc:
                self._folder_problem = exc.message
        self._offered = offered
        show_error(self.folder_error, self._folder_problem)
        for mode, radio in self.mode_radios.items():
            radio.setVisible(mode in offered)
        if offered and self.mode() not in offered:
            self.mode_radios[offered[0]].setChecked(True)
        self.modes_box.setVisible(bool(offered))
        self.folder_note.setVisible(bool(offered))
        self.problems_changed.emit()

    def mode(self) -> str:
        """Return the chosen way to move (copy, fresh, use), or "" if none is chosen."""
        for mode in self._offered:
            if self.mode_radios[mode].isChecked():
                return mode
        return ""

    def data_folder_change(self) -> tuple[Path, str] | None:
        """Return ``(new folder, mode)`` when a valid new data folder was given, else ``None``."""
        text = self.new_folder.text().strip()
        if not text or self._folder_problem or not self._offered:
            return None
        return check_new_folder(self.ctx.paths.data_dir, text).folder, self.mode()

    def problems(self) -> list[str]:
        """Return why the new data folder is refused (empty when it is valid or not given)."""
        return [self._folder_problem] if self._folder_problem else []

    def write(self, data: dict[str, Any]) -> None:
        """Write the interface language (blank: follow the system)."""
        data["ui_language"] = self.language.currentData()
