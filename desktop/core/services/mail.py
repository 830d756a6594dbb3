"""Use case: the e-mail outbox on the register — queue first, then send, retry with back-off.

Every message is stored (with its final bytes and a stable Message-ID) before any SMTP traffic,
so nothing is lost when the server is down. A message is *claimed* by a conditional update
(``queued`` -> ``sending``) so two senders never transmit the same row, and it becomes ``sent``
in the same transaction that marks its register entry ``sent``. A message left in ``sending``
(process killed mid-transaction) or whose connection dropped after the end of the data is never
resent automatically: the server may already hold it. See docs/decisions/0005.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from sqlalchemy import select, update

from desktop.core.delivery import (
    Attachment,
    MailTransport,
    OutgoingMail,
    SendResult,
    SmtpConfig,
    SmtpError,
    SmtpTransport,
    build_message,
    envelope,
    export_eml,
    message_bytes,
    new_message_id,
    parse_eml,
    smtp_password,
    split_recipients,
)
from desktop.core.errors import DeliveryError, RegisterError
from desktop.core.i18n import _
from desktop.core.models import Document
from desktop.core.register import OutboxMessage
from desktop.core.services.context import AppContext
from desktop.core.services.mail_content import (
    mail_for_document,
    mail_for_entry,
    with_edited_text,
)

logger = logging.getLogger(__name__)

STATUSES = ("queued", "sending", "sent", "failed")
BACKOFF_BASE = dt.timedelta(minutes=1)
BACKOFF_MAX = dt.timedelta(hours=6)
MAX_ATTEMPTS = 10
SENDING_LEASE = dt.timedelta(minutes=10)  # a claim older than this was interrupted


@dataclass(frozen=True)
class OutboxItem:
    """One outbox row without its bytes (for lists, JSON and the window)."""

    id: int
    entry_id: int | None
    message_id: str
    recipients: str
    subject: str
    status: str
    attempts: int
    last_error: str
    next_attempt_at: dt.datetime | None
    created_at: dt.datetime
    sent_at: dt.datetime | None
    refused: tuple[str, ...] = ()  # recipients the server refused in the attempt just made

    @property
    def accepted(self) -> tuple[str, ...]:
        """Return the recipients the message went to (all of them but the refused ones)."""
        refused = {r.lower() for r in self.refused}
        return tuple(r for r in split_recipients([self.recipients]) if r.lower() not in refused)

    @classmethod
    def of(cls, row: OutboxMessage) -> OutboxItem:
        """Copy the columns of ``row``."""
        return cls(
            row.id,
            row.entry_id,
            row.message_id,
            row.recipients,
            row.subject,
            row.status,
            row.attempts,
            row.last_error,
            row.next_attempt_at,
            row.created_at,
            row.sent_at,
        )

    def to_dict(self) -> dict[str, object]:
        """Return JSON-ready data."""
        data: dict[str, object] = {
            k: (v.isoformat() if isinstance(v, dt.datetime) else v) for k, v in vars(self).items()
        }
        data["refused"] = list(self.refused)
        data["accepted"] = list(self.accepted) if self.status == "sent" else []
        return data


def smtp_config(ctx: AppContext) -> SmtpConfig:
    """Build the SMTP configuration from ``[mail]`` settings and the keyring (or env) password."""
    mail = ctx.settings.mail
    return SmtpConfig(
        host=mail.host,
        port=mail.port,
        security=mail.security,
        username=mail.username,
        password=smtp_password(mail.host, mail.username) if mail.host else "",
        timeout=mail.timeout_seconds,
    )


def backoff(attempts: int) -> dt.timedelta:
    """Return the wait before the next attempt after ``attempts`` failures (1, 2, 4 ... min)."""
    return min(BACKOFF_BASE * (2 ** max(0, attempts - 1)), BACKOFF_MAX)


# -- queueing ---------------------------------------------------------------------------------


def queue_message(
    ctx: AppContext, mail: OutgoingMail, *, entry_id: int | None = None
) -> OutboxItem:
    """Build the message (stable Message-ID) and store it as ``queued``; nothing is sent yet."""
    now = ctx.register.now()
    message_id = new_message_id(mail.sender_address)
    data = message_bytes(build_message(mail, message_id=message_id, date=now))
    row = OutboxMessage(
        entry_id=entry_id,
        message_id=message_id,
        recipients=", ".join(mail.to + mail.cc),
        subject=" ".join(mail.subject.split()),
        eml=data,
        status="queued",
        attempts=0,
        last_error="",
        next_attempt_at=now,
        created_at=now,
    )
    with ctx.register.transaction() as session:
        session.add(row)
        session.flush()
        return OutboxItem.of(row)


# -- sending ----------------------------------------------------------------------------------


def _claim(ctx: AppContext, outbox_id: int) -> OutboxMessage | None:
    """Move one ``queued`` row to ``sending``; ``None`` if someone else holds or sent it."""
    with ctx.register.transaction() as session:
        # next_attempt_at doubles as "sending since" while the row is claimed (lease check)
        claimed = session.execute(
            update(OutboxMessage)
            .where(OutboxMessage.id == outbox_id, OutboxMessage.status == "queued")
            .values(
                status="sending",
                attempts=OutboxMessage.attempts + 1,
                next_attempt_at=ctx.register.now(),
            )
        ).rowcount
        if claimed != 1:
            return None
        return session.get(OutboxMessage, outbox_id)


def _mark_sent(ctx: AppContext, row: OutboxMessage, result: SendResult) -> None:
    register = ctx.register
    refused = "; ".join(f"{rcpt}: {code} {text}" for rcpt, (code, text) in result.refused.items())
    with register.transaction() as session:
        current = session.get(OutboxMessage, row.id, with_for_update=True)
        assert current is not None
        current.status, current.sent_at = "sent", register.now()
        current.last_error = (
            _("some recipients were refused: {replies}").format(replies=refused) if refused else ""
        )
        if current.entry_id is not None:
            entry = register.lookup_locked(session, current.entry_id)
            note = f"e-mailed to {current.recipients} as {current.message_id}"
            try:
                register.change_status(session, entry, "sent", note)
            except RegisterError as exc:  # e.g. voided meanwhile: the mail is out all the same
                logger.warning("outbox %s sent but entry not marked: %s", row.id, exc.message)
    logger.info("outbox %s sent: %s", row.id, result.reply)


def _mark_failed(ctx: AppContext, row: OutboxMessage, error: DeliveryError) -> None:
    register = ctx.register
    uncertain = isinstance(error, SmtpError) and error.uncertain
    permanent = isinstance(error, SmtpError) and error.permanent
    with register.transaction() as session:
        current = session.get(OutboxMessage, row.id, with_for_update=True)
        assert current is not None
        text = error.message
        if uncertain:
            current.status = "failed"
            text = _("outcome unknown, not resent automatically: {problem}").format(problem=text)
        elif permanent or current.attempts >= MAX_ATTEMPTS:
            current.status = "failed"
        else:
            current.status = "queued"
            current.next_attempt_at = register.now() + backoff(current.attempts)
        current.last_error = text


def deliver(ctx: AppContext, outbox_id: int, transport: MailTransport | None = None) -> OutboxItem:
    """Send one queued message now; failures are recorded on the row, never raised."""
    row = _claim(ctx, outbox_id)
    if row is None:
        return get_item(ctx, outbox_id)
    try:
        sender, recipients = envelope(parse_eml(row.eml))
        active = transport or SmtpTransport(smtp_config(ctx))
        result = active.send(row.eml, sender, recipients)
    except DeliveryError as exc:
        _mark_failed(ctx, row, exc)
    except Exception as exc:  # unexpected: keep the row recoverable, then let it surface
        _mark_failed(ctx, row, DeliveryError(_("unexpected error: {error}").format(error=exc)))
        raise
    else:
        _mark_sent(ctx, row, result)
        return replace(get_item(ctx, outbox_id), refused=tuple(result.refused))
    return get_item(ctx, outbox_id)


def send_entry(
    ctx: AppContext,
    ref: str | int,
    to: Sequence[str],
    *,
    attach: Sequence[str] = (),
    in_reply_to: str = "",
    transport: MailTransport | None = None,
    subject: str | None = None,
    text: str | None = None,
) -> OutboxItem:
    """Queue the e-mail of an issued entry, then try to send it; return the outbox row.

    With no ``to``, the entry's correspondent e-mail is used. ``subject`` and ``text``
    replace the composed ones (the window lets the person edit them before sending).
    """
    entry = ctx.register.get(ref)
    recipients = split_recipients(to) or (
        (entry.correspondent_email,) if entry.correspondent_email else ()
    )
    mail = mail_for_entry(ctx, entry, recipients, attach=attach)
    if subject is not None or text is not None:
        mail = with_edited_text(mail, subject=subject, text=text)
    if in_reply_to:
        mail = replace(mail, in_reply_to=in_reply_to)
    item = queue_message(ctx, mail, entry_id=entry.id)
    return deliver(ctx, item.id, transport)


def send_document(
    ctx: AppContext,
    doc: Document,
    to: Sequence[str],
    *,
    entry_id: int | None = None,
    attachments: Sequence[Attachment] = (),
    transport: MailTransport | None = None,
) -> OutboxItem:
    """Queue an e-mail Document (e.g. from a batch merge), then try to send it."""
    item = queue_message(
        ctx,
        mail_for_document(ctx, doc, split_recipients(to), attachments=attachments),
        entry_id=entry_id,
    )
    return deliver(ctx, item.id, transport)


def recover_interrupted(ctx: AppContext) -> list[OutboxItem]:
    """Mark rows stuck in ``sending`` beyond the lease as ``failed`` (outcome unknown)."""
    register = ctx.register
    limit = register.now() - SENDING_LEASE
    with register.transaction() as session:
        rows = session.scalars(
            select(OutboxMessage)
            .where(OutboxMessage.status == "sending", OutboxMessage.next_attempt_at < limit)
            .with_for_update()
        ).all()
        for row in rows:
            row.status = "failed"
            row.last_error = _(
                "interrupted while sending; the server may have accepted it. Check with the "
                "recipient or your Sent folder, then 'missiva outbox retry --id {number}' to "
                "send it again with the same Message-ID"
            ).format(number=row.id)
        return [OutboxItem.of(r) for r in rows]


def retry_due(
    ctx: AppContext, *, transport: MailTransport | None = None, include_not_due: bool = False
) -> list[OutboxItem]:
    """Send every queued message whose back-off has passed (or all queued ones); return them."""
    recover_interrupted(ctx)
    now = ctx.register.now()
    with ctx.register.reading() as session:
        stmt = select(OutboxMessage.id).where(OutboxMessage.status == "queued")
        if not include_not_due:
            stmt = stmt.where(OutboxMessage.next_attempt_at <= now)
        ids = list(session.scalars(stmt.order_by(OutboxMessage.id)))
    return [deliver(ctx, outbox_id, transport) for outbox_id in ids]


def requeue(ctx: AppContext, outbox_id: int) -> OutboxItem:
    """Put a ``failed`` message back in the queue (a person decided to send it again)."""
    with ctx.register.transaction() as session:
        row = session.get(OutboxMessage, outbox_id, with_for_update=True)
        if row is None:
            raise DeliveryError(_("no outbox message #{number}").format(number=outbox_id))
        if row.status == "sent":
            raise DeliveryError(
                _("outbox message #{number} was already sent on {date}").format(
                    number=outbox_id, date=row.sent_at
                )
            )
        if row.status in ("failed", "queued"):
            row.status, row.next_attempt_at = "queued", ctx.register.now()
        return OutboxItem.of(row)


# -- reading ----------------------------------------------------------------------------------


def get_item(ctx: AppContext, outbox_id: int) -> OutboxItem:
    """Return one outbox row (without bytes)."""
    with ctx.register.reading() as session:
        row = session.get(OutboxMessage, outbox_id)
        if row is None:
            raise DeliveryError(_("no outbox message #{number}").format(number=outbox_id))
        return OutboxItem.of(row)


def list_outbox(ctx: AppContext, *, status: str | None = None) -> list[OutboxItem]:
    """Return outbox rows, newest first, optionally of one status."""
    with ctx.register.reading() as session:
        stmt = select(OutboxMessage)
        if status:
            stmt = stmt.where(OutboxMessage.status == status)
        return [OutboxItem.of(r) for r in session.scalars(stmt.order_by(OutboxMessage.id.desc()))]


def outbox_eml(ctx: AppContext, outbox_id: int) -> bytes:
    """Return the stored bytes of one message."""
    with ctx.register.reading() as session:
        row = session.get(OutboxMessage, outbox_id)
        if row is None:
            raise DeliveryError(_("no outbox message #{number}").format(number=outbox_id))
        return bytes(row.eml)


def export_outbox_eml(ctx: AppContext, outbox_id: int, target: Path) -> Path:
    """Write one message as an ``.eml`` file (atomically); return the path written."""
    return export_eml(outbox_eml(ctx, outbox_id), target)
