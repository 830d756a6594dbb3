"""Signatures checked by independent tools: poppler's pdfsig (PAdES) and openssl cms (.p7s)."""

from __future__ import annotations

import datetime as dt
import io
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from reportlab.pdfgen import canvas

from desktop.core.signing import SigningIdentity, sign_detached, sign_pdf_bytes
from desktop.core.signing.pki import Authority, issue_certificate, make_authority

pdfsig = pytest.mark.skipif(
    shutil.which("pdfsig") is None, reason="poppler's pdfsig is not installed"
)
openssl = pytest.mark.skipif(shutil.which("openssl") is None, reason="openssl is not installed")


@pytest.fixture(scope="module")
def pki() -> tuple[Authority, SigningIdentity]:
    now = dt.datetime.now(dt.UTC)
    authority = make_authority(now=now)
    key, cert = issue_certificate(
        authority,
        "Ana Silva",
        not_before=now - dt.timedelta(days=1),
        not_after=now + dt.timedelta(days=30),
    )
    return authority, SigningIdentity(key=key, certificate=cert, chain=(authority.certificate,))


def _pdf() -> bytes:
    buffer = io.BytesIO()
    drawing = canvas.Canvas(buffer, invariant=1)
    drawing.drawString(72, 720, "Silva & Filhos <Ltda> — signed letter")
    drawing.showPage()
    drawing.save()
    return buffer.getvalue()


def _pdfsig(path: Path) -> str:
    """Return pdfsig's report (it exits 0 even when a digest does not match)."""
    result = subprocess.run(
        ["pdfsig", str(path)], capture_output=True, text=True, check=False, timeout=60
    )
    return result.stdout + result.stderr


def _validation(report: str) -> str:
    match = re.search(r"Signature Validation:\s*(.+)", report)
    assert match, report
    return match.group(1).strip()


@pdfsig
def test_pdfsig_accepts_pades_signature(
    tmp_path: Path, pki: tuple[Authority, SigningIdentity]
) -> None:
    """Pdfsig finds one PAdES signature by our signer that is valid and covers the document."""
    path = tmp_path / "signed.pdf"
    path.write_bytes(sign_pdf_bytes(_pdf(), pki[1], reason="Issued OUT-2026-00001"))
    report = _pdfsig(path)
    assert _validation(report) == "Signature is Valid."
    assert "ETSI.CAdES.detached" in report
    assert "Signer Certificate Common Name: Ana Silva" in report
    assert "Total document signed" in report


@pdfsig
def test_pdfsig_detects_one_changed_byte(
    tmp_path: Path, pki: tuple[Authority, SigningIdentity]
) -> None:
    """One changed byte inside the signed range gives pdfsig's digest mismatch."""
    signed = bytearray(sign_pdf_bytes(_pdf(), pki[1], reason="Issued"))
    index = signed.index(b"Silva")
    signed[index] = ord("X")
    path = tmp_path / "changed.pdf"
    path.write_bytes(bytes(signed))
    assert _validation(_pdfsig(path)) == "Digest Mismatch."


def _openssl_verify(p7s: Path, content: Path, ca: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [
            "openssl",
            "cms",
            "-verify",
            "-binary",
            "-inform",
            "DER",
            "-in",
            str(p7s),
            "-content",
            str(content),
            "-CAfile",
            str(ca),
            "-purpose",
            "any",
            "-out",
            "/dev/null",
        ],
        capture_output=True,
        text=True,
        check=False,
        timeout=60,
    )


@openssl
def test_openssl_verifies_detached_p7s(
    tmp_path: Path, pki: tuple[Authority, SigningIdentity]
) -> None:
    """Openssl cms -verify accepts the .p7s against the DOCX and the test CA."""
    authority, identity = pki
    docx = tmp_path / "letter.docx"
    docx.write_bytes(b"PK\x03\x04" + bytes(range(256)) * 50)
    p7s = tmp_path / "letter.docx.p7s"
    p7s.write_bytes(sign_detached(docx.read_bytes(), identity))
    ca = tmp_path / "ca.pem"
    ca.write_bytes(authority.pem())
    result = _openssl_verify(p7s, docx, ca)
    assert result.returncode == 0, result.stderr
    assert "Verification successful" in result.stderr


@openssl
def test_openssl_rejects_p7s_after_docx_changes(
    tmp_path: Path, pki: tuple[Authority, SigningIdentity]
) -> None:
    """After one byte of the DOCX changes, openssl cms -verify fails."""
    authority, identity = pki
    docx = tmp_path / "letter.docx"
    original = b"PK\x03\x04" + bytes(range(256)) * 50
    p7s = tmp_path / "letter.docx.p7s"
    p7s.write_bytes(sign_detached(original, identity))
    docx.write_bytes(original[:-1] + b"\x00")
    ca = tmp_path / "ca.pem"
    ca.write_bytes(authority.pem())
    result = _openssl_verify(p7s, docx, ca)
    assert result.returncode != 0
    assert "Verification failure" in result.stderr
