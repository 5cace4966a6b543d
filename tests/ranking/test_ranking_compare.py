"""fidelity.compare on hand-made tables: what counts as explained and what does not."""

import pytest
from ranking_builders import Q1_2526, Q2_2526, make_input

from ranking import (
    FidelityField,
    PublishedResult,
    QuarterMismatchError,
    compare,
    compute_league_tables,
)
from ranking.fidelity import ROUNDING_EXPLANATION


def _tables():
    inputs = [
        make_input("A", 1.5),
        make_input("B", 2.004, published=2.01),  # recomputed 2.00, published 2.01
        make_input("C", 3.0, in_deficit=True),
    ]
    return compute_league_tables(Q1_2526, inputs)


def _published(code, *, like=None, **changes):
    r = _tables().results[like or code]
    values = {
        "trust_code": code,
        "quarter": "Q1 2025/26",
        "segment": r.segment,
        "unadjusted_segment": r.unadjusted_segment,
        "in_deficit": r.in_deficit,
        "average_score": r.average_score,
        "rank": r.rank,
        "table_size": r.table_size,
    }
    return PublishedResult(**{**values, **changes})


def test_identical_figures_have_no_mismatch():
    report = compare(_tables(), [_published("A"), _published("C")] + [_published("B")])
    assert report.mismatches == tuple(report.explained)
    assert report.is_faithful
    assert (report.average_exact, report.average_within_rounding) == (2, 1)


def test_average_within_a_hundredth_is_explained_as_rounding():
    report = compare(_tables(), [_published("A"), _published("B"), _published("C")])
    (explained,) = report.explained
    assert (explained.trust_code, explained.field) == ("B", FidelityField.AVERAGE_SCORE)
    assert (explained.published, explained.computed) == (2.01, 2.0)
    assert explained.explanation == ROUNDING_EXPLANATION


def test_average_beyond_a_hundredth_is_unexplained():
    report = compare(_tables(), [_published("A", average_score=1.52)])
    (mismatch,) = [m for m in report.unexplained if m.trust_code == "A"]
    assert mismatch.field is FidelityField.AVERAGE_SCORE
    assert report.average_beyond == 1


@pytest.mark.parametrize(
    ("changes", "fields"),
    [
        # C: 3.00 in deficit, unadjusted 4 (cut points 1.755 / 2.01 / 2.505), so not capped
        ({"segment": 3}, {FidelityField.SEGMENT, FidelityField.CAP}),
        ({"unadjusted_segment": 3}, {FidelityField.UNADJUSTED_SEGMENT, FidelityField.CAP}),
        ({"in_deficit": False}, {FidelityField.DEFICIT}),
        ({"rank": 9}, {FidelityField.RANK}),
        ({"table_size": 134}, {FidelityField.TABLE_SIZE}),
    ],
)
def test_other_fields_must_match_exactly(changes, fields):
    report = compare(_tables(), [_published("C", **changes)])
    assert {m.field for m in report.unexplained if m.trust_code == "C"} == fields


def test_unpublished_fields_are_not_checked():
    blank = dict.fromkeys(
        ("segment", "unadjusted_segment", "in_deficit", "average_score", "rank", "table_size")
    )
    report = compare(_tables(), [_published(code, **blank) for code in "ABC"])
    assert report.mismatches == ()


def test_presence_both_ways():
    report = compare(_tables(), [_published("A"), _published("B"), _published("ZZZ", like="A")])
    presence = {(m.trust_code, m.published, m.computed) for m in report.unexplained}
    assert presence == {("ZZZ", True, False), ("C", False, True)}


def test_other_quarter_is_refused():
    with pytest.raises(QuarterMismatchError):
        compare(_tables(), [_published("A", quarter=Q2_2526)])
