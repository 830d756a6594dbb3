"""Digital signing options shared by ``missiva render`` and ``missiva merge``.

The certificate is ``--sign P12`` when given, else (for a series that requires a signature) the
letter's signatory's, else the organisation's ``signing_certificate``: see
:func:`desktop.core.services.signing.certificate_for`. Its password comes from
``--sign-password-env VAR``, else the OS keyring, else a hidden prompt; it is never logged or
written anywhere.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Annotated

import typer

from desktop.core.errors import SigningError

SignOption = Annotated[
    Path | None,
    typer.Option("--sign", metavar="P12", help="Sign with this PKCS#12 file", dir_okay=False),
]
SignPasswordEnvOption = Annotated[
    str | None,
    typer.Option(
        "--sign-password-env",
        metavar="VAR",
        help="Variable holding the certificate password",
    ),
]


def sign_password(env_var: str | None, p12: Path) -> bytes:
    """Return the password of ``p12``: from ``env_var``, the keyring, or a hidden prompt."""
    if env_var:
        value = os.environ.get(env_var)
        if value is None:
            raise SigningError(
                f"the environment variable {env_var} named by --sign-password-env is not set"
            )
        return value.encode("utf-8")
    from desktop.core.signing import password_from_keyring

    stored = password_from_keyring(p12)
    if stored is not None:
        return stored
    return typer.prompt(f"Password for {p12.name}", hide_input=True).encode("utf-8")
