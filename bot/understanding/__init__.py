"""Message understanding: which trusts a message names, what it asks, and where a postcode is.

Pure (rapidfuzz and the standard library only): it receives `ReferenceData` and never touches
Telegram, the database, the network, the environment or the clock.
"""

from bot.understanding.models import (
    Ambiguity,
    Intent,
    Mention,
    NearbyTrust,
    PostcodeResult,
    ResolveResult,
    Understanding,
)
from bot.understanding.understander import COMMAND_INTENTS, MessageUnderstander

__all__ = [
    "COMMAND_INTENTS",
    "Ambiguity",
    "Intent",
    "Mention",
    "MessageUnderstander",
    "NearbyTrust",
    "PostcodeResult",
    "ResolveResult",
    "Understanding",
]
