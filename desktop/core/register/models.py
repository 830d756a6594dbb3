"""SQLAlchemy 2 models of the correspondence register (the schema the migrations create).

One :class:`Entry` per letter in or out (drafts included, without a reference). Status changes
are rows of :class:`StatusChange`, never overwritten. Output and incoming files are
:class:`OutputFile` rows with their SHA-256. :class:`Counter` holds the last number per series
and period; :class:`ChainHead` the end of the hash chain. :class:`OutboxMessage` is the e-mail
outbox used by the delivery package. Column names are a contract shared with other packages.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    String,
    Text,
    TypeDecorator,
    UniqueConstraint,
)
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

DIRECTIONS = ("out", "in")
CHANNELS = ("post", "email", "hand", "chat")
STATUSES = ("draft", "issued", "received", "sent", "printed", "replied", "void")
OUTBOX_STATUSES = ("queued", "sending", "sent", "failed")


class UTCDateTime(TypeDecorator[dt.datetime]):
    """A timezone-aware datetime stored as UTC on every database (SQLite keeps no zone)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: dt.datetime | None, dialect: Dialect) -> dt.datetime | None:
        """Convert to UTC (naive values are taken as UTC); SQLite gets a naive UTC value."""
        if value is None:
            return None
        if value.tzinfo is None:
            value = value.replace(tzinfo=dt.UTC)
        value = value.astimezone(dt.UTC)
        if dialect.name == "sqlite":
            return value.replace(tzinfo=None)
        return value

    def process_result_value(self, value: Any, dialect: Dialect) -> dt.datetime | None:
        """Return an aware UTC datetime."""
        if value is None:
            return None
        if isinstance(value, str):  # raw SQLite text (e.g. from a hand-written query)
            value = dt.datetime.fromisoformat(value)
        if value.tzinfo is None:
            return value.replace(tzinfo=dt.UTC)
        return value.astimezone(dt.UTC)


class Base(DeclarativeBase):
    """Declarative base of the register schema."""


class Entry(Base):
    """One register entry: an outgoing letter (issued or draft) or an incoming item."""

    __tablename__ = "entries"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    reference: Mapped[str | None] = mapped_column(String(200), unique=True)
    series: Mapped[str] = mapped_column(String(64), default="")
    period: Mapped[str] = mapped_column(String(16), default="")
    seq: Mapped[int | None] = mapped_column(Integer)
    direction: Mapped[str] = mapped_column(String(3), default="out")
    kind: Mapped[str] = mapped_column(String(16), default="letter")
    template_id: Mapped[str] = mapped_column(String(200), default="")
    template_hash: Mapped[str] = mapped_column(String(64), default="")
    language: Mapped[str] = mapped_column(String(16), default="")
    subject: Mapped[str] = mapped_column(Text, default="")
    correspondent_name: Mapped[str] = mapped_column(Text, default="")
    correspondent_organisation: Mapped[str] = mapped_column(Text, default="")
    correspondent_address: Mapped[str] = mapped_column(Text, default="")
    correspondent_email: Mapped[str] = mapped_column(String(320), default="")
    author: Mapped[str] = mapped_column(String(200), default="")
    signatory: Mapped[str] = mapped_column(String(200), default="")
    entry_date: Mapped[dt.date] = mapped_column(Date, index=True)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    issued_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    sent_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    printed_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    received_at: Mapped[dt.date | None] = mapped_column(Date)
    reply_by: Mapped[dt.date | None] = mapped_column(Date)
    channel: Mapped[str] = mapped_column(String(16), default="post")
    status: Mapped[str] = mapped_column(String(16), default="draft", index=True)
    verification_code: Mapped[str | None] = mapped_column(String(16), unique=True)
    proofing_summary: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    override_reason: Mapped[str | None] = mapped_column(Text)
    in_reply_to_id: Mapped[int | None] = mapped_column(ForeignKey("entries.id"))
    notes: Mapped[str] = mapped_column(Text, default="")
    content: Mapped[dict[str, Any] | None] = mapped_column(JSON)  # drafts: values and body text
    search_text: Mapped[str] = mapped_column(Text, default="")  # folded text for search
    idempotency_key: Mapped[str | None] = mapped_column(String(200), unique=True)
    chain_seq: Mapped[int | None] = mapped_column(BigInteger, unique=True)
    prev_hash: Mapped[str] = mapped_column(String(64), default="")
    entry_hash: Mapped[str] = mapped_column(String(64), default="")
    # Signature facts, filled by the signing service (not covered by the chain hash: the
    # signed file's own SHA-256 is, through OutputFile).
    signed_by: Mapped[str] = mapped_column(String(200), default="")
    signature_kind: Mapped[str] = mapped_column(String(8), default="")  # "" | "pades" | "cms"
    cert_subject: Mapped[str] = mapped_column(Text, default="")
    cert_serial: Mapped[str] = mapped_column(String(128), default="")
    cert_fingerprint_sha256: Mapped[str] = mapped_column(String(64), default="")
    signed_file_sha256: Mapped[str] = mapped_column(String(64), default="")

    files: Mapped[list[OutputFile]] = relationship(
        back_populates="entry", order_by="OutputFile.id", cascade="all, delete-orphan"
    )
    history: Mapped[list[StatusChange]] = relationship(
        back_populates="entry", order_by="StatusChange.id", cascade="all, delete-orphan"
    )
    in_reply_to: Mapped[Entry | None] = relationship(remote_side=[id])

    __table_args__ = (
        UniqueConstraint("series", "period", "seq", name="uq_entries_series_period_seq"),
        Index("ix_entries_direction_reply_by", "direction", "reply_by"),
    )

    @property
    def display_reference(self) -> str:
        """Return the reference, or "draft #<id>" for a draft."""
        return self.reference or f"draft #{self.id}"


