"""The issue flow of the composer: validate, proof the whole document, gate, issue, report.

Proofing of the full document and the preview of the next reference run in the pool; the gate
dialog lists blocking issues, takes an override reason and whether to sign digitally; issuing runs
on the one-thread pool (register writes are serialised), signs when asked (the password comes from
the keyring or a prompt, see :mod:`desktop.gui.issue_signing`) and deletes the register draft the
work was saved as; the result dialog says who signed and offers Open, Print, E-mail, Show in
folder and Copy.
"""

from __future__ import annotations

import uuid
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QInputDialog, QMessageBox

from desktop.core.errors import FieldError, MissivaError, SigningError
from desktop.core.i18n import _
from desktop.core.models import Document
from desktop.gui.issue_dialogs import GateDialog, IssuedDialog
from desktop.gui.issue_signing import (
    IssuedLetter,
    PasswordNeeded,
    issue_and_drop_draft,
    password_dialog,
    signature_line,
)
from desktop.gui.mail_dialog import MailDialog
from desktop.gui.message_box import message_box

if TYPE_CHECKING:
    from desktop.gui.composer import ComposerPanel


class IssueFlow(QObject):
    """Take the open composition through the gate into the register."""

    def __init__(self, composer: ComposerPanel) -> None:
        super().__init__(composer)
        self.composer = composer
        self.gate_dialog: GateDialog | None = None
        self.issued_dialog: IssuedDialog | None = None
        self.mail_dialog: MailDialog | None = None
        self.password_dialog: QInputDialog | None = None
        self.error_box: QMessageBox | None = None

    def start(self) -> None:
        """Validate, proof the whole document, ask at the gate, then issue it (Ctrl+Return)."""
        if self.composer.template is None or self.composer.stack.currentIndex() != 1:
            return
        self.composer._body_timer.stop()
        self.composer._refresh_body()
        if not self.composer.form.validate():
            self.composer.status_changed.emit(_("Some fields need attention before issuing."))
            return
        try:
            doc = self.composer.build_document()
        except FieldError as exc:
            self.composer.form.show_error(exc)
            self.composer.status_changed.emit(exc.describe())
            return
        ctx = self.composer.ctx
        self.composer.issue_button.setEnabled(False)
        self.composer.status_changed.emit(_("Checking the document…"))

        reply_text = self.composer.reply_to[1] if self.composer.reply_to else None

        def prepare() -> tuple[Any, str, Any]:
            series = ctx.settings.series_by_id(doc.series or ctx.settings.default_series)
            report = ctx.proofer.check_document(doc, reply_to_text=reply_text)
            return report, ctx.register.preview_next_reference(series, kind=doc.kind), series

        self.composer.runner.run(prepare, lambda r, e: self._on_prepared(doc, r, e))

    def _on_prepared(self, doc: Document, result: Any, error: BaseException | None) -> None:
        self.composer.issue_button.setEnabled(True)
        if error is not None:
            self._show_error(error)
            return
        from desktop.core.services.signing import certificate_for

        report, reference, series = result
        certificate = certificate_for(self.composer.ctx, doc)  # the signatory's, else the org's
        dialog = GateDialog(
            report,
            reference,
            doc.kind,
            self.composer,
            series=series,
            certificate=str(certificate or ""),
        )
        self.gate_dialog = dialog
        dialog.accepted.connect(lambda: self._on_gate_accepted(doc, report, dialog))
        dialog.rejected.connect(lambda: self.composer.status_changed.emit(_("Not issued.")))
        dialog.open()

    def _on_gate_accepted(self, doc: Document, report: Any, dialog: GateDialog) -> None:
        from desktop.core.proofing import gate

        try:
            decision = gate(report, dialog.override_reason())
        except MissivaError as exc:
            self._show_error(exc)
            return
        certificate = dialog.certificate.strip()
        issue = {
            "ctx": self.composer.ctx,
            "draft_id": self.composer.draft_id,
            "doc": doc,
            "sign_with": Path(certificate).expanduser() if dialog.sign() else None,
            "formats": dialog.formats(),
            "decision": decision,
            "channel": "chat" if doc.kind == "snippet" else "post",
            "in_reply_to": f"#{self.composer.reply_to[0]}" if self.composer.reply_to else None,
            "idempotency_key": uuid.uuid4().hex,
        }
        self._issue(doc, issue)

    def _issue(self, doc: Document, issue: dict[str, Any], password: bytes | None = None) -> None:
        self.composer.status_changed.emit(_("Issuing…"))
        self.composer.runner.run(
            issue_and_drop_draft,
            lambda r, e: self._on_issued(doc, issue, r, e),
            serial=True,
            password=password,
            **issue,
        )

    def _ask_password(self, doc: Document, issue: dict[str, Any], needed: PasswordNeeded) -> None:
        """Ask for the certificate's password, then issue again with it (never kept)."""
        dialog = password_dialog(self.composer, needed)
        self.password_dialog = dialog

        def typed(text: str) -> None:
            dialog.setTextValue("")
            self._issue(doc, issue, text.encode("utf-8"))

        dialog.textValueSelected.connect(typed)
        dialog.rejected.connect(lambda: self.composer.status_changed.emit(_("Not issued.")))
        dialog.finished.connect(self._on_password_dialog_finished)
        dialog.open()

    def _on_password_dialog_finished(self) -> None:
        if self.password_dialog is not None:
            self.password_dialog.deleteLater()  # the typed text goes with it
            self.password_dialog = None

    def _on_issued(
        self, doc: Document, issue: dict[str, Any], issued: Any, error: BaseException | None
    ) -> None:
        if isinstance(error, PasswordNeeded):
            self._ask_password(doc, issue, error)
            return
        if error is not None:
            lead = ""
            if isinstance(error, SigningError):
                lead = _("Not issued: the digital signature could not be made.")
            self._show_error(error, lead=lead)
            return
        assert isinstance(issued, IssuedLetter)
        result = issued.result
        signed = signature_line(issued.signature)
        files = [f.path for f in result.files]
        snippet = None
        if doc.kind == "snippet":
            txt = next((f.path for f in result.files if f.format == "txt"), None)
            snippet = txt.read_text(encoding="utf-8").strip() if txt else doc.body_text()
        status = _("Issued {reference}").format(reference=result.reference)
        self.composer.status_changed.emit(f"{status}. {signed}" if signed else status)
        self.composer.dirty = False
        self.composer.draft_id = None  # deleted with the issue
        self.composer.reply_to = None
        self.composer.entry_issued.emit(result.reference)
        mailable = doc.kind != "snippet"
        dialog = IssuedDialog(
            result.reference,
            result.verification_code,
            files,
            snippet_text=snippet,
            on_printed=lambda: self._mark_printed(result.reference),
            on_mail=(lambda: self.open_mail(result, doc)) if mailable else None,
            signature=signed,
            parent=self.composer,
        )
        self.issued_dialog = dialog
        if snippet is not None:
            dialog.copy_snippet()
        dialog.open()

    def _mark_printed(self, reference: str) -> None:
        def done(_entry: Any, error: BaseException | None) -> None:
            if error is not None:
                self._show_error(error)
            else:
                self.composer.entry_changed.emit(reference)

        self.composer.runner.run(
            self.composer.ctx.register.set_status,
            done,
            serial=True,
            entry=reference,
            status="printed",
            note="printed from the window",
        )

    def open_mail(self, result: Any, doc: Document) -> None:
        """Open the e-mail dialog for the entry just issued (its PDF attached, else its DOCX)."""
        formats = {f.format for f in result.files}
        attach = next(([fmt] for fmt in ("pdf", "docx") if fmt in formats), [])
        reference = result.reference
        dialog = MailDialog(
            self.composer.ctx,
            self.composer.runner,
            reference,
            doc.correspondent_email,
            attach=attach,
            on_sent=lambda: self.composer.entry_changed.emit(reference),
            parent=self.issued_dialog or self.composer,
        )
        self.mail_dialog = dialog

        def finished(_status: str) -> None:
            text = dialog.status_label.text()
            self.composer.status_changed.emit(text)
            if self.issued_dialog is not None:
                self.issued_dialog.show_status(text)

        dialog.mail_finished.connect(finished)
        dialog.open()

    def _show_error(self, error: BaseException, *, lead: str = "") -> None:
        text = error.describe() if isinstance(error, MissivaError) else str(error)
        if lead:
            text = f"{lead}\n\n{text}"
        if isinstance(error, FieldError):
            self.composer.form.show_error(error)
        self.composer.status_changed.emit(text)
        box = message_box(
            QMessageBox.Icon.Warning,
            _("Missiva"),
            text,
            QMessageBox.StandardButton.Ok,
            self.composer,
        )
        self.error_box = box
        box.open()
