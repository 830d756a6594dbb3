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
    check_key_policy(cert, source=source)


MIN_RSA_BITS = 2048
MIN_EC_BITS = 256
WEAK_HASHES = ("sha1", "md5")


def check_key_policy(cert: x509.Certificate, *, source: Path | None = None) -> None:
    """Refuse weak keys, SHA-1/MD5 certificate signatures and non-signing certificates.

    The policy (decision 0005): RSA keys of at least 2048 bits, elliptic-curve keys of at least
    256 bits, a certificate signed with SHA-2 or better, and a KeyUsage extension that grants
    digitalSignature. A certificate without a KeyUsage extension is refused too: a signing
    certificate names its purpose (ETSI EN 319 412-2).
    """
    name = certificate_info(cert).common_name
    public = cert.public_key()
    if isinstance(public, rsa.RSAPublicKey) and public.key_size < MIN_RSA_BITS:
        raise SigningError(
            _("the certificate '{name}' has a {bits}-bit RSA key, too weak to sign").format(
                name=name, bits=public.key_size
            ),
            file=source,
            hint=_("Use a certificate with an RSA key of at least 2048 bits or an EC key."),
        )
    if isinstance(public, ec.EllipticCurvePublicKey) and public.curve.key_size < MIN_EC_BITS:
        raise SigningError(
            _(
                "the certificate '{name}' has a {bits}-bit elliptic-curve key, too weak to sign"
            ).format(name=name, bits=public.curve.key_size),
            file=source,
            hint=_("Use a certificate with an EC key of at least 256 bits (P-256 or larger)."),
        )
    algorithm = cert.signature_hash_algorithm
    if algorithm is not None and algorithm.name.lower() in WEAK_HASHES:
        raise SigningError(
            _("the certificate '{name}' is signed with {hash}, which is no longer safe").format(
                name=name, hash=algorithm.name.upper()
            ),
            file=source,
            hint=_("Ask the issuer for a certificate signed with SHA-256 or better."),
        )
    try:
        usage = cert.extensions.get_extension_for_class(x509.KeyUsage).value
    except x509.ExtensionNotFound:
        usage = None
    if usage is None or not usage.digital_signature:
        raise SigningError(
            _(
                "the certificate '{name}' is not meant for signatures: its key usage "
                "does not include digitalSignature"
            ).format(name=name),
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
