"""Cross-process coordination: an update is taken once; a lease has one holder and fails over."""

from __future__ import annotations

from datetime import timedelta

from sqlmodel import Session

from db.coordination import acquire_lease, claim_update, lease_holder, release_lease


def test_an_update_is_claimed_once(engine):
    with Session(engine) as a, Session(engine) as b:
        assert claim_update(session=a, update_id=7) is True
        assert claim_update(session=b, update_id=7) is False
        assert claim_update(session=b, update_id=8) is True


def test_lease_has_one_holder_until_it_expires(engine):
    with Session(engine) as session:
        assert acquire_lease(
            session=session, name="watcher", holder="w1", ttl=timedelta(minutes=1)
        )
        assert not acquire_lease(session=session, name="watcher", holder="w2",
                                 ttl=timedelta(minutes=1))  # fmt: skip
        assert acquire_lease(
            session=session, name="watcher", holder="w1", ttl=timedelta(minutes=1)
        )
        assert lease_holder(session=session, name="watcher") == "w1"


def test_expired_lease_fails_over(engine):
    with Session(engine) as session:
        assert acquire_lease(session=session, name="watcher", holder="dead",
                             ttl=timedelta(seconds=-1))  # fmt: skip
        assert lease_holder(session=session, name="watcher") is None
        assert acquire_lease(
            session=session, name="watcher", holder="w2", ttl=timedelta(minutes=1)
        )
        assert lease_holder(session=session, name="watcher") == "w2"


def test_released_lease_is_free(engine):
    with Session(engine) as session:
        acquire_lease(session=session, name="watcher", holder="w1", ttl=timedelta(minutes=1))
        release_lease(session=session, name="watcher", holder="w1")
        assert acquire_lease(
            session=session, name="watcher", holder="w2", ttl=timedelta(minutes=1)
        )
