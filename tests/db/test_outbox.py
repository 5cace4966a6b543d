"""The outbox state machine: idempotent planning, claims, outcomes, crash recovery, run end."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select
from sqlmodel import Session

from db.alert_models import DONE, FAILED, PENDING, SENDING, SENT, UNKNOWN, AlertDelivery
from db.models import utc_now
from db.outbox import (
    add_deliveries,
    claim_delivery,
    defer_delivery,
    due_deliveries,
    ensure_run,
    find_run,
    finish_runs,
    mark_run_sending,
    move_delivery,
    next_attempt_time,
    record_outcome,
    recover_sending,
    run_summaries,
    skip_unfollowed,
)
from db.subscriptions import remove_all_follows, upsert_follow

Q4, Q3 = "Q4 2025/26", "Q3 2025/26"


def planned(session: Session, chats: list[int]) -> int:
    for chat in chats:
        upsert_follow(
            session=session,
            chat_id=chat,
            chat_type="private",
            kind="trust",
            target="RR8",
            mode="changes",
        )
    run = ensure_run(session=session, quarter=Q4, previous_quarter=Q3)
    add_deliveries(session=session, run_id=run.id, rows=[(c, f"digest {c}") for c in chats])
    session.commit()
    return run.id


def statuses(session: Session) -> dict[int, str]:
    return {d.chat_id: d.status for d in session.execute(select(AlertDelivery)).scalars()}


def test_planning_twice_changes_nothing(engine):
    with Session(engine) as session:
        run_id = planned(session, [1, 2, 3])
        again = ensure_run(session=session, quarter=Q4, previous_quarter=Q3)
        added = add_deliveries(session=session, run_id=again.id, rows=[(1, "other"), (2, "x")])
        session.commit()
        assert (again.id, added) == (run_id, 0)
        query = select(AlertDelivery).where(AlertDelivery.chat_id == 1)
        assert session.execute(query).scalar_one().text == "digest 1"
        assert add_deliveries(session=session, run_id=run_id, rows=[(4, "new chat")]) == 1


def test_claim_is_exclusive_and_outcomes_are_recorded(engine):
    with Session(engine) as session:
        planned(session, [1, 2, 3])
        due = due_deliveries(session=session, now=utc_now(), limit=10)
        assert [d.chat_id for d in due] == [1, 2, 3]
        first, second, third = (d.id for d in due)
        assert claim_delivery(session=session, delivery_id=first)
        assert not claim_delivery(session=session, delivery_id=first)
        record_outcome(session=session, delivery_id=first, status=SENT, message_id=99)
        assert claim_delivery(session=session, delivery_id=second)
        record_outcome(session=session, delivery_id=second, status=FAILED, error="Chat not found")
        mark_run_sending(session=session, run_id=due[0].run_id)
        assert find_run(session=session, quarter=Q4).status == "sending"
        session.commit()
        row = session.get(AlertDelivery, first)
        assert (row.status, row.telegram_message_id, row.attempts) == (SENT, 99, 1)
        assert row.sent_at is not None
        assert session.get(AlertDelivery, second).last_error == "Chat not found"
        assert [d.id for d in due_deliveries(session=session, now=utc_now(), limit=10)] == [third]


def test_retry_later_is_not_due_until_its_time(engine):
    with Session(engine) as session:
        planned(session, [1])
        (row,) = due_deliveries(session=session, now=utc_now(), limit=10)
        claim_delivery(session=session, delivery_id=row.id)
        later = utc_now() + timedelta(seconds=30)
        record_outcome(session=session, delivery_id=row.id, status=PENDING, next_attempt_at=later)
        session.commit()
        assert due_deliveries(session=session, now=utc_now(), limit=10) == []
        assert abs((_aware(next_attempt_time(session=session)) - later).total_seconds()) < 1
        again = due_deliveries(session=session, now=later + timedelta(seconds=1), limit=10)
        assert [d.attempts for d in again] == [1]


def test_defer_only_touches_pending_rows(engine):
    with Session(engine) as session:
        planned(session, [1])
        (row,) = due_deliveries(session=session, now=utc_now(), limit=10)
        defer_delivery(session=session, delivery_id=row.id, until=utc_now() + timedelta(hours=1))
        session.commit()
        assert due_deliveries(session=session, now=utc_now(), limit=10) == []


def test_crash_recovery_marks_sending_unknown_and_never_resends(engine):
    with Session(engine) as session:
        planned(session, [1, 2])
        first = due_deliveries(session=session, now=utc_now(), limit=1)[0]
        claim_delivery(session=session, delivery_id=first.id)
        session.commit()  # ...and the process dies during the Telegram call
    with Session(engine) as session:
        assert recover_sending(session=session) == 1
        session.commit()
        assert statuses(session) == {1: UNKNOWN, 2: PENDING}
        assert [d.chat_id for d in due_deliveries(session=session, now=utc_now(), limit=10)] == [2]


def test_migrated_row_moves_unless_the_new_chat_is_queued(engine):
    with Session(engine) as session:
        planned(session, [-5, -1005, -6])
        rows = {d.chat_id: d.id for d in due_deliveries(session=session, now=utc_now(), limit=9)}
        for chat in (-5, -6):
            claim_delivery(session=session, delivery_id=rows[chat])
        assert move_delivery(session=session, delivery_id=rows[-6], new_chat_id=-1006)
        assert not move_delivery(session=session, delivery_id=rows[-5], new_chat_id=-1005)
        session.commit()
        assert statuses(session) == {-1005: PENDING, -1006: PENDING, -5: "skipped"}


def test_runs_finish_when_nothing_is_pending_or_sending(engine):
    with Session(engine) as session:
        planned(session, [1, 2])
        assert finish_runs(session=session) == []
        for row in due_deliveries(session=session, now=utc_now(), limit=10):
            claim_delivery(session=session, delivery_id=row.id)
            record_outcome(session=session, delivery_id=row.id, status=SENT, message_id=1)
        assert finish_runs(session=session) == [Q4]
        session.commit()
        (summary,) = run_summaries(session=session)
    assert summary.run.status == DONE
    assert summary.run.finished_at is not None
    assert summary.counts == {SENT: 2}


def test_an_empty_run_is_done_at_once(engine):
    with Session(engine) as session:
        ensure_run(session=session, quarter=Q4, previous_quarter=Q3)
        assert finish_runs(session=session) == [Q4]
        assert SENDING not in run_summaries(session=session)[0].counts


def _aware(value):
    from datetime import UTC

    return value if value.tzinfo else value.replace(tzinfo=UTC)


def test_a_chat_that_stopped_following_is_skipped_not_claimed(engine):
    with Session(engine) as session:
        planned(session, [1, 2])
        remove_all_follows(session=session, chat_id=2)
        rows = {d.chat_id: d.id for d in due_deliveries(session=session, now=utc_now(), limit=9)}
        assert not claim_delivery(session=session, delivery_id=rows[2])
        assert not skip_unfollowed(session=session, delivery_id=rows[1])
        assert skip_unfollowed(session=session, delivery_id=rows[2])
        session.commit()
        assert statuses(session) == {1: PENDING, 2: "skipped"}
