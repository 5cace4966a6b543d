"""The in-memory read model: every quarter's league tables, built once from the store.

League tables change four times a year, so answers are served from memory (architecture.md §2).
What the bot states comes from NHS England's published summary rows where they exist (OF5000…,
or a league-table file); the engine reproduces them (proved by `nhsbot verify`) and supplies what
NHS England does not publish: rank among non-specialist acute trusts, distance to the next
segment, and changes between quarters.
"""

from __future__ import annotations

import threading
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass

from sqlmodel import Session

from db.queries import (
    StoredLeagueRow,
    StoredMetric,
    StoredTrustQuarter,
    data_version,
    load_league_rows,
    load_metrics,
    load_trust_quarters,
)
from ranking import (
    LeagueTables,
    Movement,
    PublishedResult,
    TrustQuarterInput,
    TrustType,
    compute_league_tables,
    diff_tables,
    methodology_for,
    parse_quarter,
)

_SCORE_PREFIXES = ("OF1", "OF2")


@dataclass(frozen=True, slots=True)
class TrustStanding:
    """One trust in one quarter: everything an answer states about its place in the table."""

    quarter: str
    trust_code: str
    trust_name: str
    trust_type: TrustType
    trust_subtype: str
    region: str
    segment: int
    unadjusted_segment: int
    in_deficit: bool
    is_capped: bool
    average_score: float
    rank: int
    table_size: int
    non_specialist_rank: int | None
    non_specialist_table_size: int | None
    distance_to_next_segment: float | None
    is_next_segment_blocked_by_deficit: bool
    source: str  # "published" (NHS England's summary) or "engine" (our reproduction)


def _value(rows: dict[str, StoredMetric], metric_id: str) -> float | None:
    row = rows.get(metric_id)
    return row.value if row is not None else None


MetricLoader = Callable[[str], list[StoredMetric]]


