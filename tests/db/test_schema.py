"""Migrations: both paths (new database, upgrade) give exactly the models' schema."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import inspect, text
from sqlmodel import SQLModel

from db.engine import make_engine
from db.schema import HEAD, current_revision, ensure_schema, head_revision, upgrade


def _diff(engine) -> list:
    with engine.connect() as connection:
        return compare_metadata(MigrationContext.configure(connection), SQLModel.metadata)


def test_the_fast_head_constant_is_alembics_head():
    assert HEAD == head_revision()


def test_the_engine_fixture_is_at_the_newest_revision(engine):
    assert current_revision(engine) == head_revision()
    assert _diff(engine) == []


def test_migrations_from_nothing_build_the_models_schema(bare_engine):
    upgrade(bare_engine)
    assert current_revision(bare_engine) == head_revision()
    assert set(inspect(bare_engine).get_table_names()) >= set(SQLModel.metadata.tables)
    assert _diff(bare_engine) == []


def test_ensure_schema_is_idempotent_and_keeps_data(tmp_path):
    engine = make_engine(f"sqlite:///{tmp_path / 'kept.sqlite3'}")
    ensure_schema(engine)
    with engine.begin() as conn:
        conn.execute(text("INSERT INTO storesetting (key, value) VALUES ('k', 'v')"))
    ensure_schema(engine)
    with engine.connect() as conn:
        assert conn.execute(text("SELECT value FROM storesetting")).scalar_one() == "v"
    engine.dispose()


def test_a_database_from_before_migrations_is_adopted_and_upgraded(bare_engine):
    """Tables made by create_all without an alembic_version row (the first releases)."""
    SQLModel.metadata.create_all(bare_engine)
    assert current_revision(bare_engine) is None
    ensure_schema(bare_engine)
    assert current_revision(bare_engine) == head_revision()
