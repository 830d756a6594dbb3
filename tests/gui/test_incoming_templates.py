"""Incoming items from a dropped .eml; template text validated with line numbers."""

from __future__ import annotations

from pathlib import Path

EML = """From: =?utf-8?q?Jo=C3=A3o_Pereira?= <joao@example.com>
To: sac@example.com
Subject: =?utf-8?q?Reclama=C3=A7=C3=A3o_do_pedido_77?=
Date: Mon, 16 Nov 2026 09:30:00 -0300
Content-Type: text/plain; charset=utf-8

Quando vou receber o reembolso?
"""


def test_incoming_eml_fills_the_form_and_records_the_item(window, qtbot, tmp_path: Path) -> None:
    """Sender, address, subject and date come from the .eml; recording adds an incoming entry."""
    mail = tmp_path / "message.eml"
    mail.write_text(EML, encoding="utf-8")
    panel = window.incoming_panel
    window.show_page("incoming")
    panel.load_file(mail)
    assert panel.sender_edit.text() == "João Pereira"
    assert panel.email_edit.text() == "joao@example.com"
    assert panel.subject_edit.text() == "Reclamação do pedido 77"
    assert panel.received_edit.date().toString("yyyy-MM-dd") == "2026-11-16"
    panel.record()
    qtbot.waitUntil(lambda: panel.model.rowCount() == 1, timeout=30_000)
    entry = window.ctx.register.get(panel.model.row(0).id)
    assert entry.direction == "in" and entry.correspondent_email == "joao@example.com"
    assert entry.content["text"].startswith("Quando vou receber")


def test_templates_panel_reports_errors_with_their_line(window, qtbot) -> None:
    """A broken front matter is reported with its line number as the person types."""
    from desktop.gui.templates_browser import validate_template_text

    window.show_page("templates")
    source = window.ctx.catalog.get("refund-approved", "en").source.read_text(encoding="utf-8")
    assert validate_template_text(source, "refund-approved", "en") == ""
    broken = source.replace("kind: letter", "kind: [letter", 1)
    message = validate_template_text(broken, "refund-approved", "en")
    assert "line" in message


def test_templates_panel_shows_language_variants_side_by_side(window, qtbot) -> None:
    """Choosing a template shows another language variant of the same family next to it."""
    from PySide6.QtCore import Qt

    window.show_page("templates")
    panel = window.templates_panel
    for row in range(panel.list.count()):
        if tuple(panel.list.item(row).data(Qt.ItemDataRole.UserRole)) == ("refund-approved", "en"):
            panel.list.setCurrentRow(row)
    assert "id: refund-approved" in panel.editor.toPlainText()
    assert panel.variant_combo.count() == 2
    assert (
        "language: pt-BR" in panel.variant_view.toPlainText()
        or "language: id" in panel.variant_view.toPlainText()
    )
