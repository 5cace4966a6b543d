"""A real python-telegram-bot Application against the fake: polling, webhook, error mapping."""

from __future__ import annotations

import datetime as dtm
import socket
from collections.abc import AsyncIterator

import pytest
from telegram import (
    Bot,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    InlineQueryResultArticle,
    InputTextMessageContent,
    Update,
)
from telegram.error import BadRequest, ChatMigrated, Forbidden, RetryAfter, TimedOut
from telegram.ext import (
    Application,
    ApplicationBuilder,
    CallbackQueryHandler,
    ChatMemberHandler,
    CommandHandler,
    ContextTypes,
    InlineQueryHandler,
)
from telegram.request import HTTPXRequest

from .api import FakeBotApi

Context = ContextTypes.DEFAULT_TYPE
PICK = InlineKeyboardMarkup([[InlineKeyboardButton("Barts Health", callback_data="t:R1H")]])


@pytest.fixture(autouse=True)
def _ptb_timedelta(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PTB_TIMEDELTA", "1")  # else RetryAfter emits a deprecation warning


async def league(update: Update, context: Context) -> None:
    name = " ".join(context.args or []) or "all"
    await update.effective_message.reply_text(
        f"<b>League</b> for {name} &amp; friends", parse_mode="HTML", reply_markup=PICK
    )


async def picked(update: Update, context: Context) -> None:
    await update.callback_query.answer("Chosen")
    await update.callback_query.edit_message_text(f"You chose {update.callback_query.data}")


async def inline(update: Update, context: Context) -> None:
    content = InputTextMessageContent("<b>Barts</b>: segment 2", parse_mode="HTML")
    await update.inline_query.answer(
        [InlineQueryResultArticle("R1H", "Barts Health", content)], cache_time=0, is_personal=True
    )


async def membership(update: Update, context: Context) -> None:
    change = update.my_chat_member
    if change.new_chat_member.status == "member" and change.chat.type != "private":
        await context.bot.send_message(change.chat.id, "Admins can /subscribe@me")


def build(server: FakeBotApi) -> Application:
    app = (
        ApplicationBuilder()
        .token(server.token)
        .base_url(server.base_url)
        .base_file_url(server.base_file_url)
        .build()
    )
    app.add_handler(CommandHandler(["start", "league"], league))
    app.add_handler(CallbackQueryHandler(picked, pattern=r"^t:"))
    app.add_handler(InlineQueryHandler(inline))
    app.add_handler(ChatMemberHandler(membership, ChatMemberHandler.MY_CHAT_MEMBER))
    return app


@pytest.fixture
async def polling_app(fake_bot_api: FakeBotApi) -> AsyncIterator[Application]:
    """PTB's own lifecycle, minus run_polling's loop/signal handling (safe in pytest-asyncio)."""
    app = build(fake_bot_api)
    async with app:
        await app.updater.start_polling(timeout=1, poll_interval=0)
        await app.start()
        yield app
        await app.updater.stop()
        await app.stop()


async def test_polling_round_trip(fake_bot_api: FakeBotApi, polling_app: Application) -> None:
    server, up = fake_bot_api, fake_bot_api.updates
    server.add_user(42, "Alice", "alice")
    server.add_group(-1001, "ICB leads", creator=42, members=(43,))

    server.enqueue(up.private_message(42, "/start"))
    [call] = await server.wait_for("sendMessage", chat_id=42)
    assert call.ok and call.params["parse_mode"] == "HTML"
    assert call.params["reply_markup"] == PICK.to_dict()
    assert call.result["text"] == "League for all & friends"

    server.enqueue(up.callback_query(42, "t:R1H"))
    await server.wait_for("editMessageText", chat_id=42)
    assert server.calls("answerCallbackQuery")[0].ok
    assert server.world.message(42, call.result["message_id"])["text"] == "You chose t:R1H"

    mark = server.mark()
    server.enqueue(
        up.group_message(-1001, 43, "/league@other_bot"),  # not for us: ignored by PTB
        up.command(-1001, 43, "league", "RJ1"),  # /league@nhs_league_test_bot RJ1
        up.inline_query(43, "barts"),
        up.bot_added(-2002, 42),
    )
    [group_reply] = await server.wait_for("sendMessage", chat_id=-1001, since=mark)
    assert "RJ1" in group_reply.result["text"]
    assert group_reply.params["reply_parameters"]["message_id"] > 0  # do_quote in groups
    await server.wait_for("answerInlineQuery", since=mark)
    await server.wait_for("sendMessage", chat_id=-2002, since=mark)
    await server.wait_until_consumed()
    assert [c.method for c in server.calls()[:3]] == ["getMe", "deleteWebhook", "getUpdates"]
    assert len(server.calls("sendMessage", chat_id=-1001)) == 1


async def test_process_update_layer(fake_bot_api: FakeBotApi) -> None:
    """The cheaper handler-test style: no polling, ``process_update`` awaits the handler."""
    app = build(fake_bot_api)
    async with app:
        update = fake_bot_api.updates.private_message(7, "/league Barts")
        await app.process_update(Update.de_json(update, app.bot))
    [message] = fake_bot_api.sent_messages(7)
    assert message["text"] == "League for Barts & friends"
    assert message["entities"] == [{"type": "bold", "offset": 0, "length": 6}]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


async def test_webhook_round_trip(fake_bot_api: FakeBotApi) -> None:
    server = fake_bot_api
    app = build(server)
    async with app:
        await app.updater.start_webhook(
            listen="127.0.0.1", port=_free_port(), url_path="tg", secret_token="s3cret_T0ken"
        )
        await app.start()
        [set_call] = server.calls("setWebhook")
        assert set_call.params["secret_token"] == "s3cret_T0ken"
        server.enqueue(server.updates.private_message(42, "/start"))
        await server.wait_for("sendMessage", chat_id=42)
        server.webhook.secret_token = "forged"  # PTB must refuse updates without our secret
        server.enqueue(server.updates.private_message(42, "/start"))
        deliveries = await server.wait_for_deliveries(2)
        assert [d.status for d in deliveries] == [200, 403]
        await app.updater.stop()
        await app.stop()
    assert len(server.sent_messages(42)) == 1
    info = await server.request("getWebhookInfo")
    assert info[1]["result"]["last_error_message"] == "Wrong response from the webhook: 403"


async def test_ptb_error_mapping(fake_bot_api: FakeBotApi) -> None:
    server = fake_bot_api
    request = HTTPXRequest(read_timeout=0.2)
    async with Bot(server.token, base_url=server.base_url, request=request) as bot:
        server.fail_next("sendMessage", retry_after=3)
        with pytest.raises(RetryAfter) as flood:
            await bot.send_message(1, "x")
        assert flood.value.retry_after == dtm.timedelta(seconds=3)
        server.migrate_chat(-5, -1000000000005)
        with pytest.raises(ChatMigrated) as migrated:
            await bot.send_message(-5, "x")
        assert migrated.value.new_chat_id == -1000000000005
        server.block_chat(2)
        with pytest.raises(Forbidden, match="blocked by the user"):
            await bot.send_message(2, "x")
        server.delete_chat(3)
        with pytest.raises(BadRequest, match="Chat not found"):
            await bot.send_message(3, "x")
        server.delay_next("sendMessage", 0.5)
        with pytest.raises(TimedOut):
            await bot.send_message(4, "slow but delivered")
        assert [m["text"] for m in server.sent_messages(4)] == ["slow but delivered"]
        with pytest.raises(BadRequest, match="Can't parse entities"):
            await bot.send_message(4, "<b>Barts & The London</b>", parse_mode="HTML")
        assert [e.path for e in server.take_validation_errors()] == ["text"]


async def test_photo_upload_then_file_id_reuse(fake_bot_api: FakeBotApi) -> None:
    server = fake_bot_api
    bot = Bot(server.token, base_url=server.base_url, base_file_url=server.base_file_url)
    async with bot:
        first = await bot.send_photo(
            1, photo=b"\x89PNG fake chart", caption="<i>Q3</i>", parse_mode="HTML"
        )
        again = await bot.send_photo(2, photo=first.photo[-1].file_id)
        assert again.photo == first.photo and first.caption == "Q3"
        file = await bot.get_file(first.photo[0].file_id)
        assert bytes(await file.download_as_bytearray()) == b"\x89PNG fake chart"
    assert fake_bot_api.uploads == 1 and fake_bot_api.file_reuses == 1
    assert fake_bot_api.calls("sendPhoto")[0].content_type == "multipart/form-data"
