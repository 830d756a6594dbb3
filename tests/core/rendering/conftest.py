"""Fixtures for the writer tests: the sample profile and text extractors for DOCX and PDF."""

from __future__ import annotations

import io
import shutil
import subprocess
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
from docx import Document as open_docx
from docx.oxml.ns import qn

from desktop.core.rendering.samples import sample_profile
from desktop.core.settings import OrganisationProfile


@pytest.fixture
def profile() -> OrganisationProfile:
    """Return the sample organisation profile (logo and signatures in resources/images)."""
    return sample_profile()


def _paragraph_texts(element) -> list[str]:
    return ["".join(t.text or "" for t in p.iter(qn("w:t"))) for p in element.iter(qn("w:p"))]


def docx_text(data: bytes) -> str:
    """Return every paragraph of a DOCX (headers, body with tables, footers), re-opened."""
    document = open_docx(io.BytesIO(data))
    lines: list[str] = []
    for section in document.sections:
        lines += _paragraph_texts(section.header._element)
    lines += _paragraph_texts(document.element.body)
    for section in document.sections:
        lines += _paragraph_texts(section.footer._element)
    return "\n".join(lines)


def docx_part(data: bytes, name: str) -> str:
    """Return one XML part of a DOCX as text."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return archive.read(name).decode("utf-8")


def pdftotext(data: bytes, tmp_path: Path) -> str:
    """Return the text of a PDF as poppler's pdftotext extracts it (skip if not installed)."""
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext (poppler-utils) is not installed")
    source = tmp_path / "extract.pdf"
    source.write_bytes(data)
    result = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", str(source), "-"],
        capture_output=True,
        check=True,
        timeout=60,
    )
    return result.stdout.decode("utf-8")


@pytest.fixture
def read_docx() -> Callable[[bytes], str]:
    """Return the DOCX text extractor."""
    return docx_text


@pytest.fixture
def read_docx_part() -> Callable[[bytes, str], str]:
    """Return the DOCX part reader."""
    return docx_part


@pytest.fixture
def read_pdf(tmp_path: Path) -> Callable[[bytes], str]:
    """Return the pdftotext extractor bound to this test's temporary folder."""
    return lambda data: pdftotext(data, tmp_path)
