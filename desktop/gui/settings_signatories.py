"""Settings page: the people who sign letters, and the certificate that signs PDFs digitally.

A signatory is a name, title, unit, staff number (NIP) and signature image, printed in every
letter's signature block. The digital signature is separate: the path of a PKCS#12 file, the
signatory's own or else the organisation's (``signing_certificate``), whose password is kept in
the OS keyring (one per certificate file), never in a settings file.
Each value is checked as it is typed and refused next to its field.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from desktop.core.errors import NotACertificate, PasswordMissing, SigningError, WrongPassword
from desktop.core.i18n import _, ui_language
from desktop.core.services.context import AppContext
from desktop.core.settings import (
    LocalText,
    Signatory,
    edited_text,
    localised,
    profile_text_data,
    signatory_problems,
)
from desktop.gui.settings_pages import SettingsPage, error_label, show_error

FIELDS = ("id", "name", "title", "unit", "staff_number", "image", "certificate")


def letter_language_of_ui() -> str:
    """Return the letter language matching the interface language ("pt_BR" -> "pt-BR")."""
    return ui_language().replace("_", "-")


def certificate_status(ctx: AppContext, text: str, password: str) -> tuple[str, str]:
    """Check a PKCS#12 path (and a typed password); return ``(error, information)``.

    Without a typed password the one kept in the keyring is tried; a file that needs a password
    nobody gave is accepted (Missiva asks when it signs).
    """
    from desktop.core.signing import load_identity, password_from_keyring

    if not text.strip():
        return "", _("No certificate: letters are not signed digitally.")
    path = Path(text.strip()).expanduser()
    if not path.is_file():
        return _("No file at {path}.").format(path=path), ""
    secret: str | bytes | None = password or password_from_keyring(path)
    try:
        identity = load_identity(path, secret, now=ctx.clock())
    except PasswordMissing:
        return "", _("Missiva will ask for its password when it signs (or type it here).")
    except WrongPassword:
        if not password:
            return _("The password in the keyring no longer opens it: type it again."), ""
        return _("Wrong password for this certificate."), ""
    except NotACertificate:
        return _("Not a PKCS#12 (.p12 or .pfx) certificate file."), ""
    except SigningError as exc:
        return _("This certificate cannot sign: {reason}").format(reason=exc.message), ""
    info = identity.info
    return "", _("{name}, valid until {date}").format(
        name=info.common_name, date=f"{info.not_after:%Y-%m-%d}"
    )


class SignatoriesPage(SettingsPage):
    """List of signatories with Add/Remove, a form for the selected one, and the certificate."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        org = ctx.settings.organisation
        self.people = [
            dataclasses.replace(
                p,
                image=str(org.resolve(p.image) or ""),
                certificate=str(org.resolve(p.certificate) or ""),
            )
            for p in org.signatories
        ]
        self._typed_passwords: dict[str, str] = {}  # certificate path -> password typed
        self._person_cert_problem = ""
        self.list = QListWidget()
        self.list.setObjectName("signatory_list")
        self.list.setMaximumWidth(self.list.fontMetrics().horizontalAdvance("M") * 14)
        add = QPushButton(_("Add"))
        add.setObjectName("add_signatory")
        self.remove_button = QPushButton(_("Remove"))
        add.clicked.connect(self.add_signatory)
        self.remove_button.clicked.connect(self.remove_signatory)
        side = QVBoxLayout()
        side.addWidget(self.list, 1)
        buttons = QHBoxLayout()
        buttons.addWidget(add)
        buttons.addWidget(self.remove_button)
        side.addLayout(buttons)

        self.edits: dict[str, QLineEdit] = {}
        self.errors: dict[str, QLabel] = {}
        self.unit = QComboBox()
        self.unit.setEditable(True)
        for code, name in org.units.items():
            self.unit.addItem(f"{code} — {localised(name, letter_language_of_ui())}", code)
        form = QFormLayout()
        labels = {"id": _("Id:"), "name": _("Name:"), "title": _("Title:"), "unit": _("Unit:"),
                  "staff_number": _("Staff number (NIP):"), "image": _("Signature image:"),
                  "certificate": _("Certificate:")}  # fmt: skip
        for name in FIELDS:
            edit = QLineEdit()
            edit.setObjectName(f"signatory_{name}")
            self.edits[name] = edit
            self.errors[name] = error_label(f"signatory_{name}_error")
            if name == "unit":
                self.unit.setLineEdit(edit)
                form.addRow(labels[name], self.unit)
            elif name in ("image", "certificate"):
                browse = QPushButton(_("Choose…"))
                browse.clicked.connect(
                    self._choose_image if name == "image" else self._choose_person_certificate
                )
                row = QHBoxLayout()
                row.addWidget(edit, 1)
                row.addWidget(browse)
                form.addRow(labels[name], row)
            else:
                form.addRow(labels[name], edit)
            if name == "title":
                self.title_languages = QLabel()
                self.title_languages.setObjectName("signatory_title_languages")
                self.title_languages.setWordWrap(True)
                self.title_languages.hide()
                form.addRow("", self.title_languages)
            form.addRow("", self.errors[name])
            edit.textEdited.connect(self._on_field_edited)
        self.unit.activated.connect(self._on_unit_activated)
        self.edits["certificate"].setPlaceholderText(_("(the organisation's certificate)"))
        self.edits["certificate"].editingFinished.connect(self.check_person_certificate)
        self.person_password = QLineEdit()
        self.person_password.setObjectName("signatory_certificate_password")
        self.person_password.setEchoMode(QLineEdit.EchoMode.Password)
        self.person_password.setPlaceholderText(_("(kept in the system keyring)"))
        self.person_password.editingFinished.connect(self.check_person_certificate)
        self.person_cert_error = error_label("signatory_certificate_password_error")
        self.person_cert_info = QLabel()
        self.person_cert_info.setObjectName("signatory_certificate_info")
        self.person_cert_info.setWordWrap(True)
        form.addRow(_("Password:"), self.person_password)
        form.addRow("", self.person_cert_error)
        form.addRow("", self.person_cert_info)
        self.image_preview = QLabel()
        self.image_preview.setObjectName("signature_preview")
        self.image_preview.setFixedHeight(self.fontMetrics().lineSpacing() * 3)
        # on paper, as in the letter: dark ink stays readable with a dark palette
        self.image_preview.setStyleSheet("background: white; border: 1px solid palette(mid);")
        self.image_preview.setSizePolicy(QSizePolicy.Policy.Maximum, QSizePolicy.Policy.Fixed)
        form.addRow("", self.image_preview)
        self.form_box = QWidget()
        self.form_box.setLayout(form)
        top = QHBoxLayout()
        top.addLayout(side)
        top.addWidget(self.form_box, 1)

        box = QGroupBox(_("Digital signature (PDF)"))
        cert_form = QFormLayout(box)
        self.certificate = QLineEdit(ctx.settings.signing_certificate)
        self.certificate.setObjectName("certificate_path")
        self.certificate.setPlaceholderText(_("PKCS#12 file (.p12 or .pfx)"))
        browse = QPushButton(_("Choose…"))
        browse.clicked.connect(self._choose_certificate)
        row = QHBoxLayout()
        row.addWidget(self.certificate, 1)
        row.addWidget(browse)
        self.cert_password = QLineEdit()
        self.cert_password.setObjectName("certificate_password")
        self.cert_password.setEchoMode(QLineEdit.EchoMode.Password)
        self.cert_password.setPlaceholderText(_("(kept in the system keyring)"))
        self.cert_error = error_label("certificate_error")
        self.cert_info = QLabel()
        self.cert_info.setObjectName("certificate_info")
        self.cert_info.setWordWrap(True)
        cert_form.addRow(_("Certificate:"), row)
        cert_form.addRow(_("Password:"), self.cert_password)
        cert_form.addRow("", self.cert_error)
        cert_form.addRow("", self.cert_info)
        self.certificate.editingFinished.connect(self.check_certificate)
        self.cert_password.editingFinished.connect(self.check_certificate)
        self._cert_problem = ""

        layout = QVBoxLayout(self)
        layout.addLayout(top, 1)
        layout.addWidget(box)
        self._row = -1
        self._problems: dict[int, dict[str, str]] = {}
        self.list.currentRowChanged.connect(self._on_list_row_changed)
        for index in range(len(self.people)):
            self._refresh_item(index)
        if self.people:
            self.list.setCurrentRow(0)
        self._update_enabled()
        self.check_certificate()

    # -- signatories ---------------------------------------------------------------------------

    def _refresh_item(self, index: int) -> None:
        person = self.people[index]
        text = f"{person.name or '?'} ({person.id or '?'})"
        if index < self.list.count():
            self.list.item(index).setText(text)
        else:
            self.list.addItem(text)

    def _show_title_languages(self, title: str) -> None:
        """Name the title's other languages under it (they are kept when this one is edited)."""
        edit = self.edits["title"]
        if isinstance(title, LocalText) and len(title.texts) > 1:
            edit.setToolTip("\n".join(f"{lang}: {text}" for lang, text in title.texts.items()))
            self.title_languages.setText(
                _("Also in: {languages} (edit settings.toml to change those).").format(
                    languages=", ".join(
                        f"{lang} “{text}”"
                        for lang, text in title.texts.items()
                        if text != edit.text()
                    )
                )
            )
            self.title_languages.show()
        else:
            edit.setToolTip("")
            self.title_languages.clear()
            self.title_languages.hide()

    def _update_enabled(self) -> None:
        self.form_box.setEnabled(self._row >= 0)
        self.remove_button.setEnabled(self._row >= 0)

    def _on_list_row_changed(self, row: int) -> None:
        self._row = -1
        if 0 <= row < len(self.people):
            person = self.people[row]
            for name in FIELDS:
                value = getattr(person, name)
                self.edits[name].setText(localised(value, letter_language_of_ui()))
            self._show_title_languages(person.title)
        else:
            for edit in self.edits.values():
                edit.clear()
        self._row = row
        self._update_enabled()
        self._validate()
        self.person_password.clear()
        self.check_person_certificate()

    def _on_unit_activated(self, index: int) -> None:
        self.edits["unit"].setText(str(self.unit.itemData(index) or ""))
        self._on_field_edited()

    def _on_field_edited(self) -> None:
        row = self._row
        if not 0 <= row < len(self.people):
            return
        typed = {n: self.edits[n].text().strip() for n in FIELDS}
        # a title written per letter language keeps the languages not shown here
        typed["title"] = edited_text(
            self.people[row].title, typed["title"], letter_language_of_ui()
        )
        self.people[row] = Signatory(**typed)
        self._show_title_languages(self.people[row].title)
        self._refresh_item(row)
        self._validate()

    def _validate(self) -> None:
        self._problems = {}
        for index, person in enumerate(self.people):
            found = signatory_problems(
                person, self.people[:index], base_dir=self.ctx.paths.data_dir
            )
            if found:
                self._problems[index] = found
        shown = self._problems.get(self._row, {})
        for name, label in self.errors.items():
            show_error(label, shown.get(name, ""))
        self._show_image()
        self.problems_changed.emit()

    def _show_image(self) -> None:
        path = self.edits["image"].text().strip()
        pixmap = (
            QPixmap(path) if path and "image" not in self._problems.get(self._row, {}) else None
        )
        if pixmap is None or pixmap.isNull():
            self.image_preview.clear()
            self.image_preview.hide()
            return
        ratio = self.devicePixelRatioF()  # full resolution on high-DPI screens
        scaled = pixmap.scaledToHeight(
            round((self.image_preview.height() - 2) * ratio),
            Qt.TransformationMode.SmoothTransformation,
        )
        scaled.setDevicePixelRatio(ratio)
        self.image_preview.setPixmap(scaled)
        self.image_preview.show()

    def add_signatory(self) -> None:
        """Add a blank signatory and put the cursor in its name."""
        taken = {p.id for p in self.people}
        number = len(self.people) + 1
        while f"person{number}" in taken:
            number += 1
        self.people.append(Signatory(id=f"person{number}", name=""))
        self._refresh_item(len(self.people) - 1)
        self.list.setCurrentRow(len(self.people) - 1)
        self.edits["name"].setFocus()

    def remove_signatory(self) -> None:
        """Remove the selected signatory."""
        row = self._row
        if not 0 <= row < len(self.people):
            return
        del self.people[row]
        self.list.takeItem(row)
        self._on_list_row_changed(self.list.currentRow())

    def _choose_image(self) -> None:
        path, _chosen = QFileDialog.getOpenFileName(
            self, _("Signature image"), "", _("Images (*.png *.jpg *.jpeg)")
        )
        if path:
            self.edits["image"].setText(path)
            self._on_field_edited()

    def _choose_person_certificate(self) -> None:
        path, _chosen = QFileDialog.getOpenFileName(
            self, _("Signing certificate"), "", _("PKCS#12 certificates (*.p12 *.pfx)")
        )
        if path:
            self.edits["certificate"].setText(path)
            self._on_field_edited()
            self.check_person_certificate()

    def check_person_certificate(self) -> None:
        """Check the selected signatory's own certificate and the password typed for it."""
        path = self.edits["certificate"].text().strip()
        password = self.person_password.text()
        if path and password:
            self._typed_passwords[path] = password
        error, info = "", ""
        if path and "certificate" not in self._problems.get(self._row, {}):
            error, info = certificate_status(
                self.ctx, path, password or self._typed_passwords.get(path, "")
            )
        self._person_cert_problem = error
        show_error(self.person_cert_error, error)
        self.person_cert_info.setText(info)
        self.problems_changed.emit()

    # -- certificate ---------------------------------------------------------------------------

    def _choose_certificate(self) -> None:
        path, _chosen = QFileDialog.getOpenFileName(
            self, _("Signing certificate"), "", _("PKCS#12 certificates (*.p12 *.pfx)")
        )
        if path:
            self.certificate.setText(path)
            self.check_certificate()

    def check_certificate(self) -> None:
        """Check the certificate path and password; refuse a bad one next to the field."""
        error, info = certificate_status(
            self.ctx, self.certificate.text(), self.cert_password.text()
        )
        self._cert_problem = error
        show_error(self.cert_error, error)
        self.cert_info.setText(info)
        self.problems_changed.emit()

    # -- dialog --------------------------------------------------------------------------------

    def problems(self) -> list[str]:
        """Return the refused values: signatory fields and the certificate."""
        found = [
            f"{self.people[i].id}: {message}"
            for i, fields in sorted(self._problems.items())
            for message in fields.values()
        ]
        found += [p for p in (self._person_cert_problem, self._cert_problem) if p]
        return found

    def write(self, data: dict[str, Any]) -> None:
        """Write the whole list of signatories and the certificate path."""
        data.setdefault("organisation", {})["signatories"] = [
            {
                k: profile_text_data(v) if k == "title" else v
                for k, v in dataclasses.asdict(p).items()
                if v or k in ("id", "name")
            }
            for p in self.people
        ]
        data["signing_certificate"] = self.certificate.text().strip()

    def store_secrets(self) -> None:
        """Keep typed certificate passwords in the keyring (raises SigningError without one)."""
        from desktop.core.signing import store_password_in_keyring

        if self.cert_password.text() and self.certificate.text().strip():
            store_password_in_keyring(
                Path(self.certificate.text().strip()).expanduser(), self.cert_password.text()
            )
        used = {p.certificate for p in self.people if p.certificate}
        for path, password in self._typed_passwords.items():
            if path in used:
                store_password_in_keyring(Path(path).expanduser(), password)
