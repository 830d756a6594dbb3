"""Language conventions, page furniture, attestation and draft marks in the DOCX and PDF."""

from __future__ import annotations

import dataclasses
import io
import re
from collections.abc import Callable

import pytest
from pypdf import PdfReader

from desktop.core.models import ListBlock, Paragraph, Run
from desktop.core.rendering import render_docx, render_pdf
from desktop.core.rendering.samples import sample_document
from desktop.core.settings import OrganisationProfile


def _flat(text: str) -> str:
    return re.sub(r"\s+", " ", text)


@pytest.mark.parametrize(
    ("language", "label"),
    [("en", "Page 1 of 1"), ("pt-BR", "Página 1 de 1"), ("id", "Halaman 1 dari 1")],
)
def test_pdf_prints_page_x_of_y_in_document_language(
    language: str, label: str, profile: OrganisationProfile, read_pdf: Callable[[bytes], str]
) -> None:
    """A one-page letter's footer reads "Page 1 of 1" in the document's language."""
    doc = dataclasses.replace(sample_document("letter", language), body=())
    assert label in read_pdf(render_pdf(doc, profile))


def test_pdf_counts_pages_of_a_long_letter(
    profile: OrganisationProfile, read_pdf: Callable[[bytes], str]
) -> None:
    """A letter that runs over pages numbers each page out of the real total."""
    filler = tuple(Paragraph((Run(f"Paragraph {n} " + "lorem ipsum " * 40),)) for n in range(30))
    doc = dataclasses.replace(sample_document(), body=filler)
    data = render_pdf(doc, profile)
    pages = len(PdfReader(io.BytesIO(data)).pages)
    assert pages > 1
    text = read_pdf(data)
    assert f"Page 1 of {pages}" in text and f"Page {pages} of {pages}" in text


def test_docx_footer_has_page_and_numpages_fields(
    profile: OrganisationProfile, read_docx_part: Callable[[bytes, str], str]
) -> None:
    """The DOCX footer carries live PAGE and NUMPAGES fields between the language's words."""
    footer = read_docx_part(
        render_docx(sample_document("letter", "id"), profile), "word/footer1.xml"
    )
    assert "PAGE" in footer and "NUMPAGES" in footer
    assert "Halaman " in footer and " dari " in footer


@pytest.mark.parametrize(("size", "box"), [("A4", (595.3, 841.9)), ("Letter", (612.0, 792.0))])
def test_pdf_page_size_sets_media_box(
    size: str, box: tuple[float, float], profile: OrganisationProfile
) -> None:
    """A4 and Letter give their own media box sizes in points."""
    page = PdfReader(io.BytesIO(render_pdf(sample_document(), profile, page_size=size))).pages[0]
    assert (round(float(page.mediabox.width), 1), round(float(page.mediabox.height), 1)) == box


def test_pdf_page_size_defaults_to_profile(profile: OrganisationProfile) -> None:
    """Without a page size the profile's page size is used."""
    letter_profile = dataclasses.replace(profile, page_size="Letter")
    page = PdfReader(io.BytesIO(render_pdf(sample_document(), letter_profile))).pages[0]
    assert round(float(page.mediabox.height)) == 792


def test_id_letter_prints_nomor_block_with_date(
    profile: OrganisationProfile,
    read_pdf: Callable[[bytes], str],
    read_docx: Callable[[bytes], str],
) -> None:
    """The Indonesian letter has Nomor/Sifat/Lampiran/Perihal, the date on the Nomor line."""
    doc = sample_document("letter", "id", reference="001/CS/XI/2026")
    pdf = read_pdf(render_pdf(doc, profile))
    for row in ("Nomor", "Sifat", "Biasa", "Lampiran", "2 (dua) berkas", "Perihal"):
        assert row in pdf
    nomor_line = next(line for line in pdf.splitlines() if "001/CS/XI/2026" in line)
    assert "Jakarta, 22 November 2026" in nomor_line or "Jakarta, 22 November 2026" in pdf
    docx = read_docx(render_docx(doc, profile)).splitlines()
    start = docx.index("Nomor")
    assert docx[start : start + 4] == ["Nomor", ":", "001/CS/XI/2026", "Jakarta, 22 November 2026"]
    assert "Subject:" not in pdf and "Perihal" in docx


def test_id_letter_without_enclosures_prints_dash(
    profile: OrganisationProfile, read_docx: Callable[[bytes], str]
) -> None:
    """Lampiran reads "-" when there are no enclosures."""
    doc = dataclasses.replace(sample_document("letter", "id"), enclosures=())
    lines = read_docx(render_docx(doc, profile)).splitlines()
    start = lines.index("Lampiran")
    assert lines[start + 2] == "-"


