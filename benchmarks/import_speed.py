"""Import throughput, table computation time, and how long `nhsbot ask` takes.

    python -m benchmarks.import_speed [--database-url URL] [--repeat 5]

1. Imports every bundled official file into a new database (SQLite by default) and prints
   rows/s (parsing and validation included, one transaction).
2. Computes every quarter's league tables from the stored rows (the read model build).
3. Times `nhsbot ask` as a newcomer meets it: the first call (creates and loads the database)
   and later calls, each a fresh process, as the README's command runs it.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from sqlmodel import Session

from bot.league_data import LeagueData
from db.bundle import bundled_official_files
from db.engine import create_tables, make_engine, make_session_factory
from db.importer import import_official_files

QUESTION = "how is Leeds Teaching Hospitals doing"


def time_import(url: str) -> None:
    """Rows/s of a full import of the bundle into an empty database."""
    files = bundled_official_files()
    engine = make_engine(url)
    create_tables(engine)
    start = time.perf_counter()
    with Session(engine) as session:
        outcomes = import_official_files(session=session, files=files)
        session.commit()
    elapsed = time.perf_counter() - start
    rows = sum(o.rows for o in outcomes)
    print(
        f"import: {len(files)} files, {rows:,} rows in {elapsed:.2f} s = "
        f"{rows / elapsed:,.0f} rows/s"
    )

    start = time.perf_counter()
    league = LeagueData.load(make_session_factory(engine))
    league.warm()
    elapsed = time.perf_counter() - start
    trusts = sum(len(league.table(q)) for q in league.quarters)
    print(f"tables: {len(league.quarters)} quarters, {trusts} trust-quarters computed from the "
          f"stored rows in {elapsed:.2f} s")  # fmt: skip
    engine.dispose()


def time_ask(repeat: int) -> None:
    """Wall-clock time of `nhsbot ask` in fresh processes, first run and later runs."""
    with tempfile.TemporaryDirectory() as home:
        env = {**os.environ, "XDG_DATA_HOME": home}
        env.pop("DATABASE_URL", None)
        command = [sys.executable, "-m", "bot", "ask", QUESTION]

        def run() -> float:
            start = time.perf_counter()
            subprocess.run(command, env=env, check=True, capture_output=True, cwd=home)
            return time.perf_counter() - start

        first = run()
        later = [run() for _ in range(repeat)]
        print(f"ask: first run {first:.2f} s (creates and loads the database); later runs "
              f"median {statistics.median(later):.2f} s, max {max(later):.2f} s "
              f"({repeat} runs, each a new process)")  # fmt: skip


def main() -> None:
    """Run all three measurements."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", help="default: a temporary SQLite file")
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        time_import(args.database_url or f"sqlite:///{Path(folder) / 'import.sqlite3'}")
    time_ask(args.repeat)


if __name__ == "__main__":
    main()
