"""Every part of the DOCX package matches what docxtpl made before the layout was compiled.

tests/data/golden/docx-parts/<case>.json was recorded with the docxtpl renderer (open the
layout, render, save, per letter); the compiled layout must give the same members in the same
order with the same bytes (the parts a letter changes as text, the others by SHA-256). Regenerate after an intended
change with ``MISSIVA_UPDATE_GOLDEN=1`` and review the difference.
"""

from __future__ import annotations

import dataclasses
import hashlib
import io
import json
import os
import re
import zipfile
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from desktop.core.models import Attestation, Document, ListBlock, Paragraph, Run
from desktop.core.rendering import render_docx
from desktop.core.rendering.samples import plain_letter, sample_document
from desktop.core.settings import OrganisationProfile

GOLDEN = Path(__file__).resolve().parents[2] / "data" / "golden" / "docx-parts"
UPDATE = os.environ.get("MISSIVA_UPDATE_GOLDEN") == "1"


def _mixed_body() -> Document:
    """Return a letter with links (one repeated), tabs, breaks, two numbered lists, headings."""
    body = (
        Paragraph(
            (
                Run("line1\nline2\ttab  "),
                Run(" x ", bold=True, italic=True),
                Run("link", link="https://a.example/?q=<1>&r=2"),
                Run("l2", link="https://a.example/?q=<1>&r=2"),
            )
        ),
        ListBlock(items=((Run("a"),), (Run("b"),)), ordered=True),
        ListBlock(items=((Run("c"),),), ordered=True),
        Paragraph((Run("H"),), heading=1),
        Paragraph((Run("H4"),), heading=4),
        Paragraph((Run("\x01ctrl\x0b chars \ufffe"),)),
    )
    doc = sample_document("letter", "en", attestation=True)
    return dataclasses.replace(doc, body=body, salutation="Dear\nX\tY,")


def _case(name: str, profile: OrganisationProfile) -> tuple[Document, OrganisationProfile]:
    if name == "plain-en":
        return plain_letter("en"), profile
    if name == "letter-pt-BR-attested":
        return sample_document("letter", "pt-BR", attestation=True), profile
    if name == "memo-id-attested":
        return sample_document("memo", "id", attestation=True), profile
    if name == "draft-letter-en":
        return sample_document("letter", "en", reference=None), profile
    if name == "mixed-body":
        return _mixed_body(), profile
    if name == "no-logo-letter-size":
        no_logo = dataclasses.replace(profile, logo="", page_size="Letter")
        return sample_document("letter", "en", attestation=True), no_logo
    if name == "logo-same-as-signature":
        same = dataclasses.replace(profile, logo="images/signature-ana.png")
        return sample_document("letter", "en", attestation=True), same
    assert name == "long-qr-payload"
    doc = sample_document("letter", "en", attestation=True)
    attestation = Attestation("OUT-2026-00042", "ABCD-EFGH", "X" * 300, "note")
    return dataclasses.replace(doc, attestation=attestation), profile


CASES = [
    "plain-en",
    "letter-pt-BR-attested",
    "memo-id-attested",
    "draft-letter-en",
    "mixed-body",
    "no-logo-letter-size",
    "logo-same-as-signature",
    "long-qr-payload",
]


LETTER_PARTS = (
    "[Content_Types].xml",
    "docProps/core.xml",
    "word/numbering.xml",
    "word/document.xml",
)


def package_members(data: bytes) -> list[list[str]]:
    """Return [name, content] per member in order: parts a letter changes as text, others hashed."""
    members = []
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        for name in archive.namelist():
            blob = archive.read(name)
            if (
                name in LETTER_PARTS
                or name.endswith(".rels")
                or name.startswith(("word/header", "word/footer"))
            ):
                members.append([name, blob.decode("utf-8")])
            else:
                members.append([name, "sha256:" + hashlib.sha256(blob).hexdigest()])
    return members


