"""Scale-out: three `nhsbot alerts send` processes share one outbox (row locks, db/claims.py).

Counts are what the fake Bot API server received. PostgreSQL (TEST_DATABASE_URL) is the
scale-out path and gets 10,000 deliveries; SQLite serialises writers, so it gets fewer. No
assertion depends on speed: the kill waits until the victim has sent rows, not for a time.
"""

from __future__ import annotations

import asyncio
import os
import signal
import sys
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from alert_builders import Q3, Q4, received
from sqlalchemy import func, insert, make_url, select, text
from sqlalchemy.engine import Engine
from sqlmodel import Session

from db.alert_models import AlertDelivery, AlertRun, Follow
from db.bundle import init_store
from db.engine import make_engine
from db.models import utc_now
from db.outbox import add_deliveries, ensure_run

ROOT = Path(__file__).parents[3]
SENDERS = 3
CONCURRENCY = 8
DATABASES = ["sqlite"] + (["postgres"] if os.environ.get("TEST_DATABASE_URL") else [])
DELIVERIES = {"sqlite": 3_000, "postgres": 10_000}


@pytest.fixture(params=DATABASES)
def outbox_db(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[tuple[Engine, str]]:
    """An empty store, and the URL sender processes use for it (PostgreSQL: own schema)."""
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path / 'senders.sqlite3'}"
        engine = make_engine(url)
        init_store(engine, empty=True)
        yield engine, url
        engine.dispose()
        return
    base = os.environ["TEST_DATABASE_URL"]
    schema = f"t_{uuid.uuid4().hex[:12]}"
    admin = make_engine(base)
    with admin.begin() as conn:
        conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    engine = make_engine(base, search_path=schema)
    url = make_url(base).update_query_dict({"options": f"-csearch_path={schema}"})
    try:
        init_store(engine, empty=True)
        yield engine, url.render_as_string(hide_password=False)
    finally:
        engine.dispose()
        with admin.begin() as conn:
            conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


def seed(engine: Engine, count: int) -> list[int]:
    """`count` private chats, each following a trust, each with one pending digest."""
    chats = [10_000 + n for n in range(count)]
    now = utc_now()
    follows = [
        {"chat_id": c, "chat_type": "private", "kind": "trust", "target": "RX6",
         "mode": "changes", "active": True, "created_at": now}
        for c in chats
    ]  # fmt: skip
    with Session(engine) as session:
        session.execute(insert(Follow), follows)
        run = ensure_run(session=session, quarter=Q4, previous_quarter=Q3)
        add_deliveries(session=session, run_id=run.id, rows=((c, f"digest {c}") for c in chats))
        session.commit()
    return chats


async def start_sender(server, database_url: str) -> asyncio.subprocess.Process:
    """`nhsbot alerts send` in one of three sender slots, without a meaningful rate cap (the
    fake has no flood model here) and with a send timeout no loaded test box reaches."""
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "TELEGRAM_BOT_TOKEN": server.token,
        "TELEGRAM_API_URL": server.base_url,
        "ALERT_SENDERS": str(SENDERS),
        "ALERT_MAX_PER_SECOND": "100000",
        "ALERT_CONCURRENCY": str(CONCURRENCY),
        "ALERT_SEND_TIMEOUT": "120",
        "ALERT_LEASE_SECONDS": "2",
        "PTB_TIMEDELTA": "1",
    }
    return await asyncio.create_subprocess_exec(
        sys.executable, "-m", "bot", "alerts", "send",
        cwd=ROOT, env=env, stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE,
    )  # fmt: skip


def outcomes(engine: Engine) -> tuple[dict[int, tuple[str, str | None]], str]:
    """chat id → (status, claimed_by), and the run's status."""
    with Session(engine) as session:
        rows = session.execute(
            select(AlertDelivery.chat_id, AlertDelivery.status, AlertDelivery.claimed_by)
        ).all()
        run_status = session.execute(select(AlertRun.status)).scalar_one()
    return {chat: (status, holder) for chat, status, holder in rows}, run_status


def sent_by(engine: Engine, pid: int) -> int:
    """Rows the process `pid` has sent (holder ids carry the pid)."""
    with Session(engine) as session:
        return session.execute(
            select(func.count()).where(
                AlertDelivery.status == "sent", AlertDelivery.claimed_by.like(f"%:{pid}:%")
            )
        ).scalar_one()


async def finish(process: asyncio.subprocess.Process) -> str:
    out, err = await process.communicate()
    assert process.returncode == 0, err.decode()
    return out.decode()


async def test_three_senders_deliver_every_row_exactly_once(outbox_db, fake_bot_api):
    engine, url = outbox_db
    chats = seed(engine, DELIVERIES[engine.dialect.name.replace("postgresql", "postgres")])
    senders = [await start_sender(fake_bot_api, url) for _ in range(SENDERS)]
    for out in await asyncio.gather(*map(finish, senders)):
        assert " sent" in out

    counts = received(fake_bot_api)
    assert counts == dict.fromkeys(chats, 1), "a chat got no message or two"
    states, run_status = outcomes(engine)
    assert {status for status, _ in states.values()} == {"sent"}
    assert run_status == "done"
    holders = {holder for _, holder in states.values()}
    print(f"{len(chats)} deliveries by {len(holders)} senders")  # usually all three


async def test_a_killed_sender_leaves_the_run_to_the_others(outbox_db, fake_bot_api):
    engine, url = outbox_db
    chats = seed(engine, DELIVERIES[engine.dialect.name.replace("postgresql", "postgres")])
    victim, *others = [await start_sender(fake_bot_api, url) for _ in range(SENDERS)]
    while sent_by(engine, victim.pid) < 50:  # the victim is mid-run
        assert victim.returncode is None, "the victim stopped by itself"
        await asyncio.sleep(0.05)
    victim.send_signal(signal.SIGKILL)
    await victim.wait()
    assert sum(received(fake_bot_api).values()) < len(chats), "the run ended before the kill"

    for out in await asyncio.gather(*map(finish, others)):
        assert " sent" in out
    # The victim's open connections died with it: the fake saw them reset mid-answer.
    errors = fake_bot_api.internal_errors
    errors[:] = [e for e in errors if not isinstance(e, ConnectionResetError)]
    counts = received(fake_bot_api)
    states, run_status = outcomes(engine)
    assert max(counts.values()) == 1, "a chat got two copies"
    assert {status for status, _ in states.values()} <= {"sent", "unknown"}
    unknown = {chat for chat, (status, _) in states.items() if status == "unknown"}
    # Only the victim's sends in flight are ambiguous: at most its concurrency.
    assert len(unknown) <= CONCURRENCY
    assert all(f":{victim.pid}:" in (states[chat][1] or "") for chat in unknown)
    assert set(chats) - set(counts) <= unknown, "a chat was lost outside the ambiguous window"
    assert {c for c, (s, _) in states.items() if s == "sent"} <= set(counts)
    assert run_status == "done"
    print(f"{len(unknown)} unknown after the kill ({len(set(chats) - set(counts))} not sent)")
