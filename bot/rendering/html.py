"""Render views as Telegram HTML. Neutral wording: facts and NHS England's terms, no adjectives."""

from __future__ import annotations

from functools import singledispatch

from bot.league_data import TrustStanding
from bot.rendering.explain import render_explanation, render_notice
from bot.rendering.formats import h, number, ordinal, score, source_line
from bot.views import (
    Ambiguous,
    Comparison,
    Explanation,
    MetricAnswer,
    MetricLine,
    NearbyAnswer,
    Notice,
    TableSlice,
    TrustReport,
)
from ranking import TrustType


def place(s: TrustStanding) -> str:
    """ "96th of 134 acute trusts" (plus the non-specialist rank for acute trusts)."""
    text = f"{ordinal(s.rank)} of {s.table_size} {s.trust_type.label}"
    if s.trust_type is TrustType.ACUTE and s.non_specialist_rank and s.non_specialist_table_size:
        if s.trust_subtype != "Acute - Specialist":
            text += (
                f" ({ordinal(s.non_specialist_rank)} of {s.non_specialist_table_size}"
                " excluding specialist trusts)"
            )
    return text


def cap_sentence(s: TrustStanding) -> str | None:
    """Why the segment is what it is when the deficit rule applies (nof-methodology.md §6)."""
    if s.is_capped:
        return (
            f"Capped at segment 3 because the trust is in deficit "
            f"(its scores alone would place it in segment {s.unadjusted_segment})."
        )
    if s.in_deficit:
        return "The trust is in deficit, so it cannot be placed above segment 3."
    return None


def next_segment_sentence(s: TrustStanding) -> str | None:
    """How far the score is from the next better segment (our arithmetic on NHS England's
    cut points; nof-methodology.md §8 "improvement required to move into a higher segment")."""
    if s.distance_to_next_segment is None or s.unadjusted_segment <= 1:
        return None
    target = s.unadjusted_segment - 1
    text = (
        f"To reach segment {target}, its average score would need to improve by "
        f"{s.distance_to_next_segment:.2f} (our calculation from this quarter's cut-offs)"
    )
    if s.is_next_segment_blocked_by_deficit:
        text += "; while in deficit it cannot be placed above segment 3"
    return text + "."


def movement_sentence(report: TrustReport) -> str:
    """Change since the previous quarter, in numbers."""
    s, p = report.standing, report.previous
    if p is None:
        return "First quarter in our data: no earlier quarter to compare with."
    if s.segment < p.segment:
        seg = f"up from segment {p.segment} to {s.segment}"
    elif s.segment > p.segment:
        seg = f"down from segment {p.segment} to {s.segment}"
    else:
        seg = f"segment unchanged ({s.segment})"
    delta = s.average_score - p.average_score
    parts = [seg, f"rank {p.rank} → {s.rank}", f"score {score(p.average_score)} → "
             f"{score(s.average_score)} ({delta:+.2f})"]  # fmt: skip
    move = report.movement
    if move is not None and move.is_cap_applied:
        parts.append("the deficit cap now applies")
    elif move is not None and move.is_cap_removed:
        parts.append("the deficit cap no longer applies")
    return f"Since {h(p.quarter)}: " + ", ".join(parts) + "."


def metric_sentence(line: MetricLine) -> str:
    """ "A&E seen within 4 hours: 72.1% (national median 75.3%; 80th of 123)"."""
    extra = []
    if line.median is not None:
        extra.append(f"national median {number(line.median, line.unit)}")
    if line.rank is not None and line.rank_of:
        extra.append(f"{ordinal(line.rank)} of {line.rank_of}")
    tail = f" ({'; '.join(extra)})" if extra else ""
    return f"• {h(line.label)}: {number(line.value, line.unit)}{tail}"


def standing_lines(s: TrustStanding) -> list[str]:
    """Segment, place and score: the core of every trust answer."""
    lines = [
        f"<b>Segment {s.segment}</b> of 4 · {place(s)}",
        f"Average metric score {score(s.average_score)} (1.00 is best, 4.00 is worst)",
    ]
    cap = cap_sentence(s)
    if cap:
        lines.append(cap)
    return lines


