"""The register's PDF report (reportlab): title, filters, table, counts per status, page X of Y.

Text is drawn with DejaVu Sans when available (accents, Indonesian and Portuguese names) and
escaped before it reaches reportlab's paragraph markup, so ``Silva & Filhos <Ltda>`` prints as is.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

from desktop.core.paths import resource

_FONT_CANDIDATES = (
    ("fonts", "DejaVuSans.ttf"),
    ("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",),
)
_HEADERS = ("Reference", "Date", "Dir.", "Kind", "Status", "Subject", "Correspondent")
_WIDTHS_MM = (42, 22, 11, 16, 17, 95, 64)


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


def _numbered_canvas(font: str) -> Any:
    from reportlab.pdfgen import canvas

    class NumberedCanvas(canvas.Canvas):
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
                self.drawRightString(width - 28, 20, f"Page {self._pageNumber} of {total}")
                super().showPage()
            super().save()

    return NumberedCanvas


def build_report(
    path: Path,
    *,
    title: str,
    description: str,
    rows: Sequence[Sequence[str]],
    statuses: Mapping[str, int],
    printed: str = "",
) -> None:
    """Write the report PDF to ``path``."""
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

    story: list[Any] = [
        para(title, title_style),
        para(f"Filters: {description}", text_style),
        para(
            f"Printed {printed} · {len(rows)} entries" if printed else f"{len(rows)} entries",
            text_style,
        ),
        Spacer(1, 4 * mm),
    ]
    head_style = ParagraphStyle("head", parent=cell_style, textColor=colors.white)
    data = [[para(h, head_style) for h in _HEADERS]] + [[para(c) for c in row] for row in rows]
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
    counts = ", ".join(f"{name}: {count}" for name, count in sorted(statuses.items())) or "none"
    story.append(para(f"Entries per status — {counts}", text_style))
    document = SimpleDocTemplate(
        str(path),
        pagesize=landscape(A4),
        leftMargin=10 * mm,
        rightMargin=10 * mm,
        topMargin=12 * mm,
        bottomMargin=14 * mm,
        title=title,
        author="Missiva",
    )
    document.build(story, canvasmaker=_numbered_canvas(font))
