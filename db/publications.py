"""What the publication watcher fetched before: validators and hashes of official CSV files."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlmodel import Session

from db.alert_models import FetchedFile
from db.models import utc_now

IMPORTED, REJECTED = "imported", "rejected"


@dataclass(frozen=True, slots=True)
class FetchedFileRow:
    """The last fetch of one URL."""

    url: str
    etag: str | None
    last_modified: str | None
    sha256: str
    status: str


def fetched_files(*, session: Session) -> dict[str, FetchedFileRow]:
    """Every URL fetched before, by URL."""
    rows = session.execute(
        select(
            FetchedFile.url,
            FetchedFile.etag,
            FetchedFile.last_modified,
            FetchedFile.sha256,
            FetchedFile.status,
        )
    )
    return {row[0]: FetchedFileRow(*row) for row in rows}


def record_fetch(
    *,
    session: Session,
    url: str,
    sha256: str,
    status: str,
    etag: str | None = None,
    last_modified: str | None = None,
) -> None:
    """Remember a fetched file (insert or replace)."""
    row = session.get(FetchedFile, url)
    if row is None:
        row = FetchedFile(url=url, sha256=sha256, status=status)
        session.add(row)
    row.sha256, row.status, row.etag = sha256, status, etag
    row.last_modified, row.fetched_at = last_modified, utc_now()
    session.flush()
