"""The bot's membership in chats: greet when added, forget when removed, follow migrations."""

from __future__ import annotations

import logging

from telegram import ChatMember, Update
from telegram.constants import ChatType

from bot.handlers.context import BotContext
from bot.usecases.subscriptions import deactivate_chat, forget_chat, migrate_chat

log = logging.getLogger(__name__)

GREETING = (
    "Hello! I answer questions about NHS England's league tables for NHS trusts. "
    "In this group, mention me (e.g. “@{bot} how is Leeds Teaching Hospitals doing”), reply "
    "to one of my messages, or use a command such as /trust@{bot} or /help@{bot}. "
    "Group admins can /follow@{bot} trusts to get a message when their segment changes."
)
_PRESENT = {ChatMember.MEMBER, ChatMember.ADMINISTRATOR, ChatMember.OWNER, ChatMember.RESTRICTED}


async def on_my_chat_member(update: Update, context: BotContext) -> None:
    """Added to a group: greet. Removed: forget it. Blocked in private: stop alerts."""
    change = update.my_chat_member
    if change is None:
        return
    was = change.old_chat_member.status in _PRESENT
    now = change.new_chat_member.status in _PRESENT
    chat = change.chat
    if chat.type == ChatType.PRIVATE:
        if was and not now:
            deactivate_chat(context.services, chat.id, "blocked the bot")
        return
    if now and not was:
        username = context.bot.username or "bot"
        await context.bot.send_message(chat.id, GREETING.format(bot=username))
    elif was and not now:
        removed = forget_chat(context.services, chat.id)
        log.info("Removed from a group; forgot %d stored rows", removed)


async def on_migration(update: Update, context: BotContext) -> None:
    """A group became a supergroup: its follows move to the new chat id."""
    message = update.effective_message
    if message is None:
        return
    if message.migrate_to_chat_id:
        migrate_chat(context.services, message.chat.id, message.migrate_to_chat_id)
    elif message.migrate_from_chat_id:
        migrate_chat(context.services, message.migrate_from_chat_id, message.chat.id)