def test_id_signature_prints_nip_and_tembusan(
    profile: OrganisationProfile, read_pdf: Callable[[bytes], str]
) -> None:
    """The Indonesian signature block ends with NIP and copies go under "Tembusan:" Yth."""
    text = read_pdf(render_pdf(sample_document("letter", "id"), profile))
    assert "NIP. 198705122010011002" in text
    assert "Tembusan:" in text and "Yth. Head of Finance" in text


def test_pt_br_letter_prints_oficio_reference_and_date_line(
    profile: OrganisationProfile,
    read_pdf: Callable[[bytes], str],
    read_docx: Callable[[bytes], str],
) -> None:
    """The ofício number is printed as given and the date line has place, "1º" and a stop."""
    doc = dataclasses.replace(
        sample_document("letter", "pt-BR", reference="OFÍCIO Nº 7/2026/SAC"),
        date=sample_document().date.replace(day=1),
    )
    pdf = read_pdf(render_pdf(doc, profile))
    assert "OFÍCIO Nº 7/2026/SAC" in pdf
    assert "São Paulo, 1º de novembro de 2026." in pdf
    assert "Assunto:" in pdf and "Anexo:" in pdf and "c/c:" in pdf
    lines = read_docx(render_docx(doc, profile)).splitlines()
    assert "OFÍCIO Nº 7/2026/SAC" in lines
    assert "São Paulo, 1º de novembro de 2026." in lines


def test_en_letter_prints_references_and_date(
    profile: OrganisationProfile, read_docx: Callable[[bytes], str]
) -> None:
    """The English letter has "Our ref:", "Your ref:" and the date "22 November 2026"."""
    lines = read_docx(render_docx(sample_document(), profile)).splitlines()
    assert "Our ref: OUT-2026-00042" in lines
    assert "Your ref: YR/77" in lines
    assert "22 November 2026" in lines
    assert "Enc." in lines and "cc:" in lines


@pytest.mark.parametrize(
    ("language", "title", "rows"),
    [
        ("en", "MEMORANDUM", ("To:", "From:", "Cc:", "Date:", "Subject:")),
        ("pt-BR", "MEMORANDO", ("Para:", "De:", "Cc:", "Data:", "Assunto:")),
        ("id", "NOTA DINAS", ("Kepada", "Dari", "Tembusan", "Tanggal", "Hal")),
    ],
)
def test_memo_prints_title_and_header_rows(
    language: str,
    title: str,
    rows: tuple[str, ...],
    profile: OrganisationProfile,
    read_docx: Callable[[bytes], str],
    read_pdf: Callable[[bytes], str],
) -> None:
    """A memo starts with its title then To/From/Cc/Date/Subject in the document language."""
    doc = sample_document("memo", language)
    lines = read_docx(render_docx(doc, profile)).splitlines()
    pdf = read_pdf(render_pdf(doc, profile))
    assert title in lines and title in pdf
    positions = [lines.index(row) for row in rows]
    assert positions == sorted(positions)
    for row in rows:
        assert row in pdf


@pytest.mark.parametrize(
    ("language", "mark"), [("en", "DRAFT"), ("pt-BR", "RASCUNHO"), ("id", "DRAF")]
)
def test_draft_prints_draft_mark(
    language: str,
    mark: str,
    profile: OrganisationProfile,
    read_docx: Callable[[bytes], str],
    read_pdf: Callable[[bytes], str],
) -> None:
    """A document without a reference says DRAFT where the reference goes and in the header."""
    doc = sample_document("letter", language, reference=None)
    lines = read_docx(render_docx(doc, profile)).splitlines()
    assert lines[0] == mark  # header note
    assert any(line in (mark, f"Our ref: {mark}") for line in lines[1:])
    assert mark in read_pdf(render_pdf(doc, profile))


def test_issued_letter_has_no_draft_mark(
    profile: OrganisationProfile, read_docx: Callable[[bytes], str]
) -> None:
    """A document with a reference prints no draft mark."""
    assert "DRAFT" not in read_docx(render_docx(sample_document(), profile))


def test_letterhead_prints_profile_in_primary_colour(
    profile: OrganisationProfile, read_docx_part: Callable[[bytes, str], str]
) -> None:
    """The DOCX header holds the organisation name, address and contacts in the colour."""
    coloured = dataclasses.replace(profile, primary_colour="#12AB34")
    header = read_docx_part(render_docx(sample_document(), coloured), "word/header1.xml")
    assert "Nusantara Trading Co." in header and "Jakarta 12190" in header
    assert "care@nusantara-trading.example" in header
    assert 'w:val="12AB34"' in header
    assert "<pic:pic" in header  # the logo


