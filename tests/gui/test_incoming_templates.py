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


def select_template(panel, template_id: str, language: str) -> None:
    """Select one template variant in the Templates panel's list."""
    from PySide6.QtCore import Qt

    for row in range(panel.list.count()):
        if tuple(panel.list.item(row).data(Qt.ItemDataRole.UserRole)) == (template_id, language):
            panel.list.setCurrentRow(row)
            return
    raise AssertionError(f"{template_id}/{language} is not listed")


def test_templates_try_it_opens_the_composer_with_sample_values(window, qtbot) -> None:
    """Try it fills every field with a realistic value: no placeholder, a preview, no draft."""
    from PySide6.QtCore import Qt

    window.show_page("templates")
    panel = window.templates_panel
    select_template(panel, "complaint-response", "pt-BR")
    qtbot.mouseClick(panel.try_button, Qt.MouseButton.LeftButton)
    composer = window.composer
    assert window.pages.currentWidget() is composer
    assert (composer.template.id, composer.template.language) == ("complaint-response", "pt-BR")
    values = composer.form.values()
    template = composer.template
    assert {s.name for s in template.fields if s.required} <= set(values)
    assert composer.form.validate()
    body = composer.editor.toPlainText()
    assert "[" not in body and values["complaint_topic"] in body
    assert composer.build_document().recipient[0] == values["customer_name"]
    qtbot.waitUntil(lambda: composer.preview.page_count >= 1, timeout=30_000)
    assert not composer.dirty  # a try is not the person's work until they change something
    window.autosave()
    assert not (window.ctx.paths.drafts_dir / "autosave.json").exists()


def test_sample_values_fit_every_shipped_template(ctx) -> None:
    """Every shipped template and language gets valid values for all its required fields."""
    from desktop.core.services.sample_values import sample_values
    from desktop.core.templates import compose

    today = ctx.today()
    for template in ctx.catalog.templates():
        values = sample_values(template, today)
        required = {s.name for s in template.fields if s.required and s.default is None}
        assert required <= set(values), template.key
        doc = compose(template, values, ctx.settings.organisation, today=today)
        assert "[" not in doc.body_text(), template.key


def test_sample_values_for_an_unknown_field_use_its_name_help_and_type(ctx) -> None:
    """A user template's own fields get values from the name's last word and the help example."""
    import datetime as dt

    from desktop.core.models import FieldSpec, Template
    from desktop.core.services.sample_values import sample_values

    template = Template(
        id="my-note", language="id", kind="letter", title="Catatan", description="",
        category="", series="OUT", subject="Catatan", body="", fields=(
            FieldSpec("supplier_name", "Pemasok", required=True),
            FieldSpec("billing_email", "Surel", type="email"),
            FieldSpec("topic_words", "Topik", help="Beberapa kata, misalnya harga baru"),
            FieldSpec("next_visit_date", "Kunjungan", type="date"),
            FieldSpec("portal", "Portal", pattern=r"^https?://\S+$"),
            FieldSpec("total", "Total", type="money"),
            FieldSpec("mystery", "Misteri"),
        ),
    )  # fmt: skip
    values = sample_values(template, dt.date(2026, 11, 25))
    assert values["supplier_name"] == "Siti Rahmawati"
    assert values["billing_email"].endswith("@example.co.id")
    assert values["topic_words"] == "harga baru"
    assert values["next_visit_date"] == dt.date(2026, 12, 9)
    assert values["portal"].startswith("https://")
    assert values["total"] == "100000"
    assert "mystery" not in values
