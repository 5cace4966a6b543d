"""Stateful behaviour: updates queue, messages, files, queries, members and faults."""

from __future__ import annotations

import asyncio
import time
from typing import Any

import pytest
from telegram import Bot, ChatFullInfo, ChatMember, Message, Update, User

from .api import FakeBotApi
from .spec import load_spec

KEYBOARD = {"inline_keyboard": [[{"text": "RJ1", "callback_data": "t:RJ1"}]]}


async def ok(server: FakeBotApi, method: str, **params: Any) -> Any:
    status, body = await server.request(method, **params)
    assert status == 200, body
    return body["result"]


async def fails(server: FakeBotApi, method: str, **params: Any) -> tuple[int, dict[str, Any]]:
    status, body = await server.request(method, **params)
    assert body["ok"] is False
    return status, body


async def test_get_updates_offset_limit_and_allowed_updates(fake_bot_api: FakeBotApi) -> None:
    server, up = fake_bot_api, fake_bot_api.updates
    ids = server.enqueue(up.private_message(7, "a"), up.inline_query(7, "q"), up.unknown_update())
    assert [u["update_id"] for u in await ok(server, "getUpdates", limit=2)] == ids[:2]
    assert [u["update_id"] for u in await ok(server, "getUpdates", offset=ids[1])] == ids[1:]
    inline_only = await ok(server, "getUpdates", offset=ids[1], allowed_updates=["inline_query"])
    assert [u["update_id"] for u in inline_only] == [ids[1]]
    assert server.pending_updates[0]["update_id"] == ids[1]  # the unknown one was filtered out
    server.enqueue(up.private_message(7, "b"), up.private_message(7, "c"))
    last = await ok(server, "getUpdates", offset=-1, allowed_updates=[])
    assert [u["message"]["text"] for u in last] == ["c"]


async def test_long_poll_returns_when_an_update_arrives(fake_bot_api: FakeBotApi) -> None:
    poll = asyncio.create_task(ok(fake_bot_api, "getUpdates", timeout=5))
    await asyncio.sleep(0.05)
    started = time.monotonic()
    fake_bot_api.enqueue(fake_bot_api.updates.private_message(7, "/start"))
    assert [u["message"]["text"] for u in await poll] == ["/start"]
    assert time.monotonic() - started < 1
    started = time.monotonic()
    assert await ok(fake_bot_api, "getUpdates", offset=2, timeout=0.2) == []
    assert 0.15 < time.monotonic() - started < 1


async def test_second_poller_and_webhook_conflict(fake_bot_api: FakeBotApi) -> None:
    first = asyncio.create_task(fake_bot_api.request("getUpdates", timeout=5))
    await asyncio.sleep(0.05)
    second = asyncio.create_task(fake_bot_api.request("getUpdates", timeout=0.1))
    status, body = await first
    assert status == 409 and "terminated by other getUpdates request" in body["description"]
    assert (await second)[0] == 200
    await ok(fake_bot_api, "setWebhook", url="http://127.0.0.1:9/hook")
    status, body = await fails(fake_bot_api, "getUpdates")
    assert status == 409 and "webhook is active" in body["description"]
    assert (await ok(fake_bot_api, "getWebhookInfo"))["url"] == "http://127.0.0.1:9/hook"
    await ok(fake_bot_api, "deleteWebhook")
    assert await ok(fake_bot_api, "getUpdates") == []


