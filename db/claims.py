"""Several alert senders on one outbox: rows are shared out with row locks, never sent twice.

Each sender holds a lease whose name starts with a common prefix (one slot per sender) and
takes work in two steps:

1. `reserve_due` stamps a batch of due, still-`pending` rows with its holder id, picking them
   with `FOR UPDATE SKIP LOCKED` on PostgreSQL, so concurrent senders take disjoint batches
   instead of queueing behind each other's locks (SQLite serialises writers, so the plain
   UPDATE is already exclusive there). Rows stay `pending`: a reservation is not an attempt.
2. Right before each send `outbox.claim_delivery` turns one reserved row `sending` (a
   conditional UPDATE, so even two senders racing for one row cannot both win).

A row becomes `sending` only when its send is about to start, which keeps the "maybe sent"
window per dead sender to its sends in flight (at-most-once, telegram.md §4.4). Rows reserved
or claimed by a holder whose lease is gone are fair game again: `pending` ones are reserved
by the next sender, `sending` ones become `unknown` (`recover_orphans`) and are never resent.

SQL only, never commits: callers commit (a reservation must be committed to count).
"""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import ColumnElement, Select, func, or_, select, update
from sqlmodel import Session

from db.alert_models import PENDING, SENDING, UNKNOWN, AlertDelivery
from db.coordination import Lease
from db.outbox import DueDelivery

ORPHANED = "interrupted while sending (its sender stopped)"


def live_holders(*, lease_prefix: str, now: datetime) -> Select:
    """SQL: holders of unexpired leases named `lease_prefix…` (the senders alive now)."""
    return select(Lease.holder).where(Lease.name.startswith(lease_prefix), Lease.expires_at > now)


def _available_to(holder: str, lease_prefix: str, now: datetime) -> ColumnElement[bool]:
    """Rows nobody reserved, reserved by `holder`, or reserved by a sender that is gone."""
    return or_(
        AlertDelivery.claimed_by.is_(None),
        AlertDelivery.claimed_by == holder,
        AlertDelivery.claimed_by.not_in(live_holders(lease_prefix=lease_prefix, now=now)),
    )


def _is_due(now: datetime) -> tuple[ColumnElement[bool], ...]:
    return AlertDelivery.status == PENDING, or_(
        AlertDelivery.next_attempt_at.is_(None), AlertDelivery.next_attempt_at <= now
    )


def reserve_due(
    *, session: Session, holder: str, lease_prefix: str, now: datetime, limit: int
) -> list[DueDelivery]:
    """Reserve up to `limit` due rows for `holder` (one statement) and return them, oldest
    first. Rows this holder reserved before are returned again while they stay due."""
    picked = (
        select(AlertDelivery.id)
        .where(*_is_due(now), _available_to(holder, lease_prefix, now))
        .order_by(AlertDelivery.id)
        .limit(limit)
        .with_for_update(skip_locked=True, of=AlertDelivery)
        # MATERIALIZED: run once. Inlined into `IN (…)`, PostgreSQL may rescan the locking
        # subquery and so update more than `limit` rows.
        .cte("picked")
        .prefix_with("MATERIALIZED")
    )
    rows = session.execute(
        update(AlertDelivery)
        .where(AlertDelivery.id.in_(select(picked.c.id)), AlertDelivery.status == PENDING)
        .values(claimed_by=holder)
        .returning(
            AlertDelivery.id,
            AlertDelivery.run_id,
            AlertDelivery.chat_id,
            AlertDelivery.text,
            AlertDelivery.attempts,
        )
        .execution_options(synchronize_session=False)
    ).all()
    return sorted((DueDelivery(*row) for row in rows), key=lambda row: row.id)


def _aware(moment: datetime) -> datetime:
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment  # SQLite: naive UTC


def next_due_time(
    *, session: Session, holder: str, lease_prefix: str, now: datetime
) -> datetime | None:
    """When `holder` may next find work; None when no pending row is left for anyone.

    Rows another live sender reserved or is sending count as due when its lease would
    expire: if that sender dies, this one takes its pending rows over and recovers its
    `sending` ones, so a run finishes as long as one sender lives.
    """
    mine = select(
        func.count(),
        func.count(AlertDelivery.next_attempt_at),
        func.min(AlertDelivery.next_attempt_at),
    ).where(AlertDelivery.status == PENDING, _available_to(holder, lease_prefix, now))
    total, timed, earliest = session.execute(mine).one()
    candidates: list[datetime] = []
    if total:
        candidates.append(now if timed < total else _aware(earliest))
    others = session.execute(
        select(
            Lease.expires_at,
            AlertDelivery.status,
            func.count(),
            func.count(AlertDelivery.next_attempt_at),
            func.min(AlertDelivery.next_attempt_at),
        )
        .join(Lease, Lease.holder == AlertDelivery.claimed_by)
        .where(
            AlertDelivery.status.in_((PENDING, SENDING)),
            AlertDelivery.claimed_by != holder,
            Lease.name.startswith(lease_prefix),
            Lease.expires_at > now,
        )
        .group_by(Lease.name, Lease.expires_at, AlertDelivery.status)
    ).all()
    for expires, status, rows, timed_rows, first_due in others:
        due = now if status == SENDING or timed_rows < rows else _aware(first_due)
        candidates.append(max(_aware(expires), due))
    return min(candidates) if candidates else None


def recover_orphans(
    *, session: Session, lease_prefix: str, now: datetime, caller: str | None = None
) -> int:
    """Mark `unknown` the rows left `sending` by senders that no longer hold a lease (they
    may or may not have reached Telegram: never resent, telegram.md §4.4). Rows a live
    sender (or `caller`, alive by definition) is sending are left alone."""
    others = [] if caller is None else [AlertDelivery.claimed_by.is_distinct_from(caller)]
    result = session.execute(
        update(AlertDelivery)
        .where(
            AlertDelivery.status == SENDING,
            *others,
            or_(
                AlertDelivery.claimed_by.is_(None),
                AlertDelivery.claimed_by.not_in(live_holders(lease_prefix=lease_prefix, now=now)),
            ),
        )
        .values(status=UNKNOWN, last_error=ORPHANED)
        .execution_options(synchronize_session=False)
    )
    return result.rowcount or 0
