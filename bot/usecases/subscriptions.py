"""Following trusts, regions and ICBs, and what is stored about a chat. Telegram-free.

Each function is one use case: one session, one commit. Chats are keyed by Telegram chat id
only; nothing about people is stored (see `PRIVACY` in bot/alerts/replies.py).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot.alerts.targets import Candidate, Target, label_of, resolve_targets, split_mode
from bot.services import Services
from db import subscriptions as store
from db.alert_models import CHANGES, EVERY, TRUST

MAX_FOLLOWS = 50
_ALL = re.compile(r"^\s*(?:all|everything)\s*$", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class FollowResult:
    """Outcome of /follow: "followed", "unchanged", "ambiguous", "not_found" or "too_many"."""

    outcome: str
    mode: str = CHANGES
    targets: tuple[Target, ...] = ()
    candidates: tuple[Candidate, ...] = ()
    query: str = ""


@dataclass(frozen=True, slots=True)
class UnfollowResult:
    """Outcome of /unfollow: "removed", "not_following", "ambiguous" or "not_found"."""

    outcome: str
    targets: tuple[Target, ...] = ()
    candidates: tuple[Candidate, ...] = ()
    query: str = ""


@dataclass(frozen=True, slots=True)
class FollowView:
    """One line of /following."""

    target: Target
    mode: str
    active: bool
    reason: str | None = None


@dataclass(frozen=True, slots=True)
class PrivacyReport:
    """How many rows are stored about a chat (what /forget would delete)."""

    follows: int
    deliveries: int


def follow(services: Services, chat_id: int, chat_type: str, text: str) -> FollowResult:
    """/follow <trust | region X | icb X> [every quarter]."""
    query, mode = split_mode(text)
    found = resolve_targets(services, query)
    if not found.targets:
        outcome = "ambiguous" if found.candidates else "not_found"
        return FollowResult(outcome, candidates=found.candidates, query=query)
    return _follow(services, chat_id, chat_type, found.targets, mode, found.candidates, query)


def follow_trust(
    services: Services, chat_id: int, chat_type: str, trust_code: str, mode: str | None = None
) -> FollowResult:
    """A follow button or deep link (the code was validated against the read model)."""
    target = Target(TRUST, trust_code, label_of(services, TRUST, trust_code))
    return _follow(services, chat_id, chat_type, (target,), mode, (), trust_code)


def _follow(
    services: Services,
    chat_id: int,
    chat_type: str,
    targets: tuple[Target, ...],
    mode: str | None,
    candidates: tuple[Candidate, ...],
    query: str,
) -> FollowResult:
    with services.session_factory() as session:
        existing = {
            (f.kind, f.target): f for f in store.chat_follows(session=session, chat_id=chat_id)
        }
        active = sum(1 for f in existing.values() if f.active)
        new = [t for t in targets if (t.kind, t.target) not in existing]
        if active + len(new) > MAX_FOLLOWS:
            return FollowResult("too_many", query=query)
        changed = False
        modes = set()
        for t in targets:
            before = existing.get((t.kind, t.target))
            chosen = mode or (before.mode if before else CHANGES)
            modes.add(chosen)
            outcome = store.upsert_follow(
                session=session,
                chat_id=chat_id,
                chat_type=chat_type,
                kind=t.kind,
                target=t.target,
                mode=chosen,
            )
            changed = changed or outcome != "unchanged"
        session.commit()
    shown = EVERY if modes == {EVERY} else CHANGES
    return FollowResult("followed" if changed else "unchanged", shown, targets, candidates, query)


def unfollow(services: Services, chat_id: int, text: str) -> UnfollowResult:
    """/unfollow <trust | region X | icb X | all>."""
    query, _ = split_mode(text)
    if _ALL.match(query):
        with services.session_factory() as session:
            removed = store.remove_all_follows(session=session, chat_id=chat_id)
            session.commit()
        return UnfollowResult("removed" if removed else "not_following", query=query)
    found = resolve_targets(services, query)
    if not found.targets:
        outcome = "ambiguous" if found.candidates else "not_found"
        return UnfollowResult(outcome, candidates=found.candidates, query=query)
    return _unfollow(services, chat_id, found.targets, query)


def unfollow_trust(services: Services, chat_id: int, trust_code: str) -> UnfollowResult:
    """An unfollow button."""
    target = Target(TRUST, trust_code, label_of(services, TRUST, trust_code))
    return _unfollow(services, chat_id, (target,), trust_code)


def _unfollow(
    services: Services, chat_id: int, targets: tuple[Target, ...], query: str
) -> UnfollowResult:
    with services.session_factory() as session:
        removed = tuple(
            t
            for t in targets
            if store.remove_follow(session=session, chat_id=chat_id, kind=t.kind, target=t.target)
        )
        session.commit()
    return UnfollowResult(
        "removed" if removed else "not_following", removed or targets, query=query
    )


def following(
    services: Services, chat_id: int, *, include_paused: bool = False
) -> list[FollowView]:
    """What a chat follows (paused follows too, if asked)."""
    with services.session_factory() as session:
        rows = store.chat_follows(session=session, chat_id=chat_id)
    return [
        FollowView(
            Target(r.kind, r.target, label_of(services, r.kind, r.target)),
            r.mode,
            r.active,
            r.deactivated_reason,
        )
        for r in rows
        if r.active or include_paused
    ]


def forget_chat(services: Services, chat_id: int) -> int:
    """Delete everything stored about a chat (/forget, or the bot removed from a group)."""
    with services.session_factory() as session:
        removed = store.delete_chat(session=session, chat_id=chat_id)
        session.commit()
    return removed


def deactivate_chat(services: Services, chat_id: int, reason: str) -> int:
    """Pause a chat's follows (the user blocked the bot); /follow again resumes one."""
    with services.session_factory() as session:
        paused = store.deactivate_chat(session=session, chat_id=chat_id, reason=reason)
        session.commit()
    return paused


def migrate_chat(services: Services, old_chat_id: int, new_chat_id: int) -> int:
    """A group became a supergroup: its follows (and queued alerts) move to the new id."""
    with services.session_factory() as session:
        moved = store.migrate_chat(
            session=session, old_chat_id=old_chat_id, new_chat_id=new_chat_id
        )
        session.commit()
    return moved


def privacy_report(services: Services, chat_id: int) -> PrivacyReport:
    """Counts of what is stored about a chat, for /privacy."""
    with services.session_factory() as session:
        follows, deliveries = store.count_chat_rows(session=session, chat_id=chat_id)
    return PrivacyReport(follows, deliveries)
