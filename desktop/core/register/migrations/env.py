"""Alembic environment: migrate the connection handed over by ``desktop.core.register.db``.

Works from a checkout and from an installed wheel: no alembic.ini, the caller builds the
``Config`` with ``script_location`` pointing at this folder and puts an open connection (already
inside a transaction and holding the migration lock) in ``config.attributes["connection"]``.
"""

from __future__ import annotations

from alembic import context

from desktop.core.register.models import Base

connection = context.config.attributes.get("connection")
if connection is None:  # pragma: no cover - only programmatic use is supported
    raise RuntimeError("run register migrations through desktop.core.register.db.migrate()")

context.configure(
    connection=connection,
    target_metadata=Base.metadata,
    render_as_batch=connection.dialect.name == "sqlite",
    compare_type=True,
)
with context.begin_transaction():
    context.run_migrations()
