"""Which scores count and how they are averaged (nof-methodology.md §4, §12)."""

from fractions import Fraction

import pytest

from ranking import METHODOLOGY_YEARS, InvalidScoreError, average_score, is_score_id
from ranking.scoring import round_average, to_hundredths

Y2526 = METHODOLOGY_YEARS["2025/26"]
Y2627 = METHODOLOGY_YEARS["2026/27"]


@pytest.mark.parametrize(
    ("year", "metric_id", "expected"),
    [
        (Y2526, "OF1003", True),
        (Y2526, "OF0003", False),  # measured value
        (Y2526, "OF4000", False),  # domain score
        (Y2526, "OF5002", False),  # summary row
        (Y2526, "OF2003", False),  # another year's score
        (Y2526, "OF10030", False),
        (Y2627, "OF2003", True),
        (Y2627, "OF1003", False),
    ],
)
def test_is_score_id(year, metric_id, expected):
    assert is_score_id(year, metric_id) is expected


@pytest.mark.parametrize(
    ("year", "scores", "mean", "count"),
    [
        # combined finance counted instead of its parts
        (Y2526, {"OF1003": 1.0, "OF1080": 3.0, "OF1079": 4.0, "OF1081": 4.0}, Fraction(2), 2),
        (Y2627, {"OF2003": 1.0, "OF2080": 3.0, "OF2079": 4.0, "OF2081": 4.0}, Fraction(2), 2),
        # 2026/27 temporary staffing band counted instead of bank/agency parts
        (Y2627, {"OF2108": 2.0, "OF2207": 4.0, "OF2208": 4.0, "OF2003": 1.0}, Fraction(3, 2), 2),
        # OF2029 is a combined score whose parts are measured values: it simply counts
        (Y2627, {"OF2029": 3.0, "OF0029": 55.0, "OF0030": 60.0}, Fraction(3), 1),
        # infection scores count once, as their mean: (1 + (2+3+4)/3) / 2 = 2
        (Y2526, {"OF1003": 1.0, "OF1020": 2.0, "OF1048": 3.0, "OF1088": 4.0}, Fraction(2), 2),
        (Y2627, {"OF2020": 2.0, "OF2048": 3.0, "OF2088": 4.0}, Fraction(3), 1),
        # a missing group member: mean of the members present
        (Y2526, {"OF1003": 1.0, "OF1020": 2.0, "OF1048": 4.0}, Fraction(2), 2),
        # missing metrics are simply not counted; other rows are ignored
        (Y2526, {"OF1003": 1.25, "OF0003": 99.0, "OF5002": 3.9}, Fraction(5, 4), 1),
    ],
)
def test_average_score(year, scores, mean, count):
    result = average_score(year, scores)
    assert result.mean == mean
    assert result.metric_count == count


def test_counted_ids_list_what_contributed():
    result = average_score(Y2526, {"OF1080": 2.0, "OF1079": 1.0, "OF1020": 2.0, "OF0020": 9.0})
    assert result.counted_ids == ("OF1020", "OF1080")


def test_no_scores_gives_no_mean():
    result = average_score(Y2526, {"OF0003": 12.0, "OF2003": 1.0})
    assert result.mean is None
    assert result.metric_count == 0


@pytest.mark.parametrize("bad", [0.99, 4.01, float("nan"), float("inf")])
def test_out_of_range_score_raises(bad):
    with pytest.raises(InvalidScoreError):
        average_score(Y2526, {"OF1003": bad})


def test_out_of_range_uncounted_row_is_ignored():
    assert average_score(Y2526, {"OF1003": 2.0, "OF0003": 57.3}).mean == 2


def test_exact_arithmetic_does_not_depend_on_order():
    scores = {"OF1003": 2.01, "OF1010": 2.02, "OF1011": 2.03}
    reordered = dict(reversed(list(scores.items())))
    assert (
        average_score(Y2526, scores).mean
        == average_score(Y2526, reordered).mean
        == Fraction(202, 100)
    )


@pytest.mark.parametrize(
    ("value", "hundredths"),
    [
        (Fraction(4691, 2000), 235),  # 2.3455 -> 2.35
        (Fraction(469, 200), 235),  # 2.345 exactly: half rounds up
        (Fraction(471, 200), 236),  # 2.355 exactly: half rounds up (not to even)
        (Fraction(2344999, 1000000), 234),
        (2.57, 257),
        (1.0, 100),
    ],
)
def test_rounding_to_hundredths(value, hundredths):
    assert to_hundredths(value) == hundredths
    assert round_average(value) == hundredths / 100