class LeagueData:
    """All stored quarters, each computed on first use and indexed for answers.

    A quarter's metric rows are read and its tables computed only when something asks about
    it, so a one-off CLI answer builds two quarters (the one asked about and the one before),
    not all of them; the bot warms every quarter at start-up. Rebuild it after an import.
    """

    def __init__(
        self,
        trust_quarters: list[StoredTrustQuarter],
        load_quarter_metrics: MetricLoader,
        league_rows: list[StoredLeagueRow],
        version: int = 0,
    ) -> None:
        self.version = version
        keys = {tq.quarter: tq.quarter_key for tq in trust_quarters}
        self.quarters: list[str] = sorted(keys, key=keys.__getitem__)
        self._trusts: dict[str, dict[str, StoredTrustQuarter]] = defaultdict(dict)
        for tq in trust_quarters:
            self._trusts[tq.quarter][tq.trust_code] = tq
        self._load_quarter_metrics = load_quarter_metrics
        self._metrics: dict[tuple[str, str], dict[str, StoredMetric]] = defaultdict(dict)
        self._league = {(r.quarter, r.trust_code): r for r in league_rows}
        self._tables: dict[str, LeagueTables] = {}
        self._summary: dict[str, dict[str, PublishedResult]] = {}
        self._league_file: dict[str, dict[str, PublishedResult]] = {}
        self._movements: dict[tuple[str, str], list[Movement]] = {}
        self._sorted_tables: dict[tuple[str, TrustType | None], list[TrustStanding]] = {}
        self._ranked_counts: dict[tuple[str, TrustType, str], int] = {}
        self._standings: dict[str, dict[str, TrustStanding]] = {}
        self._lock = threading.RLock()

    @classmethod
    def load(cls, session_factory: Callable[[], Session]) -> LeagueData:
        """Read the trusts and league rows now; each quarter's metrics when first needed."""

        def quarter_metrics(quarter: str) -> list[StoredMetric]:
            with session_factory() as session:
                return load_metrics(session, quarter=quarter)

        with session_factory() as session:
            return cls(
                load_trust_quarters(session),
                quarter_metrics,
                load_league_rows(session),
                data_version(session),
            )

    def warm(self) -> None:
        """Compute every quarter now (the bot does this before it answers anyone)."""
        for quarter in self.quarters:
            self._ensure(quarter)

    def _ensure(self, quarter: str) -> bool:
        """Build a stored quarter if needed; False for a quarter we don't have."""
        if quarter in self._standings:
            return True
        if quarter not in self._trusts:
            return False
        with self._lock:
            if quarter not in self._standings:
                for m in self._load_quarter_metrics(quarter):
                    self._metrics[(m.quarter, m.trust_code)][m.metric_id] = m
                self._build_quarter(quarter)
        return True

    def tables(self, quarter: str) -> LeagueTables:
        """The engine's tables for a stored quarter (KeyError for another)."""
        if not self._ensure(quarter):
            raise KeyError(quarter)
        return self._tables[quarter]

    # -- building --------------------------------------------------------------------------

    def _build_quarter(self, quarter: str) -> None:
        ids = methodology_for(parse_quarter(quarter)).summary_ids
        inputs, summary, league_file = [], {}, {}
        for code, tq in self._trusts[quarter].items():
            rows = self._metrics.get((quarter, code), {})
            league = self._league.get((quarter, code))
            scores = {
                mid: m.value
                for mid, m in rows.items()
                if mid.startswith(_SCORE_PREFIXES) and m.value is not None
            }
            flag = _value(rows, ids.deficit_flag)
            in_deficit = bool(flag) if flag is not None else bool(league and league.in_deficit)
            average = _value(rows, ids.average_score)
            if average is None and league is not None:
                average = league.average_score
            inputs.append(
                TrustQuarterInput(
                    trust_code=code,
                    trust_type=TrustType(tq.trust_type),
                    trust_subtype=tq.trust_subtype,
                    metric_scores=scores,
                    in_deficit=in_deficit,
                    published_average=average,
                )
            )
            segment_row = rows.get(ids.adjusted_segment)
            if segment_row is not None and segment_row.value is not None and average is not None:
                unadjusted = _value(rows, ids.unadjusted_segment)
                summary[code] = PublishedResult(
                    trust_code=code,
                    quarter=quarter,
                    segment=int(segment_row.value),
                    unadjusted_segment=int(unadjusted) if unadjusted is not None else None,
                    in_deficit=in_deficit,
                    average_score=_value(rows, ids.average_score),
                    rank=int(segment_row.rank) if segment_row.rank is not None else None,
                    table_size=None,
                )
            if league is not None:
                league_file[code] = PublishedResult(
                    trust_code=code,
                    quarter=quarter,
                    segment=league.segment,
                    unadjusted_segment=None,
                    in_deficit=league.in_deficit,
                    average_score=league.average_score,
                    rank=league.rank,
                    table_size=None,
                )
        tables = compute_league_tables(parse_quarter(quarter), inputs)
        self._tables[quarter] = tables
        self._summary[quarter] = summary
        self._league_file[quarter] = league_file
        self._standings[quarter] = {
            code: self._standing(quarter, code, tables, summary.get(code) or league_file.get(code))
            for code in tables.results
        }

    def _standing(
        self, quarter: str, code: str, tables: LeagueTables, published: PublishedResult | None
    ) -> TrustStanding:
        result = tables.results[code]
        tq = self._trusts[quarter][code]
        segment, rank, average = result.segment, result.rank, result.average_score
        unadjusted, in_deficit, source = result.unadjusted_segment, result.in_deficit, "engine"
        if published is not None:
            source = "published"
            segment, average, in_deficit = (
                published.segment, published.average_score, published.in_deficit
            )  # fmt: skip
            rank = published.rank if published.rank is not None else rank
            if published.unadjusted_segment is not None:
                unadjusted = published.unadjusted_segment
        return TrustStanding(
            quarter=quarter,
            trust_code=code,
            trust_name=tq.trust_name,
            trust_type=result.trust_type,
            trust_subtype=tq.trust_subtype,
            region=tq.region,
            segment=segment,
            unadjusted_segment=unadjusted,
            in_deficit=in_deficit,
            is_capped=in_deficit and unadjusted < segment,
            average_score=average,
            rank=rank,
            table_size=result.table_size,
            non_specialist_rank=result.non_specialist_rank,
            non_specialist_table_size=result.non_specialist_table_size,
            distance_to_next_segment=result.distance_to_next_segment,
            is_next_segment_blocked_by_deficit=result.is_next_segment_blocked_by_deficit,
            source=source,
        )

    # -- reading ---------------------------------------------------------------------------

    @property
    def known_codes(self) -> frozenset[str]:
        """Every trust code in any stored quarter (validates codes that come back in buttons)."""
        return frozenset(code for trusts in self._trusts.values() for code in trusts)

    @property
    def latest(self) -> str | None:
        """The newest stored quarter."""
        return self.quarters[-1] if self.quarters else None

    def previous_quarter(self, quarter: str) -> str | None:
        """The stored quarter before `quarter`, if any."""
        index = self.quarters.index(quarter)
        return self.quarters[index - 1] if index > 0 else None

    def standing(self, trust_code: str, quarter: str) -> TrustStanding | None:
        """A trust's standing in a quarter, or None if it was not in that quarter's tables."""
        if not self._ensure(quarter):
            return None
        return self._standings[quarter].get(trust_code)

    def table(self, quarter: str, trust_type: TrustType | None = None) -> list[TrustStanding]:
        """A quarter's standings, by table then league rank (sorted once, then cached)."""
        key = (quarter, trust_type)
        cached = self._sorted_tables.get(key)
        if cached is None:
            rows = self._standings[quarter].values() if self._ensure(quarter) else ()
            order = list(TrustType)
            cached = self._sorted_tables[key] = sorted(
                (s for s in rows if trust_type is None or s.trust_type == trust_type),
                key=lambda s: (order.index(s.trust_type), s.rank, s.average_score, s.trust_code),
            )
        return list(cached)

    def ranked_count(self, quarter: str, trust_type: TrustType, metric_id: str) -> int:
        """How many trusts of a table NHS England ranked on a metric ("45th of N")."""
        key = (quarter, trust_type, metric_id)
        if key not in self._ranked_counts:
            self._ranked_counts[key] = sum(
                1
                for s in self.table(quarter, trust_type)
                if (m := self.metric(s.trust_code, quarter, metric_id)) and m.rank
            )
        return self._ranked_counts[key]

    def metric(self, trust_code: str, quarter: str, metric_id: str) -> StoredMetric | None:
        """One official metric row of a trust."""
        self._ensure(quarter)
        return self._metrics.get((quarter, trust_code), {}).get(metric_id)

    def movement(self, trust_code: str, quarter: str) -> Movement | None:
        """Change since the previous stored quarter (None for the first quarter)."""
        previous = self.previous_quarter(quarter)
        if previous is None:
            return None
        for move in self.movements(previous, quarter):
            if move.trust_code == trust_code:
                return move
        return None

    def movements(self, previous: str, current: str) -> list[Movement]:
        """Every trust's change between two stored quarters."""
        key = (previous, current)
        if key not in self._movements:
            self._movements[key] = diff_tables(self.tables(previous), self.tables(current))
        return self._movements[key]

    def published_summary(self, quarter: str) -> list[PublishedResult]:
        """NHS England's summary rows (OF5000… / OF5200…) of a quarter."""
        self._ensure(quarter)
        return list(self._summary.get(quarter, {}).values())

    def published_league_file(self, quarter: str) -> list[PublishedResult]:
        """The rows of an official league-table file for a quarter."""
        self._ensure(quarter)
        return list(self._league_file.get(quarter, {}).values())

    def history(self, trust_code: str) -> list[TrustStanding]:
        """A trust's standing in every stored quarter it appears in, oldest first."""
        return [s for q in self.quarters if (s := self.standing(trust_code, q)) is not None]

    def trust_name(self, trust_code: str) -> str | None:
        """The latest published name of a trust."""
        for quarter in reversed(self.quarters):
            tq = self._trusts[quarter].get(trust_code)
            if tq:
                return tq.trust_name
        return None
