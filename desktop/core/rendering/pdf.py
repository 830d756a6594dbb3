"""PDF writer: one Document laid out with reportlab platypus in embedded DejaVu fonts.

The letterhead, reference block, recipient, subject, salutation, body, closing, signature,
enclosures and copies are flowables in reading order; the footer (organisation footer,
attestation with its QR code, "Page X of Y") is drawn on every page by a two-pass canvas.
All text goes through :func:`xml.sax.saxutils.escape` before it reaches Paragraph markup.
"""

from __future__ import annotations

import copy
import functools
import io
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4, LETTER
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.lib.utils import ImageReader
from reportlab.pdfgen import canvas as rl_canvas
from reportlab.platypus import (
    HRFlowable,
    Image,
    KeepTogether,
    Paragraph,
    SimpleDocTemplate,
    Spacer,
    Table,
    TableStyle,
)
from reportlab.platypus.paraparser import ParaFrag

from desktop.core.errors import RenderError
from desktop.core.i18n import _
from desktop.core.models import Document, ListBlock, Run
from desktop.core.models import Paragraph as BodyParagraph
from desktop.core.models import Table as BodyTable
from desktop.core.rendering.pdf_fonts import FONT, check_glyphs, register_fonts, with_fallback
from desktop.core.rendering.pdf_layout import KeptParagraph, paragraph_styles
from desktop.core.rendering.pdf_reuse import (
    KnownImageFile,
    draw_file_image,
    draw_qr,
    image_file_reader,
)
from desktop.core.rendering.qr import qr_matrix
from desktop.core.rendering.sheet import Sheet, build_sheet, printable, row_text
from desktop.core.settings import OrganisationProfile

PAGE_SIZES = {"A4": A4, "LETTER": LETTER}
_MARGIN = 20 * mm
_FOOTER_SPACE = 24 * mm


@functools.lru_cache(maxsize=512)
def _parsed(markup: str, style: ParagraphStyle, bullet: str | None) -> tuple[Any, ...]:
    """Parse paragraph markup once: (cleaned text, style, frags, bullet text or its frags)."""
    paragraph = Paragraph(markup, style, bulletText=bullet)
    bullet_text = paragraph.bulletText
    if isinstance(bullet_text, list):
        bullet_text = tuple(bullet_text)
    return paragraph.text, paragraph.style, tuple(paragraph.frags), bullet_text


def _fresh(frag: Any) -> Any:
    """Return ``copy.copy(frag)``, made directly for reportlab's plain fragments.

    A ``ParaFrag`` is a plain attribute bag (no ``__slots__``, ``__copy__``, ``__reduce__`` or
    ``__setstate__``), so ``copy.copy`` amounts to a new instance given the same ``__dict__``
    entries; this does that without the pickle protocol's round trip.
    """
    if type(frag) is not ParaFrag:
        return copy.copy(frag)
    fresh = object.__new__(ParaFrag)  # ParaFrag and ABag define no __new__
    fresh.__dict__.update(frag.__dict__)
    return fresh


def _para(markup: str, style: ParagraphStyle, bulletText: str | None = None) -> Paragraph:
    """Return ``Paragraph(markup, style, bulletText=...)`` from a parse made once per markup.

    Letters of a merge repeat most of their paragraphs (letterhead, closing, signature): the
    markup is parsed once and each Paragraph gets its own copies of the parsed fragments
    (platypus keeps per-paragraph state on them while laying out). The paragraph is a
    :class:`KeptParagraph`, so an equal one-style paragraph is broken into lines once per width.
    """
    parse = _parsed(markup, style, bulletText)
    text, parsed_style, frags, bullet_text = parse
    if isinstance(bullet_text, tuple):
        bullet_text = [_fresh(frag) for frag in bullet_text]
    paragraph = KeptParagraph(
        text, parsed_style, bulletText=bullet_text, frags=[_fresh(f) for f in frags]
    )
    paragraph.parse = parse
    return paragraph


