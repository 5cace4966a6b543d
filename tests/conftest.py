"""Shared fixtures: fresh databases (SQLite always; PostgreSQL when TEST_DATABASE_URL is set)."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import text
from sqlalchemy.engine import Engine

from db.engine import create_tables, make_engine

DATA = Path(__file__).parent / "data"


def _postgres_engine(base_url: str) -> Iterator[Engine]:
    """A throwaway schema in the test database, dropped afterwards."""
    schema = f"t_{uuid.uuid4().hex[:12]}"
    admin = make_engine(base_url)
    with admin.begin() as conn:
        conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    engine = make_engine(base_url, search_path=schema)
    try:
        yield engine
    finally:
        engine.dispose()
        with admin.begin() as conn:
            conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


DATABASES = ["sqlite"] + (["postgres"] if os.environ.get("TEST_DATABASE_URL") else [])


@pytest.fixture(params=DATABASES)
def engine(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Engine]:
    """An empty database with the tables, on every configured backend."""
    if request.param == "postgres":
        gen = _postgres_engine(os.environ["TEST_DATABASE_URL"])
        eng = next(gen)
        create_tables(eng)
        yield eng
        gen.close()
    else:
        eng = make_engine(f"sqlite:///{tmp_path / 'test.sqlite3'}")
        create_tables(eng)
        yield eng
        eng.dispose()


@pytest.fixture
def sqlite_engine(tmp_path: Path) -> Iterator[Engine]:
    """An empty SQLite database with the tables."""
    eng = make_engine(f"sqlite:///{tmp_path / 'test.sqlite3'}")
    create_tables(eng)
    yield eng
    eng.dispose()
