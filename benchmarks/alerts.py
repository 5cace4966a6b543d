"""Alert fan-out at scale: plan 100,000 follows, deliver a slice against the fake's flood model.

    python -m benchmarks.alerts [--follows 100000] [--deliver 5000] [--scale 1] [--database-url U]

Planning always covers every follow (target < 5 s on SQLite). Delivering 100,000 messages at
25/s would take over an hour, so `--deliver` sends a slice; `--scale N` multiplies both the
fake Telegram's flood limits (30/s overall, 20/min per group) and the sender's own limits
(25/s, 20/min per group), to show pacing at a higher rate in less time. Prints the achieved
rate against the configured one (target ≥ 95%), 429s (target 0), duplicates and losses
(target 0). The fake runs in its own process, like a remote server.
"""

from __future__ import annotations

import argparse
import asyncio
import multiprocessing
import os
import random
import sys
import tempfile
import time
from multiprocessing.connection import Connection
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

from fake_bot_api import FakeBotApi, FloodModel  # noqa: E402
from sqlalchemy import func, insert, select  # noqa: E402

from bot.alerts.pacing import PacingLimits  # noqa: E402
from bot.alerts.runs import plan_quarter  # noqa: E402
from bot.alerts.sender import AlertSender, DrainReport, SenderSettings  # noqa: E402
from bot.services import Services  # noqa: E402
from db.alert_models import AlertDelivery, Follow  # noqa: E402
from db.models import utc_now  # noqa: E402

GROUP_SHARE = 0.1
EVERY_SHARE = 0.3
BOT_USERNAME = "nhs_league_bench_bot"


def seed_follows(services: Services, count: int) -> None:
    """`count` follows, one per chat: mostly trusts, some regions and ICBs; 10% groups."""
    league = services.league
    latest = league.latest
    assert latest is not None
    codes = sorted(s.trust_code for s in league.table(latest))
    regions = sorted({s.region for s in league.table(latest)})
    icbs = [i.icb_code for i in services.reference.icbs]
    rng = random.Random(20260)
    rows = []
    for n in range(count):
        is_group = rng.random() < GROUP_SHARE
        pick = rng.random()
        if pick < 0.02:
            kind, target = "region", rng.choice(regions)
        elif pick < 0.04:
            kind, target = "icb", rng.choice(icbs)
        else:
            kind, target = "trust", rng.choice(codes)
        rows.append(
            {
                "chat_id": -(10**9 + n) if is_group else 10**6 + n,
                "chat_type": "group" if is_group else "private",
                "kind": kind,
                "target": target,
                "mode": "every" if rng.random() < EVERY_SHARE else "changes",
                "active": True,
                "created_at": utc_now(),
            }
        )
    with services.session_factory() as session:
        session.execute(insert(Follow), rows)
        session.commit()


def serve_fake(conn: Connection, overall: int, per_group: int) -> None:
    """Child process: a fake Telegram with the flood model; reports what it received."""

    async def run() -> None:
        flood = FloodModel(overall_per_second=overall, per_group_per_minute=per_group)
        async with FakeBotApi(flood=flood) as server:
            conn.send((server.token, server.base_url))
            await asyncio.get_running_loop().run_in_executor(None, conn.recv)  # "stop"
            calls = server.calls("sendMessage", ok=True)
            per_chat: dict[int, int] = {}
            for call in calls:
                per_chat[call.chat_id] = per_chat.get(call.chat_id, 0) + 1
            times = (calls[0].time, calls[-1].time) if calls else (0.0, 0.0)
            conn.send({"per_chat": per_chat, "times": times, "rejected": server.flood_429s})

    asyncio.run(run())


async def deliver(
    services: Services, token: str, base_url: str, count: int, settings: SenderSettings
) -> tuple[float, DrainReport]:
    """Drain `count` outbox rows through PTB's Bot, as `nhsbot alerts send` does."""
    from telegram import Bot
    from telegram.request import HTTPXRequest

    request = HTTPXRequest(connection_pool_size=settings.concurrency + 4)
    async with Bot(token, base_url=base_url, request=request) as bot:
        sender = AlertSender(bot, services.session_factory, settings)
        started = time.perf_counter()
        report = await sender.drain(max_messages=count)
        return time.perf_counter() - started, report