def _text(value: str) -> str:
    """Return ``value`` escaped for Paragraph markup, line breaks kept."""
    return with_fallback(escape(printable(value)).replace("\n", "<br/>"))


def _runs(runs: tuple[Run, ...]) -> str:
    parts: list[str] = []
    for run in runs:
        text = _text(run.text)
        if run.bold:
            text = f"<b>{text}</b>"
        if run.italic:
            text = f"<i>{text}</i>"
        if run.link:
            href = escape(run.link, {'"': "&quot;"})
            text = f'<a href="{href}" color="#1F3A5F"><u>{text}</u></a>'
        parts.append(text)
    return "".join(parts)


def _image(path: Path, max_width: float, max_height: float) -> Image:
    """Return a platypus Image scaled to fit, or raise RenderError naming an unreadable file."""
    try:
        reader = image_file_reader(str(path))
        width, height = reader.getSize()
    except Exception as exc:  # PIL / reportlab raise many kinds
        raise RenderError(_("cannot read the image: {error}").format(error=exc), file=path) from exc
    scale = min(max_width / width, max_height / height)
    image = Image(str(path), width=width * scale, height=height * scale)
    if "_img" not in image.__dict__:  # platypus would open the file again for its size
        image._img = reader
    image.hAlign = "LEFT"
    return image


def _letterhead(sheet: Sheet, styles: dict[str, ParagraphStyle], width: float) -> list:
    text = [_para(_text(sheet.org_name), styles["org"])]
    text += [_para(_text(line), styles["orgline"]) for line in sheet.org_lines]
    if sheet.logo is not None:
        logo = _image(sheet.logo, 22 * mm, 22 * mm)
        head = Table([[logo, text]], colWidths=[26 * mm, width - 26 * mm])
        head.setStyle(
            TableStyle(
                [
                    ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                    ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ]
            )
        )
        flow: list = [head]
    else:
        flow = list(text)
    if sheet.kop_rule:
        flow.append(
            HRFlowable(
                width="100%",
                thickness=2,
                color=colors.HexColor(sheet.colour),
                spaceBefore=3,
                spaceAfter=1,
            )
        )
        flow.append(
            HRFlowable(
                width="100%", thickness=0.5, color=colors.HexColor(sheet.colour), spaceAfter=8
            )
        )
    else:
        flow.append(Spacer(1, 8 * mm))
    return flow


def _reference(sheet: Sheet, styles: dict[str, ParagraphStyle], width: float) -> list:
    body = styles["tight"]
    if sheet.id_block:
        data = []
        for index, (name, value) in enumerate(sheet.reference_rows):
            date = _para(_text(sheet.date_text), styles["right"]) if index == 0 else ""
            data.append([_para(_text(name), body), ":", _para(_text(value), body), date])
        table = Table(data, colWidths=[22 * mm, 4 * mm, width - 86 * mm, 60 * mm])
        table.setStyle(
            TableStyle(
                [
                    ("FONTNAME", (0, 0), (-1, -1), FONT),
                    ("VALIGN", (0, 0), (-1, -1), "TOP"),
                    ("LEFTPADDING", (0, 0), (-1, -1), 0),
                    ("TOPPADDING", (0, 0), (-1, -1), 0),
                    ("BOTTOMPADDING", (0, 0), (-1, -1), 1),
                ]
            )
        )
        return [table, Spacer(1, 5 * mm)]
    flow: list = []
    for name, value in sheet.reference_rows:
        style = body
        markup = _text(row_text(name, value))
        if sheet.draft and value == sheet.draft_mark:
            markup = f'<font color="#C8102E"><b>{markup}</b></font>'
        flow.append(_para(markup, style))
    if sheet.date_text:
        style = styles["right"] if sheet.language == "pt-BR" else body
        flow.append(Spacer(1, 2 * mm))
        flow.append(_para(_text(sheet.date_text), style))
    flow.append(Spacer(1, 5 * mm))
    return flow


