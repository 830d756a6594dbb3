"""PostgreSQL: keep the number of entries in a one-row table so the unfiltered list counts fast.

SQLite counts a million rows quickly enough; PostgreSQL's ``count(*)`` must visit every row, so
statement-level triggers (one update per statement, even for COPY) keep ``entry_totals.total``.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-25
"""

from __future__ import annotations

from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

_UP = (
    "CREATE TABLE entry_totals (id integer PRIMARY KEY, total bigint NOT NULL)",
    "INSERT INTO entry_totals (id, total) SELECT 1, count(*) FROM entries",
    """CREATE FUNCTION missiva_entries_added() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        UPDATE entry_totals SET total = total + (SELECT count(*) FROM added) WHERE id = 1;
        RETURN NULL;
    END $$""",
    """CREATE FUNCTION missiva_entries_removed() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        UPDATE entry_totals SET total = total - (SELECT count(*) FROM removed) WHERE id = 1;
        RETURN NULL;
    END $$""",
    "CREATE TRIGGER entries_totals_insert AFTER INSERT ON entries REFERENCING NEW TABLE AS added "
    "FOR EACH STATEMENT EXECUTE FUNCTION missiva_entries_added()",
    "CREATE TRIGGER entries_totals_delete AFTER DELETE ON entries REFERENCING OLD TABLE AS removed "
    "FOR EACH STATEMENT EXECUTE FUNCTION missiva_entries_removed()",
)
_DOWN = (
    "DROP TRIGGER IF EXISTS entries_totals_delete ON entries",
    "DROP TRIGGER IF EXISTS entries_totals_insert ON entries",
    "DROP FUNCTION IF EXISTS missiva_entries_removed()",
    "DROP FUNCTION IF EXISTS missiva_entries_added()",
    "DROP TABLE IF EXISTS entry_totals",
)


def upgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        for statement in _UP:
            op.execute(statement)


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        for statement in _DOWN:
            op.execute(statement)
