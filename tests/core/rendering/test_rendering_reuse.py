"""What the PDF writer reuses across letters (images, font subsets) never changes a letter."""

from __future__ import annotations

import dataclasses
import shutil
from pathlib import Path

import pytest
from PIL import Image

from desktop.core.paths import resource
from desktop.core.rendering import render_pdf
from desktop.core.rendering.samples import plain_letter, sample_document
from desktop.core.settings import OrganisationProfile


def test_pdf_is_the_same_after_other_letters(profile: OrganisationProfile) -> None:
    """A letter rendered after letters in other languages, with other characters, is unchanged."""
    first = render_pdf(plain_letter("en"), profile, invariant=True)
    for language in ("pt-BR", "id"):
        render_pdf(sample_document("letter", language, attestation=True), profile, invariant=True)
        render_pdf(sample_document("memo", language), profile, invariant=True)
    assert render_pdf(plain_letter("en"), profile, invariant=True) == first


def test_pdf_uses_the_new_logo_after_the_file_changes(
    tmp_path: Path, profile: OrganisationProfile
) -> None:
    """Replacing the logo file between two letters puts the new picture in the second one."""
    logo = tmp_path / "logo.png"
    shutil.copyfile(resource("images", "logo.png"), logo)
    with_logo = dataclasses.replace(profile, logo=str(logo))
    old = render_pdf(plain_letter("en"), with_logo, invariant=True)
    Image.new("RGB", (40, 30), "#C8102E").save(logo)
    new = render_pdf(plain_letter("en"), with_logo, invariant=True)
    fresh_path = tmp_path / "fresh.png"
    shutil.copyfile(logo, fresh_path)
    fresh = render_pdf(
        plain_letter("en"), dataclasses.replace(profile, logo=str(fresh_path)), invariant=True
    )
    assert new != old
    assert new == fresh


def test_pdf_font_objects_written_from_memory_equal_new_ones(
    profile: OrganisationProfile,
) -> None:
    """Widths arrays and ToUnicode streams reused from earlier letters give the same bytes.

    Letters with many distinct characters (several subsets per font) are rendered with the
    reuse caches emptied, then again in another order with them full.
    """
    from desktop.core.rendering import pdf_reuse

    many = "".join(chr(c) for c in range(0x100, 0x17F)) + "ÀÉÎÕÜçãõ€“”‘’…"
    letters = [
        dataclasses.replace(plain_letter("en"), subject=f"Letter {many[i::5]}") for i in range(5)
    ] + [sample_document("letter", "id", attestation=True), plain_letter("pt-BR")]
    pdf_reuse._formatted_numbers.cache_clear()
    pdf_reuse._deflate.cache_clear()
    cold = []
    for letter in letters:
        pdf_reuse._formatted_numbers.cache_clear()
        pdf_reuse._deflate.cache_clear()
        cold.append(render_pdf(letter, profile, invariant=True))
    warm = [render_pdf(letter, profile, invariant=True) for letter in reversed(letters)]
    assert pdf_reuse._formatted_numbers.cache_info().hits > 0
    assert warm[::-1] == cold


def test_pdf_paragraphs_from_one_parse_equal_paragraphs_parsed_anew(
    profile: OrganisationProfile, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Paragraphs built from a parse kept from earlier letters give the bytes of new parses.

    Letters and memos in the three languages, with hostile bodies (lists, tables, links,
    bold, markup-like values) and a long letter split over pages, rendered twice in turn:
    once with every paragraph parsed by reportlab anew (the oracle), once from the kept
    parses (warm: each letter's paragraphs were parsed before).
    """
    from reportlab.platypus import Paragraph

    from desktop.core.rendering import pdf

    long_letter = dataclasses.replace(
        plain_letter("en"), body=plain_letter("en").body * 40, subject="Long {{ 7*7 }} *x*"
    )
    letters = [
        sample_document(kind, language, attestation=True)
        for kind in ("letter", "memo")
        for language in ("en", "pt-BR", "id")
    ] + [long_letter, plain_letter("pt-BR")]
    warm = [render_pdf(letter, profile, invariant=True) for letter in letters]
    warm = [render_pdf(letter, profile, invariant=True) for letter in letters]
    assert pdf._parsed.cache_info().hits > 0
    with monkeypatch.context() as patch:
        patch.setattr(
            pdf,
            "_para",
            lambda markup, style, bulletText=None: Paragraph(markup, style, bulletText=bulletText),
        )
        anew = [render_pdf(letter, profile, invariant=True) for letter in letters]
    assert warm == anew
