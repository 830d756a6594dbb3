"""Field values read and printed per the letter's language; validation messages say why."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from desktop.core.errors import FieldError
from desktop.core.models import FieldSpec
from desktop.core.templates import Catalog, format_value, parse_value, validate_values
from tests.core.templates.conftest import BASE_FRONT, WriteTemplate


def _parse(ftype: str, raw: Any, language: str = "en", **spec: Any) -> Any:
    field = FieldSpec("f", "F", type=ftype, **spec)
    return parse_value(field, raw, language=language, template_key=f"t/{language}")


@pytest.mark.parametrize(
    ("raw", "language", "expected"),
    [
        ("1.250", "pt-BR", Decimal("1250")),
        ("1.250", "id", Decimal("1250")),
        ("1.250", "en", Decimal("1.250")),
        ("1,250", "en", Decimal("1250")),
        ("1,250", "pt-BR", Decimal("1.250")),
        ("R$ 1.250,00", "pt-BR", Decimal("1250.00")),
        ("R$\xa01.250,00", "pt-BR", Decimal("1250.00")),
        ("Rp1.250.000", "id", Decimal("1250000")),
        ("Rp 1.250.000,-", "id", Decimal("1250000")),
        ("$1,250.00", "en", Decimal("1250.00")),
        ("1 250,00", "pt-BR", Decimal("1250.00")),
        ("-12,5", "pt-BR", Decimal("-12.5")),
        ("1250 BRL", "pt-BR", Decimal("1250")),
    ],
)
def test_parse_value_money_by_language(raw: str, language: str, expected: Decimal) -> None:
    """Ambiguous separators follow the letter's language; currency signs and codes are dropped."""
    assert _parse("money", raw, language) == expected


@pytest.mark.parametrize("raw", ["1,2,3", "12,34.5", "1.2.3", ".5", "1.", "R$", "1e5", "NaN"])
def test_parse_value_money_malformed_says_why(raw: str) -> None:
    """Malformed amounts are refused with an example of the expected form."""
    with pytest.raises(FieldError) as info:
        _parse("money", raw, "pt-BR")
    assert info.value.message == (
        f"'{raw}' is not an amount of money (for example 1250.00 or 1.250,00)"
    )
    assert info.value.field == "f" and info.value.template == "t/pt-BR"


def test_parse_value_number_accepts_locale_forms_but_not_currency() -> None:
    """Numbers read like money but a currency sign is not part of a number."""
    assert _parse("number", "3") == Decimal("3")
    assert _parse("number", "2,5", "id") == Decimal("2.5")
    assert _parse("number", 7) == Decimal("7")
    with pytest.raises(FieldError, match="'R\\$ 3' is not a number"):
        _parse("number", "R$ 3")


def test_parse_value_date_message_exact() -> None:
    """An impossible date says which text and which forms are accepted."""
    with pytest.raises(FieldError) as info:
        _parse("date", "31/02/2026", "pt-BR")
    assert info.value.message == ("'31/02/2026' is not a valid date (use YYYY-MM-DD or DD/MM/YYYY)")


def test_parse_value_email_message_exact() -> None:
    """A bad address is quoted back with an example."""
    with pytest.raises(FieldError) as info:
        _parse("email", "ana at example.com")
    assert info.value.message == (
        "'ana at example.com' is not a valid e-mail address (like name@example.com)"
    )


def test_parse_value_choice_message_lists_choices() -> None:
    """A value outside the choices lists them."""
    with pytest.raises(FieldError) as info:
        _parse("choice", "cash", choices=("card", "bank transfer"))
    assert info.value.message == "'cash' is not one of: card, bank transfer."


def test_parse_value_list_semicolons_and_typed_items() -> None:
    """A list string splits on ';' or lines; a typed list keeps non-blank items as text."""
    assert _parse("list", "a; b;;c") == ["a", "b", "c"]
    assert _parse("list", ["x", 3, " "]) == ["x", "3"]


@pytest.mark.parametrize(
    ("language", "value", "expected"),
    [("en", True, "yes"), ("pt-BR", True, "sim"), ("id", False, "tidak")],
)
def test_format_value_bool_words(language: str, value: bool, expected: str) -> None:
    """Booleans print as yes/no words of the letter's language."""
    assert format_value(FieldSpec("b", "B", type="bool"), value, language=language) == expected


