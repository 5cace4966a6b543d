"""What a message asks for, from keyword rules over its words with trust names masked.

Trust mentions are replaced by "T" and postcodes by "P" first, so a name's own words never
count as a request ("Clatterbridge Cancer Centre" is not a cancer question, "East Midlands
Ambulance" not an ambulance-table request). Rules are ordered: an explicit action (unsubscribe,
subscribe, postcode, help, explain) beats a metric, which beats a ranking list, which beats a
plain lookup. A name with no request at all only counts when the message is little more than
the name ("treliske", "Frimley Park?"); chatter that merely mentions a town stays `none`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot.understanding import intent_patterns as p
from bot.understanding.models import Intent
from bot.understanding.vocabulary import FILLER_WORDS, REGION_SYNONYMS


@dataclass(frozen=True, slots=True)
class Request:
    """The words of a message (names as "T", postcodes as "P") and what was found in them."""

    words: tuple[str, ...]
    n_trusts: int
    has_postcode: bool
    area_found: bool
    places_only: bool = False
    distinct: int = 0  # different trusts (or sites) named; 0 = as many as `n_trusts`

    @property
    def text(self) -> str:
        """The words as one string, for the patterns."""
        return " ".join(self.words)

    @property
    def leftover(self) -> int:
        """Words that are neither names, postcodes, filler nor "vs"-like links."""
        return sum(
            1
            for w in self.words
            if w not in ("T", "P") and w not in FILLER_WORDS and w not in p.WEAK_COMPARE
        )


def explain_topic(text: str) -> str | None:
    """The explanation asked for ("cap", "scores", "ranking", "segments"), if any."""
    if not p.WHY.search(text) and not re.search(r"\bcapped\b|\bexplain\w*\b", text):
        return None
    return next((topic for topic, pattern in p.EXPLAIN_TOPICS if pattern.search(text)), None)


def metric_of(text: str) -> str | None:
    """Which headline metric a question is about, if any."""
    return next((name for name, pattern in p.METRICS if pattern.search(text)), None)


def classify(req: Request) -> Intent:
    """The intent of a message without a command hint."""
    text, trusts = req.text, req.n_trusts
    chatter = req.places_only and p.CHATTER.search(text) and not p.NHS_WORDS.search(text)
    # A bare name is a lookup ("treliske", "Frimley Park?"); a bare town needs nothing else.
    minimal = trusts > 0 and req.leftover <= (0 if req.places_only else 1)
    if p.UNSUBSCRIBE.search(text):
        return Intent.UNSUBSCRIBE
    if p.SUBSCRIBE.search(text):
        return Intent.SUBSCRIBE
    if req.has_postcode:
        return Intent.NEAR_POSTCODE
    if not trusts and _asks_help(text):
        return Intent.HELP
    if explain_topic(text) and (trusts == 0 or re.search(r"\bwhy\b|\bcapp?ed\b", text)):
        return Intent.EXPLAIN
    if chatter:
        return Intent.NONE
    metric = metric_of(text)
    if trusts and metric:
        return Intent.METRIC
    if not trusts:
        ranked = p.RANKED_THING.search(text) or req.area_found
        for intent, pattern in ((Intent.TOP, p.TOP), (Intent.BOTTOM, p.BOTTOM)):
            if ranked and pattern.search(text):
                return intent
        if (p.SEGMENT.search(text) or p.RECOVERY.search(text)) and p.LIST.search(text):
            return Intent.SEGMENT_LIST
        if req.area_found and p.REGION_LIST.search(text):
            return Intent.REGION_LIST
        if p.NEAR.search(text):
            return Intent.NEAR_POSTCODE
        if metric and p.QUESTION.search(text):
            return Intent.METRIC
        return Intent.NONE
    liked = p.LIKE.search(text) and not (req.places_only and not p.NHS_WORDS.search(text))
    asks = bool(p.LOOKUP.search(text) or liked) or minimal
    # One trust named twice ("taken to the Royal Derby ... how does the Royal Derby rank") is
    # a lookup; two sites of one trust compare only when set against each other.
    several = (req.distinct or trusts) >= 2 or bool(p.COMPARED.search(text))
    if trusts >= 2 and several and (asks or p.COMPARE.search(text)):
        return Intent.COMPARE
    if asks or p.COMPARE.search(text):
        return Intent.LOOKUP
    return Intent.NONE


def ambulance_request(text: str, *, follows: bool = False) -> Intent | None:
    """What a question about ambulances in an area asks ("ambulance response times in
    yorkshire" -> metric, "how is the ambulance service in kent doing" -> lookup), or None
    when it is no question about them ("the ambulance took ages yesterday"). With `follows`
    (a follow request or a command) the ambulance word alone is enough."""
    if not p.AMBULANCE.search(text):
        return None
    if follows:
        return Intent.SUBSCRIBE
    if p.CHATTER.search(text):
        return None
    if metric_of(text):
        return Intent.METRIC
    return Intent.LOOKUP if p.LOOKUP.search(text) or p.QUESTION.search(text) else None


def _asks_help(text: str) -> bool:
    """A request for help, perhaps after a greeting ("hi there, what is this"); a greeting
    alone also gets the help text, since that is what someone saying hello to a bot wants."""
    greeting = p.GREETING.match(text)
    rest = text[greeting.end() :].strip() if greeting else text
    return bool(greeting and not rest) or bool(p.HELP.search(rest) or p.HELP.search(text))


def is_follow(text: str) -> bool:
    """True for a request to follow or unfollow ("follow T", "stop alerts for T")."""
    return bool(p.SUBSCRIBE.search(text) or p.UNSUBSCRIBE.search(text))


def asks_about_trust(text: str) -> bool:
    """True when the words ask how a named trust is doing ("how is T doing", "T segment")."""
    return bool(p.LOOKUP.search(text))


def wants_list(text: str) -> bool:
    """True when the words ask for a list or a ranking ("which trusts", "top 5", "worst")."""
    return bool(p.WANTS_LIST.search(text) or p.TOP.search(text) or p.BOTTOM.search(text))


def limit_of(text: str, *, bare: bool = False) -> int | None:
    """N of "top 10", "5 worst", "bottom five"; with `bare`, also a lone number ("/top 5")."""
    match = p.LIMIT.search(text) or (re.search(r"(?<![\w.])(\d{1,3})\b", text) if bare else None)
    if not match:
        return None
    number = next(g for g in match.groups() if g)
    return int(number) if number.isdigit() else p.NUMBER_WORDS[number]


def segment_of(text: str, *, bare: bool = False) -> int | None:
    """The segment number named ("segment 4", "seg 2", "segment four"), 1-5; with `bare`,
    also a lone digit ("/segment 4")."""
    match = p.SEGMENT.search(text) or (re.search(r"\b([1-5])\b", text) if bare else None)
    if not match and p.RECOVERY.search(text):
        return 5
    if not match:
        return None
    value = match.group(1)
    number = int(value) if value.isdigit() else p.NUMBER_WORDS[value]
    return number if 1 <= number <= 5 else None


def trust_type_of(text: str) -> str | None:
    """The league table named: "acute", "mental-health-community" or "ambulance"."""
    return next((name for name, pattern in p.TRUST_TYPES if pattern.search(text)), None)


def region_of(text: str, regions: frozenset[str]) -> str | None:
    """The NHS England region named, in the NOF spelling (only regions in the data)."""
    padded = f" {text} "
    for phrase, region in REGION_SYNONYMS:
        if region in regions and f" {phrase} " in padded:
            return region
    return None


def quarter_of(text: str) -> str | None:
    """An explicit quarter such as "Q1 2025/26" (also "q1 2025-26", "2025/26 Q1")."""
    match = re.search(r"\bq([1-4])\s*(20\d\d)\s*[/-]\s*(\d\d(?:\d\d)?)\b", text, re.I)
    if match:
        number, start, end = match.groups()
    else:
        match = re.search(r"\b(20\d\d)\s*[/-]\s*(\d\d(?:\d\d)?)\s*q([1-4])\b", text, re.I)
        if not match:
            return None
        start, end, number = match.groups()
    if int(end[-2:]) != (int(start) + 1) % 100:
        return None
    return f"Q{number} {start}/{end[-2:]}"
