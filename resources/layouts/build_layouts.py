"""Build the docxtpl layouts letter.docx and memo.docx with python-docx.

Run ``uv run python resources/layouts/build_layouts.py`` after changing this script and commit
both the script and the .docx files. The layouts stay editable in Word or LibreOffice: the
letterhead is in the header part, the footer (organisation footer, attestation, QR code and
"Page X of Y" made of PAGE and NUMPAGES fields) in the footer part, and every variable part is
a Jinja tag in a run of its own. The body arrives as a subdocument (``{{p body }}``).
"""

from __future__ import annotations

from pathlib import Path

from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor

HERE = Path(__file__).resolve().parent
GREY = RGBColor(0x55, 0x55, 0x55)


def _para(
    container,
    text: str = "",
    *,
    align=None,
    bold=False,
    size=None,
    colour=None,
    space_after: float | None = None,
):
    paragraph = container.add_paragraph()
    if text:
        run = paragraph.add_run(text)
        run.bold = bold
        if size:
            run.font.size = Pt(size)
        if colour is not None:
            run.font.color.rgb = colour
    if align is not None:
        paragraph.alignment = align
    if space_after is not None:
        paragraph.paragraph_format.space_after = Pt(space_after)
    return paragraph


def _field(paragraph, instruction: str, size: float) -> None:
    """Append a complex field (PAGE, NUMPAGES) to ``paragraph``."""
    for kind, text in (
        ("begin", None),
        ("instr", instruction),
        ("separate", None),
        ("text", "1"),
        ("end", None),
    ):
        run = paragraph.add_run()
        run.font.size = Pt(size)
        run.font.color.rgb = GREY
        if kind == "instr":
            node = OxmlElement("w:instrText")
            node.set(qn("xml:space"), "preserve")
            node.text = f" {text} "
            run._r.append(node)
        elif kind == "text":
            run.text = text
        else:
            node = OxmlElement("w:fldChar")
            node.set(qn("w:fldCharType"), kind)
            run._r.append(node)


def _bottom_border(paragraph, size: int = 18) -> None:
    ppr = paragraph._p.get_or_add_pPr()
    borders = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    for key, value in (
        ("w:val", "thickThinSmallGap"),
        ("w:sz", str(size)),
        ("w:space", "1"),
        ("w:color", "1F3A5F"),
    ):
        bottom.set(qn(key), value)
    borders.append(bottom)
    ppr.append(borders)


def _no_borders(table) -> None:
    tbl_pr = table._tbl.tblPr
    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        node = OxmlElement(f"w:{edge}")
        node.set(qn("w:val"), "nil")
        borders.append(node)
    tbl_pr.append(borders)


def _header(section) -> None:
    header = section.header
    header.is_linked_to_previous = False
    first = header.paragraphs[0]
    first.add_run("{%p if draft %}")
    _para(
        header,
        "{{ draft_mark }}",
        align=WD_ALIGN_PARAGRAPH.RIGHT,
        bold=True,
        size=9,
        colour=RGBColor(0xC8, 0x10, 0x2E),
    )
    _para(header, "{%p endif %}")
    table = header.add_table(rows=1, cols=2, width=Mm(170))
    _no_borders(table)
    table.alignment = WD_TABLE_ALIGNMENT.LEFT
    _widths(table, (Mm(28), Mm(142)))
    logo_cell, text_cell = table.rows[0].cells
    logo_cell.paragraphs[0].add_run("{{ logo }}")
    text_cell.paragraphs[0].add_run("{{r org_name }}")
    _para(text_cell, "{%p for line in org_lines %}")
    _para(text_cell, "{{r line }}", space_after=0)
    _para(text_cell, "{%p endfor %}")
    _para(header, "{%p if kop_rule %}")
    _bottom_border(_para(header, "", space_after=6))
    _para(header, "{%p endif %}")
    _para(header, "", space_after=10)


def _footer(section) -> None:
    footer = section.footer
    footer.is_linked_to_previous = False
    first = footer.paragraphs[0]
    first.add_run("{{ footer }}").font.size = Pt(8)
    first.runs[0].font.color.rgb = GREY
    _para(footer, "{%p for line in attestation_lines %}")
    _para(footer, "{{ line }}", size=8, colour=GREY, space_after=0)
    _para(footer, "{%p endfor %}")
    _para(footer, "{%p if qr %}")
    _para(footer, "{{ qr }}", space_after=0)
    _para(footer, "{%p endif %}")
    page = _para(footer, align=WD_ALIGN_PARAGRAPH.RIGHT)
    for text, field in (("{{ page_prefix }}", "PAGE"), ("{{ page_middle }}", "NUMPAGES")):
        run = page.add_run(text)
        run.font.size = Pt(8)
        run.font.color.rgb = GREY
        _field(page, field, 8)
    page.add_run("{{ page_suffix }}").font.size = Pt(8)


def _widths(table, widths) -> None:
    """Fix the column widths in the table grid (LibreOffice reads the grid, not the cells)."""
    table.autofit = False
    for column, width in zip(table.columns, widths, strict=True):
        column.width = width
    for row in table.rows:
        for cell, width in zip(row.cells, widths, strict=True):
            cell.width = width


def _reference_table(doc) -> None:
    """Add the Indonesian Nomor block (a table, date on the first row) or reference lines."""
    _para(doc, "{%p if id_block %}")
    table = doc.add_table(rows=3, cols=4)
    _no_borders(table)
    widths = (Mm(26), Mm(4), Mm(80), Mm(60))
    _widths(table, widths)
    for row in table.rows:
        for cell, width in zip(row.cells, widths, strict=True):
            cell.width = width
    table.rows[0].cells[0].paragraphs[0].add_run("{%tr for row in reference_rows %}")
    for cell, key in zip(table.rows[1].cells, ("label", "sep", "value", "date"), strict=True):
        cell.paragraphs[0].add_run("{{ row." + key + " }}")
        cell.paragraphs[0].paragraph_format.space_after = Pt(0)
    table.rows[1].cells[3].paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.RIGHT
    table.rows[2].cells[0].paragraphs[0].add_run("{%tr endfor %}")
    _para(doc, "{%p endif %}")
    _lines(doc, "reference_lines")


