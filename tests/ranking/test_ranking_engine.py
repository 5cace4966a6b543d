"""compute_league_tables end to end on small, hand-checkable quarters."""

import pytest
from ranking_builders import ACUTE, AMB, MH, Q1_2526, Q1_2627, make_input, make_tables

from ranking import (
    DuplicateTrustError,
    InvalidScoreError,
    Quarter,
    TrustQuarterInput,
    UnknownMethodologyYearError,
    compute_league_tables,
)

# Five pooled averages 1.5/2.0/2.5/3.0/3.5 -> cut points exactly 2.0 / 2.5 / 3.0.
POOL = (("P1", 1.5), ("P2", 2.0), ("P3", 2.5), ("P4", 3.0), ("P5", 3.5))


def test_ties_share_rank_and_skip_the_next():
    tables = make_tables(Q1_2526, *POOL, ("T1", 2.2), ("T2", 2.2), ("T3", 2.4))
    ranks = {r.trust_code: r.rank for r in tables.table(ACUTE)}
    assert [ranks[c] for c in ("P1", "P2", "T1", "T2", "T3", "P3", "P4", "P5")] == [
        1, 2, 3, 3, 5, 6, 7, 8,
    ]  # fmt: skip


def test_deficit_caps_segment_and_ranks_below_uncapped():
    # 2026/27 fixed thresholds 1.93 / 2.325 / 2.775, so the added trusts move no cut point
    tables = make_tables(
        Q1_2627,
        *POOL,
        ("GOODDEBT", 1.1, {"in_deficit": True}),
        ("BADDEBT", 3.9, {"in_deficit": True}),
        ("MIDDEBT", 2.2, {"in_deficit": True}),
    )
    good, bad, mid = (tables.results[c] for c in ("GOODDEBT", "BADDEBT", "MIDDEBT"))
    assert (good.unadjusted_segment, good.segment, good.is_capped) == (1, 3, True)
    assert (mid.unadjusted_segment, mid.segment, mid.is_capped) == (2, 3, True)
    assert (bad.unadjusted_segment, bad.segment, bad.is_capped) == (4, 4, False)
    assert good.average_score == 1.1  # the override does not change the score
    # capped trusts rank after every uncapped segment 1-2 trust, by score within segment 3
    assert [r.trust_code for r in tables.table(ACUTE)] == [
        "P1", "P2", "GOODDEBT", "MIDDEBT", "P3", "P4", "P5", "BADDEBT",
    ]  # fmt: skip
    assert good.score_rank == 1
    assert good.rank == 3


def test_quartiles_are_pooled_across_trust_types_but_ranks_are_not():
    tables = make_tables(
        Q1_2526,
        ("A1", 1.5),
        ("A2", 2.0, {"trust_type": ACUTE}),
        ("M1", 2.5, {"trust_type": MH}),
        ("M2", 3.0, {"trust_type": MH}),
        ("X1", 3.5, {"trust_type": AMB}),
    )
    assert tables.cut_points == (2.0, 2.5, 3.0)
    assert {c: r.segment for c, r in tables.results.items()} == {
        "A1": 1, "A2": 1, "M1": 2, "M2": 3, "X1": 4,
    }  # fmt: skip
    assert {c: (r.rank, r.table_size) for c, r in tables.results.items()} == {
        "A1": (1, 2), "A2": (2, 2), "M1": (1, 2), "M2": (2, 2), "X1": (1, 1),
    }  # fmt: skip


def test_2026_27_uses_fixed_thresholds_whatever_the_distribution():
    tables = make_tables(Q1_2627, ("A", 1.92), ("B", 1.94), ("C", 2.78))
    assert tables.methodology_year == "2026/27"
    assert [tables.results[c].unadjusted_segment for c in "ABC"] == [1, 2, 4]
    assert "threshold" in tables.rule_description


