"""E-mail from the issued dialog: a real SMTP server on loopback, address checks, no SMTP set up."""

from __future__ import annotations

from email import message_from_bytes, policy
from typing import Any

from mail_support import assert_sent_with_pdf
from PySide6.QtCore import Qt
from test_composer_flow import issue_through_gate, open_refund_letter


def issue_with_email(window, qtbot, address: str = "ana.silva@example.com") -> str:
    """Issue the refund letter to a customer with an e-mail address; return the reference."""
    composer = open_refund_letter(window, qtbot)
    qtbot.keyClicks(composer.form.widget_for("customer_email"), address)
    return issue_through_gate(window, qtbot)


def open_mail_dialog(window, qtbot) -> Any:
    """Press E-mail… in the issued dialog; return the e-mail dialog."""
    flow = window.composer.issue_flow
    qtbot.waitUntil(lambda: flow.issued_dialog is not None and flow.issued_dialog.isVisible())
    assert flow.issued_dialog.mail_button is not None
    qtbot.mouseClick(flow.issued_dialog.mail_button, Qt.MouseButton.LeftButton)
    assert flow.mail_dialog is not None and flow.mail_dialog.isVisible()
    return flow.mail_dialog


def test_issued_dialog_mails_the_pdf_and_the_register_shows_sent(mail_window, qtbot, smtp) -> None:
    """E-mail… sends the issued PDF to the correspondent through the outbox; the entry is sent."""
    sink = smtp.sink
    window = mail_window
    reference = issue_with_email(window, qtbot)
    dialog = open_mail_dialog(window, qtbot)
    assert dialog.to_edit.text() == "ana.silva@example.com"
    qtbot.waitUntil(dialog.send_button.isEnabled, timeout=30_000)
    assert reference in dialog.subject_edit.text()
    assert reference in dialog.text_edit.toPlainText()
    dialog.text_edit.setPlainText(dialog.text_edit.toPlainText() + "\n\nSilva & Filhos <Ltda>")
    window.show_page("register")
    with qtbot.waitSignal(dialog.mail_finished, timeout=60_000) as finished:
        qtbot.mouseClick(dialog.send_button, Qt.MouseButton.LeftButton)
    assert finished.args == ["sent"]
    assert "Sent to ana.silva@example.com" in dialog.status_label.text()
    assert not dialog.send_button.isEnabled()  # never twice by accident
    assert "Sent to" in window.composer.issue_flow.issued_dialog.status_label.text()

    [(sender, recipients, raw)] = sink.envelopes
    assert sender == "care@nusantara-trading.example"
    assert recipients == ["ana.silva@example.com"]
    message = message_from_bytes(raw, policy=policy.default)
    assert reference in str(message["Subject"])
    assert "Silva & Filhos <Ltda>" in message.get_body(preferencelist=("plain",)).get_content()
    html = message.get_body(preferencelist=("html",)).get_content()
    assert "Silva &amp; Filhos &lt;Ltda&gt;" in html
    assert_sent_with_pdf(window, qtbot, message, reference)


def test_mail_dialog_refuses_an_invalid_address_next_to_the_field(mail_window, qtbot, smtp) -> None:
    """A malformed or accented address is refused under the field; nothing is queued or sent."""
    from desktop.core.services.mail import list_outbox

    sink = smtp.sink
    window = mail_window
    issue_with_email(window, qtbot)
    dialog = open_mail_dialog(window, qtbot)
    qtbot.waitUntil(dialog.send_button.isEnabled, timeout=30_000)
    dialog.to_edit.clear()
    qtbot.keyClicks(dialog.to_edit, "ana.silva@example")
    assert dialog.to_error.isVisible()
    assert "is not an e-mail address" in dialog.to_error.text()
    assert not dialog.send_button.isEnabled()
    dialog.send()
    dialog.to_edit.setText("joão@example.com")
    assert "accents" in dialog.to_error.text()
    assert not dialog.send_button.isEnabled()
    dialog.to_edit.setText("ana@example.com; bruno@example.org")
    assert not dialog.to_error.isVisible()
    assert dialog.send_button.isEnabled()
    window.runner.wait(30_000)
    assert list_outbox(window.ctx) == []
    assert sink.envelopes == []


def test_mail_dialog_without_smtp_points_to_settings(window, qtbot) -> None:
    """With no SMTP server set up, the dialog says so, names Settings, and cannot send."""
    from desktop.core.services.mail import list_outbox

    issue_with_email(window, qtbot)
    dialog = open_mail_dialog(window, qtbot)
    assert dialog.notice.isVisible()
    assert "Settings" in dialog.notice.text()
    assert dialog.settings_button.isVisible()
    assert not dialog.send_button.isEnabled()
    dialog.send()
    window.runner.wait(30_000)
    assert list_outbox(window.ctx) == []


def test_issued_dialog_has_no_email_for_a_chat_snippet(window, qtbot) -> None:
    """A chat reply is copied, not e-mailed: its issued dialog offers Copy and no E-mail…."""
    from PySide6.QtCore import QDate

    composer = window.composer
    composer.start("chat-apology-delay", "en")
    form = composer.form
    qtbot.keyClicks(form.widget_for("customer_name"), "Ana Silva")
    qtbot.keyClicks(form.widget_for("order_number"), "A-1001")
    form.widget_for("new_date").setDate(QDate(2026, 12, 4))
    qtbot.waitUntil(lambda: "A-1001" in composer.editor.toPlainText(), timeout=5000)
    issue_through_gate(window, qtbot)
    dialog = composer.issue_flow.issued_dialog
    assert dialog.mail_button is None
    assert dialog.copy_button.isVisible()
