"""The alert sender: drains the outbox through PTB's Bot, paced, surviving crashes and 429s.

Rows are reserved in batches for this sender first (db/claims.py), so several sender
processes share an outbox without picking the same row. Per row (telegram.md §4.4): wait for
a pacing slot → claim it and commit `sending` → call `sendMessage` → commit the outcome. A
crash between the two commits leaves `sending`, which a live sender turns into `unknown` once
the dead one's lease is gone, and which is never resent. Sends run as a few concurrent asyncio
tasks that await between calls, so interactive replies keep flowing; DB calls are single-row
updates.
"""

from __future__ import annotations

import asyncio
import logging
import math
import time
from collections import deque
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field, replace
from datetime import timedelta

from sqlmodel import Session
from telegram import Bot, LinkPreviewOptions
from telegram.constants import ParseMode
from telegram.error import TelegramError

from bot.alerts import delivery_errors as verdicts
from bot.alerts.pacing import Pacer, PacingLimits
from db import claims, outbox, subscriptions
from db.alert_models import FAILED, PENDING, SENT, UNKNOWN
from db.coordination import new_holder_id
from db.models import utc_now

log = logging.getLogger(__name__)
_FETCH = 200
_MAX_IDLE_SLEEP = 1.0  # also how often `keep_going` (and the lease renewal) is checked
_FIRST = asyncio.FIRST_COMPLETED
# Every sender's lease is named SENDER_LEASE_PREFIX + slot number (bot/alerts/jobs.py).
SENDER_LEASE_PREFIX = "alert-sender-"


@dataclass(frozen=True, slots=True)
class SenderSettings:
    """Limits and retry policy; defaults follow telegram.md §4.5."""

    limits: PacingLimits = field(default_factory=PacingLimits)
    concurrency: int = 4
    max_attempts: int = 5
    backoff_seconds: float = 5.0
    max_backoff_seconds: float = 600.0
    send_timeout: float | None = None


@dataclass
class DrainReport:
    """What one drain did (printed by `nhsbot alerts send`, logged by the bot)."""

    sent: int = 0
    unknown: int = 0
    failed: int = 0
    skipped: int = 0
    deactivated: int = 0
    retried: int = 0
    rate_limited: int = 0
    migrated: int = 0
    finished_runs: list[str] = field(default_factory=list)


class SenderAborted(RuntimeError):
    """Telegram refused the token: nothing can be sent until an operator fixes it."""


