"""The engine against NHS England's published figures for every bundled quarter.

The bundled official long files (db/bundled/nof/*.csv.gz) give each trust's scores, deficit flag
and published average; published_summary_*.csv.gz give the expected segment, rank and table
size. A small csv reader lives here on purpose: ranking/ does no I/O.
"""

from __future__ import annotations

import csv
import gzip
from collections import Counter, defaultdict
from fractions import Fraction
from pathlib import Path

import pytest

from ranking import (
    FidelityField,
    LeagueTables,
    PublishedResult,
    Quarter,
    SegmentChange,
    TrustQuarterInput,
    TrustType,
    average_score,
    compare,
    compute_league_tables,
    diff_tables,
    methodology_for,
    parse_quarter,
)
from ranking.fidelity import ROUNDING_EXPLANATION

BUNDLE = Path(__file__).resolve().parents[2] / "db" / "bundled" / "nof"
DATA_FILES = [f"nof_data_{kind}_{year}.csv.gz" for year in ("2526", "2627")
              for kind in ("acute", "mhcom", "ambulance")]  # fmt: skip
SUMMARY_FILES = ["published_summary_2025_26.csv.gz", "published_summary_2026_27.csv.gz"]


def _read(name: str) -> list[dict[str, str]]:
    with gzip.open(BUNDLE / name, "rt", encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


class Bundle:
    """Per quarter: every trust's metric rows, its type/subtype, and the published summary."""

    def __init__(self) -> None:
        self.metrics: dict[Quarter, dict[str, dict[str, float]]] = defaultdict(dict)
        self.trusts: dict[Quarter, dict[str, tuple[TrustType, str]]] = defaultdict(dict)
        for name in DATA_FILES:
            for row in _read(name):
                quarter, code = parse_quarter(row["Quarter"]), row["Trust_code"]
                self.metrics[quarter].setdefault(code, {})[row["Metric_ID"]] = float(row["Value"])
                kind = TrustType.from_official(row["Trust_type"])
                self.trusts[quarter][code] = (kind, row["Trust_subtype"])
        self.summary = {
            (parse_quarter(row["quarter"]), row["trust_code"]): row
            for name in SUMMARY_FILES
            for row in _read(name)
        }
        self.quarters = sorted(self.metrics)

    def inputs(self, quarter: Quarter, *, with_published: bool) -> list[TrustQuarterInput]:
        ids = methodology_for(quarter).summary_ids
        return [
            TrustQuarterInput(
                trust_code=code,
                trust_type=self.trusts[quarter][code][0],
                trust_subtype=self.trusts[quarter][code][1],
                metric_scores=rows,  # everything: the engine must pick the scores itself
                in_deficit=rows[ids.deficit_flag] == 1,
                published_average=rows[ids.average_score] if with_published else None,
            )
            for code, rows in self.metrics[quarter].items()
        ]

    def published(self, quarter: Quarter) -> list[PublishedResult]:
        return [
            PublishedResult(
                trust_code=code,
                quarter=str(quarter),
                segment=int(row["adjusted_segment"]),
                unadjusted_segment=int(row["unadjusted_segment"]),
                in_deficit=row["financial_override_flag"] == "1",
                average_score=float(row["average_metric_score"]),
                rank=int(row["league_rank_within_type"]),
                table_size=int(row["league_table_size"]),
            )
            for (q, code), row in self.summary.items()
            if q == quarter
        ]


@pytest.fixture(scope="module")
def bundle() -> Bundle:
    return Bundle()


@pytest.fixture(scope="module")
def tables(bundle: Bundle) -> dict[Quarter, LeagueTables]:
    return {
        q: compute_league_tables(q, bundle.inputs(q, with_published=True)) for q in bundle.quarters
    }


@pytest.fixture(scope="module")
def recomputed(bundle: Bundle) -> dict[Quarter, LeagueTables]:
    """Tables driven by our own recomputed averages, published averages withheld."""
    return {
        q: compute_league_tables(q, bundle.inputs(q, with_published=False))
        for q in bundle.quarters
    }


def test_bundle_holds_five_quarters(bundle):
    assert [str(q) for q in bundle.quarters] == [
        "Q1 2025/26", "Q2 2025/26", "Q3 2025/26", "Q4 2025/26", "Q1 2026/27",
    ]  # fmt: skip


@pytest.mark.parametrize("index", range(5))
def test_every_bundled_quarter_has_no_unexplained_mismatch(bundle, tables, index):
    quarter = bundle.quarters[index]
    report = compare(tables[quarter], bundle.published(quarter))
    assert report.unexplained == ()
    assert report.is_faithful
    assert (
        report.compared
        == len(tables[quarter].results)
        == (202 if quarter.year_start == 2026 else 205)
    )
    assert report.average_beyond == 0
    assert all(m.field is FidelityField.AVERAGE_SCORE for m in report.explained)
    assert all(m.explanation == ROUNDING_EXPLANATION for m in report.explained)


def test_score_rank_matches_the_of5002_rank(bundle, tables):
    for quarter in bundle.quarters:
        for code, result in tables[quarter].results.items():
            assert result.score_rank == int(
                bundle.summary[(quarter, code)]["score_rank_within_type"]
            )


def test_leeds_q1_2025_26(tables):
    results = tables[Quarter(2025, 1)].results
    expected = {
        "RR8": (TrustType.ACUTE, 3, 96, 134, 2.57),  # Leeds Teaching Hospitals
        "RGD": (TrustType.MENTAL_HEALTH_COMMUNITY, 2, 15, 61, 2.13),  # Leeds and York Partnership
        "RY6": (TrustType.MENTAL_HEALTH_COMMUNITY, 4, 52, 61, 2.80),  # Leeds Community Healthcare
    }
    for code, values in expected.items():
        r = results[code]
        assert (r.trust_type, r.segment, r.rank, r.table_size, r.average_score) == values
    assert results["RR8"].in_deficit and not results["RR8"].is_capped  # unadjusted 3 already


def test_q1_2025_26_tie_rdr_and_rgd_share_rank_15(tables):
    table = tables[Quarter(2025, 1)]
    rdr, rgd = table.results["RDR"], table.results["RGD"]
    assert (rdr.segment, rdr.average_score, rdr.rank) == (rgd.segment, rgd.average_score, 15)
    ranks = [r.rank for r in table.table(TrustType.MENTAL_HEALTH_COMMUNITY)]
    assert ranks.count(15) == 2 and 16 not in ranks and 17 in ranks


def test_cut_points_per_quarter(bundle, tables):
    # Q1, Q2, Q4 as in nof-methodology.md §5; Q3 with all 205 trusts (the doc had 200).
    assert [tables[q].cut_points for q in bundle.quarters] == [
        (2.05, 2.32, 2.6), (2.06, 2.34, 2.67), (2.06, 2.35, 2.7), (2.02, 2.3, 2.57),
        (1.93, 2.325, 2.775),
    ]  # fmt: skip


def test_table_sizes(tables):
    q1 = tables[Quarter(2025, 1)]
    assert [q1.table_size(t) for t in TrustType] == [134, 61, 10]
    assert q1.results["RR8"].non_specialist_table_size == 118  # 16 specialist trusts left out
    q1_next = tables[Quarter(2026, 1)]
    assert [q1_next.table_size(t) for t in TrustType] == [134, 58, 10]


def test_measured_average_fidelity(bundle, tables):
    """How well the mean of the published 2-d.p. scores reproduces OF5002/OF5202."""
    reports = [compare(tables[q], bundle.published(q)) for q in bundle.quarters]
    exact = sum(r.average_exact for r in reports)
    within = sum(r.average_within_rounding for r in reports)
    beyond = sum(r.average_beyond for r in reports)
    assert (exact, within, beyond) == (974, 48, 0)  # of 1,022 trust-quarters


def test_measured_effect_of_recomputed_averages_on_segments(bundle, recomputed):
    """Without published averages, only Q3 2025/26 changes: its P25 moves from 2.06 to 2.07."""
    differ: Counter[tuple[str, str]] = Counter()
    for quarter in bundle.quarters:
        report = compare(recomputed[quarter], bundle.published(quarter))
        for m in report.unexplained:
            differ[(str(quarter), m.field.value)] += 1
    assert recomputed[Quarter(2025, 3)].cut_points == (2.07, 2.35, 2.7)
    assert differ[("Q3 2025/26", "unadjusted_segment")] == 6
    assert differ[("Q3 2025/26", "segment")] == 3
    segment_fields = {"segment", "unadjusted_segment", "cap"}
    assert {q for (q, f) in differ if f in segment_fields} == {"Q3 2025/26"}
    assert sum(n for (q, f), n in differ.items() if f == "rank") == 72


def test_exact_halves_round_up_slightly_more_often_than_to_even(bundle):
    """Evidence for round-half-up (scoring.to_hundredths) on means ending in exactly .xx5.

    Such means are rare (29 of 1,022) and NHS England's published value then depends on the
    unrounded scores, so this is weak evidence: half-up matches 17, half-even 15.
    """
    up = even = halves = 0
    for quarter in bundle.quarters:
        rules = methodology_for(quarter)
        for rows in bundle.metrics[quarter].values():
            hundredths = average_score(rules, rows).mean * 100
            if hundredths.denominator != 2:
                continue
            halves += 1
            published = round(Fraction(str(rows[rules.summary_ids.average_score])) * 100)
            up += published == hundredths + Fraction(1, 2)
            even += published == round(hundredths)  # Fraction rounds half to even
    assert (halves, up, even) == (29, 17, 15)


def test_q1_to_q2_segment_changes_match_nhs_england(tables):
    """NHS England: 38 changes, 6 from the override being applied (2 down) or removed (4 up)."""
    moves = diff_tables(tables[Quarter(2025, 1)], tables[Quarter(2025, 2)])
    changed = [m for m in moves if m.segment_change is not SegmentChange.SAME]
    assert len(changed) == 38
    assert sum(m.is_cap_removed and m.segment_change is SegmentChange.UP for m in changed) == 4
    assert sum(m.is_cap_applied and m.segment_change is SegmentChange.DOWN for m in changed) == 2
    assert sum(m.is_cap_applied or m.is_cap_removed for m in changed) == 6


def test_mergers_show_as_gone_across_the_year_boundary(tables):
    moves = diff_tables(tables[Quarter(2025, 4)], tables[Quarter(2026, 1)])
    assert sorted(m.trust_code for m in moves if m.is_gone) == ["RNK", "RY2", "RYV"]
    assert all(m.crosses_methodology_year for m in moves)
