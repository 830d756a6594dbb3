"""The attestation QR code as PNG bytes, made once per payload for every writer of a letter.

The DOCX and the PDF of one issued letter print the same QR code; encoding it (segno picks the
best of eight masks in pure Python) costs several milliseconds, so the last few payloads are
kept: the second writer of a letter gets the bytes the first one made.
"""

from __future__ import annotations

import functools
import io

import segno


@functools.lru_cache(maxsize=16)
def qr_png(payload: str) -> bytes:
    """Return the attestation QR code of ``payload`` (error level M, 4 px modules, 1 module border)."""
    buffer = io.BytesIO()
    segno.make(payload, error="m").save(buffer, kind="png", scale=4, border=1)
    return buffer.getvalue()
