"""The Telegram application's composition root: build it, wire services, run it."""

from __future__ import annotations

import asyncio
import logging
from zoneinfo import ZoneInfo

from telegram import BotCommand, LinkPreviewOptions
from telegram.constants import ParseMode
from telegram.ext import AIORateLimiter, Application, ContextTypes, Defaults

from bot.alerts.jobs import schedule
from bot.config import Settings
from bot.handlers import register
from bot.handlers.context import BotContext, BotState, attach_state
from bot.services import Services

log = logging.getLogger(__name__)

COMMANDS = [
    BotCommand("trust", "How is a trust doing? e.g. /trust Leeds Teaching Hospitals"),
    BotCommand("compare", "Compare trusts, e.g. /compare Leeds and Sheffield"),
    BotCommand("top", "Top of a table, e.g. /top 10 acute"),
    BotCommand("bottom", "Bottom of a table, e.g. /bottom 5 ambulance"),
    BotCommand("region", "Trusts in a region or ICB, e.g. /region North West"),
    BotCommand("near", "Trusts near a postcode, e.g. /near LS9 7TF"),
    BotCommand("chart", "A trust's chart across quarters"),
    BotCommand("explain", "What segments, scores and the deficit cap mean"),
    BotCommand("follow", "Get a message when a trust's segment changes"),
    BotCommand("unfollow", "Stop following a trust"),
    BotCommand("following", "What this chat follows"),
    BotCommand("privacy", "What the bot stores about this chat"),
    BotCommand("forget", "Delete everything stored about this chat"),
    BotCommand("help", "What the bot can answer"),
]


def build_application(settings: Settings, services: Services, *, updater: bool = True
                      ) -> Application:  # fmt: skip
    """An Application talking to `TELEGRAM_API_URL`, with handlers and jobs registered."""
    if settings.TELEGRAM_BOT_TOKEN is None:
        raise ValueError("TELEGRAM_BOT_TOKEN is not set (see .env.example)")
    base = settings.TELEGRAM_API_URL.rstrip("/")
    file_base = base[: -len("/bot")] + "/file/bot" if base.endswith("/bot") else base
    builder = (
        Application.builder()
        .token(settings.TELEGRAM_BOT_TOKEN.get_secret_value())
        .base_url(base)
        .base_file_url(file_base)
        .defaults(
            Defaults(
                parse_mode=ParseMode.HTML,
                tzinfo=ZoneInfo("Europe/London"),
                link_preview_options=LinkPreviewOptions(is_disabled=True),
                allow_sending_without_reply=True,
            )
        )
        .context_types(ContextTypes(context=BotContext))
        # PTB's 5 s default is tight for a busy host; Telegram answers well within 10 s.
        .read_timeout(10)
        .write_timeout(10)
        .rate_limiter(
            AIORateLimiter(overall_max_rate=settings.REPLY_MAX_PER_SECOND, max_retries=1)
        )
        .concurrent_updates(16)
        .post_init(_post_init)
    )
    if not updater:
        builder = builder.updater(None)
    application = builder.build()
    attach_state(application, BotState(services=services))
    register(application)
    application.bot_data["settings"] = settings
    return application


async def _post_init(application: Application) -> None:
    """Register the command list and the scheduled jobs."""
    settings: Settings = application.bot_data["settings"]
    await application.bot.set_my_commands(COMMANDS)
    application.job_queue.run_repeating(
        job_refresh_read_model,
        interval=settings.READ_MODEL_REFRESH_SECONDS,
        first=settings.READ_MODEL_REFRESH_SECONDS,
        name="refresh-read-model",
    )
    schedule(application, settings)
    log.info("Bot @%s ready", application.bot.username)


async def job_refresh_read_model(context: BotContext) -> None:
    """Pick up quarters imported by another process (CLI import, another worker's watcher)."""
    if await asyncio.to_thread(context.services.refresh_if_changed):
        log.info("Read model refreshed: %s", ", ".join(context.services.league.quarters))
