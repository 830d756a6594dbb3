"""What the PDF writer remembers across letters never changes a letter, byte for byte.

The memory under test: line breaking of one-style paragraphs (pdf_layout), objects written
once per exact content and image sizes read once per file version (pdf_reuse), and subset
codes looked up at once for known characters (pdf_fonts). The oracle is the writer with all
of it off and every paragraph parsed and laid out by reportlab anew.
"""

from __future__ import annotations

import dataclasses
import io
import re
import shutil
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from pathlib import Path

import pytest
from PIL import Image as PILImage
from reportlab.lib.utils import ImageReader
from reportlab.pdfbase import pdfdoc, pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Paragraph

from desktop.core.models import Document, ListBlock, Run, Table
from desktop.core.models import Paragraph as BodyParagraph
from desktop.core.paths import resource
from desktop.core.rendering import pdf, pdf_layout, pdf_reuse, render_pdf
from desktop.core.rendering.pdf_fonts import FONT, register_fonts
from desktop.core.rendering.samples import plain_letter, sample_document
from desktop.core.settings import OrganisationProfile

VALUES = (
    "Silva & Filhos <Ltda>",
    "{{ 7*7 }}",
    "*x*",
    "_y_",
    "ação úteis",
    "Łódź Ørsted Ñandú",
    "Ελληνικά κείμενο",
    "кириллица",
    "😀",
    "&amp; <b>not bold</b>",
    "R$\u00a0101,50",
)
# more than one subset per font (a subset holds 256 codes)
MANY = "".join(chr(c) for c in range(0x100, 0x180)) + "".join(chr(c) for c in range(0x400, 0x450))
FONTS = (FONT, FONT + "-Bold", FONT + "-Oblique", FONT + "-BoldOblique")


def _body(value: str, index: int) -> tuple:
    long = " ".join([f"Closing words {value} number {n}." for n in range(60)])
    same = "The same words in every letter, long enough to fill two lines of the page. " * 2
    return (
        BodyParagraph(
            (
                Run("Dear "),
                Run(value, bold=True),
                Run(" see "),
                Run("site", link="https://x.example/?a=1&b=<2>"),
                Run("."),
            )
        ),
        BodyParagraph((Run(f"Heading {value}"),), heading=1 + index % 3),
        BodyParagraph((Run(same),)),
        BodyParagraph((Run(value * (1 + index % 5), italic=bool(index % 2)),)),
        ListBlock(
            items=((Run(value),), (Run("two "), Run(value, bold=True))), ordered=bool(index % 2)
        ),
        Table(
            rows=(
                ((Run("Item"),), (Run(value),)),
                ((Run("x " * (index % 40)),), (Run("1,250.00"),)),
            ),
            header=bool(index % 3),
        ),
        BodyParagraph((Run(same),)),
        BodyParagraph((Run(long),)),  # one style, several lines: split across pages when long
        BodyParagraph((Run("Last line."),)),
    )


def _letters() -> list[Document]:
    letters: list[Document] = []
    for index, language in enumerate(("en", "pt-BR", "id") * 4):
        value = f"{VALUES[index % len(VALUES)]} {VALUES[(index * 5 + 3) % len(VALUES)]} {index}"
        base = sample_document(("letter", "memo")[index % 2], language, attestation=index % 3 == 0)
        body = _body(value, index) * (1 + 3 * (index % 4 == 1))  # some run over several pages
        letters.append(
            dataclasses.replace(
                base,
                body=body,
                subject=f"Refund {value}",
                recipient=(f"Customer {value}", "Rua das Flores, 100"),
                salutation=f"Dear {value},",
            )
        )
    many = dataclasses.replace(plain_letter("en"), subject=f"Letter {MANY}", salutation=MANY)
    letters.append(dataclasses.replace(many, body=(BodyParagraph((Run(MANY[::-1]),)),) * 2))
    letters.append(dataclasses.replace(plain_letter("id"), body=plain_letter("id").body * 30))
    letters += [plain_letter(language) for language in ("en", "pt-BR", "id")]
    return letters


def _forget() -> None:
    """Empty everything the writer remembers across letters."""
    pdf._parsed.cache_clear()
    pdf_layout._one_style_layout.cache_clear()
    pdf_reuse._written.cache_clear()
    pdf_reuse._size.cache_clear()


