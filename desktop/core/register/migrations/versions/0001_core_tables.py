"""Core register tables: entries, status history, files, counters and the chain head.

Revision ID: 0001
Revises:
Create Date: 2026-11-25
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from desktop.core.register.models import UTCDateTime

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "entries",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("reference", sa.String(200), nullable=True),
        sa.Column("series", sa.String(64), nullable=False, server_default=""),
        sa.Column("period", sa.String(16), nullable=False, server_default=""),
        sa.Column("seq", sa.Integer(), nullable=True),
        sa.Column("direction", sa.String(3), nullable=False, server_default="out"),
        sa.Column("kind", sa.String(16), nullable=False, server_default="letter"),
        sa.Column("template_id", sa.String(200), nullable=False, server_default=""),
        sa.Column("template_hash", sa.String(64), nullable=False, server_default=""),
        sa.Column("language", sa.String(16), nullable=False, server_default=""),
        sa.Column("subject", sa.Text(), nullable=False, server_default=""),
        sa.Column("correspondent_name", sa.Text(), nullable=False, server_default=""),
        sa.Column("correspondent_organisation", sa.Text(), nullable=False, server_default=""),
        sa.Column("correspondent_address", sa.Text(), nullable=False, server_default=""),
        sa.Column("correspondent_email", sa.String(320), nullable=False, server_default=""),
        sa.Column("author", sa.String(200), nullable=False, server_default=""),
        sa.Column("signatory", sa.String(200), nullable=False, server_default=""),
        sa.Column("entry_date", sa.Date(), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("issued_at", UTCDateTime(), nullable=True),
        sa.Column("sent_at", UTCDateTime(), nullable=True),
        sa.Column("printed_at", UTCDateTime(), nullable=True),
        sa.Column("received_at", sa.Date(), nullable=True),
        sa.Column("reply_by", sa.Date(), nullable=True),
        sa.Column("channel", sa.String(16), nullable=False, server_default="post"),
        sa.Column("status", sa.String(16), nullable=False, server_default="draft"),
        sa.Column("verification_code", sa.String(16), nullable=True),
        sa.Column("proofing_summary", sa.JSON(), nullable=True),
        sa.Column("override_reason", sa.Text(), nullable=True),
        sa.Column("in_reply_to_id", sa.Integer(), sa.ForeignKey("entries.id"), nullable=True),
        sa.Column("notes", sa.Text(), nullable=False, server_default=""),
        sa.Column("content", sa.JSON(), nullable=True),
        sa.Column("idempotency_key", sa.String(200), nullable=True),
        sa.Column("chain_seq", sa.BigInteger(), nullable=True),
        sa.Column("prev_hash", sa.String(64), nullable=False, server_default=""),
        sa.Column("entry_hash", sa.String(64), nullable=False, server_default=""),
        sa.Column("signed_by", sa.String(200), nullable=False, server_default=""),
        sa.Column("signature_kind", sa.String(8), nullable=False, server_default=""),
        sa.Column("cert_subject", sa.Text(), nullable=False, server_default=""),
        sa.Column("cert_serial", sa.String(128), nullable=False, server_default=""),
        sa.Column("cert_fingerprint_sha256", sa.String(64), nullable=False, server_default=""),
        sa.Column("signed_file_sha256", sa.String(64), nullable=False, server_default=""),
        sa.UniqueConstraint("reference", name="uq_entries_reference"),
        sa.UniqueConstraint("verification_code", name="uq_entries_verification_code"),
        sa.UniqueConstraint("idempotency_key", name="uq_entries_idempotency_key"),
        sa.UniqueConstraint("chain_seq", name="uq_entries_chain_seq"),
        sa.UniqueConstraint("series", "period", "seq", name="uq_entries_series_period_seq"),
    )
    op.create_index("ix_entries_entry_date", "entries", ["entry_date"])
    op.create_index("ix_entries_status", "entries", ["status"])
    op.create_index("ix_entries_direction_reply_by", "entries", ["direction", "reply_by"])

    op.create_table(
        "status_changes",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column(
            "entry_id", sa.Integer(), sa.ForeignKey("entries.id", ondelete="CASCADE"), nullable=False
        ),
        sa.Column("from_status", sa.String(16), nullable=False, server_default=""),
        sa.Column("to_status", sa.String(16), nullable=False),
        sa.Column("note", sa.Text(), nullable=False, server_default=""),
        sa.Column("changed_at", UTCDateTime(), nullable=False),
        sa.Column("changed_by", sa.String(200), nullable=False, server_default=""),
        sa.Column("row_hash", sa.String(64), nullable=False, server_default=""),
    )
    op.create_index("ix_status_changes_entry_id", "status_changes", ["entry_id"])

    op.create_table(
        "output_files",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column(
            "entry_id", sa.Integer(), sa.ForeignKey("entries.id", ondelete="CASCADE"), nullable=False
        ),
        sa.Column("format", sa.String(16), nullable=False),
        sa.Column("path", sa.Text(), nullable=False),
        sa.Column("sha256", sa.String(64), nullable=False),
        sa.Column("size", sa.BigInteger(), nullable=False, server_default="0"),
        sa.Column("role", sa.String(16), nullable=False, server_default="output"),
    )
    op.create_index("ix_output_files_entry_id", "output_files", ["entry_id"])
    op.create_index("ix_output_files_sha256", "output_files", ["sha256"])

    op.create_table(
        "counters",
        sa.Column("series", sa.String(64), primary_key=True),
        sa.Column("period", sa.String(16), primary_key=True),
        sa.Column("value", sa.Integer(), nullable=False, server_default="0"),
    )
    op.create_table(
        "chain_head",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("last_seq", sa.BigInteger(), nullable=False, server_default="0"),
        sa.Column("last_hash", sa.String(64), nullable=False, server_default=""),
    )
    op.execute("INSERT INTO chain_head (id, last_seq, last_hash) VALUES (1, 0, '')")


def downgrade() -> None:
    op.drop_table("chain_head")
    op.drop_table("counters")
    op.drop_table("output_files")
    op.drop_table("status_changes")
    op.drop_table("entries")
