"""Per-year rules are data, and unknown years fail loudly (nof-methodology.md §5, §12)."""

import pytest

from ranking import (
    METHODOLOGY_YEARS,
    Quarter,
    SegmentationMethod,
    UnknownMethodologyYearError,
    methodology_for,
)


def test_lookup_by_label_and_by_quarter():
    assert methodology_for("2025/26") is methodology_for(Quarter(2025, 3))
    assert methodology_for(Quarter(2026, 1)).label == "2026/27"


@pytest.mark.parametrize("year", ["2024/25", "2027/28", "2025-26", ""])
def test_unknown_year_raises_value_error(year):
    with pytest.raises(UnknownMethodologyYearError, match="no NOF methodology rules"):
        methodology_for(year)
    assert issubclass(UnknownMethodologyYearError, ValueError)


def test_unknown_quarter_year_raises():
    with pytest.raises(UnknownMethodologyYearError):
        methodology_for(Quarter(2024, 4))


@pytest.mark.parametrize(
    ("year", "prefix", "finance", "parts", "summary"),
    [
        (
            "2025/26",
            "OF1",
            "OF1080",
            ("OF1079", "OF1081"),
            ("OF5000", "OF5002", "OF5003", "OF5004"),
        ),
        (
            "2026/27",
            "OF2",
            "OF2080",
            ("OF2079", "OF2081"),
            ("OF5200", "OF5202", "OF5203", "OF5204"),
        ),
    ],
)
def test_year_records(year, prefix, finance, parts, summary):
    rules = METHODOLOGY_YEARS[year]
    assert rules.score_prefix == prefix
    assert (rules.finance.combined_id, rules.finance.part_ids) == (finance, parts)
    ids = rules.summary_ids
    assert (ids.adjusted_segment, ids.average_score, ids.unadjusted_segment, ids.deficit_flag) == (
        summary
    )


def test_2025_26_uses_pooled_quartiles():
    rule = METHODOLOGY_YEARS["2025/26"].segmentation
    assert rule.method is SegmentationMethod.POOLED_QUARTILES
    assert rule.thresholds is None


def test_2026_27_thresholds_lie_inside_the_bounds_the_data_allows():
    rule = METHODOLOGY_YEARS["2026/27"].segmentation
    assert rule.method is SegmentationMethod.FIXED_THRESHOLDS
    low, mid, high = rule.thresholds
    assert 1.92 < low < 1.94
    assert 2.32 < mid < 2.33
    assert 2.77 < high < 2.78


def test_2026_27_staffing_parts_are_replaced_by_their_band():
    rules = METHODOLOGY_YEARS["2026/27"]
    assert {"OF2079", "OF2081", "OF2207", "OF2208"} <= rules.replaced_part_ids
    assert "OF2108" not in rules.replaced_part_ids


def test_registry_is_read_only():
    with pytest.raises(TypeError):
        METHODOLOGY_YEARS["2027/28"] = METHODOLOGY_YEARS["2026/27"]  # type: ignore[index]
