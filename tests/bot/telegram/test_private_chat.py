"""Private chats over real HTTP: questions, buttons, deep links, charts, errors."""

from __future__ import annotations

import asyncio

from tests_support import USER, button_data, reply_text


async def test_question_gets_the_trust_answer_with_buttons(running_bot):
    calls = await running_bot.say(
        running_bot.server.updates.private_message(USER, "how is Leeds Teaching Hospitals doing")
    )
    text = reply_text(calls[0])
    assert "Leeds Teaching Hospitals NHS Trust" in text
    assert "Segment 3" in text and "of 134 acute trusts" in text
    assert calls[0].params["parse_mode"] == "HTML"
    assert button_data(calls[0]) == ["c:RR8", "f:RR8"]


async def test_ambiguous_name_asks_with_buttons_and_the_choice_answers(running_bot):
    server = running_bot.server
    calls = await running_bot.say(server.updates.private_message(USER, "leeds"))
    assert "could mean several trusts" in reply_text(calls[0])
    assert button_data(calls[0]) == ["t:RR8", "t:RGD", "t:RY6"]

    press = server.updates.callback_query(USER, "t:RGD", chat_id=USER)
    answer = await running_bot.say(press)
    assert "Leeds and York Partnership NHS Foundation Trust" in reply_text(answer[0])
    assert server.calls("answerCallbackQuery")


async def test_forged_or_stale_button_gets_a_polite_answer(running_bot):
    server = running_bot.server
    await running_bot.say(server.updates.private_message(USER, "leeds"))
    calls = await running_bot.say(
        server.updates.callback_query(USER, "t:ZZZZ9", chat_id=USER), method="answerCallbackQuery"
    )
    assert "out of date" in calls[0].params["text"]


async def test_deep_link_opens_the_trust(running_bot):
    calls = await running_bot.say(running_bot.server.updates.private_message(USER, "/start t_RR8"))
    assert "Leeds Teaching Hospitals NHS Trust" in reply_text(calls[0])


async def test_plain_start_and_help(running_bot):
    calls = await running_bot.say(running_bot.server.updates.private_message(USER, "/start"))
    assert "NHS England's league tables" in reply_text(calls[0])
    calls = await running_bot.say(running_bot.server.updates.private_message(USER, "/help"))
    assert "Try:" in reply_text(calls[0])


async def test_command_without_arguments_explains_usage(running_bot):
    calls = await running_bot.say(running_bot.server.updates.private_message(USER, "/trust"))
    assert reply_text(calls[0]).startswith("Usage: /trust")


async def test_strange_message_gets_help_not_a_stack_trace(running_bot):
    calls = await running_bot.say(
        running_bot.server.updates.private_message(USER, "¿¿ 🤷 <script>&amp;")
    )
    assert "didn't catch" in reply_text(calls[0])


async def test_chart_is_uploaded_once_then_reused(running_bot):
    server = running_bot.server
    first = await running_bot.say(
        server.updates.private_message(USER, "/chart leeds teaching"), method="sendPhoto"
    )
    assert first[0].params["photo"].data[:8] == b"\x89PNG\r\n\x1a\n"
    assert "segment" in first[0].params["caption"]
    await running_bot.say(server.updates.private_message(USER, "/chart LTHT"), method="sendPhoto")
    assert server.file_reuses == 1


async def test_a_429_is_waited_out_and_the_answer_still_arrives(running_bot):
    server = running_bot.server
    server.fail_next("sendMessage", 429, "Too Many Requests: retry after 1", retry_after=1)
    mark = server.mark()
    server.enqueue(server.updates.private_message(USER, "LTHT"))
    calls = await server.wait_for(
        lambda c: c.method == "sendMessage" and c.ok, since=mark, timeout=10
    )
    assert "Leeds Teaching Hospitals" in reply_text(calls[0])
    assert [c.status for c in server.calls("sendMessage")] == [429, 200]


async def test_flooding_gets_one_slow_down_and_then_silence(running_bot):
    server = running_bot.server
    mark = server.mark()
    for _ in range(12):
        server.enqueue(server.updates.private_message(USER, "help"))
    await server.wait_until_consumed()
    await asyncio.sleep(0.5)
    texts = [reply_text(c) for c in server.calls("sendMessage", since=mark)]
    assert sum("slow down" in t for t in texts) == 1
    assert len(texts) == 9  # 8 answers within the window, then one warning


async def test_an_exception_in_a_handler_is_answered_politely(running_bot, monkeypatch):
    import bot.handlers.questions as questions

    def broken(*_args, **_kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr(questions, "ask", broken)
    calls = await running_bot.say(running_bot.server.updates.private_message(USER, "LTHT"))
    assert "something went wrong" in reply_text(calls[0])


async def test_unexpected_updates_do_not_break_the_bot(running_bot):
    server = running_bot.server
    server.enqueue(server.updates.unknown_update())  # an update type newer than our PTB
    odd = server.updates.private_message(USER, "x")
    del odd["message"]["text"]
    odd["message"]["sticker_set_name"] = "unexpected"  # no text: nothing to answer
    server.enqueue(odd)
    calls = await running_bot.say(server.updates.private_message(USER, "LTHT"))
    assert "Leeds Teaching Hospitals" in reply_text(calls[0])


async def test_blocked_user_is_handled(running_bot):
    server = running_bot.server
    server.enqueue(server.updates.bot_blocked(USER))
    await server.wait_until_consumed()
    # A later update from that user (Telegram can deliver one in flight) gets 403: no crash.
    calls = await running_bot.say(server.updates.private_message(USER, "LTHT"))
    assert calls[0].status == 403
    assert running_bot.app.running


async def test_follow_deep_link_follows_the_trust(running_bot):
    from bot.usecases.subscriptions import following

    calls = await running_bot.say(running_bot.server.updates.private_message(USER, "/start f_RR8"))
    assert "Leeds Teaching Hospitals" in reply_text(calls[0])
    services = running_bot.app.bot_data["state"].services
    assert following(services, USER)
