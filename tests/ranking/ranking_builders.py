"""Deterministic builders for ranking tests: small inputs with exactly the averages wanted."""

from __future__ import annotations

from ranking import (
    LeagueTables,
    Quarter,
    TrustQuarterInput,
    TrustType,
    compute_league_tables,
    methodology_for,
)

Q1_2526 = Quarter(2025, 1)
Q2_2526 = Quarter(2025, 2)
Q1_2627 = Quarter(2026, 1)
ACUTE = TrustType.ACUTE
MH = TrustType.MENTAL_HEALTH_COMMUNITY
AMB = TrustType.AMBULANCE
DEFAULT_SUBTYPE = {ACUTE: "Acute - Teaching", MH: "Community", AMB: "Ambulance"}


def score_id(quarter: Quarter, suffix: str = "003") -> str:
    """A score metric ID of the quarter's year: OF1003 in 2025/26, OF2003 in 2026/27."""
    return methodology_for(quarter).score_prefix + suffix


def make_input(
    code: str,
    average: float | None,
    *,
    trust_type: TrustType = ACUTE,
    subtype: str | None = None,
    in_deficit: bool = False,
    quarter: Quarter = Q1_2526,
    published: float | None = None,
) -> TrustQuarterInput:
    """One trust whose counted scores average exactly `average` (a single score metric)."""
    scores = {} if average is None else {score_id(quarter): average}
    return TrustQuarterInput(
        trust_code=code,
        trust_type=trust_type,
        trust_subtype=subtype or DEFAULT_SUBTYPE[trust_type],
        metric_scores=scores,
        in_deficit=in_deficit,
        published_average=published,
    )


def make_tables(
    quarter: Quarter, *specs: tuple[str, float] | tuple[str, float, dict[str, object]]
) -> LeagueTables:
    """Tables from (code, average[, make_input keyword arguments]) specs."""
    inputs = []
    for spec in specs:
        code, average, *rest = spec
        options = rest[0] if rest else {}
        inputs.append(make_input(code, average, quarter=quarter, **options))
    return compute_league_tables(quarter, inputs)
