"""Webhook throughput with 1 vs N worker processes sharing one port and one database.

    python -m benchmarks.webhook_workers [--updates 3000] [--workers 1 3] [--database-url URL]

For each worker count: start `python -m bot run --webhook --workers N` against the fake Bot API,
POST the updates to the webhook with 40 concurrent connections (Telegram's default
max_connections), and time until the fake has received every reply. Each update is claimed in
the database first (exactly-once across workers), so the figure includes that write.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import aiohttp

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

from fake_bot_api import FakeBotApi  # noqa: E402
from sqlalchemy import delete  # noqa: E402

from db.bundle import init_store  # noqa: E402
from db.coordination import ProcessedUpdate  # noqa: E402
from db.engine import make_engine  # noqa: E402

SECRET = "bench-secret"
CONNECTIONS = 40


def free_port() -> int:
    """An unused loopback port."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


async def wait_healthy(url: str, timeout: float = 90) -> None:
    """Poll the health endpoint until a worker answers."""
    deadline = time.monotonic() + timeout
    async with aiohttp.ClientSession() as session:
        while time.monotonic() < deadline:
            try:
                async with session.get(url) as response:
                    if response.status == 200:
                        return
            except aiohttp.ClientError:
                pass
            await asyncio.sleep(0.2)
    raise TimeoutError(url)


async def measure(workers: int, updates: int, db_url: str, first_user: int) -> float:
    """Updates/s answered by `workers` processes."""
    async with FakeBotApi() as server:
        port = free_port()
        env = {
            **os.environ,
            "TELEGRAM_BOT_TOKEN": server.token,
            "TELEGRAM_API_URL": server.base_url,
            "DATABASE_URL": db_url,
            "WEBHOOK_URL": f"http://127.0.0.1:{port}/hook",
            "WEBHOOK_SECRET": SECRET,
            "WEBHOOK_LISTEN": "127.0.0.1",
            "WEBHOOK_PORT": str(port),
            "WEBHOOK_PATH": "hook",
            "NOF_PUBLICATION_URL": "http://127.0.0.1:9/unreachable",
            "LOG_LEVEL": "ERROR",
        }
        proc = subprocess.Popen(
            [sys.executable, "-m", "bot", "run", "--webhook", "--workers", str(workers)],
            env=env, cwd=tempfile.gettempdir(), start_new_session=True,
        )  # fmt: skip
        try:
            await wait_healthy(f"http://127.0.0.1:{port}/healthz")
            await server.wait_for("setWebhook", timeout=60)
            await server.request("deleteWebhook")  # we post the updates ourselves, in parallel
            users = range(first_user, first_user + updates)
            for user in users:
                server.add_user(user, f"U{user}")
            bodies = [server.updates.private_message(u, "how is LTHT doing") for u in users]
            queue: asyncio.Queue[dict] = asyncio.Queue()
            for body in bodies:
                queue.put_nowait(body)
            url = f"http://127.0.0.1:{port}/hook"
            headers = {"X-Telegram-Bot-Api-Secret-Token": SECRET}
            mark = server.mark()
            start = time.perf_counter()

            async def connection() -> None:
                connector = aiohttp.TCPConnector(limit=1)
                async with aiohttp.ClientSession(connector=connector) as session:
                    while not queue.empty():
                        body = queue.get_nowait()
                        async with session.post(url, json=body, headers=headers) as response:
                            assert response.status == 200, response.status

            await asyncio.gather(*(connection() for _ in range(CONNECTIONS)))
            await server.wait_for("sendMessage", count=updates, since=mark, timeout=600)
            elapsed = time.perf_counter() - start
            answered = len(server.calls("sendMessage", since=mark))
            print(f"{workers} worker(s): {updates} updates in {elapsed:.2f} s = "
                  f"{updates / elapsed:.0f} updates/s (replies: {answered})")  # fmt: skip
            return updates / elapsed
        finally:
            os.killpg(proc.pid, signal.SIGTERM)
            proc.wait(30)


def main() -> None:
    """Run the comparison."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--updates", type=int, default=3000)
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 3])
    parser.add_argument("--database-url", help="default: a temporary SQLite file")
    args = parser.parse_args()
    if len(args.workers) > 1:
        # One fresh process (and database) per worker count: each run's fake server numbers
        # its updates from 1, and the workers rightly refuse update ids they have seen.
        for workers in args.workers:
            extra = ["--database-url", args.database_url] if args.database_url else []
            subprocess.run(
                [sys.executable, "-m", "benchmarks.webhook_workers", "--updates",
                 str(args.updates), "--workers", str(workers), *extra],
                check=True, cwd=ROOT,
            )  # fmt: skip
        return
    with tempfile.TemporaryDirectory() as folder:
        db_url = args.database_url or f"sqlite:///{Path(folder) / 'bench.sqlite3'}"
        engine = make_engine(db_url)
        init_store(engine, empty=False)
        with engine.begin() as conn:  # a reused PostgreSQL database: forget earlier runs
            conn.execute(delete(ProcessedUpdate))
        engine.dispose()
        print(f"database: {db_url.split('@')[-1]}; {os.cpu_count()} CPU cores", flush=True)
        asyncio.run(measure(args.workers[0], args.updates, db_url, 100_000))


if __name__ == "__main__":
    main()