async def test_messages_ids_replies_edits_and_deletes(fake_bot_api: FakeBotApi) -> None:
    server = fake_bot_api
    server.add_group(-100, "Trust board", creator=1, members=(2,))
    user_msg = server.updates.group_message(-100, 2, "hello")["message"]
    sent = await ok(
        server,
        "sendMessage",
        chat_id=-100,
        text="<b>hi</b>",
        parse_mode="HTML",
        reply_markup=KEYBOARD,
        reply_parameters={"message_id": user_msg["message_id"]},
    )
    assert sent["message_id"] == user_msg["message_id"] + 1
    assert (sent["text"], sent["entities"][0]["type"]) == ("hi", "bold")
    assert sent["reply_markup"] == KEYBOARD and sent["reply_to_message"]["text"] == "hello"
    assert sent["chat"] == {"id": -100, "type": "group", "title": "Trust board"}
    assert (await ok(server, "sendMessage", chat_id=5, text="x"))["message_id"] == 1
    status, body = await fails(
        server, "sendMessage", chat_id=-100, text="x", reply_parameters={"message_id": 999}
    )
    assert body["description"] == "Bad Request: message to be replied not found"
    edit = {"chat_id": -100, "message_id": sent["message_id"]}
    edited = await ok(server, "editMessageText", text="hi", **edit)
    assert "reply_markup" not in edited and "edit_date" in edited
    _, body = await fails(server, "editMessageText", text="hi", **edit)
    assert body["description"].startswith("Bad Request: message is not modified")
    _, body = await fails(server, "editMessageText", chat_id=-100, message_id=1, text="x")
    assert body["description"] == "Bad Request: message can't be edited"
    await ok(server, "editMessageReplyMarkup", reply_markup=KEYBOARD, **edit)
    assert await ok(server, "deleteMessage", **edit) is True
    _, body = await fails(server, "deleteMessage", **edit)
    assert body["description"] == "Bad Request: message to delete not found"
    assert server.validation_errors == []


async def test_photo_upload_and_file_id_reuse(fake_bot_api: FakeBotApi) -> None:
    png = (
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"
        + (1600).to_bytes(4, "big")
        + (900).to_bytes(4, "big")
    )
    msg = await fake_bot_api.request("sendPhoto", files={"photo": ("c.png", png)}, chat_id=3)
    sizes = msg[1]["result"]["photo"]
    assert [(s["width"], s["height"]) for s in sizes] == [
        (90, 51),
        (320, 180),
        (800, 450),
        (1280, 720),
    ]
    assert len({s["file_unique_id"] for s in sizes}) == 4
    again = await ok(fake_bot_api, "sendPhoto", chat_id=4, photo=sizes[-1]["file_id"])
    assert again["photo"] == sizes and fake_bot_api.file_reuses == 1
    _, body = await fails(fake_bot_api, "sendPhoto", chat_id=4, photo="AgADnope")
    assert body["description"] == "Bad Request: wrong file identifier/HTTP URL specified"
    doc = await ok(fake_bot_api, "sendDocument", chat_id=4, document="https://x.org/a.csv")
    assert doc["document"]["file_name"] == "a.csv"
    file = await ok(fake_bot_api, "getFile", file_id=sizes[0]["file_id"])
    async with fake_bot_api._client.get(  # type: ignore[union-attr]
        f"{fake_bot_api.base_file_url}{fake_bot_api.token}/{file['file_path']}"
    ) as response:
        assert await response.read() == png


async def test_queries_can_be_answered_once(fake_bot_api: FakeBotApi) -> None:
    await ok(fake_bot_api, "sendMessage", chat_id=7, text="pick", reply_markup=KEYBOARD)
    query = fake_bot_api.updates.callback_query(7, "t:RJ1")["callback_query"]
    assert query["message"]["reply_markup"] == KEYBOARD
    await ok(fake_bot_api, "answerCallbackQuery", callback_query_id=query["id"])
    _, body = await fails(fake_bot_api, "answerCallbackQuery", callback_query_id=query["id"])
    assert body["description"].startswith("Bad Request: query is too old")


