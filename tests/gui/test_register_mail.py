"""E-mail from the Register view: the e-mail dialog, a real SMTP server on loopback, the outbox."""

from __future__ import annotations

from email import message_from_bytes, policy
from pathlib import Path
from typing import Any

from integration.smtp_support import Server
from mail_support import assert_sent_with_pdf
from PySide6.QtCore import Qt


def issue_refund_letter(ctx: Any, formats: tuple[str, ...]) -> str:
    """Issue the refund letter to Ana Silva (with her e-mail) in ``formats``; return the reference."""
    from desktop.core.proofing import gate
    from desktop.core.services.compose import compose_document
    from desktop.core.services.issuing import issue_document

    doc = compose_document(ctx, "refund-approved", "en", {
        "customer_name": "Silva & Filhos <Ltda>", "customer_email": "ana.silva@example.com",
        "order_number": "A-9", "refund_amount": "5.00", "refund_date": "2026-12-04"})  # fmt: skip
    decision = gate(ctx.proofer.check_document(doc), "sample")
    result = issue_document(ctx, doc, formats=formats, decision=decision)
    return result.reference


def open_register_mail_dialog(window: Any, qtbot) -> Any:
    """Select the only register entry, press E-mail…; return the e-mail dialog once composed."""
    window.show_page("register")
    panel = window.register_panel
    panel.reload()
    qtbot.waitUntil(lambda: panel.model.rowCount() == 1, timeout=30_000)
    panel.table.selectRow(0)
    qtbot.waitUntil(panel.mail_button.isEnabled, timeout=30_000)
    qtbot.mouseClick(panel.mail_button, Qt.MouseButton.LeftButton)
    dialog = panel.mail_dialog
    assert dialog is not None and dialog.isVisible()
    qtbot.waitUntil(dialog.send_button.isEnabled, timeout=30_000)
    return dialog


def test_register_view_mails_the_pdf_through_the_outbox_and_shows_sent(
    mail_window, qtbot, smtp: Server
) -> None:
    """E-mail… in the register opens the e-mail dialog; one message goes out; the entry is sent."""
    window = mail_window
    reference = issue_refund_letter(window.ctx, ("pdf", "docx"))
    dialog = open_register_mail_dialog(window, qtbot)
    assert dialog.to_edit.text() == "ana.silva@example.com"
    assert dialog.attach == ("pdf",)
    with qtbot.waitSignal(dialog.mail_finished, timeout=60_000) as finished:
        qtbot.mouseClick(dialog.send_button, Qt.MouseButton.LeftButton)
    assert finished.args == ["sent"]
    assert "Sent to ana.silva@example.com" in dialog.status_label.text()

    [(sender, recipients, raw)] = smtp.sink.envelopes
    assert sender == "care@nusantara-trading.example"
    assert recipients == ["ana.silva@example.com"]
    message = message_from_bytes(raw, policy=policy.default)
    assert reference in str(message["Subject"])
    entry = assert_sent_with_pdf(window, qtbot, message, reference)
    panel = window.register_panel
    qtbot.waitUntil(lambda: panel.selected_entry_id() == entry.id, timeout=30_000)


def test_register_view_mails_the_docx_when_the_entry_has_no_pdf(
    mail_window, qtbot, smtp: Server
) -> None:
    """An entry issued as DOCX only is e-mailed with its DOCX attached."""
    window = mail_window
    reference = issue_refund_letter(window.ctx, ("docx",))
    dialog = open_register_mail_dialog(window, qtbot)
    assert dialog.attach == ("docx",)
    assert dialog.attachments_label.text().endswith(".docx")
    with qtbot.waitSignal(dialog.mail_finished, timeout=60_000) as finished:
        qtbot.mouseClick(dialog.send_button, Qt.MouseButton.LeftButton)
    assert finished.args == ["sent"]
    [(_sender, _recipients, raw)] = smtp.sink.envelopes
    [attachment] = list(message_from_bytes(raw, policy=policy.default).iter_attachments())
    [docx] = [Path(f.path) for f in window.ctx.register.get(reference).files if f.format == "docx"]
    assert attachment.get_filename() == docx.name
