"""Loading a PKCS#12 signing identity: every failure is a clear SigningError."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from signing_helpers import P12

from desktop.core.errors import SigningError
from desktop.core.signing import load_identity


def test_load_identity_reads_subject_serial_and_fingerprint(
    signer_p12: P12, now: dt.datetime
) -> None:
    """A good PKCS#12 gives the certificate's subject, serial and SHA-256 fingerprint."""
    identity = load_identity(signer_p12.path, signer_p12.password, now=now)
    info = identity.info
    assert info.common_name == "Ana Silva"
    assert "CN=Ana Silva" in info.subject
    assert info.serial == format(identity.certificate.serial_number, "X")
    assert len(info.fingerprint_sha256) == 64
    assert len(identity.chain) == 1


def test_load_identity_wrong_password_is_clear(signer_p12: P12, now: dt.datetime) -> None:
    """A wrong password says so and names the file."""
    with pytest.raises(SigningError) as caught:
        load_identity(signer_p12.path, "not-the-password", now=now)
    assert "wrong password" in caught.value.describe()
    assert str(signer_p12.path) in caught.value.describe()


def test_load_identity_missing_password_is_clear(signer_p12: P12, now: dt.datetime) -> None:
    """No password for a protected file says that a password is needed."""
    with pytest.raises(SigningError, match="protected by a password"):
        load_identity(signer_p12.path, None, now=now)


def test_load_identity_expired_certificate_is_refused(expired_p12: P12, now: dt.datetime) -> None:
    """An expired certificate is refused with its expiry date."""
    with pytest.raises(SigningError, match="expired on"):
        load_identity(expired_p12.path, expired_p12.password, now=now)


def test_load_identity_not_yet_valid_certificate_is_refused(
    future_p12: P12, now: dt.datetime
) -> None:
    """A certificate whose validity starts in the future is refused."""
    with pytest.raises(SigningError, match="not valid yet"):
        load_identity(future_p12.path, future_p12.password, now=now)


def test_load_identity_without_signing_key_usage_is_refused(
    no_usage_p12: P12, now: dt.datetime
) -> None:
    """A certificate without digitalSignature/nonRepudiation is refused."""
    with pytest.raises(SigningError, match="not meant for signatures"):
        load_identity(no_usage_p12.path, no_usage_p12.password, now=now)


def test_load_identity_unreadable_file_is_clear(tmp_path: Path, now: dt.datetime) -> None:
    """A missing file names the file."""
    missing = tmp_path / "nothing.p12"
    with pytest.raises(SigningError, match="cannot read the certificate file") as caught:
        load_identity(missing, "x", now=now)
    assert caught.value.file == str(missing)


def test_load_identity_not_pkcs12_is_clear(tmp_path: Path, now: dt.datetime) -> None:
    """A file that is not PKCS#12 says so."""
    bogus = tmp_path / "letter.p12"
    bogus.write_bytes(b"%PDF-1.7 not a certificate")
    with pytest.raises(SigningError, match=r"not a readable PKCS#12|wrong password"):
        load_identity(bogus, "x", now=now)