def test_non_specialist_rank_skips_specialist_acute_trusts():
    tables = make_tables(
        Q1_2526,
        ("SPEC1", 1.2, {"subtype": "Acute - Specialist"}),
        ("GEN1", 1.5),
        ("SPEC2", 2.0, {"subtype": "Acute - Specialist"}),
        ("GEN2", 2.5, {"subtype": "Acute - Small"}),
        ("MH1", 1.0, {"trust_type": MH}),
    )
    results = tables.results
    assert (results["GEN1"].rank, results["GEN1"].non_specialist_rank) == (2, 1)
    assert (results["GEN2"].rank, results["GEN2"].non_specialist_rank) == (4, 2)
    assert results["GEN2"].non_specialist_table_size == 2
    for code in ("SPEC1", "SPEC2", "MH1"):
        assert results[code].non_specialist_rank is None
        assert results[code].non_specialist_table_size is None
    assert [r.trust_code for r in tables.non_specialist_table()] == ["GEN1", "GEN2"]


def test_distance_and_blocked_flag_in_results():
    tables = make_tables(Q1_2627, *POOL, ("D", 2.3, {"in_deficit": True}))
    result = tables.results["D"]
    assert result.unadjusted_segment == 2
    assert result.distance_to_next_segment == 0.37  # 2.30 - 1.93
    assert result.is_next_segment_blocked_by_deficit is True
    assert tables.results["P1"].distance_to_next_segment is None


def test_distance_uses_the_quarters_own_quartiles():
    tables = make_tables(Q1_2526, *POOL, ("D", 2.3))
    assert tables.cut_points[0] == 2.075  # six pooled values: P25 interpolated
    # the best 2-d.p. score on or below 2.075 is 2.07: 2.30 - 2.07
    assert tables.results["D"].distance_to_next_segment == 0.23


def test_published_average_drives_segment_and_rank_when_given():
    inputs = [make_input(c, a) for c, a in POOL] + [make_input("PUB", 2.004, published=2.01)]
    result = compute_league_tables(Q1_2526, inputs).results["PUB"]
    assert result.average_score == 2.01
    assert result.uses_published_average is True
    assert result.computed_average == 2.004
    assert result.unadjusted_segment == 2  # 2.01 > P25 = 2.0; the recomputed 2.00 would be 1


def test_recomputed_average_is_rounded_when_nothing_is_published():
    inputs = [make_input(c, a) for c, a in POOL] + [make_input("REC", 2.004)]
    result = compute_league_tables(Q1_2526, inputs).results["REC"]
    assert (result.average_score, result.uses_published_average) == (2.0, False)
    assert result.unadjusted_segment == 1


def test_missing_metrics_and_combined_finance_in_the_engine():
    item = TrustQuarterInput(
        trust_code="F",
        trust_type=ACUTE,
        trust_subtype="Acute - Large",
        metric_scores={"OF1080": 2.0, "OF1079": 4.0, "OF1081": 4.0, "OF1003": 3.0},
        in_deficit=False,
    )
    result = compute_league_tables(Q1_2526, [item, make_input("G", 1.0)]).results["F"]
    assert (result.average_score, result.metric_count) == (2.5, 2)


def test_trust_without_scores_or_published_average_is_excluded():
    tables = compute_league_tables(
        Q1_2526, [make_input("NONE", None), make_input("A", 2.0), make_input("B", 3.0)]
    )
    assert "NONE" not in tables.results
    assert tables.excluded == ("NONE",)
    assert tables.table_size(ACUTE) == 2


def test_trust_with_only_a_published_average_is_ranked():
    tables = compute_league_tables(
        Q1_2526, [make_input("PUBONLY", None, published=1.5), make_input("A", 2.0)]
    )
    result = tables.results["PUBONLY"]
    assert (result.rank, result.computed_average, result.metric_count) == (1, None, 0)


def test_duplicate_trust_raises():
    with pytest.raises(DuplicateTrustError):
        compute_league_tables(Q1_2526, [make_input("A", 2.0), make_input("A", 2.1)])


def test_unknown_methodology_year_raises():
    with pytest.raises(UnknownMethodologyYearError):
        compute_league_tables(Quarter(2027, 1), [make_input("A", 2.0)])


def test_invalid_published_average_raises():
    with pytest.raises(InvalidScoreError):
        compute_league_tables(Q1_2526, [make_input("A", 2.0, published=0.0)])


def test_input_order_does_not_change_the_result():
    specs = [*POOL, ("T1", 2.2), ("T2", 2.2, {"in_deficit": True})]
    forward = make_tables(Q1_2526, *specs)
    backward = make_tables(Q1_2526, *reversed(specs))
    assert dict(forward.results) == dict(backward.results)
