"""The printed QR codes scan: an independent reader decodes the payload from what we write.

The PDF is rasterised by poppler's ``pdftoppm`` (as a scanner or screen would see the page)
and both the page and the DOCX's QR PNG are read by zxing-cpp, a decoder that shares no code
with segno or with our writers. This proves the modules, quiet zone and orientation are right
and the code scans at screen and print resolutions; it does not prove every phone app reads it.
"""

from __future__ import annotations

import dataclasses
import io
import shutil
import subprocess
from pathlib import Path

import pytest
import zxingcpp
from PIL import Image
from pypdf import PdfReader

from desktop.core.models import Attestation, Document
from desktop.core.rendering import render_pdf
from desktop.core.rendering.qr import qr_matrix, qr_png
from desktop.core.rendering.samples import sample_document
from desktop.core.settings import OrganisationProfile

PAYLOADS = [
    "OUT-2026-00042|ABCD-EFGH",
    "OFÍCIO Nº 123/2026/SAC|8EHM-NZX3",
    "SK/0007/CS-JKT/XI/2026|Q2WE-RT5Y",
    "https://verify.example/" + "x" * 120,  # a larger version, with alignment patterns
]


def _attested(payload: str) -> Document:
    doc = sample_document(attestation=True)
    assert doc.attestation is not None
    attestation: Attestation = dataclasses.replace(doc.attestation, qr_payload=payload)
    return dataclasses.replace(doc, attestation=attestation)


def _decoded(image: Image.Image) -> list[str]:
    return [code.text for code in zxingcpp.read_barcodes(image) if code.format.name == "QRCode"]


@pytest.mark.skipif(shutil.which("pdftoppm") is None, reason="needs poppler's pdftoppm")
# a screen's 96 dpi gives a version 1-4 code (our references) about 2 pixels a module; a long
# payload needs print resolution
@pytest.mark.parametrize(
    ("payload", "dpi"), [(p, 96) for p in PAYLOADS[:3]] + [(p, 300) for p in PAYLOADS]
)
def test_pdf_qr_code_scans_to_its_payload(
    payload: str, dpi: int, profile: OrganisationProfile, tmp_path: Path
) -> None:
    """The first page of the PDF, rasterised by poppler, holds one QR code: the payload."""
    pdf = tmp_path / "letter.pdf"
    pdf.write_bytes(render_pdf(_attested(payload), profile))
    subprocess.run(
        ["pdftoppm", "-r", str(dpi), "-png", "-singlefile", str(pdf), str(tmp_path / "page")],
        check=True,
    )
    with Image.open(tmp_path / "page.png") as page:
        assert _decoded(page.convert("L")) == [payload]


def test_pdf_qr_image_is_one_bit_one_pixel_a_module(profile: OrganisationProfile) -> None:
    """The QR image is a 1-bit greyscale picture of the modules plus a one-module quiet zone."""
    payload = PAYLOADS[1]
    reader = PdfReader(io.BytesIO(render_pdf(_attested(payload), profile)))
    xobjects = reader.pages[-1]["/Resources"]["/XObject"]
    images = [xobjects[name].get_object() for name in xobjects]
    one_bit = [image for image in images if image.get("/BitsPerComponent") == 1]
    assert len(one_bit) == 1
    size = len(qr_matrix(payload)) + 2
    assert (one_bit[0]["/Width"], one_bit[0]["/Height"]) == (size, size)
    assert one_bit[0]["/ColorSpace"] == "/DeviceGray"


@pytest.mark.parametrize("payload", PAYLOADS)
def test_docx_qr_png_scans_to_its_payload(payload: str) -> None:
    """The PNG the DOCX prints decodes to the payload."""
    with Image.open(io.BytesIO(qr_png(payload))) as image:
        assert _decoded(image.convert("L")) == [payload]
