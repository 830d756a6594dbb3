"""Digital signatures and verification codes: PKCS#12 identities, PAdES, detached CMS, QR.

"Signed" means three separate things in Missiva (see LETTER-CONVENTIONS.md): the signature
block (rendering), the register attestation (reference + code + QR, built here as a PNG) and an
optional cryptographic signature (PAdES for PDF, a detached ``.p7s`` for DOCX), made here.
This package imports only ``desktop.core.{errors,models,...}``; services combine it with the
register.
"""

from __future__ import annotations

from desktop.core.signing.cms import P7S_SUFFIX, CmsCheck, check_detached, sign_detached
from desktop.core.signing.identity import (
    CertificateInfo,
    SigningIdentity,
    certificate_info,
    check_can_sign,
    load_identity,
    load_identity_bytes,
)
from desktop.core.signing.pades import PdfSignatureCheck, check_pdf_signatures, sign_pdf_bytes
from desktop.core.signing.passwords import (
    KEYRING_SERVICE,
    keyring_username,
    password_from_env,
    password_from_keyring,
    store_password_in_keyring,
)
from desktop.core.signing.qr import qr_png

__all__ = [
    "KEYRING_SERVICE",
    "P7S_SUFFIX",
    "CertificateInfo",
    "CmsCheck",
    "PdfSignatureCheck",
    "SigningIdentity",
    "certificate_info",
    "check_can_sign",
    "check_detached",
    "check_pdf_signatures",
    "keyring_username",
    "load_identity",
    "load_identity_bytes",
    "password_from_env",
    "password_from_keyring",
    "qr_png",
    "sign_detached",
    "sign_pdf_bytes",
    "store_password_in_keyring",
]
