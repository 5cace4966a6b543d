"""Alert-run use cases shared by the jobs and the CLI: plan a quarter, decide when, report.

Telegram-free. Planning reads every active follow once, renders one digest per distinct set
of changes, and bulk-inserts the outbox with ON CONFLICT DO NOTHING, so planning a quarter
twice changes nothing (and a quarter whose trusts arrive in several files picks up the chats
the first file did not concern).
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import timedelta

import httpx

from bot.alerts.digest import DigestContext, render_digest
from bot.alerts.planning import TrustChange, follow_members, plan_digests, trust_changes
from bot.alerts.watcher import SyncReport, sync_publications
from bot.services import Services
from db import claims, outbox
from db.coordination import acquire_lease, release_lease
from db.models import utc_now
from db.subscriptions import FollowRow, iter_active_follows
from ranking import parse_quarter

log = logging.getLogger(__name__)
WATCH_LEASE = "nof-watcher"
WATCH_LEASE_TTL = timedelta(minutes=30)


@dataclass(frozen=True, slots=True)
class PlanReport:
    """What planning a quarter did; `reason` says why nothing was planned."""

    quarter: str | None
    previous_quarter: str | None = None
    follows: int = 0
    digests: int = 0
    added: int = 0
    seconds: float = 0.0
    reason: str | None = None


def plan_quarter(
    services: Services, *, quarter: str | None = None, bot_username: str | None = None
) -> PlanReport:
    """Queue one digest per chat for `quarter` (default: the latest) against the one before."""
    started = time.perf_counter()
    league = services.league
    quarter = quarter or league.latest
    if quarter is None or quarter not in league.quarters:
        return PlanReport(quarter, reason="that quarter is not stored")
    previous = league.previous_quarter(quarter)
    if previous is None:
        return PlanReport(quarter, reason="there is no earlier quarter to compare with")
    changes = trust_changes(league, previous, quarter)
    members = follow_members(league, services.reference, quarter)
    crosses = parse_quarter(previous).methodology_year != parse_quarter(quarter).methodology_year
    context = DigestContext(quarter, previous, bot_username, crosses)
    counted = _Counter()
    with services.session_factory() as session:
        digests = plan_digests(
            counted.wrap(iter_active_follows(session=session)), changes, members
        )
        texts: dict[tuple[TrustChange, ...], str] = {}
        for digest in digests:
            if digest.changes not in texts:
                texts[digest.changes] = render_digest(digest.changes, context)
        run = outbox.ensure_run(session=session, quarter=quarter, previous_quarter=previous)
        rows = ((d.chat_id, texts[d.changes]) for d in digests)
        added = outbox.add_deliveries(session=session, run_id=run.id, rows=rows)
        if not added:
            outbox.finish_runs(session=session)
        session.commit()
    report = PlanReport(
        quarter, previous, counted.count, len(digests), added, time.perf_counter() - started
    )
    log.info(
        "Planned %s: %d follows, %d digests, %d new in the outbox (%.2f s)",
        quarter,
        report.follows,
        report.digests,
        added,
        report.seconds,
    )
    return report


def quarter_to_plan(services: Services, sync: SyncReport | None = None) -> str | None:
    """The quarter a watcher run should plan, if any.

    - the latest quarter, when this run stored it for the first time;
    - the latest quarter again, when a run exists and new files touched it (a trust type
      published later, or a revision): chats already planned are left alone;
    - catch-up: the latest quarter is newer than every planned run (the process stopped
      between importing and planning). A store that never had a run plans nothing by
      itself, so a first deployment does not alert about a quarter published long ago.
    """
    league = services.league
    latest = league.latest
    if latest is None or league.previous_quarter(latest) is None:
        return None
    with services.session_factory() as session:
        planned = outbox.run_quarters(session=session)
    if sync is not None and latest in sync.new_quarters:
        return latest
    if latest in planned:
        return latest if sync is not None and latest in sync.touched_quarters else None
    newest = parse_quarter(latest)
    if planned and all(parse_quarter(q) < newest for q in planned):
        return latest
    return None


async def watch_once(
    services: Services,
    page_url: str,
    *,
    bot_username: str | None = None,
    client: httpx.AsyncClient | None = None,
) -> tuple[SyncReport, PlanReport | None]:
    """One watcher run and, if it calls for one, the plan (both off the event loop)."""
    sync = await sync_publications(services, page_url, client=client)
    quarter = await asyncio.to_thread(quarter_to_plan, services, sync)
    if quarter is None:
        return sync, None
    plan = await asyncio.to_thread(
        plan_quarter, services, quarter=quarter, bot_username=bot_username
    )
    return sync, plan


async def watch_exclusively(
    services: Services,
    page_url: str,
    *,
    holder: str,
    ttl: timedelta = WATCH_LEASE_TTL,
    bot_username: str | None = None,
    client: httpx.AsyncClient | None = None,
) -> tuple[SyncReport, PlanReport | None] | None:
    """`watch_once` under the watcher lease: one watcher at a time across every process (the
    bot's job and `nhsbot sync`), so two never import the same file. A holder that dies keeps
    the lease only until it expires (`ttl`): then the next watcher takes over (failover).

    Returns:
        None when another watcher holds the lease (nothing was done).
    """
    if not await asyncio.to_thread(_lease, services, holder, ttl):
        return None
    try:
        return await watch_once(services, page_url, bot_username=bot_username, client=client)
    finally:
        await asyncio.to_thread(_lease, services, holder, None)


def _lease(services: Services, holder: str, ttl: timedelta | None) -> bool:
    """Take the watcher lease for `ttl`, or give it back (`ttl` None)."""
    with services.session_factory() as session:
        if ttl is None:
            release_lease(session=session, name=WATCH_LEASE, holder=holder)
            return True
        return acquire_lease(session=session, name=WATCH_LEASE, holder=holder, ttl=ttl)


def recover_interrupted(services: Services, *, lease_prefix: str | None = None) -> int:
    """Rows left `sending` by a stopped process become `unknown` (never resent).

    With `lease_prefix`, only rows of senders that hold no such lease any more (several
    senders share the outbox); without it, every `sending` row.
    """
    with services.session_factory() as session:
        if lease_prefix is None:
            count = outbox.recover_sending(session=session)
        else:
            count = claims.recover_orphans(
                session=session, lease_prefix=lease_prefix, now=utc_now()
            )
        session.commit()
    if count:
        log.warning("%d alert deliveries were interrupted mid-send: marked unknown", count)
    return count


def run_status(services: Services) -> list[outbox.RunSummary]:
    """Every run with its deliveries counted by status, newest first."""
    with services.session_factory() as session:
        return outbox.run_summaries(session=session)


class _Counter:
    """Counts follows as planning streams them."""

    def __init__(self) -> None:
        self.count = 0

    def wrap(self, rows: Iterable[FollowRow]) -> Iterator[FollowRow]:
        for row in rows:
            self.count += 1
            yield row
