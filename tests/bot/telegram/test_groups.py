"""Group chats: answer only when addressed; greet, forget, migrate."""

from __future__ import annotations

import asyncio

from tests_support import GROUP, USER, reply_text


def _group(server):
    server.add_group(GROUP, "Leeds Health Campaign", creator=USER, admins=(), members=(1002,))


async def test_command_with_bot_name_is_answered(running_bot):
    server = running_bot.server
    _group(server)
    calls = await running_bot.say(server.updates.command(GROUP, USER, "trust", "leeds teaching"))
    assert calls[0].chat_id == GROUP
    assert "Leeds Teaching Hospitals NHS Trust" in reply_text(calls[0])


async def test_mention_and_reply_are_answered_chatter_is_not(running_bot):
    server = running_bot.server
    _group(server)
    mark = server.mark()
    server.enqueue(server.updates.group_message(GROUP, 1002, "I'm going to Leeds on Friday"))
    server.enqueue(server.updates.group_message(GROUP, 1002, "how is Leeds Teaching doing"))
    await server.wait_until_consumed()
    await asyncio.sleep(0.3)
    assert server.calls("sendMessage", since=mark) == []

    calls = await running_bot.say(server.updates.mention(GROUP, USER, "how is LTHT doing"))
    assert "Leeds Teaching Hospitals NHS Trust" in reply_text(calls[0])
    calls = await running_bot.say(
        server.updates.reply_to_bot(GROUP, USER, "and Sheffield Teaching?")
    )
    assert "Sheffield Teaching Hospitals" in reply_text(calls[0])


async def test_command_for_another_bot_is_ignored(running_bot):
    server = running_bot.server
    _group(server)
    mark = server.mark()
    server.enqueue(server.updates.group_message(GROUP, USER, "/trust@other_bot leeds"))
    await server.wait_until_consumed()
    await asyncio.sleep(0.3)
    assert server.calls("sendMessage", since=mark) == []


async def test_added_to_a_group_greets(running_bot):
    server = running_bot.server
    calls = await running_bot.say(server.updates.bot_added(GROUP, USER))
    assert "mention me" in reply_text(calls[0])
    assert f"@{server.bot['username']}" in reply_text(calls[0])


async def test_removed_from_a_group_forgets_it(running_bot):
    server = running_bot.server
    _group(server)
    services = running_bot.app.bot_data["state"].services
    from bot.usecases.subscriptions import following

    await running_bot.say(server.updates.command(GROUP, USER, "follow", "leeds teaching"))
    assert following(services, GROUP)
    server.enqueue(server.updates.bot_removed(GROUP, USER))
    await server.wait_until_consumed()
    await asyncio.sleep(0.3)
    assert not following(services, GROUP)


async def test_migration_to_a_supergroup_moves_the_follows(running_bot):
    server = running_bot.server
    _group(server)
    services = running_bot.app.bot_data["state"].services
    from bot.usecases.subscriptions import following

    await running_bot.say(server.updates.command(GROUP, USER, "follow", "leeds teaching"))
    new_id = -1001234567890
    for update in server.updates.migration(GROUP, new_id, USER):
        server.enqueue(update)
    await server.wait_until_consumed()
    await asyncio.sleep(0.3)
    assert following(services, new_id)
    assert not following(services, GROUP)
