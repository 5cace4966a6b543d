"""Postcodes and districts -> the nearest general acute trusts, offline.

A full postcode is recognised anywhere ("LS9 7TF", "ls97tf"); a bare district ("LS9", "ct1")
only with a postcode cue ("I live in", "near", "postcode") or when it is the whole message, so
"M1 traffic" or a trust code such as "RH5" is not read as a place. Distances are from the
district centroid to each trust's main acute sites (haversine); specialist trusts are left
out because "my local hospital" means a general one.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

from bot.understanding.models import NearbyTrust, PostcodeResult
from db.reference import ReferenceData

_FULL = re.compile(
    r"(?<![A-Za-z0-9])([A-Za-z]{1,2}[0-9][A-Za-z0-9]?) ?([0-9][A-Za-z]{2})(?![A-Za-z0-9])"
)
_DISTRICT = re.compile(r"(?<![A-Za-z0-9])([A-Za-z]{1,2}[0-9][A-Za-z0-9]?)(?![A-Za-z0-9])")
_OUTWARD = re.compile(r"^[A-Z]{1,2}[0-9][A-Z0-9]?$")
_CUE_BEFORE = re.compile(
    r"\b(?:post ?code|live|living|lives|i['\u2019]?m in|im in|i am in|near|nearest|closest|local"
    r"|around|based in|district)\b",
    re.I,
)
_CUE_AFTER = re.compile(r"^\W*(?:area|postcode|post code|district)\b", re.I)
_CUE_WINDOW = 40
_AFTER_POSTCODE_WORD = re.compile(
    r"\bpost ?code\s*(?:is|:|=)?\s*([A-Za-z0-9]{1,4}(?: ?[A-Za-z0-9]{3})?)\b", re.I
)
_ENGLAND = "England"
_NO_NATION = "Non-geographic"
_EARTH_RADIUS_KM = 6371.0088
NEARBY_COUNT = 3


@dataclass(frozen=True, slots=True)
class PostcodeSpan:
    """A postcode found in a message, with its character span (to mask it from names)."""

    result: PostcodeResult
    start: int
    end: int


def _cued(text: str, match: re.Match[str]) -> bool:
    """A bare district counts only next to a postcode cue ("I live in LS9", "CT1 area"),
    and never as "the M1"."""
    before = text[max(0, match.start() - _CUE_WINDOW) : match.start()]
    if re.search(r"\bthe\s*$", before, re.I):
        return False
    return bool(_CUE_BEFORE.search(before) or _CUE_AFTER.match(text[match.end() :]))


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in kilometres."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * _EARTH_RADIUS_KM * math.asin(math.sqrt(a))


class PostcodeLocator:
    """District table and main acute sites of general acute trusts, kept for lookups."""

    def __init__(self, reference: ReferenceData) -> None:
        """Index districts by outward code and collect the sites to measure to."""
        self._districts = {d.district.upper(): d for d in reference.postcode_districts}
        self._areas = frozenset(re.match(r"[A-Z]+", d).group() for d in self._districts)
        general = {
            t.trust_code
            for t in reference.trusts
            if t.trust_type == "Acute trust" and t.trust_subtype != "Acute - Specialist"
        }
        self._sites = tuple(
            s for s in reference.sites if s.is_main_acute_site and s.trust_code in general
        )

    def is_district(self, token: str) -> bool:
        """True for an outward code in the table ("LS9", "cb2")."""
        return token.upper() in self._districts

    def lookup(self, query: str) -> PostcodeResult:
        """Classify a postcode or district and, if in England, list the nearest trusts."""
        compact = re.sub(r"\s+", "", query).upper()
        outward = compact[:-3] if len(compact) >= 5 and compact[-3].isdigit() else compact
        shown = f"{outward} {compact[len(outward) :]}".strip()
        area = re.match(r"[A-Z]*", outward).group()
        if not _OUTWARD.match(outward) or area not in self._areas:
            return PostcodeResult(shown, None, "invalid", None)
        district = self._districts.get(outward)
        if district is None:
            return PostcodeResult(shown, outward, "unknown_district", None)
        nation = district.nation
        if nation not in (_ENGLAND, _NO_NATION):
            return PostcodeResult(shown, outward, "outside_england", nation)
        if district.latitude is None or district.longitude is None:
            return PostcodeResult(shown, outward, "no_coordinates", nation)
        return PostcodeResult(
            shown, outward, "ok", nation, self.nearest(district.latitude, district.longitude)
        )

    def nearest(
        self, lat: float, lon: float, count: int = NEARBY_COUNT
    ) -> tuple[NearbyTrust, ...]:
        """The `count` nearest general acute trusts, each with its nearest main acute site."""
        best: dict[str, NearbyTrust] = {}
        for site in self._sites:
            km = haversine_km(lat, lon, site.latitude, site.longitude)
            known = best.get(site.trust_code)
            if known is None or km < known.distance_km:
                best[site.trust_code] = NearbyTrust(
                    site.trust_code, site.site_name, site.site_code, round(km, 2)
                )
        return tuple(sorted(best.values(), key=lambda n: n.distance_km)[:count])

    def find(self, text: str, *, expected: bool, minimal: bool) -> PostcodeSpan | None:
        """The first postcode in a message. `expected`: the caller asked for one (/near);
        `minimal`: the message is only this token, so a bare district counts."""
        full = _FULL.search(text)
        if full:
            return PostcodeSpan(self.lookup(full.group()), full.start(), full.end())
        for match in _DISTRICT.finditer(text):
            if self.is_district(match.group()) and (expected or minimal or _cued(text, match)):
                return PostcodeSpan(self.lookup(match.group()), match.start(), match.end())
        typed = _AFTER_POSTCODE_WORD.search(text)
        if typed or (expected and text.strip()):
            query = typed.group(1) if typed else text.strip()
            start = typed.start(1) if typed else text.index(query)
            return PostcodeSpan(self.lookup(query), start, start + len(query))
        return None
