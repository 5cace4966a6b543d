"""Trust resolution, ambiguity, negatives and intents on hand-picked messages."""

from __future__ import annotations

import pytest

from bot.understanding import Intent, MessageUnderstander, Understanding
from db.reference import load_reference


@pytest.fixture(scope="module")
def understander() -> MessageUnderstander:
    return MessageUnderstander.build(load_reference())


@pytest.mark.parametrize(
    ("text", "codes"),
    [
        ("how is Leeds Teaching Hospitals doing", ("RR8",)),
        ("Leeds Teching Hosptials segment?", ("RR8",)),  # typos in two words
        ("Gateshead Heath NHS Foundation Trust", ("RR7",)),  # typo that is a real word
        ("how is adenbrooks doing", ("RGT",)),
        ("is jimmy's any good", ("RR8",)),
        ("st jamess in leeds ranking", ("RR8",)),
        ("the QE in gateshead", ("RR7",)),  # a town narrows an ambiguous nickname
        ("Heartlands hospital birmingham", ("RRK",)),  # and is dropped when it agrees
        ("is the leeds hospital any good?", ("RR8",)),  # hospital word -> general acute trust
        ("King's Mill hospital - how's it rated", ("RK5",)),  # longest alias wins
        ("cancer 62 day performance for Clatterbridge Cancer Centre", ("REN",)),
        ("compare Royal Bolton, Wigan and Salford Royal", ("RMC", "RRF", "RM3")),
        ("UHCW's position", ("RKB",)),
        ("St Mary's in London - ranking?", ("RYJ",)),  # a region narrows too
        ("Queen's Hospital Burton segment", ("RTG",)),
        ("compare Leeds and Sheffield Teaching", ("RR8", "RHQ")),  # shared ending
        ("tell me about RR8", ("RR8",)),
        ("/trust Walsall Healthcare", ("RBK",)),
    ],
)
def test_resolves_trusts_in_order(
    understander: MessageUnderstander, text: str, codes: tuple[str, ...]
) -> None:
    u = understander.understand(text)
    assert u.trust_codes == codes
    assert u.candidates == ()


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("how is Leeds doing?", {"RR8", "RGD", "RY6"}),
        ("what segment is the QE in", {"RRK", "RCX", "RR7", "RJ2"}),
        ("BRI league table position", {"RA7", "RAE"}),
        ("how are King's doing", {"RJZ", "RCX", "RK5"}),
        ("Oxford NHS trust score", {"RTH", "RNU"}),
        ("alert me when Leeds changes segment", {"RR8", "RGD", "RY6"}),
    ],
)
def test_ambiguous_mentions_ask_back(
    understander: MessageUnderstander, text: str, expected: set[str]
) -> None:
    u = understander.understand(text)
    assert u.trust_codes == ()
    assert set(u.candidates) == expected
    assert u.ambiguous_text


def test_general_hospitals_are_offered_first(understander: MessageUnderstander) -> None:
    candidates = understander.understand("how is Birmingham doing").candidates
    assert set(candidates[:2]) == {"RRK", "RXK"}  # general acute before specialist and MH


def test_compare_with_two_ambiguous_towns(understander: MessageUnderstander) -> None:
    u = understander.understand("leeds vs sheffield")
    assert u.intent is Intent.COMPARE
    assert (u.trust_codes, u.ambiguous_text) == ((), "leeds")
    assert set(u.candidates) == {"RR8", "RGD", "RY6"}


def test_resolve_trust_reads_the_text_as_a_name(understander: MessageUnderstander) -> None:
    assert understander.resolve_trust("kings mill").trust_codes == ("RK5",)
    result = understander.resolve_trust("st marys")
    assert len(result.candidates) >= 4 and result.mentions[0].is_ambiguous


def test_candidate_labels(understander: MessageUnderstander) -> None:
    assert (
        understander.candidate_label("RRK", "the QE")
        == "Queen Elizabeth Hospital Birmingham (RRK)"
    )
    assert understander.candidate_label("RR7", "QE") == "Queen Elizabeth Hospital Gateshead (RR7)"
    assert understander.candidate_label("RR8") == "Leeds Teaching Hospitals (RR8)"
    assert "Leeds" in understander.candidate_label("RY6", "Leeds")
    assert understander.candidate_label("NOPE") == "NOPE"


