"""The DOCX body written as text equals the body python-docx built before, for any body.

The reference below is the writer the body replaced (a python-docx subdocument on the letter's
document part, kept here only): for the same body both must give the same XML, character for
character, and add the same hyperlink relationships and restarted lists to the letter.
"""

from __future__ import annotations

import dataclasses
import functools
import io
import zipfile
from collections.abc import Sequence

import pytest
from docx.document import Document as WordDocument
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.oxml import serialize_part_xml
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import nsmap, qn
from docx.shared import RGBColor
from docxtpl.subdoc import Subdoc
from hypothesis import given, settings
from hypothesis import strategies as st
from jinja2 import Environment, StrictUndefined

from desktop.core.models import Document, ListBlock, Paragraph, Run, Table
from desktop.core.rendering import docx
from desktop.core.rendering.docx_body import body_xml
from desktop.core.rendering.docx_package import CompiledLayout, LetterPackage
from desktop.core.rendering.samples import plain_letter, sample_document
from desktop.core.rendering.sheet import printable

_BLANK_BODY = (
    f'<w:document xmlns:w="{nsmap["w"]}" xmlns:r="{nsmap["r"]}"><w:body><w:sectPr>'
    '<w:pgSz w:w="11906" w:h="16838"/>'
    '<w:pgMar w:top="850" w:right="1134" w:bottom="1134" w:left="1134" w:header="454" '
    'w:footer="454" w:gutter="0"/></w:sectPr></w:body></w:document>'
)


class _ReferenceSubdoc(Subdoc):
    """The python-docx subdocument the body used to be built in, on the letter's part."""

    def __init__(self, letter: LetterPackage) -> None:
        self.tpl = None
        self.docx = None
        self.subdocx = WordDocument(parse_xml(_BLANK_BODY), letter.document_part)  # type: ignore[arg-type]


def _reference_runs(paragraph, runs: Sequence[Run]) -> None:
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


def _reference_body(letter: LetterPackage, doc: Document) -> str:
    """Return the body as python-docx built it (the writer before the body was text)."""
    sub = _ReferenceSubdoc(letter)
    for block in doc.body:
        if isinstance(block, Paragraph):
            if block.heading:
                paragraph = sub.add_paragraph(style=f"Heading {min(block.heading, 3)}")
            else:
                paragraph = sub.add_paragraph()
            _reference_runs(paragraph, block.runs)
        elif isinstance(block, ListBlock):
            style = "List Number" if block.ordered else "List Bullet"
            num_id = letter.restarted_numbering() if block.ordered else None
            for item in block.items:
                paragraph = sub.add_paragraph(style=style)
                if num_id is not None:
                    num_pr = paragraph._p.get_or_add_pPr().get_or_add_numPr()
                    num_pr.get_or_add_ilvl().val = 0
                    num_pr.get_or_add_numId().val = int(num_id)
                _reference_runs(paragraph, item)
        elif isinstance(block, Table) and block.rows:
            count = max(len(row) for row in block.rows)
            table = sub.add_table(rows=len(block.rows), cols=count)
            table.style = "Table Grid"
            for row_cells, row in zip(table.rows, block.rows, strict=True):
                for cell, runs in zip(row_cells.cells, row, strict=False):
                    _reference_runs(cell.paragraphs[0], runs)
                    if block.header and row is block.rows[0]:
                        for text_run in cell.paragraphs[0].runs:
                            text_run.bold = True
            sub.add_paragraph()
    return sub.__html__()


def _letter_state(letter: LetterPackage) -> tuple[bytes, bytes | None]:
    """Return what a body adds to a letter: document relationships, changed numbering."""
    numbering = letter._numbering
    rels = letter.document_part.rels.xml
    return rels, (serialize_part_xml(numbering) if numbering is not None else None)


def _compare(layout: CompiledLayout, body: tuple[object, ...]) -> None:
    doc = dataclasses.replace(plain_letter("en"), body=body)
    mine, theirs = layout.new_letter(), layout.new_letter()
    expected = _reference_body(theirs, doc)
    assert body_xml(mine, doc).__html__() == expected
    assert _letter_state(mine) == _letter_state(theirs)


_TEXT = st.lists(
    st.sampled_from(
        [
            *"ab Zé\xa0\u2003\t\n\r&<>\"'{}*=#-()\u00e3\u20ac\U0001f600\x01\x0b\x1f\ufffe\ud800",
            *("{{ 7*7 }}", "*x*", "=SUM(A1)", "Silva & Filhos <Ltda>", "]]>", "&amp;"),
        ]
    ),
    max_size=8,
).map("".join)
_LINK = st.sampled_from(
    ["", "", "https://example.com/?a=1&b=<2>", 'https://e.example/"q"', "mailto:x@y.example\x01"]
)
_RUN = st.builds(Run, text=_TEXT, bold=st.booleans(), italic=st.booleans(), link=_LINK)
_RUNS = st.lists(_RUN, max_size=4).map(tuple)
_BLOCK = st.one_of(
    st.builds(Paragraph, runs=_RUNS, heading=st.integers(min_value=0, max_value=4)),
    st.builds(ListBlock, items=st.lists(_RUNS, max_size=3).map(tuple), ordered=st.booleans()),
    st.builds(
        Table,
        rows=st.lists(st.lists(_RUNS, max_size=3).map(tuple), max_size=3).map(tuple),
        header=st.booleans(),
    ),
)
_BODY = st.lists(_BLOCK, max_size=5).map(tuple)


