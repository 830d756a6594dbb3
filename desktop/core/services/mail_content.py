"""Compose outgoing e-mail: an issued entry's message (its body or a cover note + files).

Kept apart from the outbox (:mod:`desktop.core.services.mail`): this module decides *what* is
sent; the outbox decides *when* and makes sure it goes exactly once.
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path

from desktop.core.delivery import Attachment, OutgoingMail
from desktop.core.errors import DeliveryError
from desktop.core.i18n import _
from desktop.core.models import Document
from desktop.core.register import Entry
from desktop.core.register.chain import file_sha256
from desktop.core.services.context import AppContext

ATTACHABLE = ("pdf", "docx")
COVER_NOTES = {
    "en": ("Please find attached our letter {reference}: {subject}.", "Verification code: {code}"),
    "pt-BR": (
        "Segue em anexo a nossa correspondência {reference}: {subject}.",
        "Código de verificação: {code}",
    ),
    "id": ("Terlampir surat kami nomor {reference} perihal {subject}.", "Kode verifikasi: {code}"),
}


def sender_of(ctx: AppContext) -> tuple[str, str]:
    """Return the sender's address and display name from ``[mail]`` (or the organisation)."""
    mail = ctx.settings.mail
    address = mail.from_address or ctx.settings.organisation.email
    if not address:
        error = DeliveryError(
            _("no sender address is configured"),
            field="mail.from_address",
            hint=_("Set [mail] from_address in settings.toml."),
        )
        error.exit_code = 1
        raise error
    return address, mail.from_name or ctx.settings.organisation.name


def _registered_file(entry: Entry, fmt: str, role: str = "output") -> Path | None:
    for item in entry.files:
        if item.format == fmt and item.role == role:
            return Path(item.path)
    return None


def _checked_bytes(entry: Entry, path: Path) -> bytes:
    """Read an issued file, refusing one that changed since it was registered."""
    registered = next((f.sha256 for f in entry.files if Path(f.path) == path), None)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise DeliveryError(
            _("cannot read the issued file: {error}").format(error=exc.strerror), file=path
        ) from None
    if registered is not None and file_sha256(path) != registered:
        raise DeliveryError(
            _("the file of {reference} changed after it was issued; it will not be sent").format(
                reference=entry.reference
            ),
            file=path,
            hint=_("Run 'missiva register verify' and issue a new letter if needed."),
        )
    return data


def mail_for_entry(
    ctx: AppContext, entry: Entry, to: Sequence[str], *, attach: Sequence[str] = ()
) -> OutgoingMail:
    """Compose the message for an issued entry: its e-mail body, or a cover note + its files."""
    if entry.status in ("draft", "void") or entry.direction != "out":
        raise DeliveryError(
            _("{reference} is '{status}' ({direction}) and cannot be sent").format(
                reference=entry.display_reference, status=entry.status, direction=entry.direction
            )
        )
    address, name = sender_of(ctx)
    reference, subject = entry.reference or "", entry.subject or entry.reference or ""
    html_file, text_file = _registered_file(entry, "html"), _registered_file(entry, "txt")
    if text_file is not None and not attach:  # an e-mail kind: its own body, nothing attached
        text = _checked_bytes(entry, text_file).decode("utf-8")
        body_html = _checked_bytes(entry, html_file).decode("utf-8") if html_file else ""
        return OutgoingMail(
            sender_address=address,
            sender_name=name,
            to=tuple(to),
            subject=subject,
            text=text,
            html=body_html,
            language=entry.language,
            reference=reference,
        )
    wanted = tuple(attach) or tuple(f for f in ATTACHABLE if _registered_file(entry, f))
    attachments: list[Attachment] = []
    for fmt in wanted:
        if fmt not in ATTACHABLE:
            raise DeliveryError(
                _("cannot attach '{format}'").format(format=fmt),
                hint=_("Use --attach pdf or docx."),
            )
        path = _registered_file(entry, fmt)
        if path is None:
            error = DeliveryError(
                _("{reference} has no {format} file to attach").format(
                    reference=reference, format=fmt.upper()
                )
            )
            error.exit_code = 1
            raise error
        attachments.append(Attachment(path.name, _checked_bytes(entry, path)))
        signature = _registered_file(entry, "p7s", "signature")
        if fmt == "docx" and signature is not None:
            attachments.append(Attachment(signature.name, _checked_bytes(entry, signature)))
    lead, code_line = COVER_NOTES.get(entry.language, COVER_NOTES["en"])
    lines = [lead.format(reference=reference, subject=subject)]
    if entry.verification_code:
        lines.append(code_line.format(code=entry.verification_code))
    lines.append(name)
    text = "\n\n".join(lines)
    body_html = "".join(f"<p>{html.escape(line)}</p>" for line in lines)
    return OutgoingMail(
        sender_address=address,
        sender_name=name,
        to=tuple(to),
        subject=f"{reference} — {subject}",
        text=text,
        html=body_html,
        language=entry.language,
        attachments=tuple(attachments),
        reference=reference,
    )


def mail_for_document(
    ctx: AppContext,
    doc: Document,
    to: Sequence[str],
    *,
    attachments: Sequence[Attachment] = (),
    in_reply_to: str = "",
) -> OutgoingMail:
    """Compose a message from a Document with the e-mail writer (subject, text and HTML)."""
    from desktop.core.rendering import render_email  # type: ignore[attr-defined,unused-ignore]

    content = render_email(doc, ctx.settings.organisation)
    address, name = sender_of(ctx)
    return OutgoingMail(
        sender_address=address,
        sender_name=name,
        to=tuple(to),
        subject=content.subject,
        text=content.text,
        html=content.html,
        language=doc.language,
        attachments=tuple(attachments),
        in_reply_to=in_reply_to,
        reference=doc.reference or "",
    )


def text_as_html(text: str) -> str:
    """Return plain text as HTML paragraphs (blank lines part them; field values stay literal)."""
    paragraphs = [p for p in text.replace("\r\n", "\n").split("\n\n") if p.strip()]
    return "".join(
        "<p>" + "<br>".join(html.escape(line) for line in p.strip("\n").split("\n")) + "</p>"
        for p in paragraphs
    )


def with_edited_text(
    mail: OutgoingMail, *, subject: str | None = None, text: str | None = None
) -> OutgoingMail:
    """Return ``mail`` with the subject and/or body a person edited (HTML rebuilt from the text)."""
    if subject is not None:
        if not subject.strip():
            raise DeliveryError(_("the subject is empty"), field="subject")
        mail = replace(mail, subject=" ".join(subject.split()))
    if text is not None:
        if not text.strip():
            raise DeliveryError(_("the message text is empty"), field="text")
        mail = replace(mail, text=text, html=text_as_html(text))
    return mail
