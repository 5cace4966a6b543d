"""SQLModel tables. Every row is keyed by ODS trust code and quarter label, never by name.

Quarters are stored as published ("Q1 2025/26") with a sortable `quarter_key` (e.g. 20251).
"""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import Column, DateTime, Index, UniqueConstraint
from sqlmodel import Field, SQLModel


def utc_now() -> datetime:
    """Timezone-aware now, so timestamps compare correctly on SQLite and PostgreSQL."""
    return datetime.now(UTC)


class TrustQuarter(SQLModel, table=True):
    """A trust as NHS England published it in one quarter (names and subtypes change)."""

    quarter: str = Field(primary_key=True, max_length=16)
    trust_code: str = Field(primary_key=True, max_length=8)
    quarter_key: int = Field(index=True)
    trust_name: str
    trust_type: str = Field(max_length=32)
    trust_subtype: str
    region: str


class MetricValue(SQLModel, table=True):
    """One row of an official long-format "trust data" file."""

    quarter: str = Field(primary_key=True, max_length=16)
    trust_code: str = Field(primary_key=True, max_length=8)
    metric_id: str = Field(primary_key=True, max_length=12)
    quarter_key: int = Field(index=True)
    trust_type: str = Field(max_length=32)
    domain: str
    sub_domain: str
    metric_description: str
    reporting_date: str
    units: str
    value: float | None = None
    median_value: float | None = None
    lower_quartile: float | None = None
    upper_quartile: float | None = None
    rank: float | None = None


class LeagueTableRow(SQLModel, table=True):
    """One row of an official league-table file (a summary layout published beside the data)."""

    quarter: str = Field(primary_key=True, max_length=16)
    trust_code: str = Field(primary_key=True, max_length=8)
    quarter_key: int = Field(index=True)
    trust_type: str = Field(max_length=32)
    average_score: float
    segment: int
    in_deficit: bool
    rank: int


class ImportRecord(SQLModel, table=True):
    """Every official file imported: what, when, and what it held."""

    __table_args__ = (Index("ix_importrecord_sha256", "sha256"),)

    id: int | None = Field(default=None, primary_key=True)
    file_name: str
    sha256: str = Field(max_length=64)
    layout: str = Field(max_length=32)
    rows: int
    quarters: str
    trust_type: str = Field(max_length=32)
    imported_at: datetime = Field(
        default_factory=utc_now, sa_column=Column(DateTime(timezone=True), nullable=False)
    )


class StoreSetting(SQLModel, table=True):
    """Small key/value facts about the store (e.g. whether the bundled data was loaded)."""

    key: str = Field(primary_key=True, max_length=64)
    value: str


__all__ = [
    "ImportRecord",
    "LeagueTableRow",
    "MetricValue",
    "StoreSetting",
    "TrustQuarter",
    "UniqueConstraint",
    "utc_now",
]
