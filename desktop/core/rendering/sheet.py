"""The parts of a letter or memo as printed text, computed once for every writer.

A :class:`Sheet` is the Document plus the organisation profile turned into labelled lines in
the document's language (letterhead, reference block, recipient, subject, salutation, closing,
signature, enclosures, copies, footer, attestation). The DOCX, PDF and e-mail writers lay the
same Sheet out, so every output carries the same words in the same order.
"""

from __future__ import annotations

import contextlib
import functools
import os
import re
import threading
from dataclasses import dataclass
from pathlib import Path

from PIL import Image

from desktop.core.errors import RenderError
from desktop.core.i18n import _
from desktop.core.models import Document
from desktop.core.rendering.labels import (
    attachment_count,
    date_line,
    format_date,
    label,
    language_of,
)
from desktop.core.settings import OrganisationProfile, localised


@dataclass(frozen=True)
class Sheet:
    """Everything but the body of one document, as plain printed strings."""

    language: str
    kind: str  # the layout: "letter" or "memo"
    draft: bool
    draft_mark: str
    org_name: str
    org_lines: tuple[str, ...]  # address lines then the contact line
    logo: Path | None
    colour: str
    kop_rule: bool
    reference_rows: tuple[tuple[str, str], ...]  # (label, value); label "" = value only
    date_text: str  # right-aligned date line ("" for memo)
    id_block: bool  # reference rows are the Indonesian Nomor/Sifat/Lampiran/Perihal block
    memo_title: str
    memo_rows: tuple[tuple[str, str], ...]
    recipient: tuple[str, ...]
    subject_line: str  # "Subject: ..." ("" when the id block or memo rows carry it)
    salutation: str
    closing: str
    signature_image: Path | None
    signature_lines: tuple[str, ...]
    enclosures_title: str
    enclosures: tuple[str, ...]
    copies_title: str
    copies: tuple[str, ...]
    footer: str
    page_label: str  # with {page} and {pages}
    attestation_lines: tuple[str, ...]
    qr_payload: str


def _existing(path: Path | None) -> Path | None:
    if path is None:
        return None
    return path if path.is_file() else None


@functools.lru_cache(maxsize=32)
def _verify_image(path: str, mtime_ns: int, size: int) -> None:
    """Decode-check an image file once per version (path, mtime, size)."""
    with Image.open(path) as image:
        image.verify()


def _check_readable(path: Path) -> Path:
    """Return ``path`` if it is a readable, complete image file, else raise RenderError."""
    try:
        stat = path.stat()
        _verify_image(str(path), stat.st_mtime_ns, stat.st_size)
    except (OSError, SyntaxError, ValueError) as exc:  # PIL raises all three on bad files
        raise RenderError(
            _("cannot read the image: {error}").format(error=exc),
            file=path,
            hint=_("Use a PNG or JPEG file, or remove it from the profile."),
        ) from exc
    return path


def layout_of(doc: Document) -> str:
    """Return "memo" or "letter": the template's ``layout`` if given, else from the kind."""
    return "memo" if (doc.layout or doc.kind) == "memo" else "letter"


