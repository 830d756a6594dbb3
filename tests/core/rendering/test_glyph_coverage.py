"""Characters the letter font lacks: drawn from the fallback font, or refused by name.

Independent checks: poppler's ``pdftotext`` extracts the PDF's text and python-docx reads the
DOCX of the same letter; both must hold every character of the value. ``pdffonts`` shows the
fallback font embedded. A character no font has stops the PDF with a message naming it.
"""

from __future__ import annotations

import datetime as dt
import io
import shutil
import subprocess
from pathlib import Path

import pytest
from docx import Document as DocxDocument

from desktop.core import rendering
from desktop.core.errors import RenderError
from desktop.core.paths import AppPaths
from desktop.core.rendering.pdf_fonts import FALLBACK, missing_glyphs
from desktop.core.settings import load_settings
from desktop.core.templates import Catalog, compose

TEMPLATE = """---
id: glyphs
kind: letter
language: en
title: Glyphs
description: Prints a value in the body and the table.
category: Tests
series: OUT
subject: "About {{ note }}"
parts:
  recipient: "Ana Souza"
  salutation: "Dear Ms Souza,"
  closing: "Yours sincerely,"
fields:
  note: {label: Note, type: text, required: true}
---
Your note: **{{ note }}** and *{{ note }}*.
"""

PROFILE = load_settings(AppPaths(Path("/nonexistent-missiva"))).organisation
needs_poppler = pytest.mark.skipif(
    shutil.which("pdftotext") is None, reason="needs poppler-utils (pdftotext, pdffonts)"
)


def _doc(tmp_path: Path, note: str):  # type: ignore[no-untyped-def]
    (tmp_path / "glyphs").mkdir()
    (tmp_path / "glyphs" / "en.md").write_text(TEMPLATE, encoding="utf-8")
    template = Catalog.load(None, tmp_path).get("glyphs", "en")
    return compose(template, {"note": note}, PROFILE, today=dt.date(2026, 12, 1))


def _docx_text(data: bytes) -> str:
    return "\n".join(p.text for p in DocxDocument(io.BytesIO(data)).paragraphs)


@needs_poppler
@pytest.mark.parametrize(
    "note",
    ["launch 🚀 today", "done ✅", "clef 𝄞 and 🎉 party", "box 📦, handshake 🤝", "€ 10 → ₹ 900"],
)
def test_pdf_and_docx_carry_the_same_characters(tmp_path: Path, note: str) -> None:
    """Every character of the value is in the DOCX text and in pdftotext's text of the PDF."""
    doc = _doc(tmp_path, note)
    docx_text = _docx_text(rendering.render_docx(doc, PROFILE))
    pdf = tmp_path / "letter.pdf"
    pdf.write_bytes(rendering.render_pdf(doc, PROFILE))
    pdf_text = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", str(pdf), "-"], capture_output=True, check=True, text=True
    ).stdout
    assert note in docx_text
    assert note in " ".join(pdf_text.split())
    fonts = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True).stdout
    ascii_only = all(ord(c) < 0x2000 or c in "€→₹" for c in note)
    assert (FALLBACK in fonts) != ascii_only


def test_a_character_no_font_has_is_a_render_problem(tmp_path: Path) -> None:
    """U+1F970 (Unicode 11) is in neither font: the PDF is refused, naming the character."""
    assert missing_glyphs("smile 🥰") == ["🥰"]
    doc = _doc(tmp_path, "smile 🥰")
    with pytest.raises(RenderError, match=r"U\+1F970") as caught:
        rendering.render_pdf(doc, PROFILE)
    assert "DOCX" in caught.value.describe()
    assert "🥰" in _docx_text(rendering.render_docx(doc, PROFILE))  # the DOCX keeps it


def test_letters_in_the_main_font_do_not_embed_the_fallback(tmp_path: Path) -> None:
    """Portuguese and Indonesian text stays in DejaVu Sans: no fallback font object is written."""
    doc = _doc(tmp_path, "ação, Jl. Jenderal Sudirman — “aspas” 1º")
    assert FALLBACK.encode() not in rendering.render_pdf(doc, PROFILE)
