"""Write validated official files to the database: all or nothing, idempotent, revision-aware.

A file already imported (same sha256) changes nothing. Otherwise each (quarter, trust type) the
file holds replaces what was stored for it, so a revised `-v2` file, or a cumulative later file
that repeats earlier quarters, supersedes the older rows. Nothing here commits: the caller's one
commit makes a whole import one transaction.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from sqlalchemy import delete, insert, select
from sqlmodel import Session

from db.models import ImportRecord, LeagueTableRow, MetricValue, TrustQuarter
from db.official_csv import ImportRejected, ParsedFile, parse_official_file

ProgressCallback = Callable[[int, int], None]
_CHUNK = 5000


@dataclass(frozen=True, slots=True)
class ImportOutcome:
    """What one file did to the store."""

    file_name: str
    status: str  # "imported" or "unchanged"
    rows: int
    quarters: tuple[str, ...]
    new_quarters: tuple[str, ...]


def parse_files(
    files: Iterable[tuple[str, bytes]], *, quarter: str | None = None
) -> list[ParsedFile]:
    """Parse every file before anything is written; any problem in any file rejects them all."""
    parsed, problems = [], []
    for name, raw in files:
        try:
            parsed.append(parse_official_file(raw, name, quarter=quarter))
        except ImportRejected as err:
            problems.extend(err.problems)
    if problems:
        raise ImportRejected(problems)
    return parsed


def stored_quarters(session: Session) -> set[str]:
    """Quarters with any stored trust."""
    return set(session.exec(select(TrustQuarter.quarter).distinct()).scalars())


def write_parsed_files(
    *, session: Session, parsed: list[ParsedFile], progress: ProgressCallback | None = None
) -> list[ImportOutcome]:
    """Store parsed files (no commit); returns one outcome per file, in order."""
    known_hashes = set(session.exec(select(ImportRecord.sha256)).scalars())
    before = stored_quarters(session)
    total = sum(p.row_count for p in parsed)
    done = 0
    outcomes = []
    for item in parsed:
        if item.sha256 in known_hashes:
            outcomes.append(ImportOutcome(item.file_name, "unchanged", item.row_count,
                                          tuple(item.quarters), ()))  # fmt: skip
            done += item.row_count
            if progress:
                progress(done, total)
            continue
        _replace_scopes(session, item)
        for start in range(0, len(item.metric_rows), _CHUNK):
            session.execute(insert(MetricValue), item.metric_rows[start : start + _CHUNK])
            done += len(item.metric_rows[start : start + _CHUNK])
            if progress:
                progress(done, total)
        if item.league_rows:
            session.execute(insert(LeagueTableRow), item.league_rows)
            done += len(item.league_rows)
            if progress:
                progress(done, total)
        trust_types = sorted({t for _, t in item.scopes})
        session.add(
            ImportRecord(
                file_name=item.file_name,
                sha256=item.sha256,
                layout=item.layout,
                rows=item.row_count,
                quarters=", ".join(item.quarters),
                trust_type=", ".join(trust_types),
            )
        )
        known_hashes.add(item.sha256)
        new = tuple(q for q in item.quarters if q not in before)
        before.update(new)
        outcomes.append(ImportOutcome(item.file_name, "imported", item.row_count,
                                      tuple(item.quarters), new))  # fmt: skip
    session.flush()
    return outcomes


def _replace_scopes(session: Session, item: ParsedFile) -> None:
    table = MetricValue if item.layout == "trust-data" else LeagueTableRow
    for quarter, trust_type in sorted(item.scopes):
        session.execute(
            delete(table).where(table.quarter == quarter, table.trust_type == trust_type)
        )
    # A trust's identity per quarter is replaced by the newest file that names it.
    for (quarter, code), _ in item.trust_quarters.items():
        session.execute(
            delete(TrustQuarter).where(
                TrustQuarter.quarter == quarter, TrustQuarter.trust_code == code
            )
        )
    rows = [
        {k: v for k, v in tq.items() if not k.startswith("_")}
        for tq in item.trust_quarters.values()
    ]
    session.execute(insert(TrustQuarter), rows)


def import_official_files(
    *,
    session: Session,
    files: Iterable[tuple[str, bytes]],
    quarter: str | None = None,
    progress: ProgressCallback | None = None,
) -> list[ImportOutcome]:
    """Validate then store official files (no commit).

    Raises:
        ImportRejected: if any file has any problem; nothing is written.
    """
    parsed = parse_files(files, quarter=quarter)
    return write_parsed_files(session=session, parsed=parsed, progress=progress)
