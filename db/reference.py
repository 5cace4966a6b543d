"""Curated reference data bundled with the package: trusts, sites, aliases, ICBs, postcodes.

Read from the CSV copies in `db/bundled/reference/` (sources and licences in its README).
Returned as plain frozen dataclasses so the pure understanding layer never touches files.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from importlib import resources

_REFERENCE_PACKAGE = "db.bundled.reference"


@dataclass(frozen=True, slots=True)
class TrustRef:
    """One NOF trust, keyed by its ODS code."""

    trust_code: str
    trust_name: str
    short_name: str
    trust_type: str
    trust_subtype: str
    region: str
    icb_code: str
    icb_name: str
    hq_postcode: str
    latitude: float | None
    longitude: float | None
    former_codes: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class SiteRef:
    """A hospital or clinic site run by a trust."""

    site_code: str
    site_name: str
    town: str
    postcode: str
    latitude: float
    longitude: float
    trust_code: str
    site_type: str
    is_main_acute_site: bool


@dataclass(frozen=True, slots=True)
class AliasRef:
    """An everyday name; `trust_codes` has one code, or several when the alias is ambiguous."""

    alias: str
    trust_codes: tuple[str, ...]
    alias_type: str
    confidence: str
    notes: str

    @property
    def is_ambiguous(self) -> bool:
        """True when the alias names several trusts (the reply must ask which)."""
        return len(self.trust_codes) > 1


@dataclass(frozen=True, slots=True)
class IcbRef:
    """An integrated care board and the trusts it hosts."""

    icb_code: str
    icb_name: str
    region: str
    acute_trust_codes: tuple[str, ...]
    all_trust_codes: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class PostcodeDistrict:
    """A postcode outward code with its centroid and nation (`region` column of the source)."""

    district: str
    latitude: float | None
    longitude: float | None
    town_area: str
    nation: str
    status: str


@dataclass(frozen=True, slots=True)
class MergerRemap:
    """An old trust code that now belongs to another trust."""

    old_code: str
    new_code: str
    effective: str
    old_name: str
    confidence: str


@dataclass(frozen=True, slots=True)
class ReferenceData:
    """Everything in `db/bundled/reference/`, parsed."""

    trusts: tuple[TrustRef, ...]
    sites: tuple[SiteRef, ...]
    aliases: tuple[AliasRef, ...]
    icbs: tuple[IcbRef, ...]
    postcode_districts: tuple[PostcodeDistrict, ...]
    mergers: tuple[MergerRemap, ...]


def _rows(name: str) -> list[dict[str, str]]:
    text = resources.files(_REFERENCE_PACKAGE).joinpath(name).read_text(encoding="utf-8")
    return list(csv.DictReader(io.StringIO(text)))


def _codes(value: str) -> tuple[str, ...]:
    return tuple(code for code in value.split("|") if code)


def _float(value: str) -> float | None:
    return float(value) if value.strip() else None


def load_reference() -> ReferenceData:
    """Parse the bundled reference CSVs (about 50 ms); callers keep the result."""
    trusts = tuple(
        TrustRef(
            trust_code=r["trust_code"],
            trust_name=r["trust_name"],
            short_name=r["short_name"],
            trust_type=r["trust_type"],
            trust_subtype=r["trust_subtype"],
            region=r["region"],
            icb_code=r["icb_code"],
            icb_name=r["icb_name"],
            hq_postcode=r["hq_postcode"],
            latitude=_float(r["latitude"]),
            longitude=_float(r["longitude"]),
            former_codes=_codes(r["former_codes"]),
        )
        for r in _rows("trusts.csv")
    )
    sites = tuple(
        SiteRef(
            site_code=r["site_code"],
            site_name=r["site_name"],
            town=r["town"],
            postcode=r["postcode"],
            latitude=float(r["latitude"]),
            longitude=float(r["longitude"]),
            trust_code=r["trust_code"],
            site_type=r["site_type"],
            is_main_acute_site=r["is_main_acute_site"] == "yes",
        )
        for r in _rows("sites.csv")
    )
    aliases = tuple(
        AliasRef(
            alias=r["alias"],
            trust_codes=_codes(r["trust_code"] or r["candidates"]),
            alias_type=r["alias_type"],
            confidence=r["confidence"],
            notes=r["notes"],
        )
        for r in _rows("aliases.csv")
    )
    icbs = tuple(
        IcbRef(
            icb_code=r["icb_code"],
            icb_name=r["icb_name"],
            region=r["region"],
            acute_trust_codes=_codes(r["acute_trust_codes"]),
            all_trust_codes=_codes(r["all_trust_codes"]),
        )
        for r in _rows("icbs.csv")
    )
    districts = tuple(
        PostcodeDistrict(
            district=r["district"],
            latitude=_float(r["latitude"]),
            longitude=_float(r["longitude"]),
            town_area=r["town_area"],
            nation=r["region"],
            status=r["status"],
        )
        for r in _rows("postcode_districts.csv")
    )
    mergers = tuple(
        MergerRemap(
            old_code=r["old_code"],
            new_code=r["new_code"],
            effective=r["effective"],
            old_name=r["old_name"],
            confidence=r["confidence"],
        )
        for r in _rows("merger_remaps.csv")
    )
    return ReferenceData(trusts, sites, aliases, icbs, districts, mergers)
