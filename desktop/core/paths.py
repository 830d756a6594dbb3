"""The one place that finds Missiva's shipped files and the user's data folders.

Shipped files (``letter_templates/``, ``resources/``) come from the checkout when running from
source and from ``desktop/_data/`` inside an installed wheel. User data (register, user templates,
drafts, settings, dictionaries, issued files) lives in platformdirs' data folder unless overridden
with ``--data-dir`` or ``MISSIVA_DATA_DIR`` (so tests always point it at a temporary folder), or
chosen in the window's Settings (remembered in a one-line file in the platform's config folder).
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

import platformdirs

APP_NAME = "Missiva"
DATA_DIR_ENV = "MISSIVA_DATA_DIR"
DATABASE_URL_ENV = "MISSIVA_DATABASE_URL"

_PACKAGE_DIR = Path(__file__).resolve().parent.parent  # desktop/


def _shipped_root() -> Path:
    """Return the folder holding ``letter_templates/`` and ``resources/``."""
    installed = _PACKAGE_DIR / "_data"
    if installed.is_dir():
        return installed
    return _PACKAGE_DIR.parent  # the checkout


def templates_dir() -> Path:
    """Return the folder of shipped templates (``<family>/<language>.md``)."""
    return _shipped_root() / "letter_templates"


def resources_dir() -> Path:
    """Return the shipped resources folder (layouts, fonts, house style, locale, samples)."""
    return _shipped_root() / "resources"


def resource(*parts: str) -> Path:
    """Return the path of a shipped resource, e.g. ``resource("layouts", "letter.docx")``."""
    return resources_dir().joinpath(*parts)


def data_dir_pointer() -> Path:
    """Return the small file naming the data folder chosen in Settings (in the config folder)."""
    return Path(platformdirs.user_config_dir(APP_NAME)) / "data-folder.txt"


def chosen_data_dir() -> str | None:
    """Return the data folder chosen in Settings, or ``None`` if none was chosen."""
    try:
        text = data_dir_pointer().read_text(encoding="utf-8").strip()
    except OSError:
        return None
    return text or None


def remember_data_dir(folder: Path) -> None:
    """Make ``folder`` the data folder of the next starts (window and command line)."""
    pointer = data_dir_pointer()
    pointer.parent.mkdir(parents=True, exist_ok=True)
    tmp = pointer.with_suffix(".tmp")
    tmp.write_text(str(folder) + "\n", encoding="utf-8")
    tmp.replace(pointer)


@dataclass(frozen=True)
class AppPaths:
    """Every user-data location, derived from one data folder."""

    data_dir: Path

    @classmethod
    def from_env(cls, data_dir: str | Path | None = None) -> AppPaths:
        """Build from ``--data-dir``, else ``MISSIVA_DATA_DIR``, else the chosen folder.

        The chosen folder is the one picked in Settings (:func:`chosen_data_dir`); without one,
        the platform's data folder.
        """
        chosen = (
            data_dir
            or os.environ.get(DATA_DIR_ENV)
            or chosen_data_dir()
            or platformdirs.user_data_dir(APP_NAME)
        )
        return cls(Path(chosen).expanduser().resolve())

    @property
    def settings_file(self) -> Path:
        """Return the user's settings file (TOML)."""
        return self.data_dir / "settings.toml"

    @property
    def user_templates_dir(self) -> Path:
        """Return the folder for staff templates (adds families or overrides shipped ones)."""
        return self.data_dir / "templates"

    @property
    def drafts_dir(self) -> Path:
        """Return the folder for draft autosaves."""
        return self.data_dir / "drafts"

    @property
    def output_dir(self) -> Path:
        """Return the default folder for issued files (``<year>/<series>/`` below it)."""
        return self.data_dir / "issued"

    @property
    def incoming_dir(self) -> Path:
        """Return the folder where incoming files are copied."""
        return self.data_dir / "incoming"

    @property
    def dictionaries_dir(self) -> Path:
        """Return the folder for installed Hunspell dictionaries and word lists."""
        return self.data_dir / "dictionaries"

    @property
    def database_file(self) -> Path:
        """Return the embedded SQLite register file."""
        return self.data_dir / "register.sqlite3"

    def database_url(self) -> str:
        """Return ``MISSIVA_DATABASE_URL`` if set, else the embedded SQLite file's URL."""
        return os.environ.get(DATABASE_URL_ENV) or f"sqlite:///{self.database_file}"

    def ensure(self) -> AppPaths:
        """Create the data folder and its subfolders; return self."""
        for folder in (
            self.data_dir,
            self.user_templates_dir,
            self.drafts_dir,
            self.dictionaries_dir,
        ):
            folder.mkdir(parents=True, exist_ok=True)
        return self
