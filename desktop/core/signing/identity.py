"""Load a signing identity (key + certificate) from a PKCS#12 file and check it can sign.

The checks happen before anything is written, so a wrong password, an expired certificate or a
certificate that is not meant for signatures stops the issue with a clear message instead of a
signature that no verifier accepts. The password is never stored or logged here.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec, ed448, ed25519, rsa
from cryptography.hazmat.primitives.serialization import pkcs12

from desktop.core.errors import NotACertificate, PasswordMissing, SigningError, WrongPassword
from desktop.core.i18n import _

SigningKey = (
    rsa.RSAPrivateKey
    | ec.EllipticCurvePrivateKey
    | ed25519.Ed25519PrivateKey
    | ed448.Ed448PrivateKey
)


@dataclass(frozen=True)
class CertificateInfo:
    """What the register records about a signing certificate."""

    subject: str
    common_name: str
    serial: str  # upper-case hexadecimal, no separators
    fingerprint_sha256: str  # lower-case hexadecimal of the DER certificate
    issuer: str
    not_before: dt.datetime
    not_after: dt.datetime

    def to_dict(self) -> dict[str, str]:
        """Return JSON-ready data."""
        return {
            "subject": self.subject,
            "common_name": self.common_name,
            "serial": self.serial,
            "fingerprint_sha256": self.fingerprint_sha256,
            "issuer": self.issuer,
            "not_before": self.not_before.isoformat(),
            "not_after": self.not_after.isoformat(),
        }


@dataclass(frozen=True)
class SigningIdentity:
    """A private key with its certificate and the chain that came with it."""

    key: SigningKey
    certificate: x509.Certificate
    chain: tuple[x509.Certificate, ...]
    source: Path | None = None

    @property
    def info(self) -> CertificateInfo:
        """Return the certificate's subject, serial and fingerprint."""
        return certificate_info(self.certificate)


def certificate_info(cert: x509.Certificate) -> CertificateInfo:
    """Describe ``cert`` (subject, serial, SHA-256 fingerprint, validity)."""
    names = cert.subject.get_attributes_for_oid(x509.NameOID.COMMON_NAME)
    common_name = str(names[0].value) if names else cert.subject.rfc4514_string()
    return CertificateInfo(
        subject=cert.subject.rfc4514_string(),
        common_name=common_name,
        serial=format(cert.serial_number, "X"),
        fingerprint_sha256=cert.fingerprint(hashes.SHA256()).hex(),
        issuer=cert.issuer.rfc4514_string(),
        not_before=cert.not_valid_before_utc,
        not_after=cert.not_valid_after_utc,
    )


def check_can_sign(cert: x509.Certificate, *, now: dt.datetime, source: Path | None = None) -> None:
    """Refuse a certificate that is outside its validity or lacks a signing key usage."""
    info = certificate_info(cert)
    if now < info.not_before:
        raise SigningError(
            _("the certificate '{name}' is not valid yet (valid from {date} UTC)").format(
                name=info.common_name, date=f"{info.not_before:%Y-%m-%d %H:%M}"
            ),
            file=source,
            hint=_("Check the computer's clock or use another certificate."),
        )
    if now > info.not_after:
        raise SigningError(
            _("the certificate '{name}' expired on {date} UTC").format(
                name=info.common_name, date=f"{info.not_after:%Y-%m-%d %H:%M}"
            ),
            file=source,
            hint=_("Renew the certificate with its issuer, then sign again."),
        )
    try:
        usage = cert.extensions.get_extension_for_class(x509.KeyUsage).value
    except x509.ExtensionNotFound:
        return  # no restriction: RFC 5280 allows every usage
    if not (usage.digital_signature or usage.content_commitment):
        raise SigningError(
            _(
                "the certificate '{name}' is not meant for signatures: its key usage "
                "has neither digitalSignature nor nonRepudiation"
            ).format(name=info.common_name),
            file=source,
            hint=_("Ask the issuer for a signing certificate."),
        )


def load_identity_bytes(
    data: bytes, password: bytes | str | None, *, now: dt.datetime, source: Path | None = None
) -> SigningIdentity:
    """Load and check a PKCS#12 archive held in memory."""
    secret = password.encode("utf-8") if isinstance(password, str) else password
    try:
        key, cert, extra = pkcs12.load_key_and_certificates(data, secret or None)
    except ValueError as exc:
        text = str(exc).lower()
        if ("password" in text or "mac" in text or "decrypt" in text) and not secret:
            raise PasswordMissing(
                _("the certificate file is protected by a password, and none was given"),
                file=source,
            ) from None
        if "password" in text or "mac" in text or "decrypt" in text:
            raise WrongPassword(
                _("wrong password for the certificate file"),
                file=source,
                hint=_(
                    "Type the password again, or check the environment variable or keyring entry."
                ),
            ) from None
        raise NotACertificate(
            _("not a readable PKCS#12 (.p12/.pfx) certificate file"), file=source
        ) from None
    except TypeError:
        raise PasswordMissing(
            _("the certificate file is protected by a password, and none was given"), file=source
        ) from None
    if key is None or cert is None:
        raise SigningError(
            _("the PKCS#12 file holds no private key with its certificate"), file=source
        )
    if not isinstance(
        key,
        (
            rsa.RSAPrivateKey,
            ec.EllipticCurvePrivateKey,
            ed25519.Ed25519PrivateKey,
            ed448.Ed448PrivateKey,
        ),
    ):
        raise SigningError(
            _("unsupported key type {type}").format(type=type(key).__name__), file=source
        )
    check_can_sign(cert, now=now, source=source)
    return SigningIdentity(key=key, certificate=cert, chain=tuple(extra), source=source)


def load_identity(
    path: Path, password: bytes | str | None, *, now: dt.datetime | None = None
) -> SigningIdentity:
    """Load and check the PKCS#12 file at ``path`` (clear errors for every failure)."""
    try:
        data = Path(path).read_bytes()
    except OSError as exc:
        raise SigningError(
            _("cannot read the certificate file: {error}").format(error=exc.strerror or exc),
            file=path,
        ) from None
    moment = now or dt.datetime.now(dt.UTC)
    return load_identity_bytes(data, password, now=moment, source=Path(path))


def sha256_hex(data: bytes) -> str:
    """Return the SHA-256 of ``data`` as lower-case hexadecimal."""
    return hashlib.sha256(data).hexdigest()
