"""The alert outbox: runs, one delivery row per (run, chat), and the sender's state machine.

SQL only, never commits: the sender commits each transition itself, because committing
`sending` *before* the Telegram call is what makes a crash detectable (telegram.md §4.4).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import ColumnElement, Exists, Insert, func, or_, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlmodel import Session

from db.alert_models import (
    DONE,
    PENDING,
    PLANNED,
    RUN_SENDING,
    SENDING,
    SENT,
    SKIPPED,
    UNKNOWN,
    AlertDelivery,
    AlertRun,
    Follow,
)
from db.models import utc_now

_CHUNK = 5_000
_ERROR_LIMIT = 500


@dataclass(frozen=True, slots=True)
class RunRow:
    """An alert run, detached from the session."""

    id: int
    quarter: str
    previous_quarter: str
    status: str
    created_at: datetime | None = None
    finished_at: datetime | None = None


@dataclass(frozen=True, slots=True)
class DueDelivery:
    """A pending delivery the sender may try now."""

    id: int
    run_id: int
    chat_id: int
    text: str
    attempts: int


@dataclass(frozen=True, slots=True)
class RunSummary:
    """A run with its deliveries counted by status (for `nhsbot alerts status`)."""

    run: RunRow
    counts: dict[str, int] = field(default_factory=dict)


def _insert_ignoring_duplicates(session: Session, table: type, keys: list[str]) -> Insert:
    """INSERT … ON CONFLICT DO NOTHING in the session's dialect (SQLite or PostgreSQL)."""
    dialect = session.get_bind().dialect.name
    module = postgresql if dialect == "postgresql" else sqlite
    return module.insert(table).on_conflict_do_nothing(index_elements=keys)


def _run_row(run: AlertRun) -> RunRow:
    assert run.id is not None
    return RunRow(
        run.id, run.quarter, run.previous_quarter, run.status, run.created_at, run.finished_at
    )


def ensure_run(*, session: Session, quarter: str, previous_quarter: str) -> RunRow:
    """The run of a quarter, created if missing (concurrent planners end up with one row)."""
    statement = _insert_ignoring_duplicates(session, AlertRun, ["quarter"]).values(
        quarter=quarter, previous_quarter=previous_quarter, status=PLANNED, created_at=utc_now()
    )
    session.execute(statement)
    run = session.execute(select(AlertRun).where(AlertRun.quarter == quarter)).scalar_one()
    return _run_row(run)


def find_run(*, session: Session, quarter: str) -> RunRow | None:
    """The run of a quarter, if planned."""
    run = session.execute(select(AlertRun).where(AlertRun.quarter == quarter)).scalar_one_or_none()
    return _run_row(run) if run else None


def run_quarters(*, session: Session) -> set[str]:
    """Every quarter that has a run."""
    return set(session.execute(select(AlertRun.quarter)).scalars())


def add_deliveries(*, session: Session, run_id: int, rows: Iterable[tuple[int, str]]) -> int:
    """Queue (chat_id, text) digests for a run; chats already queued are left alone.

    Returns:
        How many rows were added (0 when the run was planned before: planning is idempotent).
    """
    before = _count_run_rows(session, run_id)
    statement = _insert_ignoring_duplicates(session, AlertDelivery, ["run_id", "chat_id"])
    chunk: list[dict] = []
    for chat_id, text in rows:
        chunk.append(
            {"run_id": run_id, "chat_id": chat_id, "text": text, "status": PENDING, "attempts": 0}
        )
        if len(chunk) >= _CHUNK:
            session.execute(statement, chunk)
            chunk = []
    if chunk:
        session.execute(statement, chunk)
    if _count_run_rows(session, run_id) > before:
        session.execute(
            update(AlertRun).where(AlertRun.id == run_id).values(status=PLANNED, finished_at=None)
        )
    return _count_run_rows(session, run_id) - before


def _count_run_rows(session: Session, run_id: int) -> int:
    query = select(func.count()).select_from(AlertDelivery).where(AlertDelivery.run_id == run_id)
    return session.execute(query).scalar_one()


def _is_due(now: datetime) -> tuple[ColumnElement[bool], ...]:
    return AlertDelivery.status == PENDING, or_(
        AlertDelivery.next_attempt_at.is_(None), AlertDelivery.next_attempt_at <= now
    )


def due_deliveries(*, session: Session, now: datetime, limit: int) -> list[DueDelivery]:
    """Pending deliveries whose time has come, oldest first."""
    rows = session.execute(
        select(
            AlertDelivery.id,
            AlertDelivery.run_id,
            AlertDelivery.chat_id,
            AlertDelivery.text,
            AlertDelivery.attempts,
        )
        .where(*_is_due(now))
        .order_by(AlertDelivery.id)
        .limit(limit)
    )
    return [DueDelivery(*row) for row in rows]


def next_attempt_time(*, session: Session) -> datetime | None:
    """When the next pending delivery becomes due (None if nothing is pending).

    A pending row without a time is due now; the caller gets `utc_now()` for it.
    """
    pending = (
        select(func.count())
        .select_from(AlertDelivery)
        .where(AlertDelivery.status == PENDING, AlertDelivery.next_attempt_at.is_(None))
    )
    if session.execute(pending).scalar_one():
        return utc_now()
    return session.execute(
        select(func.min(AlertDelivery.next_attempt_at)).where(AlertDelivery.status == PENDING)
    ).scalar_one()


