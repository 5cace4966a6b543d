"""What changed for each trust between two quarters' league tables (nof-methodology.md §9).

NHS England reports segment changes and separates those caused by the financial override being
applied or removed (§9 [doc]). Whether a change in average score is "significant" depends on a
threshold we could not read, so no significance is claimed here.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from ranking.models import LeagueTables, TrustResult, TrustType


class SegmentChange(StrEnum):
    """Direction of a segment change; a lower segment number is better."""

    UP = "up"
    DOWN = "down"
    SAME = "same"


@dataclass(frozen=True, slots=True)
class Movement:
    """One trust's change between two quarters.

    Deltas are current minus previous, so a NEGATIVE `rank_delta` or `score_delta` is an
    improvement (lower rank number, lower score = better). Fields of the missing side are None
    for a trust that is new (`is_new`) or gone (`is_gone`); `segment_change` is None then too.

    Attributes:
        is_cap_applied: the deficit cap changes the segment now but did not before.
        is_cap_removed: the deficit cap changed the segment before but does not now.
        is_deficit_changed: the financial override flag itself changed.
        crosses_methodology_year: the quarters use different rules (e.g. 2025/26 quartiles vs
            2026/27 thresholds); segments and ranks are still compared, but with that caveat.
    """

    trust_code: str
    trust_type: TrustType
    previous_segment: int | None
    current_segment: int | None
    previous_rank: int | None
    current_rank: int | None
    previous_score: float | None
    current_score: float | None
    segment_change: SegmentChange | None
    rank_delta: int | None
    score_delta: float | None
    is_cap_applied: bool
    is_cap_removed: bool
    is_deficit_changed: bool
    is_new: bool
    is_gone: bool
    crosses_methodology_year: bool
    previous_table_size: int | None = None
    current_table_size: int | None = None


def _direction(previous: int, current: int) -> SegmentChange:
    """Segment 1 is the best, so a smaller number is a move up."""
    if current < previous:
        return SegmentChange.UP
    if current > previous:
        return SegmentChange.DOWN
    return SegmentChange.SAME


def _movement(
    code: str, before: TrustResult | None, after: TrustResult | None, crosses: bool
) -> Movement:
    """Build one movement; at least one of `before` and `after` is given."""
    either = after if after is not None else before
    if either is None:
        raise ValueError(f"{code} is in neither table")
    both = before is not None and after is not None
    return Movement(
        trust_code=code,
        trust_type=either.trust_type,
        previous_segment=before.segment if before else None,
        current_segment=after.segment if after else None,
        previous_rank=before.rank if before else None,
        current_rank=after.rank if after else None,
        previous_score=before.average_score if before else None,
        current_score=after.average_score if after else None,
        segment_change=_direction(before.segment, after.segment) if both else None,
        rank_delta=after.rank - before.rank if both else None,
        score_delta=round(after.average_score - before.average_score, 2) if both else None,
        is_cap_applied=bool(after and after.is_capped and not (before and before.is_capped)),
        is_cap_removed=bool(before and before.is_capped and not (after and after.is_capped)),
        is_deficit_changed=both and before.in_deficit != after.in_deficit,
        is_new=before is None,
        is_gone=after is None,
        crosses_methodology_year=crosses,
        previous_table_size=before.table_size if before else None,
        current_table_size=after.table_size if after else None,
    )


def diff_tables(previous: LeagueTables, current: LeagueTables) -> list[Movement]:
    """Compare every trust present in either quarter.

    A trust that changed table type (not seen in the data) is still compared by segment and rank.
    Mergers make trusts disappear (e.g. RNK, RY2, RYV from Q1 2026/27): they are `is_gone`.

    Returns:
        One movement per trust, sorted by trust code so the output is deterministic.
    """
    crosses = previous.methodology_year != current.methodology_year
    codes = sorted(set(previous.results) | set(current.results))
    return [
        _movement(code, previous.results.get(code), current.results.get(code), crosses)
        for code in codes
    ]
