"""Choice fields with labels in the template's language: codes stay the values, labels are shown."""

from __future__ import annotations

from pathlib import Path

import pytest

from desktop.core.errors import FieldError, TemplateError
from desktop.core.models import Template
from desktop.core.templates import Catalog, validate_values
from desktop.core.templates.fields import choice_options, resolve_choice
from tests.core.templates.conftest import BASE_FRONT, WriteTemplate

METHOD = (
    "  method: {label: Forma, type: choice, default: card,\n"
    '           choices: {card: "Cartão de crédito", bank_transfer: "Transferência bancária"}}\n'
)


def _load(tmp_path: Path, write_template: WriteTemplate, field: str = METHOD) -> Template:
    front = BASE_FRONT.format(id="test-letter", language="pt-BR") + field
    path = write_template(language="pt-BR", front=front)
    return Catalog.load(None, path.parent.parent).get("test-letter", "pt-BR")


def _load_error(tmp_path: Path, write_template: WriteTemplate, field: str) -> TemplateError:
    front = BASE_FRONT.format(id="test-letter", language="pt-BR") + field
    path = write_template(language="pt-BR", front=front)
    catalog = Catalog.load(None, path.parent.parent)
    assert len(catalog.problems) == 1, catalog.problems
    return catalog.problems[0]


def test_mapping_gives_codes_and_labels(tmp_path: Path, write_template: WriteTemplate) -> None:
    """A code: label mapping keeps the codes in order, each with its label."""
    spec = _load(tmp_path, write_template).field_spec("method")
    assert spec.choices == ("card", "bank_transfer")
    assert spec.choice_label("bank_transfer") == "Transferência bancária"
    assert spec.choice_label("unknown") == "unknown"


def test_plain_list_keeps_working(tmp_path: Path, write_template: WriteTemplate) -> None:
    """A plain list still declares codes; each code is its own label."""
    field = "  method: {label: Forma, type: choice, choices: [card, bank]}\n"
    spec = _load(tmp_path, write_template, field).field_spec("method")
    assert spec.choices == ("card", "bank") and spec.choice_label("bank") == "bank"
    assert resolve_choice(spec, "BANK") == "bank"


@pytest.mark.parametrize(
    "typed",
    ["card", "Cartão de crédito", "cartao de credito", "  CARTÃO   DE CRÉDITO ", "CARD"],
)
def test_code_or_label_is_accepted(
    tmp_path: Path, write_template: WriteTemplate, typed: str
) -> None:
    """The code, or the label in any case and with or without accents, gives the code."""
    template = _load(tmp_path, write_template)
    values = validate_values(
        template, {"customer_name": "Ana", "order_number": "1", "method": typed}
    )
    assert values["method"] == "card"


def test_unknown_value_lists_labels_and_codes(
    tmp_path: Path, write_template: WriteTemplate
) -> None:
    """A value that is neither a code nor a label is refused, listing labels with their codes."""
    template = _load(tmp_path, write_template)
    with pytest.raises(FieldError) as info:
        validate_values(template, {"customer_name": "Ana", "order_number": "1", "method": "pix"})
    message = info.value.message
    assert message == (
        "'pix' is not one of: Cartão de crédito (card), Transferência bancária (bank_transfer)."
    )
    assert info.value.field == "method"
    assert choice_options(template.field_spec("method")) in message


@pytest.mark.parametrize(
    ("field", "expected"),
    [
        (
            '  method: {label: M, type: choice, choices: {a: "Same", b: "same"}}\n',
            "have the same label",
        ),
        ('  method: {label: M, type: choice, choices: {a: "A", b: [x]}}\n', "plain label"),
        ('  method: {label: M, type: choice, choices: {a: "A", b: }}\n', "plain label"),
        ('  method: {label: M, type: choice, choices: {yes: "Sim", no: "Não"}}\n', "quoted"),
        ("  method: {label: M, type: choice, choices: card}\n", "mapping code: label"),
        (
            '  method: {label: M, type: choice, choices: {a: "A"}, default: "A"}\n',
            "default 'A' is not a valid choice value",
        ),
    ],
)
def test_bad_choice_mappings_are_refused(
    tmp_path: Path, write_template: WriteTemplate, field: str, expected: str
) -> None:
    """Ambiguous or malformed labels are refused with the field and its line."""
    error = _load_error(tmp_path, write_template, field)
    assert expected in error.message and error.field == "method"
    assert error.line is not None


def test_every_missing_required_field_is_reported_at_once(
    tmp_path: Path, write_template: WriteTemplate
) -> None:
    """Two required fields left empty: one error naming both, as a sentence."""
    template = _load(tmp_path, write_template)
    with pytest.raises(FieldError) as info:
        validate_values(template, {"customer_address": "Rua A"})
    error = info.value
    assert error.fields == ("customer_name", "order_number")
    assert error.field == "customer_name"
    assert "'customer_name' (Customer name)" in error.message
    assert "'order_number' (Order number)" in error.message
    assert error.message[0].isupper() and error.message.endswith(".")


def test_one_missing_field_is_a_sentence(tmp_path: Path, write_template: WriteTemplate) -> None:
    """A single missing field keeps the translated phrase, capitalised with a full stop."""
    template = _load(tmp_path, write_template)
    with pytest.raises(FieldError) as info:
        validate_values(template, {"customer_name": "Ana"})
    assert info.value.message == "The required field 'order_number' (Order number) has no value."
    assert info.value.fields == ("order_number",)


def test_shipped_choice_fields_all_have_labels() -> None:
    """Every shipped choice field gives a label to each code, in every language variant."""
    catalog = Catalog.load(None)
    found = 0
    for template in catalog.items.values():
        for spec in template.fields:
            if spec.type == "choice":
                found += 1
                assert len(spec.choice_labels) == len(spec.choices), template.key
                assert all(spec.choice_label(c) != c for c in spec.choices), template.key
                assert not any(code in spec.help for code in spec.choices), template.key
    assert found >= 20
