"""Property: any Unicode a person can type goes through every writer without a crash, literally."""

from __future__ import annotations

import datetime as dt
import html
import io
import re
from pathlib import Path

import pytest
from docx import Document as DocxDocument
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pypdf import PdfReader

from desktop.core import rendering
from desktop.core.errors import RenderError
from desktop.core.paths import AppPaths
from desktop.core.rendering.pdf_fonts import missing_glyphs
from desktop.core.settings import load_settings
from desktop.core.templates import Catalog, compose

TEMPLATE_TEXT = """---
id: probe
kind: letter
language: pt-BR
title: Probe
description: A letter whose every part prints the value.
category: Tests
series: SAC
subject: "Assunto {{ name }}"
parts:
  recipient: "{{ name }}"
  salutation: "Prezado(a) {{ name }},"
  closing: "Atenciosamente,"
fields:
  name: {label: Nome, type: text, required: true}
---
Valor: **{{ name }}**.

- {{ name }}

| Campo | Valor |
|---|---|
| nome | {{ name }} |
"""


def _catalog() -> Catalog:
    import tempfile

    root = Path(tempfile.mkdtemp(prefix="missiva-probe-"))
    (root / "probe").mkdir()
    (root / "probe" / "pt-BR.md").write_text(TEMPLATE_TEXT, encoding="utf-8")
    return Catalog.load(None, root)


CATALOG = _catalog()
PROFILE = load_settings(AppPaths(Path("/nonexistent-missiva"))).organisation

# Everything but surrogates and control characters (which no document format can carry; the
# field parser refuses line breaks in single-line fields with a clear message), and the three
# private-use characters the template engine marks values with (U+E000-U+E002), which the
# field parser drops from values (templates/fields.py, tested there).
typed_text = st.text(
    alphabet=st.characters(
        blacklist_categories=("Cs", "Cc"), blacklist_characters="\ue000\ue001\ue002"
    ),
    min_size=1,
    max_size=40,
).filter(lambda s: s.strip() == s and s.strip())


def _docx_text(data: bytes) -> str:
    document = DocxDocument(io.BytesIO(data))
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        parts.extend(cell.text for row in table.rows for cell in row.cells)
    return "\n".join(parts)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(name=typed_text)
def test_any_value_through_every_writer_is_literal(name: str) -> None:
    """A typed value appears unchanged in DOCX, e-mail text and HTML; the PDF is produced."""
    doc = compose(
        CATALOG.get("probe", "pt-BR"), {"name": name}, PROFILE, today=dt.date(2026, 11, 25)
    )
    assert doc.salutation == f"Prezado(a) {name}," and doc.recipient == (name,)
    assert doc.body_text().count(name) >= 3

    assert name in _docx_text(rendering.render_docx(doc, PROFILE))

    email = rendering.render_email(doc, PROFILE)
    assert name in email.text
    assert name in html.unescape(re.sub(r"<[^>]+>", "", email.html))

    missing = missing_glyphs(name)
    if missing:  # no PDF font has it: a clear render problem naming it, never a silent gap
        with pytest.raises(RenderError, match=f"U\\+{ord(missing[0]):04X}"):
            rendering.render_pdf(doc, PROFILE)
        return
    pdf = rendering.render_pdf(doc, PROFILE)
    assert pdf.startswith(b"%PDF")
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
    assert "Prezado(a)" in text