class StatusChange(Base):
    """One change of an entry's status (history is appended, never rewritten)."""

    __tablename__ = "status_changes"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    entry_id: Mapped[int] = mapped_column(ForeignKey("entries.id", ondelete="CASCADE"), index=True)
    from_status: Mapped[str] = mapped_column(String(16), default="")
    to_status: Mapped[str] = mapped_column(String(16))
    note: Mapped[str] = mapped_column(Text, default="")
    changed_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    changed_by: Mapped[str] = mapped_column(String(200), default="")
    row_hash: Mapped[str] = mapped_column(String(64), default="")

    entry: Mapped[Entry] = relationship(back_populates="history")


class OutputFile(Base):
    """A file belonging to an entry: an issued DOCX/PDF, a signature, or an incoming copy."""

    __tablename__ = "output_files"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    entry_id: Mapped[int] = mapped_column(ForeignKey("entries.id", ondelete="CASCADE"), index=True)
    format: Mapped[str] = mapped_column(String(16))
    path: Mapped[str] = mapped_column(Text)
    sha256: Mapped[str] = mapped_column(String(64), index=True)
    size: Mapped[int] = mapped_column(BigInteger, default=0)
    role: Mapped[str] = mapped_column(String(16), default="output")  # output | incoming | signature

    entry: Mapped[Entry] = relationship(back_populates="files")


class Counter(Base):
    """The last number taken in a series and period (the row locked while issuing)."""

    __tablename__ = "counters"

    series: Mapped[str] = mapped_column(String(64), primary_key=True)
    period: Mapped[str] = mapped_column(String(16), primary_key=True)
    value: Mapped[int] = mapped_column(Integer, default=0)


class ChainHead(Base):
    """The end of the hash chain (one row, id 1): detects deletion of the newest entries."""

    __tablename__ = "chain_head"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    last_seq: Mapped[int] = mapped_column(BigInteger, default=0)
    last_hash: Mapped[str] = mapped_column(String(64), default="")


class OutboxMessage(Base):
    """An e-mail waiting to be sent, being sent, sent or failed (used by the delivery package)."""

    __tablename__ = "outbox"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    entry_id: Mapped[int | None] = mapped_column(ForeignKey("entries.id"), index=True)
    message_id: Mapped[str] = mapped_column(String(400), unique=True)
    recipients: Mapped[str] = mapped_column(Text, default="")
    subject: Mapped[str] = mapped_column(Text, default="")
    eml: Mapped[bytes] = mapped_column(LargeBinary)
    status: Mapped[str] = mapped_column(String(16), default="queued", index=True)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    last_error: Mapped[str] = mapped_column(Text, default="")
    next_attempt_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    sent_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)

    entry: Mapped[Entry | None] = relationship()