def build_sheet(doc: Document, profile: OrganisationProfile) -> Sheet:
    """Return the printed parts of ``doc`` with ``profile`` as letterhead."""
    lang = language_of(doc.language)
    memo = layout_of(doc) == "memo"
    draft_mark = label(lang, "draft")
    reference = doc.reference if doc.reference is not None else draft_mark
    place = doc.place or profile.city
    contact = "  ·  ".join(x for x in (profile.phone, profile.email, profile.website) if x)
    address = tuple(localised(line, doc.language) for line in profile.address_lines)
    org_lines = address + ((contact,) if contact else ())
    logo = _existing(profile.resolve(profile.logo))
    if logo is not None:
        logo = _check_readable(logo)

    rows: list[tuple[str, str]] = []
    id_block = False
    date_text = ""
    subject_line = ""
    memo_rows: tuple[tuple[str, str], ...] = ()
    if memo:
        memo_rows = tuple(
            (label(lang, key), value)
            for key, value in (
                ("memo_to", doc.memo_to or ", ".join(doc.recipient)),
                ("memo_from", doc.memo_from),
                ("memo_cc", doc.memo_cc),
                ("memo_date", format_date(doc.date, doc.language, profile.english)),
                ("memo_subject", doc.subject),
            )
            if value
        )
        rows = [("", reference) if lang == "pt-BR" else (label(lang, "our_ref"), reference)]
    elif lang == "id":
        id_block = True
        rows = [
            (label(lang, "our_ref"), reference),
            (label(lang, "nature"), doc.classification or label(lang, "nature_default")),
            (label(lang, "attachment"), attachment_count(len(doc.enclosures))),
            (label(lang, "subject"), doc.subject),
        ]
        date_text = date_line(doc.date, doc.language, place, profile.english)
    elif lang == "pt-BR":
        rows = [("", reference)]
        if doc.your_ref:
            rows.append((label(lang, "your_ref"), doc.your_ref))
        date_text = date_line(doc.date, doc.language, place, profile.english)
        subject_line = f"{label(lang, 'subject')} {doc.subject}" if doc.subject else ""
    else:
        rows = [(label(lang, "our_ref"), reference)]
        if doc.your_ref:
            rows.append((label(lang, "your_ref"), doc.your_ref))
        date_text = date_line(doc.date, doc.language, place, profile.english)
        subject_line = f"{label(lang, 'subject')} {doc.subject}" if doc.subject else ""

    signature_image = None
    signature_lines: tuple[str, ...] = ()
    if doc.signatory is not None:
        person = doc.signatory
        if person.image is not None and Path(person.image).exists():
            signature_image = _check_readable(Path(person.image))
        name = person.name.upper() if lang == "pt-BR" else person.name
        unit = localised(profile.units.get(person.unit, person.unit), doc.language)
        lines = [name, localised(person.title, doc.language), unit]
        if lang == "id" and person.staff_number:
            lines.append(label(lang, "staff_number").format(number=person.staff_number))
        signature_lines = tuple(x for x in lines if x)

    attestation_lines: tuple[str, ...] = ()
    qr_payload = ""
    if doc.attestation is not None:
        att = doc.attestation
        first = label(lang, "attestation").format(
            reference=att.reference, code=att.verification_code
        )
        attestation_lines = (first, att.note) if att.note else (first,)
        qr_payload = att.qr_payload

    return Sheet(
        language=lang,
        kind="memo" if memo else "letter",
        draft=doc.is_draft,
        draft_mark=draft_mark,
        org_name=profile.name,
        org_lines=org_lines,
        logo=logo,
        colour=profile.primary_colour or "#000000",
        kop_rule=lang == "id",
        reference_rows=tuple(rows),
        date_text=date_text,
        id_block=id_block,
        memo_title=label(lang, "memo_title") if memo else "",
        memo_rows=memo_rows,
        recipient=tuple(doc.recipient) if not memo else (),
        subject_line=subject_line,
        salutation=doc.salutation,
        closing=doc.closing,
        signature_image=signature_image,
        signature_lines=signature_lines,
        enclosures_title=label(lang, "enclosures"),
        enclosures=tuple(doc.enclosures),
        copies_title=label(lang, "copies"),
        copies=tuple(
            (f"{label(lang, 'copy_prefix')} {c}" if lang == "id" and not c.startswith("Yth") else c)
            for c in doc.copies
        ),
        footer=localised(profile.footer, doc.language),
        page_label=label(lang, "page"),
        attestation_lines=attestation_lines,
        qr_payload=qr_payload,
    )


_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")


def printable(text: str) -> str:
    """Return ``text`` without the control characters XML (DOCX, PDF markup) cannot carry."""
    return _NOT_XML.sub("", text)


def row_text(name: str, value: str) -> str:
    """Return one labelled row as text: "Our ref: X", "Nomor : X" or just the value."""
    if not name:
        return value
    if name.endswith(":"):
        return f"{name} {value}"
    return f"{name} : {value}"


def atomic_write(target: Path, data: bytes) -> Path:
    """Write ``data`` as the new file ``target``: all or nothing, never replacing a file.

    The bytes go to a temporary file in the same folder, which is flushed and then given the
    name ``target`` by :func:`desktop.core.durable.place_new` (a hard link that fails when the
    name exists). No half-written file and no temporary file is left behind.

    Raises:
        FileExistsError: ``target`` already exists (nothing was written).
        RenderError: naming the folder when it cannot be written.
    """
    from desktop.core.durable import place_new

    target = Path(target)
    folder = target.parent
    tmp = folder / f".{target.name}.{os.getpid()}-{threading.get_ident()}.tmp"
    try:
        with tmp.open("wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        place_new(tmp, target)
    except FileExistsError:
        tmp.unlink(missing_ok=True)
        raise
    except OSError as exc:
        with contextlib.suppress(OSError):
            tmp.unlink(missing_ok=True)
        raise RenderError(
            _("cannot write {name} into this folder: {error}").format(
                name=target.name, error=exc.strerror or exc
            ),
            file=folder,
            hint=_("Choose a folder you can write to."),
        ) from exc
    return target