async def test_commands_per_scope(fake_bot_api: FakeBotApi) -> None:
    admins = {"type": "all_chat_administrators"}
    await ok(fake_bot_api, "setMyCommands", commands=[{"command": "league", "description": "T"}])
    await ok(
        fake_bot_api,
        "setMyCommands",
        commands=[{"command": "sub", "description": "S"}],
        scope=admins,
    )
    assert [c["command"] for c in await ok(fake_bot_api, "getMyCommands")] == ["league"]
    assert [c["command"] for c in await ok(fake_bot_api, "getMyCommands", scope=admins)] == ["sub"]
    await ok(fake_bot_api, "deleteMyCommands", scope=admins)
    assert await ok(fake_bot_api, "getMyCommands", scope=admins) == []


async def test_members_admins_and_anonymous_admins(fake_bot_api: FakeBotApi) -> None:
    server = fake_bot_api
    server.add_group(-1001, "ICB", creator=1, admins=(2,), anonymous_admins=(3,), members=(4,))
    statuses = {
        m["user"]["id"]: (m["status"], m["is_anonymous"])
        for m in await ok(server, "getChatAdministrators", chat_id=-1001)
    }
    assert statuses == {
        1: ("creator", False),
        2: ("administrator", False),
        3: ("administrator", True),
    }
    assert (await ok(server, "getChatMember", chat_id=-1001, user_id=4))["status"] == "member"
    assert (await ok(server, "getChatMember", chat_id=-1001, user_id=99))["status"] == "left"
    anon = server.updates.group_message(-1001, 3, "/subscribe@x", anonymous_admin=True)
    assert anon["message"]["sender_chat"]["id"] == -1001
    assert anon["message"]["from"]["username"] == "GroupAnonymousBot"
    await ok(server, "leaveChat", chat_id=-1001)
    status, body = await fails(server, "sendMessage", chat_id=-1001, text="x")
    assert (status, body["description"]) == (
        403,
        "Forbidden: bot is not a member of the group chat",
    )


async def test_chat_faults(fake_bot_api: FakeBotApi) -> None:
    server = fake_bot_api
    server.block_chat(5)
    assert (await fails(server, "sendMessage", chat_id=5, text="x"))[1]["description"] == (
        "Forbidden: bot was blocked by the user"
    )
    server.delete_chat(6)
    status, body = await fails(server, "getChat", chat_id=6)
    assert (status, body["description"]) == (400, "Bad Request: chat not found")
    old, new = server.migrate_chat(-77, -1000000000077)
    status, body = await fails(server, "sendMessage", chat_id=-77, text="x")
    assert body["parameters"] == {"migrate_to_chat_id": -1000000000077}
    assert old["message"]["migrate_to_chat_id"] == new["message"]["chat"]["id"]
    await ok(server, "sendMessage", chat_id=-1000000000077, text="x")
    server.enqueue(server.updates.bot_blocked(8))
    assert (await fails(server, "sendMessage", chat_id=8, text="x"))[0] == 403
    server.updates.bot_kicked(-9, 1)
    _, body = await fails(server, "sendMessage", chat_id=-9, text="x")
    assert body["description"] == "Forbidden: bot was kicked from the group chat"


async def test_injected_failures_delays_and_drops(fake_bot_api: FakeBotApi) -> None:
    server = fake_bot_api
    server.fail_next("sendMessage", retry_after=7, times=2)
    for _ in range(2):
        status, body = await fails(server, "sendMessage", chat_id=1, text="x")
        assert (status, body["parameters"]) == (429, {"retry_after": 7})
        assert body["description"] == "Too Many Requests: retry after 7"
    server.fail_next(None, 502, chat_id=2)
    await ok(server, "sendMessage", chat_id=1, text="other chat unaffected")
    assert (await fails(server, "getChat", chat_id=2))[0] == 502
    server.delay_next("sendMessage", 0.2)
    started = time.monotonic()
    await ok(server, "sendMessage", chat_id=1, text="late")
    assert time.monotonic() - started >= 0.2
    server.drop_next("sendMessage")
    with pytest.raises(Exception):  # noqa: B017 - aiohttp raises ServerDisconnectedError
        await server.request("sendMessage", chat_id=1, text="dropped")
    texts = [m["text"] for m in server.sent_messages(1)]
    assert texts == ["other chat unaffected", "late", "dropped"]  # delivered all the same


