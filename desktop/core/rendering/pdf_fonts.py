"""Embedded DejaVu fonts for the PDF writer, registered with reportlab once per process.

DejaVu Sans covers Portuguese and Indonesian (and much more); characters it lacks, such as
most emoji, are drawn as reportlab's missing-glyph box but still extract as themselves thanks
to the corrected ToUnicode map installed here.
"""

from __future__ import annotations

import functools

from reportlab import rl_config
from reportlab.pdfbase import pdfmetrics, ttfonts
from reportlab.pdfbase.ttfonts import TTFont

from desktop.core.errors import RenderError
from desktop.core.paths import resource
from desktop.core.rendering.pdf_reuse import reuse_subsets

FONT = "DejaVuSans"
_FONT_FILES = {
    FONT: "DejaVuSans.ttf",
    FONT + "-Bold": "DejaVuSans-Bold.ttf",
    FONT + "-Oblique": "DejaVuSans-Oblique.ttf",
    FONT + "-BoldOblique": "DejaVuSans-BoldOblique.ttf",
}


def _to_unicode_cmap(fontname: str, subset: list[int]) -> str:
    """Return the ToUnicode CMap of a subset (kept for the subsets letters share)."""
    return _cmap(fontname, tuple(subset))


@functools.lru_cache(maxsize=32)
def _cmap(fontname: str, subset: tuple[int, ...]) -> str:
    """Return a ToUnicode CMap whose targets are UTF-16BE, astral characters included.

    reportlab 4/5 writes each target as ``%04X`` of the code point, so U+1F600 becomes the
    five digits ``1F600`` and text extraction reads a different character; the PDF format
    wants UTF-16BE (a surrogate pair). Everything else matches reportlab's own CMap.
    """
    entries = [
        f"<{index:02X}> <{chr(code).encode('utf-16-be', 'surrogatepass').hex().upper()}>"
        for index, code in enumerate(subset)
    ]
    return "\n".join(
        [
            "/CIDInit /ProcSet findresource begin",
            "12 dict begin",
            "begincmap",
            "/CIDSystemInfo",
            f"<< /Registry ({fontname})",
            f"/Ordering ({fontname})",
            "/Supplement 0",
            ">> def",
            f"/CMapName /{fontname} def",
            "/CMapType 2 def",
            "1 begincodespacerange",
            f"<00> <{len(subset) - 1:02X}>",
            "endcodespacerange",
            f"{len(subset)} beginbfchar",
            *entries,
            "endbfchar",
            "endcmap",
            "CMapName currentdict /CMap defineresource pop",
            "end",
            "end",
        ]
    )


def _split_known_first(font: TTFont) -> None:
    """Make ``font.splitString`` answer at once for text already in its first subset.

    reportlab's ``splitString`` walks the text one character at a time, assigning subset
    codes to new characters. Text whose characters all have a code in the first subset
    (every line of most letters) is the one chunk ``(0, codes)`` it would return; anything
    else (a new character, a later subset, a no-break space, bytes) goes to reportlab's.
    """
    split_string = font.splitString
    states = font.state  # per document, as reportlab keeps it

    def split_known_first(text: str | bytes, doc: object, encoding: str = "utf-8") -> list:
        state = states.get(doc)
        if state is not None and type(text) is str:
            try:
                codes = bytes([state.assignments[code] for code in map(ord, text)])
            except (KeyError, ValueError):  # not assigned yet, or not in the first subset
                pass
            else:
                return [(0, codes)] if codes else []
        return split_string(text, doc, encoding)

    font.splitString = split_known_first


@functools.cache
def register_fonts() -> str:
    """Register the embedded DejaVu family with reportlab once per process; return its name.

    Also installs :func:`_to_unicode_cmap` in reportlab so characters outside the Basic
    Multilingual Plane (emoji the font cannot draw) still extract as themselves, and turns
    off reportlab's ASCII85 stream filter (process-wide reportlab settings).
    """
    ttfonts.makeToUnicodeCMap = _to_unicode_cmap
    # ASCII85 only makes streams 25 % bigger and costs ~10 ms per page with images in
    # reportlab's pure-Python encoder; binary streams are valid in every PDF reader.
    rl_config.useA85 = 0
    for name, filename in _FONT_FILES.items():
        path = resource("fonts", filename)
        try:
            font = TTFont(name, str(path))
        except Exception as exc:  # reportlab raises TTFError / OSError
            raise RenderError(f"cannot load the font: {exc}", file=path) from exc
        reuse_subsets(font)  # letters of a merge share most subsets
        _split_known_first(font)
        pdfmetrics.registerFont(font)
    pdfmetrics.registerFontFamily(
        FONT,
        normal=FONT,
        bold=FONT + "-Bold",
        italic=FONT + "-Oblique",
        boldItalic=FONT + "-BoldOblique",
    )
    return FONT
