"""DOCX writer: one Document rendered on the shipped letter or memo layout.

The layouts (resources/layouts/{letter,memo}.docx, built by build_layouts.py) hold the
letterhead and footer in their header/footer parts and Jinja tags for the parts. Each layout is
compiled once per process and page size (:mod:`desktop.core.rendering.docx_package`: docxtpl's
cleaning and the Jinja compilation happen once); a letter then only renders its templated parts.
The body goes in as WordprocessingML written by :mod:`desktop.core.rendering.docx_body`
(python-docx's XML, values escaped as text, never parsed); the Jinja environment autoescapes
and is strict about undefined names.
"""

from __future__ import annotations

import functools
from pathlib import Path

from docx.image.image import Image as DocxImage
from docxtpl import RichText
from jinja2 import Environment, StrictUndefined

from desktop.core.errors import RenderError
from desktop.core.i18n import _
from desktop.core.models import Document
from desktop.core.paths import resource
from desktop.core.rendering.docx_body import body_xml
from desktop.core.rendering.docx_package import CompiledLayout, LetterPackage, Picture
from desktop.core.rendering.qr import qr_png
from desktop.core.rendering.sheet import Sheet, build_sheet, printable, row_text
from desktop.core.settings import OrganisationProfile

_PAGE_SIZES_MM = {"A4": (210, 297), "LETTER": (215.9, 279.4)}


@functools.cache
def _layout_bytes(name: str) -> bytes:
    """Return the bytes of a shipped layout, read once per process."""
    path = resource("layouts", f"{name}.docx")
    try:
        return path.read_bytes()
    except OSError as exc:
        raise RenderError(f"cannot read the DOCX layout: {exc.strerror or exc}", file=path) from exc


@functools.lru_cache(maxsize=8)
def _compiled(name: str, page_mm: tuple[float, float]) -> CompiledLayout:
    """Return a layout compiled for one page size (once per process)."""
    environment = Environment(autoescape=True, undefined=StrictUndefined)
    return CompiledLayout(_layout_bytes(name), page_mm, environment)


@functools.lru_cache(maxsize=32)
def _picture_file(path: str, mtime_ns: int, size: int) -> DocxImage:
    """Return a picture file parsed by python-docx, once per version (path, mtime, size)."""
    return DocxImage.from_blob(Path(path).read_bytes())


def _image(letter: LetterPackage, path: Path, height_mm: float) -> Picture:
    """Return an inline picture (the sheet has already checked that the file is an image)."""
    try:
        stat = path.stat()
        image = _picture_file(str(path), stat.st_mtime_ns, stat.st_size)
    except OSError as exc:
        raise RenderError(
            _("cannot read the image: {error}").format(error=exc.strerror or exc), file=path
        ) from exc
    return Picture(letter, image, height_mm)


def _rich(text: str, colour: str, *, bold: bool = False, size: int | None = None) -> RichText:
    return RichText(printable(text), color=colour.lstrip("#"), bold=bold, size=size)


def _clean(value: object) -> object:
    """Return ``value`` with every string in it (lists, row dicts) made XML-safe."""
    if isinstance(value, str):
        return printable(value)
    if isinstance(value, list):
        return [_clean(item) for item in value]
    if isinstance(value, dict):
        return {key: _clean(item) for key, item in value.items()}
    return value


def _context(letter: LetterPackage, doc: Document, sheet: Sheet) -> dict[str, object]:
    rows = []
    lines = []
    for index, (name, value) in enumerate(sheet.reference_rows):
        if sheet.id_block:
            date = sheet.date_text if index == 0 else ""
            rows.append({"label": name, "sep": ":", "value": value, "date": date})
        else:
            lines.append(row_text(name, value))
    right = sheet.id_block is False and sheet.language == "pt-BR"
    page_prefix, _sep, rest = sheet.page_label.partition("{page}")
    page_middle, _sep, page_suffix = rest.partition("{pages}")
    qr: Picture | str = ""
    if sheet.qr_payload:
        qr = Picture(letter, DocxImage.from_blob(qr_png(sheet.qr_payload)), 17)
    return {
        "draft": sheet.draft,
        "draft_mark": sheet.draft_mark,
        "draft_note": "",
        "logo": _image(letter, sheet.logo, 18) if sheet.logo is not None else "",
        "org_name": _rich(sheet.org_name, sheet.colour, bold=True, size=30),
        "org_lines": [_rich(line, sheet.colour, size=17) for line in sheet.org_lines],
        "kop_rule": sheet.kop_rule,
        "id_block": sheet.id_block,
        "reference_rows": rows,
        "reference_lines": lines,
        "date_left": "" if (right or sheet.id_block) else sheet.date_text,
        "date_right": sheet.date_text if right else "",
        "memo_title": sheet.memo_title,
        "memo_rows": [{"label": name, "value": value} for name, value in sheet.memo_rows],
        "recipient": list(sheet.recipient),
        "subject_line": sheet.subject_line,
        "salutation": sheet.salutation,
        "body": body_xml(letter, doc),
        "closing": sheet.closing,
        "signature_image": (
            _image(letter, sheet.signature_image, 16) if sheet.signature_image is not None else ""
        ),
        "signature_lines": list(sheet.signature_lines),
        "enclosures_title": sheet.enclosures_title,
        "enclosures": list(sheet.enclosures),
        "copies_title": sheet.copies_title,
        "copies": list(sheet.copies),
        "footer": sheet.footer,
        "attestation_lines": list(sheet.attestation_lines),
        "qr": qr,
        "page_prefix": page_prefix,
        "page_middle": page_middle,
        "page_suffix": page_suffix,
    }


def render_docx(doc: Document, profile: OrganisationProfile) -> bytes:
    """Return ``doc`` as DOCX bytes on the letter or memo layout."""
    sheet = build_sheet(doc, profile)
    name = sheet.kind
    page_mm = _PAGE_SIZES_MM.get((profile.page_size or "A4").upper(), (210, 297))
    try:
        layout = _compiled(name, page_mm)
        letter = layout.new_letter()
        context = {key: _clean(value) for key, value in _context(letter, doc, sheet).items()}
        letter.set_core(
            title=printable(doc.subject or doc.title),
            author=printable(profile.name),
            language=doc.language,
        )
        return layout.render(letter, context)
    except RenderError:
        raise
    except Exception as exc:  # jinja2 / lxml / python-docx errors from a broken layout
        raise RenderError(
            f"cannot fill the {name} layout: {exc}", file=resource("layouts", f"{name}.docx")
        ) from exc
