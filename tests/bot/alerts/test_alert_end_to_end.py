"""The whole alert path through the real Application over HTTP: people follow trusts in private
chats and groups, the watcher finds Q4 2025/26 on the (local) publication page, and exactly the
right digests arrive, once. Counts are what the fake Bot API server received."""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator
from dataclasses import dataclass

import pytest
from alert_builders import ALL_QUARTERS, Q4, official_file, received
from fake_bot_api import FakeBotApi
from telegram.ext import Application

from bot.alerts.runs import run_status
from bot.app import build_application
from bot.config import Settings

PAT, SAM, ALEX, MEMBER, CREATOR = 1001, 1002, 1005, 1003, 1004
CAMPAIGN, ANON_GROUP = -100300, -100400
Q4_FILE = "nhs-oversight-framework-ambulance-trust-data-q4-25-26.csv"


@dataclass
class AlertBot:
    """The running application, the fake Telegram and the fake NHS England page."""

    app: Application
    server: FakeBotApi
    site: object

    async def say(self, update: dict, method: str = "sendMessage") -> str:
        """Send an update; return the text of the bot's answer (in the same chat)."""
        message = update.get("message") or update["callback_query"]["message"]
        chat = None if method == "answerCallbackQuery" else message["chat"]["id"]
        mark = self.server.mark()
        self.server.enqueue(update)
        (call,) = await self.server.wait_for(method, chat_id=chat, since=mark, timeout=10)
        return call.params.get("text", "")


def settings_for(server: FakeBotApi, site, **overrides) -> Settings:
    values = {
        "TELEGRAM_BOT_TOKEN": server.token,
        "TELEGRAM_API_URL": server.base_url,
        "NOF_PUBLICATION_URL": site.page_url,
        "NOF_WATCH_INTERVAL": "1s",
        "ALERT_SEND_INTERVAL": 0.5,
        "ALERT_PRIVATE_INTERVAL": 0.05,
        "ALERT_LEASE_SECONDS": 2,
        **overrides,
    }
    return Settings(_env_file=None, **values)  # type: ignore[call-arg]


@pytest.fixture
async def alert_bot(fake_bot_api, publication_site, alert_services) -> AsyncIterator[AlertBot]:
    """The bot as `nhsbot run` starts it (post_init schedules the jobs), polling the fake."""
    server = fake_bot_api
    for user, name in ((PAT, "Pat"), (SAM, "Sam"), (ALEX, "Alex"), (MEMBER, "Mo")):
        server.add_user(user, name)
    server.add_group(CAMPAIGN, "Yorkshire campaign", creator=CREATOR, members=(MEMBER,))
    server.add_group(ANON_GROUP, "Midlands watch", creator=PAT, anonymous_admins=(SAM,))
    app = build_application(settings_for(server, publication_site), alert_services)
    async with app:
        await app.updater.start_polling(timeout=1, poll_interval=0)
        await app.start()
        await app.post_init(app)
        yield AlertBot(app, server, publication_site)
        await app.updater.stop()
        await app.stop()


def digests(server: FakeBotApi, since: int = 0) -> dict[int, list[str]]:
    found: dict[int, list[str]] = {}
    for call in server.calls("sendMessage", ok=True, since=since):
        text = call.params.get("text", "")
        if "NHS league tables:" in text:
            found.setdefault(call.chat_id, []).append(text)
    return found


