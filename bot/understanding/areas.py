"""Areas a message names: integrated care boards, and the ambulance service covering an area.

Why a separate step: an ICB name is built from place and trust words ("Kent and Medway",
"Black Country", "Surrey Heartlands"), so read word by word it looks like two trusts or a
hospital ("Heartlands"). When a message asks about an area ("list trusts in Kent and Medway
ICB", "how are hospitals in Devon doing"), the ICB name as a whole wins over the trust
mentions inside it; a longer trust name ("Kent and Medway Mental Health") still beats it.
Ambulance trusts cover whole regions, so "ambulance response times in yorkshire" means the
ambulance trust of that area, not a list. Pure: built once from `ReferenceData`.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from bot.understanding import intent_patterns as p
from bot.understanding.alias_index import AliasIndex
from bot.understanding.intents import asks_about_trust, wants_list
from bot.understanding.models import Mention
from bot.understanding.normalise import Token, plain_text
from bot.understanding.postcodes import haversine_km
from bot.understanding.vocabulary import REGION_SYNONYMS
from db.reference import ReferenceData

# Words around an ICB name that say the board itself is meant ("NHS Kent and Medway ICB").
_ICB_AFTER = frozenset({"icb", "icbs", "ics", "integrated", "board", "system"})
_AMBULANCE = "Ambulance trust"

Icb = tuple[str, str]  # (icb_code, region)


@dataclass(frozen=True, slots=True)
class IcbSpan:
    """An ICB name in a message: token positions `start`..`end` (exclusive) and the board.

    `explicit` when "ICB"/"ICS"/"integrated care board" follows or "NHS" precedes it.
    """

    start: int
    end: int
    code: str
    region: str
    explicit: bool


def asks_for_area(masked: str, names_icb: bool, *, cued: bool = False) -> bool:
    """True when a town, county or ICB is a filter ("trusts in Devon", "who's bottom in Kent",
    "how are hospitals in Devon doing"), not the name of one trust. With `cued`, an ICB name
    also needs a word placing it ("in T", "T trusts"): "going to Kent and Medway hospital"
    is no request for the board's list."""
    if names_icb and p.PLURAL_AREA.search(masked):
        return True
    if not ((names_icb and not cued) or p.IN_AREA.search(masked)):
        return False
    return wants_list(masked) or not asks_about_trust(masked)


def region_phrase(text: str) -> str | None:
    """The words naming a region in folded text ("the north west" -> "north west")."""
    padded = f" {text} "
    return next((phrase for phrase, _ in REGION_SYNONYMS if f" {phrase} " in padded), None)


class AreaIndex:
    """ICB names by first word, ICBs and trusts by code, and the ambulance trusts."""

    def __init__(self, reference: ReferenceData) -> None:
        """Normalise every ICB name once ("NHS Kent and Medway ICB" -> "kent and medway")."""
        phrases = [
            (
                tuple(plain_text(re.sub(r"\b(NHS|ICB)\b", " ", i.icb_name)).split()),
                i.icb_code,
                i.region,
            )
            for i in reference.icbs
        ]
        self._phrases = tuple(sorted(phrases, key=lambda ph: -len(ph[0])))
        by_first: dict[str, list[tuple[tuple[str, ...], str, str]]] = defaultdict(list)
        for phrase in self._phrases:
            by_first[phrase[0][0]].append(phrase)
        self._by_first = dict(by_first)
        self._icbs = {i.icb_code: i for i in reference.icbs}
        self._trusts = {t.trust_code: t for t in reference.trusts}
        self._ambulance = tuple(t for t in reference.trusts if t.trust_type == _AMBULANCE)
        self._ambulance_names = {
            t.trust_code: f" {plain_text(t.short_name)} " for t in self._ambulance
        }

    def icb_span(self, tokens: Sequence[Token]) -> IcbSpan | None:
        """The first (longest at its place) ICB name among `tokens`."""
        words = [t.plain for t in tokens]
        for i, word in enumerate(words):
            for phrase, code, region in self._by_first.get(word, ()):
                end = i + len(phrase)
                if tuple(words[i:end]) == phrase:
                    after = words[end] if end < len(words) else ""
                    explicit = after in _ICB_AFTER or (i > 0 and words[i - 1] == "nhs")
                    return IcbSpan(i, end, code, region, explicit)
        return None

    def icb_in(self, text: str) -> Icb | None:
        """The ICB whose name appears in already-folded text."""
        padded = f" {text} "
        return next(
            (
                (code, region)
                for phrase, code, region in self._phrases
                if f" {' '.join(phrase)} " in padded
            ),
            None,
        )

    def icb_of_places(self, mentions: tuple[Mention, ...], index: AliasIndex) -> Icb | None:
        """The ICB a town or county means: by its name, else the one its trusts share."""
        for mention in mentions:
            word = f" {plain_text(mention.text)} "
            named = [
                (code, region)
                for phrase, code, region in self._phrases
                if word in f" {' '.join(phrase)} "
            ]
            if len(named) == 1:
                return named[0]
            trusts = [index.trusts[c] for c in mention.codes]
            homes = {(t.icb_code, t.region) for t in trusts if t.trust_type == "Acute trust"}
            homes = homes or {(t.icb_code, t.region) for t in trusts}
            if len(homes) == 1:
                return homes.pop()
        return None

    def ambulance_for(self, text: str, region: str | None, icb: Icb | None) -> tuple[str, ...]:
        """The ambulance trust(s) of the area in `text`: one named after the region phrase
        ("yorkshire" -> Yorkshire Ambulance Service), else the ICB's host ambulance trust,
        else the region's (the nearest one to the ICB's hospitals when there are two)."""
        phrase = region_phrase(text)
        if phrase:
            named = tuple(
                code for code, name in self._ambulance_names.items() if f" {phrase} " in name
            )
            if named:
                return named
        if icb is not None:
            board = self._icbs[icb[0]]
            hosted = [c for c in board.all_trust_codes if c in self._ambulance_names]
            return (hosted[0],) if hosted else self._nearest(board.acute_trust_codes, icb[1])
        return tuple(t.trust_code for t in self._ambulance if t.region == region)

    def _nearest(self, acute: Sequence[str], region: str) -> tuple[str, ...]:
        """The region's ambulance trust nearest the mean position of an ICB's hospitals."""
        options = [t for t in self._ambulance if t.region == region]
        points = [
            (t.latitude, t.longitude)
            for t in (self._trusts[c] for c in acute)
            if t.latitude is not None and t.longitude is not None
        ]
        placed = [t for t in options if t.latitude is not None and t.longitude is not None]
        if len(options) < 2 or not points or not placed:
            return tuple(t.trust_code for t in options)
        lat = sum(pt[0] for pt in points) / len(points)
        lon = sum(pt[1] for pt in points) / len(points)
        best = min(placed, key=lambda t: haversine_km(lat, lon, t.latitude, t.longitude))
        return (best.trust_code,)
