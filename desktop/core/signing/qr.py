"""Build the verification QR code (PNG bytes) printed on issued letters, with segno."""

from __future__ import annotations

import io

import segno

from desktop.core.errors import SigningError
from desktop.core.i18n import _


def qr_png(payload: str, *, scale: int = 4, border: int = 2, error: str = "m") -> bytes:
    """Return a PNG of a QR code holding ``payload`` (medium error correction by default).

    Raises:
        SigningError: the payload is empty or too long for a QR code.
    """
    if not payload:
        raise SigningError(_("the QR payload is empty"))
    try:
        code = segno.make(payload, error=error, micro=False)
    except (ValueError, segno.DataOverflowError) as exc:
        raise SigningError(
            _("the QR payload does not fit in a QR code: {error}").format(error=exc)
        ) from None
    buffer = io.BytesIO()
    code.save(buffer, kind="png", scale=scale, border=border)
    return buffer.getvalue()
