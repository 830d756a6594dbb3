"""Detached CMS signatures for DOCX bytes, and the verification QR code."""

from __future__ import annotations

import datetime as dt

import pytest
import segno
from signing_helpers import P12

from desktop.core.errors import SigningError
from desktop.core.signing import check_detached, load_identity, qr_png, sign_detached

DOCX_BYTES = b"PK\x03\x04" + bytes(range(256)) * 20 + b"\r\n\x00 end"


def test_sign_detached_checks_valid(signer_p12: P12, now: dt.datetime) -> None:
    """A detached signature over unchanged content is intact and valid, naming the signer."""
    identity = load_identity(signer_p12.path, signer_p12.password, now=now)
    check = check_detached(DOCX_BYTES, sign_detached(DOCX_BYTES, identity))
    assert check.ok
    assert check.signer_fingerprint_sha256 == identity.info.fingerprint_sha256


def test_check_detached_detects_changed_content(signer_p12: P12, now: dt.datetime) -> None:
    """One changed byte in the content makes the signature not intact."""
    identity = load_identity(signer_p12.path, signer_p12.password, now=now)
    signature = sign_detached(DOCX_BYTES, identity)
    changed = DOCX_BYTES[:-1] + b"E"
    check = check_detached(changed, signature)
    assert not check.intact
    assert check.summary == "changed"


def test_sign_detached_does_not_embed_content(signer_p12: P12, now: dt.datetime) -> None:
    """The .p7s is detached: the content bytes are not inside it."""
    identity = load_identity(signer_p12.path, signer_p12.password, now=now)
    assert bytes(range(256)) not in sign_detached(DOCX_BYTES, identity)


def test_check_detached_garbage_is_clear() -> None:
    """Bytes that are not CMS give a clear SigningError."""
    with pytest.raises(SigningError, match="not a readable detached CMS"):
        check_detached(DOCX_BYTES, b"not a signature")


def test_qr_png_is_a_png_holding_the_payload(tmp_path) -> None:
    """The QR builder returns PNG bytes; segno round-trips the same payload to the same matrix."""
    payload = "OUT-2026-00001 K7Q2-9XZD"
    data = qr_png(payload)
    assert data.startswith(b"\x89PNG\r\n\x1a\n")
    expected = segno.make(payload, error="m", micro=False)
    from PIL import Image

    path = tmp_path / "qr.png"
    path.write_bytes(data)
    with Image.open(path) as image:
        assert image.size[0] == (expected.symbol_size(scale=4, border=2)[0])


def test_qr_png_empty_payload_is_refused() -> None:
    """An empty payload is a clear error."""
    with pytest.raises(SigningError, match="empty"):
        qr_png("")


def test_qr_png_too_long_payload_is_refused() -> None:
    """A payload beyond a QR code's capacity is a clear error."""
    with pytest.raises(SigningError, match="does not fit"):
        qr_png("x" * 8000)
