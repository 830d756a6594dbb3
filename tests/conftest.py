"""Fixtures shared by every test folder."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import keyring
import pytest
from keyring.backend import KeyringBackend
from keyring.backends import fail
from keyring.errors import PasswordDeleteError


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


class MemoryKeyring(KeyringBackend):
    """An in-memory keyring standing in for the OS keyring (a real boundary)."""

    priority = 1  # type: ignore[assignment]

    def __init__(self) -> None:
        super().__init__()
        self.store: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, username: str) -> str | None:
        return self.store.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self.store[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        if (service, username) not in self.store:
            raise PasswordDeleteError(username)
        del self.store[(service, username)]


@contextmanager
def _keyring_backend(backend: KeyringBackend) -> Iterator[KeyringBackend]:
    previous = keyring.get_keyring()
    keyring.set_keyring(backend)
    try:
        yield backend
    finally:
        keyring.set_keyring(previous)


@pytest.fixture()
def memory_keyring() -> Iterator[dict[tuple[str, str], str]]:
    """Install an empty in-memory keyring; yield its store ``{(service, user): password}``."""
    backend = MemoryKeyring()
    with _keyring_backend(backend):
        yield backend.store


@pytest.fixture()
def no_keyring() -> Iterator[None]:
    """Install keyring's "fail" backend: every keyring call raises, as on a desktop without one."""
    with _keyring_backend(fail.Keyring()):
        yield
