"""DOCX writer: one Document rendered on the shipped letter or memo layout.

The layouts (resources/layouts/{letter,memo}.docx, built by build_layouts.py) hold the
letterhead and footer in their header/footer parts and Jinja tags for the parts. Each layout is
compiled once per process and page size (:mod:`desktop.core.rendering.docx_package`: docxtpl's
cleaning and the Jinja compilation happen once); a letter then only renders its templated parts.
The body goes in as a python-docx subdocument whose runs are added as text, never parsed, so
values stay literal; the Jinja environment autoescapes and is strict about undefined names.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence
from pathlib import Path
from xml.sax.saxutils import escape

from docx.document import Document as WordDocument
from docx.enum.style import WD_STYLE_TYPE
from docx.image.image import Image as DocxImage
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import nsmap, qn
from docx.shared import RGBColor
from docxtpl import RichText
from docxtpl.subdoc import Subdoc
from jinja2 import Environment, StrictUndefined

from desktop.core.errors import RenderError
from desktop.core.i18n import _
from desktop.core.models import Document, ListBlock, Run
from desktop.core.models import Paragraph as BodyParagraph
from desktop.core.models import Table as BodyTable
from desktop.core.paths import resource
from desktop.core.rendering.docx_package import CompiledLayout, LetterPackage, Picture
from desktop.core.rendering.qr import qr_png
from desktop.core.rendering.sheet import Sheet, build_sheet, printable, row_text
from desktop.core.settings import OrganisationProfile

_PAGE_SIZES_MM = {"A4": (210, 297), "LETTER": (215.9, 279.4)}


@functools.cache
def _layout_bytes(name: str) -> bytes:
    """Return the bytes of a shipped layout, read once per process."""
    path = resource("layouts", f"{name}.docx")
    try:
        return path.read_bytes()
    except OSError as exc:
        raise RenderError(f"cannot read the DOCX layout: {exc.strerror or exc}", file=path) from exc


@functools.lru_cache(maxsize=8)
def _compiled(name: str, page_mm: tuple[float, float]) -> CompiledLayout:
    """Return a layout compiled for one page size (once per process)."""
    environment = Environment(autoescape=True, undefined=StrictUndefined)
    return CompiledLayout(_layout_bytes(name), page_mm, environment)


_BLANK_BODY = (
    f'<w:document xmlns:w="{nsmap["w"]}" xmlns:r="{nsmap["r"]}"><w:body><w:sectPr>'
    '<w:pgSz w:w="11906" w:h="16838"/>'
    '<w:pgMar w:top="850" w:right="1134" w:bottom="1134" w:left="1134" w:header="454" '
    'w:footer="454" w:gutter="0"/></w:sectPr></w:body></w:document>'
)


class _BodySubdoc(Subdoc):
    """A docxtpl subdocument built on the letter's main part (no blank DOCX to open).

    docxtpl's own ``new_subdoc()`` opens python-docx's default template on every call; this
    one parses a tiny empty body instead and resolves styles and hyperlinks against the
    letter's document part, which is what ``new_subdoc()`` does after opening the file.
    """

    def __init__(self, letter: LetterPackage) -> None:
        self.tpl = None
        self.docx = None
        self.subdocx = WordDocument(parse_xml(_BLANK_BODY), letter.document_part)  # type: ignore[arg-type]


def _add_runs(paragraph, runs: Sequence[Run]) -> None:
    """Append ``runs`` to a python-docx paragraph as literal text (links as w:hyperlink)."""
    for run in runs:
        text = printable(run.text)
        if run.link:
            rel_id = paragraph.part.relate_to(printable(run.link), RT.HYPERLINK, is_external=True)
            link = OxmlElement("w:hyperlink")
            link.set(qn("r:id"), rel_id)
            paragraph._p.append(link)
            target = paragraph.add_run(text)
            link.append(target._r)
            target.font.underline = True
            target.font.color.rgb = RGBColor(0x1F, 0x3A, 0x5F)
        else:
            target = paragraph.add_run(text)
        if run.bold:
            target.bold = True
        if run.italic:
            target.italic = True


def _set_numbering(paragraph, num_id: str) -> None:
    num_pr = paragraph._p.get_or_add_pPr().get_or_add_numPr()
    num_pr.get_or_add_ilvl().val = 0
    num_pr.get_or_add_numId().val = int(num_id)


_RUN_BREAKS = re.compile(r"([\t\r\n])")


def _run_xml(run: Run) -> str:
    """Return the ``w:r`` python-docx writes for ``paragraph.add_run(text)`` (bold, italic)."""
    parts = []
    if run.bold or run.italic:
        parts.append(
            "<w:rPr>"
            + ("<w:b/>" if run.bold else "")
            + ("<w:i/>" if run.italic else "")
            + "</w:rPr>"
        )
    for piece in _RUN_BREAKS.split(printable(run.text)):
        if piece == "\t":
            parts.append("<w:tab/>")
        elif piece in ("\r", "\n"):
            parts.append("<w:br/>")
        elif piece:
            space = ' xml:space="preserve"' if len(piece.strip()) < len(piece) else ""
            parts.append(f"<w:t{space}>{escape(piece)}</w:t>")
    return f"<w:r>{''.join(parts)}</w:r>" if parts else "<w:r/>"


def _paragraph_xml(style_id: str | None, runs: Sequence[Run]) -> str:
    """Return the ``w:p`` python-docx writes for a paragraph of plain, bold or italic runs."""
    inner = f'<w:pPr><w:pStyle w:val="{escape(style_id)}"/></w:pPr>' if style_id else ""
    inner += "".join(_run_xml(run) for run in runs)
    return f"<w:p>{inner}</w:p>" if inner else "<w:p/>"


class _BodyXml:
    """The body as WordprocessingML text, printed by the layout like a docxtpl subdocument."""

    def __init__(self, xml: str) -> None:
        self._xml = xml

    def __html__(self) -> str:
        """Return the body's paragraphs."""
        return self._xml

    __str__ = __html__


