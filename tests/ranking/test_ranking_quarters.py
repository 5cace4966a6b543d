"""Quarter parsing, formatting, ordering and stepping (nof-methodology.md §11)."""

import pytest

from ranking import InvalidQuarterError, Quarter, parse_quarter


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Q1 2025/26", Quarter(2025, 1)),
        ("q1 2025/26", Quarter(2025, 1)),
        ("Q1 2025-26", Quarter(2025, 1)),
        ("2025/26 Q1", Quarter(2025, 1)),
        ("2025-26 q4", Quarter(2025, 4)),
        ("  Q3   2025/26 ", Quarter(2025, 3)),
        ("Q2 2025/2026", Quarter(2025, 2)),
        ("Q1 2026/27", Quarter(2026, 1)),
        ("Q4 2099/00", Quarter(2099, 4)),
    ],
)
def test_parse_accepted_spellings(text, expected):
    assert parse_quarter(text) == expected


@pytest.mark.parametrize(
    "text",
    ["", "Q5 2025/26", "Q0 2025/26", "Q1 2025/27", "Q1 2025", "2025/26", "Q1 25/26", "Quarter 1"],
)
def test_parse_rejects_other_text(text):
    with pytest.raises(InvalidQuarterError):
        parse_quarter(text)


def test_invalid_quarter_error_is_a_value_error():
    assert issubclass(InvalidQuarterError, ValueError)


def test_constructor_rejects_impossible_quarter():
    with pytest.raises(InvalidQuarterError):
        Quarter(2025, 5)


def test_str_and_methodology_year():
    q = Quarter(2025, 1)
    assert str(q) == "Q1 2025/26"
    assert q.methodology_year == "2025/26"
    assert parse_quarter(str(Quarter(2026, 3))) == Quarter(2026, 3)


@pytest.mark.parametrize(
    ("quarter", "previous", "following"),
    [
        (Quarter(2025, 1), Quarter(2024, 4), Quarter(2025, 2)),
        (Quarter(2025, 4), Quarter(2025, 3), Quarter(2026, 1)),
        (Quarter(2025, 2), Quarter(2025, 1), Quarter(2025, 3)),
    ],
)
def test_previous_and_next(quarter, previous, following):
    assert quarter.previous() == previous
    assert quarter.next() == following
    assert quarter.next().previous() == quarter


def test_quarters_order_chronologically():
    quarters = [parse_quarter(t) for t in ("Q1 2026/27", "Q4 2025/26", "Q1 2025/26", "Q2 2025/26")]
    assert [str(q) for q in sorted(quarters)] == [
        "Q1 2025/26",
        "Q2 2025/26",
        "Q4 2025/26",
        "Q1 2026/27",
    ]
