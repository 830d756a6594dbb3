"""Certificate password sources: the OS keyring and a named environment variable."""

from __future__ import annotations

from pathlib import Path

import pytest

from desktop.core.errors import SigningError
from desktop.core.signing import (
    KEYRING_SERVICE,
    keyring_username,
    password_from_env,
    password_from_keyring,
    store_password_in_keyring,
)


def test_password_from_keyring_uses_missiva_and_cert_path(
    memory_keyring: dict[tuple[str, str], str], tmp_path: Path
) -> None:
    """The password is kept under service 'missiva', user 'cert:<absolute path>'."""
    p12 = tmp_path / "ana.p12"
    store_password_in_keyring(p12, "s3cret-ç")
    assert memory_keyring == {(KEYRING_SERVICE, f"cert:{p12.resolve()}"): "s3cret-ç"}
    assert keyring_username(p12) == f"cert:{p12.resolve()}"
    assert password_from_keyring(p12) == "s3cret-ç".encode()


def test_password_from_keyring_unknown_is_none(
    memory_keyring: dict[tuple[str, str], str], tmp_path: Path
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
