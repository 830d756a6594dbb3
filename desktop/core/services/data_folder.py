"""Use case: move Missiva to another data folder (chosen in Settings), carrying the data or not.

A data folder holds the register (``register.sqlite3`` unless ``MISSIVA_DATABASE_URL`` points at a
server), settings, drafts, the user's templates and dictionaries, incoming and issued files.
Changing it never deletes or alters the current folder. Three ways, offered by what the new
folder holds:

- ``copy``: the new folder is empty; everything is copied there (the SQLite register through
  SQLite's backup API, so a consistent copy even while it is open in WAL mode);
- ``fresh``: the new folder is empty; only the settings, the user's templates and dictionary
  words are copied, and the register starts empty there;
- ``use``: the new folder already is a Missiva data folder (e.g. on a shared drive); nothing is
  copied and its own settings and register are used.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from desktop.core.errors import SettingsError
from desktop.core.i18n import _
from desktop.core.paths import AppPaths

MODES = ("copy", "fresh", "use")
MARKERS = ("settings.toml", "register.sqlite3")
FRESH_ITEMS = ("settings.toml", "templates", "dictionaries", "window.ini")
SKIPPED_SUFFIXES = ("-wal", "-shm", "-journal", ".lock", ".tmp")  # live or temporary

Progress = Callable[[int, int], None]


@dataclass(frozen=True)
class FolderCheck:
    """What a candidate data folder allows."""

    folder: Path
    modes: tuple[str, ...]  # the ways offered, first is the suggested one
    holds_data: bool


def is_data_folder(folder: Path) -> bool:
    """Return whether ``folder`` already holds Missiva data (settings or a register)."""
    return any((folder / name).exists() for name in MARKERS)


def _writable(folder: Path) -> bool:
    probe = folder
    while not probe.exists():
        if probe.parent == probe:
            return False
        probe = probe.parent
    return probe.is_dir() and os.access(probe, os.W_OK | os.X_OK)


def check_new_folder(current: Path, text: str) -> FolderCheck:
    """Check a folder typed or chosen as the new data folder.

    Raises:
        SettingsError: the folder cannot be used (the message says why, for the field).
    """
    raw = text.strip()
    if not raw:
        raise SettingsError(_("Choose a folder."))
    folder = Path(raw).expanduser()
    if not folder.is_absolute():
        raise SettingsError(_("Give the full path of the folder."))
    folder = folder.resolve()
    current = current.resolve()
    if folder == current:
        raise SettingsError(_("This is already the data folder."))
    if folder.is_relative_to(current) or current.is_relative_to(folder):
        raise SettingsError(_("The new folder cannot be inside the current one, or contain it."))
    if folder.exists() and not folder.is_dir():
        raise SettingsError(_("This is a file, not a folder."))
    if not _writable(folder):
        raise SettingsError(_("Missiva cannot write in this folder."))
    if folder.is_dir() and is_data_folder(folder):
        return FolderCheck(folder, ("use",), True)
    if folder.is_dir() and any(folder.iterdir()):
        raise SettingsError(
            _("The folder is not empty and holds no Missiva data: choose an empty folder.")
        )
    return FolderCheck(folder, ("copy", "fresh"), False)


def _files(source: Path, names: tuple[str, ...] | None) -> list[Path]:
    tops = [source / n for n in names] if names is not None else sorted(source.iterdir())
    found: list[Path] = []
    for top in tops:
        if top.is_dir():
            found += [p for p in sorted(top.rglob("*")) if p.is_file()]
        elif top.is_file():
            found.append(top)
    return [p for p in found if not p.name.endswith(SKIPPED_SUFFIXES)]


def _copy_sqlite(source: Path, target: Path) -> None:
    src = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
    dst = sqlite3.connect(target)
    try:
        with dst:
            src.backup(dst)
    finally:
        src.close()
        dst.close()


def move_data(current: Path, new: Path, mode: str, *, progress: Progress | None = None) -> AppPaths:
    """Prepare ``new`` as the data folder by ``mode`` (see the module docstring); return its paths.

    The current folder is left as it is. Raises SettingsError if ``mode`` does not suit ``new``.
    """
    check = check_new_folder(current, str(new))
    if mode not in check.modes:
        raise SettingsError(_("This folder cannot be used that way."))
    new = check.folder
    names = {"copy": None, "fresh": FRESH_ITEMS, "use": ()}[mode]
    files = _files(current, names)
    new.mkdir(parents=True, exist_ok=True)
    for done, path in enumerate(files, start=1):
        target = new / path.relative_to(current)
        target.parent.mkdir(parents=True, exist_ok=True)
        if path.suffix == ".sqlite3":
            _copy_sqlite(path, target)
        else:
            shutil.copy2(path, target)
        if progress is not None:
            progress(done, len(files))
    return AppPaths(new).ensure()
