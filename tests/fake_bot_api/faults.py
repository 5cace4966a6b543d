"""Fault injection and an optional flood-control model.

Why: the broadcaster's correctness is all about failure paths (RetryAfter, blocked users, deleted
chats, migrations, timeouts that still delivered). These make each one reproducible on demand,
and the flood model proves the sender's pacing instead of trusting it.
"""

from __future__ import annotations

import math
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field

from . import errors
from .errors import ApiError

# Methods that deliver something into a chat: what blocking and flood control apply to.
_SEND_PREFIXES = ("send", "copymessage", "forwardmessage", "editmessage", "stoppoll")
_DEFAULT_DESCRIPTIONS = {
    400: "Bad Request: injected failure",
    401: errors.UNAUTHORIZED,
    403: errors.BLOCKED,
    404: errors.NOT_FOUND,
    409: errors.CONFLICT_POLLING,
    500: "Internal Server Error",
    502: "Bad Gateway",
}


def is_send(method: str) -> bool:
    """True for methods that put a message (or edit) into a chat."""
    return method.startswith(_SEND_PREFIXES) and method != "sendchataction"


@dataclass
class _Rule:
    method: str | None
    chat_id: int | str | None
    times: int  # -1 = forever

    def matches(self, method: str, chat_id: int | str | None) -> bool:
        if self.method is not None and self.method != method:
            return False
        return self.chat_id is None or self.chat_id == chat_id

    def consume(self) -> bool:
        """Use one shot; True when the rule is exhausted and must be removed."""
        if self.times > 0:
            self.times -= 1
        return self.times == 0


@dataclass
class _Failure(_Rule):
    error: ApiError = field(default_factory=lambda: ApiError(400, "Bad Request"))


@dataclass
class _Delay(_Rule):
    seconds: float = 0.0


@dataclass
class FloodModel:
    """Sliding-window limits from Telegram's bot FAQ; every breach answers 429 + retry_after."""

    overall_per_second: int = 30
    per_chat_per_second: int = 1
    per_group_per_minute: int = 20
    count_edits: bool = False
    clock: Callable[[], float] = time.monotonic
    rejected: int = 0
    _overall: deque[float] = field(default_factory=deque, repr=False)
    _chats: dict[int | str, deque[float]] = field(default_factory=dict, repr=False)
    _groups: dict[int | str, deque[float]] = field(default_factory=dict, repr=False)

    def admit(self, method: str, chat_id: int | str | None) -> ApiError | None:
        """Count a message, or refuse it with Telegram's 429."""
        if chat_id is None or not is_send(method):
            return None
        if method.startswith("editmessage") and not self.count_edits:
            return None
        now = self.clock()
        windows = [
            (self._overall, 1.0, self.overall_per_second),
            (self._chats.setdefault(chat_id, deque()), 1.0, self.per_chat_per_second),
        ]
        if isinstance(chat_id, str) or chat_id < 0:
            windows.append(
                (self._groups.setdefault(chat_id, deque()), 60.0, self.per_group_per_minute)
            )
        wait = 0.0
        for stamps, span, limit in windows:
            while stamps and stamps[0] <= now - span:
                stamps.popleft()
            if len(stamps) >= limit:
                wait = max(wait, stamps[len(stamps) - limit] + span - now)
        if wait > 0:
            self.rejected += 1
            return errors.retry_after(math.ceil(wait))
        for stamps, _, _ in windows:
            stamps.append(now)
        return None


class Faults:
    """Registry of injected failures, delays, dropped connections and chat states."""

    def __init__(self) -> None:
        self.failures: list[_Failure] = []
        self.delays: list[_Delay] = []
        self.drops: list[_Rule] = []
        self.blocked: set[int | str] = set()
        self.deleted: set[int | str] = set()
        self.migrated: dict[int | str, int] = {}
        self.flood: FloodModel | None = None

    def fail_next(
        self,
        method: str | None,
        error_code: int = 400,
        description: str | None = None,
        *,
        retry_after: int | None = None,
        migrate_to_chat_id: int | None = None,
        times: int = 1,
        chat_id: int | str | None = None,
    ) -> None:
        """Answer the next ``times`` calls of ``method`` (None = any) with this error."""
        parameters: dict[str, int] = {}
        if retry_after is not None:
            parameters["retry_after"] = int(retry_after)
            description = description or f"Too Many Requests: retry after {int(retry_after)}"
            error_code = 429 if error_code == 400 else error_code
        if migrate_to_chat_id is not None:
            parameters["migrate_to_chat_id"] = migrate_to_chat_id
            description = description or errors.MIGRATED
        description = description or _DEFAULT_DESCRIPTIONS.get(error_code, "Injected failure")
        error = ApiError(error_code, description, parameters)
        self.failures.append(_Failure(_lower(method), chat_id, times, error))

    def delay_next(
        self,
        method: str | None,
        seconds: float,
        *,
        times: int = 1,
        chat_id: int | str | None = None,
    ) -> None:
        """Apply the call, then hold the response ``seconds`` (provokes client timeouts)."""
        self.delays.append(_Delay(_lower(method), chat_id, times, seconds))

    def drop_next(
        self, method: str | None, *, times: int = 1, chat_id: int | str | None = None
    ) -> None:
        """Apply the call, then close the connection without answering (the ambiguous case)."""
        self.drops.append(_Rule(_lower(method), chat_id, times))

    def take_failure(self, method: str, chat_id: int | str | None) -> ApiError | None:
        """The injected error for this call, if any (consumes one shot)."""
        rule = _take(self.failures, method, chat_id)
        return rule.error if isinstance(rule, _Failure) else None

    def take_delay(self, method: str, chat_id: int | str | None) -> float:
        """Seconds to hold the response of this call (consumes one shot)."""
        rule = _take(self.delays, method, chat_id)
        return rule.seconds if isinstance(rule, _Delay) else 0.0

    def take_drop(self, method: str, chat_id: int | str | None) -> bool:
        """Whether to drop the connection after applying this call."""
        return _take(self.drops, method, chat_id) is not None

    def chat_error(
        self, method: str, chat_id: int | str | None, chat_type: str | None
    ) -> ApiError | None:
        """Persistent chat states: migrated and deleted affect every chat method, blocked sends."""
        if chat_id is None:
            return None
        if chat_id in self.migrated:
            return errors.migrated(self.migrated[chat_id])
        if chat_id in self.deleted:
            return ApiError(400, errors.CHAT_NOT_FOUND)
        if chat_id in self.blocked and (is_send(method) or method == "sendchataction"):
            if chat_type == "group":
                return ApiError(403, errors.KICKED_GROUP)
            if chat_type in ("supergroup", "channel"):
                return ApiError(403, errors.KICKED_SUPERGROUP)
            return ApiError(403, errors.BLOCKED)
        return None


def _lower(method: str | None) -> str | None:
    return method.lower() if method is not None else None


def _take(rules: list, method: str, chat_id: int | str | None) -> _Rule | None:
    for index, rule in enumerate(rules):
        if rule.matches(method, chat_id):
            if rule.consume():
                del rules[index]
            return rule
    return None
