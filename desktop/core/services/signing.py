"""Use case: sign the files of a letter while it is issued, and check signatures of a file.

Signing happens inside :func:`desktop.core.services.issuing.issue_document`, through its
``after_write`` hook: the files are written under temporary names, this module signs them in
place (PDF: PAdES, embedded) or beside them (DOCX: a detached ``.p7s``), and the issuing service
then hashes the signed bytes and commits the entry with the signature facts (who signed, which
certificate, the signed file's SHA-256) in the same transaction. A wrong password, an expired
certificate or one without a signing key usage is found before any number is reserved.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from desktop.core.errors import SigningError
from desktop.core.i18n import _
from desktop.core.models import Document
from desktop.core.services.context import AppContext
from desktop.core.signing import (
    P7S_SUFFIX,
    CmsCheck,
    PdfSignatureCheck,
    SigningIdentity,
    check_detached,
    check_pdf_signatures,
    load_identity,
    sign_detached,
    sign_pdf_bytes,
)

if TYPE_CHECKING:
    from desktop.core.services.issuing import IssuedFile

REASONS = {
    "en": "Issued by {organisation}",
    "pt-BR": "Emitido por {organisation}",
    "id": "Diterbitkan oleh {organisation}",
}


@dataclass(frozen=True)
class SignatureRecord:
    """What the register records about a signature (keys of ``issuing.SIGNATURE_KEYS``)."""

    signed_by: str
    signature_kind: str  # "pades" | "cms"
    cert_subject: str
    cert_serial: str
    cert_fingerprint_sha256: str
    signed_file_sha256: str

    def facts(self) -> dict[str, str]:
        """Return the record as the mapping the issuing hook returns."""
        return {
            "signed_by": self.signed_by,
            "signature_kind": self.signature_kind,
            "cert_subject": self.cert_subject,
            "cert_serial": self.cert_serial,
            "cert_fingerprint_sha256": self.cert_fingerprint_sha256,
            "signed_file_sha256": self.signed_file_sha256,
        }


def _signature_path(temp: Path) -> Path:
    """Return the ``.p7s`` path beside ``temp``, keeping issuing's temporary-name marker last."""
    from desktop.core.services.issuing import TEMP_PREFIX

    name = temp.name
    cut = name.find(TEMP_PREFIX)
    if cut < 0:
        return temp.with_name(name + P7S_SUFFIX)
    return temp.with_name(name[:cut] + P7S_SUFFIX + name[cut:])


