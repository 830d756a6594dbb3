"""Every shipped template x language x format, rendered with hostile values, read back by others.

DOCX files are re-opened with python-docx and converted by LibreOffice headless (one call for
all of them); PDF text is extracted with poppler's pdftotext; e-mail text and HTML are checked.
Each hostile value must come out literally everywhere.
"""

from __future__ import annotations

import datetime as dt
import html
import io
import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
from docx import Document as DocxDocument

from desktop.core import rendering
from desktop.core.models import Document, FieldSpec
from desktop.core.paths import AppPaths
from desktop.core.settings import load_settings
from desktop.core.templates import Catalog, compose

HOSTILE = "Silva & Filhos <Ltda> {{ 7*7 }} *bold* _x_ \"q\" 'q' ação =SUM(A1)"
CATALOG = Catalog.load(None)
KEYS = sorted(CATALOG.items)
PROFILE = load_settings(AppPaths(Path("/nonexistent-missiva"))).organisation


def _value(spec: FieldSpec) -> Any:
    if spec.name == "signatory":
        return "ana"
    if spec.type in ("text", "multiline"):
        return spec.default or "https://track.example/?a=1&b=<2>" if spec.pattern else HOSTILE
    return {
        "email": "silva&filhos@example.com",
        "date": "2026-11-22",
        "money": "1250.5",
        "number": "3",
        "choice": spec.choices[0] if spec.choices else "",
        "bool": True,
        "list": [HOSTILE],
    }[spec.type]


def _compose(template_id: str, language: str) -> Document:
    template = CATALOG.get(template_id, language)
    return compose(
        template, {s.name: _value(s) for s in template.fields}, PROFILE, today=dt.date(2026, 11, 22)
    )


def _flat(text: str) -> str:
    return re.sub(r"\s+", " ", text)


def _docx_text(data: bytes) -> str:
    document = DocxDocument(io.BytesIO(data))
    parts = [p.text for p in document.paragraphs]
    parts += [c.text for t in document.tables for r in t.rows for c in r.cells]
    return "\n".join(parts)


@pytest.mark.parametrize(("template_id", "language"), KEYS, ids=[f"{i}-{lang}" for i, lang in KEYS])
def test_shipped_template_every_format_is_literal(template_id: str, language: str) -> None:
    """DOCX, PDF and e-mail of a shipped variant carry the hostile value unchanged."""
    doc = _compose(template_id, language)
    assert HOSTILE in doc.body_text() + "\n".join(doc.recipient) + doc.subject + doc.memo_to
    docx = rendering.render_docx(doc, PROFILE)
    assert HOSTILE in _docx_text(docx)
    if shutil.which("pdftotext"):
        pdf = rendering.render_pdf(doc, PROFILE)
        text = subprocess.run(
            ["pdftotext", "-", "-"], input=pdf, capture_output=True, check=True
        ).stdout
        assert HOSTILE in _flat(text.decode("utf-8"))
    email = rendering.render_email(doc, PROFILE)
    assert HOSTILE in email.text
    assert HOSTILE in html.unescape(re.sub(r"<[^>]+>", "", email.html))
    if doc.kind == "snippet":
        assert HOSTILE in rendering.render_snippet_text(doc)


@pytest.mark.libreoffice
@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice is not installed")
def test_shipped_templates_docx_convert_with_libreoffice(tmp_path: Path) -> None:
    """LibreOffice opens every shipped variant's DOCX and its PDF keeps the hostile value."""
    sources = tmp_path / "docx"
    sources.mkdir()
    for template_id, language in KEYS:
        data = rendering.render_docx(_compose(template_id, language), PROFILE)
        (sources / f"{template_id}-{language}.docx").write_bytes(data)
    target = tmp_path / "pdf"
    subprocess.run(
        [
            "soffice",
            f"-env:UserInstallation=file://{tmp_path / 'profile'}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(target),
            *sorted(str(p) for p in sources.iterdir()),
        ],
        capture_output=True,
        check=True,
        timeout=600,
    )
    converted = sorted(p.stem for p in target.glob("*.pdf"))
    assert converted == sorted(p.stem for p in sources.iterdir())
    for pdf in target.glob("*.pdf"):
        text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, check=True).stdout
        assert HOSTILE in _flat(text.decode("utf-8")), pdf.name
