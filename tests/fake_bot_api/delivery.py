"""Updates out of the fake: the pending queue, getUpdates long polling and webhook pushes.

Why model both: PTB's polling (offset confirmation, allowed_updates, the final getUpdates on stop)
and its webhook server (secret token header, non-2xx retries) are different code paths, and
Telegram makes them mutually exclusive (409 while a webhook is set).
"""

from __future__ import annotations

import asyncio
import ipaddress
import itertools
import re
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

import aiohttp

from . import errors
from .errors import ApiError, bad_request

DEFAULT_EXCLUDED = frozenset({"chat_member", "message_reaction", "message_reaction_count"})
WEBHOOK_PORTS = (443, 80, 88, 8443)
_SECRET = re.compile(r"^[A-Za-z0-9_-]{1,256}$")


def update_type(update: dict[str, Any]) -> str:
    """The update's kind: its only key besides ``update_id``."""
    return next((k for k in update if k != "update_id"), "")


class UpdateQueue:
    """Unconfirmed updates in ``update_id`` order; confirmed ones move to ``confirmed``."""

    def __init__(
        self, first_update_id: int = 1, listener: Callable[[], None] | None = None
    ) -> None:
        self.pending: list[dict[str, Any]] = []
        self.confirmed: list[dict[str, Any]] = []
        self.allowed: list[str] | None = None
        self._ids = itertools.count(first_update_id)
        self._wakeup = asyncio.Event()
        self._poll_generation = 0
        self.closed = False
        self._listener = listener

    def close(self) -> None:
        """Server shutdown: answer pending and future long polls at once."""
        self.closed = True
        self.wake()

    def allocate_id(self) -> int:
        """Next update_id (builders take one when they build, so ids follow build order)."""
        return next(self._ids)

    def put(self, update: dict[str, Any]) -> None:
        """Queue an update (call on the server's loop) and wake long polls/webhook."""
        self.pending.append(update)
        self.wake()

    def wake(self) -> None:
        """Release everything currently waiting for a change."""
        event, self._wakeup = self._wakeup, asyncio.Event()
        event.set()
        if self._listener is not None:
            self._listener()

    async def wait(self, timeout: float | None) -> None:
        """Wait for the next change (or ``timeout`` seconds)."""
        event = self._wakeup
        try:
            await asyncio.wait_for(event.wait(), timeout)
        except TimeoutError:
            pass

    def confirm_below(self, offset: int) -> None:
        """Forget updates with ``update_id < offset`` (Telegram's offset confirmation)."""
        while self.pending and self.pending[0]["update_id"] < offset:
            self.confirmed.append(self.pending.pop(0))

    def eligible(self, allowed: list[str] | None) -> list[dict[str, Any]]:
        """Pending updates of allowed types; others are dropped as Telegram never sends them."""
        keep: list[dict[str, Any]] = []
        for update in self.pending:
            kind = update_type(update)
            if (kind in allowed) if allowed else (kind not in DEFAULT_EXCLUDED):
                keep.append(update)
        if len(keep) != len(self.pending):
            self.pending = keep
        return keep

    async def get_updates(self, params: dict[str, Any], webhook_url: str) -> list[dict[str, Any]]:
        """getUpdates: offset/limit/timeout/allowed_updates, one consumer at a time (409)."""
        if webhook_url:
            raise ApiError(409, errors.CONFLICT_WEBHOOK)
        self._poll_generation += 1
        generation = self._poll_generation
        offset = params.get("offset")
        if isinstance(offset, int) and offset < 0:
            self.confirmed.extend(self.pending[:offset])
            del self.pending[:offset]
        elif isinstance(offset, int):
            self.confirm_below(offset)
        if "allowed_updates" in params:
            self.allowed = list(params["allowed_updates"] or []) or None
        self.wake()  # terminates an older long poll (409 below) and tells test waiters
        limit = min(max(int(params.get("limit") or 100), 1), 100)
        deadline = time.monotonic() + max(float(params.get("timeout") or 0), 0.0)
        while True:
            if generation != self._poll_generation:
                raise ApiError(409, errors.CONFLICT_POLLING)
            ready = self.eligible(self.allowed)
            remaining = deadline - time.monotonic()
            if ready or remaining <= 0 or self.closed:
                return ready[:limit]
            await self.wait(remaining)


@dataclass(slots=True)
class Delivery:
    """One webhook POST attempt and the bot's HTTP answer (None = connection error)."""

    update_id: int
    status: int | None
    url: str
    error: str = ""
    time: float = field(default_factory=time.time)


