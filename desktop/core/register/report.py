"""The register's PDF report (reportlab): letterhead, title, filters, table, counts, page X of Y.

The letterhead is the letters' own: the rendering's :class:`~desktop.core.rendering.sheet.Sheet`
built from the organisation profile (name, address and contact lines, logo, colour, the
Indonesian double rule) laid out by the PDF writer's letterhead flowables, so the report and
the letters cannot drift apart. Text is drawn with DejaVu Sans when available (accents,
Indonesian and Portuguese names) and escaped before it reaches reportlab's paragraph markup,
so ``Silva & Filhos <Ltda>`` prints as is.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any
from xml.sax.saxutils import escape

from desktop.core.paths import resource

if TYPE_CHECKING:
    from desktop.core.settings import OrganisationProfile

_FONT_CANDIDATES = (
    ("fonts", "DejaVuSans.ttf"),
    ("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",),
)
# Reference, date, direction, kind, status, series, subject, correspondent, reply by, void reason
_WIDTHS_MM = (34, 20, 16, 15, 17, 14, 58, 44, 20, 32)


def _font() -> str:
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    if "MissivaReportSans" in pdfmetrics.getRegisteredFontNames():
        return "MissivaReportSans"
    for parts in _FONT_CANDIDATES:
        path = Path(parts[0]) if len(parts) == 1 else resource(*parts)
        if path.is_file():
            pdfmetrics.registerFont(TTFont("MissivaReportSans", str(path)))
            return "MissivaReportSans"
    return "Helvetica"


def _letterhead(profile: OrganisationProfile, language: str, width: float) -> list[Any]:
    """Return the organisation's letterhead flowables, exactly as its letters print them."""
    from desktop.core.models import Document
    from desktop.core.rendering.pdf import _letterhead as letter_letterhead
    from desktop.core.rendering.pdf_fonts import register_fonts
    from desktop.core.rendering.pdf_layout import paragraph_styles
    from desktop.core.rendering.sheet import build_sheet

    register_fonts()
    doc = Document(
        kind="letter",
        language=language,
        template_id="",
        title="",
        subject="",
        date=dt.date.today(),
        body=(),
    )
    sheet = build_sheet(doc, profile)
    return letter_letterhead(sheet, paragraph_styles(sheet.colour), width)


def _numbered_canvas(font: str, page_label: str) -> Any:
    from desktop.core.rendering.pdf import PreparedImageCanvas

    class NumberedCanvas(PreparedImageCanvas):
        """Canvas that writes "page X of Y" once the page count is known."""

        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            self._pages: list[dict[str, Any]] = []

        def showPage(self) -> None:
            self._pages.append(dict(self.__dict__))
            self._startPage()

        def save(self) -> None:
            total = len(self._pages)
            for state in self._pages:
                self.__dict__.update(state)
                self.setFont(font, 8)
                width = self._pagesize[0]
                text = page_label.format(page=self._pageNumber, pages=total)
                self.drawRightString(width - 28, 20, text)
                super().showPage()
            super().save()

    return NumberedCanvas


def build_report(
    path: Path,
    *,
    title: str,
    description: str,
    headers: Sequence[str],
    rows: Sequence[Sequence[str]],
    statuses: Mapping[str, int],
    printed: str = "",
    profile: OrganisationProfile | None = None,
    language: str = "en",
    gettext: Callable[[str], str] = str,
) -> None:
    """Write the report PDF to ``path``.

    Args:
        path: the file to write.
        title: the report's title.
        description: the filters in words.
        headers: the table's column headers (ten: see ``_WIDTHS_MM``).
        rows: the table's cells, as text.
        statuses: entries per status label.
        printed: the day printed, as text ("" leaves it out).
        profile: the organisation whose letterhead heads the report (``None``: no letterhead).
        language: the letter language of the letterhead ("en", "pt-BR", "id").
        gettext: translates the report's own words into the export's language.
    """
    _ = gettext
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4, landscape
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import mm
    from reportlab.platypus import LongTable, Paragraph, SimpleDocTemplate, Spacer, TableStyle

    font = _font()
    title_style = ParagraphStyle("title", fontName=font, fontSize=15, leading=19)
    text_style = ParagraphStyle("text", fontName=font, fontSize=9, leading=12)
    cell_style = ParagraphStyle("cell", fontName=font, fontSize=7.5, leading=9)

    def para(text: str, style: ParagraphStyle = cell_style) -> Paragraph:
        return Paragraph(escape(text).replace("\n", "<br/>"), style)

    frame_width = landscape(A4)[0] - 20 * mm - 12
    story: list[Any] = []
    if profile is not None:
        story += _letterhead(profile, language, frame_width)
    entries = _("Entries: {count}").format(count=len(rows))
    story += [
        para(title, title_style),
        para(_("Filters: {filters}").format(filters=description), text_style),
        para(
            _("Printed {date} · {entries}").format(date=printed, entries=entries)
            if printed
            else entries,
            text_style,
        ),
        Spacer(1, 4 * mm),
    ]
    head_style = ParagraphStyle("head", parent=cell_style, textColor=colors.white)
    data = [[para(h, head_style) for h in headers]] + [[para(c) for c in row] for row in rows]
    table = LongTable(data, colWidths=[w * mm for w in _WIDTHS_MM], repeatRows=1)
    table.setStyle(
        TableStyle(
            [
                ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#1F3A5F")),
                ("TEXTCOLOR", (0, 0), (-1, 0), colors.white),
                ("GRID", (0, 0), (-1, -1), 0.25, colors.HexColor("#9AA5B1")),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("ROWBACKGROUNDS", (0, 1), (-1, -1), [colors.white, colors.HexColor("#F2F4F7")]),
            ]
        )
    )
    story.append(table)
    story.append(Spacer(1, 5 * mm))
    counts = ", ".join(f"{name}: {count}" for name, count in sorted(statuses.items()))
    story.append(
        para(
            _("Entries per status — {counts}").format(counts=counts or _("no entries")), text_style
        )
    )
    document = SimpleDocTemplate(
        str(path),
        pagesize=landscape(A4),
        leftMargin=10 * mm,
        rightMargin=10 * mm,
        topMargin=12 * mm,
        bottomMargin=14 * mm,
        title=title,
        author=profile.name if profile is not None else "Missiva",
        lang=language,
    )
    page_label = _("Page {page} of {pages}")
    document.build(story, canvasmaker=_numbered_canvas(font, page_label))
