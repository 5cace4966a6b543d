"""Per-chat flood protection, run before every other handler (group -1)."""

from __future__ import annotations

import time

from telegram import Update
from telegram.ext import ApplicationHandlerStop

from bot.handlers.context import BotContext

SLOW_DOWN = "You're sending messages very quickly — please slow down a little."


async def guard_flood(update: Update, context: BotContext) -> None:
    """Stop handling a chat's updates while it floods; warn once per burst."""
    chat = update.effective_chat
    if chat is None or update.inline_query is not None:
        return
    verdict = context.state.flood.check(chat.id, time.monotonic())
    if verdict == "ok":
        return
    if update.callback_query is not None:
        await update.callback_query.answer(SLOW_DOWN)
    elif verdict == "warn" and update.effective_message is not None:
        await update.effective_message.reply_text(SLOW_DOWN)
    raise ApplicationHandlerStop
