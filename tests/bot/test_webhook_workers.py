"""Several webhook worker processes on one port: every update answered exactly once."""

from __future__ import annotations

import asyncio
import os
import shutil
import signal
import socket
import subprocess
import sys
from pathlib import Path

import aiohttp
from tests_support import USER

ROOT = Path(__file__).resolve().parents[2]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


async def _wait_healthy(url: str, timeout: float = 60) -> None:
    deadline = asyncio.get_running_loop().time() + timeout
    async with aiohttp.ClientSession() as session:
        while True:
            try:
                async with session.get(url) as response:
                    if response.status == 200:
                        return
            except aiohttp.ClientError:
                pass
            if asyncio.get_running_loop().time() > deadline:
                raise TimeoutError(url)
            await asyncio.sleep(0.2)


async def test_three_workers_answer_each_update_once(fake_bot_api, bundled_db_file, tmp_path):
    server = fake_bot_api
    db = tmp_path / "workers.sqlite3"
    shutil.copyfile(bundled_db_file, db)
    port = _free_port()
    env = {
        **os.environ,
        "TELEGRAM_BOT_TOKEN": server.token,
        "TELEGRAM_API_URL": server.base_url,
        "DATABASE_URL": os.environ.get("TEST_WORKERS_DATABASE_URL", f"sqlite:///{db}"),
        "WEBHOOK_URL": f"http://127.0.0.1:{port}/hook",
        "WEBHOOK_SECRET": "workers-secret",
        "WEBHOOK_LISTEN": "127.0.0.1",
        "WEBHOOK_PORT": str(port),
        "WEBHOOK_PATH": "hook",
        "NOF_PUBLICATION_URL": "http://127.0.0.1:9/unreachable",
        "LOG_LEVEL": "WARNING",
    }
    proc = subprocess.Popen(
        [sys.executable, "-m", "bot", "run", "--webhook", "--workers", "3"],
        env=env, cwd=tmp_path, start_new_session=True,
    )  # fmt: skip
    try:
        await _wait_healthy(f"http://127.0.0.1:{port}/healthz")
        await server.wait_for("setWebhook", timeout=30)
        server.add_user(USER, "Pat")
        users = [USER + i for i in range(1, 31)]
        for user in users:
            server.add_user(user, f"U{user}")
        updates = [server.updates.private_message(u, "LTHT") for u in users]
        mark = server.mark()
        server.enqueue(*updates)
        calls = await server.wait_for("sendMessage", count=len(users), since=mark, timeout=60)
        assert sorted(c.chat_id for c in calls) == sorted(users)
        assert all("Leeds Teaching Hospitals" in c.params["text"] for c in calls)

        # Telegram re-sends an update it thinks failed, and any worker may get it: post ten
        # again in parallel (separate connections, so the kernel spreads them over workers).
        mark = server.mark()
        url = f"http://127.0.0.1:{port}/hook"
        headers = {"X-Telegram-Bot-Api-Secret-Token": "workers-secret"}

        async def post(update: dict) -> int:
            async with aiohttp.ClientSession() as session:
                async with session.post(url, json=update, headers=headers) as response:
                    return response.status

        assert await asyncio.gather(*(post(u) for u in updates[:10])) == [200] * 10
        await asyncio.sleep(1.0)
        assert server.calls("sendMessage", since=mark) == []
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        assert proc.wait(30) == 0
