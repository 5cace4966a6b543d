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
# PTB 22.2+ warns on every RetryAfter unless durations are timedeltas (telegram.md §2.8); the
# app opts in at start-up (bot/cli.py), so the tests run the same way.
os.environ.setdefault("PTB_TIMEDELTA", "1")


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
def bare_engine(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Engine]:
    """A database with no tables at all, on every configured backend."""
    if request.param == "postgres":
        yield from _postgres_engine(os.environ["TEST_DATABASE_URL"])
    else:
        eng = make_engine(f"sqlite:///{tmp_path / 'test.sqlite3'}")
        yield eng
        eng.dispose()


@pytest.fixture
def engine(bare_engine: Engine) -> Engine:
    """An empty database with the tables, on every configured backend."""
    create_tables(bare_engine)
    return bare_engine


@pytest.fixture
def sqlite_engine(tmp_path: Path) -> Iterator[Engine]:
    """An empty SQLite database with the tables."""
    eng = make_engine(f"sqlite:///{tmp_path / 'test.sqlite3'}")
    create_tables(eng)
    yield eng
    eng.dispose()


pytest_plugins = ["fake_bot_api.pytest_plugin"]


@pytest.fixture(scope="session")
def bundled_db_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An SQLite file loaded with the bundled official data, built once per test session."""
    from db.bundle import init_store

    path = tmp_path_factory.mktemp("bundled") / "bundled.sqlite3"
    eng = make_engine(f"sqlite:///{path}")
    init_store(eng, empty=False)
    eng.dispose()
    return path


@pytest.fixture(scope="session")
def shared_understander():
    """The reference data and message understander (immutable, so shared by all tests)."""
    from bot.understanding import MessageUnderstander
    from db.reference import load_reference

    reference = load_reference()
    return reference, MessageUnderstander.build(reference)


@pytest.fixture
def services(bundled_db_file: Path, tmp_path: Path, shared_understander):
    """Services over a private copy of the bundled database (tests may write to it)."""
    import shutil

    from bot.services import Services

    path = tmp_path / "bot.sqlite3"
    shutil.copyfile(bundled_db_file, path)
    reference, understander = shared_understander
    svc = Services.create(
        f"sqlite:///{path}", reference=reference, understander=understander
    )
    yield svc
    svc.close()
