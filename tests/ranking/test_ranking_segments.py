"""Cut points, unadjusted segments, the deficit cap and the distance to the next segment."""

import pytest

from ranking import (
    METHODOLOGY_YEARS,
    NoAveragesError,
    apply_deficit_cap,
    cut_points,
    distance_to_next_segment,
    unadjusted_segment,
)
from ranking.segments import is_next_segment_blocked_by_deficit

QUARTILES = METHODOLOGY_YEARS["2025/26"].segmentation
THRESHOLDS = METHODOLOGY_YEARS["2026/27"].segmentation
CUTS = (2.05, 2.32, 2.60)  # Q1 2025/26 (nof-methodology.md §5)


def test_quartiles_are_inclusive_quantiles_of_2dp_averages():
    # five values: inclusive quartiles fall exactly on data points
    assert cut_points(QUARTILES, [3.5, 1.5, 2.5, 3.0, 2.0]) == (2.0, 2.5, 3.0)
    # averages are rounded to 2 d.p. before the quartiles are taken
    assert cut_points(QUARTILES, [1.504, 1.996, 2.5, 3.004, 3.4951]) == (2.0, 2.5, 3.0)


def test_quartiles_interpolate_between_points():
    # four values: statistics.quantiles(method="inclusive") interpolates
    assert cut_points(QUARTILES, [1.0, 2.0, 3.0, 4.0]) == (1.75, 2.5, 3.25)


def test_quartiles_need_an_average():
    with pytest.raises(NoAveragesError):
        cut_points(QUARTILES, [])
    assert cut_points(QUARTILES, [2.2]) == (2.2, 2.2, 2.2)


def test_fixed_thresholds_ignore_the_distribution():
    assert cut_points(THRESHOLDS, [1.0, 4.0]) == THRESHOLDS.thresholds
    assert cut_points(THRESHOLDS, []) == THRESHOLDS.thresholds


@pytest.mark.parametrize(
    ("average", "segment"),
    [
        (1.00, 1),
        (2.05, 1),  # equal to P25: the better segment
        (2.06, 2),
        (2.32, 2),  # equal to P50
        (2.33, 3),
        (2.60, 3),  # equal to P75
        (2.61, 4),
        (4.00, 4),
    ],
)
def test_quartile_boundaries_are_inclusive_on_the_better_side(average, segment):
    assert unadjusted_segment(average, CUTS) == segment


def test_boundary_is_exact_despite_float_noise():
    # 0.1 + 0.2 style noise must not move a score that equals a cut point
    assert unadjusted_segment(2.05, (2.0500000000000003, 2.32, 2.6)) == 1


@pytest.mark.parametrize(
    ("average", "segment"),
    [
        (1.92, 1),  # highest published segment-1 average in Q1 2026/27
        (1.93, 1),  # undecided by the data; our threshold puts it in segment 1
        (1.94, 2),  # lowest published segment-2 average
        (2.32, 2),
        (2.33, 3),
        (2.77, 3),
        (2.78, 4),
    ],
)
def test_2026_27_thresholds(average, segment):
    assert unadjusted_segment(average, cut_points(THRESHOLDS, [])) == segment


@pytest.mark.parametrize(
    ("unadjusted", "in_deficit", "segment"),
    [
        (1, True, 3),
        (2, True, 3),
        (3, True, 3),
        (4, True, 4),
        (1, False, 1),
        (2, False, 2),
        (3, False, 3),
        (4, False, 4),
    ],
)
def test_deficit_cap(unadjusted, in_deficit, segment):
    assert apply_deficit_cap(unadjusted, in_deficit) == segment


@pytest.mark.parametrize(
    ("average", "unadjusted", "distance"),
    [
        (1.50, 1, None),
        (2.10, 2, 0.05),
        (2.06, 2, 0.01),
        (2.57, 3, 0.25),
        (2.61, 4, 0.01),
        (3.40, 4, 0.8),
    ],
)
def test_distance_to_next_segment(average, unadjusted, distance):
    assert distance_to_next_segment(average, unadjusted, CUTS) == distance


def test_distance_to_fractional_threshold():
    cuts = cut_points(THRESHOLDS, [])
    assert distance_to_next_segment(2.40, 3, cuts) == 0.08  # a trust needs 2.32 (cut 2.325)


@pytest.mark.parametrize(
    ("unadjusted", "in_deficit", "blocked"),
    [(1, True, False), (2, True, True), (3, True, True), (4, True, False), (3, False, False)],
)
def test_next_segment_blocked_by_deficit(unadjusted, in_deficit, blocked):
    assert is_next_segment_blocked_by_deficit(unadjusted, in_deficit) is blocked
