"""Certificate password sources: the OS keyring and a named environment variable."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import keyring
import pytest
from keyring.backend import KeyringBackend
from keyring.backends import fail

from desktop.core.errors import SigningError
from desktop.core.signing import (
    KEYRING_SERVICE,
    keyring_username,
    password_from_env,
    password_from_keyring,
    store_password_in_keyring,
)


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
        self.store.pop((service, username), None)


@pytest.fixture()
def memory_keyring() -> Iterator[MemoryKeyring]:
    previous = keyring.get_keyring()
    backend = MemoryKeyring()
    keyring.set_keyring(backend)
    try:
        yield backend
    finally:
        keyring.set_keyring(previous)


@pytest.fixture()
def no_keyring() -> Iterator[None]:
    previous = keyring.get_keyring()
    keyring.set_keyring(fail.Keyring())
    try:
        yield
    finally:
        keyring.set_keyring(previous)


def test_password_from_keyring_uses_missiva_and_cert_path(
    memory_keyring: MemoryKeyring, tmp_path: Path
) -> None:
    """The password is kept under service 'missiva', user 'cert:<absolute path>'."""
    p12 = tmp_path / "ana.p12"
    store_password_in_keyring(p12, "s3cret-ç")
    assert memory_keyring.store == {(KEYRING_SERVICE, f"cert:{p12.resolve()}"): "s3cret-ç"}
    assert keyring_username(p12) == f"cert:{p12.resolve()}"
    assert password_from_keyring(p12) == "s3cret-ç".encode()


def test_password_from_keyring_unknown_is_none(
    memory_keyring: MemoryKeyring, tmp_path: Path
) -> None:
    """No stored password gives None (the caller then prompts)."""
    assert password_from_keyring(tmp_path / "other.p12") is None


def test_password_from_keyring_without_backend_is_none(no_keyring: None, tmp_path: Path) -> None:
    """Without a keyring backend the lookup quietly gives None."""
    assert password_from_keyring(tmp_path / "ana.p12") is None


def test_store_password_without_backend_is_clear(no_keyring: None, tmp_path: Path) -> None:
    """Storing without a keyring backend says so."""
    with pytest.raises(SigningError, match="no keyring backend available"):
        store_password_in_keyring(tmp_path / "ana.p12", "x")


def test_password_from_env_reads_named_variable(monkeypatch: pytest.MonkeyPatch) -> None:
    """The variable named on the command line holds the password."""
    monkeypatch.setenv("CERT_PW", "pä55")
    assert password_from_env("CERT_PW") == "pä55".encode()


def test_password_from_env_unset_is_clear(monkeypatch: pytest.MonkeyPatch) -> None:
    """An unset variable is a clear error naming it."""
    monkeypatch.delenv("CERT_PW", raising=False)
    with pytest.raises(SigningError, match="CERT_PW"):
        password_from_env("CERT_PW")
