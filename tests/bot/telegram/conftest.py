"""A running bot: the real Application, long polling the fake Bot API server over HTTP."""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass

import pytest
from fake_bot_api import FakeBotApi
from telegram.ext import Application
from tests_support import USER, bot_settings

from bot.app import build_application


@dataclass
class RunningBot:
    """The application and the fake server it talks to."""

    app: Application
    server: FakeBotApi

    async def say(self, update: dict, count: int = 1, method: str = "sendMessage") -> list:
        """Queue an update and wait for the bot's `count` calls of `method` after it."""
        mark = self.server.mark()
        self.server.enqueue(update)
        return await self.server.wait_for(method, count=count, since=mark, timeout=10)

    async def settle(self) -> None:
        """Wait until the bot has taken every queued update and finished handling it."""
        await self.server.wait_until_consumed()
        await self.app.update_queue.join()


@pytest.fixture
async def running_bot(fake_bot_api: FakeBotApi, services) -> AsyncIterator[RunningBot]:
    """Start the bot against the fake; stop it cleanly after the test."""
    fake_bot_api.add_user(USER, "Pat", "pat")
    app = build_application(bot_settings(fake_bot_api), services)
    async with app:
        await app.updater.start_polling(timeout=1, poll_interval=0)
        await app.start()
        yield RunningBot(app, fake_bot_api)
        await app.updater.stop()
        await app.stop()