@contextmanager
def _without_memory(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Render as reportlab alone would: parse, lay out, read and write everything anew."""
    register_fonts()
    with monkeypatch.context() as patch:
        patch.setattr(
            pdf,
            "_para",
            lambda markup, style, bulletText=None: Paragraph(markup, style, bulletText=bulletText),
        )
        patch.setattr(pdf, "image_file_reader", ImageReader)
        patch.setattr(pdf_reuse, "write_from_memory", lambda obj: None)
        for name in FONTS:
            font = pdfmetrics.getFont(name)
            patch.setattr(font, "splitString", TTFont.splitString.__get__(font))
        yield


def _render(doc: Document, profile: OrganisationProfile, size: str) -> bytes:
    return render_pdf(doc, profile, page_size=size, invariant=True)


@pytest.mark.parametrize("size", ["A4", "LETTER"])
def test_pdf_letters_from_memory_equal_letters_made_anew(
    size: str, profile: OrganisationProfile, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Each varied letter is made anew and from memory in turn, then again cold in reverse.

    Languages, memos, QR codes, lists, tables, links, bold, markup-like values, characters
    that open new font subsets, and one-style paragraphs repeated and split across pages.
    """
    letters = _letters()
    _forget()
    anew, remembered = [], []
    for letter in letters:
        with _without_memory(monkeypatch):
            anew.append(_render(letter, profile, size))
        remembered.append(_render(letter, profile, size))
    _forget()
    cold = [_render(letter, profile, size) for letter in reversed(letters)][::-1]
    assert pdf_layout._one_style_layout.cache_info().hits > 0
    assert pdf_reuse._written.cache_info().hits > 0
    for index, (expected, warm, first) in enumerate(zip(anew, remembered, cold, strict=True)):
        assert warm == expected, f"letter {index} from memory differs"
        assert first == expected, f"letter {index} cold differs"


def test_pdf_letters_from_memory_in_threads_equal_serial(
    profile: OrganisationProfile, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Letters rendered from four threads at once, memory shared, equal letters made anew."""
    letters = _letters()[:9] * 3
    with _without_memory(monkeypatch):
        expected = [_render(letter, profile, "A4") for letter in letters]
    _forget()
    with ThreadPoolExecutor(max_workers=4) as pool:
        got = list(pool.map(lambda letter: _render(letter, profile, "A4"), letters))
    assert got == expected


def test_pdf_values_from_memory_stay_literal(
    profile: OrganisationProfile, read_pdf: Callable[[bytes], str]
) -> None:
    """The third equal letter, laid out and written from memory, shows every value as typed."""
    value = " ".join(VALUES[:4])
    letter = dataclasses.replace(
        sample_document("letter", "pt-BR"),
        body=(BodyParagraph((Run(value),)), BodyParagraph((Run("x "), Run(value, bold=True)))),
        salutation=f"Dear {value},",
    )
    for _ in range(3):
        data = render_pdf(letter, profile)
    text = re.sub(r"\s+", " ", read_pdf(data))
    assert text.count(value) >= 3
    assert "49" not in text


def test_kept_paragraph_layout_equals_reportlab() -> None:
    """A paragraph laid out from memory has reportlab's own layout, whole and split."""
    styles = pdf_layout.paragraph_styles("#1F3A5F")
    markup = pdf._text("Jl. Jenderal Sudirman No. 52 " * 30 + "ação úteis {{ 7*7 }}")
    for style, bullet in ((styles["body"], None), (styles["list"], "•"), (styles["right"], None)):
        for width in (120.5, 469.9):
            pdf._para(markup, style, bullet).wrap(width, 800)  # remembered
            hits = pdf_layout._one_style_layout.cache_info().hits
            kept = pdf._para(markup, style, bullet)
            plain = Paragraph(markup, style, bulletText=bullet)
            assert kept.wrap(width, 800) == plain.wrap(width, 800)
            assert pdf_layout._one_style_layout.cache_info().hits == hits + 1
            assert kept.blPara.kind == plain.blPara.kind == 0
            assert kept.blPara.lines == plain.blPara.lines
            assert set(vars(kept)) - {"parse"} == set(vars(plain))
            kept_parts, plain_parts = kept.split(width, 100), plain.split(width, 100)
            assert len(kept_parts) == len(plain_parts) == 2
            for a, b in zip(kept_parts, plain_parts, strict=True):
                assert a.wrap(width, 800) == b.wrap(width, 800)
                assert a.blPara.lines == b.blPara.lines


def test_kept_paragraph_of_several_styles_is_laid_out_anew() -> None:
    """Bold or linked paragraphs are never taken from memory (platypus changes their words)."""
    styles = pdf_layout.paragraph_styles("#1F3A5F")
    pdf._para("plain <b>bold</b> words", styles["body"]).wrap(300, 800)
    before = pdf_layout._one_style_layout.cache_info()
    pdf._para("plain <b>bold</b> words", styles["body"]).wrap(300, 800)
    assert pdf_layout._one_style_layout.cache_info() == before


def test_split_known_first_answers_as_reportlab() -> None:
    """Subset codes looked up at once equal reportlab's, through new characters and subsets."""
    register_fonts()
    font = pdfmetrics.getFont(FONT)
    texts = [
        "Hello",
        "ação",
        "Hello ação",
        "R$\u00a0101",
        "",
        "😀 x",
        MANY,
        "Hello ação",
        b"bytes",
        "ŁĀ",
    ]
    fast_doc, slow_doc = Canvas(io.BytesIO())._doc, Canvas(io.BytesIO())._doc
    for text in texts * 2:
        assert font.splitString(text, fast_doc) == TTFont.splitString(font, text, slow_doc)
    assert font.state[fast_doc].subsets == font.state[slow_doc].subsets


def test_written_from_memory_only_with_known_references() -> None:
    """An object whose reference has no number yet is written by reportlab (its own error)."""
    doc = pdfdoc.PDFDocument(invariant=1)
    remembered = pdfdoc.PDFDictionary({"Type": "/Font", "Next": pdfdoc.PDFObjectReference("R99")})
    pdf_reuse.write_from_memory(remembered)
    with pytest.raises(KeyError, match="forward reference"):
        remembered.format(doc)
    doc.Reference(pdfdoc.PDFDictionary({}), "R99")
    assert remembered.format(doc) == pdfdoc.PDFDictionary.format(remembered, doc)


def test_image_size_is_read_again_after_the_file_changes(tmp_path: Path) -> None:
    """The size read once per file version follows a replaced file."""
    logo = tmp_path / "logo.png"
    shutil.copyfile(resource("images", "logo.png"), logo)
    assert pdf_reuse.image_file_reader(str(logo)).getSize() == ImageReader(str(logo)).getSize()
    PILImage.new("RGB", (40, 30), "#C8102E").save(logo)
    assert pdf_reuse.image_file_reader(str(logo)).getSize() == (40, 30)


def test_memory_is_bounded() -> None:
    """Every cache the writer keeps across letters has a size limit."""
    for cache in (pdf_layout._one_style_layout, pdf_reuse._written, pdf_reuse._size):
        assert cache.cache_info().maxsize is not None
