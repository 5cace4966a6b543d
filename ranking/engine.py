"""The league-table pipeline: scores -> average -> segment -> deficit cap -> rank.

Which average drives segmentation and ranking: NHS England averages the UNROUNDED metric
scores, but only 2-d.p. scores are published, so an average recomputed from them can differ
from the published one (OF5002/OF5202) by 0.01 (nof-methodology.md §4 [data]). When the
published average is given it is used, and the engine reproduces every published segment and
rank; otherwise the recomputed mean, rounded to 2 d.p., is used. The recomputed mean is always
reported as `computed_average`, so callers can see the difference.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from fractions import Fraction

from ranking.methodology import MethodologyYear, methodology_for
from ranking.models import (
    ACUTE_SPECIALIST_SUBTYPE,
    LeagueTables,
    TrustQuarterInput,
    TrustResult,
    TrustType,
)
from ranking.quarters import Quarter
from ranking.ranks import competition_ranks, league_key, score_key
from ranking.scoring import AverageScore, average_score, to_fraction, to_hundredths
from ranking.segments import (
    apply_deficit_cap,
    cut_points,
    distance_to_next_segment,
    is_next_segment_blocked_by_deficit,
    unadjusted_segment,
)


class DuplicateTrustError(ValueError):
    """Raised when one trust code is given twice for the same quarter."""


@dataclass(frozen=True, slots=True)
class _Scored:
    """A trust with the 2-d.p. average that drives its segment and rank."""

    item: TrustQuarterInput
    average: AverageScore
    hundredths: int
    uses_published: bool
    unadjusted: int = 0
    segment: int = 0


def _score(year: MethodologyYear, item: TrustQuarterInput) -> _Scored | None:
    """Average one trust; None when it has neither scores nor a published average."""
    average = average_score(year, item.metric_scores)
    if item.published_average is not None:
        published = to_fraction(item.published_average)
        return _Scored(item, average, to_hundredths(published), True)
    if average.mean is None:
        return None
    return _Scored(item, average, to_hundredths(average.mean), False)


def _is_non_specialist_acute(item: TrustQuarterInput) -> bool:
    """Acute trusts other than "Acute - Specialist" form the non-specialist table."""
    return item.trust_type is TrustType.ACUTE and item.trust_subtype != ACUTE_SPECIALIST_SUBTYPE


def compute_league_tables(quarter: Quarter, inputs: Iterable[TrustQuarterInput]) -> LeagueTables:
    """Compute the three league tables of a quarter.

    Steps (nof-methodology.md §4-6, §8):
      1. average each trust's counted scores (scoring.py); the published average wins when
         given (see module docstring);
      2. cut points from the year's rule - in 2025/26 quartiles pooled over ALL trusts given,
         whatever their type (§5 [data]), so pass every trust of the quarter together;
      3. unadjusted segment, then the deficit cap (segments.py);
      4. rank within trust type by (segment, 2-d.p. average), ties shared "1224" (ranks.py);
         also the rank among non-specialist acute trusts and the rank by score alone.

    A trust with no counted scores and no published average cannot be placed: it is left out
    of the tables (and of the quartiles) and listed in `LeagueTables.excluded`.

    Raises:
        UnknownMethodologyYearError: the quarter's methodology year has no rules.
        DuplicateTrustError: a trust code appears twice.
        InvalidScoreError: a score or published average outside 1.00-4.00.
        NoAveragesError: 2025/26 quarter with nothing to take quartiles of.
    """
    year = methodology_for(quarter)
    scored: list[_Scored] = []
    excluded: list[str] = []
    seen: set[str] = set()
    for item in inputs:
        if item.trust_code in seen:
            raise DuplicateTrustError(f"{item.trust_code} is given twice for {quarter}")
        seen.add(item.trust_code)
        trust = _score(year, item)
        if trust is None:
            excluded.append(item.trust_code)
        else:
            scored.append(trust)

    cuts = cut_points(year.segmentation, (Fraction(t.hundredths, 100) for t in scored))
    placed = []
    for t in scored:
        unadjusted = unadjusted_segment(Fraction(t.hundredths, 100), cuts)
        segment = apply_deficit_cap(unadjusted, t.item.in_deficit)
        placed.append(
            _Scored(t.item, t.average, t.hundredths, t.uses_published, unadjusted, segment)
        )

    results = _rank(placed, cuts)
    return LeagueTables(
        quarter=quarter,
        methodology_year=year.label,
        results=results,
        cut_points=cuts,
        rule_description=year.segmentation.description,
        excluded=tuple(sorted(excluded)),
    )


def _rank(placed: list[_Scored], cuts: tuple[float, float, float]) -> dict[str, TrustResult]:
    """Number every trust within its type; build the results."""
    by_type: dict[TrustType, list[_Scored]] = defaultdict(list)
    for t in placed:
        by_type[t.item.trust_type].append(t)
    non_specialist = [t for t in placed if _is_non_specialist_acute(t.item)]
    ns_ranks = dict(
        zip(
            (t.item.trust_code for t in non_specialist),
            competition_ranks(non_specialist, lambda t: league_key(t.segment, t.hundredths)),
            strict=True,
        )
    )
    results: dict[str, TrustResult] = {}
    for table in by_type.values():
        ranks = competition_ranks(table, lambda t: league_key(t.segment, t.hundredths))
        score_ranks = competition_ranks(table, lambda t: score_key(t.hundredths))
        for t, rank, score_rank in zip(table, ranks, score_ranks, strict=True):
            code = t.item.trust_code
            is_ns = code in ns_ranks
            average = Fraction(t.hundredths, 100)
            mean = t.average.mean
            results[code] = TrustResult(
                trust_code=code,
                trust_type=t.item.trust_type,
                trust_subtype=t.item.trust_subtype,
                average_score=t.hundredths / 100,
                computed_average=float(mean) if mean is not None else None,
                uses_published_average=t.uses_published,
                metric_count=t.average.metric_count,
                unadjusted_segment=t.unadjusted,
                segment=t.segment,
                is_capped=t.segment != t.unadjusted,
                in_deficit=t.item.in_deficit,
                rank=rank,
                table_size=len(table),
                non_specialist_rank=ns_ranks.get(code),
                non_specialist_table_size=len(non_specialist) if is_ns else None,
                score_rank=score_rank,
                distance_to_next_segment=distance_to_next_segment(average, t.unadjusted, cuts),
                is_next_segment_blocked_by_deficit=is_next_segment_blocked_by_deficit(
                    t.unadjusted, t.item.in_deficit
                ),
            )
    return results
