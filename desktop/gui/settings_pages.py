"""Pages of the settings dialog: organisation, numbering series and e-mail, plus their base.

Every page edits a copy of the settings and refuses an invalid value next to its field (an
:func:`error_label` under it). The dialog asks each page for :meth:`SettingsPage.problems`
before saving, lets it write its part of the ``settings.toml`` overlay
(:meth:`SettingsPage.write`) and keep its secrets in the keyring (:meth:`SettingsPage.store_secrets`).
"""

from __future__ import annotations

import dataclasses
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QColorDialog,
    QComboBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QWidget,
)

from desktop.core.errors import MissivaError
from desktop.core.i18n import _, ui_language
from desktop.core.services.context import AppContext
from desktop.core.settings import (
    PAGE_SIZES,
    RESETS,
    Series,
    edited_text,
    localised,
    profile_text_data,
)


def error_label(name: str = "") -> QLabel:
    """Return a hidden label that shows why the field above it was refused."""
    label = QLabel()
    if name:
        label.setObjectName(name)
    label.setWordWrap(True)
    label.setStyleSheet("color: palette(link-visited); font-style: italic;")
    label.hide()
    return label


def show_error(label: QLabel, message: str) -> None:
    """Show ``message`` in an error label, or hide the label when the message is empty."""
    label.setText(message)
    label.setVisible(bool(message))


class SettingsPage(QWidget):
    """One tab of the settings dialog; emits ``problems_changed`` when its validity changes."""

    problems_changed = Signal()

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx

    def problems(self) -> list[str]:
        """Return the refused values still shown on this page (empty when all are valid)."""
        return []

    def write(self, data: dict[str, Any]) -> None:
        """Write this page's values into the ``settings.toml`` overlay ``data``."""

    def store_secrets(self) -> None:
        """Keep passwords typed on this page in the OS keyring (raises MissivaError)."""


class OrganisationPage(SettingsPage):
    """The letterhead: name, address, contacts, logo, colours, page size and footer."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        org = ctx.settings.organisation
        form = QFormLayout(self)
        self.name = QLineEdit(org.name)
        self._address = tuple(org.address_lines)  # lines written per language keep the others
        shown = ui_language().replace("_", "-")
        self.address = QPlainTextEdit("\n".join(localised(ln, shown) for ln in org.address_lines))
        self.address.setFixedHeight(self.address.fontMetrics().lineSpacing() * 4 + 12)
        self.address.setTabChangesFocus(True)
        self.city = QLineEdit(org.city)
        self.phone = QLineEdit(org.phone)
        self.email = QLineEdit(org.email)
        self.website = QLineEdit(org.website)
        self.logo = QLineEdit(str(org.resolve(org.logo) or ""))
        browse = QPushButton(_("Choose…"))
        browse.clicked.connect(self._choose_logo)
        logo_row = QHBoxLayout()
        logo_row.addWidget(self.logo, 1)
        logo_row.addWidget(browse)
        self.primary = self._colour_button(org.primary_colour)
        self.accent = self._colour_button(org.accent_colour)
        self.page_size = QComboBox()
        for size in PAGE_SIZES:
            self.page_size.addItem(_("US Letter") if size == "Letter" else size, size)
        self.page_size.setCurrentIndex(max(0, self.page_size.findData(org.page_size)))
        self._footer = org.footer  # kept whole: a table per letter language keeps the others
        self.footer = QLineEdit(localised(org.footer, ui_language().replace("_", "-")))
        form.addRow(_("Name:"), self.name)
        form.addRow(_("Address:"), self.address)
        form.addRow(_("City (date line):"), self.city)
        form.addRow(_("Phone:"), self.phone)
        form.addRow(_("E-mail:"), self.email)
        form.addRow(_("Website:"), self.website)
        form.addRow(_("Logo:"), logo_row)
        form.addRow(_("Main colour:"), self.primary)
        form.addRow(_("Accent colour:"), self.accent)
        form.addRow(_("Page size:"), self.page_size)
        form.addRow(_("Footer:"), self.footer)

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
            self.logo.setText(path)

    def _address_lines(self) -> list[str | dict[str, str]]:
        """Return the typed address lines; a line that was a table per language stays one."""
        shown = ui_language().replace("_", "-")
        typed = [ln.strip() for ln in self.address.toPlainText().splitlines() if ln.strip()]
        return [
            profile_text_data(edited_text(self._address[i], line, shown))
            if i < len(self._address)
            else line
            for i, line in enumerate(typed)
        ]

    def write(self, data: dict[str, Any]) -> None:
        """Write the organisation's letterhead values."""
        data.setdefault("organisation", {}).update(
            name=self.name.text().strip(),
            address_lines=self._address_lines(),
            city=self.city.text().strip(), phone=self.phone.text().strip(),
            email=self.email.text().strip(), website=self.website.text().strip(),
            logo=self.logo.text().strip(), primary_colour=self.primary.property("colour"),
            accent_colour=self.accent.property("colour"), page_size=self.page_size.currentData(),
            footer=profile_text_data(
                edited_text(self._footer, self.footer.text().strip(), ui_language().replace("_", "-"))
            ),
        )  # fmt: skip


def reference_preview(ctx: AppContext, series: Series) -> str:
    """Return the next reference ``series`` would give (raises SettingsError if invalid)."""
    from desktop.core.register.numbering import NumberContext, format_reference, validate_pattern

    validate_pattern(series.pattern, series.reset, series=series.id)
    if "register" in ctx.__dict__:  # already open: ask it (its counters), else assume the first
        return str(ctx.register.preview_next_reference(series))
    context = NumberContext(ctx.today(), series.id, series.unit, series.kinds[0] if series.kinds else "",
                            series.classification)  # fmt: skip
    return format_reference(series.pattern, 1, context)


