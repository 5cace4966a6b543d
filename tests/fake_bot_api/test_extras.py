"""Spec-driven answers for unmodelled methods, and the threaded mode for blocking code."""

from __future__ import annotations

import asyncio
import json
import urllib.request

from telegram import Bot, InputMediaPhoto

from .api import FakeBotApi, run_in_thread


async def test_unmodelled_methods_return_what_ptb_expects(fake_bot_api: FakeBotApi) -> None:
    server = fake_bot_api
    async with Bot(server.token, base_url=server.base_url) as bot:
        sent = await bot.send_message(5, "original")
        copied = await bot.copy_message(6, from_chat_id=5, message_id=sent.message_id)
        forwarded = await bot.forward_message(6, from_chat_id=5, message_id=sent.message_id)
        album = await bot.send_media_group(
            6, [InputMediaPhoto(b"\x89PNG one"), InputMediaPhoto(b"\x89PNG two")]
        )
        sticker = await bot.send_sticker(6, "CAACAgQAAxkBAAEfake")
        assert await bot.pin_chat_message(6, forwarded.message_id) is True
        link = await bot.export_chat_invite_link(-100)
    assert copied.message_id < forwarded.message_id < album[0].message_id < sticker.message_id
    assert len(album) == 2 and link.startswith("https://t.me/")
    assert [m["chat"]["id"] for m in server.sent_messages(6)] == [6] * 4
    assert server.warnings == []


async def test_unmodelled_complex_results_are_flagged(fake_bot_api: FakeBotApi) -> None:
    status, body = await fake_bot_api.request("getUserProfilePhotos", user_id=5)
    assert (status, body["result"]) == (200, True)
    [warning] = fake_bot_api.warnings
    assert warning.method == "getUserProfilePhotos" and "not modelled" in warning.description


def test_run_in_thread_serves_blocking_clients() -> None:
    with run_in_thread(bot_username="threaded_bot") as server:
        server.enqueue(server.updates.private_message(7, "/start"))
        url = f"{server.base_url}{server.token}/getUpdates"
        with urllib.request.urlopen(url, data=b"timeout=2", timeout=5) as response:
            updates = json.load(response)["result"]
        assert [u["message"]["text"] for u in updates] == ["/start"]

        async def waiter() -> None:  # waits from this thread's loop for the server's loop
            calls = await server.wait_for("getUpdates", timeout=2)
            assert calls[0].ok

        asyncio.run(waiter())
    assert server.validation_errors == []
