"""Alembic environment: runs on the connection that ``entitywatch.store`` passes in."""

from __future__ import annotations

from alembic import context

from entitywatch.store.schema import metadata

connection = context.config.attributes.get("connection")
if connection is None:  # pragma: no cover - entitywatch always passes its connection
    raise RuntimeError("run migrations through entitywatch.store.database.open_store()")

context.configure(
    connection=connection,
    target_metadata=metadata,
    render_as_batch=connection.dialect.name == "sqlite",
)
with context.begin_transaction():
    context.run_migrations()