@singledispatch
def render(view: object) -> str:
    """Render any view as Telegram HTML."""
    raise TypeError(f"no renderer for {type(view).__name__}")


@render.register
def _(report: TrustReport) -> str:
    s = report.standing
    lines = [f"<b>{h(s.trust_name)}</b> — {h(s.quarter)}", *standing_lines(s)]
    lines.append(movement_sentence(report))
    distance = next_segment_sentence(s)
    if distance:
        lines.append(distance)
    if report.headlines:
        lines.append("")
        lines.append("Headline measures:")
        lines.extend(metric_sentence(line) for line in report.headlines)
    if report.sites:
        names = ", ".join(h(site.site_name) for site in report.sites)
        more = f" and {report.more_sites} more" if report.more_sites else ""
        lines.append("")
        lines.append(f"Hospitals and sites: {names}{more}.")
    lines.append("")
    lines.append(source_line(s.quarter))
    return "\n".join(lines)


@render.register
def _(answer: MetricAnswer) -> str:
    s = answer.standing
    lines = [f"<b>{h(s.trust_name)}</b> — {h(s.quarter)}"]
    if answer.topic.startswith("missing:"):
        lines.append("This trust has no published figure for that measure. Its headline measures:")
    lines.extend(metric_sentence(line) for line in answer.lines)
    lines.append(
        f"Overall: segment {s.segment}, {place(s)}, average score {score(s.average_score)}."
    )
    lines.append("")
    lines.append(source_line(s.quarter))
    return "\n".join(lines)


@render.register
def _(comparison: Comparison) -> str:
    lines = [f"<b>Comparison</b> — {h(comparison.quarter)}"]
    for report in comparison.reports:
        s = report.standing
        lines.append("")
        lines.append(f"<b>{h(s.trust_name)}</b>")
        lines.extend(standing_lines(s))
        lines.extend(metric_sentence(line) for line in report.headlines)
    lines.append("")
    lines.append(source_line(comparison.quarter))
    return "\n".join(lines)


def table_row(s: TrustStanding) -> str:
    """One line of a league table."""
    cap = " (capped: deficit)" if s.is_capped else ""
    return f"{s.rank}. {h(s.trust_name)} — segment {s.segment}, {score(s.average_score)}{cap}"


@render.register
def _(table: TableSlice) -> str:
    lines = [f"<b>{h(table.title)}</b> — {h(table.quarter)}"]
    if not table.rows:
        lines.append("No trusts match.")
    lines.extend(table_row(s) for s in table.rows)
    lines.append("")
    lines.append(source_line(table.quarter))
    return "\n".join(lines)


@render.register
def _(answer: NearbyAnswer) -> str:
    if answer.status == "outside_england":
        nation = h(answer.nation or "that area")
        return (
            f"{h(answer.query.upper())} is in {nation}. NHS England's league tables cover "
            "trusts in England only, so there is no NHS England ranking for hospitals there."
        )
    if answer.status in ("invalid", "unknown_district", "no_coordinates"):
        return (
            f"I couldn't find the postcode {h(answer.query.upper())}. "
            "Try a full postcode such as LS9 7TF, or its first half such as LS9."
        )
    lines = [f"<b>Acute trusts near {h((answer.district or answer.query).upper())}</b>"]
    for n in answer.trusts:
        where = f"{h(n.site_name)}, {n.distance_km:.1f} km"
        if n.standing:
            lines.append(f"• <b>{h(n.trust_name)}</b> ({where}): segment {n.standing.segment}, "
                         f"{place(n.standing)}")  # fmt: skip
        else:
            lines.append(f"• <b>{h(n.trust_name)}</b> ({where})")
    quarter = next((n.standing.quarter for n in answer.trusts if n.standing), None)
    if quarter:
        lines.append("")
        lines.append(source_line(quarter))
    return "\n".join(lines)


@render.register
def _(amb: Ambiguous) -> str:
    mention = f"“{h(amb.mention)}”" if amb.mention else "That"
    lines = [f"{mention} could mean several trusts. Which one?"]
    lines.extend(f"• {h(c.label)}" for c in amb.candidates)
    return "\n".join(lines)


render.register(Explanation, render_explanation)
render.register(Notice, render_notice)
