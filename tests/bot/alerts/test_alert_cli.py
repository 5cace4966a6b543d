"""`nhsbot sync` and `nhsbot alerts status|plan|send`, run as an operator would."""

from __future__ import annotations

import asyncio
import os
import sys
from pathlib import Path

from alert_builders import ALL_QUARTERS, official_file, received

from bot.usecases.subscriptions import follow

ROOT = Path(__file__).parents[3]
Q4_FILE = "nhs-oversight-framework-ambulance-trust-data-q4-25-26.csv"


async def nhsbot(*args: str, **env: str) -> tuple[int, str, str]:
    process = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "bot", *args, cwd=ROOT, env={**os.environ, **env},
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE,
    )  # fmt: skip
    out, err = await process.communicate()
    return process.returncode or 0, out.decode(), err.decode()


async def test_sync_plan_status_send(alert_services, publication_site, fake_bot_api):
    follow(alert_services, 501, "private", "east midlands ambulance")
    follow(alert_services, 502, "private", "yorkshire ambulance")  # no change: no alert
    env = {
        "DATABASE_URL": alert_services.engine.url.render_as_string(hide_password=False),
        "NOF_PUBLICATION_URL": publication_site.page_url,
        "TELEGRAM_BOT_USERNAME": "nhs_league_test_bot",
        "TELEGRAM_BOT_TOKEN": fake_bot_api.token,
        "TELEGRAM_API_URL": fake_bot_api.base_url,
        "PTB_TIMEDELTA": "1",
    }
    code, out, err = await nhsbot("sync", **env)
    assert code == 1 and "links no CSV files" in err  # nothing published yet: retried later

    publication_site.publish([f"/media/{Q4_FILE}"], {Q4_FILE: official_file(ALL_QUARTERS)})
    code, out, err = await nhsbot("sync", **env)
    assert code == 0, err
    assert f"{Q4_FILE}: imported" in out and "new quarters: Q4 2025/26" in out
    assert "Planned Q4 2025/26: 1 new alerts for 1 chats" in out

    code, out, _ = await nhsbot("alerts", "plan", **env)
    assert code == 0 and "0 new alerts" in out
    code, out, _ = await nhsbot("alerts", "status", **env)
    assert "Q4 2025/26 (vs Q3 2025/26): planned; 1 pending" in out

    code, out, err = await nhsbot("alerts", "send", **env)
    assert code == 0, err
    assert "1 sent, 0 unknown" in out and "Run Q4 2025/26 is done." in out
    assert received(fake_bot_api) == {501: 1}
    code, out, _ = await nhsbot("alerts", "status", **env)
    assert "Q4 2025/26 (vs Q3 2025/26): done" in out and "1 sent" in out
