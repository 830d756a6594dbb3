"""Doubled forms of address: the template's own gives way to a title typed in the value."""

from __future__ import annotations

import pytest

from desktop.core.templates.engine import MARK_CLOSE, MARK_OPEN, MARK_SEP
from desktop.core.templates.titles import drop_doubled_titles, starts_with_title


def _value(text: str, index: str = "0") -> str:
    return f"{MARK_OPEN}{index}{MARK_SEP}{text}{MARK_CLOSE}"


@pytest.mark.parametrize(
    ("template_form", "value", "expected"),
    [
        ("Dear Mr ", "Mr John O'Neill", "Dear " + _value("Mr John O'Neill")),
        ("Dear Ms ", "Mrs Ann Lee", "Dear " + _value("Mrs Ann Lee")),
        ("Prezado Sr. ", r"Sr\. João", "Prezado " + _value(r"Sr\. João")),
        ("Yth. Bapak/Ibu ", "Ibu Sari", "Yth. " + _value("Ibu Sari")),
        ("Yth. Bapak ", r"Bpk\. Budi", "Yth. " + _value(r"Bpk\. Budi")),
        ("Ao Senhor\n", "Sr. João", _value("Sr. João")),
    ],
)
def test_the_templates_form_is_dropped_before_a_titled_value(
    template_form: str, value: str, expected: str
) -> None:
    """en, pt-BR and id forms of address give way to the value's own title."""
    assert drop_doubled_titles(template_form + _value(value)) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Dear Mr " + _value("Mrazek Jan"),  # a name that merely starts like a title
        "Dear Mr " + _value("John O'Neill"),
        "Mr Mr is written by the template itself",  # no field value: literal text stays
        "Yth. Bapak " + _value("Budi") + " Bapak " + "Bapak",
        "Ao Senhor\n" + _value("João Silva"),
    ],
)
def test_nothing_else_is_touched(text: str) -> None:
    """A value without a title, and literal template text, are left as they are."""
    assert drop_doubled_titles(text) == text


@pytest.mark.parametrize(
    ("name", "titled"),
    [("Mr John", True), ("Sra. Ana", True), ("Bpk. Budi", True), ("Mrazek", False), ("Ana", False)],
)
def test_starts_with_title(name: str, titled: bool) -> None:
    """Titles in the three languages are recognised, names that only start alike are not."""
    assert starts_with_title(name) is titled
