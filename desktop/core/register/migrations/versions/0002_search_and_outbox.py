"""Search index (SQLite FTS5 trigram / PostgreSQL pg_trgm) and the e-mail outbox.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-25
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from desktop.core.register.codes import search_text_of
from desktop.core.register.models import UTCDateTime

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

_SQLITE_FTS = (
    "CREATE VIRTUAL TABLE entries_fts USING fts5("
    "search_text, content='entries', content_rowid='id', tokenize='trigram')",
    "CREATE TRIGGER entries_fts_ai AFTER INSERT ON entries BEGIN "
    "INSERT INTO entries_fts(rowid, search_text) VALUES (new.id, new.search_text); END",
    "CREATE TRIGGER entries_fts_ad AFTER DELETE ON entries BEGIN "
    "INSERT INTO entries_fts(entries_fts, rowid, search_text) "
    "VALUES ('delete', old.id, old.search_text); END",
    "CREATE TRIGGER entries_fts_au AFTER UPDATE OF search_text ON entries BEGIN "
    "INSERT INTO entries_fts(entries_fts, rowid, search_text) "
    "VALUES ('delete', old.id, old.search_text); "
    "INSERT INTO entries_fts(rowid, search_text) VALUES (new.id, new.search_text); END",
)


def _backfill_search_text() -> None:
    bind = op.get_bind()
    rows = bind.execute(
        sa.text(
            "SELECT id, reference, subject, correspondent_name, correspondent_organisation, "
            "correspondent_email FROM entries"
        )
    ).all()
    for row in rows:
        bind.execute(
            sa.text("UPDATE entries SET search_text = :t WHERE id = :i"),
            {"t": search_text_of(*row[1:]), "i": row[0]},
        )


def upgrade() -> None:
    op.add_column(
        "entries", sa.Column("search_text", sa.Text(), nullable=False, server_default="")
    )
    _backfill_search_text()
    bind = op.get_bind()
    if bind.dialect.name == "sqlite":
        for statement in _SQLITE_FTS:
            op.execute(statement)
        op.execute("INSERT INTO entries_fts(entries_fts) VALUES ('rebuild')")
    elif bind.dialect.name == "postgresql":
        with bind.begin_nested() as nested:
            try:
                bind.execute(sa.text("CREATE EXTENSION IF NOT EXISTS pg_trgm"))
            except sa.exc.DBAPIError:  # not allowed here: search still works, by a scan
                nested.rollback()
        has_trgm = bind.execute(
            sa.text("SELECT 1 FROM pg_extension WHERE extname = 'pg_trgm'")
        ).first()
        if has_trgm:
            op.execute(
                "CREATE INDEX ix_entries_search_trgm ON entries "
                "USING gin (search_text gin_trgm_ops)"
            )

    op.create_table(
        "outbox",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("entry_id", sa.Integer(), sa.ForeignKey("entries.id"), nullable=True),
        sa.Column("message_id", sa.String(400), nullable=False),
        sa.Column("recipients", sa.Text(), nullable=False, server_default=""),
        sa.Column("subject", sa.Text(), nullable=False, server_default=""),
        sa.Column("eml", sa.LargeBinary(), nullable=False),
        sa.Column("status", sa.String(16), nullable=False, server_default="queued"),
        sa.Column("attempts", sa.Integer(), nullable=False, server_default="0"),
        sa.Column("last_error", sa.Text(), nullable=False, server_default=""),
        sa.Column("next_attempt_at", UTCDateTime(), nullable=True),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("sent_at", UTCDateTime(), nullable=True),
        sa.UniqueConstraint("message_id", name="uq_outbox_message_id"),
    )
    op.create_index("ix_outbox_entry_id", "outbox", ["entry_id"])
    op.create_index("ix_outbox_status", "outbox", ["status"])


def downgrade() -> None:
    op.drop_table("outbox")
    bind = op.get_bind()
    if bind.dialect.name == "sqlite":
        for name in ("entries_fts_ai", "entries_fts_ad", "entries_fts_au"):
            op.execute(f"DROP TRIGGER IF EXISTS {name}")
        op.execute("DROP TABLE IF EXISTS entries_fts")
    else:
        op.execute("DROP INDEX IF EXISTS ix_entries_search_trgm")
    with op.batch_alter_table("entries") as batch:
        batch.drop_column("search_text")
