"""Opening the register: URL handling and the embedded SQLite file's settings."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from desktop.core.errors import RegisterError
from desktop.core.register import open_register
from desktop.core.register.db import make_engine


@pytest.mark.parametrize("url", ["nonsense", "mysql://user@host/db"])
def test_register_db_refuses_unsupported_urls(url: str) -> None:
    """A URL that is not SQLite or PostgreSQL is a clear register error."""
    with pytest.raises(RegisterError):
        make_engine(url)


def test_register_db_short_postgres_scheme_uses_psycopg() -> None:
    """postgres:// and postgresql:// both select the psycopg driver."""
    assert make_engine("postgres://u@localhost/db").url.drivername == "postgresql+psycopg"
    assert make_engine("postgresql://u@localhost/db").url.drivername == "postgresql+psycopg"


def test_register_db_sqlite_creates_folder_and_uses_wal(tmp_path: Path) -> None:
    """The SQLite file's folder is created; the journal is WAL with a busy timeout."""
    target = tmp_path / "deep" / "folder" / "register.sqlite3"
    register = open_register(f"sqlite:///{target}", clock=lambda: dt.datetime.now(dt.UTC))
    try:
        assert target.is_file()
        with register.engine.connect() as conn:
            assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
            assert conn.exec_driver_sql("PRAGMA busy_timeout").scalar() == 30000
            assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
    finally:
        register.close()
