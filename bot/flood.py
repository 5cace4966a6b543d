"""Per-chat flood protection: a sliding window per chat, with one warning per burst.

Pure (no Telegram, clock passed in), so the rule is tested without time passing.
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass, field


@dataclass
class FloodGuard:
    """Allow at most `limit` updates per chat within `window` seconds."""

    limit: int = 8
    window: float = 10.0
    max_chats: int = 10_000
    _seen: dict[int, deque[float]] = field(default_factory=dict)
    _warned: dict[int, float] = field(default_factory=dict)

    def check(self, chat_id: int, now: float) -> str:
        """"ok", "warn" (first refusal of a burst: tell the user once) or "drop"."""
        times = self._seen.get(chat_id)
        if times is None:
            if len(self._seen) >= self.max_chats:
                self._prune(now)
            times = self._seen[chat_id] = deque()
        while times and now - times[0] > self.window:
            times.popleft()
        if len(times) < self.limit:
            times.append(now)
            return "ok"
        warned = self._warned.get(chat_id)
        if warned is not None and now - warned <= self.window:
            return "drop"
        self._warned[chat_id] = now
        return "warn"

    def _prune(self, now: float) -> None:
        stale = [c for c, t in self._seen.items() if not t or now - t[-1] > self.window]
        for chat_id in stale:
            self._seen.pop(chat_id, None)
            self._warned.pop(chat_id, None)
