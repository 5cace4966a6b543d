"""The chart use case: a trust's history and its place in the table, cached by content."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from bot.charts import history_chart
from bot.rendering.formats import ordinal, score
from bot.services import Services


@dataclass(frozen=True, slots=True)
class ChartView:
    """A rendered chart: PNG bytes, a caption, and a key identical charts share."""

    trust_code: str
    png: bytes
    caption: str
    cache_key: str


def trust_chart(services: Services, trust_code: str) -> ChartView | None:
    """Render a trust's chart, or None if the trust has no stored quarter."""
    league = services.league
    history = league.history(trust_code)
    if not history:
        return None
    latest = history[-1]
    table = league.table(latest.quarter, latest.trust_type)
    png = history_chart(history, table)
    caption = (
        f"{latest.trust_name}: segment {latest.segment}, {ordinal(latest.rank)} of "
        f"{latest.table_size} {latest.trust_type.label}, score {score(latest.average_score)} "
        f"({latest.quarter}). Source: NHS England."
    )
    return ChartView(trust_code, png, caption, hashlib.sha256(png).hexdigest())
