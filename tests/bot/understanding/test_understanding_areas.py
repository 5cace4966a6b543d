"""Areas, relatives' questions, greetings and repeated names (round-2 mechanisms)."""

from __future__ import annotations

import pytest

from bot.understanding import Intent, MessageUnderstander
from db.reference import load_reference


@pytest.fixture(scope="module")
def understander() -> MessageUnderstander:
    return MessageUnderstander.build(load_reference())


@pytest.mark.parametrize(
    ("text", "icb"),
    [
        ("list trusts in Kent and Medway ICB", "QKS"),
        ("trusts in Kent and Medway", "QKS"),  # not Medway + an ambiguous Kent
        ("list trusts in Surrey Heartlands ICB", "QXU"),  # not Heartlands Hospital
        ("list the trusts in the black country", "QUA"),  # not Black Country Healthcare
        ("how are hospitals in Devon doing", "QJK"),  # plural hospitals: a filter
    ],
)
def test_icb_names_asked_about_as_areas(
    understander: MessageUnderstander, text: str, icb: str
) -> None:
    u = understander.understand(text)
    assert (u.intent, u.icb_code, u.trust_codes, u.candidates) == (
        Intent.REGION_LIST,
        icb,
        (),
        (),
    )


def test_longer_trust_names_and_follow_commands_keep_their_trusts(
    understander: MessageUnderstander,
) -> None:
    assert understander.understand("Kent and Medway Mental Health rating").trust_codes == ("RXY",)
    assert understander.understand("how is black country healthcare doing").trust_codes == ("TAJ",)
    hinted = understander.understand("Frimley", intent_hint=Intent.SUBSCRIBE)
    assert hinted.trust_codes == ("RDU",)
    area = understander.understand("Kent and Medway", intent_hint=Intent.REGION_LIST)
    assert area.icb_code == "QKS"


@pytest.mark.parametrize(
    ("text", "intent", "codes", "candidates"),
    [
        ("ambulance response times in yorkshire", Intent.METRIC, ("RX8",), ()),
        ("ambulance response times in the north west", Intent.METRIC, ("RX7",), ()),
        ("how quick are ambulances in the south west", Intent.METRIC, ("RYF",), ()),
        ("ambulances in kent, how quick are they", Intent.METRIC, ("RYD",), ()),  # nearest
        ("how is the ambulance service in the midlands", Intent.LOOKUP, (), ("RX9", "RYA")),
        ("follow the ambulance service in yorkshire", Intent.SUBSCRIBE, ("RX8",), ()),
    ],
)
def test_ambulance_questions_mean_the_areas_ambulance_trust(
    understander: MessageUnderstander,
    text: str,
    intent: Intent,
    codes: tuple[str, ...],
    candidates: tuple[str, ...],
) -> None:
    u = understander.understand(text)
    assert (u.intent, u.trust_codes, u.candidates) == (intent, codes, candidates)


@pytest.mark.parametrize(
    "text",
    [
        "ambulance strike in london tomorrow",
        "paramedics in yorkshire were brilliant",
        "my dad is a paramedic in the north west",
        "worst ambulance trust in the north west",  # a ranking, handled as a list
    ],
)
def test_ambulance_chatter_names_no_trust(understander: MessageUnderstander, text: str) -> None:
    u = understander.understand(text)
    assert u.trust_codes == () and u.candidates == ()


@pytest.mark.parametrize(
    ("text", "codes", "candidates"),
    [
        ("my nan is in Treliske, is it good", ("REF",), ()),
        ("my nan is in St James, is it good", (), ("RR8", "RW1")),
        ("my brother is in st georges tooting - is it a good hospital?", ("RJ7",), ()),
        ("dad's in hull royal infirmary, should we be worried", ("RWA",), ()),
        ("what is york hospital like", ("RCB",), ()),
        ("is the hospital in truro ok", ("REF",), ()),  # one hospital, not the area
        ("how r james cook doing", ("RTR",), ()),
        ("how is kings doing", (), ("RJZ", "RCX", "RK5")),  # "how is X doing": X is a name
        ("QEH", (), ("RCX", "RJ2", "RR7", "RRK")),
        ("addenbrookes or papworth which one is better", ("RGT", "RGM"), ()),
    ],
)
def test_questions_about_a_hospital(
    understander: MessageUnderstander,
    text: str,
    codes: tuple[str, ...],
    candidates: tuple[str, ...],
) -> None:
    u = understander.understand(text)
    assert u.intent in (Intent.LOOKUP, Intent.COMPARE)
    assert (u.trust_codes, u.candidates) == (codes, candidates)


def test_one_trust_named_twice_is_a_lookup(understander: MessageUnderstander) -> None:
    text = "mum was taken to the royal derby last night, how does the royal derby rank?"
    assert understander.understand(text).intent is Intent.LOOKUP
    assert understander.understand("musgrove vs yeovil").intent is Intent.COMPARE


@pytest.mark.parametrize(
    ("text", "intent"),
    [
        ("hello", Intent.HELP),
        ("hiya", Intent.HELP),
        ("good evening bot", Intent.HELP),
        ("hi there, what is this", Intent.HELP),
        ("Good morning everyone!", Intent.NONE),  # said to a group, not to the bot
        ("thanks!", Intent.NONE),
        ("👍", Intent.NONE),
        ("what's the recovery support programme", Intent.EXPLAIN),
        ("is it raining in exeter", Intent.NONE),
        ("is the black country any good for a day out", Intent.NONE),
        ("meeting at the kings head at 8?", Intent.NONE),
    ],
)
def test_greetings_and_chatter(
    understander: MessageUnderstander, text: str, intent: Intent
) -> None:
    assert understander.understand(text).intent is intent


def test_recovery_support_programme_is_segment_5(understander: MessageUnderstander) -> None:
    u = understander.understand("who's in the recovery support programme")
    assert (u.intent, u.segment) == (Intent.SEGMENT_LIST, 5)