class SeriesPage(SettingsPage):
    """Numbering series: pattern, reset and unit, with a live preview of the next reference."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.series = list(ctx.settings.series)
        self.errors: dict[str, str] = {}
        self.list = QListWidget()
        self.list.setObjectName("series_list")
        self.list.addItems([s.id for s in self.series])
        self.list.setMaximumWidth(self.list.fontMetrics().horizontalAdvance("M") * 12)
        self.pattern = QLineEdit()
        self.pattern.setObjectName("series_pattern")
        self.reset = QComboBox()
        names = {"yearly": _("every year"), "monthly": _("every month"), "never": _("never")}
        for reset in RESETS:
            self.reset.addItem(names[reset], reset)
        self.unit = QLineEdit()
        self.error = error_label("series_error")
        self.preview = QLabel()
        self.preview.setObjectName("series_preview")
        help_text = QLabel(
            _(
                "Tokens: {seq} {seq:03} {year} {yy} {month} {month_roman} {unit} {series} {kind} {classification}"
            )
        )
        help_text.setWordWrap(True)
        help_text.setEnabled(False)
        form = QFormLayout()
        form.addRow(_("Pattern:"), self.pattern)
        form.addRow("", self.error)
        form.addRow(_("Restart numbering:"), self.reset)
        form.addRow(_("Unit code:"), self.unit)
        form.addRow(_("Next reference:"), self.preview)
        form.addRow("", help_text)
        layout = QHBoxLayout(self)
        layout.addWidget(self.list)
        layout.addLayout(form, 1)
        self._row = -1
        self.list.currentRowChanged.connect(self._on_list_row_changed)
        self.pattern.textChanged.connect(self._on_edited)
        self.reset.currentIndexChanged.connect(self._on_edited)
        self.unit.textChanged.connect(self._on_edited)
        if self.series:
            self.list.setCurrentRow(0)

    def _on_list_row_changed(self, row: int) -> None:
        self._row = -1
        if 0 <= row < len(self.series):
            series = self.series[row]
            self.pattern.setText(series.pattern)
            self.reset.setCurrentIndex(max(0, self.reset.findData(series.reset)))
            self.unit.setText(series.unit)
        self._row = row
        self._on_edited()

    def _on_edited(self) -> None:
        row = self._row
        if not 0 <= row < len(self.series):
            return
        series = dataclasses.replace(
            self.series[row], pattern=self.pattern.text(), reset=self.reset.currentData(),
            unit=self.unit.text().strip(),
        )  # fmt: skip
        self.series[row] = series
        try:
            preview = reference_preview(self.ctx, series)
        except MissivaError as exc:
            self.errors[series.id] = exc.describe()
            show_error(self.error, exc.describe())
            self.preview.setText("—")
        else:
            self.errors.pop(series.id, None)
            show_error(self.error, "")
            self.preview.setText(f"<b>{preview.replace('&', '&amp;').replace('<', '&lt;')}</b>")
        self.problems_changed.emit()

    def problems(self) -> list[str]:
        """Return the invalid patterns, one message per series."""
        return list(self.errors.values())

    def write(self, data: dict[str, Any]) -> None:
        """Write every series (the whole list replaces the sample's)."""
        data["series"] = [
            {k: (list(v) if isinstance(v, tuple) else v) for k, v in dataclasses.asdict(s).items()}
            for s in self.series
        ]


class MailPage(SettingsPage):
    """SMTP server, login and sender; the password goes to the keyring, never the file."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        mail = ctx.settings.mail
        form = QFormLayout(self)
        self.host = QLineEdit(mail.host)
        self.port = QSpinBox()
        self.port.setRange(1, 65535)
        self.port.setValue(mail.port)
        self.security = QComboBox()
        self.security.addItems(["starttls", "tls", "none"])
        self.security.setCurrentText(mail.security)
        self.user = QLineEdit(mail.username)
        self.password = QLineEdit()
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.password.setPlaceholderText(_("(kept in the system keyring)"))
        self.from_address = QLineEdit(mail.from_address)
        self.from_name = QLineEdit(mail.from_name)
        self.result = QLabel()
        self.result.setWordWrap(True)
        test = QPushButton(_("Test connection"))
        test.clicked.connect(self._test)
        form.addRow(_("Server:"), self.host)
        form.addRow(_("Port:"), self.port)
        form.addRow(_("Security:"), self.security)
        form.addRow(_("User name:"), self.user)
        form.addRow(_("Password:"), self.password)
        form.addRow(_("From address:"), self.from_address)
        form.addRow(_("From name:"), self.from_name)
        form.addRow(test, self.result)

    def _test(self) -> None:
        from desktop.core.delivery.smtp import SmtpConfig, check_connection

        config = SmtpConfig(host=self.host.text().strip(), port=self.port.value(),
                            security=self.security.currentText(), username=self.user.text().strip(),
                            password=self.password.text(), timeout=10)  # fmt: skip
        try:
            self.result.setText(check_connection(config))
        except MissivaError as exc:
            self.result.setText(exc.describe())

    def write(self, data: dict[str, Any]) -> None:
        """Write the SMTP connection (without the password)."""
        data.setdefault("mail", {}).update(
            host=self.host.text().strip(), port=self.port.value(),
            security=self.security.currentText(), username=self.user.text().strip(),
            from_address=self.from_address.text().strip(), from_name=self.from_name.text().strip(),
        )  # fmt: skip

    def store_secrets(self) -> None:
        """Keep a typed SMTP password in the keyring (raises DeliveryError without one)."""
        if self.password.text():
            from desktop.core.delivery.secrets import store_smtp_password

            store_smtp_password(self.host.text().strip(), self.user.text().strip(),
                                self.password.text())  # fmt: skip
