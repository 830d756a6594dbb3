"""Bad images and unwritable folders give a RenderError naming the place; writes are atomic."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import pytest

from desktop.core.errors import RenderError
from desktop.core.rendering import atomic_write, render_docx, render_pdf, write_docx, write_pdf
from desktop.core.rendering.labels import attachment_count, date_line, indonesian_number
from desktop.core.rendering.samples import sample_document
from desktop.core.settings import OrganisationProfile


@pytest.mark.parametrize("render", [render_docx, render_pdf], ids=["docx", "pdf"])
def test_unreadable_signature_image_names_the_file(
    render, tmp_path: Path, profile: OrganisationProfile
) -> None:
    """A signature file that is not an image is a RenderError naming that file."""
    broken = tmp_path / "signature.png"
    broken.write_bytes(b"this is not a picture")
    with pytest.raises(RenderError) as caught:
        render(sample_document(signature_image=broken), profile)
    assert caught.value.file == str(broken)
    assert str(broken) in caught.value.describe()


@pytest.mark.parametrize("render", [render_docx, render_pdf], ids=["docx", "pdf"])
def test_truncated_png_signature_names_the_file(
    render, tmp_path: Path, profile: OrganisationProfile
) -> None:
    """A PNG cut short (valid signature bytes, broken data) is a RenderError naming it."""
    source = Path(sample_document().signatory.image).read_bytes()  # type: ignore[union-attr, arg-type]
    broken = tmp_path / "cut.png"
    broken.write_bytes(source[:60])
    with pytest.raises(RenderError) as caught:
        render(sample_document(signature_image=broken), profile)
    assert caught.value.file == str(broken)


def test_missing_signature_image_is_left_out(tmp_path: Path, profile: OrganisationProfile) -> None:
    """A signature image path that does not exist renders the block without a picture."""
    doc = sample_document(signature_image=tmp_path / "nobody.png")
    assert render_pdf(doc, profile).startswith(b"%PDF")


def test_write_into_missing_folder_names_the_folder(
    tmp_path: Path, profile: OrganisationProfile
) -> None:
    """Writing where the folder does not exist is a RenderError naming the folder."""
    target = tmp_path / "nowhere" / "letter.pdf"
    with pytest.raises(RenderError) as caught:
        write_pdf(sample_document(), profile, target)
    assert caught.value.file == str(target.parent)
    assert not target.parent.exists()


@pytest.mark.skipif(hasattr(os, "geteuid") and os.geteuid() == 0, reason="root ignores modes")
def test_write_into_read_only_folder_leaves_nothing(
    tmp_path: Path, profile: OrganisationProfile
) -> None:
    """A read-only folder gives a RenderError naming it and no temporary file."""
    folder = tmp_path / "locked"
    folder.mkdir()
    folder.chmod(0o500)
    try:
        with pytest.raises(RenderError) as caught:
            write_docx(sample_document(), profile, folder / "letter.docx")
        assert caught.value.file == str(folder)
        assert list(folder.iterdir()) == []
    finally:
        folder.chmod(0o700)


def test_taken_name_removes_temp_file(tmp_path: Path) -> None:
    """When the name is taken (here by a folder) nothing is replaced and no temp file is left."""
    target = tmp_path / "letter.pdf"
    target.mkdir()
    (target / "keep").write_text("x")
    with pytest.raises(FileExistsError):
        atomic_write(target, b"%PDF-1.4")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["letter.pdf"]
    assert (target / "keep").read_text() == "x"


def test_write_pdf_and_docx_never_replace_existing_files(
    tmp_path: Path, profile: OrganisationProfile
) -> None:
    """The writers create new files only: an existing one is refused and left as it was."""
    pdf = tmp_path / "letter.pdf"
    docx = tmp_path / "letter.docx"
    pdf.write_bytes(b"old")
    with pytest.raises(FileExistsError):
        write_pdf(sample_document(), profile, pdf, invariant=True)
    assert pdf.read_bytes() == b"old"
    assert write_docx(sample_document(), profile, docx) == docx
    assert docx.read_bytes()[:2] == b"PK"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["letter.docx", "letter.pdf"]


def test_unknown_page_size_is_a_render_error(profile: OrganisationProfile) -> None:
    """A page size other than A4 or Letter is refused with a hint."""
    with pytest.raises(RenderError, match="page size"):
        render_pdf(sample_document(), profile, page_size="A5")


def test_date_line_pt_br_writes_first_of_month_with_ordinal() -> None:
    """The first day of a month is "1º" and the line ends with a full stop."""
    assert date_line(dt.date(2026, 3, 1), "pt-BR", "Brasília") == "Brasília, 1º de março de 2026."


def test_date_line_id_and_en() -> None:
    """Indonesian prints the place and month name; English prints day month year."""
    assert date_line(dt.date(2026, 2, 2), "id", "Jakarta") == "Jakarta, 2 Februari 2026"
    assert date_line(dt.date(2026, 11, 22), "en", "London") == "22 November 2026"


@pytest.mark.parametrize(
    ("number", "words"),
    [
        (1, "satu"),
        (11, "sebelas"),
        (15, "lima belas"),
        (21, "dua puluh satu"),
        (100, "seratus"),
        (345, "tiga ratus empat puluh lima"),
    ],
)
def test_indonesian_number_words(number: int, words: str) -> None:
    """Numbers are written in Indonesian words for the Lampiran line."""
    assert indonesian_number(number) == words


def test_attachment_count_dash_without_enclosures() -> None:
    """No enclosure is "-", one is "1 (satu) berkas"."""
    assert attachment_count(0) == "-"
    assert attachment_count(1) == "1 (satu) berkas"
