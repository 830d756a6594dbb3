"""Embedded DejaVu fonts for the PDF writer, registered with reportlab once per process.

DejaVu Sans covers Portuguese and Indonesian (and much more). Characters it lacks (most emoji,
musical and other symbols) are drawn from the fallback font, Symbola (:func:`with_fallback`);
a character neither font has is a render problem (:class:`RenderError` naming it), reported
before anything is issued, never a silently empty box. Astral characters extract as themselves
thanks to the corrected ToUnicode map installed here.
"""

from __future__ import annotations

import functools
import re
import unicodedata

from reportlab import rl_config
from reportlab.pdfbase import pdfmetrics, ttfonts
from reportlab.pdfbase.ttfonts import TTFont

from desktop.core.errors import RenderError
from desktop.core.i18n import _
from desktop.core.paths import resource
from desktop.core.rendering.pdf_reuse import reuse_subsets

FONT = "DejaVuSans"
FALLBACK = "Symbola"
FALLBACK_FILE = "Symbola.ttf"
_ENTITY = re.compile(r"&[#A-Za-z0-9]+;|<[^>]*>")  # markup and entities stay as they are
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
    fallback = _load(FALLBACK, resource("fonts", FALLBACK_FILE))
    pdfmetrics.registerFont(fallback)
    pdfmetrics.registerFontFamily(
        FALLBACK, normal=FALLBACK, bold=FALLBACK, italic=FALLBACK, boldItalic=FALLBACK
    )
    pdfmetrics.registerFontFamily(
        FONT,
        normal=FONT,
        bold=FONT + "-Bold",
        italic=FONT + "-Oblique",
        boldItalic=FONT + "-BoldOblique",
    )
    return FONT


def _load(name: str, path: object) -> TTFont:
    try:
        return TTFont(name, str(path))
    except Exception as exc:  # reportlab raises TTFError / OSError
        raise RenderError(f"cannot load the font: {exc}", file=path) from exc  # type: ignore[arg-type]


@functools.cache
def _coverage(name: str) -> frozenset[int]:
    """Return the code points a registered font has glyphs for."""
    register_fonts()
    font = pdfmetrics.getFont(name)
    return frozenset(font.face.charToGlyph)  # type: ignore[attr-defined]


def _drawable(char: str, covered: frozenset[int]) -> bool:
    """Return whether a character can go to the page as it is in the main font."""
    return ord(char) in covered or unicodedata.category(char) in ("Cf", "Mn", "Zl", "Zp")


def missing_glyphs(text: str) -> list[str]:
    """Return the characters of ``text`` that neither the letter font nor the fallback has."""
    if text.isascii():
        return []
    main, fallback = _coverage(FONT), _coverage(FALLBACK)
    return sorted({c for c in text if not _drawable(c, main) and ord(c) not in fallback}, key=ord)


def check_glyphs(text: str, where: str) -> None:
    """Raise :class:`RenderError` naming a character no PDF font can draw, and where it is."""
    missing = missing_glyphs(text)
    if missing:
        shown = ", ".join(f"'{c}' (U+{ord(c):04X})" for c in missing[:5])
        raise RenderError(
            _("the PDF fonts cannot draw {chars} in {where}").format(chars=shown, where=where),
            hint=_(
                "Remove or replace the character, or issue the letter as DOCX only; nothing "
                "was issued."
            ),
        )


def with_fallback(markup: str) -> str:
    """Wrap the characters the letter font lacks in the fallback font, in Paragraph markup.

    ``markup`` is escaped Paragraph markup; tags and entities pass through unchanged.
    Raises :class:`RenderError` for a character no font has (see :func:`check_glyphs`).
    """
    if markup.isascii():
        return markup
    main = _coverage(FONT)
    if all(_drawable(c, main) for c in markup):
        return markup
    check_glyphs(_ENTITY.sub("", markup), repr(_ENTITY.sub("", markup)[:60]))
    out: list[str] = []
    position = 0
    for match in _ENTITY.finditer(markup + "<>"):
        out.append(_wrap_runs(markup[position : match.start()], main))
        out.append(match.group(0))
        position = match.end()
    return "".join(out)[:-2]


def _wrap_runs(text: str, main: frozenset[int]) -> str:
    parts: list[str] = []
    run: list[str] = []
    for char in text:
        if _drawable(char, main):
            if run:
                parts.append(f'<font name="{FALLBACK}">{"".join(run)}</font>')
                run = []
            parts.append(char)
        else:
            run.append(char)
    if run:
        parts.append(f'<font name="{FALLBACK}">{"".join(run)}</font>')
    return "".join(parts)
