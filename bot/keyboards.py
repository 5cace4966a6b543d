"""Inline keyboards for views: candidate choices, and actions under a trust answer."""

from __future__ import annotations

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from bot.callback_data import encode
from bot.views import Ambiguous, MetricAnswer, TrustReport, View

MAX_CANDIDATE_BUTTONS = 8


def keyboard_for(view: View, *, can_follow: bool = True) -> InlineKeyboardMarkup | None:
    """The buttons that belong under a view, if any."""
    if isinstance(view, Ambiguous):
        rows = []
        for candidate in view.candidates[:MAX_CANDIDATE_BUTTONS]:
            topic = view.topic if view.button_action == "metric" else None
            data = encode(view.button_action, candidate.trust_code, topic)
            rows.append([InlineKeyboardButton(candidate.label[:64], callback_data=data)])
        return InlineKeyboardMarkup(rows)
    if isinstance(view, TrustReport):
        code = view.standing.trust_code
        row = [InlineKeyboardButton("📈 Chart", callback_data=encode("chart", code))]
        if can_follow:
            row.append(InlineKeyboardButton("🔔 Follow", callback_data=encode("follow", code)))
        return InlineKeyboardMarkup([row])
    if isinstance(view, MetricAnswer):
        code = view.standing.trust_code
        return InlineKeyboardMarkup(
            [[InlineKeyboardButton("Full report", callback_data=encode("report", code))]]
        )
    return None
