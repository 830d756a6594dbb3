"""PAdES signing of PDF bytes and its validation with pyHanko."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

import pytest
from pypdf import PdfReader
from signing_helpers import P12, make_pdf

from desktop.core.errors import SigningError
from desktop.core.signing import (
    SigningIdentity,
    check_pdf_signatures,
    load_identity,
    sign_pdf_bytes,
)
from desktop.core.signing.pki import Authority


@pytest.fixture(scope="module")
def identity(signer_p12: P12, now: dt.datetime) -> SigningIdentity:
    return load_identity(signer_p12.path, signer_p12.password, now=now)


@pytest.fixture(scope="module")
def signed_pdf(identity: SigningIdentity) -> bytes:
    return sign_pdf_bytes(make_pdf(), identity, reason="Issued OUT-2026-00001", location="Recife")


def _flip_first_content_byte(data: bytes) -> bytes:
    """Change one byte inside the first page's text (inside the signed range)."""
    index = data.index(b"Silva")
    changed = bytearray(data)
    changed[index] = ord("X")
    return bytes(changed)


def test_sign_pdf_bytes_validates_intact_and_trusted(
    signed_pdf: bytes, authority: Authority, identity: SigningIdentity
) -> None:
    """A freshly signed PDF validates: intact, valid, trusted by the test CA, whole file."""
    [check] = check_pdf_signatures(signed_pdf, trust_roots=(authority.certificate,))
    assert check.ok and check.trusted
    assert check.signer_fingerprint_sha256 == identity.info.fingerprint_sha256
    assert not check.timestamped


def test_sign_pdf_bytes_keeps_original_bytes_as_prefix(identity: SigningIdentity) -> None:
    """The signature is an incremental update: the unsigned bytes are kept unchanged."""
    original = make_pdf()
    signed = sign_pdf_bytes(original, identity, reason="Issued")
    assert signed.startswith(original)
    assert len(signed) > len(original)


def test_sign_pdf_bytes_is_pades_subfilter_with_reason(signed_pdf: bytes) -> None:
    """The signature dictionary says ETSI.CAdES.detached and carries the reason and location."""
    reader = PdfReader(io.BytesIO(signed_pdf))
    fields = reader.get_fields() or {}
    value = fields["MissivaSignature"]["/V"]
    assert value["/SubFilter"] == "/ETSI.CAdES.detached"
    assert value["/Reason"] == "Issued OUT-2026-00001"
    assert value["/Location"] == "Recife"


def test_sign_pdf_bytes_puts_visible_stamp_on_last_page(signed_pdf: bytes) -> None:
    """The visible stamp's widget sits on the last page with a non-empty rectangle."""
    reader = PdfReader(io.BytesIO(signed_pdf))
    last = reader.pages[-1]
    widgets = [a.get_object() for a in last.get("/Annots", [])]
    [widget] = [w for w in widgets if w.get("/FT") == "/Sig"]
    x1, y1, x2, y2 = (float(v) for v in widget["/Rect"])
    assert x2 - x1 > 100 and y2 - y1 > 30
    assert "/AP" in widget
    assert not reader.pages[0].get("/Annots")


def test_check_pdf_signatures_detects_one_changed_byte(
    signed_pdf: bytes, authority: Authority
) -> None:
    """One changed byte in the signed range makes the signature not intact."""
    [check] = check_pdf_signatures(
        _flip_first_content_byte(signed_pdf), trust_roots=(authority.certificate,)
    )
    assert not check.intact
    assert not check.ok


def test_check_pdf_signatures_untrusted_without_roots(signed_pdf: bytes) -> None:
    """Without trust roots the signature is intact but not called trusted."""
    [check] = check_pdf_signatures(signed_pdf)
    assert check.ok
    assert not check.trusted


def test_check_pdf_signatures_unsigned_pdf_is_empty() -> None:
    """An unsigned PDF has no signatures to report."""
    assert check_pdf_signatures(make_pdf()) == []


