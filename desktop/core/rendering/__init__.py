"""The three writers: one Document becomes a DOCX, a PDF or an e-mail (and a chat snippet).

Every writer lays out the same :class:`~desktop.core.rendering.sheet.Sheet` (letterhead,
reference block, recipient, subject, salutation, body, closing, signature, enclosures, copies,
footer) in the document's language, so the outputs carry the same words in the same order.
"""

from __future__ import annotations

from pathlib import Path

from desktop.core.models import Document
from desktop.core.rendering.email import EmailContent, render_email, render_snippet_text
from desktop.core.rendering.pdf import render_pdf
from desktop.core.rendering.sheet import atomic_write
from desktop.core.settings import OrganisationProfile

__all__ = [
    "EmailContent",
    "atomic_write",
    "render_docx",
    "render_email",
    "render_pdf",
    "render_snippet_text",
    "write_docx",
    "write_pdf",
]


def render_docx(doc: Document, profile: OrganisationProfile) -> bytes:
    """Return ``doc`` as DOCX bytes laid out on the shipped letter or memo layout."""
    from desktop.core.rendering.docx import render_docx as _render

    return _render(doc, profile)


def write_docx(doc: Document, profile: OrganisationProfile, target: Path) -> Path:
    """Write ``doc`` as a DOCX file at ``target`` atomically and return the path."""
    return atomic_write(Path(target), render_docx(doc, profile))


def write_pdf(
    doc: Document,
    profile: OrganisationProfile,
    target: Path,
    *,
    page_size: str | None = None,
    invariant: bool = False,
) -> Path:
    """Write ``doc`` as a PDF file at ``target`` atomically and return the path."""
    data = render_pdf(doc, profile, page_size=page_size, invariant=invariant)
    return atomic_write(Path(target), data)
