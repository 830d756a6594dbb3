"""The generated form: choice lists show labels and keep codes; every missing field is marked."""

from __future__ import annotations

from desktop.core.errors import FieldError
from desktop.core.templates import validate_values


def _form(qtbot, ctx, template_id: str, language: str):
    from desktop.gui.field_form import FieldFormPanel

    template = ctx.catalog.get(template_id, language)
    form = FieldFormPanel()
    qtbot.addWidget(form)
    form.build(template, "BRL")
    return form, template


def test_choice_combo_shows_labels_and_stores_codes(qtbot, ctx) -> None:
    """pt-BR refund method: Portuguese labels in the list, the code as the value."""
    form, _template = _form(qtbot, ctx, "refund-approved", "pt-BR")
    combo = form.widget_for("refund_method")
    shown = [combo.itemText(i) for i in range(combo.count())]
    assert shown == [
        "Estorno no cartão",
        "Depósito na conta bancária do cliente",
        "Crédito para novas compras",
    ]
    combo.setCurrentIndex(1)
    assert form.values()["refund_method"] == "bank_transfer"
    form.set_values({"refund_method": "crédito para novas COMPRAS"})  # a label typed in a CSV
    assert form.values()["refund_method"] == "store_credit"
    form.set_values({"refund_method": "card"})
    assert combo.currentText() == "Estorno no cartão"


def test_every_missing_required_field_is_marked(qtbot, ctx) -> None:
    """The engine's one error for several empty fields marks each of them in the form."""
    form, template = _form(qtbot, ctx, "refund-approved", "en")
    try:
        validate_values(template, {})
    except FieldError as error:
        assert len(error.fields) >= 3
        form.show_error(error)
        from PySide6.QtWidgets import QLabel

        marked = [
            name
            for name in error.fields
            if form.findChild(QLabel, f"error_{name}").text() == "This field is required."
        ]
        assert marked == list(error.fields)
    else:  # pragma: no cover - the template declares required fields
        raise AssertionError("no error for an empty form")
    assert not form.validate()