def test_check_pdf_signatures_appended_update_is_not_whole_file(signed_pdf: bytes) -> None:
    """Bytes appended after the signature are reported: the signature no longer covers the file."""
    from pyhanko.pdf_utils.generic import TextStringObject
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter

    writer = IncrementalPdfFileWriter(io.BytesIO(signed_pdf))
    writer.root["/Lang"] = TextStringObject("en")
    writer.update_root()
    out = io.BytesIO()
    writer.write(out)
    [check] = check_pdf_signatures(out.getvalue())
    assert check.intact and check.valid
    assert not check.covers_whole_file


def test_sign_pdf_bytes_with_signature_image(identity: SigningIdentity, tmp_path: Path) -> None:
    """A readable signature image is drawn in the stamp and the signature still validates."""
    from PIL import Image

    image = tmp_path / "signature.png"
    Image.new("RGB", (120, 40), (20, 40, 200)).save(image)
    signed = sign_pdf_bytes(make_pdf(1), identity, reason="Issued", stamp_image=image)
    [check] = check_pdf_signatures(signed)
    assert check.ok


def test_sign_pdf_bytes_unreadable_signature_image_is_clear(
    identity: SigningIdentity, tmp_path: Path
) -> None:
    """An unreadable signature image is a SigningError naming the image file."""
    image = tmp_path / "signature.png"
    image.write_bytes(b"this is not a PNG")
    with pytest.raises(SigningError, match="cannot read the signature image") as caught:
        sign_pdf_bytes(make_pdf(1), identity, reason="Issued", stamp_image=image)
    assert caught.value.file == str(image)


def test_sign_pdf_bytes_not_a_pdf_is_clear(identity: SigningIdentity) -> None:
    """Bytes that are not a PDF give a clear SigningError."""
    with pytest.raises(SigningError, match="cannot read the PDF"):
        sign_pdf_bytes(b"PK\x03\x04 a docx", identity, reason="Issued")


def test_stamp_safe_keeps_latin1_and_approximates_the_rest() -> None:
    """Accents stay; dashes, curly quotes and letters outside Latin-1 are approximated."""
    from desktop.core.signing.pades import stamp_safe

    assert stamp_safe("João “Ñ” — Şirket 🙂") == 'João "Ñ" - Sirket ?'


def test_sign_pdf_bytes_keeps_full_unicode_reason_in_dictionary(identity: SigningIdentity) -> None:
    """The signature dictionary keeps the exact Unicode reason even if the stamp approximates it."""
    reason = "Emitido — Silva & Filhos <Ltda> 🙂"
    signed = sign_pdf_bytes(make_pdf(1), identity, reason=reason)
    value = (PdfReader(io.BytesIO(signed)).get_fields() or {})["MissivaSignature"]["/V"]
    assert value["/Reason"] == reason
    assert check_pdf_signatures(signed)[0].ok


def _widget_rect(signed: bytes) -> tuple[float, float, float, float]:
    last = PdfReader(io.BytesIO(signed)).pages[-1]
    [widget] = [a.get_object() for a in last["/Annots"] if a.get_object().get("/FT") == "/Sig"]
    x0, y0, x1, y1 = (float(v) for v in widget["/Rect"])
    return x0, y0, x1, y1


def test_sign_pdf_bytes_stamp_avoids_text(identity: SigningIdentity) -> None:
    """With text low on the right-hand side, the stamp moves up to a free spot."""
    from reportlab.pdfgen import canvas

    from desktop.core.signing.placement import text_boxes

    buffer = io.BytesIO()
    drawing = canvas.Canvas(buffer, invariant=1)
    for line in range(12):  # a right-hand column from y=80 to y=300
        drawing.drawString(330, 80 + 20 * line, "Silva & Filhos <Ltda> right column")
    drawing.showPage()
    drawing.save()
    data = buffer.getvalue()
    signed = sign_pdf_bytes(data, identity, reason="Issued")
    rect = _widget_rect(signed)
    boxes, _, _ = text_boxes(data, 0)
    assert boxes
    assert not any(
        rect[0] < b[2] and b[0] < rect[2] and rect[1] < b[3] and b[1] < rect[3] for b in boxes
    )
    assert rect[1] > 300