@pytest.mark.parametrize("writer", ["docx", "pdf"])
def test_attestation_footer_has_text_and_qr(
    writer: str,
    profile: OrganisationProfile,
    read_docx_part: Callable[[bytes, str], str],
    read_pdf: Callable[[bytes], str],
) -> None:
    """The footer carries the register reference, code, note and a QR image when attested."""
    doc = sample_document(attestation=True)
    note = "Register check, not a certified signature: verify with code ABCD-EFGH"
    if writer == "docx":
        data = render_docx(doc, profile)
        footer = read_docx_part(data, "word/footer1.xml")
        rels = read_docx_part(data, "word/_rels/footer1.xml.rels")
        assert note in footer and "ABCD-EFGH" in footer and "OUT-2026-00042" in footer
        assert "<pic:pic" in footer and "relationships/image" in rels
    else:
        data = render_pdf(doc, profile)
        text = _flat(read_pdf(data))
        assert note in text and "Verification code: ABCD-EFGH" in text
        images = PdfReader(io.BytesIO(data)).pages[0].images
        plain = PdfReader(io.BytesIO(render_pdf(sample_document(), profile))).pages[0].images
        assert len(images) == len(plain) + 1


def test_no_attestation_means_no_footer_code(
    profile: OrganisationProfile, read_docx_part: Callable[[bytes, str], str]
) -> None:
    """Without an attestation the footer has no verification text and no QR image."""
    footer = read_docx_part(render_docx(sample_document(), profile), "word/footer1.xml")
    assert "Verification code" not in footer and "<pic:pic" not in footer


def test_layout_field_overrides_kind(
    profile: OrganisationProfile, read_docx: Callable[[bytes], str]
) -> None:
    """A letter whose template names the memo layout is laid out as a memo."""
    doc = dataclasses.replace(sample_document("letter", "en"), layout="memo")
    lines = read_docx(render_docx(doc, profile)).splitlines()
    assert "MEMORANDUM" in lines and "To:" in lines


def test_docx_body_keeps_structure(
    profile: OrganisationProfile, read_docx_part: Callable[[bytes, str], str]
) -> None:
    """Headings, bullets, numbers, a grid table with a bold header and a real hyperlink."""
    data = render_docx(sample_document(), profile)
    body = read_docx_part(data, "word/document.xml")
    rels = read_docx_part(data, "word/_rels/document.xml.rels")
    for style in ("Heading2", "ListBullet", "ListNumber", "TableGrid"):
        assert f'w:val="{style}"' in body
    assert "<w:hyperlink" in body
    assert 'Target="https://example.com/?a=1&amp;b=&lt;2&gt;"' in rels
    assert re.search(r"<w:b/></w:rPr><w:t>Item</w:t>", body)


@pytest.mark.parametrize(("size", "width"), [("A4", "11906"), ("Letter", "12240")])
def test_docx_page_size_follows_profile(
    size: str,
    width: str,
    profile: OrganisationProfile,
    read_docx_part: Callable[[bytes, str], str],
) -> None:
    """The DOCX section takes the profile's page size (A4 or Letter, in twentieths of a point)."""
    sized = dataclasses.replace(profile, page_size=size)
    body = read_docx_part(render_docx(sample_document(), sized), "word/document.xml")
    assert re.search(rf'<w:pgSz w:w="{width}"', body)


def test_docx_each_numbered_list_restarts_at_one(
    profile: OrganisationProfile, read_docx_part: Callable[[bytes, str], str]
) -> None:
    """Two numbered lists get their own numbering instances, each starting at 1."""
    steps = ListBlock(items=((Run("one"),), (Run("two"),)), ordered=True)
    doc = dataclasses.replace(sample_document(), body=(steps, Paragraph((Run("gap"),)), steps))
    data = render_docx(doc, profile)
    body = read_docx_part(data, "word/document.xml")
    used = re.findall(r'<w:numId w:val="(\d+)"/>', body)
    assert len(used) == 4 and used[0] == used[1] and used[2] == used[3] and used[0] != used[2]
    numbering = read_docx_part(data, "word/numbering.xml")
    for num_id in (used[0], used[2]):
        num = re.search(rf'<w:num w:numId="{num_id}">(.*?)</w:num>', numbering, re.S)
        assert num is not None and '<w:startOverride w:val="1"/>' in num.group(1)
