"""Inline-button presses: a chosen candidate, a measure, a chart. Forged data gets a polite no."""

from __future__ import annotations

from telegram import Update

from bot.callback_data import decode
from bot.handlers.charts import send_chart
from bot.handlers.context import BotContext
from bot.handlers.replying import reply_view
from bot.usecases.ask import resolve_quarter
from bot.usecases.trusts import metric_answer, trust_report
from bot.views import Notice

STALE = "Sorry, that button is out of date. Please ask again."


async def cb_trust(update: Update, context: BotContext) -> None:
    """Answer a report, measure or chart button (follow buttons are handled by alerts)."""
    query = update.callback_query
    if query is None:
        return
    services = context.services
    action = decode(query.data, services.league.known_codes)
    if action is None or action.action not in ("report", "metric", "chart"):
        await query.answer(STALE, show_alert=False)
        return
    await query.answer()
    if action.action == "chart":
        await send_chart(update, context, action.trust_code)
        return
    quarter = resolve_quarter(services, None)
    if isinstance(quarter, Notice):
        view = quarter
    elif action.action == "metric":
        view = metric_answer(services, action.trust_code, quarter, action.topic or "other")
    else:
        view = trust_report(services, action.trust_code, quarter)
    await reply_view(update, context, view)


async def cb_unknown(update: Update, _context: BotContext) -> None:
    """Any other callback data: stale or forged."""
    if update.callback_query is not None:
        await update.callback_query.answer(STALE)
