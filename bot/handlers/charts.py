"""/chart and chart buttons: render once, then reuse Telegram's file_id for identical charts."""

from __future__ import annotations

import asyncio
from dataclasses import replace

from telegram import Update
from telegram.constants import ParseMode

from bot.handlers.context import BotContext
from bot.handlers.replying import reply_html, reply_view
from bot.rendering.formats import h
from bot.rendering.limits import CAPTION_LIMIT
from bot.understanding import Intent
from bot.usecases.ask import ask
from bot.usecases.charts import trust_chart
from bot.views import Ambiguous

USAGE = "Usage: /chart <i>trust</i>, e.g. /chart Leeds Teaching Hospitals"


async def send_chart(update: Update, context: BotContext, trust_code: str) -> None:
    """Send a trust's chart (rendered in a worker thread; matplotlib is CPU-bound)."""
    chat = update.effective_chat
    if chat is None:
        return
    chart = await asyncio.to_thread(trust_chart, context.services, trust_code)
    if chart is None:
        await reply_html(update, context, "No league-table data for that trust yet.")
        return
    state = context.state
    # Cut the plain text, then escape: cutting escaped text could split an entity like &amp;.
    caption = h(chart.caption[: CAPTION_LIMIT - 100])
    file_id = state.chart_file_ids.get(chart.cache_key)
    photo = file_id if file_id else chart.png
    message = await context.bot.send_photo(chat.id, photo=photo, caption=caption,
                                           parse_mode=ParseMode.HTML)  # fmt: skip
    if not file_id and message.photo:
        state.chart_file_ids[chart.cache_key] = message.photo[-1].file_id


async def cmd_chart(update: Update, context: BotContext) -> None:
    """/chart <trust>."""
    text = " ".join(context.args or [])
    if not text:
        await reply_html(update, context, USAGE)
        return
    result = ask(context.services, text, intent_hint=Intent.LOOKUP)
    codes = result.understanding.trust_codes
    if codes:
        await send_chart(update, context, codes[0])
        return
    view = result.view
    if isinstance(view, Ambiguous):
        view = replace(view, button_action="chart", topic=None)
    await reply_view(update, context, view)
