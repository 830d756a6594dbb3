"""The settings dialog: organisation, signatories, numbering, proofing, e-mail and interface.

Each tab is a page (``settings_pages``, ``settings_signatories``, ``settings_proofing``,
``settings_interface``) that checks its values as they are typed and refuses an invalid one
next to its field; while any value is refused, Save is disabled and the tab shows a warning
icon. Saving writes the user's ``settings.toml`` overlay atomically, keeps typed passwords in
the OS keyring and reloads the context's settings. A new interface language or data folder is
reported to the window (:attr:`SettingsDialog.language_changed`,
:attr:`SettingsDialog.data_folder_change`), which applies it at once.
"""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any

from PySide6.QtGui import QIcon
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QStyle,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from desktop.core.errors import MissivaError
from desktop.core.i18n import _
from desktop.core.services.context import AppContext
from desktop.core.settings import save_user_settings, settings_from_dict
from desktop.gui.settings_interface import InterfacePage
from desktop.gui.settings_pages import (
    MailPage,
    OrganisationPage,
    SeriesPage,
    SettingsPage,
    error_label,
    reference_preview,
    show_error,
)
from desktop.gui.settings_proofing import ProofingPage
from desktop.gui.settings_signatories import SignatoriesPage

__all__ = ["SettingsDialog", "reference_preview"]


def _relative_to(folder: Path, text: str) -> str:
    """Return ``text`` relative to ``folder`` when it is a path inside it (portable settings)."""
    if not text:
        return text
    path = Path(text).expanduser()
    if path.is_absolute() and path.is_relative_to(folder):
        return path.relative_to(folder).as_posix()
    return text


class SettingsDialog(QDialog):
    """Edit Missiva's settings; invalid values are refused next to their field."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("settings_dialog")
        self.setWindowTitle(_("Settings"))
        self.resize(820, 640)
        self.ctx = ctx
        self.language_changed = False
        self.data_folder_change: tuple[Path, str] | None = None
        self.organisation = OrganisationPage(ctx)
        self.signatories = SignatoriesPage(ctx)
        self.numbering = SeriesPage(ctx)
        self.proofing = ProofingPage(ctx)
        self.mail = MailPage(ctx)
        self.interface = InterfacePage(ctx)
        self.pages: list[tuple[SettingsPage, str]] = [
            (self.organisation, _("Organisation")),
            (self.signatories, _("Signatories")),
            (self.numbering, _("Numbering")),
            (self.proofing, _("Proofing")),
            (self.mail, _("E-mail")),
            (self.interface, _("Interface")),
        ]
        self.tabs = QTabWidget()
        for page, title in self.pages:
            self.tabs.addTab(page, title)
            page.problems_changed.connect(self._on_page_problems_changed)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.ok_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText(_("Save"))
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(_("Cancel"))
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        self.save_error = error_label("save_error")
        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(self.save_error)
        layout.addWidget(self.buttons)
        self._on_page_problems_changed()

    def show_page(self, page: SettingsPage) -> None:
        """Bring a page to the front."""
        self.tabs.setCurrentWidget(page)

    def problems(self) -> list[str]:
        """Return every refused value on every page."""
        return [message for page, _title in self.pages for message in page.problems()]

    def _on_page_problems_changed(self) -> None:
        warning = self.style().standardIcon(QStyle.StandardPixmap.SP_MessageBoxWarning)
        for index, (page, _title) in enumerate(self.pages):
            self.tabs.setTabIcon(index, warning if page.problems() else QIcon())
        self.ok_button.setEnabled(not self.problems())

    # -- saving --------------------------------------------------------------------------------

    def overlay(self) -> dict[str, Any]:
        """Return the user's settings overlay as it will be written (TOML data)."""
        path = self.ctx.paths.settings_file
        data: dict[str, Any] = (
            tomllib.loads(path.read_text(encoding="utf-8")) if path.is_file() else {}
        )
        for page, _title in self.pages:
            page.write(data)
        folder = self.ctx.paths.data_dir
        org = data.setdefault("organisation", {})
        org["logo"] = _relative_to(folder, org.get("logo", ""))
        for person in org.get("signatories", []):
            if person.get("image"):
                person["image"] = _relative_to(folder, person["image"])
        return data

    def save(self) -> None:
        """Validate everything, write the settings and reload them; stay open on an error."""
        for page, _title in self.pages:
            if page.problems():
                self.show_page(page)
                return
        before = self.ctx.settings.ui_language
        try:
            data = self.overlay()
            settings_from_dict(data, base_dir=self.ctx.paths.data_dir)
            for page, _title in self.pages:
                page.store_secrets()
            save_user_settings(self.ctx.paths, data)
            self.ctx.reload_settings()
        except MissivaError as exc:
            show_error(self.save_error, exc.describe())
            return
        self.language_changed = self.ctx.settings.ui_language != before
        self.data_folder_change = self.interface.data_folder_change()
        self.accept()