@pytest.mark.parametrize(
    "text",
    [
        "The Christie family party was great last night",
        "I'm going to Leeds on Friday, anyone want a lift?",
        "royal mail is late again",
        "kings speech tonight at 8",
        "need an MRI scan on my knee, the wait is ages",
        "St George's day parade is on Saturday",
        "who's watching Newcastle v Sunderland on Sunday?",
        "the Elizabeth line is down again 🙄",
        "Bolton v Wigan today",
        "Leeds are top of the league",
        "the guys at work are great",
        "Happy birthday Alex!!",
        "the ref was terrible",
        "is it raining in Leeds?",
        "how was Leeds?",
        "check out Leeds market",
        "details of the Birmingham meetup",
        "how do I get to Leeds from here",
        "",
        "👍",
    ],
)
def test_ordinary_chatter_finds_nothing(understander: MessageUnderstander, text: str) -> None:
    assert understander.understand(text) == Understanding(Intent.NONE)


@pytest.mark.parametrize(
    ("text", "intent", "fields"),
    [
        ("top 10 acute trusts", Intent.TOP, {"limit": 10, "trust_type": "acute"}),
        ("who's worst in the South West", Intent.BOTTOM, {"region": "South West"}),
        (
            "bottom five mental health trusts",
            Intent.BOTTOM,
            {"limit": 5, "trust_type": "mental-health-community"},
        ),
        ("which trust has the best A&E", Intent.TOP, {"metric": "ae_4h"}),
        (
            "list all segment 4 acute trusts",
            Intent.SEGMENT_LIST,
            {"segment": 4, "trust_type": "acute"},
        ),
        ("East of England trusts please", Intent.REGION_LIST, {"region": "East"}),
        ("list the trusts in Greater Manchester ICB", Intent.REGION_LIST, {"icb_code": "QOP"}),
        ("who's bottom in Kent", Intent.BOTTOM, {"icb_code": "QKS"}),
        ("A&E at the LGI?", Intent.METRIC, {"metric": "ae_4h", "trust_codes": ("RR8",)}),
        (
            "how quick are EMAS getting to cat 2 calls",
            Intent.METRIC,
            {"metric": "ambulance_response"},
        ),
        ("18 week waits at Derriford", Intent.METRIC, {"metric": "rtt_18w"}),
        ("is Barts Health in deficit", Intent.METRIC, {"metric": "finance"}),
        ("staff engagement score for Mersey Care", Intent.METRIC, {"metric": "staff_survey"}),
        ("C diff rate at Buckinghamshire Healthcare", Intent.METRIC, {"metric": "other"}),
        ("what does segment 3 mean?", Intent.EXPLAIN, {"explain_topic": "segments", "segment": 3}),
        ("why is my trust capped?", Intent.EXPLAIN, {"explain_topic": "cap"}),
        (
            "how is the average metric score calculated",
            Intent.EXPLAIN,
            {"explain_topic": "scores"},
        ),
        ("subscribe me to Derriford updates", Intent.SUBSCRIBE, {"trust_codes": ("RK9",)}),
        ("stop sending me these updates", Intent.UNSUBSCRIBE, {}),
        ("what can you do?", Intent.HELP, {}),
        (
            "Q2 2025/26 segment for Leeds Teaching Hospitals",
            Intent.LOOKUP,
            {"quarter": "Q2 2025/26"},
        ),
        ("NWAS vs YAS", Intent.COMPARE, {"trust_codes": ("RX7", "RX8")}),
        ("treliske", Intent.LOOKUP, {"trust_codes": ("REF",)}),
    ],
)
def test_intents_and_slots(
    understander: MessageUnderstander, text: str, intent: Intent, fields: dict[str, object]
) -> None:
    u = understander.understand(text)
    assert u.intent is intent
    for name, value in fields.items():
        assert getattr(u, name) == value, name


def test_commands_and_bot_mentions(understander: MessageUnderstander) -> None:
    assert understander.understand("/help").intent is Intent.HELP
    u = understander.understand("/top@LeagueBot 5 acute", bot_username="LeagueBot")
    assert (u.intent, u.limit, u.trust_type) == (Intent.TOP, 5, "acute")
    assert (
        understander.understand("/top@OtherBot 5", bot_username="LeagueBot").intent is Intent.NONE
    )
    u = understander.understand("@LeagueBot how is LTHT doing", bot_username="@LeagueBot")
    assert (u.intent, u.trust_codes) == (Intent.LOOKUP, ("RR8",))
    u = understander.understand("leeds sheffield", intent_hint=Intent.COMPARE)
    assert u.intent is Intent.COMPARE and u.candidates
    assert understander.understand("4", intent_hint=Intent.SEGMENT_LIST).segment == 4
    assert understander.understand("kings", intent_hint=Intent.LOOKUP).candidates


def test_case_and_shouting(understander: MessageUnderstander) -> None:
    assert understander.understand("what about ral").trust_codes == ()  # code only in capitals
    assert understander.understand("what about RAL").trust_codes == ("RAL",)
    assert understander.understand("HOW IS LEEDS TEACHING HOSPITALS DOING").trust_codes == ("RR8",)