def test_format_value_money_currency_override_and_field_currency() -> None:
    """The organisation's currency applies unless the field declares its own."""
    spec = FieldSpec("m", "M", type="money")
    assert format_value(spec, Decimal("5"), language="en", currency="EUR") == "€5.00"
    euro = FieldSpec("m", "M", type="money", currency="BRL")
    assert format_value(euro, Decimal("5"), language="pt-BR", currency="USD") == "R$\xa05,00"


def test_format_value_number_en_and_id() -> None:
    """Numbers use the locale's grouping and decimal marks."""
    spec = FieldSpec("n", "N", type="number")
    assert format_value(spec, Decimal("1234.5"), language="en") == "1,234.5"
    assert format_value(spec, Decimal("1234.5"), language="id") == "1.234,5"


def _template_with_defaults(tmp_path: Path, write_template: WriteTemplate) -> Any:
    front = BASE_FRONT.format(id="test-letter", language="en").replace(
        "  items: {label: Items, type: list}",
        "  items: {label: Items, type: list}\n"
        "  method: {label: Method, type: choice, choices: [card, bank], default: bank}\n"
        "  gift: {label: Gift, type: bool, default: true}",
    )
    write_template(front=front)
    return Catalog.load(None, tmp_path / "templates").get("test-letter", "en")


def test_validate_values_defaults_fill_absent_and_empty(
    tmp_path: Path, write_template: WriteTemplate
) -> None:
    """Declared defaults fill absent and empty values; an explicit False stays False."""
    template = _template_with_defaults(tmp_path, write_template)
    base = {"customer_name": "Ana", "order_number": "1"}
    values = validate_values(template, base)
    assert values["method"] == "bank" and values["gift"] is True
    values = validate_values(template, {**base, "method": " ", "gift": False})
    assert values["method"] == "bank" and values["gift"] is False


def test_validate_values_names_every_unknown_field(
    tmp_path: Path, write_template: WriteTemplate
) -> None:
    """Every unknown name is listed, each with its closest declared name."""
    template = _template_with_defaults(tmp_path, write_template)
    with pytest.raises(FieldError) as info:
        validate_values(template, {"customer_nme": "A", "ammount": "1", "order_number": "1"})
    error = info.value
    assert error.message == "'customer_nme', 'ammount' are not fields of this template"
    assert error.template == "test-letter/en"
    assert "Did you mean 'customer_name' for 'customer_nme'?" in (error.hint or "")
    assert "Did you mean 'amount' for 'ammount'?" in (error.hint or "")


def test_validate_values_typed_cells(tmp_path: Path, write_template: WriteTemplate) -> None:
    """Typed values (XLSX cells, widgets) are accepted as they are."""
    template = _template_with_defaults(tmp_path, write_template)
    values = validate_values(
        template,
        {
            "customer_name": "Ana",
            "order_number": 1001,
            "amount": 12.5,
            "due": dt.datetime(2026, 11, 22, 8, 0),
            "items": ("a", "b"),
        },
    )
    assert values["order_number"] == "1001"
    assert values["amount"] == Decimal("12.5") and values["due"] == dt.date(2026, 11, 22)
    assert values["items"] == ["a", "b"]


def test_validate_values_is_idempotent(tmp_path: Path, write_template: WriteTemplate) -> None:
    """Validated values validate to themselves (compose accepts raw or validated values)."""
    template = _template_with_defaults(tmp_path, write_template)
    raw = {
        "customer_name": "Ana",
        "order_number": "1",
        "amount": "1.250,50",
        "due": "22/11/2026",
        "items": "a;b",
        "gift": "não",
    }
    once = validate_values(template, raw)
    assert validate_values(template, once) == once
    assert once["amount"] == Decimal("1250.50") and once["gift"] is False


def test_parse_value_drops_unprintable_controls_keeps_tabs() -> None:
    """NUL, BEL, form feed and the engine's markers are dropped; tabs and line breaks stay."""
    assert _parse("text", "a\x00b\x07c\x0c\ue000d\te") == "abcd\te"
    assert _parse("multiline", "one\x1b\ntwo") == "one\ntwo"
    assert _parse("list", ["x\x00y"]) == ["xy"]
