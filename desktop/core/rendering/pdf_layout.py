"""The PDF writer's paragraph styles, and the line breaking it keeps for repeated paragraphs.

Letters of a merge repeat most of their one-style paragraphs (letterhead, reference labels,
closing, signature, enclosures) at the same width, and platypus breaks each into lines again,
often twice (a table or ``KeepTogether`` measures before the frame places). A
:class:`KeptParagraph` made from a kept parse (see ``pdf._para``) takes what ``wrap`` sets
from the first equal paragraph laid out at that width instead.

What is kept is exactly the attributes reportlab's own ``Paragraph.wrap`` set on a new
paragraph of the same parse, and only when they are plain values that platypus reads but
never changes afterwards: a one-style line list (``blPara.kind == 0``) whose words are plain
``str`` (no hyphenation, no split long words, whose word objects a page split may change).
Paragraphs of several styles (bold, links) are laid out as usual: platypus turns their
fragments into per-paragraph word lists and may change them when it splits the paragraph.
"""

from __future__ import annotations

import copy
import functools
from typing import Any

from reportlab import rl_config
from reportlab.lib import colors
from reportlab.lib.enums import TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Paragraph

from desktop.core.rendering.pdf_fonts import FONT

_BIG = 0x7FFFFFFF  # wrap ignores the available height
_NEW = object()
_COUNTERS = frozenset({"_width_max", "_splitLongWordCount", "_hyphenations"})


@functools.cache
def paragraph_styles(colour: str) -> dict[str, ParagraphStyle]:
    """Return the writer's paragraph styles in the organisation's colour (made once a colour).

    The same style objects every letter: the kept parses and layouts are keyed by them.
    """
    base = ParagraphStyle("body", fontName=FONT, fontSize=10.5, leading=14, spaceAfter=6)
    return {
        "body": base,
        "org": ParagraphStyle(
            "org",
            parent=base,
            fontName=FONT + "-Bold",
            fontSize=15,
            leading=18,
            textColor=colors.HexColor(colour),
            spaceAfter=2,
        ),
        "orgline": ParagraphStyle(
            "orgline",
            parent=base,
            fontSize=8.5,
            leading=11,
            spaceAfter=0,
            textColor=colors.HexColor(colour),
        ),
        "right": ParagraphStyle("right", parent=base, alignment=TA_RIGHT),
        "tight": ParagraphStyle("tight", parent=base, spaceAfter=0),
        "cell": ParagraphStyle("cell", parent=base, fontSize=9.5, leading=12, spaceAfter=0),
        "title": ParagraphStyle(
            "title",
            parent=base,
            fontName=FONT + "-Bold",
            fontSize=14,
            leading=18,
            spaceAfter=8,
        ),
        "h1": ParagraphStyle(
            "h1", parent=base, fontName=FONT + "-Bold", fontSize=13, leading=17, spaceBefore=4
        ),
        "h2": ParagraphStyle(
            "h2", parent=base, fontName=FONT + "-Bold", fontSize=11.5, leading=15, spaceBefore=3
        ),
        "h3": ParagraphStyle(
            "h3", parent=base, fontName=FONT + "-BoldOblique", fontSize=10.5, leading=14
        ),
        "list": ParagraphStyle("list", parent=base, leftIndent=16, bulletIndent=4, spaceAfter=2),
    }


class KeptParagraph(Paragraph):
    """A ``Paragraph`` made from a kept parse, laid out from memory when an equal one was.

    ``parse`` is the kept parse (text, style, fragments, bullet) the paragraph was made from;
    pieces that platypus splits off a paragraph are made without one and laid out as usual.
    """

    parse: tuple[Any, ...] | None = None

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        """Lay the paragraph out at ``availWidth``: from memory when it may be, else anew."""
        parse = self.parse
        if parse is not None and len(parse[2]) == 1 and availWidth >= rl_config._FUZZ:
            state = _one_style_layout(parse, availWidth)
            if state is not None:
                self.__dict__.update(state)
                return self.width, self.height
        return super().wrap(availWidth, availHeight)


def _plain(value: object) -> bool:
    return type(value) in (int, float, bool)


@functools.lru_cache(maxsize=512)
def _one_style_layout(parse: tuple[Any, ...], width: float) -> tuple[tuple[str, Any], ...] | None:
    """Return what ``Paragraph.wrap`` sets on a new paragraph of ``parse`` at ``width``.

    None when it must not be shared: several styles, hyphenated or split words, or any
    attribute that is not a plain number, the widths list or the line list.
    """
    text, style, frags, bullet = parse
    if isinstance(bullet, tuple):
        bullet = [copy.copy(frag) for frag in bullet]
    copies = [copy.copy(frag) for frag in frags]
    paragraph = Paragraph(text, style, bulletText=bullet, frags=copies)
    before = dict(paragraph.__dict__)
    Paragraph.wrap(paragraph, width, _BIG)
    state = {
        name: value
        for name, value in paragraph.__dict__.items()
        if before.get(name, _NEW) is not value
    }
    lines = getattr(paragraph.blPara, "lines", None)
    shareable = (
        paragraph.blPara.kind == 0
        and type(lines) is list
        and all(
            type(line) is tuple
            and len(line) == 2
            and _plain(line[0])
            and type(line[1]) is list
            and all(type(word) is str for word in line[1])
            for line in lines
        )
        and set(state) == {"width", "height", "blPara", "_wrapWidths"} | _COUNTERS
        and all(_plain(state[name]) for name in ("width", "height", *_COUNTERS))
        and type(state["_wrapWidths"]) is list
        and paragraph.frags is copies
    )
    return tuple(state.items()) if shareable else None
