"""Moving to another data folder: which folders are refused, what each way copies."""

from __future__ import annotations

import datetime as dt
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest

from desktop.core.errors import SettingsError
from desktop.core.paths import AppPaths, chosen_data_dir, remember_data_dir
from desktop.core.services.data_folder import check_new_folder, move_data
from desktop.core.settings import save_user_settings

NOW = dt.datetime(2026, 11, 20, 10, 0, tzinfo=dt.UTC)


@pytest.fixture
def current(tmp_path: Path) -> Iterator[Path]:
    """Return a data folder with settings, a register entry, a draft and an issued file.

    The register stays open (WAL mode) while the test runs, as it is in the window.
    """
    from desktop.core.services.context import AppContext
    from desktop.core.services.issuing import record_incoming

    folder = tmp_path / "current"
    ctx = AppContext.create(
        str(folder), clock=lambda: NOW, database_url=f"sqlite:///{folder / 'register.sqlite3'}"
    )
    save_user_settings(ctx.paths, {"organisation": {"name": "Silva & Filhos"}})
    record_incoming(ctx, sender="Carla Souza", subject="Entrega", received=NOW.date())
    (ctx.paths.drafts_dir / "note.json").write_text("{}", encoding="utf-8")
    (ctx.paths.output_dir / "2026").mkdir(parents=True)
    (ctx.paths.output_dir / "2026" / "OUT-1.pdf").write_bytes(b"%PDF-1.7")
    yield folder
    ctx.register.close()


def _entries(folder: Path) -> int:
    with sqlite3.connect(folder / "register.sqlite3") as db:
        tables = [r[0] for r in db.execute("select name from sqlite_master where type='table'")]
        table = next(t for t in tables if "entr" in t)
        return int(db.execute(f"select count(*) from {table}").fetchone()[0])


def test_check_new_folder_refuses_the_current_folder(current: Path) -> None:
    """The current data folder is not a new one."""
    with pytest.raises(SettingsError):
        check_new_folder(current, str(current))


def test_check_new_folder_refuses_a_folder_inside_the_current_one(current: Path) -> None:
    """A folder inside the data folder would be copied into itself."""
    with pytest.raises(SettingsError, match="inside"):
        check_new_folder(current, str(current / "sub"))


def test_check_new_folder_refuses_a_relative_path(current: Path) -> None:
    """Only a full path names a folder unambiguously."""
    with pytest.raises(SettingsError, match="full path"):
        check_new_folder(current, "elsewhere")


def test_check_new_folder_refuses_a_non_empty_foreign_folder(current: Path, tmp_path: Path) -> None:
    """A folder with other people's files is refused (nothing would be mixed into it)."""
    other = tmp_path / "other"
    other.mkdir()
    (other / "x.txt").write_text("x", encoding="utf-8")
    with pytest.raises(SettingsError, match="not empty"):
        check_new_folder(current, str(other))


def test_check_new_folder_offers_copy_and_fresh_for_an_empty_folder(
    current: Path, tmp_path: Path
) -> None:
    """An empty or missing folder can receive a copy or start empty."""
    assert check_new_folder(current, str(tmp_path / "new")).modes == ("copy", "fresh")


def test_check_new_folder_offers_only_use_for_a_missiva_folder(
    current: Path, tmp_path: Path
) -> None:
    """A folder that already holds Missiva data is used as it is, never overwritten."""
    other = tmp_path / "shared"
    save_user_settings(AppPaths(other), {"ui_language": "id"})
    assert check_new_folder(current, str(other)).modes == ("use",)


def test_move_data_copy_carries_register_drafts_and_files(current: Path, tmp_path: Path) -> None:
    """Copy: the new folder has the register entries, settings, drafts and issued files."""
    new = tmp_path / "new"
    move_data(current, new, "copy")
    assert _entries(new) == _entries(current) == 1
    assert "Silva & Filhos" in (new / "settings.toml").read_text(encoding="utf-8")
    assert (new / "drafts" / "note.json").is_file()
    assert (new / "issued" / "2026" / "OUT-1.pdf").read_bytes() == b"%PDF-1.7"
    assert (current / "register.sqlite3").is_file()  # the old folder is left as it was


def test_move_data_fresh_keeps_settings_but_not_the_register(current: Path, tmp_path: Path) -> None:
    """Fresh: settings come along; register, drafts and issued files do not."""
    new = tmp_path / "new"
    move_data(current, new, "fresh")
    assert (new / "settings.toml").is_file()
    assert not (new / "register.sqlite3").exists()
    assert not (new / "issued").exists()
    assert not (new / "drafts" / "note.json").exists()


def test_move_data_reports_progress_to_the_last_file(current: Path, tmp_path: Path) -> None:
    """Progress goes from 1 to the number of files copied."""
    seen: list[tuple[int, int]] = []
    move_data(current, tmp_path / "new", "copy", progress=lambda d, t: seen.append((d, t)))
    assert seen and seen[-1][0] == seen[-1][1] == len(seen)


def test_move_data_refuses_a_mode_the_folder_does_not_offer(current: Path, tmp_path: Path) -> None:
    """Copying over a folder that already holds Missiva data is refused."""
    other = tmp_path / "shared"
    save_user_settings(AppPaths(other), {})
    with pytest.raises(SettingsError):
        move_data(current, other, "copy")


def test_remember_data_dir_is_used_by_the_next_start(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A folder chosen in Settings is the data folder when no option or variable names one."""
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    monkeypatch.delenv("MISSIVA_DATA_DIR", raising=False)
    assert chosen_data_dir() is None
    remember_data_dir(tmp_path / "chosen")
    assert AppPaths.from_env(None).data_dir == (tmp_path / "chosen").resolve()
    assert AppPaths.from_env(tmp_path / "given").data_dir == (tmp_path / "given").resolve()
