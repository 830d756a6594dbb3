"""The signing service: the issuing hook signs PDFs in place and writes .p7s beside DOCX files."""

from __future__ import annotations

import datetime as dt
import hashlib
from pathlib import Path

import pytest
from signing_helpers import P12, make_pdf

from desktop.core.errors import SigningError
from desktop.core.services.context import AppContext
from desktop.core.services.issuing import TEMP_PREFIX, IssuedFile
from desktop.core.services.signing import (
    check_file_signatures,
    make_after_write_signer,
    sign_written_files,
)
from desktop.core.signing import check_pdf_signatures

MARKER = f"{TEMP_PREFIX}abc123-42-deadbeef.tmp"
DOCX = b"PK\x03\x04" + bytes(range(256)) * 10


def _written(folder: Path) -> list[IssuedFile]:
    pdf = folder / f"OUT-2026-00001 Silva.pdf{MARKER}"
    docx = folder / f"OUT-2026-00001 Silva.docx{MARKER}"
    pdf.write_bytes(make_pdf())
    docx.write_bytes(DOCX)
    return [
        IssuedFile("pdf", pdf, hashlib.sha256(pdf.read_bytes()).hexdigest()),
        IssuedFile("docx", docx, hashlib.sha256(DOCX).hexdigest()),
    ]


def test_sign_written_files_signs_pdf_in_place_and_records_pades(
    tmp_path: Path, signer_p12: P12
) -> None:
    """The PDF is signed in place; the record names the signer, certificate and signed hash."""
    files = _written(tmp_path)
    record = sign_written_files(
        files, signer_p12.path, signer_p12.password, reason="Issued", signer_name="Ana Ribeiro"
    )
    assert record is not None and record.signature_kind == "pades"
    signed = files[0].path.read_bytes()
    assert record.signed_file_sha256 == hashlib.sha256(signed).hexdigest()
    [check] = check_pdf_signatures(signed)
    assert check.ok and check.signer_fingerprint_sha256 == record.cert_fingerprint_sha256
    assert record.signed_by == "Ana Ribeiro" and "CN=Ana Silva" in record.cert_subject
    assert set(record.facts()) == {
        "signed_by",
        "signature_kind",
        "cert_subject",
        "cert_serial",
        "cert_fingerprint_sha256",
        "signed_file_sha256",
    }


def test_sign_written_files_adds_p7s_beside_docx_with_temp_marker(
    tmp_path: Path, signer_p12: P12
) -> None:
    """The DOCX is unchanged; a .p7s with the same temporary marker is appended to the files."""
    files = _written(tmp_path)
    sign_written_files(files, signer_p12.path, signer_p12.password, reason="Issued")
    assert files[1].path.read_bytes() == DOCX
    [extra] = files[2:]
    assert extra.format == "p7s"
    assert extra.path.name == f"OUT-2026-00001 Silva.docx.p7s{MARKER}"
    assert extra.sha256 == hashlib.sha256(extra.path.read_bytes()).hexdigest()


def test_sign_written_files_docx_only_records_cms(tmp_path: Path, signer_p12: P12) -> None:
    """With only a DOCX, the record is a CMS signature over the DOCX's bytes."""
    files = _written(tmp_path)[1:]
    record = sign_written_files(files, signer_p12.path, signer_p12.password, reason="Issued")
    assert record is not None and record.signature_kind == "cms"
    assert record.signed_file_sha256 == hashlib.sha256(DOCX).hexdigest()


def test_sign_written_files_text_only_records_nothing(tmp_path: Path, signer_p12: P12) -> None:
    """HTML/text outputs carry no signature, and nothing is recorded."""
    txt = tmp_path / "mail.txt"
    txt.write_text("hello")
    files = [IssuedFile("txt", txt, "")]
    assert sign_written_files(files, signer_p12.path, signer_p12.password, reason="x") is None
    assert len(files) == 1


@pytest.fixture()
def ctx(tmp_path: Path, now: dt.datetime) -> AppContext:
    return AppContext.create(str(tmp_path / "data"), clock=lambda: now)


def _doc():
    from desktop.core.models import Document, SignatoryBlock

    return Document(
        kind="letter",
        language="pt-BR",
        template_id="t",
        title="T",
        subject="S",
        date=dt.date(2026, 11, 25),
        body=(),
        signatory=SignatoryBlock(name="Ana Ribeiro"),
    )


def test_make_after_write_signer_wrong_password_fails_before_issuing(
    ctx: AppContext, signer_p12: P12
) -> None:
    """A wrong password is reported when the hook is made, before any number is taken."""
    with pytest.raises(SigningError, match="wrong password"):
        make_after_write_signer(ctx, signer_p12.path, "nope", doc=_doc())


def test_make_after_write_signer_expired_fails_before_issuing(
    ctx: AppContext, expired_p12: P12
) -> None:
    """An expired certificate is reported when the hook is made."""
    with pytest.raises(SigningError, match="expired"):
        make_after_write_signer(ctx, expired_p12.path, expired_p12.password, doc=_doc())


def test_make_after_write_signer_hook_returns_facts_in_document_language(
    ctx: AppContext, signer_p12: P12, tmp_path: Path
) -> None:
    """The hook signs with the signatory's name and a reason in the letter's language."""
    hook = make_after_write_signer(ctx, signer_p12.path, signer_p12.password.encode(), doc=_doc())
    files = _written(tmp_path)
    facts = hook(files)
    assert facts is not None and facts["signed_by"] == "Ana Ribeiro"
    from pypdf import PdfReader

    value = PdfReader(files[0].path).get_fields()["MissivaSignature"]["/V"]  # type: ignore[index]
    assert value["/Reason"] == f"Emitido por {ctx.settings.organisation.name}"


def test_check_file_signatures_finds_p7s_and_detects_change(
    tmp_path: Path, signer_p12: P12
) -> None:
    """A DOCX with its .p7s checks valid; after a change it is reported changed."""
    docx = tmp_path / "letter.docx"
    docx.write_bytes(DOCX)
    files = [IssuedFile("docx", docx, "")]
    sign_written_files(files, signer_p12.path, signer_p12.password, reason="Issued")
    assert files[1].path == tmp_path / "letter.docx.p7s"
    assert check_file_signatures(docx).ok
    docx.write_bytes(DOCX + b"!")
    report = check_file_signatures(docx)
    assert report.signed and not report.ok
    assert report.to_dict()["cms"]["intact"] is False  # type: ignore[index]


def test_check_file_signatures_unsigned_file(tmp_path: Path) -> None:
    """An unsigned PDF reports no signature and is not 'ok'."""
    pdf = tmp_path / "plain.pdf"
    pdf.write_bytes(make_pdf())
    report = check_file_signatures(pdf)
    assert not report.signed and not report.ok
