"""Charts as PNG bytes: a trust across quarters, and where it sits in its table.

matplotlib's object API with the Agg canvas: no pyplot, so no global figure state and safe to
call from worker threads.
"""

from __future__ import annotations

import io
from typing import TYPE_CHECKING

from bot.league_data import TrustStanding

if TYPE_CHECKING:
    from matplotlib.figure import Figure

_SEGMENT_COLOURS = {1: "#1b7837", 2: "#7fbf7b", 3: "#f1a340", 4: "#d6604d"}


def _png(fig: Figure) -> bytes:
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    FigureCanvasAgg(fig)
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=110)
    return buffer.getvalue()


def history_chart(history: list[TrustStanding], table: list[TrustStanding]) -> bytes:
    """Two panels: score and segment over the quarters; the latest table as a strip."""
    # matplotlib costs ~40 MB of memory: a bot that is never asked for a chart never loads it.
    from matplotlib.figure import Figure

    fig = Figure(figsize=(8, 6.2))
    top, bottom = fig.subplots(2, 1, gridspec_kw={"height_ratios": [3, 2]})
    name = history[-1].trust_name if history else ""
    quarters = [s.quarter for s in history]
    scores = [s.average_score for s in history]
    top.plot(quarters, scores, marker="o", color="#005eb8")
    for q, s in zip(quarters, history, strict=True):
        top.annotate(
            f"seg {s.segment}\n{s.rank}/{s.table_size}",
            (q, s.average_score),
            textcoords="offset points",
            xytext=(0, 10),
            ha="center",
            fontsize=8,
        )
    top.set_ylim(4.05, 0.95)  # 1.00 is best: best at the top
    top.set_ylabel("average metric score")
    top.set_title(name, fontsize=11)
    top.grid(alpha=0.3)

    if table:
        latest = history[-1] if history else None
        ordered = sorted(table, key=lambda s: s.rank)
        xs = list(range(1, len(ordered) + 1))
        colours = [_SEGMENT_COLOURS.get(s.segment, "grey") for s in ordered]
        bottom.bar(xs, [s.average_score for s in ordered], color=colours, width=1.0)
        if latest is not None:
            position = next(
                (i for i, s in enumerate(ordered, 1) if s.trust_code == latest.trust_code), None
            )
            if position is not None:
                bottom.axvline(position, color="black", linewidth=1.5)
                bottom.annotate("this trust", (position, 4.0), ha="center", fontsize=8)
        bottom.set_ylim(1, 4.2)
        bottom.set_xlim(0.5, len(ordered) + 0.5)
        bottom.set_xlabel(f"league position ({ordered[0].quarter}); colour = segment 1–4")
        bottom.set_ylabel("score")
    fig.text(0.01, 0.005, "Source: NHS England, NHS Oversight Framework (OGL v3)", fontsize=7)
    fig.tight_layout(rect=(0, 0.02, 1, 1))
    return _png(fig)
