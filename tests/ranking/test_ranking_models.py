"""Trust types and the LeagueTables value object."""

import dataclasses

import pytest
from ranking_builders import ACUTE, AMB, MH, Q1_2526, make_tables

from ranking import TrustType, UnknownTrustTypeError


@pytest.mark.parametrize(
    ("official", "expected"),
    [
        ("Acute trust", TrustType.ACUTE),
        ("ACUTE TRUST", TrustType.ACUTE),
        ("Mental health and community trust", TrustType.MENTAL_HEALTH_COMMUNITY),
        ("Non-acute hospital trust", TrustType.MENTAL_HEALTH_COMMUNITY),
        ("ambulance trust", TrustType.AMBULANCE),
        (" Ambulance  trust ", TrustType.AMBULANCE),
    ],
)
def test_from_official(official, expected):
    assert TrustType.from_official(official) is expected


@pytest.mark.parametrize("official", ["", "Acute", "Community trust", "ICB", "acute-trust"])
def test_from_official_rejects_unknown(official):
    with pytest.raises(UnknownTrustTypeError):
        TrustType.from_official(official)
    assert issubclass(UnknownTrustTypeError, ValueError)


def test_values_and_labels():
    assert [t.value for t in TrustType] == ["acute", "mental-health-community", "ambulance"]
    assert TrustType("ambulance") is TrustType.AMBULANCE
    assert TrustType.ACUTE.label == "acute trusts"
    assert TrustType.MENTAL_HEALTH_COMMUNITY.label == "mental health and community trusts"
    assert TrustType.AMBULANCE.label == "ambulance trusts"


def test_table_is_sorted_by_rank_and_filtered_by_type():
    tables = make_tables(
        Q1_2526,
        ("A2", 2.5),
        ("A1", 1.5),
        ("M1", 2.0, {"trust_type": MH}),
        ("X1", 3.0, {"trust_type": AMB}),
    )
    assert [r.trust_code for r in tables.table(ACUTE)] == ["A1", "A2"]
    assert [r.trust_code for r in tables.table(MH)] == ["M1"]
    assert tables.table_size(ACUTE) == 2
    assert tables.get("X1").trust_type is AMB
    assert tables.get("nope") is None


def test_tables_are_immutable():
    tables = make_tables(Q1_2526, ("A1", 1.5), ("A2", 2.5))
    with pytest.raises(TypeError):
        tables.results["A3"] = tables.results["A1"]  # type: ignore[index]
    with pytest.raises(dataclasses.FrozenInstanceError):
        tables.cut_points = (1.0, 2.0, 3.0)  # type: ignore[misc]
