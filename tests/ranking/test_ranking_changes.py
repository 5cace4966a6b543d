"""Movements between two quarters (nof-methodology.md §9)."""

from ranking_builders import Q1_2526, Q1_2627, Q2_2526, make_tables

from ranking import SegmentChange, diff_tables

POOL = (("P1", 1.5), ("P2", 2.0), ("P3", 2.5), ("P4", 3.0), ("P5", 3.5))


def _by_code(previous, current):
    return {m.trust_code: m for m in diff_tables(previous, current)}


def test_up_down_same_and_deltas():
    before = make_tables(Q1_2526, *POOL, ("UP", 2.7), ("DOWN", 1.9), ("SAME", 2.2))
    after = make_tables(Q2_2526, *POOL, ("UP", 1.8), ("DOWN", 2.9), ("SAME", 2.3))
    moves = _by_code(before, after)
    assert moves["UP"].segment_change is SegmentChange.UP
    assert (moves["UP"].previous_segment, moves["UP"].current_segment) == (3, 1)
    assert moves["UP"].score_delta == -0.9
    assert moves["UP"].rank_delta == moves["UP"].current_rank - moves["UP"].previous_rank < 0
    assert moves["DOWN"].segment_change is SegmentChange.DOWN
    assert moves["DOWN"].rank_delta > 0
    assert moves["SAME"].segment_change == "same"
    assert moves["SAME"].score_delta == 0.1
    assert not any(m.crosses_methodology_year for m in moves.values())


def test_cap_applied_and_removed():
    before = make_tables(
        Q1_2526, *POOL, ("APPLY", 1.8), ("REMOVE", 1.8, {"in_deficit": True}),
        ("STAYS", 1.8, {"in_deficit": True}), ("WORST", 3.8, {"in_deficit": True}),
    )  # fmt: skip
    after = make_tables(
        Q2_2526, *POOL, ("APPLY", 1.8, {"in_deficit": True}), ("REMOVE", 1.8),
        ("STAYS", 1.8, {"in_deficit": True}), ("WORST", 3.8),
    )  # fmt: skip
    moves = _by_code(before, after)
    apply, remove = moves["APPLY"], moves["REMOVE"]
    assert (apply.is_cap_applied, apply.is_cap_removed, apply.segment_change) == (
        True, False, SegmentChange.DOWN,
    )  # fmt: skip
    assert (remove.is_cap_applied, remove.is_cap_removed, remove.segment_change) == (
        False, True, SegmentChange.UP,
    )  # fmt: skip
    assert apply.is_deficit_changed and remove.is_deficit_changed
    stays = moves["STAYS"]
    assert not (stays.is_cap_applied or stays.is_cap_removed or stays.is_deficit_changed)
    # segment 4 is not capped, so leaving deficit there removes no cap
    worst = moves["WORST"]
    assert (worst.is_cap_removed, worst.is_deficit_changed) == (False, True)


def test_new_and_gone_trusts():
    before = make_tables(Q1_2526, *POOL, ("GONE", 2.0))
    after = make_tables(Q2_2526, *POOL, ("NEW", 2.0))
    moves = _by_code(before, after)
    new, gone = moves["NEW"], moves["GONE"]
    assert (new.is_new, new.is_gone, new.previous_rank, new.segment_change) == (
        True, False, None, None,
    )  # fmt: skip
    assert new.current_segment == 1
    assert (gone.is_new, gone.is_gone, gone.current_rank, gone.rank_delta) == (
        False, True, None, None,
    )  # fmt: skip
    assert not new.is_cap_applied and not gone.is_cap_removed
    assert list(moves) == sorted(moves)


def test_movement_across_methodology_years_is_marked():
    before = make_tables(Q1_2526, *POOL)
    after = make_tables(Q1_2627, *POOL)
    moves = diff_tables(before, after)
    assert all(m.crosses_methodology_year for m in moves)
    assert {m.trust_code: m.current_segment for m in moves}["P2"] == 2  # 2.0 > 1.93
