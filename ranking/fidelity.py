"""Check the engine against NHS England's published figures, one field at a time.

Every difference is listed. Only one kind is explained: a recomputed average within 0.01 of the
published one, because NHS England averages unrounded metric scores while only 2-d.p. scores are
published (nof-methodology.md §4 [data]). Anything else is unexplained and means the engine's
rules are wrong or incomplete for that quarter.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace
from enum import StrEnum
from fractions import Fraction

from ranking.models import LeagueTables, TrustResult, TrustType
from ranking.quarters import Quarter, parse_quarter
from ranking.scoring import exact_decimal, to_hundredths

ROUNDING_TOLERANCE = Fraction(1, 100)
ROUNDING_EXPLANATION = (
    "rounding: NHS England averages unrounded metric scores; only 2-d.p. scores are published"
)


class FidelityField(StrEnum):
    """What was compared."""

    PRESENCE = "presence"
    SEGMENT = "segment"
    UNADJUSTED_SEGMENT = "unadjusted_segment"
    DEFICIT = "in_deficit"
    CAP = "cap"
    RANK = "rank"
    TABLE_SIZE = "table_size"
    AVERAGE_SCORE = "average_score"


class QuarterMismatchError(ValueError):
    """Raised when published results of another quarter are compared with a table."""


@dataclass(frozen=True, slots=True)
class PublishedResult:
    """NHS England's published figures for one trust-quarter; None = not published, not checked.

    The cap is checked when both segments are known: published cap = adjusted != unadjusted.
    """

    trust_code: str
    quarter: Quarter | str
    segment: int | None
    unadjusted_segment: int | None
    in_deficit: bool | None
    average_score: float | None
    rank: int | None
    table_size: int | None


@dataclass(frozen=True, slots=True)
class Mismatch:
    """One field of one trust that differs; `explanation` is None when unexplained."""

    trust_code: str
    field: FidelityField
    published: object
    computed: object
    explanation: str | None = None


@dataclass(frozen=True, slots=True)
class FidelityReport:
    """The outcome of comparing a quarter's tables with the published figures.

    Attributes:
        compared: published trusts compared.
        average_exact: recomputed 2-d.p. average equals the published one.
        average_within_rounding: differs by at most 0.01 (explained).
        average_beyond: differs by more, or could not be recomputed (no scores).
    """

    quarter: Quarter
    compared: int
    mismatches: tuple[Mismatch, ...]
    average_exact: int
    average_within_rounding: int
    average_beyond: int

    @property
    def explained(self) -> tuple[Mismatch, ...]:
        """Differences with a known cause."""
        return tuple(m for m in self.mismatches if m.explanation is not None)

    @property
    def unexplained(self) -> tuple[Mismatch, ...]:
        """Differences that mean the engine does not reproduce NHS England."""
        return tuple(m for m in self.mismatches if m.explanation is None)

    @property
    def is_faithful(self) -> bool:
        """True when nothing is unexplained."""
        return not self.unexplained


def _quarter(value: Quarter | str) -> Quarter:
    """Accept both a Quarter and its text."""
    return value if isinstance(value, Quarter) else parse_quarter(value)


def _exact_checks(ours: TrustResult, pub: PublishedResult) -> list[Mismatch]:
    """Fields that must match exactly."""
    pairs: list[tuple[FidelityField, object, object]] = [
        (FidelityField.SEGMENT, pub.segment, ours.segment),
        (FidelityField.UNADJUSTED_SEGMENT, pub.unadjusted_segment, ours.unadjusted_segment),
        (FidelityField.DEFICIT, pub.in_deficit, ours.in_deficit),
        (FidelityField.RANK, pub.rank, ours.rank),
        (FidelityField.TABLE_SIZE, pub.table_size, ours.table_size),
    ]
    if pub.segment is not None and pub.unadjusted_segment is not None:
        pairs.append((FidelityField.CAP, pub.segment != pub.unadjusted_segment, ours.is_capped))
    return [
        Mismatch(ours.trust_code, name, expected, got)
        for name, expected, got in pairs
        if expected is not None and expected != got
    ]


def _average_check(ours: TrustResult, pub: PublishedResult) -> tuple[str, Mismatch | None]:
    """Compare the RECOMPUTED average (not the published one the engine may have used)."""
    if pub.average_score is None:
        return "unchecked", None
    if ours.computed_average is None:
        return "beyond", Mismatch(
            ours.trust_code, FidelityField.AVERAGE_SCORE, pub.average_score, None
        )
    recomputed = Fraction(to_hundredths(ours.computed_average), 100)
    gap = abs(recomputed - exact_decimal(pub.average_score))
    if gap == 0:
        return "exact", None
    mismatch = Mismatch(
        ours.trust_code, FidelityField.AVERAGE_SCORE, pub.average_score, float(recomputed)
    )
    if gap <= ROUNDING_TOLERANCE:
        return "within", replace(mismatch, explanation=ROUNDING_EXPLANATION)
    return "beyond", mismatch


def compare(
    tables: LeagueTables,
    published: Iterable[PublishedResult],
    *,
    trust_types: Iterable[TrustType] | None = None,
) -> FidelityReport:
    """Compare computed tables with published results of the same quarter.

    A published trust missing from the tables, or a ranked trust nobody published, is a
    PRESENCE mismatch (unexplained). `trust_types` limits the second check to the tables a
    source covers (NHS England's league-table files are per trust type, e.g. acute only).

    Raises:
        QuarterMismatchError: a published result belongs to another quarter.
    """
    counts = {"exact": 0, "within": 0, "beyond": 0, "unchecked": 0}
    mismatches: list[Mismatch] = []
    seen: set[str] = set()
    for pub in published:
        if _quarter(pub.quarter) != tables.quarter:
            raise QuarterMismatchError(f"{pub.trust_code} is {pub.quarter}, not {tables.quarter}")
        seen.add(pub.trust_code)
        ours = tables.results.get(pub.trust_code)
        if ours is None:
            mismatches.append(Mismatch(pub.trust_code, FidelityField.PRESENCE, True, False))
            continue
        mismatches.extend(_exact_checks(ours, pub))
        outcome, mismatch = _average_check(ours, pub)
        counts[outcome] += 1
        if mismatch is not None:
            mismatches.append(mismatch)
    covered = set(trust_types) if trust_types is not None else set(TrustType)
    expected = {code for code, r in tables.results.items() if r.trust_type in covered}
    for code in sorted(expected - seen):
        mismatches.append(Mismatch(code, FidelityField.PRESENCE, False, True))
    return FidelityReport(
        quarter=tables.quarter,
        compared=len(seen),
        mismatches=tuple(mismatches),
        average_exact=counts["exact"],
        average_within_rounding=counts["within"],
        average_beyond=counts["beyond"],
    )
