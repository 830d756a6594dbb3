"""Checks shared by the window's e-mail tests (issued dialog and Register view)."""

from __future__ import annotations

from email.message import EmailMessage
from pathlib import Path
from typing import Any


def assert_sent_with_pdf(window: Any, qtbot: Any, message: EmailMessage, reference: str) -> Any:
    """Check the message carries the entry's PDF and entry, outbox and view say sent.

    Returns the register entry.
    """
    from desktop.core.services.mail import list_outbox

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
    return entry
