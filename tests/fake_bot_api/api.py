"""``FakeBotApi``: the test-facing surface (enqueue, inspect, wait, inject faults).

Why a thin layer over :class:`ServerCore`: tests should read like the behaviour they check
(``server.block_chat(42)``, ``await server.wait_for("sendMessage", chat_id=42)``) without
knowing how the pipeline stores state.
"""

from __future__ import annotations

import asyncio
import json
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

import aiohttp

from .delivery import Delivery
from .faults import FloodModel
from .objects import ChatInfo
from .recording import Call, ValidationError
from .server import ServerCore

CallFilter = str | Callable[[Call], bool] | None


class FakeBotApi(ServerCore):
    """A fake Telegram Bot API; ``async with FakeBotApi() as server: server.base_url``."""

    # -- registry -----------------------------------------------------------------------------
    def add_user(
        self, user_id: int, first_name: str = "Test", username: str | None = None, **extra: Any
    ) -> dict[str, Any]:
        """Register a user (and their private chat with the bot)."""
        return self.world.add_user(user_id, first_name, username, **extra)

    def add_group(self, chat_id: int, title: str, **kwargs: Any) -> ChatInfo:
        """Register a group/supergroup: ``creator=``, ``admins=``, ``members=``,
        ``anonymous_admins=``, ``bot_status=``, ``supergroup=``, ``username=``."""
        return self.world.add_group(chat_id, title, **kwargs)

    @property
    def bot(self) -> dict[str, Any]:
        """The getMe ``User`` of the fake bot."""
        return self.world.bot

    @property
    def uploads(self) -> int:
        """How many files the bot uploaded (multipart)."""
        return self.world.files.uploads

    @property
    def file_reuses(self) -> int:
        """How many sends re-used a known file_id instead of uploading again."""
        return self.world.files.reuses

    # -- updates in ---------------------------------------------------------------------------
    def enqueue(self, *updates: dict[str, Any] | tuple[dict[str, Any], ...]) -> list[int]:
        """Queue updates for getUpdates/webhook (thread-safe); returns their update_ids."""
        flat: list[dict[str, Any]] = []
        for update in updates:
            flat.extend(update if isinstance(update, tuple) else (update,))
        for update in flat:
            if "update_id" not in update:
                update["update_id"] = self.queue.allocate_id()
        if self.loop is not None and _other_loop(self.loop):
            self.loop.call_soon_threadsafe(self._put_all, flat)
        else:
            self._put_all(flat)
        return [u["update_id"] for u in flat]

    def _put_all(self, updates: list[dict[str, Any]]) -> None:
        for update in updates:
            self.queue.put(update)
        self.recorder.notify()

    @property
    def pending_updates(self) -> list[dict[str, Any]]:
        """Updates not yet confirmed by the bot (offset) or accepted by its webhook."""
        return list(self.queue.pending)

    async def wait_until_consumed(self, timeout: float = 5.0) -> None:
        """Wait until every queued update was confirmed (polling) or delivered (webhook)."""
        await self.recorder.wait_until(
            lambda: not self.queue.pending, timeout, "all updates to be consumed"
        )

    # -- a client, for tests of the fake and quick probes ----------------------------------
    async def request(
        self,
        method: str,
        *,
        as_json: bool = False,
        files: dict[str, tuple[str, bytes]] | None = None,
        http_method: str = "POST",
        token: str | None = None,
        **params: Any,
    ) -> tuple[int, dict[str, Any]]:
        """Call the fake over HTTP, encoded like PTB (form; JSON strings for objects).

        ``as_json`` sends an ``application/json`` body instead; ``files`` forces multipart.
        Returns ``(http_status, body)``.
        """
        if self._client is None:
            self._client = aiohttp.ClientSession()
        url = f"{self.base_url}{token or self.token}/{method}"
        wire = {k: v if isinstance(v, str) else json.dumps(v) for k, v in params.items()}
        kwargs: dict[str, Any]
        if as_json:
            kwargs = {"json": params}
        elif files:
            form = aiohttp.FormData()
            for key, value in wire.items():
                form.add_field(key, value)
            for key, (filename, data) in files.items():
                form.add_field(key, data, filename=filename)
            kwargs = {"data": form}
        else:
            kwargs = {"data": wire} if http_method == "POST" else {"params": wire}
        async with self._client.request(http_method, url, **kwargs) as response:
            return response.status, await response.json(content_type=None)

    # -- what the bot did ---------------------------------------------------------------------
    def calls(
        self,
        method: str | None = None,
        chat_id: Any = None,
        *,
        ok: bool | None = None,
        since: int = 0,
    ) -> list[Call]:
        """Recorded calls, filtered by method name (case-insensitive), chat and outcome."""
        return self.recorder.select(method, chat_id, ok=ok, since=since)

    def sent_messages(self, chat_id: Any = None) -> list[dict[str, Any]]:
        """Message objects the bot successfully sent (optionally to one chat)."""
        return self.recorder.sent_messages(chat_id)

    def mark(self) -> int:
        """Position in the call log, for ``calls(since=...)``/``wait_for(since=...)``."""
        return len(self.recorder.calls_log)

    @property
    def validation_errors(self) -> list[ValidationError]:
        """Requests Telegram would reject as malformed; a healthy test asserts ``== []``."""
        return self.recorder.validation_errors

    def take_validation_errors(self) -> list[ValidationError]:
        """Return and clear the validation errors (for tests that provoke them on purpose)."""
        taken = list(self.recorder.validation_errors)
        self.recorder.validation_errors.clear()
        return taken

    @property
    def warnings(self) -> list[ValidationError]:
        """Things Telegram silently ignores (unknown parameters/fields)."""
        return self.recorder.warnings

    @property
    def webhook_deliveries(self) -> list[Delivery]:
        """Every webhook POST and the status the bot's server answered."""
        return self.webhook.deliveries

    async def wait_for(
        self,
        what: CallFilter = None,
        count: int = 1,
        timeout: float = 5.0,
        *,
        chat_id: Any = None,
        ok: bool | None = None,
        since: int = 0,
    ) -> list[Call]:
        """Wait until ``count`` calls match (method name or predicate); returns those calls."""
        method = what if isinstance(what, str) else None
        predicate = what if callable(what) else None

        def check() -> list[Call] | None:
            found = self.recorder.select(method, chat_id, ok=ok, since=since)
            if predicate is not None:
                found = [c for c in found if predicate(c)]
            return found[:count] if len(found) >= count else None

        label = f"{count} x {what or 'any call'}" + (f" to chat {chat_id}" if chat_id else "")
        return await self.recorder.wait_until(check, timeout, label)

    async def wait_for_deliveries(self, count: int = 1, timeout: float = 5.0) -> list[Delivery]:
        """Wait until ``count`` webhook POSTs were made (any status)."""

        def check() -> list[Delivery] | None:
            found = self.webhook.deliveries
            return list(found[:count]) if len(found) >= count else None

        return await self.recorder.wait_until(check, timeout, f"{count} webhook deliveries")

    # -- faults -------------------------------------------------------------------------------
    def fail_next(
        self,
        method: str | None,
        error_code: int = 400,
        description: str | None = None,
        *,
        retry_after: int | None = None,
        migrate_to_chat_id: int | None = None,
        times: int = 1,
        chat_id: Any = None,
    ) -> None:
        """Answer the next ``times`` (-1 = all) calls of ``method`` with this error."""
        self.faults.fail_next(
            method,
            error_code,
            description,
            retry_after=retry_after,
            migrate_to_chat_id=migrate_to_chat_id,
            times=times,
            chat_id=chat_id,
        )

    def delay_next(
        self, method: str | None, seconds: float, *, times: int = 1, chat_id: Any = None
    ) -> None:
        """Apply the call, then answer late (the message still counts as sent)."""
        self.faults.delay_next(method, seconds, times=times, chat_id=chat_id)

    def drop_next(self, method: str | None, *, times: int = 1, chat_id: Any = None) -> None:
        """Apply the call, then drop the connection without an answer."""
        self.faults.drop_next(method, times=times, chat_id=chat_id)

    def block_chat(self, chat_id: int) -> None:
        """Every send to ``chat_id`` → 403 (blocked by the user / kicked from the group)."""
        self.faults.blocked.add(chat_id)

    def unblock_chat(self, chat_id: int) -> None:
        """Undo :meth:`block_chat`."""
        self.faults.blocked.discard(chat_id)

    def delete_chat(self, chat_id: int) -> None:
        """Every call naming ``chat_id`` → 400 "Bad Request: chat not found"."""
        self.faults.deleted.add(chat_id)
        self.world.chats.pop(chat_id, None)

    def migrate_chat(
        self, old_id: int, new_id: int, by: int | None = None
    ) -> tuple[dict[str, Any], dict[str, Any]]:
        """Upgrade a group: calls to ``old_id`` → 400 with ``migrate_to_chat_id``.

        Returns the two service-message updates (not enqueued; pass them to :meth:`enqueue`).
        """
        creator = (
            next((u for u, s in self.world.chats[old_id].members.items() if s == "creator"), None)
            if old_id in self.world.chats
            else None
        )
        updates = self.updates.migration(old_id, new_id, by or creator or 1)
        self.faults.migrated[old_id] = new_id
        return updates

    def enable_flood_model(self, **limits: Any) -> FloodModel:
        """Turn on 429s above Telegram's limits (``overall_per_second=30``,
        ``per_chat_per_second=1``, ``per_group_per_minute=20``, ``clock=...``)."""
        self.faults.flood = FloodModel(**limits)
        return self.faults.flood

    @property
    def flood_429s(self) -> int:
        """How many 429s the flood model has answered."""
        return self.faults.flood.rejected if self.faults.flood else 0

    def reset_calls(self) -> None:
        """Forget recorded calls and findings (keeps chats, messages and faults)."""
        self.recorder.calls_log.clear()
        self.recorder.validation_errors.clear()
        self.recorder.warnings.clear()


def _other_loop(loop: asyncio.AbstractEventLoop) -> bool:
    try:
        return asyncio.get_running_loop() is not loop
    except RuntimeError:
        return True


@contextmanager
def run_in_thread(**kwargs: Any) -> Iterator[FakeBotApi]:
    """Run a fake on its own loop in a thread, for code that blocks the test's loop.

    ``enqueue`` and fault helpers are thread-safe; ``wait_for`` works from the caller's loop.
    """
    ready = threading.Event()
    loop = asyncio.new_event_loop()
    server = FakeBotApi(**kwargs)

    def run() -> None:
        asyncio.set_event_loop(loop)
        loop.run_until_complete(server.start())
        ready.set()
        loop.run_forever()
        loop.run_until_complete(server.stop())
        loop.close()

    thread = threading.Thread(target=run, name="fake-bot-api", daemon=True)
    thread.start()
    ready.wait(10)
    try:
        yield server
    finally:
        loop.call_soon_threadsafe(loop.stop)
        thread.join(10)
