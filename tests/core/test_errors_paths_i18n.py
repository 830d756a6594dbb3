"""Errors say where; paths honour overrides; the UI language switches without touching letters."""

from __future__ import annotations

from pathlib import Path

import pytest

from desktop.core.errors import DeliveryError, FieldError, GateBlocked, MissivaError
from desktop.core.i18n import _, normalise_ui_language, set_ui_language
from desktop.core.paths import AppPaths, resources_dir, templates_dir


def test_error_describe_names_every_place() -> None:
    """describe() puts template, file, line, row, column and field before the message."""
    error = FieldError(
        "is not a valid date",
        template="refund/en",
        file="a.csv",
        line=3,
        row=7,
        column="due",
        field="due",
    )
    text = error.describe()
    for part in (
        "template refund/en",
        "a.csv",
        "line 3",
        "row 7",
        "column due",
        "field 'due'",
        "is not a valid date",
    ):
        assert part in text


def test_error_exit_codes_follow_the_cli_contract() -> None:
    """Input errors exit 1, a proofing block 2, a delivery failure 3."""
    assert MissivaError("x").exit_code == 1
    assert GateBlocked("x").exit_code == 2
    assert DeliveryError("x").exit_code == 3


def test_error_to_dict_omits_empty_places() -> None:
    """to_dict() is JSON-ready and carries only the places that are known."""
    data = FieldError("bad", row=2, hint="fix it").to_dict()
    assert data == {"error": "FieldError", "message": "bad", "row": 2, "hint": "fix it"}


def test_app_paths_from_env_prefers_argument_then_env(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """--data-dir wins over MISSIVA_DATA_DIR, which wins over the platform folder."""
    monkeypatch.setenv("MISSIVA_DATA_DIR", str(tmp_path / "env"))
    assert AppPaths.from_env().data_dir == (tmp_path / "env").resolve()
    assert AppPaths.from_env(tmp_path / "arg").data_dir == (tmp_path / "arg").resolve()


def test_app_paths_database_url_env_override(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """MISSIVA_DATABASE_URL replaces the embedded SQLite file."""
    paths = AppPaths(tmp_path)
    monkeypatch.delenv("MISSIVA_DATABASE_URL", raising=False)
    assert paths.database_url() == f"sqlite:///{tmp_path / 'register.sqlite3'}"
    monkeypatch.setenv("MISSIVA_DATABASE_URL", "postgresql+psycopg://u@h/db")
    assert paths.database_url() == "postgresql+psycopg://u@h/db"


def test_shipped_folders_exist_in_checkout() -> None:
    """The template and resource folders are found from the checkout."""
    assert templates_dir().is_dir()
    assert (resources_dir() / "profile.toml").is_file()


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ("pt-BR", "pt_BR"),
        ("pt_BR.UTF-8", "pt_BR"),
        ("pt", "pt_BR"),
        ("id_ID", "id"),
        ("in", "id"),
        ("de", "en"),
        ("", "en"),
    ],
)
def test_normalise_ui_language(given: str, expected: str) -> None:
    """System locale names map onto the three interface languages."""
    assert normalise_ui_language(given) == expected


def test_set_ui_language_english_is_identity() -> None:
    """In English, messages come back unchanged."""
    set_ui_language("en")
    assert _("Save draft") == "Save draft"
