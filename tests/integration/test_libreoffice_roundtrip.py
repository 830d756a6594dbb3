"""Our DOCX files open in LibreOffice: every kind x language converts to PDF with the values intact.

All files go through ONE ``soffice --headless --convert-to pdf`` call with a private user
profile (``-env:UserInstallation``) so parallel runs do not share LibreOffice's lock files.
"""

from __future__ import annotations

import re
import shutil
import subprocess

import pytest

from desktop.core.rendering import write_docx
from desktop.core.rendering.samples import HOSTILE_TEXT, sample_document, sample_profile

pytestmark = [
    pytest.mark.libreoffice,
    pytest.mark.slow,
    pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice is not installed"),
    pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler is not installed"),
]

CASES = [(kind, language) for kind in ("letter", "memo") for language in ("en", "pt-BR", "id")]


@pytest.fixture(scope="module")
def converted(tmp_path_factory: pytest.TempPathFactory) -> dict[tuple[str, str], str]:
    """Convert every sample DOCX to PDF in one soffice call; return each PDF's text."""
    root = tmp_path_factory.mktemp("lo-roundtrip")
    sources = root / "docx"
    out = root / "pdf"
    sources.mkdir()
    out.mkdir()
    profile = sample_profile()
    files = []
    for kind, language in CASES:
        target = sources / f"{kind}-{language}.docx"
        write_docx(sample_document(kind, language, attestation=True), profile, target)
        files.append(str(target))
    result = subprocess.run(
        [
            "soffice",
            f"-env:UserInstallation={(root / 'lo-profile').as_uri()}",
            "--headless",
            "--norestore",
            "--convert-to",
            "pdf",
            "--outdir",
            str(out),
            *files,
        ],
        capture_output=True,
        text=True,
        timeout=240,
    )
    assert result.returncode == 0, result.stderr
    texts = {}
    for kind, language in CASES:
        pdf = out / f"{kind}-{language}.pdf"
        assert pdf.is_file(), f"LibreOffice did not convert {pdf.stem}.docx: {result.stderr}"
        extracted = subprocess.run(
            ["pdftotext", "-enc", "UTF-8", str(pdf), "-"],
            capture_output=True,
            check=True,
            timeout=60,
        )
        texts[(kind, language)] = re.sub(r"\s+", " ", extracted.stdout.decode("utf-8"))
    return texts


@pytest.mark.parametrize(("kind", "language"), CASES)
def test_libreoffice_converts_docx_with_values_intact(
    kind: str, language: str, converted: dict[tuple[str, str], str]
) -> None:
    """LibreOffice's PDF of our DOCX carries the field values literally in each part."""
    text = converted[(kind, language)]
    assert f"Dear {HOSTILE_TEXT}," in text
    assert f"First: {HOSTILE_TEXT}" in text
    assert f"Manager {HOSTILE_TEXT}" in text
    who = "Customer" if kind == "letter" else "All staff"
    assert f"{who} {HOSTILE_TEXT}" in text


@pytest.mark.parametrize(
    ("language", "page"),
    [("en", "Page 1 of"), ("pt-BR", "Página 1 de"), ("id", "Halaman 1 dari")],
)
def test_libreoffice_fills_page_fields(
    language: str, page: str, converted: dict[tuple[str, str], str]
) -> None:
    """The PAGE and NUMPAGES fields of our footer are filled in by LibreOffice."""
    assert re.search(re.escape(page) + r" \d", converted[("letter", language)])


def test_libreoffice_keeps_attestation_footer(converted: dict[tuple[str, str], str]) -> None:
    """The attestation note in the footer survives the conversion."""
    assert "verify with code ABCD-EFGH" in converted[("letter", "en")]


def test_libreoffice_numbers_ordered_lists(converted: dict[tuple[str, str], str]) -> None:
    """The numbered list of the body gets its numbers 1 and 2 in LibreOffice."""
    text = converted[("letter", "en")]
    assert "1. Step one" in text and "2. Step two" in text
