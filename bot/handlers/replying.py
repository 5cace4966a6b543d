"""Send a view as one reply (split only when Telegram's 4096-character limit forces it)."""

from __future__ import annotations

from telegram import Message, Update
from telegram.constants import ParseMode

from bot.handlers.context import BotContext
from bot.keyboards import keyboard_for
from bot.rendering.html import render
from bot.rendering.limits import split_message
from bot.views import View


async def reply_view(update: Update, context: BotContext, view: View) -> Message | None:
    """Render the view as HTML and reply in the same chat (buttons on the last part)."""
    chat = update.effective_chat
    if chat is None:
        return None
    parts = split_message(render(view))
    markup = keyboard_for(view)
    message = update.effective_message
    sent = None
    for index, part in enumerate(parts):
        last = index == len(parts) - 1
        kwargs = {"parse_mode": ParseMode.HTML, "reply_markup": markup if last else None}
        if message is not None and index == 0:
            sent = await message.reply_text(part, **kwargs)
        else:
            sent = await context.bot.send_message(chat.id, part, **kwargs)
    return sent


async def reply_html(update: Update, context: BotContext, text: str) -> None:
    """Reply with a fixed HTML text."""
    chat = update.effective_chat
    if chat is None:
        return
    message = update.effective_message
    if message is not None:
        await message.reply_text(text, parse_mode=ParseMode.HTML)
    else:
        await context.bot.send_message(chat.id, text, parse_mode=ParseMode.HTML)
