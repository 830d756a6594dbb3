"""Helpers shared by the signing tests (PKCS#12 files and a small PDF)."""

from __future__ import annotations

import io
from dataclasses import dataclass
from pathlib import Path

from reportlab.pdfgen import canvas

from desktop.core.signing.pki import Authority, issue_certificate, pkcs12_bytes

PASSWORD = "s3cret-ç"


@dataclass(frozen=True)
class P12:
    """A PKCS#12 file written for a test and the password that opens it."""

    path: Path
    password: str


def write_p12(authority: Authority, folder: Path, name: str, **kwargs: object) -> P12:
    """Issue a certificate for ``name`` from ``authority`` and write it as a PKCS#12 file."""
    key, cert = issue_certificate(authority, name, **kwargs)  # type: ignore[arg-type]
    path = folder / f"{name.replace(' ', '-').lower()}.p12"
    path.write_bytes(pkcs12_bytes(key, cert, PASSWORD.encode(), (authority.certificate,)))
    return P12(path, PASSWORD)


def make_pdf(pages: int = 2, text: str = "Silva & Filhos <Ltda> {{ 7*7 }}") -> bytes:
    """Return a small PDF made with reportlab (stands in for an issued letter)."""
    buffer = io.BytesIO()
    drawing = canvas.Canvas(buffer, invariant=1)
    for number in range(pages):
        drawing.drawString(72, 720, f"{text} - page {number + 1}")
        drawing.showPage()
    drawing.save()
    return buffer.getvalue()
