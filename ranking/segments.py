"""Steps 3-4 of the NOF: average score -> unadjusted segment -> deficit cap.

Segments run from 1 (best) to 4 (worst). All comparisons are exact: averages and cut points are
turned into the decimals they were written as (`exact_decimal`), so a score equal to a cut point
is never pushed to the wrong side by binary floating point.
"""

from __future__ import annotations

import math
import statistics
from collections.abc import Iterable
from fractions import Fraction

from ranking.methodology import SegmentationMethod, SegmentationRule
from ranking.scoring import exact_decimal, to_hundredths

CAP_SEGMENT = 3
"""Best segment a trust in deficit can hold (nof-methodology.md §6 [doc])."""


class NoAveragesError(ValueError):
    """Raised when quartile cut points are asked for with no averages to take them from."""


def cut_points(
    rule: SegmentationRule, averages: Iterable[float | Fraction]
) -> tuple[float, float, float]:
    """The three cut points between segments 1|2, 2|3 and 3|4.

    * Pooled quartiles (2025/26, nof-methodology.md §5 [data]): quartiles of the 2-d.p.
      averages of ALL trusts of the quarter, acute, mental health & community and ambulance
      together, by `statistics.quantiles(n=4, method="inclusive")`. Averages are rounded to
      2 d.p. first because that is what reproduces every published segment.
    * Fixed thresholds (2026/27, nof-methodology.md §12 [doc]; values bounded by data): the
      rule's own cut points; `averages` is ignored.

    Raises:
        NoAveragesError: quartiles of an empty quarter (a single average gives three equal cuts).
    """
    if rule.method is SegmentationMethod.FIXED_THRESHOLDS:
        if rule.thresholds is None:
            raise ValueError("a fixed-threshold rule needs three thresholds")
        low, mid, high = rule.thresholds
        return (float(low), float(mid), float(high))
    hundredths = sorted(to_hundredths(a) for a in averages)
    if not hundredths:
        raise NoAveragesError("cannot take quartiles of a quarter with no average scores")
    if len(hundredths) == 1:
        hundredths *= 2
    quartiles = statistics.quantiles(
        [Fraction(h, 100) for h in hundredths], n=4, method="inclusive"
    )
    low, mid, high = (float(q) for q in quartiles)
    return (low, mid, high)


def unadjusted_segment(average: float | Fraction, cuts: tuple[float, float, float]) -> int:
    """Segment 1-4 from the average alone; a score equal to a cut point takes the better side.

    "Inclusive on the better side" is what reproduces every published 2025/26 segment: seg 1 if
    score <= P25, 2 if <= P50, 3 if <= P75, else 4 (nof-methodology.md §5 [data]). 2026/27 uses
    the same convention with its fixed thresholds (nof-methodology.md §12 [inferred]).
    """
    score = exact_decimal(average)
    for segment, cut in enumerate(cuts, start=1):
        if score <= exact_decimal(cut):
            return segment
    return 4


def apply_deficit_cap(unadjusted: int, in_deficit: bool) -> int:
    """Adjusted segment: a trust in deficit can be no better than segment 3.

    `max(unadjusted, 3)` if in deficit, otherwise unchanged; segment 4 stays 4. The average is
    not changed by the override (nof-methodology.md §6 [doc + data, no exception found]).
    """
    return max(unadjusted, CAP_SEGMENT) if in_deficit else unadjusted


def distance_to_next_segment(
    average: float | Fraction, unadjusted: int, cuts: tuple[float, float, float]
) -> float | None:
    """How far the average must fall to reach the next better unadjusted segment.

    Averages are published to 2 d.p., so the target is the highest 2-d.p. score on or below
    the cut point (a score on the cut point already belongs to the better segment): with the
    2026/27 cut at 2.325 a trust needs 2.32, and an average of 2.45 is 0.13 away, not 0.125.
    NHS England talks of "the improvement required to move into a higher segment" without
    defining it (nof-methodology.md §8 [doc phrase, inferred measure]). In 2025/26 the cut
    points move every quarter, so this is the distance to this quarter's cut point only.

    Returns:
        The distance in 2-d.p. score points, or None in segment 1.
    """
    if unadjusted <= 1:
        return None
    target = Fraction(math.floor(exact_decimal(cuts[unadjusted - 2]) * 100), 100)
    gap = exact_decimal(average) - target
    return round(float(gap), 2)


def is_next_segment_blocked_by_deficit(unadjusted: int, in_deficit: bool) -> bool:
    """True when improving one segment would still leave a trust in deficit capped at 3.

    That is the case from unadjusted segment 2 or 3 (next: 1 or 2); from 4 the next segment, 3,
    is reachable in deficit (nof-methodology.md §6, §8 [inferred]).
    """
    return in_deficit and 1 < unadjusted <= CAP_SEGMENT
