"""What to do when Telegram refuses or loses an alert: telegram.md §4.3 as one pure function.

PTB maps errors by HTTP status (telegram.md §2.8): `BadRequest` and `TimedOut` are
`NetworkError`s, so the order of the checks matters. Descriptions are matched by lower-case
substring. Ambiguous outcomes (a read timeout, a connection dropped after the request went
out) become "unknown" and are never resent: Telegram has no idempotency key, so at-most-once
is the only way to never send a chat two copies (telegram.md §4.4).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

import httpx
from telegram.error import (
    BadRequest,
    ChatMigrated,
    Forbidden,
    InvalidToken,
    NetworkError,
    RetryAfter,
    TelegramError,
    TimedOut,
)

RETRY_AFTER, DEACTIVATE, MIGRATED = "retry_after", "deactivate", "migrated"
UNKNOWN, RETRY, FAILED, ABORT = "unknown", "retry", "failed", "abort"

# BadRequest descriptions that mean the chat is gone for good (telegram.md §4.3).
_CHAT_GONE = ("chat not found", "group chat was deleted", "peer_id_invalid", "user is deactivated")
# httpx errors raised before the request left this machine: safe to send again.
_NOT_SENT = (httpx.ConnectError, httpx.ConnectTimeout, httpx.PoolTimeout)


@dataclass(frozen=True, slots=True)
class Verdict:
    """The sender's next step for a failed send."""

    action: str
    reason: str
    seconds: float = 0.0
    new_chat_id: int | None = None


def seconds_of(value: int | float | timedelta) -> float:
    """`RetryAfter.retry_after`: an int, or a timedelta with PTB_TIMEDELTA=1 (telegram.md §2.8)."""
    return value.total_seconds() if isinstance(value, timedelta) else float(value)


def classify(error: TelegramError) -> Verdict:
    """Map a PTB exception from `send_message` to an action (telegram.md §4.3)."""
    message = error.message
    lowered = message.lower()
    if isinstance(error, RetryAfter):
        return Verdict(RETRY_AFTER, message, seconds=seconds_of(error.retry_after))
    if isinstance(error, ChatMigrated):
        return Verdict(MIGRATED, message, new_chat_id=error.new_chat_id)
    if isinstance(error, Forbidden):
        return Verdict(DEACTIVATE, message)
    if isinstance(error, InvalidToken):
        return Verdict(ABORT, message)
    if isinstance(error, BadRequest):
        if any(text in lowered for text in _CHAT_GONE):
            return Verdict(DEACTIVATE, message)
        return Verdict(FAILED, message)  # our bug (bad HTML, too long): retrying cannot help
    if isinstance(error, TimedOut):
        if isinstance(error.__cause__, _NOT_SENT) or "not* sent" in lowered:
            return Verdict(RETRY, message)
        return Verdict(UNKNOWN, message or "timed out waiting for Telegram's answer")
    if isinstance(error, NetworkError):
        if isinstance(error.__cause__, _NOT_SENT):
            return Verdict(RETRY, message)
        if isinstance(error.__cause__, httpx.HTTPError):
            return Verdict(UNKNOWN, message)  # the connection broke after the request was sent
        return Verdict(RETRY, message)  # Telegram answered 5xx: nothing was delivered
    return Verdict(RETRY, message)
