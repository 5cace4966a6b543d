"""Inline queries: one article per trust, carrying the same answer the bot gives in chat."""

from __future__ import annotations

from telegram import (
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    InlineQueryResultArticle,
    InputTextMessageContent,
    Update,
)
from telegram.constants import ParseMode
from telegram.helpers import create_deep_linked_url

from bot.handlers.context import BotContext
from bot.rendering.formats import ordinal, score
from bot.rendering.html import render
from bot.rendering.limits import split_message
from bot.usecases.inline import inline_reports


async def on_inline_query(update: Update, context: BotContext) -> None:
    """Answer `@bot <name>` with shareable trust cards."""
    query = update.inline_query
    if query is None:
        return
    results = []
    for report in inline_reports(context.services, query.query):
        s = report.standing
        text = split_message(render(report))[0]
        markup = None
        if context.bot.username:
            url = create_deep_linked_url(context.bot.username, f"t_{s.trust_code}")
            markup = InlineKeyboardMarkup([[InlineKeyboardButton("Open in the bot", url=url)]])
        results.append(
            InlineQueryResultArticle(
                id=f"{s.trust_code}:{s.quarter}".replace(" ", "_").replace("/", "-"),
                title=s.trust_name,
                description=(
                    f"Segment {s.segment} · {ordinal(s.rank)} of {s.table_size} "
                    f"{s.trust_type.label} · score {score(s.average_score)} ({s.quarter})"
                ),
                input_message_content=InputTextMessageContent(text, parse_mode=ParseMode.HTML),
                reply_markup=markup,
            )
        )
    await query.answer(results, cache_time=300, is_personal=False)
