"""Inline mode and the webhook round trip, against the fake Bot API server."""

from __future__ import annotations

import asyncio
import socket

from aiohttp import web
from tests_support import USER, bot_settings, reply_text

from bot.app import build_application
from bot.webhook import build_webhook_app


async def test_inline_query_offers_trust_cards(running_bot):
    server = running_bot.server
    calls = await running_bot.say(
        server.updates.inline_query(USER, "leeds"), method="answerInlineQuery"
    )
    results = calls[0].params["results"]
    titles = [r["title"] for r in results]
    assert "Leeds Teaching Hospitals NHS Trust" in titles
    card = results[titles.index("Leeds Teaching Hospitals NHS Trust")]
    assert "Segment" in card["input_message_content"]["message_text"]
    assert card["reply_markup"]["inline_keyboard"][0][0]["url"].endswith("start=t_RR8")


async def test_empty_inline_query_answers_with_no_results(running_bot):
    calls = await running_bot.say(
        running_bot.server.updates.inline_query(USER, ""), method="answerInlineQuery"
    )
    assert calls[0].params["results"] == []


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


async def test_webhook_round_trip_checks_the_secret_and_answers_once(fake_bot_api, services):
    server = fake_bot_api
    server.add_user(USER, "Pat", "pat")
    port = _free_port()
    settings = bot_settings(server, WEBHOOK_SECRET="s3cret-token", WEBHOOK_PATH="hook")
    app = build_application(settings, services, updater=False)
    runner = web.AppRunner(build_webhook_app(app, services, secret="s3cret-token", path="hook"))
    async with app:
        await app.start()
        await runner.setup()
        await web.TCPSite(runner, "127.0.0.1", port).start()
        try:
            url = f"http://127.0.0.1:{port}/hook"
            await app.bot.set_webhook(url, secret_token="s3cret-token")
            update = server.updates.private_message(USER, "how is Leeds Teaching Hospitals doing")
            mark = server.mark()
            server.enqueue(update)
            calls = await server.wait_for("sendMessage", since=mark, timeout=10)
            assert "Leeds Teaching Hospitals NHS Trust" in reply_text(calls[0])
            assert [d.status for d in server.webhook_deliveries] == [200]

            # Telegram re-sending the same update (any worker may get it) is not answered twice.
            mark = server.mark()
            server.enqueue(update)
            await server.wait_for_deliveries(2)
            await asyncio.sleep(0.3)
            assert server.calls("sendMessage", since=mark) == []

            # A caller without the secret is refused; a malformed body is a 400, not a crash.
            assert await _post(url, update, secret="wrong") == 403
            assert await _post(url, {"update_id": "x", "message": 5}, secret="s3cret-token") == 400
            health = await _get(f"http://127.0.0.1:{port}/healthz")
            assert health["status"] == "ok" and "Q1 2026/27" in health["quarters"]
        finally:
            await app.bot.delete_webhook()
            await runner.cleanup()
            await app.stop()


async def _post(url: str, body: dict, secret: str) -> int:
    import aiohttp

    async with aiohttp.ClientSession() as session:
        headers = {"X-Telegram-Bot-Api-Secret-Token": secret}
        async with session.post(url, json=body, headers=headers) as response:
            return response.status


async def _get(url: str) -> dict:
    import aiohttp

    async with aiohttp.ClientSession() as session:
        async with session.get(url) as response:
            return await response.json()
