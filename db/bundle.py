"""The official files bundled with the package, and loading them into an empty store once."""

from __future__ import annotations

import gzip
from importlib import resources

from sqlalchemy import select
from sqlalchemy.engine import Engine
from sqlmodel import Session

from db.engine import create_tables
from db.importer import ImportOutcome, ProgressCallback, import_official_files
from db.models import StoreSetting

_NOF_PACKAGE = "db.bundled.nof"
# The published summary and metric catalogue are expected values and documentation, not inputs.
_NOT_IMPORTED = ("published_summary_", "metric_catalogue")
STORE_MODE_KEY = "store_mode"
BUNDLED = "bundled"
EMPTY = "empty"


def read_bundled_file(name: str) -> bytes:
    """The bytes of one bundled file (without its .gz)."""
    data = resources.files(_NOF_PACKAGE).joinpath(name + ".gz").read_bytes()
    return gzip.decompress(data)


def bundled_official_files() -> list[tuple[str, bytes]]:
    """The official data and league-table files bundled with the package, by name."""
    names = sorted(
        entry.name[:-3]
        for entry in resources.files(_NOF_PACKAGE).iterdir()
        if entry.name.endswith(".csv.gz") and not entry.name.startswith(_NOT_IMPORTED)
    )
    return [(name, read_bundled_file(name)) for name in names]


def store_mode(engine: Engine) -> str | None:
    """`bundled`, `empty` (created with `db init --empty`) or None (not initialised)."""
    create_tables(engine)
    with Session(engine) as session:
        row = session.exec(select(StoreSetting).where(StoreSetting.key == STORE_MODE_KEY))
        setting = row.scalars().first()
        return setting.value if setting else None


def init_store(engine: Engine, *, empty: bool, progress: ProgressCallback | None = None
               ) -> list[ImportOutcome]:  # fmt: skip
    """Create the tables and, unless `empty`, load the bundled files in one transaction."""
    create_tables(engine)
    with Session(engine) as session:
        outcomes = []
        if not empty:
            outcomes = import_official_files(
                session=session, files=bundled_official_files(), progress=progress
            )
        session.merge(StoreSetting(key=STORE_MODE_KEY, value=EMPTY if empty else BUNDLED))
        session.commit()
    return outcomes


def ensure_store(engine: Engine, *, progress: ProgressCallback | None = None) -> None:
    """On first use, load the bundled data; a store made with `db init --empty` stays empty."""
    if store_mode(engine) is None:
        init_store(engine, empty=False, progress=progress)