def _follows_now() -> Exists:
    """SQL: the delivery's chat still follows something (correlated with AlertDelivery)."""
    return (
        select(Follow.id)
        .where(Follow.chat_id == AlertDelivery.chat_id, Follow.active.is_(True))
        .exists()
    )


def claim_delivery(*, session: Session, delivery_id: int, holder: str | None = None) -> bool:
    """Mark a pending row `sending` if its chat still follows something (one statement; the
    caller commits before calling Telegram). The conditional UPDATE is atomic on SQLite and
    PostgreSQL, so of several senders racing for a row exactly one wins; `holder` is recorded
    so that only a dead sender's rows are ever recovered (db/claims.py).

    Returns:
        False if the row is no longer pending (taken, skipped, deleted) or its chat stopped
        following (see `skip_unfollowed`).
    """
    result = session.execute(
        update(AlertDelivery)
        .where(AlertDelivery.id == delivery_id, AlertDelivery.status == PENDING, _follows_now())
        .values(status=SENDING, attempts=AlertDelivery.attempts + 1, claimed_by=holder)
        .execution_options(synchronize_session=False)
    )
    return bool(result.rowcount)


def skip_unfollowed(*, session: Session, delivery_id: int) -> bool:
    """Skip a pending row whose chat no longer follows anything; True if it was skipped."""
    result = session.execute(
        update(AlertDelivery)
        .where(AlertDelivery.id == delivery_id, AlertDelivery.status == PENDING, ~_follows_now())
        .values(status=SKIPPED, last_error="the chat no longer follows anything")
        .execution_options(synchronize_session=False)
    )
    return bool(result.rowcount)


def mark_run_sending(*, session: Session, run_id: int) -> None:
    """A planned run has started sending (for `nhsbot alerts status`)."""
    session.execute(
        update(AlertRun)
        .where(AlertRun.id == run_id, AlertRun.status == PLANNED)
        .values(status=RUN_SENDING)
        .execution_options(synchronize_session=False)
    )


def record_outcome(
    *,
    session: Session,
    delivery_id: int,
    status: str,
    error: str | None = None,
    message_id: int | None = None,
    next_attempt_at: datetime | None = None,
) -> None:
    """Store the outcome of a claimed row: sent, unknown, failed, skipped, or pending again."""
    values: dict = {"status": status, "next_attempt_at": next_attempt_at}
    if error is not None:
        values["last_error"] = error[:_ERROR_LIMIT]
    if status == SENT:
        values.update(telegram_message_id=message_id, sent_at=utc_now())
    session.execute(
        update(AlertDelivery)
        .where(AlertDelivery.id == delivery_id, AlertDelivery.status.in_((SENDING, UNKNOWN)))
        .values(**values)
        .execution_options(synchronize_session=False)
    )


def defer_delivery(*, session: Session, delivery_id: int, until: datetime) -> None:
    """Push a pending row back without an attempt (its chat is not ready yet)."""
    session.execute(
        update(AlertDelivery)
        .where(AlertDelivery.id == delivery_id, AlertDelivery.status == PENDING)
        .values(next_attempt_at=until)
    )


def move_delivery(*, session: Session, delivery_id: int, new_chat_id: int) -> bool:
    """Point a claimed row at a migrated chat's new id and make it pending again.

    Returns:
        False if the new chat already has its own row in the run (this one is then skipped).
    """
    row = session.get(AlertDelivery, delivery_id)
    if row is None:
        return False
    clash = session.execute(
        select(AlertDelivery.id).where(
            AlertDelivery.run_id == row.run_id, AlertDelivery.chat_id == new_chat_id
        )
    ).first()
    if clash is not None:
        row.status, row.last_error = SKIPPED, f"migrated to {new_chat_id}, already queued"
        return False
    row.chat_id, row.status, row.next_attempt_at = new_chat_id, PENDING, None
    return True


def recover_sending(*, session: Session) -> int:
    """After a crash, rows left `sending` may or may not have reached Telegram: mark them
    `unknown` and never resend them (at-most-once, telegram.md §4.4)."""
    result = session.execute(
        update(AlertDelivery)
        .where(AlertDelivery.status == SENDING)
        .values(status=UNKNOWN, last_error="interrupted while sending (process stopped)")
    )
    return result.rowcount or 0


def finish_runs(*, session: Session) -> list[str]:
    """Mark runs with nothing pending or sending as done; returns their quarters."""
    open_rows = (
        select(AlertDelivery.id)
        .where(AlertDelivery.run_id == AlertRun.id, AlertDelivery.status.in_((PENDING, SENDING)))
        .exists()
    )
    quarters = list(
        session.execute(
            select(AlertRun.quarter).where(AlertRun.status != DONE, ~open_rows)
        ).scalars()
    )
    if quarters:
        session.execute(
            update(AlertRun)
            .where(AlertRun.quarter.in_(quarters))
            .values(status=DONE, finished_at=utc_now())
        )
    return quarters


def run_summaries(*, session: Session) -> list[RunSummary]:
    """Every run, newest first, with its deliveries counted by status."""
    runs = session.execute(select(AlertRun).order_by(AlertRun.id.desc())).scalars().all()
    counts: dict[int, dict[str, int]] = {}
    for run_id, status, n in session.execute(
        select(AlertDelivery.run_id, AlertDelivery.status, func.count()).group_by(
            AlertDelivery.run_id, AlertDelivery.status
        )
    ):
        counts.setdefault(run_id, {})[status] = n
    return [RunSummary(_run_row(run), counts.get(run.id or 0, {})) for run in runs]
