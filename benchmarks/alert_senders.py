"""Alert senders side by side: deliveries/s with 1 vs 3 `nhsbot alerts send` processes.

    python -m benchmarks.alert_senders [--deliveries 10000] [--senders 1,3] [--database-url U]

Shows that the claim path (row reservations with FOR UPDATE SKIP LOCKED, db/claims.py)
scales with sender processes. The fake Bot API server runs in its own process without a
flood model, and each sender's rate cap is set far above what it can reach, so the figure is
the senders' own throughput (database claims + PTB), not Telegram's 30/s. Each round gets a
fresh outbox: on PostgreSQL (TEST_DATABASE_URL, else the local test database) in a schema of
its own, dropped afterwards; on SQLite (when PostgreSQL is not reachable) in a temporary file.
Also checks every delivery arrived exactly once.
"""

from __future__ import annotations

import argparse
import asyncio
import multiprocessing
import os
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from multiprocessing.connection import Connection
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

from fake_bot_api import FakeBotApi  # noqa: E402
from sqlalchemy import insert, make_url, text  # noqa: E402
from sqlalchemy.exc import OperationalError  # noqa: E402
from sqlmodel import Session  # noqa: E402

from db.alert_models import Follow  # noqa: E402
from db.bundle import init_store  # noqa: E402
from db.engine import make_engine  # noqa: E402
from db.models import utc_now  # noqa: E402
from db.outbox import add_deliveries, ensure_run  # noqa: E402

LOCAL_POSTGRES = "postgresql+psycopg://postgres@127.0.0.1:5432/test"
CONCURRENCY = 8


def serve_fake(conn: Connection) -> None:
    """Child process: a fake Telegram without flood limits; reports what it received."""

    async def run() -> None:
        async with FakeBotApi() as server:
            conn.send((server.token, server.base_url))
            await asyncio.get_running_loop().run_in_executor(None, conn.recv)  # "stop"
            calls = server.calls("sendMessage", ok=True)
            per_chat: dict[int, int] = {}
            for call in calls:
                per_chat[call.chat_id] = per_chat.get(call.chat_id, 0) + 1
            times = (calls[0].time, calls[-1].time) if calls else (0.0, 0.0)
            conn.send({"per_chat": per_chat, "times": times})

    asyncio.run(run())


def postgres_url(explicit: str | None) -> str | None:
    """The PostgreSQL server to use, or None to fall back to SQLite."""
    url = explicit or os.environ.get("TEST_DATABASE_URL") or LOCAL_POSTGRES
    if not url.startswith("postgres"):
        return None
    try:
        engine = make_engine(url)
        with engine.connect():
            pass
        engine.dispose()
    except OperationalError:
        if explicit:
            raise
        return None
    return url


@contextmanager
def fresh_outbox(base: str | None, tmp: Path) -> Iterator[tuple[str, object]]:
    """(URL for the senders, engine) of an empty store; PostgreSQL gets its own schema."""
    if base is None:
        url = f"sqlite:///{tmp / f'senders-{uuid.uuid4().hex[:6]}.sqlite3'}"
        engine = make_engine(url)
        init_store(engine, empty=True)
        yield url, engine
        engine.dispose()
        return
    schema = f"bench_{uuid.uuid4().hex[:10]}"
    admin = make_engine(base)
    with admin.begin() as conn:
        conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    engine = make_engine(base, search_path=schema)
    try:
        init_store(engine, empty=True)
        url = make_url(base).update_query_dict({"options": f"-csearch_path={schema}"})
        yield url.render_as_string(hide_password=False), engine
    finally:
        engine.dispose()
        with admin.begin() as conn:
            conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


def seed(engine, count: int) -> None:
    """`count` private chats following a trust, one pending digest each."""
    now = utc_now()
    chats = [10**6 + n for n in range(count)]
    with Session(engine) as session:
        session.execute(
            insert(Follow),
            [
                {"chat_id": c, "chat_type": "private", "kind": "trust", "target": "RX6",
                 "mode": "changes", "active": True, "created_at": now}
                for c in chats
            ],
        )  # fmt: skip
        run = ensure_run(session=session, quarter="Q4 2025/26", previous_quarter="Q3 2025/26")
        add_deliveries(session=session, run_id=run.id, rows=((c, f"digest {c}") for c in chats))
        session.commit()


def one_round(url: str, senders: int, count: int) -> dict:
    """Start the fake and `senders` processes; return timings and what the fake received."""
    parent, child = multiprocessing.Pipe()
    fake = multiprocessing.get_context("spawn").Process(target=serve_fake, args=(child,))
    fake.start()
    token, base_url = parent.recv()
    env = {
        **os.environ,
        "DATABASE_URL": url,
        "TELEGRAM_BOT_TOKEN": token,
        "TELEGRAM_API_URL": base_url,
        "ALERT_SENDERS": str(senders),
        "ALERT_MAX_PER_SECOND": str(100_000 * senders),  # no cap: measure the senders
        "ALERT_CONCURRENCY": str(CONCURRENCY),
        "ALERT_SEND_TIMEOUT": "120",
        "PTB_TIMEDELTA": "1",
        "LOG_LEVEL": "WARNING",
    }
    started = time.perf_counter()
    procs = [
        subprocess.Popen(
            [sys.executable, "-m", "bot", "alerts", "send"],
            cwd=ROOT,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )  # fmt: skip
        for _ in range(senders)
    ]
    outputs = [p.communicate() for p in procs]
    wall = time.perf_counter() - started
    parent.send("stop")
    received = parent.recv()
    fake.join(10)
    for proc, (_, err) in zip(procs, outputs, strict=True):
        if proc.returncode:
            raise SystemExit(f"a sender failed ({proc.returncode}):\n{err}")
    first, last = received["times"]
    per_chat: dict[int, int] = received["per_chat"]
    return {
        "wall": wall,
        "rate": (len(per_chat) - 1) / (last - first) if last > first else 0.0,
        "delivered": len(per_chat),
        "duplicates": sum(n - 1 for n in per_chat.values()),
        "missing": count - len(per_chat),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--deliveries", type=int, default=10_000)
    parser.add_argument("--senders", default="1,3", help="comma-separated process counts")
    parser.add_argument(
        "--database-url",
        help="a PostgreSQL server (default: local if reachable); sqlite:// for SQLite",
    )
    args = parser.parse_args()
    base = postgres_url(args.database_url)
    backend = "PostgreSQL" if base else "SQLite"
    print(
        f"{args.deliveries:,} deliveries on {backend}, fake Bot API without flood limits, "
        f"concurrency {CONCURRENCY} per sender, {os.cpu_count()} CPUs",
        flush=True,
    )
    failed = False
    with tempfile.TemporaryDirectory() as tmp:
        for senders in (int(n) for n in args.senders.split(",")):
            with fresh_outbox(base, Path(tmp)) as (url, engine):
                seed(engine, args.deliveries)
                result = one_round(url, senders, args.deliveries)
            failed |= bool(result["duplicates"] or result["missing"])
            print(
                f"  {senders} sender process{'es' if senders > 1 else ''}: "
                f"{result['rate']:,.0f} deliveries/s while sending "
                f"({result['wall']:.1f} s wall incl. start-up); "
                f"{result['delivered']:,} delivered, {result['duplicates']} duplicates, "
                f"{result['missing']} missing",
                flush=True,
            )
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
