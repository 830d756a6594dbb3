"""The organisation's English: dictionary, date style, and money in the organisation's currency."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from desktop.core.errors import SettingsError
from desktop.core.paths import AppPaths
from desktop.core.proofing import Proofer
from desktop.core.rendering.labels import date_line, format_date
from desktop.core.rendering.sheet import build_sheet
from desktop.core.settings import OrganisationProfile, Settings, settings_from_dict
from desktop.core.templates.catalog import Catalog
from desktop.core.templates.compose import compose

DAY = dt.date(2026, 12, 1)
MIXED = "spelling.mixed_english"


@pytest.fixture(scope="module")
def shared_proofer(tmp_path_factory: pytest.TempPathFactory) -> Proofer:
    """Return a proofer with no English variant chosen (dictionaries load once)."""
    data = tmp_path_factory.mktemp("variant-data")
    return Proofer(Settings(), AppPaths(data).ensure())


def _proofer(tmp_path: Path, english: str) -> Proofer:
    settings = Settings(organisation=OrganisationProfile(english=english))
    return Proofer(settings, AppPaths(tmp_path / english / "data").ensure())


def _spelling(report) -> list[tuple[str, str, str]]:  # type: ignore[no-untyped-def]
    return [
        (report.flagged(i), i.rule_id, i.severity)
        for i in report.issues
        if i.category == "spelling"
    ]


# -- settings ----------------------------------------------------------------------------------


def _settings(**organisation: object) -> Settings:
    return settings_from_dict({"organisation": organisation}, base_dir=Path("."))


@pytest.mark.parametrize("english", ["", "en-GB", "en-US", "en-AU", "en-IN"])
def test_english_setting_accepts_the_variants(english: str) -> None:
    """The profile's english is one of the supported variants or blank."""
    assert _settings(english=english).organisation.english == english


@pytest.mark.parametrize("english", ["british", "en_GB", "en-CA", "EN-US"])
def test_english_setting_refuses_anything_else(english: str) -> None:
    """An unknown variant is refused with the field named."""
    with pytest.raises(SettingsError) as error:
        _settings(english=english)
    assert error.value.field == "organisation.english"


def test_currency_is_one_code_for_every_letter() -> None:
    """One code (currency = "IDR") applies to English, Portuguese and Indonesian letters alike."""
    organisation = _settings(currency="IDR").organisation
    assert {organisation.currency_for(lang) for lang in ("en", "en-GB", "pt-BR", "id")} == {"IDR"}


def test_currency_table_names_one_per_language_and_bad_codes_are_refused() -> None:
    """A table still works; a code that is not ISO 4217 is refused naming the key."""
    table = _settings(currency={"pt-BR": "BRL", "en": "EUR"}).organisation
    assert table.currency_for("en-GB") == "EUR" and table.currency_for("pt-BR") == "BRL"
    assert table.currency_for("id") == ""  # the profile does not say: no guess from the language
    assert _settings(currency={"en": "IDR"}).organisation.currency_for("id") == "IDR"
    with pytest.raises(SettingsError) as error:
        _settings(currency={"en": "RUPIAH"})
    assert error.value.field == "organisation.currency.en"
    with pytest.raises(SettingsError):
        _settings(currency="XYZ")


# -- dates ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("language", "english", "expected"),
    [
        ("en", "en-US", "December 1, 2026"),
        ("en", "en-GB", "1 December 2026"),
        ("en", "en-AU", "1 December 2026"),
        ("en", "", "1 December 2026"),
        ("en-GB", "en-US", "1 December 2026"),  # the letter's own variant wins
        ("en-US", "", "December 1, 2026"),
        ("pt-BR", "en-US", "1º de dezembro de 2026"),
    ],
)
def test_date_style_follows_the_organisation_english(
    language: str, english: str, expected: str
) -> None:
    """US English writes the month first; the others the day first."""
    assert format_date(DAY, language, english) == expected
    assert date_line(DAY, language, "Jakarta", english).endswith(
        expected + ("." if language == "pt-BR" else "")
    )


# -- composed letters: money and dates -----------------------------------------------------------

CATALOG = Catalog.load(None)


