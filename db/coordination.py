"""Coordination between worker processes through the database.

- `claim_update`: Telegram re-sends a webhook update it thinks failed, and behind a load
  balancer any worker may get it; the first worker to record the update_id answers it.
- `acquire_lease`: jobs that must run in exactly one process at a time (the publication
  watcher) hold a lease row that expires, so a dead holder is replaced (failover).
"""

from __future__ import annotations

import os
import socket
import uuid
from datetime import UTC, datetime, timedelta

from sqlalchemy import Column, DateTime, delete, insert, or_, select, update
from sqlalchemy.exc import IntegrityError
from sqlmodel import Field, Session, SQLModel

from db.models import utc_now


class ProcessedUpdate(SQLModel, table=True):
    """A Telegram update already taken by some worker."""

    update_id: int = Field(primary_key=True)
    received_at: datetime = Field(
        default_factory=utc_now, sa_column=Column(DateTime(timezone=True), nullable=False)
    )


class Lease(SQLModel, table=True):
    """A named lease held by one process until it expires or is released."""

    name: str = Field(primary_key=True, max_length=64)
    holder: str = Field(max_length=128)
    expires_at: datetime = Field(sa_column=Column(DateTime(timezone=True), nullable=False))


def claim_update(*, session: Session, update_id: int) -> bool:
    """Record an update id; False if another worker already took it. Commits (it is the claim)."""
    try:
        session.execute(insert(ProcessedUpdate).values(update_id=update_id, received_at=utc_now()))
        session.commit()
        return True
    except IntegrityError:
        session.rollback()
        return False


def prune_updates(*, session: Session, older_than: timedelta = timedelta(days=2)) -> int:
    """Forget update ids older than Telegram's 24 h redelivery window (with margin)."""
    result = session.execute(
        delete(ProcessedUpdate).where(ProcessedUpdate.received_at < utc_now() - older_than)
    )
    session.commit()
    return result.rowcount or 0


def new_holder_id() -> str:
    """A lease holder id unique to this process and caller: host, pid and a random suffix
    (the pid lets an operator, or a test, find the process behind a lease or a claimed row)."""
    return f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"


def acquire_lease(*, session: Session, name: str, holder: str, ttl: timedelta) -> bool:
    """Take or renew a lease; True if `holder` holds it now. Commits.

    An expired lease is taken over by whoever asks first: the UPDATE's WHERE clause makes the
    takeover atomic on both SQLite and PostgreSQL.
    """
    now = utc_now()
    expires = now + ttl
    taken = session.execute(
        update(Lease)
        .where(Lease.name == name, or_(Lease.holder == holder, Lease.expires_at < now))
        .values(holder=holder, expires_at=expires)
    )
    if taken.rowcount:
        session.commit()
        return True
    try:
        session.execute(insert(Lease).values(name=name, holder=holder, expires_at=expires))
        session.commit()
        return True
    except IntegrityError:
        session.rollback()
        return False


def release_lease(*, session: Session, name: str, holder: str) -> None:
    """Give a lease up early (clean shutdown), so another process need not wait for expiry."""
    session.execute(delete(Lease).where(Lease.name == name, Lease.holder == holder))
    session.commit()


def lease_holder(*, session: Session, name: str) -> str | None:
    """Who holds a lease now (None if nobody or expired)."""
    row = session.execute(select(Lease).where(Lease.name == name)).scalar_one_or_none()
    if row is None:
        return None
    expires = row.expires_at
    if expires.tzinfo is None:  # SQLite hands back naive UTC
        expires = expires.replace(tzinfo=UTC)
    return row.holder if expires > utc_now() else None
