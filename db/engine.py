"""Engine and session factory; the URL always comes from the caller (db never reads settings)."""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy import event
from sqlalchemy.engine import Engine
from sqlalchemy.pool import StaticPool
from sqlmodel import Session, create_engine

# Importing the table modules registers their tables on SQLModel.metadata.
from db import alert_models, coordination, models  # noqa: F401
from db.schema import ensure_schema


def make_engine(url: str, *, echo: bool = False, search_path: str | None = None) -> Engine:
    """Create an engine; SQLite gets foreign keys and WAL so readers don't block the writer.

    `search_path` (PostgreSQL only) isolates a schema, e.g. one per test.
    """
    if url.startswith("sqlite"):
        kwargs: dict = {"connect_args": {"check_same_thread": False}}
        if url in ("sqlite://", "sqlite:///:memory:"):
            kwargs["poolclass"] = StaticPool
        engine = create_engine(url, echo=echo, **kwargs)
        event.listen(engine, "connect", _sqlite_pragmas)
        return engine
    connect_args = {"options": f"-csearch_path={search_path}"} if search_path else {}
    return create_engine(url, echo=echo, pool_pre_ping=True, connect_args=connect_args)


def _sqlite_pragmas(dbapi_connection, _record) -> None:  # noqa: ANN001 - DBAPI types vary
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA busy_timeout=5000")
    cursor.close()


def create_tables(engine: Engine) -> None:
    """Bring the schema to the newest migration (creates a new database outright)."""
    ensure_schema(engine)


def make_session_factory(engine: Engine) -> Callable[[], Session]:
    """A factory of sessions that keep loaded values after commit (results leave the session)."""

    def factory() -> Session:
        return Session(engine, expire_on_commit=False)

    return factory
