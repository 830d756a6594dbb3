"""The e-mail outbox on a real register and a real SMTP server on loopback (aiosmtpd).

Server down -> the message stays queued with the error -> server up -> retry sends it exactly
once; the register entry becomes ``sent`` with the time; nothing is ever sent twice.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
from collections.abc import Iterator
from email import message_from_bytes, policy
from pathlib import Path

import pytest
from reportlab.pdfgen import canvas
from smtp_support import Sink, free_port, smtp_server, write_mail_settings

from desktop.core.delivery import OutgoingMail, SmtpConfig, SmtpError, SmtpTransport
from desktop.core.errors import DeliveryError
from desktop.core.register import Entry, OutputFile
from desktop.core.services import mail
from desktop.core.services.context import AppContext


class Clock:
    """A settable clock (the register and the back-off read time only through it)."""

    def __init__(self) -> None:
        self.now = dt.datetime(2026, 11, 25, 9, 0, tzinfo=dt.UTC)

    def __call__(self) -> dt.datetime:
        return self.now


@pytest.fixture()
def clock() -> Clock:
    return Clock()


@pytest.fixture()
def port() -> int:
    return free_port()


@pytest.fixture()
def ctx(tmp_path: Path, clock: Clock, port: int, monkeypatch: pytest.MonkeyPatch) -> AppContext:
    data = tmp_path / "data"
    write_mail_settings(data, port)
    monkeypatch.delenv("MISSIVA_DATABASE_URL", raising=False)
    return AppContext.create(str(data), clock=clock)


@pytest.fixture()
def server(port: int) -> Iterator[Sink]:
    with smtp_server(port) as running:
        yield running.sink


def _pdf() -> bytes:
    buffer = io.BytesIO()
    drawing = canvas.Canvas(buffer, invariant=1)
    drawing.drawString(72, 720, "Silva & Filhos <Ltda>")
    drawing.showPage()
    drawing.save()
    return buffer.getvalue()


def _issue(ctx: AppContext, tmp_path: Path) -> Entry:
    """Register an issued letter with one PDF file (the rendering writers are not needed here)."""
    pdf = tmp_path / "OUT-2026-00001 Silva.pdf"
    pdf.write_bytes(_pdf())
    series = ctx.settings.series_by_id("OUT")
    with ctx.register.reserve(series, kind="letter") as reservation:
        entry = Entry(
            direction="out",
            kind="letter",
            language="pt-BR",
            subject="Reembolso aprovado",
            correspondent_name="Silva & Filhos <Ltda>",
        )
        entry.files.append(
            OutputFile(
                format="pdf",
                path=str(pdf),
                sha256=hashlib.sha256(pdf.read_bytes()).hexdigest(),
                size=1,
            )
        )
        reservation.record(entry, status="issued")
    return ctx.register.get(entry.reference)


def test_outbox_send_entry_marks_entry_sent(
    ctx: AppContext, server: Sink, tmp_path: Path, clock: Clock
) -> None:
    """Sending an entry delivers one message with the PDF; outbox and entry are 'sent' with the time."""
    entry = _issue(ctx, tmp_path)
    item = mail.send_entry(ctx, entry.reference, ["cliente@example.com"])
    assert item.status == "sent" and item.sent_at == clock.now and item.attempts == 1
    [raw] = server.messages
    received = message_from_bytes(raw, policy=policy.default)
    assert received["Message-ID"] == item.message_id
    assert received["Content-Language"] == "pt-BR"
    [part] = list(received.iter_attachments())  # type: ignore[attr-defined]
    assert hashlib.sha256(part.get_content()).hexdigest() == entry.files[0].sha256
    updated = ctx.register.get(entry.reference)
    assert updated.status == "sent" and updated.sent_at == clock.now


def test_outbox_server_down_then_retry_sends_exactly_once(
    ctx: AppContext, port: int, tmp_path: Path, clock: Clock
) -> None:
    """Server down: queued with the error; server up: retry sends it once; more retries send nothing."""
    entry = _issue(ctx, tmp_path)
    item = mail.send_entry(ctx, entry.reference, ["cliente@example.com"])
    assert item.status == "queued" and item.attempts == 1
    assert "cannot connect to the SMTP server" in item.last_error
    assert item.next_attempt_at == clock.now + mail.backoff(1)
    assert ctx.register.get(entry.reference).status == "issued"
    with smtp_server(port) as running:
        assert mail.retry_due(ctx) == []  # back-off not over yet: nothing is sent
        clock.now += dt.timedelta(minutes=2)
        [retried] = mail.retry_due(ctx)
        assert retried.status == "sent" and retried.attempts == 2
        assert mail.retry_due(ctx, include_not_due=True) == []
        assert mail.deliver(ctx, item.id).status == "sent"  # a second send of the same row
    assert len(running.sink.messages) == 1
    assert (
        message_from_bytes(running.sink.messages[0], policy=policy.default)["Message-ID"]
        == item.message_id
    )
    assert ctx.register.get(entry.reference).status == "sent"


def test_outbox_backoff_grows_and_gives_up(ctx: AppContext, clock: Clock) -> None:
    """Each failure doubles the wait; after MAX_ATTEMPTS the message is 'failed' with the error."""
    queued = mail.queue_message(
        ctx, OutgoingMail("care@nusantara-trading.example", ("a@example.com",), "Hi", "Text")
    )
    waits = []
    for _ in range(mail.MAX_ATTEMPTS):
        item = mail.deliver(ctx, queued.id)
        if item.status == "queued":
            waits.append(item.next_attempt_at - clock.now)
            clock.now = item.next_attempt_at
    assert waits[:3] == [dt.timedelta(minutes=1), dt.timedelta(minutes=2), dt.timedelta(minutes=4)]
    assert item.status == "failed" and item.attempts == mail.MAX_ATTEMPTS
    assert "cannot connect" in item.last_error


class DropAfterData:
    """A transport whose connection dies after the message was fully sent (a real server got it)."""

    def __init__(self, inner: SmtpTransport) -> None:
        self.inner = inner

    def send(self, data: bytes, sender: str, recipients: list[str]):  # type: ignore[no-untyped-def]
        self.inner.send(data, sender, recipients)
        raise SmtpError("the connection was lost after the message was sent", uncertain=True)


def test_outbox_uncertain_outcome_is_not_resent(ctx: AppContext, server: Sink, port: int) -> None:
    """A connection lost after the data leaves the message 'failed', and retry does not resend it."""
    queued = mail.queue_message(
        ctx, OutgoingMail("care@nusantara-trading.example", ("a@example.com",), "Hi", "Text")
    )
    transport = DropAfterData(SmtpTransport(SmtpConfig("127.0.0.1", port, security="none")))
    item = mail.deliver(ctx, queued.id, transport)
    assert item.status == "failed" and item.last_error.startswith("outcome unknown")
    assert mail.retry_due(ctx, include_not_due=True) == []
    assert len(server.messages) == 1


def test_outbox_interrupted_sending_needs_a_person(
    ctx: AppContext, server: Sink, clock: Clock
) -> None:
    """A row left in 'sending' (process killed) becomes 'failed' after the lease, never resent by retry."""
    queued = mail.queue_message(
        ctx, OutgoingMail("care@nusantara-trading.example", ("a@example.com",), "Hi", "Text")
    )
    assert mail._claim(ctx, queued.id) is not None  # the claim a killed process left behind
    assert mail.retry_due(ctx) == []
    clock.now += mail.SENDING_LEASE + dt.timedelta(seconds=1)
    assert mail.retry_due(ctx) == []
    item = mail.get_item(ctx, queued.id)
    assert item.status == "failed" and "may have accepted it" in item.last_error
    assert server.messages == []
    mail.requeue(ctx, queued.id)  # a person decides to send it again, same Message-ID
    [sent] = mail.retry_due(ctx)
    assert sent.status == "sent" and sent.message_id == queued.message_id
    assert len(server.messages) == 1


def test_outbox_requeue_refuses_sent_message(ctx: AppContext, server: Sink) -> None:
    """A sent message cannot be put back in the queue."""
    queued = mail.queue_message(
        ctx, OutgoingMail("care@nusantara-trading.example", ("a@example.com",), "Hi", "Text")
    )
    mail.deliver(ctx, queued.id)
    with pytest.raises(DeliveryError, match="already sent"):
        mail.requeue(ctx, queued.id)


def test_outbox_refuses_changed_file(ctx: AppContext, tmp_path: Path) -> None:
    """An issued file changed on disk is not attached, and nothing is queued."""
    entry = _issue(ctx, tmp_path)
    Path(entry.files[0].path).write_bytes(b"%PDF-1.7 changed")
    with pytest.raises(DeliveryError, match="changed after it was issued"):
        mail.send_entry(ctx, entry.reference, ["cliente@example.com"])
    assert mail.list_outbox(ctx) == []


def test_outbox_export_eml_matches_stored_bytes(ctx: AppContext, tmp_path: Path) -> None:
    """The exported .eml is byte for byte the queued message."""
    queued = mail.queue_message(
        ctx, OutgoingMail("care@nusantara-trading.example", ("a@example.com",), "Olá", "Texto")
    )
    target = mail.export_outbox_eml(ctx, queued.id, tmp_path / "out.eml")
    assert target.read_bytes() == mail.outbox_eml(ctx, queued.id)
    assert b"Message-ID: " + queued.message_id.encode() in target.read_bytes()


def test_outbox_email_entry_uses_its_body_and_reply_headers(
    ctx: AppContext, server: Sink, tmp_path: Path
) -> None:
    """An issued e-mail (txt + html files) is sent as its own body, threaded as a reply."""
    text, page = tmp_path / "OUT.txt", tmp_path / "OUT.html"
    text.write_text("Olá {{ 7*7 }} *x* & <b>\n", encoding="utf-8")
    page.write_text("<p>Olá {{ 7*7 }} &amp; &lt;b&gt;</p>", encoding="utf-8")
    with ctx.register.reserve(ctx.settings.series_by_id("OUT"), kind="email") as reservation:
        entry = Entry(direction="out", kind="email", language="id", subject="Pesanan dikirim")
        for fmt, path in (("txt", text), ("html", page)):
            digest = hashlib.sha256(path.read_bytes()).hexdigest()
            entry.files.append(OutputFile(format=fmt, path=str(path), sha256=digest, size=1))
        reservation.record(entry, status="issued")
    item = mail.send_entry(
        ctx, entry.reference, ["a@example.com"], in_reply_to="<q.1@customer.example>"
    )
    assert item.status == "sent"
    received = message_from_bytes(server.messages[0], policy=policy.default)
    assert received["Subject"] == "Pesanan dikirim"
    assert received["In-Reply-To"] == "<q.1@customer.example>"
    assert received["Content-Language"] == "id"
    assert list(received.iter_attachments()) == []  # type: ignore[attr-defined]
    plain = received.get_body(preferencelist=("plain",)).get_content()  # type: ignore[attr-defined]
    assert plain.replace("\r\n", "\n") == "Olá {{ 7*7 }} *x* & <b>\n"


def test_outbox_send_entry_defaults_to_correspondent_email(
    ctx: AppContext, server: Sink, tmp_path: Path
) -> None:
    """Without --to the entry's correspondent e-mail receives the letter."""
    entry = _issue(ctx, tmp_path)
    with ctx.register.transaction() as session:
        ctx.register.lookup_locked(session, entry.id).correspondent_email = "silva@example.com"
    item = mail.send_entry(ctx, entry.reference, [])
    assert item.status == "sent" and item.recipients == "silva@example.com"


