"""Make a small local certificate authority and signing certificates (demo, tests, benchmarks).

Real signatures use the organisation's own certificate (ICP-Brasil, BSrE, an eIDAS provider ...).
This module exists so that signing can be tried, tested and measured without one: it issues an
EC P-256 (fast) or RSA certificate from a throw-away CA and writes PKCS#12 and PEM files.
"""

from __future__ import annotations

import datetime as dt
import ipaddress
from dataclasses import dataclass
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

SIGNING_USAGE = "signing"
ENCIPHERMENT_USAGE = "encipherment"  # no digitalSignature / nonRepudiation


@dataclass(frozen=True)
class Authority:
    """A certificate authority's key and self-signed certificate."""

    key: ec.EllipticCurvePrivateKey | rsa.RSAPrivateKey
    certificate: x509.Certificate

    def pem(self) -> bytes:
        """Return the CA certificate as PEM (for ``-CAfile`` and trust lists)."""
        return self.certificate.public_bytes(serialization.Encoding.PEM)


def _name(common_name: str, organisation: str) -> x509.Name:
    return x509.Name(
        [
            x509.NameAttribute(NameOID.COMMON_NAME, common_name),
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, organisation),
            x509.NameAttribute(NameOID.COUNTRY_NAME, "BR"),
        ]
    )


def _new_key(kind: str) -> ec.EllipticCurvePrivateKey | rsa.RSAPrivateKey:
    if kind == "rsa":
        return rsa.generate_private_key(public_exponent=65537, key_size=2048)
    return ec.generate_private_key(ec.SECP256R1())


def make_authority(
    common_name: str = "Missiva Test CA", *, now: dt.datetime | None = None, key_kind: str = "ec"
) -> Authority:
    """Create a self-signed CA valid from a day before ``now`` for ten years."""
    moment = now or dt.datetime.now(dt.UTC)
    key = _new_key(key_kind)
    name = _name(common_name, "Missiva Test")
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(moment - dt.timedelta(days=1))
        .not_valid_after(moment + dt.timedelta(days=3650))
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .add_extension(
            x509.KeyUsage(
                digital_signature=True,
                content_commitment=False,
                key_encipherment=False,
                data_encipherment=False,
                key_agreement=False,
                key_cert_sign=True,
                crl_sign=True,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
        .sign(key, hashes.SHA256())
    )
    return Authority(key=key, certificate=cert)


def issue_certificate(
    authority: Authority,
    common_name: str,
    *,
    not_before: dt.datetime,
    not_after: dt.datetime,
    usage: str = SIGNING_USAGE,
    key_kind: str = "ec",
    dns_names: tuple[str, ...] = (),
) -> tuple[ec.EllipticCurvePrivateKey | rsa.RSAPrivateKey, x509.Certificate]:
    """Issue an end-entity certificate; ``dns_names`` makes it usable as a TLS server certificate."""
    key = _new_key(key_kind)
    signing = usage == SIGNING_USAGE
    builder = (
        x509.CertificateBuilder()
        .subject_name(_name(common_name, "Missiva Test"))
        .issuer_name(authority.certificate.subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(not_before)
        .not_valid_after(not_after)
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(
            x509.KeyUsage(
                digital_signature=signing or bool(dns_names),
                content_commitment=signing,
                key_encipherment=not signing and key_kind == "rsa",
                data_encipherment=False,
                key_agreement=not signing and key_kind == "ec",
                key_cert_sign=False,
                crl_sign=False,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )
        .add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_public_key(authority.key.public_key()),
            critical=False,
        )
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
    )
    if dns_names:
        builder = builder.add_extension(
            x509.SubjectAlternativeName(
                [x509.DNSName(n) for n in dns_names]
                + [x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]
            ),
            critical=False,
        ).add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.SERVER_AUTH]), critical=False)
    return key, builder.sign(authority.key, hashes.SHA256())


def pkcs12_bytes(
    key: ec.EllipticCurvePrivateKey | rsa.RSAPrivateKey,
    cert: x509.Certificate,
    password: bytes,
    chain: tuple[x509.Certificate, ...] = (),
    *,
    name: bytes = b"missiva",
) -> bytes:
    """Serialise key + certificate (+ chain) as a password-protected PKCS#12 archive."""
    return pkcs12.serialize_key_and_certificates(
        name, key, cert, list(chain) or None, serialization.BestAvailableEncryption(password)
    )


def write_pem_pair(
    key: ec.EllipticCurvePrivateKey | rsa.RSAPrivateKey,
    cert: x509.Certificate,
    folder: Path,
    stem: str,
) -> tuple[Path, Path]:
    """Write ``<stem>.key`` (unencrypted PEM) and ``<stem>.pem``; return their paths."""
    key_path = folder / f"{stem}.key"
    cert_path = folder / f"{stem}.pem"
    key_path.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    return key_path, cert_path
