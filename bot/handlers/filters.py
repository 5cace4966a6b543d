"""Filters for "is this message meant for the bot?" in groups (telegram.md §5.2)."""

from __future__ import annotations

from telegram import Message, MessageEntity
from telegram.ext import filters


class AddressedToBot(filters.MessageFilter):
    """A mention of the bot (case-insensitive) or a reply to one of the bot's messages."""

    def filter(self, message: Message) -> bool:
        """True when the message mentions or replies to this bot."""
        bot = message.get_bot()
        username = (bot.username or "").lower()
        reply = message.reply_to_message
        if reply is not None and reply.from_user is not None and reply.from_user.id == bot.id:
            return True
        mentions = message.parse_entities([MessageEntity.MENTION]).values()
        return any(m.lstrip("@").lower() == username for m in mentions)


ADDRESSED = AddressedToBot()
FRESH_TEXT = filters.TEXT & filters.UpdateType.MESSAGE & ~filters.COMMAND & ~filters.VIA_BOT
PRIVATE_TEXT = FRESH_TEXT & filters.ChatType.PRIVATE
GROUP_TEXT = FRESH_TEXT & filters.ChatType.GROUPS & ADDRESSED
