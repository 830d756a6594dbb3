"""The signing key policy: weak keys, SHA-1 certificates and non-signing certificates refused.

Each certificate is a real X.509 certificate made by ``cryptography`` and packed in a real
PKCS#12 archive, loaded through the same path issuing uses (``load_identity``).
"""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess
from pathlib import Path

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509.oid import NameOID

from desktop.core.errors import SigningError
from desktop.core.signing import load_identity

PASSWORD = b"pw"


def _usage(*, digital_signature: bool = True, content_commitment: bool = True) -> x509.KeyUsage:
    return x509.KeyUsage(
        digital_signature=digital_signature, content_commitment=content_commitment,
        key_encipherment=False, data_encipherment=False, key_agreement=False,
        key_cert_sign=False, crl_sign=False, encipher_only=False, decipher_only=False,
    )  # fmt: skip


def _p12(
    folder: Path,
    key: rsa.RSAPrivateKey | ec.EllipticCurvePrivateKey,
    *,
    usage: x509.KeyUsage | None = None,
    with_usage: bool = True,
) -> Path:
    """Write a self-signed certificate for ``key`` as PKCS#12; return the file."""
    now = dt.datetime.now(dt.UTC)
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "Rafael Lima")])
    builder = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(days=1))
        .not_valid_after(now + dt.timedelta(days=30))
    )
    if with_usage:
        builder = builder.add_extension(usage or _usage(), critical=True)
    cert = builder.sign(key, hashes.SHA256())
    path = folder / "signer.p12"
    path.write_bytes(
        pkcs12.serialize_key_and_certificates(
            b"x", key, cert, None, serialization.BestAvailableEncryption(PASSWORD)
        )
    )
    return path


def test_rsa_2048_and_ec_p256_sign(tmp_path: Path) -> None:
    """The smallest keys the policy allows load (the refusals below are not blanket ones)."""
    rsa_path = _p12(tmp_path, rsa.generate_private_key(public_exponent=65537, key_size=2048))
    assert load_identity(rsa_path, PASSWORD).info.common_name == "Rafael Lima"
    (tmp_path / "ec").mkdir()
    ec_path = _p12(tmp_path / "ec", ec.generate_private_key(ec.SECP256R1()))
    assert load_identity(ec_path, PASSWORD).info.common_name == "Rafael Lima"


@pytest.mark.parametrize("bits", [1024, 1536])
def test_short_rsa_key_refused(tmp_path: Path, bits: int) -> None:
    """An RSA key under 2048 bits is refused, saying its size."""
    path = _p12(tmp_path, rsa.generate_private_key(public_exponent=65537, key_size=bits))
    with pytest.raises(SigningError, match=f"{bits}-bit RSA key") as caught:
        load_identity(path, PASSWORD)
    assert str(path) in caught.value.describe()


def test_small_ec_key_refused(tmp_path: Path) -> None:
    """An elliptic-curve key under 256 bits (P-224) is refused."""
    path = _p12(tmp_path, ec.generate_private_key(ec.SECP224R1()))
    with pytest.raises(SigningError, match="224-bit elliptic-curve key"):
        load_identity(path, PASSWORD)


@pytest.mark.skipif(shutil.which("openssl") is None, reason="needs the openssl command")
def test_sha1_certificate_refused(tmp_path: Path) -> None:
    """A certificate signed with SHA-1 (made by OpenSSL; cryptography refuses to) is refused."""
    subprocess.run(
        ["openssl", "req", "-x509", "-sha1", "-newkey", "rsa:2048", "-nodes", "-days", "30",
         "-keyout", str(tmp_path / "k.pem"), "-out", str(tmp_path / "c.pem"),
         "-subj", "/CN=Rafael Lima", "-addext", "keyUsage=critical,digitalSignature"],
        check=True, capture_output=True,
    )  # fmt: skip
    key = serialization.load_pem_private_key((tmp_path / "k.pem").read_bytes(), None)
    cert = x509.load_pem_x509_certificate((tmp_path / "c.pem").read_bytes())
    assert isinstance(key, rsa.RSAPrivateKey)
    path = tmp_path / "sha1.p12"
    path.write_bytes(
        pkcs12.serialize_key_and_certificates(
            b"x", key, cert, None, serialization.BestAvailableEncryption(PASSWORD)
        )
    )
    with pytest.raises(SigningError, match="SHA1"):
        load_identity(path, PASSWORD)


@pytest.mark.parametrize("case", ["no-extension", "commitment-only"])
def test_certificate_without_digital_signature_usage_refused(tmp_path: Path, case: str) -> None:
    """No KeyUsage, or one without digitalSignature, is not a signing certificate."""
    key = ec.generate_private_key(ec.SECP256R1())
    if case == "no-extension":
        path = _p12(tmp_path, key, with_usage=False)
    else:
        path = _p12(tmp_path, key, usage=_usage(digital_signature=False))
    with pytest.raises(SigningError, match="digitalSignature"):
        load_identity(path, PASSWORD)
