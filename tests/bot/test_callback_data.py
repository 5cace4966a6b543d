"""Callback data: compact, within 64 bytes, and strict about what comes back."""

from __future__ import annotations

import pytest

from bot.callback_data import ButtonAction, decode, encode

KNOWN = frozenset({"RR8", "RGT", "G6V2S"})


@pytest.mark.parametrize(
    ("action", "code", "topic", "data"),
    [
        ("report", "RR8", None, "t:RR8"),
        ("chart", "G6V2S", None, "c:G6V2S"),
        ("follow", "RGT", None, "f:RGT"),
        ("unfollow", "RGT", None, "u:RGT"),
        ("metric", "RR8", "ae_4h", "m:ae_4h:RR8"),
    ],
)
def test_round_trip(action, code, topic, data):
    assert encode(action, code, topic) == data
    assert decode(data, KNOWN) == ButtonAction(action, code, topic)


@pytest.mark.parametrize(
    "data",
    [
        None, "", "t:", "t:ZZZ9", "x:RR8", "t:rr8", "m:RR8", "t:ae_4h:RR8", "t:RR8;drop",
        "m:" + "a" * 60 + ":RR8", "t:RR8\n", "T:RR8",
    ],
)  # fmt: skip
def test_stale_or_forged_data_is_refused(data):
    assert decode(data, KNOWN) is None


def test_encode_refuses_what_telegram_would_reject():
    with pytest.raises(ValueError):
        encode("metric", "RR8", "x" * 70)