class AlertSender:
    """Sends due outbox rows with `bot`; one instance per process holds the pacing state.

    Several senders (processes) may drain one outbox: each reserves its own batches as
    `holder` (db/claims.py), so they never pick the same row, and takes over the rows of a
    sender whose lease (named SENDER_LEASE_PREFIX…) is gone.
    """

    def __init__(
        self,
        bot: Bot,
        session_factory: Callable[[], Session],
        settings: SenderSettings | None = None,
        *,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
        holder: str | None = None,
    ) -> None:
        self.bot = bot
        self.holder = holder or new_holder_id()
        self.settings = settings or SenderSettings()
        self.pacer = Pacer(self.settings.limits, clock)
        self._sessions = session_factory
        self._sleep = sleep
        self._started_runs: set[int] = set()

    async def drain(
        self, *, keep_going: Callable[[], bool] = lambda: True, max_messages: int | None = None
    ) -> DrainReport:
        """Send until nothing is pending (or `keep_going()` is false, or `max_messages` sends
        were started). Rows waiting for a retry are waited for, in short sleeps."""
        report = DrainReport()
        tasks: set[asyncio.Task] = set()
        scheduled: set[int] = set()
        failures: list[BaseException] = []

        def settle(task: asyncio.Task, row_id: int) -> None:
            tasks.discard(task)
            scheduled.discard(row_id)
            if not task.cancelled() and task.exception() is not None:
                failures.append(task.exception())  # type: ignore[arg-type]

        queue: deque[outbox.DueDelivery] = deque()
        started = 0
        try:
            while keep_going() and (max_messages is None or started < max_messages):
                if failures:
                    raise failures[0]
                if len(tasks) >= self.settings.concurrency:
                    await asyncio.wait(tasks, timeout=_MAX_IDLE_SLEEP, return_when=_FIRST)
                    continue
                if not queue:
                    queue.extend(r for r in self._due() if r.id not in scheduled)
                if not queue:
                    if tasks:
                        await asyncio.wait(tasks, timeout=_MAX_IDLE_SLEEP, return_when=_FIRST)
                        continue
                    self._recover_orphans()
                    idle = self._idle_seconds()
                    if idle is None:
                        break
                    await self._sleep(min(idle, _MAX_IDLE_SLEEP))
                    continue
                row = queue.popleft()
                delay = self.pacer.reserve(row.chat_id)
                if delay is None:
                    self._defer(row)
                    continue
                scheduled.add(row.id)
                task = asyncio.create_task(self._deliver(row, delay, report))
                task.add_done_callback(lambda t, rid=row.id: settle(t, rid))
                tasks.add(task)
                started += 1
        finally:
            if tasks:  # let sends in flight record their outcome (fewer `unknown` rows)
                await asyncio.wait(tasks)
        if failures:
            raise failures[0]
        with self._sessions() as session:
            report.finished_runs = outbox.finish_runs(session=session)
            session.commit()
        for quarter in report.finished_runs:
            log.info("Alert run %s finished", quarter)
        return report

    # -- one row ---------------------------------------------------------------------------

    async def _deliver(
        self, row: outbox.DueDelivery, delay: float, report: DrainReport, *, resent: bool = False
    ) -> None:
        await self._wait_turn(row.chat_id, delay)
        if not self._claim(row, report):
            return
        kwargs = {}
        if self.settings.send_timeout is not None:
            kwargs["read_timeout"] = self.settings.send_timeout
        try:
            message = await self.bot.send_message(
                chat_id=row.chat_id,
                text=row.text,
                parse_mode=ParseMode.HTML,
                link_preview_options=LinkPreviewOptions(is_disabled=True),
                **kwargs,
            )
        except TelegramError as error:
            verdict = verdicts.classify(error)
            new_row = self._apply(row, verdict, report)
            if new_row is not None and not resent:
                wait = self.pacer.reserve(new_row.chat_id, max_chat_wait=math.inf) or 0.0
                await self._deliver(new_row, wait, report, resent=True)
            return
        self._record(row.id, SENT, message_id=message.message_id)
        report.sent += 1

    async def _wait_turn(self, chat_id: int, delay: float) -> None:
        """Sleep until the booked slot; after a RetryAfter pause, book a fresh one."""
        await self._sleep(delay)
        while self.pacer.pause_remaining() > 0:
            await self._sleep(self.pacer.reserve(chat_id, max_chat_wait=math.inf) or 0.0)

    def _claim(self, row: outbox.DueDelivery, report: DrainReport) -> bool:
        """Commit `sending` before the call; skip chats that stopped following meanwhile."""
        with self._sessions() as session:
            if outbox.claim_delivery(session=session, delivery_id=row.id, holder=self.holder):
                if row.run_id not in self._started_runs:
                    outbox.mark_run_sending(session=session, run_id=row.run_id)
                    self._started_runs.add(row.run_id)
                session.commit()
                return True
            if outbox.skip_unfollowed(session=session, delivery_id=row.id):
                report.skipped += 1
            session.commit()
        return False

    def _apply(
        self, row: outbox.DueDelivery, verdict: verdicts.Verdict, report: DrainReport
    ) -> outbox.DueDelivery | None:
        """Store what a failure means; returns the row to resend at once (migration)."""
        action, reason = verdict.action, verdict.reason
        if action == verdicts.RETRY_AFTER:
            self.pacer.pause(verdict.seconds)
            self._record(row.id, PENDING, reason, retry_in=verdict.seconds)
            report.rate_limited += 1
            log.warning("Telegram asked to wait %.0f s; pausing all alert sends", verdict.seconds)
        elif action == verdicts.MIGRATED and verdict.new_chat_id is not None:
            report.migrated += 1
            return self._migrate(row, verdict.new_chat_id)
        elif action == verdicts.DEACTIVATE:
            with self._sessions() as session:
                outbox.record_outcome(
                    session=session, delivery_id=row.id, status=FAILED, error=reason
                )
                subscriptions.deactivate_chat(session=session, chat_id=row.chat_id, reason=reason)
                session.commit()
            report.deactivated += 1
        elif action == verdicts.UNKNOWN:
            self._record(row.id, UNKNOWN, reason)
            report.unknown += 1
            log.warning("Alert delivery %d may or may not have arrived (%s)", row.id, reason)
        elif action == verdicts.RETRY and row.attempts + 1 < self.settings.max_attempts:
            backoff = self.settings.backoff_seconds * 2**row.attempts
            self._record(
                row.id, PENDING, reason, retry_in=min(backoff, self.settings.max_backoff_seconds)
            )
            report.retried += 1
        elif action == verdicts.ABORT:
            self._record(row.id, PENDING, reason)
            raise SenderAborted(reason)
        else:
            self._record(row.id, FAILED, reason)
            report.failed += 1
            log.error("Alert delivery %d failed for good: %s", row.id, reason)
        return None

    def _migrate(self, row: outbox.DueDelivery, new_chat_id: int) -> outbox.DueDelivery | None:
        """A group became a supergroup: move its follows and this row, then resend."""
        with self._sessions() as session:
            subscriptions.migrate_chat(
                session=session, old_chat_id=row.chat_id, new_chat_id=new_chat_id
            )
            moved = outbox.move_delivery(
                session=session, delivery_id=row.id, new_chat_id=new_chat_id
            )
            session.commit()
        return replace(row, chat_id=new_chat_id, attempts=row.attempts + 1) if moved else None

    # -- bookkeeping -----------------------------------------------------------------------

    def _record(
        self,
        delivery_id: int,
        status: str,
        error: str | None = None,
        *,
        message_id: int | None = None,
        retry_in: float | None = None,
    ) -> None:
        at = utc_now() + timedelta(seconds=retry_in) if retry_in is not None else None
        with self._sessions() as session:
            outbox.record_outcome(
                session=session,
                delivery_id=delivery_id,
                status=status,
                error=error,
                message_id=message_id,
                next_attempt_at=at,
            )
            session.commit()

    def _due(self) -> list[outbox.DueDelivery]:
        """Reserve (and commit) the next batch for this sender; other senders skip it."""
        with self._sessions() as session:
            rows = claims.reserve_due(
                session=session,
                holder=self.holder,
                lease_prefix=SENDER_LEASE_PREFIX,
                now=utc_now(),
                limit=_FETCH,
            )
            session.commit()
        return rows

    def _defer(self, row: outbox.DueDelivery) -> None:
        """The chat is not ready (per-chat or per-group limit): try it when it is."""
        until = utc_now() + timedelta(seconds=self.pacer.chat_ready_in(row.chat_id))
        with self._sessions() as session:
            outbox.defer_delivery(session=session, delivery_id=row.id, until=until)
            session.commit()

    def _recover_orphans(self) -> None:
        """Rows a dead sender left `sending` become `unknown` (never resent, §4.4)."""
        with self._sessions() as session:
            count = claims.recover_orphans(
                session=session,
                lease_prefix=SENDER_LEASE_PREFIX,
                now=utc_now(),
                caller=self.holder,
            )
            session.commit()
        if count:
            log.warning("%d alert deliveries of a stopped sender are now unknown", count)

    def _idle_seconds(self) -> float | None:
        """Seconds until this sender may find work; None when nothing is pending for anyone
        (rows another live sender reserved keep this one polling, to take over if it dies)."""
        now = utc_now()
        with self._sessions() as session:
            due = claims.next_due_time(
                session=session, holder=self.holder, lease_prefix=SENDER_LEASE_PREFIX, now=now
            )
        if due is None:
            return None
        return max(0.0, (due - now).total_seconds())
