"""Profile texts (signatory title, unit names, footer) as one string or a table per language."""

from __future__ import annotations

import copy
import pickle
from pathlib import Path

import pytest

from desktop.core.errors import SettingsError
from desktop.core.settings import (
    LocalText,
    edited_text,
    localised,
    profile_text_data,
    settings_from_dict,
)


def _settings(title: object, **org: object):
    data = {
        "organisation": {
            "signatories": [{"id": "ana", "name": "Ana", "title": title, "unit": "CS"}],
            **org,
        }
    }
    return settings_from_dict(data, base_dir=Path("."))


def test_a_table_gives_each_language_its_text_with_fallbacks() -> None:
    """Own language, then its base (en for en-GB), then English, then the first value."""
    settings = _settings(
        {"en": "Manager", "pt-BR": "Gerente", "id": "Manajer"},
        units={"CS": {"en": "Care", "id": "Layanan"}},
        footer={"pt-BR": "Rodapé", "id": "Kaki"},
    )
    org = settings.organisation
    title = org.signatories[0].title
    assert [localised(title, lang) for lang in ("pt-BR", "id", "en-GB", "en-US")] == [
        "Gerente",
        "Manajer",
        "Manager",
        "Manager",
    ]
    assert localised(org.units["CS"], "pt-BR") == "Care"  # no pt-BR: English
    assert localised(org.footer, "en") == "Rodapé"  # no English: the first one
    assert localised("Plain", "id") == "Plain"


def test_a_plain_string_stays_a_string_for_every_language() -> None:
    """The old form still works and is every language's text."""
    person = _settings("Manager").organisation.signatories[0]
    assert type(person.title) is str and localised(person.title, "pt-BR") == "Manager"


@pytest.mark.parametrize(
    ("title", "named"),
    [
        ({"en": "Manager", "fr": "Directeur"}, "fr"),
        ({"en": "Manager", "pt": "Gerente", "xx": "?"}, "pt, xx"),
    ],
)
def test_an_unknown_language_key_is_refused_by_name(title: dict, named: str) -> None:
    """A key that is not a letter language is named, with the field, and the known keys."""
    with pytest.raises(SettingsError) as info:
        _settings(title)
    assert named in info.value.message
    assert "organisation.signatories[1].title" in info.value.message
    assert "pt-BR" in (info.value.hint or "")


@pytest.mark.parametrize("title", [{}, {"en": 3}, 12, ["Manager"]])
def test_a_table_that_is_not_texts_is_refused(title: object) -> None:
    """An empty table, a non-text value or a non-text field is a clear settings error."""
    with pytest.raises(SettingsError, match="title"):
        _settings(title)


def test_unknown_language_in_units_and_footer_is_refused() -> None:
    """Unit names and the footer are checked the same way."""
    with pytest.raises(SettingsError, match=r"organisation\.units\.CS: unknown language"):
        _settings("M", units={"CS": {"de": "Kundendienst"}})
    with pytest.raises(SettingsError, match=r"organisation\.footer: unknown language"):
        _settings("M", footer={"es": "Pie"})


def test_local_text_survives_copies_and_saving() -> None:
    """Deep copies and pickles keep every language; TOML data gets the table back."""
    text = LocalText({"en": "Manager", "id": "Manajer"})
    for copied in (copy.deepcopy(text), pickle.loads(pickle.dumps(text))):
        assert isinstance(copied, LocalText) and copied.texts == text.texts
    assert profile_text_data(text) == {"en": "Manager", "id": "Manajer"}
    assert profile_text_data("Plain") == "Plain"


def test_editing_one_language_keeps_the_others() -> None:
    """Editing (or clearing) the interface language's text leaves the other languages alone."""
    text = LocalText({"en": "Manager", "pt-BR": "Gerente", "id": "Manajer"})
    edited = edited_text(text, "Gerente Geral", "pt-BR")
    assert isinstance(edited, LocalText)
    assert edited.texts == {"en": "Manager", "pt-BR": "Gerente Geral", "id": "Manajer"}
    assert edited_text(text, "Chief", "en-GB").texts["en"] == "Chief"  # shown from en
    assert "id" not in edited_text(text, "", "id").texts
    assert edited_text(LocalText({"id": "Manajer"}), "", "id") == ""
    assert edited_text("Manager", "Chief", "pt-BR") == "Chief"


def test_a_users_text_table_replaces_the_sample_one_whole(tmp_path: Path) -> None:
    """settings.toml's footer or unit table is not mixed with the sample's other languages."""
    from desktop.core.paths import AppPaths
    from desktop.core.settings import load_settings

    paths = AppPaths(tmp_path / "data")
    paths.data_dir.mkdir(parents=True)
    paths.settings_file.write_text(
        '[organisation]\nfooter = { en = "Acme" }\n[organisation.units]\nCS = { en = "Help" }\n',
        encoding="utf-8",
    )
    org = load_settings(paths).organisation
    assert localised(org.footer, "pt-BR") == "Acme"
    assert localised(org.units["CS"], "id") == "Help"
    assert localised(org.units["FIN"], "id") == "Bagian Keuangan"  # other units still merge
