"""`nhsbot sync` and `nhsbot alerts status|plan|send`: operators drive the alert path by hand.

bot/cli.py adds their parsers (bot/alerts/cli_parsers.py) and imports this module only when one
of these commands runs. `alerts send` talks to TELEGRAM_API_URL with a plain PTB `Bot` (no
Application) and takes one of the `ALERT_SENDERS` sender slots (database leases) like the
running bot's sender does, so at most that many processes send at once.
"""

from __future__ import annotations

import argparse
import asyncio
import sys
from typing import TYPE_CHECKING

from bot.alerts.runs import plan_quarter, run_status, watch_exclusively
from bot.config import Settings
from bot.services import Services
from db.alert_models import DELIVERY_STATES
from db.coordination import new_holder_id

if TYPE_CHECKING:
    from telegram import Bot


def _services(settings: Settings) -> Services:
    settings.ensure_sqlite_folder()
    return Services.create(settings.DATABASE_URL)


def cmd_sync(settings: Settings, _args: argparse.Namespace) -> int:
    """One publication-watcher run under the watcher lease (never alongside the bot's watcher
    or another `sync`); exit 1 if anything could not be fetched or imported, 3 if another
    watcher is running."""
    services = _services(settings)
    try:
        done = asyncio.run(
            watch_exclusively(
                services,
                settings.NOF_PUBLICATION_URL,
                holder=new_holder_id(),
                bot_username=settings.TELEGRAM_BOT_USERNAME,
            )
        )
    finally:
        services.close()
    if done is None:
        print(
            "Another process (the running bot?) is watching for publications now.", file=sys.stderr
        )
        return 3
    sync, plan = done
    print(
        f"{len(sync.links)} CSV links, {sync.unchanged} unchanged, "
        f"{len(sync.downloaded)} downloaded"
    )
    for outcome in sync.outcomes:
        new = f"; new quarters: {', '.join(outcome.new_quarters)}" if outcome.new_quarters else ""
        print(f"  {outcome.file_name}: {outcome.status}, {outcome.rows:,} rows{new}")
    for error in sync.errors:
        print(f"  problem: {error}", file=sys.stderr)
    if plan is not None:
        print(
            f"Planned {plan.quarter}: {plan.added} new alerts for {plan.digests} chats "
            f"({plan.follows} follows, {plan.seconds:.2f} s)"
        )
    return 1 if sync.errors else 0


def cmd_alerts(settings: Settings, args: argparse.Namespace) -> int:
    """`alerts status`, `alerts plan [--quarter Q]`, `alerts send [--max N]`."""
    services = _services(settings)
    try:
        if args.alerts_command == "status":
            return _status(services)
        if args.alerts_command == "plan":
            return _plan(services, settings, args.quarter)
        return asyncio.run(_send(services, settings, args.max_messages))
    finally:
        services.close()


def _status(services: Services) -> int:
    runs = run_status(services)
    if not runs:
        print("No alert runs yet.")
    for summary in runs:
        run = summary.run
        counts = ", ".join(
            f"{summary.counts[s]} {s}" for s in DELIVERY_STATES if summary.counts.get(s)
        )
        finished = f", finished {run.finished_at:%Y-%m-%d %H:%M}" if run.finished_at else ""
        print(
            f"{run.quarter} (vs {run.previous_quarter}): {run.status}{finished}; "
            f"{counts or 'no deliveries'}"
        )
    return 0


def _plan(services: Services, settings: Settings, quarter: str | None) -> int:
    username = settings.TELEGRAM_BOT_USERNAME or asyncio.run(_ask_username(settings))
    report = plan_quarter(services, quarter=quarter, bot_username=username)
    if report.reason:
        print(f"Nothing planned for {report.quarter}: {report.reason}.", file=sys.stderr)
        return 2
    print(
        f"Planned {report.quarter} (vs {report.previous_quarter}): {report.added} new alerts, "
        f"{report.digests} chats with news, {report.follows} follows, {report.seconds:.2f} s"
    )
    if not username:
        print("(no TELEGRAM_BOT_USERNAME or token: digests carry no deep links)", file=sys.stderr)
    return 0


async def _ask_username(settings: Settings) -> str | None:
    """The bot's @username from getMe, for deep links (None without a token)."""
    if settings.TELEGRAM_BOT_TOKEN is None:
        return None
    async with _bot(settings, 1) as bot:
        return bot.username


def _bot(settings: Settings, connections: int) -> Bot:
    from telegram import Bot  # imported here: only commands that talk to Telegram pay for it
    from telegram.request import HTTPXRequest

    assert settings.TELEGRAM_BOT_TOKEN is not None
    request = HTTPXRequest(connection_pool_size=connections + 2)
    return Bot(
        settings.TELEGRAM_BOT_TOKEN.get_secret_value(),
        base_url=settings.TELEGRAM_API_URL.rstrip("/"),
        request=request,
    )


async def _send(services: Services, settings: Settings, max_messages: int | None) -> int:
    from bot.alerts.jobs import AlertRuntime, sender_settings
    from bot.alerts.sender import AlertSender, SenderAborted

    if settings.TELEGRAM_BOT_TOKEN is None:
        print("Set TELEGRAM_BOT_TOKEN (see .env.example).", file=sys.stderr)
        return 2
    async with _bot(settings, settings.ALERT_CONCURRENCY) as bot:
        sender = AlertSender(bot, services.session_factory, sender_settings(settings))
        runtime = AlertRuntime(settings, services, sender)
        if not runtime.take_sender_lease():
            print("Another process (the running bot?) is sending alerts now.", file=sys.stderr)
            return 1
        try:
            report = await runtime.drain(lambda: True, max_messages=max_messages)
        except SenderAborted as err:
            print(f"Telegram refused the token: {err}", file=sys.stderr)
            return 2
    print(
        f"{report.sent} sent, {report.unknown} unknown, {report.failed} failed, "
        f"{report.skipped} skipped, {report.deactivated} chats deactivated, "
        f"{report.rate_limited} rate-limited, {report.migrated} migrated"
    )
    for quarter in report.finished_runs:
        print(f"Run {quarter} is done.")
    return 0


COMMANDS = {"sync": cmd_sync, "alerts": cmd_alerts}
