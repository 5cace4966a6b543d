"""Who hears about what after a quarter is published: follows × changes → one digest per chat.

Pure apart from reading the in-memory read model: no database, no Telegram, no clock. A chat
gets one digest listing every followed trust whose segment changed (or every followed trust
for "every quarter" follows); region and ICB follows expand to their trusts; a chat with
nothing to report gets no digest (the issue's "never spam").
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from bot.league_data import LeagueData
from db.alert_models import EVERY, ICB, REGION, TRUST
from db.reference import ReferenceData
from db.subscriptions import FollowRow

MemberIndex = Mapping[tuple[str, str], Sequence[str]]


@dataclass(frozen=True, slots=True)
class TrustChange:
    """One trust between two quarters, as the bot states it elsewhere (published figures)."""

    trust_code: str
    trust_name: str
    table_label: str  # "ambulance trusts"
    previous_segment: int
    current_segment: int
    previous_rank: int
    current_rank: int
    table_size: int
    previous_score: float
    current_score: float
    current_unadjusted_segment: int
    is_cap_applied: bool
    is_cap_removed: bool

    @property
    def is_segment_changed(self) -> bool:
        """The event subscribers asked to hear about."""
        return self.previous_segment != self.current_segment


@dataclass(frozen=True, slots=True)
class Digest:
    """What one chat will be told: its changes, most notable first."""

    chat_id: int
    changes: tuple[TrustChange, ...]


def trust_changes(league: LeagueData, previous: str, current: str) -> dict[str, TrustChange]:
    """Every trust present in both quarters, keyed by code.

    Figures come from the standings (NHS England's published values where they exist, as in
    every other answer); the deficit-cap flags come from `ranking.Movement`. Trusts new or gone
    in `current` (mergers, or a trust type not yet published this quarter) are left out.
    """
    changes = {}
    for move in league.movements(previous, current):
        if move.is_new or move.is_gone:
            continue
        before = league.standing(move.trust_code, previous)
        after = league.standing(move.trust_code, current)
        if before is None or after is None:
            continue
        changes[move.trust_code] = TrustChange(
            trust_code=move.trust_code,
            trust_name=after.trust_name,
            table_label=after.trust_type.label,
            previous_segment=before.segment,
            current_segment=after.segment,
            previous_rank=before.rank,
            current_rank=after.rank,
            table_size=after.table_size,
            previous_score=before.average_score,
            current_score=after.average_score,
            current_unadjusted_segment=after.unadjusted_segment,
            is_cap_applied=move.is_cap_applied,
            is_cap_removed=move.is_cap_removed,
        )
    return changes


def follow_members(league: LeagueData, reference: ReferenceData, quarter: str) -> MemberIndex:
    """The trusts behind region and ICB follows: regions as published in `quarter`, ICBs from
    the bundled reference list."""
    members: dict[tuple[str, str], list[str]] = {}
    for standing in league.table(quarter):
        members.setdefault((REGION, standing.region), []).append(standing.trust_code)
    for icb in reference.icbs:
        members[(ICB, icb.icb_code)] = list(icb.all_trust_codes)
    return members


def _order(change: TrustChange) -> tuple:
    """Segment changes first, then by name, so the news leads."""
    return (not change.is_segment_changed, change.trust_name, change.trust_code)


def plan_digests(
    follows: Iterable[FollowRow], changes: Mapping[str, TrustChange], members: MemberIndex
) -> list[Digest]:
    """One digest per chat that has something to hear, in order of first follow.

    A trust is included when its segment changed, or when any follow of the chat that covers
    it is in "every quarter" mode; a trust covered twice (e.g. by name and by region) appears
    once.
    """
    chosen: dict[int, set[str]] = {}
    for follow in follows:
        codes = (
            (follow.target,)
            if follow.kind == TRUST
            else members.get((follow.kind, follow.target), ())
        )
        every = follow.mode == EVERY
        picked = chosen.setdefault(follow.chat_id, set())
        for code in codes:
            change = changes.get(code)
            if change is not None and (every or change.is_segment_changed):
                picked.add(code)
    ordered: dict[frozenset[str], tuple[TrustChange, ...]] = {}
    digests = []
    for chat_id, codes in chosen.items():
        if not codes:
            continue
        key = frozenset(codes)
        if key not in ordered:
            ordered[key] = tuple(sorted((changes[c] for c in codes), key=_order))
        digests.append(Digest(chat_id, ordered[key]))
    return digests