def _optional(doc, test: str, text: str, **kwargs) -> None:
    _para(doc, "{%p if " + test + " %}")
    _para(doc, text, **kwargs)
    _para(doc, "{%p endif %}")


def _lines(doc, items: str, *, space_after: float = 0, bold: bool = False) -> None:
    _para(doc, "{%p for line in " + items + " %}")
    _para(doc, "{{ line }}", space_after=space_after, bold=bold)
    _para(doc, "{%p endfor %}")


def _tail(doc) -> None:
    _optional(doc, "closing", "{{ closing }}")
    _optional(doc, "signature_image", "{{ signature_image }}", space_after=0)
    _lines(doc, "signature_lines")
    for name in ("enclosures", "copies"):
        _para(doc, "{%p if " + name + " %}")
        _para(doc, "", space_after=0)
        _para(doc, "{{ " + name + "_title }}", space_after=0)
        _para(doc, "{%p for line in " + name + " %}")
        doc.add_paragraph("{{ line }}", style="List Bullet")
        _para(doc, "{%p endfor %}")
        _para(doc, "{%p endif %}")


def _new(page_width: float = 210, page_height: float = 297):
    doc = Document()
    style = doc.styles["Normal"]
    style.font.name = "DejaVu Sans"
    style.font.size = Pt(10.5)
    section = doc.sections[0]
    section.page_width, section.page_height = Mm(page_width), Mm(page_height)
    section.left_margin = section.right_margin = Mm(20)
    section.top_margin, section.bottom_margin = Mm(15), Mm(20)
    section.header_distance, section.footer_distance = Mm(8), Mm(8)
    _header(section)
    _footer(section)
    doc.add_paragraph("{%p if draft_note %}")
    return doc


def build_letter() -> Document:
    """Return the letter layout."""
    doc = _new()
    _para(doc, "{{ draft_note }}")
    _para(doc, "{%p endif %}")
    _reference_table(doc)
    _optional(doc, "date_left", "{{ date_left }}")
    _optional(doc, "date_right", "{{ date_right }}", align=WD_ALIGN_PARAGRAPH.RIGHT)
    _para(doc, "", space_after=6)
    _lines(doc, "recipient")
    _para(doc, "", space_after=6)
    _optional(doc, "subject_line", "{{ subject_line }}", bold=True)
    _optional(doc, "salutation", "{{ salutation }}")
    _para(doc, "{{p body }}")
    _tail(doc)
    return doc


def build_memo() -> Document:
    """Return the memo layout (title, To/From/Cc/Date/Subject rows, body)."""
    doc = _new()
    _para(doc, "{{ draft_note }}")
    _para(doc, "{%p endif %}")
    _para(doc, "{{ memo_title }}", bold=True, size=14)
    _reference_table(doc)
    table = doc.add_table(rows=3, cols=2)
    _no_borders(table)
    _widths(table, (Mm(30), Mm(140)))
    table.rows[0].cells[0].paragraphs[0].add_run("{%tr for row in memo_rows %}")
    table.rows[1].cells[0].paragraphs[0].add_run("{{ row.label }}").bold = True
    table.rows[1].cells[1].paragraphs[0].add_run("{{ row.value }}")
    table.rows[2].cells[0].paragraphs[0].add_run("{%tr endfor %}")
    _bottom_border(_para(doc, "", space_after=6), size=4)
    _optional(doc, "salutation", "{{ salutation }}")
    _para(doc, "{{p body }}")
    _tail(doc)
    return doc


_KEEP_STYLES = {
    "Normal",
    "DefaultParagraphFont",
    "TableNormal",
    "NoList",
    "Heading1",
    "Heading2",
    "Heading3",
    "ListBullet",
    "ListNumber",
    "TableGrid",
    "Header",
    "Footer",
    "Hyperlink",
}
_DROP_RELS = ("stylesWithEffects", "customXml", "thumbnail")


def _slim(doc) -> None:
    """Drop unused styles, latent styles and optional parts so the layout loads fast."""
    styles = doc.styles.element
    by_id = {s.get(qn("w:styleId")): s for s in styles.findall(qn("w:style"))}
    keep: set[str] = set()
    todo = [name for name in _KEEP_STYLES if name in by_id]
    while todo:
        name = todo.pop()
        if name in keep or name not in by_id:
            continue
        keep.add(name)
        for tag in ("w:basedOn", "w:link", "w:next"):
            node = by_id[name].find(qn(tag))
            if node is not None:
                todo.append(node.get(qn("w:val")))
    for name, node in by_id.items():
        if name not in keep:
            styles.remove(node)
    latent = styles.find(qn("w:latentStyles"))
    if latent is not None:
        styles.remove(latent)
    for part in (doc.part, doc.part.package):
        for rel_id, rel in list(part.rels.items()):
            if rel.reltype.endswith(_DROP_RELS):
                part.rels.pop(rel_id)


def main() -> None:
    """Write letter.docx and memo.docx next to this script."""
    for name, builder in (("letter", build_letter), ("memo", build_memo)):
        doc = builder()
        _slim(doc)
        props = doc.core_properties
        props.author = "Missiva"
        props.title = f"Missiva {name} layout"
        doc.save(str(HERE / f"{name}.docx"))
        print(f"wrote {HERE / (name + '.docx')}")


if __name__ == "__main__":
    main()
