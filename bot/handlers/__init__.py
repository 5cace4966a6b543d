"""Telegram handlers, registered in one ordered place."""

from __future__ import annotations

from telegram import Update
from telegram.ext import (
    Application,
    CallbackQueryHandler,
    ChatMemberHandler,
    CommandHandler,
    InlineQueryHandler,
    MessageHandler,
    TypeHandler,
)
from telegram.ext import filters as ptb_filters  # `filters` is also our submodule's name

from bot.handlers import alerts
from bot.handlers.buttons import cb_trust, cb_unknown
from bot.handlers.charts import cmd_chart
from bot.handlers.errors import on_error
from bot.handlers.filters import GROUP_TEXT, PRIVATE_TEXT
from bot.handlers.flood import guard_flood
from bot.handlers.groups import on_migration, on_my_chat_member
from bot.handlers.inline import on_inline_query
from bot.handlers.questions import QUESTION_COMMANDS, cmd_help, cmd_question, cmd_start, on_text

# Commands answer fresh messages only: an edited "/trust x" must not answer twice.
_FRESH = ptb_filters.UpdateType.MESSAGE


def register(application: Application) -> None:
    """Add every handler; group numbers order cross-cutting work before answers."""
    # group -1: flood protection runs first and can stop the update.
    application.add_handler(TypeHandler(Update, guard_flood), group=-1)
    # group 0: commands, buttons, inline queries, free text, membership.
    application.add_handler(CommandHandler("start", cmd_start, filters=_FRESH))
    application.add_handler(CommandHandler("help", cmd_help, filters=_FRESH))
    application.add_handler(CommandHandler(list(QUESTION_COMMANDS), cmd_question, filters=_FRESH))
    application.add_handler(CommandHandler("chart", cmd_chart, filters=_FRESH))
    alerts.register(application)  # /follow, /unfollow, /following, /forget, /privacy, f:/u:
    application.add_handler(CallbackQueryHandler(cb_trust, pattern=r"^[tmc]:"))
    application.add_handler(CallbackQueryHandler(cb_unknown))
    application.add_handler(InlineQueryHandler(on_inline_query))
    application.add_handler(ChatMemberHandler(on_my_chat_member, ChatMemberHandler.MY_CHAT_MEMBER))
    application.add_handler(MessageHandler(ptb_filters.StatusUpdate.MIGRATE, on_migration))
    application.add_handler(MessageHandler(PRIVATE_TEXT | GROUP_TEXT, on_text))
    application.add_error_handler(on_error)
