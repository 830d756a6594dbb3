"""The settings dialog: organisation, numbering series, proofing, e-mail and interface.

Values are checked as they are typed and refused next to the field (an invalid numbering pattern
shows why under the pattern, and OK stays disabled). Saving writes the user's ``settings.toml``
overlay atomically and reloads the context's settings; the SMTP password goes to the keyring.
"""

from __future__ import annotations

import dataclasses
import tomllib
import urllib.request
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QCheckBox,
    QColorDialog,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from desktop.core.errors import MissivaError, SettingsError
from desktop.core.i18n import _
from desktop.core.services.context import AppContext
from desktop.core.settings import PAGE_SIZES, RESETS, Series, save_user_settings, settings_from_dict

UI_LANGUAGE_CHOICES = (("", "System"), ("en", "English"), ("pt_BR", "Português (Brasil)"),
                       ("id", "Bahasa Indonesia"))  # fmt: skip


def reference_preview(ctx: AppContext, series: Series) -> str:
    """Return the next reference ``series`` would give (raises SettingsError if invalid)."""
    from desktop.core.register.numbering import NumberContext, format_reference, validate_pattern

    validate_pattern(series.pattern, series.reset, series=series.id)
    if "register" in ctx.__dict__:  # already open: ask it (its counters), else assume the first
        return str(ctx.register.preview_next_reference(series))
    context = NumberContext(ctx.today(), series.id, series.unit, series.kinds[0] if series.kinds else "",
                            series.classification)  # fmt: skip
    return format_reference(series.pattern, 1, context)


def _error_label() -> QLabel:
    label = QLabel()
    label.setWordWrap(True)
    label.setStyleSheet("color: palette(link-visited); font-style: italic;")
    label.hide()
    return label


