"""The letter's body as WordprocessingML text, printed by the DOCX layout's ``{{ body }}``.

The body used to go in as a python-docx subdocument: paragraphs, runs, hyperlinks, numbered
lists and tables made of python-docx objects, serialised by lxml. Making those objects cost
more than the rest of the letter, so this module writes the same XML as text: the elements,
attributes and order python-docx writes, escaped as lxml escapes them
(tests/core/rendering/test_rendering_docx_body.py compares the two on varied bodies). Every
value goes in as escaped text, never parsed, so a field value cannot become markup. Hyperlink
relationships and restarted lists are added to the letter in the order python-docx added them.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from xml.sax.saxutils import escape

from docx.enum.style import WD_STYLE_TYPE
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.shared import Emu, RGBColor, Twips

from desktop.core.models import Document, ListBlock, Paragraph, Run, Table
from desktop.core.rendering.docx_package import LetterPackage
from desktop.core.rendering.sheet import printable

# python-docx made the body in a subdocument of this page (A4, 2 cm side margins): a table
# takes the width of its text block whatever the letter's page size, as it always has.
_SUBDOC_PAGE_WIDTH_TWIPS = 11906
_SUBDOC_MARGIN_TWIPS = 1134
_BLOCK_WIDTH = Emu(
    Twips(_SUBDOC_PAGE_WIDTH_TWIPS) - Twips(_SUBDOC_MARGIN_TWIPS) - Twips(_SUBDOC_MARGIN_TWIPS)
)
_LINK_RUN_PROPERTIES = f'<w:color w:val="{RGBColor(0x1F, 0x3A, 0x5F)}"/><w:u w:val="single"/>'
_TABLE_LOOK = (
    '<w:tblLook w:firstColumn="1" w:firstRow="1" w:lastColumn="0" w:lastRow="0" '
    'w:noHBand="0" w:noVBand="1" w:val="04A0"/>'
)
_RUN_BREAKS = re.compile(r"([\t\r\n])")
_ATTRIBUTE_ENTITIES = {'"': "&quot;", "\t": "&#9;", "\n": "&#10;", "\r": "&#13;"}


class BodyXml:
    """The body's paragraphs and tables as XML text, printed as is by the layout's Jinja."""

    def __init__(self, xml: str) -> None:
        """Keep the body's XML (already escaped)."""
        self._xml = xml

    def __html__(self) -> str:
        """Return the body's XML."""
        return self._xml

    __str__ = __html__


def body_xml(letter: LetterPackage, doc: Document) -> BodyXml:
    """Return the body of ``doc`` as python-docx would have written it into ``letter``.

    Hyperlinks are related to the letter's document part and each numbered list gets a
    numbering that restarts at 1, in the order of the body.

    Raises:
        KeyError: the layout has no style of a name the body uses (as python-docx raised).
    """
    return BodyXml("".join(_Writer(letter).blocks(doc.body)))


