"""Find a free spot for the visible signature stamp on a page, so it never covers the letter.

The page's text runs are located with pypdf (their widths estimated from the font size); the
stamp goes to the lowest free place on the right-hand side above the footer band, which on a
letter is beside or below the signature block. Images are not considered (the logo sits at the
top, the signature image at the left of the signature block).
"""

from __future__ import annotations

import io
import logging

logger = logging.getLogger(__name__)

Box = tuple[float, float, float, float]  # x0, y0, x1, y1 in points, origin bottom left

STAMP_SIZE = (220.0, 60.0)
SIDE_MARGIN = 56.0  # ~20 mm, the writers' side margin
FOOTER_TOP = 74.0  # ~26 mm: the PDF writer's footer (rule, attestation, QR) stays below
PADDING = 4.0
STEP = 6.0
_EM = 0.56  # average glyph width of a sans-serif font, in ems


def _overlaps(a: Box, b: Box) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def text_boxes(data: bytes, page_index: int) -> tuple[list[Box], float, float]:
    """Return estimated boxes of the text on one page, and the page's width and height."""
    from pypdf import PdfReader

    page = PdfReader(io.BytesIO(data)).pages[page_index]
    width, height = float(page.mediabox.width), float(page.mediabox.height)
    boxes: list[Box] = []

    def visit(text: str, cm: list[float], tm: list[float], _font: object, size: float) -> None:
        shown = text.rstrip("\n")
        if not shown.strip():
            return
        x = tm[4] * cm[0] + tm[5] * cm[2] + cm[4]
        y = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
        scale = abs(tm[3] * cm[3]) or 1.0
        em = (size or 10.0) * scale
        boxes.append((x, y - 0.3 * em, x + len(shown) * em * _EM, y + em))

    page.extract_text(visitor_text=visit)
    return boxes, width, height


def stamp_box(
    data: bytes,
    page_index: int,
    *,
    size: tuple[float, float] = STAMP_SIZE,
    bottom: float = FOOTER_TOP,
) -> tuple[int, int, int, int]:
    """Return the stamp rectangle on ``page_index``: the lowest free right-hand spot above the footer.

    If text fills the whole right-hand side, the stamp goes just above the footer band anyway.
    """
    try:
        boxes, width, height = text_boxes(data, page_index)
    except Exception as exc:  # an odd page must not stop the signature: use the default spot
        logger.info("stamp placement fell back to the default spot: %s", exc)
        boxes, width, height = [], 595.0, 842.0
    stamp_w, stamp_h = size
    x1 = width - SIDE_MARGIN
    x0 = max(SIDE_MARGIN, x1 - stamp_w)
    padded = [(b[0] - PADDING, b[1] - PADDING, b[2] + PADDING, b[3] + PADDING) for b in boxes]
    y0 = bottom
    while y0 + stamp_h <= height - SIDE_MARGIN:
        candidate = (x0, y0, x1, y0 + stamp_h)
        if not any(_overlaps(candidate, b) for b in padded):
            return round(x0), round(y0), round(x1), round(y0 + stamp_h)
        y0 += STEP
    return round(x0), round(bottom), round(x1), round(bottom + stamp_h)
