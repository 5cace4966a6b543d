"""Step 2 of the NOF: a trust's average metric score (nof-methodology.md §4).

Arithmetic is exact (fractions of the published 2-d.p. scores), so the result does not depend on
the order scores arrive in or on binary floating-point noise at the rounding boundary.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from fractions import Fraction

from ranking.methodology import MethodologyYear


class InvalidScoreError(ValueError):
    """Raised for a metric score outside 1.00-4.00 (or not a number)."""


@dataclass(frozen=True, slots=True)
class AverageScore:
    """The mean of a trust's counted scores.

    Attributes:
        counted_ids: score IDs that contributed, sorted (members of an averaged group included).
        metric_count: the divisor: individual scores plus one per averaged group present.
        mean: exact unrounded mean, or None when nothing was counted.
    """

    counted_ids: tuple[str, ...]
    metric_count: int
    mean: Fraction | None


def is_score_id(year: MethodologyYear, metric_id: str) -> bool:
    """True for the year's score IDs (`OF1ddd` in 2025/26), the only rows that are averaged.

    Measured values (OF0xxx), domain scores (OF4xxx) and summary rows (OF5xxx) never count, and
    neither do another year's scores (nof-methodology.md §2, §12 [data]).
    """
    prefix = year.score_prefix
    return (
        len(metric_id) == len(prefix) + 3
        and metric_id.startswith(prefix)
        and metric_id[len(prefix) :].isdigit()
    )


def to_fraction(score: float) -> Fraction:
    """The exact decimal value of a published score ("2.57" -> 257/100).

    Raises:
        InvalidScoreError: NaN, infinite, or outside 1.00-4.00 (nof-methodology.md §3 [doc]).
    """
    if not isinstance(score, int | float) or not math.isfinite(score) or not 1 <= score <= 4:
        raise InvalidScoreError(f"metric score {score!r} is not between 1.00 and 4.00")
    return exact_decimal(score)


def exact_decimal(value: Fraction | float) -> Fraction:
    """The decimal a float was written as (2.355 -> 471/200), so comparisons are exact."""
    if isinstance(value, Fraction):
        return value
    # Fast path for published 2-d.p. values: if hundredths/100 is the same float, both name
    # the same shortest decimal, so the integer fraction is exact (and ~20x cheaper than str).
    hundredths = round(value * 100)
    if hundredths / 100 == value:
        return Fraction(hundredths, 100)
    return Fraction(str(float(value)))


def average_score(year: MethodologyYear, metric_scores: Mapping[str, float]) -> AverageScore:
    """Average the scores NHS England counts for the year.

    Rules (nof-methodology.md §4 [data], §12 [data]):
      * only the year's score IDs count (`is_score_id`);
      * a combined score replaces its parts (OF1080 for OF1079/OF1081; in 2026/27 OF2080 for
        OF2079/OF2081 and OF2108 for OF2207/OF2208), so the parts are dropped;
      * each averaged group (the three infection scores) counts once, as the mean of the members
        the trust has [inferred from data];
      * a missing metric is simply not counted: trusts are scored only on metrics they report
        (nof-methodology.md §2 [doc]), so there is no imputation and no penalty.

    Returns:
        The exact mean and what it was built from; `mean` is None when no score counted.

    Raises:
        InvalidScoreError: a counted score is outside 1.00-4.00.
    """
    dropped = year.replaced_part_ids
    counted = {
        metric_id: to_fraction(score)
        for metric_id, score in metric_scores.items()
        if is_score_id(year, metric_id) and metric_id not in dropped
    }
    values: list[Fraction] = []
    grouped: set[str] = set()
    for group in year.averaged_groups:
        members = [counted[m] for m in group.metric_ids if m in counted]
        if members:
            values.append(sum(members, Fraction(0)) / len(members))
            grouped.update(m for m in group.metric_ids if m in counted)
    values.extend(value for metric_id, value in counted.items() if metric_id not in grouped)
    mean = sum(values, Fraction(0)) / len(values) if values else None
    return AverageScore(tuple(sorted(counted)), len(values), mean)


def to_hundredths(value: Fraction | float) -> int:
    """Round to 2 d.p. as an integer number of hundredths, halves rounded up.

    NHS England publishes averages to 2 d.p. (nof-methodology.md §4). Its rule for an exact
    half is not published and cannot be measured well: a recomputed mean ends in exactly .xx5
    for 29 of 1,022 bundled trust-quarters, and the published value then depends on the
    unrounded scores. Round-half-up (the spreadsheet convention) matches 17 of them,
    round-half-even 15 (tests/ranking/test_ranking_fidelity.py). Integers keep later
    comparisons with cut points exact.
    """
    return math.floor(exact_decimal(value) * 100 + Fraction(1, 2))


def round_average(value: Fraction | float) -> float:
    """The 2-d.p. float of an average (see `to_hundredths`)."""
    return to_hundredths(value) / 100
