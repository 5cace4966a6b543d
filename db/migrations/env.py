"""Alembic environment: runs on the connection `db.schema` hands over (no alembic.ini, no env)."""

from __future__ import annotations

from alembic import context
from sqlmodel import SQLModel

from db import alert_models, coordination, models  # noqa: F401  (register every table)

connection = context.config.attributes["connection"]
context.configure(
    connection=connection,
    target_metadata=SQLModel.metadata,
    # SQLite cannot ALTER most things in place: batch mode copies the table instead.
    render_as_batch=connection.dialect.name == "sqlite",
    compare_type=True,
)
with context.begin_transaction():
    context.run_migrations()
