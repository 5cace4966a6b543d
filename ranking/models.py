"""Value types of the league-table engine: trust types, per-trust inputs and results, tables."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from types import MappingProxyType

from ranking.quarters import Quarter

ACUTE_SPECIALIST_SUBTYPE = "Acute - Specialist"
"""Official `Trust_subtype` of specialist acute trusts, left out of the non-specialist rank."""


class UnknownTrustTypeError(ValueError):
    """Raised for a `Trust_type` label that is not one of NHS England's three tables."""


_OFFICIAL_LABELS = MappingProxyType(
    {
        "acute trust": "acute",
        "mental health and community trust": "mental-health-community",
        # Q1 2025/26 files said "non-acute hospital trust" (nof-methodology.md §8, §11).
        "non-acute hospital trust": "mental-health-community",
        "ambulance trust": "ambulance",
    }
)


class TrustType(StrEnum):
    """The three league tables; trusts are only ranked against their own type (methodology §8)."""

    ACUTE = "acute"
    MENTAL_HEALTH_COMMUNITY = "mental-health-community"
    AMBULANCE = "ambulance"

    @classmethod
    def from_official(cls, text: str) -> TrustType:
        """Map NHS England's `Trust_type` label (any case) to a table.

        Raises:
            UnknownTrustTypeError: the label is not an official trust type.
        """
        key = " ".join(str(text).split()).lower()
        try:
            return cls(_OFFICIAL_LABELS[key])
        except KeyError:
            raise UnknownTrustTypeError(f"{text!r} is not an NHS trust type") from None

    @property
    def label(self) -> str:
        """Plural label for sentences: "acute trusts"."""
        return {
            TrustType.ACUTE: "acute trusts",
            TrustType.MENTAL_HEALTH_COMMUNITY: "mental health and community trusts",
            TrustType.AMBULANCE: "ambulance trusts",
        }[self]


@dataclass(frozen=True, slots=True)
class TrustQuarterInput:
    """What the engine needs about one trust in one quarter.

    Attributes:
        trust_code: ODS code, e.g. "RR8".
        trust_type: the table the trust is ranked in.
        trust_subtype: official subtype, e.g. "Acute - Specialist".
        metric_scores: score-metric IDs (e.g. "OF1003") to scores 1.00-4.00. Other IDs may be
            included; only the methodology year's score IDs are counted (see scoring.py).
        in_deficit: the financial override flag (OF5004/OF5204 = 1).
        published_average: NHS England's average metric score (OF5002/OF5202) if known.
    """

    trust_code: str
    trust_type: TrustType
    trust_subtype: str
    metric_scores: Mapping[str, float]
    in_deficit: bool
    published_average: float | None = None


@dataclass(frozen=True, slots=True)
class TrustResult:
    """One trust's place in its league table for a quarter.

    Attributes:
        average_score: the 2-d.p. average that segmentation and ranking used.
        computed_average: unrounded mean of the counted scores, None if no scores.
        uses_published_average: True when `average_score` is NHS England's published value.
        metric_count: how many scores the mean divides by (an averaged group counts once).
        unadjusted_segment: segment from the average alone (1 best - 4 worst).
        segment: adjusted segment after the deficit cap.
        is_capped: the deficit cap changed the segment.
        rank: league rank within the trust type (segment, then average; ties share).
        non_specialist_rank: rank among acute trusts that are not "Acute - Specialist".
        score_rank: rank by average score alone within the type.
        distance_to_next_segment: score drop needed to reach the next better unadjusted
            segment's cut point; None in segment 1.
        is_next_segment_blocked_by_deficit: the next better segment is 1 or 2 while in deficit.
    """

    trust_code: str
    trust_type: TrustType
    trust_subtype: str
    average_score: float
    computed_average: float | None
    uses_published_average: bool
    metric_count: int
    unadjusted_segment: int
    segment: int
    is_capped: bool
    in_deficit: bool
    rank: int
    table_size: int
    non_specialist_rank: int | None
    non_specialist_table_size: int | None
    score_rank: int
    distance_to_next_segment: float | None
    is_next_segment_blocked_by_deficit: bool


@dataclass(frozen=True, slots=True)
class LeagueTables:
    """The three league tables of one quarter.

    Attributes:
        quarter: the quarter ranked.
        methodology_year: the rules used ("2025/26").
        results: trust code -> result, for every ranked trust (read-only mapping).
        cut_points: the three unadjusted-segment cut points (a score equal to one belongs to
            the better segment).
        rule_description: how the cut points were obtained, for people.
        excluded: trusts given neither scores nor a published average; they are not ranked.
    """

    quarter: Quarter
    methodology_year: str
    results: Mapping[str, TrustResult]
    cut_points: tuple[float, float, float]
    rule_description: str
    excluded: tuple[str, ...] = field(default=())

    def __post_init__(self) -> None:
        """Freeze `results` so a shared table cannot be changed by one of its readers."""
        object.__setattr__(self, "results", MappingProxyType(dict(self.results)))

    def table(self, trust_type: TrustType) -> list[TrustResult]:
        """One table, best first (by rank, then trust code for a stable order within ties)."""
        rows = (r for r in self.results.values() if r.trust_type == trust_type)
        return sorted(rows, key=lambda r: (r.rank, r.trust_code))

    def non_specialist_table(self) -> list[TrustResult]:
        """Acute trusts without specialist ones, by non-specialist rank."""
        rows = (r for r in self.results.values() if r.non_specialist_rank is not None)
        return sorted(rows, key=lambda r: (r.non_specialist_rank or 0, r.trust_code))

    def table_size(self, trust_type: TrustType) -> int:
        """How many trusts were ranked in a table."""
        return sum(1 for r in self.results.values() if r.trust_type == trust_type)

    def get(self, trust_code: str) -> TrustResult | None:
        """A trust's result, or None if it was not ranked this quarter."""
        return self.results.get(trust_code)
