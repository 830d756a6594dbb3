"""Golden files: two fixed letters (en, id) must render byte for byte as recorded.

``word/document.xml`` of the DOCX (rsid attributes removed, though none are written today) and
the whole PDF made with ``invariant=True`` are compared with tests/data/golden/. After an
intended change of the layout, regenerate with ``MISSIVA_UPDATE_GOLDEN=1 uv run pytest
tests/core/rendering/test_rendering_golden.py`` and review the difference before committing.
"""

from __future__ import annotations

import io
import os
import re
import zipfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from desktop.core.rendering import render_docx, render_pdf
from desktop.core.rendering.samples import plain_letter
from desktop.core.settings import OrganisationProfile

GOLDEN = Path(__file__).resolve().parents[2] / "data" / "golden"
UPDATE = os.environ.get("MISSIVA_UPDATE_GOLDEN") == "1"


def _normalised_document_xml(docx: bytes) -> bytes:
    with zipfile.ZipFile(io.BytesIO(docx)) as archive:
        xml = archive.read("word/document.xml")
    return re.sub(rb'\sw:rsid\w*="[0-9A-Fa-f]+"', b"", xml)


def _compare(actual: bytes, name: str) -> None:
    path = GOLDEN / name
    if UPDATE:
        path.write_bytes(actual)
        return
    if not path.is_file():
        pytest.fail(f"{path} is missing: run with MISSIVA_UPDATE_GOLDEN=1 to record it")
    expected = path.read_bytes()
    if actual != expected:
        first = next(
            (i for i, (a, b) in enumerate(zip(actual, expected, strict=False)) if a != b),
            min(len(actual), len(expected)),
        )
        pytest.fail(
            f"{name} differs from the golden file at byte {first} "
            f"(got {len(actual)} bytes, recorded {len(expected)}): "
            f"...{actual[max(first - 60, 0) : first + 60]!r}... "
            "If the change is intended, regenerate with MISSIVA_UPDATE_GOLDEN=1."
        )


@pytest.mark.parametrize("language", ["en", "id"])
def test_golden_docx_document_xml(language: str, profile: OrganisationProfile) -> None:
    """The DOCX body of the fixed letter matches the recorded document.xml."""
    _compare(
        _normalised_document_xml(render_docx(plain_letter(language), profile)),
        f"letter-{language}.document.xml",
    )


@pytest.mark.parametrize("language", ["en", "id"])
def test_golden_pdf_invariant(language: str, profile: OrganisationProfile) -> None:
    """The invariant PDF of the fixed letter matches the recorded file byte for byte."""
    _compare(render_pdf(plain_letter(language), profile, invariant=True), f"letter-{language}.pdf")


def test_pdf_invariant_is_repeatable(profile: OrganisationProfile) -> None:
    """Two invariant renders of the same letter are identical (no clock, no random id)."""
    first = render_pdf(plain_letter("en"), profile, invariant=True)
    assert render_pdf(plain_letter("en"), profile, invariant=True) == first


def test_renders_in_threads_match_serial_renders(profile: OrganisationProfile) -> None:
    """Rendering from several threads at once (batch merge) gives the same bytes as serially."""
    docs = [plain_letter(language) for language in ("en", "pt-BR", "id")] * 3
    serial_pdf = [render_pdf(doc, profile, invariant=True) for doc in docs]
    serial_docx = [_normalised_document_xml(render_docx(doc, profile)) for doc in docs]
    with ThreadPoolExecutor(max_workers=4) as pool:
        threaded_pdf = list(pool.map(lambda d: render_pdf(d, profile, invariant=True), docs))
        threaded_docx = list(
            pool.map(lambda d: _normalised_document_xml(render_docx(d, profile)), docs)
        )
    assert threaded_pdf == serial_pdf
    assert threaded_docx == serial_docx
