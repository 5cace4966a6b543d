"""The one error handler: log (never the token), then tell the user politely."""

from __future__ import annotations

import logging

from telegram import Update
from telegram.error import TelegramError

from bot.handlers.context import BotContext

log = logging.getLogger(__name__)
SORRY = "Sorry, something went wrong on my side. Please try again in a moment."


async def on_error(update: object, context: BotContext) -> None:
    """Log the exception with its traceback and answer the user if there is one."""
    log.error("Error while handling an update", exc_info=context.error)
    if not isinstance(update, Update):
        return
    try:
        if update.callback_query is not None:
            await update.callback_query.answer(SORRY)
        elif update.effective_chat is not None and update.inline_query is None:
            await context.bot.send_message(update.effective_chat.id, SORRY)
    except TelegramError:
        log.warning("Could not send the error notice", exc_info=True)