async def test_flood_model(fake_bot_api: FakeBotApi) -> None:
    now = [1000.0]
    flood = fake_bot_api.enable_flood_model(clock=lambda: now[0])
    await ok(fake_bot_api, "sendMessage", chat_id=1, text="a")
    status, body = await fails(fake_bot_api, "sendMessage", chat_id=1, text="b")
    assert (status, body["parameters"]) == (429, {"retry_after": 1})
    now[0] += 1.0
    await ok(fake_bot_api, "sendMessage", chat_id=1, text="b")
    for i in range(20):
        now[0] += 3.0
        await ok(fake_bot_api, "sendMessage", chat_id=-5, text=str(i))
    now[0] += 1.5
    _, body = await fails(fake_bot_api, "sendMessage", chat_id=-5, text="21st in a minute")
    assert body["parameters"]["retry_after"] == 2  # until the oldest of the 20 ages out
    now[0] += 10
    for chat in range(100, 130):
        await ok(fake_bot_api, "sendMessage", chat_id=chat, text="burst")
    _, body = await fails(fake_bot_api, "sendMessage", chat_id=200, text="31st in a second")
    assert flood.rejected == fake_bot_api.flood_429s == 3


async def test_every_emitted_payload_is_valid_for_spec_and_ptb(fake_bot_api: FakeBotApi) -> None:
    """Contract: what the fake emits deserialises in PTB and matches the spec."""
    server, up, spec = fake_bot_api, fake_bot_api.updates, load_spec()
    server.add_group(-1001, "ICB", creator=1, admins=(2,), anonymous_admins=(3,), members=(4,))
    bot = Bot(server.token, base_url=server.base_url)
    await ok(
        server,
        "sendMessage",
        chat_id=-1001,
        text="<b>x</b>",
        parse_mode="HTML",
        reply_markup=KEYBOARD,
    )
    updates = [
        up.private_message(4, "/start now https://nhs.uk @someone"),
        up.command(-1001, 2, "league", "RJ1"),
        up.mention(-1001, 4, "top trusts?"),
        up.reply_to_bot(-1001, 4, "more"),
        up.group_message(-1001, 3, "x", anonymous_admin=True),
        up.edited_message(-1001, 1, "edited"),
        up.callback_query(2, "t:RJ1", chat_id=-1001),
        up.inline_query(4, "rj"),
        up.chosen_inline_result(4, "a1", "rj"),
        up.bot_added(-5, 1),
        up.bot_removed(-5, 1),
        up.bot_blocked(4),
        up.bot_unblocked(4),
        *up.migration(-1001, -1001000000001, 1),
    ]
    for update in updates:
        assert spec.validate("Update", update) == [], update
        assert Update.de_json(update, bot).update_id == update["update_id"]
    future = Update.de_json(up.unknown_update("future_thing"), bot)
    assert future.effective_message is None and "future_thing" in future.api_kwargs
    members = await ok(server, "getChatAdministrators", chat_id=-1001)
    members += [await ok(server, "getChatMember", chat_id=-1001, user_id=u) for u in (4, 99)]
    for member in members:
        assert spec.validate("ChatMember", member) == []
        ChatMember.de_json(member, bot)
    for message in server.sent_messages():
        assert spec.validate("Message", message) == []
        Message.de_json(message, bot)
    full = await ok(server, "getChat", chat_id=-1001)
    assert spec.validate("ChatFullInfo", full) == [] and ChatFullInfo.de_json(full, bot)
    me = await ok(server, "getMe")
    assert spec.validate("User", me) == [] and User.de_json(me, bot).can_join_groups
    info = await ok(server, "getWebhookInfo")
    assert spec.validate("WebhookInfo", info) == []
