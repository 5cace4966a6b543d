"""The database schema: Alembic migrations (`nhsbot db upgrade`) for SQLite and PostgreSQL.

A brand-new database gets every table in one step and is stamped with the newest revision; an
existing one is upgraded revision by revision, so data survives schema changes.
"""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import inspect
from sqlalchemy.engine import Connection, Engine
from sqlmodel import SQLModel

from db import alert_models, coordination, models  # noqa: F401  (register every table)

MIGRATIONS = Path(__file__).parent / "migrations"


def _config(connection: Connection) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.attributes["connection"] = connection
    return config


def head_revision() -> str:
    """The newest migration."""
    return ScriptDirectory(str(MIGRATIONS)).get_current_head() or ""


def current_revision(engine: Engine) -> str | None:
    """The revision a database is at (None before any migration)."""
    with engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


def upgrade(engine: Engine, revision: str = "head") -> None:
    """Run the migrations up to `revision`."""
    with engine.begin() as connection:
        command.upgrade(_config(connection), revision)


def ensure_schema(engine: Engine) -> None:
    """Make the schema current: create a new database outright, migrate an existing one."""
    if current_revision(engine) == head_revision():
        return
    existing = set(inspect(engine).get_table_names())
    if not existing & set(SQLModel.metadata.tables):
        with engine.begin() as connection:
            SQLModel.metadata.create_all(connection)
            command.stamp(_config(connection), "head")
        return
    upgrade(engine)
