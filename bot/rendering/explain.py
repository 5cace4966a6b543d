"""Fixed texts: how the league tables work, help, and short notices."""

from __future__ import annotations

from bot.rendering.formats import h, score
from bot.views import Explanation, Notice

_EXPLANATIONS = {
    "segments": (
        "<b>Segments</b>\nNHS England places every trust in segment 1 to 4 each quarter. "
        "Segment 1 means the fewest challenges, segment 4 the most. In 2025/26 the segments "
        "were the four quarters of all trusts' average scores; from 2026/27 NHS England uses "
        "fixed score thresholds. A trust in financial deficit cannot be placed above segment 3."
    ),
    "cap": (
        "<b>The deficit cap</b>\nA trust that is in financial deficit (or receiving deficit "
        "support) can be placed no higher than segment 3, whatever its other scores. So a trust "
        "whose scores alone would put it in segment 1 or 2 is shown in segment 3."
    ),
    "scores": (
        "<b>Scores</b>\nEach measure a trust reports is scored from 1.00 (best) to 4.00 "
        "(worst). The average metric score is the plain average of those scores, with the "
        "two finance measures counted as one combined finance score."
    ),
    "ranking": (
        "<b>League rank</b>\nTrusts are ranked within their own table (acute, mental health and "
        "community, ambulance): first by segment, then by average score. Trusts with the same "
        "segment and score share a rank."
    ),
}
_EXPLANATIONS["segment"] = _EXPLANATIONS["segments"]
_EXPLANATIONS["deficit"] = _EXPLANATIONS["cap"]
_EXPLANATIONS["rank"] = _EXPLANATIONS["ranking"]

HELP = (
    "I answer questions about NHS England's league tables for NHS trusts in England "
    "(the NHS Oversight Framework).\n\n"
    "Try:\n"
    "• how is Leeds Teaching Hospitals doing\n"
    "• A&amp;E waits at the LGI?\n"
    "• compare Leeds and Sheffield Teaching\n"
    "• top 10 acute trusts · bottom 5 in London\n"
    "• which trusts are in segment 4\n"
    "• hospitals near LS9 7TF\n"
    "• what does segment 3 mean"
)

_NOTICES = {
    "help": HELP,
    "not_understood": (
        "Sorry, I didn't catch a trust or a question there. Name a trust or a hospital "
        "(e.g. “Leeds Teaching Hospitals”, “Addenbrooke's”), a postcode, or ask “help”."
    ),
    "no_trust": (
        "Which trust or hospital do you mean? Try its name, a hospital such as "
        "“St James's”, or a postcode."
    ),
    "not_found": "I couldn't find that trust in NHS England's tables.",
    "no_data": "No league-table data is loaded yet. An operator can run `nhsbot import`.",
    "need_postcode": "Send a postcode in England, e.g. LS9 7TF or LS9.",
    "need_region": "Name a region (e.g. London, North West) or an ICB.",
    "subscribe": "Following trusts works in the Telegram bot: send /follow with a trust name.",
    "unsubscribe": "Use /unfollow in the Telegram bot to stop following a trust.",
}


def render_explanation(view: Explanation) -> str:
    """An explanation, made specific when it is about one trust."""
    text = _EXPLANATIONS.get(view.topic, _EXPLANATIONS["segments"])
    s = view.standing
    if s is not None:
        text += f"\n\n<b>{h(s.trust_name)}</b> ({h(s.quarter)}): segment {s.segment}, "
        text += f"average score {score(s.average_score)}."
        if s.is_capped:
            text += (
                f" Its scores alone would place it in segment {s.unadjusted_segment}; "
                "it is capped at segment 3 because it is in deficit."
            )
        elif s.in_deficit:
            text += " It is in deficit, so segment 3 is the highest it can be placed in."
    return text


def render_notice(view: Notice) -> str:
    """A short notice."""
    if view.kind == "unknown_quarter":
        have = ", ".join(view.extra.get("quarters", []))
        return f"I have no league table for {h(view.detail)}. Quarters available: {h(have)}."
    if view.kind == "not_in_quarter":
        return (
            f"{h(view.detail)} is not in NHS England's tables for "
            f"{h(view.extra.get('quarter', 'that quarter'))}."
        )
    if view.kind == "bad_segment":
        return "Segments run from 1 to 4."
    if view.kind == "unknown_region":
        return f"I don't know the region {h(view.detail)}."
    return _NOTICES.get(view.kind, _NOTICES["not_understood"])
