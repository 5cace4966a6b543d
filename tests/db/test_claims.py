"""Several senders on one outbox: disjoint reservations, takeover from dead senders, recovery
that spares live senders' rows (db/claims.py)."""

from __future__ import annotations

from datetime import UTC, timedelta

from sqlalchemy import select
from sqlmodel import Session

from db.alert_models import PENDING, SENDING, SENT, UNKNOWN, AlertDelivery
from db.claims import next_due_time, recover_orphans, reserve_due
from db.coordination import acquire_lease
from db.models import utc_now
from db.outbox import add_deliveries, claim_delivery, ensure_run, record_outcome
from db.subscriptions import upsert_follow

PREFIX = "alert-sender-"
TTL = timedelta(minutes=1)


def planned(session: Session, chats: list[int]) -> None:
    for chat in chats:
        upsert_follow(session=session, chat_id=chat, chat_type="private", kind="trust",
                      target="RX6", mode="changes")  # fmt: skip
    run = ensure_run(session=session, quarter="Q4 2025/26", previous_quarter="Q3 2025/26")
    add_deliveries(session=session, run_id=run.id, rows=[(c, f"digest {c}") for c in chats])
    session.commit()


def reserve(session: Session, holder: str, limit: int = 10) -> list[int]:
    rows = reserve_due(session=session, holder=holder, lease_prefix=PREFIX, now=utc_now(),
                       limit=limit)  # fmt: skip
    session.commit()
    return [row.chat_id for row in rows]


def live(session: Session, slot: int, holder: str) -> None:
    assert acquire_lease(session=session, name=f"{PREFIX}{slot}", holder=holder, ttl=TTL)


def states(session: Session) -> dict[int, str]:
    return dict(session.execute(select(AlertDelivery.chat_id, AlertDelivery.status)).all())


def test_live_senders_reserve_disjoint_batches(engine):
    with Session(engine) as session:
        planned(session, [1, 2, 3, 4, 5])
        live(session, 0, "a")
        live(session, 1, "b")
        assert reserve(session, "a", 2) == [1, 2]
        assert reserve(session, "b", 2) == [3, 4]
        assert reserve(session, "a", 9) == [1, 2, 5]  # its own again, plus what is free
        assert reserve(session, "b", 9) == [3, 4]


def test_a_dead_senders_rows_are_taken_over(engine):
    with Session(engine) as session:
        planned(session, [1, 2, 3])
        assert reserve(session, "gone", 2) == [1, 2]  # never held a lease: not alive
        live(session, 0, "a")
        assert reserve(session, "a") == [1, 2, 3]
        live(session, 1, "b")
        assert reserve(session, "b") == []


def test_recovery_spares_the_rows_live_senders_are_sending(engine):
    with Session(engine) as session:
        planned(session, [1, 2, 3])
        live(session, 0, "a")
        ids = {row.chat_id: row.id for row in reserve_due(
            session=session, holder="a", lease_prefix=PREFIX, now=utc_now(), limit=9)}  # fmt: skip
        assert claim_delivery(session=session, delivery_id=ids[1], holder="a")
        assert claim_delivery(session=session, delivery_id=ids[2], holder="dead")
        assert claim_delivery(session=session, delivery_id=ids[3])  # before claimed_by existed
        session.commit()
        assert recover_orphans(session=session, lease_prefix=PREFIX, now=utc_now()) == 2
        session.commit()
        assert states(session) == {1: SENDING, 2: UNKNOWN, 3: UNKNOWN}
        record_outcome(session=session, delivery_id=ids[1], status=SENT, message_id=7)
        session.commit()
        assert recover_orphans(session=session, lease_prefix=PREFIX, now=utc_now()) == 0


def test_next_due_time_waits_for_other_senders_until_their_lease_expires(engine):
    with Session(engine) as session:
        planned(session, [1, 2])
        live(session, 0, "a")
        assert reserve(session, "a") == [1, 2]
        now = utc_now()
        due = next_due_time(session=session, holder="b", lease_prefix=PREFIX, now=now)
        assert due is not None
        due = due.replace(tzinfo=UTC) if due.tzinfo is None else due
        assert now + TTL - timedelta(seconds=5) < due <= now + TTL + timedelta(seconds=1)
        assert next_due_time(session=session, holder="a", lease_prefix=PREFIX, now=now) == now
        for chat, status in states(session).items():
            assert status == PENDING, chat


def test_nothing_pending_means_no_next_time(engine):
    with Session(engine) as session:
        planned(session, [1])
        (row,) = reserve_due(session=session, holder="a", lease_prefix=PREFIX, now=utc_now(),
                             limit=5)  # fmt: skip
        claim_delivery(session=session, delivery_id=row.id, holder="a")
        record_outcome(session=session, delivery_id=row.id, status=SENT, message_id=1)
        session.commit()
        assert (
            next_due_time(session=session, holder="b", lease_prefix=PREFIX, now=utc_now()) is None
        )


def test_a_locked_batch_is_skipped_not_waited_for(engine):
    """PostgreSQL: rows another transaction is reserving are skipped (FOR UPDATE SKIP LOCKED);
    SQLite has one writer at a time, so the question does not arise there."""
    if engine.dialect.name != "postgresql":
        return
    with Session(engine) as session:
        planned(session, [1, 2, 3, 4])
    with Session(engine) as first, Session(engine) as second:
        took = reserve_due(session=first, holder="a", lease_prefix=PREFIX, now=utc_now(), limit=2)
        # `first` has not committed: its two rows are locked, and `second` does not block.
        other = reserve_due(session=second, holder="b", lease_prefix=PREFIX, now=utc_now(),
                            limit=9)  # fmt: skip
        assert [r.chat_id for r in took] == [1, 2]
        assert [r.chat_id for r in other] == [3, 4]
        first.commit()
        second.commit()
