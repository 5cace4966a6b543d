"""The alert digest as Telegram HTML: one message per chat per quarter, never over 4096 chars.

Every dynamic string goes through `h()`. A long digest (a region followed "every quarter")
falls back to one line per trust, then to "…and N more", rather than being split: one outbox
row must be one Telegram message, or a crash could deliver half a digest (telegram.md §4.4).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from bot.alerts.planning import TrustChange
from bot.rendering.formats import h, ordinal, score, source_line
from bot.rendering.limits import MESSAGE_LIMIT

DEFICIT_CAP_SEGMENT = 3


@dataclass(frozen=True, slots=True)
class DigestContext:
    """What is the same for every digest of a run."""

    quarter: str
    previous_quarter: str
    bot_username: str | None = None
    crosses_methodology_year: bool = False


def trust_link(bot_username: str | None, trust_code: str) -> str | None:
    """The deep link that opens a trust's report in the bot (`/start t_CODE`)."""
    if not bot_username:
        return None
    return f"https://t.me/{bot_username}?start=t_{trust_code}"


def _segment_phrase(c: TrustChange) -> tuple[str, str]:
    if c.current_segment < c.previous_segment:
        return "🔺", f"Up from segment {c.previous_segment} to {c.current_segment}"
    if c.current_segment > c.previous_segment:
        return "🔻", f"Down from segment {c.previous_segment} to {c.current_segment}"
    return "▫️", f"Still segment {c.current_segment}"


def _figures(c: TrustChange) -> str:
    return (
        f"rank {ordinal(c.previous_rank)} → {ordinal(c.current_rank)} of {c.table_size} "
        f"{h(c.table_label)} · score {score(c.previous_score)} → {score(c.current_score)}"
    )


def cap_note(c: TrustChange) -> str | None:
    """Whether the deficit cap caused the move (nof-methodology.md §6, `ranking.Movement`)."""
    if c.is_cap_applied:
        return (
            f"The deficit cap now applies: the trust is in deficit, so it is placed no higher "
            f"than segment {DEFICIT_CAP_SEGMENT} (its scores alone would place it in segment "
            f"{c.current_unadjusted_segment})."
        )
    if c.is_cap_removed:
        return "The deficit cap no longer applies, so the segment follows the scores again."
    return None


def full_entry(c: TrustChange, bot_username: str | None) -> str:
    """Several lines: segment move, rank and score, deficit cap, a link to more."""
    icon, phrase = _segment_phrase(c)
    lines = [f"{icon} <b>{h(c.trust_name)}</b>", f"{phrase} · {_figures(c)}"]
    note = cap_note(c)
    if note:
        lines.append(f"<i>{h(note)}</i>")
    link = trust_link(bot_username, c.trust_code)
    if link:
        lines.append(f'<a href="{h(link)}">More about this trust</a>')
    return "\n".join(lines)


def compact_entry(c: TrustChange) -> str:
    """One line per trust, for digests too long for the full form."""
    icon, _ = _segment_phrase(c)
    cap = " (deficit cap)" if c.is_cap_applied else ""
    return (
        f"{icon} {h(c.trust_name)}: segment {c.previous_segment} → {c.current_segment}{cap}, "
        f"rank {ordinal(c.current_rank)}"
    )


def _header(ctx: DigestContext) -> str:
    lines = [
        f"<b>🔔 NHS league tables: {h(ctx.quarter)}</b>",
        f"NHS England has published {h(ctx.quarter)}. For what this chat follows, compared "
        f"with {h(ctx.previous_quarter)}:",
    ]
    if ctx.crosses_methodology_year:
        lines.append(
            "<i>NHS England changed its method between these quarters, so compare them "
            "with care.</i>"
        )
    return "\n".join(lines)


def _footer(ctx: DigestContext) -> str:
    return (
        "<i>Segment 1 is the best; a lower score is better.</i>\n"
        "/following shows what this chat follows; /unfollow stops these messages.\n"
        f"{source_line(ctx.quarter)}"
    )


def render_digest(
    changes: Sequence[TrustChange], ctx: DigestContext, *, limit: int = MESSAGE_LIMIT
) -> str:
    """The digest for one chat: full entries if they fit, else compact, else truncated."""
    head, foot = _header(ctx), _footer(ctx)
    full = "\n\n".join([head, *(full_entry(c, ctx.bot_username) for c in changes), foot])
    if len(full) <= limit:
        return full
    lines = [compact_entry(c) for c in changes]
    budget = limit - len(head) - len(foot) - 4  # the blank lines around the list
    body: list[str] = []
    if sum(len(line) + 1 for line in lines) - 1 <= budget:
        body = lines
    else:
        used = 0
        for index, line in enumerate(lines):
            tail = f"…and {len(lines) - index - 1} more."
            if used + len(line) + 1 + len(tail) > budget:
                break
            body.append(line)
            used += len(line) + 1
        body.append(f"…and {len(lines) - len(body)} more.")
    return "\n\n".join([head, "\n".join(body), foot])