def _body(doc: Document, styles: dict[str, ParagraphStyle], width: float) -> list:
    flow: list = []
    for block in doc.body:
        if isinstance(block, BodyParagraph):
            style = styles[f"h{min(block.heading, 3)}"] if block.heading else styles["body"]
            flow.append(_para(_runs(block.runs), style))
        elif isinstance(block, ListBlock):
            for number, item in enumerate(block.items, start=1):
                bullet = f"{number}." if block.ordered else "•"
                flow.append(_para(_runs(item), styles["list"], bulletText=bullet))
            flow.append(Spacer(1, 4))
        elif isinstance(block, BodyTable) and block.rows:
            count = max(len(row) for row in block.rows)
            data = [
                [_para(_runs(cell), styles["cell"]) for cell in row] + [""] * (count - len(row))
                for row in block.rows
            ]
            table = Table(data, colWidths=[width / count] * count, repeatRows=int(block.header))
            commands = [
                ("GRID", (0, 0), (-1, -1), 0.5, colors.HexColor("#999999")),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ]
            if block.header:
                commands.append(("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#E8EDF3")))
            table.setStyle(TableStyle(commands))
            flow += [table, Spacer(1, 6)]
    return flow


def _story(doc: Document, sheet: Sheet, width: float) -> list:
    styles = paragraph_styles(sheet.colour)
    story = _letterhead(sheet, styles, width)
    if sheet.memo_title:
        story.append(_para(_text(sheet.memo_title), styles["title"]))
    story += _reference(sheet, styles, width)
    if sheet.memo_rows:
        data = [
            [_para(_text(name), styles["tight"]), _para(_text(value), styles["tight"])]
            for name, value in sheet.memo_rows
        ]
        table = Table(data, colWidths=[30 * mm, width - 30 * mm])
        table.setStyle(
            TableStyle(
                [
                    ("LEFTPADDING", (0, 0), (-1, -1), 0),
                    ("VALIGN", (0, 0), (-1, -1), "TOP"),
                    ("LINEBELOW", (0, -1), (-1, -1), 0.5, colors.grey),
                ]
            )
        )
        story += [table, Spacer(1, 5 * mm)]
    if sheet.recipient:
        story += [_para(_text(line), styles["tight"]) for line in sheet.recipient]
        story.append(Spacer(1, 5 * mm))
    if sheet.subject_line:
        story.append(_para(f"<b>{_text(sheet.subject_line)}</b>", styles["body"]))
    if sheet.salutation:
        story.append(_para(_text(sheet.salutation), styles["body"]))
    story += _body(doc, styles, width)
    closing: list = []
    if sheet.closing:
        closing.append(_para(_text(sheet.closing), styles["body"]))
    if sheet.signature_image is not None:
        closing.append(_image(sheet.signature_image, 50 * mm, 18 * mm))
    else:
        closing.append(Spacer(1, 12 * mm))
    closing += [_para(_text(line), styles["tight"]) for line in sheet.signature_lines]
    if closing:
        story.append(KeepTogether(closing))
    for title, items in (
        (sheet.enclosures_title, sheet.enclosures),
        (sheet.copies_title, sheet.copies),
    ):
        if items:
            story.append(Spacer(1, 5 * mm))
            story.append(_para(_text(title), styles["tight"]))
            story += [_para(_text(item), styles["list"], bulletText="-") for item in items]
    return story


class PreparedImageCanvas(rl_canvas.Canvas):
    """Canvas whose image files (logo, signature) come from their prepared XObject.

    The letters' writer and the register's PDF report both draw the letterhead with it.
    """

    def drawImage(self, image, x, y, width=None, height=None, mask=None, **options):
        """Draw an image; image files come from their prepared XObject."""
        if not options:
            drawn = draw_file_image(self, image, x, y, width, height, mask)
            if drawn is not None:
                return drawn
        if isinstance(image, KnownImageFile):  # stands in for a reader: read the file now
            image = ImageReader(image.fileName)
        return super().drawImage(image, x, y, width, height, mask, **options)


