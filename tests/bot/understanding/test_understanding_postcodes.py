"""Postcodes -> nearest general acute trusts, offline; outside England and invalid flagged."""

from __future__ import annotations

import pytest

from bot.understanding import Intent, MessageUnderstander
from bot.understanding.postcodes import PostcodeLocator, haversine_km
from db.reference import load_reference


@pytest.fixture(scope="module")
def locator() -> PostcodeLocator:
    return PostcodeLocator(load_reference())


@pytest.fixture(scope="module")
def understander() -> MessageUnderstander:
    return MessageUnderstander.build(load_reference())


def test_full_postcode_finds_st_jamess(locator: PostcodeLocator) -> None:
    result = locator.lookup("LS9 7TF")
    assert (result.status, result.district, result.query) == ("ok", "LS9", "LS9 7TF")
    first = result.nearby[0]
    assert (first.trust_code, first.site_code) == ("RR8", "RR813")
    assert first.distance_km == pytest.approx(1.0, abs=0.2)
    assert 2 <= len(result.nearby) <= 3
    assert [n.distance_km for n in result.nearby] == sorted(n.distance_km for n in result.nearby)


def test_district_skips_specialist_trusts(locator: PostcodeLocator) -> None:
    result = locator.lookup("cb2")
    assert result.nearby[0].trust_code == "RGT"
    assert "Addenbrooke" in result.nearby[0].site_name
    assert "RGM" not in {n.trust_code for n in result.nearby}  # Royal Papworth: specialist


@pytest.mark.parametrize(
    ("query", "nation"),
    [
        ("EH1", "Scotland"),
        ("CF10 3NP", "Wales"),
        ("BT1 1AA", "Northern Ireland"),
        ("GY1 1AA", "Channel Islands"),
        ("IM1", "Isle of Man"),
    ],
)
def test_outside_england(locator: PostcodeLocator, query: str, nation: str) -> None:
    result = locator.lookup(query)
    assert (result.status, result.nation, result.nearby) == ("outside_england", nation, ())


@pytest.mark.parametrize("query", ["XX99 9ZZ", "ABC", "12345"])
def test_invalid(locator: PostcodeLocator, query: str) -> None:
    assert locator.lookup(query).status == "invalid"


def test_unknown_district_and_no_coordinates(locator: PostcodeLocator) -> None:
    assert locator.lookup("LS98 1AA").status in ("unknown_district", "ok")
    assert locator.lookup("ZE99").status == "unknown_district"
    assert locator.lookup("BF1").status == "no_coordinates"


def test_haversine() -> None:
    assert haversine_km(51.5074, -0.1278, 53.8008, -1.5491) == pytest.approx(272, abs=3)


@pytest.mark.parametrize(
    ("text", "district"),
    [
        ("LS9 7TF", "LS9"),
        ("ls9", "LS9"),
        ("I live in BS10, how's my local hospital doing?", "BS10"),
        ("I'm in CT1, what's my local trust", "CT1"),
        ("hospitals near pl6 8dh", "PL6"),
        ("which trusts are near NR4 7UY", "NR4"),
    ],
)
def test_messages_with_postcodes(
    understander: MessageUnderstander, text: str, district: str
) -> None:
    u = understander.understand(text)
    assert u.intent is Intent.NEAR_POSTCODE
    assert u.postcode is not None and u.postcode.district == district
    assert u.trust_codes == ()


@pytest.mark.parametrize(
    "text",
    [
        "stuck on the M1 near Leicester",
        "top 10 acute trusts",
        "Q1 2025/26 segment for Leeds Teaching",
        "how is RH5 doing",
        "cat 2 response at EMAS",
    ],
)
def test_words_are_not_postcodes(understander: MessageUnderstander, text: str) -> None:
    assert understander.understand(text).postcode is None


def test_near_command_with_a_bad_postcode(understander: MessageUnderstander) -> None:
    u = understander.understand("XX99 9ZZ", intent_hint=Intent.NEAR_POSTCODE)
    assert u.postcode is not None and u.postcode.status == "invalid"
    assert understander.understand("nearest hospital please").postcode is None
