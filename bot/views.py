"""Plain view dataclasses returned by the use cases and drawn by the renderers.

They carry facts only (no markup), so the CLI, the Telegram handlers and the alerts share them.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from bot.league_data import TrustStanding
from ranking import Movement


@dataclass(frozen=True, slots=True)
class MetricLine:
    """One official metric of a trust, with its national comparison."""

    label: str
    description: str
    unit: str
    value: float | None
    median: float | None
    rank: int | None
    rank_of: int | None
    is_higher_better: bool


@dataclass(frozen=True, slots=True)
class SiteLine:
    """A hospital the trust runs."""

    site_name: str
    town: str


@dataclass(frozen=True, slots=True)
class TrustReport:
    """The answer to "how is X doing" for one quarter."""

    standing: TrustStanding
    previous: TrustStanding | None
    movement: Movement | None
    headlines: tuple[MetricLine, ...]
    sites: tuple[SiteLine, ...]
    more_sites: int


@dataclass(frozen=True, slots=True)
class MetricAnswer:
    """The answer to a question about one measure of one trust."""

    standing: TrustStanding
    topic: str
    lines: tuple[MetricLine, ...]


@dataclass(frozen=True, slots=True)
class Comparison:
    """Several trusts side by side in one quarter."""

    quarter: str
    reports: tuple[TrustReport, ...]


@dataclass(frozen=True, slots=True)
class TableSlice:
    """Part of a league table: top/bottom N, a segment, a region."""

    quarter: str
    title: str
    rows: tuple[TrustStanding, ...]
    total: int


@dataclass(frozen=True, slots=True)
class NearbyTrust:
    """A trust near a postcode with its nearest hospital."""

    standing: TrustStanding | None
    trust_code: str
    trust_name: str
    site_name: str
    distance_km: float


@dataclass(frozen=True, slots=True)
class NearbyAnswer:
    """Trusts near a postcode, or why there are none."""

    query: str
    district: str | None
    status: str  # ok | outside_england | invalid | unknown_district | no_coordinates
    nation: str | None
    trusts: tuple[NearbyTrust, ...]


@dataclass(frozen=True, slots=True)
class Candidate:
    """One choice offered when a mention is ambiguous."""

    trust_code: str
    label: str


@dataclass(frozen=True, slots=True)
class Ambiguous:
    """A question back: which of these did you mean?"""

    mention: str
    candidates: tuple[Candidate, ...]
    intent: str
    topic: str | None = None  # the measure asked about, so the choice answers that question
    button_action: str = "report"  # what a chosen candidate opens: report, metric or chart


@dataclass(frozen=True, slots=True)
class Explanation:
    """A fixed explanation of the methodology."""

    topic: str
    quarter: str | None = None
    standing: TrustStanding | None = None


@dataclass(frozen=True, slots=True)
class Notice:
    """A short message: help, not understood, not found, follow needs Telegram, …"""

    kind: str
    detail: str = ""
    extra: dict = field(default_factory=dict)


View = (
    TrustReport | MetricAnswer | Comparison | TableSlice | NearbyAnswer | Ambiguous | Explanation
    | Notice
)  # fmt: skip
