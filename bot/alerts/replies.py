"""Wording of the follow commands' replies, as HTML plus button (label, callback data) rows.

Telegram-free so the CLI and tests can read them; the handler turns buttons into a keyboard.
Callback data: `f:CODE` follow, `u:CODE` unfollow (bot/callback_data.py), and `fe:CODE` /
`fc:CODE` to switch a followed trust to "every quarter" / "only when the segment changes".
"""

from __future__ import annotations

from dataclasses import dataclass

from bot.alerts.targets import Target
from bot.rendering.formats import h
from bot.usecases.subscriptions import FollowResult, FollowView, PrivacyReport, UnfollowResult
from db.alert_models import EVERY, ICB, REGION, TRUST

MAX_BUTTONS = 8
Buttons = tuple[tuple[tuple[str, str], ...], ...]

USAGE = (
    "Follow a trust to get one message when its segment changes after NHS England publishes "
    "a quarter:\n/follow <i>trust</i>, e.g. /follow Leeds Teaching Hospitals\n"
    "/follow region <i>name</i>, e.g. /follow region North West\n"
    "/follow icb <i>code or name</i>, e.g. /follow icb QWO\n"
    "Add “every quarter” to hear every quarter, not only when the segment changes."
)
ADMINS_ONLY = "Only this group's admins can change what the group follows."
PRIVACY = (
    "<b>What this bot stores about this chat, and why</b>\n"
    "• The chat's id and type (private chat, group…): to send alerts here.\n"
    "• What the chat follows, how (segment changes only, or every quarter) and since when.\n"
    "• For each alert: its text, status, time and Telegram message id, so a restart never "
    "sends it twice.\n"
    "• If alerts stop reaching the chat (the bot was blocked or removed): why and when, so "
    "it stops trying.\n"
    "Nothing else is kept about this chat: no names, usernames or the questions you ask.\n\n"
    "For this chat right now: {follows} and {deliveries}.\n"
    "/forget deletes all of it at once (in groups, admins only)."
)


@dataclass(frozen=True, slots=True)
class Reply:
    """A reply's HTML and its inline buttons."""

    text: str
    buttons: Buttons = ()


def _name(t: Target) -> str:
    if t.kind == REGION:
        return f"the <b>{h(t.label)}</b> region"
    if t.kind == ICB:
        return f"<b>{h(t.label)}</b> ({h(t.target)}, all its trusts)"
    return f"<b>{h(t.label)}</b>"


def mode_phrase(mode: str) -> str:
    """How often a follow speaks up."""
    return "every quarter" if mode == EVERY else "when a segment changes"


def _mode_buttons(result: FollowResult) -> Buttons:
    trusts = [t for t in result.targets if t.kind == TRUST]
    if len(trusts) != 1:
        return ()
    code = trusts[0].target
    switch = (
        ("Only when the segment changes", f"fc:{code}")
        if result.mode == EVERY
        else ("🔁 Every quarter instead", f"fe:{code}")
    )
    return ((switch, ("🔕 Unfollow", f"u:{code}")),)


def _candidate_buttons(result: FollowResult | UnfollowResult, action: str) -> Buttons:
    return tuple(
        ((c.label[:64], f"{action}:{c.trust_code}"),) for c in result.candidates[:MAX_BUTTONS]
    )


def follow_reply(result: FollowResult) -> Reply:
    """The answer to /follow, a follow button or a `f_` deep link."""
    if result.outcome == "too_many":
        return Reply("This chat follows a lot already. /unfollow something first.")
    if result.outcome == "not_found":
        return Reply(
            f"I couldn't find a trust, region or ICB called “{h(result.query)}”.\n\n" + USAGE
        )
    if result.outcome == "ambiguous":
        return Reply(
            f"Which one do you mean by “{h(result.query)}”?", _candidate_buttons(result, "f")
        )
    names = ", ".join(_name(t) for t in result.targets)
    if result.outcome == "unchanged":
        text = f"This chat already follows {names} ({mode_phrase(result.mode)})."
    elif result.mode == EVERY:
        text = (
            f"🔔 This chat now follows {names}. Each time NHS England publishes a quarter, "
            "you'll get one message with the segment, rank and score."
        )
    else:
        text = (
            f"🔔 This chat now follows {names}. When NHS England publishes a quarter in which "
            "a segment changes, you'll get one message saying so."
        )
    if result.candidates:
        text += "\n\nSome of it was unclear: tap the trust you meant to follow it too."
        return Reply(text, _candidate_buttons(result, "f"))
    return Reply(text, _mode_buttons(result))


def unfollow_reply(result: UnfollowResult) -> Reply:
    """The answer to /unfollow or an unfollow button."""
    if result.outcome == "ambiguous":
        return Reply(
            f"Which one do you mean by “{h(result.query)}”?", _candidate_buttons(result, "u")
        )
    if result.outcome == "not_found":
        return Reply(
            f"I couldn't find a trust, region or ICB called “{h(result.query)}”. "
            "/following lists what this chat follows."
        )
    if not result.targets:
        return Reply(
            "This chat no longer follows anything."
            if result.outcome == "removed"
            else "This chat doesn't follow anything."
        )
    names = ", ".join(_name(t) for t in result.targets)
    if result.outcome == "not_following":
        return Reply(f"This chat doesn't follow {names}.")
    return Reply(f"🔕 This chat no longer follows {names}.")


def following_reply(views: list[FollowView]) -> Reply:
    """The answer to /following (and to a bare /unfollow, with unfollow buttons)."""
    active = [v for v in views if v.active]
    paused = [v for v in views if not v.active]
    if not active and not paused:
        return Reply("This chat doesn't follow anything yet.\n\n" + USAGE)
    lines = []
    if active:
        lines.append("This chat follows:")
        lines += [f"• {_name(v.target)}: {mode_phrase(v.mode)}" for v in active]
    if paused:
        lines.append(
            "\nPaused, because alerts could not reach this chat (/follow again to resume):"
        )
        lines += [f"• {_name(v.target)} ({h(v.reason or 'stopped')})" for v in paused]
    lines.append("\n/unfollow <i>name</i> stops one; /forget deletes everything stored here.")
    buttons = tuple(
        ((f"🔕 {v.target.label}"[:64], f"u:{v.target.target}"),)
        for v in active
        if v.target.kind == TRUST
    )[:MAX_BUTTONS]
    return Reply("\n".join(lines), buttons)


def privacy_reply(report: PrivacyReport) -> Reply:
    """The answer to /privacy."""
    follows = f"{report.follows} follow" + ("" if report.follows == 1 else "s")
    deliveries = f"{report.deliveries} alert record" + ("" if report.deliveries == 1 else "s")
    return Reply(PRIVACY.format(follows=follows, deliveries=deliveries))


def forget_reply(removed: int) -> Reply:
    """The answer to /forget."""
    return Reply(
        f"Deleted everything stored about this chat ({removed} record"
        f"{'' if removed == 1 else 's'}). It no longer follows anything."
    )