def _payment(profile: OrganisationProfile):  # type: ignore[no-untyped-def]
    template = CATALOG.get("payment-received", "en")
    values = {
        "customer_name": "Ana Souza",
        "customer_email": "ana@example.com",
        "order_number": "A-1",
        "order_date": "2026-12-01",
        "amount": "1500000",
    }
    return compose(template, values, profile, today=DAY)


def test_english_letter_of_a_jakarta_company_shows_rupiah_in_english_style() -> None:
    """Currency IDR: an English letter prints IDR with English separators, not dollars."""
    profile = _settings(currency="IDR", city="Jakarta").organisation
    body = _payment(profile).body_text()
    assert "IDR1,500,000.00" in body
    assert "$" not in body and "Rp" not in body
    us = _settings(currency="IDR", english="en-US").organisation
    assert "IDR1,500,000.00" in _payment(us).body_text()
    india = _settings(currency="IDR", english="en-IN").organisation
    assert "IDR15,00,000.00" in _payment(india).body_text()  # Indian English groups in lakhs


def test_field_currency_and_dates_follow_the_profile_english() -> None:
    """Dates in the body and on the date line take the organisation's English."""
    us = _settings(currency="USD", english="en-US").organisation
    doc = _payment(us)
    assert "December 1, 2026" in doc.body_text() and "$1,500,000.00" in doc.body_text()
    assert build_sheet(doc, us).date_text == "December 1, 2026"
    gb = _settings(currency="GBP", english="en-GB").organisation
    doc = _payment(gb)
    assert "1 December 2026" in doc.body_text() and "£1,500,000.00" in doc.body_text()
    assert build_sheet(doc, gb).date_text == "1 December 2026"


# -- spelling ----------------------------------------------------------------------------------


def test_without_a_variant_british_and_us_spellings_both_pass(shared_proofer: Proofer) -> None:
    """Plain en with no variant: "apologise" and "color" are both correct words."""
    british = shared_proofer.check_text("We apologise; our neighbour centre is closed.", "en")
    assert _spelling(british) == []
    us = shared_proofer.check_text("We apologize; the color of our center is blue.", "en")
    assert _spelling(us) == []
    assert _spelling(shared_proofer.check_text("We apologies for the dealy.", "en")) == [
        ("dealy", "spelling.unknown", "error")
    ]


def test_mixing_british_and_us_spellings_gets_a_hint_naming_the_words(
    shared_proofer: Proofer,
) -> None:
    """The less used variant is marked, with a hint naming the words of both."""
    report = shared_proofer.check_text(
        "We apologise for the delay.\n\nOur neighbour shop will fix the color of the box.", "en"
    )
    marks = [(w, r, s) for w, r, s in _spelling(report) if r == MIXED]
    assert marks == [("color", MIXED, "hint")]
    message = next(i.message for i in report.issues if i.rule_id == MIXED)
    assert "apologise" in message and "neighbour" in message and "color" in message
    assert not report.blocking


def test_words_only_one_dictionary_lacks_are_not_variants(shared_proofer: Proofer) -> None:
    """A word with no counterpart in the other spelling ("sidewalk") is not a US spelling."""
    text = "We walked amongst the crowd on the sidewalk and we apologise."
    report = shared_proofer.check_text(text, "en")
    assert _spelling(report) == []
    speller = shared_proofer._speller("en")
    assert speller is not None
    assert [speller.variant(w) for w in ("sidewalk", "amongst", "apologise", "Color")] == [
        "",
        "",
        "British",
        "US",
    ]


@pytest.mark.parametrize(
    ("english", "wrong", "right"),
    [
        ("en-US", "apologise", "apologize"),
        ("en-GB", "color", "colour"),
        ("en-AU", "center", "centre"),
        ("en-IN", "analyze", "analyse"),
    ],
)
def test_a_chosen_variant_spells_with_its_dictionary(
    tmp_path: Path, english: str, wrong: str, right: str
) -> None:
    """With a variant set, the other variant's spelling is a mistake and no mix hint is given."""
    proofer = _proofer(tmp_path, english)
    assert _spelling(proofer.check_text(f"We {right} it.", "en")) == []
    assert _spelling(proofer.check_text(f"We {wrong} it.", "en")) == [
        (wrong, "spelling.unknown", "error")
    ]
    assert proofer.dictionary_key("en") == english
