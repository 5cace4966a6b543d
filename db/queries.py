"""Reads for the in-memory read model and the operators; plain tuples and dataclasses out."""

from __future__ import annotations

import sys
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlmodel import Session

from db.models import ImportRecord, LeagueTableRow, MetricValue, TrustQuarter


@dataclass(frozen=True, slots=True)
class StoredTrustQuarter:
    """A trust's published identity in one quarter."""

    quarter: str
    quarter_key: int
    trust_code: str
    trust_name: str
    trust_type: str
    trust_subtype: str
    region: str


@dataclass(frozen=True, slots=True)
class StoredMetric:
    """One official metric row (value with its national median, quartiles and rank)."""

    quarter: str
    trust_code: str
    metric_id: str
    metric_description: str
    units: str
    value: float | None
    median_value: float | None
    lower_quartile: float | None
    upper_quartile: float | None
    rank: float | None


@dataclass(frozen=True, slots=True)
class StoredLeagueRow:
    """One official league-table row."""

    quarter: str
    trust_code: str
    trust_type: str
    average_score: float
    segment: int
    in_deficit: bool
    rank: int


def list_quarters(session: Session) -> list[str]:
    """Stored quarters, oldest first."""
    rows = session.execute(
        select(TrustQuarter.quarter, func.max(TrustQuarter.quarter_key))
        .group_by(TrustQuarter.quarter)
        .order_by(func.max(TrustQuarter.quarter_key))
    )
    return [quarter for quarter, _ in rows]


def load_trust_quarters(session: Session) -> list[StoredTrustQuarter]:
    """Every trust of every quarter."""
    rows = session.execute(
        select(
            TrustQuarter.quarter, TrustQuarter.quarter_key, TrustQuarter.trust_code,
            TrustQuarter.trust_name, TrustQuarter.trust_type, TrustQuarter.trust_subtype,
            TrustQuarter.region,
        )
    )  # fmt: skip
    return [StoredTrustQuarter(*row) for row in rows]


def load_metrics(session: Session, *, quarter: str | None = None) -> list[StoredMetric]:
    """Official metric rows (of one quarter, or all) but the domain rows (OF4xxx), unused.

    About 8,500 rows a quarter for the bundled data.
    """
    query = select(
        MetricValue.quarter, MetricValue.trust_code, MetricValue.metric_id,
        MetricValue.metric_description, MetricValue.units, MetricValue.value,
        MetricValue.median_value, MetricValue.lower_quartile, MetricValue.upper_quartile,
        MetricValue.rank,
    ).where(MetricValue.metric_id.not_like("OF4%"))  # fmt: skip
    if quarter is not None:
        query = query.where(MetricValue.quarter == quarter)
    # Descriptions and units repeat for every trust: share one string object per value.
    return [
        StoredMetric(q, code, sys.intern(mid), sys.intern(desc), sys.intern(units), *numbers)
        for q, code, mid, desc, units, *numbers in session.execute(query)
    ]


def load_league_rows(session: Session) -> list[StoredLeagueRow]:
    """Every official league-table row."""
    rows = session.execute(
        select(
            LeagueTableRow.quarter, LeagueTableRow.trust_code, LeagueTableRow.trust_type,
            LeagueTableRow.average_score, LeagueTableRow.segment, LeagueTableRow.in_deficit,
            LeagueTableRow.rank,
        )
    )  # fmt: skip
    return [StoredLeagueRow(*row) for row in rows]


def data_version(session: Session) -> int:
    """A number that changes whenever an import is recorded (read models compare it)."""
    return session.execute(select(func.coalesce(func.max(ImportRecord.id), 0))).scalar_one()


def list_imports(session: Session) -> list[ImportRecord]:
    """The import log, oldest first."""
    return list(session.execute(select(ImportRecord).order_by(ImportRecord.id)).scalars())