def _read(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError as exc:
        raise SigningError(
            _("cannot read the file to sign: {error}").format(error=exc.strerror), file=path
        ) from None


def _write(path: Path, data: bytes) -> None:
    try:
        path.write_bytes(data)
    except OSError as exc:
        raise SigningError(
            _("cannot write the signed file: {error}").format(error=exc.strerror), file=path
        ) from None


def sign_files_with(
    files: list[IssuedFile],
    identity: SigningIdentity,
    *,
    reason: str,
    signer_name: str,
    timestamp_url: str | None = None,
    stamp_image: Path | None = None,
) -> SignatureRecord | None:
    """Sign ``files`` in place (PDF) or beside them (DOCX: a ``.p7s`` appended to ``files``).

    Returns the record of the signature the register keeps: the PAdES one when a PDF was signed,
    else the DOCX's detached one; ``None`` when no file could carry a signature (HTML, text).
    """
    from desktop.core.services.issuing import IssuedFile

    info = identity.info
    name = signer_name or info.common_name
    record: SignatureRecord | None = None
    extra: list[IssuedFile] = []
    for item in files:
        if item.format == "pdf":
            signed = sign_pdf_bytes(
                _read(item.path),
                identity,
                reason=reason,
                signer_name=name,
                timestamp_url=timestamp_url or None,
                stamp_image=stamp_image,
            )
            _write(item.path, signed)
            record = SignatureRecord(
                name,
                "pades",
                info.subject,
                info.serial,
                info.fingerprint_sha256,
                hashlib.sha256(signed).hexdigest(),
            )
        elif item.format == "docx":
            data = _read(item.path)
            p7s = _signature_path(item.path)
            signature = sign_detached(data, identity)
            _write(p7s, signature)
            extra.append(IssuedFile("p7s", p7s, hashlib.sha256(signature).hexdigest()))
            if record is None:
                record = SignatureRecord(
                    name,
                    "cms",
                    info.subject,
                    info.serial,
                    info.fingerprint_sha256,
                    hashlib.sha256(data).hexdigest(),
                )
    files.extend(extra)
    return record


def sign_written_files(
    files: list[IssuedFile],
    p12_path: Path,
    password: bytes | str | None,
    *,
    reason: str,
    signer_name: str = "",
    timestamp_url: str | None = None,
) -> SignatureRecord | None:
    """Load the PKCS#12 identity and sign ``files`` (see :func:`sign_files_with`)."""
    identity = load_identity(p12_path, password)
    return sign_files_with(
        files, identity, reason=reason, signer_name=signer_name, timestamp_url=timestamp_url
    )


def certificate_for(
    ctx: AppContext, doc: Document | None = None, explicit: Path | None = None
) -> Path | None:
    """Return the PKCS#12 file that signs ``doc``; ``None`` when none is set.

    The one place that decides, for ``missiva render``, ``missiva merge`` and the window: the
    certificate given explicitly (``--sign``) wins, then the one of the letter's signatory
    (Settings › Signatories), then the organisation's ``signing_certificate``.
    """
    if explicit is not None:
        return explicit.expanduser()
    if doc is not None and doc.signatory is not None and doc.signatory.certificate is not None:
        return doc.signatory.certificate
    configured = ctx.settings.signing_certificate.strip()
    return Path(configured).expanduser() if configured else None


def letter_certificate(ctx: AppContext, doc: Document, explicit: Path | None = None) -> Path | None:
    """Return the certificate that signs a single letter, or ``None`` when it is not signed.

    A letter is signed when a certificate is given explicitly or its series requires it
    (``sign_pdf``); the certificate is the one :func:`certificate_for` picks.

    Raises:
        SigningError: the series requires a signature and no certificate is set.
    """
    series = ctx.settings.series_by_id(doc.series or ctx.settings.default_series)
    if explicit is None and not series.sign_pdf:
        return None
    certificate = certificate_for(ctx, doc, explicit)
    if certificate is None:
        raise SigningError(
            _("series {series} requires a digital signature, and no certificate is set").format(
                series=series.id
            ),
            hint=_(
                "Pass --sign FILE.p12, or set signing_certificate (or the signatory's "
                "certificate) in settings."
            ),
        )
    return certificate


def signing_reason(ctx: AppContext, doc: Document) -> str:
    """Return the signature's reason in the letter's language ("Emitido por ...")."""
    template = REASONS.get(doc.language, REASONS["en"])
    return template.format(organisation=ctx.settings.organisation.name)


AfterWrite = Callable[[list["IssuedFile"]], Mapping[str, str] | None]
DocumentSigner = Callable[[Document], AfterWrite]


def make_document_signer(
    ctx: AppContext,
    p12_path: Path,
    password: bytes | str | None,
    *,
    stamp_image: Path | None = None,
) -> DocumentSigner:
    """Check the certificate once and return a maker of ``after_write`` hooks, one per letter.

    The batch merge loads the identity once for all its rows; each row's hook signs with the
    row's language (the reason) and signatory (the name). A wrong password or an unusable
    certificate raises :class:`SigningError` here, before any number is taken.
    """
    identity = load_identity(p12_path, password, now=ctx.clock())
    timestamp_url = ctx.settings.timestamp_url or None

    def for_document(doc: Document) -> AfterWrite:
        reason = signing_reason(ctx, doc)
        signer_name = doc.signatory.name if doc.signatory else identity.info.common_name

        def after_write(files: list[IssuedFile]) -> Mapping[str, str] | None:
            record = sign_files_with(
                files,
                identity,
                reason=reason,
                signer_name=signer_name,
                timestamp_url=timestamp_url,
                stamp_image=stamp_image,
            )
            return record.facts() if record else None

        return after_write

    return for_document


def make_after_write_signer(
    ctx: AppContext,
    p12_path: Path,
    password: bytes | str | None,
    *,
    doc: Document,
    stamp_image: Path | None = None,
) -> AfterWrite:
    """Check the certificate now and return the ``after_write`` hook that signs the files.

    The identity is loaded and checked before issuing starts, so a wrong password or an
    unusable certificate stops the command before a number is taken.
    """
    return make_document_signer(ctx, p12_path, password, stamp_image=stamp_image)(doc)


@dataclass(frozen=True)
class FileSignatures:
    """The cryptographic signatures found on (or beside) one file."""

    path: Path
    pdf: tuple[PdfSignatureCheck, ...] = ()
    cms: CmsCheck | None = None
    signature_file: Path | None = None

    @property
    def signed(self) -> bool:
        """Return whether any signature was found."""
        return bool(self.pdf) or self.cms is not None

    @property
    def ok(self) -> bool:
        """Return whether every signature found is intact and valid (False if none)."""
        checks = [c.ok for c in self.pdf] + ([self.cms.ok] if self.cms else [])
        return bool(checks) and all(checks)

    def to_dict(self) -> dict[str, object]:
        """Return JSON-ready data for ``missiva verify --json``."""
        data: dict[str, object] = {"signed": self.signed, "valid": self.ok}
        if self.pdf:
            data["pades"] = [
                {
                    "signer": c.signer_subject,
                    "fingerprint_sha256": c.signer_fingerprint_sha256,
                    "signing_time": c.signing_time.isoformat() if c.signing_time else None,
                    "intact": c.intact,
                    "covers_whole_file": c.covers_whole_file,
                    "timestamped": c.timestamped,
                }
                for c in self.pdf
            ]
        if self.cms is not None:
            data["cms"] = {
                "file": str(self.signature_file),
                "signer": self.cms.signer_subject,
                "fingerprint_sha256": self.cms.signer_fingerprint_sha256,
                "intact": self.cms.intact,
                "valid": self.cms.valid,
            }
        return data


def check_file_signatures(path: Path, data: bytes | None = None) -> FileSignatures:
    """Check the PAdES signatures of a PDF, or the ``.p7s`` beside any other file.

    Integrity only: trust in the signer's certificate is the reader's own tool's job (ITI
    VALIDAR, the Komdigi/BSrE verifier, Adobe), since Missiva has no trust list of its own.
    """
    content = data if data is not None else _read(path)
    if content.startswith(b"%PDF-"):
        return FileSignatures(path, pdf=tuple(check_pdf_signatures(content)))
    p7s = path.with_name(path.name + P7S_SUFFIX)
    if p7s.is_file():
        return FileSignatures(path, cms=check_detached(content, _read(p7s)), signature_file=p7s)
    return FileSignatures(path)
