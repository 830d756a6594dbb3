"""Letters right in every language: translated signatory title, unit and footer; 1º; no "Mr Mr".

Shipped templates composed with the shipped sample profile (resources/profile.toml) and written
to DOCX and PDF; the printed text is read back with python-docx and pdftotext.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest

from desktop.core.paths import AppPaths
from desktop.core.rendering import render_docx, render_pdf
from desktop.core.services.sample_values import sample_values
from desktop.core.settings import OrganisationProfile, load_settings
from desktop.core.templates import Catalog, compose

CATALOG = Catalog.load(None)
TODAY = dt.date(2026, 11, 20)
EXPECTED = {
    "en": ("Customer Care Manager", "Customer Care", "Head of Finance", "Finance"),
    "pt-BR": (
        "Gerente de Atendimento ao Cliente",
        "Atendimento ao Cliente",
        "Diretor Financeiro",
        "Financeiro",
    ),
    "id": (
        "Manajer Layanan Pelanggan",
        "Layanan Pelanggan",
        "Kepala Bagian Keuangan",
        "Bagian Keuangan",
    ),
}
ENGLISH_ONLY = ("Customer Care Manager", "Head of Finance")


@pytest.fixture
def shipped_profile(tmp_path: Path) -> OrganisationProfile:
    """Return the shipped sample profile as a first run loads it."""
    return load_settings(AppPaths(tmp_path / "data")).organisation


def _values(family: str, language: str, **overrides: Any) -> tuple[Any, dict[str, Any]]:
    template = CATALOG.get(family, language)
    values = sample_values(template, TODAY)
    values.update(overrides)
    return template, values


@pytest.mark.parametrize("language", ["en", "pt-BR", "id"])
@pytest.mark.parametrize("signatory", ["ana", "budi"])
def test_signatory_title_and_unit_print_in_the_letter_language(
    language: str, signatory: str, shipped_profile, read_docx, read_pdf
) -> None:
    """The DOCX and the PDF print the title and unit in the letter's language, not English."""
    template, values = _values("complaint-response", language, signatory=signatory)
    doc = compose(template, values, shipped_profile, today=TODAY)
    ana_title, ana_unit, budi_title, budi_unit = EXPECTED[language]
    title, unit = (ana_title, ana_unit) if signatory == "ana" else (budi_title, budi_unit)
    docx = read_docx(render_docx(doc, shipped_profile))
    pdf = " ".join(read_pdf(render_pdf(doc, shipped_profile)).split())
    for text in (docx, pdf):
        assert title in text
        assert unit in text
    if language != "en":
        for english in ENGLISH_ONLY:
            assert english not in docx
            assert english not in pdf


@pytest.mark.parametrize(
    ("language", "footer_word"),
    [("en", "Customer Care"), ("pt-BR", "Atendimento ao Cliente"), ("id", "Layanan Pelanggan")],
)
def test_footer_is_in_the_letter_language(
    language: str, footer_word: str, shipped_profile, read_docx
) -> None:
    """The footer written per language prints the letter's one."""
    template, values = _values("complaint-response", language)
    doc = compose(template, values, shipped_profile, today=TODAY)
    footer_line = [
        line
        for line in read_docx(render_docx(doc, shipped_profile)).splitlines()
        if "care@nusantara-trading.example" in line and "Nusantara Trading Co." in line
    ]
    assert footer_line and footer_word in footer_line[-1]


def test_portuguese_first_of_the_month_has_the_ordinal_indicator(
    shipped_profile, read_docx, read_pdf
) -> None:
    """A date field and the date line on the 1st print "1º de dezembro de 2026"."""
    first = dt.date(2026, 12, 1)
    template, values = _values(
        "complaint-response",
        "pt-BR",
        complaint_date="2026-11-01",
        resolution_date="2026-12-01",
    )
    doc = compose(template, values, shipped_profile, today=first)
    docx = read_docx(render_docx(doc, shipped_profile))
    pdf = " ".join(read_pdf(render_pdf(doc, shipped_profile)).split())
    for text in (docx, pdf):
        assert "1º de novembro de 2026" in text  # complaint_date, a field
        assert "até 1º de dezembro de 2026" in text  # resolution_date, a field
        assert "Jakarta, 1º de dezembro de 2026." in text  # the date line
        assert " 1 de dezembro" not in text
    english, english_values = _values("complaint-response", "en", resolution_date="2026-12-01")
    english_doc = compose(english, english_values, shipped_profile, today=first)
    assert "1 December 2026" in read_docx(render_docx(english_doc, shipped_profile))


@pytest.mark.parametrize(
    ("language", "name", "expected", "doubled"),
    [
        ("en", "Mr John O'Neill", "Mr John O'Neill", "Mr Mr"),
        ("en", "Dr Jane Smith", "Dr Jane Smith", "Mr Dr"),
        ("pt-BR", "Sr. João Silva", "Sr. João Silva", "Ao Senhor"),
        ("id", "Bapak Budi Hartono", "Yth. Bapak Budi Hartono", "Bapak Bapak"),
        ("id", "Bpk. Budi Hartono", "Yth. Bpk. Budi Hartono", "Bapak Bpk"),
    ],
)
def test_a_name_with_its_own_title_is_not_doubled(
    language: str, name: str, expected: str, doubled: str, shipped_profile, read_docx
) -> None:
    """The template's form of address gives way to the title typed with the name."""
    template, values = _values(
        "complaint-response", language, customer_name=name, form_of_address="mr"
    )
    doc = compose(template, values, shipped_profile, today=TODAY)
    assert doc.recipient[0] == expected
    text = read_docx(render_docx(doc, shipped_profile))
    assert doubled not in text
    assert expected in text


@pytest.mark.parametrize(
    ("language", "name", "expected"),
    [
        ("en", "John O'Neill", "Mr John O'Neill"),
        ("pt-BR", "João Silva", "Ao Senhor"),
        ("id", "Budi Hartono", "Yth. Bapak Budi Hartono"),
    ],
)
def test_a_name_without_a_title_keeps_the_templates_form(
    language: str, name: str, expected: str, shipped_profile
) -> None:
    """Without a title in the value, the template's own form of address stays."""
    template, values = _values(
        "complaint-response", language, customer_name=name, form_of_address="mr"
    )
    doc = compose(template, values, shipped_profile, today=TODAY)
    assert doc.recipient[0] == expected


@pytest.mark.parametrize(
    ("language", "country", "other"),
    [("pt-BR", "Indonésia", None), ("en", "Indonesia", "Indonésia")],
)
def test_an_address_line_per_language(
    language: str, country: str, other: str | None, shipped_profile, read_docx
) -> None:
    """An address line written per language prints the letter's own in the letterhead."""
    template, values = _values("complaint-response", language)
    doc = compose(template, values, shipped_profile, today=TODAY)
    text = read_docx(render_docx(doc, shipped_profile))
    assert country in text.splitlines()
    if other:
        assert other not in text