class SettingsDialog(QDialog):
    """Edit Missiva's settings; invalid values are refused next to their field."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("settings_dialog")
        self.setWindowTitle(_("Settings"))
        self.resize(760, 560)
        self.ctx = ctx
        self._series = list(ctx.settings.series)
        self._series_errors: dict[str, str] = {}
        self.tabs = QTabWidget()
        self.tabs.addTab(self._organisation_page(), _("Organisation"))
        self.tabs.addTab(self._series_page(), _("Numbering"))
        self.tabs.addTab(self._proofing_page(), _("Proofing"))
        self.tabs.addTab(self._mail_page(), _("E-mail"))
        self.tabs.addTab(self._interface_page(), _("Interface"))
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.ok_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText(_("Save"))
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(_("Cancel"))
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        self.save_error = _error_label()
        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(self.save_error)
        layout.addWidget(self.buttons)
        if self._series:
            self.series_list.setCurrentRow(0)

    # -- pages ---------------------------------------------------------------------------------

    def _organisation_page(self) -> QWidget:
        org = self.ctx.settings.organisation
        page = QWidget()
        form = QFormLayout(page)
        self.org_name = QLineEdit(org.name)
        self.org_address = QPlainTextEdit("\n".join(org.address_lines))
        self.org_address.setFixedHeight(self.org_address.fontMetrics().lineSpacing() * 4 + 12)
        self.org_address.setTabChangesFocus(True)
        self.org_city = QLineEdit(org.city)
        self.org_phone = QLineEdit(org.phone)
        self.org_email = QLineEdit(org.email)
        self.org_website = QLineEdit(org.website)
        self.org_logo = QLineEdit(str(org.resolve(org.logo) or ""))
        browse = QPushButton(_("Choose…"))
        browse.clicked.connect(self._choose_logo)
        logo_row = QHBoxLayout()
        logo_row.addWidget(self.org_logo, 1)
        logo_row.addWidget(browse)
        self.org_primary = self._colour_button(org.primary_colour)
        self.org_accent = self._colour_button(org.accent_colour)
        self.org_page = QComboBox()
        for size in PAGE_SIZES:
            self.org_page.addItem(_("US Letter") if size == "Letter" else size, size)
        self.org_page.setCurrentIndex(max(0, self.org_page.findData(org.page_size)))
        self.org_footer = QLineEdit(org.footer)
        form.addRow(_("Name:"), self.org_name)
        form.addRow(_("Address:"), self.org_address)
        form.addRow(_("City (date line):"), self.org_city)
        form.addRow(_("Phone:"), self.org_phone)
        form.addRow(_("E-mail:"), self.org_email)
        form.addRow(_("Website:"), self.org_website)
        form.addRow(_("Logo:"), logo_row)
        form.addRow(_("Main colour:"), self.org_primary)
        form.addRow(_("Accent colour:"), self.org_accent)
        form.addRow(_("Page size:"), self.org_page)
        form.addRow(_("Footer:"), self.org_footer)
        return page

    def _colour_button(self, colour: str) -> QPushButton:
        button = QPushButton(colour)
        button.setProperty("colour", colour)
        button.setStyleSheet(f"background-color: {colour}; color: white;")

        def choose() -> None:
            picked = QColorDialog.getColor(QColor(button.property("colour")), self)
            if picked.isValid():
                button.setProperty("colour", picked.name().upper())
                button.setText(picked.name().upper())
                button.setStyleSheet(f"background-color: {picked.name()}; color: white;")

        button.clicked.connect(choose)
        return button

    def _choose_logo(self) -> None:
        path, _chosen = QFileDialog.getOpenFileName(
            self, _("Logo"), "", _("Images (*.png *.jpg *.jpeg)")
        )
        if path:
            self.org_logo.setText(path)

    def _series_page(self) -> QWidget:
        page = QWidget()
        self.series_list = QListWidget()
        self.series_list.setObjectName("series_list")
        self.series_list.addItems([s.id for s in self._series])
        self.series_list.setMaximumWidth(160)
        self.series_pattern = QLineEdit()
        self.series_pattern.setObjectName("series_pattern")
        self.series_reset = QComboBox()
        for reset in RESETS:
            self.series_reset.addItem({"yearly": _("every year"), "monthly": _("every month"),
                                       "never": _("never")}[reset], reset)  # fmt: skip
        self.series_unit = QLineEdit()
        self.series_error = _error_label()
        self.series_error.setObjectName("series_error")
        self.series_preview = QLabel()
        self.series_preview.setObjectName("series_preview")
        help_text = QLabel(
            _(
                "Tokens: {seq} {seq:03} {year} {yy} {month} {month_roman} {unit} {series} {kind} {classification}"
            )
        )
        help_text.setWordWrap(True)
        help_text.setEnabled(False)
        form = QFormLayout()
        form.addRow(_("Pattern:"), self.series_pattern)
        form.addRow("", self.series_error)
        form.addRow(_("Restart numbering:"), self.series_reset)
        form.addRow(_("Unit code:"), self.series_unit)
        form.addRow(_("Next reference:"), self.series_preview)
        form.addRow("", help_text)
        layout = QHBoxLayout(page)
        layout.addWidget(self.series_list)
        layout.addLayout(form, 1)
        self.series_list.currentRowChanged.connect(self._on_series_list_row_changed)
        self.series_pattern.textChanged.connect(self._on_series_edited)
        self.series_reset.currentIndexChanged.connect(self._on_series_edited)
        self.series_unit.textChanged.connect(self._on_series_edited)
        self._series_row = -1
        return page

    def _on_series_list_row_changed(self, row: int) -> None:
        self._series_row = -1
        if 0 <= row < len(self._series):
            series = self._series[row]
            self.series_pattern.setText(series.pattern)
            self.series_reset.setCurrentIndex(max(0, self.series_reset.findData(series.reset)))
            self.series_unit.setText(series.unit)
        self._series_row = row
        self._on_series_edited()

    def _on_series_edited(self) -> None:
        row = self._series_row
        if not 0 <= row < len(self._series):
            return
        series = dataclasses.replace(
            self._series[row], pattern=self.series_pattern.text(),
            reset=self.series_reset.currentData(), unit=self.series_unit.text().strip(),
        )  # fmt: skip
        self._series[row] = series
        try:
            preview = reference_preview(self.ctx, series)
        except MissivaError as exc:
            self._series_errors[series.id] = exc.describe()
            self.series_error.setText(exc.describe())
            self.series_error.show()
            self.series_preview.setText("—")
        else:
            self._series_errors.pop(series.id, None)
            self.series_error.hide()
            self.series_preview.setText(
                f"<b>{preview.replace('&', '&amp;').replace('<', '&lt;')}</b>"
            )
        self.ok_button.setEnabled(not self._series_errors)

    def _proofing_page(self) -> QWidget:
        proofing = self.ctx.settings.proofing
        page = QWidget()
        form = QFormLayout(page)
        self.lt_url = QLineEdit(proofing.languagetool_url)
        self.lt_url.setPlaceholderText("http://localhost:8081")
        test = QPushButton(_("Test connection"))
        test.clicked.connect(self._test_languagetool)
        self.lt_result = QLabel()
        row = QHBoxLayout()
        row.addWidget(self.lt_url, 1)
        row.addWidget(test)
        self.picky = QCheckBox(_("Picky grammar rules"))
        self.picky.setChecked(proofing.picky)
        self.glossary = QPlainTextEdit(
            "\n".join(f"{k} = {v}" for k, v in proofing.glossary.items())
        )
        self.dictionaries = QLabel(_("Dictionaries: checking…"))
        self.dictionaries.setWordWrap(True)
        form.addRow(_("LanguageTool server:"), row)
        form.addRow("", self.lt_result)
        form.addRow("", self.picky)
        form.addRow(_("Glossary (ACRONYM = meaning):"), self.glossary)
        form.addRow(_("Dictionaries:"), self.dictionaries)
        try:
            status = self.ctx.proofer.status()
            lines = []
            for lang, info in status.get("languages", {}).items():
                found = info.get("dictionary") or _("missing")
                lines.append(f"{lang}: {found} · {info.get('grammar', '')}")
            self.dictionaries.setText("\n".join(lines) or str(status))
        except Exception as exc:
            self.dictionaries.setText(str(exc))
        return page

    def _test_languagetool(self) -> None:
        url = self.lt_url.text().strip().rstrip("/")
        if not url:
            self.lt_result.setText(_("No server set: grammar uses the offline checker."))
            return
        try:
            with urllib.request.urlopen(f"{url}/v2/languages", timeout=5) as response:
                ok = response.status == 200
        except (OSError, ValueError) as exc:
            self.lt_result.setText(_("Cannot reach the server: {error}").format(error=exc))
            return
        self.lt_result.setText(_("Connected.") if ok else _("The server answered with an error."))

    def _mail_page(self) -> QWidget:
        mail = self.ctx.settings.mail
        page = QWidget()
        form = QFormLayout(page)
        self.smtp_host = QLineEdit(mail.host)
        self.smtp_port = QSpinBox()
        self.smtp_port.setRange(1, 65535)
        self.smtp_port.setValue(mail.port)
        self.smtp_security = QComboBox()
        self.smtp_security.addItems(["starttls", "tls", "none"])
        self.smtp_security.setCurrentText(mail.security)
        self.smtp_user = QLineEdit(mail.username)
        self.smtp_password = QLineEdit()
        self.smtp_password.setEchoMode(QLineEdit.EchoMode.Password)
        self.smtp_password.setPlaceholderText(_("(kept in the system keyring)"))
        self.smtp_from = QLineEdit(mail.from_address)
        self.smtp_from_name = QLineEdit(mail.from_name)
        self.smtp_result = QLabel()
        test = QPushButton(_("Test connection"))
        test.clicked.connect(self._test_smtp)
        form.addRow(_("Server:"), self.smtp_host)
        form.addRow(_("Port:"), self.smtp_port)
        form.addRow(_("Security:"), self.smtp_security)
        form.addRow(_("User name:"), self.smtp_user)
        form.addRow(_("Password:"), self.smtp_password)
        form.addRow(_("From address:"), self.smtp_from)
        form.addRow(_("From name:"), self.smtp_from_name)
        form.addRow(test, self.smtp_result)
        return page

    def _test_smtp(self) -> None:
        from desktop.core.delivery.smtp import SmtpConfig, check_connection

        config = SmtpConfig(host=self.smtp_host.text().strip(), port=self.smtp_port.value(),
                            security=self.smtp_security.currentText(), username=self.smtp_user.text().strip(),
                            password=self.smtp_password.text(), timeout=10)  # fmt: skip
        try:
            self.smtp_result.setText(check_connection(config))
        except MissivaError as exc:
            self.smtp_result.setText(exc.describe())

    def _interface_page(self) -> QWidget:
        page = QWidget()
        form = QFormLayout(page)
        self.ui_language = QComboBox()
        self.ui_language.setObjectName("ui_language")
        for code, name in UI_LANGUAGE_CHOICES:
            self.ui_language.addItem(_("Follow the system") if not code else name, code)
        self.ui_language.setCurrentIndex(
            max(0, self.ui_language.findData(self.ctx.settings.ui_language))
        )
        folder = QLabel(str(self.ctx.paths.data_dir))
        folder.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        form.addRow(_("Interface language:"), self.ui_language)
        form.addRow(_("Data folder:"), folder)
        return page

    # -- saving --------------------------------------------------------------------------------

    def overlay(self) -> dict[str, Any]:
        """Return the user's settings overlay as it will be written (TOML data)."""
        path = self.ctx.paths.settings_file
        data: dict[str, Any] = (
            tomllib.loads(path.read_text(encoding="utf-8")) if path.is_file() else {}
        )
        org = data.setdefault("organisation", {})
        org.update(
            name=self.org_name.text().strip(),
            address_lines=[ln.strip() for ln in self.org_address.toPlainText().splitlines() if ln.strip()],
            city=self.org_city.text().strip(), phone=self.org_phone.text().strip(),
            email=self.org_email.text().strip(), website=self.org_website.text().strip(),
            logo=self.org_logo.text().strip(), primary_colour=self.org_primary.property("colour"),
            accent_colour=self.org_accent.property("colour"), page_size=self.org_page.currentData(),
            footer=self.org_footer.text().strip(),
        )  # fmt: skip
        base = self.ctx.settings.organisation
        if "signatories" not in org and base.signatories:
            org["signatories"] = [
                {**dataclasses.asdict(s), "image": str(base.resolve(s.image) or "")}
                for s in base.signatories
            ]
        data["series"] = [
            {k: (list(v) if isinstance(v, tuple) else v) for k, v in dataclasses.asdict(s).items()}
            for s in self._series
        ]
        glossary = {}
        for line in self.glossary.toPlainText().splitlines():
            if "=" in line:
                key, value = line.split("=", 1)
                glossary[key.strip()] = value.strip()
        data.setdefault("proofing", {}).update(
            languagetool_url=self.lt_url.text().strip(),
            picky=self.picky.isChecked(),
            glossary=glossary,
        )
        data.setdefault("mail", {}).update(
            host=self.smtp_host.text().strip(), port=self.smtp_port.value(),
            security=self.smtp_security.currentText(), username=self.smtp_user.text().strip(),
            from_address=self.smtp_from.text().strip(), from_name=self.smtp_from_name.text().strip(),
        )  # fmt: skip
        data["ui_language"] = self.ui_language.currentData()
        return data

    def save(self) -> None:
        """Validate everything, write the settings and reload them; stay open on an error."""
        if self._series_errors:
            self.tabs.setCurrentIndex(1)
            return
        data = self.overlay()
        try:
            settings_from_dict(data, base_dir=self.ctx.paths.data_dir)
            if self.smtp_password.text():
                from desktop.core.delivery.secrets import store_smtp_password

                store_smtp_password(self.smtp_host.text().strip(), self.smtp_user.text().strip(),
                                    self.smtp_password.text())  # fmt: skip
            save_user_settings(self.ctx.paths, data)
            self.ctx.reload_settings()
        except (SettingsError, MissivaError) as exc:
            self.save_error.setText(exc.describe())
            self.save_error.show()
            return
        self.accept()
