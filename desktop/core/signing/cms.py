"""Detached CMS signatures (``.p7s``) for DOCX files, made and checked with ``cryptography``.

A DOCX has no place for a PAdES-style embedded signature that every reader honours, so Missiva
writes a detached CMS SignedData in DER beside it (``letter.docx.p7s``), which
``openssl cms -verify -binary -inform DER -content letter.docx`` and most signature tools accept.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.serialization import pkcs7

from desktop.core.errors import SigningError
from desktop.core.i18n import _
from desktop.core.signing.identity import SigningIdentity, certificate_info

P7S_SUFFIX = ".p7s"


@dataclass(frozen=True)
class CmsCheck:
    """The result of checking a detached CMS signature against its content."""

    signer_subject: str
    signer_fingerprint_sha256: str
    intact: bool  # the content's digest matches the signed message digest
    valid: bool  # the signature over the signed attributes verifies
    summary: str

    @property
    def ok(self) -> bool:
        """Return whether the content is unchanged and the signature verifies."""
        return self.intact and self.valid


def sign_detached(data: bytes, identity: SigningIdentity) -> bytes:
    """Return a DER detached CMS SignedData over ``data`` (SHA-256, signer + chain included)."""
    builder = (
        pkcs7.PKCS7SignatureBuilder()
        .set_data(data)
        .add_signer(identity.certificate, identity.key, hashes.SHA256())  # type: ignore[arg-type]
    )
    for cert in identity.chain:
        builder = builder.add_certificate(cert)
    try:
        return builder.sign(
            serialization.Encoding.DER,
            [pkcs7.PKCS7Options.DetachedSignature, pkcs7.PKCS7Options.Binary],
        )
    except (TypeError, ValueError) as exc:
        raise SigningError(
            _("the detached signature could not be made: {error}").format(error=exc)
        ) from None


def check_detached(data: bytes, signature: bytes) -> CmsCheck:
    """Check a detached DER CMS ``signature`` over ``data`` (integrity and signature, not trust).

    Raises:
        SigningError: ``signature`` is not a readable CMS SignedData.
    """
    from asn1crypto import cms

    try:
        content = cms.ContentInfo.load(signature)
        signed = content["content"]
        signer = signed["signer_infos"][0]
        certs = [c.chosen for c in signed["certificates"]]
        sid = signer["sid"].chosen
        serial = sid["serial_number"].native
        asn1_cert = next(c for c in certs if c.serial_number == serial)
    except (ValueError, KeyError, IndexError, StopIteration, TypeError) as exc:
        raise SigningError(
            _("not a readable detached CMS signature: {error}").format(error=exc)
        ) from None
    cert = x509.load_der_x509_certificate(asn1_cert.dump())
    info = certificate_info(cert)
    from pyhanko.sign.validation.generic_cms import validate_sig_integrity

    try:
        digest = hashlib.new(signer["digest_algorithm"]["algorithm"].native, data).digest()
        intact, valid = validate_sig_integrity(
            signer, asn1_cert, expected_content_type="data", actual_digest=digest
        )
    except Exception as exc:  # unsupported algorithm or mangled attributes
        return CmsCheck(info.subject, info.fingerprint_sha256, False, False, f"invalid: {exc}")
    summary = "valid" if intact and valid else ("changed" if not intact else "invalid")
    return CmsCheck(info.subject, info.fingerprint_sha256, bool(intact), bool(valid), summary)