@dataclass
class Webhook:
    """State set by setWebhook; the push loop runs while ``url`` is non-empty."""

    url: str = ""
    secret_token: str | None = None
    allowed_updates: list[str] | None = None
    max_connections: int = 40
    ip_address: str | None = None
    last_error_date: int | None = None
    last_error_message: str | None = None
    deliveries: list[Delivery] = field(default_factory=list)
    target_override: str | None = None
    retry_delay: float = 0.05
    timeout: float = 5.0
    _task: asyncio.Task[None] | None = None

    def configure(self, params: dict[str, Any], queue: UpdateQueue) -> None:
        """setWebhook: validate like Telegram (loopback http allowed for tests) and start."""
        url = params.get("url") or ""
        if url:
            _check_url(url)
        secret = params.get("secret_token")
        if secret is not None and not _SECRET.match(secret):
            raise bad_request("secret token contains unallowed characters", "secret_token")
        max_connections = int(params.get("max_connections") or 40)
        if not 1 <= max_connections <= 100:
            raise bad_request("max_connections must be between 1 and 100", "max_connections")
        if params.get("drop_pending_updates"):
            queue.confirmed.extend(queue.pending)
            queue.pending.clear()
        self.url, self.secret_token, self.max_connections = url, secret, max_connections
        if "allowed_updates" in params:  # absent: keep the previous setting, like Telegram
            self.allowed_updates = params["allowed_updates"] or None
        self.ip_address = params.get("ip_address")
        self.last_error_date = self.last_error_message = None
        queue.wake()
        if url and (self._task is None or self._task.done()):
            self._task = asyncio.get_running_loop().create_task(self._push_loop(queue))

    def delete(self, params: dict[str, Any], queue: UpdateQueue) -> None:
        """deleteWebhook (PTB calls it before polling)."""
        if params.get("drop_pending_updates"):
            queue.confirmed.extend(queue.pending)
            queue.pending.clear()
        self.url = ""
        queue.wake()

    def info(self, queue: UpdateQueue) -> dict[str, Any]:
        """getWebhookInfo."""
        info: dict[str, Any] = {
            "url": self.url,
            "has_custom_certificate": False,
            "pending_update_count": len(queue.pending),
        }
        if self.url:
            info["max_connections"] = self.max_connections
            if self.allowed_updates:
                info["allowed_updates"] = self.allowed_updates
            if self.ip_address:
                info["ip_address"] = self.ip_address
        if self.last_error_date:
            info["last_error_date"] = self.last_error_date
            info["last_error_message"] = self.last_error_message
        return info

    async def _push_loop(self, queue: UpdateQueue) -> None:
        """POST updates one at a time, in order; retry a non-2xx answer after ``retry_delay``."""
        timeout = aiohttp.ClientTimeout(total=self.timeout)
        async with aiohttp.ClientSession(timeout=timeout) as session:
            while self.url:
                ready = queue.eligible(self.allowed_updates)
                if not ready:
                    await queue.wait(None)
                    continue
                update = ready[0]
                target = self.target_override or self.url
                headers = (
                    {"X-Telegram-Bot-Api-Secret-Token": self.secret_token}
                    if self.secret_token
                    else {}
                )
                status, error = await _post(session, target, update, headers)
                self.deliveries.append(Delivery(update["update_id"], status, target, error))
                if status is not None and 200 <= status < 300:
                    queue.confirm_below(update["update_id"] + 1)
                    queue.wake()
                    continue
                self.last_error_date = int(time.time())
                self.last_error_message = error or f"Wrong response from the webhook: {status}"
                queue.wake()
                await asyncio.sleep(self.retry_delay)

    async def stop(self) -> None:
        """Cancel the push loop (server shutdown)."""
        if self._task is not None:
            self._task.cancel()
            try:
                await self._task
            except asyncio.CancelledError:
                pass
            self._task = None


async def _post(
    session: aiohttp.ClientSession, url: str, update: dict[str, Any], headers: dict[str, str]
) -> tuple[int | None, str]:
    try:
        async with session.post(url, json=update, headers=headers) as response:
            await response.read()
            return response.status, ""
    except (aiohttp.ClientError, TimeoutError, OSError) as exc:
        return None, f"Connection failed: {exc!r}"


def _check_url(url: str) -> None:
    parts = urlsplit(url)
    host = parts.hostname or ""
    try:
        loopback = host == "localhost" or ipaddress.ip_address(host).is_loopback
    except ValueError:
        loopback = False
    if loopback and parts.scheme in ("http", "https"):
        return  # deviation: real Telegram cannot reach loopback; tests need it
    if parts.scheme != "https":
        raise bad_request("bad webhook: HTTPS url must be provided for webhook", "url")
    if (parts.port or 443) not in WEBHOOK_PORTS:
        raise bad_request(
            "bad webhook: Webhook can be set up only on ports 80, 88, 443 or 8443", "url"
        )