@settings(max_examples=300, deadline=None)
@given(body=_BODY, kind=st.sampled_from(["letter", "memo"]))
def test_docx_body_text_equals_python_docx(body: tuple[object, ...], kind: str) -> None:
    """Any body (links, lists, tables, hostile text): python-docx's XML and letter changes."""
    _compare(docx._compiled(kind, (210, 297)), body)


def test_docx_body_table_width_ignores_the_page_size() -> None:
    """A table is as wide on a Letter page as on A4, as it was (the subdocument's page)."""
    table = Table(rows=(((Run("a"),), (Run("b"),), (Run("c"),)),), header=False)
    _compare(docx._compiled("letter", (215.9, 279.4)), (table,))
    xml = body_xml(docx._compiled("letter", (215.9, 279.4)).new_letter(), _doc((table,)))
    assert '<w:gridCol w:w="3213"/>' in xml.__html__()


def test_docx_body_header_row_given_twice_bolds_both() -> None:
    """The header row is found by identity, as before: the same row object twice is bold twice."""
    row = ((Run("a"),), (Run("site", link="https://example.com"),))
    _compare(docx._compiled("letter", (210, 297)), (Table(rows=(row, row), header=True),))


def test_docx_body_of_empty_rows_and_lists() -> None:
    """Tables of empty rows and lists without items are written as python-docx wrote them."""
    body = (
        Table(rows=((), ()), header=True),
        ListBlock(items=(), ordered=True),
        ListBlock(items=((),), ordered=True),
        Table(rows=(), header=True),
        Paragraph(()),
    )
    _compare(docx._compiled("letter", (210, 297)), body)


def test_docx_body_values_stay_literal() -> None:
    """Markup, Jinja and formula-like values come out as escaped text, not as elements."""
    value = "Silva & Filhos <Ltda> {{ 7*7 }} *x* =SUM(A1) </w:t><w:b/>"
    doc = _doc((Paragraph((Run(value, link=value),)), Table(rows=(((Run(value),),),))))
    xml = body_xml(docx._compiled("letter", (210, 297)).new_letter(), doc).__html__()
    escaped = "Silva &amp; Filhos &lt;Ltda&gt; {{ 7*7 }} *x* =SUM(A1) &lt;/w:t&gt;&lt;w:b/&gt;"
    assert xml.count(escaped) == 2
    assert "<w:b/>" not in xml.replace("<w:rPr><w:b/>", "")


def test_docx_shipped_sample_bodies_equal_python_docx() -> None:
    """The hostile sample letters and memos in every language: the same XML as before."""
    for kind in ("letter", "memo"):
        for language in ("en", "pt-BR", "id"):
            _compare(docx._compiled(kind, (210, 297)), sample_document(kind, language).body)


def _doc(body: tuple[object, ...]) -> Document:
    return dataclasses.replace(plain_letter("en"), body=body)


@functools.cache
def _layout_with_default(paragraph_style: str) -> CompiledLayout:
    """Return the letter layout with ``paragraph_style`` and "Table Grid" made the defaults."""
    source = docx._layout_bytes("letter")
    target = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(source)) as old, zipfile.ZipFile(target, "w") as new:
        for item in old.infolist():
            data = old.read(item.filename)
            if item.filename == "word/styles.xml":
                text = data.decode("utf-8").replace(
                    ' w:default="1" w:styleId="Normal"', ' w:styleId="Normal"'
                )
                text = text.replace(
                    ' w:default="1" w:styleId="TableNormal"', ' w:styleId="TableNormal"'
                )
                for style_id in (paragraph_style, "TableGrid"):
                    old_tag = f'w:styleId="{style_id}"'
                    assert old_tag in text
                    text = text.replace(old_tag, f'w:default="1" {old_tag}')
                data = text.encode("utf-8")
            new.writestr(item, data)
    environment = Environment(autoescape=True, undefined=StrictUndefined)
    return CompiledLayout(target.getvalue(), (210, 297), environment)


@pytest.mark.parametrize("style", ["Heading1", "ListBullet", "ListNumber"])
def test_docx_body_on_a_layout_whose_style_is_the_default(style: str) -> None:
    """A style that is the layout's default leaves an empty w:pPr (no w:tblStyle), as before."""
    body = (
        Paragraph((Run("H"),), heading=1),
        ListBlock(items=((Run("a"),), (Run("b"),))),
        ListBlock(items=((Run("c"),), (Run("d", link="https://example.com"),)), ordered=True),
        Table(rows=(((Run("x"),), (Run("y"),)),)),
    )
    _compare(_layout_with_default(style), body)
