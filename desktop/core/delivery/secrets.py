"""The SMTP password in the OS keyring (service ``missiva-smtp``), never in a settings file.

``MISSIVA_SMTP_PASSWORD`` in the environment is an escape hatch for CI and tests where no keyring
exists; it is read only when the keyring has no entry.
"""

from __future__ import annotations

import os

from desktop.core.errors import DeliveryError
from desktop.core.i18n import _

KEYRING_SERVICE = "missiva-smtp"
PASSWORD_ENV = "MISSIVA_SMTP_PASSWORD"


def _no_backend() -> str:
    return _(
        "no keyring backend available; the SMTP password cannot be stored "
        "(install a Secret Service, KWallet, macOS Keychain or Windows Credential Locker "
        "backend, or set {variable} for this process)"
    ).format(variable=PASSWORD_ENV)


def keyring_user(host: str, username: str) -> str:
    """Return the keyring user name for an account on a server, e.g. ``desk@smtp.example.org``."""
    return f"{username}@{host}"


def _require_backend() -> None:
    if not keyring_available():
        raise DeliveryError(_no_backend())


def keyring_available() -> bool:
    """Return whether a real keyring backend (not keyring's fail backend) is active."""
    import keyring
    from keyring.backends import fail

    return not isinstance(keyring.get_keyring(), fail.Keyring)


def require_keyring() -> None:
    """Raise the "no keyring backend available; ..." DeliveryError if there is none."""
    _require_backend()


def store_smtp_password(host: str, username: str, password: str) -> None:
    """Keep the SMTP password in the OS keyring.

    Raises:
        DeliveryError: no keyring backend is available, or it refused.
    """
    import keyring
    from keyring.errors import KeyringError, NoKeyringError

    _require_backend()
    try:
        keyring.set_password(KEYRING_SERVICE, keyring_user(host, username), password)
    except NoKeyringError:
        raise DeliveryError(_no_backend()) from None
    except KeyringError as exc:
        raise DeliveryError(
            _("the keyring refused the SMTP password: {error}").format(error=exc)
        ) from None


def delete_smtp_password(host: str, username: str) -> None:
    """Forget the stored SMTP password (nothing happens if none is stored)."""
    import keyring
    from keyring.errors import KeyringError, PasswordDeleteError

    _require_backend()
    try:
        keyring.delete_password(KEYRING_SERVICE, keyring_user(host, username))
    except PasswordDeleteError:
        return
    except KeyringError as exc:
        raise DeliveryError(
            _("the keyring refused to delete the SMTP password: {error}").format(error=exc)
        ) from None


def smtp_password(host: str, username: str) -> str:
    """Return the SMTP password: keyring first, then ``MISSIVA_SMTP_PASSWORD``; "" if no login.

    Raises:
        DeliveryError: a login is configured but no password is stored anywhere.
    """
    if not username:
        return ""
    import keyring
    from keyring.backends import fail
    from keyring.errors import KeyringError

    stored: str | None = None
    if not isinstance(keyring.get_keyring(), fail.Keyring):
        try:
            stored = keyring.get_password(KEYRING_SERVICE, keyring_user(host, username))
        except KeyringError:
            stored = None
    if stored is not None:
        return stored
    env = os.environ.get(PASSWORD_ENV)
    if env is not None:
        return env
    raise DeliveryError(
        _("no SMTP password is stored for {account}").format(account=keyring_user(host, username)),
        hint=_(
            "Store it with 'missiva smtp password' (OS keyring), or set {variable} for this process."
        ).format(variable=PASSWORD_ENV),
    )
