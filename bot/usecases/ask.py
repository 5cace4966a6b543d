"""The one entry point for free text: understand the message, then run the matching use case."""

from __future__ import annotations

from dataclasses import dataclass

from bot.services import Services
from bot.understanding import Intent, Understanding
from bot.usecases.tables import nearby, region_list, segment_list, top_or_bottom
from bot.usecases.trusts import compare_trusts, metric_answer, trust_report
from bot.views import Ambiguous, Candidate, Explanation, Notice, View
from ranking import InvalidQuarterError, parse_quarter


@dataclass(frozen=True, slots=True)
class AskResult:
    """What a message was understood as, and the view that answers it."""

    understanding: Understanding
    quarter: str | None
    view: View


def resolve_quarter(services: Services, requested: str | None) -> str | Notice:
    """A stored quarter label from user text, or a notice naming the quarters we have."""
    league = services.league
    if not league.quarters:
        return Notice("no_data")
    if not requested:
        return league.latest  # type: ignore[return-value]
    try:
        label = str(parse_quarter(requested))
    except InvalidQuarterError:
        return Notice("unknown_quarter", requested, {"quarters": league.quarters})
    if label not in league.quarters:
        return Notice("unknown_quarter", label, {"quarters": league.quarters})
    return label


def ask(
    services: Services,
    text: str,
    *,
    quarter: str | None = None,
    bot_username: str | None = None,
    intent_hint: Intent | None = None,
) -> AskResult:
    """Answer a message as the bot would (the CLI's `ask` and the bot's free text)."""
    understanding = services.understander.understand(
        text, bot_username=bot_username, intent_hint=intent_hint
    )
    resolved = resolve_quarter(services, quarter or understanding.quarter)
    if isinstance(resolved, Notice):
        return AskResult(understanding, None, resolved)
    return AskResult(understanding, resolved, answer(services, understanding, resolved))


def answer(services: Services, u: Understanding, quarter: str) -> View:
    """Dispatch an understood message to its use case."""
    if u.candidates and not u.trust_codes and u.intent not in (Intent.HELP, Intent.NONE):
        labels = tuple(
            Candidate(code, services.understander.candidate_label(code, u.ambiguous_text))
            for code in u.candidates
        )
        return Ambiguous(
            mention=u.ambiguous_text or "",
            candidates=labels,
            intent=u.intent.value,
            topic=u.metric if u.intent is Intent.METRIC else None,
            button_action="metric" if u.intent is Intent.METRIC and u.metric else "report",
        )
    codes = list(u.trust_codes)
    match u.intent:
        case Intent.LOOKUP | Intent.SUBSCRIBE | Intent.UNSUBSCRIBE if not codes:
            return Notice("no_trust")
        case Intent.LOOKUP:
            if len(codes) > 1:
                return compare_trusts(services, codes, quarter)
            return trust_report(services, codes[0], quarter)
        case Intent.COMPARE:
            if len(codes) < 2:
                return trust_report(services, codes[0], quarter) if codes else Notice("no_trust")
            return compare_trusts(services, codes, quarter)
        case Intent.METRIC:
            if not codes:
                return Notice("no_trust", u.metric or "")
            return metric_answer(services, codes[0], quarter, u.metric or "other")
        case Intent.TOP | Intent.BOTTOM:
            return top_or_bottom(
                services, quarter, bottom=u.intent is Intent.BOTTOM, limit=u.limit,
                trust_type=u.trust_type, region=u.region,
            )  # fmt: skip
        case Intent.SEGMENT_LIST:
            if u.segment is None:
                return Explanation("segments", quarter)
            return segment_list(
                services, quarter, u.segment, trust_type=u.trust_type, region=u.region
            )
        case Intent.REGION_LIST:
            return region_list(
                services, quarter, region=u.region, icb_code=u.icb_code, trust_type=u.trust_type
            )
        case Intent.NEAR_POSTCODE:
            if u.postcode is None:
                return Notice("need_postcode")
            return nearby(services, u.postcode, quarter)
        case Intent.EXPLAIN:
            standing = services.league.standing(codes[0], quarter) if codes else None
            return Explanation(u.explain_topic or "segments", quarter, standing)
        case Intent.SUBSCRIBE | Intent.UNSUBSCRIBE:
            return Notice(u.intent.value, "", {"trust_codes": codes})
        case Intent.HELP:
            return Notice("help")
    return Notice("not_understood")
