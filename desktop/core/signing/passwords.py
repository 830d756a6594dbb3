"""Where a certificate password may come from: the OS keyring or a named environment variable.

A prompt is the third source; it belongs to the caller (the CLI asks with a hidden prompt, the
window with a password dialog). Passwords are never written to settings files or logs.
"""

from __future__ import annotations

import logging
import os
from pathlib import Path

from desktop.core.errors import SigningError
from desktop.core.i18n import _

logger = logging.getLogger(__name__)

KEYRING_SERVICE = "missiva"


def keyring_username(p12_path: Path) -> str:
    """Return the keyring user name under which a certificate's password is kept."""
    return f"cert:{Path(p12_path).expanduser().resolve()}"


def _usable_keyring() -> object | None:
    import keyring
    from keyring.backends import fail

    backend = keyring.get_keyring()
    if isinstance(backend, fail.Keyring):
        return None
    return backend


def password_from_keyring(p12_path: Path) -> bytes | None:
    """Return the stored password of ``p12_path``, or ``None`` (not stored, or no keyring)."""
    import keyring
    from keyring.errors import KeyringError

    if _usable_keyring() is None:
        return None
    try:
        value = keyring.get_password(KEYRING_SERVICE, keyring_username(p12_path))
    except KeyringError as exc:
        logger.info("keyring lookup failed: %s", type(exc).__name__)
        return None
    return value.encode("utf-8") if value is not None else None


def store_password_in_keyring(p12_path: Path, password: str) -> None:
    """Keep the password of ``p12_path`` in the OS keyring.

    Raises:
        SigningError: no keyring backend is available.
    """
    import keyring
    from keyring.errors import KeyringError

    if _usable_keyring() is None:
        raise SigningError(
            _("no keyring backend available; the certificate password cannot be remembered"),
            hint=_("Type it when asked, or name an environment variable with --sign-password-env."),
        )
    try:
        keyring.set_password(KEYRING_SERVICE, keyring_username(p12_path), password)
    except KeyringError as exc:
        raise SigningError(
            _("the keyring refused the password: {error}").format(error=exc)
        ) from None


def password_from_env(variable: str) -> bytes:
    """Return the password held in the environment variable ``variable``.

    Raises:
        SigningError: the variable is not set.
    """
    value = os.environ.get(variable)
    if value is None:
        raise SigningError(
            _(
                "the environment variable {variable} named for the certificate password is not set"
            ).format(variable=variable)
        )
    return value.encode("utf-8")
