"""Planning: follows × changes → one digest per chat, only when there is something to say."""

from __future__ import annotations

import time

from alert_builders import (
    EARLY_QUARTERS,
    EMAS,
    LAS,
    NEAS,
    Q3,
    Q4,
    WMAS,
    YAS,
    change,
    official_file,
)
from sqlmodel import Session

from bot.alerts.planning import follow_members, plan_digests, trust_changes
from bot.league_data import LeagueData
from db.bundle import init_store
from db.engine import make_session_factory
from db.importer import import_official_files
from db.reference import load_reference
from db.subscriptions import FollowRow

CHANGES = {
    "UP": change("UP", 3, 2, name="Up Trust"),
    "DOWN": change("DOWN", 1, 3, name="Down Trust"),
    "SAME": change("SAME", 2, 2, name="Same Trust"),
    "NORTH": change("NORTH", 4, 4, name="North Trust"),
}
MEMBERS = {("region", "North"): ("NORTH", "UP"), ("icb", "QXX"): ("SAME", "DOWN", "GONE")}


def follow(chat_id, target, *, kind="trust", mode="changes"):
    return FollowRow(chat_id, "private" if chat_id > 0 else "group", kind, target, mode)


def planned(*follows):
    digests = plan_digests(follows, CHANGES, MEMBERS)
    return {d.chat_id: [c.trust_code for c in d.changes] for d in digests}


def test_only_chats_with_a_changed_segment_get_a_digest():
    assert planned(follow(1, "UP"), follow(2, "SAME"), follow(3, "UNKNOWN")) == {1: ["UP"]}


def test_every_quarter_mode_includes_unchanged_trusts():
    assert planned(follow(1, "SAME", mode="every"), follow(1, "NORTH")) == {1: ["SAME"]}


def test_one_digest_per_chat_changes_first_then_by_name():
    digests = planned(follow(1, "SAME", mode="every"), follow(1, "UP"), follow(1, "DOWN"))
    assert digests == {1: ["DOWN", "UP", "SAME"]}


def test_region_and_icb_follows_expand_and_deduplicate():
    digests = planned(
        follow(-5, "North", kind="region"),
        follow(-5, "UP"),
        follow(6, "QXX", kind="icb", mode="every"),
    )
    assert digests == {-5: ["UP"], 6: ["DOWN", "SAME"]}


def test_a_trust_followed_in_both_modes_counts_as_every_quarter():
    digests = planned(follow(1, "NORTH"), follow(1, "North", kind="region", mode="every"))
    assert digests == {1: ["UP", "NORTH"]}


def test_planning_100k_follows_is_fast():
    codes = list(CHANGES)
    follows = [follow(i, codes[i % 4]) for i in range(1, 100_001)]
    started = time.perf_counter()
    digests = plan_digests(follows, CHANGES, MEMBERS)
    assert time.perf_counter() - started < 1.5
    assert len(digests) == 50_000


def test_changes_and_regions_from_the_official_files(engine):
    init_store(engine, empty=True)
    with Session(engine) as session:
        import_official_files(
            session=session, files=[("amb.csv", official_file((*EARLY_QUARTERS, Q4)))]
        )
        session.commit()
    league = LeagueData.load(make_session_factory(engine))
    changes = trust_changes(league, Q3, Q4)
    moves = {code: (c.previous_segment, c.current_segment) for code, c in changes.items()}
    assert moves[NEAS] == (2, 1) and moves[EMAS] == (1, 3) and moves[YAS] == (1, 1)
    assert moves[LAS] == (3, 3)
    assert changes[WMAS].is_cap_removed and not changes[WMAS].is_cap_applied
    assert changes[EMAS].table_label == "ambulance trusts" and changes[EMAS].table_size == 10
    members = follow_members(league, load_reference(), Q4)
    assert sorted(members[("region", "North East and Yorkshire")]) == [NEAS, YAS]


def test_planning_100k_follows_from_the_database_under_5_seconds(alert_services):
    from sqlalchemy import insert

    from bot.alerts.runs import plan_quarter
    from bot.usecases.admin import import_bytes
    from db.alert_models import Follow
    from db.models import utc_now

    import_bytes(alert_services, [("q4.csv", official_file((*EARLY_QUARTERS, Q4)))])
    codes = [NEAS, EMAS, WMAS, YAS, LAS]
    rows = [
        {"chat_id": n if n % 10 else -n, "chat_type": "private" if n % 10 else "group",
         "kind": "trust", "target": codes[n % 5], "mode": "every" if n % 3 == 0 else "changes",
         "active": True, "created_at": utc_now()}
        for n in range(1, 100_001)
    ]  # fmt: skip
    with alert_services.session_factory() as session:
        session.execute(insert(Follow), rows)
        session.commit()
    report = plan_quarter(alert_services, bot_username="nhs_league_test_bot")
    assert report.follows == 100_000 and report.added == report.digests
    assert report.digests == 100_000 - sum(1 for n in range(1, 100_001) if n % 5 in (3, 4)
                                           and n % 3)  # fmt: skip
    assert report.seconds < 5
    assert plan_quarter(alert_services).added == 0
