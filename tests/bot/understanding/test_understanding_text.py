"""Normaliser and alias index: the same key for every spelling, ambiguity kept as data."""

from __future__ import annotations

import time

import pytest

from bot.understanding.alias_index import AliasIndex, build_index
from bot.understanding.normalise import key_of, looks_shouted, plain_text, stem, tokenise
from db.reference import load_reference


@pytest.fixture(scope="module")
def index() -> AliasIndex:
    return build_index(load_reference())


@pytest.mark.parametrize(
    "spelling",
    ["St James's", "St. James's", "St James'", "st jamess", "ST JAMES", "Saint James’s"],
)
def test_apostrophe_and_abbreviation_variants_share_a_key(spelling: str) -> None:
    assert key_of(spelling) == key_of("St James's")


def test_noise_words_and_ampersand_are_ignored() -> None:
    assert key_of("The Leeds Teaching Hospitals NHS Trust") == key_of("leeds teaching hospitals")
    assert key_of("Lancashire & South Cumbria NHS Foundation Trust") == key_of(
        "Lancashire and South Cumbria"
    )


def test_plurals_possessives_and_accents_fold() -> None:
    assert stem("hospitals") == stem("hospital")
    assert key_of("QE's") == key_of("QE")
    assert key_of("Addenbrooke’s") == key_of("Addenbrookes")
    assert plain_text("Café A&E – 4-hour") == "cafe a and e 4 hour"


def test_tokens_keep_offsets_into_the_original() -> None:
    text = "how's the LGI?"
    tokens = tokenise(text)
    assert [text[t.start : t.end] for t in tokens] == ["how's", "the", "LGI"]
    assert tokens[0].had_apostrophe and tokens[1].is_noise


def test_shouting_is_detected() -> None:
    assert looks_shouted("HOW IS LEEDS DOING")
    assert not looks_shouted("how is LTHT doing")


@pytest.mark.parametrize(
    "name",
    ["The Leeds Teaching Hospitals NHS Trust", "St. James's", "Addenbrooke’s", "Café A&E",
     "Queen Elizabeth Hospital, King's Lynn", "Stoke-on-Trent", "QE's", "", "  &  "],
)  # fmt: skip
def test_key_tokens_fast_path_matches_tokenise(name: str) -> None:
    slow = tuple(t.stem for t in tokenise(name) if not t.is_noise)
    assert key_of(name) == " ".join(slow)


def test_index_builds_fast() -> None:
    reference = load_reference()
    start = time.perf_counter()
    build_index(reference)
    assert time.perf_counter() - start < 1.0


@pytest.mark.parametrize(
    ("alias", "codes"),
    [
        ("Leeds Teaching Hospitals NHS Trust", ("RR8",)),  # official name
        ("LTHT", ("RR8",)),  # acronym
        ("Jimmy's", ("RR8",)),  # nickname
        ("Addenbrooke's", ("RGT",)),  # site
        ("Southmead", ("RVJ",)),  # site short form
        ("Royal Derby", ("RTG",)),  # site without "Hospital"
        ("Treliske", ("REF",)),
        ("City Hospitals Sunderland", ("R0B",)),  # former trust after merger
        ("Basildon and Thurrock", ("RAJ",)),  # merger_remaps old name, shortened
        ("RAP", ("RAL",)),  # former ODS code
        ("Wigan", ("RRF",)),  # town found in a trust name
        ("Royal Cornwall", ("REF",)),  # trust name without its generic tail
        ("Papworth", ("RGM",)),  # "Royal Papworth Hospital" without its title
    ],
)
def test_aliases_from_every_source(index: AliasIndex, alias: str, codes: tuple[str, ...]) -> None:
    assert index.entries[key_of(alias)].codes == codes


@pytest.mark.parametrize(
    ("alias", "expected"),
    [
        ("Leeds", {"RR8", "RGD", "RY6"}),
        ("the QE", {"RRK", "RCX", "RR7", "RJ2"}),
        ("Queen Elizabeth Hospital", {"RRK", "RCX", "RR7", "RJ2"}),  # sites of four trusts
        ("BRI", {"RA7", "RAE"}),
        ("Bristol", {"RA7", "RVJ"}),
        ("QEH", {"RRK", "RCX", "RR7", "RJ2"}),  # initials of main hospitals
    ],
)
def test_one_alias_can_name_several_trusts(
    index: AliasIndex, alias: str, expected: set[str]
) -> None:
    assert set(index.entries[key_of(alias)].codes) == expected


def test_flags_for_words_with_other_meanings(index: AliasIndex) -> None:
    assert index.entries[key_of("MRI")].wordlike
    assert index.entries[key_of("King's")].wordlike
    assert index.entries[key_of("the Alex")].needs_the
    assert index.entries["ral"].upper_only  # ODS code that is also a word fragment
    assert index.entries[key_of("Leeds")].place


def test_no_region_or_generic_phrase_is_an_alias(index: AliasIndex) -> None:
    for phrase in ("north west", "south east", "london", "royal infirmary", "general hospital"):
        assert key_of(phrase) not in index.entries


def test_titles_and_initials_stay_careful(index: AliasIndex) -> None:
    # "Royal Derby" without its title is the town, "Royal United" is no "United".
    assert index.entries[key_of("Derby")].place
    assert key_of("united") not in index.entries
    assert index.entries["qeh"].upper_only  # "qeh" typed in lower case is not a name
    assert index.entries[key_of("Black Country")].place  # an ICB's name is an area first
