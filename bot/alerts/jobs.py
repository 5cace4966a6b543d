"""The alert jobs on PTB's JobQueue (telegram.md §2.5): watch for publications, drain the outbox.

Nothing about the jobs is persisted: both are registered at start-up with fixed ids, and all
state lives in the database, so a restart simply carries on. With several worker processes
each registers the jobs, and database leases (db/coordination.py) let one process at a time
watch and up to ALERT_SENDERS processes send, each in its own slot ("alert-sender-0"…). The
senders share the outbox out with row locks (db/claims.py); each paces at
ALERT_MAX_PER_SECOND / ALERT_SENDERS because Telegram's overall limit is per bot token, not
per process (telegram.md §4.1). A sender taking or renewing its slot marks rows left
`sending` by senders whose lease is gone as `unknown`, never resent (telegram.md §4.4); rows
a live sender is sending are left alone.
"""

from __future__ import annotations

import asyncio
import logging
import re
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta

from telegram.ext import Application, CallbackContext

from bot.alerts.pacing import PacingLimits
from bot.alerts.runs import WATCH_LEASE, recover_interrupted, watch_exclusively
from bot.alerts.sender import SENDER_LEASE_PREFIX, AlertSender, DrainReport, SenderSettings
from bot.config import Settings
from bot.services import Services
from db.coordination import acquire_lease, release_lease

log = logging.getLogger(__name__)
WATCH_JOB, SEND_JOB = WATCH_LEASE, "alert-sender"
RUNTIME_KEY = "alerts"
FIRST_WATCH_DELAY = 10.0
_UNITS = {"s": 1, "m": 60, "h": 3600, "d": 86400}
_INTERVAL = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*([smhd]?)\s*$", re.IGNORECASE)


def parse_interval(text: str) -> timedelta:
    """ "30s", "90m", "6h", "1d" (a bare number is seconds) → timedelta.

    Raises:
        ValueError: for anything else, or an interval under one second.
    """
    match = _INTERVAL.match(text)
    if not match:
        raise ValueError(f"not an interval: {text!r} (use e.g. 30s, 90m, 6h, 1d)")
    seconds = float(match[1]) * _UNITS[(match[2] or "s").lower()]
    if seconds < 1:
        raise ValueError(f"interval too short: {text!r}")
    return timedelta(seconds=seconds)


def sender_lease(slot: int) -> str:
    """The lease of sender slot `slot` (0 … ALERT_SENDERS-1)."""
    return f"{SENDER_LEASE_PREFIX}{slot}"


def sender_settings(settings: Settings) -> SenderSettings:
    """The sender's limits and retry policy from the settings.

    Each of the ALERT_SENDERS processes gets an equal share of ALERT_MAX_PER_SECOND: the
    overall limit is per bot token, so N senders at the full rate would trip 429s, which
    pause *every* send (telegram.md §4.3). Per-chat and per-group limits stay whole: one run
    has one row per chat, and the row is sent by whichever sender reserved it.
    """
    limits = PacingLimits(
        settings.ALERT_MAX_PER_SECOND / max(1, settings.ALERT_SENDERS),
        settings.ALERT_PRIVATE_INTERVAL,
        settings.ALERT_GROUP_PER_MINUTE,
    )
    return SenderSettings(
        limits=limits,
        concurrency=settings.ALERT_CONCURRENCY,
        max_attempts=settings.ALERT_MAX_ATTEMPTS,
        send_timeout=settings.ALERT_SEND_TIMEOUT,
    )


