"""What the bot did: every call with decoded params and the answer, plus awaitable waiters.

Why waiters instead of sleeps: tests (and the webhook/polling loops) are asynchronous, so a test
waits for "the 3rd sendMessage to chat 42" with a deadline and fails with the call log instead of
sleeping an arbitrary amount and hoping.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from .faults import is_send


@dataclass(slots=True)
class Call:
    """One HTTP call to the fake, as decoded, and the envelope it was answered with."""

    index: int
    method: str
    params: dict[str, Any]
    status: int
    response: dict[str, Any]
    http_method: str = "POST"
    content_type: str = ""
    time: float = field(default_factory=time.time)

    @property
    def ok(self) -> bool:
        """Whether Telegram would have answered ``ok: true``."""
        return bool(self.response.get("ok"))

    @property
    def result(self) -> Any:
        """The ``result`` of a successful call (None on errors)."""
        return self.response.get("result")

    @property
    def description(self) -> str | None:
        """The error description of a failed call."""
        return self.response.get("description")

    @property
    def chat_id(self) -> Any:
        """The ``chat_id`` parameter, already decoded to int where possible."""
        return self.params.get("chat_id")

    def __repr__(self) -> str:
        brief = {k: v for k, v in self.params.items() if k in ("chat_id", "text", "caption")}
        outcome = "ok" if self.ok else f"{self.status} {self.description}"
        return f"<Call #{self.index} {self.method} {brief} -> {outcome}>"


@dataclass(slots=True)
class ValidationError:
    """A request Telegram would reject as malformed (or, if ``rejected`` is False, ignore)."""

    method: str
    path: str
    description: str
    rejected: bool = True


@dataclass
class _Waiter:
    check: Callable[[], Any]
    loop: asyncio.AbstractEventLoop
    future: asyncio.Future[Any]


class Recorder:
    """Call log, validation findings, and a notify/wait mechanism usable across threads."""

    def __init__(self) -> None:
        self.calls_log: list[Call] = []
        self.validation_errors: list[ValidationError] = []
        self.warnings: list[ValidationError] = []
        self._waiters: list[_Waiter] = []

    def record(self, call: Call) -> None:
        """Append a call and wake any waiter it satisfies."""
        self.calls_log.append(call)
        self.notify()

    def select(
        self,
        method: str | None = None,
        chat_id: Any = None,
        *,
        ok: bool | None = None,
        since: int = 0,
    ) -> list[Call]:
        """Calls filtered by method (case-insensitive), chat id and outcome."""
        wanted = method.lower() if method else None
        return [
            c
            for c in self.calls_log[since:]
            if (wanted is None or c.method.lower() == wanted)
            and (chat_id is None or c.chat_id == chat_id)
            and (ok is None or c.ok == ok)
        ]

    def sent_messages(self, chat_id: Any = None) -> list[dict[str, Any]]:
        """Messages the bot successfully sent (results of send*/copy/forward calls)."""
        messages: list[dict[str, Any]] = []
        for call in self.calls_log:
            if not call.ok or not is_send(call.method.lower()) or call.method.startswith("edit"):
                continue
            results = call.result if isinstance(call.result, list) else [call.result]
            for message in results:
                if isinstance(message, dict) and (
                    chat_id is None or message.get("chat", {}).get("id") == chat_id
                ):
                    messages.append(message)
        return messages

    def notify(self) -> None:
        """Re-evaluate waiters; called on every state change the tests may wait for."""
        if not self._waiters:
            return
        for waiter in list(self._waiters):
            if waiter.future.done():
                self._waiters.remove(waiter)
                continue
            value = waiter.check()
            if value:
                self._waiters.remove(waiter)
                waiter.loop.call_soon_threadsafe(_resolve, waiter.future, value)

    async def wait_until(self, check: Callable[[], Any], timeout: float, what: str) -> Any:
        """Return ``check()``'s first truthy value, or raise TimeoutError with the call log."""
        value = check()
        if value:
            return value
        loop = asyncio.get_running_loop()
        waiter = _Waiter(check, loop, loop.create_future())
        self._waiters.append(waiter)
        value = check()  # the state may have changed on another thread before we registered
        if value:
            self._waiters.remove(waiter)
            return value
        try:
            return await asyncio.wait_for(waiter.future, timeout)
        except TimeoutError:
            log = "\n  ".join(repr(c) for c in self.calls_log[-20:]) or "(no calls)"
            raise TimeoutError(
                f"timed out after {timeout}s waiting for {what}; last calls:\n  {log}"
            ) from None
        finally:
            if waiter in self._waiters:
                self._waiters.remove(waiter)


def _resolve(future: asyncio.Future[Any], value: Any) -> None:
    if not future.done():
        future.set_result(value)