@pytest.mark.parametrize("name", CASES)
def test_docx_package_matches_docxtpl_golden(name: str, profile: OrganisationProfile) -> None:
    """Every member of the package (order, XML, pictures) is the one docxtpl wrote."""
    doc, used_profile = _case(name, profile)
    actual = package_members(render_docx(doc, used_profile))
    path = GOLDEN / f"{name}.json"
    if UPDATE:
        path.write_text(json.dumps(actual, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
        return
    expected = json.loads(path.read_text(encoding="utf-8"))
    assert [n for n, _c in actual] == [n for n, _c in expected]
    for (member, content), (_same, recorded) in zip(actual, expected, strict=True):
        assert content == recorded, f"{name}: {member} differs from the golden package"


def test_compiled_layout_renders_letters_independently(profile: OrganisationProfile) -> None:
    """A letter with links and lists leaves nothing behind for the next letter of the layout."""
    plain = plain_letter("en")
    before = package_members(render_docx(plain, profile))
    render_docx(_mixed_body(), profile)
    assert package_members(render_docx(plain, profile)) == before


def test_picture_xml_from_memory_equals_python_docx() -> None:
    """A picture's XML made once per file and size equals python-docx's for each id and rId."""
    from docx.image.image import Image as DocxImage
    from docx.shared import Mm

    from desktop.core.paths import resource
    from desktop.core.rendering import docx as docx_writer
    from desktop.core.rendering.qr import qr_png

    layout = docx_writer._compiled("letter", (210, 297))
    images = [
        DocxImage.from_blob(resource("images", "logo.png").read_bytes()),
        DocxImage.from_blob(resource("images", "signature-ana.png").read_bytes()),
        DocxImage.from_blob(qr_png("OUT-2026-00001|ABCD-EFGH")),
    ]
    for shape_id in (1, 7, 1024):
        for height in (16, 17, 18.5):
            mine, theirs = layout.new_letter().document_part, layout.new_letter().document_part
            mine.next_id = theirs.next_id = shape_id
            for image in images:
                expected = theirs.new_pic_inline(image, None, Mm(height)).xml
                assert mine.pic_inline_xml(image, None, Mm(height)) == expected


_TEXT = st.text(alphabet=list("a &\n\t\a\f"), max_size=4).map(lambda t: t.replace("&", "&amp;"))
_INNER = st.one_of(
    _TEXT.map(lambda t: f"<w:t>{t}</w:t>"),
    _TEXT.map(lambda t: f'<w:t xml:space="preserve">{t}</w:t>'),
    st.just('<w:t xml:space="preserve"/>'),
    st.just("<w:tab/>"),
    st.just("<w:drawing>\n  <wp:inline/>\n</w:drawing>"),
)
_RUN_XML = st.tuples(
    st.sampled_from(["", "<w:rPr><w:b/></w:rPr>"]), st.lists(_INNER, max_size=3)
).map(lambda r: f"<w:r>{r[0]}{''.join(r[1])}</w:r>")
_PARAGRAPH_XML = st.tuples(
    st.sampled_from(["<w:p>", '<w:p w:rsidR="1">']),
    st.sampled_from(["", "<w:pPr><w:pStyle w:val='x'/></w:pPr>"]),
    st.lists(_RUN_XML, max_size=3),
    st.sampled_from(["", "\n", "<w:bookmarkStart/>"]),
).map(lambda p: f"{p[0]}{p[1]}{''.join(p[2])}</w:p>{p[3]}")


@settings(max_examples=400, deadline=None)
@given(pieces=st.lists(_PARAGRAPH_XML, max_size=4))
def test_listing_is_skipped_only_where_it_changes_nothing(pieces: list[str]) -> None:
    """Where no w:t text holds a tab, bell, line feed or form feed, docxtpl's pass is a no-op."""
    from docxtpl import DocxTemplate

    from desktop.core.rendering.docx_package import _has_listing_characters

    xml = "".join(pieces)
    if not _has_listing_characters(xml):
        assert DocxTemplate.resolve_listing(None, xml) == xml


def _archive(data: bytes) -> list[tuple[str, bytes, int, int]]:
    """Return name, contents, CRC and deflated size of every member of a DOCX, in order."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return [
            (info.filename, archive.read(info), info.CRC, info.compress_size)
            for info in archive.infolist()
        ]


def test_kept_headers_and_footers_give_the_letters_of_a_fresh_layout(
    profile: OrganisationProfile,
) -> None:
    """Headers kept by their Jinja output: each letter equals the same letter on a cold layout."""
    from desktop.core.rendering import docx as docx_writer

    no_logo = dataclasses.replace(profile, logo="")
    cases = [
        (plain_letter("en"), profile),
        (_mixed_body(), no_logo),
        (sample_document("letter", "pt-BR", attestation=True), profile),
        (sample_document("memo", "id", attestation=True), no_logo),
        (plain_letter("en"), profile),
    ]
    cold = []
    for doc, used in cases:
        docx_writer._compiled.cache_clear()
        cold.append(_archive(render_docx(doc, used)))
    warm = [_archive(render_docx(doc, used)) for doc, used in cases * 2]
    assert warm == cold * 2


_MARKED_XML = st.lists(
    st.sampled_from(
        [
            *("\n", "<w:p", " ", ">", "<w:pPr>", "\n<w:p>", "{", "}", "_", "%", "x"),
            *("{_{", "}_}", "{_%", "%_}", "\u00e9", "\U0001f600"),
        ]
    ),
    max_size=24,
).map("".join)


@settings(max_examples=500, deadline=None)
@given(xml=_MARKED_XML)
def test_unmark_equals_docxtpls_marker_and_escape_pass(xml: str) -> None:
    """Paragraph markers and brace escapes are undone exactly as docxtpl's own pass undoes them."""
    from desktop.core.rendering.docx_package import _unmark

    expected = re.sub(r"\n<w:p([ >])", r"<w:p\1", xml)
    expected = expected.replace("{_{", "{{").replace("}_}", "}}").replace("{_%", "{%")
    assert _unmark(xml) == expected.replace("%_}", "%}")