class NumberedCanvas(PreparedImageCanvas):
    """Canvas that keeps every page and draws the footer with "Page X of Y" on save."""

    def __init__(
        self, *args: object, sheet: Sheet, qr: tuple[bytes, ...] | None, **kwargs: object
    ) -> None:
        super().__init__(*args, **kwargs)
        self._pages: list[dict] = []
        self._sheet = sheet
        self._qr = qr  # the QR code's modules, drawn by draw_qr

    def showPage(self) -> None:
        """Keep the page's state instead of emitting it now."""
        self._pages.append(dict(self.__dict__))
        self._startPage()

    def save(self) -> None:
        """Draw every footer now that the page count is known, then write the file."""
        total = len(self._pages)
        for state in self._pages:
            self.__dict__.update(state)
            self._footer(total)
            super().showPage()
        super().save()

    def _footer(self, total: int) -> None:
        sheet = self._sheet
        width, _height = self._pagesize
        y = 14 * mm
        self.setStrokeColor(colors.HexColor("#BBBBBB"))
        self.line(_MARGIN, y + 8 * mm, width - _MARGIN, y + 8 * mm)
        self.setFillColor(colors.HexColor("#555555"))
        self.setFont(FONT, 7.5)
        right_limit = width - _MARGIN
        if self._qr is not None:
            right_limit -= 20 * mm
            draw_qr(self, self._qr, width - _MARGIN - 17 * mm, y - 9 * mm, 17 * mm, 17 * mm)
        lines = [sheet.footer] if sheet.footer else []
        lines += list(sheet.attestation_lines)
        for index, line in enumerate(lines):
            check_glyphs(line, _("the footer"))
            self.drawString(_MARGIN, y + 4 * mm - index * 3.4 * mm, printable(line))
        page = sheet.page_label.format(page=self._pageNumber, pages=total)
        self.drawRightString(right_limit, y - 8 * mm, page)
        if sheet.draft:
            self.saveState()
            self.setFillColor(colors.Color(0.78, 0.06, 0.18, alpha=0.12))
            self.setFont(FONT + "-Bold", 90)
            self.translate(width / 2, self._pagesize[1] / 2)
            self.rotate(45)
            self.drawCentredString(0, 0, sheet.draft_mark)
            self.restoreState()


def _page_size(page_size: str | None, profile: OrganisationProfile) -> tuple[float, float]:
    name = (page_size or profile.page_size or "A4").upper()
    if name not in PAGE_SIZES:
        raise RenderError(f"unknown page size '{page_size}'", hint="Use A4 or Letter.")
    return PAGE_SIZES[name]


def render_pdf(
    doc: Document,
    profile: OrganisationProfile,
    *,
    page_size: str | None = None,
    invariant: bool = False,
) -> bytes:
    """Return ``doc`` as PDF bytes (A4 or Letter; ``invariant`` for byte-stable output)."""
    register_fonts()
    size = _page_size(page_size, profile)
    sheet = build_sheet(doc, profile)
    qr = qr_matrix(sheet.qr_payload) if sheet.qr_payload else None
    out = io.BytesIO()
    template = SimpleDocTemplate(
        out,
        pagesize=size,
        leftMargin=_MARGIN,
        rightMargin=_MARGIN,
        topMargin=15 * mm,
        bottomMargin=_MARGIN + _FOOTER_SPACE - 10 * mm,
        title=doc.subject or doc.title,
        author=profile.name,
        subject=doc.reference or sheet.draft_mark,
        creator="Missiva",
        invariant=1 if invariant else 0,
        lang=doc.language,
    )
    # the frame keeps 6 pt of padding on each side: tables get the width paragraphs get
    story = _story(doc, sheet, template.width - 12)
    maker = functools.partial(NumberedCanvas, sheet=sheet, qr=qr)
    template.build(story, canvasmaker=maker)
    return out.getvalue()
