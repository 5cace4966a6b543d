"""The values the understanding layer hands to the rest of the bot.

Plain frozen dataclasses and a StrEnum so the Telegram handlers, the CLI and the tests can
compare and print them without knowing how a message was parsed.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Intent(StrEnum):
    """What the sender wants; the values are the labels of the evaluation files."""

    LOOKUP = "lookup"
    COMPARE = "compare"
    TOP = "top"
    BOTTOM = "bottom"
    SEGMENT_LIST = "segment_list"
    REGION_LIST = "region_list"
    NEAR_POSTCODE = "near_postcode"
    METRIC = "metric"
    SUBSCRIBE = "subscribe"
    UNSUBSCRIBE = "unsubscribe"
    EXPLAIN = "explain"
    HELP = "help"
    NONE = "none"


@dataclass(frozen=True, slots=True)
class NearbyTrust:
    """A general acute trust near a postcode, with its nearest main acute site."""

    trust_code: str
    site_name: str
    site_code: str
    distance_km: float


@dataclass(frozen=True, slots=True)
class PostcodeResult:
    """A postcode or district from a message and the trusts near it.

    `status` is "ok", "outside_england", "invalid", "unknown_district" or "no_coordinates";
    `nearby` is empty unless the status is "ok".
    """

    query: str
    district: str | None
    status: str
    nation: str | None
    nearby: tuple[NearbyTrust, ...] = ()


@dataclass(frozen=True, slots=True)
class Mention:
    """One place in the message that names a trust (or several, when ambiguous).

    `start`/`end` are character offsets of `text` in the message; `key` is the normalised
    alias matched and `source` the name it came from; `score` is 100 for an exact match, less
    for a spelling or fuzzy one.
    """

    text: str
    start: int
    end: int
    codes: tuple[str, ...]
    key: str
    source: str
    score: float = 100.0

    @property
    def is_ambiguous(self) -> bool:
        """True when the mention still names more than one trust."""
        return len(self.codes) > 1


@dataclass(frozen=True, slots=True)
class Ambiguity:
    """A mention that needs a question back, with the trusts it could mean."""

    text: str
    candidates: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class ResolveResult:
    """The trust part of a message: resolved codes in order, and any open ambiguity."""

    trust_codes: tuple[str, ...]
    candidates: tuple[str, ...]
    ambiguous_text: str | None
    mentions: tuple[Mention, ...] = ()
    ambiguities: tuple[Ambiguity, ...] = ()


@dataclass(frozen=True, slots=True)
class Understanding:
    """Everything the bot needs to answer one message.

    `candidates` is filled when an ambiguous mention blocks the answer (the caller asks which
    trust was meant, `ambiguous_text` being what was typed). `metric` is one of "ae_4h",
    "rtt_18w", "cancer", "ambulance_response", "finance", "staff_survey", "other".
    """

    intent: Intent
    trust_codes: tuple[str, ...] = ()
    candidates: tuple[str, ...] = ()
    ambiguous_text: str | None = None
    metric: str | None = None
    limit: int | None = None
    trust_type: str | None = None
    region: str | None = None
    icb_code: str | None = None
    segment: int | None = None
    quarter: str | None = None
    postcode: PostcodeResult | None = None
    explain_topic: str | None = None
