"""Field values from strings or typed cells: parsed, validated with reasons, formatted by Babel."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from desktop.core.errors import FieldError
from desktop.core.models import FieldSpec
from desktop.core.templates import Catalog, format_value, parse_value, validate_values
from tests.core.templates.conftest import WriteTemplate


def _parse(ftype: str, raw: Any, language: str = "en", **spec: Any) -> Any:
    return parse_value(
        FieldSpec("f", "F", type=ftype, **spec), raw, language=language, template_key="t/en"
    )


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("2026-11-22", dt.date(2026, 11, 22)),
        ("22/11/2026", dt.date(2026, 11, 22)),
        ("1.2.2026", dt.date(2026, 2, 1)),
        (dt.datetime(2026, 11, 22, 9, 30), dt.date(2026, 11, 22)),
        (dt.date(2026, 1, 1), dt.date(2026, 1, 1)),
    ],
)
def test_parse_value_date_forms(raw: Any, expected: dt.date) -> None:
    """ISO and day-first dates and typed cells become dates."""
    assert _parse("date", raw) == expected


@pytest.mark.parametrize("raw", ["31/02/2026", "tomorrow", "2026-13-01"])
def test_parse_value_date_invalid_says_why(raw: str) -> None:
    """An impossible or unreadable date names the field and the accepted forms."""
    with pytest.raises(FieldError) as info:
        _parse("date", raw)
    assert info.value.field == "f" and info.value.template == "t/en"
    assert "YYYY-MM-DD" in info.value.message


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("1250", Decimal("1250")),
        ("1,250.00", Decimal("1250.00")),
        ("1.250,00", Decimal("1250.00")),
        ("R$ 1.250,00", Decimal("1250.00")),
        ("Rp1.250.000", Decimal("1250000")),
        ("1250,5", Decimal("1250.5")),
        (1250.5, Decimal("1250.5")),
        (Decimal("3"), Decimal("3")),
    ],
)
def test_parse_value_money_forms(raw: Any, expected: Decimal) -> None:
    """Amounts in en, pt-BR and id notation, with or without a currency sign."""
    assert _parse("money", raw) == expected


@pytest.mark.parametrize("raw", ["12abc", "1.2.3,4,5", True])
def test_parse_value_money_invalid(raw: Any) -> None:
    """Text that is not an amount is refused."""
    with pytest.raises(FieldError, match="amount of money"):
        _parse("money", raw)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [("sim", True), ("Tidak", False), ("yes", True), ("0", False), (True, True)],
)
def test_parse_value_bool_words_of_three_languages(raw: Any, expected: bool) -> None:
    """Yes and no in English, Portuguese and Indonesian."""
    assert _parse("bool", raw) is expected


def test_parse_value_bool_invalid() -> None:
    """Anything else is refused with the accepted words."""
    with pytest.raises(FieldError, match="sim/não"):
        _parse("bool", "maybe")


@pytest.mark.parametrize("raw", ["ana@example.com", "silva&filhos+test@example.co.id"])
def test_parse_value_email_valid(raw: str) -> None:
    """Ordinary addresses are accepted."""
    assert _parse("email", f" {raw} ") == raw


@pytest.mark.parametrize("raw", ["ana", "ana@example", "a b@example.com", "a@@example.com"])
def test_parse_value_email_invalid(raw: str) -> None:
    """Broken addresses are refused."""
    with pytest.raises(FieldError, match="not a valid e-mail address"):
        _parse("email", raw)


def test_parse_value_choice_and_pattern() -> None:
    """Choices must be listed; patterns must match and the help text is shown."""
    assert _parse("choice", "card", choices=("card", "bank")) == "card"
    with pytest.raises(FieldError, match="one of: card, bank"):
        _parse("choice", "cash", choices=("card", "bank"))
    with pytest.raises(FieldError, match="As printed on the invoice"):
        _parse("text", "a 1", pattern=r"[A-Z0-9-]+", help="As printed on the invoice")


def test_parse_value_text_refuses_line_breaks_multiline_keeps_them() -> None:
    """A single-line field refuses a line break; a multiline one keeps it."""
    with pytest.raises(FieldError, match="line break"):
        _parse("text", "a\nb")
    assert _parse("multiline", "a\nb") == "a\nb"


def test_parse_value_list_from_string_and_list() -> None:
    """Lists come from a list or from text split on new lines or semicolons."""
    assert _parse("list", "a; b\nc;;") == ["a", "b", "c"]
    assert _parse("list", ["x", " ", "y"]) == ["x", "y"]


@pytest.mark.parametrize(
    ("language", "expected"),
    [("en", "22 November 2026"), ("pt-BR", "22 de novembro de 2026"), ("id", "22 November 2026")],
)
def test_format_value_long_date_per_language(language: str, expected: str) -> None:
    """Dates print in the letter's language."""
    assert format_value(None, dt.date(2026, 11, 22), language=language) == expected


@pytest.mark.parametrize(
    ("language", "amount", "expected"),
    [
        ("pt-BR", "1250", "R$\xa01.250,00"),
        ("id", "1250000", "Rp1.250.000,00"),
        ("en", "1250", "$1,250.00"),
    ],
)
def test_format_value_money_per_language(language: str, amount: str, expected: str) -> None:
    """Money prints with the currency and separators of the letter's language."""
    spec = FieldSpec("a", "A", type="money")
    assert format_value(spec, Decimal(amount), language=language) == expected


def test_format_value_number_and_bool() -> None:
    """Numbers use the locale's separators; booleans the language's yes/no."""
    assert (
        format_value(FieldSpec("n", "N", type="number"), Decimal("1234.5"), language="pt-BR")
        == "1.234,5"
    )
    assert format_value(None, True, language="id") == "ya"
    assert format_value(None, False, language="pt-BR") == "não"


def test_validate_values_unknown_field_suggests_closest(
    tmp_path: Path, write_template: WriteTemplate
) -> None:
    """A misspelt field name is refused with the nearest declared name."""
    write_template()
    template = Catalog.load(None, tmp_path / "templates").get("test-letter", "en")
    with pytest.raises(FieldError) as info:
        validate_values(template, {"customer_nam": "Ana", "order_number": "1"})
    assert info.value.field == "customer_nam"
    assert "customer_name" in (info.value.hint or "")


def test_validate_values_missing_required_names_field_and_template(
    tmp_path: Path, write_template: WriteTemplate
) -> None:
    """A missing required field is an error naming it and the template, never a blank."""
    write_template()
    template = Catalog.load(None, tmp_path / "templates").get("test-letter", "en")
    with pytest.raises(FieldError) as info:
        validate_values(template, {"customer_name": "Ana", "order_number": "  "})
    assert info.value.field == "order_number"
    assert info.value.template == "test-letter/en"


def test_validate_values_optional_empties(tmp_path: Path, write_template: WriteTemplate) -> None:
    """Optional fields left out become "", None or [] by type."""
    write_template()
    template = Catalog.load(None, tmp_path / "templates").get("test-letter", "en")
    values = validate_values(template, {"customer_name": "Ana", "order_number": "1"})
    assert values["customer_address"] == "" and values["amount"] is None and values["items"] == []
