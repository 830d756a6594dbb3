"""Fixtures shared by every test folder."""

from __future__ import annotations

from pathlib import Path

import pytest


@pytest.fixture(params=["sqlite", "postgresql"])
def register_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """Return the URL of an empty register database: a SQLite file, then a PostgreSQL database.

    The PostgreSQL server fixture lives in ``tests/integration/conftest.py``; elsewhere the
    PostgreSQL variant is skipped.
    """
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'register' / 'register.sqlite3'}"
    try:
        return str(request.getfixturevalue("postgres_url"))
    except pytest.FixtureLookupError:
        pytest.skip("the PostgreSQL server fixture is only available in tests/integration")
