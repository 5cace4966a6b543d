"""Follows: added once per (chat, kind, target), paused with a reason, migrated, forgotten."""

from __future__ import annotations

from sqlalchemy import select, update
from sqlmodel import Session

from db.alert_models import EVERY, PENDING, SENT, SKIPPED, AlertDelivery
from db.outbox import add_deliveries, ensure_run
from db.subscriptions import (
    chat_follows,
    count_active_follows,
    count_chat_rows,
    deactivate_chat,
    delete_chat,
    iter_active_follows,
    migrate_chat,
    remove_follow,
    upsert_follow,
)

GROUP, SUPERGROUP = -4242, -1004242424242


def follow(session: Session, chat_id: int, target: str, *, kind: str = "trust", mode="changes"):
    chat_type = "private" if chat_id > 0 else "group"
    return upsert_follow(
        session=session, chat_id=chat_id, chat_type=chat_type, kind=kind, target=target, mode=mode
    )


def test_follow_once_then_change_mode(engine):
    with Session(engine) as session:
        assert follow(session, 1, "RR8") == "added"
        assert follow(session, 1, "RR8") == "unchanged"
        assert follow(session, 1, "RR8", mode=EVERY) == "updated"
        session.commit()
        rows = chat_follows(session=session, chat_id=1)
    assert [(r.kind, r.target, r.mode, r.active) for r in rows] == [("trust", "RR8", EVERY, True)]


def test_supergroup_ids_fit(engine):
    with Session(engine) as session:
        follow(session, SUPERGROUP, "RX8")
        session.commit()
        assert chat_follows(session=session, chat_id=SUPERGROUP)[0].chat_id == SUPERGROUP


def test_deactivate_keeps_reason_and_follow_again_resumes(engine):
    with Session(engine) as session:
        follow(session, 7, "RR8")
        follow(session, 7, "North West", kind="region")
        assert deactivate_chat(session=session, chat_id=7, reason="blocked the bot") == 2
        session.commit()
        assert count_active_follows(session=session, chat_id=7) == 0
        rows = chat_follows(session=session, chat_id=7)
        assert {r.deactivated_reason for r in rows} == {"blocked the bot"}
        assert follow(session, 7, "RR8") == "updated"
        session.commit()
        assert count_active_follows(session=session, chat_id=7) == 1
        assert [r.target for r in iter_active_follows(session=session)] == ["RR8"]


def test_deactivate_skips_pending_deliveries(engine):
    with Session(engine) as session:
        follow(session, 7, "RR8")
        run = ensure_run(session=session, quarter="Q4 2025/26", previous_quarter="Q3 2025/26")
        add_deliveries(session=session, run_id=run.id, rows=[(7, "digest")])
        deactivate_chat(session=session, chat_id=7, reason="chat not found")
        session.commit()
        row = session.execute(select(AlertDelivery)).scalar_one()
    assert row.status == SKIPPED


def test_remove_follow(engine):
    with Session(engine) as session:
        follow(session, 1, "RR8")
        assert remove_follow(session=session, chat_id=1, kind="trust", target="RR8")
        assert not remove_follow(session=session, chat_id=1, kind="trust", target="RR8")


def test_migrate_moves_follows_and_pending_rows_and_merges_duplicates(engine):
    with Session(engine) as session:
        follow(session, GROUP, "RR8")
        follow(session, GROUP, "RX8")
        follow(session, SUPERGROUP, "RX8", mode=EVERY)  # already followed by the new id
        run = ensure_run(session=session, quarter="Q4 2025/26", previous_quarter="Q3 2025/26")
        add_deliveries(session=session, run_id=run.id, rows=[(GROUP, "digest")])
        assert migrate_chat(session=session, old_chat_id=GROUP, new_chat_id=SUPERGROUP) == 1
        session.commit()
        assert chat_follows(session=session, chat_id=GROUP) == []
        moved = chat_follows(session=session, chat_id=SUPERGROUP)
        delivery = session.execute(select(AlertDelivery)).scalar_one()
    assert sorted((r.target, r.mode, r.chat_type) for r in moved) == [
        ("RR8", "changes", "supergroup"),
        ("RX8", EVERY, "group"),
    ]
    assert (delivery.chat_id, delivery.status) == (SUPERGROUP, PENDING)


def test_delete_chat_removes_follows_and_deliveries(engine):
    with Session(engine) as session:
        follow(session, 5, "RR8")
        follow(session, 6, "RR8")
        run = ensure_run(session=session, quarter="Q4 2025/26", previous_quarter="Q3 2025/26")
        add_deliveries(session=session, run_id=run.id, rows=[(5, "a"), (6, "b")])
        session.execute(
            update(AlertDelivery).where(AlertDelivery.chat_id == 5).values(status=SENT)
        )
        assert count_chat_rows(session=session, chat_id=5) == (1, 1)
        assert delete_chat(session=session, chat_id=5) == 2
        session.commit()
        assert count_chat_rows(session=session, chat_id=5) == (0, 0)
        assert count_chat_rows(session=session, chat_id=6) == (1, 1)


def test_iter_active_follows_pages_through_everything(engine):
    with Session(engine) as session:
        for chat_id in range(1, 26):
            follow(session, chat_id, "RR8")
        session.commit()
        chats = [r.chat_id for r in iter_active_follows(session=session, batch=7)]
    assert chats == list(range(1, 26))
