"""The database schema: Alembic migrations (`nhsbot db upgrade`) for SQLite and PostgreSQL.

A brand-new database gets every table in one step and is stamped with the newest revision; an
existing one is upgraded revision by revision, so data survives schema changes.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import inspect, text
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.exc import DatabaseError
from sqlmodel import SQLModel

from db import alert_models, coordination, models  # noqa: F401  (register every table)

MIGRATIONS = Path(__file__).parent / "migrations"
# Databases made before migrations existed have exactly this revision's tables.
BASELINE = "0001_initial"
# The newest revision, so that checking an up-to-date database (every CLI call) needs no
# Alembic import (~0.1 s); tests/db/test_schema.py proves it equals Alembic's head.
HEAD = "0002_claimed_by"

if TYPE_CHECKING:
    from alembic.config import Config


def _config(connection: Connection) -> Config:
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.attributes["connection"] = connection
    return config


def head_revision() -> str:
    """The newest migration, as Alembic reads the migrations folder."""
    from alembic.script import ScriptDirectory

    return ScriptDirectory(str(MIGRATIONS)).get_current_head() or ""


def current_revision(engine: Engine) -> str | None:
    """The revision a database is at (None before any migration)."""
    with engine.connect() as connection:
        try:
            return connection.execute(text("SELECT version_num FROM alembic_version")).scalar()
        except DatabaseError:  # no alembic_version table yet
            return None


def upgrade(engine: Engine, revision: str = "head") -> None:
    """Run the migrations up to `revision`."""
    from alembic import command

    with engine.begin() as connection:
        command.upgrade(_config(connection), revision)


def ensure_schema(engine: Engine) -> None:
    """Make the schema current: create a new database outright, migrate an existing one."""
    if current_revision(engine) == HEAD:
        return
    from alembic import command

    existing = set(inspect(engine).get_table_names())
    if not existing & set(SQLModel.metadata.tables):
        with engine.begin() as connection:
            SQLModel.metadata.create_all(connection)
            command.stamp(_config(connection), "head")
        return
    if current_revision(engine) is None:  # tables but no version: adopt it at the baseline
        with engine.begin() as connection:
            command.stamp(_config(connection), BASELINE)
    upgrade(engine)
