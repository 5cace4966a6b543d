"""The rules of each NHS Oversight Framework methodology year, written down as data.

Everything that changes between years (which metric IDs are scores, which combined scores
replace their parts, how averages become segments, where the summary rows live) is a field of a
`MethodologyYear` record, so the engine has no per-year or per-trust code branches. Each field
cites the section of nof-methodology.md (or the data check) it comes from.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from types import MappingProxyType

from ranking.quarters import Quarter


class UnknownMethodologyYearError(ValueError):
    """Raised for a financial year whose rules are not written down here."""


class SegmentationMethod(StrEnum):
    """How average scores become unadjusted segments 1-4."""

    POOLED_QUARTILES = "pooled-quartiles"
    FIXED_THRESHOLDS = "fixed-thresholds"


@dataclass(frozen=True, slots=True)
class SegmentationRule:
    """Turns average metric scores into the unadjusted segment (Step 4).

    Attributes:
        method: quartiles of the quarter's own distribution, or fixed cut points.
        thresholds: the three cut points for FIXED_THRESHOLDS (None for quartiles).
        description: one line for people, e.g. shown beside a league table.
    """

    method: SegmentationMethod
    thresholds: tuple[float, float, float] | None
    description: str


@dataclass(frozen=True, slots=True)
class CombinedScore:
    """A published score that is counted instead of the scores it is built from.

    Attributes:
        combined_id: the score counted in the average (e.g. OF1080 combined finance).
        part_ids: IDs it is built from; score IDs among them are never counted.
        description: what the combination is.
    """

    combined_id: str
    part_ids: tuple[str, ...]
    description: str


@dataclass(frozen=True, slots=True)
class AveragedGroup:
    """Scores that NHS England counts as ONE score: the mean of the group's present members.

    No combined ID is published for these; the rule is inferred from the data (see
    `METHODOLOGY_YEARS`).
    """

    metric_ids: tuple[str, ...]
    description: str


@dataclass(frozen=True, slots=True)
class SummaryMetricIds:
    """IDs of the per-trust summary rows in the official long files (nof-methodology.md §11)."""

    adjusted_segment: str
    average_score: str
    unadjusted_segment: str
    deficit_flag: str


@dataclass(frozen=True, slots=True)
class MethodologyYear:
    """Everything the engine needs to know about one methodology year.

    Attributes:
        label: the financial year, "2025/26".
        score_prefix: metric IDs `<prefix>ddd` are 1.00-4.00 scores (OF1xxx, OF2xxx).
        finance: combined finance score and its parts (planned surplus/deficit, YTD variance).
        other_combined: further combined scores counted instead of their parts.
        averaged_groups: groups of scores counted as one (their mean).
        summary_ids: where the published adjusted/unadjusted segment, average and flag live.
        segmentation: how averages become segments.
    """

    label: str
    score_prefix: str
    finance: CombinedScore
    other_combined: tuple[CombinedScore, ...]
    averaged_groups: tuple[AveragedGroup, ...]
    summary_ids: SummaryMetricIds
    segmentation: SegmentationRule

    @property
    def combined_scores(self) -> tuple[CombinedScore, ...]:
        """Every combined score of the year, finance first."""
        return (self.finance, *self.other_combined)

    @property
    def replaced_part_ids(self) -> frozenset[str]:
        """Score IDs never counted because a combined score stands for them."""
        return frozenset(p for c in self.combined_scores for p in c.part_ids)


_INFECTION_DESCRIPTION = (
    "healthcare-associated infections (MRSA, E. coli, C. difficile) count as one score, "
    "their mean [inferred from data: reproduces every acute OF5002/OF5202 within 0.01]"
)

METHODOLOGY_YEARS: MappingProxyType[str, MethodologyYear] = MappingProxyType(
    {
        "2025/26": MethodologyYear(
            label="2025/26",
            score_prefix="OF1",
            # nof-methodology.md §4 [data]: OF1080 is counted instead of OF1079 and OF1081.
            finance=CombinedScore(
                "OF1080",
                ("OF1079", "OF1081"),
                "combined finance from planned surplus/deficit and YTD variance to plan",
            ),
            other_combined=(),
            # Not in nof-methodology.md: without this the acute averages miss OF5002 by up to
            # 0.28 (460 of 536 acute trust-quarters beyond 0.01); with it all are within 0.01.
            # MH/community and ambulance trusts have none of these metrics.
            averaged_groups=(
                AveragedGroup(("OF1020", "OF1048", "OF1088"), _INFECTION_DESCRIPTION),
            ),
            summary_ids=SummaryMetricIds("OF5000", "OF5002", "OF5003", "OF5004"),
            # nof-methodology.md §5 [doc + data]: "quartiled"; pooled over all three types.
            segmentation=SegmentationRule(
                SegmentationMethod.POOLED_QUARTILES,
                None,
                "quartiles of all trusts' average scores this quarter (all three tables pooled)",
            ),
        ),
        "2026/27": MethodologyYear(
            label="2026/27",
            score_prefix="OF2",
            # OF2080 exists for all 202 trusts (nof-methodology.md §12); counting its parts
            # instead puts 172 of 202 trusts beyond 0.01 of OF5202 [data].
            finance=CombinedScore(
                "OF2080",
                ("OF2079", "OF2081"),
                "combined finance from planned surplus/deficit and YTD variance to plan",
            ),
            other_combined=(
                # nof-methodology.md §12 [data]: OF2108 temporary staffing cost relative band.
                # Counting OF2207/OF2208 as well puts 183 of 202 trusts beyond 0.01 of OF5202.
                CombinedScore(
                    "OF2108", ("OF2207", "OF2208"), "temporary staffing: bank and agency"
                ),
                # nof-methodology.md §12: built from measured values only, so no score to drop.
                CombinedScore(
                    "OF2029", ("OF0029", "OF0030"), "CYP and adult CMH paired outcome completeness"
                ),
            ),
            # Same as 2025/26: without it 107 of 202 trusts are beyond 0.01 of OF5202 [data].
            averaged_groups=(
                AveragedGroup(("OF2020", "OF2048", "OF2088"), _INFECTION_DESCRIPTION),
            ),
            summary_ids=SummaryMetricIds("OF5200", "OF5202", "OF5203", "OF5204"),
            # nof-methodology.md §12 [doc]: "defined thresholds". The values are unpublished in
            # anything we could read; every Q1 2026/27 unadjusted segment (202 trusts) puts them
            # in (1.92, 1.94), (2.32, 2.33), (2.77, 2.78) [data]. We take the midpoints; only a
            # 2-d.p. average of exactly 1.93 could land differently from NHS England's rule.
            segmentation=SegmentationRule(
                SegmentationMethod.FIXED_THRESHOLDS,
                (1.93, 2.325, 2.775),
                "fixed thresholds 1.93 / 2.325 / 2.775 (bounds inferred from published segments)",
            ),
        ),
    }
)


def methodology_for(year_or_quarter: str | Quarter) -> MethodologyYear:
    """Look up the rules for a methodology year ("2025/26") or for a quarter's year.

    Raises:
        UnknownMethodologyYearError: the year's rules are not known; guessing them would publish
            wrong segments, so callers must add the year to `METHODOLOGY_YEARS` first.
    """
    label = (
        year_or_quarter.methodology_year
        if isinstance(year_or_quarter, Quarter)
        else year_or_quarter
    )
    try:
        return METHODOLOGY_YEARS[label]
    except KeyError:
        known = ", ".join(METHODOLOGY_YEARS)
        raise UnknownMethodologyYearError(
            f"no NOF methodology rules for {label!r} (known: {known})"
        ) from None
