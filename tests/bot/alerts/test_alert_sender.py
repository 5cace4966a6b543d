"""The sender against the fake Bot API over real HTTP: every failure path of telegram.md §4.3.

Assertions count what the fake server received, never internal calls.
"""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
from alert_builders import delivery_states, received, seed_outbox
from sqlalchemy import select
from sqlmodel import Session
from telegram import Bot
from telegram.request import HTTPXRequest

from bot.alerts.pacing import PacingLimits
from bot.alerts.sender import AlertSender, SenderSettings
from db.alert_models import AlertDelivery, AlertRun, Follow
from db.engine import make_session_factory

FAST = SenderSettings(
    limits=PacingLimits(max_per_second=100, private_interval=0.01),
    backoff_seconds=0.05,
    send_timeout=0.5,
)


@pytest.fixture
async def bot(fake_bot_api) -> AsyncIterator[Bot]:
    """A plain PTB Bot (no rate limiter), as `nhsbot alerts send` builds it."""
    request = HTTPXRequest(connection_pool_size=8)
    async with Bot(fake_bot_api.token, base_url=fake_bot_api.base_url, request=request) as bot:
        yield bot


def sender(bot: Bot, engine, settings: SenderSettings = FAST) -> AlertSender:
    return AlertSender(bot, make_session_factory(engine), settings)


def follows(engine, chat_id: int) -> list[Follow]:
    with Session(engine) as session:
        return list(session.execute(select(Follow).where(Follow.chat_id == chat_id)).scalars())


async def test_every_chat_gets_its_digest_once_and_the_run_finishes(engine, bot, fake_bot_api):
    chats = {1: "<b>one</b>", 2: "two", -300: "group &amp; co"}
    seed_outbox(engine, chats)
    report = await sender(bot, engine).drain()
    assert (report.sent, report.finished_runs) == (3, ["Q4 2025/26"])
    assert received(fake_bot_api) == {1: 1, 2: 1, -300: 1}
    assert {m["chat"]["id"]: m["text"] for m in fake_bot_api.sent_messages()}[-300] == "group & co"
    with Session(engine) as session:
        assert session.execute(select(AlertRun.status)).scalar_one() == "done"
        ids = session.execute(select(AlertDelivery.telegram_message_id)).scalars().all()
    assert all(ids)
    again = await sender(bot, engine).drain()
    assert again.sent == 0 and sum(received(fake_bot_api).values()) == 3


async def test_retry_after_pauses_all_sending_then_delivers(sqlite_engine, bot, fake_bot_api):
    seed_outbox(sqlite_engine, {chat: f"digest {chat}" for chat in range(1, 6)})
    fake_bot_api.fail_next("sendMessage", retry_after=1)
    report = await sender(bot, sqlite_engine, FAST).drain()
    assert report.rate_limited == 1 and report.sent == 5
    assert received(fake_bot_api) == dict.fromkeys(range(1, 6), 1)
    calls = fake_bot_api.calls("sendMessage")
    refused = next(c for c in calls if c.status == 429)
    later = [c.time for c in calls if c.index > refused.index + FAST.concurrency]
    assert later and min(later) >= refused.time + 0.95


async def test_blocked_user_and_missing_chat_are_deactivated(engine, bot, fake_bot_api):
    seed_outbox(engine, {1: "a", 2: "b", 3: "c"})
    fake_bot_api.block_chat(2)
    fake_bot_api.delete_chat(3)
    report = await sender(bot, engine).drain()
    assert (report.sent, report.deactivated) == (1, 2)
    assert received(fake_bot_api) == {1: 1}
    assert delivery_states(engine) == {1: "sent", 2: "failed", 3: "failed"}
    (blocked,) = follows(engine, 2)
    (gone,) = follows(engine, 3)
    assert not blocked.active and "blocked by the user" in blocked.deactivated_reason
    assert not gone.active and "chat not found" in gone.deactivated_reason.lower()
    assert blocked.deactivated_at is not None


