"""Settings: the shipped sample profile, the user overlay and refusal of invalid values."""

from __future__ import annotations

from pathlib import Path

import pytest

from desktop.core.errors import SettingsError
from desktop.core.paths import AppPaths
from desktop.core.settings import load_settings, save_user_settings


def test_load_settings_sample_profile_works_without_setup(tmp_path: Path) -> None:
    """A fresh data folder gets the shipped sample organisation, signatories and series."""
    settings = load_settings(AppPaths(tmp_path))
    assert settings.organisation.name
    assert settings.organisation.signatory(None) is not None
    assert {s.id for s in settings.series} >= {"OUT", "CS", "SAC", "MEMO", "CHAT"}
    assert settings.series_by_id("SAC").pattern.startswith("OFÍCIO Nº")


def test_load_settings_user_overlay_overrides_sample(tmp_path: Path) -> None:
    """Keys in the user's settings.toml win over the sample; the rest is kept."""
    paths = AppPaths(tmp_path)
    save_user_settings(
        paths, {"organisation": {"name": "Silva & Filhos <Ltda>", "page_size": "Letter"}}
    )
    settings = load_settings(paths)
    assert settings.organisation.name == "Silva & Filhos <Ltda>"
    assert settings.organisation.page_size == "Letter"
    assert settings.organisation.signatories  # kept from the sample


def test_load_settings_unknown_key_names_the_table_and_file(tmp_path: Path) -> None:
    """A typo in settings.toml is refused with the key, the table and the file named."""
    paths = AppPaths(tmp_path)
    save_user_settings(paths, {"mail": {"hots": "smtp.example"}})
    with pytest.raises(SettingsError) as info:
        load_settings(paths)
    assert "hots" in info.value.message and "[mail]" in info.value.message
    assert info.value.file == str(paths.settings_file)


def test_load_settings_invalid_page_size_is_refused(tmp_path: Path) -> None:
    """Only A4 and Letter are accepted page sizes."""
    paths = AppPaths(tmp_path)
    save_user_settings(paths, {"organisation": {"page_size": "A5"}})
    with pytest.raises(SettingsError, match="A5"):
        load_settings(paths)


def test_load_settings_invalid_reset_is_refused(tmp_path: Path) -> None:
    """A numbering series with an unknown reset period is refused."""
    paths = AppPaths(tmp_path)
    save_user_settings(paths, {"series": [{"id": "X", "pattern": "{seq}", "reset": "weekly"}]})
    with pytest.raises(SettingsError, match="weekly"):
        load_settings(paths)


def test_load_settings_broken_toml_names_the_file(tmp_path: Path) -> None:
    """A settings file that is not TOML gives an error naming it."""
    paths = AppPaths(tmp_path)
    paths.settings_file.write_text("[organisation\nname = 1", encoding="utf-8")
    with pytest.raises(SettingsError) as info:
        load_settings(paths)
    assert info.value.file == str(paths.settings_file)


def test_signatory_unknown_id_lists_known_ids(tmp_path: Path) -> None:
    """Asking for a signatory that does not exist names the known ones."""
    profile = load_settings(AppPaths(tmp_path)).organisation
    with pytest.raises(SettingsError) as info:
        profile.signatory("nobody")
    assert "ana" in (info.value.hint or "")


def test_series_by_id_unknown_lists_configured(tmp_path: Path) -> None:
    """An unknown series id is an error listing the configured series."""
    settings = load_settings(AppPaths(tmp_path))
    with pytest.raises(SettingsError) as info:
        settings.series_by_id("NOPE")
    assert "OUT" in (info.value.hint or "")


def test_profile_resolve_relative_to_profile_folder(tmp_path: Path) -> None:
    """Relative image paths resolve against the profile's folder; blank gives None."""
    profile = load_settings(AppPaths(tmp_path)).organisation
    assert profile.resolve("") is None
    logo = profile.resolve(profile.logo)
    assert logo is not None and logo.is_absolute()
