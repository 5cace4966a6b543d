"""One publication watcher at a time (the lease in bot/alerts/runs.py), with failover."""

from __future__ import annotations

import asyncio
from datetime import timedelta

from alert_builders import ALL_QUARTERS, Q4, official_file
from sqlalchemy import func, select

from bot.alerts.runs import WATCH_LEASE, watch_exclusively
from db.alert_models import AlertRun
from db.coordination import acquire_lease
from db.models import ImportRecord

Q4_FILE = "nhs-oversight-framework-ambulance-trust-data-q4-25-26.csv"


def imports(services) -> int:
    with services.session_factory() as session:
        return session.execute(select(func.count()).select_from(ImportRecord)).scalar_one()


async def test_two_watchers_started_together_import_once(alert_services, publication_site):
    site = publication_site
    site.publish([f"/media/{Q4_FILE}"], {Q4_FILE: official_file(ALL_QUARTERS)})
    before = imports(alert_services)

    results = await asyncio.gather(
        *(watch_exclusively(alert_services, site.page_url, holder=h) for h in ("w1", "w2"))
    )

    assert imports(alert_services) == before + 1
    done = [r for r in results if r is not None]
    assert sum(len(sync.outcomes) for sync, _ in done) == 1
    with alert_services.session_factory() as session:
        assert session.execute(select(AlertRun.quarter)).scalars().all() == [Q4]


async def test_a_live_watcher_blocks_and_a_dead_one_fails_over(alert_services, publication_site):
    site = publication_site
    site.publish([f"/media/{Q4_FILE}"], {Q4_FILE: official_file(ALL_QUARTERS)})
    with alert_services.session_factory() as session:
        acquire_lease(session=session, name=WATCH_LEASE, holder="bot", ttl=timedelta(minutes=5))
    assert await watch_exclusively(alert_services, site.page_url, holder="sync") is None
    with alert_services.session_factory() as session:  # the holder died: its lease ran out
        acquire_lease(session=session, name=WATCH_LEASE, holder="bot", ttl=timedelta(seconds=-1))
    done = await watch_exclusively(alert_services, site.page_url, holder="sync")
    assert done is not None and len(done[0].outcomes) == 1
