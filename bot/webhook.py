"""Webhook mode: an aiohttp server per worker, the secret-token check, a health endpoint,
and a supervisor that runs several worker processes on one port (SO_REUSEPORT).

Any worker may receive any update (and Telegram re-sends one it thinks failed), so each update
id is claimed in the database first: every update is answered once across workers.
"""

from __future__ import annotations

import asyncio
import hmac
import json
import logging
import os
import signal
import subprocess
import sys

from aiohttp import web
from telegram import Update
from telegram.ext import Application

from bot.config import Settings
from bot.services import Services
from db.coordination import claim_update

log = logging.getLogger(__name__)
SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"


def build_webhook_app(application: Application, services: Services, *, secret: str,
                      path: str) -> web.Application:  # fmt: skip
    """Routes: POST /<path> for Telegram, GET /healthz for the load balancer."""

    async def receive(request: web.Request) -> web.Response:
        given = request.headers.get(SECRET_HEADER, "")
        if not hmac.compare_digest(given.encode(), secret.encode()):
            return web.Response(status=403, text="forbidden")
        try:
            payload = json.loads(await request.read())
            if not isinstance(payload, dict) or not isinstance(payload.get("update_id"), int):
                raise ValueError("not an update")
            update = Update.de_json(payload, application.bot)
        except (ValueError, TypeError, KeyError, AttributeError):
            log.warning("Rejected a malformed webhook body")
            return web.Response(status=400, text="bad update")
        if update is None:
            return web.Response(status=400, text="bad update")
        is_new = await asyncio.to_thread(_claim, services, update.update_id)
        if is_new:
            await application.update_queue.put(update)
        return web.Response(text="ok")

    async def health(_request: web.Request) -> web.Response:
        league = services.league
        body = {
            "status": "ok",
            "pid": os.getpid(),
            "quarters": league.quarters,
            "data_version": league.version,
        }
        return web.json_response(body)

    app = web.Application(client_max_size=1024**2)
    app.router.add_post(f"/{path.strip('/')}", receive)
    app.router.add_get("/healthz", health)
    return app


def _claim(services: Services, update_id: int) -> bool:
    with services.session_factory() as session:
        return claim_update(session=session, update_id=update_id)


async def serve_worker(settings: Settings, services: Services, *, set_webhook: bool) -> None:
    """One worker: the Application without an Updater, fed by the webhook route."""
    from bot.app import build_application

    if settings.WEBHOOK_SECRET is None:
        raise ValueError("WEBHOOK_SECRET is required in webhook mode")
    secret = settings.WEBHOOK_SECRET.get_secret_value()
    application = build_application(settings, services, updater=False)
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, stop.set)
    async with application:
        if set_webhook:
            await application.bot.set_webhook(
                url=settings.WEBHOOK_URL, secret_token=secret, allowed_updates=Update.ALL_TYPES
            )
        await application.start()
        runner = web.AppRunner(
            build_webhook_app(application, services, secret=secret, path=settings.WEBHOOK_PATH)
        )
        await runner.setup()
        site = web.TCPSite(runner, settings.WEBHOOK_LISTEN, settings.WEBHOOK_PORT, reuse_port=True)
        await site.start()
        log.info("Webhook worker %d listening on %s:%d", os.getpid(), settings.WEBHOOK_LISTEN,
                 settings.WEBHOOK_PORT)  # fmt: skip
        await stop.wait()
        await runner.cleanup()
        await application.stop()


def run_workers(count: int) -> int:
    """Start `count` worker processes on the same port and stop them all on SIGINT/SIGTERM."""
    base = [sys.executable, "-m", "bot", "run", "--webhook", "--worker"]
    procs = [subprocess.Popen([*base, "--set-webhook"] if i == 0 else base) for i in range(count)]

    def forward(signum: int, _frame: object) -> None:
        for proc in procs:
            if proc.poll() is None:
                proc.send_signal(signum)

    signal.signal(signal.SIGINT, forward)
    signal.signal(signal.SIGTERM, forward)
    codes = [proc.wait() for proc in procs]
    return max(codes, default=0)
