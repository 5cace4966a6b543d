"""Questions: free text, /start, /help and the question commands. Parse → use case → reply."""

from __future__ import annotations

import re

from telegram import Update

from bot.handlers.alerts import start_follow
from bot.handlers.context import BotContext
from bot.handlers.replying import reply_html, reply_view
from bot.rendering.explain import HELP
from bot.understanding import COMMAND_INTENTS
from bot.usecases.ask import ask, resolve_quarter
from bot.usecases.trusts import trust_report
from bot.views import Notice

WELCOME = (
    "Hello! I tell you how NHS trusts in England are doing in NHS England's league tables "
    "(the NHS Oversight Framework): segment, rank, score and headline measures.\n\n"
)
# Deep links: t_RR8 opens a trust (Telegram allows A-Z a-z 0-9 _ - in start payloads).
_TRUST_PAYLOAD = re.compile(r"^t_([A-Za-z0-9]{3,5})$")

# Question commands; their intents come from the understander (bot.understanding COMMAND_INTENTS).
QUESTION_COMMANDS = ("trust", "compare", "top", "bottom", "region", "near", "explain")
USAGE = {
    "trust": "Usage: /trust <i>name, hospital or code</i>, e.g. /trust Leeds Teaching Hospitals",
    "compare": "Usage: /compare <i>trust</i> and <i>trust</i>, e.g. /compare Leeds and Sheffield",
    "region": "Usage: /region <i>region or ICB</i>, e.g. /region North West",
    "near": "Usage: /near <i>postcode</i>, e.g. /near LS9 7TF",
}


async def cmd_start(update: Update, context: BotContext) -> None:
    """Greet, or open the trust named by a deep-link payload."""
    payload = context.args[0] if context.args else ""
    if await start_follow(update, context, payload):  # f_RR8: follow that trust
        return
    match = _TRUST_PAYLOAD.match(payload)
    services = context.services
    if match and match[1].upper() in services.league.known_codes:
        quarter = resolve_quarter(services, None)
        view = (
            quarter
            if isinstance(quarter, Notice)
            else trust_report(services, match[1].upper(), quarter)
        )
        await reply_view(update, context, view)
        return
    await reply_html(update, context, WELCOME + HELP)


async def cmd_help(update: Update, context: BotContext) -> None:
    """Show what the bot can answer."""
    await reply_html(update, context, HELP)


async def cmd_question(update: Update, context: BotContext) -> None:
    """/trust, /compare, /top, /bottom, /region, /near, /explain with their arguments."""
    message = update.effective_message
    command = message.text.split()[0].lstrip("/").split("@")[0].lower() if message else ""
    text = " ".join(context.args or [])
    if not text and command in USAGE:
        await reply_html(update, context, USAGE[command])
        return
    result = ask(context.services, text, intent_hint=COMMAND_INTENTS[command])
    await reply_view(update, context, result.view)


async def on_text(update: Update, context: BotContext) -> None:
    """Free text in a private chat, or addressed to the bot in a group."""
    message = update.effective_message
    if message is None or not message.text:
        return
    result = ask(context.services, message.text, bot_username=context.bot.username)
    await reply_view(update, context, result.view)
