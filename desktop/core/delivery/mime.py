"""Build the MIME message of an issued letter or e-mail: text + HTML, attachments, headers.

Field values reach headers (subject, recipient names), so every header value is checked for
line breaks (no header injection) and every address is parsed before anything is queued.
The message is serialised with CRLF line ends (``email.policy.SMTP``) so the bytes stored in
the outbox are exactly the bytes sent and exported as ``.eml``.
"""

from __future__ import annotations

import datetime as dt
import email.policy
import email.utils
import secrets
from collections.abc import Sequence
from dataclasses import dataclass, field
from email.headerregistry import Address
from email.message import EmailMessage
from pathlib import PurePath

from desktop.core.errors import DeliveryError
from desktop.core.i18n import _

MIME_TYPES = {
    ".pdf": "application/pdf",
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ".p7s": "application/pkcs7-signature",
    ".txt": "text/plain",
    ".html": "text/html",
    ".png": "image/png",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
}


@dataclass(frozen=True)
class Attachment:
    """A file attached to a message."""

    filename: str
    data: bytes
    content_type: str = ""  # blank: from the file name's suffix

    @property
    def mime_type(self) -> str:
        """Return the MIME type (explicit, else from the suffix, else octet-stream)."""
        if self.content_type:
            return self.content_type
        return MIME_TYPES.get(PurePath(self.filename).suffix.lower(), "application/octet-stream")


@dataclass(frozen=True)
class OutgoingMail:
    """Everything a message needs, as plain data (the e-mail writer's text/HTML included)."""

    sender_address: str
    to: tuple[str, ...]
    subject: str
    text: str
    html: str = ""
    sender_name: str = ""
    cc: tuple[str, ...] = ()
    language: str = ""  # BCP 47 tag of the document, e.g. "pt-BR"
    attachments: tuple[Attachment, ...] = ()
    in_reply_to: str = ""  # Message-ID of the message answered, with angle brackets
    references: tuple[str, ...] = ()
    reference: str = ""  # register reference, sent as X-Missiva-Reference
    extra_headers: dict[str, str] = field(default_factory=dict)


def split_recipients(values: Sequence[str]) -> tuple[str, ...]:
    """Return one address per item from values that may each hold several.

    ``--to 'a@x.example, b@y.example'`` and a dialog field with "a@x; b@y" are lists: commas
    and semicolons separate addresses except inside quotes ("Silva, Ana" <ana@x>) or angle
    brackets. Empty items are dropped; duplicates (ignoring case) are kept once, first wins.
    """
    found: list[str] = []
    seen: set[str] = set()
    for value in values:
        part: list[str] = []
        quoted = bracket = False
        for char in value + ",":
            if char == '"' and not bracket:
                quoted = not quoted
            elif char == "<" and not quoted:
                bracket = True
            elif char == ">" and not quoted:
                bracket = False
            if char in ",;" and not quoted and not bracket:
                address = "".join(part).strip()
                if address and address.lower() not in seen:
                    seen.add(address.lower())
                    found.append(address)
                part = []
            else:
                part.append(char)
    return tuple(found)


def parse_address(value: str, *, field_name: str, display_name: str = "") -> Address:
    """Parse one e-mail address; a clear DeliveryError (exit 1) names the bad value.

    Raises:
        DeliveryError: the address is empty, malformed, or holds a line break.
    """
    text = value.strip()
    if not text or "\r" in text or "\n" in text:
        raise _input_error(_("'{value}' is not an e-mail address").format(value=value), field_name)
    if len(split_recipients([text])) > 1:
        raise _input_error(
            _("'{value}' holds several addresses; give them one by one").format(value=value),
            field_name,
        )
    name, addr = email.utils.parseaddr(text)
    if not addr or "@" not in addr or addr.count("@") != 1 or " " in addr:
        raise _input_error(_("'{value}' is not an e-mail address").format(value=value), field_name)
    local, domain = addr.split("@")
    if not local or "." not in domain.strip(".") or domain.startswith("."):
        raise _input_error(_("'{value}' is not an e-mail address").format(value=value), field_name)
    if not local.isascii():
        raise _input_error(
            _(
                "'{value}' has accents or other non-ASCII letters before the @, which needs "
                "SMTPUTF8; Missiva does not send such addresses yet"
            ).format(value=value),
            field_name,
        )
    try:  # an internationalised domain travels as its ASCII (punycode) form
        domain = domain.encode("idna").decode("ascii")
    except UnicodeError:
        raise _input_error(
            _("'{value}' has an invalid domain").format(value=value), field_name
        ) from None
    try:
        return Address(display_name=_one_line(display_name or name), username=local, domain=domain)
    except (ValueError, IndexError) as exc:
        raise _input_error(
            _("'{value}' is not an e-mail address: {error}").format(value=value, error=exc),
            field_name,
        ) from None


