"""Compact, validated callback data for inline buttons (Telegram allows 1–64 bytes).

Buttons carry an action and ODS codes only, never names: `t:RR8` (trust report), `m:ae_4h:RR8`
(a measure), `c:RR8` (chart), `f:RR8` / `u:RR8` (follow / unfollow). Anything that comes back is
parsed strictly: stale or forged data yields None and a polite answer, never a crash.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

MAX_BYTES = 64
ACTIONS = {"t": "report", "m": "metric", "c": "chart", "f": "follow", "u": "unfollow"}
_PATTERN = re.compile(
    r"^(?P<action>[tmcfu]):(?:(?P<topic>[a-z0-9_]{1,24}):)?(?P<code>[A-Z0-9]{3,5})$"
)


@dataclass(frozen=True, slots=True)
class ButtonAction:
    """What a pressed button asks for."""

    action: str  # one of ACTIONS' values
    trust_code: str
    topic: str | None = None


def encode(action: str, trust_code: str, topic: str | None = None) -> str:
    """Callback data for a button (raises ValueError if it would not be valid)."""
    short = next(k for k, v in ACTIONS.items() if v == action)
    data = f"{short}:{topic}:{trust_code}" if topic else f"{short}:{trust_code}"
    if len(data.encode()) > MAX_BYTES or not _PATTERN.fullmatch(data):
        raise ValueError(f"invalid callback data {data!r}")
    return data


def decode(data: str | None, known_codes: frozenset[str] | set[str]) -> ButtonAction | None:
    """Parse callback data; None if malformed, forged, or about a trust we don't know."""
    if not data or len(data.encode()) > MAX_BYTES:
        return None
    match = _PATTERN.fullmatch(data)
    if not match or match["code"] not in known_codes:
        return None
    topic = match["topic"]
    if (match["action"] == "m") != (topic is not None):
        return None
    return ButtonAction(ACTIONS[match["action"]], match["code"], topic)
