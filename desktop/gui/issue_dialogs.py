"""The two dialogs around issuing: the proofing gate (before) and the result (after).

The gate dialog lists the blocking issues, asks for a written reason to override them, shows the
reference the letter will get, the formats to write and whether to sign digitally (checked and
locked when the series requires it; issuing waits for a certificate then). The result dialog says
who signed, when the letter was signed digitally, and offers Open, Print,
E-mail (see :mod:`desktop.gui.mail_dialog`), Show in folder and, for chat snippets, Copy (the
plain text goes to the clipboard).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QDesktopServices, QGuiApplication
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop.core.i18n import _
from desktop.core.settings import Series


class GateDialog(QDialog):
    """Confirm issuing: blocking issues (override with a reason), reference, formats, signing."""

    def __init__(
        self,
        report: object,
        reference: str,
        kind: str,
        parent: QWidget | None = None,
        *,
        series: Series | None = None,
        certificate: str = "",
    ) -> None:
        super().__init__(parent)
        self.setObjectName("gate_dialog")
        self.setWindowTitle(_("Issue document"))
        self.setMinimumWidth(520)
        self._report = report
        blocking = tuple(getattr(report, "blocking", ()))
        self.blocking_count = len(blocking)
        layout = QVBoxLayout(self)
        ref_label = QLabel(
            _("This document will be registered as <b>{reference}</b>.").format(
                reference=_html(reference)
            )
        )
        ref_label.setObjectName("gate_reference")
        layout.addWidget(ref_label)
        self.issue_list = QListWidget()
        self.issue_list.setObjectName("gate_issues")
        self.reason_edit = QLineEdit()
        self.reason_edit.setObjectName("gate_reason")
        self.reason_edit.setPlaceholderText(_("Why issue it anyway? (kept in the register)"))
        if blocking:
            warn = QLabel(
                _(
                    "Proofing found {n} blocking issue(s). Fix them, or give a reason to issue anyway."
                ).format(n=len(blocking))
            )
            warn.setWordWrap(True)
            layout.addWidget(warn)
            for issue in blocking:
                line, column = report.position(issue.offset)  # type: ignore[attr-defined]
                flagged = report.flagged(issue)  # type: ignore[attr-defined]
                self.issue_list.addItem(f"{line}:{column}  «{flagged}»  {issue.message}")
            layout.addWidget(self.issue_list)
            form = QFormLayout()
            form.addRow(_("Override reason:"), self.reason_edit)
            layout.addLayout(form)
        else:
            ok = QLabel(_("Proofing found no blocking issues."))
            layout.addWidget(ok)
            self.issue_list.hide()
            self.reason_edit.hide()
        formats = QHBoxLayout()
        formats.addWidget(QLabel(_("Formats:")))
        self.format_boxes: dict[str, QCheckBox] = {}
        defaults = {"snippet": ("txt",), "email": ("html", "txt")}.get(kind, ("pdf",))
        offered = ("txt",) if kind == "snippet" else ("pdf", "docx", "html", "txt")
        for fmt in offered:
            box = QCheckBox(fmt.upper())
            box.setChecked(fmt in defaults)
            box.toggled.connect(self._update)
            self.format_boxes[fmt] = box
            formats.addWidget(box)
        formats.addStretch(1)
        layout.addLayout(formats)
        self._add_signing(layout, series, certificate)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.issue_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.issue_button.setText(_("Issue"))
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(_("Cancel"))
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self.reason_edit.textChanged.connect(self._update)
        self._update()

    def _add_signing(self, layout: QVBoxLayout, series: Series | None, certificate: str) -> None:
        """Add the "Sign digitally" box and the line under it that says why it is as it is."""
        self.certificate = certificate.strip()
        self.sign_required = bool(series and series.sign_pdf)
        self._series_id = series.id if series else ""
        text = _("Sign digitally")
        if self.certificate:
            text = _("Sign digitally with the certificate {file}").format(
                file=Path(self.certificate).name
            )
        self.sign_box = QCheckBox(text)
        self.sign_box.setObjectName("gate_sign")
        self.sign_box.setToolTip(
            _(
                "A digital signature made with your PKCS#12 certificate: PAdES inside the PDF, "
                "a .p7s file beside a DOCX. It is separate from the signature block printed on "
                "the letter and from the register's verification code, which every letter has."
            )
        )
        self.sign_box.setChecked(self.sign_required)
        self.sign_box.setEnabled(bool(self.certificate) and not self.sign_required)
        self.sign_box.toggled.connect(self._update)
        self.sign_note = QLabel()
        self.sign_note.setObjectName("gate_sign_note")
        self.sign_note.setWordWrap(True)
        layout.addWidget(self.sign_box)
        layout.addWidget(self.sign_note)

    def _update(self) -> None:
        reason_ok = not self.blocking_count or bool(self.reason_edit.text().strip())
        signing_ok = not self.sign_required or bool(self.certificate)
        self.issue_button.setEnabled(reason_ok and signing_ok and bool(self.formats()))
        self.sign_note.setText(self._sign_note_text())
        self.sign_note.setVisible(bool(self.sign_note.text()))

    def _sign_note_text(self) -> str:
        if not self.certificate and self.sign_required:
            return _(
                "Series {series} requires a digital signature, and no certificate is set. "
                "Choose one in Settings › Signatories, then issue."
            ).format(series=self._series_id)
        if not self.certificate:
            return _("No certificate is set (Settings › Signatories): no digital signature.")
        if self.sign_box.isChecked() and not {"pdf", "docx"} & set(self.formats()):
            return _("Only PDF and DOCX files carry a digital signature.")
        if self.sign_required:
            return _("Series {series} requires a digital signature.").format(series=self._series_id)
        return ""

    def sign(self) -> bool:
        """Return whether the letter is to be signed digitally (with :attr:`certificate`)."""
        return self.sign_box.isChecked() and bool(self.certificate)

    def formats(self) -> tuple[str, ...]:
        """Return the chosen output formats."""
        return tuple(fmt for fmt, box in self.format_boxes.items() if box.isChecked())

    def override_reason(self) -> str | None:
        """Return the reason typed (``None`` when there was nothing to override)."""
        text = self.reason_edit.text().strip()
        return text if self.blocking_count and text else None


class IssuedDialog(QDialog):
    """Say what was issued and offer what to do with it."""

    def __init__(
        self,
        reference: str,
        code: str,
        files: Sequence[Path],
        *,
        snippet_text: str | None = None,
        on_printed: Callable[[], None] | None = None,
        on_mail: Callable[[], None] | None = None,
        signature: str = "",
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("issued_dialog")
        self.on_printed = on_printed
        self.status_label = QLabel()
        self.status_label.setObjectName("issued_status")
        self.status_label.setWordWrap(True)
        self.status_label.hide()
        self.setWindowTitle(_("Issued"))
        self.files = list(files)
        layout = QVBoxLayout(self)
        layout.addWidget(
            QLabel(_("Issued as <b>{reference}</b>").format(reference=_html(reference)))
        )
        layout.addWidget(QLabel(_("Verification code: {code}").format(code=code)))
        self.signature_label = QLabel(signature)
        self.signature_label.setObjectName("issued_signature")
        self.signature_label.setTextFormat(Qt.TextFormat.PlainText)
        self.signature_label.setWordWrap(True)
        self.signature_label.setVisible(bool(signature))
        layout.addWidget(self.signature_label)
        for path in self.files:
            label = QLabel(str(path))
            label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            layout.addWidget(label)
        row = QHBoxLayout()
        self.open_button = QPushButton(_("Open"))
        self.open_button.clicked.connect(self._open)
        self.folder_button = QPushButton(_("Show in folder"))
        self.folder_button.clicked.connect(self._show_folder)
        row.addWidget(self.open_button)
        pdf = next((p for p in self.files if p.suffix.lower() == ".pdf"), None)
        if pdf is not None:
            self.print_button = QPushButton(_("Print…"))
            self.print_button.clicked.connect(lambda: self._print(pdf))
            row.addWidget(self.print_button)
        self.mail_button: QPushButton | None = None
        if on_mail is not None:
            self.mail_button = QPushButton(_("E-mail…"))
            self.mail_button.setObjectName("issued_mail")
            self.mail_button.clicked.connect(on_mail)
            row.addWidget(self.mail_button)
        row.addWidget(self.folder_button)
        self.snippet_text = snippet_text
        if snippet_text is not None:
            self.copy_button = QPushButton(_("Copy"))
            self.copy_button.setObjectName("copy_snippet")
            self.copy_button.clicked.connect(self.copy_snippet)
            row.addWidget(self.copy_button)
            self.copy_button.setDefault(True)
        row.addStretch(1)
        close = QPushButton(_("Close"))
        close.clicked.connect(self.accept)
        row.addWidget(close)
        layout.addLayout(row)
        layout.addWidget(self.status_label)

    def show_status(self, text: str) -> None:
        """Show what happened to an action started here (e.g. the e-mail sent or queued)."""
        self.status_label.setText(text)
        self.status_label.setVisible(bool(text))

    def copy_snippet(self) -> None:
        """Copy the snippet's plain text to the clipboard."""
        if self.snippet_text is not None:
            QGuiApplication.clipboard().setText(self.snippet_text)

    def _print(self, pdf: Path) -> None:
        from desktop.gui.printing import print_pdf

        if print_pdf(self, pdf.read_bytes()) and self.on_printed is not None:
            self.on_printed()

    def _open(self) -> None:
        if self.files:
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(self.files[0])))

    def _show_folder(self) -> None:
        if self.files:
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(self.files[0].parent)))


def _html(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
