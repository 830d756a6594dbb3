"""Use case: print an issued letter's PDF through CUPS (``lp``) and mark the entry printed."""

from __future__ import annotations

from pathlib import Path

from desktop.core.delivery import print_pdf
from desktop.core.errors import DeliveryError
from desktop.core.i18n import _
from desktop.core.register.chain import file_sha256
from desktop.core.services.context import AppContext


def print_entry(ctx: AppContext, ref: str, *, printer: str = "", copies: int = 1) -> str:
    """Print the PDF of entry ``ref`` (refusing a changed file); return lp's job line."""
    entry = ctx.register.get(ref)
    if entry.status == "void":
        raise DeliveryError(
            _("{reference} is void and is not printed").format(reference=entry.display_reference)
        )
    pdf = next((f for f in entry.files if f.format == "pdf" and f.role == "output"), None)
    if pdf is None:
        error = DeliveryError(
            _("{reference} has no PDF file to print").format(reference=entry.display_reference)
        )
        error.exit_code = 1
        raise error
    path = Path(pdf.path)
    if not path.is_file() or file_sha256(path) != pdf.sha256:
        raise DeliveryError(
            _("the issued PDF is missing or changed since it was issued"),
            file=path,
            hint=_("Run 'missiva verify' on it."),
        )
    job = print_pdf(path, printer=printer, copies=copies, title=entry.reference or "")
    ctx.register.set_status(entry.id, "printed", f"lp: {job}" if job else "lp")
    return job or _("{reference}: sent to the printer").format(reference=entry.reference)
