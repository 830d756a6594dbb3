"""The issue flow of the composer: validate, proof the whole document, gate, issue, report.

Proofing of the full document and the preview of the next reference run in the pool; the gate
dialog lists blocking issues and takes an override reason; issuing runs on the one-thread pool
(register writes are serialised); the result dialog offers Open, Show in folder and Copy.
"""

from __future__ import annotations

import uuid
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QMessageBox

from desktop.core.errors import FieldError, MissivaError
from desktop.core.i18n import _
from desktop.core.models import Document
from desktop.gui.issue_dialogs import GateDialog, IssuedDialog

if TYPE_CHECKING:
    from desktop.gui.composer import ComposerPanel


class IssueFlow(QObject):
    """Take the open composition through the gate into the register."""

    def __init__(self, composer: ComposerPanel) -> None:
        super().__init__(composer)
        self.composer = composer
        self.gate_dialog: GateDialog | None = None
        self.issued_dialog: IssuedDialog | None = None
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

        def prepare() -> tuple[Any, str]:
            series = ctx.settings.series_by_id(doc.series or ctx.settings.default_series)
            report = ctx.proofer.check_document(doc, reply_to_text=reply_text)
            return report, ctx.register.preview_next_reference(series, kind=doc.kind)

        self.composer.runner.run(prepare, lambda r, e: self._on_prepared(doc, r, e))

    def _on_prepared(self, doc: Document, result: Any, error: BaseException | None) -> None:
        self.composer.issue_button.setEnabled(True)
        if error is not None:
            self._show_error(error)
            return
        report, reference = result
        dialog = GateDialog(report, reference, doc.kind, self.composer)
        self.gate_dialog = dialog
        dialog.accepted.connect(lambda: self._on_gate_accepted(doc, report, dialog))
        dialog.rejected.connect(lambda: self.composer.status_changed.emit(_("Not issued.")))
        dialog.open()

    def _on_gate_accepted(self, doc: Document, report: Any, dialog: GateDialog) -> None:
        from desktop.core.proofing import gate
        from desktop.core.services.issuing import issue_document

        try:
            decision = gate(report, dialog.override_reason())
        except MissivaError as exc:
            self._show_error(exc)
            return
        self.composer.status_changed.emit(_("Issuing…"))
        self.composer.runner.run(
            issue_document,
            lambda r, e: self._on_issued(doc, r, e),
            serial=True,
            ctx=self.composer.ctx,
            doc=doc,
            formats=dialog.formats(),
            proofing_summary=decision.summary,
            override_reason=decision.override_reason,
            channel="chat" if doc.kind == "snippet" else "post",
            in_reply_to=f"#{self.composer.reply_to[0]}" if self.composer.reply_to else None,
            idempotency_key=uuid.uuid4().hex,
        )

    def _on_issued(self, doc: Document, result: Any, error: BaseException | None) -> None:
        if error is not None:
            self._show_error(error)
            return
        files = [f.path for f in result.files]
        snippet = None
        if doc.kind == "snippet":
            txt = next((f.path for f in result.files if f.format == "txt"), None)
            snippet = txt.read_text(encoding="utf-8").strip() if txt else doc.body_text()
        self.composer.status_changed.emit(
            _("Issued {reference}").format(reference=result.reference)
        )
        self.composer.dirty = False
        self.composer.reply_to = None
        self.composer.entry_issued.emit(result.reference)
        dialog = IssuedDialog(
            result.reference,
            result.verification_code,
            files,
            snippet_text=snippet,
            on_printed=lambda: self.composer.ctx.register.set_status(
                result.reference, "printed", "printed from the window"
            ),
            parent=self.composer,
        )
        self.issued_dialog = dialog
        if snippet is not None:
            dialog.copy_snippet()
        dialog.open()

    def _show_error(self, error: BaseException) -> None:
        text = error.describe() if isinstance(error, MissivaError) else str(error)
        if isinstance(error, FieldError):
            self.composer.form.show_error(error)
        self.composer.status_changed.emit(text)
        box = QMessageBox(
            QMessageBox.Icon.Warning,
            _("Missiva"),
            text,
            QMessageBox.StandardButton.Ok,
            self.composer,
        )
        self.error_box = box
        box.open()
