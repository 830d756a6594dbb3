"""Values typed in Settings: signatories, house-style word lists and the glossary."""

from __future__ import annotations

from pathlib import Path

import pytest

from desktop.core.errors import SettingsError
from desktop.core.paths import AppPaths
from desktop.core.settings import (
    Signatory,
    load_settings,
    parse_glossary,
    parse_word_list,
    save_user_settings,
    signatory_problems,
)

PNG = b"\x89PNG\r\n\x1a\n" + b"\0" * 16


def test_signatory_problems_none_for_a_complete_signatory(tmp_path: Path) -> None:
    """A signatory with id, name, a NIP with spaces and a real PNG passes."""
    (tmp_path / "sig.png").write_bytes(PNG)
    person = Signatory(
        "budi", "Budi Santoso", staff_number="19870512 201001 1 002", image="sig.png"
    )
    assert signatory_problems(person, base_dir=tmp_path) == {}


@pytest.mark.parametrize(
    ("person", "field"),
    [
        (Signatory("", "Ana"), "id"),
        (Signatory("ana ribeiro", "Ana"), "id"),
        (Signatory("ana", "  "), "name"),
        (Signatory("ana", "Ana", staff_number="12<34>"), "staff_number"),
    ],
)
def test_signatory_problems_names_the_refused_field(person: Signatory, field: str) -> None:
    """Each invalid value is reported under its own field."""
    assert set(signatory_problems(person)) == {field}


def test_signatory_problems_refuses_an_id_already_taken() -> None:
    """Two signatories cannot share an id."""
    problems = signatory_problems(Signatory("ana", "Ana B"), [Signatory("ana", "Ana A")])
    assert "ana" in problems["id"]


def test_signatory_problems_refuses_an_image_that_is_not_png_or_jpeg(tmp_path: Path) -> None:
    """A text file named .png is not a signature image."""
    (tmp_path / "sig.png").write_text("<svg/>", encoding="utf-8")
    problems = signatory_problems(Signatory("ana", "Ana", image="sig.png"), base_dir=tmp_path)
    assert set(problems) == {"image"}


def test_load_settings_refuses_duplicate_signatory_ids(tmp_path: Path) -> None:
    """A settings file naming two signatories with one id is refused at load."""
    paths = AppPaths(tmp_path)
    people = [{"id": "ana", "name": "Ana"}, {"id": "ana", "name": "Ana Two"}]
    save_user_settings(paths, {"organisation": {"signatories": people}})
    with pytest.raises(SettingsError) as info:
        load_settings(paths)
    assert info.value.field == "organisation.signatories.id"


def test_parse_word_list_drops_blanks_and_duplicates() -> None:
    """One word or phrase a line; blank lines and repeated words (any case) are dropped."""
    assert parse_word_list("synergy\n\n  leverage   going  \nSynergy\n") == (
        "synergy",
        "leverage going",
    )


def test_parse_word_list_refuses_a_line_without_letters() -> None:
    """A line of digits or symbols is not a word; the error names its line."""
    with pytest.raises(SettingsError) as info:
        parse_word_list("synergy\n1234")
    assert info.value.line == 2


def test_parse_glossary_reads_acronym_lines() -> None:
    """`ACRONYM = meaning` lines become the glossary; '=' may appear in the meaning."""
    assert parse_glossary("CRM = Customer Relationship Management\n\nKPI=a = b\n") == {
        "CRM": "Customer Relationship Management",
        "KPI": "a = b",
    }


@pytest.mark.parametrize("line", ["CRM", "CRM =", "= meaning", "two words = meaning"])
def test_parse_glossary_refuses_a_malformed_line(line: str) -> None:
    """A line without an acronym and a meaning is refused with its line number."""
    with pytest.raises(SettingsError) as info:
        parse_glossary(f"SAC = Atendimento\n{line}")
    assert info.value.line == 2


def test_parse_glossary_refuses_a_repeated_acronym() -> None:
    """An acronym given twice is refused rather than silently overwritten."""
    with pytest.raises(SettingsError, match="SAC"):
        parse_glossary("SAC = Atendimento\nSAC = Serviço")


def test_load_settings_user_glossary_replaces_the_sample_one(tmp_path: Path) -> None:
    """An acronym removed in Settings does not come back from the shipped sample profile."""
    paths = AppPaths(tmp_path)
    assert "SAC" in load_settings(paths).proofing.glossary
    save_user_settings(paths, {"proofing": {"glossary": {"CRM": "Customer Relationship"}}})
    assert load_settings(paths).proofing.glossary == {"CRM": "Customer Relationship"}


def test_load_settings_refuses_banned_words_for_an_unknown_language(tmp_path: Path) -> None:
    """Banned words are per letter language: en, pt-BR or id."""
    paths = AppPaths(tmp_path)
    save_user_settings(paths, {"proofing": {"extra_banned_words": {"fr": ["merde"]}}})
    with pytest.raises(SettingsError, match="fr"):
        load_settings(paths)