@dataclass
class AlertRuntime:
    """Per-process alert state: the sender (its pacing) and the running drain, if any."""

    settings: Settings
    services: Services
    sender: AlertSender
    drain_task: asyncio.Task | None = None
    slot: str | None = None  # the sender lease held now
    _renewed_at: float = 0.0

    @property
    def holder(self) -> str:
        """This process's id in leases and on the rows its sender claims."""
        return self.sender.holder

    @property
    def is_draining(self) -> bool:
        """Whether this process is sending right now."""
        return self.drain_task is not None and not self.drain_task.done()

    def take_sender_lease(self) -> bool:
        """Take a free sender slot (of ALERT_SENDERS); recover what dead senders left."""
        for name in map(sender_lease, range(max(1, self.settings.ALERT_SENDERS))):
            with self.services.session_factory() as session:
                taken = acquire_lease(
                    session=session, name=name, holder=self.holder, ttl=self._lease_ttl
                )
            if taken:
                self.slot = name
                self._renewed_at = time.monotonic()
                recover_interrupted(self.services, lease_prefix=SENDER_LEASE_PREFIX)
                return True
        return False

    def keep_sending(self, is_running: Callable[[], bool]) -> bool:
        """Between sends: stop when the app stops or the lease is lost; renew it in time."""
        if not is_running():
            return False
        if time.monotonic() - self._renewed_at < self._lease_ttl.total_seconds() / 3:
            return True
        assert self.slot is not None, "take_sender_lease() first"
        with self.services.session_factory() as session:
            kept = acquire_lease(
                session=session, name=self.slot, holder=self.holder, ttl=self._lease_ttl
            )
        self._renewed_at = time.monotonic()
        if not kept:
            log.warning("Lost the alert sender lease; another process sends now")
            return False
        # A sender that died mid-run: its `sending` rows become `unknown` now, not at the
        # next start, so the live senders can finish the run (its pending rows they take).
        recover_interrupted(self.services, lease_prefix=SENDER_LEASE_PREFIX)
        return True

    async def drain(
        self, is_running: Callable[[], bool], *, max_messages: int | None = None
    ) -> DrainReport:
        """Send everything due (the caller holds the lease), then give the lease back."""
        try:
            report = await self.sender.drain(
                keep_going=lambda: self.keep_sending(is_running), max_messages=max_messages
            )
        finally:
            if self.slot is not None:
                with self.services.session_factory() as session:
                    release_lease(session=session, name=self.slot, holder=self.holder)
                self.slot = None
        if report.sent or report.unknown or report.failed or report.deactivated:
            log.info(
                "Alert sender: %d sent, %d unknown, %d failed, %d chats deactivated",
                report.sent,
                report.unknown,
                report.failed,
                report.deactivated,
            )
        return report

    @property
    def _lease_ttl(self) -> timedelta:
        return timedelta(seconds=self.settings.ALERT_LEASE_SECONDS)


def schedule(application: Application, settings: Settings) -> None:
    """Register the watcher (every NOF_WATCH_INTERVAL, first soon after start) and the sender
    (every ALERT_SEND_INTERVAL); called from the application's post_init."""
    services: Services = application.bot_data["state"].services  # see bot.handlers.context
    sender = AlertSender(application.bot, services.session_factory, sender_settings(settings))
    application.bot_data[RUNTIME_KEY] = AlertRuntime(settings, services, sender)
    interval = parse_interval(settings.NOF_WATCH_INTERVAL)
    queue = application.job_queue
    if queue is None:
        raise RuntimeError("alerts need PTB's job queue (python-telegram-bot[job-queue])")
    common = {"replace_existing": True, "coalesce": True, "max_instances": 1}
    queue.run_repeating(
        job_watch_publications,
        interval=interval,
        first=min(FIRST_WATCH_DELAY, interval.total_seconds()),
        name=WATCH_JOB,
        job_kwargs={**common, "id": WATCH_JOB, "misfire_grace_time": 3600},
    )
    queue.run_repeating(
        job_send_alerts,
        interval=settings.ALERT_SEND_INTERVAL,
        first=1.0,
        name=SEND_JOB,
        job_kwargs={**common, "id": SEND_JOB, "misfire_grace_time": 60},
    )


async def job_watch_publications(context: CallbackContext) -> None:
    """Look for new official files; plan alerts for a newly published quarter."""
    runtime: AlertRuntime = context.bot_data[RUNTIME_KEY]
    done = await watch_exclusively(
        runtime.services,
        runtime.settings.NOF_PUBLICATION_URL,
        holder=runtime.holder,
        bot_username=context.bot.username,
    )
    if done is None:  # another process watches now
        return
    sync, plan = done
    if sync.outcomes:
        log.info("Publication watcher imported %d files", len(sync.outcomes))
    if plan is not None and plan.added:
        await job_send_alerts(context)


async def job_send_alerts(context: CallbackContext) -> None:
    """Start draining the outbox in a task, unless this process is already at it."""
    runtime: AlertRuntime = context.bot_data[RUNTIME_KEY]
    if runtime.is_draining or not runtime.take_sender_lease():
        return
    application = context.application
    runtime.drain_task = application.create_task(
        runtime.drain(lambda: application.running), name="alert-sender"
    )
