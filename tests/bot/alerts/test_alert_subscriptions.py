"""Following, unfollowing and forgetting, through the use cases and their replies."""

from __future__ import annotations

import pytest
from alert_builders import seed_outbox
from fake_bot_api import parse_html

from bot.alerts.replies import follow_reply, following_reply, privacy_reply, unfollow_reply
from bot.usecases import subscriptions as subs

CHAT, GROUP = 77, -1001


def follow(services, text, chat=CHAT):
    return subs.follow(services, chat, "private" if chat > 0 else "group", text)


def followed(services, chat=CHAT):
    return [(v.target.kind, v.target.target, v.mode) for v in subs.following(services, chat)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("yorkshire ambulance", ("trust", "RX8", "changes")),
        ("RX9 every quarter", ("trust", "RX9", "every")),
        ("london ambulance quarterly", ("trust", "RRU", "every")),
        ("region North West", ("region", "North West", "changes")),
        ("region the north east & yorkshire", ("region", "North East and Yorkshire", "changes")),
        ("region east", ("region", "East", "changes")),
        ("icb QWO", ("icb", "QWO", "changes")),
        ("QWO each quarter", ("icb", "QWO", "every")),
        ("NHS West Yorkshire ICB", ("icb", "QWO", "changes")),
        ("South West", ("region", "South West", "changes")),
    ],
)
def test_follow_targets_and_modes(alert_services, text, expected):
    assert follow(alert_services, text).outcome == "followed"
    assert followed(alert_services) == [expected]


def test_ambiguous_name_offers_buttons_and_unknown_name_explains(alert_services):
    result = follow(alert_services, "leeds")
    assert result.outcome == "ambiguous"
    reply = follow_reply(result)
    assert "RR8" in {data.split(":")[1] for row in reply.buttons for _, data in row}
    assert all(data.startswith("f:") for row in reply.buttons for _, data in row)
    missing = follow_reply(follow(alert_services, "region Atlantis"))
    assert "couldn't find" in parse_html(missing.text).text and followed(alert_services) == []


def test_following_again_keeps_the_mode_unless_told(alert_services):
    follow(alert_services, "RX8 every quarter")
    again = follow(alert_services, "yorkshire ambulance")
    assert (again.outcome, again.mode) == ("unchanged", "every")
    assert "already follows" in follow_reply(again).text
    changed = follow(alert_services, "RX8 only when the segment changes")
    assert (changed.outcome, changed.mode) == ("followed", "changes")
    assert followed(alert_services) == [("trust", "RX8", "changes")]


def test_mode_buttons_under_a_single_trust(alert_services):
    reply = follow_reply(subs.follow_trust(alert_services, CHAT, "private", "RX9"))
    assert reply.buttons == ((("🔁 Every quarter instead", "fe:RX9"), ("🔕 Unfollow", "u:RX9")),)
    every = follow_reply(subs.follow_trust(alert_services, CHAT, "private", "RX9", "every"))
    assert every.buttons[0][0] == ("Only when the segment changes", "fc:RX9")


def test_follow_limit(alert_services, monkeypatch):
    monkeypatch.setattr(subs, "MAX_FOLLOWS", 2)
    follow(alert_services, "RX8")
    follow(alert_services, "RX9")
    assert follow(alert_services, "RRU").outcome == "too_many"
    assert follow(alert_services, "RX8").outcome == "unchanged"


def test_unfollow_one_and_all(alert_services):
    for text in ("RX8", "RX9", "region London"):
        follow(alert_services, text)
    reply = unfollow_reply(subs.unfollow(alert_services, CHAT, "yorkshire ambulance"))
    assert "no longer follows <b>Yorkshire Ambulance Service NHS Trust</b>" in reply.text
    assert subs.unfollow(alert_services, CHAT, "RX8").outcome == "not_following"
    listing = following_reply(subs.following(alert_services, CHAT))
    assert "the <b>London</b> region: when a segment changes" in listing.text
    assert [data for row in listing.buttons for _, data in row] == ["u:RX9"]
    assert subs.unfollow(alert_services, CHAT, "all").outcome == "removed"
    assert followed(alert_services) == []


def test_blocked_chat_is_paused_shown_and_resumed_by_following_again(alert_services):
    follow(alert_services, "RX8")
    subs.deactivate_chat(alert_services, CHAT, "blocked the bot")
    assert subs.following(alert_services, CHAT) == []
    listing = following_reply(subs.following(alert_services, CHAT, include_paused=True))
    assert "Paused" in listing.text and "blocked the bot" in listing.text
    follow(alert_services, "RX8")
    assert followed(alert_services) == [("trust", "RX8", "changes")]


def test_privacy_counts_and_forget_deletes_everything(alert_services):
    seed_outbox(alert_services.engine, {GROUP: "digest"})  # follows RX6, one queued digest
    text = privacy_reply(subs.privacy_report(alert_services, GROUP)).text
    assert "For this chat right now: 1 follow and 1 alert record." in parse_html(text).text
    follow(alert_services, "RX8", chat=GROUP)
    assert subs.forget_chat(alert_services, GROUP) == 3
    assert subs.privacy_report(alert_services, GROUP) == subs.PrivacyReport(0, 0)


def test_migrated_group_keeps_its_follows(alert_services):
    follow(alert_services, "RX8", chat=GROUP)
    assert subs.migrate_chat(alert_services, GROUP, -1009999) == 1
    assert followed(alert_services, -1009999) == [("trust", "RX8", "changes")]
