"""The PDF writer's direct fragment copies are ``copy.copy``, and change no letter's bytes.

``pdf._fresh`` hands each Paragraph its own copies of a kept parse's fragments without the
pickle protocol. The oracle is ``copy.copy`` with every memory of the writer emptied.
"""

from __future__ import annotations

import copy
import dataclasses
from collections.abc import Iterator

import pytest
from reportlab.platypus import Paragraph

from desktop.core.models import Document, ListBlock, Run, Table
from desktop.core.models import Paragraph as BodyParagraph
from desktop.core.rendering import pdf, pdf_layout, pdf_reuse, render_pdf
from desktop.core.rendering.pdf_fonts import register_fonts
from desktop.core.rendering.samples import plain_letter, sample_document
from desktop.core.settings import OrganisationProfile

VALUES = (
    "Silva & Filhos <Ltda>",
    "{{ 7*7 }}",
    "*x*",
    "ação Łódź Ελληνικά кириллица",
    "😀 R$\u00a0101,50",
    "&amp; <b>not bold</b>",
)
# characters enough to open a second subset of a font (a subset holds 256 codes)
MANY = "".join(chr(c) for c in range(0x100, 0x180)) + "".join(chr(c) for c in range(0x400, 0x450))


def _markups() -> Iterator[str]:
    for value in VALUES:
        text = pdf._text(value)
        yield text
        yield f"<b>{text}</b> and <i>{text}</i>"
        yield f'<a href="https://x.example/?a=1&amp;b=2" color="#1F3A5F"><u>{text}</u></a>'
        yield f"{text}<br/>{text}"


def _letters() -> list[Document]:
    letters: list[Document] = []
    for index, language in enumerate(("en", "pt-BR", "id") * 2):
        value = f"{VALUES[index % len(VALUES)]} {index}"
        long = " ".join(f"Words {value} number {n}." for n in range(40 + 80 * (index % 2)))
        body = (
            BodyParagraph((Run("Dear "), Run(value, bold=True), Run(" see "), Run("site", link="https://x.example/?a=<1>"))),
            BodyParagraph((Run(f"Heading {value}"),), heading=1 + index % 3),
            ListBlock(items=((Run(value),), (Run("two "), Run(value, italic=True))), ordered=bool(index % 2)),
            Table(rows=(((Run("Item"),), (Run(value),)), ((Run("x " * index),), (Run("1,250.00"),))), header=True),
            BodyParagraph((Run(long),)),
        )  # fmt: skip
        base = sample_document(("letter", "memo")[index % 2], language, attestation=index % 3 == 0)
        letters.append(
            dataclasses.replace(
                base, body=body, subject=f"Refund {value}", salutation=f"Dear {value},"
            )
        )
    many = dataclasses.replace(plain_letter("en"), subject=f"Letter {MANY}", salutation=MANY)
    letters.append(dataclasses.replace(many, body=(BodyParagraph((Run(MANY[::-1]),)),)))
    return letters


def _forget() -> None:
    pdf._parsed.cache_clear()
    pdf_layout._one_style_layout.cache_clear()
    pdf_reuse._written.cache_clear()


@pytest.mark.parametrize("markup", list(_markups()))
def test_fresh_fragment_equals_copy_copy(markup: str) -> None:
    """Each fragment copy has copy.copy's class and attributes, and is a separate object."""
    register_fonts()
    style = pdf_layout.paragraph_styles("#1F3A5F")["list"]
    paragraph = Paragraph(markup, style, bulletText="•")
    bullets = paragraph.bulletText if isinstance(paragraph.bulletText, list) else []
    assert paragraph.frags
    for frag in [*paragraph.frags, *bullets]:
        before = dict(vars(frag))
        fresh, expected = pdf._fresh(frag), copy.copy(frag)
        assert type(fresh) is type(expected)
        assert fresh is not frag
        assert vars(fresh) == vars(expected)
        fresh.text = "changed"
        assert vars(frag) == before


def test_fresh_copies_other_objects_with_copy_copy() -> None:
    """Anything but a plain fragment goes to copy.copy."""
    value = {"a": [1]}
    fresh = pdf._fresh(value)
    assert fresh == value and fresh is not value and fresh["a"] is value["a"]


def test_pdf_letters_with_fresh_copies_equal_copy_copy(
    profile: OrganisationProfile, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Varied letters, cold and warm in interleaved order, equal letters made with copy.copy."""
    letters = _letters()
    expected: list[bytes] = []
    with monkeypatch.context() as patch:
        patch.setattr(pdf, "_fresh", copy.copy)
        for letter in letters:
            _forget()
            expected.append(render_pdf(letter, profile, invariant=True))
    _forget()
    for order in (range(len(letters)), reversed(range(len(letters)))):
        for index in order:
            got = render_pdf(letter := letters[index], profile, invariant=True)
            assert got == expected[index], f"letter {index} differs"
            if index % 3 == 0:
                _forget()
            assert render_pdf(letter, profile, invariant=True) == expected[index]
