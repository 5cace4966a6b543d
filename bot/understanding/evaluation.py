"""Scoring rules of the labelled message files (tests/data/eval/README.md), in one place.

Shared by the benchmark and the regression test so both judge a row the same way. Pure: the
caller reads the CSV text and runs the understander.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class LabelledMessage:
    """One labelled row: `codes` in order; `ambiguous` for "?A|B", `optional` for "~A"."""

    id: str
    text: str
    intent: str
    codes: tuple[str, ...]
    ambiguous: bool
    optional: bool
    notes: str

    @property
    def kind(self) -> str:
        """ "plain", "ambiguous", "none" (nothing may be found) or "no_trust" (a request)."""
        if self.intent == "none":
            return "none"
        if self.ambiguous:
            return "ambiguous"
        return "plain" if self.codes else "no_trust"


@dataclass(frozen=True, slots=True)
class Verdict:
    """How one answer fared; `None` where a measure does not apply to the row."""

    message: LabelledMessage
    intent: str
    trust_codes: tuple[str, ...]
    candidates: tuple[str, ...]
    intent_ok: bool
    trust_ok: bool | None
    ambiguity_ok: bool | None
    false_positive: bool | None
    spurious: bool | None

    @property
    def ok(self) -> bool:
        """True when every applicable measure passed."""
        return (
            self.intent_ok
            and self.trust_ok is not False
            and self.ambiguity_ok is not False
            and not self.false_positive
            and not self.spurious
        )


@dataclass(frozen=True, slots=True)
class Scores:
    """Rates over a file (each `None` when no row applies)."""

    rows: int
    intent_accuracy: float | None
    trust_top1: float | None
    ambiguity_handled: float | None
    false_positive_rate: float | None
    spurious_rate: float | None


def parse_labelled(csv_text: str) -> list[LabelledMessage]:
    """Rows of a labelled file (`id,text,intent,trust_codes,notes`)."""
    rows = []
    for row in csv.DictReader(io.StringIO(csv_text)):
        raw = row["trust_codes"].strip()
        ambiguous, optional = raw.startswith("?"), raw.startswith("~")
        codes = tuple(c for c in raw.lstrip("?~").split("|") if c)
        rows.append(
            LabelledMessage(
                row["id"],
                row["text"],
                row["intent"],
                codes,
                ambiguous,
                optional,
                row.get("notes", ""),
            )
        )
    return rows


def judge(
    message: LabelledMessage, intent: str, trust_codes: Sequence[str], candidates: Sequence[str]
) -> Verdict:
    """Apply the README's rules to one answer."""
    found, offered = tuple(trust_codes), tuple(candidates)
    trust_ok = ambiguity_ok = false_positive = spurious = None
    kind = message.kind
    if kind == "plain":
        trust_ok = set(found) == set(message.codes) and not offered
    elif kind == "ambiguous":
        expected = set(message.codes)
        ambiguity_ok = len(expected & set(offered)) >= 2 and not expected & set(found)
    elif kind == "none":
        allowed = set(message.codes) if message.optional else set()
        false_positive = intent != "none" or bool((set(found) | set(offered)) - allowed)
    else:
        spurious = bool(found or offered)
    return Verdict(
        message,
        intent,
        found,
        offered,
        intent == message.intent,
        trust_ok,
        ambiguity_ok,
        false_positive,
        spurious,
    )


def _rate(values: Iterable[bool | None]) -> float | None:
    applicable = [v for v in values if v is not None]
    return sum(applicable) / len(applicable) if applicable else None


def score(verdicts: Sequence[Verdict]) -> Scores:
    """Aggregate verdicts into the reported rates."""
    return Scores(
        rows=len(verdicts),
        intent_accuracy=_rate(v.intent_ok for v in verdicts),
        trust_top1=_rate(v.trust_ok for v in verdicts),
        ambiguity_handled=_rate(v.ambiguity_ok for v in verdicts),
        false_positive_rate=_rate(v.false_positive for v in verdicts),
        spurious_rate=_rate(v.spurious for v in verdicts),
    )
