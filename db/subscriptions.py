"""Reads and writes of what chats follow. SQL only: callers commit (one use case, one commit)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import delete, func, select, update
from sqlmodel import Session

from db.alert_models import PENDING, SKIPPED, AlertDelivery, Follow
from db.models import utc_now


@dataclass(frozen=True, slots=True)
class FollowRow:
    """One follow, detached from the session."""

    chat_id: int
    chat_type: str
    kind: str
    target: str
    mode: str
    active: bool = True
    deactivated_reason: str | None = None
    created_at: datetime | None = None


_COLUMNS = (
    Follow.chat_id,
    Follow.chat_type,
    Follow.kind,
    Follow.target,
    Follow.mode,
    Follow.active,
    Follow.deactivated_reason,
    Follow.created_at,
)


def _same_target(chat_id: int, kind: str, target: str) -> tuple:
    return Follow.chat_id == chat_id, Follow.kind == kind, Follow.target == target


def upsert_follow(
    *, session: Session, chat_id: int, chat_type: str, kind: str, target: str, mode: str
) -> str:
    """Follow a target, or change its mode, or resume it after a deactivation.

    Returns:
        "added", "updated" (mode changed or resumed) or "unchanged".
    """
    row = session.execute(
        select(Follow).where(*_same_target(chat_id, kind, target))
    ).scalar_one_or_none()
    if row is None:
        session.add(
            Follow(chat_id=chat_id, chat_type=chat_type, kind=kind, target=target, mode=mode)
        )
        session.flush()
        return "added"
    if row.active and row.mode == mode:
        return "unchanged"
    row.mode, row.active, row.chat_type = mode, True, chat_type
    row.deactivated_reason = row.deactivated_at = None
    session.flush()
    return "updated"


def remove_follow(*, session: Session, chat_id: int, kind: str, target: str) -> bool:
    """Stop following one target; False if the chat did not follow it."""
    result = session.execute(delete(Follow).where(*_same_target(chat_id, kind, target)))
    return bool(result.rowcount)


def remove_all_follows(*, session: Session, chat_id: int) -> int:
    """Stop following everything (keeps delivery records; `delete_chat` removes those too)."""
    return session.execute(delete(Follow).where(Follow.chat_id == chat_id)).rowcount or 0


def chat_follows(*, session: Session, chat_id: int) -> list[FollowRow]:
    """Everything a chat follows, active or not, oldest first."""
    rows = session.execute(select(*_COLUMNS).where(Follow.chat_id == chat_id).order_by(Follow.id))
    return [FollowRow(*row) for row in rows]


def count_active_follows(*, session: Session, chat_id: int) -> int:
    """How many targets a chat follows now (to cap follows per chat)."""
    query = select(func.count()).where(Follow.chat_id == chat_id, Follow.active.is_(True))
    return session.execute(query.select_from(Follow)).scalar_one()


def iter_active_follows(*, session: Session, batch: int = 20_000) -> Iterator[FollowRow]:
    """Every active follow, streamed in primary-key pages (planning reads 100,000s of them)."""
    last_id = 0
    while True:
        rows = session.execute(
            select(Follow.id, *_COLUMNS[:5])
            .where(Follow.active.is_(True), Follow.id > last_id)
            .order_by(Follow.id)
            .limit(batch)
        ).all()
        if not rows:
            return
        for row in rows:
            yield FollowRow(*row[1:])
        last_id = rows[-1][0]


def deactivate_chat(*, session: Session, chat_id: int, reason: str) -> int:
    """Pause every follow of a chat (blocked, kicked, chat gone), keeping the reason and time.

    Pending deliveries of the chat are skipped too, so a running send does not try it again.
    """
    now = utc_now()
    result = session.execute(
        update(Follow)
        .where(Follow.chat_id == chat_id, Follow.active.is_(True))
        .values(active=False, deactivated_reason=reason[:200], deactivated_at=now)
    )
    session.execute(
        update(AlertDelivery)
        .where(AlertDelivery.chat_id == chat_id, AlertDelivery.status == PENDING)
        .values(status=SKIPPED, last_error=f"chat deactivated: {reason}"[:500])
    )
    return result.rowcount or 0


def delete_chat(*, session: Session, chat_id: int) -> int:
    """Delete everything stored about a chat (follows and delivery records); rows deleted."""
    follows = session.execute(delete(Follow).where(Follow.chat_id == chat_id)).rowcount or 0
    deliveries = session.execute(
        delete(AlertDelivery).where(AlertDelivery.chat_id == chat_id)
    ).rowcount
    return follows + (deliveries or 0)


def migrate_chat(*, session: Session, old_chat_id: int, new_chat_id: int) -> int:
    """Move a group's follows to its supergroup id (telegram.md §5.4); returns follows moved.

    A target both ids follow keeps the supergroup's row. Undelivered outbox rows move too,
    unless the supergroup already has its own row in that run.
    """
    if old_chat_id == new_chat_id:
        return 0
    taken = set(
        session.execute(
            select(Follow.kind, Follow.target).where(Follow.chat_id == new_chat_id)
        ).all()
    )
    moved = 0
    for follow in session.execute(select(Follow).where(Follow.chat_id == old_chat_id)).scalars():
        if (follow.kind, follow.target) in taken:
            session.delete(follow)
        else:
            follow.chat_id, follow.chat_type = new_chat_id, "supergroup"
            moved += 1
    runs_taken = set(
        session.execute(
            select(AlertDelivery.run_id).where(AlertDelivery.chat_id == new_chat_id)
        ).scalars()
    )
    for row in session.execute(
        select(AlertDelivery).where(
            AlertDelivery.chat_id == old_chat_id, AlertDelivery.status == PENDING
        )
    ).scalars():
        if row.run_id not in runs_taken:
            row.chat_id = new_chat_id
    session.flush()
    return moved


def count_chat_rows(*, session: Session, chat_id: int) -> tuple[int, int]:
    """(follows, delivery records) stored for a chat: what `/privacy` reports."""
    follows = session.execute(
        select(func.count()).select_from(Follow).where(Follow.chat_id == chat_id)
    ).scalar_one()
    deliveries = session.execute(
        select(func.count()).select_from(AlertDelivery).where(AlertDelivery.chat_id == chat_id)
    ).scalar_one()
    return follows, deliveries
