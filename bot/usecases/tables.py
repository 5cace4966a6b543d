"""Use cases over whole league tables: top/bottom, a segment, a region or ICB, a full table."""

from __future__ import annotations

from bot.league_data import TrustStanding
from bot.services import Services
from bot.understanding import PostcodeResult
from bot.views import NearbyAnswer, NearbyTrust, Notice, TableSlice
from ranking import TrustType

DEFAULT_LIMIT = 10


def plural(count: int, noun_plural: str) -> str:
    """ "1 acute trust", "3 acute trusts" (our nouns all end in "trusts")."""
    return f"{count} {noun_plural[:-1] if count == 1 else noun_plural}"
MAX_LIMIT = 50


def _type_or_default(trust_type: str | None) -> TrustType:
    # People asking for "the top 10" mean hospitals: the acute table is the default.
    return TrustType(trust_type) if trust_type else TrustType.ACUTE


def _region_filter(rows: list[TrustStanding], region: str | None) -> list[TrustStanding]:
    return [s for s in rows if region is None or s.region.lower() == region.lower()]


def top_or_bottom(
    services: Services,
    quarter: str,
    *,
    bottom: bool,
    limit: int | None = None,
    trust_type: str | None = None,
    region: str | None = None,
) -> TableSlice:
    """The first or last N of a table (optionally within a region), in league order."""
    kind = _type_or_default(trust_type)
    rows = _region_filter(services.league.table(quarter, kind), region)
    n = max(1, min(limit or DEFAULT_LIMIT, MAX_LIMIT))
    chosen = rows[-n:][::-1] if bottom else rows[:n]
    where = f" in {region}" if region else ""
    title = f"{'Bottom' if bottom else 'Top'} {len(chosen)} {kind.label}{where}"
    return TableSlice(quarter=quarter, title=title, rows=tuple(chosen), total=len(rows))


def segment_list(
    services: Services, quarter: str, segment: int, *, trust_type: str | None = None,
    region: str | None = None,
) -> TableSlice | Notice:  # fmt: skip
    """Every trust in one segment (all tables unless a type is named)."""
    if segment not in (1, 2, 3, 4):
        return Notice("bad_segment", str(segment))
    kind = TrustType(trust_type) if trust_type else None
    rows = [
        s for s in _region_filter(services.league.table(quarter, kind), region)
        if s.segment == segment
    ]  # fmt: skip
    what = kind.label if kind else "trusts"
    where = f" in {region}" if region else ""
    title = f"Segment {segment}: {plural(len(rows), what)}{where}"
    return TableSlice(quarter=quarter, title=title, rows=tuple(rows), total=len(rows))


def region_list(
    services: Services, quarter: str, *, region: str | None = None, icb_code: str | None = None,
    trust_type: str | None = None,
) -> TableSlice | Notice:  # fmt: skip
    """Every trust of a region or ICB, by table and rank."""
    kind = TrustType(trust_type) if trust_type else None
    rows = services.league.table(quarter, kind)
    if icb_code:
        icb = next((i for i in services.reference.icbs if i.icb_code == icb_code), None)
        if icb is None:
            return Notice("unknown_region", icb_code)
        members = set(icb.all_trust_codes) | set(icb.acute_trust_codes)
        rows = [s for s in rows if s.trust_code in members]
        title = f"{icb.icb_name}: {plural(len(rows), 'trusts')}"
    elif region:
        rows = _region_filter(rows, region)
        title = f"{region}: {plural(len(rows), 'trusts')}"
    else:
        return Notice("need_region")
    return TableSlice(quarter=quarter, title=title, rows=tuple(rows), total=len(rows))


def full_table(
    services: Services, quarter: str, *, trust_type: str | None = None, region: str | None = None
) -> list[TrustStanding]:
    """A whole table (or all three), optionally within a region, for export."""
    kind = TrustType(trust_type) if trust_type else None
    return _region_filter(services.league.table(quarter, kind), region)


def nearby(services: Services, postcode: PostcodeResult, quarter: str) -> NearbyAnswer:
    """Trusts near a postcode, with each trust's standing in the quarter."""
    league = services.league
    trusts = tuple(
        NearbyTrust(
            standing=league.standing(n.trust_code, quarter),
            trust_code=n.trust_code,
            trust_name=league.trust_name(n.trust_code) or n.trust_code,
            site_name=n.site_name,
            distance_km=n.distance_km,
        )
        for n in postcode.nearby
    )
    return NearbyAnswer(
        query=postcode.query,
        district=postcode.district,
        status=postcode.status,
        nation=postcode.nation,
        trusts=trusts,
    )
