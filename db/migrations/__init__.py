"""Alembic migrations for every table (SQLite and PostgreSQL alike)."""
