"""Signing through the issuing pipeline: the real PDF writer, the register and the after_write hook.

A signed letter is registered with its signer, certificate and the signed file's hash; pdfsig and
pyHanko accept it; the register's chain and file check stay intact. A hook that fails leaves no
file, no entry and no consumed number.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from gate_support import proofed

from desktop.core.errors import SigningError
from desktop.core.models import Document, Paragraph, Run, SignatoryBlock
from desktop.core.register import SearchFilters
from desktop.core.services.context import AppContext
from desktop.core.services.issuing import issue_document
from desktop.core.services.signing import check_file_signatures, make_after_write_signer
from desktop.core.signing import check_pdf_signatures
from desktop.core.signing.pki import Authority, issue_certificate, make_authority, pkcs12_bytes

PASSWORD = "s3cret"


@pytest.fixture(scope="module")
def authority() -> Authority:
    return make_authority(now=dt.datetime.now(dt.UTC))


@pytest.fixture(scope="module")
def p12(authority: Authority, tmp_path_factory: pytest.TempPathFactory) -> Path:
    now = dt.datetime.now(dt.UTC)
    key, cert = issue_certificate(
        authority,
        "Ana Ribeiro",
        not_before=now - dt.timedelta(days=1),
        not_after=now + dt.timedelta(days=30),
    )
    path = tmp_path_factory.mktemp("pki") / "ana.p12"
    path.write_bytes(pkcs12_bytes(key, cert, PASSWORD.encode(), (authority.certificate,)))
    return path


@pytest.fixture()
def ctx(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> AppContext:
    monkeypatch.delenv("MISSIVA_DATABASE_URL", raising=False)
    return AppContext.create(str(tmp_path / "data"))


def _doc() -> Document:
    return Document(
        kind="letter",
        language="pt-BR",
        template_id="refund-approved",
        title="Reembolso",
        subject="Reembolso aprovado",
        date=dt.date(2026, 11, 25),
        series="OUT",
        body=(Paragraph((Run("Seu reembolso para Silva & Filhos <Ltda> foi aprovado."),)),),
        recipient=("Silva & Filhos <Ltda>", "Rua A, 1"),
        salutation="Prezados,",
        closing="Atenciosamente,",
        signatory=SignatoryBlock(name="Ana Ribeiro", title="Gerente"),
        correspondent_name="Silva & Filhos <Ltda>",
    )


def _issued(ctx: AppContext) -> int:
    return ctx.register.count(SearchFilters(include_drafts=False))


def test_issue_signed_pdf_records_signature_facts(
    ctx: AppContext, p12: Path, authority: Authority
) -> None:
    """The issued PDF is PAdES-signed; the entry records signer, certificate and the file's hash."""
    hook = make_after_write_signer(ctx, p12, PASSWORD, doc=_doc())
    result = issue_document(
        ctx, _doc(), formats=("pdf",), after_write=hook, decision=proofed(ctx, _doc())
    )
    [issued] = result.files
    data = issued.path.read_bytes()
    entry = ctx.register.get(result.reference)
    assert entry.signature_kind == "pades" and entry.signed_by == "Ana Ribeiro"
    assert entry.signed_file_sha256 == hashlib.sha256(data).hexdigest() == issued.sha256
    [check] = check_pdf_signatures(data, trust_roots=(authority.certificate,))
    assert check.ok and check.trusted
    assert check.signer_fingerprint_sha256 == entry.cert_fingerprint_sha256
    assert "CN=Ana Ribeiro" in entry.cert_subject and entry.cert_serial
    assert check_file_signatures(issued.path).ok
    assert ctx.register.verify_chain().ok


@pytest.mark.skipif(shutil.which("pdfsig") is None, reason="poppler's pdfsig is not installed")
def test_issue_signed_pdf_accepted_by_pdfsig(ctx: AppContext, p12: Path) -> None:
    """Poppler's pdfsig finds a valid signature covering the whole issued letter."""
    hook = make_after_write_signer(ctx, p12, PASSWORD, doc=_doc())
    result = issue_document(
        ctx, _doc(), formats=("pdf",), after_write=hook, decision=proofed(ctx, _doc())
    )
    report = subprocess.run(
        ["pdfsig", str(result.files[0].path)],
        capture_output=True,
        text=True,
        check=False,
        timeout=60,
    ).stdout
    assert re.search(r"Signature Validation:\s*Signature is Valid\.", report), report
    assert "Total document signed" in report


