"""Alert fixtures: PTB durations as timedelta, a store holding Q1-Q3 2025/26, and a local
copy of NHS England's publication page (aiohttp on 127.0.0.1)."""

from __future__ import annotations

import hashlib
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from aiohttp import web
from alert_builders import EARLY_QUARTERS, official_file

from bot.services import Services
from bot.usecases.admin import import_bytes
from db.bundle import init_store
from db.engine import make_engine


@pytest.fixture(autouse=True)
def ptb_timedelta(monkeypatch: pytest.MonkeyPatch) -> None:
    """PTB_TIMEDELTA=1 as in production (telegram.md §0.8): RetryAfter carries a timedelta."""
    monkeypatch.setenv("PTB_TIMEDELTA", "1")


@pytest.fixture
def alert_services(tmp_path: Path, shared_understander) -> Iterator[Services]:
    """`db init --empty`, then the ambulance file as published before Q4 2025/26 (Q1-Q3)."""
    url = f"sqlite:///{tmp_path / 'alerts.sqlite3'}"
    engine = make_engine(url)
    init_store(engine, empty=True)
    engine.dispose()
    reference, understander = shared_understander
    services = Services.create(url, reference=reference, understander=understander)
    import_bytes(
        services, [("nof-ambulance-trust-data-q3-25-26.csv", official_file(EARLY_QUARTERS))]
    )
    yield services
    services.close()


@dataclass
class PublicationSite:
    """NHS England's page as the tests set it: its HTML, its files, and what was requested."""

    page: str = "<html><body><p>No files yet</p></body></html>"
    files: dict[str, bytes] = field(default_factory=dict)
    send_etags: bool = True
    page_status: int = 200
    requests: list[str] = field(default_factory=list)
    base_url: str = ""

    @property
    def page_url(self) -> str:
        return f"{self.base_url}/nhs-oversight-framework/segmentation-and-league-tables/"

    def publish(self, links: list[str], files: dict[str, bytes] | None = None) -> None:
        """Replace the page with one linking `links` (hrefs as written), and add files."""
        items = "".join(f'<li><a class="file" href="{href}">Download</a></li>' for href in links)
        self.page = f"<html><body><h1>Segmentation</h1><ul>{items}</ul></body></html>"
        self.files.update(files or {})


@pytest.fixture
async def publication_site() -> AsyncIterator[PublicationSite]:
    """Serves the page and the files; honours If-None-Match like a CDN."""
    site = PublicationSite()

    async def page(request: web.Request) -> web.Response:
        site.requests.append(request.path)
        return web.Response(text=site.page, content_type="text/html", status=site.page_status)

    async def file(request: web.Request) -> web.Response:
        site.requests.append(request.path)
        data = site.files.get(request.match_info["name"])
        if data is None:
            return web.Response(status=404)
        etag = '"' + hashlib.sha256(data).hexdigest()[:16] + '"'
        if site.send_etags and request.headers.get("If-None-Match") == etag:
            return web.Response(status=304)
        headers = {"ETag": etag} if site.send_etags else {}
        return web.Response(body=data, headers=headers, content_type="text/csv")

    app = web.Application()
    app.router.add_get("/nhs-oversight-framework/segmentation-and-league-tables/", page)
    app.router.add_get("/media/{name}", file)
    runner = web.AppRunner(app, access_log=None)
    await runner.setup()
    server = web.TCPSite(runner, "127.0.0.1", 0)
    await server.start()
    site.base_url = f"http://127.0.0.1:{runner.addresses[0][1]}"
    yield site
    await runner.cleanup()