def test_outbox_send_entry_without_any_recipient_is_input_error(
    ctx: AppContext, tmp_path: Path
) -> None:
    """No --to and no correspondent e-mail is a clear input error; nothing is queued."""
    entry = _issue(ctx, tmp_path)
    with pytest.raises(DeliveryError, match="no recipient") as caught:
        mail.send_entry(ctx, entry.reference, [])
    assert caught.value.exit_code == 1
    assert mail.list_outbox(ctx) == []


class PickySink(Sink):
    """A server that refuses recipients named nobody@... (550), like an unknown mailbox."""

    def __init__(self) -> None:
        super().__init__()
        self.rcpts: list[list[str]] = []

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options) -> str:
        if address.startswith("nobody@"):
            return "550 5.1.1 No such user"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope) -> str:
        self.rcpts.append(list(envelope.rcpt_tos))
        return await super().handle_DATA(server, session, envelope)


@pytest.fixture()
def picky(port: int) -> Iterator[PickySink]:
    with smtp_server(port, PickySink()) as running:
        yield running.sink  # type: ignore[misc]


def test_outbox_partly_refused_recipients_are_noted(ctx: AppContext, picky: PickySink) -> None:
    """One refused recipient: sent to the others, and the refusal is kept on the row."""
    queued = mail.queue_message(
        ctx,
        OutgoingMail(
            "care@nusantara-trading.example", ("a@example.com", "nobody@example.com"), "Hi", "Text"
        ),
    )
    item = mail.deliver(ctx, queued.id)
    assert item.status == "sent"
    assert "nobody@example.com: 550" in item.last_error
    assert picky.rcpts == [["a@example.com"]]


def test_outbox_every_recipient_refused_is_permanent_failure(
    ctx: AppContext, picky: PickySink
) -> None:
    """All recipients refused with 5xx: failed at once, no retry scheduled, nothing delivered."""
    queued = mail.queue_message(
        ctx, OutgoingMail("care@nusantara-trading.example", ("nobody@example.com",), "Hi", "Text")
    )
    item = mail.deliver(ctx, queued.id)
    assert item.status == "failed" and "550" in item.last_error
    assert mail.retry_due(ctx, include_not_due=True) == []
    assert picky.messages == []
