"""The application's services in one typed container, shared by the CLI, the bot and the jobs.

Built by a composition root (`bot/cli.py`, `bot/app.py`), never at import time.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass, field

from sqlalchemy.engine import Engine
from sqlmodel import Session

from bot.league_data import LeagueData
from bot.understanding import MessageUnderstander
from db.bundle import ensure_store
from db.engine import create_tables, make_engine, make_session_factory
from db.importer import ProgressCallback
from db.queries import data_version
from db.reference import ReferenceData, SiteRef, load_reference


@dataclass
class Services:
    """Engine, sessions, reference data, the message understander and the read model."""

    engine: Engine
    session_factory: Callable[[], Session]
    reference: ReferenceData
    understander: MessageUnderstander
    _league: LeagueData | None = None
    _sites_by_trust: dict[str, tuple[SiteRef, ...]] | None = None
    _lock: threading.Lock = field(default_factory=threading.Lock)

    @classmethod
    def create(
        cls,
        database_url: str,
        *,
        progress: ProgressCallback | None = None,
        auto_load: bool = True,
        reference: ReferenceData | None = None,
        understander: MessageUnderstander | None = None,
    ) -> Services:
        """Connect, load the bundled data on first use (unless disabled), and index names.

        `reference` and `understander` can be shared between instances (they are immutable).
        """
        engine = make_engine(database_url)
        if auto_load:
            ensure_store(engine, progress=progress)
        else:
            create_tables(engine)
        reference = reference or load_reference()
        return cls(
            engine=engine,
            session_factory=make_session_factory(engine),
            reference=reference,
            understander=understander or MessageUnderstander.build(reference),
        )

    def sites_of(self, trust_code: str) -> tuple[SiteRef, ...]:
        """The hospital sites a trust runs (indexed on first use)."""
        if self._sites_by_trust is None:
            index: dict[str, list[SiteRef]] = {}
            for site in self.reference.sites:
                index.setdefault(site.trust_code, []).append(site)
            self._sites_by_trust = {code: tuple(sites) for code, sites in index.items()}
        return self._sites_by_trust.get(trust_code, ())

    @property
    def league(self) -> LeagueData:
        """The read model, loaded on first use."""
        if self._league is None:
            with self._lock:
                if self._league is None:
                    self._league = LeagueData.load(self.session_factory)
        return self._league

    def refresh_if_changed(self) -> bool:
        """Reload the read model if any import happened since it was built (any process)."""
        with self.session_factory() as session:
            version = data_version(session)
        if self._league is not None and self._league.version == version:
            return False
        league = LeagueData.load(self.session_factory)
        league.warm()  # build before swapping in, so no answer waits on it
        with self._lock:
            self._league = league
        return True

    def close(self) -> None:
        """Release database connections."""
        self.engine.dispose()