def _body_xml(letter: LetterPackage, doc: Document) -> _BodyXml | None:
    """Return the body written directly when it is only paragraphs, headings and bullet lists.

    The XML is what :func:`_body` builds with python-docx for such a body (tests compare the
    two); bodies with links, numbered lists or tables return None and go through python-docx.
    """
    part = letter.document_part
    styles: dict[str, str | None] = {}

    def style_id(name: str) -> str | None:
        if name not in styles:
            styles[name] = part.get_style_id(name, WD_STYLE_TYPE.PARAGRAPH)
        return styles[name]

    xml: list[str] = []
    for block in doc.body:
        if isinstance(block, BodyParagraph):
            runs: Sequence[Run] = block.runs
            name = f"Heading {min(block.heading, 3)}" if block.heading else ""
            if any(run.link for run in runs) or (name and not style_id(name)):
                return None
            xml.append(_paragraph_xml(style_id(name) if name else None, runs))
        elif isinstance(block, ListBlock) and not block.ordered:
            if not style_id("List Bullet"):
                return None
            for item in block.items:
                if any(run.link for run in item):
                    return None
                xml.append(_paragraph_xml(style_id("List Bullet"), item))
        elif isinstance(block, BodyTable) and not block.rows:
            continue
        else:
            return None
    return _BodyXml("".join(xml))


def _body(letter: LetterPackage, doc: Document) -> _BodySubdoc:
    """Return the body as a docxtpl subdocument built with python-docx."""
    sub = _BodySubdoc(letter)
    for block in doc.body:
        if isinstance(block, BodyParagraph):
            if block.heading:
                paragraph = sub.add_paragraph(style=f"Heading {min(block.heading, 3)}")
            else:
                paragraph = sub.add_paragraph()
            _add_runs(paragraph, block.runs)
        elif isinstance(block, ListBlock):
            style = "List Number" if block.ordered else "List Bullet"
            # all "List Number" paragraphs share one list: each ordered list restarts at 1
            num_id = letter.restarted_numbering() if block.ordered else None
            for item in block.items:
                paragraph = sub.add_paragraph(style=style)
                if num_id is not None:
                    _set_numbering(paragraph, num_id)
                _add_runs(paragraph, item)
        elif isinstance(block, BodyTable) and block.rows:
            count = max(len(row) for row in block.rows)
            table = sub.add_table(rows=len(block.rows), cols=count)
            table.style = "Table Grid"
            for row_cells, row in zip(table.rows, block.rows, strict=True):
                for cell, runs in zip(row_cells.cells, row, strict=False):
                    _add_runs(cell.paragraphs[0], runs)
                    if block.header and row is block.rows[0]:
                        for text_run in cell.paragraphs[0].runs:
                            text_run.bold = True
            sub.add_paragraph()
    return sub


