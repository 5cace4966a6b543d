"""End-to-end bot throughput: `nhsbot run` in its own process, long-polling the fake Bot API.

    python -m benchmarks.bot_throughput [--updates 3000] [--rate 300]

The bot is the real console script (`python -m bot run`) pointed at the fake server with
TELEGRAM_API_URL; this process runs the fake and the load. Prints updates/s for a burst (every
update queued at once), p50/p99 latency at a steady offered rate (enqueue → the bot's
sendMessage reaching the server), and the bot process's peak RSS (VmHWM). Ends with SIGTERM
and checks the bot shut down cleanly.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

from fake_bot_api import FakeBotApi  # noqa: E402

from db.bundle import init_store  # noqa: E402
from db.engine import make_engine  # noqa: E402

QUESTIONS = [
    "how is Leeds Teaching Hospitals doing",
    "is jimmy's any good",
    "A&E waits at the LGI?",
    "LS9 7TF",
    "leeds",
    "top 10 acute trusts",
    "compare leeds teaching and sheffield teaching",
    "which trusts are in segment 4",
    "treliske",
    "what does the deficit cap mean",
]


def peak_rss_mb(pid: int) -> float:
    """Peak resident set size (VmHWM) of a process, in MB."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")


async def run(updates: int, rate: float, db_url: str) -> None:
    async with FakeBotApi() as server:
        env = {
            **os.environ,
            "TELEGRAM_BOT_TOKEN": server.token,
            "TELEGRAM_API_URL": server.base_url,
            "DATABASE_URL": db_url,
            "NOF_PUBLICATION_URL": "http://127.0.0.1:9/unreachable",
            "NOF_WATCH_INTERVAL": "1d",
            "LOG_LEVEL": "WARNING",
        }
        bot = subprocess.Popen(
            [sys.executable, "-m", "bot", "run"], env=env, cwd=tempfile.gettempdir()
        )
        try:
            await server.wait_for("setMyCommands", timeout=60)
            users = list(range(10_000, 10_000 + updates))
            for user in users:
                server.add_user(user, f"U{user}")

            # Burst: everything queued at once; how fast does the bot drain it?
            mark = server.mark()
            start = time.perf_counter()
            server.enqueue(*[
                server.updates.private_message(u, QUESTIONS[i % len(QUESTIONS)])
                for i, u in enumerate(users)
            ])  # fmt: skip
            await server.wait_for("sendMessage", count=updates, since=mark, timeout=600)
            burst = time.perf_counter() - start
            print(f"burst: {updates} updates answered in {burst:.2f} s = "
                  f"{updates / burst:.0f} updates/s")  # fmt: skip

            # Steady load: latency per update at an offered rate.
            count = min(updates, int(rate * 5))
            sent_at: dict[int, float] = {}
            mark = server.mark()
            interval = 1 / rate
            next_at = time.perf_counter()
            for i in range(count):
                user = users[i]
                update = server.updates.private_message(user, QUESTIONS[i % len(QUESTIONS)])
                sent_at[user] = time.time()
                server.enqueue(update)
                next_at += interval
                await asyncio.sleep(max(0.0, next_at - time.perf_counter()))
            calls = await server.wait_for("sendMessage", count=count, since=mark, timeout=120)
            latencies = sorted((c.time - sent_at[c.chat_id]) * 1000 for c in calls)
            p50 = statistics.median(latencies)
            p99 = latencies[max(0, int(len(latencies) * 0.99) - 1)]
            print(f"steady {rate:.0f}/s for {count} updates: latency p50 {p50:.1f} ms, "
                  f"p99 {p99:.1f} ms, max {latencies[-1]:.1f} ms")  # fmt: skip
            print(f"bot process peak RSS {peak_rss_mb(bot.pid):.0f} MB; "
                  f"calls Telegram would reject: {len(server.validation_errors)}")  # fmt: skip
        finally:
            bot.send_signal(signal.SIGTERM)
            code = await asyncio.to_thread(bot.wait, 30)
            print(f"SIGTERM → bot exited with code {code}")


def main() -> None:
    """Parse arguments, build a bundled database, run."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--updates", type=int, default=3000)
    parser.add_argument("--rate", type=float, default=300)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        db_url = f"sqlite:///{Path(folder) / 'bench.sqlite3'}"
        engine = make_engine(db_url)
        init_store(engine, empty=False)
        engine.dispose()
        asyncio.run(run(args.updates, args.rate, db_url))


if __name__ == "__main__":
    main()