def _input_error(message: str, field_name: str) -> DeliveryError:
    error = DeliveryError(message, field=field_name)
    error.exit_code = 1  # bad input, not a delivery failure
    return error


def _one_line(value: str) -> str:
    """Fold any line breaks in a header value into spaces (field values are data)."""
    return " ".join(value.split())


def sender_domain(address: str) -> str:
    """Return the domain part of an address (``localhost`` if it has none)."""
    return address.rpartition("@")[2].strip(">").strip() or "localhost"


def new_message_id(sender_address: str) -> str:
    """Return a new globally unique Message-ID on the sender's domain, with angle brackets.

    96 random bits instead of :func:`email.utils.make_msgid`'s time.pid.random: shorter, so the
    header stays on one line for domains up to ~40 characters (a folded Message-ID is legal,
    but some readers, Python's own parser among them, keep the fold's leading space).
    """
    return f"<{secrets.token_hex(12)}@{sender_domain(sender_address)}>"


def build_message(
    mail: OutgoingMail, *, message_id: str | None = None, date: dt.datetime | None = None
) -> EmailMessage:
    """Build the MIME message: multipart/alternative text + HTML, then attachments.

    Args:
        mail: the message content and addresses.
        message_id: a fixed Message-ID (the outbox keeps it stable across retries).
        date: the Date header (defaults to now, in UTC).

    Raises:
        DeliveryError: an address is invalid or there is no recipient.
    """
    if not mail.to:
        raise _input_error(_("the message has no recipient"), "to")
    sender = parse_address(mail.sender_address, field_name="from", display_name=mail.sender_name)
    to = [parse_address(a, field_name="to") for a in mail.to]
    cc = [parse_address(a, field_name="cc") for a in mail.cc]
    msg = EmailMessage(policy=email.policy.SMTP)
    msg["From"] = sender
    msg["To"] = to
    if cc:
        msg["Cc"] = cc
    msg["Subject"] = _one_line(mail.subject)
    msg["Date"] = email.utils.format_datetime(date or dt.datetime.now(dt.UTC))
    msg["Message-ID"] = message_id or new_message_id(mail.sender_address)
    if mail.in_reply_to:
        msg["In-Reply-To"] = _one_line(mail.in_reply_to)
    references = [_one_line(r) for r in mail.references]
    if mail.in_reply_to and _one_line(mail.in_reply_to) not in references:
        references.append(_one_line(mail.in_reply_to))
    if references:
        msg["References"] = " ".join(references)
    if mail.reference:
        msg["X-Missiva-Reference"] = _one_line(mail.reference)
    for name, value in mail.extra_headers.items():
        msg[name] = _one_line(value)
    msg.set_content(mail.text, subtype="plain", charset="utf-8", cte="quoted-printable")
    if mail.html:
        msg.add_alternative(mail.html, subtype="html", charset="utf-8", cte="quoted-printable")
    for item in mail.attachments:
        maintype, _sep, subtype = item.mime_type.partition("/")
        msg.add_attachment(item.data, maintype=maintype, subtype=subtype, filename=item.filename)
    if mail.language:  # set last: making a multipart moves Content-* headers into the first part
        msg["Content-Language"] = _one_line(mail.language)
    return msg


def message_bytes(message: EmailMessage) -> bytes:
    """Serialise ``message`` with CRLF line ends, as sent over SMTP and saved as ``.eml``."""
    return message.as_bytes(policy=email.policy.SMTP)


def envelope(message: EmailMessage) -> tuple[str, list[str]]:
    """Return the envelope sender and recipients (To + Cc + Bcc) of ``message``."""
    sender = email.utils.parseaddr(str(message["From"]))[1]
    fields = [str(message[h]) for h in ("To", "Cc", "Bcc") if message[h] is not None]
    recipients = [addr for _name, addr in email.utils.getaddresses(fields) if addr]
    return sender, recipients


def parse_eml(data: bytes) -> EmailMessage:
    """Parse stored ``.eml`` bytes back into a message."""
    from email.parser import BytesParser

    parsed = BytesParser(policy=email.policy.default).parsebytes(data)
    assert isinstance(parsed, EmailMessage)
    return parsed


def recipients_text(addresses: Sequence[str]) -> str:
    """Join addresses for the outbox's ``recipients`` column."""
    return ", ".join(a.strip() for a in addresses)