@functools.lru_cache(maxsize=32)
def _picture_file(path: str, mtime_ns: int, size: int) -> DocxImage:
    """Return a picture file parsed by python-docx, once per version (path, mtime, size)."""
    return DocxImage.from_blob(Path(path).read_bytes())


def _image(letter: LetterPackage, path: Path, height_mm: float) -> Picture:
    """Return an inline picture (the sheet has already checked that the file is an image)."""
    try:
        stat = path.stat()
        image = _picture_file(str(path), stat.st_mtime_ns, stat.st_size)
    except OSError as exc:
        raise RenderError(
            _("cannot read the image: {error}").format(error=exc.strerror or exc), file=path
        ) from exc
    return Picture(letter, image, height_mm)


def _rich(text: str, colour: str, *, bold: bool = False, size: int | None = None) -> RichText:
    return RichText(printable(text), color=colour.lstrip("#"), bold=bold, size=size)


def _clean(value: object) -> object:
    """Return ``value`` with every string in it (lists, row dicts) made XML-safe."""
    if isinstance(value, str):
        return printable(value)
    if isinstance(value, list):
        return [_clean(item) for item in value]
    if isinstance(value, dict):
        return {key: _clean(item) for key, item in value.items()}
    return value


def _context(letter: LetterPackage, doc: Document, sheet: Sheet) -> dict[str, object]:
    rows = []
    lines = []
    for index, (name, value) in enumerate(sheet.reference_rows):
        if sheet.id_block:
            date = sheet.date_text if index == 0 else ""
            rows.append({"label": name, "sep": ":", "value": value, "date": date})
        else:
            lines.append(row_text(name, value))
    right = sheet.id_block is False and sheet.language == "pt-BR"
    page_prefix, _sep, rest = sheet.page_label.partition("{page}")
    page_middle, _sep, page_suffix = rest.partition("{pages}")
    qr: Picture | str = ""
    if sheet.qr_payload:
        qr = Picture(letter, DocxImage.from_blob(qr_png(sheet.qr_payload)), 17)
    return {
        "draft": sheet.draft,
        "draft_mark": sheet.draft_mark,
        "draft_note": "",
        "logo": _image(letter, sheet.logo, 18) if sheet.logo is not None else "",
        "org_name": _rich(sheet.org_name, sheet.colour, bold=True, size=30),
        "org_lines": [_rich(line, sheet.colour, size=17) for line in sheet.org_lines],
        "kop_rule": sheet.kop_rule,
        "id_block": sheet.id_block,
        "reference_rows": rows,
        "reference_lines": lines,
        "date_left": "" if (right or sheet.id_block) else sheet.date_text,
        "date_right": sheet.date_text if right else "",
        "memo_title": sheet.memo_title,
        "memo_rows": [{"label": name, "value": value} for name, value in sheet.memo_rows],
        "recipient": list(sheet.recipient),
        "subject_line": sheet.subject_line,
        "salutation": sheet.salutation,
        "body": _body_xml(letter, doc) or _body(letter, doc),
        "closing": sheet.closing,
        "signature_image": (
            _image(letter, sheet.signature_image, 16) if sheet.signature_image is not None else ""
        ),
        "signature_lines": list(sheet.signature_lines),
        "enclosures_title": sheet.enclosures_title,
        "enclosures": list(sheet.enclosures),
        "copies_title": sheet.copies_title,
        "copies": list(sheet.copies),
        "footer": sheet.footer,
        "attestation_lines": list(sheet.attestation_lines),
        "qr": qr,
        "page_prefix": page_prefix,
        "page_middle": page_middle,
        "page_suffix": page_suffix,
    }


def render_docx(doc: Document, profile: OrganisationProfile) -> bytes:
    """Return ``doc`` as DOCX bytes on the letter or memo layout."""
    sheet = build_sheet(doc, profile)
    name = sheet.kind
    page_mm = _PAGE_SIZES_MM.get((profile.page_size or "A4").upper(), (210, 297))
    try:
        layout = _compiled(name, page_mm)
        letter = layout.new_letter()
        context = {key: _clean(value) for key, value in _context(letter, doc, sheet).items()}
        letter.set_core(
            title=printable(doc.subject or doc.title),
            author=printable(profile.name),
            language=doc.language,
        )
        return layout.render(letter, context)
    except RenderError:
        raise
    except Exception as exc:  # jinja2 / lxml / python-docx errors from a broken layout
        raise RenderError(
            f"cannot fill the {name} layout: {exc}", file=resource("layouts", f"{name}.docx")
        ) from exc
