"""Throughput of the fake: ``cd tests && python -m fake_bot_api.bench [--calls N] [--ptb]``.

Why it exists: benchmarks of the bot's broadcaster run against this fake, so the fake must not
be the bottleneck (target ≥ 2,000 validated calls/s on loopback).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import time

import aiohttp

from .api import FakeBotApi

_KEYBOARD = json.dumps(
    {
        "inline_keyboard": [
            [{"text": f"Trust {i}", "callback_data": f"t:R{i:02d}"}] for i in range(4)
        ]
    }
)


async def _raw(server: FakeBotApi, calls: int, concurrency: int) -> float:
    """Form-encoded sendMessage with HTML and an inline keyboard, as PTB sends it."""
    url = f"{server.base_url}{server.token}/sendMessage"
    connector = aiohttp.TCPConnector(limit=concurrency)
    async with aiohttp.ClientSession(connector=connector) as session:

        async def worker(n: int) -> None:
            for i in range(n):
                data = {
                    "chat_id": str(1000 + i % 50),
                    "text": f"<b>Trust {i}</b> moved to segment <i>2</i> &amp; up",
                    "parse_mode": "HTML",
                    "reply_markup": _KEYBOARD,
                }
                async with session.post(url, data=data) as response:
                    await response.read()

        start = time.perf_counter()
        await asyncio.gather(*(worker(calls // concurrency) for _ in range(concurrency)))
        return time.perf_counter() - start


async def _ptb(server: FakeBotApi, calls: int, concurrency: int) -> float:
    """The same through python-telegram-bot's Bot (httpx), i.e. what the bot really does."""
    from telegram import Bot, InlineKeyboardButton, InlineKeyboardMarkup
    from telegram.request import HTTPXRequest

    markup = InlineKeyboardMarkup(
        [[InlineKeyboardButton(f"Trust {i}", callback_data=f"t:R{i:02d}")] for i in range(4)]
    )
    request = HTTPXRequest(connection_pool_size=concurrency)
    async with Bot(server.token, base_url=server.base_url, request=request) as bot:

        async def worker(n: int) -> None:
            for i in range(n):
                await bot.send_message(
                    1000 + i % 50,
                    f"<b>Trust {i}</b> moved",
                    parse_mode="HTML",
                    reply_markup=markup,
                )

        start = time.perf_counter()
        await asyncio.gather(*(worker(calls // concurrency) for _ in range(concurrency)))
        return time.perf_counter() - start


async def main(calls: int, concurrency: int, ptb: bool) -> None:
    """Run the benchmark and print calls/s."""
    async with FakeBotApi() as server:
        elapsed = await (_ptb if ptb else _raw)(server, calls, concurrency)
        done = len(server.calls("sendMessage", ok=True))
        assert not server.validation_errors, server.validation_errors[:3]
        client = "PTB Bot/httpx" if ptb else "aiohttp client"
        print(
            f"{done} validated sendMessage calls in {elapsed:.2f}s via {client} "
            f"(same process/loop): {done / elapsed:,.0f} calls/s"
        )


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--calls", type=int, default=10_000)
    parser.add_argument("--concurrency", type=int, default=20)
    parser.add_argument("--ptb", action="store_true", help="drive it with PTB's Bot")
    args = parser.parse_args()
    asyncio.run(main(args.calls, args.concurrency, args.ptb))
