"""The MIME builder: alternatives, attachments, headers, address checks, no header injection."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

import pytest

from desktop.core.delivery import (
    Attachment,
    OutgoingMail,
    build_message,
    envelope,
    message_bytes,
    parse_eml,
)
from desktop.core.errors import DeliveryError

BASE = OutgoingMail(
    sender_address="desk@example.org",
    sender_name="Atendimento — Missiva",
    to=("Ana Silva <ana@example.com>",),
    subject="Silva & Filhos <Ltda> {{ 7*7 }} *x* _x_ =SUM(A1) 🙂",
    text="Olá, Ana.\n\nSeu reembolso foi aprovado.",
    html="<p>Olá, Ana.</p>",
    language="pt-BR",
)


def _roundtrip(mail: OutgoingMail, **kwargs: object):
    return parse_eml(message_bytes(build_message(mail, **kwargs)))  # type: ignore[arg-type]


def test_build_message_has_text_and_html_alternatives() -> None:
    """Text and HTML are alternatives of one another, text first."""
    parsed = _roundtrip(BASE)
    assert parsed.get_content_type() == "multipart/alternative"
    types = [p.get_content_type() for p in parsed.iter_parts()]
    assert types == ["text/plain", "text/html"]


def test_build_message_subject_is_literal() -> None:
    """Markup-like characters and emoji in the subject come back literally."""
    assert _roundtrip(BASE)["Subject"] == BASE.subject


def test_build_message_sender_name_and_address() -> None:
    """From carries the display name and address; To is parsed."""
    parsed = _roundtrip(BASE)
    assert parsed["From"].addresses[0].display_name == "Atendimento — Missiva"
    assert parsed["From"].addresses[0].addr_spec == "desk@example.org"
    assert parsed["To"].addresses[0].addr_spec == "ana@example.com"


def test_build_message_message_id_on_sender_domain() -> None:
    """A new Message-ID is on the sender's domain."""
    message_id = _roundtrip(BASE)["Message-ID"]
    assert message_id.startswith("<") and message_id.endswith("@example.org>")


def test_build_message_keeps_given_message_id_and_date() -> None:
    """A fixed Message-ID and Date are used as given (stable across outbox retries)."""
    when = dt.datetime(2026, 11, 22, 14, 30, tzinfo=dt.UTC)
    parsed = _roundtrip(BASE, message_id="<fixed.1@example.org>", date=when)
    assert parsed["Message-ID"] == "<fixed.1@example.org>"
    assert parsed["Date"].datetime == when


def test_build_message_content_language_on_top_level() -> None:
    """Content-Language is the document's language, on the top-level message."""
    with_attachment = replace(BASE, attachments=(Attachment("a.pdf", b"%PDF"),))
    assert _roundtrip(with_attachment)["Content-Language"] == "pt-BR"
    assert _roundtrip(replace(BASE, html="", language="id"))["Content-Language"] == "id"


def test_build_message_reply_headers() -> None:
    """A reply carries In-Reply-To and References ending with the answered message."""
    reply = replace(
        BASE, in_reply_to="<orig.9@customer.example>", references=("<older.1@x.example>",)
    )
    parsed = _roundtrip(reply)
    assert parsed["In-Reply-To"] == "<orig.9@customer.example>"
    assert parsed["References"].split() == ["<older.1@x.example>", "<orig.9@customer.example>"]


@pytest.mark.parametrize(
    ("filename", "mime"),
    [
        ("OUT-2026-00001.pdf", "application/pdf"),
        (
            "OUT-2026-00001.docx",
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        ),
        ("OUT-2026-00001.docx.p7s", "application/pkcs7-signature"),
        ("notes.xyz", "application/octet-stream"),
    ],
)
def test_build_message_attachment_mime_type(filename: str, mime: str) -> None:
    """Attachments get the MIME type of their suffix and keep their bytes."""
    data = bytes(range(256)) * 3
    parsed = _roundtrip(replace(BASE, attachments=(Attachment(filename, data),)))
    [part] = list(parsed.iter_attachments())
    assert part.get_content_type() == mime
    assert part.get_filename() == filename
    assert part.get_content() == data


def test_build_message_folds_line_breaks_in_subject() -> None:
    """A line break in a field value cannot add a header (no Bcc injection)."""
    parsed = _roundtrip(replace(BASE, subject="Hello\r\nBcc: evil@example.net"))
    assert parsed["Bcc"] is None
    assert parsed["Subject"] == "Hello Bcc: evil@example.net"


@pytest.mark.parametrize(
    "address",
    [
        "",
        "ana",
        "ana@",
        "@example.com",
        "ana@localhost",
        "a b@example.com",
        "x@y.com\nBcc: z@w.com",
    ],
)
def test_build_message_bad_recipient_is_input_error(address: str) -> None:
    """A malformed recipient is a DeliveryError naming the field, with exit code 1 (input)."""
    with pytest.raises(DeliveryError) as caught:
        build_message(replace(BASE, to=(address,)))
    assert caught.value.field == "to"
    assert caught.value.exit_code == 1


def test_build_message_without_recipient_is_refused() -> None:
    """A message with no recipient is refused."""
    with pytest.raises(DeliveryError, match="no recipient"):
        build_message(replace(BASE, to=()))


def test_message_bytes_use_crlf_and_envelope() -> None:
    """The stored bytes use CRLF line ends; the envelope lists To and Cc addresses."""
    message = build_message(replace(BASE, cc=("copy@example.com",)))
    data = message_bytes(message)
    assert b"\r\n" in data and b"\n" not in data.replace(b"\r\n", b"")
    assert envelope(message) == ("desk@example.org", ["ana@example.com", "copy@example.com"])


def test_build_message_internationalised_domain_as_punycode() -> None:
    """A non-ASCII domain is sent in its ASCII (IDNA) form."""
    parsed = _roundtrip(replace(BASE, to=("Ana <ana@exémplo.com.br>",)))
    assert parsed["To"].addresses[0].addr_spec == "ana@xn--exmplo-cva.com.br"


def test_build_message_non_ascii_local_part_is_refused() -> None:
    """A non-ASCII local part (needs SMTPUTF8) is a clear input error."""
    with pytest.raises(DeliveryError, match="SMTPUTF8") as caught:
        build_message(replace(BASE, to=("joão@exemplo.com.br",)))
    assert caught.value.exit_code == 1
