"""Pacing below Telegram's flood limits (telegram.md §4.1, §4.5). Pure: the clock is injected.

Telegram allows about 30 messages/s overall, 1/s per chat and 20/min per group, and answers
429 `retry_after` beyond that; the bot-wide limit means a 429 pauses *all* sending. Slots are
spaced evenly (1/rate apart) rather than in bursts, so a sliding-window limit never trips, and
the default of 25/s leaves headroom for interactive replies.
"""

from __future__ import annotations

import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass

_PRUNE_ABOVE = 4096  # chats remembered before old entries are dropped


@dataclass(frozen=True, slots=True)
class PacingLimits:
    """The sender's own limits (below Telegram's, see module docstring)."""

    max_per_second: float = 25.0
    private_interval: float = 1.0
    group_per_minute: int = 20

    def scaled(self, factor: float) -> PacingLimits:
        """Limits multiplied by `factor` (benchmarks against a scaled flood model)."""
        return PacingLimits(
            self.max_per_second * factor,
            self.private_interval / factor,
            max(1, round(self.group_per_minute * factor)),
        )


def is_group_chat(chat_id: int) -> bool:
    """Groups, supergroups and channels have negative ids; users positive."""
    return chat_id < 0


class Pacer:
    """Books send slots: evenly spaced overall, per chat, per group, and after a RetryAfter.

    `reserve()` returns how long to wait before sending, and books that moment, so concurrent
    senders that each wait their own delay never exceed the rate.
    """

    def __init__(self, limits: PacingLimits, clock: Callable[[], float] = time.monotonic) -> None:
        self.limits = limits
        self._clock = clock
        self._spacing = 1.0 / limits.max_per_second
        self._next_slot = 0.0
        self._paused_until = 0.0
        self._chat_last: dict[int, float] = {}
        self._prune_at = _PRUNE_ABOVE
        self._group_sends: dict[int, deque[float]] = {}

    def pause(self, seconds: float) -> None:
        """Stop every send for `seconds` (a 429 is bot-wide, telegram.md §4.3)."""
        until = self._clock() + max(0.0, seconds)
        self._paused_until = max(self._paused_until, until)
        self._next_slot = max(self._next_slot, self._paused_until)

    def pause_remaining(self) -> float:
        """Seconds left of a RetryAfter pause (0 when not paused)."""
        return max(0.0, self._paused_until - self._clock())

    def chat_ready_in(self, chat_id: int) -> float:
        """Seconds until `chat_id` may get another message (per-chat and per-group limits)."""
        now = self._clock()
        ready = self._chat_last.get(chat_id, -1e9) + self.limits.private_interval
        sends = self._group_sends.get(chat_id)
        if sends is not None:
            while sends and sends[0] <= now - 60.0:
                sends.popleft()
            if len(sends) >= self.limits.group_per_minute:
                ready = max(ready, sends[-self.limits.group_per_minute] + 60.0)
        return max(0.0, ready - now)

    def reserve(self, chat_id: int, *, max_chat_wait: float = 1.0) -> float | None:
        """Book the next slot for a message to `chat_id`.

        Returns:
            Seconds to wait before sending, or None when the chat itself is not ready within
            `max_chat_wait` (the caller retries that message later instead of holding a slot
            every other chat could use).
        """
        chat_wait = self.chat_ready_in(chat_id)
        if chat_wait > max_chat_wait:
            return None
        now = self._clock()
        slot = max(now, self._next_slot, self._paused_until, now + chat_wait)
        self._next_slot = slot + self._spacing
        self._remember(chat_id, slot)
        return slot - now

    def _remember(self, chat_id: int, slot: float) -> None:
        if len(self._chat_last) > self._prune_at:
            horizon = slot - max(60.0, self.limits.private_interval)
            self._chat_last = {c: t for c, t in self._chat_last.items() if t > horizon}
            self._group_sends = {
                c: d for c, d in self._group_sends.items() if d and d[-1] > slot - 60.0
            }
            # Amortised: prune again only when the map has doubled since.
            self._prune_at = max(_PRUNE_ABOVE, 2 * len(self._chat_last))
        self._chat_last[chat_id] = slot
        if is_group_chat(chat_id):
            self._group_sends.setdefault(chat_id, deque()).append(slot)
