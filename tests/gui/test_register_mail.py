"""E-mail from the Register view: the e-mail dialog, a real SMTP server on loopback, the outbox."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from email import message_from_bytes, policy
from pathlib import Path
from typing import Any

import pytest
from integration.smtp_support import Server, smtp_server
from PySide6.QtCore import Qt

NOW = dt.datetime(2026, 11, 20, 10, 0, tzinfo=dt.UTC)


@pytest.fixture
def smtp() -> Iterator[Server]:
    """Run an SMTP server on loopback for the test."""
    with smtp_server() as server:
        yield server


@pytest.fixture
def mail_window(qtbot, tmp_path: Path, smtp: Server, monkeypatch: pytest.MonkeyPatch) -> Any:
    """Return the shown window of a data folder whose mail goes to the loopback server."""
    from desktop.app import build_window
    from desktop.core.i18n import set_ui_language
    from desktop.core.services.context import AppContext

    data = tmp_path / "data"
    data.mkdir()
    (data / "settings.toml").write_text(
        f'[mail]\nhost = "127.0.0.1"\nport = {smtp.port}\nsecurity = "none"\n'
        'from_address = "care@nusantara-trading.example"\nfrom_name = "Customer Care"\n'
        "timeout_seconds = 5\n",
        encoding="utf-8",
    )
    monkeypatch.delenv("MISSIVA_DATABASE_URL", raising=False)
    set_ui_language("en")
    main = build_window(AppContext.create(str(data), clock=lambda: NOW))
    qtbot.addWidget(main)
    main.show()
    qtbot.waitUntil(lambda: main.catalog_ready, timeout=30_000)
    yield main
    main.runner.wait(30_000)
    main.close()


def issue_refund_letter(ctx: Any, formats: tuple[str, ...]) -> str:
    """Issue the refund letter to Ana Silva (with her e-mail) in ``formats``; return the reference."""
    from desktop.core.proofing import gate
    from desktop.core.services.compose import compose_document
    from desktop.core.services.issuing import issue_document

    doc = compose_document(ctx, "refund-approved", "en", {
        "customer_name": "Silva & Filhos <Ltda>", "customer_email": "ana.silva@example.com",
        "order_number": "A-9", "refund_amount": "5.00", "refund_date": "2026-12-04"})  # fmt: skip
    decision = gate(ctx.proofer.check_document(doc), "sample")
    result = issue_document(
        ctx,
        doc,
        formats=formats,
        proofing_summary=decision.summary,
        override_reason=decision.override_reason,
    )
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
    from desktop.core.services.mail import list_outbox

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
    entry = window.ctx.register.get(reference)
    [pdf] = [Path(f.path) for f in entry.files if f.format == "pdf"]
    [attachment] = list(message.iter_attachments())
    assert attachment.get_filename() == pdf.name
    assert attachment.get_content() == pdf.read_bytes()
    assert entry.status == "sent"
    [item] = list_outbox(window.ctx)
    assert item.status == "sent" and item.entry_id == entry.id
    panel = window.register_panel
    qtbot.waitUntil(
        lambda: panel.model.rowCount() == 1 and panel.model.row(0).status == "sent",
        timeout=30_000,
    )
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