async def test_migrated_group_gets_the_digest_at_its_new_id(engine, bot, fake_bot_api):
    old, new = -4001, -1000000004001
    fake_bot_api.add_group(old, "Campaign")
    fake_bot_api.migrate_chat(old, new)
    seed_outbox(engine, {old: "digest"})
    report = await sender(bot, engine).drain()
    assert (report.migrated, report.sent) == (1, 1)
    assert received(fake_bot_api) == {new: 1}
    assert delivery_states(engine) == {new: "sent"}
    assert [f.target for f in follows(engine, new)] == ["RX6"] and follows(engine, old) == []


async def test_timeout_after_delivery_is_unknown_and_never_resent(
    sqlite_engine, bot, fake_bot_api
):
    seed_outbox(sqlite_engine, {1: "a", 2: "b"})
    fake_bot_api.delay_next("sendMessage", 1.5, chat_id=2)
    report = await sender(bot, sqlite_engine).drain()
    assert (report.sent, report.unknown) == (1, 1)
    assert await sender(bot, sqlite_engine).drain() == type(report)(finished_runs=[])
    assert received(fake_bot_api) == {1: 1, 2: 1}  # it did arrive: resending would duplicate
    assert delivery_states(sqlite_engine) == {1: "sent", 2: "unknown"}


async def test_dropped_connection_is_unknown(sqlite_engine, bot, fake_bot_api):
    seed_outbox(sqlite_engine, {1: "a"})
    fake_bot_api.drop_next("sendMessage")
    report = await sender(bot, sqlite_engine).drain()
    assert report.unknown == 1 and received(fake_bot_api) == {1: 1}


async def test_server_errors_are_retried_with_backoff_then_fail(sqlite_engine, bot, fake_bot_api):
    seed_outbox(sqlite_engine, {1: "a", 2: "b"})
    fake_bot_api.fail_next("sendMessage", 502, times=2, chat_id=1)
    fake_bot_api.fail_next("sendMessage", 500, times=-1, chat_id=2)
    settings = SenderSettings(limits=FAST.limits, backoff_seconds=0.05, max_attempts=3)
    report = await sender(bot, sqlite_engine, settings).drain()
    assert (report.sent, report.failed, report.retried) == (1, 1, 4)
    assert received(fake_bot_api) == {1: 1}
    assert len(fake_bot_api.calls("sendMessage", chat_id=2)) == 3
    assert delivery_states(sqlite_engine) == {1: "sent", 2: "failed"}


async def test_our_own_bad_html_fails_without_retrying(sqlite_engine, bot, fake_bot_api):
    seed_outbox(sqlite_engine, {1: "<b>unclosed"})
    report = await sender(bot, sqlite_engine).drain()
    assert report.failed == 1 and len(fake_bot_api.calls("sendMessage")) == 1
    assert "can't parse entities" in fake_bot_api.take_validation_errors()[0].description


async def test_chat_that_unfollowed_meanwhile_is_skipped(sqlite_engine, bot, fake_bot_api):
    from db.subscriptions import remove_all_follows

    seed_outbox(sqlite_engine, {1: "a", 2: "b"})
    with Session(sqlite_engine) as session:
        remove_all_follows(session=session, chat_id=2)
        session.commit()
    report = await sender(bot, sqlite_engine).drain()
    assert (report.sent, report.skipped) == (1, 1) and received(fake_bot_api) == {1: 1}


async def test_max_messages_stops_early_and_the_rest_waits(sqlite_engine, bot, fake_bot_api):
    seed_outbox(sqlite_engine, dict.fromkeys(range(1, 11), "x"))
    report = await sender(bot, sqlite_engine).drain(max_messages=4)
    assert report.sent == 4 and report.finished_runs == []
    assert list(delivery_states(sqlite_engine).values()).count("pending") == 6