def outcomes(services: Services) -> tuple[set[int], dict[str, int]]:
    """Chats whose row is `sent`, and how many rows ended any other way than sent/pending."""
    with services.session_factory() as session:
        sent = set(
            session.execute(
                select(AlertDelivery.chat_id).where(AlertDelivery.status == "sent")
            ).scalars()
        )
        other = session.execute(
            select(AlertDelivery.status, func.count())
            .where(AlertDelivery.status.not_in(("sent", "pending")))
            .group_by(AlertDelivery.status)
        ).all()
    return sent, dict(other)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--follows", type=int, default=100_000)
    parser.add_argument("--deliver", type=int, default=5_000)
    parser.add_argument("--scale", type=float, default=1.0)
    parser.add_argument("--concurrency", type=int, default=0, help="default: 4, 8 above 100/s")
    parser.add_argument("--database-url", help="default: a temporary SQLite file")
    args = parser.parse_args()
    os.environ.setdefault("PTB_TIMEDELTA", "1")
    limits = PacingLimits().scaled(args.scale)
    concurrency = args.concurrency or (8 if limits.max_per_second > 100 else 4)
    settings = SenderSettings(limits=limits, concurrency=concurrency, send_timeout=10.0)
    overall, per_group = round(30 * args.scale), round(20 * args.scale)

    with tempfile.TemporaryDirectory() as tmp:
        url = args.database_url or f"sqlite:///{Path(tmp) / 'bench.sqlite3'}"
        print(f"Loading the bundled NHS data ({url.split(':')[0]})…", flush=True)
        services = Services.create(url)
        services.refresh_if_changed()  # warm the read model: planning starts from memory
        seed_follows(services, args.follows)
        plan = plan_quarter(services, bot_username=BOT_USERNAME)
        again = plan_quarter(services, bot_username=BOT_USERNAME)

        count = min(args.deliver, plan.added)
        parent, child = multiprocessing.Pipe()
        fake = multiprocessing.get_context("spawn").Process(
            target=serve_fake, args=(child, overall, per_group), daemon=True
        )
        fake.start()
        token, base_url = parent.recv()
        seconds, report = asyncio.run(deliver(services, token, base_url, count, settings))
        parent.send("stop")
        received = parent.recv()
        fake.join(10)
        sent_rows, other = outcomes(services)
        services.close()

    per_chat: dict[int, int] = received["per_chat"]
    first, last = received["times"]
    delivered = sum(per_chat.values())
    rate = (delivered - 1) / (last - first) if last > first else 0.0
    duplicates = sum(n - 1 for n in per_chat.values() if n > 1)
    losses = len(sent_rows - set(per_chat)) + sum(other.values())
    print(
        f"\nPlanning {plan.quarter} against {plan.previous_quarter}: {plan.follows:,} follows "
        f"→ {plan.added:,} digests queued in {plan.seconds:.2f} s (target < 5 s); planning "
        f"again added {again.added} in {again.seconds:.2f} s"
    )
    print(
        f"Delivering {count:,} of {plan.added:,} (scale ×{args.scale:g}, concurrency "
        f"{concurrency}): sender limits {limits.max_per_second:g}/s, "
        f"{limits.group_per_minute}/min per group; the fake answers 429 above {overall}/s, "
        f"1/s per chat, {per_group}/min per group"
    )
    print(
        f"  achieved {rate:.1f} msg/s = {100 * rate / limits.max_per_second:.1f}% of the "
        f"configured {limits.max_per_second:g}/s (target ≥ 95%); {report.sent:,} sent in "
        f"{seconds:.1f} s"
    )
    print(f"  429s: {received['rejected']} (target 0)")
    print(
        f"  duplicates: {duplicates}, losses: {losses} (target 0)"
        + (f"; other outcomes: {other}" if other else "")
    )
    return 0 if not (duplicates or losses or received["rejected"]) else 1


if __name__ == "__main__":
    raise SystemExit(main())