class _Writer:
    """Writes blocks for one letter, looking each style id up once."""

    def __init__(self, letter: LetterPackage) -> None:
        self._letter = letter
        self._part = letter.document_part
        self._styles: dict[tuple[str, object], str | None] = {}

    def _style_id(self, name: str, style_type: object) -> str | None:
        key = (name, style_type)
        if key not in self._styles:
            self._styles[key] = self._part.get_style_id(name, style_type)
        return self._styles[key]

    def blocks(self, blocks: Sequence[object]) -> list[str]:
        """Return the XML of each block's paragraphs and tables, in order."""
        xml: list[str] = []
        for block in blocks:
            if isinstance(block, Paragraph):
                style = f"Heading {min(block.heading, 3)}" if block.heading else None
                xml.append(self._paragraph(block.runs, style))
            elif isinstance(block, ListBlock):
                style = "List Number" if block.ordered else "List Bullet"
                # all "List Number" paragraphs share one list: each ordered list restarts at 1
                num_id = self._letter.restarted_numbering() if block.ordered else None
                xml.extend(self._paragraph(item, style, num_id) for item in block.items)
            elif isinstance(block, Table) and block.rows:
                xml.append(self._table(block))
                xml.append("<w:p/>")
        return xml

    def _paragraph(
        self,
        runs: Sequence[Run],
        style: str | None,
        num_id: str | None = None,
        *,
        bold: bool = False,
    ) -> str:
        """Return a ``w:p``; a style asked for always leaves a ``w:pPr``, as in python-docx."""
        properties = ""
        if style is not None:
            style_id = self._style_id(style, WD_STYLE_TYPE.PARAGRAPH)
            if style_id is not None:
                properties += f'<w:pStyle w:val="{_attribute(style_id)}"/>'
            if num_id is not None:
                numbering = f'<w:ilvl w:val="0"/><w:numId w:val="{int(num_id)}"/>'
                properties += f"<w:numPr>{numbering}</w:numPr>"
            properties = f"<w:pPr>{properties}</w:pPr>" if properties else "<w:pPr/>"
        inner = properties + "".join(self._run(run, bold=bold) for run in runs)
        return f"<w:p>{inner}</w:p>" if inner else "<w:p/>"

    def _run(self, run: Run, *, bold: bool) -> str:
        """Return a ``w:r``, in a ``w:hyperlink`` for a link (a table header bolds plain runs)."""
        if not run.link:
            return _run_xml(run.text, run.bold or bold, run.italic)
        rel_id = self._part.relate_to(printable(run.link), RT.HYPERLINK, is_external=True)
        target = _run_xml(run.text, run.bold, run.italic, _LINK_RUN_PROPERTIES)
        return f'<w:hyperlink r:id="{_attribute(rel_id)}">{target}</w:hyperlink>'

    def _table(self, table: Table) -> str:
        """Return a ``w:tbl`` as python-docx's ``add_table`` and the "Table Grid" style make it."""
        count = max(len(row) for row in table.rows)
        twips = Emu(_BLOCK_WIDTH // count).twips if count else 0
        style_id = self._style_id("Table Grid", WD_STYLE_TYPE.TABLE)
        style = f'<w:tblStyle w:val="{_attribute(style_id)}"/>' if style_id is not None else ""
        grid = f'<w:gridCol w:w="{twips}"/>' * count or "\n  "
        xml = [
            f'<w:tbl><w:tblPr>{style}<w:tblW w:type="auto" w:w="0"/>{_TABLE_LOOK}</w:tblPr>'
            f"<w:tblGrid>{grid}</w:tblGrid>"
        ]
        cell_start = f'<w:tc><w:tcPr><w:tcW w:type="dxa" w:w="{twips}"/></w:tcPr>'
        for row in table.rows:
            header = table.header and row is table.rows[0]
            cells = [self._paragraph(runs, None, bold=header) for runs in row]
            cells += ["<w:p/>"] * (count - len(row))
            inner = "".join(f"{cell_start}{cell}</w:tc>" for cell in cells) or "\n  "
            xml.append(f"<w:tr>{inner}</w:tr>")
        xml.append("</w:tbl>")
        return "".join(xml)


def _attribute(value: str) -> str:
    """Return ``value`` escaped for a double-quoted attribute, as lxml writes it."""
    return escape(value, _ATTRIBUTE_ENTITIES)


def _run_xml(text: str, bold: bool, italic: bool, more_properties: str = "") -> str:
    """Return the ``w:r`` python-docx writes for ``add_run(text)`` and the given properties."""
    parts = []
    if bold or italic or more_properties:
        flags = ("<w:b/>" if bold else "") + ("<w:i/>" if italic else "")
        parts.append(f"<w:rPr>{flags}{more_properties}</w:rPr>")
    for piece in _RUN_BREAKS.split(printable(text)):
        if piece == "\t":
            parts.append("<w:tab/>")
        elif piece in ("\r", "\n"):
            parts.append("<w:br/>")
        elif piece:
            space = ' xml:space="preserve"' if len(piece.strip()) < len(piece) else ""
            parts.append(f"<w:t{space}>{escape(piece)}</w:t>")
    return f"<w:r>{''.join(parts)}</w:r>" if parts else "<w:r/>"
