"""Benchmark of the understanding layer on the labelled message files, beside a naive baseline.

Run from the repository root: `python -m benchmarks.understanding [--verbose] [--repeat N]`.
The baseline is what one would write first: rapidfuzz `process.extractOne` of the whole
message against the official trust names (`fuzz.WRatio`, `utils.default_process`); intent is
"lookup" when it matches and "none" otherwise.
"""

from __future__ import annotations

import argparse
import statistics
import time
from collections.abc import Callable
from pathlib import Path

from rapidfuzz import fuzz, process, utils

from bot.understanding import MessageUnderstander
from bot.understanding.evaluation import (
    LabelledMessage,
    Scores,
    Verdict,
    judge,
    parse_labelled,
    score,
)
from db.reference import ReferenceData, load_reference

ROOT = Path(__file__).resolve().parent.parent
FILES = {
    "dev": ROOT / "tests/data/eval/queries_dev.csv",
    "extra": ROOT / "tests/bot/understanding/data/queries_extra.csv",
    "holdout": ROOT / "tests/bot/understanding/data/queries_holdout.csv",
    "round2": ROOT / "tests/bot/understanding/data/queries_round2.csv",
}
BASELINE_CUTOFF = 86.0
TARGETS = {"intent": ">= 95%", "trust": ">= 97%", "ambiguity": "", "fp": "<= 2%"}

Answer = tuple[str, tuple[str, ...], tuple[str, ...]]


def baseline(reference: ReferenceData) -> Callable[[str], Answer]:
    """The naive matcher: whole message vs official names, WRatio, default processor."""
    names = {t.trust_name: t.trust_code for t in reference.trusts}
    choices = list(names)

    def answer(text: str) -> Answer:
        best = process.extractOne(
            text,
            choices,
            scorer=fuzz.WRatio,
            processor=utils.default_process,
            score_cutoff=BASELINE_CUTOFF,
        )
        if best is None:
            return "none", (), ()
        return "lookup", (names[best[0]],), ()

    return answer


def ours(understander: MessageUnderstander) -> Callable[[str], Answer]:
    """The understanding layer, reduced to what the scoring rules look at."""

    def answer(text: str) -> Answer:
        u = understander.understand(text)
        return u.intent.value, u.trust_codes, u.candidates

    return answer


def run(rows: list[LabelledMessage], answer: Callable[[str], Answer]) -> list[Verdict]:
    """Judge every row."""
    return [judge(row, *answer(row.text)) for row in rows]


def latencies_ms(
    understander: MessageUnderstander, rows: list[LabelledMessage], repeat: int
) -> list[float]:
    """Wall time of every `understand` call over `repeat` passes (one core, one thread)."""
    times = []
    for _ in range(repeat):
        for row in rows:
            start = time.perf_counter_ns()
            understander.understand(row.text)
            times.append((time.perf_counter_ns() - start) / 1e6)
    return times


def _pct(value: float | None) -> str:
    return "   n/a" if value is None else f"{100 * value:5.1f}%"


def report(name: str, mine: Scores, base: Scores) -> None:
    """Print one file's rates beside the baseline's."""
    print(f"\n{name}: {mine.rows} messages")
    print(f"  {'measure':<38}{'ours':>8}{'baseline':>10}   target")
    lines = [
        ("intent accuracy", mine.intent_accuracy, base.intent_accuracy, TARGETS["intent"]),
        ("trust top-1 (plain rows)", mine.trust_top1, base.trust_top1, TARGETS["trust"]),
        ("ambiguity handled (? rows)", mine.ambiguity_handled, base.ambiguity_handled, ""),
        (
            "false positives (none rows)",
            mine.false_positive_rate,
            base.false_positive_rate,
            TARGETS["fp"],
        ),
        ("stray trusts (requests naming none)", mine.spurious_rate, base.spurious_rate, ""),
    ]
    for label, a, b, target in lines:
        print(f"  {label:<38}{_pct(a):>8}{_pct(b):>10}   {target}")


def show_failures(verdicts: list[Verdict]) -> None:
    """Print the rows that failed any measure."""
    for v in verdicts:
        if not v.ok:
            m = v.message
            want = ("?" if m.ambiguous else "~" if m.optional else "") + "|".join(m.codes)
            got = "|".join(v.trust_codes) or "-"
            offered = "|".join(v.candidates) or "-"
            print(
                f"  FAIL {m.id}: {m.text!r}\n       want {m.intent} {want or '-'}; "
                f"got {v.intent} {got} candidates={offered}"
            )


def main(argv: list[str] | None = None) -> None:
    """Print the benchmark."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--verbose", action="store_true", help="print failing rows")
    parser.add_argument("--repeat", type=int, default=20, help="passes for latency")
    args = parser.parse_args(argv)
    start = time.perf_counter()
    reference = load_reference()
    load_s = time.perf_counter() - start
    builds = []
    for _ in range(3):
        start = time.perf_counter()
        understander = MessageUnderstander.build(reference)
        builds.append(time.perf_counter() - start)
    print(
        f"reference load {load_s * 1000:.0f} ms; index build {min(builds) * 1000:.0f} ms "
        f"(best of 3, target <= 1000 ms)"
    )
    base = baseline(reference)
    for name, path in FILES.items():
        rows = parse_labelled(path.read_text(encoding="utf-8"))
        mine = run(rows, ours(understander))
        report(name, score(mine), score(run(rows, base)))
        times = sorted(latencies_ms(understander, rows, args.repeat))
        p50 = statistics.median(times)
        p99 = times[min(len(times) - 1, int(0.99 * len(times)))]
        print(
            f"  latency per message: p50 {p50:.3f} ms, p99 {p99:.3f} ms, max {times[-1]:.3f} ms "
            f"(target p99 <= 2 ms)"
        )
        if args.verbose:
            show_failures(mine)


if __name__ == "__main__":
    main()