async def test_followers_get_exactly_the_right_digests_once(alert_bot: AlertBot):
    bot, server, updates = alert_bot, alert_bot.server, alert_bot.server.updates
    assert "now follows <b>East Midlands Ambulance Service NHS Trust</b>" in await bot.say(
        updates.command(PAT, PAT, "follow", "east midlands ambulance")
    )
    await bot.say(updates.command(PAT, PAT, "follow", "yorkshire ambulance"))
    await bot.say(updates.command(SAM, SAM, "follow", "london ambulance every quarter"))
    reply = await bot.say(updates.command(ALEX, ALEX, "follow", "yorkshire ambulance"))
    assert "When NHS England publishes a quarter in which a segment changes" in reply
    switched = await bot.say(updates.callback_query(ALEX, "fe:RX8"), "editMessageText")
    assert "Each time NHS England publishes a quarter" in switched
    refused = await bot.say(
        updates.command(CAMPAIGN, MEMBER, "follow", "region North East and Yorkshire")
    )
    assert "Only this group's admins" in refused
    assert "the <b>North East and Yorkshire</b> region" in await bot.say(
        updates.command(CAMPAIGN, CREATOR, "follow", "region North East and Yorkshire")
    )
    button = updates.callback_query(MEMBER, "f:RX8", chat_id=CAMPAIGN)
    assert "Only this group's admins" in await bot.say(button, "answerCallbackQuery")
    forged = updates.callback_query(PAT, "f:ZZZZ")
    assert "out of date" in await bot.say(forged, "answerCallbackQuery")
    await bot.say(updates.command(ANON_GROUP, SAM, "follow", "west midlands ambulance"))
    anonymous = updates.group_message(
        ANON_GROUP, SAM, "/follow@nhs_league_test_bot RRU", anonymous_admin=True
    )
    assert "now follows <b>London Ambulance Service NHS Trust</b>" in await bot.say(anonymous)
    mark = server.mark()

    bot.site.publish([f"/media/{Q4_FILE}"], {Q4_FILE: official_file(ALL_QUARTERS)})
    await server.wait_for(
        lambda c: "NHS league tables:" in c.params.get("text", ""), count=5, since=mark, timeout=15
    )
    await asyncio.sleep(2.5)  # two more watcher and sender cycles: nothing else may arrive
    sent = digests(server, mark)
    assert {chat: len(texts) for chat, texts in sent.items()} == {
        PAT: 1,
        SAM: 1,
        ALEX: 1,
        CAMPAIGN: 1,
        ANON_GROUP: 1,
    }

    pat = sent[PAT][0]
    assert "NHS England has published Q4 2025/26" in pat
    assert "<b>East Midlands Ambulance Service NHS Trust</b>\nDown from segment 1 to 3" in pat
    assert "rank 3rd → 7th of 10 ambulance trusts · score 1.99 → 2.46" in pat
    assert 'href="https://t.me/nhs_league_test_bot?start=t_RX9"' in pat
    assert "Yorkshire Ambulance" not in pat  # followed, but its segment did not change
    assert "Still segment 3" in sent[SAM][0] and "London Ambulance" in sent[SAM][0]
    assert "Yorkshire Ambulance Service NHS Trust</b>\nStill segment 1" in sent[ALEX][0]
    group = sent[CAMPAIGN][0]
    assert "North East Ambulance Service NHS Foundation Trust</b>\nUp from segment 2 to 1" in group
    assert "Yorkshire Ambulance" not in group
    midlands = sent[ANON_GROUP][0]
    assert "West Midlands Ambulance" in midlands and "London Ambulance" not in midlands
    assert "The deficit cap no longer applies" in midlands
    (run,) = run_status(bot.app.bot_data["state"].services)
    assert (run.run.quarter, run.run.status, run.counts) == (Q4, "done", {"sent": 5})


async def test_commands_answer_promptly_while_a_run_is_sending(alert_bot: AlertBot):
    from alert_builders import seed_outbox

    services = alert_bot.app.bot_data["state"].services
    chats = {2000 + i: f"digest {i}" for i in range(40)}
    seed_outbox(services.engine, chats)
    server = alert_bot.server
    server.add_user(PAT, "Pat")
    await server.wait_for(lambda c: c.params.get("text") == "digest 3", timeout=5)
    started = time.monotonic()
    reply = await alert_bot.say(server.updates.command(PAT, PAT, "privacy"))
    assert time.monotonic() - started < 1.0
    assert "What this bot stores about this chat" in reply
    remaining = [c for c in chats if c not in received(server)]
    assert remaining, "the run should still be sending when the reply came"
    await server.wait_for(lambda c: c.params.get("text") == "digest 39", timeout=10)
    assert all(n == 1 for chat, n in received(server).items() if chat in chats)
