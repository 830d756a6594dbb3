"""Every writer renders every kind and language, with field values kept literal."""

from __future__ import annotations

import dataclasses
import io
import re
from collections.abc import Callable

import pytest
from pypdf import PdfReader

from desktop.core.models import Paragraph as BodyParagraph
from desktop.core.models import Run
from desktop.core.rendering import (
    EmailContent,
    render_docx,
    render_email,
    render_pdf,
    render_snippet_text,
)
from desktop.core.rendering.samples import HOSTILE, HOSTILE_TEXT, sample_document
from desktop.core.settings import OrganisationProfile

LANGUAGES = ("en", "pt-BR", "id")
KINDS = ("letter", "memo")


def _flat(text: str) -> str:
    """Collapse whitespace so wrapped lines compare as one line."""
    return re.sub(r"\s+", " ", text)


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("writer", ["docx", "pdf", "email", "snippet"])
def test_writers_render_every_kind_and_language(
    writer: str, kind: str, language: str, profile: OrganisationProfile
) -> None:
    """Each writer produces output of its format for every kind and language."""
    doc = sample_document(kind, language)
    if writer == "docx":
        assert render_docx(doc, profile)[:2] == b"PK"
    elif writer == "pdf":
        assert render_pdf(doc, profile).startswith(b"%PDF-")
    elif writer == "email":
        content = render_email(doc, profile)
        assert isinstance(content, EmailContent)
        assert content.subject == doc.subject
        assert "Step two" in content.text and "Step two" in content.html
    else:
        assert "Step two" in render_snippet_text(doc)


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("kind", KINDS)
def test_docx_keeps_hostile_values_literal(
    kind: str, language: str, profile: OrganisationProfile, read_docx: Callable[[bytes], str]
) -> None:
    """Body runs, recipient or memo To, subject and signatory carry the values as given."""
    text = read_docx(render_docx(sample_document(kind, language), profile))
    lines = text.splitlines()
    name = f"Ana {HOSTILE_TEXT}"
    assert (name.upper() if language == "pt-BR" else name) in lines
    assert f"Manager {HOSTILE_TEXT}" in lines
    assert f"First: {HOSTILE_TEXT}" in lines
    assert f"Dear {HOSTILE_TEXT}," in lines
    assert HOSTILE_TEXT in lines  # table cell
    assert any(f"Refund for {HOSTILE_TEXT}" in line for line in lines)
    if kind == "letter":
        assert f"Customer {HOSTILE_TEXT}" in lines
    else:
        assert f"All staff {HOSTILE_TEXT}" in lines
    assert "49" not in text.replace("2026", "")  # {{ 7*7 }} was never evaluated


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("kind", KINDS)
def test_pdf_keeps_hostile_values_literal(
    kind: str, language: str, profile: OrganisationProfile, read_pdf: Callable[[bytes], str]
) -> None:
    """Text from pdftotext has every value, emoji included, in the salutation, body and signature."""
    text = _flat(read_pdf(render_pdf(sample_document(kind, language), profile)))
    assert f"Dear {HOSTILE_TEXT}," in text
    assert f"First: {HOSTILE_TEXT}" in text
    assert f"Manager {HOSTILE_TEXT}" in text
    assert f"Refund for {HOSTILE_TEXT}"[:60] in text
    name = f"Ana {HOSTILE_TEXT}"
    assert (name.upper() if language == "pt-BR" else name) in text
    who = "Customer" if kind == "letter" else "All staff"
    assert f"{who} {HOSTILE_TEXT}" in text


def test_pdf_text_via_pypdf_keeps_values(profile: OrganisationProfile) -> None:
    """Text from pypdf has the same literal values, the emoji as the character itself."""
    reader = PdfReader(io.BytesIO(render_pdf(sample_document(), profile)))
    text = _flat(" ".join(page.extract_text() for page in reader.pages))
    for value in HOSTILE:
        assert value in text, value


def test_email_html_escapes_values(profile: OrganisationProfile) -> None:
    """The HTML part escapes markup characters and the text part keeps them literal."""
    content = render_email(sample_document(), profile)
    assert "Silva &amp; Filhos &lt;Ltda&gt;" in content.html
    assert "<Ltda>" not in content.html
    assert f"Dear {HOSTILE_TEXT}," in content.text
    assert '<a href="https://example.com/?a=1&amp;b=&lt;2&gt;"' in content.html


def test_email_text_has_bullets_numbers_and_table(profile: OrganisationProfile) -> None:
    """The plain-text part writes "- " bullets, numbered items and an aligned table."""
    text = render_email(sample_document(), profile).text
    assert f"- First: {HOSTILE_TEXT}" in text
    assert "1. Step one\n2. Step two" in text
    assert re.search(r"^Item +Amount$", text, re.MULTILINE)
    assert re.search(r"^-+ +-+$", text, re.MULTILINE)


def test_email_parts_have_same_words_in_same_order(profile: OrganisationProfile) -> None:
    """Salutation, body, closing, signature and footer appear in the same order in both."""
    content = render_email(sample_document(), profile)
    marks = [
        "Dear ",
        "We have received",
        "Step two",
        "Yours sincerely,",
        "Manager ",
        profile.footer,
    ]
    for part in (content.text, content.html):
        positions = [part.index(mark) for mark in marks]
        assert positions == sorted(positions)


def test_snippet_is_body_only(profile: OrganisationProfile) -> None:
    """The chat snippet carries the body but not the salutation, closing or letterhead."""
    text = render_snippet_text(sample_document())
    assert text.startswith("We have received the request of")
    assert "Dear" not in text and "Yours sincerely" not in text
    assert profile.name not in text


@pytest.mark.parametrize("render", [render_docx, render_pdf], ids=["docx", "pdf"])
def test_control_characters_are_dropped_not_fatal(
    render: Callable[..., bytes], profile: OrganisationProfile
) -> None:
    """Characters XML cannot carry (NUL, vertical tab) are dropped instead of failing."""
    doc = sample_document()
    doc = dataclasses.replace(
        doc,
        subject="Bad\x00subject\x0b",
        recipient=("Name\x0bwith tab",),
        body=(BodyParagraph((Run("Body\x01text"),)),),
    )
    assert len(render(doc, profile)) > 1000
