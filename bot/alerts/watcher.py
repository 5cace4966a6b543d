"""The publication watcher: find NHS England's NOF CSV files, fetch new or revised ones, import.

NHS England publishes each quarter on one page (`NOF_PUBLICATION_URL`) as CSV links. Each run
reads the page, downloads only what changed (ETag / Last-Modified, then sha256), and imports
everything new in one import through `bot.usecases.admin.import_bytes`. Network errors, a
page without CSV links (redesigned?) or a garbled file are logged and retried on the next run;
the importer is all-or-nothing, so nothing stored is ever lost.
"""

from __future__ import annotations

import asyncio
import hashlib
import logging
from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import unquote, urljoin, urlsplit

import httpx

from bot.services import Services
from bot.usecases.admin import import_bytes
from db.importer import ImportOutcome
from db.official_csv import ImportRejected
from db.publications import IMPORTED, REJECTED, FetchedFileRow, fetched_files, record_fetch

log = logging.getLogger(__name__)
TIMEOUT = httpx.Timeout(60.0, connect=10.0)
USER_AGENT = "nhs-league-bot (NOF publication watcher)"
MAX_FILE_BYTES = 200 * 1024 * 1024


class _LinkParser(HTMLParser):
    """Collects every <a href>; the page's markup is NHS England's and may change."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.hrefs: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "a":
            href = dict(attrs).get("href")
            if href:
                self.hrefs.append(href.strip())


def find_csv_links(page_html: str, page_url: str) -> list[str]:
    """Absolute URLs of the CSV files a page links to (relative hrefs resolved), in page order."""
    parser = _LinkParser()
    parser.feed(page_html)
    links: list[str] = []
    for href in parser.hrefs:
        url = urljoin(page_url, href)
        parts = urlsplit(url)
        if parts.scheme in ("http", "https") and parts.path.lower().endswith(".csv"):
            url = parts._replace(fragment="").geturl()
            if url not in links:
                links.append(url)
    return links


def file_name(url: str) -> str:
    """The file name the importer sees (it reads the quarter from names like -q1-25-26-)."""
    return unquote(urlsplit(url).path.rsplit("/", 1)[-1])


@dataclass(frozen=True, slots=True)
class Download:
    """A fetched file that differs from anything imported from its URL before."""

    url: str
    name: str
    data: bytes
    sha256: str
    etag: str | None
    last_modified: str | None


@dataclass
class SyncReport:
    """What one watcher run found and did."""

    links: list[str] = field(default_factory=list)
    unchanged: int = 0
    downloaded: list[str] = field(default_factory=list)
    outcomes: list[ImportOutcome] = field(default_factory=list)
    rejected: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    @property
    def new_quarters(self) -> set[str]:
        """Quarters stored for the first time by this run."""
        return {q for o in self.outcomes for q in o.new_quarters}

    @property
    def touched_quarters(self) -> set[str]:
        """Quarters any newly imported file held (new, or revised)."""
        return {q for o in self.outcomes if o.status == "imported" for q in o.quarters}


async def sync_publications(
    services: Services, page_url: str, *, client: httpx.AsyncClient | None = None
) -> SyncReport:
    """One watcher run: read the page, fetch what changed, import it (in a worker thread)."""
    report = SyncReport()
    own_client = client is None
    http = client or httpx.AsyncClient(
        timeout=TIMEOUT, follow_redirects=True, headers={"User-Agent": USER_AGENT}
    )
    try:
        try:
            page = await http.get(page_url)
            page.raise_for_status()
        except httpx.HTTPError as err:
            _problem(report, f"cannot read the publication page: {_describe(err)}")
            return report
        report.links = find_csv_links(page.text, str(page.url))
        if not report.links:
            _problem(report, "the publication page links no CSV files (has it changed?)")
            return report
        known = await asyncio.to_thread(_known_files, services)
        downloads = []
        for url in report.links:
            download = await _fetch(http, url, known.get(url), report)
            if download is not None:
                downloads.append(download)
    finally:
        if own_client:
            await http.aclose()
    if downloads:
        await asyncio.to_thread(_import, services, downloads, report)
    return report


async def _fetch(
    http: httpx.AsyncClient, url: str, before: FetchedFileRow | None, report: SyncReport
) -> Download | None:
    """GET one file, conditionally; None when unchanged, refused earlier, or failed."""
    headers = {}
    if before is not None and before.status == IMPORTED:
        if before.etag:
            headers["If-None-Match"] = before.etag
        if before.last_modified:
            headers["If-Modified-Since"] = before.last_modified
    try:
        response = await http.get(url, headers=headers)
        if response.status_code == 304:
            report.unchanged += 1
            return None
        response.raise_for_status()
    except httpx.HTTPError as err:
        _problem(report, f"cannot download {file_name(url)}: {_describe(err)}")
        return None
    data = response.content
    if len(data) > MAX_FILE_BYTES:
        _problem(report, f"{file_name(url)} is implausibly large ({len(data):,} bytes)")
        return None
    sha = hashlib.sha256(data).hexdigest()
    if before is not None and before.sha256 == sha:
        report.unchanged += 1  # same bytes: imported already, or refused already
        return None
    report.downloaded.append(file_name(url))
    return Download(
        url,
        file_name(url),
        data,
        sha,
        response.headers.get("ETag"),
        response.headers.get("Last-Modified"),
    )


def _import(services: Services, downloads: list[Download], report: SyncReport) -> None:
    """Import all downloads in one import; drop files the importer refuses and try the rest.

    Refused files are remembered by hash only, so the same bytes are not fetched into the
    importer again, but a corrected file (new bytes) is.
    """
    pending = list(downloads)
    while pending:
        try:
            report.outcomes = import_bytes(services, [(d.name, d.data) for d in pending])
        except ImportRejected as err:
            bad = {p.file for p in err.problems} & {d.name for d in pending} or {
                d.name for d in pending
            }
            for download in (d for d in pending if d.name in bad):
                _problem(report, f"{download.name} was refused: {err.problems[0]}")
                report.rejected.append(download.name)
                _remember(services, download, REJECTED)
            pending = [d for d in pending if d.name not in bad]
            continue
        for download in pending:
            _remember(services, download, IMPORTED)
        for outcome in report.outcomes:
            log.info(
                "Imported %s: %s, quarters %s",
                outcome.file_name,
                outcome.status,
                ", ".join(outcome.quarters),
            )
        return


def _known_files(services: Services) -> dict[str, FetchedFileRow]:
    with services.session_factory() as session:
        return fetched_files(session=session)


def _remember(services: Services, download: Download, status: str) -> None:
    with services.session_factory() as session:
        if status == IMPORTED:
            record_fetch(
                session=session,
                url=download.url,
                sha256=download.sha256,
                status=status,
                etag=download.etag,
                last_modified=download.last_modified,
            )
        else:
            record_fetch(session=session, url=download.url, sha256=download.sha256, status=status)
        session.commit()


def _problem(report: SyncReport, message: str) -> None:
    report.errors.append(message)
    log.warning("Publication watcher: %s (stored data unchanged; next run tries again)", message)


def _describe(err: httpx.HTTPError) -> str:
    if isinstance(err, httpx.HTTPStatusError):
        return f"HTTP {err.response.status_code}"
    return f"{type(err).__name__}: {err}" if str(err) else type(err).__name__
