"""Use cases about single trusts: the trust report, one measure, a comparison."""

from __future__ import annotations

from bot.headline_metrics import BY_KEY, HEADLINES, MetricSpec
from bot.league_data import LeagueData
from bot.services import Services
from bot.views import Comparison, MetricAnswer, MetricLine, Notice, SiteLine, TrustReport

MAX_SITES = 4
_HOSPITAL_TYPES = ("General Acute Hospital", "Specialist Hospital", "Mixed Service Hospital")


def metric_line(
    league: LeagueData, code: str, quarter: str, spec: MetricSpec
) -> MetricLine | None:
    """One official metric with its national median and rank, or None if not published."""
    row = league.metric(code, quarter, spec.metric_id)
    if row is None or row.value is None:
        return None
    standing = league.standing(code, quarter)
    rank_of = None
    if standing is not None:
        rank_of = league.ranked_count(quarter, standing.trust_type, spec.metric_id)
    return MetricLine(
        label=spec.label,
        description=row.metric_description.strip(),
        unit=spec.unit,
        value=row.value,
        median=row.median_value,
        rank=int(row.rank) if row.rank is not None else None,
        rank_of=rank_of or None,
        is_higher_better=spec.is_higher_better,
    )


def _sites(services: Services, code: str) -> tuple[tuple[SiteLine, ...], int]:
    sites = services.sites_of(code)
    main = [s for s in sites if s.is_main_acute_site]
    others = sorted(
        (s for s in sites if not s.is_main_acute_site and s.site_type in _HOSPITAL_TYPES),
        key=lambda s: s.site_name,
    )
    if not main and not others:
        others = sorted(sites, key=lambda s: (s.site_type != "Mental Health", s.site_name))
    chosen = (main + others)[:MAX_SITES]
    lines = tuple(SiteLine(s.site_name, s.town) for s in chosen)
    return lines, max(0, len(main) + len(others) - len(chosen))


def trust_report(services: Services, code: str, quarter: str) -> TrustReport | Notice:
    """Everything the bot says about a trust in a quarter."""
    league = services.league
    standing = league.standing(code, quarter)
    if standing is None:
        name = league.trust_name(code) or code
        return Notice("not_in_quarter", name, {"quarter": quarter, "trust_code": code})
    previous_quarter = league.previous_quarter(quarter)
    previous = league.standing(code, previous_quarter) if previous_quarter else None
    headlines = tuple(
        line
        for spec in HEADLINES[standing.trust_type]
        if (line := metric_line(league, code, quarter, spec)) is not None
    )
    sites, more = _sites(services, code)
    return TrustReport(
        standing=standing,
        previous=previous,
        movement=league.movement(code, quarter),
        headlines=headlines,
        sites=sites,
        more_sites=more,
    )


def metric_answer(
    services: Services, code: str, quarter: str, topic: str
) -> MetricAnswer | Notice:
    """One measure of a trust (A&E, waits, cancer, ambulance response, finance, staff survey)."""
    league = services.league
    standing = league.standing(code, quarter)
    if standing is None:
        return Notice("not_in_quarter", league.trust_name(code) or code, {"quarter": quarter})
    specs = BY_KEY.get(topic, ())
    lines = tuple(
        line for spec in specs if (line := metric_line(league, code, quarter, spec)) is not None
    )
    if not lines:
        # The trust does not report that measure (e.g. A&E at a specialist trust): say so,
        # and show its headline figures instead.
        lines = tuple(
            line
            for spec in HEADLINES[standing.trust_type]
            if (line := metric_line(league, code, quarter, spec)) is not None
        )
        return MetricAnswer(standing=standing, topic=f"missing:{topic}", lines=lines)
    return MetricAnswer(standing=standing, topic=topic, lines=lines)


def compare_trusts(services: Services, codes: list[str], quarter: str) -> Comparison | Notice:
    """Trusts side by side (the first few mentioned)."""
    reports = []
    for code in dict.fromkeys(codes):
        report = trust_report(services, code, quarter)
        if isinstance(report, TrustReport):
            reports.append(report)
    if not reports:
        return Notice("not_found")
    return Comparison(quarter=quarter, reports=tuple(reports[:5]))