def test_issue_with_wrong_password_issues_nothing(ctx: AppContext, p12: Path) -> None:
    """A wrong certificate password stops before issuing: no entry."""
    with pytest.raises(SigningError, match="wrong password"):
        make_after_write_signer(ctx, p12, "wrong", doc=_doc())
    assert _issued(ctx) == 0


def test_issue_with_unreadable_stamp_image_rolls_back(
    ctx: AppContext, p12: Path, tmp_path: Path
) -> None:
    """A signing failure inside issuing leaves no file, no entry and no consumed number."""
    bad = tmp_path / "signature.png"
    bad.write_bytes(b"not an image")
    out = tmp_path / "out"
    hook = make_after_write_signer(ctx, p12, PASSWORD, doc=_doc(), stamp_image=bad)
    with pytest.raises(SigningError, match="cannot read the signature image"):
        issue_document(
            ctx,
            _doc(),
            formats=("pdf",),
            out_dir=out,
            after_write=hook,
            decision=proofed(ctx, _doc()),
        )
    assert _issued(ctx) == 0
    assert list(out.iterdir()) == []
    series = ctx.settings.series_by_id("OUT")
    assert ctx.register.preview_next_reference(series).endswith("00001")


def test_issue_signed_pdf_stamp_covers_no_text(ctx: AppContext, p12: Path) -> None:
    """On a real letter the stamp sits above the footer band and overlaps no text."""
    from pypdf import PdfReader

    from desktop.core.signing.placement import FOOTER_TOP, text_boxes

    hook = make_after_write_signer(ctx, p12, PASSWORD, doc=_doc())
    result = issue_document(
        ctx, _doc(), formats=("pdf",), after_write=hook, decision=proofed(ctx, _doc())
    )
    data = result.files[0].path.read_bytes()
    page = PdfReader(result.files[0].path).pages[-1]
    [widget] = [a.get_object() for a in page["/Annots"] if a.get_object().get("/FT") == "/Sig"]
    x0, y0, x1, y1 = (float(v) for v in widget["/Rect"])
    boxes, _, _ = text_boxes(data, 0)
    assert y0 >= FOOTER_TOP
    assert not any(x0 < b[2] and b[0] < x1 and y0 < b[3] and b[1] < y1 for b in boxes)


def test_issue_signed_docx_gets_p7s_that_openssl_accepts(
    ctx: AppContext, p12: Path, authority: Authority, tmp_path: Path
) -> None:
    """PDF + DOCX: the PDF is PAdES, the DOCX gets a registered .p7s that openssl cms verifies."""
    hook = make_after_write_signer(ctx, p12, PASSWORD, doc=_doc())
    result = issue_document(
        ctx, _doc(), formats=("pdf", "docx"), after_write=hook, decision=proofed(ctx, _doc())
    )
    by_format = {f.format: f for f in result.files}
    assert set(by_format) == {"pdf", "docx", "p7s"}
    docx, p7s = by_format["docx"].path, by_format["p7s"].path
    assert p7s.name == docx.name + ".p7s"
    entry = ctx.register.get(result.reference)
    assert entry.signature_kind == "pades"
    assert {f.format: f.role for f in entry.files}["p7s"] == "signature"
    assert check_file_signatures(docx).ok
    assert ctx.register.verify_chain().ok
    if shutil.which("openssl") is None:
        pytest.skip("openssl is not installed")
    ca = tmp_path / "ca.pem"
    ca.write_bytes(authority.pem())
    command = [
        "openssl",
        "cms",
        "-verify",
        "-binary",
        "-inform",
        "DER",
        "-in",
        str(p7s),
        "-content",
        str(docx),
        "-CAfile",
        str(ca),
        "-purpose",
        "any",
        "-out",
        "/dev/null",
    ]
    verified = subprocess.run(command, capture_output=True, text=True, check=False, timeout=60)
    assert verified.returncode == 0, verified.stderr
