"""Operator use cases: import official files, list quarters, verify the engine, export tables."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from bot.services import Services
from db.importer import ImportOutcome, ProgressCallback, import_official_files
from db.official_csv import ImportRejected, Problem
from ranking import FidelityReport, compare


def collect_csv_paths(paths: list[str]) -> list[Path]:
    """Files as given, and every *.csv in a given folder (sorted, so imports are repeatable)."""
    found: list[Path] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            found.extend(sorted(p for p in path.iterdir() if p.suffix.lower() == ".csv"))
        else:
            found.append(path)
    return found


def import_paths(
    services: Services,
    paths: list[str],
    *,
    quarter: str | None = None,
    progress: ProgressCallback | None = None,
) -> list[ImportOutcome]:
    """Import official files in one transaction and refresh the read model.

    Raises:
        ImportRejected: any problem in any file (or an unreadable path); nothing is written.
    """
    files, problems = [], []
    for path in collect_csv_paths(paths):
        try:
            files.append((path.name, path.read_bytes()))
        except OSError as err:
            problems.append(Problem(str(path), None, None, f"cannot read: {err.strerror}"))
    if problems:
        raise ImportRejected(problems)
    if not files:
        raise ImportRejected([Problem(", ".join(paths), None, None, "no CSV files found")])
    return import_bytes(services, files, quarter=quarter, progress=progress)


def import_bytes(
    services: Services,
    files: list[tuple[str, bytes]],
    *,
    quarter: str | None = None,
    progress: ProgressCallback | None = None,
) -> list[ImportOutcome]:
    """Import already-read files (the watcher's downloads); one commit, then refresh."""
    with services.session_factory() as session:
        outcomes = import_official_files(
            session=session, files=files, quarter=quarter, progress=progress
        )
        session.commit()
    services.refresh_if_changed()
    return outcomes


@dataclass(frozen=True, slots=True)
class QuarterFidelity:
    """The engine against NHS England's published results for one quarter and source."""

    quarter: str
    source: str
    trusts: int
    report: FidelityReport


def verify(services: Services) -> list[QuarterFidelity]:
    """Compare the engine with every published summary and league-table file stored."""
    league = services.league
    results = []
    for quarter in league.quarters:
        sources = {
            "summary rows": league.published_summary(quarter),
            "league-table file": league.published_league_file(quarter),
        }
        for source, published in sources.items():
            if published:
                tables = league.tables(quarter)
                types = {tables.results[p.trust_code].trust_type for p in published
                         if p.trust_code in tables.results}  # fmt: skip
                report = compare(tables, published, trust_types=types)
                results.append(QuarterFidelity(quarter, source, len(published), report))
    return results
